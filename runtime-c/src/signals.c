/*
 * signals.c: the SIGSEGV/SIGBUS handler that turns hardware faults into WASM traps.
 *
 * Inside a bsrt_call_guarded, a fault at an address in a linear-memory reservation is
 * "out of bounds memory access" (the guard-page scheme of memory.c), and a fault in or just
 * below this thread's stack is "call stack exhausted" (stack.c). The faulting instruction's
 * address names the WASM function. Anything else is a real crash: report it, put the previous
 * disposition back and let the signal kill the process (or reach the embedder's handler).
 */
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <ucontext.h>
#include <unistd.h>

#include "bsrt_internal.h"

static pthread_once_t install_once = PTHREAD_ONCE_INIT;
static struct sigaction previous_segv, previous_bus;

/* The program counter of the interrupted instruction: the one host difference in this file. */
static uintptr_t fault_pc(const void *context) {
    const ucontext_t *uc = context;
#if defined(__x86_64__)
    return (uintptr_t)uc->uc_mcontext.gregs[REG_RIP];
#elif defined(__aarch64__)
    return (uintptr_t)uc->uc_mcontext.pc;
#else
    (void)uc;
    return 0; /* unknown host: faults are reported "in ?" */
#endif
}

/* snprintf is not async-signal-safe, so the fatal message is assembled by hand. */
static char *append_text(char *p, const char *s) {
    size_t n = strlen(s);
    memcpy(p, s, n);
    return p + n;
}

static char *append_decimal(char *p, unsigned long v) {
    char digits[24];
    int n = 0;
    do digits[n++] = (char)('0' + v % 10); while ((v /= 10) != 0);
    while (n > 0) *p++ = digits[--n];
    return p;
}

static char *append_hex(char *p, uintptr_t v) {
    p = append_text(p, "0x");
    int shift = (int)(sizeof v * 8) - 4;
    while (shift > 0 && ((v >> shift) & 0xf) == 0) shift -= 4;
    for (; shift >= 0; shift -= 4) *p++ = "0123456789abcdef"[(v >> shift) & 0xf];
    return p;
}

static void report_fatal(int sig, uintptr_t addr) {
    char line[128];
    char *p = append_text(line, "bs-aot: fatal: unexpected signal ");
    p = append_decimal(p, (unsigned long)sig);
    p = append_text(p, " at address ");
    p = append_hex(p, addr);
    *p++ = '\n';
    ssize_t ignored = write(STDERR_FILENO, line, (size_t)(p - line));
    (void)ignored;
}

static void on_fault(int sig, siginfo_t *info, void *context) {
    uintptr_t addr = (uintptr_t)info->si_addr;
    if (bsrt_trap_guard_active()) {
        bsrt_trap_code code = BSRT_TRAP_NONE;
        if (bsrt_registry_memory_contains(addr)) code = BSRT_TRAP_OOB_MEMORY;
        else if (bsrt_stack_fault_is_overflow(addr)) code = BSRT_TRAP_STACK_EXHAUSTED;
        if (code != BSRT_TRAP_NONE) bsrt_trap_unwind(code, bsrt_registry_function_name(fault_pc(context)));
    }
    report_fatal(sig, addr);
    /* Hand the signal to whoever had it before (usually the default action: a core dump). A
     * fault re-executes the instruction on return and faults again under that disposition; a
     * signal sent with kill() would not, so it is raised again (it stays pending until the
     * handler returns). */
    struct sigaction previous = sig == SIGBUS ? previous_bus : previous_segv;
    if (previous.sa_handler == SIG_IGN) previous.sa_handler = SIG_DFL;
    sigaction(sig, &previous, NULL);
    if (info->si_code <= 0) raise(sig);
}

static void install(void) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_sigaction = on_fault;
    /* SA_ONSTACK: a stack overflow leaves no room on the faulting stack. */
    action.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigemptyset(&action.sa_mask);
    sigaction(SIGSEGV, &action, &previous_segv);
    sigaction(SIGBUS, &action, &previous_bus);
}

void bsrt_signals_install(void) { pthread_once(&install_once, install); }
