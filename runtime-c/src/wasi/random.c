/*
 * wasi/random.c: random_get from the kernel's CSPRNG.
 *
 * getrandom(2) may return fewer bytes than asked (above 32 MiB, or when interrupted), so it is
 * called until the buffer is full.
 */
#include <errno.h>
#include <stdint.h>
#include <sys/random.h>

#include "../bsrt_internal.h"
#include "../guest.h"
#include "bsrt_wasi.h"
#include "wasi_abi.h"

uint32_t bsrt_wasi_random_get(bsrt_instance *self, bsrt_ptr buf, bsrt_size buf_len) {
    uint8_t *out = bsrt_guest_bytes(bsrt_guest_memory(self), buf, buf_len);
    if (out == NULL) return WASI_EFAULT;
    uint32_t done = 0;
    while (done < buf_len) {
        ssize_t n = getrandom(out + done, buf_len - done, 0);
        if (n < 0) {
            if (errno == EINTR) continue;
            return bsrt_wasi_errno_from_host(errno);
        }
        done += (uint32_t)n;
    }
    return WASI_ESUCCESS;
}
