import Foundation
import Toolchain

/// The outcome of every check of one script.
struct ScriptResult: Sendable {
    var file: String
    var checks: [Check]
    /// Things worth knowing that are not checks (a batch that had to be split, a driver crash).
    var notes: [String] = []
    var rejections: [String: Int] = [:]
    var seconds: Double = 0
    /// Why the file was not run at all (a tool it needs is missing): its floor is not enforced.
    var skipped: String?

    func count(_ predicate: (Outcome) -> Bool) -> Int {
        checks.filter { $0.outcome.map(predicate) ?? false }.count
    }
    var passed: Int { count { $0 == .passed } }
    var unsupported: Int { count { if case .unsupported = $0 { true } else { false } } }
    var failed: Int { count { if case .failed = $0 { true } else { false } } }
}

/// Compiles and runs scripts: the shared pieces (runtime, `spec_main.o`, a job limit on clang
/// and driver processes) and the per-script steps.
struct ScriptRunner: Sendable {
    var toolchain: Toolchain
    var runtime: RuntimeLibrary
    /// `spec_main.o`, compiled once.
    var mainObject: String
    /// Where each script gets a directory of C, objects and its driver.
    var workDirectory: String
    var flags: [String]
    /// Generated module code must compile without a warning (an acceptance rule of the project),
    /// so the batches of modules get -Werror; the driver's own C gets `flags`.
    var moduleFlags: [String] {
        flags.filter { $0 != "-w" } + ["-Wall", "-Wextra", "-Werror"]
    }
    var jobs: JobLimiter
    /// How many more times a crashed driver is run, skipping the step that crashed it.
    var crashRetries = 8
    /// Generated C of one batch, in bytes, before starting another batch (compiled in parallel).
    var batchBytes = 400_000

    /// Finds the compiler, builds (or reuses) the runtime and compiles `spec_main.c`.
    /// - Parameter compiler: the C compiler command (`--cc`), nil for bs-aot's default choice.
    static func prepare(workDirectory: String, optimization: String, jobs: Int, compiler: String? = nil) async throws -> ScriptRunner {
        let toolchain = try Toolchain(compiler: compiler, jobs: jobs)
        let runtime = try await toolchain.runtimeLibrary()
        try FileManager.default.createDirectory(atPath: workDirectory, withIntermediateDirectories: true)
        let mainDirectory = workDirectory + "/_driver"
        try FileManager.default.createDirectory(atPath: mainDirectory, withIntermediateDirectories: true)
        try DriverMain.header.write(toFile: mainDirectory + "/" + DriverMain.headerName, atomically: true, encoding: .utf8)
        try DriverMain.source.write(toFile: mainDirectory + "/" + DriverMain.sourceName, atomically: true, encoding: .utf8)
        let flags = Toolchain.generatedCodeFlags(optimization: optimization).filter { $0 != "-Wall" } + ["-w", "-g0"]
        let objects = try await toolchain.compile(
            [mainDirectory + "/" + DriverMain.sourceName], flags: flags, runtime: runtime, into: mainDirectory)
        return ScriptRunner(
            toolchain: toolchain, runtime: runtime, mainObject: objects[0], workDirectory: workDirectory,
            flags: flags, jobs: JobLimiter(jobs))
    }

    /// Plans, compiles and runs the script `file` in `directory`.
    func run(file: String, directory: String) async -> ScriptResult {
        let text: String
        do {
            if file.hasPrefix(LegacyScript.directory + "/") {
                if let missing = LegacyScript.missingTools {
                    let outcome = Outcome.unsupported("skipped: " + missing)
                    var result = ScriptResult(file: file, checks: [Check(line: 0, directive: "script", subject: file, outcome: outcome)])
                    result.skipped = missing
                    LegacyScript.recordSkip("SpecTests: \(file)", reason: missing)
                    return result
                }
                let work = workDirectory + "/" + String(file.dropLast(".wast".count)).replacing("/", with: "_") + "_wast2json"
                text = try await jobs.run { try LegacyScript.convert(directory + "/" + file, work: work) }
            } else {
                text = try String(contentsOfFile: directory + "/" + file, encoding: .utf8)
            }
        } catch {
            return ScriptResult(file: file, checks: [Check(line: 0, directive: "read", subject: file, outcome: .failed("\(error)"))])
        }
        return await run(script: text, named: file)
    }

