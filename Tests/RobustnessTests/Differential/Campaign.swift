import Foundation
import Fuzzing
import TestSupport
import Toolchain

/// A differential run: `count` modules from binaryen's `wasm-opt -ttf` (module `k` from random
/// bytes seeded by `seed` and `k`, so any module can be made again), each through bs-aot (a
/// native driver, `NativeDriver`) and WasmKit's interpreter (`ReferenceRun`), their events
/// compared (`CallLog`). A module whose events differ is made again with binaryen's `--denan`
/// (every NaN a float operation produces becomes 0) and compared again: if that version agrees,
/// the difference was only in NaN bits, which the spec leaves open, and it is counted apart. One
/// that still differs is run once more without WasmKit's known fault, the unchecked
/// `memory.atomic.notify` (`WasmKitNotify`): if that version agrees, it is counted apart too.
struct Campaign {
    var seed: UInt64
    /// Modules `first ..< first + count`.
    var first = 0
    var count: Int
    /// Modules per native driver (one clang run compiles them all).
    var batchSize = 40
    var optimization = "-O2"
    /// Scratch space for the modules, the C and the drivers.
    var work: URL
    /// Where a module that differs is kept (`<seed>-<k>.wasm` and a `.txt` saying how), or nil.
    var findings: URL?
    var toolchain: Toolchain
    var runtime: RuntimeLibrary

    /// binaryen 108's `-ttf` features that bs-aot and WasmKit share with it: the MVP,
    /// sign extension, non-trapping float-to-int, bulk memory, multi-value, tail calls; odd
    /// modules add threads (atomics on a shared memory). Not used: binaryen 108's reference types
    /// are the pre-standard draft (`anyref`, typed references with the old opcodes 0x6b/0x6c), and
    /// its `-ttf` makes neither 64-bit nor several memories.
    static let baseFeatures = [
        "--mvp-features", "--enable-sign-ext", "--enable-nontrapping-float-to-int", "--enable-bulk-memory",
        "--enable-multivalue", "--enable-tail-call",
    ]

    static func features(of module: Int) -> [String] {
        baseFeatures + (module % 2 == 1 ? ["--enable-threads"] : [])
    }

    struct Difference: Sendable {
        var module: Int
        var line: Int
        var ours: String
        var reference: String
        /// Both logs, for binaryen's vote.
        var oursLog = CallLog(lines: [])
        var referenceLog = CallLog(lines: [])
    }

    struct Summary: Sendable {
        var modules = 0
        var compared = 0
        var calls = 0
        var identical = 0
        /// Modules that differed only in NaN bits (identical once binaryen's --denan ran).
        var nanOnly: [Int] = []
        /// Modules that differed only through WasmKit's missing notify traps (`WasmKitNotify`).
        var notifyOnly: [Int] = []
        var differences: [Difference] = []
        /// Differences where binaryen's interpreter agrees with bs-aot and not with WasmKit.
        var referenceDifferences: [Difference] = []
        /// Modules bs-aot refused although WasmKit ran them, with the error.
        var refused: [(Int, String)] = []
        /// Modules WasmKit could not take (parse or instantiate), with its reason; not compared.
        var referenceProblems: [(Int, String)] = []
        /// Modules binaryen failed to generate.
        var generatorFailures: [Int] = []

