import Validator
import WasmParser
import WasmTypes

/// One kind of `call_indirect`: through table `table`, of the type numbered `type`
/// (`InstanceLayout.canonicalTypes`).
struct IndirectCall: Hashable, Comparable, Sendable {
    var table: UInt32
    var type: UInt32
    static func < (a: Self, b: Self) -> Bool { (a.table, a.type) < (b.table, b.type) }
}

// How call_indirect reaches its callee: one inline function per table and type it is made
// with, `<prefix>_call_indirect<table>_<type>(self, index, FN, arguments...)`, which checks
// the element and calls it. Function bodies spell every call_indirect the same way; the header
// decides, once every body has been lowered and so every table write is known, how:
// - through a table that may change (ConstantTables.swift): the element is read from the
//   instance and its interned type id compared (bsrt_table_func);
// - through a constant table: its type number is read from a static array (a bound against a
//   constant and one compare; no instance, table or type id is read), and the code is its jump
//   slot, whose address is computed from the index (bsrt_ops.h).
// (A `switch` over the few functions of a type in a constant table, calling each directly so
// that clang inlines them, was measured and not kept: fnptr 1.41x -> 1.39x native, sort
// unchanged. The calls' cost is the mispredicted indirect branch, which the switch's jump
// table mispredicts as often.)
extension ModuleLowering {
    /// The tables some `call_indirect` calls through, in order.
    private var calledTables: [UInt32] { Set(indirectCalls.map(\.table)).sorted() }

    /// The call functions, for the header (after the function prototypes).
    func indirectCallDefinitions() -> String {
        var out = ""
        for table in calledTables {
            guard let constant = constantTables.tables[table] else { continue }
            out += "extern const uint32_t \(names.constantTypes(table: table))[\(constant.size)];\n"
            // Hidden, so that clang reaches it rip-relative, not through the GOT.
            out += "extern __attribute__((visibility(\"hidden\"))) const bsrt_constant_code \(names.constantCode(table: table))[];\n"
        }
        for call in indirectCalls.sorted() {
            let type = context.types[Int(call.type)]
            let parameters = type.parameters.enumerated().map { "\($0.element.cType) a\($0.offset)" }
            let signature = ["bsrt_instance *self", "uint64_t index", "const char *fn"] + parameters
            out += "static inline \(type.cReturnType) \(names.indirectCall(table: call.table, type: call.type))(\(signature.joined(separator: ", "))) {\n"
            let arguments = type.parameters.indices.map { "a\($0)" }
            let target: (code: String, instance: String)
            if let constant = constantTables.tables[call.table] {
                let arrays = "\(names.constantTypes(table: call.table)), \(names.constantCode(table: call.table))"
                out += "  bsrt_code code = bsrt_constant_table_func(\(arrays), \(constant.size)u, index, \(call.type)u, fn);\n"
                target = ("code", "self")
            } else {
                out += layout.prologue(usesThreadGlobals: false)
                out += "  const bsrt_func *f = bsrt_table_func(\(layout.table(call.table)), index, inst->type_ids[\(call.type)], fn);\n"
                target = ("f->code", "f->instance")
            }
            let call = "((\(type.cPointerType))\(target.code))(\(([target.instance] + arguments).joined(separator: ", ")))"
            out += "  \(type.results.isEmpty ? "" : "return ")\(call);\n}\n"
        }
        return out
    }

    /// The static arrays of the constant tables called through, for the module unit: each
    /// element's type number and, as bsrt_ops.h chooses for the architecture, its jump slot or
    /// its code pointer.
    func constantTableDefinitions() -> String {
        var out = ""
        for index in calledTables {
            guard let table = constantTables.tables[index] else { continue }
            let functions = table.functions.sorted(by: { $0.key < $1.key })
            let types = names.constantTypes(table: index), code = names.constantCode(table: index)
            out += "const uint32_t \(types)[\(table.size)] = {\n"
            if functions.isEmpty { out += "  0u,\n" }
            for (position, function) in functions {
                let type = layout.canonicalTypes[Int(context.functionTypeIndices[Int(function)])]
                out += "  [\(position)] = \(type + 1)u,\n"
            }
            out += "};\n#ifdef BSRT_JUMP_SLOTS\n__asm__(BSRT_JUMP_SLOTS_BEGIN(\(code))\n"
            var next: UInt64 = 0
            for (position, function) in functions {
                if position > next { out += "  BSRT_JUMP_SLOT_NULLS(\(position - next))\n" }
                out += "  BSRT_JUMP_SLOT(\(names.function(function)))\n"
                next = position + 1
            }
            if table.size > next { out += "  BSRT_JUMP_SLOT_NULLS(\(table.size - next))\n" }
            out += "  BSRT_JUMP_SLOTS_END(\(code)));\n#else\nconst bsrt_constant_code \(code)[\(table.size)] = {\n"
            if functions.isEmpty { out += "  NULL,\n" }
            for (position, function) in functions { out += "  [\(position)] = (bsrt_code)\(names.function(function)),\n" }
            out += "};\n#endif\n\n"
        }
        return out
    }
}
