/*
 * bsrt_simd_float.h: the float SIMD helpers (arithmetic, min/max, rounding, conversions).
 * Part of bsrt_simd.h, which includes it after the lane types and before the relaxed SIMD
 * helpers that use it; include bsrt_ops.h (or bsrt_simd.h), not this file.
 */
#ifndef BSRT_SIMD_FLOAT_H
#define BSRT_SIMD_FLOAT_H

/* ---- Float arithmetic --------------------------------------------------------------------------
 * add/sub/mul/div/sqrt are the IEEE operations of the hardware, whose NaN results are quiet
 * (arithmetic, and canonical when every NaN operand is). abs/neg touch only the sign bits. */

#define BSRT_DEFINE_FLOAT_ARITH(shape, view, u, sign)                                  \
    BSRT_INLINE bsrt_v128 bsrt_##shape##_add(bsrt_v128 a, bsrt_v128 b) { return BSRT_V((view)a + (view)b); } \
    BSRT_INLINE bsrt_v128 bsrt_##shape##_sub(bsrt_v128 a, bsrt_v128 b) { return BSRT_V((view)a - (view)b); } \
    BSRT_INLINE bsrt_v128 bsrt_##shape##_mul(bsrt_v128 a, bsrt_v128 b) { return BSRT_V((view)a * (view)b); } \
    BSRT_INLINE bsrt_v128 bsrt_##shape##_div(bsrt_v128 a, bsrt_v128 b) { return BSRT_V((view)a / (view)b); } \
    BSRT_INLINE bsrt_v128 bsrt_##shape##_abs(bsrt_v128 a) { return BSRT_V((u)a & (u)(~(u){0} >> 1)); } \
    BSRT_INLINE bsrt_v128 bsrt_##shape##_neg(bsrt_v128 a) { return BSRT_V((u)a ^ ((u){0} + (sign))); }
BSRT_DEFINE_FLOAT_ARITH(f32x4, bsrt_f32x4, bsrt_u32x4, 0x80000000u)
BSRT_DEFINE_FLOAT_ARITH(f64x2, bsrt_f64x2, bsrt_u64x2, 0x8000000000000000u)
#undef BSRT_DEFINE_FLOAT_ARITH

BSRT_INLINE bsrt_v128 bsrt_f32x4_sqrt(bsrt_v128 a) {
#if BSRT_HAS_BUILTIN(__builtin_elementwise_sqrt)
    return BSRT_V(__builtin_elementwise_sqrt((bsrt_f32x4)a));
#else
    bsrt_f32x4 x = (bsrt_f32x4)a;
    for (int i = 0; i < 4; i++) x[i] = __builtin_sqrtf(x[i]);
    return BSRT_V(x);
#endif
}
BSRT_INLINE bsrt_v128 bsrt_f64x2_sqrt(bsrt_v128 a) {
#if BSRT_HAS_BUILTIN(__builtin_elementwise_sqrt)
    return BSRT_V(__builtin_elementwise_sqrt((bsrt_f64x2)a));
#else
    bsrt_f64x2 x = (bsrt_f64x2)a;
    for (int i = 0; i < 2; i++) x[i] = __builtin_sqrt(x[i]);
    return BSRT_V(x);
#endif
}

/* min/max: a NaN lane gives a quiet NaN (a + b), and -0 < +0: where neither operand is less,
 * the operands are equal and OR-ing (min) or AND-ing (max) their bits picks -0 over +0.
 * pmin/pmax are the "pseudo" forms b < a ? b : a and a < b ? b : a (minps/maxps operand order),
 * which return an operand's bits unchanged, NaN included. */
#define BSRT_DEFINE_MIN_MAX_FLOAT(shape, view, u, mask)                                \
    BSRT_INLINE bsrt_v128 bsrt_##shape##_min(bsrt_v128 a, bsrt_v128 b) {               \
        view x = (view)a, y = (view)b;                                                 \
        mask lt = x < y, gt = y < x, nan = (x != x) | (y != y);                        \
        bsrt_v128 r = BSRT_SELECT(lt, x, BSRT_SELECT(gt, y, a | b));                   \
        return BSRT_SELECT(nan, x + y, r);                                             \
    }                                                                                  \
    BSRT_INLINE bsrt_v128 bsrt_##shape##_max(bsrt_v128 a, bsrt_v128 b) {               \
        view x = (view)a, y = (view)b;                                                 \
        mask lt = x < y, gt = y < x, nan = (x != x) | (y != y);                        \
        bsrt_v128 r = BSRT_SELECT(gt, x, BSRT_SELECT(lt, y, a & b));                   \
        return BSRT_SELECT(nan, x + y, r);                                             \
    }                                                                                  \
    BSRT_INLINE bsrt_v128 bsrt_##shape##_pmin(bsrt_v128 a, bsrt_v128 b) {              \
        view x = (view)a, y = (view)b;                                                 \
        return BSRT_SELECT(y < x, y, x);                                               \
    }                                                                                  \
    BSRT_INLINE bsrt_v128 bsrt_##shape##_pmax(bsrt_v128 a, bsrt_v128 b) {              \
        view x = (view)a, y = (view)b;                                                 \
        return BSRT_SELECT(x < y, y, x);                                               \
    }
