/*
 * wasi_poll_test.c: poll_oneoff (preview1 and wasi_unstable's 56-byte subscriptions) against a
 * fake linear memory: clock timeouts (relative, absolute, the earliest of several), readiness
 * of pipes and regular files with nbytes and hangup, per-subscription BADF/NOTCAPABLE, the
 * whole-call INVAL cases, FAULT before anything is written, and a wait interrupted by a signal.
 * Timing checks have generous upper bounds; lower bounds are exact because a clock must never
 * fire early.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "bsrt_internal.h"
#include "bsrt_wasi.h"
#include "check.h"
#include "wasi/wasi_internal.h"

enum { SUCCESS = 0, BADF = 8, FAULT = 21, INVAL = 28, PIPE = 64, NOTCAPABLE = 76 };
enum { CLOCK = 0, FD_READ = 1, FD_WRITE = 2, REALTIME = 0, MONOTONIC = 1, ABSTIME = 1, HANGUP = 1 };
enum { MEM_SIZE = 65536, IN = 1024, OUT = 8192, NEVENTS = 200 };
enum { MS = 1000000 };

#include "guest_memory.h"


static uint64_t now(clockid_t clock) {
    struct timespec ts;
    clock_gettime(clock, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* preview1 subscription i (48 bytes) at IN */
static void clock_sub(uint32_t i, uint64_t userdata, uint32_t id, uint64_t timeout, uint16_t flags) {
    uint32_t s = IN + 48 * i;
    memset(buffer + s, 0x5a, 48); /* padding and precision are garbage the host must ignore */
    wr64(s, userdata);
    buffer[s + 8] = CLOCK;
    wr32(s + 16, id);
    wr64(s + 24, timeout);
    wr16(s + 40, flags);
}
static void fd_sub(uint32_t i, uint64_t userdata, uint8_t type, uint32_t fd) {
    uint32_t s = IN + 48 * i;
    memset(buffer + s, 0x5a, 48);
    wr64(s, userdata);
    buffer[s + 8] = type;
    wr32(s + 16, fd);
}

/* event i at OUT */
static uint64_t ev_userdata(uint32_t i) { return rd64(OUT + 32 * i); }
static uint16_t ev_error(uint32_t i) { return rd16(OUT + 32 * i + 8); }
static uint8_t ev_type(uint32_t i) { return buffer[OUT + 32 * i + 10]; }
static uint64_t ev_nbytes(uint32_t i) { return rd64(OUT + 32 * i + 16); }
static uint16_t ev_flags(uint32_t i) { return rd16(OUT + 32 * i + 24); }

static uint32_t poll_n(uint32_t n) {
    memset(buffer + OUT, 0xaa, 32 * 8);
    wr32(NEVENTS, 0xdeadbeef);
    return bsrt_wasi_poll_oneoff(&self, IN, OUT, n, NEVENTS);
}

static uint32_t guest_fd(int host, uint8_t filetype, uint64_t rights) {
    uint32_t fd = 0;
    CHECK_EQ(wasi_fd_insert(host, filetype, rights, 0, &fd), SUCCESS);
    return fd;
}

static void test_call_errors(void) {
    clock_sub(0, 1, MONOTONIC, 0, 0);
    CHECK_EQ(bsrt_wasi_poll_oneoff(&self, IN, OUT, 0, NEVENTS), INVAL);
    /* every pointer is checked, and nothing is written when one is bad */
    memset(buffer + OUT, 0xaa, 32);
    wr32(NEVENTS, 0xdeadbeef);
    CHECK_EQ(bsrt_wasi_poll_oneoff(&self, MEM_SIZE - 47, OUT, 1, NEVENTS), FAULT);
    CHECK_EQ(bsrt_wasi_poll_oneoff(&self, IN, MEM_SIZE - 31, 1, NEVENTS), FAULT);
    CHECK_EQ(bsrt_wasi_poll_oneoff(&self, IN, OUT, 1, MEM_SIZE - 3), FAULT);
    CHECK_EQ(bsrt_wasi_poll_oneoff(&self, IN, OUT, 0x10000000u, NEVENTS), FAULT);
    CHECK_EQ(bsrt_wasi_poll_oneoff(&self, IN, OUT, 0xffffffffu, NEVENTS), FAULT);
    CHECK_EQ(bsrt_wasi_poll_oneoff(&self, 0xfffffff0u, OUT, 1, NEVENTS), FAULT);
    CHECK_EQ(rd32(NEVENTS), 0xdeadbeef);
    CHECK_EQ(buffer[OUT], 0xaa);
    bsrt_instance no_memory = {.module = NULL, .memory0 = NULL};
    CHECK_EQ(bsrt_wasi_poll_oneoff(&no_memory, IN, OUT, 1, NEVENTS), FAULT);
    /* the whole call is INVAL for what cannot be waited on, whatever else is subscribed */
    clock_sub(1, 2, MONOTONIC, 0, 0);
    buffer[IN + 48 + 8] = 3; /* no such event type */
    CHECK_EQ(poll_n(2), INVAL);
    for (uint32_t id = 2; id <= 4; id++) { /* the CPU-time clocks (as wasmtime), an unknown id */
        clock_sub(1, 2, id, 0, 0);
        CHECK_EQ(poll_n(2), INVAL);
    }
    clock_sub(1, 2, MONOTONIC, 0, 2); /* a subclockflags bit preview1 does not define */
    CHECK_EQ(poll_n(2), INVAL);
    CHECK_EQ(rd32(NEVENTS), 0xdeadbeef);
    CHECK_EQ(buffer[OUT], 0xaa);
}

