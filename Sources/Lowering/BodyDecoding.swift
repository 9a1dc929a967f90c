import Validator
import WasmModule
import WasmParser

/// An instruction of the legacy exception-handling proposal (`try`, `catch`, `catch_all`,
/// `delegate`, `rethrow`), which WasmKit 0.4.2's WasmParser does not decode.
///
/// <https://github.com/WebAssembly/exception-handling/blob/main/proposals/exception-handling/legacy/Exceptions.md>
enum LegacyInstruction: Equatable, Sendable {
    case `try`(BlockType)
    case `catch`(tagIndex: UInt32)
    case catchAll
    case delegate(labelIndex: UInt32)
    case rethrow(labelIndex: UInt32)

    /// The legacy opcodes, and the standard opcode with the same immediates that stands in for
    /// each while WasmParser decodes it: `try` has a block type as `block` does; `catch`,
    /// `delegate` and `rethrow` one index as `br`; `catch_all` none, as `nop`.
    static let standIns: [UInt8: UInt8] = [0x06: 0x02, 0x07: 0x0C, 0x18: 0x0C, 0x09: 0x0C, 0x19: 0x01]

    /// The legacy instruction whose opcode `legacy` WasmParser decoded as `standIn`.
    init?(opcode legacy: UInt8, decodedAs standIn: Instruction) {
        switch (legacy, standIn) {
        case (0x06, .block(let type)): self = .try(type)
        case (0x07, .br(let index)): self = .catch(tagIndex: index)
        case (0x19, .nop): self = .catchAll
        case (0x18, .br(let index)): self = .delegate(labelIndex: index)
        case (0x09, .br(let index)): self = .rethrow(labelIndex: index)
        default: return nil
        }
    }
}

/// A function body decoded in full, legacy exception instructions included.
struct DecodedBody {
    /// Every instruction with its module offset; `.unreachable` stands in for a legacy one.
    var instructions: [(instruction: Instruction, offset: Int)] = []
    /// The legacy instructions, by position in `instructions`.
    var legacy: [Int: LegacyInstruction] = [:]
}

/// Reads a whole body: binary-format errors are "malformed" whatever follows, and the dead-load
/// and exception analyses need to see ahead. Offsets are module offsets.
///
/// WasmParser refuses the legacy opcodes as illegal. When it does, at the start of an
/// instruction, the rest of the body is decoded again from a copy whose first byte is the
/// stand-in opcode (``LegacyInstruction/standIns``), so WasmParser still reads every immediate;
/// a body without legacy instructions is decoded exactly once, as before.
func decodeBody(_ code: Code) throws(TranslationError) -> DecodedBody {
    var body = DecodedBody()
    var collector = InstructionCollector()
    var parser = ExpressionParser(code: code)
    let expressionStart = parser.offset
    // Module offset = parser offset + shift (0 until a copy of the rest of the body is decoded).
    var shift = 0
    var pendingLegacy: UInt8?
    // Open constructs; the function body is the outermost, its final `end` closes it, and
    // nothing may follow.
    var open: [Construct] = [.plain]
    while true {
        let instructionStart = parser.offset + shift
        do {
            guard let visit = try parser.parse() else { break }
            guard !open.isEmpty else {
                throw DecodeError("section size mismatch: operators after the function's final end", offset: instructionStart)
            }
            visit(visitor: &collector)
            let index = collector.instructions.count - 1
            collector.instructions[index].offset = instructionStart
            if let opcode = pendingLegacy {
                pendingLegacy = nil
                guard let legacy = LegacyInstruction(opcode: opcode, decodedAs: collector.instructions[index].instruction) else {
                    throw DecodeError("illegal opcode \(String(opcode, radix: 16))", offset: instructionStart)
                }
                collector.instructions[index].instruction = .unreachable
                body.legacy[index] = legacy
                try open.apply(legacy, at: instructionStart)
            } else {
                try open.apply(collector.instructions[index].instruction, at: instructionStart)
            }
        } catch let error as DecodeError {
            throw .malformed(error)
        } catch let error as WasmParserError {
            let position = instructionStart - expressionStart
            guard pendingLegacy == nil, position >= 0, position < code.expression.count,
                case let opcode = code.expression[code.expression.startIndex + position],
                let standIn = LegacyInstruction.standIns[opcode]
            else {
                // WasmParser counts from the body's start; report where in the module it is.
                var decoded = DecodeError(error)
                decoded.offset = instructionStart
                throw .malformed(decoded)
            }
            var rest = Array(code.expression[(code.expression.startIndex + position)...])
            rest[0] = standIn
            guard let restCode = syntheticCode(rest) else {
                throw .malformed(DecodeError("illegal opcode \(String(opcode, radix: 16))", offset: instructionStart))
            }
            parser = ExpressionParser(code: restCode)
            shift = instructionStart - parser.offset
            pendingLegacy = opcode
        } catch {
            throw .malformed(DecodeError("\(error)", offset: parser.offset + shift))
        }
    }
    guard open.isEmpty else { throw .malformed(DecodeError("END opcode expected", offset: parser.offset + shift)) }
    body.instructions = collector.instructions
    return body
}

