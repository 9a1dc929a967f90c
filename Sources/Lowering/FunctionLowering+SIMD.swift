import Validator
import WasmParser
import WasmTypes

// Fixed-width SIMD and relaxed SIMD: every instruction is one call of a bsrt_simd.h helper on
// `bsrt_v128` slots (a 16-byte vector in one register), named in the tables below; lane indices
// and shuffle masks are translate-time constants. v128 loads and stores take the scalar ones'
// effective address and guard-page scheme (an explicit check for a memory64).
// <https://webassembly.github.io/spec/core/exec/instructions.html#vector-instructions>
extension FunctionLowering {
    mutating func lowerSIMD(_ instruction: Instruction) throws {
        switch instruction {
        case .v128Const(let value):
            try constant(.v128, cV128Constant(value.bytes))
        case .i8x16Shuffle(let mask):
            guard mask.lanes.allSatisfy({ $0 < 32 }) else { throw stack.error("invalid lane index") }
            let lanes = mask.lanes.map(String.init).joined(separator: ", ")
            try apply(operands: [.v128, .v128], result: .v128) { "BSRT_I8X16_SHUFFLE(\($0[0]), \($0[1]), \(lanes))" }
        case .simd(let op):
            let (operands, result) = op.signature
            try apply(operands: operands, result: result) { "bsrt_\(op.cName)(\($0.joined(separator: ", ")))" }
        case .simdLane(let op, let lane):
            guard lane < op.shape.lanes else { throw stack.error("invalid lane index") }
            let (operands, result) = op.signature
            try apply(operands: operands, result: result) { slots in
                let arguments = [slots[0], "\(lane)"] + slots.dropFirst()
                return "bsrt_\(op.cName)(\(arguments.joined(separator: ", ")))"
            }
        case .simdMemLane(let op, let memarg, let lane):
            try lowerLaneAccess(op, memarg, lane: lane)
        case .load(let load, let memarg):
            guard let width = load.simdWidth else {
                throw UnsupportedFeatureError(feature: featureName(of: instruction), offset: binaryOffset)
            }
            let index = try addressType(memarg.memory)
            try checkMemArg(memarg, width: width, exact: false)
            try stack.pop(index)
            let base = stack.height
            stack.push(.v128)
            guard isLive else { return }
            let address = effectiveAddress(memarg, width: width, indexAt: base)
            emit("\(slot(base, .v128)) = bsrt_\(load.simdCName)\(keptSuffix)(\(memoryBase(memarg.memory)), \(address));")
        case .store(let store, let memarg):
            guard let width = store.simdWidth else {
                throw UnsupportedFeatureError(feature: featureName(of: instruction), offset: binaryOffset)
            }
            let index = try addressType(memarg.memory)
            try checkMemArg(memarg, width: width, exact: false)
            try stack.pop(.v128)
            try stack.pop(index)
            let base = stack.height
            guard isLive else { return }
            let address = effectiveAddress(memarg, width: width, indexAt: base)
            emit("bsrt_v128_store(\(memoryBase(memarg.memory)), \(address), \(slot(base + 1, .v128)));")
        default:
            throw UnsupportedFeatureError(feature: featureName(of: instruction), offset: binaryOffset)
        }
    }

    /// `v128.loadN_lane` / `v128.storeN_lane`: the address, then the vector.
    private mutating func lowerLaneAccess(_ op: Instruction.SimdMemLane, _ memarg: MemArg, lane: UInt8) throws {
        let index = try addressType(memarg.memory)
        try checkMemArg(memarg, width: op.width, exact: false)
        guard Int(lane) < 16 / op.width else { throw stack.error("invalid lane index") }
        try stack.pop(.v128)
        try stack.pop(index)
        let base = stack.height
        if !op.isStore { stack.push(.v128) }
        guard isLive else { return }
        let address = effectiveAddress(memarg, width: op.width, indexAt: base)
        let bits = op.width * 8
        let vector = slot(base + 1, .v128)
        if op.isStore {
            emit("bsrt_v128_store\(bits)_lane(\(memoryBase(memarg.memory)), \(address), \(vector), \(lane));")
        } else {
            emit("\(slot(base, .v128)) = bsrt_v128_load\(bits)_lane\(keptSuffix)(\(memoryBase(memarg.memory)), \(address), \(vector), \(lane));")
        }
    }
}

/// `bsrt_v128_const(lo, hi)` for the 16 bytes of a `v128.const` (lane 0 first, little-endian).
func cV128Constant(_ bytes: [UInt8]) -> String {
    func word(_ range: Range<Int>) -> UInt64 {
        range.reversed().reduce(UInt64(0)) { ($0 << 8) | UInt64(bytes[$1]) }
    }
    return "bsrt_v128_const(\(cHex64(word(0..<8))), \(cHex64(word(8..<16))))"
}

