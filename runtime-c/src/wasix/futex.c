/*
 * wasix/futex.c: futex_wait, futex_wake and futex_wake_all.
 *
 * The futex word is identified by its host address, so these and the threads proposal's
 * memory.atomic.wait32/notify (atomics.c) are one mechanism: the OS futex (bsrt_futex_wait32,
 * bsrt_futex_wake). Words must be 4-byte aligned (INVAL otherwise, as the OS requires).
 *
 * futex_wait follows Wasmer: a value that already differs is success with woken = 1; a
 * timeout is success with woken = 0 (wasix-libc reads woken = 0 with an unchanged word as
 * ETIMEDOUT, and traps if futex_wait returns an error). The timeout is an option_timestamp_t
 * (16 bytes: tag u8 @0, ns u64 @8) holding a relative duration; NONE waits forever.
 */
#include <stdint.h>

#include "wasix_internal.h"

#define OPTION_TIMESTAMP_SIZE 16

/* The host address of the aligned u32 at guest `ptr`, or NULL (FAULT / INVAL in *err). */
static uint32_t *futex_word(bsrt_instance *self, bsrt_ptr ptr, uint32_t *err) {
    uint8_t *word = bsrt_guest_bytes(bsrt_guest_memory(self), ptr, 4);
    if (word == NULL) {
        *err = WASI_EFAULT;
        return NULL;
    }
    if (ptr % 4 != 0) {
        *err = WASI_EINVAL;
        return NULL;
    }
    return (uint32_t *)(void *)word;
}

uint32_t bsrt_wasix_futex_wait(bsrt_instance *self, bsrt_ptr futex, uint32_t expected, bsrt_ptr timeout,
                               bsrt_ptr ret_woken) {
    uint32_t err = WASI_ESUCCESS;
    uint32_t *word = futex_word(self, futex, &err);
    if (word == NULL) return err;
    bsrt_memory *memory = bsrt_guest_memory(self);
    uint8_t *woken = bsrt_guest_bytes(memory, ret_woken, 1);
    const uint8_t *option = bsrt_guest_bytes(memory, timeout, OPTION_TIMESTAMP_SIZE);
    if (woken == NULL || option == NULL) return WASI_EFAULT;
    int64_t timeout_ns = -1;
    if (option[0] == 1) {
        uint64_t ns;
        memcpy(&ns, option + 8, sizeof ns);
        timeout_ns = ns > INT64_MAX ? INT64_MAX : (int64_t)ns;
    } else if (option[0] != 0) {
        return WASI_EINVAL;
    }
    uint32_t outcome = bsrt_futex_wait32(word, expected, timeout_ns);
    bsrt_guest_write_u8(woken, outcome == BSRT_WAIT_TIMED_OUT ? 0 : 1);
    return WASI_ESUCCESS;
}

static uint32_t wake(bsrt_instance *self, bsrt_ptr futex, bsrt_ptr ret_woken, uint32_t count) {
    uint32_t err = WASI_ESUCCESS;
    uint32_t *word = futex_word(self, futex, &err);
    if (word == NULL) return err;
    uint8_t *woken = bsrt_guest_bytes(bsrt_guest_memory(self), ret_woken, 1);
    if (woken == NULL) return WASI_EFAULT;
    bsrt_guest_write_u8(woken, bsrt_futex_wake(word, count) > 0 ? 1 : 0);
    return WASI_ESUCCESS;
}

uint32_t bsrt_wasix_futex_wake(bsrt_instance *self, bsrt_ptr futex, bsrt_ptr ret_woken) {
    return wake(self, futex, ret_woken, 1);
}

uint32_t bsrt_wasix_futex_wake_all(bsrt_instance *self, bsrt_ptr futex, bsrt_ptr ret_woken) {
    return wake(self, futex, ret_woken, UINT32_MAX);
}
