/*
 * wasi/proc.c: proc_exit and sched_yield.
 *
 * proc_exit ends the whole process, from whatever depth of WASM it is called: exit(3) runs
 * atexit handlers and flushes stdio (the guest's own output went out through fd_write already).
 */
#include <sched.h>
#include <stdlib.h>

#include "bsrt_wasi.h"
#include "wasi_abi.h"

_Noreturn void bsrt_wasi_proc_exit(bsrt_instance *self, uint32_t code) {
    (void)self;
    /* The host keeps the low 8 bits of an exit status, as for a native program. */
    exit((int)code);
}

uint32_t bsrt_wasi_sched_yield(bsrt_instance *self) {
    (void)self;
    sched_yield();
    return WASI_ESUCCESS;
}
