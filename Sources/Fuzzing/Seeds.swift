import Foundation
import WAT

/// Seed modules for the fuzzer: every module of every `.wast` script in a directory (modules,
/// `assert_invalid` and `assert_malformed` ones in binary and text form, `assert_trap` and
/// `assert_unlinkable` modules), as binaries. The spec suite stays where it is; only the
/// binaries go to the fuzzer's work directory.
public enum SeedExtraction {
    /// The binary of every module in the script `text` that encodes (a text module that the WAT
    /// encoder rejects is skipped: it is a test of the text format, not of the translator).
    public static func modules(inScript text: String) -> [[UInt8]] {
        guard var wast = try? parseWAST(text, features: .all) else { return [] }
        var modules: [[UInt8]] = []
        func add(_ source: ModuleSource) {
            switch source {
            case .binary(let bytes): modules.append(bytes)
            case .text(let wat): if let bytes = try? wat.encode() { modules.append(bytes) }
            case .quote(let text):
                if let bytes = try? wat2wasm(String(decoding: text, as: UTF8.self), features: .all) { modules.append(bytes) }
            }
        }
        while let (result, _) = wast.nextDirectiveResult() {
            guard case .success(let directive) = result else { continue }
            switch directive {
            case .module(let module): add(module.source)
            case .assertInvalid(let module, _), .assertMalformed(let module, _): add(module.source)
            case .assertUnlinkable(let wat, _): if let bytes = try? wat.encode() { modules.append(bytes) }
            case .assertTrap(.wat(let wat), _): if let bytes = try? wat.encode() { modules.append(bytes) }
            default: break
            }
        }
        return modules
    }

    /// Writes the modules of every `.wast` under `directory` (recursively) into `output` as
    /// `<script>.<n>.wasm`, skipping duplicates. Returns how many files it wrote.
    public static func extract(fromSuite directory: String, into output: String) throws -> Int {
        try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
        var seen = Set<[UInt8]>()
        var written = 0
        let enumerator = FileManager.default.enumerator(atPath: directory)
        var scripts: [String] = []
        while let path = enumerator?.nextObject() as? String {
            if path.hasSuffix(".wast") { scripts.append(path) }
        }
        for script in scripts.sorted() {
            guard let text = try? String(contentsOfFile: directory + "/" + script, encoding: .utf8) else { continue }
            let stem = String(script.dropLast(5)).replacing("/", with: "_")
            for (index, bytes) in modules(inScript: text).enumerated() where seen.insert(bytes).inserted {
                try Data(bytes).write(to: URL(fileURLWithPath: "\(output)/\(stem).\(index).wasm"))
                written += 1
            }
        }
        return written
    }

    /// The contents of every regular file in `directory` (not recursive), sorted by name.
    public static func readCorpus(_ directory: String) -> [[UInt8]] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.sorted().compactMap { name in
            FileManager.default.contents(atPath: directory + "/" + name).map { [UInt8]($0) }
        }
    }
}