static void test_relative_clocks(void) {
    uint32_t ids[] = {MONOTONIC, REALTIME};
    for (int k = 0; k < 2; k++) {
        clock_sub(0, 0x1122334455667788u, ids[k], 30 * MS, 0);
        uint64_t start = now(CLOCK_MONOTONIC);
        CHECK_EQ(poll_n(1), SUCCESS);
        uint64_t elapsed = now(CLOCK_MONOTONIC) - start;
        CHECK(elapsed >= 30 * MS);
        CHECK(elapsed < 5000ull * MS);
        CHECK_EQ(rd32(NEVENTS), 1);
        CHECK_EQ(ev_userdata(0), 0x1122334455667788u);
        CHECK_EQ(ev_error(0), SUCCESS);
        CHECK_EQ(ev_type(0), CLOCK);
        CHECK_EQ(ev_nbytes(0), 0);
        CHECK_EQ(ev_flags(0), 0);
        /* padding is written as zeros, not left as it was */
        CHECK_EQ(buffer[OUT + 11] | buffer[OUT + 15] | buffer[OUT + 26] | buffer[OUT + 31], 0);
    }
    /* a zero timeout is a poll that does not wait */
    clock_sub(0, 5, MONOTONIC, 0, 0);
    CHECK_EQ(poll_n(1), SUCCESS);
    CHECK_EQ(rd32(NEVENTS), 1);
    /* a huge timeout saturates instead of wrapping into the past */
    clock_sub(0, 5, MONOTONIC, UINT64_MAX, 0);
    clock_sub(1, 6, MONOTONIC, 10 * MS, 0);
    CHECK_EQ(poll_n(2), SUCCESS);
    CHECK_EQ(rd32(NEVENTS), 1);
    CHECK_EQ(ev_userdata(0), 6);
}

static void test_absolute_clocks(void) {
    uint64_t start = now(CLOCK_MONOTONIC);
    clock_sub(0, 1, MONOTONIC, start + 40 * MS, ABSTIME);
    CHECK_EQ(poll_n(1), SUCCESS);
    uint64_t elapsed = now(CLOCK_MONOTONIC) - start;
    CHECK(elapsed >= 40 * MS);
    CHECK(elapsed < 5000ull * MS);
    CHECK_EQ(rd32(NEVENTS), 1);
    CHECK_EQ(ev_userdata(0), 1);

    start = now(CLOCK_MONOTONIC);
    clock_sub(0, 2, REALTIME, now(CLOCK_REALTIME) + 40 * MS, ABSTIME);
    CHECK_EQ(poll_n(1), SUCCESS);
    elapsed = now(CLOCK_MONOTONIC) - start;
    CHECK(elapsed >= 35 * MS); /* the wall clock may be slewed a little meanwhile */
    CHECK(elapsed < 5000ull * MS);
    CHECK_EQ(ev_userdata(0), 2);

    /* times already past fire at once */
    clock_sub(0, 3, REALTIME, now(CLOCK_REALTIME) - 5000ull * MS, ABSTIME);
    clock_sub(1, 4, MONOTONIC, 0, ABSTIME);
    start = now(CLOCK_MONOTONIC);
    CHECK_EQ(poll_n(2), SUCCESS);
    CHECK(now(CLOCK_MONOTONIC) - start < 1000ull * MS);
    CHECK_EQ(rd32(NEVENTS), 2);
    CHECK_EQ(ev_userdata(0), 3);
    CHECK_EQ(ev_userdata(1), 4);
}

