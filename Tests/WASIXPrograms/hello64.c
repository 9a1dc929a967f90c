/* A wasm64 program as LLVM emits one (memory64, an i64 __stack_pointer, a table64 for function
 * pointers), with no libc: wasm64 has no wasi-libc here. Built by Wasix64Tests with
 *   clang --target=wasm64-unknown-unknown -O2 --no-wasm-opt -nostdlib -Wl,--no-entry -Wl,--export=_start
 * Prints "hello from wasm64" and 42 (7 doubled, then tripled, through function pointers). */
#include <stdint.h>

typedef struct {
    const void *buf;
    uint64_t len; /* a witx size: 8 bytes under wasix_64v1 */
} ciovec;

__attribute__((import_module("wasix_64v1"), import_name("fd_write"))) int32_t fd_write(int32_t fd, const ciovec *iovs,
                                                                                      uint64_t iovs_len,
                                                                                      uint64_t *nwritten);

static int twice(int x) { return x * 2; }
static int thrice(int x) { return x * 3; }
/* volatile: the calls stay indirect (call_indirect through the table64). */
int (*volatile operations[2])(int) = {twice, thrice};

void _start(void) {
    static const char greeting[] = "hello from wasm64\n";
    uint64_t written;
    ciovec line = {greeting, sizeof greeting - 1};
    fd_write(1, &line, 1, &written);
    int r = operations[1](operations[0](7));
    char digits[3] = {(char)('0' + r / 10), (char)('0' + r % 10), '\n'};
    ciovec number = {digits, sizeof digits};
    fd_write(1, &number, 1, &written);
}