        var text: String {
            var out = "difftest: \(modules) modules, \(compared) compared (\(calls) export calls), \(identical) identical, "
            out += "\(nanOnly.count) differing only in NaN bits, "
            out += "\(notifyOnly.count) differing only in WasmKit's unchecked memory.atomic.notify, \(differences.count) differences, "
            out += "\(referenceDifferences.count) where binaryen sides with bs-aot against WasmKit, "
            out += "\(refused.count) refused by bs-aot, \(referenceProblems.count) not runnable in WasmKit, "
            out += "\(generatorFailures.count) not generated"
            for difference in differences.prefix(20) {
                out += "\n  module \(difference.module) line \(difference.line): bs-aot `\(difference.ours)` vs WasmKit `\(difference.reference)`"
            }
            for (module, error) in refused.prefix(10) { out += "\n  module \(module) refused: \(error)" }
            for (module, problem) in referenceProblems.prefix(10) { out += "\n  module \(module) (WasmKit): \(problem)" }
            for difference in referenceDifferences.prefix(20) {
                out += "\n  module \(difference.module) line \(difference.line) (WasmKit's; binaryen agrees with bs-aot): bs-aot `\(difference.ours)` vs WasmKit `\(difference.reference)`"
            }
            if !nanOnly.isEmpty { out += "\n  NaN-only modules: \(nanOnly.prefix(20).map(String.init).joined(separator: ", "))" }
            if !notifyOnly.isEmpty {
                out += "\n  modules differing only in WasmKit's notify: \(notifyOnly.prefix(20).map(String.init).joined(separator: ", "))"
            }
            return out
        }
    }

    /// Runs every module, `batchSize` per driver; `progress` gets a line per batch.
    func run(progress: (String) -> Void) async throws -> Summary {
        var summary = Summary()
        var start = first
        while start < first + count {
            let numbers = Array(start..<min(first + count, start + batchSize))
            start += batchSize
            var modules: [(Int, [UInt8])] = []
            for k in numbers {
                summary.modules += 1
                guard let bytes = try await generate(k, denan: false) else {
                    summary.generatorFailures.append(k)
                    continue
                }
                modules.append((k, bytes))
            }
            try await check(modules, batch: "b\(numbers[0])", into: &summary)
            progress("difftest: \(summary.modules)/\(count) modules, \(summary.differences.count) differences, \(summary.nanOnly.count) NaN-only")
        }
        return summary
    }

    /// Compares `modules` (number and bytes), with the retries that tell the explained
    /// differences apart, and adds them to `summary`.
    func check(_ modules: [(Int, [UInt8])], batch: String, into summary: inout Summary) async throws {
        let outcomes = try await compare(modules, batch: batch)
        var retry: [(Int, [UInt8])] = []
        for (k, bytes) in modules {
            switch outcomes[k] {
            case .same(let calls):
                summary.compared += 1
                summary.calls += calls
                summary.identical += 1
            case .differ:
                if let denanned = try await generate(k, denan: true, from: bytes) { retry.append((k, denanned)) }
            case .refused(let error): summary.refused.append((k, error))
                try keep(k, bytes, "bs-aot refused a module WasmKit runs: \(error)")
            case .referenceProblem(let problem): summary.referenceProblems.append((k, problem))
            case nil: break
            }
        }
        guard !retry.isEmpty else { return }
        let second = try await compare(retry, batch: "\(batch)-denan")
        var unexplained: [(Int, [UInt8], Difference)] = []
        for (k, bytes) in retry {
            summary.compared += 1
            switch second[k] {
            case .same(let calls):
                summary.calls += calls
                summary.nanOnly.append(k)
            case .differ(let difference, let calls):
                summary.calls += calls
                unexplained.append((k, bytes, difference))
            case .refused(let error): summary.refused.append((k, error))
            case .referenceProblem(let problem): summary.referenceProblems.append((k, problem))
            case nil: break
            }
        }
        let withoutNotify = unexplained.compactMap { k, bytes, _ in WasmKitNotify.neutralized(bytes).map { (k, $0) } }
        let third = withoutNotify.isEmpty ? [:] : try await compare(withoutNotify, batch: "\(batch)-notify")
        for (k, bytes, difference) in unexplained {
            if case .same = third[k] {
                summary.notifyOnly.append(k)
                continue
            }
            let file = work.appendingPathComponent("\(k).vote.wasm")
            try Data(bytes).write(to: file)
            let binaryen = try await BinaryenVote.run(file, features: Self.features(of: k), in: work)
            if let binaryen, BinaryenVote.agree(BinaryenVote.coarse(difference.oursLog), binaryen),
                !BinaryenVote.agree(BinaryenVote.coarse(difference.referenceLog), binaryen)
            {
                summary.referenceDifferences.append(difference)
                try keep(k, bytes, "WasmKit differs from bs-aot and binaryen at event \(difference.line): bs-aot `\(difference.ours)`, WasmKit `\(difference.reference)`")
            } else {
                summary.differences.append(difference)
                try keep(k, bytes, "bs-aot differs from WasmKit at event \(difference.line): `\(difference.ours)` vs `\(difference.reference)`")
            }
        }
    }

