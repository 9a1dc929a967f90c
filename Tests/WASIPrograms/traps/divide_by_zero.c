// Expected: "bs-aot: trap: integer divide by zero in divide", exit status 134.
#include <stdio.h>

__attribute__((noinline)) int divide(int a, int b) { return a / b; }

int main(void) {
    printf("before the trap\n");
    fflush(stdout);
    volatile int zero = 0;
    printf("%d\n", divide(42, zero));
    return 0;
}
