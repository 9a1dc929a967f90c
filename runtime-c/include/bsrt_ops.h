/*
 * bsrt_ops.h: the instruction helpers generated C calls (static inline, included, never pasted).
 *
 * Every helper is free of C undefined behaviour for every input, because WASM has none: that is
 * the whole point of routing an instruction through a helper instead of a bare C operator
 * (design.md §2). Where a plain C operator is already exact (i32.add on uint32_t, f64.mul on
 * double under -ffp-contract=off), generated code uses the operator and there is no helper.
 *
 * Hosts: little-endian only (x86_64, aarch64 Linux). Loads and stores copy bytes as they are;
 * a big-endian host would need byte swaps here and nowhere else.
 *
 * This header needs only C11 and <math.h>/<string.h>; generated code is compiled with
 * `-std=c11 -O2 -ffp-contract=off -fno-optimize-sibling-calls` and linked with -lm.
 */
#ifndef BSRT_OPS_H
#define BSRT_OPS_H

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "bsrt.h"

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "bs-aot generated code supports little-endian hosts only"
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* Plain static inline: clang inlines these small bodies at -O1 and above; forcing it would only
 * slow the compile of very large modules. */
#define BSRT_INLINE static inline
/* Loads and stores are forced inline even at -O0: a guard-page fault is attributed to the
 * function containing the faulting instruction, which must be the WASM function itself. */
#define BSRT_ACCESS static inline __attribute__((always_inline))
#define BSRT_UNLIKELY(x) __builtin_expect(!!(x), 0)

/* The calling thread's block of per-thread globals for `self` (see bsrt_thread_attach). */
BSRT_INLINE void *bsrt_thread_globals(bsrt_instance *self) { return bsrt_thread_blocks[self->thread_slot]; }

/* ---- Loads and stores ------------------------------------------------------------------------
 * `addr` is the effective address (uint64_t)index + offset, computed in 64 bits by the caller.
 * No bounds check: addr < 8 GiB always lands in the memory's reservation, and every byte past
 * memory->size is PROT_NONE, so an out-of-bounds access faults and becomes a trap.
 * memcpy of a constant width compiles to one (unaligned) move; WASM allows any alignment. */

/* Exact traps. A WebAssembly load that is out of bounds must trap even when its value is never
 * used, but to C it is an ordinary read: clang deletes it when the value is dead, narrows it when
 * only some bytes are used, or sinks it into the one branch that needs it, and after inlining a
 * value returned to a caller that drops it, or passed to a callee that ignores it, is dead. So
 * each load has a kept twin, `<name>_kept`, which reads through a volatile access of the load's
 * exact width: clang must perform it, whole, where the program makes it, and in program order
 * with other volatile accesses. The translator uses the plain load only where it sees the value
 * pinned anyway: fed whole, in straight-line code, to an operation that cannot be deleted (a
 * store of at least its width, another access's address, an opaque call; not a branch condition
 * or a division, which clang may fold away), or at a constant address inside the initial memory
 * (Sources/Lowering/KeptLoads.swift). (The kept loads were an empty `asm volatile` taking the
 * value before, which LLVM must treat as reading and writing all memory: 1.25x native against
 * 1.12x on sha256, 1.38x against 1.23x on bintrees; BENCHMARKS.md.) What stays unpinned is the
 * order of a faulting load against a later store to another address, which clang may complete
 * first: only another thread sharing the memory could see it. An atomic read-modify-write that
 * changes nothing has its own guard (BSRT_ATOMIC_OPERAND below). */
#define BSRT_READ(dst, p) __builtin_memcpy(&(dst), (p), sizeof(dst))
#define BSRT_READ_KEPT(dst, p)                                                         \
    do {                                                                               \
        typedef struct __attribute__((packed, may_alias)) { __typeof__(dst) v; } bsrt_unaligned; \
        (dst) = ((const volatile bsrt_unaligned *)(p))->v;                             \
    } while (0)

#define BSRT_DEFINE_LOAD_WITH(name, read, ctype, rtype, via)                           \
    BSRT_ACCESS rtype name(const uint8_t *mem, uint64_t addr) {                        \
        ctype v;                                                                       \
        read(v, mem + addr);                                                           \
        return (rtype)(via)v;                                                          \
    }
