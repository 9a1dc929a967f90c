/*
 * simd_autovec.c: plain C loops that clang's loop and SLP vectorizers turn into SIMD
 * instructions with -msimd128 (integer and float arithmetic, saturating and averaging byte
 * loops, widening and narrowing, conversions, selects, min/max, shifts, reductions, 64-bit
 * lanes, shuffles of interleaved data). Natively the same loops run with the host's vectors.
 * It prints a hash per kernel and a few sample values. Build commands: README.md, "SIMD programs".
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define LEN 4099 /* not a multiple of any vector width: the scalar tail runs too */

static uint8_t u8a[LEN], u8b[LEN], u8r[LEN];
static int8_t i8a[LEN];
static int16_t i16a[LEN], i16b[LEN], i16r[LEN];
static int32_t i32a[LEN], i32b[LEN], i32r[LEN];
static uint32_t u32a[LEN];
static int64_t i64a[LEN], i64b[LEN], i64r[LEN];
static float f32a[LEN], f32b[LEN], f32r[LEN];
static double f64a[LEN], f64b[LEN], f64r[LEN];

static uint64_t state = 0x9e3779b97f4a7c15u;
static uint64_t next(void) {
    state ^= state >> 12;
    state ^= state << 25;
    state ^= state >> 27;
    return state * 0x2545f4914f6cdd1du;
}

static uint64_t hash_bytes(const void *data, size_t n) {
    const uint8_t *p = data;
    uint64_t h = 14695981039346656037u;
    for (size_t i = 0; i < n; i++) h = (h ^ p[i]) * 1099511628211u;
    return h;
}
#define REPORT(name, array) printf("%-24s %016llx\n", name, (unsigned long long)hash_bytes(array, sizeof array))

static void fill(void) {
    for (int i = 0; i < LEN; i++) {
        uint64_t r = next();
        u8a[i] = (uint8_t)r;
        u8b[i] = (uint8_t)(r >> 8);
        i8a[i] = (int8_t)(r >> 16);
        i16a[i] = (int16_t)(r >> 24);
        i16b[i] = (int16_t)(r >> 40);
        i32a[i] = (int32_t)r;
        i32b[i] = (int32_t)(r >> 32);
        u32a[i] = (uint32_t)(r >> 13);
        i64a[i] = (int64_t)next();
        i64b[i] = (int64_t)next();
        f32a[i] = (float)((int32_t)(r >> 20) % 100000) / 64.0f;
        f32b[i] = (float)((int32_t)(r >> 33) % 5000) / 8.0f + 0.5f;
        f64a[i] = (double)(int64_t)(r >> 11) / 1048576.0;
        f64b[i] = (double)((int32_t)(r >> 7) % 77777) / 3.0;
    }
}

static void bytes(void) {
    for (int i = 0; i < LEN; i++) { unsigned s = u8a[i] + u8b[i]; u8r[i] = s > 255 ? 255 : (uint8_t)s; }
    REPORT("u8 add_sat", u8r);
    for (int i = 0; i < LEN; i++) u8r[i] = u8a[i] > u8b[i] ? (uint8_t)(u8a[i] - u8b[i]) : 0;
    REPORT("u8 sub_sat", u8r);
    for (int i = 0; i < LEN; i++) u8r[i] = (uint8_t)((u8a[i] + u8b[i] + 1) >> 1);
    REPORT("u8 avgr", u8r);
    for (int i = 0; i < LEN; i++) u8r[i] = u8a[i] < u8b[i] ? u8a[i] : u8b[i];
    REPORT("u8 min", u8r);
    for (int i = 0; i < LEN; i++) u8r[i] = (uint8_t)(u8a[i] ^ (u8b[i] << 3)) + (uint8_t)(u8a[i] >> 2);
    REPORT("u8 shifts", u8r);
    for (int i = 0; i < LEN; i++) u8r[i] = u8a[i] == u8b[i] || u8a[i] > 200 ? 0xaa : u8a[i];
    REPORT("u8 compare select", u8r);
    for (int i = 0; i < LEN; i++) u8r[i] = (uint8_t)(i8a[i] < 0 ? -i8a[i] : i8a[i]);
    REPORT("i8 abs", u8r);
    unsigned count = 0;
    for (int i = 0; i < LEN; i++) count += u8a[i] == 0x41;
    uint32_t sum = 0;
    for (int i = 0; i < LEN; i++) sum += u8a[i];
    printf("u8 count, sum             %u %u\n", count, sum);
}

