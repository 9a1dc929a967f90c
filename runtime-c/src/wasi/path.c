/*
 * wasi/path.c: the path_* calls: path_open, path_create_directory, path_remove_directory,
 * path_unlink_file, path_filestat_get (and preview0's), path_filestat_set_times, path_link,
 * path_readlink, path_rename, path_symlink. path_open's body is wasi_path_open, which WASIX's
 * path_open2 shares (../wasix/fd.c); it only adds the guest's close-on-exec flag.
 *
 * Each call checks its directory descriptor and the right it needs, resolves the guest path
 * with wasi_path_resolve (resolve.c: the sandbox), then makes one *at call on (dir, name) that
 * does not follow a final symlink in the kernel: any following was done by the resolver,
 * within the grant.
 *
 * A trailing '/' never reaches the kernel (it would follow a symlink there). Calls that look
 * the entry up (open, stat, utimes, readlink, link's source) treat it as the kernel does for a
 * lookup: a final symlink is followed and the result must be a directory. Calls that act on
 * the entry itself (unlink, rmdir, rename, and the names link/symlink create) do not follow;
 * the entry must be a directory. Linux answers the same way, so native builds and bs-aot builds
 * of a program see the same errno (wasmtime differs here: rmdir("dir/") is INVAL to it).
 *
 * Refusals answer as wasmtime does (the sandbox tests compare with it): PERM for anything that
 * would leave the grant, a symlink with an absolute target (at creation) and reading one;
 * INVAL for path_link's SYMLINK_FOLLOW; BADF for a descriptor that is not a directory.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h> /* renameat */
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wasi_internal.h"

/* The rights that need the host descriptor open for reading or for writing. FD_DATASYNC is
 * not one: Linux syncs a read-only descriptor, and a directory holds that right, so a guest
 * reopening a directory with the rights it has (as wasi-testsuite's helpers do) must not get
 * write access asked for, which the kernel refuses on a directory (EISDIR). */
#define RIGHTS_NEEDING_READ (WASI_RIGHT_FD_READ | WASI_RIGHT_FD_READDIR)
#define RIGHTS_NEEDING_WRITE (WASI_RIGHT_FD_WRITE | WASI_RIGHT_FD_ALLOCATE | WASI_RIGHT_FD_FILESTAT_SET_SIZE)
#define OFLAGS_KNOWN (WASI_OFLAG_CREAT | WASI_OFLAG_DIRECTORY | WASI_OFLAG_EXCL | WASI_OFLAG_TRUNC)
#define FDFLAGS_KNOWN                                                                                \
    (WASI_FDFLAG_APPEND | WASI_FDFLAG_DSYNC | WASI_FDFLAG_NONBLOCK | WASI_FDFLAG_RSYNC | WASI_FDFLAG_SYNC)
#define SYMLINK_MAX_BYTES 4096u

/* The directory entry `fd` holding `rights`: BADF when not open, NOTCAPABLE without the
 * rights. A descriptor that is not a directory gets wasmtime's answer, BADF, before its
 * rights are looked at (it holds no path rights anyway); see path_open for its exception. */
static uint32_t lookup_dir(uint32_t fd, uint64_t rights, wasi_fd *out) {
    wasi_fd entry;
    uint32_t err = wasi_fd_lookup(fd, 0, &entry);
    if (err != WASI_ESUCCESS) return err;
    if (entry.filetype != WASI_FILETYPE_DIRECTORY) return WASI_EBADF;
    return wasi_fd_lookup(fd, rights, out);
}

/* path_open through a descriptor that is not a directory: wasmtime says NOTDIR for a file
 * it opened, BADF for stdio and sockets (streams to it, not files). */
static uint32_t not_a_directory(uint32_t fd) {
    wasi_fd entry;
    if (wasi_fd_lookup(fd, 0, &entry) != WASI_ESUCCESS || fd < 3) return WASI_EBADF;
    bool socket = entry.filetype == WASI_FILETYPE_SOCKET_STREAM || entry.filetype == WASI_FILETYPE_SOCKET_DGRAM;
    return socket ? WASI_EBADF : WASI_ENOTDIR;
}

static uint32_t host_error(void) { return bsrt_wasi_errno_from_host(errno); }

static uint32_t lstat_at(const wasi_path *p, struct stat *st) {
    return fstatat(p->dir, p->name, st, AT_SYMLINK_NOFOLLOW) == 0 ? WASI_ESUCCESS : host_error();
}

