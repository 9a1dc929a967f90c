// Expected: "bs-aot: trap: indirect call type mismatch in call_wrong_type", exit status 134.
// A function of type (f64) -> nil is called through a pointer of type (i32, i32) -> i32.
#include <stdio.h>

__attribute__((noinline)) void takes_double(double x) { printf("takes_double(%g)\n", x); }

typedef int (*two_ints)(int, int);

__attribute__((noinline)) int call_wrong_type(two_ints fn) { return fn(1, 2); }

int main(void) {
    printf("before the trap\n");
    fflush(stdout);
    void (*volatile pointer)(double) = takes_double;
    pointer(1.5);  // a correct indirect call first
    printf("%d\n", call_wrong_type((two_ints)(void *)pointer));
    return 0;
}
