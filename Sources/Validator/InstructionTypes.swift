import WasmParser
import WasmTypes

// Operand and result types of the numeric and memory instruction families: one table per
// WasmParser family. <https://webassembly.github.io/spec/core/valid/instructions.html>

extension Instruction.Binary {
    /// The type of both operands and of the result.
    public var operandType: ValueType {
        switch self {
        case .i32Add, .i32Sub, .i32Mul, .i32DivS, .i32DivU, .i32RemS, .i32RemU, .i32And, .i32Or, .i32Xor,
            .i32Shl, .i32ShrS, .i32ShrU, .i32Rotl, .i32Rotr:
            .i32
        case .i64Add, .i64Sub, .i64Mul, .i64DivS, .i64DivU, .i64RemS, .i64RemU, .i64And, .i64Or, .i64Xor,
            .i64Shl, .i64ShrS, .i64ShrU, .i64Rotl, .i64Rotr:
            .i64
        case .f32Add, .f32Sub, .f32Mul, .f32Div, .f32Min, .f32Max, .f32Copysign: .f32
        case .f64Add, .f64Sub, .f64Mul, .f64Div, .f64Min, .f64Max, .f64Copysign: .f64
        }
    }
}

extension Instruction.Cmp {
    /// The type of both operands; the result is always i32.
    public var operandType: ValueType {
        switch self {
        case .i32Eq, .i32Ne, .i32LtS, .i32LtU, .i32GtS, .i32GtU, .i32LeS, .i32LeU, .i32GeS, .i32GeU: .i32
        case .i64Eq, .i64Ne, .i64LtS, .i64LtU, .i64GtS, .i64GtU, .i64LeS, .i64LeU, .i64GeS, .i64GeU: .i64
        case .f32Eq, .f32Ne, .f32Lt, .f32Gt, .f32Le, .f32Ge: .f32
        case .f64Eq, .f64Ne, .f64Lt, .f64Gt, .f64Le, .f64Ge: .f64
        }
    }
}

extension Instruction.Unary {
    /// The type of the operand and of the result.
    public var operandType: ValueType {
        switch self {
        case .i32Clz, .i32Ctz, .i32Popcnt, .i32Extend8S, .i32Extend16S: .i32
        case .i64Clz, .i64Ctz, .i64Popcnt, .i64Extend8S, .i64Extend16S, .i64Extend32S: .i64
        case .f32Abs, .f32Neg, .f32Ceil, .f32Floor, .f32Trunc, .f32Nearest, .f32Sqrt: .f32
        case .f64Abs, .f64Neg, .f64Ceil, .f64Floor, .f64Trunc, .f64Nearest, .f64Sqrt: .f64
        }
    }
}

extension Instruction.Conversion {
    /// Operand type and result type.
    public var signature: (operand: ValueType, result: ValueType) {
        switch self {
        case .i32WrapI64: (.i64, .i32)
        case .i32TruncF32S, .i32TruncF32U, .i32TruncSatF32S, .i32TruncSatF32U, .i32ReinterpretF32: (.f32, .i32)
        case .i32TruncF64S, .i32TruncF64U, .i32TruncSatF64S, .i32TruncSatF64U: (.f64, .i32)
        case .i64ExtendI32S, .i64ExtendI32U: (.i32, .i64)
        case .i64TruncF32S, .i64TruncF32U, .i64TruncSatF32S, .i64TruncSatF32U: (.f32, .i64)
        case .i64TruncF64S, .i64TruncF64U, .i64TruncSatF64S, .i64TruncSatF64U, .i64ReinterpretF64: (.f64, .i64)
        case .f32ConvertI32S, .f32ConvertI32U, .f32ReinterpretI32: (.i32, .f32)
        case .f32ConvertI64S, .f32ConvertI64U: (.i64, .f32)
        case .f32DemoteF64: (.f64, .f32)
        case .f64ConvertI32S, .f64ConvertI32U: (.i32, .f64)
        case .f64ConvertI64S, .f64ConvertI64U, .f64ReinterpretI64: (.i64, .f64)
        case .f64PromoteF32: (.f32, .f64)
        }
    }
}

extension Instruction.Conversion {
    /// The non-trapping float-to-int conversions (`*.trunc_sat_*`).
    public var isSaturating: Bool {
        switch self {
        case .i32TruncSatF32S, .i32TruncSatF32U, .i32TruncSatF64S, .i32TruncSatF64U,
            .i64TruncSatF32S, .i64TruncSatF32U, .i64TruncSatF64S, .i64TruncSatF64U:
            true
        default: false
        }
    }

    /// Conversions that trap on NaN or out-of-range input (`*.trunc_*` without `_sat`).
    public var canTrap: Bool {
        switch self {
        case .i32TruncF32S, .i32TruncF32U, .i32TruncF64S, .i32TruncF64U,
            .i64TruncF32S, .i64TruncF32U, .i64TruncF64S, .i64TruncF64U:
            true
        default: false
        }
    }
}

extension Instruction.Binary {
    /// Divisions and remainders, which trap on a zero divisor (and `div_s` on overflow).
    public var canTrap: Bool {
        switch self {
        case .i32DivS, .i32DivU, .i32RemS, .i32RemU, .i64DivS, .i64DivU, .i64RemS, .i64RemU: true
        default: false
        }
    }
}

extension Instruction.Load {
    /// The loaded value's type and the access width in bytes (the natural alignment bound);
    /// nil for loads outside Wasm 2.0 without SIMD.
    public var scalarSignature: (result: ValueType, width: Int)? {
        switch self {
        case .i32Load: (.i32, 4)
        case .i64Load: (.i64, 8)
        case .f32Load: (.f32, 4)
        case .f64Load: (.f64, 8)
        case .i32Load8S, .i32Load8U: (.i32, 1)
        case .i32Load16S, .i32Load16U: (.i32, 2)
        case .i64Load8S, .i64Load8U: (.i64, 1)
        case .i64Load16S, .i64Load16U: (.i64, 2)
        case .i64Load32S, .i64Load32U: (.i64, 4)
        default: nil
        }
    }
}

extension Instruction.Store {
    /// The stored value's type and the access width in bytes; nil outside Wasm 2.0 without SIMD.
    public var scalarSignature: (value: ValueType, width: Int)? {
        switch self {
        case .i32Store: (.i32, 4)
        case .i64Store: (.i64, 8)
        case .f32Store: (.f32, 4)
        case .f64Store: (.f64, 8)
        case .i32Store8: (.i32, 1)
        case .i32Store16: (.i32, 2)
        case .i64Store8: (.i64, 1)
        case .i64Store16: (.i64, 2)
        case .i64Store32: (.i64, 4)
        default: nil
        }
    }
}

extension ModuleContext {
    /// Parameters and results of a block type. <https://webassembly.github.io/spec/core/valid/types.html#block-types>
    public func blockSignature(_ blockType: BlockType, at offset: Int) throws(ValidationError)
        -> (parameters: [ValueType], results: [ValueType])
    {
        switch blockType {
        case .empty: return ([], [])
        case .type(let type): return ([], [type])
        case .funcType(let index):
            let type = try self.type(index, at: offset)
            return (type.parameters, type.results)
        }
    }
}
