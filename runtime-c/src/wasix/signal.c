/*
 * wasix/signal.c: signals for WASIX guests: callback_signal, proc_raise (WASIX numbering),
 * thread_signal, proc_raise_interval, proc_signals_get and proc_signals_sizes_get.
 *
 * wasix-libc keeps the guest's signal handlers in a libc table and implements the default
 * actions itself; the host's job is to hand each signal to the export the guest names with
 * callback_signal (`__wasm_signal`). Guest code must never run inside an OS signal handler
 * (it could be interrupted anywhere, holding any lock), so:
 *
 *  - Once a callback is registered, the host catches the asynchronous signals (below) with a
 *    handler that only records them in a pending mask.
 *  - Generated code of a module that imports callback_signal calls bsrt_wasix_signals_poll
 *    after every host call; when something is pending, the calling thread runs the callback
 *    for each signal, there, between two host calls. A guest computing without host calls
 *    sees its signals at its next call. For the signals whose default is to terminate
 *    (HUP, INT, QUIT, TERM), a second one arriving before the first was delivered takes the
 *    host's default action, so Ctrl-C twice always stops a program stuck in a loop.
 *  - Signals the guest sends itself (proc_raise, thread_signal, proc_signal to its own pid)
 *    are queued directly, for every number but KILL and STOP, which stay the host's.
 *  - wasix-libc "blocks" signals by registering the name `__wasm_signal_blocked`, which no
 *    module exports: the callback becomes none, and signals stay pending until a real one is
 *    registered again (its `__restore_sigs` registers `__wasm_signal`).
 *
 * Not caught, so the host's behaviour stays native: the synchronous faults (SEGV, BUS, FPE,
 * ILL, TRAP, SYS: SEGV and BUS are the runtime's trap mechanism), ABRT (the runtime's own
 * fatal path), PIPE (ignored by bsrt_main: writes return EPIPE), the job-control stops (TSTP,
 * TTIN, TTOU: Ctrl-Z suspends as it does a native program), and any signal the process
 * inherited as ignored (nohup): that disposition is what proc_signals_get reports, so the
 * guest's libc starts with it too.
 *
 * Without a callback nothing is caught and every signal has the host's default action, as for
 * a native program that installed no handler.
 *
 * Signal numbers are WASIX's, which are Linux's (abi/wasix.md §5.2); the table maps them by
 * host constant.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "wasix_internal.h"

#define WASIX_SIGNAL_COUNT 32 /* 1..31; 0 is "no signal" */

static const int host_signals[WASIX_SIGNAL_COUNT] = {
    [1] = SIGHUP, [2] = SIGINT, [3] = SIGQUIT, [4] = SIGILL, [5] = SIGTRAP, [6] = SIGABRT,
    [7] = SIGBUS, [8] = SIGFPE, [9] = SIGKILL, [10] = SIGUSR1, [11] = SIGSEGV, [12] = SIGUSR2,
    [13] = SIGPIPE, [14] = SIGALRM, [15] = SIGTERM, [16] = SIGSTKFLT, [17] = SIGCHLD,
    [18] = SIGCONT, [19] = SIGSTOP, [20] = SIGTSTP, [21] = SIGTTIN, [22] = SIGTTOU, [23] = SIGURG,
    [24] = SIGXCPU, [25] = SIGXFSZ, [26] = SIGVTALRM, [27] = SIGPROF, [28] = SIGWINCH,
    [29] = SIGPOLL, [30] = SIGPWR, [31] = SIGSYS,
};

int wasix_host_signal(uint32_t sig) {
    if (sig >= WASIX_SIGNAL_COUNT) return -1;
    return host_signals[sig];
}

/* The WASIX number of a host signal, or 0. */
static uint32_t wasix_signal_of(int host) {
    for (uint32_t s = 1; s < WASIX_SIGNAL_COUNT; s++)
        if (host_signals[s] == host) return s;
    return 0;
}

static bool never_caught(int host) {
    switch (host) {
    case SIGKILL: case SIGSTOP: case SIGSEGV: case SIGBUS: case SIGFPE: case SIGILL: case SIGTRAP:
    case SIGSYS: case SIGABRT: case SIGPIPE: case SIGTSTP: case SIGTTIN: case SIGTTOU:
        return true;
    default:
        return false;
    }
}

static bool terminates_by_default(int host) {
    return host == SIGHUP || host == SIGINT || host == SIGQUIT || host == SIGTERM;
}

/* ---- the pending set -------------------------------------------------------------------- */

volatile int bsrt_wasix_signals_pending;
static uint32_t pending_mask; /* bit s: WASIX signal s waits for the callback (atomic) */

/* Async-signal-safe (atomics only). */
void wasix_signal_queue(uint32_t sig) {
    if (sig == 0 || sig >= WASIX_SIGNAL_COUNT) return;
    __atomic_fetch_or(&pending_mask, UINT32_C(1) << sig, __ATOMIC_SEQ_CST);
    __atomic_store_n(&bsrt_wasix_signals_pending, 1, __ATOMIC_SEQ_CST);
}

