import EmbeddedRuntime

/// The host functions runtime-c implements and the imports bound to them, read from the
/// runtime's own list, `runtime-c/include/bsrt_host.def` (embedded in bs-aot at build time), so
/// the translator's binder and the C declarations of the runtime come from one source.
public enum HostImportTable {
    /// One import the runtime provides.
    public struct Entry: Sendable, Equatable {
        /// The import module (`wasi_snapshot_preview1`, `wasix_32v1`, ...).
        public var module: String
        /// The import name (`fd_write`, `thread-spawn`, ...).
        public var name: String
        /// The C function generated code calls.
        public var symbol: String
        /// The WASM signature under this module, as `bsrt_type_id` spells it ("iiii:i").
        public var signature: String
        /// 4 or 8: the width of guest pointers and sizes under this module.
        public var pointerWidth: Int
        /// True for NORETURN functions (proc_exit, thread_exit, ...).
        public var neverReturns: Bool = false
    }

    /// Import module names, by the token `bsrt_host.def` uses for them, and their pointer width.
    static let moduleTokens: [String: (name: String, pointerWidth: Int)] = [
        "P1": ("wasi_snapshot_preview1", 4), "P0": ("wasi_unstable", 4), "X32": ("wasix_32v1", 4),
        "X64": ("wasix_64v1", 8), "WASI": ("wasi", 4),
    ]

    /// Every import module the runtime serves.
    public static var moduleNames: [String] { moduleTokens.values.map(\.name).sorted() }

    /// Every entry, in the order of `bsrt_host.def`.
    public static let entries: [Entry] = {
        // Both are facts of this build of bs-aot, checked by its tests, never of user input.
        guard let file = EmbeddedRuntime.files.first(where: { $0.path == "include/bsrt_host.def" }) else {
            preconditionFailure("runtime-c/include/bsrt_host.def is not embedded")
        }
        do {
            return try parse(file.contents)
        } catch {
            preconditionFailure("runtime-c/include/bsrt_host.def: \(error)")
        }
    }()

    private static let byImport: [String: Entry] = {
        var map: [String: Entry] = [:]
        for entry in entries { map["\(entry.module)\u{0}\(entry.name)"] = entry }
        return map
    }()

    /// The runtime's binding of `module.name`, or nil if it has none.
    public static func entry(module: String, name: String) -> Entry? { byImport["\(module)\u{0}\(name)"] }

    /// True if the runtime implements `module.name`.
    public static func isSupported(module: String, name: String) -> Bool { entry(module: module, name: name) != nil }

    /// A line of `bsrt_host.def` that does not have the documented shape.
    public struct ParseError: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    /// Reads the `BSRT_HOST(MODULES, "name", RESULT, symbol, (params))` lines of a table.
    static func parse(_ text: String) throws(ParseError) -> [Entry] {
        var entries: [Entry] = []
        for rawLine in stripComments(text).split(separator: "\n") {
            let line = rawLine.trimmingPrefix(" ")
            guard line.hasPrefix("BSRT_HOST(") else {
                if !line.allSatisfy(\.isWhitespace) { throw ParseError(description: "unexpected line: \(line)") }
                continue
            }
            var body = line.dropFirst("BSRT_HOST(".count)
            while body.last == " " { body.removeLast() }
            guard body.last == ")" else { throw ParseError(description: "malformed entry: \(line)") }
            body.removeLast()
            guard let open = body.firstIndex(of: "("), let close = body.lastIndex(of: ")"), close > open else {
                throw ParseError(description: "malformed entry: \(line)")
            }
            let head = body[..<open].split(separator: ",").map { $0.trimmingCharacters(in: " ") }
            guard head.count == 5, head[4].isEmpty, head[1].hasPrefix("\""), head[1].hasSuffix("\"") else {
                throw ParseError(description: "malformed entry: \(line)")
            }
            let name = String(head[1].dropFirst().dropLast())
            let results: String
            let neverReturns = head[2] == "NORETURN"
            switch head[2] {
            case "ERRNO", "S32": results = "i"
            case "VOID", "NORETURN": results = ""
            default: throw ParseError(description: "unknown result \(head[2]) in: \(line)")
            }
            let parameters = body[body.index(after: open)..<close].split(separator: ",").map {
                $0.trimmingCharacters(in: " ")
            }
            guard parameters.first == "bsrt_instance *self" else {
                throw ParseError(description: "the first parameter must be bsrt_instance *self: \(line)")
            }
            for token in head[0].split(separator: "|") {
                guard let module = moduleTokens[String(token)] else {
                    throw ParseError(description: "unknown module \(token) in: \(line)")
                }
                var letters = ""
                for parameter in parameters.dropFirst() {
                    let type = parameter.split(separator: " ").dropLast().joined(separator: " ")
                    switch type {
                    case "uint32_t": letters += "i"
                    case "uint64_t": letters += "I"
                    case "bsrt_ptr", "bsrt_size": letters += module.pointerWidth == 8 ? "I" : "i"
                    default: throw ParseError(description: "unknown parameter type '\(type)' in: \(line)")
                    }
                }
                entries.append(Entry(
                    module: module.name, name: name, symbol: head[3], signature: letters + ":" + results,
                    pointerWidth: module.pointerWidth, neverReturns: neverReturns))
            }
        }
        return entries
    }

    /// The text with its `/* ... */` comments replaced by spaces (newlines kept).
    private static func stripComments(_ text: String) -> String {
        var out = ""
        var inComment = false
        var previous: Character = " "
        for character in text {
            if inComment {
                if previous == "*" && character == "/" {
                    inComment = false
                    previous = " "
                    continue
                }
                if character == "\n" { out.append("\n") }
                previous = character
                continue
            }
            if previous == "/" && character == "*" {
                out.removeLast()
                inComment = true
                previous = " "
                continue
            }
            out.append(character)
            previous = character
        }
        return out
    }
}

extension String {
    fileprivate func trimmingCharacters(in set: Character) -> String {
        var text = Substring(self)
        while text.first == set { text.removeFirst() }
        while text.last == set { text.removeLast() }
        return String(text)
    }
}

extension Substring {
    fileprivate func trimmingCharacters(in set: Character) -> String { String(self).trimmingCharacters(in: set) }
}
