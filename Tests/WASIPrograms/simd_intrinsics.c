/*
 * simd_intrinsics.c: every family of fixed-width SIMD instructions (and the relaxed ones, on
 * inputs where all their allowed results agree) through <wasm_simd128.h>, on pseudo-random and
 * edge-case lanes. For each operation it prints a hash of the results, so that the wasm32 build
 * (real SIMD instructions, run by bs-aot) and the native build (simd_reference.h, lane by lane)
 * can be compared byte for byte. NaN lanes are hashed as "a NaN": their sign and payload are
 * not deterministic in WebAssembly. Build commands: README.md, "SIMD programs".
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#ifdef __wasm_simd128__
#include <wasm_simd128.h>
#else
#include "simd_reference.h"
#endif

#define N 96

static uint8_t ints[N + 1][16];
static float f32s[N][4];
static double f64s[N][2];
static uint32_t state = 2463534242u;

static uint32_t next(void) {
    state ^= state << 13;
    state ^= state >> 17;
    state ^= state << 5;
    return state;
}

static const float f32_specials[] = {
    0.0f, -0.0f, 1.0f, -1.0f, 0.5f, -0.5f, 1.5f, -1.5f, 2.5f, -2.5f, 3.5f, 8388607.5f, -8388607.5f, 8388608.0f,
    16777217.0f, 1e-45f, -1e-45f, 1.17549435e-38f, 3.40282347e+38f, -3.40282347e+38f, INFINITY, -INFINITY, NAN,
    -NAN, 2147483520.0f, 2147483648.0f, -2147483648.0f, -2147483904.0f, 4294967040.0f, 4294967296.0f, 0.99999994f,
    -0.99999994f, 1e10f, -1e10f, 65536.5f, 100.25f,
};
static const double f64_specials[] = {
    0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 2.5, -2.5, 4503599627370495.5, -4503599627370495.5, 4503599627370496.0,
    5e-324, -5e-324, 2.2250738585072014e-308, 1.7976931348623157e+308, INFINITY, -INFINITY, NAN, -NAN,
    2147483647.5, 2147483648.0, -2147483648.5, -2147483649.0, 4294967295.5, 4294967296.0, -0.9999999999999999,
    1e300, 3.4028235677973366e+38, 3.4028234663852886e+38, 1.401298464324817e-45, 7.0064923216240854e-46, 123.456,
};
static const uint8_t byte_specials[] = {0x00, 0x01, 0x7f, 0x80, 0x81, 0xfe, 0xff, 0x40};

static void make_inputs(void) {
    for (int v = 0; v <= N; v++) {
        for (int i = 0; i < 16; i++) {
            uint32_t r = next();
            /* A quarter of the lanes are edge bytes, so 16-, 32- and 64-bit lanes get 0x8000..., 0x7fff..., -1. */
            ints[v][i] = (r & 3) == 0 ? byte_specials[(r >> 2) % sizeof byte_specials] : (uint8_t)(r >> 8);
        }
    }
    for (int v = 0; v < N; v++) {
        for (int i = 0; i < 4; i++) {
            uint32_t r = next();
            if (r & 1) {
                f32s[v][i] = f32_specials[(r >> 1) % (sizeof f32_specials / sizeof f32_specials[0])];
            } else {
                int exponent = (int)((r >> 8) % 80) - 40;
                f32s[v][i] = ldexpf((float)(r >> 9) / 8388608.0f, exponent) * ((r & 2) ? -1.0f : 1.0f);
            }
        }
        for (int i = 0; i < 2; i++) {
            uint32_t r = next();
            if (r & 1) {
                f64s[v][i] = f64_specials[(r >> 1) % (sizeof f64_specials / sizeof f64_specials[0])];
            } else {
                int exponent = (int)((r >> 8) % 90) - 45;
                f64s[v][i] = ldexp((double)next() / 4294967296.0 + (r >> 12), exponent) * ((r & 2) ? -1.0 : 1.0);
            }
        }
    }
}

/* ---- Hashing results (FNV-1a) ------------------------------------------------------------------ */

