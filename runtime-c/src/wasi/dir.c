/*
 * wasi/dir.c: fd_readdir.
 *
 * Entries come from getdents64 and are written as WASI dirents (a 24-byte header, then the
 * name without NUL; abi/wasi-preview1.md §4.2). "." and ".." are kept, as the kernel reports
 * them: a native build of the program sees them too (wasmtime also lists both).
 *
 * Cookies are entry counts (the entry after cookie n is the (n+1)th; d_next of the first
 * entry is 1), as wasmtime numbers them, not the host's d_off: wasi-libc's telldir() returns
 * a `long`, 32 bits on wasm32, and ext4's d_off values are 63-bit hashes that would not
 * survive it. So that reading a directory in chunks stays linear, the call remembers where it
 * stopped (cookie and host d_off, for a few directories); any other cookie rewinds and counts.
 *
 * The buffer is filled to the last byte: the final entry may be cut, and bufused == buf_len
 * tells the guest to call again from the last whole entry (wasi-libc grows its buffer when a
 * single entry does not fit).
 */
#include <dirent.h>
#include <pthread.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "wasi_internal.h"

#define DIRENT_HEADER_SIZE 24u
#define HOST_BUFFER_SIZE 8192u
#define RESUME_POINTS 8u

/* The kernel's record for getdents64 (glibc before 2.30 has no wrapper for it). */
struct host_dirent {
    uint64_t d_ino;
    int64_t d_off; /* where the next entry starts: a valid lseek position */
    unsigned short d_reclen;
    unsigned char d_type;
    char d_name[];
};

/* Entries of one directory read in getdents64-sized batches. */
typedef struct dir_reader {
    int host;
    size_t used, next;
    _Alignas(8) char buffer[HOST_BUFFER_SIZE];
} dir_reader;

/* The next entry, NULL at the end; errors as host errno in *error (0 otherwise). */
static const struct host_dirent *next_entry(dir_reader *reader, int *error) {
    *error = 0;
    if (reader->next >= reader->used) {
        long n = syscall(SYS_getdents64, reader->host, reader->buffer, sizeof reader->buffer);
        if (n <= 0) {
            if (n < 0) *error = errno;
            return NULL;
        }
        reader->used = (size_t)n;
        reader->next = 0;
    }
    const struct host_dirent *entry = (const struct host_dirent *)(reader->buffer + reader->next);
    reader->next += entry->d_reclen;
    return entry;
}

/* ---- where earlier calls stopped ----------------------------------------------------------- */

typedef struct resume_point {
    bool used;
    int host;
    dev_t dev; /* dev/ino tell a reused host descriptor number from the directory it was */
    ino_t ino;
    uint64_t cookie;
    int64_t offset;
} resume_point;

/* Shared by every thread: a lookup copies the offset out under the lock. */
static pthread_mutex_t resume_lock = PTHREAD_MUTEX_INITIALIZER;
static resume_point resume_points[RESUME_POINTS];

/* A fork (proc_fork, spawn) while another thread holds the lock would leave it held for ever in
 * the child, where only the forking thread survives: hold it across fork (pthread_atfork). */
static void lock_resume(void) { pthread_mutex_lock(&resume_lock); }
static void unlock_resume(void) { pthread_mutex_unlock(&resume_lock); }
static void reset_in_child(void) { pthread_mutex_init(&resume_lock, NULL); }
__attribute__((constructor)) static void register_fork_handlers(void) {
    pthread_atfork(lock_resume, unlock_resume, reset_in_child);
}
static unsigned resume_next;

static bool find_resume_offset(int host, const struct stat *st, uint64_t cookie, int64_t *offset) {
    bool found = false;
    pthread_mutex_lock(&resume_lock);
    for (unsigned i = 0; i < RESUME_POINTS && !found; i++) {
        resume_point *p = &resume_points[i];
        if (p->used && p->host == host && p->dev == st->st_dev && p->ino == st->st_ino && p->cookie == cookie) {
            *offset = p->offset;
            found = true;
        }
    }
    pthread_mutex_unlock(&resume_lock);
    return found;
}

static void remember_resume_point(int host, const struct stat *st, uint64_t cookie, int64_t offset) {
    pthread_mutex_lock(&resume_lock);
    resume_point *p = NULL;
    for (unsigned i = 0; i < RESUME_POINTS && p == NULL; i++)
        if (resume_points[i].used && resume_points[i].host == host) p = &resume_points[i];
    if (p == NULL) p = &resume_points[resume_next++ % RESUME_POINTS];
    *p = (resume_point){.used = true, .host = host, .dev = st->st_dev, .ino = st->st_ino, .cookie = cookie,
                        .offset = offset};
    pthread_mutex_unlock(&resume_lock);
}

