/*
 * simd_reference.h: the subset of clang's <wasm_simd128.h> that simd_intrinsics.c uses, written
 * lane by lane in plain C from the WebAssembly specification, for the native build of that
 * program. The wasm32 build uses the real header (and so real SIMD instructions); the two must
 * print the same bytes. Lanes are stored little-endian, lane 0 first, as in WebAssembly.
 */
#ifndef SIMD_REFERENCE_H
#define SIMD_REFERENCE_H

#include <math.h>
#include <stdint.h>
#include <string.h>

typedef union {
    int8_t i8[16];
    uint8_t u8[16];
    int16_t i16[8];
    uint16_t u16[8];
    int32_t i32[4];
    uint32_t u32[4];
    int64_t i64[2];
    uint64_t u64[2];
    float f32[4];
    double f64[2];
} v128_t;

#define REF static inline

/* ---- Memory ---------------------------------------------------------------------------------- */

REF v128_t wasm_v128_load(const void *p) { v128_t r; memcpy(&r, p, 16); return r; }
REF void wasm_v128_store(void *p, v128_t v) { memcpy(p, &v, 16); }
#define REF_LOAD_SPLAT(name, field, type, n)                                           \
    REF v128_t name(const void *p) {                                                   \
        type x; memcpy(&x, p, sizeof x);                                               \
        v128_t r; for (int i = 0; i < n; i++) r.field[i] = x; return r;                \
    }
REF_LOAD_SPLAT(wasm_v128_load8_splat, u8, uint8_t, 16)
REF_LOAD_SPLAT(wasm_v128_load16_splat, u16, uint16_t, 8)
REF_LOAD_SPLAT(wasm_v128_load32_splat, u32, uint32_t, 4)
REF_LOAD_SPLAT(wasm_v128_load64_splat, u64, uint64_t, 2)
#define REF_LOAD_EXTEND(name, field, type, n)                                          \
    REF v128_t name(const void *p) {                                                   \
        type x[n]; memcpy(x, p, sizeof x);                                             \
        v128_t r; for (int i = 0; i < n; i++) r.field[i] = x[i]; return r;             \
    }
REF_LOAD_EXTEND(wasm_i16x8_load8x8, i16, int8_t, 8)
REF_LOAD_EXTEND(wasm_u16x8_load8x8, u16, uint8_t, 8)
REF_LOAD_EXTEND(wasm_i32x4_load16x4, i32, int16_t, 4)
REF_LOAD_EXTEND(wasm_u32x4_load16x4, u32, uint16_t, 4)
REF_LOAD_EXTEND(wasm_i64x2_load32x2, i64, int32_t, 2)
REF_LOAD_EXTEND(wasm_u64x2_load32x2, u64, uint32_t, 2)
REF v128_t wasm_v128_load32_zero(const void *p) { v128_t r = {{0}}; memcpy(&r.u32[0], p, 4); return r; }
REF v128_t wasm_v128_load64_zero(const void *p) { v128_t r = {{0}}; memcpy(&r.u64[0], p, 8); return r; }
#define REF_LANE_ACCESS(bits, field)                                                   \
    REF v128_t wasm_v128_load##bits##_lane(const void *p, v128_t v, int i) { memcpy(&v.field[i], p, bits / 8); return v; } \
    REF void wasm_v128_store##bits##_lane(void *p, v128_t v, int i) { memcpy(p, &v.field[i], bits / 8); }
REF_LANE_ACCESS(8, u8)
REF_LANE_ACCESS(16, u16)
REF_LANE_ACCESS(32, u32)
REF_LANE_ACCESS(64, u64)

/* ---- Making, lanes, shuffles ------------------------------------------------------------------ */

#define REF_SPLAT(name, field, type, n)                                                \
    REF v128_t name(type x) { v128_t r; for (int i = 0; i < n; i++) r.field[i] = x; return r; }
