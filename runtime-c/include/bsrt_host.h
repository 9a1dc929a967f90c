/*
 * bsrt_host.h: the declarations of every host function, from the list in bsrt_host.def.
 *
 * Generated code calls these directly for the imports the translator bound at translate time;
 * the runtime's wasi/ and wasix/ files define them. Each takes the calling instance first (its
 * memory 0 holds every guest pointer), then the WASM parameters: i32 as uint32_t, i64 as
 * uint64_t, guest pointers and sizes as bsrt_ptr / bsrt_size (64 bits wide in C for both
 * pointer widths; a 32-bit caller's value converts implicitly). Every guest pointer and length
 * is checked against the memory before use (FAULT, nothing written), and results are written
 * through the ret_* pointers only on success. The ERRNO result is the WASI errno
 * (abi/wasi-preview1.md §5.1, abi/wasix.md §5.1).
 */
#ifndef BSRT_HOST_H
#define BSRT_HOST_H

#include <stdint.h>

#include "bsrt.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A guest pointer and a guest size (witx `size`): i32 under 32-bit import modules, i64 under
 * wasix_64v1. */
typedef uint64_t bsrt_ptr;
typedef uint64_t bsrt_size;

#define BSRT_HOST_RESULT_ERRNO uint32_t
#define BSRT_HOST_RESULT_S32 int32_t
#define BSRT_HOST_RESULT_VOID void
#define BSRT_HOST_RESULT_NORETURN _Noreturn void
#define BSRT_HOST(modules, name, result, symbol, params) BSRT_HOST_RESULT_##result symbol params;
#include "bsrt_host.def"
#undef BSRT_HOST

/* Signals for a WASIX guest that registered a callback (callback_signal): the host records
 * them as they arrive, and generated code calls bsrt_wasix_signals_poll after each host call,
 * which hands them to the callback on the calling thread (wasix/signal.c). */
extern volatile int bsrt_wasix_signals_pending;
void bsrt_wasix_signals_deliver(bsrt_instance *self);
static inline void bsrt_wasix_signals_poll(bsrt_instance *self) {
    if (__builtin_expect(__atomic_load_n(&bsrt_wasix_signals_pending, __ATOMIC_RELAXED) != 0, 0))
        bsrt_wasix_signals_deliver(self);
}

#ifdef __cplusplus
}
#endif
#endif /* BSRT_HOST_H */
