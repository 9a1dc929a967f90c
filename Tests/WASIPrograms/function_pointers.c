// function_pointers: tables of function pointers (call_indirect), callbacks, a dispatch table
// indexed by opcode, function pointers stored in structs, and returning function pointers.
#include <stdint.h>
#include <stdio.h>
#include <string.h>

typedef int32_t (*binop)(int32_t, int32_t);

static int32_t add(int32_t a, int32_t b) { return a + b; }
static int32_t sub(int32_t a, int32_t b) { return a - b; }
static int32_t mul(int32_t a, int32_t b) { return a * b; }
static int32_t maxi(int32_t a, int32_t b) { return a > b ? a : b; }
static int32_t mini(int32_t a, int32_t b) { return a < b ? a : b; }

static const struct {
    const char *name;
    binop fn;
} operations[] = {{"add", add}, {"sub", sub}, {"mul", mul}, {"max", maxi}, {"min", mini}};

static int32_t fold(const int32_t *values, int n, binop fn, int32_t init) {
    int32_t acc = init;
    for (int i = 0; i < n; i++) acc = fn(acc, values[i]);
    return acc;
}

static void map(int32_t *values, int n, int32_t (*fn)(int32_t)) {
    for (int i = 0; i < n; i++) values[i] = fn(values[i]);
}
static int32_t square(int32_t x) { return x * x; }
static int32_t negate(int32_t x) { return -x; }
static int32_t halve(int32_t x) { return x / 2; }

static binop lookup(const char *name) {
    for (unsigned i = 0; i < sizeof operations / sizeof operations[0]; i++)
        if (strcmp(operations[i].name, name) == 0) return operations[i].fn;
    return NULL;
}

// Different signatures through one table of generic pointers.
static double scale(double x) { return x * 2.5; }
static int64_t widen(int32_t x) { return (int64_t)x << 33; }
static void shout(const char *s) { printf("  shout: %s!\n", s); }

struct shape {
    const char *name;
    double (*area)(const struct shape *);
    double a, b;
};
static double rect_area(const struct shape *s) { return s->a * s->b; }
static double tri_area(const struct shape *s) { return 0.5 * s->a * s->b; }
static double circle_area(const struct shape *s) { return 3.25 * s->a * s->a; }

typedef int (*state_fn)(int *counter);
static int state_c(int *counter);
static int state_a(int *counter) { (*counter) += 1; return 1; }
static int state_b(int *counter) { (*counter) *= 3; return 2; }
static int state_c(int *counter) { (*counter) -= 2; return *counter > 1000 ? -1 : 0; }

int main(void) {
    int32_t values[] = {3, -7, 12, 5, 0, 9, -2, 8};
    int n = (int)(sizeof values / sizeof values[0]);
    for (unsigned i = 0; i < sizeof operations / sizeof operations[0]; i++)
        printf("fold %s = %d\n", operations[i].name, fold(values, n, operations[i].fn, i == 2 ? 1 : 0));

    int32_t (*pipeline[])(int32_t) = {square, negate, halve, negate};
    for (unsigned step = 0; step < 4; step++) {
        map(values, n, pipeline[step]);
        printf("after step %u:", step);
        for (int i = 0; i < n; i++) printf(" %d", values[i]);
        printf("\n");
    }

    const char *names[] = {"mul", "max", "nope", "sub"};
    for (int i = 0; i < 4; i++) {
        binop fn = lookup(names[i]);
        if (fn) printf("%s(6, 7) = %d\n", names[i], fn(6, 7));
        else printf("%s: not found\n", names[i]);
    }

    printf("scale(4) = %g, widen(3) = %lld\n", scale(4), (long long)widen(3));
    void (*speaker)(const char *) = shout;
    speaker("function pointers work");

    struct shape shapes[] = {{"rect", rect_area, 3, 4}, {"triangle", tri_area, 5, 6}, {"circle", circle_area, 2, 0}};
    double total = 0;
    for (int i = 0; i < 3; i++) {
        double area = shapes[i].area(&shapes[i]);
        total += area;
        printf("%s area %.3f\n", shapes[i].name, area);
    }
    printf("total area %.3f\n", total);

    state_fn states[] = {state_a, state_b, state_c};
    int counter = 1, state = 0, transitions = 0;
    while (state >= 0) {
        state = states[state](&counter);
        transitions++;
    }
    printf("state machine: counter=%d transitions=%d\n", counter, transitions);
    return 0;
}
