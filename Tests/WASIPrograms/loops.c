// loops: nested counting loops, integer arithmetic, Collatz, GCD, primes by trial division.
#include <stdint.h>
#include <stdio.h>

static uint32_t collatz_steps(uint64_t n) {
    uint32_t steps = 0;
    while (n != 1) {
        n = (n & 1) ? 3 * n + 1 : n / 2;
        steps++;
    }
    return steps;
}

static uint32_t gcd(uint32_t a, uint32_t b) {
    while (b != 0) {
        uint32_t t = a % b;
        a = b;
        b = t;
    }
    return a;
}

int main(void) {
    // Triangle of sums.
    for (int row = 1; row <= 6; row++) {
        int sum = 0;
        for (int col = 1; col <= row; col++) {
            sum += col * row;
            printf("%4d", col * row);
        }
        printf(" | %d\n", sum);
    }

    // Longest Collatz chain below 300000.
    uint32_t best = 0, best_n = 0;
    for (uint32_t n = 1; n < 300000; n++) {
        uint32_t s = collatz_steps(n);
        if (s > best) {
            best = s;
            best_n = n;
        }
    }
    printf("collatz: n=%u steps=%u\n", best_n, best);

    // Count coprime pairs in a grid.
    uint32_t coprime = 0;
    for (uint32_t a = 1; a <= 400; a++)
        for (uint32_t b = 1; b <= 400; b++)
            if (gcd(a, b) == 1) coprime++;
    printf("coprime pairs in 400x400: %u\n", coprime);

    // Primes by trial division, with break and continue.
    int count = 0;
    uint32_t last = 0;
    for (uint32_t n = 2; n < 50000; n++) {
        if (n > 2 && n % 2 == 0) continue;
        int prime = 1;
        for (uint32_t d = 3; d * d <= n; d += 2) {
            if (n % d == 0) {
                prime = 0;
                break;
            }
        }
        if (prime) {
            count++;
            last = n;
        }
    }
    printf("primes below 50000: %d, largest %u\n", count, last);

    // do/while with unsigned wrap-around and signed arithmetic.
    uint32_t x = 7;
    int iterations = 0;
    do {
        x = x * 2654435761u + 12345u;
        iterations++;
    } while ((x >> 24) != 0x42 && iterations < 1000000);
    printf("lcg hit 0x42 after %d iterations, x=%08x\n", iterations, x);

    int64_t acc = 0;
    for (int i = -1000; i <= 1234; i++) acc += (int64_t)i * i * i - 3 * i;
    printf("signed cubic sum: %lld\n", (long long)acc);

    // A switch inside a loop (becomes br_table).
    int histogram[5] = {0};
    for (int i = 0; i < 1000; i++) {
        switch ((i * 7 + 3) % 11) {
        case 0: histogram[0]++; break;
        case 1: case 2: histogram[1]++; break;
        case 3: case 5: case 8: histogram[2]++; break;
        case 10: histogram[3]++; break;
        default: histogram[4]++; break;
        }
    }
    printf("switch histogram: %d %d %d %d %d\n", histogram[0], histogram[1], histogram[2], histogram[3],
           histogram[4]);
    return 0;
}
