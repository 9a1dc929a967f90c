/*
 * ops_test.c: the bsrt_ops.h instruction helpers, compiled exactly like generated code
 * (no _GNU_SOURCE, -ffp-contract=off -fno-optimize-sibling-calls).
 * Covers loads/stores, bit operations, division traps, float sign/rounding/min/max rules and
 * every float-to-integer conversion at its exact boundaries.
 */
#include <math.h>
#include <stdint.h>

#include "bsrt_ops.h"
#include "check.h"

/* Inputs go through volatile so the compiler cannot fold the helper away at compile time. */
static volatile uint64_t va, vb;

static uint32_t f32_bits(float x) { return bsrt_i32_reinterpret_f32(x); }
static uint64_t f64_bits(double x) { return bsrt_i64_reinterpret_f64(x); }
static float f32_of(uint32_t b) { return bsrt_f32_reinterpret_i32(b); }
static double f64_of(uint64_t b) { return bsrt_f64_reinterpret_i64(b); }

static void test_loads_stores(void) {
    uint8_t mem[32] = {0};
    bsrt_i32_store(mem, 1, 0x80ff7f01u); /* unaligned */
    CHECK_EQ(bsrt_i32_load(mem, 1), 0x80ff7f01u);
    CHECK_EQ(mem[1], 0x01);
    CHECK_EQ(mem[4], 0x80); /* little-endian */
    CHECK_EQ(bsrt_i32_load8_s(mem, 4), 0xffffff80u);
    CHECK_EQ(bsrt_i32_load8_u(mem, 4), 0x80u);
    CHECK_EQ(bsrt_i32_load16_s(mem, 3), 0xffff80ffu);
    CHECK_EQ(bsrt_i32_load16_u(mem, 3), 0x80ffu);
    CHECK_EQ(bsrt_i64_load8_s(mem, 4), 0xffffffffffffff80u);
    CHECK_EQ(bsrt_i64_load16_s(mem, 3), 0xffffffffffff80ffu);
    CHECK_EQ(bsrt_i64_load32_s(mem, 1), 0xffffffff80ff7f01u);
    CHECK_EQ(bsrt_i64_load32_u(mem, 1), 0x80ff7f01u);
    CHECK_EQ(bsrt_i64_load8_u(mem, 4), 0x80u);
    CHECK_EQ(bsrt_i64_load16_u(mem, 3), 0x80ffu);
    bsrt_i64_store(mem, 9, 0x0123456789abcdefu);
    CHECK_EQ(bsrt_i64_load(mem, 9), 0x0123456789abcdefu);
    CHECK_EQ(mem[9], 0xef);
    bsrt_i32_store8(mem, 20, 0x1234u);
    bsrt_i32_store16(mem, 21, 0xabcdef01u);
    CHECK_EQ(bsrt_i32_load(mem, 20), 0x00ef0134u);
    bsrt_i64_store8(mem, 24, 0xffu);
    bsrt_i64_store16(mem, 25, 0x1122334455667788u);
    bsrt_i64_store32(mem, 27, 0xaabbccddeeff0011u);
    CHECK_EQ(bsrt_i64_load(mem, 24), 0x00eeff00117788ffu);
    /* A signalling NaN with a payload survives a store/load round trip bit for bit. */
    bsrt_f32_store(mem, 2, f32_of(0xffa00001u));
    CHECK_EQ(bsrt_i32_load(mem, 2), 0xffa00001u);
    CHECK_EQ(f32_bits(bsrt_f32_load(mem, 2)), 0xffa00001u);
    bsrt_f64_store(mem, 13, f64_of(0x7ff4000000000001u));
    CHECK_EQ(bsrt_i64_load(mem, 13), 0x7ff4000000000001u);
    CHECK_EQ(f64_bits(bsrt_f64_load(mem, 13)), 0x7ff4000000000001u);
    bsrt_memory m = {.base = mem, .size = 3 * BSRT_PAGE_SIZE};
    CHECK_EQ(bsrt_memory_size_pages(&m), 3);
}

