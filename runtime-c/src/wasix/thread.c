/*
 * wasix/thread.c: threads that share the memory: WASIX thread_spawn_v2 (and its alias
 * thread_spawn), wasi-threads' `wasi.thread-spawn`, thread_join, thread_exit, thread_id,
 * thread_sleep and thread_parallelism.
 *
 * A guest thread is a pthread running the module's export `wasi_thread_start(tid, start_arg)`
 * on the same instance: functions, tables and the (shared) memory are common, and the mutable
 * globals the module defines are per thread (bsrt_thread_attach gives the new thread a block
 * holding their initial values, as Wasmer's instance-per-thread does), so the libc trampoline
 * can set `__stack_pointer` and `__tls_base` from the start record without disturbing anyone.
 * The runtime reads nothing from the start record: the trampoline does.
 *
 * Thread ids: the main thread is 1, others count up from 2 (wasix-libc expects host ids in
 * 1..0x1fffffff). A registry of live threads (mutex + condition variable) serves thread_join;
 * a thread leaves it when it ends, so joining a finished or unknown id returns at once.
 *
 * Ending: returning from wasi_thread_start or calling thread_exit ends the thread (thread_exit
 * unwinds to the thread's entry as a trap would, with the non-trap code BSRT_TRAP_THREAD_EXIT).
 * A trap on any thread ends the process with the trap's message and status 134, as wasmtime
 * does for wasi-threads. proc_exit on any thread ends the process.
 *
 * fork (wasix/process.c) keeps only the calling thread: an atfork handler empties the
 * registry in the child and makes the caller its only thread (its id does not change).
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "wasix_internal.h"

#define MAIN_TID 1u
/* Each guest thread's native stack (translated WASM frames live there; the guest's own shadow
 * stack is in linear memory). The main thread's default under glibc is 8 MiB too. */
#define THREAD_STACK_SIZE ((size_t)8 << 20)

typedef struct live_thread {
    uint32_t tid;
    pthread_t handle;
    struct live_thread *next;
} live_thread;

static pthread_mutex_t registry_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t thread_ended = PTHREAD_COND_INITIALIZER;
static live_thread *live_threads; /* every running thread except the main one */
static uint32_t next_tid = MAIN_TID + 1;
static bool main_thread_exited;

static _Thread_local uint32_t current_tid; /* 0 on the main thread (and never-spawned ones) */

uint32_t bsrt_wasix_current_tid(void) { return current_tid ? current_tid : MAIN_TID; }

static void prepare_fork(void) { pthread_mutex_lock(&registry_lock); }
static void after_fork_parent(void) { pthread_mutex_unlock(&registry_lock); }
static void after_fork_child(void) {
    /* Only the forking thread exists in the child. The records of the others are dropped
     * (leaked: freeing memory another thread might have been touching is not worth it). */
    live_threads = NULL;
    main_thread_exited = false;
    pthread_mutex_unlock(&registry_lock);
    pthread_mutex_init(&registry_lock, NULL);
    pthread_cond_init(&thread_ended, NULL);
}
static pthread_once_t atfork_once = PTHREAD_ONCE_INIT;
static void register_atfork(void) { pthread_atfork(prepare_fork, after_fork_parent, after_fork_child); }

/* What a new thread needs: the instance, the start export, its id and argument. */
typedef struct thread_start {
    bsrt_instance *instance;
    const bsrt_func *entry; /* wasi_thread_start */
    uint32_t tid;
    uint64_t start_arg;
} thread_start;

static void call_entry(void *arg) {
    const thread_start *start = arg;
    const bsrt_func *entry = start->entry;
    if (entry->type_id == bsrt_type_id("iI:"))
        ((void (*)(bsrt_instance *, uint32_t, uint64_t))entry->code)(entry->instance, start->tid, start->start_arg);
    else
        ((void (*)(bsrt_instance *, uint32_t, uint32_t))entry->code)(entry->instance, start->tid, (uint32_t)start->start_arg);
}

static void leave_registry(uint32_t tid) {
    pthread_mutex_lock(&registry_lock);
    for (live_thread **p = &live_threads; *p; p = &(*p)->next) {
        if ((*p)->tid == tid) {
            live_thread *done = *p;
            *p = done->next;
            free(done);
            break;
        }
    }
    bool last = live_threads == NULL && main_thread_exited;
    pthread_cond_broadcast(&thread_ended);
    pthread_mutex_unlock(&registry_lock);
    /* The main thread is gone and this was the last other one: the process ends normally. */
    if (last) exit(EXIT_SUCCESS);
}

static void *thread_main(void *arg) {
    thread_start start = *(thread_start *)arg;
    free(arg);
    current_tid = start.tid;
    if (bsrt_thread_attach(start.instance) != 0) {
        fprintf(stderr, "bs-aot: fatal: out of memory for the globals of thread %u\n", start.tid);
        exit(EXIT_FAILURE);
    }
    bsrt_trap_code outcome = bsrt_call_guarded(call_entry, &start);
    if (outcome != BSRT_TRAP_NONE && outcome != BSRT_TRAP_THREAD_EXIT) bsrt_exit_with_trap();
    bsrt_thread_detach(start.instance);
    leave_registry(start.tid);
    return NULL;
}

