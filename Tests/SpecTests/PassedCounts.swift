import Foundation

/// The checked-in floor of passed assertions per script (`passed-counts.txt`): a run that passes
/// fewer in any file it ran fails the test, so a regression from "passed" to "unsupported" (a
/// feature refused again) is caught as surely as one to "failed". Counts only go up: when a
/// file passes more, the report says so, and `BS_AOT_SPEC_UPDATE_COUNTS=1` rewrites the table.
struct PassedCounts: Sendable, Equatable {
    var counts: [String: Int]

    /// Parses `file.wast N` lines; `#` starts a comment line.
    static func parse(_ text: String) throws -> PassedCounts {
        var counts: [String: Int] = [:]
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let parts = line.split(separator: " ")
            guard parts.count == 2, parts[0].hasSuffix(".wast"), let count = Int(parts[1]), count >= 0 else {
                throw HarnessError("passed-counts.txt:\(index + 1): expected `file.wast COUNT`, got `\(line)`")
            }
            counts[String(parts[0])] = count
        }
        return PassedCounts(counts: counts)
    }

    /// A file that passed fewer assertions than its floor.
    struct Regression: Equatable {
        var file: String
        var floor: Int
        var passed: Int
    }

    /// The files among `results` that passed fewer than their floor (a file skipped because a
    /// tool it needs is missing says so in the report instead).
    func regressions(in results: [ScriptResult]) -> [Regression] {
        results.compactMap { result in
            guard result.skipped == nil, let floor = counts[result.file], result.passed < floor else { return nil }
            return Regression(file: result.file, floor: floor, passed: result.passed)
        }.sorted { $0.file < $1.file }
    }

    /// Files that passed more than their floor, or have none yet: the table can be raised.
    func raises(in results: [ScriptResult]) -> [(file: String, floor: Int?, passed: Int)] {
        results.compactMap { result in
            let floor = counts[result.file]
            guard floor.map({ result.passed > $0 }) ?? true else { return nil }
            return (result.file, floor, result.passed)
        }.sorted { $0.file < $1.file }
    }

    /// The table with every file of `results` at its count now (never lowered), as text.
    func raised(by results: [ScriptResult]) -> String {
        var updated = counts
        for result in results { updated[result.file] = max(updated[result.file] ?? 0, result.passed) }
        var text = "# Passed assertions per spec script: the floor each run must reach (PassedCounts.swift).\n"
        text += "# Raise it with BS_AOT_SPEC_UPDATE_COUNTS=1 after a change that makes more pass; never lower it.\n"
        for file in updated.keys.sorted() { text += "\(file) \(updated[file] ?? 0)\n" }
        return text
    }
}
