import Validator
import WasmTypes
import XCTest

/// The stack algorithm of function validation, driven through `OperandStack` directly
/// (<https://webassembly.github.io/spec/core/appendix/algorithm.html>).
final class FunctionValidationTests: XCTestCase {
    /// A stack inside a function returning `results`, as lowering starts one.
    private func functionStack(results: [ValueType] = []) -> OperandStack {
        var stack = OperandStack()
        stack.pushControl(.function, parameters: [], results: results)
        return stack
    }

    // MARK: push and pop

    func testPopReturnsOperandsLastFirst() throws {
        var stack = functionStack()
        stack.push([.i32, .f64])
        XCTAssertEqual(stack.height, 2)
        XCTAssertEqual(stack.peek(), .f64)
        XCTAssertEqual(stack.peek(1), .i32)
        XCTAssertEqual(try stack.pop(.f64), .f64)
        XCTAssertEqual(try stack.pop(), .i32)
        XCTAssertEqual(stack.height, 0)
    }

    func testPopOfWrongTypeIsATypeMismatch() {
        var stack = functionStack()
        stack.push(.i64)
        assertValidationError(try stack.pop(.i32), "type mismatch", offset: 0)
    }

    func testPopFromEmptyFrameIsATypeMismatch() {
        var stack = functionStack()
        assertValidationError(try stack.pop(), "type mismatch", offset: 0)
        var noFrames = OperandStack()
        assertValidationError(try noFrames.pop(), "type mismatch", offset: 0)
    }

    func testABlockCannotPopItsParentsOperands() throws {
        var stack = functionStack()
        stack.push(.i32)
        stack.pushControl(.block, parameters: [], results: [])
        assertValidationError(try stack.pop(.i32), "type mismatch", offset: 0)
    }

    func testPopOfSeveralTypesTakesTheLastFirst() throws {
        var stack = functionStack()
        stack.push([.i32, .i64])
        assertValidationError(try stack.pop([.i64, .i32]), "type mismatch", offset: 0)
        var ordered = functionStack()
        ordered.push([.i32, .i64])
        XCTAssertNoThrow(try ordered.pop([.i32, .i64]))
    }

    func testErrorsCarryTheOffsetOfTheInstructionBeingChecked() {
        var stack = functionStack()
        stack.offset = 42
        XCTAssertThrowsError(try stack.pop(.i32)) { error in
            XCTAssertEqual("\(error)", "invalid module: type mismatch at offset 42")
        }
    }

    // MARK: Unreachable code

    func testAfterMarkUnreachableTheStackIsPolymorphic() throws {
        var stack = functionStack()
        stack.push([.i32, .i32])
        stack.markUnreachable()
        XCTAssertEqual(stack.height, 0, "the frame's operands are dropped")
        XCTAssertFalse(stack.isReachable)
        XCTAssertNil(try stack.pop(), "an operand of unknown type")
        XCTAssertEqual(try stack.pop(.f32), .f32, "an unknown operand takes the expected type")
        XCTAssertNil(stack.peek())
    }

    func testKnownOperandsAboveThePolymorphicBaseAreStillChecked() throws {
        var stack = functionStack()
        stack.markUnreachable()
        stack.push(.i64)
        assertValidationError(try stack.pop(.i32), "type mismatch", offset: 0)
    }

    func testUnreachableOnlyAffectsTheInnermostFrame() throws {
        var stack = functionStack()
        stack.pushControl(.block, parameters: [], results: [.i32])
        stack.markUnreachable()
        let block = try stack.popControl()
        XCTAssertTrue(block.isUnreachable)
        stack.push(block.results)
        XCTAssertTrue(stack.isReachable)
        XCTAssertEqual(try stack.pop(), .i32)
        assertValidationError(try stack.pop(), "type mismatch", offset: 0)
    }

    func testFramesEnteredFromUnreachableCodeAreDead() throws {
        var stack = functionStack()
        stack.markUnreachable()
        stack.pushControl(.if, parameters: [], results: [])
        XCTAssertTrue(try stack.frame(atDepth: 0).isDead)
        XCTAssertFalse(try stack.frame(atDepth: 0).isUnreachable)
        XCTAssertFalse(stack.isReachable)
        try stack.enterElse()
        XCTAssertTrue(try stack.frame(atDepth: 0).isDead, "the else branch of a dead if is dead too")
    }

