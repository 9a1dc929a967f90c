/*
 * table.c: tables of references (funcref or externref) and the table instructions.
 *
 * A table is a heap array of pointers; NULL is the null reference. The spec's bounds rules
 * (table.get/set: index < size; table.fill/copy/init: index + n <= size, checked without
 * wrapping before anything is written) trap with "out of bounds table access". Indices and
 * lengths are 64-bit for every table: a table64's operands are i64, a 32-bit table's are
 * zero-extended, and the same comparisons serve both.
 */
#include <stdlib.h>
#include <string.h>

#include "bsrt.h"

static void fill(void **elems, uint64_t from, uint64_t to, void *value) {
    for (uint64_t i = from; i < to; i++) elems[i] = value;
}

/* [at, at + n) lies inside [0, size), with no wrap-around for any 64-bit at and n. */
static bool in_bounds(uint64_t at, uint64_t n, uint64_t size) { return at <= size && n <= size - at; }

int bsrt_table_init(bsrt_table *table, char kind, uint64_t initial, uint64_t max, bool has_max, bool is64,
                    void *init) {
    memset(table, 0, sizeof *table);
    table->kind = kind;
    table->is64 = is64;
    table->max = has_max ? max : is64 ? UINT64_MAX : UINT32_MAX;
    table->has_max = has_max;
    if (initial > BSRT_TABLE_LIMIT) return -1;
    if (initial > 0) {
        table->elems = malloc((size_t)initial * sizeof(void *));
        if (table->elems == NULL) return -1;
        fill(table->elems, 0, initial, init);
    }
    table->size = (uint32_t)initial;
    return 0;
}

uint64_t bsrt_table_grow64(bsrt_table *table, void *init, uint64_t delta) {
    uint64_t old = table->size;
    if (delta > table->max - old || old + delta > BSRT_TABLE_LIMIT) return UINT64_MAX;
    if (delta == 0) return old;
    uint64_t new_size = old + delta;
    void **elems = realloc(table->elems, (size_t)new_size * sizeof(void *));
    if (elems == NULL) return UINT64_MAX;
    fill(elems, old, new_size, init);
    table->elems = elems;
    table->size = (uint32_t)new_size;
    return old;
}

uint32_t bsrt_table_grow(bsrt_table *table, void *init, uint32_t delta) {
    uint64_t old = bsrt_table_grow64(table, init, delta);
    return old == UINT64_MAX ? UINT32_MAX : (uint32_t)old;
}

void bsrt_table_free(bsrt_table *table) {
    free(table->elems);
    table->elems = NULL;
    table->size = 0;
}

void bsrt_table_init_segment(bsrt_table *table, uint64_t dst, void *const *refs, uint32_t seg_len, uint32_t src,
                             uint32_t n, const char *function) {
    if (!in_bounds(src, n, seg_len) || !in_bounds(dst, n, table->size)) bsrt_trap(BSRT_TRAP_OOB_TABLE, function);
    if (n > 0) memcpy(table->elems + dst, refs + src, (size_t)n * sizeof(void *));
}

void bsrt_table_copy(bsrt_table *dst_table, bsrt_table *src_table, uint64_t dst, uint64_t src, uint64_t n,
                     const char *function) {
    if (!in_bounds(dst, n, dst_table->size) || !in_bounds(src, n, src_table->size))
        bsrt_trap(BSRT_TRAP_OOB_TABLE, function);
    /* memmove: copying within one table may overlap, in either direction. */
    if (n > 0) memmove(dst_table->elems + dst, src_table->elems + src, (size_t)n * sizeof(void *));
}

void bsrt_table_fill(bsrt_table *table, uint64_t dst, void *value, uint64_t n, const char *function) {
    if (!in_bounds(dst, n, table->size)) bsrt_trap(BSRT_TRAP_OOB_TABLE, function);
    fill(table->elems, dst, dst + n, value);
}

void *bsrt_table_get(bsrt_table *table, uint64_t index, const char *function) {
    if (index >= table->size) bsrt_trap(BSRT_TRAP_OOB_TABLE, function);
    return table->elems[index];
}

void bsrt_table_set(bsrt_table *table, uint64_t index, void *value, const char *function) {
    if (index >= table->size) bsrt_trap(BSRT_TRAP_OOB_TABLE, function);
    table->elems[index] = value;
}