static void test_earliest_clock_wins(void) {
    clock_sub(0, 10, MONOTONIC, 5000ull * MS, 0);
    clock_sub(1, 11, REALTIME, 40 * MS, 0);
    clock_sub(2, 12, MONOTONIC, 3000ull * MS, 0);
    uint64_t start = now(CLOCK_MONOTONIC);
    CHECK_EQ(poll_n(3), SUCCESS);
    uint64_t elapsed = now(CLOCK_MONOTONIC) - start;
    CHECK(elapsed >= 40 * MS);
    CHECK(elapsed < 3000ull * MS);
    CHECK_EQ(rd32(NEVENTS), 1);
    CHECK_EQ(ev_userdata(0), 11);
    /* clocks that expire together fire together, in subscription order */
    clock_sub(0, 20, MONOTONIC, 0, 0);
    clock_sub(1, 21, MONOTONIC, 5000ull * MS, 0);
    clock_sub(2, 22, MONOTONIC, 0, 0);
    CHECK_EQ(poll_n(3), SUCCESS);
    CHECK_EQ(rd32(NEVENTS), 2);
    CHECK_EQ(ev_userdata(0), 20);
    CHECK_EQ(ev_userdata(1), 22);
}

static void test_pipes(void) {
    int p[2];
    CHECK_EQ(pipe2(p, O_CLOEXEC), 0);
    uint32_t rd = guest_fd(p[0], WASI_FILETYPE_UNKNOWN, WASI_RIGHTS_ALL);
    uint32_t wr = guest_fd(p[1], WASI_FILETYPE_UNKNOWN, WASI_RIGHTS_ALL);

    /* nothing to read: only the clock fires */
    fd_sub(0, 1, FD_READ, rd);
    clock_sub(1, 2, MONOTONIC, 30 * MS, 0);
    uint64_t start = now(CLOCK_MONOTONIC);
    CHECK_EQ(poll_n(2), SUCCESS);
    CHECK(now(CLOCK_MONOTONIC) - start >= 30 * MS);
    CHECK_EQ(rd32(NEVENTS), 1);
    CHECK_EQ(ev_userdata(0), 2);

    /* readable with the bytes queued; the write end has room, less what is queued */
    CHECK_EQ(write(p[1], "hello", 5), 5);
    fd_sub(0, 1, FD_READ, rd);
    fd_sub(1, 2, FD_WRITE, wr);
    clock_sub(2, 3, MONOTONIC, 5000ull * MS, 0);
    start = now(CLOCK_MONOTONIC);
    CHECK_EQ(poll_n(3), SUCCESS);
    CHECK(now(CLOCK_MONOTONIC) - start < 1000ull * MS);
    CHECK_EQ(rd32(NEVENTS), 2);
    CHECK_EQ(ev_userdata(0), 1);
    CHECK_EQ(ev_type(0), FD_READ);
    CHECK_EQ(ev_error(0), SUCCESS);
    CHECK_EQ(ev_nbytes(0), 5);
    CHECK_EQ(ev_flags(0), 0);
    CHECK_EQ(ev_userdata(1), 2);
    CHECK_EQ(ev_type(1), FD_WRITE);
    CHECK_EQ(ev_nbytes(1), (uint64_t)fcntl(p[1], F_GETPIPE_SZ) - 5);

    /* the writer closes: readable, hung up, the rest still counted */
    CHECK_EQ(wasi_fd_remove(wr), SUCCESS);
    fd_sub(0, 1, FD_READ, rd);
    CHECK_EQ(poll_n(1), SUCCESS);
    CHECK_EQ(rd32(NEVENTS), 1);
    CHECK_EQ(ev_nbytes(0), 5);
    CHECK_EQ(ev_flags(0), HANGUP);
    char got[8];
    CHECK_EQ(read(p[0], got, sizeof got), 5);
    CHECK_EQ(poll_n(1), SUCCESS);
    CHECK_EQ(ev_nbytes(0), 0);
    CHECK_EQ(ev_flags(0), HANGUP);
    CHECK_EQ(wasi_fd_remove(rd), SUCCESS);

    /* the reader closes: writing would fail with EPIPE, and the event says so */
    CHECK_EQ(pipe2(p, O_CLOEXEC), 0);
    wr = guest_fd(p[1], WASI_FILETYPE_UNKNOWN, WASI_RIGHTS_ALL);
    close(p[0]);
    fd_sub(0, 7, FD_WRITE, wr);
    CHECK_EQ(poll_n(1), SUCCESS);
    CHECK_EQ(rd32(NEVENTS), 1);
    CHECK_EQ(ev_userdata(0), 7);
    CHECK_EQ(ev_type(0), FD_WRITE);
    CHECK_EQ(ev_error(0), PIPE);
    CHECK_EQ(wasi_fd_remove(wr), SUCCESS);
}

