/*
 * bsrt_simd.h: the helpers of the fixed-width SIMD and relaxed SIMD instructions (static inline,
 * included by bsrt_ops.h, never pasted).
 *
 * A v128 is `bsrt_v128` (bsrt.h): a 16-byte GNU vector, which clang and gcc keep in one vector
 * register (an XMM register on x86-64, a V register on aarch64) and pass and return in one, as
 * the C ABI does for __m128i. An instruction looks at the bits through a lane-typed view of the
 * same size (`(bsrt_i32x4)v`), which is a bit cast, never a conversion. Lanes are numbered as in
 * WebAssembly: lane 0 is the lowest-addressed one, which a little-endian host (the only kind
 * supported, see bsrt_ops.h) also keeps first.
 *
 * As in bsrt_ops.h, every helper is defined for every input (integer arithmetic wraps in
 * unsigned lanes, shift counts are masked, float-to-int conversions are range-checked before
 * converting), and float results are exact under the generated-code flags (-ffp-contract=off,
 * never -ffast-math). The x86-64 baseline is SSE2: every helper compiles to SSE2 vector code
 * except i8x16.swizzle, which has no SSE2 instruction and is a lane loop.
 *
 * Relaxed SIMD picks one allowed behaviour per instruction, fixed for a build (README.md,
 * "Relaxed SIMD"): the same as the deterministic instruction where the host has nothing faster,
 * the host's instruction where it is one of the allowed results.
 *
 * A few helpers use a clang builtin where it gives much better code (sqrtps, pmovmskb, and on
 * aarch64 the relaxed fmla and fmin/fmax), with a generic form beside it for other compilers
 * (gcc). The float helpers are in bsrt_simd_float.h, included below.
 */
#ifndef BSRT_SIMD_H
#define BSRT_SIMD_H

#include <stdint.h>

#include "bsrt_ops.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Lane views ------------------------------------------------------------------------------ */

#define BSRT_VECTOR(ctype, bytes) ctype __attribute__((vector_size(bytes)))
typedef BSRT_VECTOR(int8_t, 16) bsrt_i8x16;
typedef BSRT_VECTOR(uint8_t, 16) bsrt_u8x16;
typedef BSRT_VECTOR(int16_t, 16) bsrt_i16x8;
typedef BSRT_VECTOR(uint16_t, 16) bsrt_u16x8;
typedef BSRT_VECTOR(int32_t, 16) bsrt_i32x4;
typedef BSRT_VECTOR(uint32_t, 16) bsrt_u32x4;
typedef BSRT_VECTOR(int64_t, 16) bsrt_i64x2;
typedef BSRT_VECTOR(uint64_t, 16) bsrt_u64x2;
typedef BSRT_VECTOR(float, 16) bsrt_f32x4;
typedef BSRT_VECTOR(double, 16) bsrt_f64x2;
/* Halves (the low or high 8 bytes), for extending and narrowing. */
typedef BSRT_VECTOR(int8_t, 8) bsrt_i8x8;
typedef BSRT_VECTOR(uint8_t, 8) bsrt_u8x8;
typedef BSRT_VECTOR(int16_t, 8) bsrt_i16x4;
typedef BSRT_VECTOR(uint16_t, 8) bsrt_u16x4;
typedef BSRT_VECTOR(int32_t, 8) bsrt_i32x2;
typedef BSRT_VECTOR(uint32_t, 8) bsrt_u32x2;
typedef BSRT_VECTOR(float, 8) bsrt_f32x2;
/* Double width, only ever as locals (never a parameter: gcc warns that a 32-byte vector's ABI
 * needs AVX). Clang turns widen-operate-narrow into one instruction (pavgb, packsswb, pmaddwd). */
typedef BSRT_VECTOR(int16_t, 32) bsrt_i16x16;
typedef BSRT_VECTOR(uint16_t, 32) bsrt_u16x16;
typedef BSRT_VECTOR(int32_t, 32) bsrt_i32x8;
typedef BSRT_VECTOR(uint32_t, 32) bsrt_u32x8;
#undef BSRT_VECTOR

#define BSRT_V(x) ((bsrt_v128)(x))
#define BSRT_LO8(v) __builtin_shufflevector((v), (v), 0, 1, 2, 3, 4, 5, 6, 7)
#define BSRT_HI8(v) __builtin_shufflevector((v), (v), 8, 9, 10, 11, 12, 13, 14, 15)
#define BSRT_LO4(v) __builtin_shufflevector((v), (v), 0, 1, 2, 3)
#define BSRT_HI4(v) __builtin_shufflevector((v), (v), 4, 5, 6, 7)
#define BSRT_LO2(v) __builtin_shufflevector((v), (v), 0, 1)
#define BSRT_HI2(v) __builtin_shufflevector((v), (v), 2, 3)
#define BSRT_EVEN8(v) __builtin_shufflevector((v), (v), 0, 2, 4, 6, 8, 10, 12, 14)
#define BSRT_ODD8(v) __builtin_shufflevector((v), (v), 1, 3, 5, 7, 9, 11, 13, 15)
#define BSRT_EVEN4(v) __builtin_shufflevector((v), (v), 0, 2, 4, 6)
#define BSRT_ODD4(v) __builtin_shufflevector((v), (v), 1, 3, 5, 7)
/* Lane-wise choice by a mask of all-ones / all-zeros lanes: m ? a : b (bit by bit). */
#define BSRT_SELECT(m, a, b) ((BSRT_V(m) & BSRT_V(a)) | (~BSRT_V(m) & BSRT_V(b)))

/* Keeps clang from folding a constant into the operation that uses it (x * 1.0 -> x would lose
 * the quieting of a signalling NaN, see BSRT_OPAQUE_FLOAT). */
#if defined(__x86_64__)
#define BSRT_OPAQUE_V128(v) __asm__("" : "+x"(v))
#elif defined(__aarch64__)
#define BSRT_OPAQUE_V128(v) __asm__("" : "+w"(v))
#else
#define BSRT_OPAQUE_V128(v) __asm__("" : "+m"(v))
#endif

#ifdef __has_builtin
#define BSRT_HAS_BUILTIN(x) __has_builtin(x)
#else
#define BSRT_HAS_BUILTIN(x) 0
#endif

/* ---- Element-wise primitives ---------------------------------------------------------------------
 * Written as generic vector code that clang matches to single instructions (a compare-select
 * is pminub/pmaxsw, a widen-add-clamp-narrow is paddsb, a clamp-narrow is packsswb). */