static void test_bits(void) {
    va = 0;
    CHECK_EQ(bsrt_i32_clz((uint32_t)va), 32);
    CHECK_EQ(bsrt_i32_ctz((uint32_t)va), 32);
    CHECK_EQ(bsrt_i64_clz(va), 64);
    CHECK_EQ(bsrt_i64_ctz(va), 64);
    CHECK_EQ(bsrt_i32_clz(1), 31);
    CHECK_EQ(bsrt_i32_ctz(0x80000000u), 31);
    CHECK_EQ(bsrt_i64_clz(1), 63);
    CHECK_EQ(bsrt_i64_ctz(0x8000000000000000u), 63);
    CHECK_EQ(bsrt_i32_popcnt(0xffffffffu), 32);
    CHECK_EQ(bsrt_i64_popcnt(UINT64_MAX), 64);
    CHECK_EQ(bsrt_i32_rotl(0x80000001u, 1), 0x00000003u);
    CHECK_EQ(bsrt_i32_rotl(0x12345678u, 0), 0x12345678u);
    CHECK_EQ(bsrt_i32_rotl(0x12345678u, 32), 0x12345678u);
    CHECK_EQ(bsrt_i32_rotl(0x12345678u, 36), 0x23456781u);
    CHECK_EQ(bsrt_i32_rotr(0x12345678u, 4), 0x81234567u);
    CHECK_EQ(bsrt_i32_rotr(0x12345678u, 0xffffffe4u), 0x81234567u); /* count mod 32 */
    CHECK_EQ(bsrt_i64_rotl(0x8000000000000001u, 1), 3);
    CHECK_EQ(bsrt_i64_rotl(5, 64), 5);
    CHECK_EQ(bsrt_i64_rotr(1, 1), 0x8000000000000000u);
    CHECK_EQ(bsrt_i64_rotr(1, 65), 0x8000000000000000u);
}

static void div_i32_s(void *arg) { (void)arg; va = bsrt_i32_div_s((uint32_t)va, (uint32_t)vb, "div32s"); }
static void div_i32_u(void *arg) { (void)arg; va = bsrt_i32_div_u((uint32_t)va, (uint32_t)vb, "div32u"); }
static void rem_i32_s(void *arg) { (void)arg; va = bsrt_i32_rem_s((uint32_t)va, (uint32_t)vb, "rem32s"); }
static void rem_i32_u(void *arg) { (void)arg; va = bsrt_i32_rem_u((uint32_t)va, (uint32_t)vb, "rem32u"); }
static void div_i64_s(void *arg) { (void)arg; va = bsrt_i64_div_s(va, vb, "div64s"); }
static void div_i64_u(void *arg) { (void)arg; va = bsrt_i64_div_u(va, vb, "div64u"); }
static void rem_i64_s(void *arg) { (void)arg; va = bsrt_i64_rem_s(va, vb, "rem64s"); }
static void rem_i64_u(void *arg) { (void)arg; va = bsrt_i64_rem_u(va, vb, "rem64u"); }

/* Sets the operands, runs `body` guarded, checks the trap, and (no trap) the result. */
static void check_div(void (*body)(void *), uint64_t a, uint64_t b, bsrt_trap_code code, uint64_t result,
                      const char *fn) {
    va = a;
    vb = b;
    CHECK_TRAP(body, NULL, code, fn);
    if (code == BSRT_TRAP_NONE) CHECK_EQ(va, result);
}

static void test_division(void) {
    check_div(div_i32_s, 7, 0, BSRT_TRAP_INT_DIV_BY_ZERO, 0, "div32s");
    check_div(div_i32_s, 0x80000000u, 0xffffffffu, BSRT_TRAP_INT_OVERFLOW, 0, "div32s");
    check_div(div_i32_s, (uint32_t)-7, 2, BSRT_TRAP_NONE, (uint32_t)-3, NULL);
    check_div(div_i32_u, 7, 0, BSRT_TRAP_INT_DIV_BY_ZERO, 0, "div32u");
    check_div(div_i32_u, 0x80000000u, 0xffffffffu, BSRT_TRAP_NONE, 0, NULL);
    check_div(rem_i32_s, 0x80000000u, 0xffffffffu, BSRT_TRAP_NONE, 0, NULL);
    check_div(rem_i32_s, (uint32_t)-7, 2, BSRT_TRAP_NONE, (uint32_t)-1, NULL);
    check_div(rem_i32_s, 5, 0, BSRT_TRAP_INT_DIV_BY_ZERO, 0, "rem32s");
    check_div(rem_i32_u, 5, 0, BSRT_TRAP_INT_DIV_BY_ZERO, 0, "rem32u");
    check_div(rem_i32_u, 0xffffffffu, 10, BSRT_TRAP_NONE, 5, NULL);
    check_div(div_i64_s, 1, 0, BSRT_TRAP_INT_DIV_BY_ZERO, 0, "div64s");
    check_div(div_i64_s, 0x8000000000000000u, UINT64_MAX, BSRT_TRAP_INT_OVERFLOW, 0, "div64s");
    check_div(div_i64_s, (uint64_t)-9, 4, BSRT_TRAP_NONE, (uint64_t)-2, NULL);
    check_div(div_i64_u, 1, 0, BSRT_TRAP_INT_DIV_BY_ZERO, 0, "div64u");
    check_div(div_i64_u, UINT64_MAX, 2, BSRT_TRAP_NONE, 0x7fffffffffffffffu, NULL);
    check_div(rem_i64_s, 0x8000000000000000u, UINT64_MAX, BSRT_TRAP_NONE, 0, NULL);
    check_div(rem_i64_s, 1, 0, BSRT_TRAP_INT_DIV_BY_ZERO, 0, "rem64s");
    check_div(rem_i64_u, 1, 0, BSRT_TRAP_INT_DIV_BY_ZERO, 0, "rem64u");
    check_div(rem_i64_u, UINT64_MAX, 10, BSRT_TRAP_NONE, 5, NULL);
}

