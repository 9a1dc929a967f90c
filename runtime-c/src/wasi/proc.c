/*
 * wasi/proc.c: proc_exit, preview1's proc_raise and sched_yield (WASIX's proc_raise, with
 * Linux signal numbers and delivery to the guest's signal callback, is in wasix/signal.c).
 *
 * proc_exit ends the whole process, from whatever depth of WASM it is called: exit(3) runs
 * atexit handlers and flushes stdio (the guest's own output went out through fd_write already).
 * In a library (bsrt_wasi_config.in_library) it unwinds to the embedder's call instead.
 *
 * proc_raise raises a real host signal on the process, so its default action (terminate,
 * stop, ignore) is the host's, exactly as for a native program. The two namespaces number
 * signals differently (abi/wasi-preview1.md §5.14, wasix.md §5.2): preview1 has no STKFLT, so
 * from 16 (CHLD) on its numbers are Linux's minus one; WASIX uses Linux's numbers. Each has
 * its own table (WASIX's in wasix/signal.c), named by host constant so the mapping holds on
 * any Linux architecture.
 * wasmtime 50 answers NOTSUP for every signal; Wasmer decodes preview1's with WASIX numbers,
 * which turns a preview1 CHLD (16) into STKFLT.
 */
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>

#include "../bsrt_internal.h"
#include "bsrt_wasi.h"
#include "wasi_abi.h"

static _Thread_local uint32_t exit_status;

uint32_t bsrt_wasi_exit_status(void) { return exit_status; }

_Noreturn void bsrt_wasi_proc_exit(bsrt_instance *self, uint32_t code) {
    (void)self;
    /* In a library the process is the embedder's: the call that ran the guest returns instead. */
    if (bsrt_wasi_current_config()->in_library && bsrt_trap_guard_active()) {
        exit_status = code;
        bsrt_trap(BSRT_TRAP_EXIT, "proc_exit");
    }
    /* The host keeps the low 8 bits of an exit status, as for a native program. */
    exit((int)code);
}

/* Host signal by WASI signal number; 0 (NONE) maps to no signal: raising it does nothing. */
static const int preview1_signals[] = {
    [1] = SIGHUP, [2] = SIGINT, [3] = SIGQUIT, [4] = SIGILL, [5] = SIGTRAP, [6] = SIGABRT,
    [7] = SIGBUS, [8] = SIGFPE, [9] = SIGKILL, [10] = SIGUSR1, [11] = SIGSEGV, [12] = SIGUSR2,
    [13] = SIGPIPE, [14] = SIGALRM, [15] = SIGTERM, [16] = SIGCHLD, [17] = SIGCONT, [18] = SIGSTOP,
    [19] = SIGTSTP, [20] = SIGTTIN, [21] = SIGTTOU, [22] = SIGURG, [23] = SIGXCPU, [24] = SIGXFSZ,
    [25] = SIGVTALRM, [26] = SIGPROF, [27] = SIGWINCH, [28] = SIGPOLL, [29] = SIGPWR, [30] = SIGSYS,
};

static uint32_t raise_from(const int *table, size_t count, uint32_t sig) {
    if (sig >= count) return WASI_EINVAL;
    if (table[sig] == 0) return WASI_ESUCCESS;
    /* raise(3) delivers before it returns, so a handler (or the default action) has run. */
    if (raise(table[sig]) != 0) return bsrt_wasi_errno_from_host(errno);
    return WASI_ESUCCESS;
}

uint32_t bsrt_wasi_proc_raise(bsrt_instance *self, uint32_t sig) {
    (void)self;
    return raise_from(preview1_signals, sizeof preview1_signals / sizeof *preview1_signals, sig);
}

uint32_t bsrt_wasi_sched_yield(bsrt_instance *self) {
    (void)self;
    sched_yield();
    return WASI_ESUCCESS;
}
