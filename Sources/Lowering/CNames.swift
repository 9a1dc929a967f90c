import Validator
import WasmModule
import WasmParser
import WasmTypes

// How WASM types, values and names are spelled in C. The letters match runtime-c/include/bsrt.h.

extension ValueType {
    /// The letter of the value's C representation: 'i' i32, 'I' i64, 'f' f32, 'F' f64, 'v' v128, 'r' any
    /// function reference (funcref, `(ref $t)`, ...), 'e' any external reference, 'x' any
    /// exception reference (exnref). Type identity
    /// needs more than this: see `ModuleContext.typeSignature(of:)`.
    var letter: String {
        switch self {
        case .i32: "i"
        case .i64: "I"
        case .f32: "f"
        case .f64: "F"
        case .ref(let ref): representation(ref, "e", "x", "r")
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
        case .ref(let ref): representation(ref, "void *", "bsrt_exnref", "const bsrt_func *")
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
        case .ref(let ref): representation(ref, "se", "sx", "sr")
        case .v128: "sv"
        }
    }

    /// A C expression that is true when `value`, of this reference type, is null (not null): an
    /// exnref is a struct whose tag is NULL (runtime-c/include/bsrt.h), every other reference a
    /// pointer.
    func cIsNull(_ value: String) -> String { "\(cNullable(value)) == NULL" }
    func cIsNotNull(_ value: String) -> String { "\(cNullable(value)) != NULL" }

    private func cNullable(_ value: String) -> String {
        if case .ref(let ref) = self, TypeRelation.top(of: ref.heapType) == .exnRef { return "\(value).tag" }
        return value
    }

    /// `external`, `exception` or `function`, by the hierarchy the reference belongs to.
    private func representation(_ reference: ReferenceType, _ external: String, _ exception: String, _ function: String) -> String {
        switch TypeRelation.top(of: reference.heapType) {
        case .externRef: external
        case .exnRef: exception
        default: function
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

/// The string `bsrt_type_id` interns for function type `index` of `module` (see
/// `ModuleContext.typeSignature(of:)`): what an embedder compares an export's `type_id` with.
public func typeIdentity(ofType index: Int, in module: Module) -> String {
    ModuleContext(module).typeSignature(ofType: index)
}

extension ModuleContext {
    /// The string `bsrt_type_id` interns for a function type: equal exactly when the types are
    /// equal, across modules too. Numbers and `funcref`/`externref` are their letters ("ii:i",
    /// the host table's spelling); other references spell their nullability and heap type, a
    /// concrete one by its own signature in parentheses ("T(i:i)" is `(ref $t)` of `[i32] ->
    /// [i32]`), which is finite because a type refers only to types before it.
    func typeSignature(ofType index: Int) -> String {
        typeSignature(of: types[index], expanding: [index])
    }

    /// `expanding`: the types whose signature is being spelled around this one; a reference
    /// back to one of them (a type that refers to itself, allowed in its own rec group) is
    /// spelled by how far out it is, `^0` for the innermost, as iso-recursive equality wants.
    private func typeSignature(of type: FunctionType, expanding: [Int]) -> String {
        let values = { (list: [ValueType]) in list.map { valueSignature($0, expanding: expanding) }.joined() }
        return values(type.parameters) + ":" + values(type.results)
    }

    func valueSignature(_ value: ValueType) -> String { valueSignature(value, expanding: []) }

    private func valueSignature(_ value: ValueType, expanding: [Int]) -> String {
        guard case .ref(let reference) = value else { return value.letter }
        let null = reference.isNullable
        switch reference.heapType {
        case .abstract(.funcRef): return null ? "r" : "R"
        case .abstract(.externRef): return null ? "e" : "E"
        case .abstract(.noFunc): return null ? "z" : "Z"
        case .abstract(.noExtern): return null ? "y" : "Y"
        case .abstract(.exnRef): return null ? "x" : "X"
        case .abstract(.noExn): return null ? "w" : "W"
        case .abstract(let other): return "(\(other))"
        case .concrete(let index):
            let target: String
            if let depth = expanding.reversed().firstIndex(of: Int(index)) {
                target = "^\(depth)"
            } else if Int(index) < types.count {
                target = typeSignature(of: types[Int(index)], expanding: expanding + [Int(index)])
            } else {
                target = "?"
            }
            return (null ? "t(" : "T(") + target + ")"
        }
    }
}

/// The zero a C variable of type `cType` starts with (spec defaults: 0, or a null reference).
func cZero(ofCType cType: String) -> String {
    switch cType {
    case ValueType.v128.cType: "{0}"
    case "bsrt_exnref": "BSRT_EXNREF_NULL"
    default: "0"
    }
}

/// `ref.null` of `heap` as a C expression.
func cNull(_ heap: HeapType) -> String { TypeRelation.top(of: heap) == .exnRef ? "BSRT_EXNREF_NULL" : "NULL" }

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
