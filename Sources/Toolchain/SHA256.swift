/// SHA-256 (FIPS 180-4), for content-addressed object names: a cached object is reused only
/// when its key matches, so the hash must not collide in practice.
/// <https://nvlpubs.nist.gov/nistpubs/FIPS/NIST.FIPS.180-4.pdf>
struct SHA256 {
    private static let k: [UInt32] = [
        0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5, 0x3956_c25b, 0x59f1_11f1, 0x923f_82a4, 0xab1c_5ed5,
        0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3, 0x72be_5d74, 0x80de_b1fe, 0x9bdc_06a7, 0xc19b_f174,
        0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc, 0x2de9_2c6f, 0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da,
        0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7, 0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967,
        0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc, 0x5338_0d13, 0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85,
        0xa2bf_e8a1, 0xa81a_664b, 0xc24b_8b70, 0xc76c_51a3, 0xd192_e819, 0xd699_0624, 0xf40e_3585, 0x106a_a070,
        0x19a4_c116, 0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5, 0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f, 0x682e_6ff3,
        0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208, 0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7, 0xc671_78f2,
    ]

    private var state: [UInt32] = [
        0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a, 0x510e_527f, 0x9b05_688c, 0x1f83_d9ab, 0x5be0_cd19,
    ]
    /// Bytes not yet compressed (fewer than 64).
    private var pending: [UInt8] = []
    /// Bytes compressed so far.
    private var length: UInt64 = 0
    /// The message schedule, reused by every block.
    private var schedule = [UInt32](repeating: 0, count: 64)

    /// Adds `bytes` to the message.
    mutating func update(_ bytes: some Collection<UInt8>) {
        pending.append(contentsOf: bytes)
        let blocks = pending.count / 64
        guard blocks > 0 else { return }
        pending.withUnsafeBufferPointer { buffer in
            for block in 0..<blocks { compress(buffer, at: block * 64) }
        }
        pending.removeFirst(blocks * 64)
        length += UInt64(blocks) * 64
    }

    /// Adds a string's UTF-8 bytes and its length (so a sequence of strings hashes unambiguously).
    mutating func update(field: String) {
        var text = field
        update(Array(String(text.utf8.count).utf8) + [0])
        text.withUTF8 { update($0) }
    }

    /// The digest, as 64 lowercase hex digits.
    mutating func hexDigest() -> String {
        let bits = (length + UInt64(pending.count)) * 8
        var tail = pending + [0x80]
        while tail.count % 64 != 56 { tail.append(0) }
        tail += (0..<8).reversed().map { UInt8(truncatingIfNeeded: bits >> (UInt64($0) * 8)) }
        tail.withUnsafeBufferPointer { buffer in
            for block in stride(from: 0, to: buffer.count, by: 64) { compress(buffer, at: block) }
        }
        pending = []
        return state.map { word in
            let hex = String(word, radix: 16)
            return String(repeating: "0", count: 8 - hex.count) + hex
        }.joined()
    }

    /// Compresses the 64 bytes of `buffer` at `offset` into the state. Written with plain
    /// locals and pointers so it stays fast in debug builds, where tests hash megabytes of C.
    private mutating func compress(_ buffer: UnsafeBufferPointer<UInt8>, at offset: Int) {
        guard let bytes = buffer.baseAddress.map({ $0 + offset }) else { return }
        schedule.withUnsafeMutableBufferPointer { schedule in
            guard let w = schedule.baseAddress else { return }
            for i in 0..<16 {
                w[i] = UInt32(bytes[i * 4]) << 24 | UInt32(bytes[i * 4 + 1]) << 16
                    | UInt32(bytes[i * 4 + 2]) << 8 | UInt32(bytes[i * 4 + 3])
            }
            for i in 16..<64 {
                let x = w[i - 15]
                let y = w[i - 2]
                let s0 = (x >> 7 | x << 25) ^ (x >> 18 | x << 14) ^ (x >> 3)
                let s1 = (y >> 17 | y << 15) ^ (y >> 19 | y << 13) ^ (y >> 10)
                w[i] = w[i - 16] &+ s0 &+ w[i - 7] &+ s1
            }
            state.withUnsafeMutableBufferPointer { state in
                Self.k.withUnsafeBufferPointer { constants in
                    guard let h = state.baseAddress, let k = constants.baseAddress else { return }
                    var a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7]
                    for i in 0..<64 {
                        let s1 = (e >> 6 | e << 26) ^ (e >> 11 | e << 21) ^ (e >> 25 | e << 7)
                        let t1 = hh &+ s1 &+ ((e & f) ^ (~e & g)) &+ k[i] &+ w[i]
                        let s0 = (a >> 2 | a << 30) ^ (a >> 13 | a << 19) ^ (a >> 22 | a << 10)
                        let t2 = s0 &+ ((a & b) ^ (a & c) ^ (b & c))
                        hh = g
                        g = f
                        f = e
                        e = d &+ t1
                        d = c
                        c = b
                        b = a
                        a = t1 &+ t2
                    }
                    h[0] &+= a
                    h[1] &+= b
                    h[2] &+= c
                    h[3] &+= d
                    h[4] &+= e
                    h[5] &+= f
                    h[6] &+= g
                    h[7] &+= hh
                }
            }
        }
    }
}
