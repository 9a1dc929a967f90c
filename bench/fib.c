// fib: naive doubly recursive Fibonacci (call-heavy code: function entry/exit, small frames).
// Usage: fib [top]   (fib(30..top), default 39)
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static uint32_t fib(uint32_t n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

int main(int argc, char **argv) {
    uint32_t top = argc > 1 ? (uint32_t)atoi(argv[1]) : 39, total = 0;
    for (uint32_t n = 30; n <= top; n++) total += fib(n);
    printf("sum of fib(30..%u) = %u\n", top, total);
    return 0;
}