static void test_regular_file(void) {
    FILE *f = tmpfile();
    CHECK(f != NULL);
    if (f == NULL) return;
    int host = dup(fileno(f));
    fclose(f);
    char data[100] = {0};
    CHECK_EQ(write(host, data, sizeof data), 100);
    CHECK_EQ(lseek(host, 30, SEEK_SET), 30);
    uint32_t fd = guest_fd(host, WASI_FILETYPE_REGULAR_FILE, WASI_RIGHTS_ALL);
    fd_sub(0, 1, FD_READ, fd);
    fd_sub(1, 2, FD_WRITE, fd);
    CHECK_EQ(poll_n(2), SUCCESS);
    CHECK_EQ(rd32(NEVENTS), 2);
    CHECK_EQ(ev_nbytes(0), 70);
    CHECK_EQ(ev_flags(0), 0);
    CHECK_EQ(ev_type(1), FD_WRITE);
    /* at the end: still ready (nothing to wait for), 0 bytes, and not a hangup */
    CHECK_EQ(lseek(host, 0, SEEK_END), 100);
    CHECK_EQ(poll_n(1), SUCCESS);
    CHECK_EQ(rd32(NEVENTS), 1);
    CHECK_EQ(ev_nbytes(0), 0);
    CHECK_EQ(ev_flags(0), 0);
    CHECK_EQ(wasi_fd_remove(fd), SUCCESS);
}

static void test_subscription_errors(void) {
    int p[2];
    CHECK_EQ(pipe2(p, O_CLOEXEC), 0);
    uint32_t no_poll = guest_fd(p[0], WASI_FILETYPE_UNKNOWN, WASI_RIGHTS_ALL & ~WASI_RIGHT_POLL_FD_READWRITE);
    /* a bad fd and a missing right fail their own subscriptions, at once; the clock does not fire */
    fd_sub(0, 1, FD_READ, 9999);
    fd_sub(1, 2, FD_WRITE, no_poll);
    clock_sub(2, 3, MONOTONIC, 5000ull * MS, 0);
    uint64_t start = now(CLOCK_MONOTONIC);
    CHECK_EQ(poll_n(3), SUCCESS);
    CHECK(now(CLOCK_MONOTONIC) - start < 1000ull * MS);
    CHECK_EQ(rd32(NEVENTS), 2);
    CHECK_EQ(ev_userdata(0), 1);
    CHECK_EQ(ev_type(0), FD_READ);
    CHECK_EQ(ev_error(0), BADF);
    CHECK_EQ(ev_nbytes(0), 0);
    CHECK_EQ(ev_userdata(1), 2);
    CHECK_EQ(ev_type(1), FD_WRITE);
    CHECK_EQ(ev_error(1), NOTCAPABLE);
    CHECK_EQ(wasi_fd_remove(no_poll), SUCCESS);
    close(p[1]);
}

/* wasi_unstable: the same calls with 56-byte subscriptions whose clock has an identifier first */
static void unstable_clock_sub(uint32_t i, uint64_t userdata, uint32_t id, uint64_t timeout, uint16_t flags) {
    uint32_t s = IN + 56 * i;
    memset(buffer + s, 0x5a, 56);
    wr64(s, userdata);
    buffer[s + 8] = CLOCK;
    wr64(s + 16, 0xffffffffffffffffu); /* identifier: ignored, and not a valid preview1 clock id */
    wr32(s + 24, id);
    wr64(s + 32, timeout);
    wr16(s + 48, flags);
}

