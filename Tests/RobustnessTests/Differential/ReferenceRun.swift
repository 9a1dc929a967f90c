import WasmKit
import WasmModule

/// Runs a module in WasmKit's interpreter, the differential test's reference: instantiates it
/// with the `fuzzing-support` logging imports binaryen's `-ttf` modules use, calls every exported
/// function in export order with zero arguments, and records the events (`CallLog`).
enum ReferenceRun {
    /// The log, or nil with the reason when WasmKit cannot take the module (that is not a bs-aot
    /// difference; the test counts such modules apart).
    static func run(_ bytes: [UInt8]) -> (log: CallLog?, problem: String?) {
        let module: WasmKit.Module
        do {
            module = try parseWasm(bytes: bytes, features: .all)
        } catch {
            return (nil, "WasmKit cannot parse it: \(error)")
        }
        // Software bounds checks: with guard pages (the default), a trap's backtrace is taken
        // from a stale frame and WasmKit 0.4.2 crashed on it (difftest seed 1, module 290). A
        // shared memory needs the guard pages, though.
        let shared = ((try? WasmModule.decodeModule(bytes))?.allMemories ?? []).contains { $0.shared }
        let engine = Engine(
            configuration: EngineConfiguration(features: .all, memoryBoundsChecking: shared ? .mprotect : .software))
        let store = Store(engine: engine)
        let recorder = Recorder()
        var imports = Imports()
        for (label, type) in [("i32", ValueType.i32), ("i64", .i64), ("f32", .f32), ("f64", .f64)] {
            imports.define(module: "fuzzing-support", name: "log-" + label, Function(store: store, parameters: [type]) { _, arguments in
                recorder.lines.append("log \(label) \(arguments.first.map(bits) ?? "?")")
                return []
            })
        }
        let instance: Instance
        do {
            instance = try module.instantiate(store: store, imports: imports)
        } catch let trap as Trap {
            return (CallLog(lines: ["instantiate trap \(TrapClass.reason(trap.description))"]), nil)
        } catch {
            return (nil, "WasmKit cannot instantiate it: \(error)")
        }
        recorder.lines.append("instantiate ok")
        // binaryen's -ttf modules count loops and calls down from a global that this export
        // resets; as binaryen's own runners do, every call gets a fresh budget.
        let reset = instance.exports[function: "hangLimitInitializer"].flatMap { $0.type.parameters.isEmpty && $0.type.results.isEmpty ? $0 : nil }
        for export in module.exports {
            guard case .function = export.descriptor, let function = instance.exports[function: export.name] else { continue }
            recorder.lines.append("call \(export.name)")
            _ = try? reset?.invoke([])
            do {
                let results = try function.invoke(function.type.parameters.map(zero))
                recorder.lines.append((["result"] + results.map(tagged)).joined(separator: " "))
            } catch let trap as Trap {
                recorder.lines.append("trap \(TrapClass.reason(trap.description))")
            } catch {
                recorder.lines.append("error \(error)")
            }
            if let memory = instance.exports[memory: "memory"] {
                let size = memory.byteCount
                let hash = size == 0 ? memoryHash(UnsafeRawBufferPointer(start: nil, count: 0))
                    : memory.withUnsafeBufferPointer(offset: 0, count: size) { memoryHash($0) }
                recorder.lines.append("memory \(size) \(String(hash, radix: 16))")
            }
        }
        return (CallLog(lines: recorder.lines), nil)
    }

    private final class Recorder: @unchecked Sendable {
        var lines: [String] = []
    }

    private static func zero(_ type: ValueType) -> Value {
        switch type {
        case .i32: .i32(0)
        case .i64: .i64(0)
        case .f32: .f32(0)
        case .f64: .f64(0)
        case .v128: .i32(0)
        case .ref(let reference):
            switch reference.heapType {
            case .abstract(.externRef), .abstract(.noExtern): .ref(.extern(nil))
            default: .ref(.function(nil))
            }
        }
    }

    private static func bits(_ value: Value) -> String {
        switch value {
        case .i32(let v), .f32(let v): String(v, radix: 16)
        case .i64(let v), .f64(let v): String(v, radix: 16)
        case .ref(.function(let address)), .ref(.extern(let address)), .ref(.exception(let address)):
            address == nil ? "0" : "1"
        case .v128: "v128"
        }
    }

    private static func tagged(_ value: Value) -> String {
        let letter = switch value {
        case .i32: "i"
        case .i64: "I"
        case .f32: "f"
        case .f64: "F"
        case .ref: "r"
        case .v128: "v"
        }
        return "\(letter):\(bits(value))"
    }
}
