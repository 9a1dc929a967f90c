/*
 * wasi/filestat.c: fd_filestat_get (and preview0's), fd_filestat_set_size,
 * fd_filestat_set_times, and the filestat/timestamp conversions path.c shares.
 *
 * preview1's filestat is 64 bytes with a u64 nlink; preview0 (`wasi_unstable`) has a u32
 * nlink, which moves every later field (56 bytes; abi/wasi-preview1.md §6).
 */
#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wasi_internal.h"

uint8_t wasi_filetype_of_mode(mode_t mode) {
    if (S_ISREG(mode)) return WASI_FILETYPE_REGULAR_FILE;
    if (S_ISDIR(mode)) return WASI_FILETYPE_DIRECTORY;
    if (S_ISCHR(mode)) return WASI_FILETYPE_CHARACTER_DEVICE;
    if (S_ISBLK(mode)) return WASI_FILETYPE_BLOCK_DEVICE;
    if (S_ISLNK(mode)) return WASI_FILETYPE_SYMBOLIC_LINK;
    /* WASI has no FIFO type; UNKNOWN is what wasmtime reports for a pipe too. */
    return WASI_FILETYPE_UNKNOWN;
}

static uint64_t nanoseconds(struct timespec t) { return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec; }

void wasi_write_filestat(uint8_t *out, const struct stat *st, uint8_t filetype) {
    memset(out, 0, WASI_FILESTAT_SIZE); /* padding too: the guest sees no stale bytes */
    bsrt_guest_write_u64(out + 0, (uint64_t)st->st_dev);
    bsrt_guest_write_u64(out + 8, (uint64_t)st->st_ino);
    bsrt_guest_write_u8(out + 16, filetype);
    bsrt_guest_write_u64(out + 24, (uint64_t)st->st_nlink);
    bsrt_guest_write_u64(out + 32, (uint64_t)st->st_size);
    bsrt_guest_write_u64(out + 40, nanoseconds(st->st_atim));
    bsrt_guest_write_u64(out + 48, nanoseconds(st->st_mtim));
    bsrt_guest_write_u64(out + 56, nanoseconds(st->st_ctim));
}

void wasi_write_filestat_preview0(uint8_t *out, const struct stat *st, uint8_t filetype) {
    memset(out, 0, WASI_FILESTAT_PREVIEW0_SIZE);
    bsrt_guest_write_u64(out + 0, (uint64_t)st->st_dev);
    bsrt_guest_write_u64(out + 8, (uint64_t)st->st_ino);
    bsrt_guest_write_u8(out + 16, filetype);
    uint64_t nlink = (uint64_t)st->st_nlink;
    bsrt_guest_write_u32(out + 20, nlink > UINT32_MAX ? UINT32_MAX : (uint32_t)nlink);
    bsrt_guest_write_u64(out + 24, (uint64_t)st->st_size);
    bsrt_guest_write_u64(out + 32, nanoseconds(st->st_atim));
    bsrt_guest_write_u64(out + 40, nanoseconds(st->st_mtim));
    bsrt_guest_write_u64(out + 48, nanoseconds(st->st_ctim));
}

static struct timespec timespec_of(uint64_t ns) {
    return (struct timespec){.tv_sec = (time_t)(ns / 1000000000u), .tv_nsec = (long)(ns % 1000000000u)};
}

uint32_t wasi_times_from_fstflags(uint64_t atim, uint64_t mtim, uint32_t fst_flags, struct timespec times[2]) {
    uint32_t known = WASI_FSTFLAG_ATIM | WASI_FSTFLAG_ATIM_NOW | WASI_FSTFLAG_MTIM | WASI_FSTFLAG_MTIM_NOW;
    if (fst_flags & ~known) return WASI_EINVAL;
    if ((fst_flags & WASI_FSTFLAG_ATIM) && (fst_flags & WASI_FSTFLAG_ATIM_NOW)) return WASI_EINVAL;
    if ((fst_flags & WASI_FSTFLAG_MTIM) && (fst_flags & WASI_FSTFLAG_MTIM_NOW)) return WASI_EINVAL;
    times[0] = fst_flags & WASI_FSTFLAG_ATIM       ? timespec_of(atim)
               : fst_flags & WASI_FSTFLAG_ATIM_NOW ? (struct timespec){.tv_nsec = UTIME_NOW}
                                                   : (struct timespec){.tv_nsec = UTIME_OMIT};
    times[1] = fst_flags & WASI_FSTFLAG_MTIM       ? timespec_of(mtim)
               : fst_flags & WASI_FSTFLAG_MTIM_NOW ? (struct timespec){.tv_nsec = UTIME_NOW}
                                                   : (struct timespec){.tv_nsec = UTIME_OMIT};
    return WASI_ESUCCESS;
}

typedef void (*filestat_writer)(uint8_t *out, const struct stat *st, uint8_t filetype);

static uint32_t filestat_get(bsrt_instance *self, uint32_t fd, uint64_t ret_stat, uint32_t size,
                             filestat_writer write) {
    uint8_t *out = bsrt_guest_bytes(bsrt_guest_memory(self), ret_stat, size);
    if (out == NULL) return WASI_EFAULT;
    wasi_fd entry;
    uint32_t err = wasi_fd_lookup(fd, WASI_RIGHT_FD_FILESTAT_GET, &entry);
    if (err != WASI_ESUCCESS) return err;
    struct stat st;
    if (entry.embedded.tree != NULL) (void)wasi_embedded_fd_filestat(&entry, &st);
    else if (fstat(entry.host, &st) != 0) return bsrt_wasi_errno_from_host(errno);
    write(out, &st, entry.filetype);
    return WASI_ESUCCESS;
}

uint32_t bsrt_wasi_fd_filestat_get(bsrt_instance *self, uint32_t fd, bsrt_ptr ret_stat) {
    return filestat_get(self, fd, ret_stat, WASI_FILESTAT_SIZE, wasi_write_filestat);
}

uint32_t bsrt_wasi_unstable_fd_filestat_get(bsrt_instance *self, uint32_t fd, bsrt_ptr ret_stat) {
    return filestat_get(self, fd, ret_stat, WASI_FILESTAT_PREVIEW0_SIZE, wasi_write_filestat_preview0);
}

uint32_t bsrt_wasi_fd_filestat_set_size(bsrt_instance *self, uint32_t fd, uint64_t size) {
    (void)self;
    wasi_fd entry;
    uint32_t err = wasi_fd_lookup(fd, WASI_RIGHT_FD_FILESTAT_SET_SIZE, &entry);
    if (err != WASI_ESUCCESS) return err;
    if (size > INT64_MAX) return WASI_EFBIG;
    if (ftruncate(entry.host, (off_t)size) != 0) return bsrt_wasi_errno_from_host(errno);
    return WASI_ESUCCESS;
}

uint32_t bsrt_wasi_fd_filestat_set_times(bsrt_instance *self, uint32_t fd, uint64_t atim, uint64_t mtim, uint32_t fst_flags) {
    (void)self;
    wasi_fd entry;
    uint32_t err = wasi_fd_lookup(fd, WASI_RIGHT_FD_FILESTAT_SET_TIMES, &entry);
    if (err != WASI_ESUCCESS) return err;
    struct timespec times[2];
    err = wasi_times_from_fstflags(atim, mtim, fst_flags, times);
    if (err != WASI_ESUCCESS) return err;
    if (entry.embedded.tree != NULL) return WASI_EMBEDDED_READ_ONLY;
    if (futimens(entry.host, times) != 0) return bsrt_wasi_errno_from_host(errno);
    return WASI_ESUCCESS;
}
