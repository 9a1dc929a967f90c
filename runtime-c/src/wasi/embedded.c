/*
 * wasi/embedded.c: directory trees packed into the executable (bs-aot build --embed-dir),
 * served read-only to the guest as pre-opened directories.
 *
 * The tree is constant data the translator emits (bsrt_embedded_dir in bsrt_wasi.h): nodes
 * whose directories list their children sorted by name, file contents and symlink targets in
 * byte arrays. A guest descriptor on an embedded node is an ordinary table entry (fdtable.c)
 * with `embedded` set, and its host descriptor is a sealed memfd: the file's contents, copied
 * when it is opened, or an empty one for a directory. So every call on an open descriptor
 * (fd_read, fd_pread, fd_seek, fd_tell, fd_advise, poll_oneoff, fd_fdstat_*, fd_close,
 * fd_renumber, WASIX dup) works unchanged on a real descriptor, and no path can lead from an
 * embedded directory to the host: openat on an empty memfd is ENOTDIR. What needs the tree
 * comes here: path resolution, path_open, path_filestat_get, path_readlink, fd_readdir,
 * fd_filestat_get, and the answers of the calls that would change it.
 *
 * Paths resolve as resolve.c resolves them on the host (the same checks on the guest string,
 * `..` popping a stack that stops at the descriptor's directory, symlinks spliced in front of
 * what is left and followed inside the tree only, PERM for absolute targets, LOOP after 40).
 *
 * Every change answers PERM (WASI_EMBEDDED_READ_ONLY) before its path is looked at, as
 * wasmtime answers for a read-only pre-open: path_open with CREAT or TRUNC or asking for
 * write rights, and the other calls that would change the tree (path.c, filestat.c).
 *
 * stat: dev is 0xb5a0 plus the tree's number, ino the node's index plus 1, every time is the
 * packed file's modification time (CPython compares it with its cached bytecode), size is the
 * file's bytes (4096 for a directory), nlink 1 (a directory: 2 plus its subdirectories).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wasi_internal.h"

#define GUEST_PATH_MAX 4095u
#define NAME_MAX_BYTES 255u
#define SYMLINKS_MAX 40u
#define PENDING_SIZE (3u * 4096u)
#define DEPTH_MAX 2048u
#define DIRENT_HEADER_SIZE 24u
#define RIGHTS_NEEDING_WRITE (WASI_RIGHT_FD_WRITE | WASI_RIGHT_FD_ALLOCATE | WASI_RIGHT_FD_FILESTAT_SET_SIZE)

static const bsrt_embedded_node *node_at(const bsrt_embedded_dir *tree, uint32_t index) { return &tree->nodes[index]; }

/* ---- host descriptors ------------------------------------------------------------------------ */

/* A sealed memfd holding `size` bytes of `data`: read-only to anyone who gets it. */
static int sealed_memfd(const unsigned char *data, uint64_t size) {
    int fd = memfd_create("bs-aot-embedded", MFD_CLOEXEC | MFD_ALLOW_SEALING);
    if (fd < 0) return -1;
    for (uint64_t done = 0; done < size;) {
        ssize_t n = write(fd, data + done, size - done > (1u << 30) ? (1u << 30) : (size_t)(size - done));
        if (n <= 0) {
            int saved = n < 0 ? errno : EIO;
            close(fd);
            errno = saved;
            return -1;
        }
        done += (uint64_t)n;
    }
    if (lseek(fd, 0, SEEK_SET) < 0 ||
        fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE | F_SEAL_GROW | F_SEAL_SHRINK | F_SEAL_SEAL) != 0) {
        int saved = errno;
        close(fd);
        errno = saved;
        return -1;
    }
    return fd;
}

static uint8_t filetype_of(const bsrt_embedded_node *node) {
    switch (node->kind) {
    case BSRT_EMBEDDED_DIRECTORY: return WASI_FILETYPE_DIRECTORY;
    case BSRT_EMBEDDED_SYMLINK: return WASI_FILETYPE_SYMBOLIC_LINK;
    default: return WASI_FILETYPE_REGULAR_FILE;
    }
}

/* An entry for `node` with `rights` as far as its kind allows (a file is never writable; a
 * directory keeps its path rights, so that changes reach the read-only answers below). */
