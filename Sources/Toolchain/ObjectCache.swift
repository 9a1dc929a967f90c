import Foundation

/// Compiled generated units, kept by content: `<cache>/objects/<sha256>.o`, where the hash covers
/// the compiler's identity, the flags, the runtime version, every header beside the unit and the
/// unit itself. Same C, same compiler, same flags: the object is reused, not recompiled.
///
/// Objects are written under a temporary name and renamed into place, so a reader never sees a
/// partial one. A reuse refreshes the file's time; objects unused for `maximumAge` are removed.
struct ObjectCache: Sendable {
    /// `<cache root>/objects`.
    let directory: String
    /// Objects not used for this long are deleted (30 days).
    static let maximumAge: TimeInterval = 30 * 24 * 3600

    /// The key of `unit`, compiled by the compiler `identity` with `flags` against the runtime in
    /// `runtimeDirectory` (named by its content hash), next to `headers`.
    static func key(identity: String, flags: [String], runtimeDirectory: String, headers: [SourceFile], unit: SourceFile)
        -> String
    {
        var hash = SHA256()
        for field in [identity, runtimeDirectory] + flags { hash.update(field: field) }
        for header in headers.sorted(by: { $0.name < $1.name }) {
            hash.update(field: header.name)
            hash.update(field: header.contents)
        }
        hash.update(field: unit.contents)
        return hash.hexDigest()
    }

    /// The cached object for `key`, if any (its time refreshed so it is not evicted).
    func object(forKey key: String) -> String? {
        let path = path(forKey: key)
        guard access(path, R_OK) == 0 else { return nil }
        utimes(path, nil)
        return path
    }

    /// Where the object for `key` lives (or will).
    func path(forKey key: String) -> String { "\(directory)/\(key).o" }

    /// Deletes objects (and abandoned temporary files) older than `maximumAge`. Best effort.
    func evictStale(now: Date = Date()) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        for name in names {
            let path = "\(directory)/\(name)"
            let attributes = try? FileManager.default.attributesOfItem(atPath: path)
            guard let modified = attributes?[.modificationDate] as? Date else { continue }
            if now.timeIntervalSince(modified) > Self.maximumAge { unlink(path) }
        }
    }
}
