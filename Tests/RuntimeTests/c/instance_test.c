/*
 * instance_test.c: type interning, import matching (bsrt_link_check), instantiation that
 * traps part-way (effects kept, instance returned), exports, release, and explicit traps.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdint.h>

#include "bsrt_ops.h"
#include "check.h"

/* ---- type ids ------------------------------------------------------------------------- */

static void *intern_many(void *arg) {
    uint32_t *ids = arg;
    char sig[16];
    for (int i = 0; i < 200; i++) {
        snprintf(sig, sizeof sig, "i%d:F", i);
        ids[i] = bsrt_type_id(sig);
    }
    return NULL;
}

static void test_type_ids(void) {
    uint32_t a = bsrt_type_id("ii:i");
    CHECK(a != 0);
    CHECK_EQ(bsrt_type_id("ii:i"), a);
    char copy[] = "ii:i"; /* equal contents, different storage */
    CHECK_EQ(bsrt_type_id(copy), a);
    CHECK(bsrt_type_id("ii:I") != a);
    CHECK(bsrt_type_id(":") != 0 && bsrt_type_id(":") != a);
    /* Several threads interning the same 200 signatures agree on every id. */
    static uint32_t ids[4][200];
    pthread_t threads[4];
    for (int t = 0; t < 4; t++) pthread_create(&threads[t], NULL, intern_many, ids[t]);
    for (int t = 0; t < 4; t++) pthread_join(threads[t], NULL);
    int same = 1, distinct = 1;
    for (int i = 0; i < 200; i++) {
        for (int t = 1; t < 4; t++) same &= ids[t][i] == ids[0][i];
        if (i > 0) distinct &= ids[0][i] != ids[0][i - 1];
    }
    CHECK(same);
    CHECK(distinct);
}

/* ---- link checks ---------------------------------------------------------------------- */

static void dummy(void) {}

static void test_link_check(void) {
    bsrt_func f = {dummy, bsrt_type_id("i:"), NULL, "f", NULL};
    bsrt_extern func = {.kind = BSRT_EXTERN_FUNC, .as.func = &f};
    bsrt_import_desc want_func = {"m", "f", BSRT_EXTERN_FUNC, "i:", 0, 0, false};
    CHECK(bsrt_link_check(&want_func, &func) == NULL);
    want_func.signature = "I:";
    CHECK_STR(bsrt_link_check(&want_func, &func), "incompatible import type");
    want_func.signature = "i:i";
    CHECK(bsrt_link_check(&want_func, &func) != NULL);

    int32_t storage = 0;
    bsrt_global g = {&storage, 'i', false, NULL};
    bsrt_extern global = {.kind = BSRT_EXTERN_GLOBAL, .as.global = &g};
    bsrt_import_desc want_global = {"m", "g", BSRT_EXTERN_GLOBAL, "i", 0, 0, false};
    CHECK(bsrt_link_check(&want_global, &global) == NULL);
    want_global.signature = "mi";
    CHECK(bsrt_link_check(&want_global, &global) != NULL); /* mutability differs */
    g.is_mutable = true;
    CHECK(bsrt_link_check(&want_global, &global) == NULL);
    want_global.signature = "i";
    CHECK(bsrt_link_check(&want_global, &global) != NULL);
    want_global.signature = "mI";
    CHECK(bsrt_link_check(&want_global, &global) != NULL); /* value type differs */
    /* kind mismatch: a global offered for a function import */
    CHECK(bsrt_link_check(&want_func, &global) != NULL);

    bsrt_table t;
    CHECK_EQ(bsrt_table_init(&t, 'r', 10, 20, true, false, NULL), 0);
    bsrt_extern table = {.kind = BSRT_EXTERN_TABLE, .as.table = &t};
    bsrt_import_desc want_table = {"m", "t", BSRT_EXTERN_TABLE, "r", 10, 0, false};
    CHECK(bsrt_link_check(&want_table, &table) == NULL);
    want_table.min = 11;
    CHECK(bsrt_link_check(&want_table, &table) != NULL); /* too small */
    want_table.min = 5;
    want_table.has_max = true;
    want_table.max = 20;
    CHECK(bsrt_link_check(&want_table, &table) == NULL);
    want_table.max = 19;
    CHECK(bsrt_link_check(&want_table, &table) != NULL); /* provided max too large */
    want_table.max = 30;
    t.has_max = false;
    t.max = UINT32_MAX;
    CHECK(bsrt_link_check(&want_table, &table) != NULL); /* provided has no max */
    want_table.has_max = false;
    CHECK(bsrt_link_check(&want_table, &table) == NULL);
    want_table.signature = "e";
    CHECK(bsrt_link_check(&want_table, &table) != NULL); /* element type differs */
    /* The current size counts, not the declared minimum. */
    want_table.signature = "r";
    want_table.min = 12;
    CHECK(bsrt_link_check(&want_table, &table) != NULL);
    bsrt_table_grow(&t, NULL, 2);
    CHECK(bsrt_link_check(&want_table, &table) == NULL);
    bsrt_table_free(&t);

    bsrt_memory m = {.base = NULL, .size = 2 * BSRT_PAGE_SIZE, .max_pages = 4, .has_max = true};
    bsrt_extern memory = {.kind = BSRT_EXTERN_MEMORY, .as.memory = &m};
    bsrt_import_desc want_memory = {"m", "mem", BSRT_EXTERN_MEMORY, "", 2, 0, false};
    CHECK(bsrt_link_check(&want_memory, &memory) == NULL);
    want_memory.min = 3;
    CHECK(bsrt_link_check(&want_memory, &memory) != NULL);
    want_memory.min = 1;
    want_memory.has_max = true;
    want_memory.max = 4;
    CHECK(bsrt_link_check(&want_memory, &memory) == NULL);
    want_memory.max = 3;
    CHECK(bsrt_link_check(&want_memory, &memory) != NULL);
    m.has_max = false;
    m.max_pages = 65536;
    want_memory.max = 65536;
    CHECK(bsrt_link_check(&want_memory, &memory) != NULL);
    CHECK(bsrt_link_check(&want_memory, &table) != NULL);
    CHECK(bsrt_link_check(&want_memory, NULL) != NULL);
}

