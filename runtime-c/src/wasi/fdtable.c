/*
 * wasi/fdtable.c: the guest's descriptor table, and how it is filled at start-up.
 *
 * A guest descriptor is an index into this table, never a host number, so the guest reaches
 * only what it was given: stdio, the granted directories, sockets the host handed in, and what
 * it opened through those. Each entry keeps the WASI rights the guest holds on it; calls check
 * them with wasi_fd_lookup. Numbering follows POSIX (lowest free number), which keeps guest
 * numbers stable and small like a native program's.
 */
#include <dirent.h>
#include <pthread.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wasi_internal.h"

/* Guest numbers stay below this, as a host's stay below RLIMIT_NOFILE: a guest asking for
 * fd_renumber(3, 999999999) gets BADF (as dup2 does there), not a gigabyte table. */
#define GUEST_FDS_MAX (UINT32_C(1) << 20)

/* Guest threads use the table at once: readers (every call's lookup) share the lock, changes
 * take it alone. No call holds it across a blocking system call: a lookup copies the entry
 * out, so a read that waits for a pipe never keeps another thread from opening a file. As in a
 * native process, a thread that closes a descriptor while another uses it gets what it asked
 * for; the table itself is never left inconsistent. */
static pthread_rwlock_t table_lock = PTHREAD_RWLOCK_INITIALIZER;
static wasi_fd *entries;
static uint32_t capacity;

/* Everything below that touches `entries` is called with table_lock held. */
static bool is_open(uint32_t fd) { return fd < capacity && entries[fd].host >= 0; }

static uint32_t ensure_capacity(uint32_t needed) {
    if (needed <= capacity) return WASI_ESUCCESS;
    if (needed > GUEST_FDS_MAX) return WASI_EMFILE;
    uint32_t grown = capacity ? capacity : 16;
    while (grown < needed) grown *= 2;
    wasi_fd *bigger = realloc(entries, grown * sizeof *bigger);
    if (bigger == NULL) return WASI_ENOMEM;
    for (uint32_t i = capacity; i < grown; i++) bigger[i] = (wasi_fd){.host = -1};
    entries = bigger;
    capacity = grown;
    return WASI_ESUCCESS;
}

static uint32_t insert_at(uint32_t fd, wasi_fd entry) {
    if (fd >= GUEST_FDS_MAX) return WASI_EMFILE;
    uint32_t err = ensure_capacity(fd + 1);
    if (err != WASI_ESUCCESS) return err;
    if (entries[fd].host >= 0) return WASI_EBADF;
    entries[fd] = entry;
    return WASI_ESUCCESS;
}

static void write_lock(void) { pthread_rwlock_wrlock(&table_lock); }
static void read_lock(void) { pthread_rwlock_rdlock(&table_lock); }
static void unlock(void) { pthread_rwlock_unlock(&table_lock); }

/* proc_fork and spawn call fork() while other guest threads may be inside a table call: only
 * the forking thread survives in the child, so a lock held by another thread would stay held
 * there for ever. Taking the lock around fork (POSIX pthread_atfork) means the child starts
 * with a consistent table. The child makes its lock anew rather than unlocking it: glibc's
 * rwlock records the writer's thread id, which the child's thread does not have. Registered
 * before main, so no fork can precede it. */
static void reset_in_child(void) { pthread_rwlock_init(&table_lock, NULL); }
__attribute__((constructor)) static void register_fork_handlers(void) {
    pthread_atfork(write_lock, unlock, reset_in_child);
}

uint32_t wasi_fd_lookup(uint32_t fd, uint64_t required, wasi_fd *out) {
    read_lock();
    uint32_t err = WASI_ESUCCESS;
    if (!is_open(fd)) err = WASI_EBADF;
    else if ((entries[fd].rights_base & required) != required) err = WASI_ENOTCAPABLE;
    else *out = entries[fd];
    unlock();
    return err;
}

uint32_t wasi_fd_insert_at(uint32_t fd, int host, uint8_t filetype, uint64_t rights_base,
                           uint64_t rights_inheriting) {
    write_lock();
    uint32_t err = insert_at(fd, (wasi_fd){.host = host, .filetype = filetype, .rights_base = rights_base,
                                           .rights_inheriting = rights_inheriting});
    unlock();
    return err;
}

/* The lowest free guest number >= min (capacity permitting: a number past the table is free). */
static uint32_t lowest_free(uint32_t min) {
    uint32_t fd = min;
    while (is_open(fd)) fd++;
    return fd;
}

