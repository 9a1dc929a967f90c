import EmbeddedRuntime

/// The runtime's trap codes, read from `enum bsrt_trap_code` in `runtime-c/include/bsrt.h`
/// (embedded in bs-aot at build time), so that a library's header (LibraryInterface.swift)
/// numbers and describes them exactly as the runtime does, from one source.
enum RuntimeTrapCodes {
    /// One enumerator of `bsrt_trap_code`.
    struct Code: Sendable, Equatable {
        /// The name after `BSRT_TRAP_` (`INT_DIV_BY_ZERO`).
        var name: String
        /// Its value in C.
        var value: Int
        /// The spec's wording from its comment (`integer divide by zero`), or the comment itself.
        var description: String
    }

    /// Every enumerator but `BSRT_TRAP_NONE` and `BSRT_TRAP_COUNT`, in order.
    static let all: [Code] = {
        // A fact of this build of bs-aot, checked by its tests, never of user input.
        guard let file = EmbeddedRuntime.files.first(where: { $0.path == "include/bsrt.h" }) else {
            preconditionFailure("runtime-c/include/bsrt.h is not embedded")
        }
        return parse(file.contents)
    }()

    /// The enumerators of `typedef enum bsrt_trap_code { ... }` in `header`, with the first
    /// comment on each one's line (continuation lines of a comment are skipped).
    static func parse(_ header: String) -> [Code] {
        guard let start = header.firstRange(of: "typedef enum bsrt_trap_code {"),
              let end = header[start.upperBound...].firstRange(of: "} bsrt_trap_code;")
        else { return [] }
        var codes: [Code] = []
        var next = 0
        // A comment on the lines just above an enumerator describes it when its own line has none.
        var above = ""
        for rawLine in header[start.upperBound..<end.lowerBound].split(separator: "\n") {
            let line = rawLine.drop { $0 == " " }
            if line.hasPrefix("/*") || line.hasPrefix("*") {
                var text = line.drop { $0 == "/" || $0 == "*" || $0 == " " }
                if text.hasSuffix("*/") { text = text.dropLast(2) }
                while text.last == " " { text.removeLast() }
                above += (above.isEmpty ? "" : " ") + text
                continue
            }
            defer { above = "" }
            guard line.hasPrefix("BSRT_TRAP_") else { continue }
            let identifier = line.prefix { $0.isLetter || $0.isNumber || $0 == "_" }
            var value = next
            let afterName = line.dropFirst(identifier.count).drop { $0 == " " }
            if afterName.hasPrefix("=") {
                let digits = afterName.dropFirst().drop { $0 == " " }.prefix { $0.isNumber }
                value = Int(digits) ?? next
            }
            next = value + 1
            let name = String(identifier.dropFirst("BSRT_TRAP_".count))
            guard name != "NONE" && name != "COUNT" else { continue }
            var description = above
            if let open = line.firstRange(of: "/*") {
                var comment = Substring(line[open.upperBound...].replacing("*/", with: "")).drop { $0 == " " }
                while comment.last == " " { comment.removeLast() }
                // `"integer divide by zero"`: the quoted wording; otherwise the whole comment.
                if comment.hasPrefix("\""), let close = comment.dropFirst().firstIndex(of: "\"") {
                    description = String(comment[comment.index(after: comment.startIndex)..<close])
                } else {
                    description = String(comment)
                }
            }
            codes.append(Code(name: name, value: value, description: description))
        }
        return codes
    }
}
