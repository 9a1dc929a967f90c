/// LEB128 encoding, as the binary format writes integers: for the modules bs-aot itself writes
/// (a synthetic body for WasmParser, the fuzzer's mutations) and for tests that build modules
/// byte by byte.
public enum LEB128 {
    /// The shortest unsigned encoding of `value` (which must not be negative).
    public static func unsigned<Value: BinaryInteger>(_ value: Value) -> [UInt8] {
        var value = UInt64(value)
        var out: [UInt8] = []
        repeat {
            var byte = UInt8(value & 0x7f)
            value >>= 7
            if value != 0 { byte |= 0x80 }
            out.append(byte)
        } while value != 0
        return out
    }

    /// The shortest signed encoding of `value`.
    public static func signed<Value: BinaryInteger>(_ value: Value) -> [UInt8] {
        var value = Int64(value)
        var out: [UInt8] = []
        while true {
            let byte = UInt8(value & 0x7f)
            value >>= 7
            if (value == 0 && byte & 0x40 == 0) || (value == -1 && byte & 0x40 != 0) {
                out.append(byte)
                return out
            }
            out.append(byte | 0x80)
        }
    }
}
