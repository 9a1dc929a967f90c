// fannkuch: the fannkuch-redux permutation kernel (count the pancake flips of every permutation
// of 1..n): small arrays, data-dependent loops, byte loads and stores.
// Usage: fannkuch [n] [repeat]   (default 10 2: the whole count twice)
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static void fannkuch(int n) {
    int8_t perm[16], perm1[16], count[16];
    int32_t max_flips = 0, checksum = 0, permutation = 0;
    for (int i = 0; i < n; i++) perm1[i] = (int8_t)i;
    int r = n;
    for (;;) {
        while (r != 1) { count[r - 1] = (int8_t)r; r--; }
        for (int i = 0; i < n; i++) perm[i] = perm1[i];
        int flips = 0;
        for (int k = perm[0]; k != 0; k = perm[0]) {
            for (int i = 0, j = k; i < j; i++, j--) { int8_t t = perm[i]; perm[i] = perm[j]; perm[j] = t; }
            flips++;
        }
        if (flips > max_flips) max_flips = flips;
        checksum += permutation % 2 == 0 ? flips : -flips;
        // Next permutation in the order of the benchmark game's programs.
        for (;;) {
            if (r == n) {
                printf("%d\nPfannkuchen(%d) = %d\n", checksum, n, max_flips);
                return;
            }
            int8_t first = perm1[0];
            for (int i = 0; i < r; i++) perm1[i] = perm1[i + 1];
            perm1[r] = first;
            if (--count[r] > 0) break;
            r++;
        }
        permutation++;
    }
}

int main(int argc, char **argv) {
    int n = argc > 1 ? atoi(argv[1]) : 10, repeat = argc > 2 ? atoi(argv[2]) : 2;
    if (n < 3 || n > 12) return 2;
    for (int r = 0; r < repeat; r++) fannkuch(n);
    return 0;
}
