import Validator
import WasmModule
import WasmParser
import WasmTypes

// The module unit: data segments, the instantiate function (spec order: imports, functions,
// globals, memories and tables, element segments then data segments, start), exports and the
// bsrt_module descriptor. <https://webassembly.github.io/spec/core/exec/modules.html#instantiation>
extension ModuleLowering {
    func moduleUnit() -> String {
        var out = "#include \"\(prefix).h\"\n\n"
        for (index, segment) in module.data.enumerated() {
            let bytes: ArraySlice<UInt8>
            switch segment {
            case .passive(let data): bytes = data
            case .active(let active): bytes = active.initializer
            }
            // One more byte than the segment for the literal's terminating NUL, which is never read.
            out += "const uint8_t \(names.dataSegment(UInt32(index)))[\(bytes.count + 1)] =\n\(cBytesLiteral(bytes));\n"
        }
        if layout.isSingleton { out += "\(layout.instanceType) \(layout.singletonName);\n\n" }
        out += constantTableDefinitions()
        out += importDescriptors()
        out += initThread()
        out += instantiate()
        out += exports()
        out += release()
        out += dynamicCallSupport()
        out += descriptor()
        return out
    }

    /// The imports bound at instantiation, in order: `bsrt_module.imports` and the `bsrt_extern`
    /// array instantiate reads. Every import under `.dynamic`; a library's embedder functions.
    var runtimeImports: [Import] {
        switch options.hostImports {
        case .dynamic: return module.imports
        case .library: return embedderImports.map(\.import)
        case .bindHost: return []
        }
    }

    /// Whether `entry` (whose function index would be `function`) is one of `runtimeImports`.
    private func isBoundAtInstantiation(_ entry: Import, function: UInt32) -> Bool {
        switch options.hostImports {
        case .dynamic: return true
        case .bindHost: return false
        case .library:
            guard case .function = entry.descriptor else { return false }
            return names.hostCall(function) == nil
        }
    }

    /// A library's function imports that the embedder supplies: their function index and entry.
    var embedderImports: [(function: UInt32, import: Import)] {
        guard case .library = options.hostImports else { return [] }
        var result: [(function: UInt32, import: Import)] = []
        var function: UInt32 = 0
        for entry in module.imports {
            guard case .function = entry.descriptor else { continue }
            if names.hostCall(function) == nil { result.append((function, entry)) }
            function += 1
        }
        return result
    }

    private func importDescriptors() -> String {
        guard !runtimeImports.isEmpty else { return "" }
        var out = "static const bsrt_import_desc \(prefix)_imports[] = {\n"
        for entry in runtimeImports {
            let head = "  { \(cStringLiteral(entry.module)), \(cStringLiteral(entry.name)), "
            switch entry.descriptor {
            case .function(let type):
                out += head + "BSRT_EXTERN_FUNC, \(cStringLiteral(layout.typeSignatures[Int(type)])), 0, 0, false },\n"
            case .table(let table):
                // The element type, then "I" for a table64: both must match.
                let kind = context.valueSignature(.ref(table.elementType)) + (table.limits.isMemory64 ? "I" : "")
                out += head + "BSRT_EXTERN_TABLE, \(cStringLiteral(kind)), \(limits(table.limits)) },\n"
            case .memory(let memory):
                // "s" shared, "I" 64-bit addresses: both must match (bsrt_link_check).
                let kind = (memory.isMemory64 ? "I" : "") + (memory.shared ? "s" : "")
                out += head + "BSRT_EXTERN_MEMORY, \"\(kind)\", \(limits(memory)) },\n"
            case .global(let global):
                let mutability = global.mutability == .variable ? "m" : ""
                out += head + "BSRT_EXTERN_GLOBAL, \(cStringLiteral(mutability + context.valueSignature(global.valueType))), 0, 0, false },\n"
            case .tag(let type):
                out += head + "BSRT_EXTERN_TAG, \(cStringLiteral(layout.typeSignatures[Int(type)])), 0, 0, false },\n"
            }
        }
        return out + "};\n\n"
    }

    private func limits(_ limits: Limits) -> String {
        "\(limits.min)ull, \(limits.max ?? 0)ull, \(limits.max != nil)"
    }