/// "simd" or "relaxed-simd" for the instructions of those proposals (for `bs-aot inspect`).
func simdProposal(of instruction: Instruction) -> String? {
    switch instruction {
    case .v128Const, .i8x16Shuffle, .simdLane, .simdMemLane: "simd"
    case .simd(let op): op.isRelaxed ? "relaxed-simd" : "simd"
    case .load(let load, _) where load.simdWidth != nil: "simd"
    case .store(let store, _) where store.simdWidth != nil: "simd"
    default: nil
    }
}

/// Pops and pushes of the SIMD instructions without side effects (all but memory accesses),
/// for the dead-load analysis; nil for the others.
func simdStackEffect(of instruction: Instruction) -> (pops: Int, pushes: Int)? {
    switch instruction {
    case .v128Const: (0, 1)
    case .i8x16Shuffle: (2, 1)
    case .simd(let op): (op.signature.operands.count, 1)
    case .simdLane(let op, _): (op.signature.operands.count, 1)
    default: nil
    }
}

extension Instruction.Load {
    /// The bsrt_simd.h helper of a v128 load, without its prefix: "v128_load8x8_s".
    var simdCName: String {
        switch self {
        case .v128Load: "v128_load"
        case .v128Load8X8S: "v128_load8x8_s"
        case .v128Load8X8U: "v128_load8x8_u"
        case .v128Load16X4S: "v128_load16x4_s"
        case .v128Load16X4U: "v128_load16x4_u"
        case .v128Load32X2S: "v128_load32x2_s"
        case .v128Load32X2U: "v128_load32x2_u"
        case .v128Load8Splat: "v128_load8_splat"
        case .v128Load16Splat: "v128_load16_splat"
        case .v128Load32Splat: "v128_load32_splat"
        case .v128Load64Splat: "v128_load64_splat"
        case .v128Load32Zero: "v128_load32_zero"
        case .v128Load64Zero: "v128_load64_zero"
        default: "unsupported_load"
        }
    }
}

extension Instruction.SimdLane {
    /// The bsrt_simd.h helper without its prefix: "i8x16_extract_lane_s".
    var cName: String {
        switch self {
        case .i8x16ExtractLaneS: "i8x16_extract_lane_s"
        case .i8x16ExtractLaneU: "i8x16_extract_lane_u"
        case .i8x16ReplaceLane: "i8x16_replace_lane"
        case .i16x8ExtractLaneS: "i16x8_extract_lane_s"
        case .i16x8ExtractLaneU: "i16x8_extract_lane_u"
        case .i16x8ReplaceLane: "i16x8_replace_lane"
        case .i32x4ExtractLane: "i32x4_extract_lane"
        case .i32x4ReplaceLane: "i32x4_replace_lane"
        case .i64x2ExtractLane: "i64x2_extract_lane"
        case .i64x2ReplaceLane: "i64x2_replace_lane"
        case .f32x4ExtractLane: "f32x4_extract_lane"
        case .f32x4ReplaceLane: "f32x4_replace_lane"
        case .f64x2ExtractLane: "f64x2_extract_lane"
        case .f64x2ReplaceLane: "f64x2_replace_lane"
        }
    }
}

