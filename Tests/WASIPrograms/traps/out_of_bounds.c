// Expected: "bs-aot: trap: out of bounds memory access in read_far_away", exit status 134.
// The address is far past the end of linear memory (a few MiB at most), but a valid i32.
#include <stdint.h>
#include <stdio.h>

__attribute__((noinline)) int read_far_away(uintptr_t address) {
    return *(volatile int *)address;
}

int main(void) {
    printf("before the trap\n");
    fflush(stdout);
    volatile uintptr_t address = 0xFFFFFF00u;
    printf("read %d\n", read_far_away(address));
    return 0;
}
