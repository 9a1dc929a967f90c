/*
 * limits.c: the resource limits an executable was built with (bs-aot build --max-memory,
 * --max-stack, --cpu-limit, --max-threads), applied at start-up by bsrt_main.
 *
 * Each may be lowered at run time by an environment variable (BS_AOT_MAX_MEMORY in bytes,
 * BS_AOT_MAX_STACK in bytes, BS_AOT_CPU_LIMIT in seconds, BS_AOT_MAX_THREADS), never raised: the
 * person running a program may tighten what its builder allowed, not loosen it. A malformed
 * value is ignored with a warning on stderr.
 *
 * - Memory: bsrt_memory_init refuses an initial size above the limit (instantiation then traps
 *   "out of memory") and memory.grow answers -1 past it, as the spec lets any grow fail.
 * - Stack: RLIMIT_STACK for the main thread (the kernel grows it up to the limit, and stack.c
 *   reads the bounds afterwards), the stack size of every thread the guest starts.
 * - CPU: RLIMIT_CPU; at the limit the kernel sends SIGXCPU and the process ends with one line,
 *   "bs-aot: CPU time limit of N s exceeded", and status 152 (128 + SIGXCPU, what a shell shows
 *   for a process the signal killed).
 * - Threads: thread_spawn answers AGAIN while that many guest threads are alive.
 */
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "bsrt_internal.h"
#include "bsrt_wasi.h"

uint64_t bsrt_limit_memory_bytes;
uint64_t bsrt_limit_stack_bytes;
uint32_t bsrt_limit_threads;
static uint32_t cpu_limit_seconds;

/* The smaller of the built-in limit and the environment's (0 = none), for a limit in `unit`. */
static uint64_t tightened(uint64_t built, const char *variable) {
    const char *text = getenv(variable);
    if (text == NULL || *text == 0) return built;
    char *end;
    errno = 0;
    unsigned long long value = strtoull(text, &end, 10);
    if (errno != 0 || *end != 0 || value == 0) {
        fprintf(stderr, "bs-aot: warning: ignoring %s=%s (a positive whole number is expected)\n", variable, text);
        return built;
    }
    return built == 0 || value < built ? (uint64_t)value : built;
}

static void cpu_limit_reached(int signal) {
    (void)signal;
    char line[96];
    int n = snprintf(line, sizeof line, "bs-aot: CPU time limit of %" PRIu32 " s exceeded\n", cpu_limit_seconds);
    if (n > 0) {
        ssize_t ignored = write(STDERR_FILENO, line, (size_t)n);
        (void)ignored;
    }
    _exit(152);
}

void bsrt_limits_apply(const bsrt_wasi_config *config) {
    bsrt_limit_memory_bytes = tightened(config ? config->max_memory_bytes : 0, "BS_AOT_MAX_MEMORY");
    bsrt_limit_stack_bytes = tightened(config ? config->max_stack_bytes : 0, "BS_AOT_MAX_STACK");
    bsrt_limit_threads = (uint32_t)tightened(config ? config->max_threads : 0, "BS_AOT_MAX_THREADS");
    uint64_t cpu = tightened(config ? config->cpu_limit_seconds : 0, "BS_AOT_CPU_LIMIT");
    cpu_limit_seconds = cpu > UINT32_MAX ? UINT32_MAX : (uint32_t)cpu;

    if (bsrt_limit_stack_bytes != 0) {
        struct rlimit stack;
        if (getrlimit(RLIMIT_STACK, &stack) == 0) {
            rlim_t wanted = (rlim_t)bsrt_limit_stack_bytes;
            if (stack.rlim_max != RLIM_INFINITY && wanted > stack.rlim_max) wanted = stack.rlim_max;
            stack.rlim_cur = wanted;
            setrlimit(RLIMIT_STACK, &stack);
        }
    }
    if (cpu_limit_seconds != 0) {
        struct sigaction action;
        memset(&action, 0, sizeof action);
        action.sa_handler = cpu_limit_reached;
        sigaction(SIGXCPU, &action, NULL);
        struct rlimit cpu_time;
        if (getrlimit(RLIMIT_CPU, &cpu_time) == 0) {
            cpu_time.rlim_cur = cpu_limit_seconds;
            /* The hard limit one second later: SIGKILL if the handler could not run. */
            if (cpu_time.rlim_max == RLIM_INFINITY || cpu_time.rlim_max > (rlim_t)cpu_limit_seconds + 1)
                cpu_time.rlim_max = (rlim_t)cpu_limit_seconds + 1;
            setrlimit(RLIMIT_CPU, &cpu_time);
        }
    }
}
