/// Source lines from a module's DWARF (`.debug_line`, with `.debug_line_str` and `.debug_str`
/// for DWARF 5's string forms): for each code address, the source file and line the compiler
/// recorded. In WebAssembly DWARF an address is an offset from the start of the code section's
/// contents. Versions 2 to 5 of the line-number program are read; anything else (or damaged
/// data) stops the reading, keeping what was read: debug information is a help, never a reason
/// to refuse a module.
/// <https://dwarfstd.org/doc/DWARF5.pdf> §6.2; <https://yurydelendik.github.io/webassembly-dwarf/>
public struct DebugLines: Sendable {
    /// One row of the line table: from `address` on (until the next row), `file`:`line`.
    public struct Row: Sendable, Equatable {
        public var address: UInt64
        public var file: String
        public var line: UInt32
    }

    /// Rows sorted by address (end-of-sequence rows removed).
    public private(set) var rows: [Row] = []

    public init() {}

    /// Reads the line programs of `sections` (custom section name to bytes).
    public init(sections: [String: [UInt8]]) {
        guard let lines = sections[".debug_line"] else { return }
        let lineStrings = sections[".debug_line_str"] ?? []
        let strings = sections[".debug_str"] ?? []
        var offset = 0
        while offset < lines.count {
            guard let next = Self.readUnit(lines, at: offset, lineStrings: lineStrings, strings: strings, into: &rows),
                next > offset
            else { break }
            offset = next
        }
        rows.sort { $0.address < $1.address }
    }

    /// The file and line for the code at `address` (the last row at or before it), if any.
    public func location(at address: UInt64) -> Row? {
        var low = 0
        var high = rows.count
        while low < high {
            let middle = (low + high) / 2
            if rows[middle].address <= address { low = middle + 1 } else { high = middle }
        }
        return low > 0 ? rows[low - 1] : nil
    }

    /// Reads one line-program unit at `start`; returns the offset after it, or nil.
    private static func readUnit(
        _ bytes: [UInt8], at start: Int, lineStrings: [UInt8], strings: [UInt8], into rows: inout [Row]
    ) -> Int? {
        var reader = DwarfReader(bytes: bytes, position: start)
        guard let unitLength = reader.u32() else { return nil }
        var offsetSize = 4
        if unitLength == 0xffff_ffff {
            guard let length = reader.u64(), length < UInt64(Int.max) else { return nil }
            offsetSize = 8
            reader.limit = min(bytes.count, reader.position + Int(length))
        } else {
            reader.limit = min(bytes.count, reader.position + Int(unitLength))
        }
        let end = reader.limit
        guard let version = reader.u16(), (2...5).contains(version) else { return end }
        var addressSize = 4
        if version >= 5 {
            guard let size = reader.u8(), reader.u8() != nil else { return end }
            addressSize = Int(size)
        }
        guard let headerLength = offsetSize == 8 ? reader.u64() : reader.u32().map(UInt64.init) else { return end }
        let programStart = reader.position + Int(clamping: headerLength)
        guard let minimumInstructionLength = reader.u8() else { return end }
        if version >= 4 { guard reader.u8() != nil else { return end } }  // maximum operations per instruction
        guard let defaultIsStatement = reader.u8(), let lineBase = reader.u8().map({ Int8(bitPattern: $0) }),
            let lineRange = reader.u8(), lineRange > 0, let opcodeBase = reader.u8(), opcodeBase > 0
        else { return end }
        var standardLengths: [UInt8] = []
        for _ in 1..<opcodeBase {
            guard let length = reader.u8() else { return end }
            standardLengths.append(length)
        }
        var directories: [String] = []
        var files: [(name: String, directory: Int)] = []
        if version >= 5 {
            let strings = StringSections(line: lineStrings, other: strings)
            guard let dirs = reader.entries(offsetSize: offsetSize, strings: strings),
                let fileEntries = reader.entries(offsetSize: offsetSize, strings: strings)
            else { return end }
            directories = dirs.map { $0.path }
            files = fileEntries.map { ($0.path, $0.directory) }
        } else {
            directories = [""]  // index 0: the compilation directory, not recorded here
            while let directory = reader.cString(), !directory.isEmpty { directories.append(directory) }
            while let name = reader.cString(), !name.isEmpty {
                guard let directory = reader.uleb(), reader.uleb() != nil, reader.uleb() != nil else { return end }
                files.append((name, Int(clamping: directory)))
            }
            files.insert(("", 0), at: 0)  // DWARF 2-4 number files from 1
        }
        func path(_ file: UInt64) -> String {
            guard file < UInt64(files.count) else { return "?" }
            let entry = files[Int(file)]
            if entry.name.hasPrefix("/") || entry.directory >= directories.count || directories[entry.directory].isEmpty {
                return entry.name
            }
            return directories[entry.directory] + "/" + entry.name
        }

        reader.position = programStart
        var address: UInt64 = 0
        var file: UInt64 = 1
        var line: Int64 = 1
        _ = defaultIsStatement
        func emit() {
            if line > 0 { rows.append(Row(address: address, file: path(file), line: UInt32(clamping: line))) }
        }
        while reader.position < end {
            guard let opcode = reader.u8() else { break }
            if opcode >= opcodeBase {
                let adjusted = Int(opcode - opcodeBase)
                address &+= UInt64(adjusted / Int(lineRange)) &* UInt64(minimumInstructionLength)
                line += Int64(lineBase) + Int64(adjusted % Int(lineRange))
                emit()
                continue
            }
            switch opcode {
            case 0:  // extended
                guard let length = reader.uleb(), length > 0, let sub = reader.u8() else { return end }
                let after = reader.position + Int(clamping: length) - 1
                switch sub {
                case 1:  // end_sequence
                    address = 0
                    file = 1
                    line = 1
                case 2:  // set_address
                    if addressSize == 8 { address = reader.u64() ?? 0 } else { address = UInt64(reader.u32() ?? 0) }
                default: break
                }
                reader.position = after
            case 1: emit()  // copy
            case 2: address &+= (reader.uleb() ?? 0) &* UInt64(minimumInstructionLength)
            case 3: line += reader.sleb() ?? 0
            case 4: file = reader.uleb() ?? file
            case 8: address &+= UInt64((255 - Int(opcodeBase)) / Int(lineRange)) &* UInt64(minimumInstructionLength)
            case 9: address &+= UInt64(reader.u16() ?? 0)
            default:
                // Other standard opcodes: skip their ULEB operands.
                let count = Int(opcode) - 1 < standardLengths.count ? standardLengths[Int(opcode) - 1] : 0
                for _ in 0..<count { _ = reader.uleb() }
            }
        }
        return end
    }
}