static void on_signal(int host) {
    int saved_errno = errno;
    uint32_t sig = wasix_signal_of(host);
    uint32_t bit = UINT32_C(1) << sig;
    if (terminates_by_default(host) && (__atomic_load_n(&pending_mask, __ATOMIC_SEQ_CST) & bit)) {
        /* The first is still undelivered: this one gets the host's default action. */
        signal(host, SIG_DFL);
        raise(host);
    }
    wasix_signal_queue(sig);
    errno = saved_errno;
}

/* ---- the callback ----------------------------------------------------------------------- */

static pthread_mutex_t callback_lock = PTHREAD_MUTEX_INITIALIZER;
static const bsrt_func *callback; /* the export signals go to; NULL: none (blocked) */
static bool routed;               /* a callback was registered once: signals are caught */
static bool inherited_ignored[WASIX_SIGNAL_COUNT];
static pthread_once_t learn_once = PTHREAD_ONCE_INIT;

/* What the process inherited: signals ignored at start-up stay ignored (and are reported). */
static void learn_inherited(void) {
    for (uint32_t s = 1; s < WASIX_SIGNAL_COUNT; s++) {
        int host = host_signals[s];
        if (host == SIGKILL || host == SIGSTOP || host == SIGPIPE) continue;
        struct sigaction current;
        if (sigaction(host, NULL, &current) == 0 && current.sa_handler == SIG_IGN) inherited_ignored[s] = true;
    }
}

static void install_handlers(void) {
    pthread_once(&learn_once, learn_inherited);
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = on_signal;
    /* SA_RESTART: a host call the signal interrupts resumes; the signal waits for its end. */
    action.sa_flags = SA_RESTART | SA_ONSTACK;
    sigemptyset(&action.sa_mask);
    for (uint32_t s = 1; s < WASIX_SIGNAL_COUNT; s++) {
        int host = host_signals[s];
        if (never_caught(host) || inherited_ignored[s]) continue;
        sigaction(host, &action, NULL);
    }
}

bool wasix_signals_routed_to_guest(void) { return __atomic_load_n(&routed, __ATOMIC_ACQUIRE); }

void bsrt_wasix_callback_signal(bsrt_instance *self, bsrt_ptr name, bsrt_size name_len) {
    char text[128];
    const uint8_t *bytes = bsrt_guest_bytes(bsrt_guest_memory(self), name, name_len);
    /* No result to report a bad name with: as in Wasmer, the registration is ignored. */
    if (bytes == NULL || name_len >= sizeof text) return;
    memcpy(text, bytes, name_len);
    text[name_len] = '\0';
    bsrt_extern found;
    const bsrt_func *chosen = NULL;
    if (bsrt_find_export(self, text, &found) && found.kind == BSRT_EXTERN_FUNC && found.as.func != NULL &&
        found.as.func->type_id == bsrt_type_id("i:"))
        chosen = found.as.func;
    pthread_mutex_lock(&callback_lock);
    callback = chosen;
    bool first = !routed;
    __atomic_store_n(&routed, true, __ATOMIC_RELEASE);
    if (first) install_handlers();
    pthread_mutex_unlock(&callback_lock);
    /* Unblocking: what waited can go now (the wrapper of this call polls next). */
    if (chosen != NULL && __atomic_load_n(&pending_mask, __ATOMIC_SEQ_CST) != 0)
        __atomic_store_n(&bsrt_wasix_signals_pending, 1, __ATOMIC_SEQ_CST);
}

static _Thread_local bool delivering;

void wasix_signal_delivery_reset(void) { delivering = false; }

void bsrt_wasix_signals_deliver(bsrt_instance *self) {
    (void)self;
    /* A handler's own host calls poll too; its signals wait for the outer loop. */
    if (delivering) return;
    delivering = true;
    for (;;) {
        pthread_mutex_lock(&callback_lock);
        const bsrt_func *target = callback;
        pthread_mutex_unlock(&callback_lock);
        if (target == NULL) break; /* blocked: keep them pending */
        __atomic_store_n(&bsrt_wasix_signals_pending, 0, __ATOMIC_SEQ_CST);
        uint32_t mask = __atomic_exchange_n(&pending_mask, 0, __ATOMIC_SEQ_CST);
        if (mask == 0) break;
        for (uint32_t s = 1; s < WASIX_SIGNAL_COUNT; s++)
            if (mask & (UINT32_C(1) << s)) ((void (*)(bsrt_instance *, uint32_t))target->code)(target->instance, s);
    }
    delivering = false;
}

/* ---- raising ---------------------------------------------------------------------------- */

