import Validator
import WasmParser

/// The loads of a body that are kept (`bsrt_<load>_kept`: a volatile read of the load's width),
/// so that the access, and its out-of-bounds trap, happens exactly where the WebAssembly program
/// makes it.
///
/// A load is plain C, which clang may delete when it proves the value unused, or sink into the
/// branch that uses it: after inlining, a value returned to a caller that drops it, passed to a
/// callee that ignores it, or stored in a local read on one path only, disappears with its
/// fault. So every load is kept, except one whose value certainly feeds, in the straight-line
/// code that follows it (through locals and unary operations, with no branch, label, call to a
/// WebAssembly function or inline trap check in between), an operation that cannot be deleted or
/// skipped: a store, a `global.set`, the address of another access, a call clang cannot see into
/// (an import, `call_indirect`'s arguments). The value is then needed whenever the load runs,
/// which pins the load. The differential test (Tests/RobustnessTests) showed what does not pin
/// it: a branch condition (clang folds a branch whose two ways do the same), a binary operation
/// or a select (`x * 0`, a constant condition), a division or conversion (their checks fold),
/// and a use past an inline trap check (the load sinks below it, so the check's trap comes
/// first). The value must also reach that operation whole: clang narrows a load whose value
/// only some bytes of are used (`i32.store8` of an `i32.load`, `i32.wrap_i64` of an `i64.load`)
/// to a load of those bytes, which no longer faults where the wider access ends past the memory.
/// A load from a constant address inside the memory's initial size needs nothing: it cannot
/// trap (memories never shrink). Atomic accesses are never deleted (the ordering they carry is
/// an effect), and a read-modify-write writes; one that changes nothing (`add` of 0, which LLVM
/// turns into a fence on the stack) is guarded in the runtime (BSRT_ATOMIC_OPERAND). Measured
/// cost in BENCHMARKS.md ("Exact traps"; "Code generation, third round" for the volatile reads).
func loadsToKeep(_ body: [Instruction], context: ModuleContext) -> Set<Int> {
    var result = Set<Int>()
    for (index, instruction) in body.enumerated() {
        let width: Int
        switch instruction {
        case .load(let load, let memarg):
            if index > 0, let width = load.accessWidth, cannotTrap(address: body[index - 1], memarg, width: width, context) {
                continue
            }
            // A SIMD load of unknown width counts as all of a v128.
            width = load.accessWidth ?? load.simdWidth ?? 16
        case .simdMemLane(let op, _, _) where !op.isStore: width = 16  // v128.loadN_lane
        default: continue
        }
        if !valueIsConsumed(after: index, width: width, in: body, context: context) { result.insert(index) }
    }
    return result
}

/// A constant address (the instruction before the load) whose whole access lies within the
/// memory's minimum size.
private func cannotTrap(address: Instruction, _ memarg: MemArg, width: Int, _ context: ModuleContext) -> Bool {
    let constant: UInt64
    switch address {
    case .i32Const(let value): constant = UInt64(UInt32(bitPattern: value))
    case .i64Const(let value): constant = UInt64(bitPattern: value)
    default: return false
    }
    guard Int(memarg.memory) < context.memories.count else { return false }
    let (end, overflow) = constant.addingReportingOverflow(memarg.offset)
    guard !overflow, end <= UInt64.max - UInt64(width) else { return false }
    let minimum = context.memories[Int(memarg.memory)].min
    return minimum < (1 << 48) && end + UInt64(width) <= minimum * 65536
}

/// Follows the value the instruction at `start` pushed (`width` bytes read from memory), `depth`
/// places below the top of the stack (or, while `local` is set, held in that local until it is
/// read back), and how many of its low bytes are still used (`usedBytes`).
private func valueIsConsumed(after start: Int, width: Int, in body: [Instruction], context: ModuleContext) -> Bool {
    var depth = 0
    var local: UInt32?
    var usedBytes = width
    for instruction in body[(start + 1)...].prefix(64) {
        if let held = local {
            // The value sits in a local: a read brings it back; a write loses it.
            switch instruction {
            case .localGet(let index) where index == held:
                local = nil
                depth = 0
                continue
            case .localSet(let index) where index == held, .localTee(let index) where index == held:
                return false
            default:
                break
            }
            // Anything else runs with the value parked: the same rules, but nothing consumes it.
            if mayTrapExplicitly(instruction, context) { return false }
            if pureStackEffect(of: instruction) != nil || isStraightLine(instruction) { continue }
            return false
        }
        // An inline check that may trap: clang may sink the load below it, so the check's trap
        // would come first (difftest seed 1, module 854: a call_indirect argument's fault came
        // after the table check). Only an operand the check itself reads is pinned by it.
        if mayTrapExplicitly(instruction, context) { return checkReads(depth, of: instruction, context) }
        if let (pops, pushes) = pureStackEffect(of: instruction) {
            if depth < pops {
                // Consumed by a pure operation: its result carries the value on only if clang
                // cannot compute the result without it. A unary operation or a conversion
                // cannot; a binary one can (`x * 0`, `x & 0`, `x <u 0`), and a select with a
                // constant condition drops one value (difftest seed 1, modules 2322 and 2454).
                guard carriesOperand(instruction) else { return false }
                usedBytes = min(usedBytes, lowBytesKept(by: instruction))
                depth = 0
            } else {
                depth += pushes - pops
            }
            continue
        }
        switch instruction {
        case .localSet(let index):
            if depth == 0 { local = index } else { depth -= 1 }
            continue
        case .localTee:
            continue  // the value stays on the stack (and is copied to the local)
        default:
            break
        }
        if let pops = consumedOperands(of: instruction, context) {
            if depth < pops { return min(usedBytes, bytesUsed(ofOperand: depth, by: instruction)) >= width }
            if isStraightLine(instruction) {
                depth += stackEffect(of: instruction)
                continue
            }
        }
        return false  // dropped, returned, carried by a branch or block, or into a wasm call
    }
    return false
}

