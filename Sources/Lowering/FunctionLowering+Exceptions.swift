import Validator
import WasmParser
import WasmTypes

// Exception handling: tags, `throw`, `throw_ref`, `try_table` (Wasm 3.0) and the legacy `try`,
// `catch`, `catch_all`, `delegate`, `rethrow`, on the runtime of runtime-c/include/bsrt_eh.h.
// <https://webassembly.github.io/spec/core/exec/instructions.html#exception-instructions>
//
// A handler region (see ExceptionPlan) gets an exception variable `x<N>` and a dispatch label
// `<label>_catch` after its end, which compares tags and branches. A throw inside the region's
// body stores the exception in `x<N>` and jumps to the dispatch; a region whose body calls
// something also takes a setjmp on entry, pushing `eh<N>` on the thread's handler chain, and
// the runtime longjmps there. Every way out of a region but an exception (fall through, `br`,
// `return`, `return_call`) pops what it pushed; see `emitExceptionExits`.

/// Exception-handling state of one function's lowering.
struct ExceptionState {
    var plan = ExceptionPlan()
    /// Handler regions whose body is being lowered, outermost first.
    var active: [HandlerRegion] = []
    /// Open legacy catch clauses that hold their exception for a `rethrow`, outermost first.
    var holders: [(frame: Int, name: String)] = []
    /// `try_table` and legacy `try` frames, by control-frame index.
    var tries: [Int: TryFrame] = [:]
    /// C declarations of the handlers and exception variables.
    var declarations: [String] = []
    var regionCount = 0
}

/// A handler region being lowered.
struct HandlerRegion {
    var id: Int
    /// Its control frame's index.
    var frame: Int
    /// True when its body calls something: it takes a setjmp and pushes a handler.
    var usesJump: Bool
    var dispatchLabel: String
    /// True once something jumps to the dispatch (a setjmp, a throw): without, it is not emitted.
    var isTargeted = false
    /// Holders of the legacy catch clauses inside its body: an exception that lands here has
    /// left them, so it releases what they still hold.
    var holders: [String] = []

    var handler: String { "eh\(id)" }
    var exception: String { "x\(id)" }
}

/// A `try_table` or legacy `try` frame.
struct TryFrame {
    var isLegacy: Bool
    var region: HandlerRegion?
    var catches: [CatchClause] = []
    /// Legacy: past the body, in the catch clauses.
    var inClauses = false
    var sawCatchAll = false
    /// Legacy: each clause's tag (nil for catch_all) and C label.
    var clauses: [(tag: UInt32?, label: String)] = []
    /// Legacy: the variable holding the current clause's exception, when a rethrow names it.
    var holder: String?
}

extension FunctionType {
    /// The `bsrt_value` cell where each parameter of a tag of this type starts in an exception's
    /// payload: one cell each, two for a v128.
    var payloadCells: [Int] {
        var next = 0
        return parameters.map { type in
            defer { next += type == .v128 ? 2 : 1 }
            return next
        }
    }

    /// How many cells the payload takes (`bsrt_tag.count`).
    var payloadCellCount: Int { parameters.reduce(0) { $0 + ($1 == .v128 ? 2 : 1) } }
}

extension ValueType {
    /// The statement storing `value` in cell `cell` of the exception `exception`.
    func storePayload(_ value: String, in exception: String, cell: Int) -> String {
        switch self {
        case .v128: return "memcpy(&\(exception)->values[\(cell)], &\(value), sizeof(bsrt_v128));"
        case .ref(let ref) where TypeRelation.top(of: ref.heapType) == .exnRef:
            // An exnref does not fit a cell: boxed (runtime-c/include/bsrt.h).
            return "\(exception)->values[\(cell)].boxed = bsrt_exnref_box(\(value));"
        default: return "\(exception)->values[\(cell)].\(cellMember) = \(value);"
        }
    }

