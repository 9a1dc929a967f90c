/*
 * wasix_internal.h: what the WASIX source files share, private to runtime-c/src/wasix/.
 *
 * WASIX calls reuse the preview1 machinery (descriptor table, path resolution, errno mapping:
* ../wasi/wasi_internal.h), and pointer width from ../guest.h (bsrt_guest_ptr_size: one C
 * function serves wasix_32v1 and wasix_64v1).
 */
#ifndef BSRT_WASIX_INTERNAL_H
#define BSRT_WASIX_INTERNAL_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "../wasi/wasi_internal.h"

/* WASIX errno additions (abi/wasix.md §5.1). */
#define WASIX_ESHUTDOWN 77
#define WASIX_EMEMVIOLATION 78
#define WASIX_EUNKNOWN 79

/* Writes a u32 result (a descriptor, a pid, a tid) through a guest pointer: FAULT if the four
 * bytes are not all inside memory. */
static inline uint32_t wasix_store_u32(bsrt_instance *self, bsrt_ptr ptr, uint32_t value) {
    uint8_t *out = bsrt_guest_bytes(bsrt_guest_memory(self), ptr, 4);
    if (out == NULL) return WASI_EFAULT;
    bsrt_guest_write_u32(out, value);
    return WASI_ESUCCESS;
}

/* Writes a witx `size` result (4 bytes under wasix_32v1, 8 under wasix_64v1). */
static inline uint32_t wasix_store_size(bsrt_instance *self, bsrt_ptr ptr, uint64_t value) {
    bsrt_memory *memory = bsrt_guest_memory(self);
    uint8_t *out = bsrt_guest_bytes(memory, ptr, bsrt_guest_ptr_size(memory));
    if (out == NULL) return WASI_EFAULT;
    bsrt_guest_write_ptr(memory, out, value);
    return WASI_ESUCCESS;
}

/* ---- threads (thread.c) and signals (signal.c) ---------------------------------------------- */

/* The host thread running guest thread `tid`, if it is alive (not the main thread). */
bool wasix_thread_handle(uint32_t tid, pthread_t *out);
/* The host signal for WASIX signal number `sig` (Linux numbering; 0 for 0), or -1 if none. */
int wasix_host_signal(uint32_t sig);
/* Whether the guest registered a signal callback (then guest-directed signals queue for it). */
bool wasix_signals_routed_to_guest(void);
/* Queues WASIX signal `sig` for the guest's callback. */
void wasix_signal_queue(uint32_t sig);
/* stack_restore may leave a signal handler by longjmp: the thread is no longer delivering. */
void wasix_signal_delivery_reset(void);

#endif /* BSRT_WASIX_INTERNAL_H */
