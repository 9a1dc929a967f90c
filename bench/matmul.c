// matmul: dense double-precision matrix multiply (i-k-j order), N x N, repeated; prints a checksum.
// Usage: matmul [rounds]   (default 10)
#include <stdio.h>
#include <stdlib.h>

#define N 512

int main(int argc, char **argv) {
    int rounds = argc > 1 ? atoi(argv[1]) : 10;
    double *a = malloc(sizeof(double) * N * N), *b = malloc(sizeof(double) * N * N),
           *c = malloc(sizeof(double) * N * N);
    for (int i = 0; i < N * N; i++) {
        a[i] = (double)(i % 97) / 97.0;
        b[i] = (double)(i % 89) / 89.0 - 0.5;
    }
    double checksum = 0;
    for (int round = 0; round < rounds; round++) {
        for (int i = 0; i < N * N; i++) c[i] = 0;
        for (int i = 0; i < N; i++)
            for (int k = 0; k < N; k++) {
                double aik = a[i * N + k];
                for (int j = 0; j < N; j++) c[i * N + j] += aik * b[k * N + j];
            }
        for (int i = 0; i < N * N; i += N + 1) checksum += c[i];
        a[round] += 1.0;
    }
    printf("matmul %d: checksum %.6f\n", N, checksum);
    free(a);
    free(b);
    free(c);
    return 0;
}
