import WasmParser
import WasmTypes

// Typing rules of the fixed-width SIMD and relaxed SIMD instructions: one table per WasmParser
// family (`Instruction.Simd`, `.SimdLane`, `.SimdMemLane`, and the v128 forms of `.Load` and
// `.Store`). <https://webassembly.github.io/spec/core/valid/instructions.html#vector-instructions>

extension Instruction.Simd {
    /// Operand types (the first is the deepest) and the result type.
    public var signature: (operands: [ValueType], result: ValueType) {
        switch self {
        case .i8x16Splat, .i16x8Splat, .i32x4Splat: ([.i32], .v128)
        case .i64x2Splat: ([.i64], .v128)
        case .f32x4Splat: ([.f32], .v128)
        case .f64x2Splat: ([.f64], .v128)
        case .v128AnyTrue, .i8x16AllTrue, .i16x8AllTrue, .i32x4AllTrue, .i64x2AllTrue,
            .i8x16Bitmask, .i16x8Bitmask, .i32x4Bitmask, .i64x2Bitmask:
            ([.v128], .i32)
        case .i8x16Shl, .i8x16ShrS, .i8x16ShrU, .i16x8Shl, .i16x8ShrS, .i16x8ShrU,
            .i32x4Shl, .i32x4ShrS, .i32x4ShrU, .i64x2Shl, .i64x2ShrS, .i64x2ShrU:
            ([.v128, .i32], .v128)
        case .v128Bitselect, .f32x4RelaxedMadd, .f32x4RelaxedNmadd, .f64x2RelaxedMadd, .f64x2RelaxedNmadd,
            .i8x16RelaxedLaneselect, .i16x8RelaxedLaneselect, .i32x4RelaxedLaneselect, .i64x2RelaxedLaneselect,
            .i32x4RelaxedDotI8X16I7X16AddS:
            ([.v128, .v128, .v128], .v128)
        default:
            isUnary ? ([.v128], .v128) : ([.v128, .v128], .v128)
        }
    }

    /// The instructions of one v128 operand and a v128 result.
    public var isUnary: Bool {
        switch self {
        case .v128Not, .i8x16Abs, .i8x16Neg, .i8x16Popcnt, .i16x8Abs, .i16x8Neg, .i32x4Abs, .i32x4Neg,
            .i64x2Abs, .i64x2Neg,
            .i16x8ExtendLowI8X16S, .i16x8ExtendHighI8X16S, .i16x8ExtendLowI8X16U, .i16x8ExtendHighI8X16U,
            .i32x4ExtendLowI16X8S, .i32x4ExtendHighI16X8S, .i32x4ExtendLowI16X8U, .i32x4ExtendHighI16X8U,
            .i64x2ExtendLowI32X4S, .i64x2ExtendHighI32X4S, .i64x2ExtendLowI32X4U, .i64x2ExtendHighI32X4U,
            .i16x8ExtaddPairwiseI8X16S, .i16x8ExtaddPairwiseI8X16U, .i32x4ExtaddPairwiseI16X8S,
            .i32x4ExtaddPairwiseI16X8U,
            .f32x4Abs, .f32x4Neg, .f32x4Sqrt, .f32x4Ceil, .f32x4Floor, .f32x4Trunc, .f32x4Nearest,
            .f64x2Abs, .f64x2Neg, .f64x2Sqrt, .f64x2Ceil, .f64x2Floor, .f64x2Trunc, .f64x2Nearest,
            .i32x4TruncSatF32X4S, .i32x4TruncSatF32X4U, .i32x4TruncSatF64X2SZero, .i32x4TruncSatF64X2UZero,
            .f32x4ConvertI32X4S, .f32x4ConvertI32X4U, .f64x2ConvertLowI32X4S, .f64x2ConvertLowI32X4U,
            .f32x4DemoteF64X2Zero, .f64x2PromoteLowF32X4,
            .i32x4RelaxedTruncF32X4S, .i32x4RelaxedTruncF32X4U, .i32x4RelaxedTruncF64X2SZero,
            .i32x4RelaxedTruncF64X2UZero:
            true
        default: false
        }
    }

