import WasmModule
import WasmParser

/// A known fault of the reference: WasmKit 0.4.2's `memory.atomic.notify` checks neither that
/// the address is a multiple of 4 nor, on a shared memory, that it is in bounds (a shared
/// memory's bound is its whole guard-page reservation, and notify touches no byte that could
/// fault). The threads proposal traps in both cases, as bs-aot and binaryen do; WasmKit returns
/// 0 and runs on, so whatever the call does next happens in WasmKit only. Difftest seed 1
/// modules 1291 and 2483 (a misaligned notify, then `memory.init` or a store before a later
/// trap) and 2025 (a notify far out of bounds, then an `rmw8.xchg`) differed only in the memory
/// hash after that call; binaryen's memory matched bs-aot's byte for byte.
///
/// A module that still differs once de-NaNed is run again with every notify replaced by what
/// both engines do with a notify that does not trap on one thread (no waiters): drop the
/// operands, return 0. If that version agrees, the difference was only WasmKit's missing traps.
enum WasmKitNotify {
    /// `bytes` with each `memory.atomic.notify` (0xFE 0x00 memarg) overwritten in place by
    /// `drop drop i32.const 0` and `nop`s to its length (at least 4 bytes: the two opcode
    /// bytes, the alignment and the offset), so no size changes; nil when there is none or
    /// the module does not decode.
    static func neutralized(_ bytes: [UInt8]) -> [UInt8]? {
        guard let module = try? decodeModule(bytes) else { return nil }
        var out = bytes
        var found = false
        for code in module.codes {
            var parser = ExpressionParser(code: code)
            while true {
                let start = parser.offset
                guard (try? parser.parse()) != nil else { break }
                let end = parser.offset
                // The 0xFE prefix, then the sub-opcode as a LEB128 u32: notify is 0.
                guard bytes[start] == 0xFE, Self.isZero(bytes, from: start + 1), end - start >= 4 else { continue }
                out.replaceSubrange(start..<end, with: [0x1A, 0x1A, 0x41, 0x00] + Array(repeating: 0x01, count: end - start - 4))
                found = true
            }
        }
        return found ? out : nil
    }

    /// Whether the LEB128 at `offset` encodes 0 (binaryen writes it in one byte; any length).
    private static func isZero(_ bytes: [UInt8], from offset: Int) -> Bool {
        var index = offset
        while index < bytes.count {
            if bytes[index] & 0x7F != 0 { return false }
            if bytes[index] & 0x80 == 0 { return true }
            index += 1
        }
        return false
    }
}
