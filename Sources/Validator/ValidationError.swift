import WasmModule

/// A module that decodes but breaks a validation rule ("invalid" in the spec's terms).
///
/// <https://webassembly.github.io/spec/core/valid/index.html>
public struct ValidationError: Error, CustomStringConvertible, Sendable {
    /// The reason, in the spec test suite's wording ("type mismatch", "unknown global 3", ...).
    public var reason: String
    /// Byte offset of the offending instruction or section.
    public var offset: Int
    /// The function the problem is in, when it is in one.
    public var function: String?

    public init(_ reason: String, offset: Int, function: String? = nil) {
        self.reason = reason
        self.offset = offset
        self.function = function
    }

    public var description: String {
        let place = function.map { " in function \($0)" } ?? ""
        return oneLine("invalid module: \(reason) at offset \(offset)\(place)")
    }
}

/// An instruction or declaration that needs a feature bs-aot does not lower yet.
public struct UnsupportedFeatureError: Error, CustomStringConvertible, Sendable {
    public var feature: String
    public var offset: Int

    public init(feature: String, offset: Int) {
        self.feature = feature
        self.offset = offset
    }

    public var description: String { oneLine("unsupported feature: \(feature) at offset \(offset)") }
}

/// What the translator throws: the module is invalid, or valid but beyond what bs-aot supports.
public enum TranslationError: Error, CustomStringConvertible, Sendable {
    /// A function body that does not decode (WasmParser reads bodies lazily, while lowering).
    case malformed(DecodeError)
    case invalid(ValidationError)
    case unsupported(UnsupportedFeatureError)

    public var description: String {
        switch self {
        case .malformed(let error): error.description
        case .invalid(let error): error.description
        case .unsupported(let error): error.description
        }
    }
}
