import WasmTypes

/// The type of each element segment as Wasm 3.0 defines it, where WasmParser's differs: a
/// segment written as a list of function indices is `(ref func)` (its items can never be null),
/// and a segment of expressions has the reference type it declares, non-nullable ones included;
/// WasmParser reports `funcref` for the first and the nullable form for the second. nil for a
/// segment whose type WasmParser gets right (an implied `funcref`); the whole result is nil when
/// a segment is not in a form this knows (the caller then keeps WasmParser's types).
/// <https://webassembly.github.io/spec/core/binary/modules.html#element-section>
func elementSegmentTypes(_ section: ArraySlice<UInt8>) -> [ReferenceType?]? {
    var reader = ByteReader(bytes: section)
    guard let count = reader.unsigned() else { return nil }
    var forms: [ReferenceType?] = []
    for _ in 0..<count {
        guard let flags = reader.unsigned(), flags <= 7 else { return nil }
        let usesExpressions = flags & 4 != 0
        // Bit 1 with bit 0 clear: an explicit table index.
        if flags & 3 == 2, reader.unsigned() == nil { return nil }
        // Bit 0 clear: active, with an offset expression.
        if flags & 1 == 0, !reader.skipConstantExpression() { return nil }
        // Every form but 0 and 4 names an element kind (index lists) or a reference type.
        var declared: ReferenceType?
        if flags & 3 != 0 {
            if usesExpressions {
                guard let type = reader.referenceType() else { return nil }
                declared = type
            } else if reader.byte() == nil {
                return nil
            }
        }
        guard let items = reader.unsigned() else { return nil }
        for _ in 0..<items {
            if usesExpressions {
                guard reader.skipConstantExpression() else { return nil }
            } else if reader.unsigned() == nil {
                return nil
            }
        }
        forms.append(usesExpressions ? declared : ReferenceType(isNullable: false, heapType: .funcRef))
    }
    return forms
}

/// Little-endian LEB128 reading over a section's bytes; every read returns nil past the end.
private struct ByteReader {
    var bytes: ArraySlice<UInt8>

    mutating func byte() -> UInt8? { bytes.popFirst() }

    /// An unsigned LEB128 of up to 64 bits (also skips a signed one).
    mutating func unsigned() -> UInt64? {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while let byte = byte() {
            if shift < 64 { value |= UInt64(byte & 0x7f) << shift }
            if byte & 0x80 == 0 { return value }
            shift += 7
            if shift > 70 { return nil }
        }
        return nil
    }

    mutating func skip(_ count: Int) -> Bool {
        guard bytes.count >= count else { return false }
        bytes.removeFirst(count)
        return true
    }

    /// A reference type: a one-byte shorthand (nullable), or 0x63 (nullable) / 0x64 and a heap
    /// type; nil for one this does not know.
    mutating func referenceType() -> ReferenceType? {
        guard let first = byte() else { return nil }
        guard first == 0x63 || first == 0x64 else { return Self.abstractHeap(first).map { ReferenceType(isNullable: true, heapType: $0) } }
        guard let heapByte = bytes.first else { return nil }
        let heap: HeapType
        if heapByte & 0x40 != 0 {  // a negative s33: an abstract heap type in one byte
            guard let byte = byte(), let abstract = Self.abstractHeap(byte) else { return nil }
            heap = abstract
        } else {
            guard let index = unsigned(), index <= UInt64(UInt32.max) else { return nil }
            heap = .concrete(typeIndex: UInt32(index))
        }
        return ReferenceType(isNullable: first == 0x63, heapType: heap)
    }

    private static func abstractHeap(_ byte: UInt8) -> HeapType? {
        switch byte {
        case 0x70: .abstract(.funcRef)
        case 0x6f: .abstract(.externRef)
        case 0x73: .abstract(.noFunc)
        case 0x72: .abstract(.noExtern)
        case 0x69: .abstract(.exnRef)
        case 0x74: .abstract(.noExn)
        default: nil
        }
    }

    /// The constant instructions up to and including `end` (0x0b); false for anything else.
    mutating func skipConstantExpression() -> Bool {
        while let opcode = byte() {
            switch opcode {
            case 0x0b: return true
            case 0x41, 0x42, 0xd0, 0xd2, 0x23: if unsigned() == nil { return false }
            case 0x43: if !skip(4) { return false }
            case 0x44: if !skip(8) { return false }
            case 0x6a, 0x6b, 0x6c, 0x7c, 0x7d, 0x7e: continue
            case 0xfd: if unsigned() == nil || !skip(16) { return false }  // v128.const
            default: return false
            }
        }
        return false
    }
}
