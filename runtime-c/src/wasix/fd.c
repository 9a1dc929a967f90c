/*
 * wasix/fd.c: the WASIX descriptor calls: fd_dup, fd_dup2, fd_fdflags_get, fd_fdflags_set,
 * fd_event, fd_pipe, path_open2, and wasix_*'s fd_renumber (abi/wasix.md §3.2, §5.9, §6.7).
 *
 * Everything lives in the preview1 descriptor table (../wasi/fdtable.c), so a descriptor made
 * here works with every preview1 call (fd_read, fd_write, poll_oneoff, fd_close, ...).
 *
 * Decisions:
 *   - Close-on-exec is the guest's flag, kept in the table entry (wasi_fd.cloexec) for
 *     proc_exec* to honour; every host descriptor is O_CLOEXEC whatever the guest asks, so the
 *     kernel never hands a guest descriptor to a program the runtime did not decide to run.
 *   - fd_dup is POSIX dup (lowest free number, cloexec clear); fd_dup2 is
 *     fcntl(F_DUPFD[_CLOEXEC]) as wasix-libc uses it (lowest free number >= min_result_fd),
 *     not POSIX dup2. A duplicate shares the file offset and keeps the rights, never the
 *     pre-open name.
 *   - fd_renumber under wasix_* copies (dup2), which wasix-libc's dup2/dup3 rely on
 *     (abi/wasix.md §8.3); preview1's moves (../wasi/fd.c).
 *   - fd_event is a Linux eventfd: 8-byte reads return the counter and reset it (SEMAPHORE:
 *     return 1 and decrement), 8-byte writes add. Flags: SEMAPHORE (1) and NONBLOCK (4, the
 *     value wasix-libc passes for EFD_NONBLOCK); other bits are ignored, since EFD_CLOEXEC
 *     never arrives (the u16 truncates it). An initial value above eventfd's unsigned int is
 *     written after creation, so the whole u64 range up to 2^64-2 works.
 *   - fd_pipe is pipe2: fd1 the read end, fd2 the write end, each holding only the rights of
 *     its direction (plus poll); filetype UNKNOWN, as for any pipe (WASI has no FIFO type).
 *   - Flag words ignore unknown bits (fd_fdflags_set), as Linux's F_SETFD does.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/eventfd.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wasix_internal.h"

#define WASIX_FDFLAGSEXT_CLOEXEC 1u
#define WASIX_EVENTFDFLAGS_SEMAPHORE 1u
/* wasix-libc's O_NONBLOCK, which its eventfd() passes through (abi/wasix.md §5.9). */
#define WASIX_EVENTFDFLAGS_NONBLOCK 4u

/* fd_dup / fd_dup2: checks the result pointer first so that nothing is made on a FAULT. */
static uint32_t duplicate(bsrt_instance *self, uint32_t fd, uint32_t min, bool cloexec, bsrt_ptr ret_fd) {
    uint8_t *out = bsrt_guest_bytes(bsrt_guest_memory(self), ret_fd, 4);
    if (out == NULL) return WASI_EFAULT;
    uint32_t new_fd;
    uint32_t err = wasi_fd_duplicate(fd, min, cloexec, &new_fd);
    if (err == WASI_ESUCCESS) bsrt_guest_write_u32(out, new_fd);
    return err;
}

uint32_t bsrt_wasix_fd_dup(bsrt_instance *self, uint32_t fd, bsrt_ptr ret_fd) {
    return duplicate(self, fd, 0, false, ret_fd);
}

uint32_t bsrt_wasix_fd_dup2(bsrt_instance *self, uint32_t fd, uint32_t min_result_fd, uint32_t cloexec, bsrt_ptr ret_fd) {
    return duplicate(self, fd, min_result_fd, cloexec != 0, ret_fd);
}

uint32_t bsrt_wasix_fd_fdflags_get(bsrt_instance *self, uint32_t fd, bsrt_ptr ret_flags) {
    uint8_t *out = bsrt_guest_bytes(bsrt_guest_memory(self), ret_flags, 2);
    if (out == NULL) return WASI_EFAULT;
    wasi_fd entry;
    uint32_t err = wasi_fd_lookup(fd, 0, &entry);
    if (err != WASI_ESUCCESS) return err;
    bsrt_guest_write_u16(out, entry.cloexec ? WASIX_FDFLAGSEXT_CLOEXEC : 0);
    return WASI_ESUCCESS;
}

uint32_t bsrt_wasix_fd_fdflags_set(bsrt_instance *self, uint32_t fd, uint32_t flags) {
    (void)self;
    return wasi_fd_set_cloexec(fd, (flags & WASIX_FDFLAGSEXT_CLOEXEC) != 0);
}