static void test_float_sign_and_rounding(void) {
    /* Sign operations keep every payload bit, signalling NaNs included. */
    CHECK_EQ(f32_bits(bsrt_f32_abs(f32_of(0xffa00001u))), 0x7fa00001u);
    CHECK_EQ(f32_bits(bsrt_f32_neg(f32_of(0x7fa00001u))), 0xffa00001u);
    CHECK_EQ(f32_bits(bsrt_f32_copysign(f32_of(0x7fa00001u), -1.0f)), 0xffa00001u);
    CHECK_EQ(f32_bits(bsrt_f32_copysign(-2.0f, 0.0f)), f32_bits(2.0f));
    CHECK_EQ(f64_bits(bsrt_f64_abs(f64_of(0xfff0000000000001u))), 0x7ff0000000000001u);
    CHECK_EQ(f64_bits(bsrt_f64_neg(f64_of(0x7ff0000000000001u))), 0xfff0000000000001u);
    CHECK_EQ(f64_bits(bsrt_f64_copysign(f64_of(0x7ff0000000000001u), -0.0)), 0xfff0000000000001u);
    CHECK_EQ(f64_bits(bsrt_f64_neg(0.0)), 0x8000000000000000u);
    /* nearest: ties to even, and -0.5 rounds to -0. */
    CHECK(bsrt_f32_nearest(0.5f) == 0.0f && !signbit(bsrt_f32_nearest(0.5f)));
    CHECK(bsrt_f32_nearest(1.5f) == 2.0f);
    CHECK(bsrt_f32_nearest(2.5f) == 2.0f);
    CHECK(bsrt_f32_nearest(-1.5f) == -2.0f);
    CHECK_EQ(f32_bits(bsrt_f32_nearest(-0.5f)), 0x80000000u);
    CHECK(bsrt_f32_nearest(4194303.5f) == 4194304.0f);
    CHECK(bsrt_f32_nearest(8388609.0f) == 8388609.0f);
    CHECK(bsrt_f64_nearest(2.5) == 2.0);
    CHECK(bsrt_f64_nearest(3.5) == 4.0);
    CHECK(bsrt_f64_nearest(4503599627370497.0) == 4503599627370497.0);
    CHECK_EQ(f64_bits(bsrt_f64_nearest(-0.5)), 0x8000000000000000u);
    CHECK(bsrt_f32_ceil(-0.5f) == 0.0f && signbit(bsrt_f32_ceil(-0.5f)));
    CHECK(bsrt_f32_floor(-0.5f) == -1.0f);
    CHECK(bsrt_f32_trunc(-1.7f) == -1.0f);
    CHECK(bsrt_f64_ceil(1.2) == 2.0);
    CHECK(bsrt_f64_floor(1.7) == 1.0);
    CHECK(bsrt_f64_trunc(-1.7) == -1.0);
    CHECK(bsrt_f64_sqrt(2.25) == 1.5);
    CHECK(bsrt_f32_sqrt(2.25f) == 1.5f);
    /* A NaN out of rounding or sqrt is quiet (bit 22 / bit 51 set): an arithmetic NaN. */
    float snan32 = f32_of(0x7fa00001u);
    double snan64 = f64_of(0x7ff4000000000001u);
    CHECK(f32_bits(bsrt_f32_ceil(snan32)) & 0x00400000u);
    CHECK(f32_bits(bsrt_f32_floor(snan32)) & 0x00400000u);
    CHECK(f32_bits(bsrt_f32_trunc(snan32)) & 0x00400000u);
    CHECK(f32_bits(bsrt_f32_nearest(snan32)) & 0x00400000u);
    CHECK(f32_bits(bsrt_f32_sqrt(snan32)) & 0x00400000u);
    CHECK(isnan(bsrt_f32_sqrt(-1.0f)));
    CHECK(f64_bits(bsrt_f64_ceil(snan64)) & 0x0008000000000000u);
    CHECK(f64_bits(bsrt_f64_floor(snan64)) & 0x0008000000000000u);
    CHECK(f64_bits(bsrt_f64_trunc(snan64)) & 0x0008000000000000u);
    CHECK(f64_bits(bsrt_f64_nearest(snan64)) & 0x0008000000000000u);
    CHECK(f64_bits(bsrt_f64_sqrt(snan64)) & 0x0008000000000000u);
    CHECK(isnan(bsrt_f64_sqrt(-1.0)));
}

