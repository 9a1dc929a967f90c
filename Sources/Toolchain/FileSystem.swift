import Foundation

/// The file operations bs-aot needs, with errors in the "cannot read 'x': No such file or
/// directory" form, and writes that never leave a half-written file behind.
public enum FileSystem {
    /// Reads a whole file.
    /// - Throws: `ToolchainError` "cannot read '<path>': <reason>" (a directory is refused too).
    public static func readBytes(atPath path: String) throws(ToolchainError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .system("read", path, errno: errno) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .system("read", path, errno: errno) }
        guard (info.st_mode & S_IFMT) != S_IFDIR else { throw .system("read", path, errno: EISDIR) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Int(max(info.st_size, 0)))
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count == 0 { break }
            if count < 0 {
                if errno == EINTR { continue }
                throw .system("read", path, errno: errno)
            }
            bytes.append(contentsOf: chunk[..<count])
        }
        return bytes
    }

    /// Writes `bytes` to `path` through a temporary file in the same directory, renamed into
    /// place only once complete: readers see the old file or the new one, never a partial one.
    /// - Parameter mode: the permission bits of the new file.
    public static func writeAtomically(_ bytes: some Collection<UInt8>, to path: String, mode: mode_t = 0o644)
        throws(ToolchainError)
    {
        let temporary = temporarySibling(of: path)
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard fd >= 0 else { throw .system("write", path, errno: errno) }
        let contiguous = Array(bytes)
        var written = 0
        while written < contiguous.count {
            let count = contiguous.withUnsafeBytes { buffer in
                buffer.baseAddress.map { write(fd, $0 + written, buffer.count - written) } ?? 0
            }
            if count < 0 {
                if errno == EINTR { continue }
                let code = errno
                close(fd)
                unlink(temporary)
                throw .system("write", path, errno: code)
            }
            written += count
        }
        guard close(fd) == 0 else {
            let code = errno
            unlink(temporary)
            throw .system("write", path, errno: code)
        }
        try moveIntoPlace(temporary, path)
    }

    /// Copies the file `source` to `path`, atomically as `writeAtomically(_:to:mode:)` does.
    /// Unlike FileManager's copy, the destination is only ever open through a close-on-exec
    /// descriptor: a process another thread starts meanwhile cannot inherit it and hold the
    /// file open for writing, which would make executing the copy fail with "Text file busy".
    public static func copyAtomically(_ source: String, to path: String, mode: mode_t = 0o644) throws(ToolchainError) {
        try writeAtomically(try readBytes(atPath: source), to: path, mode: mode)
    }

    /// Writes `text` (UTF-8) to `path`, atomically as `writeAtomically(_:to:mode:)` does.
    public static func writeAtomically(_ text: String, to path: String, mode: mode_t = 0o644) throws(ToolchainError) {
        try writeAtomically(Array(text.utf8), to: path, mode: mode)
    }

    /// Writes `text` as `writeAtomically` does, unless `path` already holds exactly that (its
    /// modification time then stays, so make does not rebuild what depends on it).
    public static func writeAtomicallyIfChanged(_ text: String, to path: String) throws(ToolchainError) {
        if let existing = try? readBytes(atPath: path), existing.elementsEqual(text.utf8) { return }
        try writeAtomically(text, to: path)
    }

    /// Renames `temporary` over `destination` (atomic on one file system); removes `temporary`
    /// when that fails.
    public static func moveIntoPlace(_ temporary: String, _ destination: String) throws(ToolchainError) {
        guard rename(temporary, destination) == 0 else {
            let code = errno
            unlink(temporary)
            throw .system("write", destination, errno: code)
        }
    }

    /// A fresh, unused path next to `path` (same directory, so a rename onto `path` is atomic).
    public static func temporarySibling(of path: String) -> String {
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { String(path[...$0]) } ?? ""
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        return "\(directory).\(name).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    }

    /// Creates `path` and any missing parent directories (`mkdir -p`).
    public static func createDirectories(_ path: String) throws(ToolchainError) {
        var prefix = path.hasPrefix("/") ? "/" : ""
        for component in path.split(separator: "/") {
            prefix += component
            if mkdir(prefix, 0o755) != 0 && errno != EEXIST {
                throw .system("create directory", prefix, errno: errno)
            }
            prefix += "/"
        }
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else {
            throw .system("create directory", path, errno: ENOTDIR)
        }
    }

    /// Creates a new, empty, private directory below the system's temporary directory.
    public static func makeTemporaryDirectory(prefix: String = "bs-aot") throws(ToolchainError) -> String {
        let base = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        var template = Array("\(base.hasSuffix("/") ? String(base.dropLast()) : base)/\(prefix)-XXXXXX".utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ $0.baseAddress.flatMap { mkdtemp($0) } }) else {
            throw .system("create directory", base, errno: errno)
        }
        return String(cString: made)
    }

    /// Removes `path` and everything below it; a missing path is not an error.
    public static func removeTree(_ path: String) {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Whether `path` exists and is a directory.
    public static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// The directory part of `path` ("." when it has none).
    public static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// `path` made absolute against the current directory.
    public static func absolute(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        return FileManager.default.currentDirectoryPath + "/" + path
    }
}
