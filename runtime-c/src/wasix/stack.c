/*
 * wasix/stack.c: stack_checkpoint and stack_restore, setjmp and longjmp of the default
 * (non-exception-handling) wasix-libc.
 *
 * wasix-libc's setjmp is a WASM function that calls stack_checkpoint and returns its value;
 * longjmp calls stack_restore later, when that setjmp has long returned. A plain C setjmp in
 * the import cannot serve: its frame, and the WASM frames of setjmp above it, are gone (or
 * overwritten) by the time longjmp runs. Wasmer rewinds its own wasm stack with asyncify. A
 * native executable has the real stack instead, so:
 *
 *  - stack_checkpoint takes a sigsetjmp and copies the native stack from its own frame up to
 *    the end of the thread's outermost trap guard (bsrt_trap_outermost_guard_end: every WASM
 *    frame of this thread lies below it), keeping both in a per-thread record. The guest's
 *    24-byte snapshot holds the record's id (user @0) and a check value (hash @8).
 *  - stack_restore finds the record, switches to a small side stack (the copy is written back
 *    over the frames the restore itself may be running in), copies the saved bytes back to the
 *    same addresses, puts the trap-guard chain and the exception-handler chain back as they
 *    were, and siglongjmps: the checkpoint
 *    call returns a second time, now with the restored value (0 becomes 1).
 *
 * The WASM locals of the functions between the checkpoint and the guard come back with the
 * values they had at the checkpoint, exactly as Wasmer's rewind restores them; the guest's
 * linear memory (where clang keeps volatile and address-taken locals, so C's setjmp rules
 * hold) is untouched. The cost is a copy of the stack depth at each checkpoint (a few KiB in
 * usual programs), paid only by programs that call setjmp.
 *
 * Records are keyed by the snapshot's guest address, so a setjmp repeated on one jmp_buf
 * reuses its record; at most MAX_CHECKPOINTS per thread are kept (the oldest goes first). A
 * restore of an unknown or evicted snapshot, or one taken on another thread or under another
 * outermost guard, traps: "stack_restore of an unknown stack checkpoint".
 */
#undef _FORTIFY_SOURCE /* glibc's __longjmp_chk refuses a jump made from the side stack */
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <ucontext.h>

#include "bsrt_eh.h"
#include "wasix_internal.h"

#define SNAPSHOT_SIZE 24
#define MAX_CHECKPOINTS 1024
#define SIDE_STACK_SIZE ((size_t)64 << 10)
#define CHECK_MAGIC UINT64_C(0x6273616f74737463) /* "bsaotstc" */

typedef struct checkpoint {
    uint64_t snapshot; /* guest address of the snapshot: the key */
    uint64_t id;       /* written to the snapshot; unique per thread */
    sigjmp_buf env;
    uintptr_t low, high; /* the saved native stack range */
    uint8_t *bytes;
    size_t capacity;
    void *innermost_guard;
    bsrt_handler *eh_top; /* the exception handlers at the checkpoint, live again after a restore */
    bsrt_instance *self;
    uint64_t ret_val; /* guest address the second return writes the value to */
    struct checkpoint *next;
} checkpoint;

static _Thread_local checkpoint *checkpoints; /* most recent first */
static _Thread_local uint32_t checkpoint_count;
static _Thread_local uint64_t next_id = 1;
static _Thread_local checkpoint *restoring;
static _Thread_local uint64_t restore_value;
static _Thread_local uint8_t *side_stack;

/* An address below the caller's frame: the callee's own frame. */
static __attribute__((noinline)) uintptr_t stack_position(void) { return (uintptr_t)__builtin_frame_address(0); }

/* Not inlined into the setjmp-using caller, where gcc's -Wclobbered flags its locals. */
__attribute__((noinline)) static checkpoint *record_for(uint64_t snapshot) {
    checkpoint **p = &checkpoints;
    for (; *p; p = &(*p)->next) {
        if ((*p)->snapshot == snapshot) {
            checkpoint *found = *p;
            *p = found->next; /* moved to the front below */
            found->next = checkpoints;
            checkpoints = found;
            return found;
        }
    }
    checkpoint *fresh = calloc(1, sizeof *fresh);
    if (fresh == NULL) return NULL;
    fresh->snapshot = snapshot;
    fresh->next = checkpoints;
    checkpoints = fresh;
    if (++checkpoint_count > MAX_CHECKPOINTS) {
        checkpoint *c = checkpoints;
        while (c->next && c->next->next) c = c->next;
        free(c->next->bytes);
        free(c->next);
        c->next = NULL;
        checkpoint_count--;
    }
    return fresh;
}

