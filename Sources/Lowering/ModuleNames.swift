import Validator
import WasmModule
import WasmParser
import WasmTypes

/// The C names of a module's functions, globals, segments and instance type.
struct ModuleNames: Sendable {
    let prefix: String
    let module: Module
    /// Imports bound at translate time: function index to the C function to call directly.
    var hostCalls: [UInt32: String] = [:]

    var instanceType: String { "\(prefix)_instance" }

    func function(_ index: UInt32) -> String { "\(prefix)_f\(index)" }

    func dataSegment(_ index: UInt32) -> String { "\(prefix)_data\(index)" }

    func hostCall(_ index: UInt32) -> String? { hostCalls[index] }

    /// The lvalue of global `index`: imported globals are reached through a pointer.
    func global(_ index: UInt32, in context: ModuleContext) -> String {
        Int(index) < context.importedGlobalCount ? "(*inst->g\(index))" : "inst->g\(index)"
    }

    func displayName(ofFunction index: UInt32) -> String { module.displayName(ofFunction: index) }
}