static uint64_t hash;
static void mix(const void *bytes, size_t n) {
    const uint8_t *p = bytes;
    for (size_t i = 0; i < n; i++) hash = (hash ^ p[i]) * 1099511628211u;
}
static void mix_int(v128_t v) {
    uint8_t b[16];
    wasm_v128_store(b, v);
    mix(b, 16);
}
static void mix_f32(v128_t v) {
    float f[4];
    wasm_v128_store(f, v);
    for (int i = 0; i < 4; i++) {
        uint32_t bits;
        memcpy(&bits, &f[i], 4);
        if (isnan(f[i])) bits = 0x7fc00000u;
        mix(&bits, 4);
    }
}
static void mix_f64(v128_t v) {
    double d[2];
    wasm_v128_store(d, v);
    for (int i = 0; i < 2; i++) {
        uint64_t bits;
        memcpy(&bits, &d[i], 8);
        if (isnan(d[i])) bits = 0x7ff8000000000000u;
        mix(&bits, 8);
    }
}
static void mix_u32(uint32_t x) { mix(&x, 4); }
static void report(const char *name) {
    printf("%-28s %016llx\n", name, (unsigned long long)hash);
    hash = 14695981039346656037u;
}

static v128_t I(int v) { return wasm_v128_load(ints[v % (N + 1)]); }
static v128_t F(int v) { return wasm_v128_load(f32s[v % N]); }
static v128_t D(int v) { return wasm_v128_load(f64s[v % N]); }

/* Each operation over every input (and its neighbour as the second operand). */
#define INT_UNARY(op) do { for (int v = 0; v < N; v++) mix_int(op(I(v))); report(#op); } while (0)
#define INT_BINARY(op) do { for (int v = 0; v < N; v++) mix_int(op(I(v), I(v + 1))); report(#op); } while (0)
#define INT_TEST(op) do { for (int v = 0; v < N; v++) mix_u32((uint32_t)op(I(v))); report(#op); } while (0)
#define SHIFT(op) do { for (int v = 0; v < N; v++) mix_int(op(I(v), next() % 200)); report(#op); } while (0)
#define F32_UNARY(op) do { for (int v = 0; v < N; v++) mix_f32(op(F(v))); report(#op); } while (0)
#define F32_BINARY(op) do { for (int v = 0; v < N; v++) mix_f32(op(F(v), F(v * 7 + 3))); report(#op); } while (0)
#define F32_COMPARE(op) do { for (int v = 0; v < N; v++) mix_int(op(F(v), F(v * 7 + 3))); report(#op); } while (0)
#define F64_UNARY(op) do { for (int v = 0; v < N; v++) mix_f64(op(D(v))); report(#op); } while (0)
#define F64_BINARY(op) do { for (int v = 0; v < N; v++) mix_f64(op(D(v), D(v * 5 + 1))); report(#op); } while (0)
#define F64_COMPARE(op) do { for (int v = 0; v < N; v++) mix_int(op(D(v), D(v * 5 + 1))); report(#op); } while (0)

static void integers(void) {
    INT_BINARY(wasm_i8x16_add); INT_BINARY(wasm_i8x16_sub); INT_UNARY(wasm_i8x16_neg); INT_UNARY(wasm_i8x16_abs);
    INT_BINARY(wasm_i8x16_add_sat); INT_BINARY(wasm_u8x16_add_sat); INT_BINARY(wasm_i8x16_sub_sat);
    INT_BINARY(wasm_u8x16_sub_sat); INT_BINARY(wasm_i8x16_min); INT_BINARY(wasm_u8x16_min); INT_BINARY(wasm_i8x16_max);
    INT_BINARY(wasm_u8x16_max); INT_BINARY(wasm_u8x16_avgr); INT_UNARY(wasm_i8x16_popcnt);
    INT_BINARY(wasm_i16x8_add); INT_BINARY(wasm_i16x8_sub); INT_BINARY(wasm_i16x8_mul); INT_UNARY(wasm_i16x8_neg);
    INT_UNARY(wasm_i16x8_abs); INT_BINARY(wasm_i16x8_add_sat); INT_BINARY(wasm_u16x8_add_sat);
    INT_BINARY(wasm_i16x8_sub_sat); INT_BINARY(wasm_u16x8_sub_sat); INT_BINARY(wasm_i16x8_min);
    INT_BINARY(wasm_u16x8_min); INT_BINARY(wasm_i16x8_max); INT_BINARY(wasm_u16x8_max); INT_BINARY(wasm_u16x8_avgr);
    INT_BINARY(wasm_i16x8_q15mulr_sat);
    INT_BINARY(wasm_i32x4_add); INT_BINARY(wasm_i32x4_sub); INT_BINARY(wasm_i32x4_mul); INT_UNARY(wasm_i32x4_neg);
    INT_UNARY(wasm_i32x4_abs); INT_BINARY(wasm_i32x4_min); INT_BINARY(wasm_u32x4_min); INT_BINARY(wasm_i32x4_max);
    INT_BINARY(wasm_u32x4_max); INT_BINARY(wasm_i32x4_dot_i16x8);
    INT_BINARY(wasm_i64x2_add); INT_BINARY(wasm_i64x2_sub); INT_BINARY(wasm_i64x2_mul); INT_UNARY(wasm_i64x2_neg);
    INT_UNARY(wasm_i64x2_abs);
    SHIFT(wasm_i8x16_shl); SHIFT(wasm_i8x16_shr); SHIFT(wasm_u8x16_shr); SHIFT(wasm_i16x8_shl); SHIFT(wasm_i16x8_shr);
    SHIFT(wasm_u16x8_shr); SHIFT(wasm_i32x4_shl); SHIFT(wasm_i32x4_shr); SHIFT(wasm_u32x4_shr); SHIFT(wasm_i64x2_shl);
    SHIFT(wasm_i64x2_shr); SHIFT(wasm_u64x2_shr);
}