/* BSRT_SELECT for integer vectors of any size (a and b of one type, m its comparison mask). */
#define BSRT_BLEND(m, a, b) ((__typeof__(a))(((__typeof__(a))(m) & (a)) | (~(__typeof__(a))(m) & (b))))
#define BSRT_MIN(a, b) BSRT_BLEND((a) < (b), (a), (b))
#define BSRT_MAX(a, b) BSRT_BLEND((a) > (b), (a), (b))

/* The sign bit of every lane, as the bits of an integer (lane 0 in bit 0): pmovmskb on x86. */
#if defined(__clang__)
typedef _Bool bsrt_bool16 __attribute__((ext_vector_type(16)));
typedef _Bool bsrt_bool8 __attribute__((ext_vector_type(8)));
typedef _Bool bsrt_bool4 __attribute__((ext_vector_type(4)));
typedef _Bool bsrt_bool2 __attribute__((ext_vector_type(2)));
#define BSRT_DEFINE_SIGNS(name, view, lanes, bools)                                    \
    BSRT_INLINE uint32_t name(bsrt_v128 v) {                                           \
        bools m = __builtin_convertvector((view)v < 0, bools);                         \
        uint8_t bits[sizeof m] = {0};                                                  \
        __builtin_memcpy(bits, &m, sizeof m);                                          \
        return lanes > 8 ? (uint32_t)bits[0] | (uint32_t)bits[1] << 8 : (uint32_t)(bits[0] & ((1u << lanes) - 1)); \
    }
#else
#define BSRT_DEFINE_SIGNS(name, view, lanes, bools)                                    \
    BSRT_INLINE uint32_t name(bsrt_v128 v) {                                           \
        view x = (view)v;                                                              \
        uint32_t r = 0;                                                                \
        for (int i = 0; i < lanes; i++) r |= (uint32_t)(x[i] < 0) << i;                \
        return r;                                                                      \
    }
#endif
BSRT_DEFINE_SIGNS(bsrt_signs8, bsrt_i8x16, 16, bsrt_bool16)
BSRT_DEFINE_SIGNS(bsrt_signs16, bsrt_i16x8, 8, bsrt_bool8)
BSRT_DEFINE_SIGNS(bsrt_signs32, bsrt_i32x4, 4, bsrt_bool4)
BSRT_DEFINE_SIGNS(bsrt_signs64, bsrt_i64x2, 2, bsrt_bool2)
#undef BSRT_DEFINE_SIGNS

/* ---- Constants, splats, lanes, shuffles ------------------------------------------------------- */

BSRT_INLINE bsrt_v128 bsrt_v128_const(uint64_t lo, uint64_t hi) {
    bsrt_v128 r = {lo, hi};
    BSRT_OPAQUE_V128(r);
    return r;
}

BSRT_INLINE bsrt_v128 bsrt_i8x16_splat(uint32_t x) {
    uint8_t b = (uint8_t)x;
    return BSRT_V(((bsrt_u8x16){b, b, b, b, b, b, b, b, b, b, b, b, b, b, b, b}));
}
BSRT_INLINE bsrt_v128 bsrt_i16x8_splat(uint32_t x) {
    uint16_t h = (uint16_t)x;
    return BSRT_V(((bsrt_u16x8){h, h, h, h, h, h, h, h}));
}
BSRT_INLINE bsrt_v128 bsrt_i32x4_splat(uint32_t x) { return BSRT_V(((bsrt_u32x4){x, x, x, x})); }
BSRT_INLINE bsrt_v128 bsrt_i64x2_splat(uint64_t x) { return (bsrt_v128){x, x}; }
BSRT_INLINE bsrt_v128 bsrt_f32x4_splat(float x) { return BSRT_V(((bsrt_f32x4){x, x, x, x})); }
BSRT_INLINE bsrt_v128 bsrt_f64x2_splat(double x) { return BSRT_V(((bsrt_f64x2){x, x})); }

/* The lane index is a translate-time constant (validated); after inlining these are one
 * extract or insert instruction. Float lanes are moved, never converted: NaN bits survive. */
BSRT_INLINE uint32_t bsrt_i8x16_extract_lane_s(bsrt_v128 v, int lane) { return (uint32_t)(int32_t)((bsrt_i8x16)v)[lane]; }
BSRT_INLINE uint32_t bsrt_i8x16_extract_lane_u(bsrt_v128 v, int lane) { return ((bsrt_u8x16)v)[lane]; }
BSRT_INLINE uint32_t bsrt_i16x8_extract_lane_s(bsrt_v128 v, int lane) { return (uint32_t)(int32_t)((bsrt_i16x8)v)[lane]; }
BSRT_INLINE uint32_t bsrt_i16x8_extract_lane_u(bsrt_v128 v, int lane) { return ((bsrt_u16x8)v)[lane]; }
BSRT_INLINE uint32_t bsrt_i32x4_extract_lane(bsrt_v128 v, int lane) { return ((bsrt_u32x4)v)[lane]; }
BSRT_INLINE uint64_t bsrt_i64x2_extract_lane(bsrt_v128 v, int lane) { return v[lane]; }
BSRT_INLINE float bsrt_f32x4_extract_lane(bsrt_v128 v, int lane) { return ((bsrt_f32x4)v)[lane]; }
BSRT_INLINE double bsrt_f64x2_extract_lane(bsrt_v128 v, int lane) { return ((bsrt_f64x2)v)[lane]; }

#define BSRT_DEFINE_REPLACE(name, view, ctype, stype)                                   \
    BSRT_INLINE bsrt_v128 name(bsrt_v128 v, int lane, stype x) {                       \
        view r = (view)v;                                                              \
        r[lane] = (ctype)x;                                                            \
        return BSRT_V(r);                                                              \
    }
BSRT_DEFINE_REPLACE(bsrt_i8x16_replace_lane, bsrt_u8x16, uint8_t, uint32_t)
BSRT_DEFINE_REPLACE(bsrt_i16x8_replace_lane, bsrt_u16x8, uint16_t, uint32_t)
BSRT_DEFINE_REPLACE(bsrt_i32x4_replace_lane, bsrt_u32x4, uint32_t, uint32_t)
BSRT_DEFINE_REPLACE(bsrt_i64x2_replace_lane, bsrt_u64x2, uint64_t, uint64_t)
BSRT_DEFINE_REPLACE(bsrt_f32x4_replace_lane, bsrt_f32x4, float, float)
BSRT_DEFINE_REPLACE(bsrt_f64x2_replace_lane, bsrt_f64x2, double, double)
#undef BSRT_DEFINE_REPLACE

/* i8x16.shuffle: the 16 lane indices (0-31, validated) are constants of the instruction. */
#define BSRT_I8X16_SHUFFLE(a, b, ...) BSRT_V(__builtin_shufflevector((bsrt_u8x16)(a), (bsrt_u8x16)(b), __VA_ARGS__))

