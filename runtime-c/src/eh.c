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
#include <string.h>

#include "bsrt.h"
#include "bsrt_eh.h"
#include "bsrt_internal.h"

_Thread_local bsrt_handler *bsrt_eh_top;
_Thread_local bsrt_exn *bsrt_eh_landed;
/* Exceptions this thread allocated and has not freed: an exception that is not an exnref never
 * leaves its thread, and an exnref is never freed, so a thread-local count is exact. */
static _Thread_local uint64_t live_count;

/* Exceptions of up to SMALL_VALUES payload values are allocated with room for SMALL_VALUES and,
 * when freed, kept in a small per-thread cache for the next throw: a throw and its catch then
 * cost no malloc and no free (a thread's cache is at most CACHE_SIZE objects, left to the
 * process's end when the thread ends). */
#define SMALL_VALUES 4
#define CACHE_SIZE 8
static _Thread_local bsrt_exn *cache[CACHE_SIZE];
static _Thread_local unsigned cached;

bsrt_exn *bsrt_exn_new(const bsrt_tag *tag, uint32_t count, const char *function) {
    bsrt_exn *exn;
    if (count <= SMALL_VALUES && cached > 0) {
        exn = cache[--cached];
    } else {
        uint32_t room = count <= SMALL_VALUES ? SMALL_VALUES : count;
        exn = malloc(sizeof *exn + (size_t)room * sizeof(bsrt_value));
        if (exn == NULL) bsrt_trap(BSRT_TRAP_OUT_OF_MEMORY, function);
    }
    live_count++;
    exn->tag = tag;
    exn->function = function;
    exn->holds = 1;
    exn->count = count;
    return exn;
}

void bsrt_exn_free(bsrt_exn *exn) {
    live_count--;
    if (exn->count <= SMALL_VALUES && cached < CACHE_SIZE) {
        cache[cached++] = exn;
        return;
    }
    free(exn);
}

uint64_t bsrt_exn_live_count(void) { return live_count; }

bsrt_exnref bsrt_exnref_of(const bsrt_exn *exn) {
    bsrt_exnref ref = {exn->tag, {0}};
    if (exn->count == 1) {
        ref.value = exn->values[0];
    } else if (exn->count > 1) {
        bsrt_value *copy = malloc((size_t)exn->count * sizeof *copy);
        if (copy == NULL) bsrt_trap(BSRT_TRAP_OUT_OF_MEMORY, exn->function);
        memcpy(copy, exn->values, (size_t)exn->count * sizeof *copy);
        ref.value.spilled = copy;
    }
    return ref;
}

bsrt_exn *bsrt_exn_from_ref(bsrt_exnref ref, const char *function) {
    if (ref.tag == NULL) bsrt_trap(BSRT_TRAP_NULL_EXCEPTION, function);
    bsrt_exn *exn = bsrt_exn_new(ref.tag, ref.tag->count, function);
    if (exn->count == 1) exn->values[0] = ref.value;
    else if (exn->count > 1) memcpy(exn->values, ref.value.spilled, (size_t)exn->count * sizeof *exn->values);
    return exn;
}

bsrt_exnref *bsrt_exnref_box(bsrt_exnref ref) {
    bsrt_exnref *box = malloc(sizeof *box);
    if (box == NULL) bsrt_trap(BSRT_TRAP_OUT_OF_MEMORY, NULL);
    *box = ref;
    return box;
}

_Noreturn void bsrt_throw(bsrt_exn *exn) {
    bsrt_handler *handler = bsrt_eh_top;
    if (handler == NULL) {
        const char *tag = exn->tag && exn->tag->name ? exn->tag->name : "?";
        const char *function = exn->function;
        /* An exnref is a copy: nothing else points to it (a legacy clause that held it is gone). */
        bsrt_exn_free(exn);
        bsrt_trap_uncaught_exception(tag, function);
    }
    bsrt_eh_top = handler->prev;
    bsrt_eh_landed = exn;
    BSRT_LONGJMP(handler->env);
}