    /// The type signatures and the defined functions (code, type, name, tail entry) as static
    /// tables, which `instantiate` reads in a loop.
    private func definedFunctionTable() -> String {
        var out = ""
        if !context.types.isEmpty {
            out += "static const char *const \(prefix)_type_signatures[] = {\n"
            for signature in layout.typeSignatures { out += "  \(cStringLiteral(signature)),\n" }
            out += "};\n"
        }
        guard !module.functionTypeIndices.isEmpty else { return out }
        out += "struct \(prefix)_function { void (*code)(void); void (*tail)(void); uint32_t type; const char *name; };\n"
        out += "static const struct \(prefix)_function \(prefix)_functions[] = {\n"
        for (defined, type) in module.functionTypeIndices.enumerated() {
            let index = UInt32(context.importedFunctionCount + defined)
            let tail = tailEntries[index] != nil ? "(void (*)(void))\(names.tailEntry(index))" : "NULL"
            out += "  { (void (*)(void))\(names.function(index)), \(tail), \(type)u, \(cStringLiteral(names.displayName(ofFunction: index))) },\n"
        }
        return out + "};\n\n"
    }

    private func instantiate() -> String {
        // The segments of plain function references, decided once for the tables and the loops.
        let functionSegments = module.elements.indices.reduce(into: [Int: [UInt32?]]()) { $0[$1] = elementFunctions($1) }
        var out = definedFunctionTable() + elementFunctionTables(functionSegments)
        out += "static void \(prefix)_instantiate(bsrt_instance *self, const bsrt_extern *imports) {\n"
        out += layout.prologue(usesThreadGlobals: false) + "  (void)imports;\n"
        // Type ids and defined functions come from tables and a loop: a statement each would
        // make one C function of 100,000 statements for a module of 100,000 functions, which
        // clang -O2 takes tens of minutes to compile.
        if !context.types.isEmpty {
            out += "  for (uint32_t i = 0; i < \(context.types.count)u; i++) inst->type_ids[i] = bsrt_type_id(\(prefix)_type_signatures[i]);\n"
        }
        // Imports, in order.
        var counts = (function: 0, table: 0, memory: 0, global: 0, tag: 0)
        var position = 0
        for entry in module.imports {
            let value = "imports[\(position)].as"
            // Only the imports bound at instantiation have a place in `imports`.
            if isBoundAtInstantiation(entry, function: UInt32(counts.function)) { position += 1 }
            switch entry.descriptor {
            case .function(let type):
                let index = counts.function
                counts.function += 1
                if let symbol = names.hostCall(UInt32(index)) {
                    out += "  inst->func_storage[\(index)] = (bsrt_func){ (void (*)(void))\(symbol), inst->type_ids[\(type)], self, \(cStringLiteral(entry.name)), NULL };\n"
                    out += "  inst->funcs[\(index)] = &inst->func_storage[\(index)];\n"
                } else {
                    out += "  inst->funcs[\(index)] = \(value).func;\n"
                }
            case .table:
                out += "  inst->tables[\(counts.table)] = \(value).table;\n"
                counts.table += 1
            case .memory:
                if layout.memories[counts.memory].isImported {
                    out += "  inst->memories[\(counts.memory)] = \(value).memory;\n"
                }
                counts.memory += 1
            case .global(let global):
                let index = counts.global
                counts.global += 1
                out += "  inst->gx\(index) = \(value).global;\n"
                out += "  inst->g\(index) = (\(global.valueType.cType) *)\(value).global->value;\n"
            case .tag:
                out += "  inst->tags[\(counts.tag)] = \(value).tag;\n"
                counts.tag += 1
            }
        }
        // Tags defined here: each instantiation makes its own (a throw can come from the start function).
        for (defined, type) in module.tags.enumerated() {
            let index = UInt32(counts.tag + defined)
            let count = context.types[Int(type)].payloadCellCount
            out += "  inst->tag_storage[\(defined)] = (bsrt_tag){ inst->type_ids[\(type)], \(count)u, \(cStringLiteral(module.displayName(ofTag: index))) };\n"
            out += "  inst->tags[\(index)] = &inst->tag_storage[\(defined)];\n"
        }
        // Functions defined here (`definedFunctionTable()`).
        if !module.functionTypeIndices.isEmpty {
            let first = context.importedFunctionCount
            out += "  for (uint32_t i = 0; i < \(module.functionTypeIndices.count)u; i++) {\n"
            out += "    const struct \(prefix)_function *f = &\(prefix)_functions[i];\n"
            out += "    inst->func_storage[\(first)u + i] = (bsrt_func){ f->code, inst->type_ids[f->type], self, f->name, f->tail };\n"
            out += "    inst->funcs[\(first)u + i] = &inst->func_storage[\(first)u + i];\n  }\n"
        }
        // Globals, which may read imported globals, earlier globals and function references.
        // Per-thread ones start in each thread's block (init_thread), attached below.
        for (defined, global) in module.globals.enumerated() {
            let index = UInt32(context.importedGlobalCount + defined)
            guard !layout.usesThreadBlock(index) else { continue }
            out += globalInitializer(index, global)
        }
        if layout.hasThreadGlobals {
            out += "  if (bsrt_thread_attach(self) != 0) bsrt_trap(BSRT_TRAP_OUT_OF_MEMORY, \"per-thread globals\");\n"
        }
        out += layout.createMemories()
        for (defined, table) in module.tables.enumerated() {
            let index = context.tables.count - module.tables.count + defined
            let kind = ValueType.ref(table.type.elementType).letter
            let limits = table.type.limits
            let max = limits.max.map { "\($0)ull" } ?? (limits.isMemory64 ? "UINT64_MAX" : "UINT32_MAX")
            // Function references: a table may start filled with its initializer's value.
            let initial = table.initializer.map { "(void *)\(constant($0))" } ?? "NULL"
            out += "  if (bsrt_table_init(&inst->table_storage[\(defined)], '\(kind)', \(limits.min)ull, \(max), \(limits.max != nil), \(limits.isMemory64), \(initial)) != 0)\n"
            out += "    bsrt_trap(BSRT_TRAP_OUT_OF_MEMORY, \"table \(index)\");\n"
            let elementType = context.valueSignature(.ref(table.type.elementType))
            if elementType != "r" && elementType != "e" {
                out += "  inst->table_storage[\(defined)].type = \(cStringLiteral(elementType));\n"
            }
            out += "  inst->tables[\(index)] = &inst->table_storage[\(defined)];\n"
        }
        out += elementSegments(functionSegments)
        out += dataSegments()
        if let start = module.start {
            if let host = names.hostCall(start) {
                out += "  \(host)(self);\n"
            } else if Int(start) < context.importedFunctionCount {
                out += "  ((void (*)(bsrt_instance *))inst->funcs[\(start)]->code)(inst->funcs[\(start)]->instance);\n"
            } else {
                out += "  \(names.function(start))(self);\n"
            }
        }
        return out + "}\n\n"
    }

