import Foundation
import Validator
import WasmModule
import WasmParser
import WasmTypes

/// Lowers a validated module: the header (instance struct and prototypes), the function units,
/// and the module unit (segments, instantiate, exports, the `bsrt_module` descriptor).
struct ModuleLowering {
    let context: ModuleContext
    let options: LoweringOptions
    var names: ModuleNames
    let layout: InstanceLayout
    /// Imports the runtime lacks, bound to trapping stubs (`allowUnsupported`), by function index.
    var stubs: [UInt32: String] = [:]
    /// Host calls after which pending signals go to the guest's handler, by function index,
    /// with the runtime symbol each wraps (see `bindHostImports`).
    var signalPolledCalls: [UInt32: String] = [:]
    /// Defined functions with a tail entry (FunctionLowering+TailCalls.swift): the uniform ones,
    /// whose body is the entry, and the others, which get a small entry that calls them.
    var tailEntries: [UInt32: TailEntry] = [:]

    enum TailEntry { case body, forwarder }

    /// The kinds of `call_indirect` the bodies make, and which tables are constant
    /// (ModuleLowering+CallTargets.swift); known once every body is lowered.
    var indirectCalls: Set<IndirectCall> = []
    var constantTables = ConstantTables()

    var module: Module { context.module }
    var prefix: String { options.symbolPrefix }

    init(context: ModuleContext, options: LoweringOptions) throws(LoweringError) {
        self.context = context
        self.options = options
        names = ModuleNames(prefix: options.symbolPrefix, module: context.module)
        let bindsHost = if case .dynamic = options.hostImports { false } else { true }
        // An executable (a `main` over host-bound imports) instantiates its module once.
        let isExecutable = if case .bindHost = options.hostImports { options.emitMain } else { false }
        layout = InstanceLayout(
            prefix: options.symbolPrefix, context: context, hostProvidesMemories: bindsHost, isSingleton: isExecutable)
        switch options.hostImports {
        case .bindHost(let allowUnsupported): try bindHostImports(allowUnsupported: allowUnsupported)
        case .library: try bindHostImports(allowUnsupported: false, embedderSuppliesFunctions: true)
        case .dynamic: break
        }
    }

    /// Resolves every import against the runtime's host functions.
    ///
    /// Two rules make one module's imports agree with each other, as Wasmer's single import
    /// object does:
    /// - In a WASIX module (one that imports anything from `wasix_32v1`/`wasix_64v1`), a
    ///   `wasi_snapshot_preview1` import binds to its `wasix_32v1` twin when that has the same
    ///   signature: wasix-libc imports `fd_renumber` and `proc_raise` from preview1 and relies on
    ///   WASIX's meaning (a copy, as dup2; Linux signal numbers). Every other module keeps
    ///   preview1's meaning (`fd_renumber` moves, as wasmtime and wasi-testsuite expect).
    /// - A module that registers a signal callback (imports `callback_signal`) calls each host
    ///   function through a wrapper that afterwards hands pending signals to that callback, so
    ///   a signal arrives at the next host call, never in the middle of WASM code.
    ///
    /// With `embedderSuppliesFunctions` (a library), a function import the runtime lacks stays
    /// unbound here: the embedder's host function is bound to it at instantiation.
    private mutating func bindHostImports(
        allowUnsupported: Bool, embedderSuppliesFunctions: Bool = false
    ) throws(LoweringError) {
        var unsupported: [String] = []
        var functionIndex: UInt32 = 0
        let isWASIX = module.imports.contains { $0.module == "wasix_32v1" || $0.module == "wasix_64v1" }
        let deliversSignals = module.imports.contains {
            ($0.module == "wasix_32v1" || $0.module == "wasix_64v1") && $0.name == "callback_signal"
        }
        for entry in module.imports {
            let qualified = "\(entry.module).\(entry.name)"
            // A WASI program that imports its memory (wasm-ld --import-memory, as every
            // wasi-threads and wasix-libc program does) gets a fresh one of the declared type.
            if case .memory = entry.descriptor, entry.module == "env" { continue }
            guard case .function(let typeIndex) = entry.descriptor else {
                unsupported.append(qualified)
                continue
            }
            defer { functionIndex += 1 }
            let declared = context.types[Int(typeIndex)]
            if var binding = HostImportTable.entry(module: entry.module, name: entry.name) {
                if isWASIX, entry.module == "wasi_snapshot_preview1",
                   let twin = HostImportTable.entry(module: "wasix_32v1", name: entry.name), twin.signature == binding.signature {
                    binding = twin
                }
                guard declared.signature == binding.signature else {
                    throw .importTypeMismatch(name: qualified, declared: declared.signature, expected: binding.signature)
                }
                let memoryWidth = context.memories.first.map { $0.isMemory64 ? 8 : 4 }
                if let memoryWidth, memoryWidth != binding.pointerWidth {
                    throw .pointerWidthMismatch(name: qualified, importWidth: binding.pointerWidth, memoryWidth: memoryWidth)
                }
                if deliversSignals && !binding.neverReturns {
                    names.hostCalls[functionIndex] = "\(prefix)_host\(functionIndex)"
                    signalPolledCalls[functionIndex] = binding.symbol
                } else {
                    names.hostCalls[functionIndex] = binding.symbol
                }
            } else if embedderSuppliesFunctions {
                continue
            } else if allowUnsupported {
                let stub = "\(prefix)_stub\(functionIndex)"
                names.hostCalls[functionIndex] = stub
                stubs[functionIndex] = qualified
            } else {
                unsupported.append(qualified)
            }
        }
        if !unsupported.isEmpty {
            throw embedderSuppliesFunctions ? .unsupportedLibraryImports(unsupported) : .unsupportedImports(unsupported)
        }
    }

