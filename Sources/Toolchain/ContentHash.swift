import Foundation

/// FNV-1a over a list of strings (each followed by a NUL), as 16 hex digits: the cache key of a
/// compiled runtime. Not cryptographic: it only has to tell honest inputs apart.
func contentHash(_ parts: [String]) -> String {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for part in parts {
        for byte in part.utf8 + [0] {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
    }
    let hex = String(hash, radix: 16)
    return String(repeating: "0", count: 16 - hex.count) + hex
}

/// The SHA-256 of a file's bytes, as 64 hex digits, or nil when it cannot be read.
public func sha256HexDigest(ofFileAt path: String) -> String? {
    guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
    defer { try? handle.close() }
    var hash = SHA256()
    while let chunk = try? handle.read(upToCount: 1 << 20), !chunk.isEmpty { hash.update([UInt8](chunk)) }
    return hash.hexDigest()
}