    /// Sets global `index` to its initial value and describes it for exports; `inst` (and, for
    /// a per-thread global, `tls`) in scope.
    private func globalInitializer(_ index: UInt32, _ global: Global) -> String {
        let mutable = global.type.mutability == .variable
        let value = layout.global(index)
        let spelled = context.valueSignature(global.type.valueType)
        let typeName = spelled == global.type.valueType.letter ? "NULL" : cStringLiteral(spelled)
        return "  \(value) = \(constant(global.initializer));\n"
            + "  \(layout.globalCell(index).dropFirst()) = (bsrt_global){ &\(value), '\(global.type.valueType.letter)', \(mutable), \(typeName) };\n"
    }

    /// `init_thread`: fills a new thread's (zeroed) block with the per-thread globals' initial
    /// values, as a fresh instance of the module would have them.
    private func initThread() -> String {
        guard layout.hasThreadGlobals else { return "" }
        var out = "static void \(prefix)_init_thread(bsrt_instance *self, void *block) {\n"
        out += layout.prologue(usesThreadGlobals: false)
        out += "  \(layout.threadType) *tls = (\(layout.threadType) *)block;\n"
        for (defined, global) in module.globals.enumerated() {
            let index = UInt32(context.importedGlobalCount + defined)
            if layout.usesThreadBlock(index) { out += globalInitializer(index, global) }
        }
        return out + "}\n\n"
    }

    /// The function each item of element segment `index` refers to (`nil` for a null item), when
    /// every item is a `ref.func` or a `ref.null` of functions or externs, and one at least a
    /// `ref.func`; else `nil`.
    private func elementFunctions(_ index: Int) -> [UInt32?]? {
        var functions: [UInt32?] = []
        for item in module.elements[index].initializer {
            switch ConstantTables.single(item) {
            case .refFunc(let function): functions.append(function)
            case .refNull(let heap) where cNull(heap) == "NULL": functions.append(nil)
            default: return nil
            }
        }
        return functions.contains { $0 != nil } ? functions : nil
    }

