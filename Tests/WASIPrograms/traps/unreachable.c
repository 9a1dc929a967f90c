// Expected: "bs-aot: trap: unreachable in give_up" (__builtin_trap is WASM `unreachable`),
// exit status 134.
#include <stdio.h>

__attribute__((noinline)) void give_up(int why) {
    if (why != 0) __builtin_trap();
}

int main(void) {
    printf("before the trap\n");
    fflush(stdout);
    volatile int why = 1;
    give_up(why);
    printf("not reached\n");
    return 0;
}