/* Starts a thread running wasi_thread_start(tid, start_arg); returns a WASI errno. */
static uint32_t spawn(bsrt_instance *self, uint64_t start_arg, uint32_t *out_tid) {
    pthread_once(&atfork_once, register_atfork);
    bsrt_extern entry;
    /* Wasmer answers NOTCAPABLE when the module cannot run threads. */
    if (!bsrt_find_export(self, "wasi_thread_start", &entry) || entry.kind != BSRT_EXTERN_FUNC ||
        (entry.as.func->type_id != bsrt_type_id("ii:") && entry.as.func->type_id != bsrt_type_id("iI:")))
        return WASI_ENOTCAPABLE;
    thread_start *start = malloc(sizeof *start);
    live_thread *record = malloc(sizeof *record);
    if (start == NULL || record == NULL) {
        free(start);
        free(record);
        return WASI_EAGAIN;
    }
    pthread_mutex_lock(&registry_lock);
    if (bsrt_limit_threads != 0) {
        /* --max-threads: no more guest threads alive at once than that. */
        uint32_t alive = 0;
        for (live_thread *t = live_threads; t != NULL; t = t->next) alive++;
        if (alive >= bsrt_limit_threads) {
            pthread_mutex_unlock(&registry_lock);
            free(start);
            free(record);
            return WASI_EAGAIN;
        }
    }
    uint32_t tid = next_tid++;
    /* Ids stay in wasix-libc's range (1..0x1fffffff); wrapping reuses ids of long-gone threads. */
    if (next_tid > 0x1fffffffu) next_tid = MAIN_TID + 1;
    *start = (thread_start){self, entry.as.func, tid, start_arg};
    record->tid = tid;
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, bsrt_limit_stack_bytes != 0 ? (size_t)bsrt_limit_stack_bytes : THREAD_STACK_SIZE);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    int err = pthread_create(&record->handle, &attr, thread_main, start);
    pthread_attr_destroy(&attr);
    if (err != 0) {
        pthread_mutex_unlock(&registry_lock);
        free(start);
        free(record);
        return WASI_EAGAIN;
    }
    record->next = live_threads;
    live_threads = record;
    pthread_mutex_unlock(&registry_lock);
    *out_tid = tid;
    return WASI_ESUCCESS;
}

uint32_t bsrt_wasix_thread_spawn(bsrt_instance *self, bsrt_ptr start, bsrt_ptr ret_tid) {
    uint8_t *out = bsrt_guest_bytes(bsrt_guest_memory(self), ret_tid, 4);
    if (out == NULL) return WASI_EFAULT;
    uint32_t tid;
    uint32_t err = spawn(self, start, &tid);
    if (err == WASI_ESUCCESS) bsrt_guest_write_u32(out, tid);
    return err;
}

int32_t bsrt_wasi_thread_spawn(bsrt_instance *self, uint32_t start_arg) {
    uint32_t tid;
    uint32_t err = spawn(self, start_arg, &tid);
    return err == WASI_ESUCCESS ? (int32_t)tid : -(int32_t)err;
}

bool wasix_thread_handle(uint32_t tid, pthread_t *out) {
    bool found = false;
    pthread_mutex_lock(&registry_lock);
    for (live_thread *t = live_threads; t && !found; t = t->next) {
        if (t->tid == tid) {
            *out = t->handle;
            found = true;
        }
    }
    pthread_mutex_unlock(&registry_lock);
    return found;
}

uint32_t bsrt_wasix_thread_join(bsrt_instance *self, uint32_t tid) {
    (void)self;
    if (tid == bsrt_wasix_current_tid()) return WASI_EDEADLK;
    pthread_mutex_lock(&registry_lock);
    for (;;) {
        bool running = false;
        for (live_thread *t = live_threads; t; t = t->next) running |= t->tid == tid;
        if (!running) break;
        pthread_cond_wait(&thread_ended, &registry_lock);
    }
    pthread_mutex_unlock(&registry_lock);
    return WASI_ESUCCESS;
}

_Noreturn void bsrt_wasix_thread_exit(bsrt_instance *self, uint32_t code) {
    (void)self;
    (void)code; /* a thread's exit code has no reader: thread_join reports none */
    bsrt_trap_unwind(BSRT_TRAP_THREAD_EXIT, NULL);
}

_Noreturn void bsrt_wasix_main_thread_exit(void) {
    pthread_mutex_lock(&registry_lock);
    bool alone = live_threads == NULL;
    main_thread_exited = true;
    pthread_mutex_unlock(&registry_lock);
    if (alone) exit(EXIT_SUCCESS);
    pthread_exit(NULL);
}

uint32_t bsrt_wasix_thread_id(bsrt_instance *self, bsrt_ptr ret_tid) {
    return wasix_store_u32(self, ret_tid, bsrt_wasix_current_tid());
}

uint32_t bsrt_wasix_thread_sleep(bsrt_instance *self, uint64_t duration) {
    (void)self;
    struct timespec left = {.tv_sec = (time_t)(duration / 1000000000u), .tv_nsec = (long)(duration % 1000000000u)};
    /* A signal cuts the sleep short only when the guest has one to handle (the host call's
     * wrapper then delivers it); otherwise the sleep goes on for what is left. */
    while (nanosleep(&left, &left) != 0 && errno == EINTR)
        if (bsrt_wasix_signals_pending) break;
    return WASI_ESUCCESS;
}

uint32_t bsrt_wasix_thread_parallelism(bsrt_instance *self, bsrt_ptr ret_count) {
    cpu_set_t set;
    long count = 0;
    /* The CPUs this process may run on (taskset, cgroups' cpusets), not every online one. */
    if (sched_getaffinity(0, sizeof set, &set) == 0) count = CPU_COUNT(&set);
    if (count <= 0) count = sysconf(_SC_NPROCESSORS_ONLN);
    if (count <= 0) count = 1;
    return wasix_store_size(self, ret_count, (uint64_t)count);
}
