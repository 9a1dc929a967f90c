#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Lowering

/// A host directory packed into the executable (`--embed-dir HOST::GUEST`): its tree read at
/// build time and emitted as C data that `runtime-c/src/wasi/embedded.c` serves read-only.
///
/// Nodes are in breadth-first order, so the children of each directory are consecutive, and
/// sorted by the bytes of their names (the runtime's lookups are binary searches). Regular
/// files keep their contents and modification time, symlinks their target; directories are
/// walked without following symlinks; other kinds of file (sockets, FIFOs, devices) are left
/// out with a warning.
struct EmbeddedTree {
    enum Kind: Int { case file = 1, directory = 2, symlink = 3 }

    struct Node {
        var name: [UInt8]
        var kind: Kind
        var parent: Int
        var first = 0
        var count = 0
        /// A file's contents or a symlink's target.
        var bytes: [UInt8] = []
        var modificationNanoseconds: Int64
    }

    var guestPath: String
    var nodes: [Node]

    /// Reads the tree below `hostPath`.
    /// - Parameter warn: told about each entry left out.
    /// - Throws: `PipelineError` when the directory or a file in it cannot be read.
    init(hostPath: String, guestPath: String, warn: (String) -> Void) throws(PipelineError) {
        self.guestPath = guestPath
        var root = stat()
        guard stat(hostPath, &root) == 0, (root.st_mode & S_IFMT) == S_IFDIR else {
            throw PipelineError(file: nil, message: "cannot embed '\(hostPath)': not a directory")
        }
        nodes = [Node(name: [], kind: .directory, parent: 0, modificationNanoseconds: Self.nanoseconds(root.st_mtim))]
        var hostPaths = [hostPath]
        var index = 0
        while index < nodes.count {
            defer { index += 1 }
            guard nodes[index].kind == .directory else { continue }
            let directory = hostPaths[index]
            let names: [String]
            do {
                names = try FileManager.default.contentsOfDirectory(atPath: directory)
            } catch {
                throw PipelineError(file: nil, message: "cannot embed '\(directory)': cannot list it")
            }
            nodes[index].first = nodes.count
            for name in names.sorted(by: { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }) {
                let path = directory + "/" + name
                var st = stat()
                guard lstat(path, &st) == 0 else {
                    throw PipelineError(file: nil, message: "cannot embed '\(path)': \(String(cString: strerror(errno)))")
                }
                var node = Node(name: Array(name.utf8), kind: .file, parent: index, modificationNanoseconds: Self.nanoseconds(st.st_mtim))
                switch st.st_mode & S_IFMT {
                case S_IFDIR:
                    node.kind = .directory
                case S_IFREG:
                    guard let data = FileManager.default.contents(atPath: path) else {
                        throw PipelineError(file: nil, message: "cannot embed '\(path)': cannot read it")
                    }
                    node.bytes = [UInt8](data)
                case S_IFLNK:
                    guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: path) else {
                        throw PipelineError(file: nil, message: "cannot embed '\(path)': cannot read the link")
                    }
                    node.kind = .symlink
                    node.bytes = Array(target.utf8)
                default:
                    warn("bs-aot: warning: '\(path)' is not a file, directory or symlink; it is not embedded")
                    continue
                }
                nodes.append(node)
                hostPaths.append(path)
                nodes[index].count += 1
            }
        }
    }

    private static func nanoseconds(_ time: timespec) -> Int64 { Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec) }

    /// The file and link bytes in all.
    var byteCount: Int { nodes.reduce(0) { $0 + $1.bytes.count } }

    /// What identifies the tree's contents for `bs-aot run`'s cache without reading them: every
    /// entry's path, kind, size and modification time (a file rewritten in place within the
    /// clock's resolution, keeping its size, is not noticed).
    static func fingerprint(hostPath: String) -> String {
        var listing = ""
        var pending = [""]
        while let relative = pending.popLast() {
            let path = relative.isEmpty ? hostPath : hostPath + "/" + relative
            var st = stat()
            guard lstat(path, &st) == 0 else { continue }
            listing += "\(relative)\u{1}\(st.st_mode)\u{1}\(st.st_size)\u{1}\(nanoseconds(st.st_mtim))\n"
            if (st.st_mode & S_IFMT) == S_IFDIR, let names = try? FileManager.default.contentsOfDirectory(atPath: path) {
                pending += names.sorted().reversed().map { relative.isEmpty ? $0 : relative + "/" + $0 }
            }
        }
        return listing
    }
}