/* Positions the reader at the entry after `cookie` entries; *at_end when there are fewer. */
static uint32_t seek_to_cookie(dir_reader *reader, const struct stat *st, uint64_t cookie, bool *at_end) {
    *at_end = false;
    int64_t resume_offset = 0;
    bool resumed = find_resume_offset(reader->host, st, cookie, &resume_offset);
    if (lseek(reader->host, (off_t)resume_offset, SEEK_SET) < 0) return bsrt_wasi_errno_from_host(errno);
    for (uint64_t skipped = resumed ? cookie : 0; skipped < cookie; skipped++) {
        int error;
        if (next_entry(reader, &error) == NULL) {
            *at_end = error == 0;
            return error == 0 ? WASI_ESUCCESS : bsrt_wasi_errno_from_host(error);
        }
    }
    return WASI_ESUCCESS;
}

/* ---- writing entries ------------------------------------------------------------------------ */

static uint8_t filetype_of_entry(int dir, const struct host_dirent *entry) {
    if (entry->d_type != DT_UNKNOWN) return wasi_filetype_of_mode(DTTOIF(entry->d_type));
    /* Some file systems do not fill d_type: ask for the entry itself, unfollowed. */
    struct stat st;
    if (fstatat(dir, entry->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) return WASI_FILETYPE_UNKNOWN;
    return wasi_filetype_of_mode(st.st_mode);
}

/* Writes as much of the entry as fits in `room` bytes at `out`; *whole says it all fit. */
static size_t write_entry(uint8_t *out, size_t room, int dir, const struct host_dirent *entry, uint64_t d_next,
                          bool *whole) {
    size_t name_len = strlen(entry->d_name);
    uint8_t record[DIRENT_HEADER_SIZE + 256] = {0};
    bsrt_guest_write_u64(record + 0, d_next);
    bsrt_guest_write_u64(record + 8, entry->d_ino);
    bsrt_guest_write_u32(record + 16, (uint32_t)name_len);
    bsrt_guest_write_u8(record + 20, filetype_of_entry(dir, entry));
    memcpy(record + DIRENT_HEADER_SIZE, entry->d_name, name_len);
    size_t size = DIRENT_HEADER_SIZE + name_len;
    *whole = size <= room;
    size_t written = *whole ? size : room;
    memcpy(out, record, written);
    return written;
}

uint32_t bsrt_wasi_fd_readdir(bsrt_instance *self, uint32_t fd, bsrt_ptr buf, bsrt_size buf_len, uint64_t cookie, bsrt_ptr ret_bufused) {
    bsrt_memory *memory = bsrt_guest_memory(self);
    uint8_t *out = bsrt_guest_bytes(memory, buf, buf_len);
    uint8_t *used_out = bsrt_guest_ptr_field(memory, ret_bufused);
    if (out == NULL || used_out == NULL) return WASI_EFAULT;
    wasi_fd entry;
    uint32_t err = wasi_fd_lookup(fd, 0, &entry);
    if (err != WASI_ESUCCESS) return err;
    /* wasmtime's answer for a descriptor that is not a directory (Linux's is ENOTDIR). */
    if (entry.filetype != WASI_FILETYPE_DIRECTORY) return WASI_EBADF;
    err = wasi_fd_lookup(fd, WASI_RIGHT_FD_READDIR, &entry);
    if (err != WASI_ESUCCESS) return err;
    if (entry.embedded.tree != NULL) {
        uint64_t written;
        err = wasi_embedded_readdir(&entry, out, buf_len, cookie, &written);
        if (err == WASI_ESUCCESS) bsrt_guest_write_ptr(memory, used_out, written);
        return err;
    }
    struct stat st;
    if (fstat(entry.host, &st) != 0) return bsrt_wasi_errno_from_host(errno);
    dir_reader reader;
    reader.host = entry.host;
    reader.used = reader.next = 0;
    bool at_end;
    err = seek_to_cookie(&reader, &st, cookie, &at_end);
    if (err != WASI_ESUCCESS) return err;
    size_t used = 0;
    uint64_t index = cookie, resume_cookie = cookie;
    int64_t resume_offset = -1;
    while (!at_end && used < buf_len) {
        int error;
        const struct host_dirent *d = next_entry(&reader, &error);
        if (d == NULL && error != 0) return bsrt_wasi_errno_from_host(error);
        if (d == NULL) break;
        bool whole;
        used += write_entry(out + used, buf_len - used, reader.host, d, ++index, &whole);
        if (whole) {
            resume_cookie = index;
            resume_offset = d->d_off;
        }
    }
    /* The guest's next call starts after its last whole entry. */
    if (resume_offset >= 0) remember_resume_point(reader.host, &st, resume_cookie, resume_offset);
    bsrt_guest_write_ptr(memory, used_out, used);
    return WASI_ESUCCESS;
}
