import Foundation

/// The suite's results against the tiers and the known-failures list, and their printed form.
struct SuiteReport {
    struct Failure {
        var file: String
        var check: Check
    }

    var results: [ScriptResult]
    var tiers: [String: Tier]
    var known: KnownFailures
    /// Failure details printed under each file.
    var detailsPerFile = 5

    init(results: [ScriptResult], tiers: [String: Tier], known: KnownFailures) {
        self.results = results.sorted { $0.file < $1.file }
        self.tiers = tiers
        self.known = known
    }

    /// Failures that are not on the known-failures list: each fails the test, in every tier.
    var unexpectedFailures: [Failure] {
        results.flatMap { result in
            result.checks.filter { check in
                if case .failed = check.outcome { return !known.contains(file: result.file, line: check.line) }
                return false
            }.map { Failure(file: result.file, check: $0) }
        }
    }

    /// Entries of the list whose line no longer fails (in the files that were run).
    var staleEntries: [KnownFailures.Entry] {
        let byFile = Dictionary(results.map { ($0.file, $0) }, uniquingKeysWith: { a, _ in a })
        return known.entries.filter { entry in
            guard let result = byFile[entry.file] else { return false }
            return !result.checks.contains { check in
                if case .failed = check.outcome { return check.line == entry.line }
                return false
            }
        }
    }

    /// The report; its last line is `spec: N passed, M failed, U unsupported (...)`.
    /// - Parameter seconds: the suite's wall time, for that line.
    func text(seconds: Double? = nil) -> String {
        var lines: [String] = []
        for result in results {
            lines.append(
                "\(result.file): \(result.passed) passed, \(result.unsupported) unsupported, \(result.failed) failed"
                    + String(format: " (%.1f s)", result.seconds))
            var shown = 0
            for check in result.checks {
                guard case .failed(let message) = check.outcome, shown < detailsPerFile else { continue }
                shown += 1
                let mark = known.contains(file: result.file, line: check.line) ? " [known]" : ""
                lines.append("    line \(check.line): \(check.directive) \(check.subject)\(mark): \(message)")
            }
            if result.failed > shown { lines.append("    ... \(result.failed - shown) more failures") }
            for (reason, count) in unsupportedReasons(result).prefix(2) {
                lines.append("    unsupported (\(count)): \(reason)")
            }
            for note in result.notes.prefix(3) { lines.append("    note: \(note)") }
        }
        lines.append("")
        var total = (passed: 0, unsupported: 0, failed: 0)
        for tier in Tier.allCases {
            let inTier = results.filter { tiers[$0.file] == tier }
            guard !inTier.isEmpty else { continue }
            let counts = totals(inTier)
            lines.append(
                "tier \(tier.title) (\(inTier.count) files): \(counts.passed) passed, \(counts.unsupported) unsupported, "
                    + "\(counts.failed) failed")
        }
        let untiered = results.filter { tiers[$0.file] == nil }
        if !untiered.isEmpty {
            let counts = totals(untiered)
            lines.append(
                "not in TIERS.md (\(untiered.map(\.file).joined(separator: ", "))): \(counts.passed) passed, "
                    + "\(counts.unsupported) unsupported, \(counts.failed) failed")
        }
        for result in results {
            total.passed += result.passed
            total.unsupported += result.unsupported
            total.failed += result.failed
        }
        var rejections: [String: Int] = [:]
        for result in results { rejections.merge(result.rejections, uniquingKeysWith: +) }
        if !rejections.isEmpty {
            lines.append(
                "rejected modules: "
                    + rejections.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        }
        let stale = staleEntries
        for entry in stale { lines.append("stale known failure (it passes now): \(entry.file):\(entry.line) \(entry.reason)") }
        let unexpected = unexpectedFailures.count
        lines.append(
            "spec: \(total.passed) passed, \(total.failed) failed, \(total.unsupported) unsupported"
                + " (\(unexpected) unexpected failures"
                + (seconds.map { String(format: "; %.0f s", $0) } ?? "") + ")")
        return lines.joined(separator: "\n")
    }

    /// Every failed check, one per line: `file.wast:LINE directive subject: message`.
    var failureList: String {
        results.flatMap { result in
            result.checks.compactMap { check -> String? in
                guard case .failed(let message) = check.outcome else { return nil }
                return "\(result.file):\(check.line) \(check.directive) \(check.subject): \(message)"
            }
        }.joined(separator: "\n") + "\n"
    }

    private func totals(_ results: [ScriptResult]) -> (passed: Int, unsupported: Int, failed: Int) {
        results.reduce((0, 0, 0)) { ($0.0 + $1.passed, $0.1 + $1.unsupported, $0.2 + $1.failed) }
    }

    /// The reasons checks were unsupported, most frequent first.
    private func unsupportedReasons(_ result: ScriptResult) -> [(String, Int)] {
        var counts: [String: Int] = [:]
        for check in result.checks {
            if case .unsupported(let reason) = check.outcome { counts[reason, default: 0] += 1 }
        }
        return counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map { ($0.key, $0.value) }
    }
}
