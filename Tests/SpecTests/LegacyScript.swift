import Foundation

/// The spec's legacy exception-handling scripts (`legacy/*.wast`) as scripts the harness reads.
///
/// They are written in the legacy text syntax (`try`, `catch`, `delegate`, `rethrow`), which
/// WasmKit's text parser cannot read. WABT's `wast2json --enable-exceptions --enable-tail-call`
/// can: it writes every module as a binary and every command as JSON. This turns that back into
/// a script of the same commands, each on its original line, with every module as a
/// `(module binary ...)`, so the rest of the harness (planner, driver, report) runs it unchanged
/// and bs-aot's own decoder reads the legacy opcodes.
///
/// A module that is only text (the `assert_malformed` quotes) is checked with WABT's
/// `wat2wasm --enable-exceptions`: when it refuses the text, as the script expects, the command
/// stays a quote (which WasmKit refuses too, so it counts as rejected by the text parser);
/// when it accepts it, its binary goes to bs-aot's decoder, which must then refuse it.
enum LegacyScript {
    static let directory = "legacy"
    static let flags = ["--enable-exceptions", "--enable-tail-call"]

    /// Why the legacy files cannot run here, or nil when the WABT tools are on PATH.
    static var missingTools: String? {
        let missing = ["wast2json", "wat2wasm"].filter { findExecutable($0) == nil }
        guard !missing.isEmpty else { return nil }
        return "WABT's \(missing.joined(separator: " and ")) not found on PATH (scripts/test.sh installs the Debian package wabt)"
    }

