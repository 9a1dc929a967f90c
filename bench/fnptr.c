// fnptr: calls through function pointers: a table of small operations picked by data (as a
// plugin or callback table is), and "objects" with a vtable of methods (shape areas), each
// called indirectly in a hot loop. Each call is a call_indirect in WebAssembly.
// Usage: fnptr [rounds]   (default 75)
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

typedef uint32_t (*operation)(uint32_t, uint32_t);

static uint32_t op_add(uint32_t a, uint32_t b) { return a + b; }
static uint32_t op_xor(uint32_t a, uint32_t b) { return a ^ (b * 0x9e3779b9u); }
static uint32_t op_rotl(uint32_t a, uint32_t b) { return a << (b & 31) | a >> ((32 - b) & 31); }
static uint32_t op_mul(uint32_t a, uint32_t b) { return a * (b | 1); }
static uint32_t op_sub(uint32_t a, uint32_t b) { return a - (b >> 3); }
static uint32_t op_min(uint32_t a, uint32_t b) { return (a < b ? a : b) + 7; }
static uint32_t op_mix(uint32_t a, uint32_t b) { return (a ^ a >> 15) * 0x2c1b3c6du + b; }
static uint32_t op_avg(uint32_t a, uint32_t b) { return (a >> 1) + (b >> 1) + 1; }

static operation const table[8] = {op_add, op_xor, op_rotl, op_mul, op_sub, op_min, op_mix, op_avg};

struct shape;
struct shape_methods { double (*area)(const struct shape *); double (*perimeter)(const struct shape *); };
struct shape { const struct shape_methods *methods; double a, b; };

static double rect_area(const struct shape *s) { return s->a * s->b; }
static double rect_perimeter(const struct shape *s) { return 2 * (s->a + s->b); }
static double circle_area(const struct shape *s) { return 3.141592653589793 * s->a * s->a; }
static double circle_perimeter(const struct shape *s) { return 2 * 3.141592653589793 * s->a; }
static double tri_area(const struct shape *s) { return 0.5 * s->a * s->b; }
static double tri_perimeter(const struct shape *s) { return s->a + s->b + (s->a > s->b ? s->a : s->b); }

static const struct shape_methods rect = {rect_area, rect_perimeter}, circle = {circle_area, circle_perimeter},
                                  tri = {tri_area, tri_perimeter};

int main(int argc, char **argv) {
    int rounds = argc > 1 ? atoi(argv[1]) : 75;
    enum { OPS = 1 << 16, SHAPES = 4096 };
    uint8_t *selector = malloc(OPS);
    struct shape *shapes = malloc(SHAPES * sizeof *shapes);
    uint32_t x = 2463534242u;
    for (int i = 0; i < OPS; i++) { x ^= x << 13; x ^= x >> 17; x ^= x << 5; selector[i] = (uint8_t)(x & 7); }
    const struct shape_methods *kinds[3] = {&rect, &circle, &tri};
    for (int i = 0; i < SHAPES; i++) {
        x ^= x << 13; x ^= x >> 17; x ^= x << 5;
        shapes[i] = (struct shape){kinds[x % 3], (double)(x >> 20 & 255) / 16 + 1, (double)(x >> 12 & 255) / 16 + 1};
    }
    uint32_t acc = 1;
    double area = 0, perimeter = 0;
    for (int r = 0; r < rounds; r++) {
        for (int k = 0; k < 8; k++)
            for (int i = 0; i < OPS; i++) acc = table[selector[i]](acc, (uint32_t)i + (uint32_t)k);
        for (int k = 0; k < 24; k++)
            for (int i = 0; i < SHAPES; i++) {
                area += shapes[i].methods->area(&shapes[i]);
                perimeter += shapes[i].methods->perimeter(&shapes[i]);
            }
    }
    printf("acc %08x area %.6f perimeter %.6f\n", acc, area, perimeter);
    free(selector);
    free(shapes);
    return 0;
}
