import Foundation
import Lowering
import Testing
import WAT

/// Tests of the harness's own parts, independent of the translator where possible.
@Suite struct HarnessTests {
    static let suiteDirectory = SpecSuite.defaultDirectory(
        environment: ProcessInfo.processInfo.environment, packageRoot: SpecSuite.packageRoot())

    @Test func tiersTableHasEveryFile() throws {
        let text = try String(contentsOfFile: Self.suiteDirectory + "/TIERS.md", encoding: .utf8)
        let tiers = Tier.parseTable(text)
        #expect(tiers.values.filter { $0 == .mvp }.count == 73)
        #expect(tiers.values.filter { $0 == .wasm2 }.count == 75)
        #expect(tiers.values.filter { $0 == .wasm3 }.count == 109)
        #expect(tiers["i32.wast"] == .mvp)
        #expect(tiers["bulk.wast"] == .wasm2)
        #expect(tiers["i31.wast"] == .wasm3)
        #expect(tiers["proposals/threads/atomic.wast"] == nil)
    }

    @Test func knownFailuresNeedAReason() throws {
        let list = try KnownFailures.parse("# comment\n\nnames.wast:637 export name with a NUL byte\n")
        #expect(list.entries == [.init(file: "names.wast", line: 637, reason: "export name with a NUL byte")])
        #expect(list.contains(file: "names.wast", line: 637))
        #expect(throws: HarnessError.self) { try KnownFailures.parse("names.wast:637\n") }
        #expect(throws: HarnessError.self) { try KnownFailures.parse("names.wast 637 reason\n") }
    }

    /// A file that passes fewer than its floor is a regression (to "failed" or to "unsupported"
    /// alike); more than the floor, or a file without one, can be raised; the table never lowers.
    @Test func passedCountsOnlyGoUp() throws {
        let floors = try PassedCounts.parse("# comment\na.wast 3\nb.wast 2\n")
        func result(_ file: String, passed: Int, unsupported: Int) -> ScriptResult {
            let checks = (0..<passed).map { Check(line: $0, directive: "assert_return", subject: "f", outcome: .passed) }
                + (0..<unsupported).map { Check(line: 100 + $0, directive: "assert_return", subject: "f", outcome: .unsupported("x")) }
            return ScriptResult(file: file, checks: checks)
        }
        let results = [result("a.wast", passed: 2, unsupported: 1), result("b.wast", passed: 5, unsupported: 0), result("c.wast", passed: 1, unsupported: 0)]
        #expect(floors.regressions(in: results) == [.init(file: "a.wast", floor: 3, passed: 2)])
        #expect(floors.raises(in: results).map(\.file) == ["b.wast", "c.wast"])
        #expect(floors.raised(by: results).hasSuffix("a.wast 3\nb.wast 5\nc.wast 1\n"))
        #expect(throws: HarnessError.self) { try PassedCounts.parse("a.wast three\n") }
    }

    /// The outline's lines agree with WasmKit's own locations (computed the slow way).
    @Test(arguments: ["comments.wast", "inline-module.wast", "binary-leb128.wast", "annotations.wast", "id.wast"])
    func outlineMatchesWasmKitLocations(file: String) throws {
        let text = try String(contentsOfFile: Self.suiteDirectory + "/" + file, encoding: .utf8)
        let outline = ScriptOutline(text)
        var wast = try parseWAST(text, features: .all)
        var lines: [Int] = []
        while let (_, location) = wast.nextDirectiveResult() {
            lines.append(location.computeLineAndColumn().line)
        }
        #expect(outline.entries.map(\.line) == lines)
    }

