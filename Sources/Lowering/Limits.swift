import Validator
import WasmModule
import WasmParser
import WasmTypes

/// Implementation limits of the translator, for inputs whose C would otherwise grow without
/// bound. Each is refused with one line naming the limit (`LoweringError.limit`).
enum TranslatorLimits {
    /// Characters in the identity string of one function type (`typeSignature(ofType:)`), and in
    /// all of them together. A reference to an earlier type spells that type out, so a chain of
    /// types each referring twice to the one before doubles at every step: 40 small types would
    /// spell a terabyte.
    static let typeIdentityLength = 1 << 20

    /// Refuses a module whose type identities would be longer than `typeIdentityLength`.
    static func checkTypeIdentities(_ context: ModuleContext) throws(LoweringError) {
        var lengths: [Int] = []
        var total = 0
        for (index, type) in context.types.enumerated() {
            var length = 1  // the ':'
            for value in type.parameters + type.results {
                length = min(length + identityLength(value, defining: index, lengths: lengths), Int.max / 4)
            }
            if length > typeIdentityLength {
                throw .limit(
                    "type \(index) spells its references \(length) characters deep (a chain of types, each referring to the one before); the limit is \(typeIdentityLength)")
            }
            total += length
            if total > 16 * typeIdentityLength {
                throw .limit("the module's types spell \(total) characters of references; the limit is \(16 * typeIdentityLength)")
            }
            lengths.append(length)
        }
    }

    /// The length of `valueSignature` for `value` in a type being defined at index `defining`.
    private static func identityLength(_ value: ValueType, defining: Int, lengths: [Int]) -> Int {
        guard case .ref(let reference) = value else { return 1 }
        switch reference.heapType {
        case .abstract(.funcRef), .abstract(.externRef), .abstract(.noFunc), .abstract(.noExtern), .abstract(.exnRef):
            return 1
        case .abstract(let other): return "(\(other))".count
        case .concrete(let target):
            if Int(target) == defining { return 5 }  // "T(^0)"
            return 3 + (Int(target) < lengths.count ? lengths[Int(target)] : 1)
        }
    }
}
