import WasmModule

/// Minimal binary-format writing for the tests' generated modules (sizes no WAT text would
/// reach in reasonable time).
enum WasmBytes {
    static let header: [UInt8] = [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00]

    static func leb(_ value: Int) -> [UInt8] { LEB128.unsigned(value) }

    static func section(_ id: UInt8, _ contents: [UInt8]) -> [UInt8] { [id] + leb(contents.count) + contents }

    static func vector(_ items: [[UInt8]]) -> [UInt8] { leb(items.count) + items.flatMap { $0 } }

    /// A function body: its local declarations (already encoded), its instructions and `end`.
    static func body(locals: [UInt8] = [0x00], _ instructions: [UInt8]) -> [UInt8] {
        let contents = locals + instructions + [0x0b]
        return leb(contents.count) + contents
    }

    /// `(type (func))` and `_start` of that type exporting function 0, with `bodies`.
    static func commandModule(bodies: [[UInt8]], memoryPages: Int? = nil, data: [UInt8]? = nil) -> [UInt8] {
        var out = header
        out += section(1, vector([[0x60, 0x00, 0x00]]))
        out += section(3, leb(bodies.count) + [UInt8](repeating: 0, count: bodies.count))
        if let memoryPages { out += section(5, vector([[0x00] + leb(memoryPages)])) }
        out += section(7, vector([leb(6) + Array("_start".utf8) + [0x00, 0x00]]))
        out += section(10, leb(bodies.count) + bodies.flatMap { $0 })
        if let data { out += section(11, vector([[0x00, 0x41, 0x00, 0x0b] + leb(data.count) + data])) }
        return out
    }
}