    /// `<prefix>_element<i>_functions[]`: the function indices of each segment of plain
    /// function references (`UINT32_MAX` for null), which instantiate copies in a loop. A
    /// statement per item made instantiate one basic block of thousands of stores, which took
    /// clang -O2 4 s of the module unit's compile for CPython's 4,587-entry table.
    private func elementFunctionTables(_ functionSegments: [Int: [UInt32?]]) -> String {
        var out = ""
        for (index, functions) in functionSegments.sorted(by: { $0.key < $1.key }) {
            out += "static const uint32_t \(prefix)_element\(index)_functions[\(functions.count)] = {"
            for (position, function) in functions.enumerated() {
                out += (position % 16 == 0 ? "\n  " : " ") + (function.map { "\($0)u," } ?? "UINT32_MAX,")
            }
            out += "\n};\n"
        }
        return out
    }

    /// Fills each segment's `inst->element<i>`: `functionSegments` (`elementFunctions`, by
    /// segment) in a loop from its table, the others item by item.
    private func elementSegments(_ functionSegments: [Int: [UInt32?]]) -> String {
        var out = ""
        for (index, element) in module.elements.enumerated() {
            if let functions = functionSegments[index] {
                let table = "\(prefix)_element\(index)_functions"
                out += "  for (uint32_t i = 0; i < \(functions.count)u; i++)\n"
                out += "    inst->element\(index)[i] = \(table)[i] == UINT32_MAX ? NULL : (void *)inst->funcs[\(table)[i]];\n"
            } else {
                for (position, item) in element.initializer.enumerated() {
                    out += "  inst->element\(index)[\(position)] = (void *)\(constant(item));\n"
                }
            }
            out += "  inst->element_length[\(index)] = \(element.initializer.count)u;\n"
            let refs = element.initializer.isEmpty ? "NULL" : "inst->element\(index)"
            switch element.mode {
            case .active(let table, let offset):
                out += "  bsrt_table_init_segment(inst->tables[\(table)], \(constant(offset)), \(refs), inst->element_length[\(index)], 0, \(element.initializer.count)u, \"element segment \(index)\");\n"
                out += "  inst->element_length[\(index)] = 0;\n"
            case .declarative:
                out += "  inst->element_length[\(index)] = 0;\n"
            case .passive: break
            }
        }
        return out
    }

    private func dataSegments() -> String {
        var out = ""
        for (index, segment) in module.data.enumerated() {
            switch segment {
            case .passive(let bytes):
                out += "  inst->data_length[\(index)] = \(bytes.count)u;\n"
            case .active(let active):
                let data = names.dataSegment(UInt32(index))
                out += "  bsrt_memory_init_segment(\(layout.memory(active.index)), \(constant(active.offset)), \(data), \(active.initializer.count)u, 0, \(active.initializer.count)u, \"data segment \(index)\");\n"
            }
        }
        return out
    }

    /// A constant expression as a C expression (inside instantiate, where `inst` is in scope).
    func constant(_ expression: ConstExpression) -> String {
        var stack: [String] = []
        for instruction in expression {
            switch instruction {
            case .i32Const(let value): stack.append(cHex32(UInt32(bitPattern: value)))
            case .i64Const(let value): stack.append(cHex64(UInt64(bitPattern: value)))
            case .f32Const(let value): stack.append("bsrt_f32_reinterpret_i32(\(cHex32(value.bitPattern)))")
            case .f64Const(let value): stack.append("bsrt_f64_reinterpret_i64(\(cHex64(value.bitPattern)))")
            case .v128Const(let value): stack.append(cV128Constant(value.bytes))
            case .refNull(let heap): stack.append(cNull(heap))
            case .refFunc(let index): stack.append("inst->funcs[\(index)]")
            case .globalGet(let index): stack.append(layout.global(index))
            case .binary(let op):
                let b = stack.popLast() ?? "0"
                let a = stack.popLast() ?? "0"
                let type = op.operandType == .i32 ? "uint32_t" : "uint64_t"
                stack.append("(\(type))(\(op.cExpression(a, b)))")
            default: break
            }
        }
        return stack.last ?? "0"
    }