BSRT_DEFINE_MIN_MAX_FLOAT(f32x4, bsrt_f32x4, bsrt_u32x4, bsrt_i32x4)
BSRT_DEFINE_MIN_MAX_FLOAT(f64x2, bsrt_f64x2, bsrt_u64x2, bsrt_i64x2)
#undef BSRT_DEFINE_MIN_MAX_FLOAT

/* Rounding without SSE4.1's roundps: for |x| < 2^(mantissa bits), (|x| + 2^m) - 2^m rounds |x|
 * to the nearest integer, ties to even (the only rounding mode the runtime uses); trunc steps
 * back by one where that rounded up, floor and ceil step from trunc, and the sign is copied
 * back so that -0.5 gives -0. Larger magnitudes are already integers; a NaN gives x + x, quiet. */
#define BSRT_DEFINE_ROUNDING(shape, view, u, mask, magic, signbit)                     \
    BSRT_INLINE view bsrt_##shape##_round_magnitude(view x, mask *big) {               \
        view ax = (view)((u)x & ~((u){0} + (signbit)));                                \
        *big = ~(ax < (magic));                                                        \
        return (ax + (magic)) - (magic);                                               \
    }                                                                                  \
    BSRT_INLINE view bsrt_##shape##_with_sign(view r, view x) {                        \
        return (view)(((u)r & ~((u){0} + (signbit))) | ((u)x & ((u){0} + (signbit)))); \
    }                                                                                  \
    BSRT_INLINE view bsrt_##shape##_trunc_view(view x) {                               \
        mask big;                                                                      \
        view r = bsrt_##shape##_round_magnitude(x, &big);                              \
        view ax = (view)((u)x & ~((u){0} + (signbit)));                                \
        r = (view)BSRT_SELECT(r > ax, r - 1, r);                                       \
        return (view)BSRT_SELECT(big, x, bsrt_##shape##_with_sign(r, x));              \
    }                                                                                  \
    BSRT_INLINE bsrt_v128 bsrt_##shape##_finish_rounding(view x, view r) {             \
        return BSRT_SELECT(x != x, x + x, r);                                          \
    }                                                                                  \
    BSRT_INLINE bsrt_v128 bsrt_##shape##_trunc(bsrt_v128 a) {                          \
        view x = (view)a;                                                              \
        return bsrt_##shape##_finish_rounding(x, bsrt_##shape##_trunc_view(x));        \
    }                                                                                  \
    BSRT_INLINE bsrt_v128 bsrt_##shape##_floor(bsrt_v128 a) {                          \
        view x = (view)a, t = bsrt_##shape##_trunc_view(x);                            \
        return bsrt_##shape##_finish_rounding(x, (view)BSRT_SELECT(t > x, t - 1, t));  \
    }                                                                                  \
    BSRT_INLINE bsrt_v128 bsrt_##shape##_ceil(bsrt_v128 a) {                           \
        view x = (view)a, t = bsrt_##shape##_trunc_view(x);                            \
        return bsrt_##shape##_finish_rounding(x, (view)BSRT_SELECT(t < x, t + 1, t));  \
    }                                                                                  \
    BSRT_INLINE bsrt_v128 bsrt_##shape##_nearest(bsrt_v128 a) {                        \
        view x = (view)a;                                                              \
        mask big;                                                                      \
        view r = bsrt_##shape##_round_magnitude(x, &big);                              \
        r = (view)BSRT_SELECT(big, x, bsrt_##shape##_with_sign(r, x));                 \
        return bsrt_##shape##_finish_rounding(x, r);                                   \
    }
BSRT_DEFINE_ROUNDING(f32x4, bsrt_f32x4, bsrt_u32x4, bsrt_i32x4, 8388608.0f, 0x80000000u)
BSRT_DEFINE_ROUNDING(f64x2, bsrt_f64x2, bsrt_u64x2, bsrt_i64x2, 4503599627370496.0, 0x8000000000000000u)
#undef BSRT_DEFINE_ROUNDING

/* ---- Conversions --------------------------------------------------------------------------------
 * Converting an out-of-range float is undefined in C (and poison in LLVM), so trunc_sat
 * converts only in-range lanes (others become 0 first) and then writes the saturated values
 * of the out-of-range ones; NaN lanes stay 0. The bounds are exact in the source type. */

