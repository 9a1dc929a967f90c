/*
 * wasi/fd.c: the calls on an open descriptor: fd_read, fd_write, fd_pread, fd_pwrite, fd_seek
 * (and wasi_unstable's), fd_tell, fd_close, fd_sync, fd_datasync, fd_advise, fd_allocate,
 * fd_fdstat_get, fd_fdstat_set_flags, fd_fdstat_set_rights, fd_renumber, fd_prestat_get and
 * fd_prestat_dir_name.
 *
 * Each call looks its descriptor up in the table (fdtable.c) with the rights it needs, then
 * does the one host call that implements it. fd_renumber is preview1's move (wasi_fd_move);
 * WASIX modules get a dup2-like copy instead (../wasix/fd.c).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include "wasi_internal.h"

uint32_t wasi_iovs_gather(bsrt_memory *memory, uint64_t iovs, uint64_t iovs_len, wasi_iovs *out) {
    /* {buf, buf_len}: two u32 (8 bytes), or two u64 (16 bytes) under wasix_64v1. */
    const uint32_t field = bsrt_guest_ptr_size(memory), entry = 2 * field;
    const uint8_t *entries = bsrt_guest_array(memory, iovs, iovs_len, entry);
    if (entries == NULL) return WASI_EFAULT;
    for (uint64_t i = 0; i < iovs_len; i++) {
        const uint8_t *e = entries + i * entry;
        if (bsrt_guest_bytes(memory, bsrt_guest_read_ptr(memory, e), bsrt_guest_read_ptr(memory, e + field)) == NULL)
            return WASI_EFAULT;
    }
    uint64_t count = iovs_len < IOV_MAX ? iovs_len : IOV_MAX;
    out->v = count <= WASI_SMALL_IOVS ? out->small : malloc(count * sizeof(struct iovec));
    if (out->v == NULL) return WASI_ENOMEM;
    for (uint64_t i = 0; i < count; i++) {
        const uint8_t *e = entries + i * entry;
        uint64_t len = bsrt_guest_read_ptr(memory, e + field);
        out->v[i].iov_base = bsrt_guest_bytes(memory, bsrt_guest_read_ptr(memory, e), len);
        out->v[i].iov_len = (size_t)len;
    }
    out->count = (int)count;
    return WASI_ESUCCESS;
}

void wasi_iovs_release(wasi_iovs *list) {
    if (list->v != list->small) free(list->v);
}

/* One vectored transfer: `offset` < 0 uses (and moves) the file offset, else it is positional. */
static uint32_t transfer(bsrt_instance *self, uint32_t fd, uint64_t right, uint64_t iovs, uint64_t iovs_len,
                         int64_t offset, uint64_t ret_n, bool writing) {
    bsrt_memory *memory = bsrt_guest_memory(self);
    uint8_t *n_out = bsrt_guest_ptr_field(memory, ret_n);
    if (n_out == NULL) return WASI_EFAULT;
    wasi_fd entry;
    uint32_t err = wasi_fd_lookup(fd, right, &entry);
    if (err != WASI_ESUCCESS) return err;
    wasi_iovs list;
    err = wasi_iovs_gather(memory, iovs, iovs_len, &list);
    if (err != WASI_ESUCCESS) return err;
    ssize_t n;
    if (offset < 0) n = writing ? writev(entry.host, list.v, list.count) : readv(entry.host, list.v, list.count);
    else n = writing ? pwritev(entry.host, list.v, list.count, offset) : preadv(entry.host, list.v, list.count, offset);
    int saved = errno;
    wasi_iovs_release(&list);
    if (n < 0) return bsrt_wasi_errno_from_host(saved);
    bsrt_guest_write_ptr(memory, n_out, (uint64_t)n);
    return WASI_ESUCCESS;
}

uint32_t bsrt_wasi_fd_write(bsrt_instance *self, uint32_t fd, bsrt_ptr iovs, bsrt_size iovs_len, bsrt_ptr ret_nwritten) {
    return transfer(self, fd, WASI_RIGHT_FD_WRITE, iovs, iovs_len, -1, ret_nwritten, true);
}

uint32_t bsrt_wasi_fd_read(bsrt_instance *self, uint32_t fd, bsrt_ptr iovs, bsrt_size iovs_len, bsrt_ptr ret_nread) {
    return transfer(self, fd, WASI_RIGHT_FD_READ, iovs, iovs_len, -1, ret_nread, false);
}

