/* setjmp/longjmp as the default (non-EH) wasix-libc builds them: setjmp is a function that
 * calls stack_checkpoint and returns its value; longjmp calls stack_restore after that
 * function has returned, from deeper in the stack. Tested through wasix/stack.c. */
#include "wasix_test.h"

typedef struct { uint8_t bytes[24]; } __attribute__((aligned(8))) snapshot_t;

WASIX_IMPORT(stack_checkpoint) int32_t wasix_stack_checkpoint(snapshot_t *snapshot, uint64_t *ret_val);
WASIX_IMPORT(stack_restore) _Noreturn void wasix_stack_restore(snapshot_t *snapshot, uint64_t val);

/* wasix-libc's shape: a separate function, so its frame is gone when the restore comes. */
static __attribute__((noinline)) uint64_t my_setjmp(snapshot_t *s) {
    uint64_t value = 0;
    if (wasix_stack_checkpoint(s, &value) != 0) return 9999;
    return value;
}

static snapshot_t jump;
static int depth_reached;

static __attribute__((noinline)) int dive(int n, uint64_t value) {
    if (n == 0) {
        depth_reached = 1;
        wasix_stack_restore(&jump, value);
    }
    return dive(n - 1, value) + 1;
}

int main(void) {
    volatile int passes = 0; /* in linear memory: keeps its latest value across the jump */
    uint64_t got = my_setjmp(&jump);
    passes++;
    if (got == 0) dive(200, 42);
    CHECK_EQ(got, 42, "longjmp from 200 frames deep returns the value from setjmp");
    CHECK_EQ(passes, 2, "setjmp returned twice; a volatile local kept its latest value");
    CHECK(depth_reached, "the restore ran at the bottom of the recursion");

    /* longjmp(buf, 0) makes setjmp return 1 */
    snapshot_t zero;
    uint64_t v = my_setjmp(&zero);
    if (v == 0) wasix_stack_restore(&zero, 0);
    CHECK_EQ(v, 1, "a restore with 0 returns 1");

    /* the same buffer, over and over: one record is reused */
    volatile int rounds = 0;
    snapshot_t loop;
    uint64_t r = my_setjmp(&loop);
    if (r < 1000) {
        rounds++;
        wasix_stack_restore(&loop, r + 1);
    }
    CHECK_EQ(r, 1000, "1000 jumps through one buffer");
    CHECK_EQ(rounds, 1000, "each round ran once");

    /* nested: an inner checkpoint, then a jump to the outer one */
    snapshot_t outer, inner;
    volatile int stage = 0;
    if (my_setjmp(&outer) == 0) {
        stage = 1;
        if (my_setjmp(&inner) == 0) {
            stage = 2;
            wasix_stack_restore(&inner, 5);
        }
        stage = 3;
        wasix_stack_restore(&outer, 6);
    }
    CHECK_EQ(stage, 3, "jumps to an inner then an outer checkpoint");

    /* bad pointers are FAULT, nothing written */
    uint64_t untouched = 77;
    CHECK_EQ(wasix_stack_checkpoint((snapshot_t *)0xfffffff0u, &untouched), WX_FAULT, "a snapshot out of memory is FAULT");
    CHECK_EQ(untouched, 77, "nothing written on FAULT");

    if (wasix_failures == 0 && getenv("BAD_RESTORE")) {
        snapshot_t never = {{0}};
        wasix_stack_restore(&never, 1); /* traps */
    }
    return wasix_failures;
}
