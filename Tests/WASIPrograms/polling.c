/* polling.c: poll_oneoff through poll() (fd readiness with and without timeouts, a bare
 * timeout), nanosleep/usleep (clock subscriptions), clock_gettime and clock_getres. Timings
 * print as comparisons with generous bounds, so the output is the same on every run.
 *
 * argv[1] says what standard input is: "file" (a regular file holding data: always ready),
 * or "pipe" (a pipe whose writer sends "late\n" about 2 s after start, then closes it: the
 * first 200 ms poll times out, the next one sees the data, then end of file). */
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "errno_names.h"

static long long now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
}

static const char *within(long long elapsed_ns, long long at_least_ms, long long at_most_ms) {
    if (elapsed_ns < at_least_ms * 1000000LL) return "too short";
    if (elapsed_ns > at_most_ms * 1000000LL) return "too long";
    return "ok";
}

static void show_revents(const char *label, int result, short revents) {
    printf("%s: poll %d%s%s%s\n", label, result, revents & POLLIN ? " IN" : "", revents & POLLOUT ? " OUT" : "",
           revents & POLLNVAL ? " NVAL" : "");
}

int main(int argc, char **argv) {
    const char *mode = argc > 1 ? argv[1] : "file";

    /* Clocks: resolution, monotonic never goes back, real time is after 2020. */
    struct timespec res;
    clock_getres(CLOCK_MONOTONIC, &res);
    printf("monotonic resolution <= 1 ms: %s\n",
           res.tv_sec == 0 && res.tv_nsec > 0 && res.tv_nsec <= 1000000 ? "yes" : "no");
    clock_getres(CLOCK_REALTIME, &res);
    printf("realtime resolution <= 1 ms: %s\n", res.tv_sec == 0 && res.tv_nsec > 0 && res.tv_nsec <= 1000000 ? "yes" : "no");
    long long previous = now_ns();
    int backwards = 0;
    for (int i = 0; i < 100000; i++) {
        long long t = now_ns();
        if (t < previous) backwards++;
        previous = t;
    }
    printf("monotonic went backwards: %d times\n", backwards);
    struct timespec wall;
    clock_gettime(CLOCK_REALTIME, &wall);
    printf("realtime after 2020: %s\n", wall.tv_sec > 1577836800 ? "yes" : "no");

    /* Sleeping. */
    long long start = now_ns();
    struct timespec nap = {0, 30 * 1000000};
    CHECK("nanosleep 30 ms", nanosleep(&nap, NULL));
    printf("nanosleep took 30 ms..5 s: %s\n", within(now_ns() - start, 30, 5000));
    start = now_ns();
    CHECK("usleep 20 ms", usleep(20000));
    printf("usleep took 20 ms..5 s: %s\n", within(now_ns() - start, 20, 5000));
    start = now_ns();
    int result = poll(NULL, 0, 50);
    printf("poll(no fds, 50 ms): %d, took 50 ms..5 s: %s\n", result, within(now_ns() - start, 50, 5000));

    /* stdout (a file or a pipe) is writable at once. */
    struct pollfd out = {1, POLLOUT, 0};
    result = poll(&out, 1, 1000);
    show_revents("stdout POLLOUT", result, out.revents);
    /* A closed descriptor (closed first: a native build may inherit descriptors from whatever
     * started it): POLLNVAL natively (and from a per-event BADF in WASI), but wasmtime fails the
     * whole poll_oneoff with BADF: either is reported. */
    close(77);
    struct pollfd bad = {77, POLLIN, 0};
    errno = 0;
    result = poll(&bad, 1, 100);
    printf("fd 77 reported bad: %s\n",
           (result == 1 && bad.revents == POLLNVAL) || (result < 0 && errno == EBADF) ? "yes" : "no");

    struct pollfd in = {0, POLLIN, 0};
    char buffer[64];
    if (strcmp(mode, "file") == 0) {
        result = poll(&in, 1, 0);
        show_revents("stdin file, timeout 0", result, in.revents);
        int n = (int)read(0, buffer, sizeof buffer);
        printf("read %d bytes\n", n);
    } else {
        start = now_ns();
        result = poll(&in, 1, 200);
        show_revents("stdin pipe, nothing yet, 200 ms", result, in.revents);
        printf("  took 200 ms..1.9 s: %s\n", within(now_ns() - start, 200, 1900));
        struct pollfd both[2] = {{0, POLLIN, 0}, {1, POLLOUT, 0}};
        result = poll(both, 2, 1000);
        show_revents("stdin+stdout, stdin", result, both[0].revents);
        show_revents("stdin+stdout, stdout", result, both[1].revents);
        result = poll(&in, 1, 10000);
        show_revents("stdin pipe, data arrives", result, in.revents);
        int n = (int)read(0, buffer, sizeof buffer);
        printf("read %d bytes: %.*s", n, n > 0 ? n : 0, buffer);
        /* At end of file Linux says POLLHUP (no POLLIN) and WASI says readable with a hangup
         * flag (wasi-libc: POLLIN|POLLHUP): print only that it woke up. */
        in.revents = 0;
        result = poll(&in, 1, 10000);
        printf("stdin at end of file: poll %d, readable or hung up: %s\n", result,
               in.revents & (POLLIN | POLLHUP) ? "yes" : "no");
        n = (int)read(0, buffer, sizeof buffer);
        printf("read at end of file: %d\n", n);
    }
    return 0;
}
