import WasmParser
import WasmTypes

/// The kind of structured-control construct a frame belongs to.
public enum ControlKind: Sendable, Equatable {
    case function, block, loop, `if`, `else`
}

/// One entry of the control stack of the validation algorithm.
///
/// <https://webassembly.github.io/spec/core/appendix/algorithm.html>
public struct ControlFrame: Sendable {
    public var kind: ControlKind
    public var parameters: [ValueType]
    public var results: [ValueType]
    /// Operand stack height when the frame was entered, below its parameters.
    public var height: Int
    /// True once the rest of the frame's body cannot be reached (after br, return, unreachable...).
    public var isUnreachable = false
    /// True when the frame was entered from unreachable code, so nothing in it runs.
    public var isDead = false

    /// The types a branch to this frame's label carries: a loop's parameters, else the results.
    public var labelTypes: [ValueType] { kind == .loop ? parameters : results }
}

/// The operand and control stacks of one function body, with the typing rules of the
/// validation algorithm. Lowering reads operand heights from here and keeps no stack of its own.
///
/// <https://webassembly.github.io/spec/core/appendix/algorithm.html>
public struct OperandStack: Sendable {
    /// Operand types; `nil` is the unknown type of the polymorphic stack in unreachable code.
    public private(set) var operands: [ValueType?] = []
    public private(set) var controls: [ControlFrame] = []
    /// Byte offset of the instruction being checked, for errors.
    public var offset = 0
    /// Reference subtyping: an operand matches an expected type it is a subtype of.
    public var relation: TypeRelation

    public init(relation: TypeRelation = .abstractOnly) { self.relation = relation }

    public var height: Int { operands.count }

    /// An error at the instruction being checked.
    public func error(_ reason: String) -> ValidationError { ValidationError(reason, offset: offset) }

    public mutating func push(_ type: ValueType?) { operands.append(type) }

    public mutating func push(_ types: [ValueType]) { for type in types { operands.append(type) } }

    /// Pops one operand of any type; `nil` when it comes from the polymorphic stack.
    @discardableResult
    public mutating func pop() throws(ValidationError) -> ValueType? {
        guard let frame = controls.last else { throw error("type mismatch") }
        if operands.count == frame.height {
            if frame.isUnreachable { return nil }
            throw error("type mismatch")
        }
        return operands.removeLast()
    }

    /// Pops one operand that must match `expected` (be a subtype of it, or unknown).
    @discardableResult
    public mutating func pop(_ expected: ValueType) throws(ValidationError) -> ValueType? {
        let actual = try pop()
        if let actual, !relation.isSubtype(actual, of: expected) { throw error("type mismatch") }
        return actual ?? expected
    }

    /// Pops `types` (the last one first).
    public mutating func pop(_ types: [ValueType]) throws(ValidationError) {
        for type in types.reversed() { try pop(type) }
    }

    public mutating func pushControl(_ kind: ControlKind, parameters: [ValueType], results: [ValueType]) {
        let dead = controls.last.map { $0.isUnreachable || $0.isDead } ?? false
        var frame = ControlFrame(kind: kind, parameters: parameters, results: results, height: operands.count)
        frame.isDead = dead
        controls.append(frame)
        push(parameters)
    }

    /// Ends the innermost frame: its results must be exactly what is on its part of the stack.
    public mutating func popControl() throws(ValidationError) -> ControlFrame {
        guard let frame = controls.last else { throw error("unexpected end") }
        try pop(frame.results)
        guard operands.count == frame.height else { throw error("type mismatch") }
        controls.removeLast()
        return frame
    }

    /// After an unconditional transfer: the rest of the frame accepts any operands.
    public mutating func markUnreachable() {
        guard !controls.isEmpty else { return }
        operands.removeLast(operands.count - controls[controls.count - 1].height)
        controls[controls.count - 1].isUnreachable = true
    }

    /// The frame a branch of relative depth `depth` targets.
    public func frame(atDepth depth: UInt32) throws(ValidationError) -> ControlFrame {
        guard Int(depth) < controls.count else { throw error("unknown label") }
        return controls[controls.count - 1 - Int(depth)]
    }

    /// True when code at this point runs (no enclosing frame is dead or past a branch).
    public var isReachable: Bool {
        guard let frame = controls.last else { return false }
        return !frame.isUnreachable && !frame.isDead
    }

    /// The type of the operand `depth` places below the top, if known.
    public func peek(_ depth: Int = 0) -> ValueType? {
        let index = operands.count - 1 - depth
        guard let frame = controls.last, index >= frame.height else { return nil }
        return operands[index]
    }

    /// Turns the innermost `if` frame into its `else` frame.
    public mutating func enterElse() throws(ValidationError) {
        guard let frame = controls.last, frame.kind == .if else { throw error("else without if") }
        let ended = try popControl()
        pushControl(.else, parameters: ended.parameters, results: ended.results)
        controls[controls.count - 1].isDead = ended.isDead
    }
}
