import Validator
import WasmParser
import WasmTypes

// An innermost loop whose memory accesses add two locals (`base + i`, as wasm32 code indexes
// arrays) is lowered twice: a copy whose accesses add the summands in 64 bits, entered only
// while every summand is below 2^30, and the loop as usual, which the copy jumps to as soon as
// that fails.
//
// Why: a wasm32 address is `(uint32_t)(a + b)`. clang cannot prove that the 32-bit sum does not
// wrap, so it zero-extends every sum in the loop (a `mov` or 32-bit `lea` per access) and cannot
// turn `base + zext(a + i)` into a 64-bit induction variable (BENCHMARKS.md, "Address sums that
// cannot wrap"). In the copy, a sum of at most three summands, each below 2^30, and a constant
// in [0, 2^30) stays below 2^32, so `(uint64_t)a + b` is exactly the address the module computes,
// and clang keeps pointers in 64-bit registers as it does for native code. The summands are the
// locals' values at the start of the iteration (`lw<N>`): those the loop writes are checked and
// copied at the copy's label, the others once before it.
//
// Tracking is by straight-line forms: a value is a `WideSum` when it comes from `local.get`,
// a small `i32.const`, an `i32.add` of two such values, or a local set from one earlier in the
// same iteration. Control flow merging (`end`, `else`) and any instruction not listed in
// `pushCount(keepingForms:)` forget every form. A local's value is its iteration-start value
// until the body writes it (in text order): the only branch backwards is to the loop itself,
// which holds no other loop.

/// A 32-bit value as a sum of locals' values at the start of the iteration and a constant.
struct WideSum: Equatable {
    /// The locals summed (a local may appear twice).
    var terms: [UInt32] = []
    /// Constants added, each taken as signed (`i32.add x, -1` subtracts 1).
    var constant: Int64 = 0
    /// True when the value came from an `i32.add`: only then can its 32-bit sum wrap.
    var isSum = false

    /// Every summand is below 2^30 when the copy runs; the constants' total is within 2^30
    /// (a static array's address is such a constant).
    static let termBound: UInt32 = 0x3fff_ffff
    static let constantBound: Int64 = 1 << 30
    static let maximumTerms = 3

    /// `self + other`, if it stays within the bounds.
    func adding(_ other: WideSum) -> WideSum? {
        let sum = WideSum(terms: terms + other.terms, constant: constant + other.constant, isSum: true)
        guard sum.terms.count <= Self.maximumTerms, abs(sum.constant) < Self.constantBound else { return nil }
        return sum
    }

    /// True when the 64-bit sum is the module's 32-bit one. The 32-bit sum is the true sum
    /// modulo 2^32, however its additions wrapped on the way; the true sum lies in [0, 2^32)
    /// when the constant is not negative, since at most three summands below 2^30 and a constant
    /// below 2^30 stay below 2^32.
    var isExact: Bool { constant >= 0 }
}

/// What the lowering of a loop's wide copy tracks.
struct WideLoop {
    /// Locals the loop body writes: a sum over one of them changes from iteration to iteration.
    let writtenInLoop: Set<UInt32>
    /// i32 operands, by stack height.
    var slotForms: [Int: WideSum] = [:]
    /// Locals set from a form earlier in this iteration.
    var localForms: [UInt32: WideSum] = [:]
    /// Locals written so far in the body, in text order.
    var written: Set<UInt32> = []
    /// Locals whose iteration-start value an address uses: checked and copied at the label.
    var snapshots: Set<UInt32> = []
    /// Accesses at a sum of two locals, one of which the loop changes: what the copy gains.
    var varyingSums = 0
}

extension FunctionLowering {
    /// The most instructions a loop may have to be lowered twice.
    static let wideLoopMaximumLength = 2000

    /// The loop starting at `start`, when it may get a wide copy: the index of its `end` and the
    /// locals it writes. It holds no other loop and no exception handling, takes no parameters,
    /// and has an `i32.add`, a local set and a memory access (the pattern the copy helps).
    func wideLoopCandidate(at start: Int, in body: DecodedBody) -> (end: Int, written: Set<UInt32>)? {
        guard case .loop(let blockType) = body.instructions[start].instruction,
            wideLoop == nil, isLive, debugLines == nil, !isUnoptimized, !handlesExceptions,
            let signature = try? context.blockSignature(blockType, at: body.instructions[start].offset),
            signature.parameters.isEmpty
        else { return nil }
        var depth = 0
        var (adds, accesses) = (false, false)
        var written: Set<UInt32> = []
        var index = start
        while index < body.instructions.count, index - start <= Self.wideLoopMaximumLength {
            if body.legacy[index] != nil { return nil }
            switch body.instructions[index].instruction {
            case .loop where index != start, .tryTable: return nil
            case .block, .loop, .if: depth += 1
            case .end:
                depth -= 1
                if depth == 0 { return adds && !written.isEmpty && accesses ? (index, written) : nil }
            case .binary(.i32Add): adds = true
            case .localSet(let local), .localTee(let local): written.insert(local)
            case .load, .store: accesses = true
            default: break
            }
            index += 1
        }
        return nil
    }