/// The C units of `trees` for the module with symbol prefix `prefix`: `<prefix>_embed.c` (the
/// nodes, names and the `<prefix>_embedded` array the generated `main` hands to the runtime) and
/// `<prefix>_embed_data<N>.c` (the bytes, in string literals of at most about `chunkSize` bytes each, so
/// that several compile at once and an unchanged chunk keeps its cached object).
func embeddedUnits(_ trees: [EmbeddedTree], prefix: String, chunkSize: Int = 8 << 20) -> [CFile] {
    // Place every file and link in a chunk: (chunk, offset) per node with bytes.
    var chunks: [[UInt8]] = []
    var places: [[(chunk: Int, offset: Int)?]] = []
    for tree in trees {
        var treePlaces: [(chunk: Int, offset: Int)?] = []
        for node in tree.nodes {
            guard !node.bytes.isEmpty else {
                treePlaces.append(nil)
                continue
            }
            if chunks.isEmpty || (chunks[chunks.count - 1].count + node.bytes.count > chunkSize && !chunks[chunks.count - 1].isEmpty) {
                chunks.append([])
            }
            treePlaces.append((chunks.count - 1, chunks[chunks.count - 1].count))
            chunks[chunks.count - 1].append(contentsOf: node.bytes)
        }
        places.append(treePlaces)
    }
    var files: [CFile] = []
    let header = "#include \"bsrt_wasi.h\"\n\n"
    for (index, chunk) in chunks.enumerated() {
        files.append(
            CFile(
                name: "\(prefix)_embed_data\(index).c",
                contents: header + "const unsigned char \(prefix)_embed_data\(index)[\(chunk.count)] =\n"
                    + cByteLiteral(chunk) + ";\n"))
    }
    var out = header
    for index in chunks.indices { out += "extern const unsigned char \(prefix)_embed_data\(index)[];\n" }
    for (treeIndex, tree) in trees.enumerated() {
        var names: [UInt8] = []
        var rows = ""
        for (nodeIndex, node) in tree.nodes.enumerated() {
            let data = places[treeIndex][nodeIndex].map { "\(prefix)_embed_data\($0.chunk) + \($0.offset)" } ?? "0"
            rows += "  {\(names.count), \(node.name.count), \(node.parent), \(node.first), \(node.count), \(node.kind.rawValue), "
                + "\(node.bytes.count), \(data), \(node.modificationNanoseconds)},\n"
            names += node.name
        }
        out += "\nstatic const bsrt_embedded_node nodes\(treeIndex)[\(tree.nodes.count)] = {\n\(rows)};\n"
        out += "static const char names\(treeIndex)[\(names.count + 1)] =\n\(cByteLiteral(names));\n"
    }
    out += "\nconst bsrt_embedded_dir \(prefix)_embedded[\(trees.count)] = {\n"
    for (treeIndex, tree) in trees.enumerated() {
        out += "  {\(cByteLiteral(Array(tree.guestPath.utf8))), nodes\(treeIndex), \(tree.nodes.count), names\(treeIndex)},\n"
    }
    out += "};\n"
    files.append(CFile(name: "\(prefix)_embed.c", contents: out))
    return files
}

/// The escape of each byte in a C string literal: printable ASCII as itself (but `"`, `\` and
/// `?`, which could start a trigraph), `\n`, and three octal digits for everything else.
private let byteEscapes: [[UInt8]] = (0...255).map { (byte: Int) -> [UInt8] in
    switch byte {
    case 0x22: return Array("\\\"".utf8)
    case 0x5c: return Array("\\\\".utf8)
    case 0x3f: return Array("\\?".utf8)
    case 0x0a: return Array("\\n".utf8)
    case 0x20...0x7e: return [UInt8(byte)]
    default: return Array(("\\" + String(byte, radix: 8).leftPadded(to: 3)).utf8)
    }
}

/// The octal escapes without leading zeros (`\\0`, `\\12`), for a byte no octal digit follows.
private let shortEscapes: [[UInt8]] = (0...255).map { Array(("\\" + String($0, radix: 8)).utf8) }

/// `bytes` as adjacent C string literals, one line per 4,096 bytes (`""` when empty). An octal
/// escape is cut to its significant digits when no octal digit follows it (`\0` rather than
/// `\000`): compiled binary files are mostly escapes, and this keeps the C about a third smaller.
func cByteLiteral(_ bytes: [UInt8]) -> String {
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count * 2 + 16)
    out.append(UInt8(ascii: "\""))
    bytes.withUnsafeBufferPointer { input in
        for index in 0..<input.count {
            if index > 0 && index % 4096 == 0 { out += Array("\"\n\"".utf8) }
            let byte = input[index]
            // Most of a text file: printable and needing no escape (written without the tables,
            // which keeps debug builds of bs-aot quick on tens of megabytes).
            if byte >= 0x20 && byte < 0x7f && byte != 0x22 && byte != 0x5c && byte != 0x3f {
                out.append(byte)
                continue
            }
            let nextIsOctalDigit =
                index + 1 < input.count && index % 4096 != 4095 && input[index + 1] >= 0x30 && input[index + 1] <= 0x37
            out += byteEscapes[Int(byte)].count == 4 && !nextIsOctalDigit ? shortEscapes[Int(byte)] : byteEscapes[Int(byte)]
        }
    }
    out.append(UInt8(ascii: "\""))
    return String(decoding: out, as: UTF8.self)
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
