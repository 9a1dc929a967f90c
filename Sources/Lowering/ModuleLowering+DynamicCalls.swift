import Validator
import WasmModule
import WasmParser
import WasmTypes

// What the runtime's WASIX FFI and dl calls (runtime-c/src/wasix/ffi.c, dl.c) need from a
// module, emitted only for a module that imports them, so every other module's C is unchanged:
// - a getter for table 0, wasm-ld's `__indirect_function_table` (binaries do not export it),
//   which `call_dynamic`, `reflect_signature` and `dlsym` index;
// - for a module that imports `call_dynamic`, one thunk per function type, which calls a
//   function of that type with its arguments unpacked from packed little-endian bytes and packs
//   its results: C cannot make a call whose signature is only known at run time, but the
//   module's types are known here. <https://github.com/wasix-org/wasix-libc> (call_dynamic.h)
extension ModuleLowering {
    private static let wasixModules: Set<String> = ["wasix_32v1", "wasix_64v1"]

    private func importsWASIX(_ names: Set<String>) -> Bool {
        module.imports.contains { Self.wasixModules.contains($0.module) && names.contains($0.name) }
    }

    /// The module imports a WASIX call that reads table 0.
    var readsFunctionTable: Bool { importsWASIX(["call_dynamic", "reflect_signature", "dlsym", "context_create"]) }

    /// The module imports `call_dynamic`, so it gets a thunk per function type.
    private var makesDynamicCalls: Bool { importsWASIX(["call_dynamic"]) }

    /// The first index of each distinct signature whose values all have a byte form (numbers:
    /// references cannot be packed), in type order so the output is stable.
    private var dynamicCallTypes: [(index: Int, type: FunctionType)] {
        var seen = Set<String>()
        var out: [(Int, FunctionType)] = []
        for (index, type) in context.types.enumerated() {
            let numeric = (type.parameters + type.results).allSatisfy { [.i32, .i64, .f32, .f64].contains($0) }
            if numeric, seen.insert(type.signature).inserted { out.append((index, type)) }
        }
        return out
    }

    private func thunkName(_ typeIndex: Int) -> String { "\(prefix)_dyncall_\(typeIndex)" }

    /// The table-0 getter, the thunks and their table, for the module unit (before the
    /// descriptor); empty for a module that imports none of these calls.
    func dynamicCallSupport() -> String {
        guard readsFunctionTable else { return "" }
        var out = ""
        if !layout.tables.isEmpty {
            out += "static bsrt_table *\(prefix)_table0(bsrt_instance *self) {\n"
            out += layout.prologue(usesThreadGlobals: false) + "  return inst->tables[0];\n}\n\n"
        }
        guard makesDynamicCalls else { return out }
        let types = dynamicCallTypes
        for (index, type) in types { out += thunk(thunkName(index), type) }
        if !types.isEmpty {
            out += "static const bsrt_dyncall \(prefix)_dyncalls[] = {\n"
            for (index, type) in types { out += "  { \(cStringLiteral(type.signature)), \(thunkName(index)) },\n" }
            out += "};\n\n"
        }
        return out
    }

    /// The descriptor's trailing `table0, dyncall_count, dyncalls` initializers (all zero for a
    /// module that imports none of these calls; written out so -Wextra stays quiet).
    func dynamicCallDescriptorFields() -> String {
        guard readsFunctionTable else { return "  NULL, 0u, NULL,\n" }
        let table = layout.tables.isEmpty ? "NULL" : "\(prefix)_table0"
        let count = makesDynamicCalls ? dynamicCallTypes.count : 0
        return "  \(table), \(count)u, \(count == 0 ? "NULL" : "\(prefix)_dyncalls"),\n"
    }

    /// `static void <name>(const bsrt_func *f, const uint8_t *args, uint8_t *results)`: the
    /// layout of bsrt_dyncall_thunk (bsrt.h), read and written with memcpy because the guest's
    /// buffers need not be aligned.
    private func thunk(_ name: String, _ type: FunctionType) -> String {
        var out = "static void \(name)(const bsrt_func *f, const uint8_t *args, uint8_t *results) {\n"
        var offset = 0
        for (index, parameter) in type.parameters.enumerated() {
            let size = parameter.packedSize
            out += "  \(parameter.cType) a\(index);\n  memcpy(&a\(index), args + \(offset), \(size));\n"
            offset += size
        }
        if type.parameters.isEmpty { out += "  (void)args;\n" }
        let arguments = (["f->instance"] + type.parameters.indices.map { "a\($0)" }).joined(separator: ", ")
        let call = "((\(type.cPointerType))f->code)(\(arguments))"
        switch type.results.count {
        case 0:
            out += "  (void)results;\n  \(call);\n"
        case 1:
            out += "  \(type.cReturnType) r = \(call);\n  memcpy(results, &r, \(type.results[0].packedSize));\n"
        default:
            out += "  \(type.cReturnType) r = \(call);\n"
            offset = 0
            for (index, result) in type.results.enumerated() {
                out += "  memcpy(results + \(offset), &r.r\(index), \(result.packedSize));\n"
                offset += result.packedSize
            }
        }
        return out + "}\n\n"
    }
}

private extension ValueType {
    /// Bytes of this value in call_dynamic's packed buffers (numbers only).
    var packedSize: Int {
        switch self {
        case .i64, .f64: 8
        default: 4
        }
    }
}
