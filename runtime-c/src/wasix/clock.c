/*
 * wasix/clock.c: clock_time_set (abi/wasix.md §3.2), wasix-libc's clock_settime.
 *
 * Setting the clock changes it for the whole machine, so it is a grant of its own: without
 * `bs-aot build --allow-clock-set` the answer is PERM (what an unprivileged native program
 * gets), whatever the clock. With it, REALTIME is set with clock_settime and the host's answer
 * is passed on (PERM again without CAP_SYS_TIME, as in most containers); every other clock is
 * INVAL, as Linux answers for the clocks that cannot be set.
 */
#include <errno.h>
#include <stdint.h>
#include <time.h>

#include "wasix_internal.h"

uint32_t bsrt_wasix_clock_time_set(bsrt_instance *self, uint32_t clock_id, uint64_t time) {
    (void)self;
    if (!bsrt_wasi_current_config()->allow_clock_set) return WASI_EPERM;
    if (clock_id != WASI_CLOCK_REALTIME) return WASI_EINVAL;
    /* A u64 of nanoseconds since 1970 always fits a 64-bit time_t. */
    struct timespec ts = {.tv_sec = (time_t)(time / 1000000000u), .tv_nsec = (long)(time % 1000000000u)};
    if (clock_settime(CLOCK_REALTIME, &ts) != 0) return bsrt_wasi_errno_from_host(errno);
    return WASI_ESUCCESS;
}
