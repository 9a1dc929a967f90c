/*
 * wasi/fd.c: fd_write, fd_read, fd_close, fd_seek (and wasi_unstable's), fd_fdstat_get,
 * fd_prestat_get, fd_prestat_dir_name.
 *
 * Guest descriptors are host descriptors: 0, 1 and 2 are the process's stdio, and any other
 * number means whatever the host has open under it. There are no pre-opened directories yet
 * (--dir comes later), so the prestat calls answer BADF for every fd, which tells the guest's
 * libc there is nothing to enumerate.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include "../bsrt_internal.h"
#include "../guest.h"
#include "bsrt_wasi.h"
#include "wasi_abi.h"

/* Vectors this short live on the stack; longer ones (rare) are allocated. */
#define SMALL_IOVS 16

typedef struct iov_list {
    struct iovec small[SMALL_IOVS];
    struct iovec *v;
    int count;
} iov_list;

static void iov_list_release(iov_list *list) {
    if (list->v != list->small) free(list->v);
}

/* Translates the guest's {u32 buf, u32 buf_len} array into host iovecs, checking the array and
 * every buffer first. Beyond IOV_MAX entries writev/readv would fail with EINVAL, so only the
 * first IOV_MAX are passed: a short transfer, which the guest's libc already handles. */
static uint32_t iov_list_gather(bsrt_memory *memory, uint32_t iovs, uint32_t iovs_len, iov_list *list) {
    const uint8_t *entries = bsrt_guest_array(memory, iovs, iovs_len, WASI_CIOVEC_SIZE);
    if (entries == NULL) return WASI_EFAULT;
    for (uint32_t i = 0; i < iovs_len; i++) {
        const uint8_t *e = entries + (size_t)i * WASI_CIOVEC_SIZE;
        if (bsrt_guest_bytes(memory, bsrt_guest_read_u32(e), bsrt_guest_read_u32(e + 4)) == NULL) return WASI_EFAULT;
    }
    uint32_t count = iovs_len < IOV_MAX ? iovs_len : IOV_MAX;
    list->v = count <= SMALL_IOVS ? list->small : malloc(count * sizeof(struct iovec));
    if (list->v == NULL) return WASI_ENOMEM;
    for (uint32_t i = 0; i < count; i++) {
        const uint8_t *e = entries + (size_t)i * WASI_CIOVEC_SIZE;
        uint32_t len = bsrt_guest_read_u32(e + 4);
        list->v[i].iov_base = bsrt_guest_bytes(memory, bsrt_guest_read_u32(e), len);
        list->v[i].iov_len = len;
    }
    list->count = (int)count;
    return WASI_ESUCCESS;
}

/* WASI fds are u32; a value the host cannot represent is simply not open. */
static int host_fd(uint32_t fd) { return fd > INT_MAX ? -1 : (int)fd; }

typedef ssize_t (*vector_io)(int fd, const struct iovec *iov, int count);

static uint32_t transfer(bsrt_instance *self, uint32_t fd, uint32_t iovs, uint32_t iovs_len, uint32_t ret_n,
                         vector_io io) {
    bsrt_memory *memory = bsrt_guest_memory(self);
    uint8_t *n_out = bsrt_guest_bytes(memory, ret_n, 4);
    if (n_out == NULL) return WASI_EFAULT;
    iov_list list;
    uint32_t err = iov_list_gather(memory, iovs, iovs_len, &list);
    if (err != WASI_ESUCCESS) return err;
    ssize_t n = io(host_fd(fd), list.v, list.count);
    int saved = errno;
    iov_list_release(&list);
    if (n < 0) return bsrt_wasi_errno_from_host(saved);
    bsrt_guest_write_u32(n_out, (uint32_t)n);
    return WASI_ESUCCESS;
}

uint32_t bsrt_wasi_fd_write(bsrt_instance *self, uint32_t fd, uint32_t iovs, uint32_t iovs_len,
                            uint32_t ret_nwritten) {
    return transfer(self, fd, iovs, iovs_len, ret_nwritten, writev);
}

uint32_t bsrt_wasi_fd_read(bsrt_instance *self, uint32_t fd, uint32_t iovs, uint32_t iovs_len, uint32_t ret_nread) {
    return transfer(self, fd, iovs, iovs_len, ret_nread, readv);
}

uint32_t bsrt_wasi_fd_close(bsrt_instance *self, uint32_t fd) {
    (void)self;
    if (close(host_fd(fd)) != 0) return bsrt_wasi_errno_from_host(errno);
    return WASI_ESUCCESS;
}

/* host_whence is SEEK_SET/CUR/END, or -1 for a whence the ABI does not define. */
static uint32_t seek(bsrt_instance *self, uint32_t fd, uint64_t offset, int host_whence, uint32_t ret_newoffset) {
    uint8_t *out = bsrt_guest_bytes(bsrt_guest_memory(self), ret_newoffset, 8);
    if (out == NULL) return WASI_EFAULT;
    if (host_whence < 0) return WASI_EINVAL;
    /* filedelta is a signed 64-bit delta carried in an i64. */
    off_t result = lseek(host_fd(fd), (off_t)(int64_t)offset, host_whence);
    if (result < 0) return bsrt_wasi_errno_from_host(errno);
    bsrt_guest_write_u64(out, (uint64_t)result);
    return WASI_ESUCCESS;
}

