/*
 * wasix/context.c: context_create, context_switch and context_destroy: coroutines on native
 * stacks.
 *
 * Each context is a native stack of its own (an 8 MiB mapping, reserved lazily, with a
 * PROT_NONE page below it) and a ucontext; context_switch is swapcontext. The contexts of a
 * thread form its context-switching environment; context 0 is the thread's own stack (the
 * main context). The entrypoint is a `() -> ()` function of table 0 (wasm-ld's
 * `__indirect_function_table`), called on the first switch to the context.
 *
 * As in Wasmer: a context whose entrypoint returns resumes the main context, where the switch
 * that was waiting traps ("context entrypoint returned"); a trap inside a context unwinds to
 * the thread's trap guard, which lives on the main stack, so the same trap ends the main
 * context. Destroying the active or the main context is INVAL; destroying an unknown (already
 * destroyed) one does nothing. A destroyed suspended context's frames are dropped without
 * unwinding. The guest's shadow stack (`__stack_pointer`) is one per thread, shared by its
 * contexts, as under Wasmer: a coroutine library gives each context its own part of it.
 *
 * Stack exhaustion inside a context is detected as on any thread: every switch tells stack.c
 * the active stack's bounds.
 */
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

#include "bsrt_eh.h"
#include "wasix_internal.h"

#define CONTEXT_STACK_SIZE ((size_t)8 << 20)

typedef struct context {
    uint64_t id;
    ucontext_t machine;
    void *mapping; /* NULL for the main context */
    size_t mapping_size;
    uintptr_t stack_low, stack_high;
    const bsrt_func *entry;
    bsrt_handler *eh_top; /* its exception handlers while another context runs */
    bool ended;
    struct context *next;
} context;

static uint64_t next_context_id = 1; /* process-wide, atomic */
static _Thread_local context main_context; /* id 0 */
static _Thread_local context *contexts;    /* this thread's others */
static _Thread_local context *active;      /* NULL: the main context, not yet switched */
static _Thread_local bool entry_returned;  /* the main context must trap on resumption */

static context *find(uint64_t id) {
    if (id == 0) return &main_context;
    for (context *c = contexts; c; c = c->next)
        if (c->id == id) return c;
    return NULL;
}

static context *current(void) { return active ? active : &main_context; }

static void run_entry(void) {
    context *self = current();
    ((void (*)(bsrt_instance *))self->entry->code)(self->entry->instance);
    self->ended = true;
    entry_returned = true;
    active = &main_context;
    bsrt_stack_set_bounds(main_context.stack_low, main_context.stack_high);
    setcontext(&main_context.machine);
    abort(); /* not reached */
}

uint32_t bsrt_wasix_context_create(bsrt_instance *self, bsrt_ptr ret_ctx, uint32_t entrypoint) {
    uint8_t *out = bsrt_guest_bytes(bsrt_guest_memory(self), ret_ctx, 8);
    if (out == NULL) return WASI_EFAULT;
    bsrt_table *table = self->module->table0 ? self->module->table0(self) : NULL;
    if (table == NULL || table->kind != 'r' || entrypoint >= table->size) return WASI_EINVAL;
    const bsrt_func *entry = table->elems[entrypoint];
    if (entry == NULL || entry->type_id != bsrt_type_id(":")) return WASI_EINVAL;
    if (active == NULL) {
        /* First use on this thread: the main context is the thread's own stack. */
        bsrt_stack_bounds(&main_context.stack_low, &main_context.stack_high);
        active = &main_context;
    }
    context *c = calloc(1, sizeof *c);
    if (c == NULL) return WASI_ENOMEM;
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    c->mapping_size = CONTEXT_STACK_SIZE + page;
    c->mapping = mmap(NULL, c->mapping_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_STACK,
                      -1, 0);
    if (c->mapping == MAP_FAILED) {
        free(c);
        return WASI_ENOMEM;
    }
    mprotect(c->mapping, page, PROT_NONE); /* an overflow faults here */
    c->stack_low = (uintptr_t)c->mapping;
    c->stack_high = (uintptr_t)c->mapping + c->mapping_size;
    c->entry = entry;
    getcontext(&c->machine);
    c->machine.uc_stack.ss_sp = (char *)c->mapping + page;
    c->machine.uc_stack.ss_size = CONTEXT_STACK_SIZE;
    c->machine.uc_link = NULL;
    makecontext(&c->machine, run_entry, 0);
    c->id = __atomic_fetch_add(&next_context_id, 1, __ATOMIC_RELAXED);
    c->next = contexts;
    contexts = c;
    bsrt_guest_write_u64(out, c->id);
    return WASI_ESUCCESS;
}

uint32_t bsrt_wasix_context_switch(bsrt_instance *self, uint64_t target) {
    (void)self;
    context *from = current();
    context *to = find(target);
    if (to == NULL || to->ended) return WASI_EINVAL;
    if (to == from) return WASI_ESUCCESS;
    if (active == NULL) {
        bsrt_stack_bounds(&main_context.stack_low, &main_context.stack_high);
        active = &main_context;
    }
    /* The trap guard chain is the thread's: the same on every stack, so a trap anywhere
     * unwinds to the thread's outermost guarded call. Exception handlers live in the frames of
     * one stack, so each context has its own chain (a new one starts empty: an exception that
     * leaves its entrypoint is uncaught). */
    from->eh_top = bsrt_eh_top;
    bsrt_eh_top = to->eh_top;
    active = to;
    bsrt_stack_set_bounds(to->stack_low, to->stack_high);
    swapcontext(&from->machine, &to->machine);
    /* Resumed (this is `from` again). */
    if (entry_returned && current() == &main_context) {
        entry_returned = false;
        bsrt_trap(BSRT_TRAP_CONTEXT_ENDED, NULL);
    }
    return WASI_ESUCCESS;
}

uint32_t bsrt_wasix_context_destroy(bsrt_instance *self, uint64_t ctx) {
    (void)self;
    if (ctx == 0) return WASI_EINVAL;
    for (context **p = &contexts; *p; p = &(*p)->next) {
        context *c = *p;
        if (c->id != ctx) continue;
        if (c == current()) return WASI_EINVAL;
        *p = c->next;
        munmap(c->mapping, c->mapping_size);
        free(c);
        return WASI_ESUCCESS;
    }
    return WASI_ESUCCESS;
}
