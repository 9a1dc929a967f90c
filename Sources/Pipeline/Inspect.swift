import Lowering
import WasmModule
import WasmParser
import WasmTypes

/// Describes the module at `wasmPath` for people: its sections and their sizes, its imports (each
/// marked supported or unsupported by the runtime), its exports, the WebAssembly features its
/// declarations use, and whether bs-aot translates it.
/// - Throws: `PipelineError` when the file cannot be read or decoded.
public func inspect(wasmPath: String) throws -> String {
    let bytes = try readModule(wasmPath)
    let module: Module
    do {
        module = try decodeModule(bytes)
    } catch {
        throw PipelineError(file: wasmPath, error)
    }
    var lines = ["\(wasmPath): \(bytes.count) bytes"]
    if let name = module.names.module { lines.append("module name: \(name)") }

    lines.append("sections:")
    for section in sectionSizes(bytes) {
        lines.append("  \(pad(section.name, 22)) \(section.size) bytes")
    }

    let unsupported = module.imports.filter { !HostImportTable.isSupported(module: $0.module, name: $0.name) }.count
    lines.append("imports (\(module.imports.count), \(unsupported) unsupported):")
    for entry in module.imports {
        let supported = HostImportTable.isSupported(module: entry.module, name: entry.name)
        lines.append(
            "  \(pad("\(entry.module).\(entry.name)", 44)) \(pad(describe(entry.descriptor, in: module), 34)) "
                + (supported ? "supported" : "unsupported"))
    }

    lines.append("exports (\(module.exports.count)):")
    for entry in module.exports {
        lines.append("  \(pad(entry.name, 44)) \(describe(entry.descriptor, in: module))")
    }

    let features = declaredFeatures(module)
    lines.append("features: " + (features.isEmpty ? "MVP only (in declarations)" : features.joined(separator: ", ")))
    lines.append("functions: \(module.importedFunctionTypes.count) imported, \(module.codes.count) defined")

    do {
        let cModule = try lower(module, options: LoweringOptions(hostImports: .bindHost(allowUnsupported: true)))
        let size = cModule.files.reduce(0) { $0 + $1.contents.utf8.count }
        let used = cModule.instructionFeatures
        lines.append("features in code: " + (used.isEmpty ? "MVP only" : used.joined(separator: ", ")))
        lines.append("translation: ok (\(cModule.units.count) C units, \(size) bytes of C)")
    } catch {
        lines.append("translation: \(error)")
    }
    return lines.joined(separator: "\n") + "\n"
}

/// A section of the binary and its payload size.
struct SectionSize: Equatable {
    var name: String
    var size: Int
}

/// The sections of a module binary in order, with payload sizes; custom sections are named by
/// their name field. Stops at the first malformed header (the decoder reports those).
/// <https://webassembly.github.io/spec/core/binary/modules.html#sections>
func sectionSizes(_ bytes: [UInt8]) -> [SectionSize] {
    let names = [
        "custom", "type", "import", "function", "table", "memory", "global", "export", "start",
        "element", "code", "data", "data count", "tag",
    ]
    var sections: [SectionSize] = []
    var offset = 8
    while offset < bytes.count {
        let id = Int(bytes[offset])
        offset += 1
        guard let size = readULEB(bytes, &offset), size <= bytes.count - offset else { break }
        var name = id < names.count ? names[id] : "unknown (\(id))"
        if id == 0 {
            var cursor = offset
            if let length = readULEB(bytes, &cursor), length <= offset + size - cursor {
                name = "custom \"\(String(decoding: bytes[cursor..<cursor + length], as: UTF8.self))\""
            }
        }
        sections.append(SectionSize(name: name, size: size))
        offset += size
    }
    return sections
}

/// Reads an unsigned LEB128 of at most 32 bits at `offset`, advancing it; `nil` if malformed.
private func readULEB(_ bytes: [UInt8], _ offset: inout Int) -> Int? {
    var result = 0
    var shift = 0
    while offset < bytes.count, shift < 35 {
        let byte = bytes[offset]
        offset += 1
        result |= Int(byte & 0x7F) << shift
        if byte & 0x80 == 0 { return result }
        shift += 7
    }
    return nil
}