/* ---- a module whose instantiation traps after a data segment ---------------------------- */

typedef struct seg_instance {
    bsrt_instance base;
    bsrt_memory memory;
    int *released;
} seg_instance;

static int released_count;
static int start_ran;
static const uint8_t segment[4] = {9, 8, 7, 6};

/* (start $start) with (func $start unreachable) */
static void w_start(bsrt_instance *self) {
    (void)self;
    start_ran = 1;
    bsrt_trap(BSRT_TRAP_UNREACHABLE, "start");
}

static void seg_instantiate(bsrt_instance *self, const bsrt_extern *imports) {
    seg_instance *in = (seg_instance *)self;
    /* import 0 is a memory: use it as memory 0 (already link-checked by the caller) */
    self->memory0 = imports[0].as.memory;
    in->released = &released_count;
    bsrt_memory_init_segment(self->memory0, 0, segment, 4, 0, 4, "<instantiate>");
    w_start(self);
}

static void seg_release(bsrt_instance *self) { (*((seg_instance *)self)->released)++; }

static const bsrt_import_desc seg_imports[] = {{"env", "memory", BSRT_EXTERN_MEMORY, "", 1, 0, false}};

static const bsrt_module seg_module = {
    .name = "seg",
    .instance_size = sizeof(seg_instance),
    .import_count = 1,
    .imports = seg_imports,
    .instantiate = seg_instantiate,
    .release = seg_release,
};

static void test_trapping_instantiation(void) {
    bsrt_memory shared;
    CHECK_EQ(bsrt_memory_init(&shared, 1, 0, false, 0), 0);
    bsrt_extern imports[1] = {{.kind = BSRT_EXTERN_MEMORY, .as.memory = &shared}};
    CHECK(bsrt_link_check(&seg_module.imports[0], &imports[0]) == NULL);
    bsrt_trap_code trap = BSRT_TRAP_NONE;
    bsrt_instance *in = bsrt_instantiate(&seg_module, imports, &trap);
    CHECK(in != NULL);
    CHECK_EQ(trap, BSRT_TRAP_UNREACHABLE);
    CHECK_STR(bsrt_last_trap_function(), "start");
    CHECK_STR(bsrt_last_trap_reason(), "unreachable");
    CHECK(start_ran);
    CHECK(shared.base[0] == 9 && shared.base[3] == 6); /* the segment write stays */
    bsrt_extern e;
    CHECK(!bsrt_find_export(in, "anything", &e));
    bsrt_instance_free(in);
    CHECK_EQ(released_count, 1);
    bsrt_memory_free(&shared);
}

/* ---- explicit traps and messages --------------------------------------------------------- */

static void raise_unsupported(void *arg) {
    (void)arg;
    bsrt_trap_unsupported_import("env", "missing");
}

static void raise_null(void *arg) {
    (void)arg;
    bsrt_trap(BSRT_TRAP_NULL_REFERENCE, "deref");
}

static void test_traps(void) {
    CHECK_TRAP(raise_unsupported, NULL, BSRT_TRAP_UNSUPPORTED_IMPORT, "?");
    CHECK_STR(bsrt_last_trap_detail(), "env.missing");
    CHECK_STR(bsrt_last_trap_reason(), "unsupported import env.missing called");
    CHECK_TRAP(raise_null, NULL, BSRT_TRAP_NULL_REFERENCE, "deref");
    CHECK_STR(bsrt_last_trap_detail(), "");
    CHECK_STR(bsrt_last_trap_reason(), "null reference");
    CHECK_STR(bsrt_trap_message(BSRT_TRAP_INT_DIV_BY_ZERO), "integer divide by zero");
    CHECK_STR(bsrt_trap_message(BSRT_TRAP_INVALID_CONVERSION), "invalid conversion to integer");
    CHECK_STR(bsrt_trap_message(BSRT_TRAP_STACK_EXHAUSTED), "call stack exhausted");
    CHECK_STR(bsrt_trap_message(BSRT_TRAP_OUT_OF_MEMORY), "out of memory");
    CHECK_STR(bsrt_trap_message(BSRT_TRAP_COUNT), "unknown trap");
    for (int c = 1; c < BSRT_TRAP_COUNT; c++) CHECK(bsrt_trap_message((bsrt_trap_code)c)[0] != '\0');
}

int main(void) {
    test_type_ids();
    test_link_check();
    test_trapping_instantiation();
    test_traps();
    return check_finish("instance_test");
}
