import WasmParser
import WasmTypes

// Tags of the exception-handling proposal: a tag's type is a function type whose parameters are
// the exception's payload; it has no results.
// <https://webassembly.github.io/spec/core/valid/types.html#tag-types>
extension ModuleContext {
    /// The function type of tag `index` ("unknown tag N" when there is none).
    public func tagType(_ index: UInt32, at offset: Int) throws(ValidationError) -> FunctionType {
        guard Int(index) < tags.count else { throw error("unknown tag \(index)", offset) }
        return try type(tags[Int(index)], at: offset)
    }

    /// A tag declaration or import: its type must exist and have no results.
    func checkTagType(_ typeIndex: TypeIndex, at offset: Int) throws(ValidationError) {
        guard try type(typeIndex, at: offset).results.isEmpty else {
            throw error("non-empty tag result type", offset)
        }
    }
}