    mutating func lower() throws(LoweringError) -> CModule {
        var functionUnits: [CFile] = []
        var features = Set<String>()
        let debugLines = options.sourceLocations ? DebugLines(sections: module.debugSections) : nil
        var tailTargets = Set<UInt32>()
        var indirectTailTypes = Set<String>()
        // The runtime reads table 0 for these WASIX calls, and dlsym appends to it
        // (runtime-c/src/wasix/dl.c), so it is never constant then.
        var writtenTables: Set<UInt32> = readsFunctionTable ? [0] : []
        var current = ""
        var count = 0
        func flush() {
            guard !current.isEmpty else { return }
            functionUnits.append(CFile(name: "\(prefix)_funcs\(functionUnits.count).c",
                                       contents: "#include \"\(prefix).h\"\n\n" + current))
            current = ""
            count = 0
        }
        let lowered = lowerFunctionsInParallel(debugLines: debugLines)
        for defined in 0..<module.functionTypeIndices.count {
            let index = UInt32(context.importedFunctionCount + defined)
            if startsUnit(index, count: count, size: current.utf8.count) { flush() }
            // In index order, so the first failing function is the one reported, as before.
            let function = try lowered[defined].get()
            current += function.text + "\n"
            features.formUnion(function.features)
            if function.isUniform { tailEntries[index] = .body }
            tailTargets.formUnion(function.tailEntryTargets)
            indirectTailTypes.formUnion(function.indirectTailTypes)
            writtenTables.formUnion(function.writtenTables)
            indirectCalls.formUnion(function.indirectCalls)
            count += 1
        }
        flush()
        constantTables = ConstantTables(context: context, writtenTables: writtenTables)
        // A function a uniform tail call may reach gets a tail entry: every direct target, and
        // every function whose type an indirect one names.
        for (defined, typeIndex) in module.functionTypeIndices.enumerated() {
            let index = UInt32(context.importedFunctionCount + defined)
            guard tailEntries[index] == nil else { continue }
            let type = context.types[Int(typeIndex)]
            if tailTargets.contains(index)
                || (indirectTailTypes.contains(type.signature) && type.parameters.count <= FunctionLowering.maxTailArguments) {
                tailEntries[index] = .forwarder
            }
        }
        if tailEntries.values.contains(where: { $0 == .forwarder }) {
            functionUnits.append(CFile(name: "\(prefix)_tail.c", contents: "#include \"\(prefix).h\"\n\n" + tailForwarders()))
        }
        let usesExceptions = features.contains("exception-handling") || features.contains("legacy-exceptions")
        var files = [CFile(name: "\(prefix).h", contents: header(usesExceptions: usesExceptions)), CFile(name: "\(prefix).c", contents: moduleUnit())]
        files += functionUnits
        if case .library(let name) = options.hostImports {
            let interface = LibraryInterface(lowering: self, name: name)
            files += [CFile(name: "\(name).h", contents: interface.header()), CFile(name: "\(name)_lib.c", contents: interface.unit())]
        } else if options.emitMain {
            files.append(CFile(name: "\(prefix)_main.c", contents: options.launch.mainUnit(prefix: prefix)))
        }
        return CModule(files: files, instructionFeatures: features.sorted())
    }