/* Resolves a path whose entry is looked up: a trailing '/' follows a final symlink even when
 * the lookupflags do not (as the kernel does: lstat("link/") is the directory's stat). */
static uint32_t resolve_lookup(bsrt_instance *self, const wasi_fd *base, uint64_t path, uint64_t path_len,
                               bool follow, wasi_path *out) {
    bsrt_memory *memory = bsrt_guest_memory(self);
    uint32_t err = wasi_path_resolve(memory, base, path, path_len, follow, out);
    if (err != WASI_ESUCCESS || follow || !out->must_be_dir) return err;
    struct stat st;
    if (lstat_at(out, &st) != WASI_ESUCCESS || !S_ISLNK(st.st_mode)) return WASI_ESUCCESS;
    wasi_path_release(out);
    return wasi_path_resolve(memory, base, path, path_len, true, out);
}

/* NOTDIR unless a path that ended in '/' names a directory. */
static uint32_t check_dir_if_slash(const wasi_path *p) {
    if (!p->must_be_dir) return WASI_ESUCCESS;
    struct stat st;
    uint32_t err = lstat_at(p, &st);
    if (err != WASI_ESUCCESS) return err;
    return S_ISDIR(st.st_mode) ? WASI_ESUCCESS : WASI_ENOTDIR;
}

/* A path ending in '/' where link/symlink are to create a non-directory: EXIST when the
 * entry is there, else NOENT (Linux's answers). */
static uint32_t refuse_slash_for_new_file(const wasi_path *p) {
    if (!p->must_be_dir) return WASI_ESUCCESS;
    struct stat st;
    return lstat_at(p, &st) == WASI_ESUCCESS ? WASI_EEXIST : WASI_ENOENT;
}

/* ---- path_open ---------------------------------------------------------------------------- */

static uint32_t open_flags(uint32_t oflags, uint64_t rights, uint32_t fdflags, int *out) {
    if ((oflags & ~OFLAGS_KNOWN) || (fdflags & ~FDFLAGS_KNOWN)) return WASI_EINVAL;
    /* wasmtime refuses these combinations outright (Linux would ignore EXCL without CREAT). */
    if ((oflags & WASI_OFLAG_DIRECTORY) && (oflags & (WASI_OFLAG_CREAT | WASI_OFLAG_EXCL | WASI_OFLAG_TRUNC)))
        return WASI_EINVAL;
    bool read = rights & RIGHTS_NEEDING_READ, write = rights & RIGHTS_NEEDING_WRITE;
    int flags = (write ? (read ? O_RDWR : O_WRONLY) : O_RDONLY) | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY;
    if (oflags & WASI_OFLAG_CREAT) flags |= O_CREAT;
    if (oflags & WASI_OFLAG_DIRECTORY) flags |= O_DIRECTORY;
    if (oflags & WASI_OFLAG_EXCL) flags |= O_EXCL;
    if (oflags & WASI_OFLAG_TRUNC) flags |= O_TRUNC;
    if (fdflags & WASI_FDFLAG_APPEND) flags |= O_APPEND;
    if (fdflags & WASI_FDFLAG_DSYNC) flags |= O_DSYNC;
    if (fdflags & WASI_FDFLAG_NONBLOCK) flags |= O_NONBLOCK;
    if (fdflags & WASI_FDFLAG_RSYNC) flags |= O_RSYNC;
    if (fdflags & WASI_FDFLAG_SYNC) flags |= O_SYNC;
    *out = flags;
    return WASI_ESUCCESS;
}

/* Opens the resolved entry; a final symlink left unfollowed gives LOOP (O_NOFOLLOW). */
static uint32_t open_resolved(const wasi_path *p, int flags, int *host) {
    if (p->must_be_dir) {
        /* Linux: creating "name/" is EISDIR whether or not the directory exists. */
        if (flags & O_CREAT) return WASI_EISDIR;
        flags |= O_DIRECTORY;
    }
    *host = openat(p->dir, p->name, flags, 0666);
    if (*host >= 0) return WASI_ESUCCESS;
    uint32_t err = host_error();
    /* With O_DIRECTORY Linux says ENOTDIR for a symlink; wasmtime says LOOP, as without. */
    struct stat st;
    if (errno == ENOTDIR && lstat_at(p, &st) == WASI_ESUCCESS && S_ISLNK(st.st_mode)) return WASI_ELOOP;
    return err;
}