#define BSRT_DEFINE_LOAD(name, ctype, rtype, via)                                      \
    BSRT_DEFINE_LOAD_WITH(name, BSRT_READ, ctype, rtype, via)                          \
    BSRT_DEFINE_LOAD_WITH(name##_kept, BSRT_READ_KEPT, ctype, rtype, via)

/* The `via` cast picks sign or zero extension: a signed narrow value converted to a wider
 * unsigned type sign-extends (C11 6.3.1.3, modulo 2^N), an unsigned one zero-extends. */
BSRT_DEFINE_LOAD(bsrt_i32_load, uint32_t, uint32_t, uint32_t)
BSRT_DEFINE_LOAD(bsrt_i32_load8_s, int8_t, uint32_t, int32_t)
BSRT_DEFINE_LOAD(bsrt_i32_load8_u, uint8_t, uint32_t, uint32_t)
BSRT_DEFINE_LOAD(bsrt_i32_load16_s, int16_t, uint32_t, int32_t)
BSRT_DEFINE_LOAD(bsrt_i32_load16_u, uint16_t, uint32_t, uint32_t)
BSRT_DEFINE_LOAD(bsrt_i64_load, uint64_t, uint64_t, uint64_t)
BSRT_DEFINE_LOAD(bsrt_i64_load8_s, int8_t, uint64_t, int64_t)
BSRT_DEFINE_LOAD(bsrt_i64_load8_u, uint8_t, uint64_t, uint64_t)
BSRT_DEFINE_LOAD(bsrt_i64_load16_s, int16_t, uint64_t, int64_t)
BSRT_DEFINE_LOAD(bsrt_i64_load16_u, uint16_t, uint64_t, uint64_t)
BSRT_DEFINE_LOAD(bsrt_i64_load32_s, int32_t, uint64_t, int64_t)
BSRT_DEFINE_LOAD(bsrt_i64_load32_u, uint32_t, uint64_t, uint64_t)
/* Float loads copy the bits straight into the float: no conversion, so NaN payloads survive. */
BSRT_DEFINE_LOAD(bsrt_f32_load, float, float, float)
BSRT_DEFINE_LOAD(bsrt_f64_load, double, double, double)
#undef BSRT_DEFINE_LOAD
#undef BSRT_DEFINE_LOAD_WITH

/* Stores narrow by conversion to the unsigned narrow type (modulo 2^N, never UB). */
#define BSRT_DEFINE_STORE(name, vtype, ctype)                                          \
    BSRT_ACCESS void name(uint8_t *mem, uint64_t addr, vtype value) {                  \
        ctype v = (ctype)value;                                                        \
        __builtin_memcpy(mem + addr, &v, sizeof v);                                    \
    }

BSRT_DEFINE_STORE(bsrt_i32_store, uint32_t, uint32_t)
BSRT_DEFINE_STORE(bsrt_i32_store8, uint32_t, uint8_t)
BSRT_DEFINE_STORE(bsrt_i32_store16, uint32_t, uint16_t)
BSRT_DEFINE_STORE(bsrt_i64_store, uint64_t, uint64_t)
BSRT_DEFINE_STORE(bsrt_i64_store8, uint64_t, uint8_t)
BSRT_DEFINE_STORE(bsrt_i64_store16, uint64_t, uint16_t)
BSRT_DEFINE_STORE(bsrt_i64_store32, uint64_t, uint32_t)
BSRT_DEFINE_STORE(bsrt_f32_store, float, float)
BSRT_DEFINE_STORE(bsrt_f64_store, double, double)
#undef BSRT_DEFINE_STORE

/* The effective address of a memory64 access of `width` bytes at index + offset, or the trap
 * "out of bounds memory access": a 64-bit index can point anywhere, so memory64 accesses are
 * checked explicitly (and the sum must not wrap) where 32-bit ones rely on the guard region. */
BSRT_ACCESS uint64_t bsrt_ea64(const bsrt_memory *m, uint64_t index, uint64_t offset, uint64_t width,
                               const char *fn) {
    uint64_t ea;
    if (BSRT_UNLIKELY(__builtin_add_overflow(index, offset, &ea))) bsrt_trap(BSRT_TRAP_OOB_MEMORY, fn);
    uint64_t size = bsrt_memory_bytes(m);
    if (BSRT_UNLIKELY(ea > size || width > size - ea)) bsrt_trap(BSRT_TRAP_OOB_MEMORY, fn);
    return ea;
}

/* memory.copy and memory.fill, inline: the bounds checks (all before any byte moves, without
 * wrapping: a failing bulk operation leaves memory untouched) and memmove/memset on the bases
 * the function already holds, which clang expands in place for a constant length (a struct
 * copy). Addresses and lengths are 64-bit, for 32-bit and 64-bit memories alike. */
BSRT_ACCESS void bsrt_memory_copy_in(const bsrt_memory *dm, uint8_t *dbase, const bsrt_memory *sm,
                                     const uint8_t *sbase, uint64_t d, uint64_t s, uint64_t n, const char *fn) {
    if (BSRT_UNLIKELY(bsrt_bulk_out_of_bounds(dm, d, n) || bsrt_bulk_out_of_bounds(sm, s, n)))
        bsrt_trap(BSRT_TRAP_OOB_MEMORY, fn);
    memmove(dbase + d, sbase + s, n);
}
BSRT_ACCESS void bsrt_memory_fill_in(const bsrt_memory *m, uint8_t *base, uint64_t d, uint32_t value, uint64_t n,
                                     const char *fn) {
    if (BSRT_UNLIKELY(bsrt_bulk_out_of_bounds(m, d, n))) bsrt_trap(BSRT_TRAP_OOB_MEMORY, fn);
    memset(base + d, (int)(value & 0xff), n);
}

/* memory.size in pages. */
BSRT_INLINE uint32_t bsrt_memory_size_pages(const bsrt_memory *m) {
    return (uint32_t)(bsrt_memory_bytes(m) / BSRT_PAGE_SIZE);
}
BSRT_INLINE uint64_t bsrt_memory64_size_pages(const bsrt_memory *m) { return bsrt_memory_bytes(m) / BSRT_PAGE_SIZE; }

/* ---- Integer bit operations ------------------------------------------------------------------
 * __builtin_clz/ctz are undefined at 0, WASM defines the bit width; uint32_t is unsigned int and
 * uint64_t is unsigned long long-compatible on every supported (LP64) host. */

BSRT_INLINE uint32_t bsrt_i32_clz(uint32_t a) { return a ? (uint32_t)__builtin_clz(a) : 32u; }
BSRT_INLINE uint32_t bsrt_i32_ctz(uint32_t a) { return a ? (uint32_t)__builtin_ctz(a) : 32u; }
BSRT_INLINE uint32_t bsrt_i32_popcnt(uint32_t a) { return (uint32_t)__builtin_popcount(a); }
BSRT_INLINE uint64_t bsrt_i64_clz(uint64_t a) { return a ? (uint64_t)__builtin_clzll(a) : 64u; }
BSRT_INLINE uint64_t bsrt_i64_ctz(uint64_t a) { return a ? (uint64_t)__builtin_ctzll(a) : 64u; }
BSRT_INLINE uint64_t bsrt_i64_popcnt(uint64_t a) { return (uint64_t)__builtin_popcountll(a); }

/* Rotates: both shift counts are masked so neither can reach the width (a shift by 32 is UB);
 * clang and gcc recognise the pattern and emit one rol/ror. */
BSRT_INLINE uint32_t bsrt_i32_rotl(uint32_t a, uint32_t b) { return (a << (b & 31)) | (a >> ((32 - b) & 31)); }
BSRT_INLINE uint32_t bsrt_i32_rotr(uint32_t a, uint32_t b) { return (a >> (b & 31)) | (a << ((32 - b) & 31)); }
BSRT_INLINE uint64_t bsrt_i64_rotl(uint64_t a, uint64_t b) { return (a << (b & 63)) | (a >> ((64 - b) & 63)); }
BSRT_INLINE uint64_t bsrt_i64_rotr(uint64_t a, uint64_t b) { return (a >> (b & 63)) | (a << ((64 - b) & 63)); }

/* ---- Integer division ------------------------------------------------------------------------
 * C leaves x/0 and INT_MIN/-1 undefined (and x86 faults on both), so the traps come first. The
 * unsigned-to-signed conversions are implementation-defined, not undefined: clang and gcc define
 * them as modulo 2^N. */

BSRT_INLINE uint32_t bsrt_i32_div_s(uint32_t a, uint32_t b, const char *fn) {
    if (BSRT_UNLIKELY(b == 0)) bsrt_trap(BSRT_TRAP_INT_DIV_BY_ZERO, fn);
    if (BSRT_UNLIKELY(a == 0x80000000u && b == 0xffffffffu)) bsrt_trap(BSRT_TRAP_INT_OVERFLOW, fn);
    return (uint32_t)((int32_t)a / (int32_t)b);
}
BSRT_INLINE uint32_t bsrt_i32_div_u(uint32_t a, uint32_t b, const char *fn) {
    if (BSRT_UNLIKELY(b == 0)) bsrt_trap(BSRT_TRAP_INT_DIV_BY_ZERO, fn);
    return a / b;
}
/* rem_s: INT_MIN % -1 is 0 in WASM (no trap) but UB in C, so -1 is answered without dividing. */
BSRT_INLINE uint32_t bsrt_i32_rem_s(uint32_t a, uint32_t b, const char *fn) {
    if (BSRT_UNLIKELY(b == 0)) bsrt_trap(BSRT_TRAP_INT_DIV_BY_ZERO, fn);
    if (BSRT_UNLIKELY(b == 0xffffffffu)) return 0;
    return (uint32_t)((int32_t)a % (int32_t)b);
}
BSRT_INLINE uint32_t bsrt_i32_rem_u(uint32_t a, uint32_t b, const char *fn) {
    if (BSRT_UNLIKELY(b == 0)) bsrt_trap(BSRT_TRAP_INT_DIV_BY_ZERO, fn);
    return a % b;
}
BSRT_INLINE uint64_t bsrt_i64_div_s(uint64_t a, uint64_t b, const char *fn) {
    if (BSRT_UNLIKELY(b == 0)) bsrt_trap(BSRT_TRAP_INT_DIV_BY_ZERO, fn);
    if (BSRT_UNLIKELY(a == 0x8000000000000000u && b == UINT64_MAX)) bsrt_trap(BSRT_TRAP_INT_OVERFLOW, fn);
    return (uint64_t)((int64_t)a / (int64_t)b);
}
BSRT_INLINE uint64_t bsrt_i64_div_u(uint64_t a, uint64_t b, const char *fn) {
    if (BSRT_UNLIKELY(b == 0)) bsrt_trap(BSRT_TRAP_INT_DIV_BY_ZERO, fn);
    return a / b;
}
BSRT_INLINE uint64_t bsrt_i64_rem_s(uint64_t a, uint64_t b, const char *fn) {
    if (BSRT_UNLIKELY(b == 0)) bsrt_trap(BSRT_TRAP_INT_DIV_BY_ZERO, fn);
    if (BSRT_UNLIKELY(b == UINT64_MAX)) return 0;
    return (uint64_t)((int64_t)a % (int64_t)b);
}
BSRT_INLINE uint64_t bsrt_i64_rem_u(uint64_t a, uint64_t b, const char *fn) {
    if (BSRT_UNLIKELY(b == 0)) bsrt_trap(BSRT_TRAP_INT_DIV_BY_ZERO, fn);
    return a % b;
}

/* ---- Reinterpretation ------------------------------------------------------------------------
 * memcpy is the defined way to type-pun; it compiles to a register move. */

BSRT_INLINE uint32_t bsrt_i32_reinterpret_f32(float x) { uint32_t r; __builtin_memcpy(&r, &x, 4); return r; }
BSRT_INLINE uint64_t bsrt_i64_reinterpret_f64(double x) { uint64_t r; __builtin_memcpy(&r, &x, 8); return r; }
BSRT_INLINE float bsrt_f32_reinterpret_i32(uint32_t x) { float r; __builtin_memcpy(&r, &x, 4); return r; }
BSRT_INLINE double bsrt_f64_reinterpret_i64(uint64_t x) { double r; __builtin_memcpy(&r, &x, 8); return r; }

/* ---- Float sign operations -------------------------------------------------------------------
 * abs/neg/copysign only touch the sign bit (WASM spec 4.3.3: they are not arithmetic and must
 * keep NaN payloads, including signalling ones, which an FPU operation could quiet). */

BSRT_INLINE float bsrt_f32_abs(float x) { return bsrt_f32_reinterpret_i32(bsrt_i32_reinterpret_f32(x) & 0x7fffffffu); }
BSRT_INLINE float bsrt_f32_neg(float x) { return bsrt_f32_reinterpret_i32(bsrt_i32_reinterpret_f32(x) ^ 0x80000000u); }
BSRT_INLINE float bsrt_f32_copysign(float x, float y) {
    return bsrt_f32_reinterpret_i32((bsrt_i32_reinterpret_f32(x) & 0x7fffffffu) |
                                    (bsrt_i32_reinterpret_f32(y) & 0x80000000u));
}
BSRT_INLINE double bsrt_f64_abs(double x) {
    return bsrt_f64_reinterpret_i64(bsrt_i64_reinterpret_f64(x) & 0x7fffffffffffffffu);
}
BSRT_INLINE double bsrt_f64_neg(double x) {
    return bsrt_f64_reinterpret_i64(bsrt_i64_reinterpret_f64(x) ^ 0x8000000000000000u);
}
BSRT_INLINE double bsrt_f64_copysign(double x, double y) {
    return bsrt_f64_reinterpret_i64((bsrt_i64_reinterpret_f64(x) & 0x7fffffffffffffffu) |
                                    (bsrt_i64_reinterpret_f64(y) & 0x8000000000000000u));
}

/* ---- Float rounding and sqrt -----------------------------------------------------------------
 * A NaN operand must give an arithmetic (quiet) NaN. sqrt instructions always quiet a NaN, but
 * gcc's inline expansion of ceil/floor/trunc for plain x86-64 (no SSE4.1) returns a NaN operand
 * unchanged, signalling bit and all, so those handle NaN first (x + x quiets it, keeping the
 * payload). nearest is round-half-to-even, which is nearbyint under the default rounding mode
 * (the runtime never changes the mode). */

BSRT_INLINE float bsrt_f32_ceil(float x) { return x != x ? x + x : ceilf(x); }
BSRT_INLINE float bsrt_f32_floor(float x) { return x != x ? x + x : floorf(x); }
BSRT_INLINE float bsrt_f32_trunc(float x) { return x != x ? x + x : truncf(x); }
BSRT_INLINE float bsrt_f32_nearest(float x) { return x != x ? x + x : nearbyintf(x); }
BSRT_INLINE float bsrt_f32_sqrt(float x) { return sqrtf(x); }
BSRT_INLINE double bsrt_f64_ceil(double x) { return x != x ? x + x : ceil(x); }
BSRT_INLINE double bsrt_f64_floor(double x) { return x != x ? x + x : floor(x); }
BSRT_INLINE double bsrt_f64_trunc(double x) { return x != x ? x + x : trunc(x); }
BSRT_INLINE double bsrt_f64_nearest(double x) { return x != x ? x + x : nearbyint(x); }
BSRT_INLINE double bsrt_f64_sqrt(double x) { return sqrt(x); }

/* ---- min / max -------------------------------------------------------------------------------
 * WASM: a NaN operand gives a NaN (a + b is a quiet NaN then), and -0 < +0. C's fmin/fmax return
 * the non-NaN operand and may treat the zeros as equal, so neither is usable. When a == b the
 * only case where the operands can differ is +0 vs -0: OR-ing the bits gives -0 (min), AND-ing
 * gives +0 (max), and for equal non-zero values both are the value itself. */

BSRT_INLINE float bsrt_f32_min(float a, float b) {
    if (a != a || b != b) return a + b;
    if (a == b) return bsrt_f32_reinterpret_i32(bsrt_i32_reinterpret_f32(a) | bsrt_i32_reinterpret_f32(b));
    return a < b ? a : b;
}
BSRT_INLINE float bsrt_f32_max(float a, float b) {
    if (a != a || b != b) return a + b;
    if (a == b) return bsrt_f32_reinterpret_i32(bsrt_i32_reinterpret_f32(a) & bsrt_i32_reinterpret_f32(b));
    return a > b ? a : b;
}
BSRT_INLINE double bsrt_f64_min(double a, double b) {
    if (a != a || b != b) return a + b;
    if (a == b) return bsrt_f64_reinterpret_i64(bsrt_i64_reinterpret_f64(a) | bsrt_i64_reinterpret_f64(b));
    return a < b ? a : b;
}
BSRT_INLINE double bsrt_f64_max(double a, double b) {
    if (a != a || b != b) return a + b;
    if (a == b) return bsrt_f64_reinterpret_i64(bsrt_i64_reinterpret_f64(a) & bsrt_i64_reinterpret_f64(b));
    return a > b ? a : b;
}

/* ---- Float to integer, trapping --------------------------------------------------------------
 * Converting an out-of-range float to an integer type is UB in C (C11 6.3.1.4), so the range is
 * checked first with bounds that are exact in the source float type: the open interval
 * (lo, hi) of values whose truncation fits. Every bound below is a power of two (exact in f32
 * and f64) except the f64 -> i32 signed low bound -2147483649.0, which f64 holds exactly; f32
 * cannot, but there the first float above -2^31-1 is -2^31 itself, so `>= -2^31` is exact. */

#define BSRT_DEFINE_TRUNC(name, ftype, rtype, ctype, lo_ok, hi)                        \
    BSRT_INLINE rtype name(ftype x, const char *fn) {                                  \
        if (BSRT_UNLIKELY(x != x)) bsrt_trap(BSRT_TRAP_INVALID_CONVERSION, fn);        \
        if (BSRT_UNLIKELY(!((lo_ok) && x < (hi)))) bsrt_trap(BSRT_TRAP_INT_OVERFLOW, fn); \
        return (rtype)(ctype)x;                                                        \
    }

BSRT_DEFINE_TRUNC(bsrt_i32_trunc_f32_s, float, uint32_t, int32_t, x >= -2147483648.0f, 2147483648.0f)
BSRT_DEFINE_TRUNC(bsrt_i32_trunc_f32_u, float, uint32_t, uint32_t, x > -1.0f, 4294967296.0f)
BSRT_DEFINE_TRUNC(bsrt_i32_trunc_f64_s, double, uint32_t, int32_t, x > -2147483649.0, 2147483648.0)
BSRT_DEFINE_TRUNC(bsrt_i32_trunc_f64_u, double, uint32_t, uint32_t, x > -1.0, 4294967296.0)
BSRT_DEFINE_TRUNC(bsrt_i64_trunc_f32_s, float, uint64_t, int64_t, x >= -9223372036854775808.0f, 9223372036854775808.0f)
BSRT_DEFINE_TRUNC(bsrt_i64_trunc_f32_u, float, uint64_t, uint64_t, x > -1.0f, 18446744073709551616.0f)
BSRT_DEFINE_TRUNC(bsrt_i64_trunc_f64_s, double, uint64_t, int64_t, x >= -9223372036854775808.0, 9223372036854775808.0)
BSRT_DEFINE_TRUNC(bsrt_i64_trunc_f64_u, double, uint64_t, uint64_t, x > -1.0, 18446744073709551616.0)
#undef BSRT_DEFINE_TRUNC

/* ---- Float to integer, saturating (nontrapping-float-to-int proposal) ------------------------
 * NaN gives 0; below the range gives the minimum, at or above it the maximum; otherwise the
 * same exact in-range cast as above. */

#define BSRT_DEFINE_TRUNC_SAT(name, ftype, rtype, ctype, lo_ok, hi, min, max)          \
    BSRT_INLINE rtype name(ftype x) {                                                  \
        if (x != x) return 0;                                                          \
        if (!(lo_ok)) return (rtype)(min);                                             \
        if (!(x < (hi))) return (rtype)(max);                                          \
        return (rtype)(ctype)x;                                                        \
    }

BSRT_DEFINE_TRUNC_SAT(bsrt_i32_trunc_sat_f32_s, float, uint32_t, int32_t, x >= -2147483648.0f, 2147483648.0f,
                      0x80000000u, 0x7fffffffu)
BSRT_DEFINE_TRUNC_SAT(bsrt_i32_trunc_sat_f32_u, float, uint32_t, uint32_t, x > -1.0f, 4294967296.0f, 0u, UINT32_MAX)
BSRT_DEFINE_TRUNC_SAT(bsrt_i32_trunc_sat_f64_s, double, uint32_t, int32_t, x > -2147483649.0, 2147483648.0,
                      0x80000000u, 0x7fffffffu)
BSRT_DEFINE_TRUNC_SAT(bsrt_i32_trunc_sat_f64_u, double, uint32_t, uint32_t, x > -1.0, 4294967296.0, 0u, UINT32_MAX)
BSRT_DEFINE_TRUNC_SAT(bsrt_i64_trunc_sat_f32_s, float, uint64_t, int64_t, x >= -9223372036854775808.0f,
                      9223372036854775808.0f, 0x8000000000000000u, 0x7fffffffffffffffu)
BSRT_DEFINE_TRUNC_SAT(bsrt_i64_trunc_sat_f32_u, float, uint64_t, uint64_t, x > -1.0f, 18446744073709551616.0f, 0u,
                      UINT64_MAX)
BSRT_DEFINE_TRUNC_SAT(bsrt_i64_trunc_sat_f64_s, double, uint64_t, int64_t, x >= -9223372036854775808.0,
                      9223372036854775808.0, 0x8000000000000000u, 0x7fffffffffffffffu)
BSRT_DEFINE_TRUNC_SAT(bsrt_i64_trunc_sat_f64_u, double, uint64_t, uint64_t, x > -1.0, 18446744073709551616.0, 0u,
                      UINT64_MAX)
#undef BSRT_DEFINE_TRUNC_SAT

/* ---- Other conversions -----------------------------------------------------------------------
 * u64 -> float must round once, to nearest-even. clang and gcc on x86_64 and aarch64 emit a
 * correctly rounded sequence for the plain cast (aarch64: ucvtf; x86_64: halve-with-sticky-bit
 * then double), so these are casts; they stay helpers so one host can be fixed in one place. */

BSRT_INLINE float bsrt_f32_convert_i64_u(uint64_t x) { return (float)x; }
BSRT_INLINE double bsrt_f64_convert_i64_u(uint64_t x) { return (double)x; }
/* f64 -> f32 rounds to nearest (a NaN comes out quiet, i.e. arithmetic); f32 -> f64 is exact. */
/* An empty asm that clang must assume changes a float: float constants in function bodies and
 * promotions go through it, so clang cannot fold identities such as x - 0.0, x * 1.0, -1.0 * x or
 * (float)(double)x, which in WebAssembly still turn a signalling NaN into a quiet one. The asm is
 * not volatile, so it is hoisted out of loops; the cost is the lost folding of those identities
 * (measured in BENCHMARKS.md). -ffp-exception-behavior=maytrap would do the same for 28% on nbody. */
#if defined(__x86_64__)
#define BSRT_OPAQUE_FLOAT(v) __asm__("" : "+x"(v))
#elif defined(__aarch64__)
#define BSRT_OPAQUE_FLOAT(v) __asm__("" : "+w"(v))
#else
#define BSRT_OPAQUE_FLOAT(v) __asm__("" : "+m"(v))
#endif
/* A function with more branches and labels than the optimizer handles in reasonable time (the
 * translator marks one with more than 10,000: clang's -O1/-O2 passes take time quadratic in them,
 * minutes for 50,000 nested ifs) is compiled without optimization. always_inline helpers are
 * still inlined, so its faults are still named after it. */
#if defined(__clang__)
#define BSRT_UNOPTIMIZED __attribute__((optnone, noinline))
#else
#define BSRT_UNOPTIMIZED __attribute__((optimize("O0"), noinline))
#endif

BSRT_INLINE float bsrt_f32_const(uint32_t bits) {
    float r = bsrt_f32_reinterpret_i32(bits);
    BSRT_OPAQUE_FLOAT(r);
    return r;
}
BSRT_INLINE double bsrt_f64_const(uint64_t bits) {
    double r = bsrt_f64_reinterpret_i64(bits);
    BSRT_OPAQUE_FLOAT(r);
    return r;
}
BSRT_INLINE float bsrt_f32_demote_f64(double x) { return (float)x; }
BSRT_INLINE double bsrt_f64_promote_f32(float x) {
    double r = (double)x;
    BSRT_OPAQUE_FLOAT(r);
    return r;
}

/* ---- Atomics (threads proposal) --------------------------------------------------------------
 * Sequentially consistent, as the proposal's memory model requires of every atomic
 * instruction. The address must be a multiple of the width, else the trap "unaligned atomic"
 * (or "out of bounds memory access" when the access is also out of bounds, which the spec
 * checks first: bsrt_trap_unaligned_atomic decides). An in-bounds aligned access never
 * crosses the end of memory; an out-of-bounds one faults in the guard region like any access.
 * Narrow values are zero-extended by the caller's cast. */

_Noreturn void bsrt_trap_unaligned_atomic(const bsrt_memory *m, uint64_t addr, uint64_t width, const char *fn);

#define BSRT_ATOMIC_CHECK(ctype)                                                                 \
    if (BSRT_UNLIKELY(addr & (sizeof(ctype) - 1))) bsrt_trap_unaligned_atomic(m, addr, sizeof(ctype), fn); \
    ctype *p = (ctype *)(void *)(mem + addr)

/* An update that leaves memory as it is (add, sub, or, xor of 0; and with all ones; the operand
 * counted at the access's width) and whose result is unused is to LLVM on x86 only an ordering:
 * it becomes a locked operation on the stack (`lock or $0, (%rsp)`) that never touches the
 * address, and an out-of-bounds one would not trap (difftest seed 1, modules 3479 and 3803).
 * The operand is therefore hidden from the compiler unless it is a constant other than the
 * identity, so that constants keep their immediate forms (and `lock bts` for one bit); a
 * variable costs nothing. __builtin_constant_p is decided after inlining: a value clang learns
 * only later is never taken for a constant. */
#define BSRT_ATOMIC_OPERAND(ctype, identity)                                                     \
    if (!__builtin_constant_p(v) || v == (ctype)(identity)) __asm__("" : "+r"(v))

#define BSRT_DEFINE_ATOMICS(bits, ctype)                                                         \
    BSRT_ACCESS ctype bsrt_atomic_load_u##bits(uint8_t *mem, const bsrt_memory *m, uint64_t addr, const char *fn) { \
        BSRT_ATOMIC_CHECK(ctype);                                                                \
        return __atomic_load_n(p, __ATOMIC_SEQ_CST);                                             \
    }                                                                                            \
    BSRT_ACCESS void bsrt_atomic_store_u##bits(uint8_t *mem, const bsrt_memory *m, uint64_t addr, ctype v,       \
                                               const char *fn) {                                 \
        BSRT_ATOMIC_CHECK(ctype);                                                                \
        __atomic_store_n(p, v, __ATOMIC_SEQ_CST);                                                \
    }                                                                                            \
    BSRT_ACCESS ctype bsrt_atomic_add_u##bits(uint8_t *mem, const bsrt_memory *m, uint64_t addr, ctype v, const char *fn) { \
        BSRT_ATOMIC_CHECK(ctype);                                                                \
        BSRT_ATOMIC_OPERAND(ctype, 0);                                                           \
        return __atomic_fetch_add(p, v, __ATOMIC_SEQ_CST);                                       \
    }                                                                                            \
    BSRT_ACCESS ctype bsrt_atomic_sub_u##bits(uint8_t *mem, const bsrt_memory *m, uint64_t addr, ctype v, const char *fn) { \
        BSRT_ATOMIC_CHECK(ctype);                                                                \
        BSRT_ATOMIC_OPERAND(ctype, 0);                                                           \
        return __atomic_fetch_sub(p, v, __ATOMIC_SEQ_CST);                                       \
    }                                                                                            \
    BSRT_ACCESS ctype bsrt_atomic_and_u##bits(uint8_t *mem, const bsrt_memory *m, uint64_t addr, ctype v, const char *fn) { \
        BSRT_ATOMIC_CHECK(ctype);                                                                \
        BSRT_ATOMIC_OPERAND(ctype, ~0ull);                                                       \
        return __atomic_fetch_and(p, v, __ATOMIC_SEQ_CST);                                       \
    }                                                                                            \
    BSRT_ACCESS ctype bsrt_atomic_or_u##bits(uint8_t *mem, const bsrt_memory *m, uint64_t addr, ctype v, const char *fn) { \
        BSRT_ATOMIC_CHECK(ctype);                                                                \
        BSRT_ATOMIC_OPERAND(ctype, 0);                                                           \
        return __atomic_fetch_or(p, v, __ATOMIC_SEQ_CST);                                        \
    }                                                                                            \
    BSRT_ACCESS ctype bsrt_atomic_xor_u##bits(uint8_t *mem, const bsrt_memory *m, uint64_t addr, ctype v, const char *fn) { \
        BSRT_ATOMIC_CHECK(ctype);                                                                \
        BSRT_ATOMIC_OPERAND(ctype, 0);                                                           \
        return __atomic_fetch_xor(p, v, __ATOMIC_SEQ_CST);                                       \
    }                                                                                            \
    BSRT_ACCESS ctype bsrt_atomic_xchg_u##bits(uint8_t *mem, const bsrt_memory *m, uint64_t addr, ctype v, const char *fn) { \
        BSRT_ATOMIC_CHECK(ctype);                                                                \
        return __atomic_exchange_n(p, v, __ATOMIC_SEQ_CST);                                      \
    }                                                                                            \
    /* The expected value is wrapped to the width, as the replacement is. */                     \
    BSRT_ACCESS ctype bsrt_atomic_cmpxchg_u##bits(uint8_t *mem, const bsrt_memory *m, uint64_t addr, ctype expected, \
                                                  ctype replacement, const char *fn) {           \
        BSRT_ATOMIC_CHECK(ctype);                                                                \
        __atomic_compare_exchange_n(p, &expected, replacement, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST); \
        return expected;                                                                         \
    }

