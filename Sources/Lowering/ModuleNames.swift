import Validator
import WasmModule
import WasmParser
import WasmTypes

/// The C names of a module's functions and segments (the instance's parts are ``InstanceLayout``'s).
struct ModuleNames: Sendable {
    let prefix: String
    let module: Module
    /// Imports bound at translate time: function index to the C function to call directly.
    var hostCalls: [UInt32: String] = [:]
    /// Names of functions that have one (name section first, then exports), as written and as
    /// identifier fragments.
    private let givenNames: [UInt32: String]
    private let readableNames: [UInt32: String]

    init(prefix: String, module: Module) {
        self.prefix = prefix
        self.module = module
        var names: [UInt32: String] = [:]
        for export in module.exports.reversed() {
            if case .function(let index) = export.descriptor, !export.name.isEmpty { names[index] = export.name }
        }
        for (index, name) in module.names.functions where !name.isEmpty { names[index] = name }
        givenNames = names
        readableNames = names.mapValues(cIdentifierFragment)
    }

    /// `<prefix>_f<index>_<name>`: the index keeps it unique, the name (from the name section
    /// or an export) makes generated C and profiles readable.
    func function(_ index: UInt32) -> String {
        guard let name = readableNames[index] else { return "\(prefix)_f\(index)" }
        return "\(prefix)_f\(index)_\(name)"
    }

    /// `<prefix>_tail<index>`: the function's entry for uniform tail calls, `R (bsrt_instance *)`
    /// (FunctionLowering+TailCalls.swift).
    func tailEntry(_ index: UInt32) -> String { "\(prefix)_tail\(index)" }

    func dataSegment(_ index: UInt32) -> String { "\(prefix)_data\(index)" }

    /// `<prefix>_call_indirect<table>_<type>`: the `call_indirect` of functions of the type
    /// numbered `type` through `table` (an inline function in the header,
    /// ModuleLowering+CallTargets.swift).
    func indirectCall(table: UInt32, type: UInt32) -> String { "\(prefix)_call_indirect\(table)_\(type)" }

    /// `<prefix>_table<index>_types` and `_code`: a constant table's type numbers and its jump
    /// slots or code pointers (ModuleLowering+CallTargets.swift).
    func constantTypes(table index: UInt32) -> String { "\(prefix)_table\(index)_types" }
    func constantCode(table index: UInt32) -> String { "\(prefix)_table\(index)_code" }

    func hostCall(_ index: UInt32) -> String? { hostCalls[index] }

    /// The name trap messages use; the same rule as `Module.displayName(ofFunction:)`, from a table.
    func displayName(ofFunction index: UInt32) -> String { givenNames[index] ?? "func\(index)" }
}
