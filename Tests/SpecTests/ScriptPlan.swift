import Lowering
import WasmModule

/// How one directive of a script turned out.
enum Outcome: Sendable, Equatable {
    case passed
    /// The directive needs a module the translator refused as `unsupported feature`, or a value
    /// the harness cannot express (v128, GC references); never counted as passed.
    case unsupported(String)
    case failed(String)
}

/// One directive of a script (`module`, `register`, `invoke` or an assertion) and its outcome.
struct Check: Sendable {
    var line: Int
    /// The directive's keyword, `assert_return`.
    var directive: String
    /// What it acts on, for messages: `"add"`, `module`.
    var subject: String
    /// Decided while planning, or by the driver's report of the check's step (`nil` until then).
    var outcome: Outcome?
}

/// A value type as the C driver passes it; the raw value is a bsrt.h signature letter.
enum ValueKind: Character, Sendable, Hashable {
    case i32 = "i"
    case i64 = "I"
    case f32 = "f"
    case f64 = "F"
    case v128 = "v"
    case funcref = "r"
    case externref = "e"

    /// How many 64-bit words the driver uses for a value of this kind (a v128 is two: low, high).
    var words: Int { self == .v128 ? 2 : 1 }

    /// The C type of a value of this kind (bsrt.h "Value representation").
    var cType: String {
        switch self {
        case .i32: "uint32_t"
        case .i64: "uint64_t"
        case .f32: "float"
        case .f64: "double"
        case .v128: "bsrt_v128"
        case .funcref: "const bsrt_func *"
        case .externref: "void *"
        }
    }
}

/// A function type in bsrt.h's letters: `"ii:i"` is (i32, i32) -> i32.
struct Signature: Sendable, Hashable {
    var parameters: [ValueKind]
    var results: [ValueKind]
    /// The string the module's `bsrt_type_id` interned for the function's type, when it says
    /// more than the letters (typed references); the driver checks the export against it.
    var identity: String? = nil

    var text: String { String(parameters.map(\.rawValue)) + ":" + String(results.map(\.rawValue)) }
    /// The 64-bit words of the results, as the driver stores and prints them.
    var resultWords: Int { results.reduce(0) { $0 + $1.words } }
    /// `bsrt_results_iI`: the struct a function with several results returns.
    var resultsStructName: String { "bsrt_results_" + String(results.map(\.rawValue)) }
}

/// A value an assertion expects, compared with the driver's raw 64-bit result.
enum Expected: Sendable, Equatable {
    /// Exactly these bits (the low 32 for i32 and f32).
    case bits(UInt64, ValueKind)
    case canonicalNaN(ValueKind)
    case arithmeticNaN(ValueKind)
    /// A null reference (`ref.null`).
    case null
    /// Any non-null reference (`ref.func`, `ref.extern` without a number).
    case nonNull
    /// `ref.extern N`, as the driver represents it (see ``externBits(_:)``).
    case extern(UInt64)
    /// A v128, lane by lane (lane 0 first): two i64 lanes for an integer shape, four f32 or two
    /// f64 lanes for a float shape (so that each lane can expect a NaN class).
    case v128([Expected])
    /// Relaxed SIMD's `(either ...)`: any one of these.
    case either([Expected])
}

/// What an export is called; `index` is its position in the module's export list, which the
/// driver uses instead of the name when the name holds a NUL byte (bsrt.h names are C strings).
struct ExportName: Sendable {
    var name: String
    var index: Int
}

/// What the driver does for one step.
enum Action: Sendable {
    /// Link `unit`'s imports and instantiate it into `slot`.
    case instantiate(unit: Int, slot: Int)
    /// Make `slot`'s exports importable as module `name`.
    case register(name: String, slot: Int)
    /// Call an exported function with raw arguments (bit patterns, see `Expected`).
    case call(slot: Int, export: ExportName, signature: Int, arguments: [UInt64])
    /// Read an exported global.
    case readGlobal(slot: Int, export: ExportName, kind: ValueKind)
}

/// What a step must report for its check to pass.
enum Expectation: Sendable {
    case instantiates
    case unlinkable
    case trapsInstantiating(String)
    case registers
    /// A bare `invoke`: it must return without trapping.
    case completes
    case returns([Expected])
    case traps(String)
    case exhausts
    /// `assert_exception`: an exception no handler catches leaves the call.
    case throwsException
}

/// One step of the C driver, and the check it decides.
struct Step: Sendable {
    var action: Action
    var check: Int
    var expectation: Expectation
    /// Set when the instance acted on depends on a module the harness could not run: a failure
    /// of this step then counts as unsupported, with this reason.
    var taint: String? = nil
}

/// One translated module: the C the translator produced, with its symbol prefix.
struct Unit: Sendable {
    var prefix: String
    var files: [CFile]
    /// Where the module is first defined, for messages.
    var line: Int
}

/// Everything the harness knows about a script before running it: every check, the driver's
/// steps, the modules to compile and the function signatures the driver calls.
struct ScriptPlan: Sendable {
    var file: String
    var checks: [Check] = []
    var steps: [Step] = []
    var units: [Unit] = []
    var signatures: [Signature] = []
    var slotCount = 0
    /// How many `assert_invalid` / `assert_malformed` modules each stage rejected
    /// ("assert_invalid by the validator").
    var rejections: [String: Int] = [:]
    var notes: [String] = []

    /// The representation of `ref.extern n` in the driver: any injective non-null mapping.
    static func externBits(_ value: UInt32) -> UInt64 { UInt64(value) + 1 }
}