uint32_t bsrt_wasi_fd_pwrite(bsrt_instance *self, uint32_t fd, bsrt_ptr iovs, bsrt_size iovs_len, uint64_t offset, bsrt_ptr ret_nwritten) {
    if (offset > INT64_MAX) return WASI_EINVAL;
    return transfer(self, fd, WASI_RIGHT_FD_WRITE, iovs, iovs_len, (int64_t)offset, ret_nwritten, true);
}

uint32_t bsrt_wasi_fd_pread(bsrt_instance *self, uint32_t fd, bsrt_ptr iovs, bsrt_size iovs_len, uint64_t offset, bsrt_ptr ret_nread) {
    if (offset > INT64_MAX) return WASI_EINVAL;
    return transfer(self, fd, WASI_RIGHT_FD_READ, iovs, iovs_len, (int64_t)offset, ret_nread, false);
}

uint32_t bsrt_wasi_fd_close(bsrt_instance *self, uint32_t fd) {
    (void)self;
    return wasi_fd_remove(fd);
}

/* A descriptor without FD_SEEK/FD_TELL either cannot seek at all (a pipe, a terminal: the
 * host's ESPIPE, as a native program sees it) or had the right taken away (NOTCAPABLE). */
static uint32_t lookup_seekable(uint32_t fd, uint64_t right, wasi_fd *entry) {
    uint32_t err = wasi_fd_lookup(fd, right, entry);
    if (err != WASI_ENOTCAPABLE) return err;
    (void)wasi_fd_lookup(fd, 0, entry);
    if (lseek(entry->host, 0, SEEK_CUR) < 0) return bsrt_wasi_errno_from_host(errno);
    return WASI_ENOTCAPABLE;
}

/* host_whence is SEEK_SET/CUR/END, or -1 for a whence the ABI does not define. */
static uint32_t seek(bsrt_instance *self, uint32_t fd, uint64_t offset, int host_whence, uint64_t ret_newoffset) {
    uint8_t *out = bsrt_guest_bytes(bsrt_guest_memory(self), ret_newoffset, 8);
    if (out == NULL) return WASI_EFAULT;
    /* Asking where the offset is (lseek(fd, 0, SEEK_CUR), which is ftell) needs only FD_TELL. */
    uint64_t right = offset == 0 && host_whence == SEEK_CUR ? WASI_RIGHT_FD_TELL : WASI_RIGHT_FD_SEEK;
    wasi_fd entry;
    uint32_t err = lookup_seekable(fd, right, &entry);
    if (err != WASI_ESUCCESS) return err;
    if (host_whence < 0) return WASI_EINVAL;
    /* filedelta is a signed 64-bit delta carried in an i64. */
    off_t result = lseek(entry.host, (off_t)(int64_t)offset, host_whence);
    if (result < 0) return bsrt_wasi_errno_from_host(errno);
    bsrt_guest_write_u64(out, (uint64_t)result);
    return WASI_ESUCCESS;
}

/* Host whence for each WASI whence value, which the two ABIs number differently. */
static const int preview1_whence[] = {[WASI_WHENCE_SET] = SEEK_SET, [WASI_WHENCE_CUR] = SEEK_CUR,
                                      [WASI_WHENCE_END] = SEEK_END};
static const int preview0_whence[] = {[WASI_UNSTABLE_WHENCE_SET] = SEEK_SET, [WASI_UNSTABLE_WHENCE_CUR] = SEEK_CUR,
                                      [WASI_UNSTABLE_WHENCE_END] = SEEK_END};

uint32_t bsrt_wasi_fd_seek(bsrt_instance *self, uint32_t fd, uint64_t offset, uint32_t whence, bsrt_ptr ret_newoffset) {
    return seek(self, fd, offset, whence < 3 ? preview1_whence[whence] : -1, ret_newoffset);
}

uint32_t bsrt_wasi_unstable_fd_seek(bsrt_instance *self, uint32_t fd, uint64_t offset, uint32_t whence, bsrt_ptr ret_newoffset) {
    return seek(self, fd, offset, whence < 3 ? preview0_whence[whence] : -1, ret_newoffset);
}

uint32_t bsrt_wasi_fd_tell(bsrt_instance *self, uint32_t fd, bsrt_ptr ret_offset) {
    return seek(self, fd, 0, SEEK_CUR, ret_offset);
}

