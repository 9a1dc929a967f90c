/* tty.c: tty_get and tty_set when the standard streams are files or pipes (the tests run it
 * that way; no pseudo-terminal): tty_get still succeeds, reports no terminal and Wasmer's
 * default size, 80x25 (800x600 pixels); tty_set succeeds and changes nothing. The *_tty bools
 * agree with wasi-libc's isatty, which asks fd_fdstat_get. */
#include <stdbool.h>
#include <unistd.h>

#include "wasix_test.h"

WASIX_IMPORT(tty_get) int32_t wx_tty_get(uint8_t *state);
WASIX_IMPORT(tty_set) int32_t wx_tty_set(const uint8_t *state);

/* tty_t, abi/wasix.md §4.3: 24 bytes. */
enum { TTY_SIZE = 24 };

static uint32_t u32_at(const uint8_t *p) {
    uint32_t v;
    memcpy(&v, p, 4);
    return v;
}

int main(void) {
    uint8_t state[TTY_SIZE + 8];
    memset(state, 0xaa, sizeof state);
    CHECK_EQ(wx_tty_get(state), WX_SUCCESS, "tty_get");
    CHECK(state[16] == isatty(0) && state[17] == isatty(1) && state[18] == isatty(2), "tty_get *_tty agree with isatty");
    bool no_terminal = !isatty(0) && !isatty(1) && !isatty(2);
    CHECK(no_terminal, "the test runs without a terminal");
    CHECK(u32_at(state + 0) == 80 && u32_at(state + 4) == 25, "tty_get default size is 80x25");
    CHECK(u32_at(state + 8) == 800 && u32_at(state + 12) == 600, "tty_get default pixels are 800x600");
    CHECK(state[19] == 0 && state[20] == 0 && state[21] == 0, "tty_get echo, line buffering, line feeds off");
    CHECK(state[22] == 0 && state[23] == 0, "tty_get zeroes the padding");
    bool untouched = true;
    for (int i = TTY_SIZE; i < TTY_SIZE + 8; i++) untouched = untouched && state[i] == 0xaa;
    CHECK(untouched, "tty_get writes 24 bytes");

    uint8_t wanted[TTY_SIZE];
    memcpy(wanted, state, TTY_SIZE);
    wanted[19] = 1; /* echo */
    wanted[20] = 1; /* line_buffered */
    memcpy(wanted, &(uint32_t){132}, 4);
    CHECK_EQ(wx_tty_set(wanted), WX_SUCCESS, "tty_set without a terminal succeeds");
    uint8_t again[TTY_SIZE];
    CHECK_EQ(wx_tty_get(again), WX_SUCCESS, "tty_get after tty_set");
    CHECK(memcmp(again, state, TTY_SIZE) == 0, "tty_set without a terminal changes nothing");
    CHECK_EQ(wx_tty_get((uint8_t *)0xfffffff0u), WX_FAULT, "tty_get pointer checked");
    CHECK_EQ(wx_tty_set((const uint8_t *)0xfffffff0u), WX_FAULT, "tty_set pointer checked");
    return wasix_failures;
}
