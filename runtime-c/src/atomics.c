/*
 * atomics.c: memory.atomic.wait32/wait64/notify and the futex they share with WASIX.
 *
 * A 32-bit wait is the OS futex on the host address of the word: FUTEX_WAIT sleeps only while
 * the word still holds the expected value, atomically with the check, and FUTEX_WAKE wakes
 * sleepers on that address. Because WASIX's futex_wait/futex_wake (wasix/futex.c) use the same
 * calls on the same addresses, a wasix-libc futex and a memory.atomic.notify wake each other.
 *
 * The kernel has no 64-bit futex, so a 64-bit wait parks on a waiter of its own: the address's
 * bucket lock is held while the value is compared and the waiter queued, and notify takes the
 * same lock before it wakes queued waiters, so a store followed by notify cannot slip between
 * a waiter's check and its sleep. notify wakes 32-bit sleepers first, then 64-bit ones.
 *
 * Futexes are process-private (FUTEX_PRIVATE_FLAG): memory is shared between threads, never
 * between processes (fork copies it).
 */
#include <errno.h>
#include <linux/futex.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "bsrt.h"
#include "bsrt_internal.h"
#include "bsrt_ops.h"

static long futex(void *addr, int op, uint32_t value, const struct timespec *timeout) {
    return syscall(SYS_futex, addr, op | FUTEX_PRIVATE_FLAG, value, timeout, NULL, 0);
}

static uint64_t now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

/* The time left until `deadline` (ns on CLOCK_MONOTONIC), as a relative timespec; false once
 * it has passed. */
static bool time_left(uint64_t deadline, struct timespec *out) {
    uint64_t now = now_ns();
    if (now >= deadline) return false;
    uint64_t left = deadline - now;
    out->tv_sec = (time_t)(left / 1000000000u);
    out->tv_nsec = (long)(left % 1000000000u);
    return true;
}

static uint64_t deadline_after(int64_t timeout_ns) {
    if (timeout_ns < 0) return UINT64_MAX;
    uint64_t now = now_ns();
    return (uint64_t)timeout_ns > UINT64_MAX - now ? UINT64_MAX : now + (uint64_t)timeout_ns;
}

uint32_t bsrt_futex_wait32(uint32_t *word, uint32_t expected, int64_t timeout_ns) {
    uint64_t deadline = deadline_after(timeout_ns);
    for (;;) {
        struct timespec left;
        const struct timespec *timeout = NULL;
        if (deadline != UINT64_MAX) {
            /* The value is compared even when no time is left: not-equal wins over timed-out. */
            if (!time_left(deadline, &left))
                return __atomic_load_n(word, __ATOMIC_SEQ_CST) != expected ? BSRT_WAIT_NOT_EQUAL : BSRT_WAIT_TIMED_OUT;
            timeout = &left;
        }
        if (futex(word, FUTEX_WAIT, expected, timeout) == 0) return BSRT_WAIT_OK;
        if (errno == EAGAIN) return BSRT_WAIT_NOT_EQUAL;
        if (errno == ETIMEDOUT) return BSRT_WAIT_TIMED_OUT;
        /* EINTR (a signal): wait again for what is left, unless the word changed meanwhile. */
        if (__atomic_load_n(word, __ATOMIC_SEQ_CST) != expected) return BSRT_WAIT_OK;
    }
}

/* ---- 64-bit waiters --------------------------------------------------------------------- */

typedef struct waiter {
    const void *address;
    uint32_t woken; /* the futex word the waiter sleeps on: 1 once notified */
    struct waiter *next;
} waiter;

#define BUCKETS 64

static struct bucket {
    pthread_mutex_t lock;
    waiter *head;
} buckets[BUCKETS];
static pthread_once_t buckets_once = PTHREAD_ONCE_INIT;

static void init_buckets(void) {
    for (int i = 0; i < BUCKETS; i++) pthread_mutex_init(&buckets[i].lock, NULL);
}

static struct bucket *bucket_of(const void *address) {
    pthread_once(&buckets_once, init_buckets);
    return &buckets[((uintptr_t)address >> 3) % BUCKETS];
}

static void unlink_waiter(struct bucket *b, waiter *w) {
    for (waiter **p = &b->head; *p; p = &(*p)->next) {
        if (*p == w) {
            *p = w->next;
            return;
        }
    }
}