BSRT_DEFINE_ATOMICS(8, uint8_t)
BSRT_DEFINE_ATOMICS(16, uint16_t)
BSRT_DEFINE_ATOMICS(32, uint32_t)
BSRT_DEFINE_ATOMICS(64, uint64_t)
#undef BSRT_DEFINE_ATOMICS
#undef BSRT_ATOMIC_CHECK
#undef BSRT_ATOMIC_OPERAND

BSRT_INLINE void bsrt_atomic_fence(void) { __atomic_thread_fence(__ATOMIC_SEQ_CST); }

/* memory.atomic.wait32/64: 0 when woken by a notify, 1 when the value is not `expected`,
 * 2 when `timeout` ns (negative: forever) pass. Traps when out of bounds or unaligned, and
 * with "expected shared memory" on a memory that is not shared (nothing could wake it).
 * memory.atomic.notify wakes up to `count` waiters on the address and returns how many
 * (always 0 on an unshared memory). `addr` is the effective address, unchecked. */
uint32_t bsrt_memory_atomic_wait32(bsrt_memory *m, uint64_t addr, uint32_t expected, int64_t timeout, const char *fn);
uint32_t bsrt_memory_atomic_wait64(bsrt_memory *m, uint64_t addr, uint64_t expected, int64_t timeout, const char *fn);
uint32_t bsrt_memory_atomic_notify(bsrt_memory *m, uint64_t addr, uint32_t count, const char *fn);

