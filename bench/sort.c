// sort: quicksort and merge sort of 3 million pseudo-random 32-bit integers, then a heap sort of
// 600,000 with a comparator through a function pointer (call_indirect). The heap sort is
// ours, not the C library's qsort: glibc's and wasi-libc's are different algorithms.
// Usage: sort [n]   (default 3000000)
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

typedef int (*comparator)(const void *, const void *);

static void sift_down(uint32_t *a, size_t root, size_t n, comparator compare) {
    for (size_t child; (child = 2 * root + 1) < n; root = child) {
        if (child + 1 < n && compare(&a[child], &a[child + 1]) < 0) child++;
        if (compare(&a[root], &a[child]) >= 0) return;
        uint32_t t = a[root]; a[root] = a[child]; a[child] = t;
    }
}

static void heap_sort(uint32_t *a, size_t n, comparator compare) {
    for (size_t i = n / 2; i-- > 0;) sift_down(a, i, n, compare);
    for (size_t end = n; end-- > 1;) {
        uint32_t t = a[0]; a[0] = a[end]; a[end] = t;
        sift_down(a, 0, end, compare);
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

int main(int argc, char **argv) {
    int N = argc > 1 ? atoi(argv[1]) : 3000000;
    // Through a volatile so that clang cannot specialise heap_sort for this one comparator.
    comparator volatile chosen = compare;
    uint32_t *a = malloc(N * sizeof *a), *b = malloc(N * sizeof *b), *tmp = malloc(N * sizeof *tmp);
    for (int i = 0; i < N; i++) a[i] = b[i] = next_random();
    quick_sort(a, 0, N - 1);
    merge_sort(b, tmp, N);
    printf("quick %08x merge %08x equal %d\n", digest(a, N), digest(b, N), memcmp(a, b, N * sizeof *a) == 0);
    for (int i = 0; i < N / 5; i++) a[i] = next_random();
    heap_sort(a, (size_t)N / 5, chosen);
    printf("heap %08x\n", digest(a, N / 5));
    free(a);
    free(b);
    free(tmp);
    return 0;
}