static void test_min_max(void) {
    CHECK_EQ(f32_bits(bsrt_f32_min(-0.0f, 0.0f)), 0x80000000u);
    CHECK_EQ(f32_bits(bsrt_f32_min(0.0f, -0.0f)), 0x80000000u);
    CHECK_EQ(f32_bits(bsrt_f32_max(-0.0f, 0.0f)), 0u);
    CHECK_EQ(f32_bits(bsrt_f32_max(0.0f, -0.0f)), 0u);
    CHECK_EQ(f64_bits(bsrt_f64_min(-0.0, 0.0)), 0x8000000000000000u);
    CHECK_EQ(f64_bits(bsrt_f64_min(0.0, -0.0)), 0x8000000000000000u);
    CHECK_EQ(f64_bits(bsrt_f64_max(-0.0, 0.0)), 0u);
    CHECK_EQ(f64_bits(bsrt_f64_max(0.0, -0.0)), 0u);
    CHECK(bsrt_f32_min(1.0f, 2.0f) == 1.0f && bsrt_f32_max(1.0f, 2.0f) == 2.0f);
    CHECK(bsrt_f64_min(-INFINITY, 2.0) == -INFINITY && bsrt_f64_max(1.0, INFINITY) == INFINITY);
    CHECK(bsrt_f32_min(3.0f, 3.0f) == 3.0f && bsrt_f64_max(-3.0, -3.0) == -3.0);
    /* A NaN on either side gives a quiet NaN, even a signalling one in. */
    float snan32 = f32_of(0x7fa00001u);
    double snan64 = f64_of(0x7ff4000000000001u);
    CHECK(isnan(bsrt_f32_min(NAN, 1.0f)) && isnan(bsrt_f32_min(1.0f, NAN)));
    CHECK(isnan(bsrt_f32_max(NAN, 1.0f)) && isnan(bsrt_f32_max(-INFINITY, NAN)));
    CHECK(f32_bits(bsrt_f32_min(snan32, 0.0f)) & 0x00400000u);
    CHECK(f32_bits(bsrt_f32_max(0.0f, snan32)) & 0x00400000u);
    CHECK(isnan(bsrt_f64_min(NAN, 1.0)) && isnan(bsrt_f64_min(1.0, NAN)));
    CHECK(isnan(bsrt_f64_max(NAN, 1.0)) && isnan(bsrt_f64_max(1.0, NAN)));
    CHECK(f64_bits(bsrt_f64_min(snan64, 0.0)) & 0x0008000000000000u);
    CHECK(f64_bits(bsrt_f64_max(0.0, snan64)) & 0x0008000000000000u);
}

/* ---- float -> int ---------------------------------------------------------------------- */

enum trunc_op { T32FS, T32FU, T32DS, T32DU, T64FS, T64FU, T64DS, T64DU };

typedef struct trunc_case {
    enum trunc_op op;
    double x; /* for the f32 ops, a value exactly representable as float */
    bsrt_trap_code code;
    uint64_t expected;
    uint64_t result;
} trunc_case;