uint32_t wasi_fd_insert_entry(const wasi_fd *entry, uint32_t min, uint32_t *out_fd) {
    wasi_fd copy = *entry;
    copy.preopen_name = NULL;
    write_lock();
    uint32_t fd = lowest_free(min);
    uint32_t err = insert_at(fd, copy);
    unlock();
    if (err == WASI_ESUCCESS) *out_fd = fd;
    return err;
}

uint32_t wasi_fd_insert(int host, uint8_t filetype, uint64_t rights_base, uint64_t rights_inheriting,
                        uint32_t *out_fd) {
    wasi_fd entry = {.host = host, .filetype = filetype, .rights_base = rights_base,
                     .rights_inheriting = rights_inheriting};
    return wasi_fd_insert_entry(&entry, 3, out_fd);
}

uint32_t wasi_fd_set_rights(uint32_t fd, uint64_t rights_base, uint64_t rights_inheriting) {
    write_lock();
    uint32_t err = WASI_EBADF;
    if (is_open(fd)) {
        entries[fd].rights_base = rights_base;
        entries[fd].rights_inheriting = rights_inheriting;
        err = WASI_ESUCCESS;
    }
    unlock();
    return err;
}

uint32_t wasi_fd_remove(uint32_t fd) {
    write_lock();
    if (!is_open(fd)) {
        unlock();
        return WASI_EBADF;
    }
    int host = entries[fd].host;
    /* Pre-open names are never freed: a lookup on another thread may still hold the pointer
     * (they are few and small: one per grant). */
    entries[fd] = (wasi_fd){.host = -1};
    unlock();
    /* The guest number is free whatever close says (POSIX: the descriptor is gone even on
     * EINTR/EIO); the error is still reported. */
    if (close(host) != 0 && errno != EINTR) return bsrt_wasi_errno_from_host(errno);
    return WASI_ESUCCESS;
}

uint32_t wasi_fd_copy(uint32_t from, uint32_t to) {
    write_lock();
    uint32_t err = WASI_ESUCCESS;
    if (!is_open(from)) err = WASI_EBADF;
    /* A pre-opened `to` is replaced like any other descriptor and stops being a pre-open
     * (fd_prestat_get on it is then BADF), as wasmtime and wasi-testsuite's overwrite_preopen
     * expect. */
    else if (from != to && to >= GUEST_FDS_MAX) err = WASI_EBADF;
    else if (from != to && (err = ensure_capacity(to + 1)) == WASI_ESUCCESS) {
        wasi_fd source = entries[from];
        int copy;
        if (is_open(to)) {
            /* dup2 onto the old host number keeps host and guest numbering alike for stdio (a
             * guest redirecting its stdout makes the process's stdout move too). */
            copy = dup2(source.host, entries[to].host);
        } else {
            copy = fcntl(source.host, F_DUPFD_CLOEXEC, 3);
        }
        if (copy < 0) err = bsrt_wasi_errno_from_host(errno);
        else
            entries[to] = (wasi_fd){.host = copy, .filetype = source.filetype, .rights_base = source.rights_base,
                                    .rights_inheriting = source.rights_inheriting, .embedded = source.embedded};
    }
    unlock();
    return err;
}

uint32_t wasi_fd_move(uint32_t from, uint32_t to) {
    write_lock();
    uint32_t err = WASI_ESUCCESS;
    if (!is_open(from) || !is_open(to)) err = WASI_EBADF;
    else if (from != to) {
        wasi_fd source = entries[from];
        /* The moved descriptor takes over `to`'s host number (dup2 onto it, then the old one is
         * closed), as wasi_fd_copy does: renumbering a file onto stdout keeps guest 1 on host 1,
         * so the process's stdout follows. */
        if (dup2(source.host, entries[to].host) < 0) err = bsrt_wasi_errno_from_host(errno);
        else {
            int kept = entries[to].host;
            entries[to] = source;
            entries[to].host = kept;
            entries[from] = (wasi_fd){.host = -1};
            /* `source.host` was only this entry's (the table never shares a host number). */
            close(source.host);
        }
    }
    unlock();
    return err;
}

