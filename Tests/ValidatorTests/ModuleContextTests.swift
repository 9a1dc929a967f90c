import Validator
import WAT
import WasmModule
import WasmParser
import WasmTypes
import XCTest

/// Asserts that `body` throws a ValidationError with `reason` at `offset`.
func assertValidationError<T>(
    _ body: @autoclosure () throws -> T, _ reason: String, offset: Int,
    file: StaticString = #filePath, line: UInt = #line
) {
    XCTAssertThrowsError(try body(), file: file, line: line) { error in
        guard let error = error as? ValidationError else {
            return XCTFail("expected a ValidationError, got \(error)", file: file, line: line)
        }
        XCTAssertEqual(error.reason, reason, file: file, line: line)
        XCTAssertEqual(error.offset, offset, file: file, line: line)
    }
}

final class ModuleContextTests: XCTestCase {
    private let module = """
        (module
          (type $v (func))
          (type $pair (func (param i32) (result i64 f32)))
          (import "m" "f" (func (type $pair)))
          (import "m" "g" (global i32))
          (table 1 funcref) (memory 1)
          (global (mut f64) (f64.const 0))
          (func $a (type $v))
          (func $b (type $v))
          (func $c (export "c") (type $v))
          (func $d (type $v))
          (elem declare func $a)
          (global funcref (ref.func $b))
          (data "x"))
        """

    func testIndexSpacesPutImportsFirst() throws {
        let context = try validateWAT(module)
        XCTAssertEqual(context.importedFunctionCount, 1)
        XCTAssertEqual(context.importedGlobalCount, 1)
        XCTAssertEqual(context.functionTypeIndices, [1, 0, 0, 0, 0])
        XCTAssertEqual(context.globals.map(\.valueType), [.i32, .f64, .ref(.funcRef)])
        XCTAssertEqual(try context.functionType(0, at: 0).results, [.i64, .f32])
    }

    func testUnknownIndicesUseTheSpecWording() throws {
        let context = try validateWAT(module)
        assertValidationError(try context.type(2, at: 17), "unknown type 2", offset: 17)
        assertValidationError(try context.functionType(5, at: 18), "unknown function 5", offset: 18)
        assertValidationError(try context.table(1, at: 19), "unknown table 1", offset: 19)
        assertValidationError(try context.memory(1, at: 20), "unknown memory 1", offset: 20)
        assertValidationError(try context.global(3, at: 21), "unknown global 3", offset: 21)
        assertValidationError(try context.element(1, at: 22), "unknown elem segment 1", offset: 22)
    }

    func testDataIndicesNeedTheDataCountSection() throws {
        // A data count section is only written when a function body uses a data index.
        let without = try validateWAT(module)
        assertValidationError(try without.checkData(0, at: 5), "data count section required", offset: 5)
        let with = try validateWAT("(module (memory 1) (func (data.drop 0)) (data \"x\"))")
        XCTAssertNoThrow(try with.checkData(0, at: 5))
        assertValidationError(try with.checkData(1, at: 6), "unknown data segment 1", offset: 6)
    }

    func testDeclaredFunctionReferencesComeFromElementsGlobalsAndExports() throws {
        let context = try validateWAT(module)
        // Function indices: 0 import, 1 $a, 2 $b, 3 $c, 4 $d (never mentioned outside code).
        XCTAssertEqual(context.declaredFunctionReferences, [1, 2, 3])
    }

    func testBlockSignatures() throws {
        let context = try validateWAT(module)
        XCTAssertTrue(try context.blockSignature(.empty, at: 0) == ([], []))
        XCTAssertTrue(try context.blockSignature(.type(.f64), at: 0) == ([], [.f64]))
        XCTAssertTrue(try context.blockSignature(.funcType(1), at: 0) == ([.i32], [.i64, .f32]))
        assertValidationError(try context.blockSignature(.funcType(9), at: 3), "unknown type 9", offset: 3)
    }

    func testInstructionTypeTables() throws {
        XCTAssertEqual(Instruction.Binary.i64Rotl.operandType, .i64)
        XCTAssertEqual(Instruction.Binary.f32Copysign.operandType, .f32)
        XCTAssertEqual(Instruction.Cmp.f64Ge.operandType, .f64)
        XCTAssertEqual(Instruction.Unary.i32Extend16S.operandType, .i32)
        XCTAssertTrue(Instruction.Conversion.i32WrapI64.signature == (.i64, .i32))
        XCTAssertTrue(Instruction.Conversion.f64PromoteF32.signature == (.f32, .f64))
        XCTAssertTrue(try XCTUnwrap(Instruction.Load.i64Load32S.scalarSignature) == (.i64, 4))
        XCTAssertTrue(try XCTUnwrap(Instruction.Store.i32Store16.scalarSignature) == (.i32, 2))
        XCTAssertNil(Instruction.Load.i32AtomicLoad.scalarSignature)
        XCTAssertNil(Instruction.Store.v128Store.scalarSignature)
    }
}
