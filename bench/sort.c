// sort: quicksort and merge sort of 5 million pseudo-random 32-bit integers, then qsort of one
// million with a comparator through a function pointer (call_indirect).
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N 5000000

static uint32_t state = 2463534242u;
static uint32_t next_random(void) {
    state ^= state << 13;
    state ^= state >> 17;
    state ^= state << 5;
    return state;
}

static void quick_sort(uint32_t *a, int lo, int hi) {
    while (hi - lo > 16) {
        uint32_t pivot = a[lo + (hi - lo) / 2];
        int i = lo, j = hi;
        while (i <= j) {
            while (a[i] < pivot) i++;
            while (a[j] > pivot) j--;
            if (i <= j) { uint32_t t = a[i]; a[i] = a[j]; a[j] = t; i++; j--; }
        }
        if (j - lo < hi - i) { quick_sort(a, lo, j); lo = i; }
        else { quick_sort(a, i, hi); hi = j; }
    }
    for (int i = lo + 1; i <= hi; i++) {
        uint32_t v = a[i];
        int k = i - 1;
        while (k >= lo && a[k] > v) { a[k + 1] = a[k]; k--; }
        a[k + 1] = v;
    }
}

static void merge_sort(uint32_t *a, uint32_t *tmp, int n) {
    for (int width = 1; width < n; width *= 2) {
        for (int lo = 0; lo < n; lo += 2 * width) {
            int mid = lo + width < n ? lo + width : n, hi = lo + 2 * width < n ? lo + 2 * width : n;
            int i = lo, j = mid, k = lo;
            while (i < mid && j < hi) tmp[k++] = a[i] <= a[j] ? a[i++] : a[j++];
            while (i < mid) tmp[k++] = a[i++];
            while (j < hi) tmp[k++] = a[j++];
        }
        uint32_t *t = a; a = tmp; tmp = t;
        memcpy(tmp, a, (size_t)n * sizeof *a);
    }
}

static int compare(const void *x, const void *y) {
    uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;
    return (a > b) - (a < b);
}

static uint32_t digest(const uint32_t *a, int n) {
    uint32_t h = 0;
    for (int i = 0; i < n; i++) h = h * 31u + a[i];
    return h;
}

int main(void) {
    uint32_t *a = malloc(N * sizeof *a), *b = malloc(N * sizeof *b), *tmp = malloc(N * sizeof *tmp);
    for (int i = 0; i < N; i++) a[i] = b[i] = next_random();
    quick_sort(a, 0, N - 1);
    merge_sort(b, tmp, N);
    printf("quick %08x merge %08x equal %d\n", digest(a, N), digest(b, N), memcmp(a, b, N * sizeof *a) == 0);
    for (int i = 0; i < N / 5; i++) a[i] = next_random();
    qsort(a, N / 5, sizeof *a, compare);
    printf("qsort %08x\n", digest(a, N / 5));
    free(a);
    free(b);
    free(tmp);
    return 0;
}