    // MARK: Control frames

    func testPopControlChecksTheResults() throws {
        var stack = functionStack()
        stack.push(.f32)
        stack.pushControl(.block, parameters: [.f32], results: [.i32])
        assertValidationError(try stack.popControl(), "type mismatch", offset: 0)

        var right = functionStack()
        right.pushControl(.block, parameters: [], results: [.i32])
        right.push(.i32)
        let frame = try right.popControl()
        XCTAssertEqual(frame.kind, .block)
        XCTAssertEqual(right.height, 0, "the results are popped with the frame")
    }

    func testPopControlRefusesLeftoverOperands() {
        var stack = functionStack()
        stack.pushControl(.block, parameters: [], results: [.i32])
        stack.push([.i32, .i32])
        assertValidationError(try stack.popControl(), "type mismatch", offset: 0)
    }

    func testPopControlOfAnUnreachableFrameAcceptsMissingResults() throws {
        var stack = functionStack()
        stack.pushControl(.block, parameters: [], results: [.i32, .i64])
        stack.markUnreachable()
        stack.push(.i64)
        XCTAssertNoThrow(try stack.popControl())
    }

    func testPopControlWithoutFramesIsAnUnexpectedEnd() {
        var stack = OperandStack()
        assertValidationError(try stack.popControl(), "unexpected end", offset: 0)
    }

    func testParametersArePushedBackOnEntry() throws {
        var stack = functionStack()
        stack.push([.i64, .f64])
        // As lowering does it: the parameters are popped from the parent, then pushed in the frame.
        try stack.pop([.f64])
        stack.pushControl(.loop, parameters: [.f64], results: [])
        XCTAssertEqual(stack.height, 2)
        XCTAssertEqual(try stack.frame(atDepth: 0).height, 1, "the frame starts below its parameters")
        XCTAssertEqual(try stack.pop(), .f64)
        assertValidationError(try stack.pop(), "type mismatch", offset: 0)
    }

    func testLabelTypesAreALoopsParametersAndOtherwiseTheResults() throws {
        var stack = functionStack(results: [.f32])
        stack.push(.i32)
        stack.pushControl(.loop, parameters: [.i32], results: [.i64])
        stack.pushControl(.block, parameters: [], results: [.f64])
        XCTAssertEqual(try stack.frame(atDepth: 0).labelTypes, [.f64])
        XCTAssertEqual(try stack.frame(atDepth: 1).labelTypes, [.i32])
        XCTAssertEqual(try stack.frame(atDepth: 2).labelTypes, [.f32])
        XCTAssertEqual(try stack.frame(atDepth: 2).kind, .function)
    }

    func testBranchBeyondTheOutermostFrameIsAnUnknownLabel() {
        var stack = functionStack()
        stack.pushControl(.block, parameters: [], results: [])
        stack.offset = 9
        assertValidationError(try stack.frame(atDepth: 2), "unknown label", offset: 9)
    }

    // MARK: if and else

    func testEnterElseChecksTheThenBranchAndRestartsFromTheParameters() throws {
        var stack = functionStack()
        stack.push(.i64)
        stack.pushControl(.if, parameters: [.i64], results: [.i32])
        try stack.pop(.i64)
        stack.push(.i32)
        try stack.enterElse()
        let frame = try stack.frame(atDepth: 0)
        XCTAssertEqual(frame.kind, .else)
        XCTAssertEqual(frame.results, [.i32])
        XCTAssertEqual(stack.peek(), .i64, "the else branch starts from the if's parameters again")
    }

    func testEnterElseWithAWrongThenBranchIsATypeMismatch() {
        var stack = functionStack()
        stack.pushControl(.if, parameters: [], results: [.i32])
        stack.push(.f32)
        assertValidationError(try stack.enterElse(), "type mismatch", offset: 0)
    }

    func testElseOutsideAnIfIsRefused() {
        var stack = functionStack()
        stack.pushControl(.block, parameters: [], results: [])
        assertValidationError(try stack.enterElse(), "else without if", offset: 0)
        var afterElse = functionStack()
        afterElse.pushControl(.if, parameters: [], results: [])
        XCTAssertNoThrow(try afterElse.enterElse())
        assertValidationError(try afterElse.enterElse(), "else without if", offset: 0)
    }
}