    enum Outcome {
        case same(calls: Int)
        case differ(Difference, calls: Int)
        case refused(String)
        case referenceProblem(String)
    }

    /// The random bytes binaryen turns into module `k`: 1,000 to 12,000 of them.
    func input(_ k: Int) -> [UInt8] {
        var random = SplitMix64(seed: seed &* 0x9E37_79B9 &+ UInt64(k))
        let length = Int.random(in: 1000...12000, using: &random)
        return (0..<length).map { _ in UInt8.random(in: 0...255, using: &random) }
    }

    /// Module `k` (binaryen's -ttf of `input(k)`), or its `--denan` version made from `bytes`.
    func generate(_ k: Int, denan: Bool, from bytes: [UInt8]? = nil) async throws -> [UInt8]? {
        let source = work.appendingPathComponent(denan ? "\(k).wasm" : "\(k).bin")
        try Data(denan ? (bytes ?? []) : input(k)).write(to: source)
        let output = work.appendingPathComponent(denan ? "\(k).denan.wasm" : "\(k).wasm")
        let arguments = (denan ? [source.path, "--denan"] : ["-ttf", source.path]) + Self.features(of: k) + ["-o", output.path]
        let result = try await runProcess("wasm-opt", arguments, in: work, timeout: .seconds(120))
        guard result.exitedNormally, result.status == 0, let data = try? Data(contentsOf: output) else { return nil }
        return [UInt8](data)
    }

    /// Both sides of every module; nil for none of a module whose driver could not be built.
    private func compare(_ modules: [(Int, [UInt8])], batch: String) async throws -> [Int: Outcome] {
        var outcomes: [Int: Outcome] = [:]
        var references: [Int: CallLog] = [:]
        var units: [NativeDriver.Unit] = []
        var signatures: [NativeDriver.Signature: Int] = [:]
        let referenceRuns = try await ReferenceProcess.run(modules, in: work.appendingPathComponent("\(batch)-reference"))
        for (k, bytes) in modules {
            let reference = referenceRuns[k] ?? (nil, "no reference run")
            guard let log = reference.log else {
                outcomes[k] = .referenceProblem(reference.problem ?? "?")
                continue
            }
            references[k] = log
            switch NativeDriver.lower(bytes, index: k, prefix: "d\(k)", signatures: &signatures) {
            case .success(let unit): units.append(unit)
            case .failure(let error): outcomes[k] = .refused("\(error)")
            }
        }
        guard !units.isEmpty else { return outcomes }
        let logs = try await runNative(units, signatures: signatures, batch: batch)
        for unit in units {
            guard let reference = references[unit.index] else { continue }
            let ours = logs[unit.index] ?? CallLog(lines: ["<no output>"])
            let calls = reference.lines.filter { $0.hasPrefix("call ") }.count
            if let dump = ProcessInfo.processInfo.environment["BS_AOT_DIFFTEST_DUMP"] {
                try? (ours.lines.joined(separator: "\n") + "\n").write(toFile: "\(dump)/\(unit.index).bs-aot.txt", atomically: false, encoding: .utf8)
                try? (reference.lines.joined(separator: "\n") + "\n").write(toFile: "\(dump)/\(unit.index).wasmkit.txt", atomically: false, encoding: .utf8)
            }
            if let (line, a, b) = ours.firstDifference(from: reference) {
                outcomes[unit.index] = .differ(
                    Difference(module: unit.index, line: line, ours: a, reference: b, oursLog: ours, referenceLog: reference),
                    calls: calls)
            } else {
                outcomes[unit.index] = .same(calls: calls)
            }
        }
        return outcomes
    }

