// Expected: "bs-aot: trap: call stack exhausted in recurse", exit status 134.
// Non-tail recursion whose frame lives on the WASM value stack only (no locals whose address is
// taken, so nothing on the shadow stack in linear memory). The limit is read through a volatile
// so clang cannot prove that the recursion never ends (and turn it into a loop); it is far
// beyond any native stack.
#include <stdio.h>

volatile unsigned calls, last_result;
volatile unsigned limit = 4000000000u;

__attribute__((noinline)) unsigned recurse(unsigned depth) {
    calls++;
    if (calls > limit) return depth;
    unsigned below = recurse(depth + 1);
    last_result = below;  // a side effect that needs the call's result: not a tail call
    return below - depth * 3;
}

int main(void) {
    printf("before the trap\n");
    fflush(stdout);
    printf("%u\n", recurse(0));
    return 0;
}
