import WasmParser
import WasmTypes

/// Reference types and their subtyping, as far as bs-aot lowers them: the function references
/// proposal (`(ref null? $t)`, `(ref null? func)`, `(ref null? extern)` and their bottoms
/// `nofunc` and `noextern`), without GC's struct, array, i31 and `any` hierarchy.
///
/// Without GC every defined type is a final function type in a rec group of its own, so two
/// type indices denote the same type exactly when their function types are equal after the
/// indices inside them are themselves replaced by their canonical type.
/// <https://webassembly.github.io/spec/core/valid/matching.html#reference-types>
public struct TypeRelation: Sendable {
    /// For each type index, the smallest index of an equal type.
    public let canonical: [Int]

    /// The relation of a module without defined types (abstract references only).
    public static let abstractOnly = TypeRelation(canonical: [])

    init(canonical: [Int]) { self.canonical = canonical }

    /// Canonicalizes `types` in order. A type may refer only to itself and the types before it
    /// (a rec group of several types is GC, refused by the decoder; ValidateModule rejects a
    /// forward reference).
    public init(types: [FunctionType]) {
        var canonical: [Int] = []
        var firstOfKey: [String: Int] = [:]
        for (index, type) in types.enumerated() {
            let key = (type.parameters + [nil] + type.results).map { value -> String in
                guard let value else { return "|" }
                return Self.key(value, canonical: canonical, defining: index)
            }.joined(separator: ",")
            if let first = firstOfKey[key] {
                canonical.append(first)
            } else {
                firstOfKey[key] = index
                canonical.append(index)
            }
        }
        self.canonical = canonical
    }

    private static func key(_ value: ValueType, canonical: [Int], defining: Int) -> String {
        guard case .ref(let reference) = value else { return "\(value)" }
        let null = reference.isNullable ? "null " : ""
        switch reference.heapType {
        case .abstract(let abstract): return "ref \(null)\(abstract)"
        case .concrete(let index) where Int(index) == defining:
            // A reference to the type being defined (rec.0 of its own group).
            return "ref \(null)self"
        case .concrete(let index):
            // A forward reference keeps its raw index (it is invalid anyway; see ValidateModule).
            let target = Int(index) < canonical.count ? canonical[Int(index)] : Int(index) + 1_000_000
            return "ref \(null)$\(target)"
        }
    }

    /// `a` matches `b`: a value of type `a` may stand where `b` is expected.
    public func isSubtype(_ a: ValueType, of b: ValueType) -> Bool {
        if a == b { return true }
        guard case .ref(let ra) = a, case .ref(let rb) = b else { return false }
        return (!ra.isNullable || rb.isNullable) && isSubtype(heap: ra.heapType, of: rb.heapType)
    }

    /// Heap type matching: a concrete function type is below `func`, `nofunc` below every
    /// function type, `noextern` below `extern`, `noexn` below `exn`.
    public func isSubtype(heap a: HeapType, of b: HeapType) -> Bool {
        switch (a, b) {
        case (.concrete(let x), .concrete(let y)): return canonicalIndex(x) == canonicalIndex(y)
        case (.concrete, .abstract(.funcRef)): return true
        case (.concrete, .abstract): return false
        case (.abstract(.noFunc), .concrete): return true
        case (.abstract, .concrete): return false
        case (.abstract(let x), .abstract(let y)):
            if x == y { return true }
            switch y {
            case .funcRef: return x == .noFunc
            case .externRef: return x == .noExtern
            case .exnRef: return x == .noExn
            default: return false
            }
        }
    }

    private func canonicalIndex(_ index: UInt32) -> Int {
        Int(index) < canonical.count ? canonical[Int(index)] : Int(index)
    }

    /// The heap type's top: `func` for function references, `extern`, `exn`.
    public static func top(of heap: HeapType) -> AbstractHeapType {
        switch heap {
        case .concrete: .funcRef
        case .abstract(.noFunc), .abstract(.funcRef): .funcRef
        case .abstract(.noExtern), .abstract(.externRef): .externRef
        case .abstract(.noExn), .abstract(.exnRef): .exnRef
        case .abstract(let other): other
        }
    }
}

extension ValueType {
    /// A type with a default value (zero, or null): every type but a non-nullable reference.
    /// A local of another type must be set before it is read.
    public var isDefaultable: Bool {
        if case .ref(let reference) = self { return reference.isNullable }
        return true
    }
}

/// The reference type `ref.null heap` produces, or nil for a heap type bs-aot does not lower
/// (GC's `any`, `eq`, `i31`, `struct`, `array`, `none`).
public func referenceType(nullOf heap: HeapType) -> ReferenceType? {
    switch heap {
    case .abstract(.funcRef), .abstract(.externRef), .abstract(.noFunc), .abstract(.noExtern), .abstract(.exnRef),
        .abstract(.noExn), .concrete:
        ReferenceType(isNullable: true, heapType: heap)
    default: nil
    }
}
