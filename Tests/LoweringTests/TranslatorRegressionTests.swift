import Lowering
import Testing
import WasmModule

// Regression tests for translator bugs the unit tests found (each was fixed; the comment above
// each test says what went wrong).

/// The error `lower` throws for `bytes`, or nil when it lowers.
private func loweringFailure(_ bytes: [UInt8]) -> LoweringError? {
    do {
        _ = try lower(try decodeModule(bytes), options: standalone)
        return nil
    } catch let error as LoweringError {
        return error
    } catch {
        return .malformed(error as? DecodeError ?? DecodeError("\(error)"))
    }
}

@Suite struct TranslatorRegressionTests {
    // Fixed bug: instructions after the function body's final `end` crash the translator
    // ("Fatal error: Index out of range" in FunctionLowering.endLiveCode: the function's label is
    // already gone). Repro: a body of `end unreachable end` (bytes 0b 00 0b).
    @Test func codeAfterTheFinalEndDoesNotCrash() async {
        do {
            await #expect(processExitsWith: .success) {
                _ = try? lower(try decodeModule(binaryModule(body: [0x0b, 0x00, 0x0b])))
            }
        }
    }

    // Fixed bug: bodies whose structure the binary format itself rules out are accepted, or reported as
    // invalid instead of malformed. The spec's decoder stops an expression at `end` or `else`,
    // so bytes after the final `end` are "section size mismatch" and an `else` outside an `if`
    // is "END opcode expected". Repros (function bodies): `end block end` (0b 02 40 0b) lowers
    // without an error; `end nop end` (0b 01 0b) gives "invalid module: unexpected end";
    // `else end` (05 0b) gives "invalid module: else without if".
    @Test func structuralErrorsInBodiesAreMalformed() {
        do {
            for body: [UInt8] in [[0x0b, 0x02, 0x40, 0x0b], [0x0b, 0x01, 0x0b], [0x05, 0x0b]] {
                let error = loweringFailure(binaryModule(body: body))
                #expect(error.map { "\($0)" }?.hasPrefix("malformed module: ") == true, "body \(body): \(String(describing: error))")
            }
        }
    }

    // Fixed bug: a malformed function body is reported at an offset relative to the body (WasmParser's
    // expression stream), not to the module. Repro: `nop, 0xff, end` as the body of the only
    // function: the 0xff is at module offset 24, the error says "at offset 2".
    @Test func malformedBodyOffsetIsAModuleOffset() {
        let bytes = binaryModule(body: [0x01, 0xff, 0x0b])
        guard case .malformed(let error) = loweringFailure(bytes) else {
            Issue.record("expected a malformed module")
            return
        }
        do {
            #expect(error.offset == bytes.count - 2, "\(error)")
        }
    }

    // Fixed bug: the reason is WasmKit's "Illegal opcode: [255]", not the spec's "illegal opcode ff".
    @Test func illegalOpcodeUsesTheSpecWording() {
        guard case .malformed(let error) = loweringFailure(binaryModule(body: [0xff, 0x0b])) else {
            Issue.record("expected a malformed module")
            return
        }
        do {
            #expect(error.reason == "illegal opcode ff", "\(error)")
        }
    }

    // Fixed bug: a function name (or a module name, atop the header) containing "/*" is copied into a C
    // comment, where clang's -Wcomment warns "'/*' within block comment":
    // an error under -Werror, as the spec harness builds. Repro: (module (func (export "/*"))).
    @Test func namesWithACommentOpenerCompileWithoutWarnings() throws {
        let module = try lowerWAT(#"(module (func (export "/*")))"#, options: standalone)
        let diagnostics = try NativeBuild.syntaxCheck(["comment-opener": module])
        do {
            #expect(diagnostics == nil, "\(diagnostics ?? "")")
        }
    }

    // Fixed bug: an out-of-bounds load whose value is never used does not trap once clang optimises
    // (-O1 and up; the default build is -O2): only a load dropped right away is kept alive
    // (`volatile ... keep`); stored to a dead local, multiplied by zero or teed and dropped, the
    // load is deleted with its guard-page fault. Repro (bs-aot build, exit 0 instead of 134):
    //   (module (memory 1) (func (export "_start") (local i32) (local.set 0 (i32.load (i32.const 65536)))))
    @Test func unusedOutOfBoundsLoadsStillTrap() throws {
        let module = try lowerWAT("""
            (module (memory 1)
              (func (export "dropped") (drop (i32.load (i32.const 65536))))
              (func (export "dead_local") (local i32) (local.set 0 (i32.load (i32.const 65536))))
              (func (export "times_zero") (drop (i32.mul (i32.load (i32.const 65536)) (i32.const 0))))
              (func (export "teed") (local f64) (drop (local.tee 0 (f64.load (i32.const 65536))))))
            """)
        let calls = ["dropped", "dead_local", "times_zero", "teed"].map { #"((void (*)(bsrt_instance *))F("\#($0)")->code)(I)"# }
        let result = try NativeBuild.buildAndRun(module, driver: NativeBuild.driver(calls: calls))
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "trap: out of bounds memory access", "the dropped load is kept")
        do {
            #expect(lines == Array(repeating: "trap: out of bounds memory access", count: 4), "\(result.stdout)")
        }
    }

    /// Issue 9: a loaded value that dies only after clang inlines or sinks it still traps: returned
    /// to a caller that drops it, passed to a callee that ignores it, carried out of a block or
    /// by a branch and dropped there, or kept in a local that only a path not taken reads.
    @Test func loadsThatDieAfterInliningStillTrap() throws {
        let module = try lowerWAT("""
            (module (memory 1)
              (func $read (param i32) (result i32) (i32.load (local.get 0)))
              (func $ignore (param i32))
              (func (export "returned") (drop (call $read (i32.const 65536))))
              (func (export "argument") (call $ignore (i32.load (i32.const 65536))))
              (func (export "block_result") (drop (block (result i32) (i32.load (i32.const 65536)))))
              (func (export "branch") (drop (block (result i32) (br 0 (i64.load (i32.const 65536)) (i32.const 1)) )))
              (func (export "one_path") (param i32) (local i32)
                (local.set 1 (i32.load (i32.const 65536)))
                (if (local.get 0) (then (drop (i32.add (local.get 1) (i32.const 1))))))
              (func (export "float_sum") (result f64) (local f64)
                (local.set 0 (f64.add (f64.load (i32.const 65530)) (f64.const 1)))
                (f64.const 0)))
            """)
        let calls = ["returned", "argument", "block_result", "branch", "float_sum"].map {
            #"((void (*)(bsrt_instance *))F("\#($0)")->code)(I)"#
        } + [#"((void (*)(bsrt_instance *, uint32_t))F("one_path")->code)(I, 0)"#]
        let result = try NativeBuild.buildAndRun(module, driver: NativeBuild.driver(calls: calls))
        #expect(result.stdout.split(separator: "\n").map(String.init) == Array(repeating: "trap: out of bounds memory access", count: 6),
                "\(result.stdout)")
    }
}
