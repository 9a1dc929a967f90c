// sorting: qsort of integers, doubles, strings and structs (with a total order, since qsort is
// not stable and libcs differ), bsearch, and hand-written insertion sort, heap sort, merge sort
// and quicksort over pseudo-random data, checked against each other.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t rng = 0x9E3779B97F4A7C15ull;
static uint32_t next_random(void) {
    rng = rng * 6364136223846793005ull + 1442695040888963407ull;
    return (uint32_t)(rng >> 33);
}

static int compare_int(const void *a, const void *b) {
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return (x > y) - (x < y);
}
static int compare_double_desc(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x < y) - (x > y);
}
static int compare_string(const void *a, const void *b) {
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

struct person {
    char name[16];
    int age;
    int id;
};
static int compare_person(const void *a, const void *b) {
    const struct person *p = a, *q = b;
    if (p->age != q->age) return p->age - q->age;
    int c = strcmp(p->name, q->name);
    if (c != 0) return c;
    return p->id - q->id;
}

static void insertion_sort(int32_t *a, int n) {
    for (int i = 1; i < n; i++) {
        int32_t v = a[i];
        int j = i - 1;
        while (j >= 0 && a[j] > v) { a[j + 1] = a[j]; j--; }
        a[j + 1] = v;
    }
}

static void sift_down(int32_t *a, int start, int end) {
    int root = start;
    while (2 * root + 1 <= end) {
        int child = 2 * root + 1, swap = root;
        if (a[swap] < a[child]) swap = child;
        if (child + 1 <= end && a[swap] < a[child + 1]) swap = child + 1;
        if (swap == root) return;
        int32_t t = a[root]; a[root] = a[swap]; a[swap] = t;
        root = swap;
    }
}
static void heap_sort(int32_t *a, int n) {
    for (int start = (n - 2) / 2; start >= 0; start--) sift_down(a, start, n - 1);
    for (int end = n - 1; end > 0; end--) {
        int32_t t = a[end]; a[end] = a[0]; a[0] = t;
        sift_down(a, 0, end - 1);
    }
}

static void merge_sort(int32_t *a, int32_t *tmp, int n) {
    if (n < 2) return;
    int h = n / 2;
    merge_sort(a, tmp, h);
    merge_sort(a + h, tmp, n - h);
    int i = 0, j = h, k = 0;
    while (i < h && j < n) tmp[k++] = a[i] <= a[j] ? a[i++] : a[j++];
    while (i < h) tmp[k++] = a[i++];
    while (j < n) tmp[k++] = a[j++];
    memcpy(a, tmp, (size_t)n * sizeof *a);
}

static void quick_sort(int32_t *a, int lo, int hi) {
    while (lo < hi) {
        int32_t pivot = a[lo + (hi - lo) / 2];
        int i = lo, j = hi;
        while (i <= j) {
            while (a[i] < pivot) i++;
            while (a[j] > pivot) j--;
            if (i <= j) { int32_t t = a[i]; a[i] = a[j]; a[j] = t; i++; j--; }
        }
        if (j - lo < hi - i) { quick_sort(a, lo, j); lo = i; }
        else { quick_sort(a, i, hi); hi = j; }
    }
}

static uint32_t checksum(const int32_t *a, int n) {
    uint32_t h = 2166136261u;
    for (int i = 0; i < n; i++) h = (h ^ (uint32_t)a[i]) * 16777619u;
    return h;
}

#define N 200000

int main(void) {
    static int32_t original[N], a[N], b[N], c[N], d[N], e[N], tmp[N];
    for (int i = 0; i < N; i++) original[i] = (int32_t)(next_random() % 1000000) - 500000;
    memcpy(a, original, sizeof a);
    memcpy(b, original, sizeof b);
    memcpy(c, original, sizeof c);
    memcpy(d, original, sizeof d);
    memcpy(e, original, 5000 * sizeof *e);

    qsort(a, N, sizeof *a, compare_int);
    heap_sort(b, N);
    merge_sort(c, tmp, N);
    quick_sort(d, 0, N - 1);
    insertion_sort(e, 5000);
    printf("qsort     %08x min %d max %d median %d\n", checksum(a, N), a[0], a[N - 1], a[N / 2]);
    printf("heap      %08x same %d\n", checksum(b, N), memcmp(a, b, sizeof a) == 0);
    printf("merge     %08x same %d\n", checksum(c, N), memcmp(a, c, sizeof a) == 0);
    printf("quick     %08x same %d\n", checksum(d, N), memcmp(a, d, sizeof a) == 0);
    qsort(original, 5000, sizeof *original, compare_int);
    printf("insertion %08x same %d\n", checksum(e, 5000), memcmp(e, original, 5000 * sizeof *e) == 0);

    int hits = 0;
    for (int32_t key = -500000; key < 500000; key += 997)
        if (bsearch(&key, a, N, sizeof *a, compare_int)) hits++;
    printf("bsearch hits %d\n", hits);

    double ds[12];
    for (int i = 0; i < 12; i++) ds[i] = (double)(int32_t)(next_random() % 2001 - 1000) / 8.0;
    qsort(ds, 12, sizeof *ds, compare_double_desc);
    printf("doubles desc:");
    for (int i = 0; i < 12; i++) printf(" %g", ds[i]);
    printf("\n");

    const char *words[] = {"pear", "apple", "fig", "banana", "cherry", "apple pie", "Zebra", "apricot", "date",
                           "elderberry", "grape", "", "Apple", "kiwi"};
    int nwords = (int)(sizeof words / sizeof words[0]);
    qsort(words, (size_t)nwords, sizeof *words, compare_string);
    printf("words:");
    for (int i = 0; i < nwords; i++) printf(" [%s]", words[i]);
    printf("\n");

    struct person people[40];
    const char *names[] = {"ada", "bob", "cy", "dee", "eve", "fay"};
    for (int i = 0; i < 40; i++) {
        snprintf(people[i].name, sizeof people[i].name, "%s%u", names[next_random() % 6], next_random() % 3);
        people[i].age = 20 + (int)(next_random() % 5);
        people[i].id = i;
    }
    qsort(people, 40, sizeof *people, compare_person);
    for (int i = 0; i < 40; i += 4)
        printf("person %-5s age %d id %2d\n", people[i].name, people[i].age, people[i].id);
    return 0;
}