    /// The statement loading `target` from cell `cell` of the exception `exception`.
    func loadPayload(into target: String, from exception: String, cell: Int) -> String {
        switch self {
        case .v128: return "memcpy(&\(target), &\(exception)->values[\(cell)], sizeof(bsrt_v128));"
        case .ref(let ref) where TypeRelation.top(of: ref.heapType) == .exnRef:
            return "\(target) = *\(exception)->values[\(cell)].boxed;"
        default: return "\(target) = \(exception)->values[\(cell)].\(cellMember);"
        }
    }

    /// The member of `bsrt_value` that holds a value of this (scalar or reference) type.
    private var cellMember: String {
        switch self {
        case .i32: "i32"
        case .i64: "i64"
        case .f32: "f32"
        case .f64: "f64"
        case .ref(let ref): TypeRelation.top(of: ref.heapType) == .externRef ? "ext" : "func"
        case .v128: "i64"
        }
    }
}

private let exnref = ValueType.ref(.exnRef)
/// What catch_ref and catch_all_ref deliver: a reference that is never null.
private let caughtExnref = ValueType.ref(ReferenceType(isNullable: false, heapType: .exnRef))

extension FunctionLowering {
    mutating func lowerException(_ instruction: Instruction) throws {
        switch instruction {
        case .tryTable(let blockType, let tryCatch):
            let (parameters, results) = try context.blockSignature(blockType, at: binaryOffset)
            try requireSupported(parameters + results)
            // Catch labels are read in the try_table's enclosing context.
            for clause in tryCatch.catches { try checkCatchClause(clause) }
            try stack.pop(parameters)
            enterTry(isLegacy: false, parameters: parameters, results: results,
                     isRegion: !tryCatch.catches.isEmpty, catches: tryCatch.catches)
        case .throw(let tag):
            let tagType = try context.tagType(tag, at: binaryOffset)
            let parameters = tagType.parameters
            try stack.pop(parameters)
            let base = stack.height
            if isLive {
                var statement = "{ bsrt_exn *e = bsrt_exn_new(\(layout.tag(tag)), \(tagType.payloadCellCount)u, FN);"
                for (index, (type, cell)) in zip(parameters, tagType.payloadCells).enumerated() {
                    statement += " " + type.storePayload(slot(base + index, type), in: "e", cell: cell)
                }
                emitThrow(statement)
            }
            endLiveCode()
        case .throwRef:
            try stack.pop(exnref)
            if isLive { emitThrow("{ bsrt_exn *e = bsrt_exn_from_ref(\(slot(stack.height, exnref)), FN);") }
            endLiveCode()
        default:
            throw UnsupportedFeatureError(feature: featureName(of: instruction), offset: binaryOffset)
        }
    }

    /// The end of a `try_table` or legacy `try` (called by `lowerEnd`).
    mutating func lowerTryEnd() throws {
        let index = labels.count - 1
        guard var frame = exceptions.tries[index] else { return }
        let ended = try stack.popControl()
        if let entry = initializedAtEntry.popLast() { initializedLocals = entry }
        exceptions.tries[index] = nil
        var label = labels.removeLast()
        if frame.isLegacy, frame.inClauses {
            closeClause(&frame, live: label.live)
        } else if frame.region != nil {
            frame.region = leaveRegionBody(live: label.live)
        }
        if let region = frame.region {
            if label.live {
                lines.append("  goto \(label.name);")
                label.isTargeted = true
            }
            if label.enteredLive && region.isTargeted {
                lines.append("\(region.dispatchLabel):;")
                emitLandingCleanup(region)
                if frame.isLegacy {
                    for clause in frame.clauses {
                        let jump = "goto \(clause.label);"
                        emit(clause.tag.map { "if (\(region.exception)->tag == \(layout.tag($0))) \(jump)" } ?? jump)
                    }
                    if !frame.sawCatchAll { emitTransfer(region.exception, to: exceptions.active.indices.last) }
                } else {
                    emitCatchClauses(frame.catches, of: region, at: ended.height)
                }
            }
        }
        finishTry(label, ended)
    }

