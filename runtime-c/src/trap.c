/*
 * trap.c: trap codes and messages, and unwinding to the innermost bsrt_call_guarded.
 *
 * A trap is a siglongjmp to a sigjmp_buf kept in a per-thread chain of guards (one per active
 * bsrt_call_guarded, innermost first). sigsetjmp saves the signal mask because traps raised by
 * the fault handler leave the handler with SIGSEGV blocked; restoring the mask at the guard
 * unblocks it so the next fault is delivered again. The cost (one sigprocmask) is paid per
 * guarded entry, never per WASM call.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bsrt.h"
#include "bsrt_eh.h"
#include "bsrt_internal.h"

typedef struct guard {
    sigjmp_buf env;
    struct guard *prev;
    bsrt_handler *eh_top; /* the caller's exception handlers, hidden while the guarded call runs */
} guard;

/* Thread-locals of the executable use the initial-exec/local-exec TLS model: reading them is
 * a plain load, safe in the signal handler. */
static _Thread_local guard *innermost;
static _Thread_local bsrt_trap_code last_code;
static _Thread_local const char *last_function = "?";
static _Thread_local char last_detail[256];
static _Thread_local char last_reason[320];

static const char *const messages[BSRT_TRAP_COUNT] = {
    [BSRT_TRAP_NONE] = "no trap",
    [BSRT_TRAP_UNREACHABLE] = "unreachable",
    [BSRT_TRAP_OOB_MEMORY] = "out of bounds memory access",
    [BSRT_TRAP_OOB_TABLE] = "out of bounds table access",
    [BSRT_TRAP_INT_DIV_BY_ZERO] = "integer divide by zero",
    [BSRT_TRAP_INT_OVERFLOW] = "integer overflow",
    [BSRT_TRAP_INVALID_CONVERSION] = "invalid conversion to integer",
    [BSRT_TRAP_UNDEFINED_ELEMENT] = "undefined element",
    [BSRT_TRAP_UNINITIALIZED_ELEMENT] = "uninitialized element",
    [BSRT_TRAP_INDIRECT_CALL_MISMATCH] = "indirect call type mismatch",
    [BSRT_TRAP_STACK_EXHAUSTED] = "call stack exhausted",
    [BSRT_TRAP_NULL_REFERENCE] = "null reference",
    [BSRT_TRAP_NULL_FUNCTION_REFERENCE] = "null function reference",
    [BSRT_TRAP_UNSUPPORTED_IMPORT] = "unsupported import",
    [BSRT_TRAP_OUT_OF_MEMORY] = "out of memory",
    [BSRT_TRAP_UNALIGNED_ATOMIC] = "unaligned atomic",
    [BSRT_TRAP_EXPECTED_SHARED_MEMORY] = "expected shared memory",
    [BSRT_TRAP_UNKNOWN_CHECKPOINT] = "stack_restore of an unknown stack checkpoint",
    [BSRT_TRAP_CONTEXT_ENDED] = "context entrypoint returned",
    [BSRT_TRAP_UNCAUGHT_EXCEPTION] = "uncaught exception",
    [BSRT_TRAP_NULL_EXCEPTION] = "null exception reference",
    [BSRT_TRAP_THREAD_EXIT] = "thread exit",
    [BSRT_TRAP_EXIT] = "exit",
};

const char *bsrt_trap_message(bsrt_trap_code code) {
    if ((unsigned)code >= BSRT_TRAP_COUNT) return "unknown trap";
    return messages[code];
}

bool bsrt_trap_guard_active(void) { return innermost != NULL; }

_Noreturn void bsrt_trap_unwind(bsrt_trap_code code, const char *function) {
    bsrt_backtrace_capture();
    last_code = code;
    last_function = function ? function : "?";
    siglongjmp(innermost->env, 1);
}