/// Post-MVP features visible in the module's declarations (types, imports, tables, memories,
/// globals, segments). Instructions are checked by the translation itself.
func declaredFeatures(_ module: Module) -> [String] {
    var features: [String] = []
    let valueTypes =
        module.types.flatMap { $0.parameters + $0.results } + module.allGlobals.map(\.valueType)
        + module.codes.flatMap(\.locals)
    if module.types.contains(where: { $0.results.count > 1 }) { features.append("multi-value") }
    if valueTypes.contains(.v128) { features.append("simd") }
    let referenceTypes =
        module.allTables.count > 1
        || valueTypes.contains { if case .ref(let type) = $0 { type != .exnRef } else { false } }
        || module.allTables.contains { $0.elementType != .funcRef }
    if referenceTypes { features.append("reference types") }
    let bulkMemory =
        module.dataCount != nil
        || module.data.contains { if case .passive = $0 { true } else { false } }
        || module.elements.contains { !isActive($0.mode) }
    if bulkMemory { features.append("bulk memory") }
    if !module.allTags.isEmpty || valueTypes.contains(.ref(.exnRef)) { features.append("exception-handling") }
    let mutableGlobalLinking =
        module.importedGlobals.contains { $0.mutability == .variable }
        || module.exports.contains { entry in
            if case .global(let index) = entry.descriptor, Int(index) < module.allGlobals.count {
                return module.allGlobals[Int(index)].mutability == .variable
            }
            return false
        }
    if mutableGlobalLinking { features.append("mutable global import/export") }
    if module.allMemories.count > 1 { features.append("multi-memory") }
    if module.allMemories.contains(where: \.isMemory64) { features.append("memory64") }
    if module.allMemories.contains(where: \.shared) { features.append("threads (shared memory)") }
    if let unsupported = module.unsupportedFeature {
        features.append("\(unsupported.name) (unsupported, at offset \(unsupported.offset))")
    }
    return features
}

private func isActive(_ mode: ElementSegment.Mode) -> Bool {
    if case .active = mode { true } else { false }
}

/// "function (i32, i32) -> i32", "memory 1..16 pages", "global mut i32", ...
private func describe(_ descriptor: ImportDescriptor, in module: Module) -> String {
    switch descriptor {
    case .function(let type): "function " + describe(functionType: type, in: module)
    case .table(let type): "table \(name(of: .ref(type.elementType))) \(describe(type.limits, unit: ""))"
    case .memory(let type): "memory \(describe(type, unit: " pages"))"
    case .global(let type): "global \(type.mutability == .variable ? "mut " : "")\(name(of: type.valueType))"
    case .tag(let type): "tag " + describe(functionType: type, in: module)
    }
}

private func describe(_ descriptor: ExportDescriptor, in module: Module) -> String {
    switch descriptor {
    case .function(let index):
        let types = module.allFunctionTypeIndices
        let signature = Int(index) < types.count ? " " + describe(functionType: types[Int(index)], in: module) : ""
        return "function \(index) \(module.displayName(ofFunction: index))\(signature)"
    case .table(let index): return "table \(index)"
    case .memory(let index): return "memory \(index)"
    case .global(let index): return "global \(index)"
    case .tag(let index): return "tag \(index)"
    }
}

private func describe(functionType index: TypeIndex, in module: Module) -> String {
    guard Int(index) < module.types.count else { return "(type \(index))" }
    let type = module.types[Int(index)]
    let parameters = "(" + type.parameters.map(name(of:)).joined(separator: ", ") + ")"
    switch type.results.count {
    case 0: return parameters
    case 1: return parameters + " -> " + name(of: type.results[0])
    default: return parameters + " -> (" + type.results.map(name(of:)).joined(separator: ", ") + ")"
    }
}

private func describe(_ limits: Limits, unit: String) -> String {
    let range = limits.max.map { "\(limits.min)..\($0)" } ?? "\(limits.min).."
    return range + unit + (limits.isMemory64 ? " (64-bit)" : "") + (limits.shared ? " shared" : "")
}

private func name(of type: ValueType) -> String {
    switch type {
    case .i32: "i32"
    case .i64: "i64"
    case .f32: "f32"
    case .f64: "f64"
    case .v128: "v128"
    case .ref(let reference):
        switch reference.heapType {
        case .abstract(.funcRef) where reference.isNullable: "funcref"
        case .abstract(.externRef) where reference.isNullable: "externref"
        case .abstract(.exnRef) where reference.isNullable: "exnref"
        default: "\(reference)"
        }
    }
}

private func pad(_ text: String, _ width: Int) -> String {
    text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
}