    /// Pops what every region and legacy clause between here and control frame `target`
    /// (exclusive of anything outside it) pushed or holds: a branch to `target`, or a return
    /// (`target` 0), leaves them.
    mutating func emitExceptionExits(toFrame target: Int) {
        guard isLive else { return }
        if let outermost = exceptions.active.first(where: { $0.frame >= target && $0.usesJump }) {
            emit("bsrt_eh_top = \(outermost.handler).prev;")
        }
        for holder in exceptions.holders where holder.frame >= target {
            emit("bsrt_exn_release(\(holder.name)); \(holder.name) = 0;")
        }
    }

    // MARK: - Regions

    /// Pushes a try frame: a plain block, plus a handler region when it has handlers.
    private mutating func enterTry(
        isLegacy: Bool, parameters: [ValueType], results: [ValueType], isRegion: Bool, catches: [CatchClause] = []
    ) {
        stack.pushControl(.block, parameters: parameters, results: results)
        initializedAtEntry.append(initializedLocals)
        labels.append(Label(name: newLabelName(), live: isLive, enteredLive: isLive))
        var frame = TryFrame(isLegacy: isLegacy, catches: catches)
        if isRegion {
            let id = exceptions.regionCount
            exceptions.regionCount += 1
            let label = labels[labels.count - 1].name
            var region = HandlerRegion(
                id: id, frame: labels.count - 1, usesJump: exceptions.plan.regions[instructionIndex] ?? true,
                dispatchLabel: "\(label)_catch")
            exceptions.declarations.append("bsrt_exn *\(region.exception) = 0;")
            if region.usesJump {
                region.isTargeted = isLive
                exceptions.declarations.append("bsrt_handler \(region.handler);")
                emit("\(region.handler).prev = bsrt_eh_top;")
                emit("if (BSRT_SETJMP(\(region.handler).env) != 0) { \(region.exception) = bsrt_eh_landed; goto \(region.dispatchLabel); }")
                emit("bsrt_eh_top = &\(region.handler);")
            }
            exceptions.active.append(region)
            frame.region = region
        }
        exceptions.tries[labels.count - 1] = frame
    }

    /// The innermost region's body ends; `live` when its end is reached by falling through.
    private mutating func leaveRegionBody(live: Bool) -> HandlerRegion? {
        guard let region = exceptions.active.popLast() else { return nil }
        if live && region.usesJump { lines.append("  bsrt_eh_top = \(region.handler).prev;") }
        return region
    }

    /// After the try's end label, as `lowerEnd` does for a block.
    private mutating func finishTry(_ label: Label, _ frame: ControlFrame) {
        stack.push(frame.results)
        if label.isTargeted { lines.append("\(label.name):;") }
        if !label.live && !label.isTargeted, !labels.isEmpty { labels[labels.count - 1].live = false }
    }

    /// Releases what the legacy clauses inside `region`'s body still hold.
    private mutating func emitLandingCleanup(_ region: HandlerRegion) {
        for holder in region.holders { emit("if (\(holder)) { bsrt_exn_release(\(holder)); \(holder) = 0; }") }
    }

    /// Emits `statement` (which opens a C block declaring `e`, the exception to throw), the
    /// transfer of `e` to the innermost region of this function or to the caller, and the `}`.
    private mutating func emitThrow(_ statement: String) {
        lines.append("  " + statement)
        emitTransfer("e", to: exceptions.active.indices.last)
        lines.append("  }")
    }

    /// Delivers the in-flight `exception` to the active region at `position` (a `goto` to its
    /// dispatch) or, when nil, out of the function (`bsrt_throw`). The regions inside the
    /// target are left, and so is the target's body: the outermost of them that pushed a handler
    /// is popped. Leaving the function also releases what the open legacy clauses hold.
    private mutating func emitTransfer(_ exception: String, to position: Int?) {
        let left = position.map { Array(exceptions.active[$0...]) } ?? exceptions.active
        if let outermost = left.first(where: \.usesJump) { emit("bsrt_eh_top = \(outermost.handler).prev;") }
        if let position {
            let target = exceptions.active[position]
            if isLive { exceptions.active[position].isTargeted = true }
            emit("\(target.exception) = \(exception);")
            emit("goto \(target.dispatchLabel);")
        } else {
            for holder in exceptions.holders { emit("bsrt_exn_release(\(holder.name));") }
            emit("bsrt_throw(\(exception));")
        }
    }