extension Instruction.Simd {
    /// The bsrt_simd.h helper without its prefix: "i32x4_add" (the instruction's text name
    /// with `.` as `_`).
    var cName: String {
        switch self {
        case .i8x16Swizzle: "i8x16_swizzle"
        case .i8x16Splat: "i8x16_splat"
        case .i16x8Splat: "i16x8_splat"
        case .i32x4Splat: "i32x4_splat"
        case .i64x2Splat: "i64x2_splat"
        case .f32x4Splat: "f32x4_splat"
        case .f64x2Splat: "f64x2_splat"
        case .i8x16Eq: "i8x16_eq"
        case .i8x16Ne: "i8x16_ne"
        case .i8x16LtS: "i8x16_lt_s"
        case .i8x16LtU: "i8x16_lt_u"
        case .i8x16GtS: "i8x16_gt_s"
        case .i8x16GtU: "i8x16_gt_u"
        case .i8x16LeS: "i8x16_le_s"
        case .i8x16LeU: "i8x16_le_u"
        case .i8x16GeS: "i8x16_ge_s"
        case .i8x16GeU: "i8x16_ge_u"
        case .i16x8Eq: "i16x8_eq"
        case .i16x8Ne: "i16x8_ne"
        case .i16x8LtS: "i16x8_lt_s"
        case .i16x8LtU: "i16x8_lt_u"
        case .i16x8GtS: "i16x8_gt_s"
        case .i16x8GtU: "i16x8_gt_u"
        case .i16x8LeS: "i16x8_le_s"
        case .i16x8LeU: "i16x8_le_u"
        case .i16x8GeS: "i16x8_ge_s"
        case .i16x8GeU: "i16x8_ge_u"
        case .i32x4Eq: "i32x4_eq"
        case .i32x4Ne: "i32x4_ne"
        case .i32x4LtS: "i32x4_lt_s"
        case .i32x4LtU: "i32x4_lt_u"
        case .i32x4GtS: "i32x4_gt_s"
        case .i32x4GtU: "i32x4_gt_u"
        case .i32x4LeS: "i32x4_le_s"
        case .i32x4LeU: "i32x4_le_u"
        case .i32x4GeS: "i32x4_ge_s"
        case .i32x4GeU: "i32x4_ge_u"
        case .f32x4Eq: "f32x4_eq"
        case .f32x4Ne: "f32x4_ne"
        case .f32x4Lt: "f32x4_lt"
        case .f32x4Gt: "f32x4_gt"
        case .f32x4Le: "f32x4_le"
        case .f32x4Ge: "f32x4_ge"
        case .f64x2Eq: "f64x2_eq"
        case .f64x2Ne: "f64x2_ne"
        case .f64x2Lt: "f64x2_lt"
        case .f64x2Gt: "f64x2_gt"
        case .f64x2Le: "f64x2_le"
        case .f64x2Ge: "f64x2_ge"
        case .v128Not: "v128_not"
        case .v128And: "v128_and"
        case .v128Andnot: "v128_andnot"
        case .v128Or: "v128_or"
        case .v128Xor: "v128_xor"
        case .v128Bitselect: "v128_bitselect"
        case .i8x16Abs: "i8x16_abs"
        case .i8x16Neg: "i8x16_neg"
        case .i8x16AllTrue: "i8x16_all_true"
        case .i8x16Bitmask: "i8x16_bitmask"
        case .i8x16NarrowI16X8S: "i8x16_narrow_i16x8_s"
        case .i8x16NarrowI16X8U: "i8x16_narrow_i16x8_u"
        case .i8x16Shl: "i8x16_shl"
        case .i8x16ShrS: "i8x16_shr_s"
        case .i8x16ShrU: "i8x16_shr_u"
        case .i8x16Add: "i8x16_add"
        case .i8x16AddSatS: "i8x16_add_sat_s"
        case .i8x16AddSatU: "i8x16_add_sat_u"
        case .i8x16Sub: "i8x16_sub"
        case .i8x16SubSatS: "i8x16_sub_sat_s"
        case .i8x16SubSatU: "i8x16_sub_sat_u"
        case .i8x16MinS: "i8x16_min_s"
        case .i8x16MinU: "i8x16_min_u"
        case .i8x16MaxS: "i8x16_max_s"
        case .i8x16MaxU: "i8x16_max_u"
        case .i8x16AvgrU: "i8x16_avgr_u"
        case .i16x8Abs: "i16x8_abs"
        case .i16x8Neg: "i16x8_neg"
        case .i16x8AllTrue: "i16x8_all_true"
        case .i16x8Bitmask: "i16x8_bitmask"
        case .i16x8NarrowI32X4S: "i16x8_narrow_i32x4_s"
        case .i16x8NarrowI32X4U: "i16x8_narrow_i32x4_u"
        case .i16x8ExtendLowI8X16S: "i16x8_extend_low_i8x16_s"
        case .i16x8ExtendHighI8X16S: "i16x8_extend_high_i8x16_s"
        case .i16x8ExtendLowI8X16U: "i16x8_extend_low_i8x16_u"
        case .i16x8ExtendHighI8X16U: "i16x8_extend_high_i8x16_u"
        case .i16x8Shl: "i16x8_shl"
        case .i16x8ShrS: "i16x8_shr_s"
        case .i16x8ShrU: "i16x8_shr_u"
        case .i16x8Add: "i16x8_add"
        case .i16x8AddSatS: "i16x8_add_sat_s"
        case .i16x8AddSatU: "i16x8_add_sat_u"
        case .i16x8Sub: "i16x8_sub"
        case .i16x8SubSatS: "i16x8_sub_sat_s"
        case .i16x8SubSatU: "i16x8_sub_sat_u"
        case .i16x8Mul: "i16x8_mul"
        case .i16x8MinS: "i16x8_min_s"
        case .i16x8MinU: "i16x8_min_u"
        case .i16x8MaxS: "i16x8_max_s"
        case .i16x8MaxU: "i16x8_max_u"
        case .i16x8AvgrU: "i16x8_avgr_u"
        case .i32x4Abs: "i32x4_abs"
        case .i32x4Neg: "i32x4_neg"
        case .i32x4AllTrue: "i32x4_all_true"
        case .i32x4Bitmask: "i32x4_bitmask"
        case .i32x4ExtendLowI16X8S: "i32x4_extend_low_i16x8_s"
        case .i32x4ExtendHighI16X8S: "i32x4_extend_high_i16x8_s"
        case .i32x4ExtendLowI16X8U: "i32x4_extend_low_i16x8_u"
        case .i32x4ExtendHighI16X8U: "i32x4_extend_high_i16x8_u"
        case .i32x4Shl: "i32x4_shl"
        case .i32x4ShrS: "i32x4_shr_s"
        case .i32x4ShrU: "i32x4_shr_u"
        case .i32x4Add: "i32x4_add"
        case .i32x4Sub: "i32x4_sub"
        case .i32x4Mul: "i32x4_mul"
        case .i32x4MinS: "i32x4_min_s"
        case .i32x4MinU: "i32x4_min_u"
        case .i32x4MaxS: "i32x4_max_s"
        case .i32x4MaxU: "i32x4_max_u"
        case .i32x4DotI16X8S: "i32x4_dot_i16x8_s"
        case .i64x2Abs: "i64x2_abs"
        case .i64x2Neg: "i64x2_neg"
        case .i64x2Bitmask: "i64x2_bitmask"
        case .i64x2ExtendLowI32X4S: "i64x2_extend_low_i32x4_s"
        case .i64x2ExtendHighI32X4S: "i64x2_extend_high_i32x4_s"
        case .i64x2ExtendLowI32X4U: "i64x2_extend_low_i32x4_u"
        case .i64x2ExtendHighI32X4U: "i64x2_extend_high_i32x4_u"
        case .i64x2Shl: "i64x2_shl"
        case .i64x2ShrS: "i64x2_shr_s"
        case .i64x2ShrU: "i64x2_shr_u"
        case .i64x2Add: "i64x2_add"
        case .i64x2Sub: "i64x2_sub"
        case .i64x2Mul: "i64x2_mul"
        case .f32x4Ceil: "f32x4_ceil"
        case .f32x4Floor: "f32x4_floor"
        case .f32x4Trunc: "f32x4_trunc"
        case .f32x4Nearest: "f32x4_nearest"
        case .f64x2Ceil: "f64x2_ceil"
        case .f64x2Floor: "f64x2_floor"
        case .f64x2Trunc: "f64x2_trunc"
        case .f64x2Nearest: "f64x2_nearest"
        case .f32x4Abs: "f32x4_abs"
        case .f32x4Neg: "f32x4_neg"
        case .f32x4Sqrt: "f32x4_sqrt"
        case .f32x4Add: "f32x4_add"
        case .f32x4Sub: "f32x4_sub"
        case .f32x4Mul: "f32x4_mul"
        case .f32x4Div: "f32x4_div"
        case .f32x4Min: "f32x4_min"
        case .f32x4Max: "f32x4_max"
        case .f32x4Pmin: "f32x4_pmin"
        case .f32x4Pmax: "f32x4_pmax"
        case .f64x2Abs: "f64x2_abs"
        case .f64x2Neg: "f64x2_neg"
        case .f64x2Sqrt: "f64x2_sqrt"
        case .f64x2Add: "f64x2_add"
        case .f64x2Sub: "f64x2_sub"
        case .f64x2Mul: "f64x2_mul"
        case .f64x2Div: "f64x2_div"
        case .f64x2Min: "f64x2_min"
        case .f64x2Max: "f64x2_max"
        case .f64x2Pmin: "f64x2_pmin"
        case .f64x2Pmax: "f64x2_pmax"
        case .i32x4TruncSatF32X4S: "i32x4_trunc_sat_f32x4_s"
        case .i32x4TruncSatF32X4U: "i32x4_trunc_sat_f32x4_u"
        case .f32x4ConvertI32X4S: "f32x4_convert_i32x4_s"
        case .f32x4ConvertI32X4U: "f32x4_convert_i32x4_u"
        case .i16x8ExtmulLowI8X16S: "i16x8_extmul_low_i8x16_s"
        case .i16x8ExtmulHighI8X16S: "i16x8_extmul_high_i8x16_s"
        case .i16x8ExtmulLowI8X16U: "i16x8_extmul_low_i8x16_u"
        case .i16x8ExtmulHighI8X16U: "i16x8_extmul_high_i8x16_u"
        case .i32x4ExtmulLowI16X8S: "i32x4_extmul_low_i16x8_s"
        case .i32x4ExtmulHighI16X8S: "i32x4_extmul_high_i16x8_s"
        case .i32x4ExtmulLowI16X8U: "i32x4_extmul_low_i16x8_u"
        case .i32x4ExtmulHighI16X8U: "i32x4_extmul_high_i16x8_u"
        case .i64x2ExtmulLowI32X4S: "i64x2_extmul_low_i32x4_s"
        case .i64x2ExtmulHighI32X4S: "i64x2_extmul_high_i32x4_s"
        case .i64x2ExtmulLowI32X4U: "i64x2_extmul_low_i32x4_u"
        case .i64x2ExtmulHighI32X4U: "i64x2_extmul_high_i32x4_u"
        case .i16x8Q15MulrSatS: "i16x8_q15mulr_sat_s"
        case .v128AnyTrue: "v128_any_true"
        case .i64x2Eq: "i64x2_eq"
        case .i64x2Ne: "i64x2_ne"
        case .i64x2LtS: "i64x2_lt_s"
        case .i64x2GtS: "i64x2_gt_s"
        case .i64x2LeS: "i64x2_le_s"
        case .i64x2GeS: "i64x2_ge_s"
        case .i64x2AllTrue: "i64x2_all_true"
        case .f64x2ConvertLowI32X4S: "f64x2_convert_low_i32x4_s"
        case .f64x2ConvertLowI32X4U: "f64x2_convert_low_i32x4_u"
        case .i32x4TruncSatF64X2SZero: "i32x4_trunc_sat_f64x2_s_zero"
        case .i32x4TruncSatF64X2UZero: "i32x4_trunc_sat_f64x2_u_zero"
        case .f32x4DemoteF64X2Zero: "f32x4_demote_f64x2_zero"
        case .f64x2PromoteLowF32X4: "f64x2_promote_low_f32x4"
        case .i8x16Popcnt: "i8x16_popcnt"
        case .i16x8ExtaddPairwiseI8X16S: "i16x8_extadd_pairwise_i8x16_s"
        case .i16x8ExtaddPairwiseI8X16U: "i16x8_extadd_pairwise_i8x16_u"
        case .i32x4ExtaddPairwiseI16X8S: "i32x4_extadd_pairwise_i16x8_s"
        case .i32x4ExtaddPairwiseI16X8U: "i32x4_extadd_pairwise_i16x8_u"
        case .i8x16RelaxedSwizzle: "i8x16_relaxed_swizzle"
        case .i32x4RelaxedTruncF32X4S: "i32x4_relaxed_trunc_f32x4_s"
        case .i32x4RelaxedTruncF32X4U: "i32x4_relaxed_trunc_f32x4_u"
        case .i32x4RelaxedTruncF64X2SZero: "i32x4_relaxed_trunc_f64x2_s_zero"
        case .i32x4RelaxedTruncF64X2UZero: "i32x4_relaxed_trunc_f64x2_u_zero"
        case .f32x4RelaxedMadd: "f32x4_relaxed_madd"
        case .f32x4RelaxedNmadd: "f32x4_relaxed_nmadd"
        case .f64x2RelaxedMadd: "f64x2_relaxed_madd"
        case .f64x2RelaxedNmadd: "f64x2_relaxed_nmadd"
        case .i8x16RelaxedLaneselect: "i8x16_relaxed_laneselect"
        case .i16x8RelaxedLaneselect: "i16x8_relaxed_laneselect"
        case .i32x4RelaxedLaneselect: "i32x4_relaxed_laneselect"
        case .i64x2RelaxedLaneselect: "i64x2_relaxed_laneselect"
        case .f32x4RelaxedMin: "f32x4_relaxed_min"
        case .f32x4RelaxedMax: "f32x4_relaxed_max"
        case .f64x2RelaxedMin: "f64x2_relaxed_min"
        case .f64x2RelaxedMax: "f64x2_relaxed_max"
        case .i16x8RelaxedQ15MulrS: "i16x8_relaxed_q15mulr_s"
        case .i16x8RelaxedDotI8X16I7X16S: "i16x8_relaxed_dot_i8x16_i7x16_s"
        case .i32x4RelaxedDotI8X16I7X16AddS: "i32x4_relaxed_dot_i8x16_i7x16_add_s"
        }
    }
}
