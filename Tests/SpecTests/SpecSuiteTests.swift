import Foundation
import Testing

/// The WebAssembly spec test suite through the real pipeline (`decodeModule`, `lower`, clang, the
/// runtime), with a generated C driver per script.
///
/// Environment:
/// - `BS_AOT_SPEC_TESTSUITE`: the suite directory (default `../shared/spec-testsuite`).
/// - `BS_AOT_SPEC_FILTER`: comma-separated words; only files whose name contains one run.
/// - `BS_AOT_SPEC_JOBS`: parallel clang and driver processes (default: the number of cores).
/// - `BS_AOT_SPEC_OPT`: optimisation flag for generated C and the driver (default `-O2`, what `bs-aot build` uses).
/// - `BS_AOT_SPEC_WORK`: keep the C, objects and drivers there (default: a temporary directory,
///   removed afterwards).
/// - `BS_AOT_SPEC_REPORT`: also write the report to this file, and every failure to `<file>.failures`.
/// - `BS_AOT_SPEC_UPDATE_COUNTS=1`: raise `passed-counts.txt` to this run's counts (never lowers).
///
/// The test fails on any failure not on `known-failures.txt`, in every tier, and on any file that
/// passes fewer assertions than its floor in `passed-counts.txt`.
@Suite struct SpecSuiteTests {
    @Test func specTestsuite() async throws {
        let environment = ProcessInfo.processInfo.environment
        let root = SpecSuite.packageRoot()
        let suite = try SpecSuite.load(
            directory: SpecSuite.defaultDirectory(environment: environment, packageRoot: root),
            filter: environment["BS_AOT_SPEC_FILTER"])
        let known = try KnownFailures.parse(
            String(contentsOfFile: root + "/Tests/SpecTests/known-failures.txt", encoding: .utf8))
        let countsPath = root + "/Tests/SpecTests/passed-counts.txt"
        let floors = try PassedCounts.parse(String(contentsOfFile: countsPath, encoding: .utf8))
        let jobs = environment["BS_AOT_SPEC_JOBS"].flatMap(Int.init) ?? ProcessInfo.processInfo.activeProcessorCount
        let keep = environment["BS_AOT_SPEC_WORK"].flatMap { $0.isEmpty ? nil : $0 }
        let work = keep ?? (NSTemporaryDirectory() + "/bs-aot-spec-\(getpid())")
        defer { if keep == nil { try? FileManager.default.removeItem(atPath: work) } }

        let start = Date()
        let runner = try await ScriptRunner.prepare(
            workDirectory: work, optimization: environment["BS_AOT_SPEC_OPT"] ?? "-O2", jobs: jobs)
        let results = await runner.runAll(suite.files, in: suite.directory, parallel: jobs + 1)
        let report = SuiteReport(results: results, tiers: suite.tiers, known: known)
        let text = report.text(seconds: Date().timeIntervalSince(start))
        print(text)
        if let path = environment["BS_AOT_SPEC_REPORT"] {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            try report.failureList.write(toFile: path + ".failures", atomically: true, encoding: .utf8)
        }
        let unexpected = report.unexpectedFailures
        for failure in unexpected.prefix(20) {
            Issue.record("\(failure.file):\(failure.check.line) \(failure.check.directive) \(failure.check.subject): \(failure.check.outcome.map { "\($0)" } ?? "")")
        }
        if !unexpected.isEmpty {
            Issue.record("\(unexpected.count) failures are not on known-failures.txt")
        }
        for regression in floors.regressions(in: results) {
            Issue.record(
                "\(regression.file): \(regression.passed) passed, fewer than the \(regression.floor) of passed-counts.txt")
        }
        let raises = floors.raises(in: results)
        if !raises.isEmpty {
            print("passed-counts.txt can be raised for \(raises.count) files (BS_AOT_SPEC_UPDATE_COUNTS=1): "
                + raises.prefix(10).map { "\($0.file) \($0.floor.map(String.init) ?? "-") -> \($0.passed)" }.joined(separator: ", "))
        }
        if environment["BS_AOT_SPEC_UPDATE_COUNTS"] == "1" {
            try floors.raised(by: results).write(toFile: countsPath, atomically: true, encoding: .utf8)
        }
    }
}