    /// The script at `path` converted as described above; `work` is a scratch directory.
    static func convert(_ path: String, work: String) throws -> String {
        guard let wast2json = findExecutable("wast2json"), let wat2wasm = findExecutable("wat2wasm") else {
            throw HarnessError(missingTools ?? "WABT not found")
        }
        try? FileManager.default.removeItem(atPath: work)
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        let json = work + "/script.json"
        let conversion = try runTool(wast2json, flags + [path, "-o", json])
        guard conversion.status == 0 else { throw HarnessError("wast2json failed: \(firstLines(of: conversion.errors))") }
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json)))
        guard let commands = (object as? [String: Any])?["commands"] as? [[String: Any]] else {
            throw HarnessError("wast2json wrote no commands")
        }
        var out = ""
        var line = 1
        for command in commands {
            let target = command["line"] as? Int ?? line
            while line < target {
                out += "\n"
                line += 1
            }
            out += try directive(command, work: work, wat2wasm: wat2wasm) + "\n"
            line += 1
        }
        return out
    }

    // MARK: Commands

    private static func directive(_ command: [String: Any], work: String, wat2wasm: String) throws -> String {
        let type = command["type"] as? String ?? ""
        let text = quoted(command["text"] as? String ?? "")
        switch type {
        case "module":
            let name = (command["name"] as? String).map { " " + $0 } ?? ""
            return "(module\(name) binary \(try binary(command, work: work)))"
        case "register":
            let name = (command["name"] as? String).map { " " + $0 } ?? ""
            return "(register \(quoted(command["as"] as? String ?? ""))\(name))"
        case "action":
            return try action(command)
        case "assert_return":
            let expected = try (command["expected"] as? [[String: Any]] ?? []).map { try value($0) }
            return "(assert_return \(try action(command))\(expected.map { " " + $0 }.joined()))"
        case "assert_trap": return "(assert_trap \(try action(command)) \(text))"
        case "assert_exhaustion": return "(assert_exhaustion \(try action(command)) \(text))"
        case "assert_exception": return "(assert_exception \(try action(command)))"
        case "assert_invalid", "assert_malformed":
            return "(\(type) \(try moduleSource(command, work: work, wat2wasm: wat2wasm)) \(text))"
        case "assert_unlinkable": return "(assert_unlinkable (module binary \(try binary(command, work: work))) \(text))"
        case "assert_uninstantiable": return "(assert_trap (module binary \(try binary(command, work: work))) \(text))"
        default: throw HarnessError("wast2json command \(type) is not supported by the legacy converter")
        }
    }

    /// `(module binary ...)`, or for a text module `(module quote ...)` unless wat2wasm accepts it.
    private static func moduleSource(_ command: [String: Any], work: String, wat2wasm: String) throws -> String {
        guard command["module_type"] as? String == "text" else { return "(module binary \(try binary(command, work: work)))" }
        let file = work + "/" + (command["filename"] as? String ?? "")
        let converted = file + ".wasm"
        if try runTool(wat2wasm, flags + [file, "-o", converted]).status == 0 {
            return "(module binary \(quoted(bytes: try Data(contentsOf: URL(fileURLWithPath: converted)))))"
        }
        return "(module quote \(quoted(bytes: try Data(contentsOf: URL(fileURLWithPath: file)))))"
    }

    /// The module file a command names, as a WAT string of its bytes.
    private static func binary(_ command: [String: Any], work: String) throws -> String {
        let file = work + "/" + (command["filename"] as? String ?? "")
        return quoted(bytes: try Data(contentsOf: URL(fileURLWithPath: file)))
    }

    private static func action(_ command: [String: Any]) throws -> String {
        guard let action = command["action"] as? [String: Any] else { throw HarnessError("command without an action") }
        let module = (action["module"] as? String).map { " " + $0 } ?? ""
        let field = quoted(action["field"] as? String ?? "")
        switch action["type"] as? String {
        case "invoke":
            let arguments = try (action["args"] as? [[String: Any]] ?? []).map { try value($0) }
            return "(invoke\(module) \(field)\(arguments.map { " " + $0 }.joined()))"
        case "get": return "(get\(module) \(field))"
        default: throw HarnessError("unknown action \(action["type"] ?? "")")
        }
    }

    // MARK: Values

    /// A JSON value (`{"type": "f32", "value": "1084227584"}`) as a WAT constant.
    static func value(_ json: [String: Any]) throws -> String {
        let type = json["type"] as? String ?? ""
        let text = json["value"] as? String ?? ""
        switch (type, text) {
        case ("f32", "nan:canonical"), ("f32", "nan:arithmetic"), ("f64", "nan:canonical"), ("f64", "nan:arithmetic"):
            return "(\(type).const \(text))"
        case ("externref", "null"), ("funcref", "null"), ("exnref", "null"):
            return "(ref.null \(type.dropLast(3)))"
        case ("externref", _):
            guard let number = UInt32(text) else { break }
            return "(ref.extern \(number))"
        case ("i32", _):
            guard let bits = UInt32(text) else { break }
            return "(i32.const 0x\(String(bits, radix: 16)))"
        case ("i64", _):
            guard let bits = UInt64(text) else { break }
            return "(i64.const 0x\(String(bits, radix: 16)))"
        case ("f32", _):
            guard let bits = UInt32(text) else { break }
            return "(f32.const \(floatLiteral(UInt64(bits), exponentBits: 8, fractionBits: 23)))"
        case ("f64", _):
            guard let bits = UInt64(text) else { break }
            return "(f64.const \(floatLiteral(bits, exponentBits: 11, fractionBits: 52)))"
        default: break
        }
        throw HarnessError("value \(type) \(text) is not supported by the legacy converter")
    }

    /// The exact WAT literal of an IEEE 754 bit pattern: a hexadecimal float, `inf` or `nan:0x...`.
    static func floatLiteral(_ bits: UInt64, exponentBits: Int, fractionBits: Int) -> String {
        let sign = bits >> UInt64(exponentBits + fractionBits) & 1 == 1 ? "-" : ""
        let exponent = Int(bits >> UInt64(fractionBits)) & ((1 << exponentBits) - 1)
        let fraction = bits & ((1 << UInt64(fractionBits)) - 1)
        let bias = (1 << (exponentBits - 1)) - 1
        if exponent == (1 << exponentBits) - 1 {
            return sign + (fraction == 0 ? "inf" : "nan:0x\(String(fraction, radix: 16))")
        }
        // The fraction as whole hex digits: shifted left to a multiple of 4 bits.
        let digits = (fractionBits + 3) / 4
        let hex = String(fraction << UInt64(digits * 4 - fractionBits), radix: 16)
        let padded = String(repeating: "0", count: digits - hex.count) + hex
        return exponent == 0
            ? "\(sign)0x0.\(padded)p\(1 - bias)"
            : "\(sign)0x1.\(padded)p\(exponent - bias)"
    }

    // MARK: Text

    private static func quoted(_ text: String) -> String { quoted(bytes: Data(text.utf8)) }

    /// A WAT string literal of `bytes`, every byte outside plain ASCII escaped as `\hh`.
    private static func quoted(bytes: Data) -> String {
        var out = "\""
        for byte in bytes {
            switch byte {
            case 0x20...0x7E where byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "\\"):
                out.append(Character(Unicode.Scalar(byte)))
            default:
                out += "\\" + (byte < 16 ? "0" : "") + String(byte, radix: 16)
            }
        }
        return out + "\""
    }

    // MARK: Tools

    /// Adds `what: reason` to the list of skipped tests scripts/test.sh prints at the end
    /// (`$BS_AOT_SKIPPED_LIST`; TestSupport's recordSkip, which this target does not link).
    static func recordSkip(_ what: String, reason: String) {
        print("skipped: \(what): \(reason)")
        guard let path = ProcessInfo.processInfo.environment["BS_AOT_SKIPPED_LIST"], !path.isEmpty else { return }
        if !FileManager.default.fileExists(atPath: path) { _ = FileManager.default.createFile(atPath: path, contents: nil) }
        guard let handle = FileHandle(forWritingAtPath: path) else { return }
        handle.seekToEndOfFile()
        handle.write(Data("\(what): \(reason)\n".utf8))
        try? handle.close()
    }

    private static func findExecutable(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    private static func runTool(_ executable: String, _ arguments: [String]) throws -> (status: Int32, errors: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
