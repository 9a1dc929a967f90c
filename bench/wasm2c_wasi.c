// The few WASI preview1 calls the benchmark kernels import, for running them under wabt's
// wasm2c (1.0.32), which ships no WASI implementation (later wabt versions have a uvwasi-based
// example; Debian's 1.0.32 has none). Only for benchmarks: args, writes to stdout/stderr,
// fd_fdstat_get/fd_seek/fd_close for wasi-libc's stdio, proc_exit. Every guest pointer is
// checked against the memory; anything else answers an errno.
//
// Built by bench/compare.py with the wasm2c output of one kernel, compiled as `kernel.c`
// (`wasm2c -n kernel`), and wabt's wasm-rt-impl.c:
//   cc -O2 -I DIR -I /usr/src/wasm2c DIR/kernel.c bench/wasm2c_wasi.c /usr/src/wasm2c/wasm-rt-impl.c -lm
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include "kernel.h"
#include "wasm-rt-impl.h"

struct Z_wasi_snapshot_preview1_instance_t {
    wasm_rt_memory_t *memory;
    int argc;
    char **argv;
};

enum { WASI_ESUCCESS = 0, WASI_EBADF = 8, WASI_EFAULT = 21, WASI_EINVAL = 28, WASI_EIO = 29, WASI_ESPIPE = 70 };

// The guest range [address, address + length) as a host pointer, or NULL when it leaves memory.
static uint8_t *guest(struct Z_wasi_snapshot_preview1_instance_t *wasi, uint64_t address, uint64_t length) {
    if (address + length > wasi->memory->size) return NULL;
    return wasi->memory->data + address;
}

static void store_u32(uint8_t *p, uint32_t v) { memcpy(p, &v, 4); }
static void store_u64(uint8_t *p, uint64_t v) { memcpy(p, &v, 8); }
static uint32_t load_u32(const uint8_t *p) { uint32_t v; memcpy(&v, p, 4); return v; }

u32 Z_wasi_snapshot_preview1Z_args_sizes_get(struct Z_wasi_snapshot_preview1_instance_t *wasi, u32 count_at, u32 size_at) {
    uint8_t *count = guest(wasi, count_at, 4), *size = guest(wasi, size_at, 4);
    if (!count || !size) return WASI_EFAULT;
    uint32_t bytes = 0;
    for (int i = 0; i < wasi->argc; i++) bytes += (uint32_t)strlen(wasi->argv[i]) + 1;
    store_u32(count, (uint32_t)wasi->argc);
    store_u32(size, bytes);
    return WASI_ESUCCESS;
}

u32 Z_wasi_snapshot_preview1Z_args_get(struct Z_wasi_snapshot_preview1_instance_t *wasi, u32 argv_at, u32 buffer_at) {
    for (int i = 0; i < wasi->argc; i++) {
        uint32_t length = (uint32_t)strlen(wasi->argv[i]) + 1;
        uint8_t *slot = guest(wasi, argv_at + 4ull * (uint64_t)i, 4), *text = guest(wasi, buffer_at, length);
        if (!slot || !text) return WASI_EFAULT;
        store_u32(slot, buffer_at);
        memcpy(text, wasi->argv[i], length);
        buffer_at += length;
    }
    return WASI_ESUCCESS;
}

u32 Z_wasi_snapshot_preview1Z_fd_write(struct Z_wasi_snapshot_preview1_instance_t *wasi, u32 fd, u32 iovs_at, u32 count, u32 written_at) {
    if (fd != 1 && fd != 2) return WASI_EBADF;
    uint8_t *iovs = guest(wasi, iovs_at, 8ull * count), *written = guest(wasi, written_at, 4);
    if (!iovs || !written || count > 1024) return WASI_EFAULT;
    struct iovec host[1024];
    for (uint32_t i = 0; i < count; i++) {
        uint32_t base = load_u32(iovs + 8 * i), length = load_u32(iovs + 8 * i + 4);
        host[i].iov_base = guest(wasi, base, length);
        host[i].iov_len = length;
        if (!host[i].iov_base) return WASI_EFAULT;
    }
    ssize_t n = writev((int)fd, host, (int)count);
    if (n < 0) return WASI_EIO;
    store_u32(written, (uint32_t)n);
    return WASI_ESUCCESS;
}

// wasi-libc asks for the file type (a character device without seek rights is a terminal, so
// that stdout becomes line-buffered) and the rights; report what the host descriptor is.
u32 Z_wasi_snapshot_preview1Z_fd_fdstat_get(struct Z_wasi_snapshot_preview1_instance_t *wasi, u32 fd, u32 stat_at) {
    uint8_t *stat_buffer = guest(wasi, stat_at, 24);
    if (!stat_buffer) return WASI_EFAULT;
    struct stat host;
    if (fd > 2 || fstat((int)fd, &host) != 0) return WASI_EBADF;
    uint8_t filetype = S_ISCHR(host.st_mode) ? 2 : S_ISREG(host.st_mode) ? 4 : S_ISFIFO(host.st_mode) ? 0 : 0;
    uint64_t rights = ~0ull;
    if (isatty((int)fd)) rights &= ~((1ull << 2) | (1ull << 5));  // no fd_seek, no fd_tell
    memset(stat_buffer, 0, 24);
    stat_buffer[0] = filetype;
    store_u64(stat_buffer + 8, rights);
    store_u64(stat_buffer + 16, rights);
    return WASI_ESUCCESS;
}

u32 Z_wasi_snapshot_preview1Z_fd_seek(struct Z_wasi_snapshot_preview1_instance_t *wasi, u32 fd, u64 offset, u32 whence, u32 result_at) {
    uint8_t *result = guest(wasi, result_at, 8);
    if (!result) return WASI_EFAULT;
    if (fd > 2) return WASI_EBADF;
    int host_whence = whence == 0 ? SEEK_SET : whence == 1 ? SEEK_CUR : whence == 2 ? SEEK_END : -1;
    if (host_whence < 0) return WASI_EINVAL;
    off_t position = lseek((int)fd, (off_t)offset, host_whence);
    if (position < 0) return errno == ESPIPE ? WASI_ESPIPE : WASI_EINVAL;
    store_u64(result, (uint64_t)position);
    return WASI_ESUCCESS;
}

u32 Z_wasi_snapshot_preview1Z_fd_close(struct Z_wasi_snapshot_preview1_instance_t *wasi, u32 fd) {
    (void)wasi;
    return fd <= 2 ? WASI_ESUCCESS : WASI_EBADF;
}

void Z_wasi_snapshot_preview1Z_proc_exit(struct Z_wasi_snapshot_preview1_instance_t *wasi, u32 code) {
    (void)wasi;
    exit((int)code);
}

int main(int argc, char **argv) {
    struct Z_wasi_snapshot_preview1_instance_t wasi = {NULL, argc, argv};
    static Z_kernel_instance_t instance;
    wasm_rt_init();
    Z_kernel_init_module();
    Z_kernel_instantiate(&instance, &wasi);
    wasi.memory = Z_kernelZ_memory(&instance);
    wasm_rt_trap_t trap = (wasm_rt_trap_t)wasm_rt_impl_try();
    if (trap != WASM_RT_TRAP_NONE) {
        fprintf(stderr, "wasm2c: trap: %s\n", wasm_rt_strerror(trap));
        return 134;
    }
    Z_kernelZ__start(&instance);
    Z_kernel_free(&instance);
    wasm_rt_free();
    return 0;
}