static void test_unstable_layout(void) {
    unstable_clock_sub(0, 40, MONOTONIC, 5000ull * MS, 0);
    unstable_clock_sub(1, 41, MONOTONIC, 30 * MS, 0);
    uint64_t start = now(CLOCK_MONOTONIC);
    wr32(NEVENTS, 0);
    CHECK_EQ(bsrt_wasi_unstable_poll_oneoff(&self, IN, OUT, 2, NEVENTS), SUCCESS);
    uint64_t elapsed = now(CLOCK_MONOTONIC) - start;
    CHECK(elapsed >= 30 * MS);
    CHECK(elapsed < 5000ull * MS);
    CHECK_EQ(rd32(NEVENTS), 1);
    CHECK_EQ(ev_userdata(0), 41);
    CHECK_EQ(ev_type(0), CLOCK);
    unstable_clock_sub(0, 42, MONOTONIC, now(CLOCK_MONOTONIC), ABSTIME);
    CHECK_EQ(bsrt_wasi_unstable_poll_oneoff(&self, IN, OUT, 1, NEVENTS), SUCCESS);
    CHECK_EQ(ev_userdata(0), 42);
    /* read as preview1, the identifier's low half is the clock id: INVAL */
    CHECK_EQ(bsrt_wasi_poll_oneoff(&self, IN, OUT, 1, NEVENTS), INVAL);
    /* the fd payload is where preview1 has it */
    int p[2];
    CHECK_EQ(pipe2(p, O_CLOEXEC), 0);
    uint32_t wr = guest_fd(p[1], WASI_FILETYPE_UNKNOWN, WASI_RIGHTS_ALL);
    memset(buffer + IN, 0, 56);
    wr64(IN, 43);
    buffer[IN + 8] = FD_WRITE;
    wr32(IN + 16, wr);
    CHECK_EQ(bsrt_wasi_unstable_poll_oneoff(&self, IN, OUT, 1, NEVENTS), SUCCESS);
    CHECK_EQ(rd32(NEVENTS), 1);
    CHECK_EQ(ev_userdata(0), 43);
    CHECK_EQ(ev_type(0), FD_WRITE);
    CHECK_EQ(ev_error(0), SUCCESS);
    CHECK_EQ(wasi_fd_remove(wr), SUCCESS);
    close(p[0]);
    /* the array is 56 bytes an element: two fit in 112 bytes, not in 100 */
    for (uint32_t i = 0; i < 2; i++) {
        uint32_t s = MEM_SIZE - 112 + 56 * i;
        memset(buffer + s, 0, 56);
        buffer[s + 8] = CLOCK;
        wr32(s + 24, MONOTONIC);
    }
    CHECK_EQ(bsrt_wasi_unstable_poll_oneoff(&self, MEM_SIZE - 112, OUT, 2, NEVENTS), SUCCESS);
    CHECK_EQ(rd32(NEVENTS), 2);
    CHECK_EQ(bsrt_wasi_unstable_poll_oneoff(&self, MEM_SIZE - 100, OUT, 2, NEVENTS), FAULT);
    CHECK_EQ(bsrt_wasi_unstable_poll_oneoff(&self, IN, OUT, 0, NEVENTS), INVAL);
}

/* The events may overwrite the subscriptions (out == in): all are read before any is written. */
static void test_overlapping_arrays(void) {
    clock_sub(0, 50, MONOTONIC, 0, 0);
    clock_sub(1, 51, MONOTONIC, 0, 0);
    clock_sub(2, 52, MONOTONIC, 0, 0);
    CHECK_EQ(bsrt_wasi_poll_oneoff(&self, IN, IN, 3, NEVENTS), SUCCESS);
    CHECK_EQ(rd32(NEVENTS), 3);
    CHECK_EQ(rd64(IN), 50);
    CHECK_EQ(rd64(IN + 32), 51);
    CHECK_EQ(rd64(IN + 64), 52);
}

static volatile sig_atomic_t alarms;
static void on_alarm(int sig) {
    (void)sig;
    alarms++;
}

/* A signal (no SA_RESTART) interrupts ppoll: the wait resumes for what remains of it. */
static void test_interrupted_wait(void) {
    struct sigaction action = {.sa_handler = on_alarm}, previous;
    sigemptyset(&action.sa_mask);
    CHECK_EQ(sigaction(SIGALRM, &action, &previous), 0);
    struct itimerval timer = {.it_interval = {0, 10000}, .it_value = {0, 10000}};
    CHECK_EQ(setitimer(ITIMER_REAL, &timer, NULL), 0);
    clock_sub(0, 60, MONOTONIC, 100 * MS, 0);
    uint64_t start = now(CLOCK_MONOTONIC);
    CHECK_EQ(poll_n(1), SUCCESS);
    uint64_t elapsed = now(CLOCK_MONOTONIC) - start;
    struct itimerval off = {{0, 0}, {0, 0}};
    setitimer(ITIMER_REAL, &off, NULL);
    sigaction(SIGALRM, &previous, NULL);
    CHECK(alarms > 0);
    CHECK(elapsed >= 100 * MS);
    CHECK(elapsed < 5000ull * MS);
    CHECK_EQ(rd32(NEVENTS), 1);
    CHECK_EQ(ev_userdata(0), 60);
}

int main(void) {
    test_call_errors();
    test_relative_clocks();
    test_absolute_clocks();
    test_earliest_clock_wins();
    test_pipes();
    test_regular_file();
    test_subscription_errors();
    test_unstable_layout();
    test_overlapping_arrays();
    test_interrupted_wait();
    return check_finish("wasi_poll_test");
}
