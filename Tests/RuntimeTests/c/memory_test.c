/*
 * memory_test.c: a hand-written "generated-style" module with one linear memory, checking
 * guard-page traps (named after the faulting WASM function), memory.grow, the bulk operations'
 * bounds, and that guarded calls keep working after traps.
 * bsrt-test: signals (uses guard-page faults: not run under ASan)
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* MAP_ANONYMOUS, MAP_NORESERVE */
#endif
#include <stdint.h>
#include <sys/mman.h>

#include "bsrt_ops.h"
#include "check.h"

/* ---- the module, as the translator would emit it ------------------------------------ */

typedef struct demo_instance {
    bsrt_instance base;
    bsrt_memory memory;
    bsrt_func load_func;
} demo_instance;

static const uint8_t data_segment[] = {1, 2, 3, 4};

/* (func $load (param i32) (result i32) (i32.load (local.get 0))) */
__attribute__((noinline)) static uint32_t w_load(bsrt_instance *self, uint32_t p) {
    uint8_t *mem = ((demo_instance *)self)->memory.base;
    return bsrt_i32_load(mem, (uint64_t)p + 0);
}

/* (func $load_far (param i32) (result i64) (i64.load offset=0xffffffff (local.get 0))) */
__attribute__((noinline)) static uint64_t w_load_far(bsrt_instance *self, uint32_t p) {
    uint8_t *mem = ((demo_instance *)self)->memory.base;
    return bsrt_i64_load(mem, (uint64_t)p + 0xffffffffu);
}

/* (func $store (param i32 i32) (i32.store16 (local.get 0) (local.get 1))) */
__attribute__((noinline)) static void w_store(bsrt_instance *self, uint32_t p, uint32_t v) {
    uint8_t *mem = ((demo_instance *)self)->memory.base;
    bsrt_i32_store16(mem, (uint64_t)p + 0, v);
}

/* (func $grow (param i32) (result i32) (memory.grow (local.get 0))) */
__attribute__((noinline)) static uint32_t w_grow(bsrt_instance *self, uint32_t delta) {
    return bsrt_memory_grow(&((demo_instance *)self)->memory, delta);
}

static void demo_instantiate(bsrt_instance *self, const bsrt_extern *imports) {
    (void)imports;
    demo_instance *in = (demo_instance *)self;
    if (bsrt_memory_init(&in->memory, 1, 3, true, 0) != 0) bsrt_trap(BSRT_TRAP_OUT_OF_MEMORY, "<instantiate>");
    self->memory0 = &in->memory;
    bsrt_memory_init_segment(&in->memory, 65532, data_segment, 4, 0, 4, "<instantiate>");
    in->load_func = (bsrt_func){(void (*)(void))w_load, bsrt_type_id("i:i"), self, "load", NULL};
}

static const bsrt_export_desc demo_exports[] = {{"memory", BSRT_EXTERN_MEMORY}, {"load", BSRT_EXTERN_FUNC}};

static bsrt_extern demo_get_export(bsrt_instance *self, uint32_t index) {
    demo_instance *in = (demo_instance *)self;
    bsrt_extern e = {.kind = demo_exports[index].kind};
    if (index == 0) e.as.memory = &in->memory;
    else e.as.func = &in->load_func;
    return e;
}

static void demo_release(bsrt_instance *self) { bsrt_memory_free(&((demo_instance *)self)->memory); }

static const void *const demo_addresses[] = {(const void *)w_load, (const void *)w_load_far, (const void *)w_store,
                                             (const void *)w_grow};
static const char *const demo_names[] = {"load", "load_far", "store", "grow"};

static const bsrt_module demo_module = {
    .name = "demo",
    .instance_size = sizeof(demo_instance),
    .export_count = 2,
    .exports = demo_exports,
    .instantiate = demo_instantiate,
    .get_export = demo_get_export,
    .release = demo_release,
    .function_count = 4,
    .function_addresses = demo_addresses,
    .function_names = demo_names,
};

/* ---- driving it ---------------------------------------------------------------------- */

typedef struct call {
    bsrt_instance *instance;
    int which; /* 0 load, 1 load_far, 2 store */
    uint32_t p, v;
    uint64_t result;
} call;