static void comparisons_and_bits(void) {
    INT_BINARY(wasm_i8x16_eq); INT_BINARY(wasm_i8x16_ne); INT_BINARY(wasm_i8x16_lt); INT_BINARY(wasm_u8x16_lt);
    INT_BINARY(wasm_i8x16_gt); INT_BINARY(wasm_u8x16_gt); INT_BINARY(wasm_i8x16_le); INT_BINARY(wasm_u8x16_le);
    INT_BINARY(wasm_i8x16_ge); INT_BINARY(wasm_u8x16_ge);
    INT_BINARY(wasm_i16x8_eq); INT_BINARY(wasm_i16x8_ne); INT_BINARY(wasm_i16x8_lt); INT_BINARY(wasm_u16x8_lt);
    INT_BINARY(wasm_i16x8_gt); INT_BINARY(wasm_u16x8_gt); INT_BINARY(wasm_i16x8_le); INT_BINARY(wasm_u16x8_le);
    INT_BINARY(wasm_i16x8_ge); INT_BINARY(wasm_u16x8_ge);
    INT_BINARY(wasm_i32x4_eq); INT_BINARY(wasm_i32x4_ne); INT_BINARY(wasm_i32x4_lt); INT_BINARY(wasm_u32x4_lt);
    INT_BINARY(wasm_i32x4_gt); INT_BINARY(wasm_u32x4_gt); INT_BINARY(wasm_i32x4_le); INT_BINARY(wasm_u32x4_le);
    INT_BINARY(wasm_i32x4_ge); INT_BINARY(wasm_u32x4_ge);
    INT_BINARY(wasm_i64x2_eq); INT_BINARY(wasm_i64x2_ne); INT_BINARY(wasm_i64x2_lt); INT_BINARY(wasm_i64x2_gt);
    INT_BINARY(wasm_i64x2_le); INT_BINARY(wasm_i64x2_ge);
    INT_UNARY(wasm_v128_not); INT_BINARY(wasm_v128_and); INT_BINARY(wasm_v128_or); INT_BINARY(wasm_v128_xor);
    INT_BINARY(wasm_v128_andnot);
    for (int v = 0; v < N; v++) mix_int(wasm_v128_bitselect(I(v), I(v + 1), I(v + 2)));
    report("wasm_v128_bitselect");
    /* The tests see mostly non-zero lanes; compare results give all-zero and all-one lanes too. */
    for (int v = 0; v < N; v++) {
        v128_t x = I(v), m = wasm_i8x16_gt(x, wasm_i8x16_splat((int8_t)(v * 3)));
        mix_u32((uint32_t)wasm_v128_any_true(x) | (uint32_t)wasm_v128_any_true(wasm_v128_and(x, wasm_i8x16_splat(0))) << 1);
        mix_u32((uint32_t)wasm_i8x16_all_true(x) | (uint32_t)wasm_i8x16_all_true(wasm_v128_not(m)) << 1);
        mix_u32((uint32_t)wasm_i16x8_all_true(m) | (uint32_t)wasm_i32x4_all_true(m) << 1 | (uint32_t)wasm_i64x2_all_true(m) << 2);
        mix_u32(wasm_i8x16_bitmask(x) ^ wasm_i16x8_bitmask(m) << 16 ^ wasm_i32x4_bitmask(x) << 24 ^ wasm_i64x2_bitmask(m) << 28);
    }
    report("any_true all_true bitmask");
}