REF_SPLAT(wasm_i8x16_splat, i8, int8_t, 16)
REF_SPLAT(wasm_i16x8_splat, i16, int16_t, 8)
REF_SPLAT(wasm_i32x4_splat, i32, int32_t, 4)
REF_SPLAT(wasm_i64x2_splat, i64, int64_t, 2)
REF_SPLAT(wasm_f32x4_splat, f32, float, 4)
REF_SPLAT(wasm_f64x2_splat, f64, double, 2)
REF v128_t wasm_i32x4_make(int32_t a, int32_t b, int32_t c, int32_t d) { v128_t r; r.i32[0] = a; r.i32[1] = b; r.i32[2] = c; r.i32[3] = d; return r; }

#define wasm_i8x16_extract_lane(v, i) ((v).i8[i])
#define wasm_u8x16_extract_lane(v, i) ((v).u8[i])
#define wasm_i16x8_extract_lane(v, i) ((v).i16[i])
#define wasm_u16x8_extract_lane(v, i) ((v).u16[i])
#define wasm_i32x4_extract_lane(v, i) ((v).i32[i])
#define wasm_i64x2_extract_lane(v, i) ((v).i64[i])
#define wasm_f32x4_extract_lane(v, i) ((v).f32[i])
#define wasm_f64x2_extract_lane(v, i) ((v).f64[i])
#define REF_REPLACE(name, field, type) REF v128_t name(v128_t v, int i, type x) { v.field[i] = x; return v; }
REF_REPLACE(wasm_i8x16_replace_lane, i8, int8_t)
REF_REPLACE(wasm_i16x8_replace_lane, i16, int16_t)
REF_REPLACE(wasm_i32x4_replace_lane, i32, int32_t)
REF_REPLACE(wasm_i64x2_replace_lane, i64, int64_t)
REF_REPLACE(wasm_f32x4_replace_lane, f32, float)
REF_REPLACE(wasm_f64x2_replace_lane, f64, double)

REF v128_t ref_shuffle(v128_t a, v128_t b, const int *lanes) {
    v128_t r;
    for (int i = 0; i < 16; i++) r.u8[i] = lanes[i] < 16 ? a.u8[lanes[i]] : b.u8[lanes[i] - 16];
    return r;
}
#define wasm_i8x16_shuffle(a, b, ...) ref_shuffle((a), (b), (const int[16]){__VA_ARGS__})
REF v128_t wasm_i8x16_swizzle(v128_t a, v128_t s) {
    v128_t r;
    for (int i = 0; i < 16; i++) r.u8[i] = s.u8[i] < 16 ? a.u8[s.u8[i]] : 0;
    return r;
}

/* ---- Lane-wise operations --------------------------------------------------------------------- */

#define REF_UNARY(name, n, f, expr)                                                    \
    REF v128_t name(v128_t a) { v128_t r; for (int i = 0; i < n; i++) { __typeof__(a.f[0]) x = a.f[i]; r.f[i] = (expr); } return r; }
#define REF_BINARY(name, n, f, expr)                                                   \
    REF v128_t name(v128_t a, v128_t b) {                                              \
        v128_t r;                                                                      \
        for (int i = 0; i < n; i++) { __typeof__(a.f[0]) x = a.f[i], y = b.f[i]; r.f[i] = (expr); } \
        return r;                                                                      \
    }
/* Comparison results: all ones (-1) in a true lane. */
#define REF_COMPARE(name, n, f, rf, cond)                                              \
    REF v128_t name(v128_t a, v128_t b) {                                              \
        v128_t r;                                                                      \
        for (int i = 0; i < n; i++) { __typeof__(a.f[0]) x = a.f[i], y = b.f[i]; r.rf[i] = (cond) ? -1 : 0; } \
        return r;                                                                      \
    }
#define REF_SHIFT(name, n, f, op, bits)                                                \
    REF v128_t name(v128_t a, uint32_t c) { v128_t r; for (int i = 0; i < n; i++) r.f[i] = a.f[i] op (c % bits); return r; }