/* Enters the new host descriptor with the rights the guest asked for, as far as the
 * directory passes them on and the file's type allows. */
static uint32_t enter_opened(int host, uint64_t rights, uint64_t inheriting, bool cloexec, uint32_t *out_fd) {
    struct stat st;
    if (fstat(host, &st) != 0) {
        uint32_t err = host_error();
        close(host);
        return err;
    }
    uint8_t filetype = wasi_filetype_of(host, st.st_mode);
    rights &= wasi_rights_possible(host, filetype);
    wasi_fd entry = {.host = host, .filetype = filetype, .rights_base = rights, .rights_inheriting = inheriting,
                     .cloexec = cloexec};
    uint32_t err = wasi_fd_insert_entry(&entry, 3, out_fd);
    if (err != WASI_ESUCCESS) close(host);
    return err;
}

uint32_t wasi_path_open(bsrt_instance *self, uint32_t fd, uint32_t dirflags, uint64_t path, uint64_t path_len,
                        uint32_t oflags, uint64_t rights_base, uint64_t rights_inheriting, uint32_t fdflags,
                        bool cloexec, uint64_t ret_fd) {
    uint8_t *out = bsrt_guest_bytes(bsrt_guest_memory(self), ret_fd, 4);
    if (out == NULL) return WASI_EFAULT;
    uint64_t needed = WASI_RIGHT_PATH_OPEN;
    if (oflags & WASI_OFLAG_CREAT) needed |= WASI_RIGHT_PATH_CREATE_FILE;
    if (oflags & WASI_OFLAG_TRUNC) needed |= WASI_RIGHT_PATH_FILESTAT_SET_SIZE;
    wasi_fd base;
    uint32_t err = lookup_dir(fd, needed, &base);
    if (err == WASI_EBADF) return not_a_directory(fd);
    if (err != WASI_ESUCCESS) return err;
    /* Rights the directory cannot pass on are dropped, not refused: wasi-libc asks for every
     * right its access mode allows and expects the intersection. */
    uint64_t rights = rights_base & base.rights_inheriting;
    uint64_t inheriting = rights_inheriting & base.rights_inheriting;
    int flags;
    err = open_flags(oflags, rights, fdflags, &flags);
    if (err != WASI_ESUCCESS) return err;
    uint32_t new_fd;
    if (base.embedded.tree != NULL) {
        err = wasi_embedded_open(bsrt_guest_memory(self), &base, dirflags, path, path_len, oflags, rights, inheriting,
                                 cloexec, &new_fd);
        if (err == WASI_ESUCCESS) bsrt_guest_write_u32(out, new_fd);
        return err;
    }
    wasi_path p;
    err = resolve_lookup(self, &base, path, path_len, dirflags & WASI_LOOKUP_SYMLINK_FOLLOW, &p);
    if (err != WASI_ESUCCESS) return err;
    int host;
    err = open_resolved(&p, flags, &host);
    wasi_path_release(&p);
    if (err != WASI_ESUCCESS) return err;
    err = enter_opened(host, rights, inheriting, cloexec, &new_fd); /* `base` is stale from here */
    if (err == WASI_ESUCCESS) bsrt_guest_write_u32(out, new_fd);
    return err;
}

uint32_t bsrt_wasi_path_open(bsrt_instance *self, uint32_t fd, uint32_t dirflags, bsrt_ptr path, bsrt_size path_len, uint32_t oflags, uint64_t rights_base, uint64_t rights_inheriting, uint32_t fdflags, bsrt_ptr ret_fd) {
    return wasi_path_open(self, fd, dirflags, path, path_len, oflags, rights_base, rights_inheriting, fdflags, false,
                          ret_fd);
}

/* ---- directories and unlinking ------------------------------------------------------------ */

uint32_t bsrt_wasi_path_create_directory(bsrt_instance *self, uint32_t fd, bsrt_ptr path, bsrt_size path_len) {
    wasi_fd base;
    uint32_t err = lookup_dir(fd, WASI_RIGHT_PATH_CREATE_DIRECTORY, &base);
    if (err != WASI_ESUCCESS) return err;
    if (base.embedded.tree != NULL)
        return WASI_EMBEDDED_READ_ONLY;
    wasi_path p;
    err = wasi_path_resolve(bsrt_guest_memory(self), &base, path, path_len, false, &p);
    if (err != WASI_ESUCCESS) return err;
    if (mkdirat(p.dir, p.name, 0777) != 0) err = host_error();
    wasi_path_release(&p);
    return err;
}