    /// What lowering one function produced (the C definition and what the module needs for it).
    struct LoweredFunction {
        var text: String
        var features: Set<String>
        var isUniform: Bool
        var tailEntryTargets: Set<UInt32>
        var indirectTailTypes: Set<String>
        var writtenTables: Set<UInt32>
        var indirectCalls: Set<IndirectCall>
    }

    /// Lowers every defined function, on all cores: each function's lowering reads only the
    /// module-wide tables (value types, never mutated here) and writes its own result.
    private func lowerFunctionsInParallel(debugLines: DebugLines?) -> [Result<LoweredFunction, LoweringError>] {
        let count = module.functionTypeIndices.count
        var results = [Result<LoweredFunction, LoweringError>](
            repeating: .failure(.limit("not lowered")), count: count)
        let context = context, names = names, layout = layout
        let imported = context.importedFunctionCount
        let workers = min(max(1, ProcessInfo.processInfo.activeProcessorCount), max(1, count))
        results.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let output = buffer
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                // Strided, so that big and small functions spread over the workers.
                for defined in stride(from: worker, to: count, by: workers) {
                    let index = UInt32(imported + defined)
                    do throws(TranslationError) {
                        var function = try FunctionLowering(context: context, names: names, layout: layout, functionIndex: index)
                        if let debugLines { function.debugLines = debugLines }
                        let text = try function.lower()
                        output[defined] = .success(LoweredFunction(
                            text: text, features: function.features, isUniform: function.isUniform,
                            tailEntryTargets: function.tailEntryTargets, indirectTailTypes: function.indirectTailTypes,
                            writtenTables: function.writtenTables, indirectCalls: function.indirectCalls))
                    } catch {
                        output[defined] = .failure(LoweringError(error))
                    }
                }
            }
        }
        return results
    }

    /// Whether function `index` begins a new unit, after `count` functions (`size` bytes of C)
    /// in the current one. Boundaries fall where a function's own name hashes to a multiple of
    /// 64 (content-defined, as in chunking file systems): a changed body changes its unit only,
    /// and an inserted or removed function moves at most the boundaries next to it, so a
    /// rebuild finds the other units' objects in the cache. `functionsPerUnit` bounds a unit's
    /// length, a quarter of it is the least that a name's boundary may cut, and 2 MB of C bounds
    /// its size (one huge function per unit keeps compiles parallel).
    private func startsUnit(_ index: UInt32, count: Int, size: Int) -> Bool {
        guard count > 0 else { return false }
        if count >= options.functionsPerUnit || size > 2_000_000 { return true }
        guard count >= max(1, options.functionsPerUnit / 4) else { return false }
        // FNV-1a: Swift's Hasher is seeded per process, and units must be the same in every run.
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in names.displayName(ofFunction: index).utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return hash % 64 == 0
    }

    // MARK: - Header

    private func header(usesExceptions: Bool) -> String {
        var out = "/* Generated by bs-aot from \(module.names.module.map(cComment) ?? "a WebAssembly module"). */\n"
        out += "#ifndef \(prefix.uppercased())_H\n#define \(prefix.uppercased())_H\n"
        out += "#include \"bsrt_ops.h\"\n#include \"bsrt_wasi.h\"\n"
        if usesExceptions { out += "#include \"bsrt_eh.h\"\n" }
        // A WASM function may recurse forever: that is defined (it traps), not a bug to warn about.
        out += "#pragma GCC diagnostic ignored \"-Winfinite-recursion\"\n\n"
        out += resultsStructs()
        out += layout.structDeclarations(elementLengths: module.elements.map(\.initializer.count), dataCount: module.data.count)
        out += "extern const bsrt_module \(prefix)_module;\n"
        // Hidden: defined in this executable, so clang addresses it directly (rip-relative),
        // not through the GOT as it must an extern object under -fPIE.
        if layout.isSingleton {
            out += "extern __attribute__((visibility(\"hidden\"))) \(layout.instanceType) \(layout.singletonName);\n"
        }
        for index in module.data.indices { out += "extern const uint8_t \(names.dataSegment(UInt32(index)))[];\n" }
        for (defined, typeIndex) in module.functionTypeIndices.enumerated() {
            let type = context.types[Int(typeIndex)]
            let parameters = (["bsrt_instance *self"] + type.parameters.enumerated().map { "\($0.element.cType) l\($0.offset)" })
            let index = UInt32(context.importedFunctionCount + defined)
            out += "\(type.cReturnType) \(names.function(index))(\(parameters.joined(separator: ", ")));\n"
            if tailEntries[index] != nil { out += "\(type.cReturnType) \(names.tailEntry(index))(bsrt_instance *self);\n" }
        }
        out += indirectCallDefinitions()
        for (index, qualified) in stubs.sorted(by: { $0.key < $1.key }) {
            let type = context.types[Int(context.functionTypeIndices[Int(index)])]
            let parameters = (["bsrt_instance *self"] + type.parameters.enumerated().map { "\($0.element.cType) a\($0.offset)" })
            let parts = qualified.split(separator: ".", maxSplits: 1).map(String.init)
            out += """
                static inline \(type.cReturnType) \(prefix)_stub\(index)(\(parameters.joined(separator: ", "))) {
                  (void)self;\(type.parameters.indices.map { " (void)a\($0);" }.joined()) bsrt_trap_unsupported_import(\(cStringLiteral(parts[0])), \(cStringLiteral(parts.count > 1 ? parts[1] : "")));
                }

                """
        }
        for (index, symbol) in signalPolledCalls.sorted(by: { $0.key < $1.key }) {
            let type = context.types[Int(context.functionTypeIndices[Int(index)])]
            let parameters = (["bsrt_instance *self"] + type.parameters.enumerated().map { "\($0.element.cType) a\($0.offset)" })
            let call = "\(symbol)(\((["self"] + type.parameters.indices.map { "a\($0)" }).joined(separator: ", ")))"
            let body = type.results.isEmpty
                ? "\(call); bsrt_wasix_signals_poll(self);"
                : "\(type.cReturnType) r = \(call); bsrt_wasix_signals_poll(self); return r;"
            out += "static inline \(type.cReturnType) \(prefix)_host\(index)(\(parameters.joined(separator: ", "))) { \(body) }\n"
        }
        out += "#endif\n"
        return out
    }

    /// The tail entries of functions that are not uniform themselves: each reads its arguments
    /// from `bsrt_tail_args` and calls the function (which makes no tail call of another
    /// signature, so the chain stays one frame deep).
    private func tailForwarders() -> String {
        var out = ""
        for (index, entry) in tailEntries.sorted(by: { $0.key < $1.key }) where entry == .forwarder {
            let type = context.types[Int(context.functionTypeIndices[Int(index)])]
            out += "\(type.cReturnType) \(names.tailEntry(index))(bsrt_instance *self) {\n"
            for (position, parameter) in type.parameters.enumerated() {
                out += "  \(parameter.cType) a\(position); memcpy(&a\(position), &bsrt_tail_args[\(position)], sizeof a\(position));\n"
            }
            let arguments = (["self"] + type.parameters.indices.map { "a\($0)" }).joined(separator: ", ")
            out += "  return \(names.function(index))(\(arguments));\n}\n\n"
        }
        return out
    }

    /// `struct bsrt_results_<letters>` for every multi-result type, guarded so modules can share.
    private func resultsStructs() -> String {
        var seen = Set<String>()
        var out = ""
        for type in context.types where type.results.count > 1 {
            let letters = type.results.map(\.letter).joined()
            guard seen.insert(letters).inserted else { continue }
            out += "#ifndef BSRT_RESULTS_\(letters)\n#define BSRT_RESULTS_\(letters)\nstruct bsrt_results_\(letters) {"
            for (index, result) in type.results.enumerated() { out += " \(result.cType) r\(index);" }
            out += " };\n#endif\n"
        }
        return out + (out.isEmpty ? "" : "\n")
    }
}
