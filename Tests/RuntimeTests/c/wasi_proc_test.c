/*
 * wasi_proc_test.c: proc_raise under both numberings. preview1 numbers CHLD 16 (no STKFLT),
 * WASIX numbers signals as Linux does (STKFLT 16, CHLD 17); the host signal is really raised
 * (a handler counts it), 0 is a no-op, and numbers past the table are INVAL.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <string.h>

#include "bsrt_internal.h"
#include "bsrt_wasi.h"
#include "check.h"

enum { SUCCESS = 0, INVAL = 28 };

static volatile sig_atomic_t received[65];

static void on_signal(int sig) {
    if (sig > 0 && sig < 65) received[sig]++;
}

static void catch_signal(int sig) {
    struct sigaction action = {.sa_handler = on_signal};
    sigemptyset(&action.sa_mask);
    CHECK_EQ(sigaction(sig, &action, NULL), 0);
}

/* Raises WASI signal `wasi` with `raise_fn` and checks that exactly host signal `host` arrived. */
static void check_raises(uint32_t (*raise_fn)(bsrt_instance *, uint32_t), uint32_t wasi, int host) {
    memset((void *)received, 0, sizeof received);
    CHECK_EQ(raise_fn(NULL, wasi), SUCCESS);
    for (int sig = 1; sig < 65; sig++) CHECK_EQ(received[sig], sig == host ? 1 : 0);
}

int main(void) {
    int caught[] = {SIGUSR1, SIGUSR2, SIGCHLD, SIGSTKFLT, SIGCONT, SIGURG, SIGWINCH, SIGSYS, SIGHUP, SIGPWR};
    for (size_t i = 0; i < sizeof caught / sizeof *caught; i++) catch_signal(caught[i]);

    check_raises(bsrt_wasi_proc_raise, 1, SIGHUP);
    check_raises(bsrt_wasi_proc_raise, 10, SIGUSR1);
    check_raises(bsrt_wasi_proc_raise, 12, SIGUSR2);
    check_raises(bsrt_wasi_proc_raise, 16, SIGCHLD);
    check_raises(bsrt_wasi_proc_raise, 17, SIGCONT);
    check_raises(bsrt_wasi_proc_raise, 22, SIGURG);
    check_raises(bsrt_wasi_proc_raise, 27, SIGWINCH);
    check_raises(bsrt_wasi_proc_raise, 29, SIGPWR);
    check_raises(bsrt_wasi_proc_raise, 30, SIGSYS);
    check_raises(bsrt_wasi_proc_raise, 0, 0);
    CHECK_EQ(bsrt_wasi_proc_raise(NULL, 31), INVAL);
    CHECK_EQ(bsrt_wasi_proc_raise(NULL, 256), INVAL);
    CHECK_EQ(bsrt_wasi_proc_raise(NULL, UINT32_MAX), INVAL);

    check_raises(bsrt_wasix_proc_raise, 1, SIGHUP);
    check_raises(bsrt_wasix_proc_raise, 10, SIGUSR1);
    check_raises(bsrt_wasix_proc_raise, 16, SIGSTKFLT);
    check_raises(bsrt_wasix_proc_raise, 17, SIGCHLD);
    check_raises(bsrt_wasix_proc_raise, 18, SIGCONT);
    check_raises(bsrt_wasix_proc_raise, 23, SIGURG);
    check_raises(bsrt_wasix_proc_raise, 28, SIGWINCH);
    check_raises(bsrt_wasix_proc_raise, 30, SIGPWR);
    check_raises(bsrt_wasix_proc_raise, 31, SIGSYS);
    check_raises(bsrt_wasix_proc_raise, 0, 0);
    CHECK_EQ(bsrt_wasix_proc_raise(NULL, 32), INVAL);
    CHECK_EQ(bsrt_wasix_proc_raise(NULL, UINT32_MAX), INVAL);
    return check_finish("wasi_proc_test");
}
