import Foundation
import TestSupport

/// A third opinion for a module on which bs-aot and WasmKit disagree: binaryen's own interpreter
/// (`wasm-opt --fuzz-exec-before`), compared coarsely, since it prints values in its own text
/// forms: per export call, the integers logged (float logs match anything) and whether the call
/// trapped (and whether for a misaligned atomic access). When binaryen agrees with bs-aot and not with WasmKit, the difference is WasmKit's.
enum BinaryenVote {
    /// One token per event: `call NAME`, `log N` (an integer), `log ?` (a float), `trap`,
    /// `trap unaligned`.
    static func run(_ module: URL, features: [String], in directory: URL) async throws -> [String]? {
        let result = try await runProcess(
            "wasm-opt", [module.path] + features + ["--fuzz-exec-before"], in: directory, timeout: .seconds(300))
        guard result.exitedNormally else { return nil }
        var events: [String] = []
        for line in result.stdoutText.split(separator: "\n").map(String.init) {
            if line.hasPrefix("[fuzz-exec] calling ") {
                events.append("call " + line.dropFirst("[fuzz-exec] calling ".count))
            } else if line.hasPrefix("[LoggingExternalInterface logging ") {
                let value = line.dropFirst("[LoggingExternalInterface logging ".count).dropLast()
                events.append("log " + (Int64(value).map(String.init) ?? "?"))
            } else if line.hasPrefix("[trap ") {
                events.append(line.contains("unaligned") ? "trap unaligned" : "trap")
            }
        }
        return events
    }

    /// `log` in the same coarse form (instantiation, results and memory hashes left out).
    static func coarse(_ log: CallLog) -> [String] {
        log.lines.compactMap { line -> String? in
            let words = line.split(separator: " ").map(String.init)
            switch words.first {
            case "call": return line
            case "trap": return line.hasPrefix("trap unaligned") ? "trap unaligned" : "trap"
            case "crash": return "crash"
            case "log" where words.count == 3:
                guard let bits = UInt64(words[2], radix: 16) else { return "log ?" }
                switch words[1] {
                case "i32": return "log \(Int32(bitPattern: UInt32(truncatingIfNeeded: bits)))"
                case "i64": return "log \(Int64(bitPattern: bits))"
                default: return "log ?"
                }
            default: return nil
            }
        }
    }

    /// Coarse equality: `log ?` on either side matches any log.
    static func agree(_ a: [String], _ b: [String]) -> Bool {
        guard a.count == b.count else { return false }
        return zip(a, b).allSatisfy { x, y in
            x == y || (x.hasPrefix("log ") && y.hasPrefix("log ") && (x == "log ?" || y == "log ?"))
        }
    }
}
