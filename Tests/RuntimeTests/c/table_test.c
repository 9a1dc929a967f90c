/*
 * table_test.c: tables (init, grow with and without a maximum, get/set/fill/copy/init bounds)
 * and the three call_indirect checks of bsrt_table_func.
 */
#include <stdint.h>

#include "bsrt_ops.h"
#include "check.h"

static uint32_t add(bsrt_instance *self, uint32_t a, uint32_t b) {
    (void)self;
    return a + b;
}

static bsrt_table table;
static uint32_t type_ii_i, type_i_i;
static bsrt_func add_func;
static bsrt_func other_func;

typedef struct indirect_call {
    uint32_t index;
    uint32_t type_id;
    uint32_t result;
} indirect_call;

/* What generated code for call_indirect looks like. */
static void call_indirect(void *arg) {
    indirect_call *c = arg;
    const bsrt_func *f = bsrt_table_func(&table, c->index, c->type_id, "caller");
    c->result = ((uint32_t(*)(bsrt_instance *, uint32_t, uint32_t))f->code)(f->instance, 40, 2);
}

static void test_call_indirect(void) {
    type_ii_i = bsrt_type_id("ii:i");
    type_i_i = bsrt_type_id("i:i");
    add_func = (bsrt_func){(void (*)(void))add, type_ii_i, NULL, "add", NULL};
    other_func = (bsrt_func){(void (*)(void))add, type_i_i, NULL, "other", NULL};
    CHECK_EQ(bsrt_table_init(&table, 'r', 3, 0, false, false, NULL), 0);
    bsrt_table_set(&table, 0, (void *)&add_func, "t");
    bsrt_table_set(&table, 2, (void *)&other_func, "t");
    indirect_call c = {0, type_ii_i, 0};
    CHECK_TRAP(call_indirect, &c, BSRT_TRAP_NONE, NULL);
    CHECK_EQ(c.result, 42);
    c = (indirect_call){3, type_ii_i, 0};
    CHECK_TRAP(call_indirect, &c, BSRT_TRAP_UNDEFINED_ELEMENT, "caller");
    c = (indirect_call){UINT32_MAX, type_ii_i, 0};
    CHECK_TRAP(call_indirect, &c, BSRT_TRAP_UNDEFINED_ELEMENT, "caller");
    c = (indirect_call){1, type_ii_i, 0};
    CHECK_TRAP(call_indirect, &c, BSRT_TRAP_UNINITIALIZED_ELEMENT, "caller");
    c = (indirect_call){2, type_ii_i, 0};
    CHECK_TRAP(call_indirect, &c, BSRT_TRAP_INDIRECT_CALL_MISMATCH, "caller");
    CHECK_STR(bsrt_last_trap_reason(), "indirect call type mismatch");
    bsrt_table_free(&table);
}

/* ---- bounds of the table instructions ------------------------------------------------- */

typedef struct table_op {
    int op; /* 0 get, 1 set, 2 fill, 3 copy, 4 init */
    uint64_t dst, src, n;
    void *value;
} table_op;

static void *const segment[3] = {(void *)0x10, (void *)0x20, (void *)0x30};

static void run_table_op(void *arg) {
    table_op *o = arg;
    switch (o->op) {
    case 0: o->value = bsrt_table_get(&table, o->dst, "op"); break;
    case 1: bsrt_table_set(&table, o->dst, o->value, "op"); break;
    case 2: bsrt_table_fill(&table, o->dst, o->value, o->n, "op"); break;
    case 3: bsrt_table_copy(&table, &table, o->dst, o->src, o->n, "op"); break;
    case 4: bsrt_table_init_segment(&table, o->dst, segment, 3, (uint32_t)o->src, (uint32_t)o->n, "op"); break;
    }
}

static bsrt_trap_code table_op_run(int op, uint64_t dst, uint64_t src, uint64_t n, void *value) {
    table_op o = {op, dst, src, n, value};
    return bsrt_call_guarded(run_table_op, &o);
}

