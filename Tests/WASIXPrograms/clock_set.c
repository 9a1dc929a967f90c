/* clock_set.c: clock_time_set. argv[1] says how the program was built: "refused" (no flag:
 * every clock is PERM) or "allowed" (`--allow-clock-set`: clocks other than REALTIME are
 * INVAL). The real clock is never set: REALTIME is only asked for without the flag. */
#include <stdbool.h>
#include <wasi/api.h>

#include "wasix_test.h"

WASIX_IMPORT(clock_time_set) int32_t wx_clock_time_set(uint32_t clock_id, uint64_t time);

int main(int argc, char **argv) {
    __wasi_timestamp_t now = 0;
    CHECK_EQ(__wasi_clock_time_get(__WASI_CLOCKID_REALTIME, 1, &now), WX_SUCCESS, "clock_time_get");
    if (argc > 1 && strcmp(argv[1], "refused") == 0) {
        CHECK_EQ(wx_clock_time_set(__WASI_CLOCKID_REALTIME, now), WX_PERM, "clock_time_set REALTIME without the flag");
        CHECK_EQ(wx_clock_time_set(99, 0), WX_PERM, "clock_time_set of any clock without the flag");
    } else if (argc > 1 && strcmp(argv[1], "allowed") == 0) {
        CHECK_EQ(wx_clock_time_set(99, now), WX_INVAL, "clock_time_set of an unknown clock");
        CHECK_EQ(wx_clock_time_set(__WASI_CLOCKID_MONOTONIC, now), WX_INVAL, "clock_time_set MONOTONIC");
        CHECK_EQ(wx_clock_time_set(__WASI_CLOCKID_PROCESS_CPUTIME_ID, 0), WX_INVAL, "clock_time_set PROCESS_CPUTIME");
    } else {
        CHECK(false, "argv[1] is refused or allowed");
    }
    return wasix_failures;
}
