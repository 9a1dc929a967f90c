import Foundation

/// Where the spec tests are and which tier each file belongs to.
///
/// The suite is `../shared/spec-testsuite` beside the package root, or `$BS_AOT_SPEC_TESTSUITE`;
/// the tiers come from the tables of its `TIERS.md`.
struct SpecSuite: Sendable {
    /// The directory holding the top-level `.wast` files.
    var directory: String
    /// Every top-level `.wast` file name, sorted.
    var files: [String]
    /// The tier of each file named in `TIERS.md`.
    var tiers: [String: Tier]

    /// Reads the directory listing and `TIERS.md`.
    /// - Parameter filter: `$BS_AOT_SPEC_FILTER`: keep only the files whose name contains one of
    ///   its comma-separated words.
    static func load(directory: String, filter: String?) throws -> SpecSuite {
        var names = try FileManager.default.contentsOfDirectory(atPath: directory)
            .filter { $0.hasSuffix(".wast") }
            .sorted()
        // The threads proposal's files, beside the top level (not part of Wasm 3.0).
        let threads = (try? FileManager.default.contentsOfDirectory(atPath: directory + "/" + Tier.threadsDirectory)) ?? []
        names += threads.filter { $0.hasSuffix(".wast") }.sorted().map { Tier.threadsDirectory + "/" + $0 }
        // The legacy exception-handling files (converted with WABT's wast2json, LegacyScript).
        let legacy = (try? FileManager.default.contentsOfDirectory(atPath: directory + "/" + LegacyScript.directory)) ?? []
        names += legacy.filter { $0.hasSuffix(".wast") }.sorted().map { LegacyScript.directory + "/" + $0 }
        let words = (filter ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        let selected = words.isEmpty ? names : names.filter { name in words.contains { name.contains($0) } }
        let tiersText = (try? String(contentsOfFile: directory + "/TIERS.md", encoding: .utf8)) ?? ""
        var tiers = Tier.parseTable(tiersText)
        for name in names where name.hasPrefix(Tier.threadsDirectory + "/") { tiers[name] = .threads }
        for name in names where name.hasPrefix(LegacyScript.directory + "/") { tiers[name] = .legacy }
        return SpecSuite(directory: directory, files: selected, tiers: tiers)
    }

    /// `$BS_AOT_SPEC_TESTSUITE`, else `../shared/spec-testsuite` relative to the package root.
    static func defaultDirectory(environment: [String: String], packageRoot: String) -> String {
        if let explicit = environment["BS_AOT_SPEC_TESTSUITE"], !explicit.isEmpty { return explicit }
        return URL(fileURLWithPath: packageRoot).deletingLastPathComponent()
            .appendingPathComponent("shared/spec-testsuite").path
    }

    /// The package root: three levels above this source file (`Tests/SpecTests/<file>`).
    static func packageRoot(filePath: String = #filePath) -> String {
        URL(fileURLWithPath: filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
    }
}

/// The three tiers of `TIERS.md`: where a file comes from (Wasm 1.0, 2.0 or 3.0).
enum Tier: String, Sendable, CaseIterable, Comparable {
    case mvp = "a"
    case wasm2 = "b"
    case wasm3 = "c"
    /// The threads proposal's files (`proposals/threads/`), which TIERS.md lists apart.
    case threads = "threads"
    /// The legacy exception-handling files (`legacy/`), not in TIERS.md's tables.
    case legacy = "legacy"

    static let threadsDirectory = "proposals/threads"

    var title: String {
        switch self {
        case .mvp: "(a) Wasm 1.0 MVP core"
        case .wasm2: "(b) Wasm 2.0 additions"
        case .wasm3: "(c) Wasm 3.0 additions"
        case .threads: "threads proposal"
        case .legacy: "legacy exception handling"
        }
    }

    static func < (lhs: Tier, rhs: Tier) -> Bool { lhs.rawValue < rhs.rawValue }

    /// Reads the per-tier tables of `TIERS.md`: a `## (a) ...` heading, then rows whose first
    /// cell is a file name, until the next `## ` heading.
    static func parseTable(_ text: String) -> [String: Tier] {
        var result: [String: Tier] = [:]
        var current: Tier?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("## ") {
                current = Tier.allCases.first { line.hasPrefix("## (\($0.rawValue))") }
                continue
            }
            guard let tier = current, line.hasPrefix("|") else { continue }
            let cells = line.split(separator: "|", omittingEmptySubsequences: true)
            guard let first = cells.first?.trimmingCharacters(in: .whitespaces), first.hasSuffix(".wast") else {
                continue
            }
            result[first] = tier
        }
        return result
    }
}

/// `Tests/SpecTests/known-failures.txt`: `file.wast:LINE reason` per line, `#` comments.
struct KnownFailures: Sendable, Equatable {
    struct Entry: Sendable, Equatable, Hashable {
        var file: String
        var line: Int
        var reason: String
    }

    var entries: [Entry]

    /// Parses the list; a line without a file, a line number or a reason is an error.
    static func parse(_ text: String) throws -> KnownFailures {
        var entries: [Entry] = []
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let parts = line.split(separator: " ", maxSplits: 1)
            let location = parts[0].split(separator: ":")
            let reason = parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : ""
            guard location.count == 2, location[0].hasSuffix(".wast"), let number = Int(location[1]), !reason.isEmpty
            else {
                throw HarnessError("known-failures.txt:\(index + 1): expected `file.wast:LINE reason`, got `\(line)`")
            }
            entries.append(Entry(file: String(location[0]), line: number, reason: reason))
        }
        return KnownFailures(entries: entries)
    }

    func contains(file: String, line: Int) -> Bool {
        entries.contains { $0.file == file && $0.line == line }
    }
}

/// A problem of the harness itself (not of the code under test).
struct HarnessError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
