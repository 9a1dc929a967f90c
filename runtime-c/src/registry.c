/*
 * registry.c: the process-wide facts the fault handler consults: which address ranges are
 * linear-memory reservations, and which code addresses belong to which WASM function.
 *
 * The handler may run at any instant on any thread, so it must not lock. Writers serialise on
 * a mutex and publish with release stores; the handler reads with acquire loads. Module nodes
 * are never freed (module descriptors are static data of the executable), so a reader can
 * never follow a dangling pointer. Memory slots are reused; a fault racing with another
 * thread's memory_free at the same address could misclassify, which is harmless.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>

#include "bsrt_internal.h"

/* A 47-bit user address space holds at most 16384 reservations of 8 GiB. */
#define MAX_MEMORIES 16384

typedef struct region {
    _Atomic uintptr_t low; /* 0 when the slot is free */
    _Atomic uintptr_t high;
} region;

typedef struct module_node {
    const bsrt_module *module;
    struct module_node *next;
} module_node;

static pthread_mutex_t registry_lock = PTHREAD_MUTEX_INITIALIZER;
static region regions[MAX_MEMORIES];
static _Atomic uint32_t region_high_water; /* slots [0, high water) may be in use */
static _Atomic(module_node *) modules;

int bsrt_registry_add_memory(const void *base, uint64_t size) {
    uintptr_t low = (uintptr_t)base;
    int result = -1;
    pthread_mutex_lock(&registry_lock);
    uint32_t used = atomic_load_explicit(&region_high_water, memory_order_relaxed);
    uint32_t slot = 0;
    while (slot < used && atomic_load_explicit(&regions[slot].low, memory_order_relaxed) != 0) slot++;
    if (slot < MAX_MEMORIES) {
        /* high first, then low with release: a reader that sees low also sees high. */
        atomic_store_explicit(&regions[slot].high, low + (uintptr_t)size, memory_order_relaxed);
        atomic_store_explicit(&regions[slot].low, low, memory_order_release);
        if (slot == used) atomic_store_explicit(&region_high_water, used + 1, memory_order_release);
        result = 0;
    }
    pthread_mutex_unlock(&registry_lock);
    return result;
}

void bsrt_registry_remove_memory(const void *base) {
    uintptr_t low = (uintptr_t)base;
    pthread_mutex_lock(&registry_lock);
    uint32_t used = atomic_load_explicit(&region_high_water, memory_order_relaxed);
    for (uint32_t i = 0; i < used; i++) {
        if (atomic_load_explicit(&regions[i].low, memory_order_relaxed) == low) {
            atomic_store_explicit(&regions[i].low, 0, memory_order_release);
            break;
        }
    }
    pthread_mutex_unlock(&registry_lock);
}

bool bsrt_registry_memory_contains(uintptr_t addr) {
    uint32_t used = atomic_load_explicit(&region_high_water, memory_order_acquire);
    for (uint32_t i = 0; i < used; i++) {
        uintptr_t low = atomic_load_explicit(&regions[i].low, memory_order_acquire);
        if (low != 0 && addr >= low && addr < atomic_load_explicit(&regions[i].high, memory_order_relaxed))
            return true;
    }
    return false;
}

void bsrt_registry_add_module(const bsrt_module *module) {
    if (module == NULL || module->function_count == 0) return;
    pthread_mutex_lock(&registry_lock);
    module_node *head = atomic_load_explicit(&modules, memory_order_relaxed);
    for (module_node *n = head; n; n = n->next) {
        if (n->module == module) goto done;
    }
    module_node *node = malloc(sizeof *node);
    if (node) { /* without the node, faults in this module are reported "in ?" */
        node->module = module;
        node->next = head;
        atomic_store_explicit(&modules, node, memory_order_release);
    }
done:
    pthread_mutex_unlock(&registry_lock);
}

/* Functions are not sorted (the linker orders them), so every address is compared. This runs
 * once per trap, never on a hot path. A pc outside generated code (a host call, libc) gets the
 * nearest preceding WASM function: the guard-page traps only fire in generated code, and for
 * stack exhaustion inside a host call any nearby name is as good as none. */
const char *bsrt_registry_function_at(uintptr_t address) {
    for (module_node *n = atomic_load_explicit(&modules, memory_order_acquire); n; n = n->next) {
        const bsrt_module *m = n->module;
        for (uint32_t i = 0; i < m->function_count; i++) {
            if ((uintptr_t)m->function_addresses[i] == address) return m->function_names[i] ? m->function_names[i] : "?";
        }
    }
    return NULL;
}

const char *bsrt_registry_function_name(uintptr_t pc) {
    const char *best_name = "?";
    uintptr_t best = 0;
    for (module_node *n = atomic_load_explicit(&modules, memory_order_acquire); n; n = n->next) {
        const bsrt_module *m = n->module;
        for (uint32_t i = 0; i < m->function_count; i++) {
            uintptr_t a = (uintptr_t)m->function_addresses[i];
            if (a <= pc && a >= best && a != 0) {
                best = a;
                best_name = m->function_names[i] ? m->function_names[i] : "?";
            }
        }
    }
    return best_name;
}