/* i8x16.swizzle: an index of 16 or more selects 0. SSE2 has no variable byte shuffle (pshufb is
 * SSSE3), so this is the one lane loop. */
BSRT_INLINE bsrt_v128 bsrt_i8x16_swizzle(bsrt_v128 a, bsrt_v128 s) {
    bsrt_u8x16 x = (bsrt_u8x16)a, i = (bsrt_u8x16)s, r;
    for (int k = 0; k < 16; k++) r[k] = i[k] < 16 ? x[i[k] & 15] : 0;
    return BSRT_V(r);
}

/* ---- Bitwise and boolean ---------------------------------------------------------------------- */

BSRT_INLINE bsrt_v128 bsrt_v128_not(bsrt_v128 a) { return ~a; }
BSRT_INLINE bsrt_v128 bsrt_v128_and(bsrt_v128 a, bsrt_v128 b) { return a & b; }
BSRT_INLINE bsrt_v128 bsrt_v128_andnot(bsrt_v128 a, bsrt_v128 b) { return a & ~b; }
BSRT_INLINE bsrt_v128 bsrt_v128_or(bsrt_v128 a, bsrt_v128 b) { return a | b; }
BSRT_INLINE bsrt_v128 bsrt_v128_xor(bsrt_v128 a, bsrt_v128 b) { return a ^ b; }
BSRT_INLINE bsrt_v128 bsrt_v128_bitselect(bsrt_v128 a, bsrt_v128 b, bsrt_v128 c) { return (a & c) | (b & ~c); }
BSRT_INLINE uint32_t bsrt_v128_any_true(bsrt_v128 a) { return (a[0] | a[1]) != 0; }

/* all_true: no lane is zero, i.e. no lane of (a == 0) has its sign bit. */
BSRT_INLINE uint32_t bsrt_i8x16_all_true(bsrt_v128 a) { return bsrt_signs8(BSRT_V((bsrt_u8x16)a == 0)) == 0; }
BSRT_INLINE uint32_t bsrt_i16x8_all_true(bsrt_v128 a) { return bsrt_signs16(BSRT_V((bsrt_u16x8)a == 0)) == 0; }
BSRT_INLINE uint32_t bsrt_i32x4_all_true(bsrt_v128 a) { return bsrt_signs32(BSRT_V((bsrt_u32x4)a == 0)) == 0; }
BSRT_INLINE uint32_t bsrt_i64x2_all_true(bsrt_v128 a) { return bsrt_signs64(BSRT_V(a == 0)) == 0; }
BSRT_INLINE uint32_t bsrt_i8x16_bitmask(bsrt_v128 a) { return bsrt_signs8(a); }
BSRT_INLINE uint32_t bsrt_i16x8_bitmask(bsrt_v128 a) { return bsrt_signs16(a); }
BSRT_INLINE uint32_t bsrt_i32x4_bitmask(bsrt_v128 a) { return bsrt_signs32(a); }
BSRT_INLINE uint32_t bsrt_i64x2_bitmask(bsrt_v128 a) { return bsrt_signs64(a); }

/* ---- Integer comparisons: all-ones lanes where true -------------------------------------------- */

#define BSRT_DEFINE_COMPARE(name, view, op) \
    BSRT_INLINE bsrt_v128 name(bsrt_v128 a, bsrt_v128 b) { return BSRT_V((view)a op (view)b); }
