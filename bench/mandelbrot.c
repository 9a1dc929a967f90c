// mandelbrot: the Mandelbrot set on an n x n grid, 50 iterations, one bit per pixel: double
// arithmetic in a tight loop with an early exit, bit packing; the checksum hashes the bitmap.
// Usage: mandelbrot [n]   (default 2400)
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
    int n = argc > 1 ? atoi(argv[1]) : 2400;
    uint32_t hash = 2166136261u;
    uint32_t inside = 0;
    for (int y = 0; y < n; y++) {
        double ci = 2.0 * y / n - 1.0;
        uint8_t bits = 0;
        for (int x = 0; x < n; x++) {
            double cr = 2.0 * x / n - 1.5;
            double zr = 0, zi = 0, tr = 0, ti = 0;
            int i = 0;
            for (; i < 50 && tr + ti <= 4.0; i++) {
                zi = 2.0 * zr * zi + ci;
                zr = tr - ti + cr;
                tr = zr * zr;
                ti = zi * zi;
            }
            bits = (uint8_t)(bits << 1 | (tr + ti <= 4.0));
            if ((x & 7) == 7 || x == n - 1) {
                hash = (hash ^ bits) * 16777619u;
                inside += (uint32_t)__builtin_popcount(bits);
                bits = 0;
            }
        }
    }
    printf("mandelbrot %d: %u points inside, hash %08x\n", n, inside, hash);
    return 0;
}