/// A structured construct still open while decoding.
private enum Construct {
    case plain
    /// An `if` that may still take its `else`.
    case `if`
    /// A legacy `try`: its body, its `catch` clauses, or its final `catch_all`.
    case `try`, tryCatch, tryCatchAll
}

extension [Construct] {
    fileprivate mutating func apply(_ instruction: Instruction, at offset: Int) throws(DecodeError) {
        switch instruction {
        case .block, .loop, .tryTable: append(.plain)
        case .if: append(.if)
        case .else:
            // Only an `if` takes an `else` (once): anywhere else the body must end.
            guard last.map({ if case .if = $0 { true } else { false } }) == true else {
                throw DecodeError("END opcode expected", offset: offset)
            }
            self[count - 1] = .plain
        case .end: removeLast()
        default: break
        }
    }

    /// `catch` and `catch_all` may follow a `try`'s body or a `catch`; `delegate` only the body.
    fileprivate mutating func apply(_ instruction: LegacyInstruction, at offset: Int) throws(DecodeError) {
        let top = last
        switch (instruction, top) {
        case (.try, _): append(.try)
        case (.catch, .try?), (.catch, .tryCatch?): self[count - 1] = .tryCatch
        case (.catchAll, .try?), (.catchAll, .tryCatch?): self[count - 1] = .tryCatchAll
        case (.delegate, .try?): removeLast()
        case (.rethrow, _): break
        default: throw DecodeError("END opcode expected", offset: offset)
        }
    }
}

/// A `Code` for `expression` (a body without its local declarations), through the one public
/// way WasmParser makes one: a minimal module of one `[] -> []` function.
private func syntheticCode(_ expression: [UInt8]) -> Code? {
    let entry = LEB128.unsigned(expression.count + 1) + [0x00] + expression  // no local declarations
    let codeSection = [0x01] + entry
    let bytes: [UInt8] = [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00,
                          0x01, 0x04, 0x01, 0x60, 0x00, 0x00,  // type section: [] -> []
                          0x03, 0x02, 0x01, 0x00]  // function section: one function of type 0
        + [0x0A] + LEB128.unsigned(codeSection.count) + codeSection
    var parser = Parser(bytes: bytes, features: .all)
    while let payload = try? parser.parseNext() {
        if case .codeSection(let codes) = payload { return codes.first }
    }
    return nil
}

/// Records every instruction of a body with its offset.
private struct InstructionCollector: AnyInstructionVisitor {
    typealias VisitorError = Never
    var binaryOffset: Int = 0
    var instructions: [(instruction: Instruction, offset: Int)] = []

    mutating func visit(_ instruction: Instruction) { instructions.append((instruction, binaryOffset)) }
}
