/* conformance_misc.c: poll_oneoff on the standard streams, clocks, random_get and sched_yield
 * (conformance.h says how it reports; README.md maps scenarios to the upstream tests).
 * Takes the scratch directory name like the others, but uses no files. */
#include "conformance.h"

enum { CLOCK_ID = 0x51, STDIN_ID = 0x52, TIMEOUT_NS = 200 * 1000 * 1000 };

static __wasi_subscription_t clock_subscription(void) {
    __wasi_subscription_t s;
    memset(&s, 0, sizeof s);
    s.userdata = CLOCK_ID;
    s.u.tag = __WASI_EVENTTYPE_CLOCK;
    s.u.u.clock.id = __WASI_CLOCKID_MONOTONIC;
    s.u.u.clock.timeout = TIMEOUT_NS;
    return s;
}

static __wasi_subscription_t fd_subscription(__wasi_userdata_t userdata, __wasi_eventtype_t type, __wasi_fd_t fd) {
    __wasi_subscription_t s;
    memset(&s, 0, sizeof s);
    s.userdata = userdata;
    s.u.tag = type;
    if (type == __WASI_EVENTTYPE_FD_READ) s.u.u.fd_read.file_descriptor = fd;
    else s.u.u.fd_write.file_descriptor = fd;
    return s;
}

/* stdin readable or the clock: either is a right answer, depending on what stdin is. Then
 * stdout and stderr must both report writable before the clock fires. */
static void poll_stdio(void) {
    begin("poll_oneoff_stdio");
    __wasi_subscription_t in[3] = {clock_subscription(), fd_subscription(STDIN_ID, __WASI_EVENTTYPE_FD_READ, 0)};
    __wasi_event_t out[3];
    __wasi_size_t n = 0;
    if (OK("poll stdin and a clock", __wasi_poll_oneoff(in, out, 2, &n))) {
        expect_true("at least one event", n >= 1);
        for (__wasi_size_t i = 0; i < n; i++) {
            if (out[i].type == __WASI_EVENTTYPE_CLOCK) {
                OK("the clock event's error", out[i].error);
                expect_u64("the clock event's userdata", out[i].userdata, CLOCK_ID);
            } else if (out[i].type == __WASI_EVENTTYPE_FD_READ) {
                OK("the stdin event's error", out[i].error);
                expect_u64("the stdin event's userdata", out[i].userdata, STDIN_ID);
            } else {
                expect_u64("event type", out[i].type, __WASI_EVENTTYPE_CLOCK);
            }
        }
    }
    bool pending[3] = {false, true, true}; /* by userdata: 1 stdout, 2 stderr */
    for (int round = 0; round < 10 && (pending[1] || pending[2]); round++) {
        __wasi_size_t count = 0;
        for (__wasi_fd_t fd = 1; fd <= 2; fd++)
            if (pending[fd]) in[count++] = fd_subscription(fd, __WASI_EVENTTYPE_FD_WRITE, fd);
        in[count++] = clock_subscription();
        if (!OK("poll stdout, stderr and a clock", __wasi_poll_oneoff(in, out, count, &n))) break;
        for (__wasi_size_t i = 0; i < n; i++) {
            __wasi_userdata_t id = out[i].userdata;
            if (id == CLOCK_ID) {
                fail("stdout and stderr writable", "got the clock first expected both writable");
                pending[1] = pending[2] = false;
            } else if (id == 1 || id == 2) {
                expect_u64("event type", out[i].type, __WASI_EVENTTYPE_FD_WRITE);
                OK("the write event's error", out[i].error);
                pending[id] = false;
            } else {
                fail("userdata", "got %llu expected 1 or 2", (unsigned long long)id);
            }
        }
    }
    expect_true("both reported writable", !pending[1] && !pending[2]);
    end();
}

static void clock_time_get(void) {
    begin("clock_time_get");
    __wasi_timestamp_t first = 0, second = 0;
    OK("precision 1", __wasi_clock_time_get(__WASI_CLOCKID_MONOTONIC, 1, &first));
    OK("precision 0", __wasi_clock_time_get(__WASI_CLOCKID_MONOTONIC, 0, &first));
    OK("again", __wasi_clock_time_get(__WASI_CLOCKID_MONOTONIC, 0, &second));
    expect_true("monotonic", first <= second);
    end();
}

static void big_random_buf(void) {
    begin("big_random_buf");
    static uint8_t buffer[1024];
    OK("random_get 1024", __wasi_random_get(buffer, sizeof buffer));
    bool nonzero = false;
    for (size_t i = 0; i < sizeof buffer; i++) nonzero |= buffer[i] != 0;
    expect_true("some byte is not zero", nonzero);
    end();
}

static void sched_yield_works(void) {
    begin("sched_yield");
    OK("sched_yield", __wasi_sched_yield());
    end();
}

int main(int argc, char **argv) {
    (void)argc;
    (void)argv;
    poll_stdio();
    clock_time_get();
    big_random_buf();
    sched_yield_works();
    return finish();
}
