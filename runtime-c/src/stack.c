/*
 * stack.c: stack-exhaustion detection at zero per-call cost.
 *
 * Deep WASM recursion is native recursion (generated code is compiled with
 * -fno-optimize-sibling-calls so it cannot turn into a loop). When it runs out, the next push
 * touches the guard area below the thread's stack and faults. The fault handler runs on an
 * alternate signal stack (the normal one is exhausted) and asks bsrt_stack_fault_is_overflow
 * whether the address lies in or just below this thread's stack; if so the fault becomes
 * "call stack exhausted". No counter, no check in function prologues.
 *
 * The bounds come from pthread_getattr_np. For the main thread glibc reports the lowest
 * address the stack may grow to under RLIMIT_STACK (capped by the next mapping below), so the
 * overflow fault lands just below the reported low end: hence the slack below `low`.
 */
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "bsrt_internal.h"

/* One frame can skip over a small guard; 1 MiB also covers the kernel's stack guard gap. */
#define BELOW_STACK_SLACK ((uintptr_t)1 << 20)
/* Generous: the handler itself needs little, but aarch64 SVE/SME signal frames are large. */
#define ALT_STACK_MIN_SIZE ((size_t)64 << 10)

static _Thread_local bool thread_ready;
static _Thread_local uintptr_t stack_low;  /* lowest address a fault still counts as overflow */
static _Thread_local uintptr_t stack_high; /* one past the highest stack address */

static pthread_once_t key_once = PTHREAD_ONCE_INIT;
static pthread_key_t alt_stack_key;

typedef struct alt_stack {
    void *mapping;
    size_t mapping_size;
    void *sp; /* the usable part, above the guard page */
} alt_stack;

/* Thread exit: stop using the alternate stack before unmapping it. */
static void release_alt_stack(void *p) {
    alt_stack *a = p;
    stack_t current;
    if (sigaltstack(NULL, &current) == 0 && current.ss_sp == a->sp) {
        stack_t off = {.ss_flags = SS_DISABLE};
        sigaltstack(&off, NULL);
    }
    munmap(a->mapping, a->mapping_size);
    free(a);
}

static void create_key(void) { pthread_key_create(&alt_stack_key, release_alt_stack); }

static size_t page_size(void) {
    long p = sysconf(_SC_PAGESIZE);
    return p > 0 ? (size_t)p : 4096;
}

/* Gives this thread an alternate signal stack unless the embedder already installed one. The
 * mapping has a PROT_NONE page below it so a handler overflow faults instead of corrupting. */
static void install_alt_stack(void) {
    stack_t current;
    if (sigaltstack(NULL, &current) == 0 && !(current.ss_flags & SS_DISABLE)) return;
    size_t page = page_size();
    size_t size = ALT_STACK_MIN_SIZE;
    /* SIGSTKSZ is sysconf(_SC_SIGSTKSZ) on newer glibc: the kernel's real minimum. */
    if ((size_t)SIGSTKSZ * 4 > size) size = ((size_t)SIGSTKSZ * 4 + page - 1) / page * page;
    void *mapping = mmap(NULL, size + page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (mapping == MAP_FAILED) return; /* then an overflow kills the process with SIGSEGV */
    mprotect(mapping, page, PROT_NONE);
    alt_stack *mine = malloc(sizeof *mine);
    stack_t ss = {.ss_sp = (char *)mapping + page, .ss_size = size, .ss_flags = 0};
    if (mine == NULL || sigaltstack(&ss, NULL) != 0) {
        free(mine);
        munmap(mapping, size + page);
        return;
    }
    *mine = (alt_stack){.mapping = mapping, .mapping_size = size + page, .sp = ss.ss_sp};
    /* Registered so thread exit unmaps it; the main thread keeps it until the process ends. */
    pthread_once(&key_once, create_key);
    pthread_setspecific(alt_stack_key, mine);
}

/* Under `ulimit -s unlimited` glibc reports the main thread's stack as reaching down to the
 * heap (tens of TiB), and runaway recursion would eat all RAM before faulting. So a stack
 * reported larger than the cap gets a one-page PROT_NONE mapping at high - cap: the kernel cannot
 * grow the stack through it, and the overflow faults there. MAP_FIXED_NOREPLACE fails if the
 * spot is taken (for example inside a thread's fully mapped stack), and then nothing changes. */
#define STACK_CAP ((uintptr_t)256 << 20)

static uintptr_t cap_stack(uintptr_t low, uintptr_t high) {
    if (high - low <= STACK_CAP) return low;
    uintptr_t page = (uintptr_t)page_size();
    uintptr_t floor = (high - STACK_CAP) & ~(page - 1);
    void *p = mmap((void *)floor, page, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED_NOREPLACE,
                   -1, 0);
    if (p == MAP_FAILED) return low;
    if ((uintptr_t)p != floor) { /* a kernel before 4.17 took the address as a hint */
        munmap(p, page);
        return low;
    }
    return floor; /* never unmapped: it guards this thread's stack for the life of the process */
}

static void learn_stack_bounds(void) {
    pthread_attr_t attr;
    if (pthread_getattr_np(pthread_self(), &attr) != 0) return;
    void *addr = NULL;
    size_t size = 0, guard = 0;
    if (pthread_attr_getstack(&attr, &addr, &size) == 0 && addr != NULL) {
        pthread_attr_getguardsize(&attr, &guard);
        uintptr_t slack = guard > BELOW_STACK_SLACK ? (uintptr_t)guard : BELOW_STACK_SLACK;
        uintptr_t high = (uintptr_t)addr + size;
        uintptr_t low = cap_stack((uintptr_t)addr, high);
        stack_low = low > slack ? low - slack : 0;
        stack_high = high;
    }
    pthread_attr_destroy(&attr);
}

void bsrt_stack_thread_setup(void) {
    if (thread_ready) return;
    thread_ready = true;
    learn_stack_bounds();
    install_alt_stack();
}

bool bsrt_stack_fault_is_overflow(uintptr_t addr) {
    return stack_high != 0 && addr >= stack_low && addr < stack_high;
}

void bsrt_stack_bounds(uintptr_t *low, uintptr_t *high) {
    *low = stack_low;
    *high = stack_high;
}

void bsrt_stack_set_bounds(uintptr_t low, uintptr_t high) {
    stack_low = low;
    stack_high = high;
}