uint32_t bsrt_wasi_path_remove_directory(bsrt_instance *self, uint32_t fd, bsrt_ptr path, bsrt_size path_len) {
    wasi_fd base;
    uint32_t err = lookup_dir(fd, WASI_RIGHT_PATH_REMOVE_DIRECTORY, &base);
    if (err != WASI_ESUCCESS) return err;
    if (base.embedded.tree != NULL)
        return WASI_EMBEDDED_READ_ONLY;
    wasi_path p;
    err = wasi_path_resolve(bsrt_guest_memory(self), &base, path, path_len, false, &p);
    if (err != WASI_ESUCCESS) return err;
    /* A symlink or file is NOTDIR from the kernel itself, trailing '/' or not. */
    if (unlinkat(p.dir, p.name, AT_REMOVEDIR) != 0) err = host_error();
    wasi_path_release(&p);
    return err;
}

/* unlink("x/"): ISDIR for a directory, NOTDIR for anything else, as Linux answers. */
static uint32_t refuse_slash_for_unlink(const wasi_path *p) {
    if (!p->must_be_dir) return WASI_ESUCCESS;
    struct stat st;
    uint32_t err = lstat_at(p, &st);
    if (err != WASI_ESUCCESS) return err;
    return S_ISDIR(st.st_mode) ? WASI_EISDIR : WASI_ENOTDIR;
}

uint32_t bsrt_wasi_path_unlink_file(bsrt_instance *self, uint32_t fd, bsrt_ptr path, bsrt_size path_len) {
    wasi_fd base;
    uint32_t err = lookup_dir(fd, WASI_RIGHT_PATH_UNLINK_FILE, &base);
    if (err != WASI_ESUCCESS) return err;
    if (base.embedded.tree != NULL)
        return WASI_EMBEDDED_READ_ONLY;
    wasi_path p;
    err = wasi_path_resolve(bsrt_guest_memory(self), &base, path, path_len, false, &p);
    if (err != WASI_ESUCCESS) return err;
    err = refuse_slash_for_unlink(&p);
    if (err == WASI_ESUCCESS && unlinkat(p.dir, p.name, 0) != 0) err = host_error();
    wasi_path_release(&p);
    return err;
}

/* ---- filestat ----------------------------------------------------------------------------- */

typedef void (*filestat_writer)(uint8_t *out, const struct stat *st, uint8_t filetype);

static uint32_t filestat_get(bsrt_instance *self, uint32_t fd, uint32_t flags, uint64_t path, uint64_t path_len,
                             uint8_t *out, filestat_writer write) {
    wasi_fd base;
    uint32_t err = lookup_dir(fd, WASI_RIGHT_PATH_FILESTAT_GET, &base);
    if (err != WASI_ESUCCESS) return err;
    struct stat st;
    if (base.embedded.tree != NULL) {
        err = wasi_embedded_path_filestat(bsrt_guest_memory(self), &base, flags, path, path_len, &st);
        if (err == WASI_ESUCCESS) write(out, &st, wasi_filetype_of_mode(st.st_mode));
        return err;
    }
    wasi_path p;
    err = resolve_lookup(self, &base, path, path_len, flags & WASI_LOOKUP_SYMLINK_FOLLOW, &p);
    if (err != WASI_ESUCCESS) return err;
    err = lstat_at(&p, &st);
    wasi_path_release(&p);
    if (err != WASI_ESUCCESS) return err;
    if (p.must_be_dir && !S_ISDIR(st.st_mode)) return WASI_ENOTDIR;
    write(out, &st, wasi_filetype_of_mode(st.st_mode));
    return WASI_ESUCCESS;
}

uint32_t bsrt_wasi_path_filestat_get(bsrt_instance *self, uint32_t fd, uint32_t flags, bsrt_ptr path, bsrt_size path_len, bsrt_ptr ret_stat) {
    uint8_t *out = bsrt_guest_bytes(bsrt_guest_memory(self), ret_stat, WASI_FILESTAT_SIZE);
    if (out == NULL) return WASI_EFAULT;
    return filestat_get(self, fd, flags, path, path_len, out, wasi_write_filestat);
}

uint32_t bsrt_wasi_unstable_path_filestat_get(bsrt_instance *self, uint32_t fd, uint32_t flags, bsrt_ptr path, bsrt_size path_len, bsrt_ptr ret_stat) {
    uint8_t *out = bsrt_guest_bytes(bsrt_guest_memory(self), ret_stat, WASI_FILESTAT_PREVIEW0_SIZE);
    if (out == NULL) return WASI_EFAULT;
    return filestat_get(self, fd, flags, path, path_len, out, wasi_write_filestat_preview0);
}