    // MARK: - try_table

    /// A catch clause's label must take the values it delivers.
    private func checkCatchClause(_ clause: CatchClause) throws {
        let (label, values) = try catchTarget(clause)
        let labelTypes = try stack.frame(atDepth: label).labelTypes
        guard labelTypes.count == values.count, zip(values, labelTypes).allSatisfy({ context.relation.isSubtype($0, of: $1) })
        else { throw stack.error("type mismatch") }
    }

    /// The label of a catch clause and the values it branches there with.
    private func catchTarget(_ clause: CatchClause) throws -> (label: UInt32, values: [ValueType]) {
        switch clause {
        case .catch(let tag, let label): (label, try context.tagType(tag, at: binaryOffset).parameters)
        case .catchRef(let tag, let label): (label, try context.tagType(tag, at: binaryOffset).parameters + [caughtExnref])
        case .catchAll(let label): (label, [])
        case .catchAllRef(let label): (label, [caughtExnref])
        }
    }

    /// The dispatch of a `try_table`: the first clause that matches branches with the payload
    /// (and the exnref); with none, the exception goes on to the enclosing region or the caller.
    private mutating func emitCatchClauses(_ catches: [CatchClause], of region: HandlerRegion, at height: Int) {
        let exception = region.exception
        for clause in catches {
            guard let (label, values) = try? catchTarget(clause) else { continue }
            let tag: UInt32?
            let isRef: Bool
            switch clause {
            case .catch(let index, _): (tag, isRef) = (index, false)
            case .catchRef(let index, _): (tag, isRef) = (index, true)
            case .catchAll: (tag, isRef) = (nil, false)
            case .catchAllRef: (tag, isRef) = (nil, true)
            }
            if let tag { lines.append("  if (\(exception)->tag == \(layout.tag(tag))) {") }
            let payload = isRef ? values.dropLast() : values[...]
            let cells = FunctionType(parameters: Array(payload)).payloadCells
            for (index, type) in payload.enumerated() {
                emit(type.loadPayload(into: slot(height + index, type), from: exception, cell: cells[index]))
            }
            if isRef { emit("\(slot(height + payload.count, exnref)) = bsrt_exnref_of(\(exception));") }
            emit("bsrt_exn_release(\(exception));")
            branch(toDepth: Int(label), values: values, above: height)
            guard tag != nil else { return }
            lines.append("  }")
        }
        emitTransfer(exception, to: exceptions.active.indices.last)
    }

    // MARK: - Legacy try, catch, catch_all, delegate, rethrow

    /// Dispatches one legacy instruction, as `visit` does for the others.
    mutating func visitLegacy(_ instruction: LegacyInstruction) throws(TranslationError) {
        stack.offset = binaryOffset
        features.insert("legacy-exceptions")
        do {
            try lowerLegacy(instruction)
        } catch {
            throw translationError(error)
        }
    }