static void test_bounds(void) {
    CHECK_EQ(bsrt_table_init(&table, 'e', 4, 8, true, false, (void *)0x1), 0);
    CHECK_EQ(table.size, 4);
    CHECK(table.elems[3] == (void *)0x1);
    CHECK_EQ(table_op_run(0, 4, 0, 0, NULL), BSRT_TRAP_OOB_TABLE);
    CHECK_STR(bsrt_last_trap_function(), "op");
    CHECK_STR(bsrt_last_trap_reason(), "out of bounds table access");
    CHECK_EQ(table_op_run(1, 4, 0, 0, NULL), BSRT_TRAP_OOB_TABLE);
    CHECK_EQ(table_op_run(1, 3, 0, 0, (void *)0x7), BSRT_TRAP_NONE);
    CHECK(bsrt_table_get(&table, 3, "x") == (void *)0x7);
    /* fill: n == 0 at dst == size is fine; beyond traps and writes nothing. */
    CHECK_EQ(table_op_run(2, 4, 0, 0, NULL), BSRT_TRAP_NONE);
    CHECK_EQ(table_op_run(2, 5, 0, 0, NULL), BSRT_TRAP_OOB_TABLE);
    CHECK_EQ(table_op_run(2, 2, 0, 3, NULL), BSRT_TRAP_OOB_TABLE);
    CHECK(table.elems[2] == (void *)0x1);
    CHECK_EQ(table_op_run(2, 1, 0, 2, (void *)0x9), BSRT_TRAP_NONE);
    CHECK(table.elems[0] == (void *)0x1 && table.elems[1] == (void *)0x9 && table.elems[2] == (void *)0x9);
    /* copy overlapping forwards: [1,2,3] <- [0,1,2] */
    CHECK_EQ(table_op_run(3, 1, 0, 3, NULL), BSRT_TRAP_NONE);
    CHECK(table.elems[1] == (void *)0x1 && table.elems[2] == (void *)0x9 && table.elems[3] == (void *)0x9);
    CHECK_EQ(table_op_run(3, 0, 2, 3, NULL), BSRT_TRAP_OOB_TABLE);
    CHECK_EQ(table_op_run(3, 2, 0, 3, NULL), BSRT_TRAP_OOB_TABLE);
    CHECK_EQ(table_op_run(3, 4, 4, 0, NULL), BSRT_TRAP_NONE);
    CHECK_EQ(table_op_run(3, 0, 0xffffffffu, 2, NULL), BSRT_TRAP_OOB_TABLE); /* no 32-bit wrap */
    /* init from a 3-element segment */
    CHECK_EQ(table_op_run(4, 1, 1, 2, NULL), BSRT_TRAP_NONE);
    CHECK(table.elems[1] == (void *)0x20 && table.elems[2] == (void *)0x30);
    CHECK_EQ(table_op_run(4, 0, 2, 2, NULL), BSRT_TRAP_OOB_TABLE);
    CHECK_EQ(table_op_run(4, 3, 0, 2, NULL), BSRT_TRAP_OOB_TABLE);
    CHECK_EQ(table_op_run(4, 4, 3, 0, NULL), BSRT_TRAP_NONE);
    CHECK_EQ(table_op_run(4, 5, 0, 0, NULL), BSRT_TRAP_OOB_TABLE);
    /* a dropped segment behaves as length 0 */
    bsrt_table_init_segment(&table, 0, NULL, 0, 0, 0, "x");

    /* grow respects the maximum (8) */
    CHECK_EQ(bsrt_table_grow(&table, (void *)0x5, 0), 4);
    CHECK_EQ(bsrt_table_grow(&table, (void *)0x5, 3), 4);
    CHECK_EQ(table.size, 7);
    CHECK(table.elems[6] == (void *)0x5 && table.elems[3] == (void *)0x9);
    CHECK_EQ(bsrt_table_grow(&table, NULL, 2), UINT32_MAX);
    CHECK_EQ(bsrt_table_grow(&table, NULL, 1), 7);
    CHECK_EQ(bsrt_table_grow(&table, NULL, 1), UINT32_MAX);
    CHECK_EQ(table.size, 8);
    bsrt_table_free(&table);

    /* without a maximum: grows, refuses past 2^32-1, and refuses huge requests cleanly */
    CHECK_EQ(bsrt_table_init(&table, 'r', 0, 0, false, false, NULL), 0);
    CHECK_EQ(table.max, UINT32_MAX);
    CHECK_EQ(bsrt_table_grow(&table, NULL, 0), 0);
    CHECK_EQ(bsrt_table_grow(&table, NULL, 1), 0);
    CHECK_EQ(bsrt_table_grow(&table, NULL, 800), 1);
    CHECK_EQ(bsrt_table_grow(&table, NULL, 0xfffffff0u), UINT32_MAX);
    CHECK_EQ(bsrt_table_grow(&table, NULL, 0x7fffffffu), UINT32_MAX);
    CHECK_EQ(table.size, 801);
    CHECK(table.elems[800] == NULL);
    bsrt_table_free(&table);
    CHECK_EQ(bsrt_table_init(&table, 'r', 0x10, 0, false, false, NULL), 0);
    CHECK_EQ(bsrt_table_grow(&table, NULL, 0xfffffff0u), UINT32_MAX); /* size 2^32 is out of range */
    bsrt_table_free(&table);
}

/* table64: i64 indices and lengths are never cut to 32 bits, and grow answers in 64 bits. */
static void test_table64(void) {
    CHECK_EQ(bsrt_table_init(&table, 'r', 2, 0, false, true, NULL), 0);
    CHECK(table.max == UINT64_MAX && table.is64);
    CHECK_EQ(table_op_run(0, 0x100000000ull, 0, 0, NULL), BSRT_TRAP_OOB_TABLE); /* get at 2^32 */
    CHECK_EQ(table_op_run(3, 0, 0xffffffffffffffffull, 1, NULL), BSRT_TRAP_OOB_TABLE);
    CHECK_EQ(table_op_run(2, 0x100000001ull, 0, 1, NULL), BSRT_TRAP_OOB_TABLE); /* fill */
    CHECK(bsrt_table_grow64(&table, NULL, 0x100000000ull) == UINT64_MAX);
    CHECK(bsrt_table_grow64(&table, NULL, 3) == 2);
    CHECK_EQ(table.size, 5);
    bsrt_table_free(&table);
    CHECK_EQ(bsrt_table_init(&table, 'r', 1, 0x100000000ull, true, true, NULL), 0);
    CHECK(bsrt_table_grow64(&table, NULL, 0xffffffffull) == UINT64_MAX); /* past BSRT_TABLE_LIMIT */
    CHECK(bsrt_table_grow64(&table, NULL, 1) == 1);
    bsrt_table_free(&table);
}

int main(void) {
    test_call_indirect();
    test_bounds();
    test_table64();
    return check_finish("table_test");
}
