/*
 * wasix/cwd.c: the working directory calls, getcwd and chdir (abi/wasix.md §3.2, §4.7, §6.2).
 *
 * The working directory is a guest path string kept here; the host process's own working
 * directory is never changed (a host chdir(2) would move every relative host path the runtime
 * uses, and would be one more way out of the grants). Relative guest paths are resolved by
 * the guest's libc, which syncs its copy from getcwd once and calls chdir after its own; the
 * host only has to remember the value and keep it inside the grants.
 *
 * Decisions:
 *   - The working directory starts as "/", as in Wasmer and in wasi-libc's own copy.
 *   - Guest names of grants are read as relative to that root: "scratch", "./scratch" and
 *     "/scratch" are the same directory, and "." or "/" is the root itself (wasi-libc matches
 *     pre-open names the same way).
 *   - chdir(path): a relative path is taken against the current value; the result is
 *     normalized lexically ("." dropped, ".." removes one component, ".." at "/" stays "/"),
 *     as wasi-libc normalizes its copy. The result must lie in a grant (the grant with the
 *     longest matching guest name); the rest of it is then resolved beneath that grant's
 *     directory with the preview1 resolver (symlinks followed only within the grant) and must
 *     be a directory. Answers: NOTCAPABLE for a path in no grant ("/etc", ".." above a grant
 *     that is not the root), the resolver's for the rest (NOENT, NOTDIR, PERM for a symlink
 *     that leaves the grant, LOOP, ...), NOTDIR for a file. A failed chdir changes nothing.
 *   - getcwd(buf, len): len is in/out and pointer-size wide. When *len is less than the path's
 *     length, the length is stored and the answer is RANGE (Wasmer; wasix-libc's getcwd(NULL,
 *     0) relies on it and then allocates exactly that many bytes). Otherwise the path is
 *     written, NUL-terminated when there is room, and *len becomes its length.
 *   - Each grant's host directory is opened once, when first needed, from the launch
 *     configuration (not from the guest's descriptors, which the guest may have closed or
 *     renumbered): the grant is what the executable was built with.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wasix_internal.h"

/* wasmtime's (and the resolver's) limit on a guest path, plus the NUL. */
#define CWD_MAX 4096u

static pthread_mutex_t cwd_lock = PTHREAD_MUTEX_INITIALIZER;
static char cwd[CWD_MAX] = "/";
/* Host descriptors of the grants, in configuration order; opened on the first chdir. */
static int *grant_dirs;
static size_t grant_dirs_count;
static bool grant_dirs_opened;

/* Appends the normalized components of `path` (NUL-terminated) to the absolute normalized
 * path in `out` (length *len): "." is dropped, ".." removes the last component. false when
 * the result would not fit. */
static bool append_normalized(char *out, size_t *len, const char *path) {
    const char *p = path;
    while (*p) {
        while (*p == '/') p++;
        const char *end = p;
        while (*end && *end != '/') end++;
        size_t n = (size_t)(end - p);
        if (n == 0 || (n == 1 && p[0] == '.')) {
            /* nothing */
        } else if (n == 2 && p[0] == '.' && p[1] == '.') {
            while (*len > 1 && out[*len - 1] != '/') (*len)--;
            if (*len > 1) (*len)--; /* the '/' before it, unless it is the root's */
        } else {
            size_t slash = *len > 1 ? 1 : 0;
            if (*len + slash + n + 1 > CWD_MAX) return false;
            if (slash) out[(*len)++] = '/';
            memcpy(out + *len, p, n);
            *len += n;
        }
        out[*len] = '\0';
        p = end;
    }
    return true;
}

/* `path` (NUL-terminated) normalized against `base` ("/" for a guest grant name). */
static bool normalize(const char *base, const char *path, char out[CWD_MAX]) {
    size_t len = 1;
    strcpy(out, "/");
    if (path[0] != '/' && !append_normalized(out, &len, base)) return false;
    return append_normalized(out, &len, path);
}

/* The length of grant name `name` (normalized) as a prefix of `path`, or -1: a whole-
 * component match, so "/scratch" is in grant "/scratch" and "/scratch2" is not. */
static long grant_prefix(const char *name, const char *path) {
    size_t n = strlen(name);
    if (n == 1) return 1; /* the root grant holds everything */
    if (strncmp(name, path, n) != 0 || (path[n] != '\0' && path[n] != '/')) return -1;
    return (long)n;
}

