/*
 * wasi/resolve.c: resolves a guest path to "entry `name` in host directory `dir`" beneath a
 * directory the guest holds, without ever leaving it (wasi_internal.h has the contract).
 *
 * The kernel is never handed more than one component, and never asked to follow a symlink:
 *   - each directory on the way is opened with openat(O_PATH|O_DIRECTORY|O_NOFOLLOW) on a
 *     descriptor the runtime holds;
 *   - `..` is not asked of the kernel: the runtime keeps the components it has walked (the
 *     "trail", all real directories) and re-walks the trail minus one from the base, so `..`
 *     at the base is simply refused. Re-walking instead of keeping a descriptor per level
 *     bounds the open descriptors to two whatever the depth (a 4 KiB path can have 2,000
 *     levels, more than a process may keep open);
 *   - a symlink met on the way (and the final one when following) is read with readlinkat and
 *     its contents are spliced in front of the components still to walk, as the kernel would
 *     do, so a link made by the guest goes through the same checks as the path itself.
 * The caller then does its one *at call on (dir, name) with the final symlink unfollowed, so
 * no rename or symlink made meanwhile can redirect it outside.
 *
 * Refusals return what wasmtime returns for them: PERM for an absolute path and for `..` or a
 * symlink leading above the base, INVAL for a NUL byte, ILSEQ for bytes that are not UTF-8,
 * NAMETOOLONG beyond 4095 bytes or for a component over 255 bytes, LOOP after 40 symlinks.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "wasi_internal.h"

/* wasmtime refuses a guest path of 4096 bytes or more (the kernel's PATH_MAX counts the NUL). */
#define GUEST_PATH_MAX 4095u
#define NAME_MAX_BYTES 255u
/* Linux's MAXSYMLINKS. */
#define SYMLINKS_MAX 40u
/* Room for the components still to walk: the guest path plus what symlinks splice in. */
#define PENDING_SIZE (3u * 4096u)
#define TRAIL_SIZE (3u * 4096u)

typedef struct resolver {
    const wasi_fd *base;
    int dir;      /* the directory walked to so far: base->host or a descriptor we own */
    size_t rest;  /* the components still to walk are pending[rest, PENDING_SIZE) */
    size_t trail_len;
    unsigned links;
    char pending[PENDING_SIZE];
    char trail[TRAIL_SIZE]; /* "a/b/c": the directories walked from the base, for `..` */
    char link[4096];
} resolver;

static bool is_continuation(uint8_t byte) { return (byte & 0xc0) == 0x80; }

/* The length of the UTF-8 sequence at s (RFC 3629: no overlongs, surrogates or values above
 * U+10FFFF), or 0 when it is malformed. */
static size_t utf8_sequence(const uint8_t *s, size_t left) {
    uint8_t b = s[0];
    if (b < 0x80) return 1;
    size_t len = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc2 ? 2 : 0;
    if (len == 0 || b > 0xf4 || len > left) return 0;
    for (size_t i = 1; i < len; i++)
        if (!is_continuation(s[i])) return 0;
    if (b == 0xe0 && s[1] < 0xa0) return 0; /* overlong */
    if (b == 0xed && s[1] >= 0xa0) return 0; /* surrogate */
    if (b == 0xf0 && s[1] < 0x90) return 0; /* overlong */
    if (b == 0xf4 && s[1] >= 0x90) return 0; /* above U+10FFFF */
    return len;
}

/* Checks guest string bytes as wasmtime does before using them as a path. */
static uint32_t guest_string(bsrt_memory *memory, uint64_t ptr, uint64_t len, const uint8_t **out) {
    const uint8_t *bytes = bsrt_guest_bytes(memory, ptr, len);
    if (bytes == NULL) return WASI_EFAULT;
    if (len == 0) return WASI_ENOENT;
    if (len > GUEST_PATH_MAX) return WASI_ENAMETOOLONG;
    if (memchr(bytes, 0, len) != NULL) return WASI_EINVAL;
    for (size_t i = 0; i < len;) {
        size_t n = utf8_sequence(bytes + i, len - i);
        if (n == 0) return WASI_EILSEQ;
        i += n;
    }
    *out = bytes;
    return WASI_ESUCCESS;
}