/* Integer shapes: (shape, lanes, signed field, unsigned field, bits, min, max, umax). */
#define REF_INTEGER(s, u, n, sf, uf, bits, lo, hi, umax)                               \
    REF_BINARY(wasm_##s##_add, n, uf, x + y)                                           \
    REF_BINARY(wasm_##s##_sub, n, uf, x - y)                                           \
    REF_UNARY(wasm_##s##_neg, n, uf, 0u - x)                                           \
    REF_UNARY(wasm_##s##_abs, n, sf, x < 0 ? (__typeof__(x))(0u - (unsigned long long)x) : x) \
    REF_SHIFT(wasm_##s##_shl, n, uf, <<, bits)                                         \
    REF_SHIFT(wasm_##s##_shr, n, sf, >>, bits)                                         \
    REF_SHIFT(wasm_##u##_shr, n, uf, >>, bits)                                         \
    REF_COMPARE(wasm_##s##_eq, n, uf, sf, x == y)                                      \
    REF_COMPARE(wasm_##s##_ne, n, uf, sf, x != y)                                      \
    REF_COMPARE(wasm_##s##_lt, n, sf, sf, x < y)                                       \
    REF_COMPARE(wasm_##s##_gt, n, sf, sf, x > y)                                       \
    REF_COMPARE(wasm_##s##_le, n, sf, sf, x <= y)                                      \
    REF_COMPARE(wasm_##s##_ge, n, sf, sf, x >= y)                                      \
    REF int wasm_##s##_all_true(v128_t a) { for (int i = 0; i < n; i++) if (a.uf[i] == 0) return 0; return 1; } \
    REF uint32_t wasm_##s##_bitmask(v128_t a) { uint32_t m = 0; for (int i = 0; i < n; i++) m |= (uint32_t)(a.sf[i] < 0) << i; return m; }

REF_INTEGER(i8x16, u8x16, 16, i8, u8, 8, -128, 127, 255)
REF_INTEGER(i16x8, u16x8, 8, i16, u16, 16, -32768, 32767, 65535)
REF_INTEGER(i32x4, u32x4, 4, i32, u32, 32, INT32_MIN, INT32_MAX, UINT32_MAX)
REF_INTEGER(i64x2, u64x2, 2, i64, u64, 64, INT64_MIN, INT64_MAX, UINT64_MAX)
#define REF_UNSIGNED_COMPARES(u, n, uf, sf)                                            \
    REF_COMPARE(wasm_##u##_lt, n, uf, sf, x < y)                                       \
    REF_COMPARE(wasm_##u##_gt, n, uf, sf, x > y)                                       \
    REF_COMPARE(wasm_##u##_le, n, uf, sf, x <= y)                                      \
    REF_COMPARE(wasm_##u##_ge, n, uf, sf, x >= y)
REF_UNSIGNED_COMPARES(u8x16, 16, u8, i8)
REF_UNSIGNED_COMPARES(u16x8, 8, u16, i16)
REF_UNSIGNED_COMPARES(u32x4, 4, u32, i32)

#define REF_MIN_MAX(s, u, n, sf, uf)                                                   \
    REF_BINARY(wasm_##s##_min, n, sf, x < y ? x : y)                                   \
    REF_BINARY(wasm_##s##_max, n, sf, x > y ? x : y)                                   \
    REF_BINARY(wasm_##u##_min, n, uf, x < y ? x : y)                                   \
    REF_BINARY(wasm_##u##_max, n, uf, x > y ? x : y)
REF_MIN_MAX(i8x16, u8x16, 16, i8, u8)
REF_MIN_MAX(i16x8, u16x8, 8, i16, u16)
REF_MIN_MAX(i32x4, u32x4, 4, i32, u32)

REF long long ref_clamp(long long v, long long lo, long long hi) { return v < lo ? lo : v > hi ? hi : v; }
REF_BINARY(wasm_i8x16_add_sat, 16, i8, ref_clamp((long long)x + y, -128, 127))
REF_BINARY(wasm_i8x16_sub_sat, 16, i8, ref_clamp((long long)x - y, -128, 127))
REF_BINARY(wasm_u8x16_add_sat, 16, u8, ref_clamp((long long)x + y, 0, 255))
REF_BINARY(wasm_u8x16_sub_sat, 16, u8, ref_clamp((long long)x - y, 0, 255))
REF_BINARY(wasm_i16x8_add_sat, 8, i16, ref_clamp((long long)x + y, -32768, 32767))
REF_BINARY(wasm_i16x8_sub_sat, 8, i16, ref_clamp((long long)x - y, -32768, 32767))
REF_BINARY(wasm_u16x8_add_sat, 8, u16, ref_clamp((long long)x + y, 0, 65535))
REF_BINARY(wasm_u16x8_sub_sat, 8, u16, ref_clamp((long long)x - y, 0, 65535))
REF_BINARY(wasm_u8x16_avgr, 16, u8, (x + y + 1) / 2)
REF_BINARY(wasm_u16x8_avgr, 8, u16, (x + y + 1) / 2)
REF_BINARY(wasm_i16x8_mul, 8, u16, (uint16_t)((uint32_t)x * y))
REF_BINARY(wasm_i32x4_mul, 4, u32, x * y)
REF_BINARY(wasm_i64x2_mul, 2, u64, x * y)
REF_BINARY(wasm_i16x8_q15mulr_sat, 8, i16, ref_clamp(((long long)x * y + 0x4000) >> 15, -32768, 32767))
REF_UNARY(wasm_i8x16_popcnt, 16, u8, (uint8_t)__builtin_popcount(x))

REF v128_t wasm_i32x4_dot_i16x8(v128_t a, v128_t b) {
    v128_t r;
    for (int i = 0; i < 4; i++)
        r.u32[i] = (uint32_t)((int32_t)a.i16[2 * i] * b.i16[2 * i]) + (uint32_t)((int32_t)a.i16[2 * i + 1] * b.i16[2 * i + 1]);
    return r;
}

/* Narrowing (saturating), extension, extended multiplication, pairwise addition. */
#define REF_NARROW(name, n, inf, outf, lo, hi)                                          \
    REF v128_t name(v128_t a, v128_t b) {                                              \
        v128_t r;                                                                      \
        for (int i = 0; i < n; i++) r.outf[i] = ref_clamp(a.inf[i], lo, hi);           \
        for (int i = 0; i < n; i++) r.outf[n + i] = ref_clamp(b.inf[i], lo, hi);       \
        return r;                                                                      \
    }
REF_NARROW(wasm_i8x16_narrow_i16x8, 8, i16, i8, -128, 127)
REF_NARROW(wasm_u8x16_narrow_i16x8, 8, i16, u8, 0, 255)
REF_NARROW(wasm_i16x8_narrow_i32x4, 4, i32, i16, -32768, 32767)
REF_NARROW(wasm_u16x8_narrow_i32x4, 4, i32, u16, 0, 65535)
#define REF_WIDEN(shape, from, n, inf, outf)                                           \
    REF v128_t wasm_##shape##_extend_low_##from(v128_t a) { v128_t r; for (int i = 0; i < n; i++) r.outf[i] = a.inf[i]; return r; } \
    REF v128_t wasm_##shape##_extend_high_##from(v128_t a) { v128_t r; for (int i = 0; i < n; i++) r.outf[i] = a.inf[n + i]; return r; } \
    REF v128_t wasm_##shape##_extmul_low_##from(v128_t a, v128_t b) {                   \
        v128_t r; for (int i = 0; i < n; i++) r.outf[i] = (__typeof__(r.outf[0]))a.inf[i] * b.inf[i]; return r; \
    }                                                                                  \
    REF v128_t wasm_##shape##_extmul_high_##from(v128_t a, v128_t b) {                  \
        v128_t r; for (int i = 0; i < n; i++) r.outf[i] = (__typeof__(r.outf[0]))a.inf[n + i] * b.inf[n + i]; return r; \
    }                                                                                  \
    REF v128_t wasm_##shape##_extadd_pairwise_##from(v128_t a) {                        \
        v128_t r; for (int i = 0; i < n; i++) r.outf[i] = (__typeof__(r.outf[0]))a.inf[2 * i] + a.inf[2 * i + 1]; return r; \
    }
REF_WIDEN(i16x8, i8x16, 8, i8, i16)
REF_WIDEN(u16x8, u8x16, 8, u8, u16)
REF_WIDEN(i32x4, i16x8, 4, i16, i32)
REF_WIDEN(u32x4, u16x8, 4, u16, u32)
REF_WIDEN(i64x2, i32x4, 2, i32, i64)
REF_WIDEN(u64x2, u32x4, 2, u32, u64)

/* ---- Bitwise ---------------------------------------------------------------------------------- */

REF_UNARY(wasm_v128_not, 2, u64, ~x)
REF_BINARY(wasm_v128_and, 2, u64, x & y)
REF_BINARY(wasm_v128_or, 2, u64, x | y)
REF_BINARY(wasm_v128_xor, 2, u64, x ^ y)
REF_BINARY(wasm_v128_andnot, 2, u64, x & ~y)
REF v128_t wasm_v128_bitselect(v128_t a, v128_t b, v128_t m) {
    v128_t r;
    for (int i = 0; i < 2; i++) r.u64[i] = (a.u64[i] & m.u64[i]) | (b.u64[i] & ~m.u64[i]);
    return r;
}
REF int wasm_v128_any_true(v128_t a) { return (a.u64[0] | a.u64[1]) != 0; }

/* ---- Floats ----------------------------------------------------------------------------------- */

/* WebAssembly's min/max: NaN if either is NaN, and -0 below +0. */
#define REF_WASM_MIN(x, y) (isnan(x) || isnan(y) ? NAN : (x) == 0 && (y) == 0 ? (signbit(x) ? (x) : (y)) : (x) < (y) ? (x) : (y))
#define REF_WASM_MAX(x, y) (isnan(x) || isnan(y) ? NAN : (x) == 0 && (y) == 0 ? (signbit(x) ? (y) : (x)) : (x) > (y) ? (x) : (y))
#define REF_FLOAT(s, n, f, suffix)                                                     \
    REF_BINARY(wasm_##s##_add, n, f, x + y)                                            \
    REF_BINARY(wasm_##s##_sub, n, f, x - y)                                            \
    REF_BINARY(wasm_##s##_mul, n, f, x * y)                                            \
    REF_BINARY(wasm_##s##_div, n, f, x / y)                                            \
    REF_BINARY(wasm_##s##_min, n, f, REF_WASM_MIN(x, y))                               \
    REF_BINARY(wasm_##s##_max, n, f, REF_WASM_MAX(x, y))                               \
    REF_BINARY(wasm_##s##_pmin, n, f, y < x ? y : x)                                   \
    REF_BINARY(wasm_##s##_pmax, n, f, x < y ? y : x)                                   \
    REF_UNARY(wasm_##s##_abs, n, f, fabs##suffix(x))                                   \
    REF_UNARY(wasm_##s##_neg, n, f, -x)                                                \
    REF_UNARY(wasm_##s##_sqrt, n, f, sqrt##suffix(x))                                  \
    REF_UNARY(wasm_##s##_ceil, n, f, ceil##suffix(x))                                  \
    REF_UNARY(wasm_##s##_floor, n, f, floor##suffix(x))                                \
    REF_UNARY(wasm_##s##_trunc, n, f, trunc##suffix(x))                                \
    REF_UNARY(wasm_##s##_nearest, n, f, nearbyint##suffix(x))                          \
    REF_COMPARE(wasm_##s##_eq, n, f, i##s##_mask, x == y)                              \
    REF_COMPARE(wasm_##s##_ne, n, f, i##s##_mask, x != y)                              \
    REF_COMPARE(wasm_##s##_lt, n, f, i##s##_mask, x < y)                               \
    REF_COMPARE(wasm_##s##_gt, n, f, i##s##_mask, x > y)                               \
    REF_COMPARE(wasm_##s##_le, n, f, i##s##_mask, x <= y)                              \
    REF_COMPARE(wasm_##s##_ge, n, f, i##s##_mask, x >= y)
#define if32x4_mask i32
#define if64x2_mask i64
REF_FLOAT(f32x4, 4, f32, f)
REF_FLOAT(f64x2, 2, f64, )

/* Conversions: trunc_sat maps NaN to 0 and clamps; the rest are C's (round to nearest). */
REF int64_t ref_trunc_sat(double x, double lo, double hi) { return isnan(x) ? 0 : x <= lo ? (int64_t)lo : x >= hi ? (int64_t)hi : (int64_t)x; }
REF v128_t wasm_i32x4_trunc_sat_f32x4(v128_t a) { v128_t r; for (int i = 0; i < 4; i++) r.i32[i] = (int32_t)ref_trunc_sat(a.f32[i], INT32_MIN, INT32_MAX); return r; }
REF v128_t wasm_u32x4_trunc_sat_f32x4(v128_t a) { v128_t r; for (int i = 0; i < 4; i++) r.u32[i] = (uint32_t)ref_trunc_sat(a.f32[i], 0, UINT32_MAX); return r; }
REF v128_t wasm_i32x4_trunc_sat_f64x2_zero(v128_t a) { v128_t r = {{0}}; for (int i = 0; i < 2; i++) r.i32[i] = (int32_t)ref_trunc_sat(a.f64[i], INT32_MIN, INT32_MAX); return r; }
REF v128_t wasm_u32x4_trunc_sat_f64x2_zero(v128_t a) { v128_t r = {{0}}; for (int i = 0; i < 2; i++) r.u32[i] = (uint32_t)ref_trunc_sat(a.f64[i], 0, UINT32_MAX); return r; }
REF v128_t wasm_f32x4_convert_i32x4(v128_t a) { v128_t r; for (int i = 0; i < 4; i++) r.f32[i] = (float)a.i32[i]; return r; }
REF v128_t wasm_f32x4_convert_u32x4(v128_t a) { v128_t r; for (int i = 0; i < 4; i++) r.f32[i] = (float)a.u32[i]; return r; }
REF v128_t wasm_f64x2_convert_low_i32x4(v128_t a) { v128_t r; for (int i = 0; i < 2; i++) r.f64[i] = a.i32[i]; return r; }
REF v128_t wasm_f64x2_convert_low_u32x4(v128_t a) { v128_t r; for (int i = 0; i < 2; i++) r.f64[i] = a.u32[i]; return r; }
REF v128_t wasm_f32x4_demote_f64x2_zero(v128_t a) { v128_t r = {{0}}; for (int i = 0; i < 2; i++) r.f32[i] = (float)a.f64[i]; return r; }
REF v128_t wasm_f64x2_promote_low_f32x4(v128_t a) { v128_t r; for (int i = 0; i < 2; i++) r.f64[i] = a.f32[i]; return r; }

/* ---- Relaxed SIMD, on inputs where every allowed behaviour agrees ------------------------------- */

#define wasm_i8x16_relaxed_swizzle wasm_i8x16_swizzle
#define wasm_i8x16_relaxed_laneselect wasm_v128_bitselect
#define wasm_i32x4_relaxed_laneselect wasm_v128_bitselect
#define wasm_f32x4_relaxed_min wasm_f32x4_min
#define wasm_f64x2_relaxed_max wasm_f64x2_max
#define wasm_i32x4_relaxed_trunc_f32x4 wasm_i32x4_trunc_sat_f32x4
#define wasm_i16x8_relaxed_q15mulr wasm_i16x8_q15mulr_sat
REF v128_t wasm_f32x4_relaxed_madd(v128_t a, v128_t b, v128_t c) { return wasm_f32x4_add(wasm_f32x4_mul(a, b), c); }
REF v128_t wasm_f64x2_relaxed_nmadd(v128_t a, v128_t b, v128_t c) { return wasm_f64x2_sub(c, wasm_f64x2_mul(a, b)); }
REF v128_t wasm_i16x8_relaxed_dot_i8x16_i7x16(v128_t a, v128_t b) {
    v128_t r;
    for (int i = 0; i < 8; i++) r.i16[i] = (int16_t)(a.i8[2 * i] * b.i8[2 * i] + a.i8[2 * i + 1] * b.i8[2 * i + 1]);
    return r;
}
REF v128_t wasm_i32x4_relaxed_dot_i8x16_i7x16_add(v128_t a, v128_t b, v128_t c) {
    v128_t r;
    for (int i = 0; i < 4; i++) {
        int32_t sum = 0;
        for (int k = 0; k < 4; k++) sum += a.i8[4 * i + k] * b.i8[4 * i + k];
        r.u32[i] = (uint32_t)sum + c.u32[i];
    }
    return r;
}

#endif
