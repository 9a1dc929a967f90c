// dot: dot products over arrays of 1M elements, repeated: float with 8 partial sums (the usual
// way to let a compiler use vectors without reassociating one sum), int16 -> int32, and double;
// prints the results.
// Usage: dot [rounds]   (default 200)
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define LEN (1 << 20)

static float dot_f32(const float *a, const float *b, int n) {
    float s[8] = {0};
    for (int i = 0; i < n; i += 8)
        for (int k = 0; k < 8; k++) s[k] += a[i + k] * b[i + k];
    return ((s[0] + s[1]) + (s[2] + s[3])) + ((s[4] + s[5]) + (s[6] + s[7]));
}

static int32_t dot_i16(const int16_t *a, const int16_t *b, int n) {
    int32_t s = 0;
    for (int i = 0; i < n; i++) s += a[i] * b[i];
    return s;
}

static double dot_f64(const double *a, const double *b, int n) {
    double s[4] = {0};
    for (int i = 0; i < n; i += 4)
        for (int k = 0; k < 4; k++) s[k] += a[i + k] * b[i + k];
    return (s[0] + s[1]) + (s[2] + s[3]);
}

int main(int argc, char **argv) {
    int rounds = argc > 1 ? atoi(argv[1]) : 200;
    float *fa = malloc(sizeof(float) * LEN), *fb = malloc(sizeof(float) * LEN);
    int16_t *ia = malloc(sizeof(int16_t) * LEN), *ib = malloc(sizeof(int16_t) * LEN);
    double *da = malloc(sizeof(double) * LEN), *db = malloc(sizeof(double) * LEN);
    uint32_t state = 12345;
    for (int i = 0; i < LEN; i++) {
        state = state * 1103515245u + 12345u;
        fa[i] = (float)(state >> 16) / 65536.0f - 0.5f;
        ia[i] = (int16_t)(state >> 8);
        da[i] = (double)(state >> 4) / 268435456.0;
        state = state * 1103515245u + 12345u;
        fb[i] = (float)(state >> 16) / 32768.0f;
        ib[i] = (int16_t)(state >> 12);
        db[i] = (double)(state >> 8) / 16777216.0 - 0.25;
    }
    float f = 0;
    int32_t s = 0;
    double d = 0;
    for (int round = 0; round < rounds; round++) {
        fa[round] += 1.0f;
        f += dot_f32(fa, fb, LEN);
        s += dot_i16(ia, ib, LEN);
        d += dot_f64(da, db, LEN);
    }
    printf("dot %d: f32 %.6e  i16 %d  f64 %.10e\n", LEN, (double)f, s, d);
    return 0;
}
