/*
 * wasix/tty.c: the terminal calls, tty_get and tty_set (abi/wasix.md §3.2, §4.3): the state
 * wasix-libc's tcgetattr/tcsetattr and window-size ioctls are built on.
 *
 * tty_t (24 bytes): cols, rows, width, height (u32 each), then the bools stdin_tty,
 * stdout_tty, stderr_tty, echo, line_buffered, line_feeds, and two bytes of padding.
 *
 * Decisions (following Wasmer's host terminal bridge):
 *   - The three *_tty bools are isatty() of the host's descriptors 0, 1 and 2: the process's
 *     own standard streams, whatever the guest has renumbered since (the terminal is the
 *     process's, as in Wasmer).
 *   - The size comes from TIOCGWINSZ on the first of stdout, stdin, stderr that is a
 *     terminal; with none (or a terminal reporting 0x0) it is Wasmer's default, 80 columns by
 *     25 rows and 800x600 pixels. Pixels are the kernel's when it has a size (often 0).
 *   - echo is stdin's ECHO, line_buffered its ICANON and line_feeds stdout's ONLCR (output
 *     newlines become CR LF); all three are false when the stream is not a terminal.
 *   - tty_set applies echo and line_buffered to stdin with tcsetattr; the size, the *_tty
 *     bools and line_feeds are read and ignored, as Wasmer ignores them (a program cannot
 *     resize its terminal or make a file a terminal). When stdin is not a terminal tty_set
 *     succeeds and changes nothing, as Wasmer's does, so a program that sets raw mode still
 *     runs with its input redirected.
 *   - The bool bytes are read as "nonzero is true".
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include "wasix_internal.h"

#define TTY_SIZE 24u
#define DEFAULT_COLS 80u
#define DEFAULT_ROWS 25u
#define DEFAULT_WIDTH 800u
#define DEFAULT_HEIGHT 600u

uint32_t bsrt_wasix_tty_get(bsrt_instance *self, bsrt_ptr state) {
    uint8_t *out = bsrt_guest_bytes(bsrt_guest_memory(self), state, TTY_SIZE);
    if (out == NULL) return WASI_EFAULT;
    bool is_tty[3];
    for (int fd = 0; fd < 3; fd++) is_tty[fd] = isatty(fd) == 1;
    uint32_t cols = DEFAULT_COLS, rows = DEFAULT_ROWS, width = DEFAULT_WIDTH, height = DEFAULT_HEIGHT;
    static const int size_sources[] = {STDOUT_FILENO, STDIN_FILENO, STDERR_FILENO};
    for (size_t i = 0; i < sizeof size_sources / sizeof size_sources[0]; i++) {
        struct winsize ws;
        int fd = size_sources[i];
        if (is_tty[fd] && ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0 && ws.ws_row > 0) {
            cols = ws.ws_col;
            rows = ws.ws_row;
            width = ws.ws_xpixel;
            height = ws.ws_ypixel;
            break;
        }
    }
    struct termios in, output;
    bool have_in = is_tty[0] && tcgetattr(STDIN_FILENO, &in) == 0;
    bool have_out = is_tty[1] && tcgetattr(STDOUT_FILENO, &output) == 0;
    memset(out, 0, TTY_SIZE); /* the padding too */
    bsrt_guest_write_u32(out + 0, cols);
    bsrt_guest_write_u32(out + 4, rows);
    bsrt_guest_write_u32(out + 8, width);
    bsrt_guest_write_u32(out + 12, height);
    bsrt_guest_write_u8(out + 16, is_tty[0]);
    bsrt_guest_write_u8(out + 17, is_tty[1]);
    bsrt_guest_write_u8(out + 18, is_tty[2]);
    bsrt_guest_write_u8(out + 19, have_in && (in.c_lflag & ECHO) != 0);
    bsrt_guest_write_u8(out + 20, have_in && (in.c_lflag & ICANON) != 0);
    bsrt_guest_write_u8(out + 21, have_out && (output.c_oflag & ONLCR) != 0);
    return WASI_ESUCCESS;
}

uint32_t bsrt_wasix_tty_set(bsrt_instance *self, bsrt_ptr state) {
    const uint8_t *in = bsrt_guest_bytes(bsrt_guest_memory(self), state, TTY_SIZE);
    if (in == NULL) return WASI_EFAULT;
    bool echo = in[19] != 0, line_buffered = in[20] != 0;
    struct termios t;
    if (isatty(STDIN_FILENO) != 1 || tcgetattr(STDIN_FILENO, &t) != 0) return WASI_ESUCCESS;
    tcflag_t wanted = t.c_lflag & ~(tcflag_t)(ECHO | ICANON);
    if (echo) wanted |= ECHO;
    if (line_buffered) wanted |= ICANON;
    if (wanted == t.c_lflag) return WASI_ESUCCESS;
    t.c_lflag = wanted;
    /* TCSADRAIN: output already written is shown in the mode it was written for. */
    if (tcsetattr(STDIN_FILENO, TCSADRAIN, &t) != 0) return bsrt_wasi_errno_from_host(errno);
    return WASI_ESUCCESS;
}