static uint32_t make_entry(const bsrt_embedded_dir *tree, uint32_t index, uint64_t rights, uint64_t inheriting,
                           bool cloexec, wasi_fd *out) {
    const bsrt_embedded_node *node = node_at(tree, index);
    bool directory = node->kind == BSRT_EMBEDDED_DIRECTORY;
    int host = directory ? sealed_memfd(NULL, 0) : sealed_memfd(node->data, node->size);
    if (host < 0) return bsrt_wasi_errno_from_host(errno);
    uint8_t filetype = filetype_of(node);
    uint64_t possible = directory ? WASI_RIGHTS_ALL & ~WASI_RIGHTS_FILE_DATA
                                  : WASI_RIGHTS_ALL & ~WASI_RIGHTS_DIRECTORY_ONLY & ~RIGHTS_NEEDING_WRITE &
                                        ~(WASI_RIGHT_SOCK_SHUTDOWN | WASI_RIGHT_SOCK_ACCEPT);
    *out = (wasi_fd){.host = host, .filetype = filetype, .rights_base = rights & possible,
                     .rights_inheriting = inheriting, .cloexec = cloexec};
    out->embedded.tree = tree;
    out->embedded.node = index;
    return WASI_ESUCCESS;
}

int wasi_embedded_preopen(const bsrt_wasi_config *config, uint32_t *next, char *error, size_t error_size) {
    for (size_t i = 0; i < config->embedded_count; i++, (*next)++) {
        const bsrt_embedded_dir *tree = &config->embedded[i];
        wasi_fd entry;
        uint32_t err = make_entry(tree, 0, WASI_RIGHTS_ALL, WASI_RIGHTS_ALL, false, &entry);
        if (err == WASI_ESUCCESS) {
            entry.preopen_name = (char *)tree->guest_path;
            err = wasi_fd_insert_preopen(*next, &entry);
            if (err != WASI_ESUCCESS) close(entry.host);
        }
        if (err != WASI_ESUCCESS) {
            snprintf(error, error_size, "cannot pre-open the embedded directory '%s' (WASI errno %u)",
                     tree->guest_path, (unsigned)err);
            return -1;
        }
    }
    return 0;
}

/* ---- lookups ---------------------------------------------------------------------------------- */

/* The child of directory `dir` named [name, name+len), or UINT32_MAX. */
static uint32_t child_named(const bsrt_embedded_dir *tree, uint32_t dir, const char *name, size_t len) {
    const bsrt_embedded_node *d = node_at(tree, dir);
    uint32_t low = d->first, high = d->first + d->count;
    while (low < high) {
        uint32_t middle = low + (high - low) / 2;
        const bsrt_embedded_node *n = node_at(tree, middle);
        size_t common = n->name_len < len ? n->name_len : len;
        int order = memcmp(tree->names + n->name, name, common);
        if (order == 0) order = n->name_len < len ? -1 : n->name_len > len ? 1 : 0;
        if (order == 0) return middle;
        if (order < 0) low = middle + 1;
        else high = middle;
    }
    return UINT32_MAX;
}

/* A resolved path: `node` when `found`, else the missing final name's directory `parent`. */
typedef struct embedded_path {
    bool found;
    bool must_be_dir;
    uint32_t node, parent;
} embedded_path;

typedef struct walker {
    const bsrt_embedded_dir *tree;
    size_t rest; /* the components still to walk are pending[rest, PENDING_SIZE) */
    unsigned links;
    uint32_t depth;
    uint32_t stack[DEPTH_MAX]; /* stack[depth - 1]: the directory walked to; stack[0]: the base */
    char pending[PENDING_SIZE];
} walker;

/* Puts a symlink's target in front of what is left to walk. */
static uint32_t splice_link(walker *w, const bsrt_embedded_node *link) {
    if (++w->links > SYMLINKS_MAX) return WASI_ELOOP;
    if (link->size == 0) return WASI_ENOENT;
    if (link->data[0] == '/') return WASI_EPERM;
    if (link->size > w->rest) return WASI_ENAMETOOLONG;
    w->rest -= (size_t)link->size;
    memcpy(w->pending + w->rest, link->data, (size_t)link->size);
    return WASI_ESUCCESS;
}

static uint32_t walk(walker *w, bool follow_final, embedded_path *out) {
    for (;;) {
        size_t i = w->rest;
        while (i < PENDING_SIZE && w->pending[i] == '/') i++;
        size_t start = i;
        while (i < PENDING_SIZE && w->pending[i] != '/') i++;
        size_t len = i - start, after = i;
        while (after < PENDING_SIZE && w->pending[after] == '/') after++;
        bool last = after == PENDING_SIZE, slash = last && i < PENDING_SIZE;
        const char *name = w->pending + start;
        w->rest = i;
        if (len > NAME_MAX_BYTES) return WASI_ENAMETOOLONG;
        uint32_t dir = w->stack[w->depth - 1];
        bool dot = len == 1 && name[0] == '.', dotdot = len == 2 && name[0] == '.' && name[1] == '.';
        if (dotdot) {
            if (w->depth == 1) return WASI_EPERM;
            w->depth--;
            dir = w->stack[w->depth - 1];
        }
        if (dot || dotdot) {
            if (last) {
                *out = (embedded_path){.found = true, .must_be_dir = slash, .node = dir, .parent = dir};
                return WASI_ESUCCESS;
            }
            continue;
        }
        uint32_t child = child_named(w->tree, dir, name, len);
        if (child == UINT32_MAX) {
            if (!last) return WASI_ENOENT;
            *out = (embedded_path){.found = false, .must_be_dir = slash, .parent = dir};
            return WASI_ESUCCESS;
        }
        const bsrt_embedded_node *node = node_at(w->tree, child);
        if (node->kind == BSRT_EMBEDDED_SYMLINK && (!last || follow_final)) {
            uint32_t err = splice_link(w, node);
            if (err != WASI_ESUCCESS) return err;
            continue;
        }
        if (last) {
            *out = (embedded_path){.found = true, .must_be_dir = slash, .node = child, .parent = dir};
            return WASI_ESUCCESS;
        }
        if (node->kind != BSRT_EMBEDDED_DIRECTORY) return WASI_ENOTDIR;
        if (w->depth == DEPTH_MAX) return WASI_ENAMETOOLONG;
        w->stack[w->depth++] = child;
    }
}