uint32_t bsrt_wasi_fd_seek(bsrt_instance *self, uint32_t fd, uint64_t offset, uint32_t whence,
                           uint32_t ret_newoffset) {
    int host_whence = whence == WASI_WHENCE_SET ? SEEK_SET
                      : whence == WASI_WHENCE_CUR ? SEEK_CUR
                      : whence == WASI_WHENCE_END ? SEEK_END
                                                  : -1;
    return seek(self, fd, offset, host_whence, ret_newoffset);
}

uint32_t bsrt_wasi_unstable_fd_seek(bsrt_instance *self, uint32_t fd, uint64_t offset, uint32_t whence,
                                    uint32_t ret_newoffset) {
    int host_whence = whence == WASI_UNSTABLE_WHENCE_SET ? SEEK_SET
                      : whence == WASI_UNSTABLE_WHENCE_CUR ? SEEK_CUR
                      : whence == WASI_UNSTABLE_WHENCE_END ? SEEK_END
                                                           : -1;
    return seek(self, fd, offset, host_whence, ret_newoffset);
}

/* WASI has no pipe (FIFO) type; UNKNOWN is what wasmtime reports for one too. */
static uint8_t filetype_of(int fd, mode_t mode) {
    if (S_ISREG(mode)) return WASI_FILETYPE_REGULAR_FILE;
    if (S_ISDIR(mode)) return WASI_FILETYPE_DIRECTORY;
    if (S_ISCHR(mode)) return WASI_FILETYPE_CHARACTER_DEVICE;
    if (S_ISBLK(mode)) return WASI_FILETYPE_BLOCK_DEVICE;
    if (S_ISLNK(mode)) return WASI_FILETYPE_SYMBOLIC_LINK;
    if (S_ISSOCK(mode)) {
        int type = 0;
        socklen_t len = sizeof type;
        if (getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &len) == 0) {
            if (type == SOCK_STREAM) return WASI_FILETYPE_SOCKET_STREAM;
            if (type == SOCK_DGRAM) return WASI_FILETYPE_SOCKET_DGRAM;
        }
    }
    return WASI_FILETYPE_UNKNOWN;
}

static uint16_t fdflags_of(int status_flags) {
    uint16_t flags = 0;
    if (status_flags & O_APPEND) flags |= WASI_FDFLAG_APPEND;
    if (status_flags & O_NONBLOCK) flags |= WASI_FDFLAG_NONBLOCK;
    /* Linux's O_SYNC includes the O_DSYNC bit, so test the full value first. */
    if ((status_flags & O_SYNC) == O_SYNC) flags |= WASI_FDFLAG_SYNC;
    else if (status_flags & O_DSYNC) flags |= WASI_FDFLAG_DSYNC;
    return flags;
}

/* All rights, minus what the descriptor cannot do. wasi-libc's isatty() requires a character
 * device WITHOUT FD_SEEK/FD_TELL, so reporting seek rights on a terminal would make the guest
 * fully buffer interactive output; and its fcntl(F_GETFL) derives the access mode from
 * FD_READ/FD_READDIR/FD_WRITE, so those follow the host's access mode. */
static uint64_t rights_of(int fd, mode_t mode, int status_flags) {
    uint64_t rights = WASI_RIGHTS_ALL;
    if (!S_ISDIR(mode)) rights &= ~WASI_RIGHTS_DIRECTORY_ONLY;
    if (lseek(fd, 0, SEEK_CUR) < 0) rights &= ~(WASI_RIGHT_FD_SEEK | WASI_RIGHT_FD_TELL);
    int access = status_flags & O_ACCMODE;
    if (access == O_RDONLY) rights &= ~WASI_RIGHT_FD_WRITE;
    if (access == O_WRONLY) rights &= ~(WASI_RIGHT_FD_READ | WASI_RIGHT_FD_READDIR);
    return rights;
}

uint32_t bsrt_wasi_fd_fdstat_get(bsrt_instance *self, uint32_t fd, uint32_t ret_stat) {
    uint8_t *out = bsrt_guest_bytes(bsrt_guest_memory(self), ret_stat, WASI_FDSTAT_SIZE);
    if (out == NULL) return WASI_EFAULT;
    int hfd = host_fd(fd);
    struct stat st;
    if (fstat(hfd, &st) != 0) return bsrt_wasi_errno_from_host(errno);
    int status_flags = fcntl(hfd, F_GETFL);
    if (status_flags < 0) return bsrt_wasi_errno_from_host(errno);
    memset(out, 0, WASI_FDSTAT_SIZE); /* padding bytes too: the guest sees no stale memory */
    bsrt_guest_write_u8(out + 0, filetype_of(hfd, st.st_mode));
    bsrt_guest_write_u16(out + 2, fdflags_of(status_flags));
    bsrt_guest_write_u64(out + 8, rights_of(hfd, st.st_mode, status_flags));
    bsrt_guest_write_u64(out + 16, WASI_RIGHTS_ALL);
    return WASI_ESUCCESS;
}

uint32_t bsrt_wasi_fd_prestat_get(bsrt_instance *self, uint32_t fd, uint32_t ret_prestat) {
    (void)self, (void)fd, (void)ret_prestat;
    return WASI_EBADF;
}

uint32_t bsrt_wasi_fd_prestat_dir_name(bsrt_instance *self, uint32_t fd, uint32_t path, uint32_t path_len) {
    (void)self, (void)fd, (void)path, (void)path_len;
    return WASI_EBADF;
}
