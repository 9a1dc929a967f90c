import Foundation
import TestSupport
import Testing

/// WasmKit runs in a child process (this test bundle again, running only
/// `DifferentialReferenceWorker`): WasmKit 0.4.2 sometimes crashes taking a trap's backtrace on
/// a shared memory (difftest seed 1, modules 290 and 31x), and a crash must cost one module, not
/// the whole run.
enum ReferenceProcess {
    /// The reference log (or problem) of each module, by number.
    static func run(_ modules: [(Int, [UInt8])], in directory: URL) async throws -> [Int: (log: CallLog?, problem: String?)] {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for (k, bytes) in modules { try Data(bytes).write(to: directory.appendingPathComponent("\(k).wasm")) }
        var results: [Int: (log: CallLog?, problem: String?)] = [:]
        var pending = modules.map(\.0)
        let bundle = ProcessInfo.processInfo.arguments[0]
        while !pending.isEmpty {
            try pending.map(String.init).joined(separator: "\n").write(
                to: directory.appendingPathComponent("list.txt"), atomically: true, encoding: .utf8)
            var environment = ProcessInfo.processInfo.environment
            environment["BS_AOT_DIFFTEST_REFERENCE_DIR"] = directory.path
            let child = try await runProcess(
                bundle, ["--testing-library", "swift-testing", "--filter", "DifferentialReferenceWorker"],
                environment: environment, in: directory, timeout: .seconds(600))
            var next: [Int] = []
            var blamed = false
            for k in pending {
                let file = directory.appendingPathComponent("\(k).ref")
                if let text = try? String(contentsOf: file, encoding: .utf8) {
                    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                    if lines.last == "" { lines.removeLast() }
                    if let first = lines.first, first.hasPrefix("problem ") {
                        results[k] = (nil, String(first.dropFirst(8)))
                    } else {
                        results[k] = (CallLog(lines: Array(lines.dropFirst())), nil)
                    }
                } else if !blamed {
                    // The worker runs the list in order: the first module without a result is
                    // the one it died on.
                    results[k] = (nil, "WasmKit crashed on it (\(child.ending))")
                    blamed = true
                } else {
                    next.append(k)
                }
            }
            pending = next
        }
        return results
    }
}

@Suite struct DifferentialReferenceWorker {
    /// The child side of `ReferenceProcess`; does nothing unless `BS_AOT_DIFFTEST_REFERENCE_DIR`
    /// is set.
    @Test func runModulesInWasmKit() throws {
        guard let path = ProcessInfo.processInfo.environment["BS_AOT_DIFFTEST_REFERENCE_DIR"] else { return }
        let directory = URL(fileURLWithPath: path)
        let list = try String(contentsOf: directory.appendingPathComponent("list.txt"), encoding: .utf8)
        for k in list.split(separator: "\n").compactMap({ Int($0) }) {
            let bytes = try [UInt8](Data(contentsOf: directory.appendingPathComponent("\(k).wasm")))
            let result = ReferenceRun.run(bytes)
            let text = result.log.map { (["ok"] + $0.lines).joined(separator: "\n") } ?? "problem \(result.problem ?? "?")"
            try (text + "\n").write(to: directory.appendingPathComponent("\(k).ref"), atomically: true, encoding: .utf8)
        }
    }
}