uint32_t bsrt_wasix_raise_self(uint32_t sig) {
    int host = wasix_host_signal(sig);
    if (host < 0) return WASI_EINVAL;
    if (host == 0) return WASI_ESUCCESS;
    if (wasix_signals_routed_to_guest() && host != SIGKILL && host != SIGSTOP) {
        wasix_signal_queue(sig);
        return WASI_ESUCCESS;
    }
    /* raise(3) delivers before it returns, so the host's default action has happened. */
    if (raise(host) != 0) return bsrt_wasi_errno_from_host(errno);
    return WASI_ESUCCESS;
}

uint32_t bsrt_wasix_proc_raise(bsrt_instance *self, uint32_t sig) {
    (void)self;
    return bsrt_wasix_raise_self(sig);
}

uint32_t bsrt_wasix_thread_signal(bsrt_instance *self, uint32_t tid, uint32_t sig) {
    (void)self;
    int host = wasix_host_signal(sig);
    if (host < 0) return WASI_EINVAL;
    if (tid == bsrt_wasix_current_tid()) return bsrt_wasix_raise_self(sig);
    pthread_t handle;
    bool alive = wasix_thread_handle(tid, &handle) || tid == 1;
    if (!alive) return WASI_ESRCH;
    if (host == 0) return WASI_ESUCCESS;
    /* The guest's callback runs on whichever thread makes the next host call: WASIX threads
     * share one handler table, and no guest code may run inside an OS signal handler. */
    if (wasix_signals_routed_to_guest() && host != SIGKILL && host != SIGSTOP) {
        wasix_signal_queue(sig);
        return WASI_ESUCCESS;
    }
    if (tid == 1) return kill(getpid(), host) == 0 ? WASI_ESUCCESS : bsrt_wasi_errno_from_host(errno);
    int err = pthread_kill(handle, host);
    return err == 0 ? WASI_ESUCCESS : bsrt_wasi_errno_from_host(err);
}

/* ---- timers ----------------------------------------------------------------------------- */

static pthread_mutex_t timers_lock = PTHREAD_MUTEX_INITIALIZER;
static timer_t timers[WASIX_SIGNAL_COUNT];
static bool timer_armed[WASIX_SIGNAL_COUNT];

/* One POSIX timer per signal number, on the monotonic clock; interval 0 cancels it. The unit
 * is nanoseconds, as wasix-libc's setitimer/alarm send it (abi/wasix.md §8). */
uint32_t bsrt_wasix_proc_raise_interval(bsrt_instance *self, uint32_t sig, uint64_t interval, uint32_t repeat) {
    (void)self;
    int host = wasix_host_signal(sig);
    if (host <= 0) return WASI_EINVAL;
    uint32_t err = WASI_ESUCCESS;
    pthread_mutex_lock(&timers_lock);
    if (interval == 0) {
        if (timer_armed[sig]) timer_delete(timers[sig]);
        timer_armed[sig] = false;
    } else {
        if (!timer_armed[sig]) {
            struct sigevent event;
            memset(&event, 0, sizeof event);
            event.sigev_notify = SIGEV_SIGNAL;
            event.sigev_signo = host;
            if (timer_create(CLOCK_MONOTONIC, &event, &timers[sig]) != 0) err = bsrt_wasi_errno_from_host(errno);
            else timer_armed[sig] = true;
        }
        if (err == WASI_ESUCCESS) {
            struct timespec every = {.tv_sec = (time_t)(interval / 1000000000u), .tv_nsec = (long)(interval % 1000000000u)};
            struct itimerspec spec = {.it_value = every, .it_interval = repeat ? every : (struct timespec){0, 0}};
            if (timer_settime(timers[sig], 0, &spec, NULL) != 0) err = bsrt_wasi_errno_from_host(errno);
        }
    }
    pthread_mutex_unlock(&timers_lock);
    return err;
}

/* ---- inherited dispositions --------------------------------------------------------------- */

/* signal_disposition_t: sig u8, disposition u8 (0 DEFAULT, 1 IGNORE). Only the ignored ones
 * are listed: every other signal starts at its default. */
static uint32_t ignored_count(void) {
    pthread_once(&learn_once, learn_inherited);
    uint32_t n = 0;
    for (uint32_t s = 1; s < WASIX_SIGNAL_COUNT; s++) n += inherited_ignored[s];
    return n;
}

uint32_t bsrt_wasix_proc_signals_sizes_get(bsrt_instance *self, bsrt_ptr ret_count) {
    return wasix_store_size(self, ret_count, ignored_count());
}

uint32_t bsrt_wasix_proc_signals_get(bsrt_instance *self, bsrt_ptr buf) {
    uint32_t n = ignored_count();
    uint8_t *out = bsrt_guest_bytes(bsrt_guest_memory(self), buf, (uint64_t)n * 2);
    if (out == NULL) return WASI_EFAULT;
    for (uint32_t s = 1; s < WASIX_SIGNAL_COUNT; s++) {
        if (!inherited_ignored[s]) continue;
        *out++ = (uint8_t)s;
        *out++ = 1;
    }
    return WASI_ESUCCESS;
}
