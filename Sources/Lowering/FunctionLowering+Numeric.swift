import Validator
import WasmParser
import WasmTypes

// Numeric instructions: constants, comparisons, unary, binary and conversions. Each family's
// C spelling is one table; helpers named bsrt_* live in runtime-c/include/bsrt_ops.h and keep
// the C free of undefined behaviour (shift counts masked, traps checked before dividing or
// converting, sign-bit operations on floats).
// <https://webassembly.github.io/spec/core/exec/numerics.html>
extension FunctionLowering {
    mutating func lowerNumeric(_ instruction: Instruction) throws {
        switch instruction {
        case .i32Const(let value): try constant(.i32, cHex32(UInt32(bitPattern: value)))
        case .i64Const(let value): try constant(.i64, cHex64(UInt64(bitPattern: value)))
        case .f32Const(let value): try constant(.f32, "bsrt_f32_const(\(cHex32(value.bitPattern)))")
        case .f64Const(let value): try constant(.f64, "bsrt_f64_const(\(cHex64(value.bitPattern)))")
        case .i32Eqz: try apply(operands: [.i32], result: .i32) { "(uint32_t)(\($0[0]) == 0)" }
        case .i64Eqz: try apply(operands: [.i64], result: .i32) { "(uint32_t)(\($0[0]) == 0)" }
        case .cmp(let op):
            try apply(operands: [op.operandType, op.operandType], result: .i32) { "(uint32_t)(\(op.cExpression($0[0], $0[1])))" }
        case .unary(let op):
            try apply(operands: [op.operandType], result: op.operandType) { op.cExpression($0[0]) }
        case .binary(let op):
            try apply(operands: [op.operandType, op.operandType], result: op.operandType) { op.cExpression($0[0], $0[1]) }
        case .conversion(let op):
            let (operand, result) = op.signature
            try apply(operands: [operand], result: result) { op.cExpression($0[0]) }
        default:
            throw UnsupportedFeatureError(feature: featureName(of: instruction), offset: binaryOffset)
        }
    }

    mutating func constant(_ type: ValueType, _ value: String) throws {
        emit("\(slot(stack.height, type)) = \(value);")
        stack.push(type)
    }

    /// Pops `operands`, pushes `result` and assigns `expression(operand slots)` to its slot.
    mutating func apply(operands: [ValueType], result: ValueType, _ expression: ([String]) -> String) throws {
        try stack.pop(operands)
        let base = stack.height
        stack.push(result)
        guard isLive else { return }
        let names = operands.enumerated().map { slot(base + $0.offset, $0.element) }
        emit("\(slot(base, result)) = \(expression(names));")
    }
}

extension Instruction.Cmp {
    func cExpression(_ a: String, _ b: String) -> String {
        switch self {
        case .i32Eq, .i64Eq, .f32Eq, .f64Eq: "\(a) == \(b)"
        case .i32Ne, .i64Ne, .f32Ne, .f64Ne: "\(a) != \(b)"
        case .i32LtS: "(int32_t)\(a) < (int32_t)\(b)"
        case .i32GtS: "(int32_t)\(a) > (int32_t)\(b)"
        case .i32LeS: "(int32_t)\(a) <= (int32_t)\(b)"
        case .i32GeS: "(int32_t)\(a) >= (int32_t)\(b)"
        case .i64LtS: "(int64_t)\(a) < (int64_t)\(b)"
        case .i64GtS: "(int64_t)\(a) > (int64_t)\(b)"
        case .i64LeS: "(int64_t)\(a) <= (int64_t)\(b)"
        case .i64GeS: "(int64_t)\(a) >= (int64_t)\(b)"
        case .i32LtU, .i64LtU, .f32Lt, .f64Lt: "\(a) < \(b)"
        case .i32GtU, .i64GtU, .f32Gt, .f64Gt: "\(a) > \(b)"
        case .i32LeU, .i64LeU, .f32Le, .f64Le: "\(a) <= \(b)"
        case .i32GeU, .i64GeU, .f32Ge, .f64Ge: "\(a) >= \(b)"
        }
    }
}

