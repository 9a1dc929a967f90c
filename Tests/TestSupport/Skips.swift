import Foundation

/// Tests that did not run (a tool or a fixture missing), recorded so that nothing passes
/// silently: each is printed now, and appended to the file `$BS_AOT_SKIPPED_LIST` names, which
/// `scripts/test.sh` prints at the end of the run.
/// - Parameters:
///   - what: the test or comparison that did not run.
///   - reason: why, and how to make it run.
public func recordSkip(_ what: String, reason: String) {
    let line = "\(what): \(reason)"
    print("skipped: \(line)")
    guard let path = ProcessInfo.processInfo.environment["BS_AOT_SKIPPED_LIST"], !path.isEmpty else { return }
    skipListLock.lock()
    defer { skipListLock.unlock() }
    if let handle = FileHandle(forWritingAtPath: path) ?? createAndOpen(path) {
        handle.seekToEndOfFile()
        handle.write(Data((line + "\n").utf8))
        try? handle.close()
    }
}

private let skipListLock = NSLock()

private func createAndOpen(_ path: String) -> FileHandle? {
    _ = FileManager.default.createFile(atPath: path, contents: nil)
    return FileHandle(forWritingAtPath: path)
}
