import WasmParser
import WasmTypes

/// A module that is not well-formed WebAssembly binary ("malformed" in the spec's terms).
public struct DecodeError: Error, CustomStringConvertible, Sendable {
    /// The reason, in the spec's wording where it has one.
    public var reason: String
    /// Byte offset of the problem in the module, when known.
    public var offset: Int?

    public init(_ reason: String, offset: Int? = nil) {
        self.reason = reason
        self.offset = offset
    }

    public var description: String {
        if let offset { return oneLine("malformed module: \(reason) at offset \(offset)") }
        return oneLine("malformed module: \(reason)")
    }
}

/// Decodes a binary module into a ``Module``.
///
/// Structural rules that the binary format implies (section order and sizes, function and code
/// counts, the data count) are checked here; typing rules are the validator's.
/// <https://webassembly.github.io/spec/core/binary/modules.html>
public func decodeModule(_ bytes: [UInt8]) throws(DecodeError) -> Module {
    var parser = Parser(bytes: bytes, features: .all)
    var module = Module()
    var sectionOffset = 0
    do {
        while true {
            sectionOffset = parser.offset
            guard let payload = try parser.parseNext() else { break }
            try module.add(payload, at: sectionOffset)
        }
    } catch let error as WasmParserError {
        throw decodeError(from: error)
    } catch let error as DecodeError {
        throw error
    } catch {
        throw DecodeError("\(error)", offset: sectionOffset)
    }
    guard module.codes.count == module.functionTypeIndices.count else {
        throw DecodeError("function and code section have inconsistent lengths", offset: sectionOffset)
    }
    if let count = module.dataCount, count != UInt32(module.data.count) {
        throw DecodeError("data count and data section have inconsistent lengths", offset: sectionOffset)
    }
    if let offset = module.sectionOffsets[SectionID.code], let content = sectionContent(bytes, at: offset) {
        module.codeContentOffset = content.startIndex
    }
    if let offset = module.sectionOffsets[SectionID.element], let content = sectionContent(bytes, at: offset),
        let types = elementSegmentTypes(content), types.count == module.elements.count
    {
        module.elementTypes = types
    }
    return module
}

/// The bytes of the section whose id byte is at `offset` (after its size), or nil.
private func sectionContent(_ bytes: [UInt8], at offset: Int) -> ArraySlice<UInt8>? {
    var position = offset + 1
    var size = 0
    var shift = 0
    while position < bytes.count {
        let byte = bytes[position]
        position += 1
        size |= Int(byte & 0x7f) << shift
        if byte & 0x80 == 0 {
            guard size <= bytes.count - position else { return nil }
            return bytes[position..<(position + size)]
        }
        shift += 7
        if shift > 28 { return nil }
    }
    return nil
}

extension DecodeError {
    /// A WasmParser error (in the module or, later, in a function body) as a one-line DecodeError.
    public init(_ error: WasmParserError) { self = decodeError(from: error) }
}

