import Validator
import WasmParser
import WasmTypes

// How call_indirect finds its callee: one inline function per table it calls through,
// `<prefix>_call_target<k>(self, index, type, FN, &instance)`, which checks the element and
// returns its code and instance. Function bodies spell every call_indirect the same way; the
// header decides, once every body has been lowered and so every table write is known, whether
// the table is constant (ConstantTables.swift: a static array, no instance read) or read from
// the instance (bsrt_table_func).
extension ModuleLowering {
    /// The target functions, for the header.
    func callTargetDeclarations() -> String {
        var out = ""
        for index in indirectCallTables.sorted() {
            let signature = "static inline bsrt_code \(names.callTarget(table: index))(bsrt_instance *self, uint64_t index, uint32_t type, const char *fn, bsrt_instance **instance)"
            if let table = constantTables.tables[index] {
                let elements = names.constantElements(table: index)
                out += "extern const bsrt_constant_element \(elements)[\(table.size)];\n"
                out += "\(signature) {\n"
                out += "  *instance = self;\n"
                out += "  return bsrt_constant_table_func(\(elements), \(table.size)u, index, type, fn);\n}\n"
            } else {
                out += "\(signature) {\n"
                out += layout.prologue(usesThreadGlobals: false)
                out += "  const bsrt_func *f = bsrt_table_func(\(layout.table(index)), index, inst->type_ids[type], fn);\n"
                out += "  *instance = f->instance;\n  return f->code;\n}\n"
            }
        }
        return out
    }

    /// The static arrays of the constant tables called through, for the module unit.
    func constantTableDefinitions() -> String {
        var out = ""
        for index in indirectCallTables.sorted() {
            guard let table = constantTables.tables[index] else { continue }
            out += "const bsrt_constant_element \(names.constantElements(table: index))[\(table.size)] = {\n"
            if table.functions.isEmpty { out += "  [0] = { NULL, 0u },\n" }
            for (position, function) in table.functions.sorted(by: { $0.key < $1.key }) {
                let type = layout.canonicalTypes[Int(context.functionTypeIndices[Int(function)])]
                out += "  [\(position)] = { (bsrt_code)\(names.function(function)), \(type + 1)u },\n"
            }
            out += "};\n\n"
        }
        return out
    }
}