static void run_trunc(void *arg) {
    trunc_case *c = arg;
    float f = (float)c->x;
    switch (c->op) {
    case T32FS: c->result = bsrt_i32_trunc_f32_s(f, "trunc"); break;
    case T32FU: c->result = bsrt_i32_trunc_f32_u(f, "trunc"); break;
    case T32DS: c->result = bsrt_i32_trunc_f64_s(c->x, "trunc"); break;
    case T32DU: c->result = bsrt_i32_trunc_f64_u(c->x, "trunc"); break;
    case T64FS: c->result = bsrt_i64_trunc_f32_s(f, "trunc"); break;
    case T64FU: c->result = bsrt_i64_trunc_f32_u(f, "trunc"); break;
    case T64DS: c->result = bsrt_i64_trunc_f64_s(c->x, "trunc"); break;
    case T64DU: c->result = bsrt_i64_trunc_f64_u(c->x, "trunc"); break;
    }
}

static uint64_t run_trunc_sat(enum trunc_op op, double x) {
    float f = (float)x;
    switch (op) {
    case T32FS: return bsrt_i32_trunc_sat_f32_s(f);
    case T32FU: return bsrt_i32_trunc_sat_f32_u(f);
    case T32DS: return bsrt_i32_trunc_sat_f64_s(x);
    case T32DU: return bsrt_i32_trunc_sat_f64_u(x);
    case T64FS: return bsrt_i64_trunc_sat_f32_s(f);
    case T64FU: return bsrt_i64_trunc_sat_f32_u(f);
    case T64DS: return bsrt_i64_trunc_sat_f64_s(x);
    case T64DU: return bsrt_i64_trunc_sat_f64_u(x);
    }
    return 0;
}

#define OK BSRT_TRAP_NONE
#define OVF BSRT_TRAP_INT_OVERFLOW
#define INV BSRT_TRAP_INVALID_CONVERSION

/* Each boundary and its neighbour; "sat" is what the saturating form returns. */
static const struct {
    trunc_case c;
    uint64_t sat;
} trunc_cases[] = {
    {{T32FS, -2147483648.0, OK, 0x80000000u, 0}, 0x80000000u},
    {{T32FS, -2147483904.0, OVF, 0, 0}, 0x80000000u}, /* next float below -2^31 */
    {{T32FS, 2147483520.0, OK, 2147483520u, 0}, 2147483520u}, /* largest float below 2^31 */
    {{T32FS, 2147483648.0, OVF, 0, 0}, 0x7fffffffu},
    {{T32FS, -0.75, OK, 0, 0}, 0},
    {{T32FS, -1.5, OK, 0xffffffffu, 0}, 0xffffffffu},
    {{T32FS, NAN, INV, 0, 0}, 0},
    {{T32FS, INFINITY, OVF, 0, 0}, 0x7fffffffu},
    {{T32FS, -INFINITY, OVF, 0, 0}, 0x80000000u},
    {{T32FU, -0.99999994, OK, 0, 0}, 0},
    {{T32FU, -1.0, OVF, 0, 0}, 0},
    {{T32FU, 4294967040.0, OK, 4294967040u, 0}, 4294967040u},
    {{T32FU, 4294967296.0, OVF, 0, 0}, 0xffffffffu},
    {{T32FU, NAN, INV, 0, 0}, 0},
    {{T32DS, -2147483648.9, OK, 0x80000000u, 0}, 0x80000000u},
    {{T32DS, -2147483649.0, OVF, 0, 0}, 0x80000000u},
    {{T32DS, 2147483647.9, OK, 0x7fffffffu, 0}, 0x7fffffffu},
    {{T32DS, 2147483648.0, OVF, 0, 0}, 0x7fffffffu},
    {{T32DS, -NAN, INV, 0, 0}, 0},
    {{T32DU, -0.9999999, OK, 0, 0}, 0},
    {{T32DU, -1.0, OVF, 0, 0}, 0},
    {{T32DU, 4294967295.9, OK, 0xffffffffu, 0}, 0xffffffffu},
    {{T32DU, 4294967296.0, OVF, 0, 0}, 0xffffffffu},
    {{T64FS, -9223372036854775808.0, OK, 0x8000000000000000u, 0}, 0x8000000000000000u},
    {{T64FS, -9223373136366403584.0, OVF, 0, 0}, 0x8000000000000000u},
    {{T64FS, 9223371487098961920.0, OK, 9223371487098961920u, 0}, 9223371487098961920u},
    {{T64FS, 9223372036854775808.0, OVF, 0, 0}, 0x7fffffffffffffffu},
    {{T64FS, NAN, INV, 0, 0}, 0},
    {{T64FU, -0.99999994, OK, 0, 0}, 0},
    {{T64FU, -1.0, OVF, 0, 0}, 0},
    {{T64FU, 18446742974197923840.0, OK, 18446742974197923840u, 0}, 18446742974197923840u},
    {{T64FU, 18446744073709551616.0, OVF, 0, 0}, UINT64_MAX},
    {{T64DS, -9223372036854775808.0, OK, 0x8000000000000000u, 0}, 0x8000000000000000u},
    {{T64DS, -9223372036854777856.0, OVF, 0, 0}, 0x8000000000000000u},
    {{T64DS, 9223372036854774784.0, OK, 9223372036854774784u, 0}, 9223372036854774784u},
    {{T64DS, 9223372036854775808.0, OVF, 0, 0}, 0x7fffffffffffffffu},
    {{T64DS, -1.9, OK, UINT64_MAX, 0}, UINT64_MAX},
    {{T64DU, -0.9999999, OK, 0, 0}, 0},
    {{T64DU, -1.0, OVF, 0, 0}, 0},
    {{T64DU, 18446744073709549568.0, OK, 18446744073709549568u, 0}, 18446744073709549568u},
    {{T64DU, 18446744073709551616.0, OVF, 0, 0}, UINT64_MAX},
    {{T64DU, NAN, INV, 0, 0}, 0},
    {{T64DU, INFINITY, OVF, 0, 0}, UINT64_MAX},
};

