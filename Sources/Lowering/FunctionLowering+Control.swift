import Validator
import WasmParser
import WasmTypes

// Structured control flow: `block`/`if` end in labels, `loop` starts with one, branches copy
// their values into the target's slots and `goto` it; a branch to the function returns.
// <https://webassembly.github.io/spec/core/exec/instructions.html#control-instructions>
extension FunctionLowering {
    mutating func lowerControl(_ instruction: Instruction) throws {
        switch instruction {
        case .nop: break
        case .unreachable:
            emit("bsrt_trap(BSRT_TRAP_UNREACHABLE, FN);")
            endLiveCode()
        case .block(let blockType), .loop(let blockType):
            let (parameters, results) = try context.blockSignature(blockType, at: binaryOffset)
            try requireSupported(parameters + results)
            try stack.pop(parameters)
            let isLoop = if case .loop = instruction { true } else { false }
            stack.pushControl(isLoop ? .loop : .block, parameters: parameters, results: results)
            initializedAtEntry.append(initializedLocals)
            var label = Label(name: newLabelName(), live: isLive, enteredLive: isLive)
            if isLoop && isLive {
                lines.append("\(label.name):;")
                label.loopLabelLine = lines.count - 1
            }
            labels.append(label)
        case .if(let blockType):
            let (parameters, results) = try context.blockSignature(blockType, at: binaryOffset)
            try requireSupported(parameters + results)
            try stack.pop(.i32)
            let condition = slot(stack.height, .i32)
            try stack.pop(parameters)
            let base = stack.height
            stack.pushControl(.if, parameters: parameters, results: results)
            initializedAtEntry.append(initializedLocals)
            var label = Label(name: newLabelName(), live: isLive, enteredLive: isLive)
            if isLive {
                // The then-branch may overwrite the parameter slots the else-branch starts from.
                for (index, parameter) in parameters.enumerated() {
                    let saved = "\(label.name)_p\(index)"
                    slots[saved] = parameter.cType
                    emit("\(saved) = \(slot(base + index, parameter));")
                    label.savedParameters.append(saved)
                }
                emit("if (!\(condition)) goto \(label.name)_else;")
            }
            labels.append(label)
        case .else:
            let frame = stack.controls.last
            try stack.enterElse()
            if let entry = initializedAtEntry.last { initializedLocals = entry }
            guard let frame else { return }
            let label = labels[labels.count - 1]
            if label.live {
                emit("goto \(label.name);")
                labels[labels.count - 1].isTargeted = true
            }
            labels[labels.count - 1].live = label.enteredLive
            if label.enteredLive {
                lines.append("\(label.name)_else:;")
                for (index, parameter) in frame.parameters.enumerated() {
                    emit("\(slot(frame.height + index, parameter)) = \(label.savedParameters[index]);")
                }
                labels[labels.count - 1].savedParameters = []
            }
        case .end:
            try lowerEnd()
        case .br(let depth):
            let target = try stack.frame(atDepth: depth)
            try stack.pop(target.labelTypes)
            branch(toDepth: Int(depth), values: target.labelTypes, above: stack.height)
            endLiveCode()
        case .brIf(let depth):
            try stack.pop(.i32)
            let condition = slot(stack.height, .i32)
            let target = try stack.frame(atDepth: depth)
            try stack.pop(target.labelTypes)
            let height = stack.height
            stack.push(target.labelTypes)
            if isLive {
                lines.append("  if (\(condition)) {")
                branch(toDepth: Int(depth), values: target.labelTypes, above: height)
                lines.append("  }")
            }
        case .brTable(let table):
            try stack.pop(.i32)
            let index = slot(stack.height, .i32)
            let defaultTarget = try stack.frame(atDepth: table.defaultIndex)
            let arity = defaultTarget.labelTypes.count
            for depth in table.labelIndices {
                let target = try stack.frame(atDepth: depth)
                guard target.labelTypes.count == arity else { throw stack.error("type mismatch") }
                var probe = stack
                try probe.pop(target.labelTypes)
            }
            try stack.pop(defaultTarget.labelTypes)
            let height = stack.height
            if isLive && table.labelIndices.count >= Self.computedGotoMinimumTargets {
                try emitComputedGoto(table, index: index, above: height)
            } else if isLive {
                lines.append("  switch (\(index)) {")
                for (position, depth) in table.labelIndices.enumerated() {
                    lines.append("  case \(position):")
                    branch(toDepth: Int(depth), values: try stack.frame(atDepth: depth).labelTypes, above: height)
                }
                lines.append("  default:")
                branch(toDepth: Int(table.defaultIndex), values: defaultTarget.labelTypes, above: height)
                lines.append("  }")
            }
            endLiveCode()
        case .return:
            try stack.pop(type.results)
            emitReturn(above: stack.height)
            endLiveCode()
        default:
            throw UnsupportedFeatureError(feature: featureName(of: instruction), offset: binaryOffset)
        }
    }

    /// A br_table with at least this many targets is a computed goto (below).
    static let computedGotoMinimumTargets = 8

