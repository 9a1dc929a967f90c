import Foundation
import Fuzzing
import Lowering
import TestSupport
import Testing
import WasmModule

/// The fuzz target in the test suite: a short, deterministic mutation run (`scripts/fuzz.sh`
/// runs libFuzzer for minutes), and every input a fuzz run or a review found, kept as a
/// regression test.
@Suite struct FuzzTests {
    /// Seeds: the checked-in corpus (`fuzz/corpus/*.wast`) and a few of the spec suite's scripts
    /// when the suite is there.
    static func seeds() -> [[UInt8]] {
        var scripts = ((try? FileManager.default.contentsOfDirectory(atPath: corpusDirectory.path)) ?? [])
            .filter { $0.hasSuffix(".wast") }.sorted().map { corpusDirectory.appendingPathComponent($0) }
        let suite = repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/spec-testsuite")
        scripts += ["br_table.wast", "call_indirect.wast", "memory_grow.wast", "binary.wast", "ref_func.wast"]
            .map { suite.appendingPathComponent($0) }
        return scripts.flatMap { url in
            (try? String(contentsOf: url, encoding: .utf8)).map(SeedExtraction.modules) ?? []
        }
    }

    static let corpusDirectory = repositoryRoot.appendingPathComponent("fuzz/corpus")

    /// Every mutated input translates or is refused with one line; a crash or a hang would end
    /// (or stall) the test process, with the input left in the scratch directory.
    @Test func shortFuzzRunWithAFixedSeed() throws {
        let seeds = Self.seeds()
        #expect(seeds.count >= 7, "the checked-in corpus has 7 modules")
        let current = try makeScratchDirectory("fuzz").appendingPathComponent("current.wasm").path
        var loop = MutationLoop(seeds: seeds, seed: 20261206, currentInputPath: current)
        try loop.run(count: 3000)
        print("fuzz: \(loop.executed) inputs, \(loop.translated) translated, rejections \(loop.rejections.sorted { $0.key < $1.key })")
        #expect(loop.executed == 3000)
        #expect(loop.translated > 0, "some mutants are still valid modules")
    }

    /// The seeds themselves: each checked-in corpus module translates.
    @Test func corpusModulesTranslate() throws {
        let text = try String(contentsOf: Self.corpusDirectory.appendingPathComponent("features.wast"), encoding: .utf8)
        for (index, module) in SeedExtraction.modules(inScript: text).enumerated() {
            let outcome = try translateFuzzInput(module)
            guard case .translated = outcome else {
                Issue.record("corpus module \(index): \(outcome)")
                continue
            }
        }
    }

    /// Fuzz finding (the first minute of the mutation loop): an import whose name holds a
    /// newline made a two-line error (`unsupported imports: test\u{1}memory6\n-2(4...`). Names
    /// in errors now have their control characters escaped.
    @Test func importNameWithANewlineGivesOneLine() throws {
        var module = WasmBytes.header
        let name = Array("a\nb\u{1}".utf8)
        // (import "env" "a\nb\x01" (func (type 0)))
        module += WasmBytes.section(1, WasmBytes.vector([[0x60, 0x00, 0x00]]))
        module += WasmBytes.section(2, WasmBytes.vector([WasmBytes.leb(3) + Array("env".utf8) + WasmBytes.leb(name.count) + name + [0x00, 0x00]]))
        do {
            _ = try lower(try decodeModule(module))
            Issue.record("an unknown host import must be refused")
        } catch {
            #expect("\(error)" == "unsupported imports: env.a\\u{a}b\\u{1} (use --allow-unsupported-imports to build with stubs that trap)")
        }
    }

    /// Found reading the code the fuzzer exercises: a function type's identity string spells
    /// every type it refers to, so a chain of types each taking two references to the one
    /// before doubled at every step; 40 types (a 300-byte module) asked for a terabyte and the
    /// translator never finished. Now refused with the limit.
    @Test func typeChainsThatDoubleAreRefused() throws {
        var types: [[UInt8]] = [[0x60, 0x00, 0x00]]
        for index in 1..<40 {
            let reference: [UInt8] = [0x63] + WasmBytes.leb(index - 1)  // (ref null $index-1)
            types.append([0x60, 0x02] + reference + reference + [0x00])
        }
        let module = WasmBytes.header + WasmBytes.section(1, WasmBytes.vector(types))
        guard case .rejected(let message) = try translateFuzzInput(module) else {
            Issue.record("the type chain must be refused")
            return
        }
        #expect(message.hasPrefix("type ") && message.contains("the limit is 1048576"), "\(message)")
        // A short chain is fine, and is spelled in full.
        let short = WasmBytes.header + WasmBytes.section(1, WasmBytes.vector(Array(types.prefix(8))))
        guard case .translated = try translateFuzzInput(short) else {
            Issue.record("eight types of the chain must translate")
            return
        }
    }

    /// Every input kept from a fuzz run (`Fixtures/fuzz/`, see its README): translated or refused
    /// with one line.
    @Test func keptFuzzInputsAreAnswered() throws {
        let directory = repositoryRoot.appendingPathComponent("Tests/RobustnessTests/Fixtures/fuzz")
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).filter { $0.hasSuffix(".wasm") }
        for name in names.sorted() {
            let bytes = try [UInt8](Data(contentsOf: directory.appendingPathComponent(name)))
            _ = try translateFuzzInput(bytes)
        }
    }
}