/// A fixed sample of the suite with the runtime, the generated code and the driver all built
/// under AddressSanitizer and UndefinedBehaviorSanitizer (`clang -fsanitize=address,undefined`):
/// traps by guard page and by signal, stack exhaustion, tail calls, indirect calls, conversions.
/// Neither sanitizer may take SIGSEGV from the runtime, whose handler turns faults into traps.
@Suite struct SanitizedSpecSampleTests {
    static let sample = [
        "address.wast", "i32.wast", "i64.wast", "call_indirect.wast", "memory_trap.wast", "conversions.wast",
        "float_exprs.wast", "return_call.wast", "call_ref.wast", "skip-stack-guard-page.wast", "table_copy.wast",
        "memory_copy.wast", "bulk.wast", "linking.wast", "proposals/threads/atomic.wast", "memory64.wast",
    ]

    @Test func specSampleUnderAddressAndUndefinedBehaviorSanitizers() async throws {
        setenv("ASAN_OPTIONS", "handle_segv=0:handle_sigbus=0:allow_user_segv_handler=1:detect_leaks=0", 1)
        setenv("UBSAN_OPTIONS", "handle_segv=0:handle_sigbus=0:halt_on_error=1:print_stacktrace=1", 1)
        let environment = ProcessInfo.processInfo.environment
        let root = SpecSuite.packageRoot()
        let suite = try SpecSuite.load(
            directory: SpecSuite.defaultDirectory(environment: environment, packageRoot: root), filter: nil)
        let files = suite.files.filter { Self.sample.contains($0) }
        #expect(files.count == Self.sample.count, "sample files missing from the suite: \(Set(Self.sample).subtracting(files))")
        let work = NSTemporaryDirectory() + "/bs-aot-spec-sanitized-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: work) }
        let jobs = ProcessInfo.processInfo.activeProcessorCount
        let runner = try await ScriptRunner.prepare(
            workDirectory: work, optimization: "-O1", jobs: jobs,
            compiler: "clang -fsanitize=address,undefined -fno-sanitize-recover=undefined -fuse-ld=lld -Wno-unused-command-line-argument")
        let results = await runner.runAll(files, in: suite.directory, parallel: jobs + 1)
        let known = try KnownFailures.parse(
            String(contentsOfFile: root + "/Tests/SpecTests/known-failures.txt", encoding: .utf8))
        let report = SuiteReport(results: results, tiers: suite.tiers, known: known)
        print(report.text())
        for failure in report.unexpectedFailures.prefix(20) {
            Issue.record("sanitized: \(failure.file):\(failure.check.line) \(failure.check.directive): \(failure.check.outcome.map { "\($0)" } ?? "")")
        }
        let floors = try PassedCounts.parse(String(contentsOfFile: root + "/Tests/SpecTests/passed-counts.txt", encoding: .utf8))
        for regression in floors.regressions(in: results) {
            Issue.record("sanitized: \(regression.file): \(regression.passed) passed, fewer than \(regression.floor)")
        }
    }
}

extension ScriptRunner {
    /// Runs every script, `parallel` at a time, the biggest first so the slowest do not come last.
    func runAll(_ files: [String], in directory: String, parallel: Int) async -> [ScriptResult] {
        let sizes = Dictionary(uniqueKeysWithValues: files.map { file in
            (file, (try? FileManager.default.attributesOfItem(atPath: directory + "/" + file)[.size] as? Int) ?? 0)
        })
        let ordered = files.sorted { (sizes[$0] ?? 0) > (sizes[$1] ?? 0) }
        return await withTaskGroup(of: ScriptResult.self) { group in
            var results: [ScriptResult] = []
            var next = 0
            for _ in 0..<max(1, parallel) where next < ordered.count {
                let file = ordered[next]
                next += 1
                group.addTask { await run(file: file, directory: directory) }
            }
            for await result in group {
                results.append(result)
                if next < ordered.count {
                    let file = ordered[next]
                    next += 1
                    group.addTask { await run(file: file, directory: directory) }
                }
            }
            return results
        }
    }
}
