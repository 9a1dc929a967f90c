import Validator
import WasmParser
import WasmTypes

/// The tables whose contents are fixed once the module is instantiated, and those contents.
///
/// A table the module defines, neither exports nor imports, and writes with no instruction
/// (`table.set`, `table.grow`, `table.fill`, `table.copy` into it, `table.init`) holds after
/// instantiation exactly what its active element segments put there. That is the usual case:
/// the `__indirect_function_table` that LLVM emits for C, C++ and Rust. Such a table is written
/// out as static data (`bsrt_constant_table_func`: an array of type numbers and the code as jump
/// slots or pointers), and `call_indirect` through it checks the index against a constant,
/// compares one integer read from read-only data and calls; the instance, its table and its
/// interned type ids are not read at all.
/// The runtime's table is still created and filled as before, for `table.get` and `table.size`.
struct ConstantTables {
    /// A constant table: its size and, by position, the defined function each non-null element
    /// refers to.
    struct Table {
        var size: UInt64
        var functions: [UInt64: UInt32]
    }

    /// By table index.
    private(set) var tables: [UInt32: Table] = [:]

    /// Tables larger than this stay in the instance: the static data costs 12 to 20 bytes an element.
    static let maximumSize: UInt64 = 1 << 20

    /// No constant tables.
    init() {}

    /// - Parameter writtenTables: the tables some function body writes.
    init(context: ModuleContext, writtenTables: Set<UInt32>) {
        let module = context.module
        let importedTables = context.tables.count - module.tables.count
        var exported = Set<UInt32>()
        for export in module.exports { if case .table(let index) = export.descriptor { exported.insert(index) } }
        for (defined, table) in module.tables.enumerated() {
            let index = UInt32(importedTables + defined)
            guard !exported.contains(index), !writtenTables.contains(index), table.initializer == nil,
                  context.relation.isSubtype(.ref(table.type.elementType), of: .ref(.funcRef)),
                  table.type.limits.min >= 1, table.type.limits.min <= Self.maximumSize
            else { continue }
            tables[index] = Table(size: table.type.limits.min, functions: [:])
        }
        // Active segments apply in order, later ones over earlier ones. A segment whose offset
        // is not a constant, whose element is not a function of this module (an imported one
        // runs in another instance) or which does not fit (instantiation then fails) leaves its
        // table in the instance.
        for element in module.elements {
            guard case .active(let index, let offset) = element.mode, var table = tables[index] else { continue }
            tables[index] = nil
            guard let start = Self.constantOffset(offset), start <= table.size,
                  UInt64(element.initializer.count) <= table.size - start
            else { continue }
            var usable = true
            for (position, item) in element.initializer.enumerated() {
                let slot = start + UInt64(position)
                switch Self.single(item) {
                case .refFunc(let function) where Int(function) >= context.importedFunctionCount:
                    table.functions[slot] = function
                case .refNull:
                    table.functions[slot] = nil
                default:
                    usable = false
                }
            }
            if usable { tables[index] = table }
        }
    }

    /// The one instruction of `expression` (before its `end`), else `nil`.
    static func single(_ expression: ConstExpression) -> Instruction? {
        let body = expression.last == .end ? expression.dropLast() : expression[...]
        return body.count == 1 ? body.first : nil
    }

    /// The value of an `i32.const` or `i64.const` offset, else `nil`.
    private static func constantOffset(_ expression: ConstExpression) -> UInt64? {
        switch single(expression) {
        case .i32Const(let value): return UInt64(UInt32(bitPattern: value))
        case .i64Const(let value): return UInt64(bitPattern: value)
        default: return nil
        }
    }
}
