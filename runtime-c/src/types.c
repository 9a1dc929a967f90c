/*
 * types.c: interning of function type signatures ("ii:i") into small integer ids.
 *
 * call_indirect compares type ids instead of strings, so two modules that declare the same
 * function type (each with its own type index) must get the same id: ids are process-wide.
 * The table is an open-addressing hash set of owned copies, guarded by a mutex because
 * instances may be created on several threads. Ids start at 1 so 0 never names a type.
 * A second array maps ids back to their strings (bsrt_type_signature), for the host calls
 * that report or check a function's type at run time (WASIX call_dynamic, reflect_signature).
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bsrt.h"
#include "bsrt_internal.h"

typedef struct type_slot {
    char *signature; /* NULL when free */
    uint32_t id;
} type_slot;

static pthread_mutex_t types_lock = PTHREAD_MUTEX_INITIALIZER;
static type_slot *slots;
static size_t slot_count; /* a power of two, or 0 before first use */
static uint32_t type_count;
static char **by_id;       /* by_id[id - 1] is the signature of id (the slot's own copy) */
static size_t by_id_capacity;

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
static _Noreturn void out_of_memory(void) {
    fputs("bs-aot: fatal: out of memory interning a type signature\n", stderr);
    abort();
}

static void grow_table(void) {
    size_t count = slot_count ? slot_count * 2 : 64;
    type_slot *table = calloc(count, sizeof *table);
    if (table == NULL) out_of_memory();
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
        if (type_count == by_id_capacity) {
            size_t capacity = by_id_capacity ? by_id_capacity * 2 : 64;
            char **grown = realloc(by_id, capacity * sizeof *grown);
            if (grown == NULL) out_of_memory();
            by_id = grown;
            by_id_capacity = capacity;
        }
        slot->signature = strdup(signature);
        if (slot->signature == NULL) out_of_memory();
        by_id[type_count] = slot->signature;
        slot->id = ++type_count;
    }
    uint32_t id = slot->id;
    pthread_mutex_unlock(&types_lock);
    return id;
}

const char *bsrt_type_signature(uint32_t id) {
    pthread_mutex_lock(&types_lock);
    /* The string itself is never freed or moved, so it stays valid after the unlock. */
    const char *signature = id >= 1 && id <= type_count ? by_id[id - 1] : NULL;
    pthread_mutex_unlock(&types_lock);
    return signature;
}
