import Lowering
import WasmModule
import XCTest

/// A binary module of function `types` (each `0x60 ...` encoded), `tags` (type indices) and
/// exported `functions`: WasmKit's text parser has no syntax for the legacy exception
/// instructions, so these tests write their bodies as bytes.
private func module(types: [[UInt8]], tags: [UInt8], functions: [(type: UInt8, name: String, body: [UInt8])]) -> [UInt8] {
    let leb = LEB128.unsigned(_:) as (Int) -> [UInt8]
    func vector(_ items: [[UInt8]]) -> [UInt8] { leb(items.count) + items.flatMap { $0 } }
    func section(_ id: UInt8, _ contents: [UInt8]) -> [UInt8] { [id] + leb(contents.count) + contents }
    var bytes: [UInt8] = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]
    bytes += section(1, vector(types))
    bytes += section(3, vector(functions.map { [$0.type] }))
    bytes += section(13, vector(tags.map { [0x00, $0] }))
    bytes += section(7, vector(functions.enumerated().map { leb($1.name.utf8.count) + Array($1.name.utf8) + [0x00, UInt8($0)] }))
    bytes += section(10, vector(functions.map { leb($0.body.count + 1) + [0x00] + $0.body }))
    return bytes
}

private let voidType: [UInt8] = [0x60, 0x00, 0x00]
private let i32ToI32: [UInt8] = [0x60, 0x01, 0x7f, 0x01, 0x7f]
private let i32ToVoid: [UInt8] = [0x60, 0x01, 0x7f, 0x00]

/// Function 0 of every test module: `(func (param i32) (throw $tag0 (local.get 0)))`.
private let thrower: (type: UInt8, name: String, body: [UInt8]) = (2, "thrower", [0x20, 0x00, 0x08, 0x00, 0x0b])

final class LegacyExceptionTests: XCTestCase {
    private let programs: [(type: UInt8, name: String, body: [UInt8])] = [
        thrower,
        // try (result i32) (call $thrower (local.get 0)) (i32.const 0) catch $tag0 (i32.add (i32.const 100)) end
        (1, "catcher", [0x06, 0x7f, 0x20, 0x00, 0x10, 0x00, 0x41, 0x00, 0x07, 0x00, 0x41, 0xe4, 0x00, 0x6a, 0x0b, 0x0b]),
        // try (result i32) [try (result i32) (call $thrower ...) (i32.const 0) catch_all (rethrow 0) end]
        // catch $tag0 (i32.add (i32.const 2000)) end
        (1, "rethrower", [0x06, 0x7f, 0x06, 0x7f, 0x20, 0x00, 0x10, 0x00, 0x41, 0x00, 0x19, 0x09, 0x00, 0x0b,
                          0x07, 0x00, 0x41, 0xd0, 0x0f, 0x6a, 0x0b, 0x0b]),
        // try (result i32) [try (result i32) (call $thrower ...) (i32.const 0) delegate 0]
        // catch $tag0 (i32.add (i32.const 7)) end
        (1, "delegator", [0x06, 0x7f, 0x06, 0x7f, 0x20, 0x00, 0x10, 0x00, 0x41, 0x00, 0x18, 0x00,
                          0x07, 0x00, 0x41, 0x07, 0x6a, 0x0b, 0x0b]),
        // try (result i32) (call $thrower ...) (i32.const 0)
        // catch $tag0 drop [try (result i32) (rethrow 1) catch $tag0 (i32.add (i32.const 1)) end] end
        (1, "recatch", [0x06, 0x7f, 0x20, 0x00, 0x10, 0x00, 0x41, 0x00, 0x07, 0x00, 0x1a,
                        0x06, 0x7f, 0x09, 0x01, 0x07, 0x00, 0x41, 0x01, 0x6a, 0x0b, 0x0b, 0x0b]),
        // try (call $thrower (i32.const 1)) catch_all (throw $tag0 (i32.const 2)) end
        (0, "throw_again", [0x06, 0x40, 0x41, 0x01, 0x10, 0x00, 0x19, 0x41, 0x02, 0x08, 0x00, 0x0b, 0x0b]),
    ]

