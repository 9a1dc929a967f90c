/*
 * stack_test.c: unbounded WASM recursion traps "call stack exhausted", named after the
 * recursing function, on the main thread (whose stack grows on demand up to RLIMIT_STACK) and
 * on a thread with a small stack; the trap can repeat and normal calls keep working.
 * Must be compiled with -fno-optimize-sibling-calls, like generated code.
 * bsrt-test: signals (uses stack-overflow faults: not run under ASan)
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdint.h>

#include "bsrt_ops.h"
#include "check.h"

static volatile uint32_t sink;
static volatile int keep_going = 1; /* always 1; clang cannot know, so it does not warn */

/* (func $recurse (param i32) (result i32) ... (call $recurse (i32.add (local.get 0) (i32.const 1))) ...)
 * The volatile store and the use of the result after the call keep it a real, non-tail call. */
__attribute__((noinline)) static uint32_t w_recurse(bsrt_instance *self, uint32_t n) {
    volatile uint8_t frame[48];
    frame[n % 48] = (uint8_t)n;
    sink = n;
    if (!keep_going) return 0;
    return w_recurse(self, n + 1) + frame[(n + 1) % 48];
}

/* A finite recursion: must not trap. */
__attribute__((noinline)) static uint32_t w_depth(bsrt_instance *self, uint32_t n) {
    sink = n;
    return n == 0 ? 0 : w_depth(self, n - 1) + 1;
}

static const void *const addresses[] = {(const void *)w_recurse, (const void *)w_depth};
static const char *const names[] = {"recurse", "depth"};

static void no_instantiate(bsrt_instance *self, const bsrt_extern *imports) {
    (void)self, (void)imports;
}

static const bsrt_module module = {
    .name = "stack",
    .instance_size = sizeof(bsrt_instance),
    .instantiate = no_instantiate,
    .function_count = 2,
    .function_addresses = addresses,
    .function_names = names,
};

static bsrt_instance *instance;
static uint32_t depth_result;

static void run_recurse(void *arg) {
    (void)arg;
    sink = w_recurse(instance, 0);
}

static void run_depth(void *arg) {
    (void)arg;
    depth_result = w_depth(instance, 1000);
}

static void check_exhaustion(void) {
    CHECK_TRAP(run_recurse, NULL, BSRT_TRAP_STACK_EXHAUSTED, "recurse");
    CHECK_STR(bsrt_last_trap_reason(), "call stack exhausted");
    CHECK(sink > 1000); /* it really recursed */
    CHECK_TRAP(run_depth, NULL, BSRT_TRAP_NONE, NULL);
    CHECK_EQ(depth_result, 1000);
    CHECK_TRAP(run_recurse, NULL, BSRT_TRAP_STACK_EXHAUSTED, "recurse");
}

static void *thread_main(void *arg) {
    (void)arg;
    check_exhaustion();
    return NULL;
}

/* A guarded call inside a guarded call: the inner trap returns to the inner guard only. */
static bsrt_trap_code inner_result;
static void run_nested(void *arg) {
    (void)arg;
    inner_result = bsrt_call_guarded(run_recurse, NULL);
    sink = 7;
}

int main(void) {
    bsrt_trap_code trap;
    instance = bsrt_instantiate(&module, NULL, &trap);
    CHECK_EQ(trap, BSRT_TRAP_NONE);
    check_exhaustion();
    CHECK_TRAP(run_nested, NULL, BSRT_TRAP_NONE, NULL);
    CHECK_EQ(inner_result, BSRT_TRAP_STACK_EXHAUSTED);
    CHECK_EQ(sink, 7);

    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, 256 * 1024);
    pthread_t thread;
    CHECK_EQ(pthread_create(&thread, &attr, thread_main, NULL), 0);
    pthread_join(thread, NULL);
    pthread_attr_destroy(&attr);
    /* Threads with default stacks, one after another (each gets and frees its signal stack). */
    for (int i = 0; i < 3; i++) {
        CHECK_EQ(pthread_create(&thread, NULL, thread_main, NULL), 0);
        pthread_join(thread, NULL);
    }
    bsrt_instance_free(instance);
    return check_finish("stack_test");
}
