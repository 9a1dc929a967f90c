import Foundation

/// A fuzz run without libFuzzer: mutated seeds (``Mutator``) through ``translateFuzzInput(_:)``,
/// deterministic for a given seed. The test suite runs a short one; `bs-aot-fuzz --loop` runs one
/// from the command line.
public struct MutationLoop {
    public var mutator: Mutator
    /// Each input is written here before it is translated, so that a crash or a hang leaves the
    /// input that caused it behind (the process ends with it); nil to keep nothing.
    public var currentInputPath: String?
    public private(set) var executed = 0
    public private(set) var translated = 0
    /// Rejections, by the words before the first colon of their message ("malformed module"...).
    public private(set) var rejections: [String: Int] = [:]

    public init(seeds: [[UInt8]], seed: UInt64, currentInputPath: String? = nil) {
        mutator = Mutator(seeds: seeds, seed: seed)
        self.currentInputPath = currentInputPath
    }

    /// Runs `count` inputs, or until `deadline`. Stops at the first contract violation.
    public mutating func run(count: Int, until deadline: Date = .distantFuture) throws(FuzzContractViolation) {
        for _ in 0..<count {
            if Date() > deadline { break }
            let input = mutator.next()
            if let path = currentInputPath { keep(input, at: path) }
            executed += 1
            switch try translateFuzzInput(input) {
            case .translated: translated += 1
            case .rejected(let message):
                let kind = message.split(separator: ":", maxSplits: 1).first.map(String.init) ?? message
                rejections[kind, default: 0] += 1
            }
        }
    }
}

/// Writes `bytes` over the file at `path` (a plain write: an atomic replace would sync the disk
/// for every input).
private func keep(_ bytes: [UInt8], at path: String) {
    let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    guard descriptor >= 0 else { return }
    _ = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
    close(descriptor)
}

/// `bs-aot-fuzz` without libFuzzer (called by its `main`):
///
///     bs-aot-fuzz --extract-seeds SUITE_DIR OUT_DIR   # the spec suite's modules as seed files
///     bs-aot-fuzz --loop SECONDS SEED CORPUS_DIR...   # a mutation loop over the corpora
///     bs-aot-fuzz FILE...                             # translate each file, print the outcome
@_cdecl("bs_aot_fuzz_standalone")
public func standaloneMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    let arguments = (1..<Int(argc)).compactMap { argv?[$0].map { String(cString: $0) } }
    do {
        switch arguments.first {
        case "--extract-seeds" where arguments.count == 3:
            let count = try SeedExtraction.extract(fromSuite: arguments[1], into: arguments[2])
            print("bs-aot-fuzz: \(count) seed modules in \(arguments[2])")
        case "--loop" where arguments.count >= 4:
            guard let seconds = Double(arguments[1]), let seed = UInt64(arguments[2]) else { return usage() }
            let seeds = arguments.dropFirst(3).flatMap(SeedExtraction.readCorpus)
            var loop = MutationLoop(seeds: seeds, seed: seed, currentInputPath: "bs-aot-fuzz-current.wasm")
            let deadline = Date().addingTimeInterval(seconds)
            while Date() < deadline { try loop.run(count: 1000, until: deadline) }
            print("bs-aot-fuzz: \(loop.executed) inputs executed (\(loop.translated) translated), seed \(seed)")
        case nil, "--help", "-h": return usage()
        default:
            for path in arguments {
                guard let data = FileManager.default.contents(atPath: path) else {
                    print("\(path): cannot read")
                    continue
                }
                switch try translateFuzzInput([UInt8](data)) {
                case .translated(let size): print("\(path): translated (\(size) bytes of C)")
                case .rejected(let message): print("\(path): \(message)")
                }
            }
        }
    } catch {
        print("bs-aot-fuzz: \(error)")
        return 1
    }
    return 0
}

private func usage() -> Int32 {
    print("""
        usage: bs-aot-fuzz --extract-seeds SUITE_DIR OUT_DIR
               bs-aot-fuzz --loop SECONDS SEED CORPUS_DIR...
               bs-aot-fuzz FILE...
        (built by scripts/fuzz.sh with libFuzzer, it takes libFuzzer's arguments instead)
        """)
    return 2
}