/* A trap with nowhere to go is a bug in the embedder (generated code only runs guarded). */
static _Noreturn void trap_unguarded(bsrt_trap_code code, const char *function) {
    fprintf(stderr, "bs-aot: fatal: trap \"%s\" in %s outside any guarded call\n", bsrt_trap_message(code),
            function ? function : "?");
    abort();
}

_Noreturn void bsrt_trap(bsrt_trap_code code, const char *function) {
    if (innermost == NULL) trap_unguarded(code, function);
    last_detail[0] = '\0';
    bsrt_trap_unwind(code, function);
}

_Noreturn void bsrt_trap_unsupported_import(const char *module, const char *name) {
    if (innermost == NULL) trap_unguarded(BSRT_TRAP_UNSUPPORTED_IMPORT, "?");
    snprintf(last_detail, sizeof last_detail, "%s.%s", module, name);
    /* The calling WASM function is not known here (the stub is shared by all callers). */
    bsrt_trap_unwind(BSRT_TRAP_UNSUPPORTED_IMPORT, "?");
}

_Noreturn void bsrt_trap_uncaught_exception(const char *tag, const char *function) {
    if (innermost == NULL) trap_unguarded(BSRT_TRAP_UNCAUGHT_EXCEPTION, function);
    snprintf(last_detail, sizeof last_detail, "%s", tag);
    bsrt_trap_unwind(BSRT_TRAP_UNCAUGHT_EXCEPTION, function);
}

bsrt_trap_code bsrt_call_guarded(void (*body)(void *), void *arg) {
    bsrt_signals_install();
    bsrt_stack_thread_setup();
    guard g;
    g.prev = innermost;
    g.eh_top = bsrt_eh_top;
    /* Nothing local is modified between sigsetjmp and a siglongjmp, so no volatile is needed. */
    if (sigsetjmp(g.env, 1) != 0) {
        innermost = g.prev;
        bsrt_eh_top = g.eh_top; /* a trap skipped the pops of the handlers it unwound */
        return last_code;
    }
    innermost = &g;
    /* An exception thrown inside never reaches the caller's handlers (bsrt_eh.h). */
    bsrt_eh_top = NULL;
    body(arg);
    innermost = g.prev;
    bsrt_eh_top = g.eh_top;
    return BSRT_TRAP_NONE;
}

const char *bsrt_last_trap_function(void) { return last_function; }

const char *bsrt_last_trap_detail(void) { return last_detail; }

const char *bsrt_last_trap_reason(void) {
    if (last_code == BSRT_TRAP_UNSUPPORTED_IMPORT) {
        snprintf(last_reason, sizeof last_reason, "unsupported import %s called", last_detail);
        return last_reason;
    }
    if (last_code == BSRT_TRAP_UNCAUGHT_EXCEPTION) {
        snprintf(last_reason, sizeof last_reason, "uncaught exception %s", last_detail);
        return last_reason;
    }
    return bsrt_trap_message(last_code);
}

_Noreturn void bsrt_exit_with_trap(void) {
    static pthread_mutex_t reporting = PTHREAD_MUTEX_INITIALIZER;
    /* Never unlocked: the first thread to trap reports and exits; any other waits here. */
    pthread_mutex_lock(&reporting);
    fflush(stdout);
    /* A trap raised outside any known WASM function (an unsupported-import stub) has no "in". */
    if (strcmp(last_function, "?") == 0) fprintf(stderr, "bs-aot: trap: %s\n", bsrt_last_trap_reason());
    else fprintf(stderr, "bs-aot: trap: %s in %s\n", bsrt_last_trap_reason(), last_function);
    bsrt_backtrace_print(stderr);
    fflush(stderr);
    exit(134);
}

void *bsrt_trap_outermost_guard_end(void) {
    guard *g = innermost;
    if (g == NULL) return NULL;
    while (g->prev != NULL) g = g->prev;
    return (char *)g + sizeof *g;
}

void *bsrt_trap_innermost(void) { return innermost; }

void bsrt_trap_set_innermost(void *g) { innermost = g; }