static void conversions_and_lanes(void) {
    INT_UNARY(wasm_i16x8_extend_low_i8x16); INT_UNARY(wasm_i16x8_extend_high_i8x16);
    INT_UNARY(wasm_u16x8_extend_low_u8x16); INT_UNARY(wasm_u16x8_extend_high_u8x16);
    INT_UNARY(wasm_i32x4_extend_low_i16x8); INT_UNARY(wasm_i32x4_extend_high_i16x8);
    INT_UNARY(wasm_u32x4_extend_low_u16x8); INT_UNARY(wasm_u32x4_extend_high_u16x8);
    INT_UNARY(wasm_i64x2_extend_low_i32x4); INT_UNARY(wasm_i64x2_extend_high_i32x4);
    INT_UNARY(wasm_u64x2_extend_low_u32x4); INT_UNARY(wasm_u64x2_extend_high_u32x4);
    INT_BINARY(wasm_i8x16_narrow_i16x8); INT_BINARY(wasm_u8x16_narrow_i16x8);
    INT_BINARY(wasm_i16x8_narrow_i32x4); INT_BINARY(wasm_u16x8_narrow_i32x4);
    INT_BINARY(wasm_i16x8_extmul_low_i8x16); INT_BINARY(wasm_i16x8_extmul_high_i8x16);
    INT_BINARY(wasm_u16x8_extmul_low_u8x16); INT_BINARY(wasm_u16x8_extmul_high_u8x16);
    INT_BINARY(wasm_i32x4_extmul_low_i16x8); INT_BINARY(wasm_i32x4_extmul_high_i16x8);
    INT_BINARY(wasm_u32x4_extmul_low_u16x8); INT_BINARY(wasm_u32x4_extmul_high_u16x8);
    INT_BINARY(wasm_i64x2_extmul_low_i32x4); INT_BINARY(wasm_i64x2_extmul_high_i32x4);
    INT_BINARY(wasm_u64x2_extmul_low_u32x4); INT_BINARY(wasm_u64x2_extmul_high_u32x4);
    INT_UNARY(wasm_i16x8_extadd_pairwise_i8x16); INT_UNARY(wasm_u16x8_extadd_pairwise_u8x16);
    INT_UNARY(wasm_i32x4_extadd_pairwise_i16x8); INT_UNARY(wasm_u32x4_extadd_pairwise_u16x8);
    for (int v = 0; v < N; v++) {
        mix_int(wasm_i32x4_trunc_sat_f32x4(F(v)));
        mix_int(wasm_u32x4_trunc_sat_f32x4(F(v)));
        mix_int(wasm_i32x4_trunc_sat_f64x2_zero(D(v)));
        mix_int(wasm_u32x4_trunc_sat_f64x2_zero(D(v)));
    }
    report("trunc_sat");
    for (int v = 0; v < N; v++) {
        mix_f32(wasm_f32x4_convert_i32x4(I(v)));
        mix_f32(wasm_f32x4_convert_u32x4(I(v)));
        mix_f64(wasm_f64x2_convert_low_i32x4(I(v)));
        mix_f64(wasm_f64x2_convert_low_u32x4(I(v)));
        mix_f32(wasm_f32x4_demote_f64x2_zero(D(v)));
        mix_f64(wasm_f64x2_promote_low_f32x4(F(v)));
    }
    report("convert demote promote");
    for (int v = 0; v < N; v++) {
        v128_t x = I(v);
        mix_u32((uint32_t)wasm_i8x16_extract_lane(x, 3) ^ (uint32_t)wasm_u8x16_extract_lane(x, 15) << 8);
        mix_u32((uint32_t)wasm_i16x8_extract_lane(x, 7) ^ (uint32_t)wasm_u16x8_extract_lane(x, 2) << 7);
        mix_u32((uint32_t)wasm_i32x4_extract_lane(x, 1) ^ (uint32_t)wasm_i64x2_extract_lane(x, 1));
        float f = wasm_f32x4_extract_lane(F(v), 2);
        double d = wasm_f64x2_extract_lane(D(v), 1);
        mix_f32(wasm_f32x4_splat(f));
        mix_f64(wasm_f64x2_splat(d));
        mix_int(wasm_i8x16_replace_lane(x, 9, (int8_t)v));
        mix_int(wasm_i16x8_replace_lane(x, 4, (int16_t)(v * 1000)));
        mix_int(wasm_i32x4_replace_lane(x, 3, v * 100000));
        mix_int(wasm_i64x2_replace_lane(x, 0, (int64_t)v << 40));
        mix_f32(wasm_f32x4_replace_lane(F(v), 0, f * 2));
        mix_f64(wasm_f64x2_replace_lane(D(v), 1, d));
        mix_int(wasm_i8x16_splat((int8_t)v));
        mix_int(wasm_i16x8_splat((int16_t)(v * 257)));
        mix_int(wasm_i32x4_splat(v * 65537));
        mix_int(wasm_i64x2_splat((int64_t)v * -1234567890123));
    }
    report("lanes and splats");
    for (int v = 0; v < N; v++) {
        v128_t a = I(v), b = I(v + 1);
        mix_int(wasm_i8x16_shuffle(a, b, 0, 17, 2, 19, 4, 21, 6, 23, 8, 25, 10, 27, 12, 29, 14, 31));
        mix_int(wasm_i8x16_shuffle(a, b, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0));
        mix_int(wasm_i8x16_shuffle(a, b, 4, 5, 6, 7, 20, 21, 22, 23, 8, 9, 10, 11, 28, 29, 30, 31));
        mix_int(wasm_i8x16_swizzle(a, b));
        mix_int(wasm_i8x16_swizzle(a, wasm_v128_and(b, wasm_i8x16_splat(0x1f))));
    }
    report("shuffle swizzle");
}