    /// Plans, compiles and runs a script's text; `file` names it (and its work directory).
    func run(script text: String, named file: String) async -> ScriptResult {
        let start = Date()
        let plan = await jobs.run { ScriptPlanner.plan(file: file, text: text) }
        var result: ScriptResult
        if plan.steps.isEmpty {
            result = ScriptResult(file: file, checks: plan.checks)
        } else {
            result = await execute(plan)
        }
        result.notes = plan.notes + result.notes
        result.rejections = plan.rejections
        result.seconds = Date().timeIntervalSince(start)
        return result
    }

    // MARK: Compiling

    func execute(_ plan: ScriptPlan) async -> ScriptResult {
        var result = ScriptResult(file: plan.file, checks: plan.checks)
        let stem = String(plan.file.dropLast(".wast".count)).replacing("/", with: "_")
        let directory = workDirectory + "/" + stem
        let executable = directory + "/driver"
        var unitErrors: [Int: String] = [:]
        do {
            try? FileManager.default.removeItem(atPath: directory)
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            try write(DriverMain.header, directory + "/" + DriverMain.headerName)
            try write(DriverTables.source(for: plan), directory + "/tables.c")
            for unit in plan.units {
                for file in unit.files { try write(file.contents, directory + "/" + file.name) }
            }
            let batches = makeBatches(plan.units)
            for (index, batch) in batches.enumerated() {
                try write(DriverTables.batch(batch.flatMap { cFileNames(plan.units[$0]) }), directory + "/batch\(index).c")
            }
            let (objects, errors, notes) = await compileAll(plan: plan, batches: batches, directory: directory)
            unitErrors = errors
            result.notes += notes
            guard let tablesObject = objects.tables else {
                throw HarnessError("the driver tables did not compile: \(objects.tablesError ?? "")")
            }
            let compiled = Set(plan.units.indices).subtracting(unitErrors.keys)
            try write(DriverTables.unitList(plan.units, compiled: compiled), directory + "/units.c")
            try await jobs.run {
                try await toolchain.link(
                    objects: [directory + "/units.c", tablesObject, mainObject] + objects.units,
                    runtime: runtime, output: executable, flags: ["-w"])
            }
        } catch {
            for step in plan.steps where result.checks[step.check].outcome == nil {
                result.checks[step.check].outcome = .failed("harness: \(firstLines(of: "\(error)"))")
            }
            return result
        }
        let reports = await runDriver(executable, plan: plan, notes: &result.notes)
        for (index, step) in plan.steps.enumerated() {
            var outcome = StepEvaluation.outcome(of: reports[index], for: step, in: plan)
            if case .instantiate(let unit, _) = step.action, let error = unitErrors[unit] {
                outcome = .failed("the module's C did not compile: \(error)")
            }
            result.checks[step.check].outcome = outcome
        }
        return result
    }

    private struct Objects {
        var units: [String] = []
        var tables: String?
        var tablesError: String?
    }

    /// Compiles the batches and the tables in parallel. A batch that fails is compiled again one
    /// unit at a time, so one module's bad C costs only that module.
    private func compileAll(plan: ScriptPlan, batches: [[Int]], directory: String) async
        -> (Objects, [Int: String], [String])
    {
        enum Job: Sendable { case tables, batch(Int) }
        enum Done: Sendable { case tables(Result<String, ToolchainError>), batch(Int, [String], [Int: String], String?) }
        var objects = Objects()
        var errors: [Int: String] = [:]
        var notes: [String] = []
        await withTaskGroup(of: Done.self) { group in
            group.addTask {
                do throws(ToolchainError) {
                    return .tables(.success(try await compile(directory + "/tables.c", into: directory)))
                } catch {
                    return .tables(.failure(error))
                }
            }
            for (index, batch) in batches.enumerated() {
                group.addTask {
                    do {
                        return .batch(
                            index, [try await compile(directory + "/batch\(index).c", into: directory, flags: moduleFlags)],
                            [:], nil)
                    } catch {
                        guard batch.count > 1 || plan.units[batch[0]].files.filter({ $0.name.hasSuffix(".c") }).count > 1
                        else {
                            return .batch(index, [], [batch[0]: compilerMessage(error)], nil)
                        }
                        var objects: [String] = []
                        var errors: [Int: String] = [:]
                        for unit in batch {
                            // A unit that half compiles is not linked at all.
                            var unitObjects: [String] = []
                            do {
                                for name in cFileNames(plan.units[unit]) {
                                    unitObjects.append(
                                        try await compile(directory + "/" + name, into: directory, flags: moduleFlags))
                                }
                                objects += unitObjects
                            } catch {
                                errors[unit] = compilerMessage(error)
                            }
                        }
                        let note = "batch\(index) (\(batch.count) modules) failed to compile as one unit and was compiled "
                            + "file by file: \(compilerMessage(error))"
                        return .batch(index, objects, errors, note)
                    }
                }
            }
            for await done in group {
                switch done {
                case .tables(.success(let object)): objects.tables = object
                case .tables(.failure(let error)): objects.tablesError = compilerMessage(error)
                case .batch(_, let unitObjects, let unitErrors, let note):
                    objects.units += unitObjects
                    errors.merge(unitErrors) { a, _ in a }
                    if let note { notes.append(note) }
                }
            }
        }
        return (objects, errors, notes)
    }

