import Foundation
import Testing

/// The converter of the legacy exception-handling scripts (LegacyScript): its values, and a whole
/// file when WABT is there.
@Suite struct LegacyScriptTests {
    @Test func floatBitsBecomeExactLiterals() {
        #expect(LegacyScript.floatLiteral(0x40a0_0000, exponentBits: 8, fractionBits: 23) == "0x1.400000p2")  // 5.0
        #expect(LegacyScript.floatLiteral(0x8000_0000, exponentBits: 8, fractionBits: 23) == "-0x0.000000p-126")
        #expect(LegacyScript.floatLiteral(0x0000_0001, exponentBits: 8, fractionBits: 23) == "0x0.000002p-126")
        #expect(LegacyScript.floatLiteral(0x7f80_0000, exponentBits: 8, fractionBits: 23) == "inf")
        #expect(LegacyScript.floatLiteral(0xffc0_0001, exponentBits: 8, fractionBits: 23) == "-nan:0x400001")
        #expect(LegacyScript.floatLiteral(0x4025_0000_0000_0000, exponentBits: 11, fractionBits: 52) == "0x1.5000000000000p3")
    }

    @Test func jsonValuesBecomeConstants() throws {
        #expect(try LegacyScript.value(["type": "i32", "value": "4294967295"]) == "(i32.const 0xffffffff)")
        #expect(try LegacyScript.value(["type": "i64", "value": "5"]) == "(i64.const 0x5)")
        #expect(try LegacyScript.value(["type": "f32", "value": "nan:canonical"]) == "(f32.const nan:canonical)")
        #expect(try LegacyScript.value(["type": "externref", "value": "null"]) == "(ref.null extern)")
        #expect(try LegacyScript.value(["type": "exnref", "value": "null"]) == "(ref.null exn)")
        #expect(throws: HarnessError.self) { try LegacyScript.value(["type": "v128", "value": "0"]) }
    }

    /// A converted script keeps every command on its line, as a binary module or a quote.
    @Test func aWholeFileKeepsItsLines() throws {
        guard LegacyScript.missingTools == nil else {
            LegacyScript.recordSkip("LegacyScriptTests: aWholeFileKeepsItsLines", reason: LegacyScript.missingTools ?? "")
            return
        }
        let path = HarnessTests.suiteDirectory + "/legacy/rethrow.wast"
        let work = NSTemporaryDirectory() + "/bs-aot-legacy-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: work) }
        let text = try LegacyScript.convert(path, work: work)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[2].hasPrefix("(module binary \"\\00asm"))
        #expect(lines[74] == "(assert_exception (invoke \"catch-rethrow-0\"))")
        #expect(lines[92].hasPrefix("(assert_invalid (module binary "))
        #expect(lines[92].hasSuffix(" \"invalid rethrow label\")"))
    }
}