/* Called with cwd_lock held. */
static void open_grant_dirs(void) {
    if (grant_dirs_opened) return;
    grant_dirs_opened = true;
    const bsrt_wasi_config *config = bsrt_wasi_current_config();
    if (config->grant_count == 0) return;
    grant_dirs = malloc(config->grant_count * sizeof *grant_dirs);
    if (grant_dirs == NULL) return;
    grant_dirs_count = config->grant_count;
    /* The host's working directory never changes (see above), so a relative host path
     * names the directory it named at start-up. */
    for (size_t i = 0; i < grant_dirs_count; i++)
        grant_dirs[i] = open(config->grants[i].host_path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
}

/* Checks that the normalized guest path `target` is a directory inside a grant. */
static uint32_t check_directory(const char *target) {
    const bsrt_wasi_config *config = bsrt_wasi_current_config();
    long best = -1;
    size_t best_index = 0;
    for (size_t i = 0; i < grant_dirs_count; i++) {
        char name[CWD_MAX];
        if (grant_dirs[i] < 0 || !normalize("/", config->grants[i].guest_path, name)) continue;
        long n = grant_prefix(name, target);
        if (n > best) {
            best = n;
            best_index = i;
        }
    }
    if (best < 0) return WASI_ENOTCAPABLE;
    const char *rest = target + best;
    while (*rest == '/') rest++;
    if (*rest == '\0') rest = ".";
    /* The resolver reads a path from guest memory; this memory is a view of `rest`, so the
     * remainder gets exactly the checks a guest path beneath the grant gets. */
    bsrt_memory view = {.base = (uint8_t *)rest, .size = strlen(rest)};
    wasi_fd base = {.host = grant_dirs[best_index], .filetype = WASI_FILETYPE_DIRECTORY,
                    .rights_base = WASI_RIGHTS_ALL, .rights_inheriting = WASI_RIGHTS_ALL};
    wasi_path resolved;
    uint32_t err = wasi_path_resolve(&view, &base, 0, view.size, true, &resolved);
    if (err != WASI_ESUCCESS) return err;
    struct stat st;
    if (fstatat(resolved.dir, resolved.name, &st, AT_SYMLINK_NOFOLLOW) != 0) err = bsrt_wasi_errno_from_host(errno);
    else if (!S_ISDIR(st.st_mode)) err = WASI_ENOTDIR;
    wasi_path_release(&resolved);
    return err;
}

uint32_t bsrt_wasix_chdir(bsrt_instance *self, bsrt_ptr path, bsrt_size path_len) {
    char requested[CWD_MAX];
    uint32_t err = wasi_path_copy_string(bsrt_guest_memory(self), path, path_len, requested, sizeof requested);
    if (err != WASI_ESUCCESS) return err;
    pthread_mutex_lock(&cwd_lock);
    char target[CWD_MAX];
    if (!normalize(cwd, requested, target)) err = WASI_ENAMETOOLONG;
    else {
        open_grant_dirs();
        err = check_directory(target);
        if (err == WASI_ESUCCESS) strcpy(cwd, target);
    }
    pthread_mutex_unlock(&cwd_lock);
    return err;
}

uint32_t bsrt_wasix_getcwd(bsrt_instance *self, bsrt_ptr buf, bsrt_ptr buf_len) {
    bsrt_memory *memory = bsrt_guest_memory(self);
    uint8_t *len_field = bsrt_guest_bytes(memory, buf_len, bsrt_guest_ptr_size(memory));
    if (len_field == NULL) return WASI_EFAULT;
    uint64_t capacity = bsrt_guest_read_ptr(memory, len_field);
    pthread_mutex_lock(&cwd_lock);
    char copy[CWD_MAX];
    strcpy(copy, cwd);
    pthread_mutex_unlock(&cwd_lock);
    uint64_t len = strlen(copy);
    if (capacity < len) {
        bsrt_guest_write_ptr(memory, len_field, len);
        return WASI_ERANGE;
    }
    uint64_t written = capacity > len ? len + 1 : len;
    uint8_t *out = bsrt_guest_bytes(memory, buf, written);
    if (out == NULL) return WASI_EFAULT;
    memcpy(out, copy, (size_t)written); /* copy[len] is the NUL */
    bsrt_guest_write_ptr(memory, len_field, len);
    return WASI_ESUCCESS;
}