uint32_t wasi_path_copy_string(bsrt_memory *memory, uint64_t ptr, uint64_t len, char *out, size_t out_size) {
    const uint8_t *bytes;
    uint32_t err = guest_string(memory, ptr, len, &bytes);
    if (err != WASI_ESUCCESS) return err;
    if (len >= out_size) return WASI_ENAMETOOLONG;
    memcpy(out, bytes, len);
    out[len] = '\0';
    return WASI_ESUCCESS;
}

/* ---- the walk ----------------------------------------------------------------------------- */

static void set_dir(resolver *r, int dir) {
    if (r->dir != r->base->host) close(r->dir);
    r->dir = dir;
}

static int open_subdir(int dir, const char *name) {
    return openat(dir, name, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
}

/* Puts `text` in front of the components still to walk. */
static uint32_t push_front(resolver *r, const char *text, size_t len) {
    if (len > r->rest) return WASI_ENAMETOOLONG;
    r->rest -= len;
    memcpy(r->pending + r->rest, text, len);
    return WASI_ESUCCESS;
}

/* If `name` in the current directory is a symlink, splices its contents in front of the
 * components still to walk and sets *expanded; a link leading outside is refused here
 * (absolute) or when its `..` reaches the base. */
static uint32_t expand_symlink(resolver *r, const char *name, bool *expanded) {
    *expanded = false;
    ssize_t n = readlinkat(r->dir, name, r->link, sizeof r->link);
    /* EINVAL: not a symlink; ENOENT: nothing there yet (path_open may create it). */
    if (n < 0) return errno == EINVAL || errno == ENOENT ? WASI_ESUCCESS : bsrt_wasi_errno_from_host(errno);
    if ((size_t)n >= sizeof r->link) return WASI_ENAMETOOLONG;
    if (++r->links > SYMLINKS_MAX) return WASI_ELOOP;
    if (n == 0) return WASI_ENOENT; /* as the kernel treats an empty link */
    if (r->link[0] == '/') return WASI_EPERM;
    *expanded = true;
    return push_front(r, r->link, (size_t)n);
}

/* Re-opens the trail from the base, which is how `..` goes up (see the top of the file). */
static uint32_t walk_trail(resolver *r) {
    set_dir(r, r->base->host);
    r->trail[r->trail_len] = '\0';
    for (char *s = r->trail, *end = r->trail + r->trail_len; s < end;) {
        char *slash = memchr(s, '/', (size_t)(end - s));
        if (slash != NULL) *slash = '\0';
        int next = open_subdir(r->dir, s);
        if (slash != NULL) *slash = '/';
        if (next < 0) return bsrt_wasi_errno_from_host(errno);
        set_dir(r, next);
        s = slash != NULL ? slash + 1 : end;
    }
    return WASI_ESUCCESS;
}

static uint32_t go_up(resolver *r) {
    if (r->trail_len == 0) return WASI_EPERM;
    char *slash = memrchr(r->trail, '/', r->trail_len);
    r->trail_len = slash != NULL ? (size_t)(slash - r->trail) : 0;
    return walk_trail(r);
}

static uint32_t go_down(resolver *r, const char *name, size_t len) {
    int next = open_subdir(r->dir, name);
    if (next < 0) {
        int error = errno;
        /* O_NOFOLLOW|O_DIRECTORY on a symlink fails with ENOTDIR (or ELOOP): read it instead. */
        if (error != ENOTDIR && error != ELOOP) return bsrt_wasi_errno_from_host(error);
        bool expanded;
        uint32_t err = expand_symlink(r, name, &expanded);
        if (err != WASI_ESUCCESS || expanded) return err;
        return WASI_ENOTDIR;
    }
    size_t needed = r->trail_len + (r->trail_len ? 1 : 0) + len;
    if (needed >= TRAIL_SIZE) {
        close(next);
        return WASI_ENAMETOOLONG;
    }
    if (r->trail_len) r->trail[r->trail_len++] = '/';
    memcpy(r->trail + r->trail_len, name, len);
    r->trail_len = needed;
    set_dir(r, next);
    return WASI_ESUCCESS;
}

/* Takes the next component off the pending path into `name`; *last says no component follows,
 * *slash that the path ends in '/'. Returns false when nothing is left. */
static bool next_component(resolver *r, char name[NAME_MAX_BYTES + 2], size_t *len, bool *last, bool *slash) {
    size_t i = r->rest;
    while (i < PENDING_SIZE && r->pending[i] == '/') i++;
    if (i == PENDING_SIZE) return false;
    size_t start = i;
    while (i < PENDING_SIZE && r->pending[i] != '/') i++;
    *len = i - start;
    /* A component too long for a name is copied cut: the caller refuses it by its length. */
    size_t copied = *len <= NAME_MAX_BYTES ? *len : NAME_MAX_BYTES + 1;
    memcpy(name, r->pending + start, copied);
    name[copied] = '\0';
    r->rest = i;
    size_t after = i;
    while (after < PENDING_SIZE && r->pending[after] == '/') after++;
    *last = after == PENDING_SIZE;
    *slash = *last && i < PENDING_SIZE;
    return true;
}

static void finish(resolver *r, const char *name, bool slash, wasi_path *out) {
    out->dir = r->dir;
    out->owns_dir = r->dir != r->base->host;
    out->must_be_dir = slash;
    strcpy(out->name, name);
    r->dir = r->base->host; /* the descriptor now belongs to `out` */
}

static uint32_t walk(resolver *r, bool follow_final, wasi_path *out) {
    char name[NAME_MAX_BYTES + 2];
    size_t len;
    bool last, slash;
    while (next_component(r, name, &len, &last, &slash)) {
        if (len > NAME_MAX_BYTES) return WASI_ENAMETOOLONG;
        bool dot = strcmp(name, ".") == 0, dotdot = strcmp(name, "..") == 0;
        uint32_t err = WASI_ESUCCESS;
        if (dotdot) err = go_up(r);
        if (err != WASI_ESUCCESS) return err;
        if (last && (dot || dotdot)) {
            finish(r, ".", slash, out);
            return WASI_ESUCCESS;
        }
        if (dot || dotdot) continue;
        if (!last) {
            err = go_down(r, name, len);
            if (err != WASI_ESUCCESS) return err;
            continue;
        }
        bool expanded = false;
        if (follow_final) err = expand_symlink(r, name, &expanded);
        if (err != WASI_ESUCCESS) return err;
        if (!expanded) {
            finish(r, name, slash, out);
            return WASI_ESUCCESS;
        }
    }
    /* Not reached: the path and every link spliced in are relative and not empty, so a
     * component always remains until one is final. */
    return WASI_ENOENT;
}

uint32_t wasi_path_resolve(bsrt_memory *memory, const wasi_fd *base, uint64_t path, uint64_t path_len,
                           bool follow_final, wasi_path *out) {
    const uint8_t *bytes;
    uint32_t err = guest_string(memory, path, path_len, &bytes);
    if (err != WASI_ESUCCESS) return err;
    if (base->filetype != WASI_FILETYPE_DIRECTORY) return WASI_ENOTDIR;
    /* An embedded directory has no host directory to walk (embedded.c resolves its paths); a
     * caller that did not send it there gets this refusal, never a walk of its memfd. */
    if (base->embedded.tree != NULL) return WASI_ENOTSUP;
    if (bytes[0] == '/') return WASI_EPERM;
    resolver *r = malloc(sizeof *r);
    if (r == NULL) return WASI_ENOMEM;
    r->base = base;
    r->dir = base->host;
    r->rest = PENDING_SIZE - path_len;
    memcpy(r->pending + r->rest, bytes, path_len);
    r->trail_len = 0;
    r->links = 0;
    err = walk(r, follow_final, out);
    set_dir(r, base->host);
    free(r);
    return err;
}

void wasi_path_release(wasi_path *resolved) {
    if (resolved->owns_dir) close(resolved->dir);
    resolved->owns_dir = false;
    resolved->dir = -1;
}
