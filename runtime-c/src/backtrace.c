/*
 * backtrace.c: the WebAssembly call stack of a trap that ends the program, for builds made with
 * `bs-aot build -g` (or any program run with BS_AOT_BACKTRACE=1).
 *
 * When enabled, every trap records the native return addresses (glibc's backtrace(), which the
 * unwind tables clang emits can walk, through the signal frame of a guard-page fault too) before
 * it unwinds; bsrt_exit_with_trap then prints, after the one-line message, one line per frame that
 * is a generated WebAssembly function, innermost first:
 *
 *     bs-aot: trap: integer divide by zero in divide (div.c:5)
 *       at divide
 *       at main
 *
 * A frame is named only when dladdr() finds the exact start of a registered function there (the
 * -g link exports generated symbols with -rdynamic), so runtime and libc frames never show up
 * under a wrong name. Without -g the trap stays one line.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dlfcn.h>
#include <execinfo.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bsrt_internal.h"

enum { MAX_FRAMES = 48 };

static bool enabled;
static _Thread_local void *frames[MAX_FRAMES];
static _Thread_local int frame_count;

void bsrt_backtrace_enable(bool on) {
    const char *variable = getenv("BS_AOT_BACKTRACE");
    enabled = on || (variable != NULL && strcmp(variable, "1") == 0);
    /* The first backtrace() loads the unwinder, which may allocate: do it now, not in a signal
     * handler. */
    if (enabled) {
        void *warm[2];
        (void)backtrace(warm, 2);
    }
}

void bsrt_backtrace_capture(void) {
    if (enabled) frame_count = backtrace(frames, MAX_FRAMES);
}

void bsrt_backtrace_print(FILE *out) {
    if (!enabled) return;
    for (int i = 0; i < frame_count; i++) {
        Dl_info info;
        /* A return address points after its call: look at the byte before it. */
        void *pc = (char *)frames[i] - (i > 0 ? 1 : 0);
        if (dladdr(pc, &info) == 0 || info.dli_saddr == NULL) continue;
        const char *name = bsrt_registry_function_at((uintptr_t)info.dli_saddr);
        if (name != NULL) fprintf(out, "  at %s\n", name);
    }
}
