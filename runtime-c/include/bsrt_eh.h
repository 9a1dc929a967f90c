/*
 * bsrt_eh.h: exception handling (Wasm 3.0 `throw`, `throw_ref`, `try_table`, `exnref`, and the
 * legacy `try`/`catch`/`delegate`/`rethrow`). Generated code of a module that uses exceptions
 * includes it after bsrt_ops.h; nothing else does.
 *
 * The design, and what each path costs (numbers in BENCHMARKS.md, "Exception handling"):
 *
 *  - Code that cannot catch pays nothing. A call is a plain C call: no flag is tested after it,
 *    no table is registered; a module without handlers compiles to exactly the C it did
 *    before exceptions were supported.
 *  - A handler region (a try_table with catch clauses, a legacy try with catches or a
 *    delegate) whose body contains a call is entered with one setjmp (glibc's _setjmp, which
 *    saves no signal mask) and pushes a bsrt_handler on this thread's chain: two stores.
 *    Leaving it normally (fall through, branch, return) pops it: one store. A region whose body
 *    calls nothing costs nothing at all: an exception can only reach it from a throw in the
 *    same function, and that is a `goto`.
 *  - A throw allocates the exception (tag, payload) and longjmps to the innermost handler,
 *    which compares tags and either branches to the catch's label or passes the exception on:
 *    by `goto` to an enclosing region of the same function, by longjmp to the next handler of
 *    the chain otherwise. The cost is one longjmp per function with a handler between the
 *    thrower and the catcher, never a walk over the frames in between.
 *  - Only the C locals a region's body assigns are `volatile` in its function (C's rule for
 *    values that live across setjmp/longjmp); the operand-stack slots below the region are
 *    never written inside it, so they keep their registers.
 *
 * Traps are not exceptions: they siglongjmp to the innermost bsrt_call_guarded, past every
 * handler, so `catch_all` never sees "out of bounds memory access" or "call stack exhausted".
 * bsrt_call_guarded starts an empty chain and puts the caller's back afterwards (a trap included),
 * so an exception never crosses a guard: one no handler catches becomes the trap
 * BSRT_TRAP_UNCAUGHT_EXCEPTION ("uncaught exception <tag>") of that guarded call.
 *
 * Lifetime of exceptions: an exception is freed when a `catch`/`catch_all` (without _ref)
 * consumes it, or when the legacy catch block that may rethrow it ends. One that becomes an
 * exnref value (`catch_ref`, `catch_all_ref`) is pinned: C cannot tell when the last copy of a
 * reference dies, so it stays allocated until the process ends (24 bytes plus 8 per payload
 * value), as exceptions stay in Wasmer's store until the store is dropped. So does one held by a
 * legacy catch block that a callee's exception leaves (the block never reaches its end).
 */
#ifndef BSRT_EH_H
#define BSRT_EH_H

#include <setjmp.h>
#include <stdbool.h>
#include <stdint.h>

#include "bsrt.h"

#ifdef __cplusplus
extern "C" {
#endif

/* One payload value, as the tag's parameter type says. */
typedef union bsrt_value {
    uint32_t i32;
    uint64_t i64;
    float f32;
    double f64;
    const bsrt_func *func;
    void *ext;
    bsrt_exn *exn;
} bsrt_value;

/* An exception: an exnref points to one. */
struct bsrt_exn {
    const bsrt_tag *tag;
    const char *function; /* the WASM function that threw it last, for the uncaught message */
    uint32_t holds;       /* 1 while in flight, plus each legacy catch block that may rethrow it */
    bool pinned;          /* it became an exnref value: never freed */
    uint32_t count;
    bsrt_value values[];
};

/* An active handler region: the setjmp target of one region of one running function. */
typedef struct bsrt_handler {
    jmp_buf env;
    struct bsrt_handler *prev;
} bsrt_handler;

/* This thread's innermost handler (NULL: none inside the innermost bsrt_call_guarded).
 * Generated code pushes (`h.prev = bsrt_eh_top; bsrt_eh_top = &h`) after its setjmp and pops
 * (`bsrt_eh_top = h.prev`) on every way out of the region but an exception. */
extern _Thread_local bsrt_handler *bsrt_eh_top;
/* The exception being delivered: set by the runtime just before it longjmps to a handler (which
 * it has already popped). */
extern _Thread_local bsrt_exn *bsrt_eh_landed;

/* A new exception of `tag` with `count` payload values (filled in by the caller), in flight
 * (holds 1), thrown by `function`. Traps "out of memory" if it cannot be allocated. */
bsrt_exn *bsrt_exn_new(const bsrt_tag *tag, uint32_t count, const char *function);
void bsrt_exn_free(bsrt_exn *exn);
/* Exceptions allocated and not freed yet, in the whole process (pinned ones included): for tests
 * that check an exception is freed once nothing can reach it. */
uint64_t bsrt_exn_live_count(void);

/* Drops one hold; frees the exception when none is left and it never became an exnref. */
static inline void bsrt_exn_release(bsrt_exn *exn) {
    if (--exn->holds == 0 && !exn->pinned) bsrt_exn_free(exn);
}

/* One more hold: the legacy `rethrow` puts the exception its catch block holds in flight again. */
static inline bsrt_exn *bsrt_exn_retain(bsrt_exn *exn) {
    exn->holds++;
    return exn;
}

/* The exception as an exnref value (catch_ref, catch_all_ref): it stays allocated. */
static inline bsrt_exn *bsrt_exn_pin(bsrt_exn *exn) {
    exn->pinned = true;
    return exn;
}

/* `throw_ref`: the exnref in flight again, thrown by `function`; a null reference traps
 * "null exception reference". */
bsrt_exn *bsrt_exn_throwable(bsrt_exn *exn, const char *function);

/* Delivers an in-flight exception to the innermost handler of this thread (popping it), or, when
 * the innermost bsrt_call_guarded has none, traps "uncaught exception <tag>" in the function
 * that threw it. Used by every throw that no region of the throwing function catches, and by a
 * handler whose clauses do not match. */
_Noreturn void bsrt_throw(bsrt_exn *exn);

#ifdef __cplusplus
}
#endif
#endif /* BSRT_EH_H */