/* Resolves a guest path beneath the embedded directory `base` (lookup semantics: a trailing
 * '/' follows a final symlink, as path.c's resolve_lookup does). */
static uint32_t resolve(bsrt_memory *memory, const wasi_fd *base, uint64_t path, uint64_t path_len, bool follow_final,
                        embedded_path *out) {
    char text[GUEST_PATH_MAX + 1];
    uint32_t err = wasi_path_copy_string(memory, path, path_len, text, sizeof text);
    if (err != WASI_ESUCCESS) return err;
    if (text[0] == '/') return WASI_EPERM;
    walker *w = malloc(sizeof *w);
    if (w == NULL) return WASI_ENOMEM;
    w->tree = base->embedded.tree;
    w->rest = PENDING_SIZE - (size_t)path_len;
    memcpy(w->pending + w->rest, text, (size_t)path_len);
    w->links = 0;
    w->depth = 1;
    w->stack[0] = base->embedded.node;
    err = walk(w, follow_final, out);
    if (err == WASI_ESUCCESS && out->found && out->must_be_dir && !follow_final &&
        node_at(w->tree, out->node)->kind == BSRT_EMBEDDED_SYMLINK) {
        /* "link/": re-walk following the final link, as the kernel does for a lookup. */
        w->rest = PENDING_SIZE - (size_t)path_len;
        memcpy(w->pending + w->rest, text, (size_t)path_len);
        w->links = 0;
        w->depth = 1;
        err = walk(w, true, out);
    }
    free(w);
    return err;
}

/* ---- stat ------------------------------------------------------------------------------------- */

static void stat_of(const bsrt_embedded_dir *tree, uint32_t index, struct stat *st) {
    const bsrt_embedded_node *node = node_at(tree, index);
    const bsrt_wasi_config *config = bsrt_wasi_current_config();
    memset(st, 0, sizeof *st);
    st->st_dev = (dev_t)(0xb5a0u + (config->embedded ? (size_t)(tree - config->embedded) : 0));
    st->st_ino = (ino_t)index + 1;
    st->st_nlink = 1;
    switch (node->kind) {
    case BSRT_EMBEDDED_DIRECTORY:
        st->st_mode = S_IFDIR | 0555;
        st->st_size = 4096;
        st->st_nlink = 2;
        for (uint32_t c = node->first; c < node->first + node->count; c++)
            if (node_at(tree, c)->kind == BSRT_EMBEDDED_DIRECTORY) st->st_nlink++;
        break;
    case BSRT_EMBEDDED_SYMLINK:
        st->st_mode = S_IFLNK | 0777;
        st->st_size = (off_t)node->size;
        break;
    default:
        st->st_mode = S_IFREG | 0444;
        st->st_size = (off_t)node->size;
    }
    struct timespec t = {.tv_sec = (time_t)(node->mtime_ns / 1000000000), .tv_nsec = (long)(node->mtime_ns % 1000000000)};
    if (t.tv_nsec < 0) {
        t.tv_nsec += 1000000000;
        t.tv_sec--;
    }
    st->st_atim = st->st_mtim = st->st_ctim = t;
}

uint32_t wasi_embedded_fd_filestat(const wasi_fd *entry, struct stat *out) {
    stat_of(entry->embedded.tree, entry->embedded.node, out);
    return WASI_ESUCCESS;
}

uint32_t wasi_embedded_path_filestat(bsrt_memory *memory, const wasi_fd *base, uint32_t flags, uint64_t path,
                                     uint64_t path_len, struct stat *out) {
    embedded_path p;
    uint32_t err = resolve(memory, base, path, path_len, flags & WASI_LOOKUP_SYMLINK_FOLLOW, &p);
    if (err != WASI_ESUCCESS) return err;
    if (!p.found) return WASI_ENOENT;
    if (p.must_be_dir && node_at(base->embedded.tree, p.node)->kind != BSRT_EMBEDDED_DIRECTORY) return WASI_ENOTDIR;
    stat_of(base->embedded.tree, p.node, out);
    return WASI_ESUCCESS;
}