static void test_truncation(void) {
    for (size_t i = 0; i < sizeof trunc_cases / sizeof trunc_cases[0]; i++) {
        trunc_case c = trunc_cases[i].c;
        bsrt_trap_code code = bsrt_call_guarded(run_trunc, &c);
        if (code != c.code || (code == OK && c.result != c.expected)) {
            fprintf(stderr, "trunc case %zu (op %d, x %.17g): trap %d result 0x%llx, expected trap %d result 0x%llx\n",
                    i, (int)c.op, c.x, (int)code, (unsigned long long)c.result, (int)c.code,
                    (unsigned long long)c.expected);
            check_failures++;
        }
        if (code != OK) CHECK_STR(bsrt_last_trap_function(), "trunc");
        uint64_t sat = run_trunc_sat(c.op, c.x);
        if (sat != trunc_cases[i].sat) {
            fprintf(stderr, "trunc_sat case %zu (op %d, x %.17g): 0x%llx, expected 0x%llx\n", i, (int)c.op, c.x,
                    (unsigned long long)sat, (unsigned long long)trunc_cases[i].sat);
            check_failures++;
        }
        check_count += 2;
    }
}

static void test_conversions(void) {
    CHECK_EQ(f32_bits(bsrt_f32_convert_i64_u(UINT64_MAX)), f32_bits(18446744073709551616.0f));
    /* 2^63 + 2^39 + 1 is just above a float tie: one rounding goes up, rounding through
     * double first would land on the tie and go to even (down). */
    CHECK(bsrt_f32_convert_i64_u(0x8000008000000001u) == 9223373136366403584.0f);
    CHECK(bsrt_f32_convert_i64_u(0x8000008000000000u) == 9223372036854775808.0f); /* tie: even */
    CHECK(bsrt_f64_convert_i64_u(0x8000000000000401u) == 9223372036854777856.0);
    CHECK(bsrt_f64_convert_i64_u(0x8000000000000400u) == 9223372036854775808.0); /* tie: even */
    CHECK(bsrt_f64_convert_i64_u(0x8000000000000c00u) == 9223372036854779904.0); /* tie: even (up) */
    va = 12345;
    CHECK(bsrt_f64_convert_i64_u(va) == 12345.0);
    CHECK(bsrt_f32_demote_f64(1.0000000596046448) == 1.0f); /* exact tie: even */
    CHECK(bsrt_f32_demote_f64(1e300) == INFINITY);
    CHECK(isnan(bsrt_f32_demote_f64(NAN)));
    CHECK(bsrt_f64_promote_f32(0.1f) == (double)0.1f);
    CHECK_EQ(bsrt_i32_reinterpret_f32(-0.0f), 0x80000000u);
    CHECK_EQ(bsrt_i64_reinterpret_f64(1.0), 0x3ff0000000000000u);
    CHECK(bsrt_f32_reinterpret_i32(0x3f800000u) == 1.0f);
    CHECK(bsrt_f64_reinterpret_i64(0x4000000000000000u) == 2.0);
}

int main(void) {
    test_loads_stores();
    test_bits();
    test_division();
    test_float_sign_and_rounding();
    test_min_max();
    test_truncation();
    test_conversions();
    return check_finish("ops_test");
}