    /// Compiles and runs the driver of `units`; the log of each module by its number. A module
    /// that kills the driver gets `crash ...` as its last line and the others run again without it.
    private func runNative(_ units: [NativeDriver.Unit], signatures: [NativeDriver.Signature: Int], batch: String)
        async throws -> [Int: CallLog]
    {
        let directory = work.appendingPathComponent(batch)
        try? FileManager.default.removeItem(at: directory)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var cFiles: [String] = []
        for unit in units {
            for file in unit.files {
                try file.contents.write(to: directory.appendingPathComponent(file.name), atomically: false, encoding: .utf8)
                if file.name.hasSuffix(".c") { cFiles.append(file.name) }
            }
        }
        // Two translation units, so both cores compile.
        let half = (cFiles.count + 1) / 2
        let parts = [Array(cFiles.prefix(half)), Array(cFiles.dropFirst(half))].filter { !$0.isEmpty }
        var sources: [String] = []
        for (index, part) in parts.enumerated() {
            let path = directory.appendingPathComponent("part\(index).c").path
            try part.map { "#include \"\($0)\"\n" }.joined().write(toFile: path, atomically: false, encoding: .utf8)
            sources.append(path)
        }
        let tables = directory.appendingPathComponent("tables.c").path
        try NativeDriver.tables(units, signatures: signatures).write(toFile: tables, atomically: false, encoding: .utf8)
        let main = directory.appendingPathComponent("difftest_main.c").path
        try NativeDriver.source.write(toFile: main, atomically: false, encoding: .utf8)
        let flags = Toolchain.generatedCodeFlags(optimization: optimization).filter { $0 != "-Wall" } + ["-w", "-g0"]
        let objects = try await toolchain.compile(sources + [tables, main], flags: flags, runtime: runtime, into: directory.path)
        let executable = directory.appendingPathComponent("driver").path
        try await toolchain.link(objects: objects, runtime: runtime, output: executable)

        var logs: [Int: CallLog] = [:]
        var skip: [Int] = []
        while true {
            let result = try await runProcess(executable, skip.map(String.init), in: directory, timeout: .seconds(600))
            var current: Int?
            var lines: [String] = []
            var finished = false
            for line in result.stdoutText.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
                if line.hasPrefix("module "), let position = Int(line.dropFirst(7)) {
                    current = position
                    lines = []
                } else if line == "end", let position = current {
                    logs[units[position].index] = CallLog(lines: lines)
                    current = nil
                } else if line == "done" {
                    finished = true
                } else if current != nil, !line.isEmpty {
                    // The spec's words, as the reference's are mapped (TrapClass).
                    lines.append(line.hasPrefix("trap ") ? "trap " + TrapClass.reason(String(line.dropFirst(5))) : line)
                }
            }
            if finished { break }
            guard let position = current else { break }
            // The driver died in this module: its events end with how.
            logs[units[position].index] = CallLog(lines: lines + ["crash \(result.ending): \(result.stderrText.prefix(200))"])
            skip.append(position)
        }
        try? FileManager.default.removeItem(at: directory)
        return logs
    }

    private func keep(_ k: Int, _ bytes: [UInt8], _ note: String) throws {
        guard let findings else { return }
        try FileManager.default.createDirectory(at: findings, withIntermediateDirectories: true)
        let stem = "\(seed)-\(k)"
        try Data(bytes).write(to: findings.appendingPathComponent(stem + ".wasm"))
        let remake = "wasm-opt -ttf <input> \(Self.features(of: k).joined(separator: " "))"
        try "\(note)\nmodule \(k) of seed \(seed) (\(remake)); scripts/difftest.sh 1 \(seed) \(k) runs it alone\n"
            .write(to: findings.appendingPathComponent(stem + ".txt"), atomically: true, encoding: .utf8)
    }
}
