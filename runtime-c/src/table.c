/*
 * table.c: tables of references (funcref or externref) and the table instructions.
 *
 * A table is a heap array of pointers; NULL is the null reference. The spec's bounds rules
 * (table.get/set: index < size; table.fill/copy/init: index + n <= size, checked in 64 bits
 * before anything is written) trap with "out of bounds table access".
 */
#include <stdlib.h>
#include <string.h>

#include "bsrt.h"

/* Growth beyond this fails cleanly (table.grow returns -1) instead of asking malloc for tens of
 * GiB: ten million entries is 80 MB of pointers, far beyond what real modules use. The spec
 * lets an implementation refuse any grow. */
#define TABLE_LIMIT 10000000u

static void fill(void **elems, uint64_t from, uint64_t to, void *value) {
    for (uint64_t i = from; i < to; i++) elems[i] = value;
}

int bsrt_table_init(bsrt_table *table, char kind, uint32_t initial, uint32_t max, bool has_max, void *init) {
    memset(table, 0, sizeof *table);
    table->kind = kind;
    table->max = has_max ? max : UINT32_MAX;
    table->has_max = has_max;
    if (initial > TABLE_LIMIT) return -1;
    if (initial > 0) {
        table->elems = malloc((size_t)initial * sizeof(void *));
        if (table->elems == NULL) return -1;
        fill(table->elems, 0, initial, init);
    }
    table->size = initial;
    return 0;
}

uint32_t bsrt_table_grow(bsrt_table *table, void *init, uint32_t delta) {
    uint32_t old = table->size;
    uint64_t new_size = (uint64_t)old + delta;
    uint64_t limit = table->has_max ? table->max : UINT32_MAX;
    if (new_size > limit || new_size > TABLE_LIMIT) return UINT32_MAX;
    if (delta == 0) return old;
    void **elems = realloc(table->elems, (size_t)new_size * sizeof(void *));
    if (elems == NULL) return UINT32_MAX;
    fill(elems, old, new_size, init);
    table->elems = elems;
    table->size = (uint32_t)new_size;
    return old;
}

void bsrt_table_free(bsrt_table *table) {
    free(table->elems);
    table->elems = NULL;
    table->size = 0;
}

void bsrt_table_init_segment(bsrt_table *table, uint32_t dst, void *const *refs, uint32_t seg_len, uint32_t src,
                             uint32_t n, const char *function) {
    if ((uint64_t)src + n > seg_len || (uint64_t)dst + n > table->size) bsrt_trap(BSRT_TRAP_OOB_TABLE, function);
    if (n > 0) memcpy(table->elems + dst, refs + src, (size_t)n * sizeof(void *));
}

void bsrt_table_copy(bsrt_table *dst_table, bsrt_table *src_table, uint32_t dst, uint32_t src, uint32_t n,
                     const char *function) {
    if ((uint64_t)dst + n > dst_table->size || (uint64_t)src + n > src_table->size)
        bsrt_trap(BSRT_TRAP_OOB_TABLE, function);
    /* memmove: copying within one table may overlap, in either direction. */
    if (n > 0) memmove(dst_table->elems + dst, src_table->elems + src, (size_t)n * sizeof(void *));
}

void bsrt_table_fill(bsrt_table *table, uint32_t dst, void *value, uint32_t n, const char *function) {
    if ((uint64_t)dst + n > table->size) bsrt_trap(BSRT_TRAP_OOB_TABLE, function);
    fill(table->elems, dst, (uint64_t)dst + n, value);
}

void *bsrt_table_get(bsrt_table *table, uint32_t index, const char *function) {
    if (index >= table->size) bsrt_trap(BSRT_TRAP_OOB_TABLE, function);
    return table->elems[index];
}

void bsrt_table_set(bsrt_table *table, uint32_t index, void *value, const char *function) {
    if (index >= table->size) bsrt_trap(BSRT_TRAP_OOB_TABLE, function);
    table->elems[index] = value;
}