uint32_t wasi_fd_duplicate(uint32_t from, uint32_t min, bool cloexec, uint32_t *out_fd) {
    write_lock();
    uint32_t err = WASI_ESUCCESS;
    uint32_t fd = 0;
    if (!is_open(from)) err = WASI_EBADF;
    else if (min >= GUEST_FDS_MAX) err = WASI_EINVAL; /* fcntl's answer for a minimum past the limit */
    else if ((fd = lowest_free(min)) >= GUEST_FDS_MAX) err = WASI_EMFILE;
    else {
        /* Host numbers above stdio: only wasi_fd_copy/move put a guest descriptor on 0-2. */
        int copy = fcntl(entries[from].host, F_DUPFD_CLOEXEC, 3);
        if (copy < 0) err = bsrt_wasi_errno_from_host(errno);
        else {
            wasi_fd entry = entries[from];
            entry.host = copy;
            entry.preopen_name = NULL;
            entry.cloexec = cloexec;
            err = insert_at(fd, entry);
            if (err != WASI_ESUCCESS) close(copy);
        }
    }
    unlock();
    if (err == WASI_ESUCCESS) *out_fd = fd;
    return err;
}

uint32_t wasi_fd_set_cloexec(uint32_t fd, bool cloexec) {
    write_lock();
    uint32_t err = WASI_EBADF;
    if (is_open(fd)) {
        entries[fd].cloexec = cloexec;
        err = WASI_ESUCCESS;
    }
    unlock();
    return err;
}

wasi_fd *wasi_fd_table_copy(uint32_t *count) {
    read_lock();
    wasi_fd *copy = malloc((capacity ? capacity : 1) * sizeof *copy);
    if (copy != NULL) {
        if (capacity) memcpy(copy, entries, capacity * sizeof *copy);
        *count = capacity;
    }
    unlock();
    return copy;
}

wasi_fd *wasi_fd_table_replace(wasi_fd *table, uint32_t count, uint32_t *old_count) {
    write_lock();
    wasi_fd *old = entries;
    *old_count = capacity;
    entries = table;
    capacity = count;
    unlock();
    return old;
}

/* ---- what a host descriptor is ------------------------------------------------------------ */

uint8_t wasi_filetype_of(int host, mode_t mode) {
    if (S_ISSOCK(mode)) {
        int type = 0;
        socklen_t len = sizeof type;
        if (getsockopt(host, SOL_SOCKET, SO_TYPE, &type, &len) == 0) {
            if (type == SOCK_STREAM) return WASI_FILETYPE_SOCKET_STREAM;
            if (type == SOCK_DGRAM) return WASI_FILETYPE_SOCKET_DGRAM;
        }
        return WASI_FILETYPE_UNKNOWN;
    }
    return wasi_filetype_of_mode(mode);
}

uint64_t wasi_rights_possible(int host, uint8_t filetype) {
    uint64_t rights = WASI_RIGHTS_ALL;
    if (filetype == WASI_FILETYPE_DIRECTORY) return rights & ~WASI_RIGHTS_FILE_DATA;
    rights &= ~WASI_RIGHTS_DIRECTORY_ONLY;
    /* wasi-libc's isatty() requires a character device WITHOUT FD_SEEK/FD_TELL: reporting seek
     * rights on a terminal would make the guest fully buffer interactive output. */
    if (lseek(host, 0, SEEK_CUR) < 0) rights &= ~(WASI_RIGHT_FD_SEEK | WASI_RIGHT_FD_TELL);
    if (filetype != WASI_FILETYPE_SOCKET_STREAM && filetype != WASI_FILETYPE_SOCKET_DGRAM)
        rights &= ~(WASI_RIGHT_SOCK_SHUTDOWN | WASI_RIGHT_SOCK_ACCEPT);
    return rights;
}

/* Rights for a descriptor the process already had: what its type allows, minus what its
 * access mode excludes (wasi-libc's fcntl(F_GETFL) derives O_RDONLY/O_WRONLY from them). */
static uint64_t rights_of_inherited(int host, uint8_t filetype) {
    uint64_t rights = wasi_rights_possible(host, filetype);
    int status_flags = fcntl(host, F_GETFL);
    int access = status_flags < 0 ? O_RDWR : status_flags & O_ACCMODE;
    if (access == O_RDONLY) rights &= ~WASI_RIGHT_FD_WRITE;
    if (access == O_WRONLY) rights &= ~(WASI_RIGHT_FD_READ | WASI_RIGHT_FD_READDIR);
    return rights;
}

uint32_t wasi_fd_adopt(uint32_t fd, int host) {
    struct stat st;
    if (fstat(host, &st) != 0) return WASI_EBADF;
    uint8_t filetype = wasi_filetype_of(host, st.st_mode);
    return wasi_fd_insert_at(fd, host, filetype, rights_of_inherited(host, filetype), WASI_RIGHTS_ALL);
}

/* ---- start-up ----------------------------------------------------------------------------- */

/* Host descriptors above stdio that are sockets: collected before the grants are opened, so
 * the runtime's own descriptors are never among them. /proc lists them; without it, a scan
 * of the low numbers does. */
