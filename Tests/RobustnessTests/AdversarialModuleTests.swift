import Foundation
import TestSupport
import Testing

/// Valid modules at the sizes that break translators that recurse or allocate per item: each is
/// generated here, built with `bs-aot build` and run, or refused with a one-line limit message.
/// The default run uses the full sizes where they build in seconds and a tenth of them for
/// the 100,000 functions and the 100 MB data segment; `BS_AOT_ADVERSARIAL_FULL=1` builds those at
/// full size too (README, "Robustness", has the time and memory of each).
@Suite(.serialized) struct AdversarialModuleTests {
    static let full = ProcessInfo.processInfo.environment["BS_AOT_ADVERSARIAL_FULL"] == "1"

    /// Builds `bytes` with `bs-aot build` and runs the result; both must succeed.
    private func buildAndRun(_ name: String, _ bytes: [UInt8]) async throws {
        guard let bsAot = bsAotExecutable else {
            Issue.record("no bs-aot executable beside the tests (swift build first)")
            return
        }
        let directory = try makeScratchDirectory("adversarial-\(name)")
        try Data(bytes).write(to: directory.appendingPathComponent("\(name).wasm"))
        let build = try await runProcess(bsAot.path, ["build", "\(name).wasm", "-o", name], in: directory, timeout: .seconds(1800))
        #expect(build.exitedNormally && build.status == 0, "bs-aot build \(name).wasm: \(build.ending): \(build.stderrText.suffix(2000))")
        guard build.status == 0 else { return }
        let run = try await runProcess(directory.appendingPathComponent(name).path, [], in: directory, timeout: .seconds(600))
        #expect(run.exitedNormally && run.status == 0, "\(name): \(run.ending): \(run.stderrText)")
        try? FileManager.default.removeItem(at: directory)
    }

    @Test func hundredThousandNestedBlocks() async throws {
        // (func (block (block ... (br 99999) ... )))
        let depth = 100_000
        var code = [UInt8]()
        for _ in 0..<depth { code += [0x02, 0x40] }
        code += [0x0c] + WasmBytes.leb(depth - 1)  // br to the outermost block
        code += [UInt8](repeating: 0x0b, count: depth)
        try await buildAndRun("blocks", WasmBytes.commandModule(bodies: [WasmBytes.body(code)]))
    }

    @Test func hundredThousandNestedLoopsAndIfs() async throws {
        // Alternating loop and if, each if taken: labels and conditions at every level.
        let depth = 100_000
        var code = [UInt8]()
        for level in 0..<depth { code += level % 2 == 0 ? [0x03, 0x40] : [0x41, 0x01, 0x04, 0x40] }
        code += [UInt8](repeating: 0x0b, count: depth)
        try await buildAndRun("loops", WasmBytes.commandModule(bodies: [WasmBytes.body(code)]))
    }

    @Test func hundredThousandFunctions() async throws {
        // Function i calls function i+1; the last returns.
        let count = Self.full ? 100_000 : 10_000
        let bodies = (0..<count).map { index in
            WasmBytes.body(index + 1 < count ? [0x10] + WasmBytes.leb(index + 1) : [])
        }
        try await buildAndRun("functions", WasmBytes.commandModule(bodies: bodies))
    }

    @Test func tenThousandLocals() async throws {
        // 2,500 locals of each number type; the body writes and reads the last of each.
        let locals = WasmBytes.leb(4) + [0x7f, 0x7e, 0x7d, 0x7c].flatMap { WasmBytes.leb(2500) + [$0] }
        var code = [UInt8]()
        for index in [2499, 4999, 7499, 9999] {
            code += [0x20] + WasmBytes.leb(index) + [0x21] + WasmBytes.leb(index - 1)
        }
        try await buildAndRun("locals", WasmBytes.commandModule(bodies: [WasmBytes.body(locals: locals, code)]))
    }

    @Test func hundredMegabyteDataSegment() async throws {
        let size = (Self.full ? 100 : 10) << 20
        var data = [UInt8](repeating: 0, count: size)
        for index in stride(from: 0, to: size, by: 1) { data[index] = UInt8(truncatingIfNeeded: index &* 131) }
        // The body checks the last byte: i32.load8_u (size - 1) == byte, else unreachable.
        let last = UInt8(truncatingIfNeeded: (size - 1) &* 131)
        let code: [UInt8] = [0x41] + LEB128.signed(size - 1) + [0x2d, 0x00, 0x00, 0x41] + LEB128.signed(Int(last)) + [0x47, 0x04, 0x40, 0x00, 0x0b]
        let module = WasmBytes.commandModule(bodies: [WasmBytes.body(code)], memoryPages: (size + 65535) / 65536, data: data)
        try await buildAndRun("data", module)
    }

    @Test func brTableWithHundredThousandTargets() async throws {
        // (block $a (block $b (br_table $b $a $b $a ... (i32.const 99999)))) : the last entry.
        let count = 100_000
        var code: [UInt8] = [0x02, 0x40, 0x02, 0x40, 0x41] + LEB128.signed(count - 1) + [0x0e] + WasmBytes.leb(count)
        for index in 0..<count { code.append(UInt8(index % 2)) }
        code += [0x00, 0x0b, 0x0b]
        try await buildAndRun("brtable", WasmBytes.commandModule(bodies: [WasmBytes.body(code)]))
    }
}

import Lowering
import WasmModule

/// The translator's side of the adversarial modules.
@Suite struct TranslatorLimitTests {
    /// 50,000 nested `if`s made one C function that clang -O2 compiled in 5 to 9 minutes (its
    /// passes are quadratic in branches); a function with more than 10,000 branches and labels is
    /// now compiled without optimization, and one below keeps it.
    @Test func hugeFunctionsAreCompiledUnoptimized() throws {
        func lowered(ifs: Int) throws -> String {
            var code = [UInt8]()
            for _ in 0..<ifs { code += [0x41, 0x01, 0x04, 0x40] }
            code += [UInt8](repeating: 0x0b, count: ifs)
            let translation = try lower(try decodeModule(WasmBytes.commandModule(bodies: [WasmBytes.body(code)])))
            return translation.units.map(\.contents).joined()
        }
        #expect(try lowered(ifs: 10_001).contains("BSRT_UNOPTIMIZED void w_f0__start("))
        #expect(try !lowered(ifs: 9_000).contains("BSRT_UNOPTIMIZED"))
    }
}
