// fib: naive doubly recursive Fibonacci (call-heavy code: function entry/exit, small frames).
#include <stdint.h>
#include <stdio.h>

static uint32_t fib(uint32_t n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

int main(void) {
    uint32_t total = 0;
    for (uint32_t n = 30; n <= 38; n++) total += fib(n);
    printf("sum of fib(30..38) = %u\n", total);
    return 0;
}