static void run_call(void *arg) {
    call *c = arg;
    switch (c->which) {
    case 0: c->result = w_load(c->instance, c->p); break;
    case 1: c->result = w_load_far(c->instance, c->p); break;
    case 2: w_store(c->instance, c->p, c->v); break;
    }
}

static bsrt_trap_code invoke(bsrt_instance *in, int which, uint32_t p, uint32_t v, uint64_t *result) {
    call c = {in, which, p, v, 0};
    bsrt_trap_code t = bsrt_call_guarded(run_call, &c);
    if (result) *result = c.result;
    return t;
}

static void test_guard_pages(bsrt_instance *in) {
    uint64_t r = 0;
    CHECK_EQ(invoke(in, 0, 65532, 0, &r), BSRT_TRAP_NONE);
    CHECK_EQ(r, 0x04030201u);
    CHECK_EQ(invoke(in, 0, 65533, 0, NULL), BSRT_TRAP_OOB_MEMORY);
    CHECK_STR(bsrt_last_trap_function(), "load");
    CHECK_STR(bsrt_last_trap_reason(), "out of bounds memory access");
    /* The trap left nothing broken: the next guarded call works. */
    CHECK_EQ(invoke(in, 0, 0, 0, &r), BSRT_TRAP_NONE);
    CHECK_EQ(r, 0);
    CHECK_EQ(invoke(in, 2, 65535, 7, NULL), BSRT_TRAP_OOB_MEMORY);
    CHECK_STR(bsrt_last_trap_function(), "store");
    CHECK_EQ(invoke(in, 2, 65534, 0x0605, NULL), BSRT_TRAP_NONE);
    CHECK_EQ(invoke(in, 0, 65532, 0, &r), BSRT_TRAP_NONE);
    CHECK_EQ(r, 0x06050201u);
    /* The farthest address generated code can form: index 2^32-1 + offset 2^32-1. */
    CHECK_EQ(invoke(in, 1, 0xffffffffu, 0, NULL), BSRT_TRAP_OOB_MEMORY);
    CHECK_STR(bsrt_last_trap_function(), "load_far");
    CHECK_EQ(invoke(in, 0, 0xfffffffcu, 0, NULL), BSRT_TRAP_OOB_MEMORY);
    for (int i = 0; i < 100; i++) CHECK_EQ(invoke(in, 0, 0x80000000u + (uint32_t)i, 0, NULL), BSRT_TRAP_OOB_MEMORY);
}

static void test_grow(bsrt_instance *in) {
    demo_instance *d = (demo_instance *)in;
    uint8_t *base = d->memory.base;
    CHECK_EQ(bsrt_memory_size_pages(&d->memory), 1);
    CHECK_EQ(w_grow(in, 0), 1);
    CHECK_EQ(w_grow(in, 1), 1);
    CHECK(d->memory.base == base); /* never moves */
    CHECK_EQ(bsrt_memory_size_pages(&d->memory), 2);
    uint64_t r = 1;
    CHECK_EQ(invoke(in, 0, 65536 * 2 - 4, 0, &r), BSRT_TRAP_NONE);
    CHECK_EQ(r, 0); /* new pages are zero */
    CHECK_EQ(invoke(in, 0, 65536 * 2 - 3, 0, NULL), BSRT_TRAP_OOB_MEMORY);
    CHECK_EQ(w_grow(in, 2), UINT32_MAX); /* max is 3 */
    CHECK_EQ(w_grow(in, 0xffffffffu), UINT32_MAX);
    CHECK_EQ(w_grow(in, 1), 2);
    CHECK_EQ(w_grow(in, 1), UINT32_MAX);
    CHECK_EQ(bsrt_memory_size_pages(&d->memory), 3);

    /* Without a maximum the limit is 65536 pages. */
    bsrt_memory m;
    CHECK_EQ(bsrt_memory_init(&m, 0, 0, false, 0), 0);
    CHECK_EQ(m.size, 0);
    CHECK_EQ(m.max_pages, 65536);
    CHECK(m.reserved >= ((uint64_t)8 << 30));
    CHECK_EQ(bsrt_memory_grow(&m, 65537), UINT32_MAX);
    CHECK_EQ(bsrt_memory_grow(&m, 10), 0);
    CHECK_EQ(bsrt_memory_grow(&m, 0), 10);
    m.base[10 * 65536 - 1] = 1;
    bsrt_memory_free(&m);
    CHECK(m.base == NULL);
    CHECK_EQ(bsrt_memory_init(&m, 4, 2, true, 0), -1); /* initial above max */
    /* Many memories at once: each is its own 8 GiB reservation. */
    bsrt_memory many[64];
    int made = 0;
    for (int i = 0; i < 64; i++) made += bsrt_memory_init(&many[i], 1, 1, true, 0) == 0;
    CHECK_EQ(made, 64);
    for (int i = 0; i < 64; i++) bsrt_memory_free(&many[i]);
}

