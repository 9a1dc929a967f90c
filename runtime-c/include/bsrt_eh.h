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
 *    delegate) whose body contains a call is entered with one setjmp (BSRT_SETJMP below) and
 *    pushes a bsrt_handler on this thread's chain: two stores; about 1 ns in all on x86-64
 *    (glibc's setjmp cost 4.5). Leaving it normally (fall through, branch, return, tail call)
 *    pops it: one store. A region whose body calls nothing costs nothing at all: an exception
 *    can only reach it from a throw in the same function, and that is a `goto`.
 *  - A throw takes an exception object from a per-thread cache (tag, payload) and longjmps to
 *    the innermost handler, which compares tags and either branches to the catch's label or
 *    passes the exception on: by `goto` to an enclosing region of the same function, by longjmp
 *    to the next handler of the chain otherwise. The cost is one longjmp per function with a
 *    handler between the thrower and the catcher, never a walk over the frames in between:
 *    5 ns for a throw caught in the same function, 8 ns one call down, about 45 ns for a C++
 *    `throw` (native C++: about 1 us).
 *  - Only the C locals a region's body assigns are `volatile` in its function (C's rule for
 *    values that live across setjmp/longjmp); the operand-stack slots below the region are
 *    never written inside it, so they keep their registers.
 *  - Not built: a pending-exception flag tested after every call. It would charge a load and a
 *    branch to every call on any path a throw could take, where setjmp charges only regions.
 *
 * Traps are not exceptions: they siglongjmp to the innermost bsrt_call_guarded, past every
 * handler, so `catch_all` never sees "out of bounds memory access" or "call stack exhausted".
 * bsrt_call_guarded starts an empty chain and puts the caller's back afterwards (a trap included),
 * so an exception never crosses a guard: one no handler catches becomes the trap
 * BSRT_TRAP_UNCAUGHT_EXCEPTION ("uncaught exception <tag>") of that guarded call.
 *
 * Lifetime of exceptions: the exception in flight is an allocation (from a small per-thread
 * cache, eh.c), freed when a catch consumes it. An exnref is not a pointer to it but a copy, by
 * value (bsrt_exnref, bsrt.h): C cannot tell when the last copy of a reference dies, and a
 * value never needs to be freed. `catch_ref` copies the exception into an exnref and frees it;
 * `throw_ref` makes a new exception from the exnref. What stays allocated until the process
 * ends: the payload of an exnref whose tag has two or more parameters (or a v128 one), an
 * exnref inside a payload, and an exception held by a legacy catch block that a callee's exception leaves (the
 * block never reaches its end to let it go).
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

/* An exception in flight, or held by a legacy catch clause that may rethrow it. */
struct bsrt_exn {
    const bsrt_tag *tag;
    const char *function; /* the WASM function that threw it last, for the uncaught message */
    uint32_t holds;       /* 1 while in flight, plus each legacy catch block that may rethrow it */
    uint32_t count;
    bsrt_value values[];
};

/* The jump buffer of a handler. Where the compiler has them (x86-64 with clang or gcc, every
 * target with gcc), GCC's __builtin_setjmp/__builtin_longjmp: they keep the frame, stack and
 * resume addresses only, so entering a region costs about one nanosecond instead of glibc's
 * _setjmp (which also saves every callee-saved register, mangled: four to five). Clang has no
 * __builtin_setjmp on aarch64, which keeps the C library's. Generated code and the runtime see
 * the same definition, so the one that jumps always matches the one that saved. */
#if defined(__x86_64__) || (defined(__GNUC__) && !defined(__clang__))
typedef void *bsrt_jmp_buf[5];
#define BSRT_SETJMP(env) __builtin_setjmp(env)
#define BSRT_LONGJMP(env) __builtin_longjmp(env, 1)
#else
typedef jmp_buf bsrt_jmp_buf;
#define BSRT_SETJMP(env) setjmp(env)
#define BSRT_LONGJMP(env) longjmp(env, 1)
#endif

/* An active handler region: the jump target of one region of one running function. Generated
 * code enters it with `if (BSRT_SETJMP(h.env) != 0) { <landed> }`. */
typedef struct bsrt_handler {
    bsrt_jmp_buf env;
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
/* Exceptions the calling thread allocated and has not freed: for tests
 * that check an exception is freed once nothing can reach it. */
uint64_t bsrt_exn_live_count(void);

/* Drops one hold; frees the exception when none is left. */
static inline void bsrt_exn_release(bsrt_exn *exn) {
    if (--exn->holds == 0) bsrt_exn_free(exn);
}

/* One more hold: the legacy `rethrow` puts the exception its catch block holds in flight again. */
static inline bsrt_exn *bsrt_exn_retain(bsrt_exn *exn) {
    exn->holds++;
    return exn;
}

/* catch_ref, catch_all_ref: the caught exception as an exnref value (the caller then releases
 * the exception itself). */
bsrt_exnref bsrt_exnref_of(const bsrt_exn *exn);

/* throw_ref: a new in-flight exception equal to `ref`, thrown by `function`; a null reference
 * traps "null exception reference". */
bsrt_exn *bsrt_exn_from_ref(bsrt_exnref ref, const char *function);

/* An exnref as a payload value (a tag with an exnref parameter): a copy never freed. */
bsrt_exnref *bsrt_exnref_box(bsrt_exnref ref);

/* Delivers an in-flight exception to the innermost handler of this thread (popping it), or, when
 * the innermost bsrt_call_guarded has none, traps "uncaught exception <tag>" in the function
 * that threw it. Used by every throw that no region of the throwing function catches, and by a
 * handler whose clauses do not match. */
_Noreturn void bsrt_throw(bsrt_exn *exn);

#ifdef __cplusplus
}
#endif
#endif /* BSRT_EH_H */