uint32_t bsrt_wasi_path_filestat_set_times(bsrt_instance *self, uint32_t fd, uint32_t flags, bsrt_ptr path, bsrt_size path_len, uint64_t atim, uint64_t mtim, uint32_t fst_flags) {
    struct timespec times[2];
    uint32_t err = wasi_times_from_fstflags(atim, mtim, fst_flags, times);
    if (err != WASI_ESUCCESS) return err;
    wasi_fd base;
    err = lookup_dir(fd, WASI_RIGHT_PATH_FILESTAT_SET_TIMES, &base);
    if (err != WASI_ESUCCESS) return err;
    if (base.embedded.tree != NULL)
        return WASI_EMBEDDED_READ_ONLY;
    wasi_path p;
    err = resolve_lookup(self, &base, path, path_len, flags & WASI_LOOKUP_SYMLINK_FOLLOW, &p);
    if (err != WASI_ESUCCESS) return err;
    err = check_dir_if_slash(&p);
    if (err == WASI_ESUCCESS && utimensat(p.dir, p.name, times, AT_SYMLINK_NOFOLLOW) != 0) err = host_error();
    wasi_path_release(&p);
    return err;
}

/* ---- links -------------------------------------------------------------------------------- */

uint32_t bsrt_wasi_path_readlink(bsrt_instance *self, uint32_t fd, bsrt_ptr path, bsrt_size path_len, bsrt_ptr buf, bsrt_size buf_len, bsrt_ptr ret_bufused) {
    bsrt_memory *memory = bsrt_guest_memory(self);
    uint8_t *out = bsrt_guest_bytes(memory, buf, buf_len);
    uint8_t *used = bsrt_guest_ptr_field(memory, ret_bufused);
    if (out == NULL || used == NULL) return WASI_EFAULT;
    wasi_fd base;
    uint32_t err = lookup_dir(fd, WASI_RIGHT_PATH_READLINK, &base);
    if (err != WASI_ESUCCESS) return err;
    if (base.embedded.tree != NULL) {
        char link[SYMLINK_MAX_BYTES];
        size_t link_len = buf_len < sizeof link ? (size_t)buf_len : sizeof link;
        err = wasi_embedded_readlink(memory, &base, path, path_len, link, &link_len);
        if (err != WASI_ESUCCESS) return err;
        memcpy(out, link, link_len);
        bsrt_guest_write_ptr(memory, used, link_len);
        return WASI_ESUCCESS;
    }
    wasi_path p;
    err = resolve_lookup(self, &base, path, path_len, false, &p);
    if (err != WASI_ESUCCESS) return err;
    char target[SYMLINK_MAX_BYTES];
    ssize_t n = -1;
    err = check_dir_if_slash(&p);
    if (err == WASI_ESUCCESS) n = readlinkat(p.dir, p.name, target, sizeof target);
    if (err == WASI_ESUCCESS && n < 0) err = host_error();
    wasi_path_release(&p);
    if (err != WASI_ESUCCESS) return err;
    /* wasmtime does not reveal an absolute target (its sandbox would refuse to follow it). */
    if (n > 0 && target[0] == '/') return WASI_EPERM;
    /* Cut to the buffer, as readlink(2) does. */
    size_t copied = (size_t)n < buf_len ? (size_t)n : buf_len;
    memcpy(out, target, copied);
    bsrt_guest_write_ptr(memory, used, copied);
    return WASI_ESUCCESS;
}

uint32_t bsrt_wasi_path_symlink(bsrt_instance *self, bsrt_ptr old_path, bsrt_size old_path_len, uint32_t fd, bsrt_ptr new_path, bsrt_size new_path_len) {
    bsrt_memory *memory = bsrt_guest_memory(self);
    char target[SYMLINK_MAX_BYTES];
    uint32_t err = wasi_path_copy_string(memory, old_path, old_path_len, target, sizeof target);
    if (err != WASI_ESUCCESS) return err;
    /* wasmtime refuses an absolute target when the link is made; a relative one is stored as
     * given (following it is what the resolver guards). */
    if (target[0] == '/') return WASI_EPERM;
    wasi_fd base;
    err = lookup_dir(fd, WASI_RIGHT_PATH_SYMLINK, &base);
    if (err != WASI_ESUCCESS) return err;
    if (base.embedded.tree != NULL)
        return WASI_EMBEDDED_READ_ONLY;
    wasi_path p;
    err = wasi_path_resolve(memory, &base, new_path, new_path_len, false, &p);
    if (err != WASI_ESUCCESS) return err;
    err = refuse_slash_for_new_file(&p);
    if (err == WASI_ESUCCESS && symlinkat(target, p.dir, p.name) != 0) err = host_error();
    wasi_path_release(&p);
    return err;
}

