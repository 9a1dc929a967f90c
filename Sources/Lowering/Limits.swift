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

    /// Branches and labels in one function beyond which its C is compiled without optimization
    /// (`BSRT_UNOPTIMIZED`): clang's -O1/-O2 passes take time quadratic in them (10,000 nested
    /// `if`s compile in 4 s, 50,000 in 5 to 9 minutes; at -O0 in 5 s).
    static let optimizedControlFlow = 10_000

    /// The branches and labels of a body: structured instructions, branches and `br_table` targets.
    static func controlFlowSize(_ body: [Instruction]) -> Int {
        var size = 0
        for instruction in body {
            switch instruction {
            case .block, .loop, .if, .br, .brIf, .brOnNull, .brOnNonNull: size += 1
            case .brTable(let table): size += table.labelIndices.count + 1
            default: break
            }
        }
        return size
    }

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