static void halves(void) {
    for (int i = 0; i < LEN; i++) i16r[i] = (int16_t)(i16a[i] * i16b[i]);
    REPORT("i16 mul", i16r);
    for (int i = 0; i < LEN; i++) { int s = i16a[i] + i16b[i]; i16r[i] = (int16_t)(s > 32767 ? 32767 : s < -32768 ? -32768 : s); }
    REPORT("i16 add_sat", i16r);
    for (int i = 0; i < LEN; i++) i16r[i] = (int16_t)((i16a[i] * i16b[i]) >> 16);
    REPORT("i16 mulhi", i16r);
    for (int i = 0; i < LEN; i++) { int v = i16a[i] >> 4; u8r[i] = (uint8_t)(v < 0 ? 0 : v > 255 ? 255 : v); }
    REPORT("i16 -> u8 clamp", u8r);
    for (int i = 0; i < LEN; i++) i16r[i] = (int16_t)(i8a[i] * 3 + u8a[i]);
    REPORT("i8/u8 -> i16 widen", i16r);
    int32_t dot = 0;
    for (int i = 0; i < LEN; i++) dot += i16a[i] * i16b[i];
    printf("i16 dot                   %d\n", dot);
}

static void words(void) {
    for (int i = 0; i < LEN; i++) i32r[i] = i32a[i] * 7 + (i32b[i] >> 3) - (i32a[i] & i32b[i]);
    REPORT("i32 arith", i32r);
    for (int i = 0; i < LEN; i++) i32r[i] = (int32_t)((uint32_t)i32a[i] * (uint32_t)i32b[i]);
    REPORT("i32 mul", i32r);
    for (int i = 0; i < LEN; i++) i32r[i] = i32a[i] < i32b[i] ? i32a[i] : i32b[i];
    REPORT("i32 min", i32r);
    for (int i = 0; i < LEN; i++) i32r[i] = u32a[i] > (uint32_t)i32b[i] ? (int32_t)u32a[i] : i32b[i];
    REPORT("u32 max", i32r);
    for (int i = 0; i < LEN; i++) i32r[i] = i32a[i] < 0 ? (int32_t)(0u - (uint32_t)i32a[i]) : i32a[i];
    REPORT("i32 abs", i32r);
    for (int i = 0; i < LEN; i++) i32r[i] = (int32_t)((uint32_t)i32a[i] >> (i & 31)) ^ (i32b[i] << 5);
    REPORT("i32 shifts", i32r);
    for (int i = 0; i < LEN; i++) i32r[i] = i16a[i] + i8a[i];
    REPORT("i16/i8 -> i32 widen", i32r);
    for (int i = 0; i < LEN; i++) i16r[i] = (int16_t)(i32a[i] >> 16);
    REPORT("i32 -> i16 narrow", i16r);
    int64_t wide = 0;
    for (int i = 0; i < LEN; i++) wide += (int64_t)i32a[i] * i32b[i];
    int32_t max = INT32_MIN;
    for (int i = 0; i < LEN; i++) max = i32a[i] > max ? i32a[i] : max;
    printf("i32 widening dot, max     %lld %d\n", (long long)wide, max);
}

static void quads(void) {
    for (int i = 0; i < LEN; i++) i64r[i] = i64a[i] + i64b[i] * 3 - (i64a[i] >> 7);
    REPORT("i64 arith", i64r);
    for (int i = 0; i < LEN; i++) i64r[i] = (int64_t)((uint64_t)i64a[i] * (uint64_t)i64b[i]);
    REPORT("i64 mul", i64r);
    for (int i = 0; i < LEN; i++) i64r[i] = i64a[i] < i64b[i] ? i64a[i] : i64b[i] ^ 0x5555;
    REPORT("i64 compare select", i64r);
    for (int i = 0; i < LEN; i++) i64r[i] = (int64_t)i32a[i] * (int64_t)(uint32_t)i32b[i];
    REPORT("i32 -> i64 extmul", i64r);
}