uint32_t bsrt_wasi_path_link(bsrt_instance *self, uint32_t old_fd, uint32_t old_flags, bsrt_ptr old_path, bsrt_size old_path_len, uint32_t new_fd, bsrt_ptr new_path, bsrt_size new_path_len) {
    wasi_fd old_base, new_base;
    uint32_t err = lookup_dir(old_fd, WASI_RIGHT_PATH_LINK_SOURCE, &old_base);
    if (err == WASI_ESUCCESS) err = lookup_dir(new_fd, WASI_RIGHT_PATH_LINK_TARGET, &new_base);
    if (err != WASI_ESUCCESS) return err;
    /* wasmtime refuses SYMLINK_FOLLOW here, even for a link inside the grant. (The resolver
     * could follow it safely: pass the flag to resolve_lookup to allow it.) */
    if (old_flags & WASI_LOOKUP_SYMLINK_FOLLOW) return WASI_EINVAL;
    if (old_base.embedded.tree != NULL || new_base.embedded.tree != NULL)
        return WASI_EMBEDDED_READ_ONLY;
    wasi_path from, to;
    err = resolve_lookup(self, &old_base, old_path, old_path_len, false, &from);
    if (err != WASI_ESUCCESS) return err;
    err = wasi_path_resolve(bsrt_guest_memory(self), &new_base, new_path, new_path_len, false, &to);
    if (err != WASI_ESUCCESS) {
        wasi_path_release(&from);
        return err;
    }
    err = check_dir_if_slash(&from);
    if (err == WASI_ESUCCESS) err = refuse_slash_for_new_file(&to);
    /* Never AT_SYMLINK_FOLLOW: the kernel must not follow a link the guest may have made. */
    if (err == WASI_ESUCCESS && linkat(from.dir, from.name, to.dir, to.name, 0) != 0) err = host_error();
    wasi_path_release(&from);
    wasi_path_release(&to);
    return err;
}

/* rename("x/", ...) or rename(..., "y/"): the source must be a directory (Linux's rule). */
static uint32_t check_rename_slash(const wasi_path *from, const wasi_path *to) {
    if (!from->must_be_dir && !to->must_be_dir) return WASI_ESUCCESS;
    struct stat st;
    uint32_t err = lstat_at(from, &st);
    if (err != WASI_ESUCCESS) return err;
    return S_ISDIR(st.st_mode) ? WASI_ESUCCESS : WASI_ENOTDIR;
}

uint32_t bsrt_wasi_path_rename(bsrt_instance *self, uint32_t fd, bsrt_ptr old_path, bsrt_size old_path_len, uint32_t new_fd, bsrt_ptr new_path, bsrt_size new_path_len) {
    bsrt_memory *memory = bsrt_guest_memory(self);
    wasi_fd old_base, new_base;
    uint32_t err = lookup_dir(fd, WASI_RIGHT_PATH_RENAME_SOURCE, &old_base);
    if (err == WASI_ESUCCESS) err = lookup_dir(new_fd, WASI_RIGHT_PATH_RENAME_TARGET, &new_base);
    if (err != WASI_ESUCCESS) return err;
    if (old_base.embedded.tree != NULL || new_base.embedded.tree != NULL)
        return WASI_EMBEDDED_READ_ONLY;
    wasi_path from, to;
    err = wasi_path_resolve(memory, &old_base, old_path, old_path_len, false, &from);
    if (err != WASI_ESUCCESS) return err;
    err = wasi_path_resolve(memory, &new_base, new_path, new_path_len, false, &to);
    if (err != WASI_ESUCCESS) {
        wasi_path_release(&from);
        return err;
    }
    err = check_rename_slash(&from, &to);
    if (err == WASI_ESUCCESS && renameat(from.dir, from.name, to.dir, to.name) != 0) err = host_error();
    wasi_path_release(&from);
    wasi_path_release(&to);
    return err;
}