extension Instruction.Unary {
    func cExpression(_ a: String) -> String {
        switch self {
        case .i32Clz: "bsrt_i32_clz(\(a))"
        case .i32Ctz: "bsrt_i32_ctz(\(a))"
        case .i32Popcnt: "bsrt_i32_popcnt(\(a))"
        case .i64Clz: "bsrt_i64_clz(\(a))"
        case .i64Ctz: "bsrt_i64_ctz(\(a))"
        case .i64Popcnt: "bsrt_i64_popcnt(\(a))"
        case .f32Abs: "bsrt_f32_abs(\(a))"
        case .f32Neg: "bsrt_f32_neg(\(a))"
        case .f32Ceil: "bsrt_f32_ceil(\(a))"
        case .f32Floor: "bsrt_f32_floor(\(a))"
        case .f32Trunc: "bsrt_f32_trunc(\(a))"
        case .f32Nearest: "bsrt_f32_nearest(\(a))"
        case .f32Sqrt: "bsrt_f32_sqrt(\(a))"
        case .f64Abs: "bsrt_f64_abs(\(a))"
        case .f64Neg: "bsrt_f64_neg(\(a))"
        case .f64Ceil: "bsrt_f64_ceil(\(a))"
        case .f64Floor: "bsrt_f64_floor(\(a))"
        case .f64Trunc: "bsrt_f64_trunc(\(a))"
        case .f64Nearest: "bsrt_f64_nearest(\(a))"
        case .f64Sqrt: "bsrt_f64_sqrt(\(a))"
        case .i32Extend8S: "(uint32_t)(int32_t)(int8_t)\(a)"
        case .i32Extend16S: "(uint32_t)(int32_t)(int16_t)\(a)"
        case .i64Extend8S: "(uint64_t)(int64_t)(int8_t)\(a)"
        case .i64Extend16S: "(uint64_t)(int64_t)(int16_t)\(a)"
        case .i64Extend32S: "(uint64_t)(int64_t)(int32_t)\(a)"
        }
    }
}

extension Instruction.Binary {
    func cExpression(_ a: String, _ b: String) -> String {
        switch self {
        case .i32Add, .i64Add, .f32Add, .f64Add: "\(a) + \(b)"
        case .i32Sub, .i64Sub, .f32Sub, .f64Sub: "\(a) - \(b)"
        case .i32Mul, .i64Mul, .f32Mul, .f64Mul: "\(a) * \(b)"
        case .f32Div, .f64Div: "\(a) / \(b)"
        case .i32And, .i64And: "\(a) & \(b)"
        case .i32Or, .i64Or: "\(a) | \(b)"
        case .i32Xor, .i64Xor: "\(a) ^ \(b)"
        case .i32Shl: "\(a) << (\(b) & 31)"
        case .i64Shl: "\(a) << (\(b) & 63)"
        case .i32ShrS: "(uint32_t)((int32_t)\(a) >> (\(b) & 31))"
        case .i64ShrS: "(uint64_t)((int64_t)\(a) >> (\(b) & 63))"
        case .i32ShrU: "\(a) >> (\(b) & 31)"
        case .i64ShrU: "\(a) >> (\(b) & 63)"
        case .i32Rotl: "bsrt_i32_rotl(\(a), \(b))"
        case .i32Rotr: "bsrt_i32_rotr(\(a), \(b))"
        case .i64Rotl: "bsrt_i64_rotl(\(a), \(b))"
        case .i64Rotr: "bsrt_i64_rotr(\(a), \(b))"
        case .i32DivS: "bsrt_i32_div_s(\(a), \(b), FN)"
        case .i32DivU: "bsrt_i32_div_u(\(a), \(b), FN)"
        case .i32RemS: "bsrt_i32_rem_s(\(a), \(b), FN)"
        case .i32RemU: "bsrt_i32_rem_u(\(a), \(b), FN)"
        case .i64DivS: "bsrt_i64_div_s(\(a), \(b), FN)"
        case .i64DivU: "bsrt_i64_div_u(\(a), \(b), FN)"
        case .i64RemS: "bsrt_i64_rem_s(\(a), \(b), FN)"
        case .i64RemU: "bsrt_i64_rem_u(\(a), \(b), FN)"
        case .f32Min: "bsrt_f32_min(\(a), \(b))"
        case .f32Max: "bsrt_f32_max(\(a), \(b))"
        case .f64Min: "bsrt_f64_min(\(a), \(b))"
        case .f64Max: "bsrt_f64_max(\(a), \(b))"
        case .f32Copysign: "bsrt_f32_copysign(\(a), \(b))"
        case .f64Copysign: "bsrt_f64_copysign(\(a), \(b))"
        }
    }
}