    func testTryCatchRethrowAndDelegateRun() throws {
        let bytes = module(types: [voidType, i32ToI32, i32ToVoid], tags: [2], functions: programs)
        let c = try lower(try decodeModule(bytes), options: standalone)
        XCTAssertEqual(c.instructionFeatures, ["exception-handling", "legacy-exceptions"])
        let declarations = """
            #define CALL(name, x) ((uint32_t (*)(bsrt_instance *, uint32_t))F(name)->code)(F(name)->instance, x)
            """
        let calls = [
            #"printf("%u %u %u %u\n", CALL("catcher", 5), CALL("rethrower", 5), CALL("delegator", 5), CALL("recatch", 5))"#,
            #"((void (*)(bsrt_instance *))F("throw_again")->code)(I)"#,
            // Every exception was freed: clauses release theirs, rethrows hand them on.
            #"printf("live %" PRIu64 "\n", bsrt_exn_live_count())"#,
        ]
        let result = try NativeBuild.buildAndRun(c, driver: NativeBuild.driver(declarations: declarations, calls: calls))
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, "105 2005 12 6\ntrap: uncaught exception tag0\nlive 0\n")
    }

    func testAClauseARethrowNamesHoldsItsExceptionUntilItEnds() throws {
        let bytes = module(types: [voidType, i32ToI32, i32ToVoid], tags: [2], functions: programs)
        let c = try lower(try decodeModule(bytes), options: standalone)
        let recatch = c.function(4)
        XCTAssertTrue(recatch.contains("__attribute__((unused)) bsrt_exn *volatile h0_0 = 0;"), recatch)
        XCTAssertTrue(recatch.contains("h0_0 = x0;"), recatch)
        XCTAssertTrue(recatch.contains("{ bsrt_exn *e = bsrt_exn_retain(h0_0);"), recatch)
        XCTAssertTrue(recatch.contains("bsrt_exn_release(h0_0); h0_0 = 0;"), recatch)
        // A clause nothing rethrows lets its exception go at once.
        XCTAssertTrue(c.function(1).contains("si0 = x0->values[0].i32;\n  bsrt_exn_release(x0);"), c.function(1))
    }

    func testLegacyOpcodeBytesInsideImmediatesAreNotInstructions() throws {
        // The immediates of i32.const 6, 7, 9, 24 and 25 are never read as legacy opcodes.
        let body: [UInt8] = [0x41, 0x06, 0x41, 0x07, 0x6a, 0x41, 0x09, 0x6a, 0x41, 0x18, 0x6a, 0x41, 0x19, 0x6a, 0x1a, 0x0b]
        let c = try lower(try decodeModule(binaryModule(body: body)), options: standalone)
        XCTAssertEqual(c.instructionFeatures, [])
    }

    func testMalformedAndInvalidLegacyBodies() throws {
        func error(_ body: [UInt8]) -> LoweringError? {
            loweringError(module(types: [voidType, i32ToI32, i32ToVoid], tags: [2], functions: [thrower, (0, "f", body)]))
        }
        // rethrow outside a catch clause: in a try's body, in a plain block.
        guard case .invalid("invalid rethrow label", _, _) = error([0x06, 0x40, 0x09, 0x00, 0x18, 0x00, 0x0b]) else {
            return XCTFail("\(String(describing: error([0x06, 0x40, 0x09, 0x00, 0x18, 0x00, 0x0b])))")
        }
        guard case .invalid("invalid rethrow label", _, _) = error([0x02, 0x40, 0x09, 0x00, 0x0b, 0x0b]) else {
            return XCTFail("rethrow in a block was accepted")
        }
        // delegate to a label outside the function.
        guard case .invalid("unknown label", _, _) = error([0x06, 0x40, 0x18, 0x01, 0x0b]) else {
            return XCTFail("delegate 1 was accepted")
        }
        // catch outside a try, and catch after catch_all.
        guard case .malformed = error([0x07, 0x00, 0x0b]) else { return XCTFail("catch without try was accepted") }
        guard case .malformed = error([0x06, 0x40, 0x19, 0x07, 0x00, 0x1a, 0x0b, 0x0b]) else {
            return XCTFail("catch after catch_all was accepted")
        }
        // A clause's payload is its operands: `catch $tag0` then nothing to drop is a type mismatch at end.
        guard case .invalid("type mismatch", _, _) = error([0x06, 0x40, 0x07, 0x00, 0x0b, 0x0b]) else {
            return XCTFail("a clause leaving its payload was accepted")
        }
    }
}
