/// The observable behaviour of one module, as both sides of the differential test print it, one
/// event per line (the native driver prints exactly these lines; the reference side builds them):
///
///     instantiate ok | instantiate trap <reason>
///     call <export>
///     log <i32|i64|f32|f64> <hex bits>          (a call of fuzzing-support.log-*)
///     result [<letter>:<hex bits>]...           (i, I, f, F, r: the results)
///     trap <reason>
///     memory <bytes> <hash>                     (after every call: the exported "memory")
///
/// Trap reasons are the spec's wording; the reference interpreter's are mapped to it
/// (`TrapClass`). Float bits are compared exactly except that any NaN matches any NaN: the spec
/// leaves the sign and payload of an arithmetic NaN open.
struct CallLog: Equatable, Sendable {
    var lines: [String]

    /// The first line where `self` and `other` differ (with the two lines), or nil.
    func firstDifference(from other: CallLog) -> (line: Int, ours: String, reference: String)? {
        for index in 0..<max(lines.count, other.lines.count) {
            let a = index < lines.count ? lines[index] : "<nothing>"
            let b = index < other.lines.count ? other.lines[index] : "<nothing>"
            if !Self.sameEvent(a, b) { return (index + 1, a, b) }
        }
        return nil
    }

    /// Equal lines, or equal but for NaN bits in the same places, or two traps that are both
    /// right: an atomic access that is both misaligned and out of bounds traps as `unaligned
    /// atomic` in bs-aot (and binaryen), as `out of bounds memory access` in WasmKit; the
    /// threads proposal does not order the two checks.
    static func sameEvent(_ a: String, _ b: String) -> Bool {
        if a == b { return true }
        let eitherTrap: Set<String> = ["trap unaligned atomic", "trap out of bounds memory access"]
        if eitherTrap.contains(a) && eitherTrap.contains(b) { return true }
        let x = a.split(separator: " "), y = b.split(separator: " ")
        guard x.count == y.count, x.first == y.first, x.first == "log" || x.first == "result" else { return false }
        if x.first == "log" {
            return x[1] == y[1] && sameValue(letter: x[1] == "f32" ? "f" : x[1] == "f64" ? "F" : "i", String(x[2]), String(y[2]))
        }
        for (p, q) in zip(x.dropFirst(), y.dropFirst()) {
            let pa = p.split(separator: ":"), qa = q.split(separator: ":")
            guard pa.count == 2, qa.count == 2, pa[0] == qa[0] else { return false }
            if !sameValue(letter: String(pa[0]), String(pa[1]), String(qa[1])) { return false }
        }
        return true
    }

    private static func sameValue(letter: String, _ a: String, _ b: String) -> Bool {
        if a == b { return true }
        guard let p = UInt64(a, radix: 16), let q = UInt64(b, radix: 16) else { return false }
        switch letter {
        case "f": return Float(bitPattern: UInt32(truncatingIfNeeded: p)).isNaN && Float(bitPattern: UInt32(truncatingIfNeeded: q)).isNaN
        case "F": return Double(bitPattern: p).isNaN && Double(bitPattern: q).isNaN
        default: return false
        }
    }
}

/// Maps a trap message to the spec's wording, which bs-aot uses: WasmKit words some traps its own
/// way and adds details; `undefined element` (call_indirect) and `out of bounds table access`
/// (table.get/set/...) are one trap to WasmKit, so both become `out of bounds table access`.
enum TrapClass {
    static func reason(_ message: String) -> String {
        var text = message.split(separator: "\n").first.map(String.init) ?? message
        if text.hasPrefix("Trap: ") { text.removeFirst("Trap: ".count) }
        if text.hasPrefix("indirect call to null element") { return "uninitialized element" }
        if text.hasPrefix("indirect call type mismatch") { return "indirect call type mismatch" }
        if text.hasPrefix("out of bounds table access") || text == "undefined element" { return "out of bounds table access" }
        return text
    }
}

/// 64-bit FNV-style hash over the memory's 8-byte little-endian words (a memory is a whole number
/// of 64 KiB pages); the native driver computes the same in C.
func memoryHash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    let words = bytes.count / 8
    let base = bytes.baseAddress
    for index in 0..<words {
        let word = base!.loadUnaligned(fromByteOffset: index * 8, as: UInt64.self)
        hash = (hash ^ UInt64(littleEndian: word)) &* 0x0000_0100_0000_01b3
    }
    return hash
}