private struct StringSections {
    var line: [UInt8]
    var other: [UInt8]
}

/// Little-endian DWARF fields, each read returning nil past `limit`.
private struct DwarfReader {
    var bytes: [UInt8]
    var position: Int
    var limit: Int

    init(bytes: [UInt8], position: Int) {
        self.bytes = bytes
        self.position = position
        self.limit = bytes.count
    }

    mutating func u8() -> UInt8? {
        guard position < limit else { return nil }
        defer { position += 1 }
        return bytes[position]
    }

    mutating func little(_ count: Int) -> UInt64? {
        guard position + count <= limit else { return nil }
        var value: UInt64 = 0
        for index in 0..<count { value |= UInt64(bytes[position + index]) << (8 * index) }
        position += count
        return value
    }

    mutating func u16() -> UInt16? { little(2).map { UInt16($0) } }
    mutating func u32() -> UInt32? { little(4).map { UInt32($0) } }
    mutating func u64() -> UInt64? { little(8) }

    mutating func uleb() -> UInt64? {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while let byte = u8() {
            if shift < 64 { value |= UInt64(byte & 0x7f) << shift }
            if byte & 0x80 == 0 { return value }
            shift += 7
        }
        return nil
    }

    mutating func sleb() -> Int64? {
        var value: Int64 = 0
        var shift: Int64 = 0
        while let byte = u8() {
            if shift < 64 { value |= Int64(byte & 0x7f) << shift }
            shift += 7
            if byte & 0x80 == 0 {
                if shift < 64 && byte & 0x40 != 0 { value |= -1 << shift }
                return value
            }
        }
        return nil
    }

    mutating func cString() -> String? {
        guard let end = bytes[position..<limit].firstIndex(of: 0) else { return nil }
        defer { position = end + 1 }
        return String(decoding: bytes[position..<end], as: UTF8.self)
    }

    /// A NUL-terminated string at `offset` of another section.
    static func string(in section: [UInt8], at offset: UInt64) -> String {
        guard offset < UInt64(section.count) else { return "?" }
        let start = Int(offset)
        let end = section[start...].firstIndex(of: 0) ?? section.count
        return String(decoding: section[start..<end], as: UTF8.self)
    }

    /// A DWARF 5 directory or file-name table: entry formats, then entries; of each entry the
    /// path and the directory index.
    mutating func entries(offsetSize: Int, strings: StringSections) -> [(path: String, directory: Int)]? {
        guard let formatCount = u8() else { return nil }
        var formats: [(content: UInt64, form: UInt64)] = []
        for _ in 0..<formatCount {
            guard let content = uleb(), let form = uleb() else { return nil }
            formats.append((content, form))
        }
        guard let count = uleb(), count < 1_000_000 else { return nil }
        var out: [(path: String, directory: Int)] = []
        for _ in 0..<count {
            var path = ""
            var directory = 0
            for format in formats {
                switch format.form {
                case 0x08:  // string
                    guard let text = cString() else { return nil }
                    if format.content == 1 { path = text }
                case 0x1f, 0x0e:  // line_strp, strp
                    guard let offset = offsetSize == 8 ? u64() : u32().map(UInt64.init) else { return nil }
                    let section = format.form == 0x1f ? strings.line : strings.other
                    if format.content == 1 { path = Self.string(in: section, at: offset) }
                case 0x0f:  // udata
                    guard let value = uleb() else { return nil }
                    if format.content == 2 { directory = Int(clamping: value) }
                case 0x0b: guard let value = u8() else { return nil }; if format.content == 2 { directory = Int(value) }
                case 0x05: guard let value = u16() else { return nil }; if format.content == 2 { directory = Int(value) }
                case 0x06: guard little(4) != nil else { return nil }
                case 0x07: guard little(8) != nil else { return nil }
                case 0x1e: guard little(16) != nil else { return nil }  // data16 (MD5)
                case 0x09:  // block
                    guard let length = uleb(), position + Int(clamping: length) <= limit else { return nil }
                    position += Int(length)
                default: return nil
                }
            }
            out.append((path, directory))
        }
        return out
    }
}