uint32_t bsrt_wasi_fd_sync(bsrt_instance *self, uint32_t fd) {
    (void)self;
    wasi_fd entry;
    uint32_t err = wasi_fd_lookup(fd, WASI_RIGHT_FD_SYNC, &entry);
    if (err != WASI_ESUCCESS) return err;
    return fsync(entry.host) == 0 ? WASI_ESUCCESS : bsrt_wasi_errno_from_host(errno);
}

uint32_t bsrt_wasi_fd_datasync(bsrt_instance *self, uint32_t fd) {
    (void)self;
    wasi_fd entry;
    uint32_t err = wasi_fd_lookup(fd, WASI_RIGHT_FD_DATASYNC, &entry);
    if (err != WASI_ESUCCESS) return err;
    return fdatasync(entry.host) == 0 ? WASI_ESUCCESS : bsrt_wasi_errno_from_host(errno);
}

/* offset and len are u64 filesizes; the host takes a signed off_t for each and for their sum. */
static bool range_fits(uint64_t offset, uint64_t len) { return offset <= INT64_MAX && len <= INT64_MAX - offset; }

uint32_t bsrt_wasi_fd_advise(bsrt_instance *self, uint32_t fd, uint64_t offset, uint64_t len, uint32_t advice) {
    (void)self;
    static const int host_advice[] = {
        [WASI_ADVICE_NORMAL] = POSIX_FADV_NORMAL,     [WASI_ADVICE_SEQUENTIAL] = POSIX_FADV_SEQUENTIAL,
        [WASI_ADVICE_RANDOM] = POSIX_FADV_RANDOM,     [WASI_ADVICE_WILLNEED] = POSIX_FADV_WILLNEED,
        [WASI_ADVICE_DONTNEED] = POSIX_FADV_DONTNEED, [WASI_ADVICE_NOREUSE] = POSIX_FADV_NOREUSE,
    };
    wasi_fd entry;
    uint32_t err = wasi_fd_lookup(fd, WASI_RIGHT_FD_ADVISE, &entry);
    if (err != WASI_ESUCCESS) return err;
    if (advice > WASI_ADVICE_NOREUSE || !range_fits(offset, len)) return WASI_EINVAL;
    /* posix_fadvise returns the error number instead of setting errno. */
    int rc = posix_fadvise(entry.host, (off_t)offset, (off_t)len, host_advice[advice]);
    return rc == 0 ? WASI_ESUCCESS : bsrt_wasi_errno_from_host(rc);
}

uint32_t bsrt_wasi_fd_allocate(bsrt_instance *self, uint32_t fd, uint64_t offset, uint64_t len) {
    (void)self;
    wasi_fd entry;
    uint32_t err = wasi_fd_lookup(fd, WASI_RIGHT_FD_ALLOCATE, &entry);
    if (err != WASI_ESUCCESS) return err;
    if (!range_fits(offset, len)) return WASI_EFBIG;
    int rc = posix_fallocate(entry.host, (off_t)offset, (off_t)len);
    return rc == 0 ? WASI_ESUCCESS : bsrt_wasi_errno_from_host(rc);
}

static uint16_t fdflags_of(int status_flags) {
    uint16_t flags = 0;
    if (status_flags & O_APPEND) flags |= WASI_FDFLAG_APPEND;
    if (status_flags & O_NONBLOCK) flags |= WASI_FDFLAG_NONBLOCK;
    /* Linux's O_SYNC includes the O_DSYNC bit, so test the full value first. (O_RSYNC is
     * O_SYNC on Linux: it cannot be told apart and is not reported.) */
    if ((status_flags & O_SYNC) == O_SYNC) flags |= WASI_FDFLAG_SYNC;
    else if (status_flags & O_DSYNC) flags |= WASI_FDFLAG_DSYNC;
    return flags;
}

uint32_t bsrt_wasi_fd_fdstat_get(bsrt_instance *self, uint32_t fd, bsrt_ptr ret_stat) {
    uint8_t *out = bsrt_guest_bytes(bsrt_guest_memory(self), ret_stat, WASI_FDSTAT_SIZE);
    if (out == NULL) return WASI_EFAULT;
    wasi_fd entry;
    uint32_t err = wasi_fd_lookup(fd, 0, &entry);
    if (err != WASI_ESUCCESS) return err;
    int status_flags = fcntl(entry.host, F_GETFL);
    if (status_flags < 0) return bsrt_wasi_errno_from_host(errno);
    memset(out, 0, WASI_FDSTAT_SIZE); /* padding bytes too: the guest sees no stale memory */
    bsrt_guest_write_u8(out + 0, entry.filetype);
    bsrt_guest_write_u16(out + 2, fdflags_of(status_flags));
    bsrt_guest_write_u64(out + 8, entry.rights_base);
    bsrt_guest_write_u64(out + 16, entry.rights_inheriting);
    return WASI_ESUCCESS;
}

