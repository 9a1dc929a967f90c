/*
 * thread_globals.c: per-thread state of generated code: the blocks of threaded instances (bsrt.h,
 * "Per-thread globals") and the arguments of uniform tail calls (bsrt_ops.h, "Tail calls").
 *
 * Each thread has a table of BSRT_THREAD_SLOTS block pointers in thread-local storage, indexed
 * by the instance's slot, so that generated code reaches its thread's globals with one TLS
 * load and one indexed load. Slots are process-wide and handed out under a lock; a freed
 * instance's slot is reused. Blocks are allocated the first time a thread is attached.
 */
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>

#include "bsrt.h"
#include "bsrt_internal.h"
#include "bsrt_ops.h"

_Thread_local void *bsrt_thread_blocks[BSRT_THREAD_SLOTS];

/* The arguments of a tail call through the uniform signature (bsrt_ops.h, "Tail calls"). */
_Thread_local bsrt_tail_slot bsrt_tail_args[BSRT_TAIL_MAX_ARGS];

static pthread_mutex_t slots_lock = PTHREAD_MUTEX_INITIALIZER;
static bool slot_used[BSRT_THREAD_SLOTS];

static uint32_t take_slot(void) {
    uint32_t found = 0;
    pthread_mutex_lock(&slots_lock);
    for (uint32_t i = 1; i < BSRT_THREAD_SLOTS; i++) {
        if (!slot_used[i]) {
            slot_used[i] = true;
            found = i;
            break;
        }
    }
    pthread_mutex_unlock(&slots_lock);
    return found;
}

int bsrt_thread_attach(bsrt_instance *self) {
    const bsrt_module *module = self->module;
    if (module->thread_size == 0) return 0;
    if (self->thread_slot == 0) {
        /* Only instantiate (before any other thread can see the instance) assigns the slot. */
        self->thread_slot = take_slot();
        if (self->thread_slot == 0) return -1;
    }
    if (bsrt_thread_blocks[self->thread_slot] != NULL) return 0;
    void *block = calloc(1, module->thread_size);
    if (block == NULL) return -1;
    if (module->init_thread) module->init_thread(self, block);
    bsrt_thread_blocks[self->thread_slot] = block;
    return 0;
}

void bsrt_thread_detach(bsrt_instance *self) {
    if (self->thread_slot == 0) return;
    free(bsrt_thread_blocks[self->thread_slot]);
    bsrt_thread_blocks[self->thread_slot] = NULL;
}

void bsrt_thread_release_slot(bsrt_instance *self) {
    if (self->thread_slot == 0) return;
    bsrt_thread_detach(self);
    pthread_mutex_lock(&slots_lock);
    slot_used[self->thread_slot] = false;
    pthread_mutex_unlock(&slots_lock);
    self->thread_slot = 0;
}