extension Instruction.Conversion {
    func cExpression(_ a: String) -> String {
        switch self {
        case .i32WrapI64: "(uint32_t)\(a)"
        case .i64ExtendI32S: "(uint64_t)(int64_t)(int32_t)\(a)"
        case .i64ExtendI32U: "(uint64_t)\(a)"
        case .i32TruncF32S: "bsrt_i32_trunc_f32_s(\(a), FN)"
        case .i32TruncF32U: "bsrt_i32_trunc_f32_u(\(a), FN)"
        case .i32TruncF64S: "bsrt_i32_trunc_f64_s(\(a), FN)"
        case .i32TruncF64U: "bsrt_i32_trunc_f64_u(\(a), FN)"
        case .i64TruncF32S: "bsrt_i64_trunc_f32_s(\(a), FN)"
        case .i64TruncF32U: "bsrt_i64_trunc_f32_u(\(a), FN)"
        case .i64TruncF64S: "bsrt_i64_trunc_f64_s(\(a), FN)"
        case .i64TruncF64U: "bsrt_i64_trunc_f64_u(\(a), FN)"
        case .i32TruncSatF32S: "bsrt_i32_trunc_sat_f32_s(\(a))"
        case .i32TruncSatF32U: "bsrt_i32_trunc_sat_f32_u(\(a))"
        case .i32TruncSatF64S: "bsrt_i32_trunc_sat_f64_s(\(a))"
        case .i32TruncSatF64U: "bsrt_i32_trunc_sat_f64_u(\(a))"
        case .i64TruncSatF32S: "bsrt_i64_trunc_sat_f32_s(\(a))"
        case .i64TruncSatF32U: "bsrt_i64_trunc_sat_f32_u(\(a))"
        case .i64TruncSatF64S: "bsrt_i64_trunc_sat_f64_s(\(a))"
        case .i64TruncSatF64U: "bsrt_i64_trunc_sat_f64_u(\(a))"
        case .f32ConvertI32S: "(float)(int32_t)\(a)"
        case .f32ConvertI32U: "(float)\(a)"
        case .f32ConvertI64S: "(float)(int64_t)\(a)"
        case .f32ConvertI64U: "bsrt_f32_convert_i64_u(\(a))"
        case .f64ConvertI32S: "(double)(int32_t)\(a)"
        case .f64ConvertI32U: "(double)\(a)"
        case .f64ConvertI64S: "(double)(int64_t)\(a)"
        case .f64ConvertI64U: "bsrt_f64_convert_i64_u(\(a))"
        case .f32DemoteF64: "bsrt_f32_demote_f64(\(a))"
        case .f64PromoteF32: "bsrt_f64_promote_f32(\(a))"
        case .i32ReinterpretF32: "bsrt_i32_reinterpret_f32(\(a))"
        case .i64ReinterpretF64: "bsrt_i64_reinterpret_f64(\(a))"
        case .f32ReinterpretI32: "bsrt_f32_reinterpret_i32(\(a))"
        case .f64ReinterpretI64: "bsrt_f64_reinterpret_i64(\(a))"
        }
    }
}