BSRT_INLINE bsrt_v128 bsrt_i32x4_trunc_sat_f32x4_s(bsrt_v128 a) {
    bsrt_f32x4 x = (bsrt_f32x4)a;
    bsrt_i32x4 ok = (x >= -2147483648.0f) & (x < 2147483648.0f);
    bsrt_i32x4 r = __builtin_convertvector((bsrt_f32x4)BSRT_SELECT(ok, x, (bsrt_f32x4){0}), bsrt_i32x4);
    r = (bsrt_i32x4)BSRT_SELECT(x >= 2147483648.0f, (bsrt_i32x4){0} + INT32_MAX, r);
    return BSRT_SELECT(x < -2147483648.0f, (bsrt_i32x4){0} + INT32_MIN, r);
}
BSRT_INLINE bsrt_v128 bsrt_i32x4_trunc_sat_f32x4_u(bsrt_v128 a) {
    bsrt_f32x4 x = (bsrt_f32x4)a;
    bsrt_i32x4 ok = (x > -1.0f) & (x < 4294967296.0f);
    bsrt_u32x4 r = __builtin_convertvector((bsrt_f32x4)BSRT_SELECT(ok, x, (bsrt_f32x4){0}), bsrt_u32x4);
    return BSRT_SELECT(x >= 4294967296.0f, (bsrt_u32x4){0} + UINT32_MAX, r);
}
BSRT_INLINE bsrt_v128 bsrt_i32x4_trunc_sat_f64x2_s_zero(bsrt_v128 a) {
    bsrt_f64x2 x = (bsrt_f64x2)a;
    bsrt_i64x2 ok = (x > -2147483649.0) & (x < 2147483648.0);
    bsrt_i32x2 r = __builtin_convertvector((bsrt_f64x2)BSRT_SELECT(ok, x, (bsrt_f64x2){0}), bsrt_i32x2);
    bsrt_i32x2 high = __builtin_convertvector(x >= 2147483648.0, bsrt_i32x2);
    bsrt_i32x2 low = __builtin_convertvector(x <= -2147483649.0, bsrt_i32x2);
    r = (r & ~high & ~low) | (high & INT32_MAX) | (low & INT32_MIN);
    return BSRT_V(__builtin_shufflevector(r, (bsrt_i32x2){0}, 0, 1, 2, 3));
}
BSRT_INLINE bsrt_v128 bsrt_i32x4_trunc_sat_f64x2_u_zero(bsrt_v128 a) {
    bsrt_f64x2 x = (bsrt_f64x2)a;
    bsrt_i64x2 ok = (x > -1.0) & (x < 4294967296.0);
    bsrt_u32x2 r = __builtin_convertvector((bsrt_f64x2)BSRT_SELECT(ok, x, (bsrt_f64x2){0}), bsrt_u32x2);
    r |= (bsrt_u32x2)__builtin_convertvector(x >= 4294967296.0, bsrt_i32x2);
    return BSRT_V(__builtin_shufflevector(r, (bsrt_u32x2){0}, 0, 1, 2, 3));
}
/* int -> float rounds to nearest (cvtdq2ps; clang's u32 sequence rounds once, exactly). */
BSRT_INLINE bsrt_v128 bsrt_f32x4_convert_i32x4_s(bsrt_v128 a) { return BSRT_V(__builtin_convertvector((bsrt_i32x4)a, bsrt_f32x4)); }
BSRT_INLINE bsrt_v128 bsrt_f32x4_convert_i32x4_u(bsrt_v128 a) { return BSRT_V(__builtin_convertvector((bsrt_u32x4)a, bsrt_f32x4)); }
BSRT_INLINE bsrt_v128 bsrt_f64x2_convert_low_i32x4_s(bsrt_v128 a) {
    bsrt_i32x4 x = (bsrt_i32x4)a;
    bsrt_i32x2 low = BSRT_LO2(x);
    return BSRT_V(__builtin_convertvector(low, bsrt_f64x2));
}
BSRT_INLINE bsrt_v128 bsrt_f64x2_convert_low_i32x4_u(bsrt_v128 a) {
    bsrt_u32x4 x = (bsrt_u32x4)a;
    bsrt_u32x2 low = BSRT_LO2(x);
    return BSRT_V(__builtin_convertvector(low, bsrt_f64x2));
}
BSRT_INLINE bsrt_v128 bsrt_f32x4_demote_f64x2_zero(bsrt_v128 a) {
    bsrt_f32x2 r = __builtin_convertvector((bsrt_f64x2)a, bsrt_f32x2);
    return BSRT_V(__builtin_shufflevector(r, (bsrt_f32x2){0}, 0, 1, 2, 3));
}
/* Opaque for the reason of bsrt_f64_promote_f32: demote(promote(x)) must still quiet a NaN. */
BSRT_INLINE bsrt_v128 bsrt_f64x2_promote_low_f32x4(bsrt_v128 a) {
    bsrt_f32x4 x = (bsrt_f32x4)a;
    bsrt_f32x2 low = BSRT_LO2(x);
    bsrt_v128 r = BSRT_V(__builtin_convertvector(low, bsrt_f64x2));
    BSRT_OPAQUE_V128(r);
    return r;
}

#endif /* BSRT_SIMD_FLOAT_H */