/* ---- call_indirect ---------------------------------------------------------------------------
 * The three checks of call_indirect in the spec's order: index in range, element non-null, and
 * type identity (type ids are interned, so equal signatures have equal ids across modules). */

/* ---- Tail calls ------------------------------------------------------------------------ */

/* return_call and return_call_indirect run in constant native stack. Where the caller and the
 * callee have the same C signature, generated code ends the caller with
 * `BSRT_MUSTTAIL return callee(...)`, which clang guarantees is a jump. Where they differ, both
 * sides meet at one uniform signature, `R f(bsrt_instance *self)`: the caller stores the
 * arguments in this thread's bsrt_tail_args and jumps (musttail) to the callee's tail entry,
 * which reads them back first thing. Only functions that take part in such a call pay for it;
 * a compiler without musttail (gcc before 15) makes ordinary calls, which are correct but use
 * stack. */
#if defined(__has_attribute)
#if __has_attribute(musttail)
#define BSRT_MUSTTAIL __attribute__((musttail))
#endif
#endif
#ifndef BSRT_MUSTTAIL
#define BSRT_MUSTTAIL
#endif

/* One argument of a tail call through the uniform signature (any value type fits). */
typedef union bsrt_tail_slot {
    uint32_t i32;
    uint64_t i64;
    float f32;
    double f64;
    void *ref;
    unsigned char bytes[16];
} bsrt_tail_slot;

