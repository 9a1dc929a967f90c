/*
 * wasi/clock.c: clock_res_get, clock_time_get.
 *
 * The four WASI clocks are exactly the four POSIX clocks of the same names; times are u64
 * nanoseconds (a realtime before 1970 wraps, as the u64 timestamp type implies).
 */
#include <errno.h>
#include <stdint.h>
#include <time.h>

#include "../bsrt_internal.h"
#include "../guest.h"
#include "bsrt_wasi.h"
#include "wasi_abi.h"

static int host_clock(uint32_t clock_id, clockid_t *out) {
    switch (clock_id) {
    case WASI_CLOCK_REALTIME: *out = CLOCK_REALTIME; return 0;
    case WASI_CLOCK_MONOTONIC: *out = CLOCK_MONOTONIC; return 0;
    case WASI_CLOCK_PROCESS_CPUTIME_ID: *out = CLOCK_PROCESS_CPUTIME_ID; return 0;
    case WASI_CLOCK_THREAD_CPUTIME_ID: *out = CLOCK_THREAD_CPUTIME_ID; return 0;
    default: return -1;
    }
}

static uint64_t to_nanoseconds(const struct timespec *ts) {
    return (uint64_t)ts->tv_sec * 1000000000u + (uint64_t)ts->tv_nsec;
}

uint32_t bsrt_wasi_clock_res_get(bsrt_instance *self, uint32_t clock_id, bsrt_ptr ret_res) {
    uint8_t *out = bsrt_guest_bytes(bsrt_guest_memory(self), ret_res, 8);
    if (out == NULL) return WASI_EFAULT;
    clockid_t clock;
    if (host_clock(clock_id, &clock) != 0) return WASI_EINVAL;
    struct timespec ts;
    if (clock_getres(clock, &ts) != 0) return bsrt_wasi_errno_from_host(errno);
    bsrt_guest_write_u64(out, to_nanoseconds(&ts));
    return WASI_ESUCCESS;
}

uint32_t bsrt_wasi_clock_time_get(bsrt_instance *self, uint32_t clock_id, uint64_t precision, bsrt_ptr ret_time) {
    (void)precision; /* a hint the host may ignore; clock_gettime is as precise as it gets */
    uint8_t *out = bsrt_guest_bytes(bsrt_guest_memory(self), ret_time, 8);
    if (out == NULL) return WASI_EFAULT;
    clockid_t clock;
    if (host_clock(clock_id, &clock) != 0) return WASI_EINVAL;
    struct timespec ts;
    if (clock_gettime(clock, &ts) != 0) return bsrt_wasi_errno_from_host(errno);
    bsrt_guest_write_u64(out, to_nanoseconds(&ts));
    return WASI_ESUCCESS;
}
