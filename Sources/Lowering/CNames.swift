import WasmParser
import WasmTypes

// How WASM types, values and names are spelled in C. The letters match runtime-c/include/bsrt.h.

extension ValueType {
    /// The signature letter: 'i' i32, 'I' i64, 'f' f32, 'F' f64, 'v' v128, 'r' funcref, 'e' externref.
    var letter: String {
        switch self {
        case .i32: "i"
        case .i64: "I"
        case .f32: "f"
        case .f64: "F"
        case .ref(let ref): ref.heapType == .externRef ? "e" : "r"
        case .v128: "v"
        }
    }

    /// The C type of a value of this type.
    var cType: String {
        switch self {
        case .i32: "uint32_t"
        case .i64: "uint64_t"
        case .f32: "float"
        case .f64: "double"
        case .ref(let ref): ref.heapType == .externRef ? "void *" : "const bsrt_func *"
        case .v128: "bsrt_v128"
        }
    }

    /// Prefix of the operand-stack slot variables of this type (`si3` is the i32 at height 3).
    var slotPrefix: String {
        switch self {
        case .i32: "si"
        case .i64: "sj"
        case .f32: "sf"
        case .f64: "sd"
        case .ref(let ref): ref.heapType == .externRef ? "se" : "sr"
        case .v128: "sv"
        }
    }
}

extension FunctionType {
    /// "ii:i": the string bsrt_type_id interns.
    var signature: String {
        parameters.map(\.letter).joined() + ":" + results.map(\.letter).joined()
    }

    /// The C return type: void, the single result's type, or the results struct.
    var cReturnType: String {
        switch results.count {
        case 0: "void"
        case 1: results[0].cType
        default: "struct \(resultsStructName)"
        }
    }

    var resultsStructName: String { "bsrt_results_" + results.map(\.letter).joined() }

    /// The C type of a pointer to a function of this type, as stored in bsrt_func.code.
    var cPointerType: String {
        let parameterList = (["bsrt_instance *"] + parameters.map(\.cType)).joined(separator: ", ")
        return "\(cReturnType) (*)(\(parameterList))"
    }
}

/// A C string literal with every byte outside printable ASCII escaped.
func cStringLiteral(_ text: String) -> String {
    var out = "\""
    for byte in text.utf8 {
        switch byte {
        case UInt8(ascii: "\""): out += "\\\""
        case UInt8(ascii: "\\"): out += "\\\\"
        case UInt8(ascii: "?"): out += "\\?"  // avoids trigraphs
        case 0x20...0x7e: out.append(Character(UnicodeScalar(byte)))
        default: out += "\\" + String(byte, radix: 8).leftPadded(to: 3)
        }
    }
    return out + "\""
}

/// A WASM name for a C comment: escaped like a string literal, so that only printable ASCII
/// reaches the file (gcc rejects stray bidirectional control characters), and never `*/`.
func cComment(_ text: String) -> String {
    cStringLiteral(text).replacing("*/", with: "* /").replacing("/*", with: "/ *")
}

/// A C comment-safe, identifier-safe rendering of a WASM name, for readability only.
func cIdentifierFragment(_ text: String) -> String {
    let mapped = text.unicodeScalars.prefix(40).map { scalar -> Character in
        scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)) ? Character(scalar) : "_"
    }
    return String(mapped)
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}

/// Hex literals keep constants exact and the output byte-stable.
func cHex32(_ value: UInt32) -> String { "0x\(String(value, radix: 16))u" }
func cHex64(_ value: UInt64) -> String { "UINT64_C(0x\(String(value, radix: 16)))" }
