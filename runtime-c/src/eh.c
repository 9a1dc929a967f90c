/*
 * eh.c: exceptions: allocation, delivery to the innermost handler, the uncaught case.
 *
 * The handler chain is one thread-local list of bsrt_handler records living in the frames of
 * the functions that pushed them (bsrt_eh.h). Delivering is: pop the innermost record, leave the
 * exception where the handler reads it, longjmp. A handler that does not match delivers again,
 * so an exception visits only the functions that have a handler in the way, and no C frame in
 * between runs any code. An empty chain means the innermost bsrt_call_guarded has no handler
 * left (it starts each guarded call with an empty chain): the exception is uncaught, a trap.
 */
#include <setjmp.h>
#include <stdlib.h>

#include "bsrt.h"
#include "bsrt_eh.h"
#include "bsrt_internal.h"

_Thread_local bsrt_handler *bsrt_eh_top;
_Thread_local bsrt_exn *bsrt_eh_landed;
static uint64_t live_count; /* atomic */

bsrt_exn *bsrt_exn_new(const bsrt_tag *tag, uint32_t count, const char *function) {
    bsrt_exn *exn = malloc(sizeof *exn + (size_t)count * sizeof(bsrt_value));
    if (exn == NULL) bsrt_trap(BSRT_TRAP_OUT_OF_MEMORY, function);
    __atomic_fetch_add(&live_count, 1, __ATOMIC_RELAXED);
    exn->tag = tag;
    exn->function = function;
    exn->holds = 1;
    exn->pinned = false;
    exn->count = count;
    return exn;
}

void bsrt_exn_free(bsrt_exn *exn) {
    __atomic_fetch_sub(&live_count, 1, __ATOMIC_RELAXED);
    free(exn);
}

uint64_t bsrt_exn_live_count(void) { return __atomic_load_n(&live_count, __ATOMIC_RELAXED); }

bsrt_exn *bsrt_exn_throwable(bsrt_exn *exn, const char *function) {
    if (exn == NULL) bsrt_trap(BSRT_TRAP_NULL_EXCEPTION, function);
    exn->holds++;
    exn->function = function;
    return exn;
}

_Noreturn void bsrt_throw(bsrt_exn *exn) {
    bsrt_handler *handler = bsrt_eh_top;
    if (handler == NULL) {
        const char *tag = exn->tag && exn->tag->name ? exn->tag->name : "?";
        const char *function = exn->function;
        /* Nothing can reach it any more unless it is an exnref somewhere. */
        if (!exn->pinned) bsrt_exn_free(exn);
        bsrt_trap_uncaught_exception(tag, function);
    }
    bsrt_eh_top = handler->prev;
    bsrt_eh_landed = exn;
    longjmp(handler->env, 1);
}