/* The most arguments a tail call through the uniform signature carries; the translator uses an
 * ordinary call for a function type with more (WebAssembly engines cap parameters at 1000). */
#define BSRT_TAIL_MAX_ARGS 1000
extern _Thread_local bsrt_tail_slot bsrt_tail_args[BSRT_TAIL_MAX_ARGS];

BSRT_INLINE const bsrt_func *bsrt_table_func(const bsrt_table *t, uint64_t index, uint32_t type_id, const char *fn) {
    if (BSRT_UNLIKELY(index >= t->size)) bsrt_trap(BSRT_TRAP_UNDEFINED_ELEMENT, fn);
    const bsrt_func *f = (const bsrt_func *)t->elems[index];
    if (BSRT_UNLIKELY(f == NULL)) bsrt_trap(BSRT_TRAP_UNINITIALIZED_ELEMENT, fn);
    if (BSRT_UNLIKELY(f->type_id != type_id)) bsrt_trap(BSRT_TRAP_INDIRECT_CALL_MISMATCH, fn);
    return f;
}

/* A function's code, as a table element holds it. */
typedef void (*bsrt_code)(void);

/* A constant table: a table that nothing can change after instantiation (the module neither
 * exports nor imports it, and no instruction writes it; ConstantTables.swift). The translator
 * writes such a table out as two static arrays, so call_indirect neither reads the instance nor
 * compares against a type id interned at run time:
 * - `types[i]`: the module's own number for element i's function type (the first type index
 *   with the same signature) plus one; 0 is a null element;
 * - `code`: where element i's function is entered. Every function in the table is the module's
 *   own, so its instance is the caller's.
 * On x86-64 and AArch64, `code` is a run of fixed-size jump slots (one direct jump each), so a
 * call's target is computed from its index: the mispredicted indirect branch of a call through
 * a function pointer resolves as soon as the index is known, not one dependent load later
 * (BENCHMARKS.md, "Code generation, third round"). Elsewhere it is an array of code pointers
 * (also with -DBSRT_NO_JUMP_SLOTS, which the tests use to run that path on these hosts). */