/// WasmParser renders its message as `"Message(text: "reason")" at offset 0x1f`; keep the
/// reason and the offset (in decimal, as everywhere else in bs-aot).
private func decodeError(from error: WasmParserError) -> DecodeError {
    var text = error.description
    var offset: Int?
    if let range = text.ranges(of: " at offset 0x").last {
        offset = Int(text[range.upperBound...].prefix { $0.isHexDigit }, radix: 16)
        text = String(text[..<range.lowerBound])
    }
    if let range = text.firstRange(of: "Message(text: \"") {
        text = String(text[range.upperBound...])
    }
    while let last = text.last, last == "\"" || last == ")" || last == "." { text.removeLast() }
    if text.hasPrefix("\"") { text.removeFirst() }
    // "Illegal opcode: [252, 128]" in the spec's words: "illegal opcode fc 80".
    if text.hasPrefix("Illegal opcode: [") {
        let bytes = text.dropFirst("Illegal opcode: [".count).split(separator: ",").compactMap {
            UInt8($0.trimmingPrefix(" ").prefix { $0.isNumber })
        }
        text = "illegal opcode " + bytes.map { $0 < 16 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined(separator: " ")
    }
    return DecodeError(text, offset: offset)
}

extension Module {
    fileprivate mutating func add(_ payload: ParsingPayload, at offset: Int) throws(DecodeError) {
        if let id = sectionID(of: payload) { sectionOffsets[id] = offset }
        switch payload {
        case .header: break
        case .customSection(let section):
            if section.name == "name" { readNames(section) }
            if section.name.hasPrefix(".debug_") { debugSections[section.name] = Array(section.bytes) }
        case .typeSection(let groups):
            for group in groups {
                for subtype in group.types {
                    guard group.types.count == 1, subtype.isFinal, subtype.supertypes.isEmpty,
                        case .function(let type) = subtype.body
                    else {
                        noteUnsupported("gc (struct, array or subtyped types)", at: offset)
                        types.append(FunctionType(parameters: [], results: []))
                        continue
                    }
                    for value in type.parameters + type.results { checkValueType(value, at: offset) }
                    types.append(type)
                }
            }
        case .importSection(let imports):
            self.imports = imports
            for entry in imports {
                switch entry.descriptor {
                case .tag: break
                case .memory: break
                case .table(let type): checkTableType(type, at: offset)
                case .global(let type): checkValueType(type.valueType, at: offset)
                case .function: break
                }
            }
        case .functionSection(let indices): functionTypeIndices = indices
        case .tableSection(let tables):
            self.tables = tables
            for table in tables {
                checkTableType(table.type, at: offset)
            }
        case .memorySection(let memories):
            self.memories = memories
        case .globalSection(let globals):
            self.globals = globals
            for global in globals { checkValueType(global.type.valueType, at: offset) }
        case .tagSection(let tags): self.tags = tags.map(\.type)
        case .exportSection(let exports): self.exports = exports
        case .startSection(let index): start = index
        case .elementSection(let elements):
            // Wasm 3.0 types the function-index segment forms `(ref func)`; in 2.0 they are
            // funcref, and nothing in 2.0 can tell the two apart.
            self.elements = elements.map { element in
                guard element.type == ReferenceType(isNullable: false, heapType: .funcRef) else { return element }
                return ElementSegment(type: .funcRef, initializer: element.initializer, mode: element.mode)
            }
            for element in self.elements {
                checkReferenceType(element.type, at: offset)
                checkTableElementType(element.type, at: offset)
            }
        case .codeSection(let codes):
            self.codes = codes
            for code in codes { for local in code.locals { checkValueType(local, at: offset) } }
            codeOffsets = Array(repeating: offset, count: codes.count)
        case .dataSection(let data): self.data = data
        case .dataCount(let count): dataCount = count
        }
    }

    private func sectionID(of payload: ParsingPayload) -> UInt8? {
        switch payload {
        case .typeSection: SectionID.type
        case .importSection: SectionID.import
        case .functionSection: SectionID.function
        case .tableSection: SectionID.table
        case .memorySection: SectionID.memory
        case .globalSection: SectionID.global
        case .exportSection: SectionID.export
        case .startSection: SectionID.start
        case .elementSection: SectionID.element
        case .codeSection: SectionID.code
        case .dataSection: SectionID.data
        case .dataCount: SectionID.dataCount
        case .tagSection: SectionID.tag
        default: nil
        }
    }

    private mutating func readNames(_ section: CustomSection) {
        var parser = NameSectionParser(stream: StaticByteStreamSource(bytes: Array(section.bytes)))
        // A malformed name section is ignored, as the spec's appendix allows.
        guard let parsed = try? parser.parseAll() else { return }
        for entry in parsed {
            switch entry {
            case .moduleName(let name): names.module = name
            case .functions(let map): names.functions = map
            default: break
            }
        }
        names.tags = tagNames(inNameSection: Array(section.bytes))
    }

    private mutating func noteUnsupported(_ feature: String, at offset: Int) {
        if unsupportedFeature == nil { unsupportedFeature = UnsupportedFeature(name: feature, offset: offset) }
    }

    private mutating func checkTableType(_ type: TableType, at offset: Int) {
        checkReferenceType(type.elementType, at: offset)
        checkTableElementType(type.elementType, at: offset)
    }

    /// Function references (typed and non-nullable references to functions and externals, with
    /// their bottoms) and exception references are lowered; GC's heap types are not.
    private mutating func checkReferenceType(_ type: ReferenceType, at offset: Int) {
        switch type.heapType {
        case .concrete, .abstract(.funcRef), .abstract(.externRef), .abstract(.noFunc), .abstract(.noExtern),
            .abstract(.exnRef), .abstract(.noExn):
            break
        case .abstract: noteUnsupported("gc", at: offset)
        }
    }

    private mutating func checkValueType(_ type: ValueType, at offset: Int) {
        switch type {
        case .i32, .i64, .f32, .f64, .v128: break
        case .ref(let ref): checkReferenceType(ref, at: offset)
        }
    }
}