static void floats(void) {
    F32_BINARY(wasm_f32x4_add); F32_BINARY(wasm_f32x4_sub); F32_BINARY(wasm_f32x4_mul); F32_BINARY(wasm_f32x4_div);
    F32_BINARY(wasm_f32x4_min); F32_BINARY(wasm_f32x4_max); F32_BINARY(wasm_f32x4_pmin); F32_BINARY(wasm_f32x4_pmax);
    F32_UNARY(wasm_f32x4_abs); F32_UNARY(wasm_f32x4_neg); F32_UNARY(wasm_f32x4_sqrt); F32_UNARY(wasm_f32x4_ceil);
    F32_UNARY(wasm_f32x4_floor); F32_UNARY(wasm_f32x4_trunc); F32_UNARY(wasm_f32x4_nearest);
    F32_COMPARE(wasm_f32x4_eq); F32_COMPARE(wasm_f32x4_ne); F32_COMPARE(wasm_f32x4_lt); F32_COMPARE(wasm_f32x4_gt);
    F32_COMPARE(wasm_f32x4_le); F32_COMPARE(wasm_f32x4_ge);
    F64_BINARY(wasm_f64x2_add); F64_BINARY(wasm_f64x2_sub); F64_BINARY(wasm_f64x2_mul); F64_BINARY(wasm_f64x2_div);
    F64_BINARY(wasm_f64x2_min); F64_BINARY(wasm_f64x2_max); F64_BINARY(wasm_f64x2_pmin); F64_BINARY(wasm_f64x2_pmax);
    F64_UNARY(wasm_f64x2_abs); F64_UNARY(wasm_f64x2_neg); F64_UNARY(wasm_f64x2_sqrt); F64_UNARY(wasm_f64x2_ceil);
    F64_UNARY(wasm_f64x2_floor); F64_UNARY(wasm_f64x2_trunc); F64_UNARY(wasm_f64x2_nearest);
    F64_COMPARE(wasm_f64x2_eq); F64_COMPARE(wasm_f64x2_ne); F64_COMPARE(wasm_f64x2_lt); F64_COMPARE(wasm_f64x2_gt);
    F64_COMPARE(wasm_f64x2_le); F64_COMPARE(wasm_f64x2_ge);
}

