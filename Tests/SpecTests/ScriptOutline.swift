/// The top-level directives of a `.wast` script as positions: the line and keyword of each.
///
/// WasmKit's `Location.computeLineAndColumn()` scans the script from its start every time, which
/// is quadratic over a file of thousands of assertions; one pass over the bytes gives every line.
/// The k-th entry is the k-th directive `WAST.nextDirectiveResult()` returns: each directive is
/// one top-level parenthesised group, except that consecutive module fields at the top level
/// (`(func) (memory 0)`, an inline module) form one module, as in WasmKit's `WASTParser`.
struct ScriptOutline: Equatable {
    struct Entry: Equatable {
        /// 1-based line of the directive's `(`.
        var line: Int
        /// The first word after `(`: `module`, `assert_return`, ... (`module` for an inline module).
        var keyword: String
    }

    var entries: [Entry]
    /// For each entry, its `nan:canonical` (true) and `nan:arithmetic` (false) patterns in text
    /// order. WasmKit's parser reads a v128 lane's pattern as "some NaN" without its class, so
    /// the planner takes the class of each NaN lane from here.
    var nanPatterns: [[Bool]]

    /// The keywords WasmKit treats as the fields of an inline module.
    private static let moduleFields: Set<String> = [
        "data", "elem", "tag", "export", "func", "type", "rec", "global", "import", "memory", "start", "table",
    ]

    init(_ text: String) {
        var entries: [Entry] = []
        var nanPatterns: [[Bool]] = []
        let bytes = Array(text.utf8)
        let canonical = Array("nan:canonical".utf8)
        let arithmetic = Array("nan:arithmetic".utf8)
        func isWord(_ word: [UInt8], at index: Int) -> Bool {
            index + word.count <= bytes.count && bytes[index..<(index + word.count)].elementsEqual(word)
                && (index + word.count == bytes.count || Self.isDelimiter(bytes[index + word.count]))
        }
        var index = 0
        var line = 1
        var depth = 0
        var previousWasField = false
        func at(_ offset: Int) -> UInt8 { index + offset < bytes.count ? bytes[index + offset] : 0 }
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\n"):
                line += 1
                index += 1
            case UInt8(ascii: ";") where at(1) == UInt8(ascii: ";"):
                while index < bytes.count && bytes[index] != UInt8(ascii: "\n") { index += 1 }
            case UInt8(ascii: "(") where at(1) == UInt8(ascii: ";"):
                // Block comments nest.
                var nesting = 0
                while index < bytes.count {
                    if bytes[index] == UInt8(ascii: "(") && at(1) == UInt8(ascii: ";") {
                        nesting += 1
                        index += 2
                    } else if bytes[index] == UInt8(ascii: ";") && at(1) == UInt8(ascii: ")") {
                        nesting -= 1
                        index += 2
                        if nesting == 0 { break }
                    } else {
                        if bytes[index] == UInt8(ascii: "\n") { line += 1 }
                        index += 1
                    }
                }
            case UInt8(ascii: "\""):
                index += 1
                while index < bytes.count && bytes[index] != UInt8(ascii: "\"") {
                    if bytes[index] == UInt8(ascii: "\\") { index += 1 }
                    if index < bytes.count && bytes[index] == UInt8(ascii: "\n") { line += 1 }
                    index += 1
                }
                index += 1
            case UInt8(ascii: "("):
                if depth == 0 {
                    var end = index + 1
                    while end < bytes.count, !Self.isDelimiter(bytes[end]) { end += 1 }
                    let keyword = String(decoding: bytes[(index + 1)..<end], as: UTF8.self)
                    let isField = Self.moduleFields.contains(keyword)
                    if !(isField && previousWasField) {
                        entries.append(Entry(line: line, keyword: isField ? "module" : keyword))
                        nanPatterns.append([])
                    }
                    previousWasField = isField
                }
                depth += 1
                index += 1
            case UInt8(ascii: ")"):
                depth = max(0, depth - 1)
                index += 1
            case UInt8(ascii: "n") where depth > 0 && !nanPatterns.isEmpty && Self.isDelimiter(bytes[index - 1]):
                if isWord(canonical, at: index) {
                    nanPatterns[nanPatterns.count - 1].append(true)
                } else if isWord(arithmetic, at: index) {
                    nanPatterns[nanPatterns.count - 1].append(false)
                }
                index += 1
            default:
                index += 1
            }
        }
        self.entries = entries
        self.nanPatterns = nanPatterns
    }

    private static func isDelimiter(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\t")
            || byte == UInt8(ascii: "\r") || byte == UInt8(ascii: "(") || byte == UInt8(ascii: ")")
            || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: ";")
    }
}