/* bsrt_memory_init_at: the memory is reserved exactly where asked (an executable's memory 0,
 * BSRT_EXECUTABLE_MEMORY0), and refused, untouched, where something is mapped already. */
static void test_fixed_place(void) {
    /* A free place: one the kernel just gave out and took back. */
    uint64_t reservation = ((uint64_t)8 << 30) + 65536;
    uint8_t *place = mmap(NULL, reservation, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    CHECK(place != MAP_FAILED);
    munmap(place, reservation);
    bsrt_memory m, again;
    CHECK_EQ(bsrt_memory_init_at(&m, place, 2, 3, true, 0), 0);
    CHECK(m.base == place);
    CHECK_EQ(m.size, 2 * 65536);
    m.base[2 * 65536 - 1] = 9;
    CHECK_EQ(bsrt_memory_grow(&m, 1), 2);
    CHECK_EQ(m.base[3 * 65536 - 1], 0);
    /* Taken: refused, and the memory there keeps its bytes. */
    CHECK_EQ(bsrt_memory_init_at(&again, place, 1, 1, true, 0), -1);
    CHECK_EQ(m.base[2 * 65536 - 1], 9);
    /* Overlapping the reservation's far end is refused too. */
    CHECK_EQ(bsrt_memory_init_at(&again, place + ((uint64_t)4 << 30), 1, 1, true, 0), -1);
    bsrt_memory_free(&m);
    CHECK_EQ(bsrt_memory_init_at(&m, place, 1, 1, true, 0), 0);
    CHECK(m.base == place);
    bsrt_memory_free(&m);
}

typedef struct bulk {
    bsrt_memory *memory;
    int op; /* 0 copy, 1 fill, 2 init */
    uint32_t dst, src, n, value;
    uint32_t seg_len;
} bulk;

static const uint8_t bulk_segment[8] = {10, 11, 12, 13, 14, 15, 16, 17};

static void run_bulk(void *arg) {
    bulk *b = arg;
    switch (b->op) {
    case 0: bsrt_memory_copy_in(b->memory, b->memory->base, b->memory, b->memory->base, b->dst, b->src, b->n, "bulk"); break;
    case 1: bsrt_memory_fill_in(b->memory, b->memory->base, b->dst, b->value, b->n, "bulk"); break;
    case 2: bsrt_memory_init_segment(b->memory, b->dst, b->seg_len ? bulk_segment : NULL, b->seg_len, b->src, b->n,
                                     "bulk");
        break;
    }
}

static bsrt_trap_code bulk_run(bsrt_memory *m, int op, uint32_t dst, uint32_t src, uint32_t n, uint32_t value) {
    bulk b = {m, op, dst, src, n, value, op == 2 && value == 0 ? 0 : 8};
    return bsrt_call_guarded(run_bulk, &b);
}

static void test_bulk(void) {
    bsrt_memory m;
    CHECK_EQ(bsrt_memory_init(&m, 1, 1, true, 0), 0);
    uint32_t size = 65536;
    for (int i = 0; i < 8; i++) m.base[i] = (uint8_t)i;
    /* copy: overlapping both ways (memmove semantics) */
    CHECK_EQ(bulk_run(&m, 0, 2, 0, 4, 0), BSRT_TRAP_NONE);
    CHECK(m.base[2] == 0 && m.base[3] == 1 && m.base[5] == 3 && m.base[6] == 6);
    CHECK_EQ(bulk_run(&m, 0, 0, 2, 4, 0), BSRT_TRAP_NONE);
    CHECK(m.base[0] == 0 && m.base[1] == 1 && m.base[3] == 3);
    CHECK_EQ(bulk_run(&m, 0, size, 0, 0, 0), BSRT_TRAP_NONE);
    CHECK_EQ(bulk_run(&m, 0, 0, size, 0, 0), BSRT_TRAP_NONE);
    CHECK_EQ(bulk_run(&m, 0, size + 1, 0, 0, 0), BSRT_TRAP_OOB_MEMORY);
    CHECK_STR(bsrt_last_trap_function(), "bulk");
    CHECK_EQ(bulk_run(&m, 0, 0, size + 1, 0, 0), BSRT_TRAP_OOB_MEMORY);
    CHECK_EQ(bulk_run(&m, 0, size - 2, 0, 3, 0), BSRT_TRAP_OOB_MEMORY);
    CHECK_EQ(bulk_run(&m, 0, 0, 0xffffffffu, 2, 0), BSRT_TRAP_OOB_MEMORY); /* no 32-bit wrap */
    CHECK_EQ(bulk_run(&m, 0, 0, size - 2, 3, 0), BSRT_TRAP_OOB_MEMORY);
    CHECK(m.base[0] == 0 && m.base[1] == 1); /* nothing written by a trapping copy */
    /* fill */
    CHECK_EQ(bulk_run(&m, 1, size - 4, 0, 4, 0x1ab), BSRT_TRAP_NONE);
    CHECK(m.base[size - 4] == 0xab && m.base[size - 1] == 0xab);
    CHECK_EQ(bulk_run(&m, 1, size, 0, 0, 0), BSRT_TRAP_NONE);
    CHECK_EQ(bulk_run(&m, 1, size + 1, 0, 0, 0), BSRT_TRAP_OOB_MEMORY);
    CHECK_EQ(bulk_run(&m, 1, size - 4, 0, 5, 0xcd), BSRT_TRAP_OOB_MEMORY);
    CHECK(m.base[size - 4] == 0xab); /* untouched */
    CHECK_EQ(bulk_run(&m, 1, 0xffffffffu, 0, 2, 0), BSRT_TRAP_OOB_MEMORY);
    /* init from an 8-byte segment; value 0 here stands for "dropped" (length 0) */
    CHECK_EQ(bulk_run(&m, 2, 100, 2, 3, 1), BSRT_TRAP_NONE);
    CHECK(m.base[100] == 12 && m.base[102] == 14);
    CHECK_EQ(bulk_run(&m, 2, 100, 6, 3, 1), BSRT_TRAP_OOB_MEMORY);
    CHECK_EQ(bulk_run(&m, 2, size - 2, 0, 3, 1), BSRT_TRAP_OOB_MEMORY);
    CHECK_EQ(bulk_run(&m, 2, size, 8, 0, 1), BSRT_TRAP_NONE);
    CHECK_EQ(bulk_run(&m, 2, size + 1, 0, 0, 1), BSRT_TRAP_OOB_MEMORY);
    CHECK_EQ(bulk_run(&m, 2, 0, 0, 0, 0), BSRT_TRAP_NONE);
    CHECK_EQ(bulk_run(&m, 2, 0, 0, 1, 0), BSRT_TRAP_OOB_MEMORY);
    CHECK_EQ(bulk_run(&m, 2, 0, 1, 0, 0), BSRT_TRAP_OOB_MEMORY);
    bsrt_memory_free(&m);
}

int main(void) {
    bsrt_trap_code trap;
    bsrt_instance *in = bsrt_instantiate(&demo_module, NULL, &trap);
    CHECK(in != NULL);
    CHECK_EQ(trap, BSRT_TRAP_NONE);
    CHECK(in->memory0 != NULL);
    bsrt_extern e;
    CHECK(bsrt_find_export(in, "load", &e));
    CHECK_EQ(e.kind, BSRT_EXTERN_FUNC);
    CHECK_STR(e.as.func->name, "load");
    CHECK(bsrt_find_export(in, "memory", &e) && e.as.memory == in->memory0);
    CHECK(!bsrt_find_export(in, "nope", &e));
    test_guard_pages(in);
    test_grow(in);
    test_bulk();
    test_fixed_place();
    bsrt_instance_free(in);
    return check_finish("memory_test");
}
