/*
 * bsrt_internal.h: declarations shared between runtime source files; never seen by generated
 * code. Functions marked "signal-safe" are called from the SIGSEGV/SIGBUS handler: they take no
 * locks, allocate nothing and only read atomics and thread-locals set up beforehand.
 */
#ifndef BSRT_INTERNAL_H
#define BSRT_INTERNAL_H

#include <stdbool.h>
#include <stdio.h>
#include <stdint.h>

#include "bsrt.h"

/* ---- registry.c: what the fault handler needs to know about the process ---------------- */

/* Records [base, base+size) as a linear-memory reservation. Returns 0, or -1 when the table of
 * reservations is full (it holds more 8 GiB reservations than a 47-bit address space fits). */
int bsrt_registry_add_memory(const void *base, uint64_t size);
void bsrt_registry_remove_memory(const void *base);
/* Signal-safe: is addr inside a registered reservation? */
bool bsrt_registry_memory_contains(uintptr_t addr);

/* Records a module's function addresses for naming faults (idempotent; modules are static). */
void bsrt_registry_add_module(const bsrt_module *module);
/* Signal-safe: the name of the registered function with the greatest address <= pc, or "?". */
const char *bsrt_registry_function_name(uintptr_t pc);
/* The name of the registered function that starts exactly at `address`, or NULL. */
const char *bsrt_registry_function_at(uintptr_t address);

/* ---- signals.c ------------------------------------------------------------------------- */

/* Installs the SIGSEGV/SIGBUS handler once per process (thread-safe, idempotent). */
void bsrt_signals_install(void);

/* ---- stack.c --------------------------------------------------------------------------- */

/* Once per thread: learns this thread's stack bounds and gives it an alternate signal stack
 * (the handler cannot run on a stack that just overflowed). Called outside signal context. */
void bsrt_stack_thread_setup(void);
/* Signal-safe: does a fault at addr look like this thread's stack running out? */
bool bsrt_stack_fault_is_overflow(uintptr_t addr);
/* The range faults count as this thread's stack overflow in, read and replaced by WASIX
 * context switches (each context runs on a stack of its own). */
void bsrt_stack_bounds(uintptr_t *low, uintptr_t *high);
void bsrt_stack_set_bounds(uintptr_t low, uintptr_t high);

/* ---- trap.c ---------------------------------------------------------------------------- */

/* Signal-safe: is this thread inside bsrt_call_guarded? */
bool bsrt_trap_guard_active(void);
/* Traps "uncaught exception <tag>" in `function` (eh.c: a throw no handler caught). */
_Noreturn void bsrt_trap_uncaught_exception(const char *tag, const char *function);
/* Signal-safe: records the trap and siglongjmps to the innermost guard (which must exist). */
_Noreturn void bsrt_trap_unwind(bsrt_trap_code code, const char *function);
/* One past the end of the outermost guard of this thread (it lives in the frame of the first
 * bsrt_call_guarded, above every WASM frame), or NULL outside any guard: WASIX
 * stack_checkpoint saves the native stack up to here. */
void *bsrt_trap_outermost_guard_end(void);
/* The innermost guard, saved and put back by stack_checkpoint/stack_restore. */
void *bsrt_trap_innermost(void);
void bsrt_trap_set_innermost(void *guard);

/* ---- types.c --------------------------------------------------------------------------- */

/* The signature string interned as `id` ("iI:i"), or NULL if no type has that id. The string
 * lives as long as the process. */
const char *bsrt_type_signature(uint32_t id);

/* ---- thread_globals.c ------------------------------------------------------------------ */

/* Frees the calling thread's block and the instance's slot (bsrt_instance_free). Blocks other
 * threads still hold for the instance are theirs to free when they end. */
void bsrt_thread_release_slot(bsrt_instance *self);

/* ---- atomics.c ------------------------------------------------------------------------- */

/* What a wait returns (memory.atomic.wait's results). */
#define BSRT_WAIT_OK 0u
#define BSRT_WAIT_NOT_EQUAL 1u
#define BSRT_WAIT_TIMED_OUT 2u
/* Sleeps while *word == expected, up to timeout_ns (negative: forever); the OS futex, shared
 * with bsrt_futex_wake and so with memory.atomic.notify. */
uint32_t bsrt_futex_wait32(uint32_t *word, uint32_t expected, int64_t timeout_ns);
/* Wakes up to `count` threads waiting on `address` (32- and 64-bit waits); returns how many. */
uint32_t bsrt_futex_wake(void *address, uint32_t count);

/* ---- wasix/thread.c, wasix/signal.c ----------------------------------------------------- */

/* The main thread called WASIX thread_exit: ends it, leaving the process to the other threads
 * (the process ends with status 0 when the last one does), or exits 0 if there are none. */
_Noreturn void bsrt_wasix_main_thread_exit(void);
/* The calling thread's WASIX thread id (1 for the main thread). */
uint32_t bsrt_wasix_current_tid(void);
/* Raises WASIX signal `sig` (Linux numbering) on the calling thread: with a guest signal
 * callback registered it is queued for that callback (delivered when the current host call
 * returns); without one it is raised on the host thread, whose default action applies. */
uint32_t bsrt_wasix_raise_self(uint32_t sig);

/* ---- backtrace.c ----------------------------------------------------------------------- */

/* Turns trap backtraces on (`-g` builds) or leaves them to BS_AOT_BACKTRACE=1. */
void bsrt_backtrace_enable(bool on);
/* Records the calling thread's native frames (at a trap, before it unwinds). */
void bsrt_backtrace_capture(void);
/* Prints the recorded frames that are WebAssembly functions, one "  at NAME" line each. */
void bsrt_backtrace_print(FILE *out);

/* ---- limits.c -------------------------------------------------------------------------- */

struct bsrt_wasi_config;
/* Applies the build's resource limits, as the environment may lower them (bsrt_main). */
void bsrt_limits_apply(const struct bsrt_wasi_config *config);
/* The limits in force (0: none): bytes per memory, bytes of native stack per guest thread,
 * guest threads alive at once besides the main one. */
extern uint64_t bsrt_limit_memory_bytes;
extern uint64_t bsrt_limit_stack_bytes;
extern uint32_t bsrt_limit_threads;

/* ---- main.c --------------------------------------------------------------------------- */

/* The guest's environment for `config` (NULL: the host's): the host's unless the build said
 * --no-inherit-env, with the built-in entries added (bsrt_main, bsrt_wasi_library_init). */
char **bsrt_guest_environment(const struct bsrt_wasi_config *config);

/* ---- errno.c --------------------------------------------------------------------------- */

/* Maps a host errno value to the WASI errno (abi/wasi-preview1.md §5.1). */
uint32_t bsrt_wasi_errno_from_host(int host_errno);

#endif /* BSRT_INTERNAL_H */
