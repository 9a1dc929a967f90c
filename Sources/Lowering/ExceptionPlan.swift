import WasmParser

/// What the lowering of a body's exception handling needs to know before it starts: one pass
/// over the decoded body, before validation (an invalid body is rejected later, while lowering,
/// so this pass only has to stay safe on one).
///
/// A *handler region* is the body of a `try_table` with catch clauses, or of a legacy `try` that
/// has catch clauses or a `delegate`. Exceptions reach a region either from a throw of the same
/// function (lowered as a `goto`) or from a call in its body (they longjmp there), so a region
/// needs a setjmp only when its body calls something outside the regions nested in it.
struct ExceptionPlan {
    /// Handler regions, by the index of their `try_table` or `try`: true when the region needs
    /// a setjmp (its body holds a call not inside a nested region).
    var regions: [Int: Bool] = [:]
    /// Legacy `catch`/`catch_all` clauses (by index) that some `rethrow` names: their exception
    /// must stay alive until the clause ends.
    var rethrownClauses: Set<Int> = []
    /// Locals assigned inside the body of a region with a setjmp: `volatile` in C, so that their
    /// value after a longjmp is the last one assigned (C11 7.13.2.1).
    var volatileLocals: Set<UInt32> = []

    private enum Kind { case plain, tryTable(Int, isRegion: Bool), tryBody(Int), catchClause(Int) }

    private struct Frame {
        var kind: Kind
        var calls = false
        var assigned = Set<UInt32>()
    }

    init() {}

    init(_ body: DecodedBody) {
        var frames = [Frame(kind: .plain)]
        /// Ends the innermost frame; a region keeps its calls to itself, everything else passes
        /// them on, and every frame passes on the locals it assigns.
        func close(asRegion region: Int?) {
            guard let frame = frames.popLast() else { return }
            if let region {
                regions[region] = frame.calls
                if frame.calls { volatileLocals.formUnion(frame.assigned) }
            }
            guard !frames.isEmpty else { return }
            if region == nil { frames[frames.count - 1].calls = frames[frames.count - 1].calls || frame.calls }
            frames[frames.count - 1].assigned.formUnion(frame.assigned)
        }
        for (index, entry) in body.instructions.enumerated() {
            guard !frames.isEmpty else { break }
            if let legacy = body.legacy[index] {
                switch legacy {
                case .try: frames.append(Frame(kind: .tryBody(index)))
                case .catch, .catchAll:
                    switch frames[frames.count - 1].kind {
                    case .tryBody(let start): close(asRegion: start)
                    case .catchClause: close(asRegion: nil)
                    default: continue
                    }
                    frames.append(Frame(kind: .catchClause(index)))
                case .delegate:
                    if case .tryBody(let start) = frames[frames.count - 1].kind { close(asRegion: start) }
                case .rethrow(let depth):
                    let target = frames.count - 1 - Int(depth)
                    if target >= 0, case .catchClause(let clause) = frames[target].kind { rethrownClauses.insert(clause) }
                }
                continue
            }
            switch entry.instruction {
            case .block, .loop, .if: frames.append(Frame(kind: .plain))
            case .tryTable(_, let clauses): frames.append(Frame(kind: .tryTable(index, isRegion: !clauses.catches.isEmpty)))
            case .end:
                if case .tryTable(let start, true) = frames[frames.count - 1].kind {
                    close(asRegion: start)
                } else {
                    close(asRegion: nil)  // a block, a catchless try, a catch clause
                }
            case .call, .callIndirect, .callRef: frames[frames.count - 1].calls = true
            case .localSet(let local), .localTee(let local): frames[frames.count - 1].assigned.insert(local)
            default: break
            }
        }
    }
}