    /// Lowers the loop `range` (from `loop` to its `end`, writing the locals `written`) as its
    /// wide copy followed by the loop as usual, or only as usual when no access in the copy
    /// gained from it.
    mutating func lowerLoopTwice(_ range: ClosedRange<Int>, writing written: Set<UInt32>, in body: DecodedBody)
        throws(TranslationError)
    {
        // The copy starts with no lines of its own (the body's so far are not copied); the
        // only line indices it keeps are its own loop label's.
        var copy = self
        copy.lines = []
        copy.wideLoop = WideLoop(writtenInLoop: written)
        for index in range { try copy.lowerInstruction(at: index, in: body) }
        // A local checked at every iteration (a compare, a branch, a copy) costs about what two
        // accesses without their `lea` save: the copy must save more.
        guard let wide = copy.wideLoop, let label = copy.lines.first, label.hasSuffix(":;"),
            wide.varyingSums > 2 * wide.snapshots.filter(written.contains).count
        else {
            for index in range { try lowerInstruction(at: index, in: body) }
            return
        }
        let name = String(label.dropLast(2))
        let (slow, exit) = ("\(name)_slow", "\(name)_exit")
        // Locals the loop does not write are checked and copied once, before the label; the
        // others at the start of every iteration.
        var fast = copy.lines
        let locals = wide.snapshots.sorted()
        func entry(_ locals: [UInt32]) -> [String] {
            locals.map { "  if (BSRT_UNLIKELY(l\($0) > \(cHex32(WideSum.termBound)))) goto \(slow);" }
                + locals.map { "  lw\($0) = l\($0);" }
        }
        fast.insert(contentsOf: entry(locals.filter(written.contains)), at: 1)
        fast.insert(contentsOf: entry(locals.filter { !written.contains($0) }), at: 0)
        let fallsThrough = copy.isLive
        if fallsThrough { fast.append("  goto \(exit);") }
        // The copy's labels and slots are its own; everything else it noted, the loop as usual
        // notes again.
        labelCounter = copy.labelCounter
        slots.merge(copy.slots) { kept, _ in kept }
        for local in locals { slots["lw\(local)"] = "uint64_t" }
        lines += fast
        lines.append("\(slow):;")
        for index in range { try lowerInstruction(at: index, in: body) }
        if fallsThrough { lines.append("\(exit):;") }
    }

    /// In a wide copy: the address of an access at the i32 operand at `height` plus `offset`, as
    /// a 64-bit sum of the locals' iteration-start values, when the operand has a form.
    mutating func wideAddress(ofOperandAt height: Int, offset: UInt64) -> String? {
        guard var wide = wideLoop, let form = wide.slotForms[height], form.isSum, form.isExact, !form.terms.isEmpty
        else { return nil }
        wide.snapshots.formUnion(form.terms)
        if form.terms.count >= 2, form.terms.contains(where: wide.writtenInLoop.contains) { wide.varyingSums += 1 }
        wideLoop = wide
        let constant = UInt64(form.constant) + offset
        return form.terms.map { "lw\($0)" }.joined(separator: " + ") + " + \(constant)\(constant > UInt64(UInt32.max) ? "ull" : "u")"
    }

    /// After `instruction` was lowered in a wide copy (the stack was `heightBefore` high).
    mutating func trackWideForms(_ instruction: Instruction, heightBefore: Int) {
        guard var wide = wideLoop else { return }
        defer { wideLoop = wide }
        switch instruction {
        case .localGet(let local) where locals[Int(local)] == .i32:
            wide.slotForms[heightBefore] =
                wide.localForms[local] ?? (wide.written.contains(local) ? nil : WideSum(terms: [local]))
        case .i32Const(let value):
            let constant = Int64(value)
            wide.slotForms[heightBefore] = abs(constant) < WideSum.constantBound ? WideSum(constant: constant) : nil
        case .binary(.i32Add):
            let (a, b) = (wide.slotForms[heightBefore - 2], wide.slotForms[heightBefore - 1])
            wide.slotForms[heightBefore - 1] = nil
            wide.slotForms[heightBefore - 2] = a.flatMap { a in b.flatMap { a.adding($0) } }
        case .localSet(let local), .localTee(let local):
            wide.written.insert(local)
            wide.localForms[local] = locals[Int(local)] == .i32 ? wide.slotForms[heightBefore - 1] : nil
            if case .localSet = instruction { wide.slotForms[heightBefore - 1] = nil }
        default:
            if let pushes = Self.pushCount(keepingForms: instruction) {
                // Nothing below its results changes.
                let height = stack.height - pushes
                wide.slotForms = wide.slotForms.filter { $0.key < height }
            } else {
                wide.slotForms = [:]
                wide.localForms = [:]
            }
        }
    }

    /// For an instruction that writes no local, merges no control flow and changes no operand
    /// below its results, how many values it pushes; nil for any other instruction.
    static func pushCount(keepingForms instruction: Instruction) -> Int? {
        switch instruction {
        // br_if moves its branch values inside the branch taken; falling through changes nothing.
        case .nop, .drop, .globalSet, .store, .brIf:
            return 0
        case .localGet, .select, .typedSelect, .globalGet, .i64Const, .f32Const, .f64Const, .i32Eqz, .i64Eqz,
            .cmp, .unary, .binary, .conversion, .load, .memorySize, .v128Const, .i8x16Shuffle, .simd, .simdLane,
            .simdMemLane:
            return 1
        default:
            return nil
        }
    }
}