static void singles(void) {
    for (int i = 0; i < LEN; i++) f32r[i] = 2.5f * f32a[i] + f32b[i];
    REPORT("f32 saxpy", f32r);
    for (int i = 0; i < LEN; i++) f32r[i] = f32a[i] / f32b[i] - f32a[i] * f32a[i];
    REPORT("f32 div mul", f32r);
    for (int i = 0; i < LEN; i++) f32r[i] = fabsf(f32a[i]) + sqrtf(fabsf(f32b[i]));
    REPORT("f32 abs sqrt", f32r);
    for (int i = 0; i < LEN; i++) f32r[i] = floorf(f32a[i]) + ceilf(f32b[i]) * 2.0f + truncf(f32a[i] * 0.3f) + rintf(f32b[i] * 0.7f);
    REPORT("f32 rounding", f32r);
    for (int i = 0; i < LEN; i++) f32r[i] = f32a[i] < f32b[i] ? f32a[i] : f32b[i];
    REPORT("f32 select min", f32r);
    for (int i = 0; i < LEN; i++) i32r[i] = (int32_t)f32a[i] + (int32_t)(f32b[i] * 4.0f);
    REPORT("f32 -> i32", i32r);
    for (int i = 0; i < LEN; i++) f32r[i] = (float)i32a[i] * 0.5f + (float)u32a[i];
    REPORT("i32/u32 -> f32", f32r);
    float dot = 0;
    for (int i = 0; i < LEN; i++) dot += f32a[i] * f32b[i];
    printf("f32 dot (in order)        %a\n", (double)dot);
}

static void doubles(void) {
    for (int i = 0; i < LEN; i++) f64r[i] = f64a[i] * 1.25 - f64b[i] / 3.0;
    REPORT("f64 arith", f64r);
    for (int i = 0; i < LEN; i++) f64r[i] = sqrt(fabs(f64a[i])) + floor(f64b[i]) - nearbyint(f64a[i]);
    REPORT("f64 sqrt rounding", f64r);
    for (int i = 0; i < LEN; i++) f64r[i] = f64a[i] > f64b[i] ? f64a[i] : f64b[i];
    REPORT("f64 select max", f64r);
    for (int i = 0; i < LEN; i++) f64r[i] = (double)f32a[i] * (double)i32a[i];
    REPORT("f32/i32 -> f64", f64r);
    for (int i = 0; i < LEN; i++) f32r[i] = (float)(f64a[i] * 0.001);
    REPORT("f64 -> f32", f32r);
}

/* Interleaved (array-of-structures) data: the vectorizer de-interleaves with shuffles. */
static void interleaved(void) {
    static float xyz[LEN * 3], lengths[LEN];
    for (int i = 0; i < LEN * 3; i++) xyz[i] = f32a[i % LEN] - f32b[(i * 7) % LEN];
    for (int i = 0; i < LEN; i++) {
        float x = xyz[3 * i], y = xyz[3 * i + 1], z = xyz[3 * i + 2];
        lengths[i] = x * x + y * y + z * z;
    }
    REPORT("xyz lengths", lengths);
    static uint8_t rgba[LEN * 4], gray[LEN];
    for (int i = 0; i < LEN * 4; i++) rgba[i] = u8a[(i * 5) % LEN];
    for (int i = 0; i < LEN; i++) gray[i] = (uint8_t)((rgba[4 * i] * 77 + rgba[4 * i + 1] * 150 + rgba[4 * i + 2] * 29) >> 8);
    REPORT("rgba -> gray", gray);
}

int main(void) {
    fill();
    bytes();
    halves();
    words();
    quads();
    singles();
    doubles();
    interleaved();
    return 0;
}
