import Lowering
import WAT
import WasmModule
import XCTest

/// Options for modules lowered on their own: imports bound at run time, no `main`.
let standalone = LoweringOptions(hostImports: .dynamic, emitMain: false)

/// Lowers WAT text with the given options.
func lowerWAT(_ text: String, options: LoweringOptions = standalone) throws -> CModule {
    let bytes = try wat2wasm(text, features: .all)
    return try lower(try decodeModule(bytes), options: options)
}

/// The lowering error for `bytes`, or a failure when it lowers.
func loweringError(_ bytes: [UInt8], file: StaticString = #filePath, line: UInt = #line) -> LoweringError? {
    do {
        _ = try lower(try decodeModule(bytes), options: standalone)
        XCTFail("the module lowered without an error", file: file, line: line)
    } catch let error as LoweringError {
        return error
    } catch {
        XCTFail("expected a LoweringError, got \(error)", file: file, line: line)
    }
    return nil
}

/// A binary module with one function of type () -> (), no locals, whose code is `body` (ending
/// with its `end`); with a data count section of `dataCount` when given. For bodies that WAT
/// cannot express, such as out-of-range indices. `body` must be shorter than 120 bytes.
func binaryModule(body: [UInt8], dataCount: UInt8? = nil) -> [UInt8] {
    var bytes: [UInt8] = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]
    bytes += [0x01, 0x04, 0x01, 0x60, 0x00, 0x00]  // type section: () -> ()
    bytes += [0x03, 0x02, 0x01, 0x00]  // function section: one function of type 0
    if let dataCount { bytes += [0x0c, 0x01, dataCount] }
    let code: [UInt8] = [UInt8(body.count + 1), 0x00] + body  // size, no locals, body
    bytes += [0x0a, UInt8(code.count + 1), 0x01] + code
    return bytes
}

extension CModule {
    /// The contents of the file called `name`.
    func file(_ name: String) -> String { files.first { $0.name == name }?.contents ?? "" }

    /// The C definition of function `index` (prefix `w`, so named `w_f<index>` or
    /// `w_f<index>_<name>`), from the comment above it to its closing brace.
    func function(_ index: Int) -> String {
        for unit in units {
            let text = unit.contents
            for marker in [" w_f\(index)(bsrt_instance *self", " w_f\(index)_"] {
                var searchFrom = text.startIndex
                while let found = text[searchFrom...].range(of: marker) {
                    searchFrom = found.upperBound
                    let lineStart = text[..<found.lowerBound].lastIndex(of: "\n").map { text.index(after: $0) } ?? text.startIndex
                    let lineEnd = text[found.upperBound...].firstIndex(of: "\n") ?? text.endIndex
                    let line = text[lineStart..<lineEnd]
                    // The definition, not a call: the line ends with the opening brace.
                    guard line.hasSuffix(") {"), line.contains("(bsrt_instance *self") else { continue }
                    let start = text[..<lineStart].range(of: "/*", options: .backwards)?.lowerBound ?? lineStart
                    let end = text[lineEnd...].range(of: "\n}\n")?.upperBound ?? text.endIndex
                    return String(text[start..<end])
                }
            }
        }
        return ""
    }
}

/// Asserts that `text` contains each of `fragments`, in order.
func assertContainsInOrder(_ text: String, _ fragments: [String], file: StaticString = #filePath, line: UInt = #line) {
    var rest = text[...]
    for fragment in fragments {
        guard let range = rest.range(of: fragment) else {
            return XCTFail("missing (or out of order): \(fragment)\nin:\n\(text)", file: file, line: line)
        }
        rest = rest[range.upperBound...]
    }
}

/// Asserts that `text` contains none of `fragments`.
func assertContainsNone(_ text: String, _ fragments: [String], file: StaticString = #filePath, line: UInt = #line) {
    for fragment in fragments where text.contains(fragment) {
        XCTFail("unexpected: \(fragment)\nin:\n\(text)", file: file, line: line)
    }
}