    private func exports() -> String {
        var out = ""
        if !module.exports.isEmpty {
            out += "static const bsrt_export_desc \(prefix)_exports[] = {\n"
            for export in module.exports {
                out += "  { \(cStringLiteral(export.name)), \(externKind(export.descriptor)) },\n"
            }
            out += "};\n\n"
        }
        out += "static bsrt_extern \(prefix)_get_export(bsrt_instance *self, uint32_t index) {\n"
        out += layout.prologue(usesThreadGlobals: layout.hasThreadGlobals) + "  bsrt_extern e;\n  switch (index) {\n"
        for (position, export) in module.exports.enumerated() {
            out += "  case \(position): "
            switch export.descriptor {
            case .function(let index): out += "e.kind = BSRT_EXTERN_FUNC; e.as.func = inst->funcs[\(index)]; break;\n"
            case .table(let index): out += "e.kind = BSRT_EXTERN_TABLE; e.as.table = inst->tables[\(index)]; break;\n"
            case .memory(let index): out += "e.kind = BSRT_EXTERN_MEMORY; e.as.memory = \(layout.memory(index)); break;\n"
            case .global(let index):
                out += "e.kind = BSRT_EXTERN_GLOBAL; e.as.global = \(layout.globalCell(index)); break;\n"
            case .tag(let index): out += "e.kind = BSRT_EXTERN_TAG; e.as.tag = \(layout.tag(index)); break;\n"
            }
        }
        out += "  default: e.kind = BSRT_EXTERN_FUNC; e.as.func = NULL; break;\n  }\n  return e;\n}\n\n"
        return out
    }

    private func externKind(_ descriptor: ExportDescriptor) -> String {
        switch descriptor {
        case .function: "BSRT_EXTERN_FUNC"
        case .table: "BSRT_EXTERN_TABLE"
        case .memory: "BSRT_EXTERN_MEMORY"
        case .global: "BSRT_EXTERN_GLOBAL"
        case .tag: "BSRT_EXTERN_TAG"
        }
    }

    private func release() -> String {
        var out = "static void \(prefix)_release(bsrt_instance *self) {\n"
        out += layout.prologue(usesThreadGlobals: false)
        out += layout.releaseDefinitions()
        return out + "}\n\n"
    }

    private func descriptor() -> String {
        let defined = module.functionTypeIndices.indices.map { UInt32(context.importedFunctionCount + $0) }
        var out = ""
        if !defined.isEmpty {
            out += "static const void *const \(prefix)_function_addresses[] = {\n"
            for index in defined { out += "  (const void *)\(names.function(index)),\n" }
            out += "};\nstatic const char *const \(prefix)_function_names[] = {\n"
            for index in defined { out += "  \(cStringLiteral(names.displayName(ofFunction: index))),\n" }
            out += "};\n\n"
        }
        let imports = runtimeImports.isEmpty ? "NULL" : "\(prefix)_imports"
        let exports = module.exports.isEmpty ? "NULL" : "\(prefix)_exports"
        out += """
            const bsrt_module \(prefix)_module = {
              \(cStringLiteral(module.names.module ?? prefix)),
              sizeof(\(layout.instanceType)),
              \(runtimeImports.count)u, \(imports),
              \(module.exports.count)u, \(exports),
              \(prefix)_instantiate,
              \(prefix)_get_export,
              \(prefix)_release,
              \(defined.count)u, \(defined.isEmpty ? "NULL" : "\(prefix)_function_addresses"), \(defined.isEmpty ? "NULL" : "\(prefix)_function_names"),
              \(layout.hasThreadGlobals ? "sizeof(\(layout.threadType)), \(prefix)_init_thread" : "0, NULL"),
            \(dynamicCallDescriptorFields())  \(layout.isSingleton ? "&\(layout.singletonName).header" : "NULL"),
            };

            """
        return out
    }
}

/// Segment bytes as a C string literal (compiles much faster than a list of numbers).
func cBytesLiteral(_ bytes: ArraySlice<UInt8>) -> String {
    var out = "  \""
    var column = 0
    for byte in bytes {
        switch byte {
        case 0x20...0x7e where byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "\\") && byte != UInt8(ascii: "?"):
            out.append(Character(UnicodeScalar(byte)))
            column += 1
        default:
            out += "\\" + String(byte, radix: 8).leftPadded(to: 3)
            column += 4
        }
        if column >= 100 {
            out += "\"\n  \""
            column = 0
        }
    }
    return out + "\""
}