/// Pure operations whose result clang cannot know without the operand.
private func carriesOperand(_ instruction: Instruction) -> Bool {
    switch instruction {
    case .i32Eqz, .i64Eqz, .refIsNull, .unary, .conversion: return true
    default: return false
    }
}

/// How many low bytes of its operand a carrying operation's result depends on.
private func lowBytesKept(by instruction: Instruction) -> Int {
    switch instruction {
    case .conversion(.i32WrapI64): 4
    case .unary(.i32Extend8S), .unary(.i64Extend8S): 1
    case .unary(.i32Extend16S), .unary(.i64Extend16S): 2
    case .unary(.i64Extend32S): 4
    default: 16
    }
}

/// How many low bytes of the operand `depth` places below the top a consuming instruction
/// (consumedOperands) uses: a narrow store writes only its width of the value, `memory.fill`
/// one byte of its value, a lane store one lane, a lane load replaces one lane of its vector
/// (which may leave the rest unused); addresses, sizes and arguments are used whole.
private func bytesUsed(ofOperand depth: Int, by instruction: Instruction) -> Int {
    switch instruction {
    case .store(let store, _) where depth == 0:
        return store.scalarSignature?.width ?? store.atomicSignature?.width ?? store.simdWidth ?? 0
    case .memoryFill where depth == 1: return 1
    case .simdMemLane where depth == 0: return 0
    default: return 16
    }
}

/// Instructions with an inline check that may trap before the instruction completes (as opposed
/// to a fault of the access itself, or a trap inside a runtime call, which come after every
/// operand is computed).
private func mayTrapExplicitly(_ instruction: Instruction, _ context: ModuleContext) -> Bool {
    switch instruction {
    case .binary(let op): return op.canTrap
    case .conversion(let op): return op.canTrap
    case .callIndirect, .callRef, .returnCallIndirect, .returnCallRef, .refAsNonNull: return true
    case .load(_, let memarg), .store(_, let memarg):
        // memory64 accesses are checked explicitly; atomic ones check their alignment.
        let isMemory64 = Int(memarg.memory) < context.memories.count && context.memories[Int(memarg.memory)].isMemory64
        return isMemory64 || instruction.isAtomic
    default: return instruction.isAtomic
    }
}

/// True when the inline check of `instruction` reads the operand `depth` places below the top
/// (and cannot be folded away): a call_indirect's element index, an explicitly checked access's
/// address.
private func checkReads(_ depth: Int, of instruction: Instruction, _ context: ModuleContext) -> Bool {
    switch instruction {
    case .callIndirect: return depth == 0
    case .load: return depth == 0
    case .store: return depth == 1
    default: return false
    }
}

/// How many operands from the top an instruction consumes for good (their values must exist
/// when it runs); nil when it consumes none for sure.
private func consumedOperands(of instruction: Instruction, _ context: ModuleContext) -> Int? {
    switch instruction {
    case .store: return 2
    case .load: return 1
    case .simdMemLane: return 2  // the address and the vector, for a lane load or store
    case .globalSet: return 1
    case .memoryGrow: return 1
    case .memoryFill, .memoryCopy, .memoryInit: return 3
    case .tableGet: return 1
    // Calls clang cannot see into take their arguments for good: call_indirect (whose element
    // index is on top), and imports.
    case .callIndirect(let typeIndex, _):
        return Int(typeIndex) < context.types.count ? context.types[Int(typeIndex)].parameters.count + 1 : nil
    case .call(let function) where Int(function) < context.importedFunctionCount:
        return (try? context.functionType(function, at: 0))?.parameters.count
    default: return nil
    }
}

/// Instructions after which the straight-line walk goes on (the value, deeper in the stack, is
/// untouched): stores and other effects that neither branch nor call WebAssembly code.
private func isStraightLine(_ instruction: Instruction) -> Bool {
    switch instruction {
    case .store, .globalSet, .load, .simdMemLane, .memoryGrow, .memoryFill, .memoryCopy, .memoryInit, .localSet,
        .localTee, .nop:
        return true
    default: return false
    }
}

/// The stack-height change of the straight-line instructions above.
private func stackEffect(of instruction: Instruction) -> Int {
    switch instruction {
    case .store: -2
    case .simdMemLane(let op, _, _): op.isStore ? -2 : -1
    case .globalSet, .localSet: -1
    case .memoryFill, .memoryCopy, .memoryInit: -3
    default: 0  // load, memory.grow: one in, one out; local.tee, nop
    }
}

/// Pops and pushes of instructions with no effect but their result; nil for anything else.
private func pureStackEffect(of instruction: Instruction) -> (pops: Int, pushes: Int)? {
    switch instruction {
    case .i32Const, .i64Const, .f32Const, .f64Const, .localGet, .globalGet, .refNull, .refFunc, .memorySize:
        return (0, 1)
    case .nop: return (0, 0)
    case .i32Eqz, .i64Eqz, .refIsNull: return (1, 1)
    case .unary: return (1, 1)
    case .cmp: return (2, 1)
    // Divisions and float-to-int conversions carry their operands on to their result: their
    // trap checks may be folded away.
    case .binary: return (2, 1)
    case .conversion: return (1, 1)
    case .select, .typedSelect: return (3, 1)
    default: return simdStackEffect(of: instruction)
    }
}

extension Instruction.Load {
    /// The bytes a load reads, for the loads whose width bs-aot knows.
    fileprivate var accessWidth: Int? { scalarSignature?.width ?? atomicSignature?.width }
}