static uint32_t wait64(uint64_t *word, uint64_t expected, int64_t timeout_ns) {
    struct bucket *b = bucket_of(word);
    waiter me = {.address = word, .woken = 0};
    pthread_mutex_lock(&b->lock);
    if (__atomic_load_n(word, __ATOMIC_SEQ_CST) != expected) {
        pthread_mutex_unlock(&b->lock);
        return BSRT_WAIT_NOT_EQUAL;
    }
    me.next = b->head;
    b->head = &me;
    pthread_mutex_unlock(&b->lock);
    uint64_t deadline = deadline_after(timeout_ns);
    for (;;) {
        if (__atomic_load_n(&me.woken, __ATOMIC_ACQUIRE)) return BSRT_WAIT_OK;
        struct timespec left;
        const struct timespec *timeout = NULL;
        if (deadline != UINT64_MAX) {
            if (!time_left(deadline, &left)) break;
            timeout = &left;
        }
        futex(&me.woken, FUTEX_WAIT, 0, timeout);
    }
    /* Timed out, unless a notify got here first. */
    pthread_mutex_lock(&b->lock);
    bool woken = __atomic_load_n(&me.woken, __ATOMIC_ACQUIRE);
    if (!woken) unlink_waiter(b, &me);
    pthread_mutex_unlock(&b->lock);
    return woken ? BSRT_WAIT_OK : BSRT_WAIT_TIMED_OUT;
}

uint32_t bsrt_futex_wake(void *address, uint32_t count) {
    if (count == 0) return 0;
    long woken = futex(address, FUTEX_WAKE, count > INT32_MAX ? INT32_MAX : count, NULL);
    uint32_t total = woken > 0 ? (uint32_t)woken : 0;
    struct bucket *b = bucket_of(address);
    pthread_mutex_lock(&b->lock);
    for (waiter **p = &b->head; *p && total < count;) {
        waiter *w = *p;
        if (w->address != address) {
            p = &w->next;
            continue;
        }
        *p = w->next;
        __atomic_store_n(&w->woken, 1, __ATOMIC_RELEASE);
        futex(&w->woken, FUTEX_WAKE, 1, NULL);
        total++;
    }
    pthread_mutex_unlock(&b->lock);
    return total;
}

/* ---- the instructions ------------------------------------------------------------------- */

_Noreturn void bsrt_trap_unaligned_atomic(const bsrt_memory *m, uint64_t addr, uint64_t width, const char *fn) {
    uint64_t size = bsrt_memory_bytes(m);
    bsrt_trap(addr > size || width > size - addr ? BSRT_TRAP_OOB_MEMORY : BSRT_TRAP_UNALIGNED_ATOMIC, fn);
}

/* The host address of the waited-on word, after the spec's checks in its order. */
static void *wait_address(bsrt_memory *m, uint64_t addr, uint64_t width, const char *fn) {
    uint64_t size = bsrt_memory_bytes(m);
    if (addr > size || width > size - addr) bsrt_trap(BSRT_TRAP_OOB_MEMORY, fn);
    if (addr & (width - 1)) bsrt_trap(BSRT_TRAP_UNALIGNED_ATOMIC, fn);
    return m->base + addr;
}

uint32_t bsrt_memory_atomic_wait32(bsrt_memory *m, uint64_t addr, uint32_t expected, int64_t timeout, const char *fn) {
    uint32_t *word = wait_address(m, addr, 4, fn);
    if (!m->is_shared) bsrt_trap(BSRT_TRAP_EXPECTED_SHARED_MEMORY, fn);
    return bsrt_futex_wait32(word, expected, timeout);
}

uint32_t bsrt_memory_atomic_wait64(bsrt_memory *m, uint64_t addr, uint64_t expected, int64_t timeout, const char *fn) {
    uint64_t *word = wait_address(m, addr, 8, fn);
    if (!m->is_shared) bsrt_trap(BSRT_TRAP_EXPECTED_SHARED_MEMORY, fn);
    return wait64(word, expected, timeout);
}

uint32_t bsrt_memory_atomic_notify(bsrt_memory *m, uint64_t addr, uint32_t count, const char *fn) {
    void *word = wait_address(m, addr, 4, fn);
    if (!m->is_shared) return 0;
    return bsrt_futex_wake(word, count);
}