    /// The relaxed SIMD proposal's instructions (the rest are fixed-width SIMD).
    public var isRelaxed: Bool {
        switch self {
        case .i8x16RelaxedSwizzle, .i32x4RelaxedTruncF32X4S, .i32x4RelaxedTruncF32X4U,
            .i32x4RelaxedTruncF64X2SZero, .i32x4RelaxedTruncF64X2UZero, .f32x4RelaxedMadd, .f32x4RelaxedNmadd,
            .f64x2RelaxedMadd, .f64x2RelaxedNmadd, .i8x16RelaxedLaneselect, .i16x8RelaxedLaneselect,
            .i32x4RelaxedLaneselect, .i64x2RelaxedLaneselect, .f32x4RelaxedMin, .f32x4RelaxedMax,
            .f64x2RelaxedMin, .f64x2RelaxedMax, .i16x8RelaxedQ15MulrS, .i16x8RelaxedDotI8X16I7X16S,
            .i32x4RelaxedDotI8X16I7X16AddS:
            true
        default: false
        }
    }
}

extension Instruction.SimdLane {
    /// The number of lanes of the shape (the lane immediate must be below it) and the scalar
    /// type of one lane.
    public var shape: (lanes: UInt8, scalar: ValueType) {
        switch self {
        case .i8x16ExtractLaneS, .i8x16ExtractLaneU, .i8x16ReplaceLane: (16, .i32)
        case .i16x8ExtractLaneS, .i16x8ExtractLaneU, .i16x8ReplaceLane: (8, .i32)
        case .i32x4ExtractLane, .i32x4ReplaceLane: (4, .i32)
        case .i64x2ExtractLane, .i64x2ReplaceLane: (2, .i64)
        case .f32x4ExtractLane, .f32x4ReplaceLane: (4, .f32)
        case .f64x2ExtractLane, .f64x2ReplaceLane: (2, .f64)
        }
    }

    /// `replace_lane` (v128, scalar -> v128) rather than `extract_lane` (v128 -> scalar).
    public var isReplace: Bool {
        switch self {
        case .i8x16ReplaceLane, .i16x8ReplaceLane, .i32x4ReplaceLane, .i64x2ReplaceLane, .f32x4ReplaceLane,
            .f64x2ReplaceLane:
            true
        default: false
        }
    }

    /// Operand types and the result type.
    public var signature: (operands: [ValueType], result: ValueType) {
        isReplace ? ([.v128, shape.scalar], .v128) : ([.v128], shape.scalar)
    }
}

extension Instruction.SimdMemLane {
    /// The access width in bytes (the natural alignment bound; the lane count is 16 / width).
    public var width: Int {
        switch self {
        case .v128Load8Lane, .v128Store8Lane: 1
        case .v128Load16Lane, .v128Store16Lane: 2
        case .v128Load32Lane, .v128Store32Lane: 4
        case .v128Load64Lane, .v128Store64Lane: 8
        }
    }

    public var isStore: Bool {
        switch self {
        case .v128Store8Lane, .v128Store16Lane, .v128Store32Lane, .v128Store64Lane: true
        default: false
        }
    }
}

extension Instruction.Load {
    /// The access width in bytes of a load producing a v128 (the natural alignment bound); nil
    /// for the scalar and atomic loads.
    public var simdWidth: Int? {
        switch self {
        case .v128Load: 16
        case .v128Load8X8S, .v128Load8X8U, .v128Load16X4S, .v128Load16X4U, .v128Load32X2S, .v128Load32X2U: 8
        case .v128Load8Splat: 1
        case .v128Load16Splat: 2
        case .v128Load32Splat, .v128Load32Zero: 4
        case .v128Load64Splat, .v128Load64Zero: 8
        default: nil
        }
    }
}

extension Instruction.Store {
    /// The access width in bytes of `v128.store`; nil for the scalar and atomic stores.
    public var simdWidth: Int? { self == .v128Store ? 16 : nil }
}