static void memory(void) {
    static uint8_t buffer[N * 16 + 64];
    for (int v = 0; v <= N; v++) memcpy(buffer + 16 * v % (sizeof buffer - 16), ints[v], 16);
    for (int v = 0; v < N; v++) {
        const uint8_t *p = buffer + (next() % (sizeof buffer - 16));
        mix_int(wasm_v128_load(p));
        mix_int(wasm_v128_load8_splat(p)); mix_int(wasm_v128_load16_splat(p));
        mix_int(wasm_v128_load32_splat(p)); mix_int(wasm_v128_load64_splat(p));
        mix_int(wasm_i16x8_load8x8(p)); mix_int(wasm_u16x8_load8x8(p)); mix_int(wasm_i32x4_load16x4(p));
        mix_int(wasm_u32x4_load16x4(p)); mix_int(wasm_i64x2_load32x2(p)); mix_int(wasm_u64x2_load32x2(p));
        mix_int(wasm_v128_load32_zero(p)); mix_int(wasm_v128_load64_zero(p));
        v128_t x = I(v);
        mix_int(wasm_v128_load8_lane(p, x, 5)); mix_int(wasm_v128_load16_lane(p, x, 6));
        mix_int(wasm_v128_load32_lane(p, x, 1)); mix_int(wasm_v128_load64_lane(p, x, 1));
        uint8_t out[32] = {0};
        wasm_v128_store(out + (v % 16), x);
        wasm_v128_store8_lane(out + 1, x, 14);
        wasm_v128_store16_lane(out + 3, x, 7);
        wasm_v128_store32_lane(out + 9, x, 2);
        wasm_v128_store64_lane(out + 21, x, 0);
        mix(out, sizeof out);
    }
    report("loads and stores");
}

#ifdef __wasm_relaxed_simd__
#define HAVE_RELAXED 1
#elif !defined(__wasm__)
#define HAVE_RELAXED 1
#else
#define HAVE_RELAXED 0
#endif

/* Relaxed SIMD where every allowed result is the same: indices below 16, all-ones/all-zeros
 * masks, exact products, distinct non-NaN non-zero operands, in-range conversions, no
 * -32768 * -32768, and a second dot operand within 7 bits. */
static void relaxed(void) {
#if HAVE_RELAXED
    for (int v = 0; v < N; v++) {
        v128_t a = I(v), b = I(v + 1);
        v128_t mask = wasm_i8x16_gt(a, b);
        mix_int(wasm_i8x16_relaxed_swizzle(a, wasm_v128_and(b, wasm_i8x16_splat(15))));
        mix_int(wasm_i8x16_relaxed_laneselect(a, b, mask));
        mix_int(wasm_i32x4_relaxed_laneselect(a, b, wasm_i32x4_lt(a, b)));
        v128_t small = wasm_f32x4_convert_i32x4(wasm_i32x4_shr(a, 20));
        v128_t other = wasm_f32x4_convert_i32x4(wasm_i32x4_shr(b, 21));
        mix_f32(wasm_f32x4_relaxed_madd(small, other, small));
        v128_t sd = wasm_f64x2_convert_low_i32x4(wasm_i32x4_shr(a, 8));
        mix_f64(wasm_f64x2_relaxed_nmadd(sd, sd, wasm_f64x2_splat(0.5)));
        v128_t distinct = wasm_f32x4_add(other, wasm_f32x4_splat(0.25f));
        mix_f32(wasm_f32x4_relaxed_min(small, distinct));
        mix_f64(wasm_f64x2_relaxed_max(sd, wasm_f64x2_splat(0.75)));
        mix_int(wasm_i32x4_relaxed_trunc_f32x4(wasm_f32x4_mul(small, wasm_f32x4_splat(1000.5f))));
        v128_t q = wasm_i16x8_max(a, wasm_i16x8_splat(-32767));
        mix_int(wasm_i16x8_relaxed_q15mulr(q, b));
        v128_t seven = wasm_v128_and(b, wasm_i8x16_splat(0x7f));
        mix_int(wasm_i16x8_relaxed_dot_i8x16_i7x16(a, seven));
        mix_int(wasm_i32x4_relaxed_dot_i8x16_i7x16_add(a, seven, I(v + 2)));
    }
    report("relaxed");
#endif
}

int main(void) {
    hash = 14695981039346656037u;
    make_inputs();
    integers();
    comparisons_and_bits();
    conversions_and_lanes();
    floats();
    memory();
    relaxed();
    return 0;
}