#if (defined(__x86_64__) || defined(__aarch64__)) && !defined(BSRT_NO_JUMP_SLOTS)
#define BSRT_JUMP_SLOTS 1
typedef char bsrt_constant_code;
#if defined(__x86_64__) && defined(__CET__) && (__CET__ & 1)
/* Indirect branch tracking: an indirect call must land on an endbr64. */
#define BSRT_JUMP_SLOT_SIZE 16
#define BSRT_JUMP_SLOT(f) ".balign 16\n\tendbr64\n\tjmp " #f "\n"
#elif defined(__x86_64__)
#define BSRT_JUMP_SLOT_SIZE 8
#define BSRT_JUMP_SLOT(f) ".balign 8\n\tjmp " #f "\n"
#elif defined(__ARM_FEATURE_BTI_DEFAULT)
#define BSRT_JUMP_SLOT_SIZE 8
#define BSRT_JUMP_SLOT(f) ".balign 8\n\tbti c\n\tb " #f "\n"
#else
#define BSRT_JUMP_SLOT_SIZE 4
#define BSRT_JUMP_SLOT(f) "\tb " #f "\n"
#endif
/* `count` null elements' slots: never entered (the type check traps first), so they are
 * filled with bytes that trap (int3; udf on AArch64). */
#if defined(__x86_64__)
#define BSRT_JUMP_SLOT_NULLS(count) ".balign " BSRT_STRINGIFY(BSRT_JUMP_SLOT_SIZE) "\n\t.fill " #count " * " BSRT_STRINGIFY(BSRT_JUMP_SLOT_SIZE) ", 1, 0xcc\n"
#else
#define BSRT_JUMP_SLOT_NULLS(count) "\t.fill " #count " * " BSRT_STRINGIFY(BSRT_JUMP_SLOT_SIZE) ", 1, 0\n"
#endif
/* The slots of one table, as a hidden text symbol `name` with a type and size, so that
 * profilers and debuggers attribute time spent in a slot to it. It starts a cache line, so that
 * which slots share a line does not depend on where the linker put the code (fnptr over four
 * layouts: 1.303 -> 1.269 and 1.319 -> 1.312 in two runs, the spread across layouts 1.26-1.37
 * -> 1.21-1.32). */