/* Enters a descriptor the runtime just made, closing it when the table refuses it. */
static uint32_t enter_new(int host, uint64_t rights, uint32_t *out_fd) {
    struct stat st;
    uint8_t filetype = fstat(host, &st) == 0 ? wasi_filetype_of(host, st.st_mode) : WASI_FILETYPE_UNKNOWN;
    rights &= wasi_rights_possible(host, filetype);
    uint32_t err = wasi_fd_insert(host, filetype, rights, rights, out_fd);
    if (err != WASI_ESUCCESS) close(host);
    return err;
}

uint32_t bsrt_wasix_fd_event(bsrt_instance *self, uint64_t initial_val, uint32_t flags, bsrt_ptr ret_fd) {
    uint8_t *out = bsrt_guest_bytes(bsrt_guest_memory(self), ret_fd, 4);
    if (out == NULL) return WASI_EFAULT;
    /* The counter's largest value is 2^64-2 (eventfd(2)). */
    if (initial_val == UINT64_MAX) return WASI_EINVAL;
    int host_flags = EFD_CLOEXEC;
    if (flags & WASIX_EVENTFDFLAGS_SEMAPHORE) host_flags |= EFD_SEMAPHORE;
    if (flags & WASIX_EVENTFDFLAGS_NONBLOCK) host_flags |= EFD_NONBLOCK;
    bool small = initial_val <= UINT32_MAX;
    int host = eventfd(small ? (unsigned int)initial_val : 0, host_flags);
    if (host < 0) return bsrt_wasi_errno_from_host(errno);
    if (!small && write(host, &initial_val, sizeof initial_val) != (ssize_t)sizeof initial_val) {
        uint32_t err = bsrt_wasi_errno_from_host(errno);
        close(host);
        return err;
    }
    uint32_t new_fd;
    uint32_t err = enter_new(host, WASI_RIGHT_FD_READ | WASI_RIGHT_FD_WRITE | WASI_RIGHT_POLL_FD_READWRITE |
                                       WASI_RIGHT_FD_FDSTAT_SET_FLAGS | WASI_RIGHT_FD_FILESTAT_GET,
                             &new_fd);
    if (err == WASI_ESUCCESS) bsrt_guest_write_u32(out, new_fd);
    return err;
}

uint32_t bsrt_wasix_fd_pipe(bsrt_instance *self, bsrt_ptr ret_fd1, bsrt_ptr ret_fd2) {
    bsrt_memory *memory = bsrt_guest_memory(self);
    uint8_t *out1 = bsrt_guest_bytes(memory, ret_fd1, 4);
    uint8_t *out2 = bsrt_guest_bytes(memory, ret_fd2, 4);
    if (out1 == NULL || out2 == NULL) return WASI_EFAULT;
    int ends[2];
    if (pipe2(ends, O_CLOEXEC) != 0) return bsrt_wasi_errno_from_host(errno);
    uint64_t common = WASI_RIGHT_POLL_FD_READWRITE | WASI_RIGHT_FD_FDSTAT_SET_FLAGS | WASI_RIGHT_FD_FILESTAT_GET;
    uint32_t read_fd, write_fd;
    uint32_t err = enter_new(ends[0], common | WASI_RIGHT_FD_READ, &read_fd);
    if (err != WASI_ESUCCESS) {
        close(ends[1]);
        return err;
    }
    err = enter_new(ends[1], common | WASI_RIGHT_FD_WRITE, &write_fd);
    if (err != WASI_ESUCCESS) {
        (void)wasi_fd_remove(read_fd);
        return err;
    }
    bsrt_guest_write_u32(out1, read_fd);
    bsrt_guest_write_u32(out2, write_fd);
    return WASI_ESUCCESS;
}

uint32_t bsrt_wasix_path_open2(bsrt_instance *self, uint32_t fd, uint32_t dirflags, bsrt_ptr path, bsrt_size path_len, uint32_t oflags, uint64_t rights_base, uint64_t rights_inheriting, uint32_t fdflags, uint32_t fdflagsext, bsrt_ptr ret_fd) {
    return wasi_path_open(self, fd, dirflags, path, path_len, oflags, rights_base, rights_inheriting, fdflags,
                          (fdflagsext & WASIX_FDFLAGSEXT_CLOEXEC) != 0, ret_fd);
}

uint32_t bsrt_wasix_fd_renumber(bsrt_instance *self, uint32_t from, uint32_t to) {
    (void)self;
    return wasi_fd_copy(from, to);
}
