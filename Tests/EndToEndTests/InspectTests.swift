import Foundation
import TestSupport
import Testing

/// `bs-aot inspect` names the proposals a module uses: in its declarations and in its code.
@Suite struct InspectTests {
    /// A module with one exported function () -> v128 whose body is `body` (then `end`),
    /// assembled by hand (this target has no WAT encoder).
    static func module(body: [UInt8]) -> [UInt8] {
        var bytes: [UInt8] = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]
        bytes += [0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b]  // type section: () -> v128
        bytes += [0x03, 0x02, 0x01, 0x00]  // function section
        bytes += [0x07, 0x05, 0x01, 0x01, 0x66, 0x00, 0x00]  // export "f"
        let code: [UInt8] = [UInt8(body.count + 2), 0x00] + body + [0x0b]
        bytes += [0x0a, UInt8(code.count + 1), 0x01] + code
        return bytes
    }

    /// `v128.const 0`.
    static let zero: [UInt8] = [0xfd, 0x0c] + [UInt8](repeating: 0, count: 16)

    @Test(arguments: [
        // i32x4.add (0xfd 0xae 0x01)
        (zero + zero + [0xfd, 0xae, 0x01], "features in code: simd"),
        // f32x4.relaxed_madd (0xfd 0x85 0x02)
        (zero + zero + zero + [0xfd, 0x85, 0x02], "features in code: relaxed-simd, simd"),
    ])
    func listsSIMDFeatures(body: [UInt8], expected: String) async throws {
        let executable = try #require(bsAotExecutable, "no bs-aot executable beside the test bundle (run `swift build` first)")
        let folder = try makeScratchDirectory("inspect-simd-\(body.count)")
        let wasm = folder.appendingPathComponent("simd.wasm")
        try Data(Self.module(body: body)).write(to: wasm)
        let result = try await runProcess(executable.path, ["inspect", wasm.path], in: folder)
        #expect(result.exitedNormally && result.status == 0, "\(result.ending): \(result.stderrText)")
        let lines = result.stdoutText.split(separator: "\n").map(String.init)
        #expect(lines.contains("features: simd"), "\(result.stdoutText)")
        #expect(lines.contains(expected), "\(result.stdoutText)")
        #expect(lines.contains { $0.hasPrefix("translation: ok") }, "\(result.stdoutText)")
    }
}