    @Test func outlineSkipsCommentsAndStrings() {
        let text = """
            (module (func)) ;; (not a directive)
            (; block (; nested ;) (assert_trap ;)
            (assert_return (invoke "a(b") (i32.const 1))
            (func) (memory 1)
            (register "x")
            """
        let outline = ScriptOutline(text)
        #expect(outline.entries == [
            .init(line: 1, keyword: "module"), .init(line: 3, keyword: "assert_return"),
            .init(line: 4, keyword: "module"), .init(line: 5, keyword: "register"),
        ])
    }

    @Test func nanClassesAndBits() {
        #expect(StepEvaluation.matches(0x7fc0_0000, .canonicalNaN(.f32)))
        #expect(StepEvaluation.matches(0xffc0_0000, .canonicalNaN(.f32)))
        #expect(!StepEvaluation.matches(0x7fc0_0001, .canonicalNaN(.f32)))
        #expect(StepEvaluation.matches(0x7fc0_0001, .arithmeticNaN(.f32)))
        #expect(!StepEvaluation.matches(0x7fa0_0000, .arithmeticNaN(.f32)))
        #expect(StepEvaluation.matches(0x7ff8_0000_0000_0000, .canonicalNaN(.f64)))
        #expect(!StepEvaluation.matches(0x7ff8_0000_0000_0001, .canonicalNaN(.f64)))
        #expect(StepEvaluation.matches(0xfff8_0000_0000_0001, .arithmeticNaN(.f64)))
        #expect(!StepEvaluation.matches(0x8000_0000, .bits(0, .f32)))
        #expect(StepEvaluation.matches(0xffff_ffff, .bits(0xffff_ffff, .i32)))
        #expect(StepEvaluation.matches(5, .extern(5)))
        #expect(!StepEvaluation.matches(0, .nonNull))
    }

    @Test func reportLines() throws {
        let ok = try #require(StepReport.parse("3\tok\tff\t0"))
        #expect(ok.0 == 3 && ok.1 == .ok([0xff, 0]))
        let trap = try #require(StepReport.parse("4\ttrap\t4\t0\tinteger divide by zero\tdiv"))
        #expect(trap.1 == .trap(code: 4, exhausted: false, message: "integer divide by zero", function: "div"))
        let unlinkable = try #require(StepReport.parse("5\tunlinkable\tM.f: unknown import"))
        #expect(unlinkable.1 == .unlinkable("M.f: unknown import"))
        #expect(StepReport.parse("done") == nil)
    }

    @Test func invocationOfAMultiResultSignature() {
        let signature = Signature(parameters: [.i32, .f64, .externref], results: [.i32, .i64])
        #expect(
            DriverTables.invocation(signature)
                == "{ struct bsrt_results_iI v = ((struct bsrt_results_iI (*)(bsrt_instance *, uint32_t, double, void *))"
                + "f->code)(f->instance, (uint32_t)a[0], spec_f64(a[1]), (void *)(uintptr_t)a[2]); "
                + "r[0] = (uint64_t)v.r0; r[1] = v.r1; }")
        #expect(
            DriverTables.resultsStruct(signature)
                == "#ifndef BSRT_RESULTS_iI\n#define BSRT_RESULTS_iI\nstruct bsrt_results_iI { uint32_t r0; uint64_t r1; };\n#endif\n")
        #expect(DriverTables.cString("a\u{0}\"b\u{e9}") == #""a\000\042b\303\251""#)
    }

    /// WasmKit reads a v128 lane's `nan:canonical` and `nan:arithmetic` alike; the outline keeps
    /// each directive's patterns in text order so the planner can tell them apart.
    @Test func outlineKeepsNaNPatternsInOrder() {
        let text = """
            (assert_return (invoke "f" (v128.const f32x4 0 1 2 3))
              (v128.const f32x4 nan:arithmetic 1 nan:canonical 3) (f64.const nan:canonical))
            (module (func)) (; nan:canonical ;) ;; nan:arithmetic
            (assert_return (invoke "g") (either (v128.const f64x2 nan:canonical 0) (v128.const f64x2 0 nan:arithmetic)))
            """
        let outline = ScriptOutline(text)
        #expect(outline.nanPatterns == [[false, true, true], [], [true, false]])
    }

    @Test func v128ResultsCompareLaneByLane() {
        let lanes: Expected = .v128([.canonicalNaN(.f32), .bits(0x3f80_0000, .f32), .arithmeticNaN(.f32), .bits(0, .f32)])
        #expect(StepEvaluation.matches(words: [0x3f80_0000_ffc0_0000, 0x0000_0000_7fc0_0001], lanes))
        #expect(!StepEvaluation.matches(words: [0x3f80_0000_7fc0_0001, 0x0000_0000_7fc0_0001], lanes), "lane 0 not canonical")
        #expect(!StepEvaluation.matches(words: [0x3f80_0000_7fc0_0000, 0x8000_0000_7fc0_0001], lanes), "-0 is not 0")
        let integer: Expected = .v128([.bits(1, .i64), .bits(2, .i64)])
        #expect(StepEvaluation.matches(words: [1, 2], integer))
        #expect(!StepEvaluation.matches(words: [1, 3], integer))
        let either: Expected = .either([integer, .v128([.bits(5, .i64), .bits(6, .i64)])])
        #expect(StepEvaluation.matches(words: [5, 6], either))
        #expect(!StepEvaluation.matches(words: [5, 2], either))
        #expect(StepEvaluation.group([1, 2, 3], kinds: [.v128, .i32]) == [[1, 2], [3]])
        #expect(StepEvaluation.group([1, 2], kinds: [.v128, .i32]) == nil)
    }

    @Test func invocationOfAV128Signature() {
        let signature = Signature(parameters: [.v128, .i32, .v128], results: [.v128])
        #expect(
            DriverTables.invocation(signature)
                == "{ bsrt_v128 v = ((bsrt_v128 (*)(bsrt_instance *, bsrt_v128, uint32_t, bsrt_v128))f->code)"
                + "(f->instance, spec_v128(a[0], a[1]), (uint32_t)a[2], spec_v128(a[3], a[4])); r[0] = v[0]; r[1] = v[1]; }")
        let pair = Signature(parameters: [], results: [.i32, .v128])
        #expect(
            DriverTables.invocation(pair)
                == "{ struct bsrt_results_iv v = ((struct bsrt_results_iv (*)(bsrt_instance *))f->code)(f->instance); "
                + "r[0] = (uint64_t)v.r0; r[1] = v.r1[0]; r[2] = v.r1[1]; }")
        #expect(pair.resultWords == 3)
    }
}