    /// A big br_table, an interpreter's dispatch, as a GNU computed goto through a static array
    /// of label addresses (clang and gcc both take `&&label`), the index clamped to the default.
    /// A `switch` compiles to one shared indirect jump that every handler branches back to; an
    /// indirect jump block LLVM duplicates into each predecessor, so each handler ends in its
    /// own jump, predicted on its own, as the computed gotos of a native interpreter do
    /// (CPython's dispatch loop: the workload 1.47x -> 1.41x native CPython). A target whose
    /// branch moves values (or leaves an exception region) is reached through a label of its
    /// own that does that, then jumps.
    private mutating func emitComputedGoto(_ table: BrTable, index: String, above height: Int) throws {
        var targets: [String] = []
        var labelOfDepth: [UInt32: String] = [:]
        var trampolines: [(label: String, lines: [String])] = []
        for depth in table.labelIndices + [table.defaultIndex] {
            if let label = labelOfDepth[depth] {
                targets.append(label)
                continue
            }
            let start = lines.count
            branch(toDepth: Int(depth), values: try stack.frame(atDepth: depth).labelTypes, above: height)
            let branchLines = Array(lines[start...])
            lines.removeSubrange(start...)
            let plainGoto = branchLines.count == 1 && branchLines[0].hasPrefix("  goto ")
            let label = plainGoto ? String(branchLines[0].dropFirst("  goto ".count).dropLast()) : newLabelName()
            labelOfDepth[depth] = label
            if !plainGoto { trampolines.append((label, branchLines)) }
            targets.append(label)
        }
        let last = table.labelIndices.count
        lines.append("  {")
        lines.append("    static const void *const targets[] = { \(targets.map { "&&\($0)" }.joined(separator: ", ")) };")
        lines.append("    goto *targets[\(index) < \(last)u ? \(index) : \(last)u];")
        lines.append("  }")
        for trampoline in trampolines {
            lines.append("\(trampoline.label):;")
            lines += trampoline.lines
        }
    }

    /// After br, br_table, return and unreachable: the rest of the block never runs.
    mutating func endLiveCode() {
        stack.markUnreachable()
        labels[labels.count - 1].live = false
    }

    /// Copies the branch values (on top of the stack at `height`...) into the target frame's
    /// slots and jumps there.
    mutating func branch(toDepth depth: Int, values: [ValueType], above height: Int) {
        guard isLive else { return }
        let targetIndex = stack.controls.count - 1 - depth
        if targetIndex == 0 {
            emitReturn(above: height)
            return
        }
        let base = stack.controls[targetIndex].height
        for (index, value) in values.enumerated() where base + index != height + index {
            emit("\(slot(base + index, value)) = \(slot(height + index, value));")
        }
        emitExceptionExits(toFrame: targetIndex)
        emit("goto \(labels[targetIndex].name);")
        labels[targetIndex].isTargeted = true
    }

    /// Returns the function's results, which sit at `height`... .
    mutating func emitReturn(above height: Int) {
        emitExceptionExits(toFrame: 0)
        switch type.results.count {
        case 0: emit("return;")
        case 1: emit("return \(slot(height, type.results[0]));")
        default:
            let values = type.results.enumerated().map { slot(height + $0.offset, $0.element) }
            emit("{ struct \(type.resultsStructName) r = { \(values.joined(separator: ", ")) }; return r; }")
        }
    }

    mutating func lowerEnd() throws {
        if exceptions.tries[labels.count - 1] != nil { return try lowerTryEnd() }
        if let frame = stack.controls.last, frame.kind == .if,
            frame.parameters.count != frame.results.count
                || zip(frame.parameters, frame.results).contains(where: { !context.relation.isSubtype($0, of: $1) })
        {
            // An `if` without `else` passes its parameters through as its results.
            throw stack.error("type mismatch")
        }
        let frame = try stack.popControl()
        if frame.kind != .function, let entry = initializedAtEntry.popLast() { initializedLocals = entry }
        var label = labels.removeLast()
        if frame.kind == .function {
            // Falling off the end returns the results, which sit at the bottom of the stack.
            if label.live {
                labels.append(label)
                emitReturn(above: 0)
                labels.removeLast()
            }
            return
        }
        stack.push(frame.results)
        var reachable = label.live || label.isTargeted
        switch frame.kind {
        case .if:
            // No else: the false condition falls through, carrying the parameters as results.
            if label.enteredLive {
                if label.live && !frame.parameters.isEmpty {
                    // Jump over the restoring of the parameters, which would clobber the results.
                    lines.append("  goto \(label.name);")
                    label.isTargeted = true
                }
                lines.append("\(label.name)_else:;")
                for (index, parameter) in frame.parameters.enumerated() {
                    lines.append("  \(slot(frame.height + index, parameter)) = \(label.savedParameters[index]);")
                }
                reachable = true
            }
            if label.isTargeted { lines.append("\(label.name):;") }
        case .loop:
            if let line = label.loopLabelLine, !label.isTargeted { lines[line] = "" }
            reachable = label.live
        default:
            if label.isTargeted { lines.append("\(label.name):;") }
        }
        if !reachable, !labels.isEmpty { labels[labels.count - 1].live = false }
    }
}