#define BSRT_DEFINE_COMPARES(shape, s, u)                                              \
    BSRT_DEFINE_COMPARE(bsrt_##shape##_eq, u, ==)                                      \
    BSRT_DEFINE_COMPARE(bsrt_##shape##_ne, u, !=)                                      \
    BSRT_DEFINE_COMPARE(bsrt_##shape##_lt_s, s, <)                                     \
    BSRT_DEFINE_COMPARE(bsrt_##shape##_lt_u, u, <)                                     \
    BSRT_DEFINE_COMPARE(bsrt_##shape##_gt_s, s, >)                                     \
    BSRT_DEFINE_COMPARE(bsrt_##shape##_gt_u, u, >)                                     \
    BSRT_DEFINE_COMPARE(bsrt_##shape##_le_s, s, <=)                                    \
    BSRT_DEFINE_COMPARE(bsrt_##shape##_le_u, u, <=)                                    \
    BSRT_DEFINE_COMPARE(bsrt_##shape##_ge_s, s, >=)                                    \
    BSRT_DEFINE_COMPARE(bsrt_##shape##_ge_u, u, >=)
BSRT_DEFINE_COMPARES(i8x16, bsrt_i8x16, bsrt_u8x16)
BSRT_DEFINE_COMPARES(i16x8, bsrt_i16x8, bsrt_u16x8)
BSRT_DEFINE_COMPARES(i32x4, bsrt_i32x4, bsrt_u32x4)
/* i64x2 has only the signed comparisons (and no _s suffix on eq/ne). */
BSRT_DEFINE_COMPARE(bsrt_i64x2_eq, bsrt_u64x2, ==)
BSRT_DEFINE_COMPARE(bsrt_i64x2_ne, bsrt_u64x2, !=)
BSRT_DEFINE_COMPARE(bsrt_i64x2_lt_s, bsrt_i64x2, <)
BSRT_DEFINE_COMPARE(bsrt_i64x2_gt_s, bsrt_i64x2, >)
BSRT_DEFINE_COMPARE(bsrt_i64x2_le_s, bsrt_i64x2, <=)
BSRT_DEFINE_COMPARE(bsrt_i64x2_ge_s, bsrt_i64x2, >=)
/* Float comparisons are IEEE's: false on NaN, except ne. */
#define BSRT_DEFINE_FLOAT_COMPARES(shape, view)                                        \
    BSRT_DEFINE_COMPARE(bsrt_##shape##_eq, view, ==)                                   \
    BSRT_DEFINE_COMPARE(bsrt_##shape##_ne, view, !=)                                   \
    BSRT_DEFINE_COMPARE(bsrt_##shape##_lt, view, <)                                    \
    BSRT_DEFINE_COMPARE(bsrt_##shape##_gt, view, >)                                    \
    BSRT_DEFINE_COMPARE(bsrt_##shape##_le, view, <=)                                   \
    BSRT_DEFINE_COMPARE(bsrt_##shape##_ge, view, >=)
BSRT_DEFINE_FLOAT_COMPARES(f32x4, bsrt_f32x4)
BSRT_DEFINE_FLOAT_COMPARES(f64x2, bsrt_f64x2)
#undef BSRT_DEFINE_FLOAT_COMPARES
#undef BSRT_DEFINE_COMPARES
#undef BSRT_DEFINE_COMPARE

/* ---- Integer arithmetic ------------------------------------------------------------------------
 * add/sub/mul/neg in unsigned lanes (they wrap); shifts take the count modulo the lane width;
 * abs of the most negative value is itself (x ^ s) - s with s the sign, wrapping. */

#define BSRT_DEFINE_INT_ARITH(shape, s, u, bits)                                       \
    BSRT_INLINE bsrt_v128 bsrt_##shape##_add(bsrt_v128 a, bsrt_v128 b) { return BSRT_V((u)a + (u)b); } \
    BSRT_INLINE bsrt_v128 bsrt_##shape##_sub(bsrt_v128 a, bsrt_v128 b) { return BSRT_V((u)a - (u)b); } \
    BSRT_INLINE bsrt_v128 bsrt_##shape##_neg(bsrt_v128 a) { return BSRT_V(-(u)a); }   \
    BSRT_INLINE bsrt_v128 bsrt_##shape##_abs(bsrt_v128 a) {                             \
        s sign = (s)a >> (bits - 1);                                                   \
        return BSRT_V(((u)a ^ (u)sign) - (u)sign);                                     \
    }                                                                                  \
    BSRT_INLINE bsrt_v128 bsrt_##shape##_shl(bsrt_v128 a, uint32_t n) { return BSRT_V((u)a << (n & (bits - 1))); } \
    BSRT_INLINE bsrt_v128 bsrt_##shape##_shr_s(bsrt_v128 a, uint32_t n) { return BSRT_V((s)a >> (n & (bits - 1))); } \
    BSRT_INLINE bsrt_v128 bsrt_##shape##_shr_u(bsrt_v128 a, uint32_t n) { return BSRT_V((u)a >> (n & (bits - 1))); }
BSRT_DEFINE_INT_ARITH(i8x16, bsrt_i8x16, bsrt_u8x16, 8)
BSRT_DEFINE_INT_ARITH(i16x8, bsrt_i16x8, bsrt_u16x8, 16)
BSRT_DEFINE_INT_ARITH(i32x4, bsrt_i32x4, bsrt_u32x4, 32)
BSRT_DEFINE_INT_ARITH(i64x2, bsrt_i64x2, bsrt_u64x2, 64)
#undef BSRT_DEFINE_INT_ARITH

BSRT_INLINE bsrt_v128 bsrt_i16x8_mul(bsrt_v128 a, bsrt_v128 b) { return BSRT_V((bsrt_u16x8)a * (bsrt_u16x8)b); }
BSRT_INLINE bsrt_v128 bsrt_i32x4_mul(bsrt_v128 a, bsrt_v128 b) { return BSRT_V((bsrt_u32x4)a * (bsrt_u32x4)b); }
BSRT_INLINE bsrt_v128 bsrt_i64x2_mul(bsrt_v128 a, bsrt_v128 b) { return a * b; }

#define BSRT_DEFINE_MIN_MAX(shape, s, u)                                               \
    BSRT_INLINE bsrt_v128 bsrt_##shape##_min_s(bsrt_v128 a, bsrt_v128 b) { return BSRT_V(BSRT_MIN((s)a, (s)b)); } \
    BSRT_INLINE bsrt_v128 bsrt_##shape##_min_u(bsrt_v128 a, bsrt_v128 b) { return BSRT_V(BSRT_MIN((u)a, (u)b)); } \
    BSRT_INLINE bsrt_v128 bsrt_##shape##_max_s(bsrt_v128 a, bsrt_v128 b) { return BSRT_V(BSRT_MAX((s)a, (s)b)); } \
    BSRT_INLINE bsrt_v128 bsrt_##shape##_max_u(bsrt_v128 a, bsrt_v128 b) { return BSRT_V(BSRT_MAX((u)a, (u)b)); }
BSRT_DEFINE_MIN_MAX(i8x16, bsrt_i8x16, bsrt_u8x16)
BSRT_DEFINE_MIN_MAX(i16x8, bsrt_i16x8, bsrt_u16x8)
BSRT_DEFINE_MIN_MAX(i32x4, bsrt_i32x4, bsrt_u32x4)
#undef BSRT_DEFINE_MIN_MAX

/* Saturating add/sub of 8- and 16-bit lanes (paddsb, psubusw...). Signed: computed in the
 * double-width type, clamped, narrowed. Unsigned: a wrapped sum below an operand overflowed
 * (all ones then); max(a, b) - b is a - b or 0. */
#define BSRT_DEFINE_SAT_S(name, view, wide, op, lo, hi)                                \
    BSRT_INLINE bsrt_v128 name(bsrt_v128 a, bsrt_v128 b) {                             \
        wide x = __builtin_convertvector((view)a, wide), y = __builtin_convertvector((view)b, wide); \
        wide r = BSRT_MAX(BSRT_MIN(x op y, (wide){0} + (hi)), (wide){0} + (lo));       \
        return BSRT_V(__builtin_convertvector(r, view));                               \
    }
#define BSRT_DEFINE_SAT_U(shape, view)                                                 \
    BSRT_INLINE bsrt_v128 bsrt_##shape##_add_sat_u(bsrt_v128 a, bsrt_v128 b) {         \
        view x = (view)a, r = x + (view)b;                                             \
        return BSRT_V(r | (view)(r < x));                                              \
    }                                                                                  \
    BSRT_INLINE bsrt_v128 bsrt_##shape##_sub_sat_u(bsrt_v128 a, bsrt_v128 b) {         \
        view x = (view)a, y = (view)b;                                                 \
        return BSRT_V(BSRT_MAX(x, y) - y);                                             \
    }
BSRT_DEFINE_SAT_S(bsrt_i8x16_add_sat_s, bsrt_i8x16, bsrt_i16x16, +, -128, 127)
BSRT_DEFINE_SAT_S(bsrt_i8x16_sub_sat_s, bsrt_i8x16, bsrt_i16x16, -, -128, 127)
BSRT_DEFINE_SAT_S(bsrt_i16x8_add_sat_s, bsrt_i16x8, bsrt_i32x8, +, -32768, 32767)
BSRT_DEFINE_SAT_S(bsrt_i16x8_sub_sat_s, bsrt_i16x8, bsrt_i32x8, -, -32768, 32767)
BSRT_DEFINE_SAT_U(i8x16, bsrt_u8x16)
BSRT_DEFINE_SAT_U(i16x8, bsrt_u16x8)
#undef BSRT_DEFINE_SAT_S
#undef BSRT_DEFINE_SAT_U

/* avgr_u: (a + b + 1) >> 1 without overflow, in the double-width type (pavgb, pavgw). */
BSRT_INLINE bsrt_v128 bsrt_i8x16_avgr_u(bsrt_v128 a, bsrt_v128 b) {
    bsrt_u16x16 x = __builtin_convertvector((bsrt_u8x16)a, bsrt_u16x16);
    bsrt_u16x16 y = __builtin_convertvector((bsrt_u8x16)b, bsrt_u16x16);
    return BSRT_V(__builtin_convertvector((x + y + 1) >> 1, bsrt_u8x16));
}
BSRT_INLINE bsrt_v128 bsrt_i16x8_avgr_u(bsrt_v128 a, bsrt_v128 b) {
    bsrt_u32x8 x = __builtin_convertvector((bsrt_u16x8)a, bsrt_u32x8);
    bsrt_u32x8 y = __builtin_convertvector((bsrt_u16x8)b, bsrt_u32x8);
    return BSRT_V(__builtin_convertvector((x + y + 1) >> 1, bsrt_u16x8));
}

/* popcnt of each byte: the bit-parallel count (SSE2 has no byte popcount). */
BSRT_INLINE bsrt_v128 bsrt_i8x16_popcnt(bsrt_v128 a) {
    bsrt_u8x16 x = (bsrt_u8x16)a;
    x = x - ((x >> 1) & 0x55);
    x = (x & 0x33) + ((x >> 2) & 0x33);
    return BSRT_V((x + (x >> 4)) & 0x0f);
}

/* q15mulr_sat_s: (a * b + 2^14) >> 15, saturated; only -32768 * -32768 overflows (to 32768). */
BSRT_INLINE bsrt_v128 bsrt_i16x8_q15mulr_sat_s(bsrt_v128 a, bsrt_v128 b) {
    bsrt_i32x8 x = __builtin_convertvector((bsrt_i16x8)a, bsrt_i32x8);
    bsrt_i32x8 y = __builtin_convertvector((bsrt_i16x8)b, bsrt_i32x8);
    bsrt_i32x8 p = (x * y + 0x4000) >> 15;
    p = BSRT_MIN(p, (bsrt_i32x8){0} + 32767);
    return BSRT_V(__builtin_convertvector(p, bsrt_i16x8));
}

/* dot_i16x8_s: pairwise sums of the 32-bit products; the sum wraps (pmaddwd). */
BSRT_INLINE bsrt_v128 bsrt_i32x4_dot_i16x8_s(bsrt_v128 a, bsrt_v128 b) {
    bsrt_i32x8 x = __builtin_convertvector((bsrt_i16x8)a, bsrt_i32x8);
    bsrt_i32x8 y = __builtin_convertvector((bsrt_i16x8)b, bsrt_i32x8);
    bsrt_u32x8 p = (bsrt_u32x8)(x * y);
    return BSRT_V(BSRT_EVEN4(p) + BSRT_ODD4(p));
}

/* ---- Widening and narrowing ------------------------------------------------------------------- */

/* narrow: each source lane saturated to the narrower signed or unsigned range; a's lanes first. */
BSRT_INLINE bsrt_v128 bsrt_i8x16_narrow_i16x8_s(bsrt_v128 a, bsrt_v128 b) {
    bsrt_i16x16 w = __builtin_shufflevector((bsrt_i16x8)a, (bsrt_i16x8)b, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
    w = BSRT_MAX(BSRT_MIN(w, (bsrt_i16x16){0} + 127), (bsrt_i16x16){0} - 128);
    return BSRT_V(__builtin_convertvector(w, bsrt_i8x16));
}
BSRT_INLINE bsrt_v128 bsrt_i8x16_narrow_i16x8_u(bsrt_v128 a, bsrt_v128 b) {
    bsrt_i16x16 w = __builtin_shufflevector((bsrt_i16x8)a, (bsrt_i16x8)b, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
    w = BSRT_MAX(BSRT_MIN(w, (bsrt_i16x16){0} + 255), (bsrt_i16x16){0});
    return BSRT_V(__builtin_convertvector(w, bsrt_u8x16));
}
BSRT_INLINE bsrt_v128 bsrt_i16x8_narrow_i32x4_s(bsrt_v128 a, bsrt_v128 b) {
    bsrt_i32x8 w = __builtin_shufflevector((bsrt_i32x4)a, (bsrt_i32x4)b, 0, 1, 2, 3, 4, 5, 6, 7);
    w = BSRT_MAX(BSRT_MIN(w, (bsrt_i32x8){0} + 32767), (bsrt_i32x8){0} - 32768);
    return BSRT_V(__builtin_convertvector(w, bsrt_i16x8));
}
BSRT_INLINE bsrt_v128 bsrt_i16x8_narrow_i32x4_u(bsrt_v128 a, bsrt_v128 b) {
    bsrt_i32x8 w = __builtin_shufflevector((bsrt_i32x4)a, (bsrt_i32x4)b, 0, 1, 2, 3, 4, 5, 6, 7);
    w = BSRT_MAX(BSRT_MIN(w, (bsrt_i32x8){0} + 65535), (bsrt_i32x8){0});
    return BSRT_V(__builtin_convertvector(w, bsrt_u16x8));
}

/* extend_low/high: the low or high half, sign- or zero-extended. */
#define BSRT_DEFINE_EXTEND(shape, half, wide, view, HALF)                              \
    BSRT_INLINE bsrt_v128 bsrt_##shape(bsrt_v128 a) {                                  \
        view v = (view)a;                                                              \
        half h = HALF(v);                                                              \
        return BSRT_V(__builtin_convertvector(h, wide));                               \
    }
BSRT_DEFINE_EXTEND(i16x8_extend_low_i8x16_s, bsrt_i8x8, bsrt_i16x8, bsrt_i8x16, BSRT_LO8)
BSRT_DEFINE_EXTEND(i16x8_extend_high_i8x16_s, bsrt_i8x8, bsrt_i16x8, bsrt_i8x16, BSRT_HI8)
BSRT_DEFINE_EXTEND(i16x8_extend_low_i8x16_u, bsrt_u8x8, bsrt_u16x8, bsrt_u8x16, BSRT_LO8)
BSRT_DEFINE_EXTEND(i16x8_extend_high_i8x16_u, bsrt_u8x8, bsrt_u16x8, bsrt_u8x16, BSRT_HI8)
BSRT_DEFINE_EXTEND(i32x4_extend_low_i16x8_s, bsrt_i16x4, bsrt_i32x4, bsrt_i16x8, BSRT_LO4)
BSRT_DEFINE_EXTEND(i32x4_extend_high_i16x8_s, bsrt_i16x4, bsrt_i32x4, bsrt_i16x8, BSRT_HI4)
BSRT_DEFINE_EXTEND(i32x4_extend_low_i16x8_u, bsrt_u16x4, bsrt_u32x4, bsrt_u16x8, BSRT_LO4)
BSRT_DEFINE_EXTEND(i32x4_extend_high_i16x8_u, bsrt_u16x4, bsrt_u32x4, bsrt_u16x8, BSRT_HI4)
BSRT_DEFINE_EXTEND(i64x2_extend_low_i32x4_s, bsrt_i32x2, bsrt_i64x2, bsrt_i32x4, BSRT_LO2)
BSRT_DEFINE_EXTEND(i64x2_extend_high_i32x4_s, bsrt_i32x2, bsrt_i64x2, bsrt_i32x4, BSRT_HI2)
BSRT_DEFINE_EXTEND(i64x2_extend_low_i32x4_u, bsrt_u32x2, bsrt_u64x2, bsrt_u32x4, BSRT_LO2)
BSRT_DEFINE_EXTEND(i64x2_extend_high_i32x4_u, bsrt_u32x2, bsrt_u64x2, bsrt_u32x4, BSRT_HI2)
#undef BSRT_DEFINE_EXTEND

/* extmul: the halves extended, then multiplied in the wide type (the product always fits, so
 * signed products cannot overflow). */
#define BSRT_DEFINE_EXTMUL(shape, half, wide, view, HALF)                              \
    BSRT_INLINE bsrt_v128 bsrt_##shape(bsrt_v128 a, bsrt_v128 b) {                     \
        view x = (view)a, y = (view)b;                                                 \
        half hx = HALF(x), hy = HALF(y);                                               \
        return BSRT_V(__builtin_convertvector(hx, wide) * __builtin_convertvector(hy, wide)); \
    }
BSRT_DEFINE_EXTMUL(i16x8_extmul_low_i8x16_s, bsrt_i8x8, bsrt_i16x8, bsrt_i8x16, BSRT_LO8)
BSRT_DEFINE_EXTMUL(i16x8_extmul_high_i8x16_s, bsrt_i8x8, bsrt_i16x8, bsrt_i8x16, BSRT_HI8)
BSRT_DEFINE_EXTMUL(i16x8_extmul_low_i8x16_u, bsrt_u8x8, bsrt_u16x8, bsrt_u8x16, BSRT_LO8)
BSRT_DEFINE_EXTMUL(i16x8_extmul_high_i8x16_u, bsrt_u8x8, bsrt_u16x8, bsrt_u8x16, BSRT_HI8)
BSRT_DEFINE_EXTMUL(i32x4_extmul_low_i16x8_s, bsrt_i16x4, bsrt_i32x4, bsrt_i16x8, BSRT_LO4)
BSRT_DEFINE_EXTMUL(i32x4_extmul_high_i16x8_s, bsrt_i16x4, bsrt_i32x4, bsrt_i16x8, BSRT_HI4)
BSRT_DEFINE_EXTMUL(i32x4_extmul_low_i16x8_u, bsrt_u16x4, bsrt_u32x4, bsrt_u16x8, BSRT_LO4)
BSRT_DEFINE_EXTMUL(i32x4_extmul_high_i16x8_u, bsrt_u16x4, bsrt_u32x4, bsrt_u16x8, BSRT_HI4)
BSRT_DEFINE_EXTMUL(i64x2_extmul_low_i32x4_s, bsrt_i32x2, bsrt_i64x2, bsrt_i32x4, BSRT_LO2)
BSRT_DEFINE_EXTMUL(i64x2_extmul_high_i32x4_s, bsrt_i32x2, bsrt_i64x2, bsrt_i32x4, BSRT_HI2)
BSRT_DEFINE_EXTMUL(i64x2_extmul_low_i32x4_u, bsrt_u32x2, bsrt_u64x2, bsrt_u32x4, BSRT_LO2)
BSRT_DEFINE_EXTMUL(i64x2_extmul_high_i32x4_u, bsrt_u32x2, bsrt_u64x2, bsrt_u32x4, BSRT_HI2)
#undef BSRT_DEFINE_EXTMUL

/* extadd_pairwise: even lane + odd lane, extended (the sum always fits). */
#define BSRT_DEFINE_EXTADD(shape, half, wide, view, EVEN, ODD)                         \
    BSRT_INLINE bsrt_v128 bsrt_##shape(bsrt_v128 a) {                                  \
        view x = (view)a;                                                              \
        half even = EVEN(x), odd = ODD(x);                                             \
        return BSRT_V(__builtin_convertvector(even, wide) + __builtin_convertvector(odd, wide)); \
    }
BSRT_DEFINE_EXTADD(i16x8_extadd_pairwise_i8x16_s, bsrt_i8x8, bsrt_i16x8, bsrt_i8x16, BSRT_EVEN8, BSRT_ODD8)
BSRT_DEFINE_EXTADD(i16x8_extadd_pairwise_i8x16_u, bsrt_u8x8, bsrt_u16x8, bsrt_u8x16, BSRT_EVEN8, BSRT_ODD8)
BSRT_DEFINE_EXTADD(i32x4_extadd_pairwise_i16x8_s, bsrt_i16x4, bsrt_i32x4, bsrt_i16x8, BSRT_EVEN4, BSRT_ODD4)
BSRT_DEFINE_EXTADD(i32x4_extadd_pairwise_i16x8_u, bsrt_u16x4, bsrt_u32x4, bsrt_u16x8, BSRT_EVEN4, BSRT_ODD4)
#undef BSRT_DEFINE_EXTADD

/* Float arithmetic, min/max, rounding and conversions. */
#include "bsrt_simd_float.h"

/* ---- Relaxed SIMD (one behaviour per build; README.md "Relaxed SIMD") ----------------------------- */

/* relaxed_swizzle: as i8x16.swizzle (0 for every index of 16 or more), NEON's tbl result. */
BSRT_INLINE bsrt_v128 bsrt_i8x16_relaxed_swizzle(bsrt_v128 a, bsrt_v128 s) { return bsrt_i8x16_swizzle(a, s); }

/* relaxed_trunc, signed: x86-64's cvttps2dq/cvttpd2dq (INT32_MIN for NaN and out-of-range
 * lanes); elsewhere the saturating result (aarch64's fcvtzs). Unsigned: saturating everywhere
 * (x86 has no unsigned conversion; aarch64's fcvtzu saturates). */
BSRT_INLINE bsrt_v128 bsrt_i32x4_relaxed_trunc_f32x4_s(bsrt_v128 a) {
#if defined(__x86_64__)
    return BSRT_V(__builtin_ia32_cvttps2dq((bsrt_f32x4)a));
#else
    return bsrt_i32x4_trunc_sat_f32x4_s(a);
#endif
}
BSRT_INLINE bsrt_v128 bsrt_i32x4_relaxed_trunc_f32x4_u(bsrt_v128 a) { return bsrt_i32x4_trunc_sat_f32x4_u(a); }
BSRT_INLINE bsrt_v128 bsrt_i32x4_relaxed_trunc_f64x2_s_zero(bsrt_v128 a) {
#if defined(__x86_64__)
    return BSRT_V(__builtin_ia32_cvttpd2dq((bsrt_f64x2)a));
#else
    return bsrt_i32x4_trunc_sat_f64x2_s_zero(a);
#endif
}
BSRT_INLINE bsrt_v128 bsrt_i32x4_relaxed_trunc_f64x2_u_zero(bsrt_v128 a) { return bsrt_i32x4_trunc_sat_f64x2_u_zero(a); }

/* relaxed_madd/nmadd: a * b + c and -(a * b) + c. Unfused (two roundings) on x86-64, whose SSE2
 * baseline has no FMA; fused on aarch64, where fmla is one instruction. */
#if defined(__aarch64__) && BSRT_HAS_BUILTIN(__builtin_elementwise_fma)
#define BSRT_DEFINE_MADD(shape, view)                                                  \
    BSRT_INLINE bsrt_v128 bsrt_##shape##_relaxed_madd(bsrt_v128 a, bsrt_v128 b, bsrt_v128 c) { \
        return BSRT_V(__builtin_elementwise_fma((view)a, (view)b, (view)c));           \
    }                                                                                  \
    BSRT_INLINE bsrt_v128 bsrt_##shape##_relaxed_nmadd(bsrt_v128 a, bsrt_v128 b, bsrt_v128 c) { \
        return BSRT_V(__builtin_elementwise_fma(-(view)a, (view)b, (view)c));          \
    }
#else
#define BSRT_DEFINE_MADD(shape, view)                                                  \
    BSRT_INLINE bsrt_v128 bsrt_##shape##_relaxed_madd(bsrt_v128 a, bsrt_v128 b, bsrt_v128 c) { \
        return BSRT_V((view)a * (view)b + (view)c);                                    \
    }                                                                                  \
    BSRT_INLINE bsrt_v128 bsrt_##shape##_relaxed_nmadd(bsrt_v128 a, bsrt_v128 b, bsrt_v128 c) { \
        return BSRT_V(-((view)a * (view)b) + (view)c);                                 \
    }
#endif
BSRT_DEFINE_MADD(f32x4, bsrt_f32x4)
BSRT_DEFINE_MADD(f64x2, bsrt_f64x2)
#undef BSRT_DEFINE_MADD

/* relaxed_laneselect: bitselect (NEON's bsl; SSE2 has no blend, and bitselect is three ops). */
BSRT_INLINE bsrt_v128 bsrt_i8x16_relaxed_laneselect(bsrt_v128 a, bsrt_v128 b, bsrt_v128 c) { return bsrt_v128_bitselect(a, b, c); }
BSRT_INLINE bsrt_v128 bsrt_i16x8_relaxed_laneselect(bsrt_v128 a, bsrt_v128 b, bsrt_v128 c) { return bsrt_v128_bitselect(a, b, c); }
BSRT_INLINE bsrt_v128 bsrt_i32x4_relaxed_laneselect(bsrt_v128 a, bsrt_v128 b, bsrt_v128 c) { return bsrt_v128_bitselect(a, b, c); }
BSRT_INLINE bsrt_v128 bsrt_i64x2_relaxed_laneselect(bsrt_v128 a, bsrt_v128 b, bsrt_v128 c) { return bsrt_v128_bitselect(a, b, c); }

/* relaxed_min/max: x86-64's minps/maxps (a < b ? a : b, a > b ? a : b: the second operand when
 * either is NaN or both are zeros); on aarch64 fmin/fmax (IEEE minimum/maximum, which is the
 * exact WebAssembly min/max); elsewhere the exact min/max. */
#if defined(__x86_64__)
#define BSRT_DEFINE_RELAXED_MIN_MAX(shape, view)                                       \
    BSRT_INLINE bsrt_v128 bsrt_##shape##_relaxed_min(bsrt_v128 a, bsrt_v128 b) {       \
        view x = (view)a, y = (view)b;                                                 \
        return BSRT_SELECT(x < y, x, y);                                               \
    }                                                                                  \
    BSRT_INLINE bsrt_v128 bsrt_##shape##_relaxed_max(bsrt_v128 a, bsrt_v128 b) {       \
        view x = (view)a, y = (view)b;                                                 \
        return BSRT_SELECT(x > y, x, y);                                               \
    }
#elif defined(__aarch64__) && BSRT_HAS_BUILTIN(__builtin_elementwise_minimum)
#define BSRT_DEFINE_RELAXED_MIN_MAX(shape, view)                                       \
    BSRT_INLINE bsrt_v128 bsrt_##shape##_relaxed_min(bsrt_v128 a, bsrt_v128 b) {       \
        return BSRT_V(__builtin_elementwise_minimum((view)a, (view)b));                \
    }                                                                                  \
    BSRT_INLINE bsrt_v128 bsrt_##shape##_relaxed_max(bsrt_v128 a, bsrt_v128 b) {       \
        return BSRT_V(__builtin_elementwise_maximum((view)a, (view)b));                \
    }
#else
#define BSRT_DEFINE_RELAXED_MIN_MAX(shape, view)                                       \
    BSRT_INLINE bsrt_v128 bsrt_##shape##_relaxed_min(bsrt_v128 a, bsrt_v128 b) { return bsrt_##shape##_min(a, b); } \
    BSRT_INLINE bsrt_v128 bsrt_##shape##_relaxed_max(bsrt_v128 a, bsrt_v128 b) { return bsrt_##shape##_max(a, b); }
#endif
BSRT_DEFINE_RELAXED_MIN_MAX(f32x4, bsrt_f32x4)
BSRT_DEFINE_RELAXED_MIN_MAX(f64x2, bsrt_f64x2)
#undef BSRT_DEFINE_RELAXED_MIN_MAX

/* relaxed_q15mulr_s: saturating, as i16x8.q15mulr_sat_s (NEON's sqrdmulh; SSE2 has no pmulhrsw). */
BSRT_INLINE bsrt_v128 bsrt_i16x8_relaxed_q15mulr_s(bsrt_v128 a, bsrt_v128 b) { return bsrt_i16x8_q15mulr_sat_s(a, b); }

/* relaxed dot products: both operands signed, sums wrapping (no saturation): a 7-bit b gives the
 * exact result, and a b lane with its top bit set gives the signed-times-signed alternative. */
BSRT_INLINE bsrt_v128 bsrt_i16x8_relaxed_dot_i8x16_i7x16_s(bsrt_v128 a, bsrt_v128 b) {
    bsrt_i16x16 x = __builtin_convertvector((bsrt_i8x16)a, bsrt_i16x16);
    bsrt_i16x16 y = __builtin_convertvector((bsrt_i8x16)b, bsrt_i16x16);
    bsrt_u16x16 p = (bsrt_u16x16)(x * y);
    return BSRT_V(BSRT_EVEN8(p) + BSRT_ODD8(p));
}
BSRT_INLINE bsrt_v128 bsrt_i32x4_relaxed_dot_i8x16_i7x16_add_s(bsrt_v128 a, bsrt_v128 b, bsrt_v128 c) {
    bsrt_i16x16 x = __builtin_convertvector((bsrt_i8x16)a, bsrt_i16x16);
    bsrt_i16x16 y = __builtin_convertvector((bsrt_i8x16)b, bsrt_i16x16);
    bsrt_i16x16 p = x * y;
    bsrt_i16x8 even = BSRT_EVEN8(p), odd = BSRT_ODD8(p);
    bsrt_i32x8 pairs = __builtin_convertvector(even, bsrt_i32x8) + __builtin_convertvector(odd, bsrt_i32x8);
    return BSRT_V((bsrt_u32x4)(BSRT_EVEN4(pairs) + BSRT_ODD4(pairs)) + (bsrt_u32x4)c);
}

/* ---- Loads and stores ----------------------------------------------------------------------------
 * As in bsrt_ops.h: `addr` is the effective address, unchecked for a 32-bit memory (the guard
 * region faults) and checked by bsrt_ea64 for a memory64; memcpy allows any alignment; forced
 * inline so that a fault is attributed to the WASM function. */

/* Each load, like the scalar ones, also as `<name>_kept` (a volatile read: see "Exact traps"
 * in bsrt_ops.h), through BSRT_DEFINE_V128_LOAD(name, ctype, body): `body` makes the vector
 * from `x`, the `ctype` read at the address. */
#define BSRT_DEFINE_V128_LOAD_WITH(name, read, ctype, body)                            \
    BSRT_ACCESS bsrt_v128 name(const uint8_t *mem, uint64_t addr) {                    \
        ctype x;                                                                       \
        read(x, mem + addr);                                                           \
        return body;                                                                   \
    }
#define BSRT_DEFINE_V128_LOAD(name, ctype, body)                                       \
    BSRT_DEFINE_V128_LOAD_WITH(name, BSRT_READ, ctype, body)                           \
    BSRT_DEFINE_V128_LOAD_WITH(name##_kept, BSRT_READ_KEPT, ctype, body)

BSRT_DEFINE_V128_LOAD(bsrt_v128_load, bsrt_v128, x)
BSRT_ACCESS void bsrt_v128_store(uint8_t *mem, uint64_t addr, bsrt_v128 v) { __builtin_memcpy(mem + addr, &v, 16); }

BSRT_DEFINE_V128_LOAD(bsrt_v128_load8x8_s, bsrt_i8x8, BSRT_V(__builtin_convertvector(x, bsrt_i16x8)))
BSRT_DEFINE_V128_LOAD(bsrt_v128_load8x8_u, bsrt_u8x8, BSRT_V(__builtin_convertvector(x, bsrt_u16x8)))
BSRT_DEFINE_V128_LOAD(bsrt_v128_load16x4_s, bsrt_i16x4, BSRT_V(__builtin_convertvector(x, bsrt_i32x4)))
BSRT_DEFINE_V128_LOAD(bsrt_v128_load16x4_u, bsrt_u16x4, BSRT_V(__builtin_convertvector(x, bsrt_u32x4)))
BSRT_DEFINE_V128_LOAD(bsrt_v128_load32x2_s, bsrt_i32x2, BSRT_V(__builtin_convertvector(x, bsrt_i64x2)))
BSRT_DEFINE_V128_LOAD(bsrt_v128_load32x2_u, bsrt_u32x2, BSRT_V(__builtin_convertvector(x, bsrt_u64x2)))

BSRT_DEFINE_V128_LOAD(bsrt_v128_load8_splat, uint8_t, bsrt_i8x16_splat(x))
BSRT_DEFINE_V128_LOAD(bsrt_v128_load16_splat, uint16_t, bsrt_i16x8_splat(x))
BSRT_DEFINE_V128_LOAD(bsrt_v128_load32_splat, uint32_t, bsrt_i32x4_splat(x))
BSRT_DEFINE_V128_LOAD(bsrt_v128_load64_splat, uint64_t, bsrt_i64x2_splat(x))

BSRT_DEFINE_V128_LOAD(bsrt_v128_load32_zero, uint32_t, BSRT_V(((bsrt_u32x4){x, 0, 0, 0})))
BSRT_DEFINE_V128_LOAD(bsrt_v128_load64_zero, uint64_t, ((bsrt_v128){x, 0}))
#undef BSRT_DEFINE_V128_LOAD
#undef BSRT_DEFINE_V128_LOAD_WITH

#define BSRT_DEFINE_LANE_LOAD(name, read, ctype, view)                                \
    BSRT_ACCESS bsrt_v128 name(const uint8_t *mem, uint64_t addr, bsrt_v128 v, int lane) { \
        ctype x;                                                                       \
        read(x, mem + addr);                                                           \
        view r = (view)v;                                                              \
        r[lane] = x;                                                                   \
        return BSRT_V(r);                                                              \
    }
#define BSRT_DEFINE_LANE_ACCESS(bits, ctype, view)                                     \
    BSRT_DEFINE_LANE_LOAD(bsrt_v128_load##bits##_lane, BSRT_READ, ctype, view)         \
    BSRT_DEFINE_LANE_LOAD(bsrt_v128_load##bits##_lane_kept, BSRT_READ_KEPT, ctype, view) \
    BSRT_ACCESS void bsrt_v128_store##bits##_lane(uint8_t *mem, uint64_t addr, bsrt_v128 v, int lane) { \
        ctype x = ((view)v)[lane];                                                     \
        __builtin_memcpy(mem + addr, &x, sizeof x);                                    \
    }
BSRT_DEFINE_LANE_ACCESS(8, uint8_t, bsrt_u8x16)
BSRT_DEFINE_LANE_ACCESS(16, uint16_t, bsrt_u16x8)
BSRT_DEFINE_LANE_ACCESS(32, uint32_t, bsrt_u32x4)
BSRT_DEFINE_LANE_ACCESS(64, uint64_t, bsrt_u64x2)
#undef BSRT_DEFINE_LANE_ACCESS
#undef BSRT_DEFINE_LANE_LOAD

#ifdef __cplusplus
}
#endif
#endif /* BSRT_SIMD_H */