uint32_t bsrt_wasi_fd_fdstat_set_flags(bsrt_instance *self, uint32_t fd, uint32_t flags) {
    (void)self;
    wasi_fd entry;
    uint32_t err = wasi_fd_lookup(fd, WASI_RIGHT_FD_FDSTAT_SET_FLAGS, &entry);
    if (err != WASI_ESUCCESS) return err;
    uint32_t known = WASI_FDFLAG_APPEND | WASI_FDFLAG_DSYNC | WASI_FDFLAG_NONBLOCK | WASI_FDFLAG_RSYNC |
                     WASI_FDFLAG_SYNC;
    if (flags & ~known) return WASI_EINVAL;
    int status_flags = fcntl(entry.host, F_GETFL);
    if (status_flags < 0) return bsrt_wasi_errno_from_host(errno);
    /* F_SETFL cannot change the sync flags on Linux: asking to is refused, not ignored.
     * RSYNC is not compared: Linux cannot tell it from SYNC (see fdflags_of). */
    uint32_t sync_flags = WASI_FDFLAG_DSYNC | WASI_FDFLAG_SYNC;
    if ((flags & sync_flags) != (fdflags_of(status_flags) & sync_flags)) return WASI_ENOTSUP;
    int updated = status_flags & ~(O_APPEND | O_NONBLOCK);
    if (flags & WASI_FDFLAG_APPEND) updated |= O_APPEND;
    if (flags & WASI_FDFLAG_NONBLOCK) updated |= O_NONBLOCK;
    if (fcntl(entry.host, F_SETFL, updated) != 0) return bsrt_wasi_errno_from_host(errno);
    return WASI_ESUCCESS;
}

uint32_t bsrt_wasi_fd_fdstat_set_rights(bsrt_instance *self, uint32_t fd, uint64_t rights_base, uint64_t rights_inheriting) {
    (void)self;
    wasi_fd entry;
    uint32_t err = wasi_fd_lookup(fd, 0, &entry);
    if (err != WASI_ESUCCESS) return err;
    if ((rights_base & ~entry.rights_base) || (rights_inheriting & ~entry.rights_inheriting))
        return WASI_ENOTCAPABLE;
    return wasi_fd_set_rights(fd, rights_base, rights_inheriting);
}

/* preview1's fd_renumber is a move (wasmtime, wasi-testsuite's renumber): WASIX modules get
 * the dup2-like copy instead (bsrt_wasix_fd_renumber in ../wasix/fd.c). */
uint32_t bsrt_wasi_fd_renumber(bsrt_instance *self, uint32_t from, uint32_t to) {
    (void)self;
    return wasi_fd_move(from, to);
}

uint32_t bsrt_wasi_fd_prestat_get(bsrt_instance *self, uint32_t fd, bsrt_ptr ret_prestat) {
    uint8_t *out = bsrt_guest_bytes(bsrt_guest_memory(self), ret_prestat, WASI_PRESTAT_SIZE);
    if (out == NULL) return WASI_EFAULT;
    wasi_fd entry;
    uint32_t err = wasi_fd_lookup(fd, 0, &entry);
    if (err != WASI_ESUCCESS || entry.preopen_name == NULL) return WASI_EBADF;
    memset(out, 0, WASI_PRESTAT_SIZE);
    bsrt_guest_write_u8(out, WASI_PREOPENTYPE_DIR);
    bsrt_guest_write_u32(out + 4, (uint32_t)strlen(entry.preopen_name));
    return WASI_ESUCCESS;
}

uint32_t bsrt_wasi_fd_prestat_dir_name(bsrt_instance *self, uint32_t fd, bsrt_ptr path, bsrt_size path_len) {
    wasi_fd entry;
    uint32_t err = wasi_fd_lookup(fd, 0, &entry);
    if (err != WASI_ESUCCESS || entry.preopen_name == NULL) return WASI_EBADF;
    size_t len = strlen(entry.preopen_name);
    if (path_len < len) return WASI_ENAMETOOLONG;
    uint8_t *out = bsrt_guest_bytes(bsrt_guest_memory(self), path, len);
    if (out == NULL) return WASI_EFAULT;
    memcpy(out, entry.preopen_name, len); /* no NUL: the guest knows the length */
    return WASI_ESUCCESS;
}