uint32_t wasi_embedded_readlink(bsrt_memory *memory, const wasi_fd *base, uint64_t path, uint64_t path_len,
                                char *target, size_t *target_len) {
    embedded_path p;
    uint32_t err = resolve(memory, base, path, path_len, false, &p);
    if (err != WASI_ESUCCESS) return err;
    if (!p.found) return WASI_ENOENT;
    const bsrt_embedded_node *node = node_at(base->embedded.tree, p.node);
    if (node->kind != BSRT_EMBEDDED_SYMLINK) return WASI_EINVAL; /* readlink(2) on anything else */
    if (node->size > 0 && node->data[0] == '/') return WASI_EPERM; /* as path.c: never revealed */
    size_t n = node->size < *target_len ? (size_t)node->size : *target_len;
    memcpy(target, node->data, n);
    *target_len = n;
    return WASI_ESUCCESS;
}

/* ---- path_open -------------------------------------------------------------------------------- */

uint32_t wasi_embedded_open(bsrt_memory *memory, const wasi_fd *base, uint32_t dirflags, uint64_t path,
                            uint64_t path_len, uint32_t oflags, uint64_t rights, uint64_t inheriting, bool cloexec,
                            uint32_t *out_fd) {
    if ((oflags & (WASI_OFLAG_CREAT | WASI_OFLAG_TRUNC)) || (rights & RIGHTS_NEEDING_WRITE))
        return WASI_EMBEDDED_READ_ONLY;
    embedded_path p;
    uint32_t err = resolve(memory, base, path, path_len, dirflags & WASI_LOOKUP_SYMLINK_FOLLOW, &p);
    if (err != WASI_ESUCCESS) return err;
    if (!p.found) return WASI_ENOENT;
    const bsrt_embedded_node *node = node_at(base->embedded.tree, p.node);
    if (node->kind == BSRT_EMBEDDED_SYMLINK) return WASI_ELOOP; /* O_NOFOLLOW, as path.c opens */
    bool directory = node->kind == BSRT_EMBEDDED_DIRECTORY;
    if (!directory && (p.must_be_dir || (oflags & WASI_OFLAG_DIRECTORY))) return WASI_ENOTDIR;
    wasi_fd entry;
    err = make_entry(base->embedded.tree, p.node, rights, inheriting, cloexec, &entry);
    if (err != WASI_ESUCCESS) return err;
    err = wasi_fd_insert_entry(&entry, 3, out_fd);
    if (err != WASI_ESUCCESS) close(entry.host);
    return err;
}

/* ---- fd_readdir ------------------------------------------------------------------------------- */

/* Entries as dir.c writes them: ".", "..", then the children in name order; the entry after
 * cookie n is the (n+1)th, and the last one may be cut at the end of the buffer. */
uint32_t wasi_embedded_readdir(const wasi_fd *entry, uint8_t *out, uint64_t buf_len, uint64_t cookie, uint64_t *used) {
    const bsrt_embedded_dir *tree = entry->embedded.tree;
    const bsrt_embedded_node *dir = node_at(tree, entry->embedded.node);
    uint64_t total = 2 + (uint64_t)dir->count, written = 0;
    for (uint64_t index = cookie; index < total && written < buf_len; index++) {
        uint32_t target;
        const char *name;
        size_t name_len;
        if (index < 2) {
            target = index == 0 ? entry->embedded.node : dir->parent;
            name = index == 0 ? "." : "..";
            name_len = (size_t)index + 1;
        } else {
            target = dir->first + (uint32_t)(index - 2);
            name = tree->names + node_at(tree, target)->name;
            name_len = node_at(tree, target)->name_len;
        }
        uint8_t record[DIRENT_HEADER_SIZE + NAME_MAX_BYTES + 1] = {0};
        bsrt_guest_write_u64(record + 0, index + 1);
        bsrt_guest_write_u64(record + 8, (uint64_t)target + 1);
        bsrt_guest_write_u32(record + 16, (uint32_t)name_len);
        bsrt_guest_write_u8(record + 20, filetype_of(node_at(tree, target)));
        memcpy(record + DIRENT_HEADER_SIZE, name, name_len);
        uint64_t size = DIRENT_HEADER_SIZE + name_len, room = buf_len - written;
        uint64_t n = size <= room ? size : room;
        memcpy(out + written, record, (size_t)n);
        written += n;
    }
    *used = written;
    return WASI_ESUCCESS;
}
