import WasmParser
import WasmTypes

// What the module level knows of exception handling: tag names, and what of exnref is lowered.

/// Tag names from the `name` custom section: subsection 11 of the extended name section, which
/// WasmKit's `NameSectionParser` skips. WABT 1.0 writes them as subsection 10 (which the spec now
/// gives to GC field names, an indirect map); a module bs-aot lowers has no GC types, so a
/// subsection 10 that reads as a plain name map is taken for tag names when there is no 11.
/// A subsection that does not decode is ignored, as the spec's appendix allows for the whole
/// name section.
///
/// <https://github.com/WebAssembly/extended-name-section/blob/main/proposals/extended-name-section/Overview.md>
func tagNames(inNameSection bytes: [UInt8]) -> [UInt32: String] {
    var reader = NameSectionReader(bytes: bytes)
    var fromWABT: [UInt32: String] = [:]
    while let id = reader.byte(), let size = reader.leb(), let end = reader.advanced(by: Int(size)) {
        if id == 11 || id == 10, let names = reader.nameMap(end: end) {
            if id == 11 { return names }
            fromWABT = names
        }
        reader.position = end
    }
    return fromWABT
}

/// A cursor over the bytes of a name section.
private struct NameSectionReader {
    let bytes: [UInt8]
    var position = 0

    init(bytes: [UInt8]) { self.bytes = bytes }

    mutating func byte() -> UInt8? {
        guard position < bytes.count else { return nil }
        defer { position += 1 }
        return bytes[position]
    }

    /// An unsigned LEB128 of at most 32 bits.
    mutating func leb() -> UInt32? {
        var result: UInt32 = 0
        for shift in stride(from: 0, to: 35, by: 7) {
            guard let byte = byte() else { return nil }
            result |= UInt32(byte & 0x7F) << UInt32(shift)
            if byte & 0x80 == 0 { return result }
        }
        return nil
    }

    /// A name map (index, name pairs) filling exactly the bytes up to `end`.
    mutating func nameMap(end: Int) -> [UInt32: String]? {
        var names: [UInt32: String] = [:]
        guard let count = leb() else { return nil }
        for _ in 0..<count {
            guard position < end, let index = leb(), let name = name() else { return nil }
            names[index] = name
        }
        return position == end ? names : nil
    }

    /// The position `count` bytes on, if that is inside the section.
    func advanced(by count: Int) -> Int? {
        position + count <= bytes.count ? position + count : nil
    }

    mutating func name() -> String? {
        guard let length = leb(), let end = advanced(by: Int(length)) else { return nil }
        defer { position = end }
        return String(decoding: bytes[position..<end], as: UTF8.self)
    }
}

extension Module {
    /// A printable name for tag `index`, for "uncaught exception <tag>": the name section's,
    /// else an export's, else an import's `module.name`, else `tag<index>`.
    public func displayName(ofTag index: UInt32) -> String {
        if let name = names.tags[index], !name.isEmpty { return name }
        for export in exports {
            if case .tag(index) = export.descriptor { return export.name }
        }
        var position: UInt32 = 0
        for entry in imports {
            guard case .tag = entry.descriptor else { continue }
            if position == index { return "\(entry.module).\(entry.name)" }
            position += 1
        }
        return "tag\(index)"
    }
}

extension Module {
    /// An exnref is a 16-byte value in C (runtime-c/include/bsrt.h) and a table element a
    /// pointer, so tables (and element segments) of exception references are not lowered.
    mutating func checkTableElementType(_ type: ReferenceType, at offset: Int) {
        switch type.heapType {
        case .abstract(.exnRef), .abstract(.noExn):
            if unsupportedFeature == nil {
                unsupportedFeature = UnsupportedFeature(name: "exception-handling (tables of exnref)", offset: offset)
            }
        default: break
        }
    }
}