    private mutating func lowerLegacy(_ instruction: LegacyInstruction) throws {
        switch instruction {
        case .try(let blockType):
            let (parameters, results) = try context.blockSignature(blockType, at: binaryOffset)
            try requireSupported(parameters + results)
            try stack.pop(parameters)
            enterTry(isLegacy: true, parameters: parameters, results: results,
                     isRegion: exceptions.plan.regions[instructionIndex] != nil)
        case .catch(let tag):
            try lowerLegacyClause(tag: tag)
        case .catchAll:
            try lowerLegacyClause(tag: nil)
        case .delegate(let depth):
            let index = labels.count - 1
            guard let frame = exceptions.tries[index], frame.isLegacy, !frame.inClauses else {
                throw stack.error("delegate without try")
            }
            let ended = try stack.popControl()
            if let entry = initializedAtEntry.popLast() { initializedLocals = entry }
            exceptions.tries[index] = nil
            var label = labels.removeLast()
            // The label is read in the enclosing context; the exception goes to the innermost
            // region at or outside the frame it names (a try's clauses do not catch for it).
            _ = try stack.frame(atDepth: depth)
            let target = stack.controls.count - 1 - Int(depth)
            if let region = leaveRegionBody(live: label.live) {
                if label.live {
                    lines.append("  goto \(label.name);")
                    label.isTargeted = true
                }
                if label.enteredLive && region.isTargeted {
                    lines.append("\(region.dispatchLabel):;")
                    emitLandingCleanup(region)
                    emitTransfer(region.exception, to: exceptions.active.lastIndex { $0.frame <= target })
                }
            }
            finishTry(label, ended)
        case .rethrow(let depth):
            _ = try stack.frame(atDepth: depth)
            let index = stack.controls.count - 1 - Int(depth)
            guard let frame = exceptions.tries[index], frame.isLegacy, frame.inClauses else {
                throw stack.error("invalid rethrow label")
            }
            if isLive, let holder = frame.holder {
                emitThrow("{ bsrt_exn *e = bsrt_exn_retain(\(holder));")
            }
            endLiveCode()
        }
    }

    /// `catch` (tag) or `catch_all` (nil): ends the body or the previous clause, and starts a
    /// clause whose operands are the payload.
    private mutating func lowerLegacyClause(tag: UInt32?) throws {
        let index = labels.count - 1
        guard var frame = exceptions.tries[index], frame.isLegacy, !frame.sawCatchAll else {
            throw stack.error(tag == nil ? "catch_all without try" : "catch without try")
        }
        let parameters = try tag.map { try context.tagType($0, at: binaryOffset).parameters } ?? []
        let ended = try stack.popControl()
        // Locals set in the body or an earlier clause are not set in this one.
        if let entry = initializedAtEntry.last { initializedLocals = entry }
        let live = labels[index].live
        if frame.inClauses {
            closeClause(&frame, live: live)
        } else {
            if frame.region != nil { frame.region = leaveRegionBody(live: live) }
            frame.inClauses = true
        }
        if live {
            lines.append("  goto \(labels[index].name);")
            labels[index].isTargeted = true
        }
        stack.pushControl(.block, parameters: parameters, results: ended.results)
        let clauseLabel = "\(labels[index].name)_c\(frame.clauses.count)"
        frame.clauses.append((tag, clauseLabel))
        if tag == nil { frame.sawCatchAll = true }
        // A clause runs only from the dispatch, which exists when something in the body throws.
        labels[index].live = labels[index].enteredLive && frame.region?.isTargeted == true
        if labels[index].live, let region = frame.region {
            lines.append("\(clauseLabel):;")
            let cells = FunctionType(parameters: parameters).payloadCells
            for (position, type) in parameters.enumerated() {
                emit(type.loadPayload(into: slot(ended.height + position, type), from: region.exception, cell: cells[position]))
            }
            if exceptions.plan.rethrownClauses.contains(instructionIndex) {
                // The clause holds the exception for its rethrows (volatile: a region around it
                // may land after a longjmp and must see whether it still does).
                let holder = "h\(region.id)_\(frame.clauses.count - 1)"
                exceptions.declarations.append("bsrt_exn *volatile \(holder) = 0;")
                emit("\(holder) = \(region.exception);")
                frame.holder = holder
                exceptions.holders.append((index, holder))
                for position in exceptions.active.indices { exceptions.active[position].holders.append(holder) }
            } else {
                emit("bsrt_exn_release(\(region.exception));")
            }
        }
        exceptions.tries[index] = frame
    }

    /// The current legacy clause ends: it no longer holds its exception.
    private mutating func closeClause(_ frame: inout TryFrame, live: Bool) {
        guard let holder = frame.holder else { return }
        if live { lines.append("  bsrt_exn_release(\(holder)); \(holder) = 0;") }
        exceptions.holders.removeAll { $0.name == holder }
        frame.holder = nil
    }
}
