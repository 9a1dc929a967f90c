/*
 * types.c: interning of function type signatures ("ii:i") into small integer ids.
 *
 * call_indirect compares type ids instead of strings, so two modules that declare the same
 * function type (each with its own type index) must get the same id: ids are process-wide.
 * The table is an open-addressing hash set of owned copies, guarded by a mutex because
 * instances may be created on several threads. Ids start at 1 so 0 never names a type.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bsrt.h"

typedef struct type_slot {
    char *signature; /* NULL when free */
    uint32_t id;
} type_slot;

static pthread_mutex_t types_lock = PTHREAD_MUTEX_INITIALIZER;
static type_slot *slots;
static size_t slot_count; /* a power of two, or 0 before first use */
static uint32_t type_count;

/* FNV-1a: short keys, no adversary; all we need is a cheap spread. */
static uint64_t hash_signature(const char *s) {
    uint64_t h = 1469598103934665603u;
    for (; *s; s++) h = (h ^ (uint8_t)*s) * 1099511628211u;
    return h;
}

static type_slot *find_slot(type_slot *table, size_t count, const char *signature) {
    size_t mask = count - 1;
    for (size_t i = (size_t)hash_signature(signature) & mask;; i = (i + 1) & mask) {
        if (table[i].signature == NULL || strcmp(table[i].signature, signature) == 0) return &table[i];
    }
}

/* Keeps the load factor under 1/2 so probe sequences stay short and always end. */
static void grow_table(void) {
    size_t count = slot_count ? slot_count * 2 : 64;
    type_slot *table = calloc(count, sizeof *table);
    if (table == NULL) {
        fputs("bs-aot: fatal: out of memory interning a type signature\n", stderr);
        abort();
    }
    for (size_t i = 0; i < slot_count; i++) {
        if (slots[i].signature) *find_slot(table, count, slots[i].signature) = slots[i];
    }
    free(slots);
    slots = table;
    slot_count = count;
}

uint32_t bsrt_type_id(const char *signature) {
    pthread_mutex_lock(&types_lock);
    if ((size_t)(type_count + 1) * 2 > slot_count) grow_table();
    type_slot *slot = find_slot(slots, slot_count, signature);
    if (slot->signature == NULL) {
        slot->signature = strdup(signature);
        if (slot->signature == NULL) {
            fputs("bs-aot: fatal: out of memory interning a type signature\n", stderr);
            abort();
        }
        slot->id = ++type_count;
    }
    uint32_t id = slot->id;
    pthread_mutex_unlock(&types_lock);
    return id;
}
