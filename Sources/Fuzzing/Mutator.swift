import WasmModule
/// A small deterministic generator (SplitMix64): the same seed gives the same inputs on every
/// machine, so a test's fuzz run is repeatable.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Makes new inputs from seed modules by byte-level mutations that suit the binary format:
/// bit flips, boundary values, LEB128 numbers of every length, inserted, deleted and repeated
/// runs (a repeated `block` opcode nests deeper), and splices from another seed.
/// Used by the test suite's short run and by `bs-aot-fuzz --loop`; `scripts/fuzz.sh` uses
/// libFuzzer's own mutations, which are guided by coverage.
public struct Mutator: Sendable {
    public var seeds: [[UInt8]]
    public var random: SplitMix64
    /// Inputs are cut to this many bytes.
    public var maximumLength: Int

    public init(seeds: [[UInt8]], seed: UInt64, maximumLength: Int = 1 << 16) {
        self.seeds = seeds.isEmpty ? [[0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00]] : seeds
        random = SplitMix64(seed: seed)
        self.maximumLength = maximumLength
    }

    /// The next input: a seed with one to four mutations.
    public mutating func next() -> [UInt8] {
        var bytes = seeds[Int.random(in: 0..<seeds.count, using: &random)]
        for _ in 0..<Int.random(in: 1...4, using: &random) { mutate(&bytes) }
        if bytes.count > maximumLength { bytes.removeLast(bytes.count - maximumLength) }
        return bytes
    }

    private static let boundaryBytes: [UInt8] = [0x00, 0x01, 0x02, 0x0b, 0x3f, 0x40, 0x41, 0x7f, 0x80, 0xfe, 0xff]

    private mutating func position(in bytes: [UInt8]) -> Int {
        bytes.isEmpty ? 0 : Int.random(in: 0..<bytes.count, using: &random)
    }

    private mutating func mutate(_ bytes: inout [UInt8]) {
        let at = position(in: bytes)
        switch Int.random(in: 0..<9, using: &random) {
        case 0 where !bytes.isEmpty:
            bytes[at] ^= 1 << UInt8.random(in: 0..<8, using: &random)
        case 1 where !bytes.isEmpty:
            bytes[at] = Self.boundaryBytes.randomElement(using: &random) ?? 0
        case 2 where !bytes.isEmpty:
            bytes[at] = UInt8.random(in: 0...255, using: &random)
        case 3:
            let count = Int.random(in: 1...8, using: &random)
            bytes.insert(contentsOf: (0..<count).map { _ in UInt8.random(in: 0...255, using: &random) }, at: at)
        case 4 where !bytes.isEmpty:
            let count = min(Int.random(in: 1...16, using: &random), bytes.count - at)
            bytes.removeSubrange(at..<(at + count))
        case 5 where !bytes.isEmpty:
            // Repeat a short run: nested blocks, long vectors, repeated sections.
            let length = min(Int.random(in: 1...4, using: &random), bytes.count - at)
            let run = Array(bytes[at..<(at + length)])
            let times = [2, 3, 16, 100, 1000].randomElement(using: &random) ?? 2
            bytes.insert(contentsOf: Array([[UInt8]](repeating: run, count: times).joined()), at: at)
        case 6:
            // A LEB128 number, replacing what is there: counts, sizes, indices, immediates.
            let value: UInt64 = [0, 1, 0x7f, 0x80, 0x3fff, 0xffff, 0x10000, 0xffff_ffff, 0x1_0000_0000, UInt64.max]
                .randomElement(using: &random) ?? 0
            var leb = LEB128.unsigned(value)
            if Bool.random(using: &random) { leb = paddedLEB(leb) }
            let count = min(leb.count, bytes.count - at)
            bytes.replaceSubrange(at..<(at + count), with: leb)
        case 7:
            // Splice a run of another seed in.
            let other = seeds[Int.random(in: 0..<seeds.count, using: &random)]
            guard !other.isEmpty else { return }
            let from = Int.random(in: 0..<other.count, using: &random)
            let length = min(Int.random(in: 1...64, using: &random), other.count - from)
            let count = min(Int.random(in: 0...64, using: &random), bytes.count - at)
            bytes.replaceSubrange(at..<(at + count), with: other[from..<(from + length)])
        case 8 where bytes.count > 8:
            bytes.removeLast(Int.random(in: 1...min(64, bytes.count - 8), using: &random))
        default:
            bytes.append(UInt8.random(in: 0...255, using: &random))
        }
    }

    /// The same number in one more byte (a redundant continuation), up to the 10-byte maximum.
    private func paddedLEB(_ leb: [UInt8]) -> [UInt8] {
        guard leb.count < 10, let last = leb.last else { return leb }
        return leb.dropLast() + [last | 0x80, 0x00]
    }
}
