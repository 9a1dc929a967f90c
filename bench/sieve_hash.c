// sieve_hash: a byte sieve of Eratosthenes up to 60 million, then an integer hash-mixing loop
// (multiplies, shifts, xors, 32- and 64-bit) over the primes found.
// Usage: sieve_hash [limit]   (default 60000000)
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
    uint32_t LIMIT = argc > 1 ? (uint32_t)atoi(argv[1]) : 60000000;
    uint8_t *composite = malloc(LIMIT + 1);
    memset(composite, 0, LIMIT + 1);
    for (uint32_t i = 2; (uint64_t)i * i <= LIMIT; i++)
        if (!composite[i])
            for (uint32_t j = i * i; j <= LIMIT; j += i) composite[j] = 1;
    uint32_t count = 0;
    uint64_t hash = 0xcbf29ce484222325ull;
    uint32_t h32 = 2166136261u;
    for (uint32_t i = 2; i <= LIMIT; i++) {
        if (composite[i]) continue;
        count++;
        uint64_t x = i * 0x9E3779B97F4A7C15ull;
        x ^= x >> 29;
        x *= 0xBF58476D1CE4E5B9ull;
        hash = (hash ^ x ^ (x >> 32)) * 0x100000001b3ull;
        h32 = (h32 ^ i) * 16777619u;
        h32 = (h32 << 7) | (h32 >> 25);
    }
    printf("primes up to %u: %u, hash %016llx, h32 %08x\n", LIMIT, count, (unsigned long long)hash, h32);
    free(composite);
    return 0;
}
