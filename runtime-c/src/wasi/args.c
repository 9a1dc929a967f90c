/*
 * wasi/args.c: args_get, args_sizes_get, environ_get, environ_sizes_get.
 *
 * Arguments and environment share one shape: a vector of NUL-terminated strings that the guest
 * receives as an array of pointers (u32, or u64 under wasix_64v1) into one buffer. The guest first asks for the sizes,
 * allocates, then asks for the data; both calls see the same host vectors.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "../bsrt_internal.h"
#include "../guest.h"
#include "bsrt_wasi.h"
#include "wasi_abi.h"
#include "wasi_internal.h"

typedef struct string_vector {
    size_t count;
    char *const *strings;
} string_vector;

static string_vector args;
static string_vector envs;

void bsrt_wasi_set_args(int argc, char **argv) {
    args.count = argc > 0 && argv ? (size_t)argc : 0;
    args.strings = argv;
}

void bsrt_wasi_set_environ(char **envp) {
    size_t n = 0;
    while (envp && envp[n]) n++;
    envs.count = n;
    envs.strings = envp;
}

char *const *wasi_guest_environ(void) {
    static char *const empty[] = {NULL};
    return envs.strings ? envs.strings : empty;
}

/* Count and total size with NULs; OVERFLOW when the guest could not address it (4 GiB). */
static uint32_t vector_sizes(const string_vector *v, uint32_t *count, uint32_t *bytes) {
    uint64_t total = 0;
    for (size_t i = 0; i < v->count; i++) total += strlen(v->strings[i]) + 1;
    if (v->count > UINT32_MAX || total > UINT32_MAX) return WASI_EOVERFLOW;
    *count = (uint32_t)v->count;
    *bytes = (uint32_t)total;
    return WASI_ESUCCESS;
}

static uint32_t sizes_get(bsrt_instance *self, const string_vector *v, uint64_t ret_count, uint64_t ret_bytes) {
    bsrt_memory *memory = bsrt_guest_memory(self);
    uint8_t *count_out = bsrt_guest_ptr_field(memory, ret_count);
    uint8_t *bytes_out = bsrt_guest_ptr_field(memory, ret_bytes);
    if (count_out == NULL || bytes_out == NULL) return WASI_EFAULT;
    uint32_t count, bytes;
    uint32_t err = vector_sizes(v, &count, &bytes);
    if (err != WASI_ESUCCESS) return err;
    bsrt_guest_write_ptr(memory, count_out, count);
    bsrt_guest_write_ptr(memory, bytes_out, bytes);
    return WASI_ESUCCESS;
}

/* Both guest ranges are checked in full before the first write. */
static uint32_t vector_get(bsrt_instance *self, const string_vector *v, uint64_t ptrs, uint64_t buf) {
    bsrt_memory *memory = bsrt_guest_memory(self);
    uint32_t count, bytes;
    uint32_t err = vector_sizes(v, &count, &bytes);
    if (err != WASI_ESUCCESS) return err;
    const uint32_t ptr_size = bsrt_guest_ptr_size(memory);
    uint8_t *ptrs_out = bsrt_guest_array(memory, ptrs, count, ptr_size);
    uint8_t *buf_out = bsrt_guest_bytes(memory, buf, bytes);
    if (ptrs_out == NULL || buf_out == NULL) return WASI_EFAULT;
    uint32_t offset = 0;
    for (uint32_t i = 0; i < count; i++) {
        size_t len = strlen(v->strings[i]) + 1;
        bsrt_guest_write_ptr(memory, ptrs_out + (size_t)ptr_size * i, buf + offset);
        memcpy(buf_out + offset, v->strings[i], len);
        offset += (uint32_t)len;
    }
    return WASI_ESUCCESS;
}

uint32_t bsrt_wasi_args_sizes_get(bsrt_instance *self, bsrt_ptr ret_argc, bsrt_ptr ret_buf_size) {
    return sizes_get(self, &args, ret_argc, ret_buf_size);
}

uint32_t bsrt_wasi_args_get(bsrt_instance *self, bsrt_ptr argv, bsrt_ptr argv_buf) {
    return vector_get(self, &args, argv, argv_buf);
}

uint32_t bsrt_wasi_environ_sizes_get(bsrt_instance *self, bsrt_ptr ret_count, bsrt_ptr ret_buf_size) {
    return sizes_get(self, &envs, ret_count, ret_buf_size);
}

uint32_t bsrt_wasi_environ_get(bsrt_instance *self, bsrt_ptr env, bsrt_ptr env_buf) {
    return vector_get(self, &envs, env, env_buf);
}
