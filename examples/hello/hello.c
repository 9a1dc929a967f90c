// The smallest WASI program: compiled to wasm32-wasi with Zig's clang and wasi-libc.
#include <stdio.h>

int main(void) {
    printf("Hello, WebAssembly!\n");
    return 0;
}