    private func compile(_ file: String, into directory: String, flags: [String]? = nil) async throws(ToolchainError) -> String {
        let flags = flags ?? self.flags
        do {
            return try await jobs.run {
                try await toolchain.compile([file], flags: flags, runtime: runtime, into: directory)[0]
            }
        } catch let error as ToolchainError {
            throw error
        } catch {
            throw ToolchainError("\(error)")
        }
    }

    /// Groups units into batches of about `batchBytes` of C each.
    private func makeBatches(_ units: [Unit]) -> [[Int]] {
        var batches: [[Int]] = []
        var current: [Int] = []
        var size = 0
        for (index, unit) in units.enumerated() {
            let bytes = unit.files.reduce(0) { $0 + $1.contents.utf8.count }
            if !current.isEmpty && size + bytes > batchBytes {
                batches.append(current)
                current = []
                size = 0
            }
            current.append(index)
            size += bytes
        }
        if !current.isEmpty { batches.append(current) }
        return batches
    }

    private func cFileNames(_ unit: Unit) -> [String] {
        unit.files.map(\.name).filter { $0.hasSuffix(".c") }
    }

    private func write(_ text: String, _ path: String) throws {
        try text.write(toFile: path, atomically: false, encoding: .utf8)
    }

    // MARK: Running

    /// Runs the driver until it has reported every step, skipping each step that crashed it.
    private func runDriver(_ executable: String, plan: ScriptPlan, notes: inout [String]) async -> [StepReport] {
        var reports = [StepReport?](repeating: nil, count: plan.steps.count)
        var skipped: [Int] = []
        for attempt in 0...crashRetries {
            let arguments = skipped.map(String.init)
            let run = await jobs.run { await DriverProcess.run(executable, arguments: arguments) }
            var fatal: String?
            for line in run.output.split(separator: "\n") {
                if line.hasPrefix("fatal\t") { fatal = String(line.dropFirst(6)) }
                guard let (index, report) = StepReport.parse(line), index < reports.count else { continue }
                reports[index] = report
            }
            if run.finished { break }
            let stop = fatal ?? run.status
            guard fatal == nil, attempt < crashRetries,
                let culprit = reports.indices.first(where: { reports[$0] == nil && !skipped.contains($0) })
            else {
                for index in reports.indices where reports[index] == nil {
                    reports[index] = .error("not run: the driver stopped (\(stop))")
                }
                notes.append("the driver stopped (\(stop)) and was not run again")
                break
            }
            let stderr = run.errorOutput.split(separator: "\n").prefix(2).joined(separator: " | ")
            reports[culprit] = .error("the driver died here (\(stop))" + (stderr.isEmpty ? "" : ": \(stderr)"))
            skipped.append(culprit)
            notes.append("step \(culprit) (line \(plan.checks[plan.steps[culprit].check].line)) killed the driver (\(stop)); run again without it")
        }
        return reports.map { $0 ?? .error("no report") }
    }
}

/// First lines of a long message, joined.
func firstLines(of text: String, count: Int = 3) -> String {
    text.split(separator: "\n").prefix(count).joined(separator: " | ")
}

/// The lines of a compiler failure that say what went wrong.
private func compilerMessage(_ error: any Error) -> String {
    let text = (error as? ToolchainError).map { $0.details ?? $0.message } ?? "\(error)"
    let lines = text.split(separator: "\n")
    let interesting = lines.filter { $0.contains("error") }.prefix(3)
    return (interesting.isEmpty ? lines.prefix(3) : interesting).joined(separator: " | ")
}

/// Limits how many clang and driver processes run at once.
actor JobLimiter {
    private var available: Int
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(_ count: Int) { available = max(1, count) }

    func acquire() async {
        if available > 0 {
            available -= 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    func release() {
        if waiting.isEmpty { available += 1 } else { waiting.removeFirst().resume() }
    }

    nonisolated func run<T: Sendable>(_ body: @Sendable () async throws -> T) async rethrows -> T {
        await acquire()
        do {
            let value = try await body()
            await release()
            return value
        } catch {
            await release()
            throw error
        }
    }
}