static int inherited_sockets(int *out, int max) {
    int count = 0;
    DIR *dir = opendir("/proc/self/fd");
    int scan_limit = 1024;
    for (int i = 3; count < max;) {
        int host;
        if (dir != NULL) {
            struct dirent *d = readdir(dir);
            if (d == NULL) break;
            if (d->d_name[0] < '0' || d->d_name[0] > '9') continue;
            host = atoi(d->d_name);
            if (host < 3 || host == dirfd(dir)) continue;
        } else {
            if (i >= scan_limit) break;
            host = i++;
        }
        struct stat st;
        if (fstat(host, &st) == 0 && S_ISSOCK(st.st_mode)) out[count++] = host;
    }
    if (dir != NULL) closedir(dir);
    /* /proc lists in creation order on some filesystems: sort so guest order is host order. */
    for (int a = 1; a < count; a++)
        for (int b = a; b > 0 && out[b - 1] > out[b]; b--) {
            int t = out[b];
            out[b] = out[b - 1];
            out[b - 1] = t;
        }
    return count;
}

/* Every pre-open name ever made, so that they stay reachable until exit (wasi_fd_remove does not
 * free them, and a leak checker must not mistake that for a leak). Grants are few. */
static char **preopen_names;
static size_t preopen_name_count;

static void keep_preopen_name(char *name) {
    char **grown = realloc(preopen_names, (preopen_name_count + 1) * sizeof *grown);
    if (grown == NULL) return; /* only the leak checker would notice */
    preopen_names = grown;
    preopen_names[preopen_name_count++] = name;
}

static int open_grant(const bsrt_wasi_grant *grant, uint32_t fd, char *error, size_t error_size) {
    int host = open(grant->host_path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (host < 0) {
        snprintf(error, error_size, "cannot open granted directory '%s': %s", grant->host_path, strerror(errno));
        return -1;
    }
    char *name = strdup(grant->guest_path);
    if (name != NULL) keep_preopen_name(name);
    write_lock();
    uint32_t err = name == NULL ? WASI_ENOMEM
                                : insert_at(fd, (wasi_fd){.host = host, .filetype = WASI_FILETYPE_DIRECTORY,
                                                          .rights_base = WASI_RIGHTS_ALL & ~WASI_RIGHTS_FILE_DATA,
                                                          .rights_inheriting = WASI_RIGHTS_ALL, .preopen_name = name});
    unlock();
    if (err != WASI_ESUCCESS) {
        free(name);
        close(host);
        snprintf(error, error_size, "out of memory opening granted directory '%s'", grant->host_path);
        return -1;
    }
    return 0;
}

uint32_t wasi_fd_insert_preopen(uint32_t fd, const wasi_fd *entry) {
    char *name = strdup(entry->preopen_name);
    if (name == NULL) return WASI_ENOMEM;
    keep_preopen_name(name);
    wasi_fd copy = *entry;
    copy.preopen_name = name;
    write_lock();
    uint32_t err = insert_at(fd, copy);
    unlock();
    return err;
}

static const bsrt_wasi_config no_config;
static const bsrt_wasi_config *current_config = &no_config;

const bsrt_wasi_config *bsrt_wasi_current_config(void) { return current_config; }

int bsrt_wasi_init_descriptors(const bsrt_wasi_config *config, char *error, size_t error_size) {
    static bool initialized;
    if (initialized) return 0;
    initialized = true;
    if (config != NULL) current_config = config;
    enum { MAX_SOCKETS = 256 };
    int sockets[MAX_SOCKETS];
    /* A library's process is the embedder's: its sockets are not the guest's to use. */
    int socket_count = config != NULL && config->in_library ? 0 : inherited_sockets(sockets, MAX_SOCKETS);
    /* A closed host stdio descriptor stays closed for the guest (its number reads as BADF). */
    for (uint32_t fd = 0; fd < 3; fd++) {
        wasi_fd existing;
        if (wasi_fd_lookup(fd, 0, &existing) == WASI_EBADF && fcntl((int)fd, F_GETFD) >= 0)
            (void)wasi_fd_adopt(fd, (int)fd);
    }
    uint32_t next = 3;
    size_t grant_count = config ? config->grant_count : 0;
    for (size_t i = 0; i < grant_count; i++, next++)
        if (open_grant(&config->grants[i], next, error, error_size) != 0) return -1;
    if (config != NULL && wasi_embedded_preopen(config, &next, error, error_size) != 0) return -1;
    for (int i = 0; i < socket_count; i++)
        if (wasi_fd_adopt(next, sockets[i]) == WASI_ESUCCESS) next++;
    return 0;
}