static void write_snapshot(uint8_t *out, const checkpoint *c) {
    bsrt_guest_write_u64(out, c->id);
    bsrt_guest_write_u64(out + 8, c->id ^ CHECK_MAGIC);
    bsrt_guest_write_u64(out + 16, c->snapshot);
}

uint32_t bsrt_wasix_stack_checkpoint(bsrt_instance *self, bsrt_ptr snapshot, bsrt_ptr ret_val) {
    bsrt_memory *memory = bsrt_guest_memory(self);
    uint8_t *out = bsrt_guest_bytes(memory, snapshot, SNAPSHOT_SIZE);
    if (out == NULL || bsrt_guest_bytes(memory, ret_val, 8) == NULL) return WASI_EFAULT;
    uintptr_t high = (uintptr_t)bsrt_trap_outermost_guard_end();
    if (high == 0) return WASI_ENOTSUP; /* not called from guarded WASM code */
    checkpoint *c = record_for(snapshot);
    if (c == NULL) return WASI_ENOMEM;
    c->id = next_id++;
    c->self = self;
    c->ret_val = ret_val;
    c->innermost_guard = bsrt_trap_innermost();
    c->eh_top = bsrt_eh_top;
    c->high = high;
    /* Below this frame; x86-64's 128-byte red zone and alignment slack are covered. */
    c->low = (stack_position() - 256) & ~(uintptr_t)15;
    if (sigsetjmp(c->env, 0) != 0) {
        /* Second return, from stack_restore: this frame's locals are the saved copy's, so
         * only the thread-locals are trusted. */
        checkpoint *back = restoring;
        restoring = NULL;
        uint8_t *value = bsrt_guest_bytes(bsrt_guest_memory(back->self), back->ret_val, 8);
        if (value != NULL) bsrt_guest_write_u64(value, restore_value);
        return WASI_ESUCCESS;
    }
    size_t size = c->high - c->low;
    if (size > c->capacity) {
        uint8_t *bigger = realloc(c->bytes, size);
        if (bigger == NULL) return WASI_ENOMEM;
        c->bytes = bigger;
        c->capacity = size;
    }
    memcpy(c->bytes, (const void *)c->low, size);
    write_snapshot(out, c);
    bsrt_guest_write_u64(bsrt_guest_bytes(memory, ret_val, 8), 0);
    return WASI_ESUCCESS;
}

/* Runs on the side stack: nothing of the saved range is in use while it is written back. */
static void restore_on_side_stack(void) {
    checkpoint *c = restoring;
    memcpy((void *)c->low, c->bytes, c->high - c->low);
    bsrt_trap_set_innermost(c->innermost_guard);
    bsrt_eh_top = c->eh_top;
    wasix_signal_delivery_reset();
    siglongjmp(c->env, 1);
}

_Noreturn void bsrt_wasix_stack_restore(bsrt_instance *self, bsrt_ptr snapshot, uint64_t val) {
    const uint8_t *in = bsrt_guest_bytes(bsrt_guest_memory(self), snapshot, SNAPSHOT_SIZE);
    checkpoint *c = NULL;
    if (in != NULL) {
        uint64_t id, check;
        memcpy(&id, in, sizeof id);
        memcpy(&check, in + 8, sizeof check);
        for (checkpoint *p = checkpoints; p && c == NULL; p = p->next)
            if (p->id == id && (id ^ CHECK_MAGIC) == check) c = p;
    }
    if (c == NULL || c->high != (uintptr_t)bsrt_trap_outermost_guard_end()) bsrt_trap(BSRT_TRAP_UNKNOWN_CHECKPOINT, NULL);
    if (side_stack == NULL && (side_stack = malloc(SIDE_STACK_SIZE)) == NULL) bsrt_trap(BSRT_TRAP_OUT_OF_MEMORY, NULL);
    restoring = c;
    restore_value = val != 0 ? val : 1; /* longjmp's rule: 0 would look like the first return */
    static _Thread_local ucontext_t side, here;
    getcontext(&side);
    side.uc_stack.ss_sp = side_stack;
    side.uc_stack.ss_size = SIDE_STACK_SIZE;
    side.uc_link = NULL;
    makecontext(&side, restore_on_side_stack, 0);
    swapcontext(&here, &side);
    abort(); /* not reached: restore_on_side_stack jumps to the checkpoint */
}
