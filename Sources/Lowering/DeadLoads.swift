import Validator
import WasmParser

/// The loads of a body whose value may go unused: clang deletes a load whose value is dead,
/// and the out-of-bounds trap with it, so these loads get a barrier that keeps the access.
///
/// From each load, a short straight-line walk follows the loaded value through the operand
/// stack: into pure operations (whose result it then follows), `drop`, and `local.set`/`tee` of
/// locals the function never reads mean "unused"; any other consumer (a store, a call, a branch,
/// a trapping operation, control flow) counts as a use. Loads whose values really are used,
/// as compilers emit them, stay barrier-free, which keeps clang free to optimise them.
func loadsWithUnusedResults(_ body: [Instruction]) -> Set<Int> {
    var readLocals = Set<UInt32>()
    for instruction in body {
        if case .localGet(let index) = instruction { readLocals.insert(index) }
    }
    var result = Set<Int>()
    for (index, instruction) in body.enumerated() {
        switch instruction {
        case .load: break
        case .simdMemLane(let op, _, _) where !op.isStore: break
        default: continue
        }
        if valueGoesUnused(after: index, in: body, readLocals: readLocals) { result.insert(index) }
    }
    return result
}

/// Follows the value the instruction at `start` pushed. `depth` is its distance from the top.
private func valueGoesUnused(after start: Int, in body: [Instruction], readLocals: Set<UInt32>) -> Bool {
    var depth = 0
    for instruction in body[(start + 1)...].prefix(64) {
        guard let (pops, pushes) = pureStackEffect(of: instruction) else {
            switch instruction {
            case .drop: if depth == 0 { return true }; depth -= 1; continue
            case .localSet(let local):
                if depth == 0 { return !readLocals.contains(local) }
                depth -= 1
                continue
            case .localTee(let local):
                if depth == 0 && !readLocals.contains(local) { return true }
                continue
            default: return false  // a use, or control flow: stop looking
            }
        }
        if depth < pops {
            depth = 0  // consumed by a pure operation: follow its result
        } else {
            depth += pushes - pops
        }
    }
    return false
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
    case .binary(let op): return op.canTrap ? nil : (2, 1)
    case .conversion(let op): return op.canTrap ? nil : (1, 1)
    case .select, .typedSelect: return (3, 1)
    default: return simdStackEffect(of: instruction)
    }
}