#define BSRT_JUMP_SLOTS_BEGIN(name) \
    ".pushsection .text\n\t.balign 64\n\t.globl " #name "\n\t.hidden " #name "\n\t.type " #name ", %function\n" #name ":\n"
#define BSRT_JUMP_SLOTS_END(name) "\t.size " #name ", . - " #name "\n.popsection\n"
#else
typedef bsrt_code bsrt_constant_code;
#endif
#define BSRT_STRINGIFY(x) BSRT_STRINGIFY_(x)
#define BSRT_STRINGIFY_(x) #x

BSRT_INLINE bsrt_code bsrt_constant_table_func(const uint32_t *types, const bsrt_constant_code *code,
                                               uint64_t size, uint64_t index, uint32_t type, const char *fn) {
    if (BSRT_UNLIKELY(index >= size)) bsrt_trap(BSRT_TRAP_UNDEFINED_ELEMENT, fn);
    /* One compare on the path taken: a null element's 0 never equals type + 1. */
    if (BSRT_UNLIKELY(types[index] != type + 1))
        bsrt_trap(types[index] == 0 ? BSRT_TRAP_UNINITIALIZED_ELEMENT : BSRT_TRAP_INDIRECT_CALL_MISMATCH, fn);
#ifdef BSRT_JUMP_SLOTS
    return (bsrt_code)(code + index * BSRT_JUMP_SLOT_SIZE);
#else
    return code[index];
#endif
}

#ifdef __cplusplus
}
#endif

/* The SIMD instructions' helpers, which use the definitions above. */
#include "bsrt_simd.h"
#endif /* BSRT_OPS_H */