final class LoweringTests: XCTestCase {
    func testFactorialLowersToTypedLocalsAndLabels() throws {
        let c = try lowerWAT("""
            (module
              (func $fac (export "fac") (param i64) (result i64)
                (if (result i64) (i64.eqz (local.get 0))
                  (then (i64.const 1))
                  (else (i64.mul (local.get 0) (call $fac (i64.sub (local.get 0) (i64.const 1))))))))
            """)
        if let dir = ProcessInfo.processInfo.environment["BS_AOT_DUMP_C"] {
            for file in c.files { try file.contents.write(toFile: dir + "/" + file.name, atomically: true, encoding: .utf8) }
        }
        assertContainsInOrder(c.function(0), [
            "/* \"fac\" */\nuint64_t w_f0_fac(bsrt_instance *self, uint64_t l0) {",
            "static const char FN[] = \"fac\";",
            "__attribute__((unused)) uint32_t si0 = 0;",
            "__attribute__((unused)) uint64_t sj0 = 0, sj1 = 0, sj2 = 0;",
            "si0 = (uint32_t)(sj0 == 0);", "if (!si0) goto L1_else;",
            "sj0 = UINT64_C(0x1);", "goto L1;",
            "L1_else:;", "sj1 = w_f0_fac(self, sj1);", "sj0 = sj0 * sj1;",
            "L1:;", "return sj0;",
        ])
    }

    func testFilesAreTheHeaderTheModuleUnitAndFunctionUnits() throws {
        let text = "(module (func) (func) (func) (func) (func))"
        let split = try lowerWAT(text, options: LoweringOptions(hostImports: .dynamic, emitMain: false, functionsPerUnit: 2))
        XCTAssertEqual(split.files.map(\.name), ["w.h", "w.c", "w_funcs0.c", "w_funcs1.c", "w_funcs2.c"])
        XCTAssertEqual(split.units.map(\.name), ["w.c", "w_funcs0.c", "w_funcs1.c", "w_funcs2.c"])
        XCTAssertTrue(split.file("w_funcs2.c").hasPrefix("#include \"w.h\"\n"))
        XCTAssertTrue(split.file("w_funcs2.c").contains("void w_f4(bsrt_instance *self) {"))

        let withMain = try lowerWAT(text, options: LoweringOptions(symbolPrefix: "app", hostImports: .dynamic))
        XCTAssertEqual(withMain.files.map(\.name), ["app.h", "app.c", "app_funcs0.c", "app_main.c"])
        XCTAssertTrue(withMain.file("app_main.c").contains("return bsrt_main(argc, argv, &app_module, &config);"))
    }

    func testSymbolPrefixNamesEverySymbol() throws {
        let c = try lowerWAT("(module (memory 1) (func (export \"f\")) (data (i32.const 0) \"x\"))",
                             options: LoweringOptions(symbolPrefix: "m7", hostImports: .dynamic, emitMain: false))
        let header = c.file("m7.h")
        assertContainsInOrder(header, [
            "#ifndef M7_H", "typedef struct m7_instance {", "} m7_instance;",
            "extern const bsrt_module m7_module;", "extern const uint8_t m7_data0[];",
            "void m7_f0_f(bsrt_instance *self);",
        ])
        XCTAssertTrue(c.file("m7.c").contains("const bsrt_module m7_module = {"))
    }

    func testLoweringIsDeterministic() throws {
        let text = """
            (module
              (import "env" "g" (global (mut i64)))
              (memory 1) (table 4 funcref)
              (func $a (export "a") (param i32 f64) (result f64 i32)
                (local i64 f32 externref)
                (block (result f64 i32) (local.get 1) (local.get 0) (br_if 0 (local.get 0))))
              (func $b (param i32) (result i32)
                (call_indirect (param i32) (result i32) (local.get 0) (i32.const 1)))
              (elem (i32.const 0) $a $b)
              (data (i32.const 8) "data\\00\\01"))
            """
        // Swift seeds each dictionary's iteration order separately, so output that depended on
        // an unsorted dictionary would very likely differ between these repetitions.
        let first = try lowerWAT(text)
        for _ in 0..<4 { XCTAssertEqual(try lowerWAT(text).files, first.files) }
    }

    func testInstructionFeaturesListThePostMVPProposalsUsed() throws {
        let c = try lowerWAT("""
            (module (memory 1)
              (func (result i32) (i32.extend8_s (i32.const 1)))
              (func (memory.fill (i32.const 0) (i32.const 0) (i32.const 0)))
              (func (result i32) (i32.trunc_sat_f32_s (f32.const 1))))
            """)
        XCTAssertEqual(c.instructionFeatures, ["bulk memory", "non-trapping float-to-int", "sign extension"])
        XCTAssertEqual(try lowerWAT("(module (func))").instructionFeatures, [])
    }
}
