/*
 * wasi_internal.h: what the WASI source files share, private to runtime-c/src/wasi/.
 *
 * The descriptor table (fdtable.c): guest descriptors are indices into a table of host
 * descriptors, never host numbers themselves, so a guest can only reach what was granted
 * (stdio, the pre-opened directories, sockets the host handed in, and what it opened from
 * those). Each entry carries the WASI rights the guest holds on it; every call checks the
 * rights it needs with wasi_fd_lookup before touching the host descriptor.
 *
 * Path resolution (resolve.c): a guest path is resolved beneath a directory entry, one
 * component at a time, with openat(O_NOFOLLOW) on descriptors the runtime holds, so that no
 * `..`, absolute path or symlink (including one the guest made) leads outside the grant.
 *
 * Thread-safe: the descriptor table has a lock (fdtable.c), fd_readdir's resume points another
 * (dir.c); the rest is set once at start-up or lives on the caller's stack.
 */
#ifndef BSRT_WASI_INTERNAL_H
#define BSRT_WASI_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <time.h>

#include "../bsrt_internal.h"
#include "../guest.h"
#include "bsrt_wasi.h"
#include "wasi_abi.h"

/* ---- descriptor table (fdtable.c) ---------------------------------------------------------- */

typedef struct wasi_fd {
    int host;                   /* host descriptor; -1 marks a free slot */
    uint8_t filetype;           /* WASI filetype, fixed when the entry is made */
    uint64_t rights_base;       /* rights on this descriptor */
    uint64_t rights_inheriting; /* rights descriptors opened through this one may get */
    char *preopen_name;         /* guest path of a pre-opened directory (owned), else NULL */
    /* The guest's FD_CLOEXEC (WASIX fdflagsext CLOEXEC), for proc_exec* to honour. The host
     * descriptor itself is always O_CLOEXEC: the runtime's exec decides what a new program
     * inherits, never the kernel. */
    bool cloexec;
    /* An entry of an embedded tree (embedded.c): `tree` is NULL for everything else. Its host
     * descriptor is a sealed memfd (a file's contents, or empty for a directory), so the calls
     * on an open descriptor work unchanged; directory and path calls go to embedded.c. */
    struct {
        const bsrt_embedded_dir *tree;
        uint32_t node;
    } embedded;
} wasi_fd;

/* A copy of the entry for guest fd holding every right in `required`: BADF when fd is not
 * open, NOTCAPABLE when a right is missing. Every function here is safe to call from several
 * threads at once (the table has one lock, never held across a blocking call). */
uint32_t wasi_fd_lookup(uint32_t fd, uint64_t required, wasi_fd *out);
/* Replaces the rights of an open entry (fd_fdstat_set_rights checked they only shrink). */
uint32_t wasi_fd_set_rights(uint32_t fd, uint64_t rights_base, uint64_t rights_inheriting);
/* Enters an open host descriptor under the lowest free guest number (3 or more); on success
 * the table owns `host`, on failure (EMFILE/ENOMEM) the caller still does. */
uint32_t wasi_fd_insert(int host, uint8_t filetype, uint64_t rights_base, uint64_t rights_inheriting,
                        uint32_t *out_fd);
/* Enters a host descriptor under exactly guest number `fd`, which must be free. */
uint32_t wasi_fd_insert_at(uint32_t fd, int host, uint8_t filetype, uint64_t rights_base,
                           uint64_t rights_inheriting);
/* Enters a descriptor the process already has under guest number `fd` (stdio and handed-in
 * sockets at start-up; tests): rights are what its type and access mode allow. */
uint32_t wasi_fd_adopt(uint32_t fd, int host);
/* Closes the host descriptor and frees the guest number. */
uint32_t wasi_fd_remove(uint32_t fd);
/* Enters `entry` (host descriptor, filetype, rights, cloexec; its preopen_name is ignored)
 * under the lowest free guest number >= min; ownership of the host descriptor as for
 * wasi_fd_insert. */
uint32_t wasi_fd_insert_entry(const wasi_fd *entry, uint32_t min, uint32_t *out_fd);
/* Makes guest `to` a copy of guest `from` (dup2 semantics: `from` stays open; an open `to`
 * is closed first; `to` need not be open). A pre-opened `to` is replaced too and is no longer
 * a pre-open. The copy's cloexec is clear, as dup2's is. */
uint32_t wasi_fd_copy(uint32_t from, uint32_t to);
/* Moves guest `from` to `to` (preview1's fd_renumber): `to` is closed and replaced by `from`,
 * whose number is freed. Both must be open (BADF otherwise, as wasmtime answers); from == to
 * is success and changes nothing. A pre-opened `to` stops being a pre-open; a pre-opened
 * `from` stays one under its new number. */
uint32_t wasi_fd_move(uint32_t from, uint32_t to);
/* A duplicate of guest `from` (a new host descriptor on the same open file, so offsets are
 * shared) under the lowest free guest number >= min, with the given cloexec: fcntl's
 * F_DUPFD / F_DUPFD_CLOEXEC. Not a pre-open. BADF if `from` is not open, INVAL for a min past
 * the table's limit (2^20), MFILE if no number >= min is left. */
uint32_t wasi_fd_duplicate(uint32_t from, uint32_t min, bool cloexec, uint32_t *out_fd);
/* Sets the guest-visible close-on-exec flag of an open entry (BADF if not open). */
uint32_t wasi_fd_set_cloexec(uint32_t fd, bool cloexec);

/* A malloc'ed copy of the whole table (free slots have host -1), its length in *count; NULL
 * when out of memory. For proc_exec/proc_spawn, which give a new program the guest's
 * descriptors, and proc_fork_env, which saves the table to restore it. */
wasi_fd *wasi_fd_table_copy(uint32_t *count);
/* Installs `table` (malloc'ed, `count` entries, owned by the table from now on) in place of the
 * current one, which is returned (with its length in *old_count) for the caller to close and
 * free: proc_fork_env's restore of the parent's descriptors. */
wasi_fd *wasi_fd_table_replace(wasi_fd *table, uint32_t count, uint32_t *old_count);

/* The WASI filetype of a host descriptor with the given st_mode (sockets by SO_TYPE). */
uint8_t wasi_filetype_of(int host, mode_t mode);
/* The rights a descriptor of that filetype can meaningfully hold: no directory rights on a
 * file, no file-data rights on a directory, no seek/tell where lseek fails. */
uint64_t wasi_rights_possible(int host, uint8_t filetype);

/* Enters a pre-opened directory `entry` (its preopen_name copied and kept) under exactly guest
 * number `fd`, which must be free. */
uint32_t wasi_fd_insert_preopen(uint32_t fd, const wasi_fd *entry);

/* ---- embedded trees (embedded.c) -------------------------------------------------------- */

/* Enters config->embedded[i] as pre-opens from *next on (advancing it); -1 with a message in
 * `error` when out of memory or descriptors. */
int wasi_embedded_preopen(const bsrt_wasi_config *config, uint32_t *next, char *error, size_t error_size);
/* The calls whose directory (or, for fd_filestat_*, whose descriptor) is embedded; arguments
 * as the WASI call's, checked by the caller up to the point where the host call would be. */
uint32_t wasi_embedded_open(bsrt_memory *memory, const wasi_fd *base, uint32_t dirflags, uint64_t path,
                            uint64_t path_len, uint32_t oflags, uint64_t rights, uint64_t inheriting, bool cloexec,
                            uint32_t *out_fd);
uint32_t wasi_embedded_path_filestat(bsrt_memory *memory, const wasi_fd *base, uint32_t flags, uint64_t path,
                                     uint64_t path_len, struct stat *out);
uint32_t wasi_embedded_fd_filestat(const wasi_fd *entry, struct stat *out);
uint32_t wasi_embedded_readlink(bsrt_memory *memory, const wasi_fd *base, uint64_t path, uint64_t path_len,
                                char *target, size_t *target_len);
uint32_t wasi_embedded_readdir(const wasi_fd *entry, uint8_t *out, uint64_t buf_len, uint64_t cookie, uint64_t *used);
/* What every change through an embedded directory or to an embedded file answers (path_open
 * creating, truncating or asking to write; mkdir, unlink, rmdir, rename, link, symlink,
 * set_times), before its path is looked at: wasmtime's answer for a read-only pre-open. */
#define WASI_EMBEDDED_READ_ONLY WASI_EPERM

/* ---- paths (resolve.c) ------------------------------------------------------------------- */

/* A guest path resolved to "entry `name` in host directory `dir`". `dir` is owned by the
 * resolution when `owns_dir`; release it with wasi_path_release. `name` is never empty and
 * has no '/' (it is "." when the path names the directory itself). `must_be_dir` is set when
 * the guest path ended in '/'. */
typedef struct wasi_path {
    int dir;
    bool owns_dir;
    bool must_be_dir;
    char name[256];
} wasi_path;

/* Resolves guest path bytes [path, path+path_len) beneath the directory entry `base`.
 * follow_final: a symlink as the last component is followed (within the grant).
 * A trailing '/' sets must_be_dir and does not by itself follow a final symlink; the caller
 * checks directory-ness (callers that look the entry up re-resolve with follow_final).
 * Errors: FAULT (bad pointer), NOENT (empty path), INVAL (contains NUL), ILSEQ (not UTF-8),
 * NAMETOOLONG (over 4095 bytes, or a component over 255), PERM (the path would leave the
 * grant: absolute, `..` above the base, or a symlink doing either), LOOP (more than 40
 * symlinks), NOTDIR, and host errors. These are wasmtime's answers in the same cases. */
uint32_t wasi_path_resolve(bsrt_memory *memory, const wasi_fd *base, uint64_t path, uint64_t path_len,
                           bool follow_final, wasi_path *out);
void wasi_path_release(wasi_path *resolved);
/* Copies a guest string (a symlink's contents) into `out` as a NUL-terminated C string, with
 * the checks wasi_path_resolve makes on a path: FAULT, NOENT (empty), INVAL (NUL), ILSEQ,
 * NAMETOOLONG (over 4095 bytes or not fitting out_size). */
uint32_t wasi_path_copy_string(bsrt_memory *memory, uint64_t ptr, uint64_t len, char *out, size_t out_size);

/* ---- opening (path.c) ------------------------------------------------------------------- */

/* preview1's path_open, with the guest's close-on-exec flag for the new entry: WASIX's
 * path_open2 passes fdflagsext CLOEXEC, path_open passes false. Writes the new guest number
 * (a u32) at ret_fd on success. */
uint32_t wasi_path_open(bsrt_instance *self, uint32_t fd, uint32_t dirflags, uint64_t path, uint64_t path_len,
                        uint32_t oflags, uint64_t rights_base, uint64_t rights_inheriting, uint32_t fdflags,
                        bool cloexec, uint64_t ret_fd);

/* ---- shared struct writers (filestat.c) --------------------------------------------------- */

/* Writes a preview1 filestat (64 bytes, §4.4) or a preview0 one (56 bytes, u32 nlink). */
void wasi_write_filestat(uint8_t *out, const struct stat *st, uint8_t filetype);
void wasi_write_filestat_preview0(uint8_t *out, const struct stat *st, uint8_t filetype);
#define WASI_FILESTAT_SIZE 64u
#define WASI_FILESTAT_PREVIEW0_SIZE 56u
/* The WASI filetype for an st_mode when no descriptor is at hand (sockets as STREAM is not
 * knowable here: UNKNOWN for them). */
uint8_t wasi_filetype_of_mode(mode_t mode);
/* Converts fd_filestat_set_times/path_filestat_set_times arguments to utimensat's pair:
 * INVAL when both ATIM and ATIM_NOW (or both MTIM and MTIM_NOW) are set. */
uint32_t wasi_times_from_fstflags(uint64_t atim, uint64_t mtim, uint32_t fst_flags, struct timespec times[2]);

/* ---- guest I/O vectors (fd.c) ------------------------------------------------------------ */

#define WASI_SMALL_IOVS 16
/* Host iovecs for a guest {buf, buf_len} array (pointer-size fields: see guest.h). Vectors this short live in `small`;
 * longer ones (rare) are allocated. */
typedef struct wasi_iovs {
    struct iovec small[WASI_SMALL_IOVS];
    struct iovec *v;
    int count;
} wasi_iovs;
/* Checks the array and every buffer against memory (FAULT), then fills `out`; more than
 * IOV_MAX entries are cut to IOV_MAX, a short transfer the guest's libc already handles. */
uint32_t wasi_iovs_gather(bsrt_memory *memory, uint64_t iovs, uint64_t iovs_len, wasi_iovs *out);
void wasi_iovs_release(wasi_iovs *list);

/* ---- sockets (sock.c; shared with ../wasix/sock.c) ---------------------------------------- */

/* What a connection may do: its bytes, its flags and stat, polling and shutdown. The set
 * wasi-common gave (READ, WRITE, FDSTAT_SET_FLAGS, FILESTAT_GET, POLL_READWRITE) plus
 * SOCK_SHUTDOWN, without which the guest could not shut down its own connection. */
#define WASI_CONNECTION_RIGHTS                                                                 \
    (WASI_RIGHT_FD_READ | WASI_RIGHT_FD_WRITE | WASI_RIGHT_FD_FDSTAT_SET_FLAGS |                 \
     WASI_RIGHT_FD_FILESTAT_GET | WASI_RIGHT_POLL_FD_READWRITE | WASI_RIGHT_SOCK_SHUTDOWN)
/* A socket the guest made itself (WASIX sock_open/sock_pair): a connection that may also
 * become a listener. */
#define WASI_SOCKET_RIGHTS (WASI_CONNECTION_RIGHTS | WASI_RIGHT_SOCK_ACCEPT)

/* The entry for a socket holding `required`: BADF, NOTSOCK or NOTCAPABLE otherwise. */
uint32_t wasi_socket_lookup(uint32_t fd, uint64_t required, wasi_fd *out);
/* accept4 on the listening socket guest `fd` (which needs SOCK_ACCEPT); the connection gets
 * the lowest free guest number and WASI_CONNECTION_RIGHTS. When `peer` is not NULL the peer's
 * address is stored there and its length in *peer_len. */
uint32_t wasi_socket_accept(uint32_t fd, bool nonblock, struct sockaddr_storage *peer, socklen_t *peer_len,
                            uint32_t *out_fd);
/* One recvmsg on host socket `host` into `list` with host MSG_* flags; `from` (may be NULL)
 * receives the sender's address, *from_len its length (0 when the socket reports none).
 * *roflags gets RECV_DATA_TRUNCATED when a datagram was longer than the buffers. */
uint32_t wasi_socket_recv(int host, const wasi_iovs *list, int host_flags, struct sockaddr_storage *from,
                          socklen_t *from_len, size_t *nread, uint16_t *roflags);
/* One sendmsg (never raising SIGPIPE) to `to` (NULL: the connected peer). */
uint32_t wasi_socket_send(int host, const wasi_iovs *list, int host_flags, const struct sockaddr *to,
                          socklen_t to_len, size_t *nwritten);

/* ---- arguments and environment (args.c) ------------------------------------------------ */

/* The guest's environment as bsrt_wasi_set_environ installed it: a NULL-terminated vector of
 * "KEY=VALUE" strings (never NULL; not a copy). What proc_exec and proc_spawn pass on when the
 * guest asks to inherit its environment. */
char *const *wasi_guest_environ(void);

#endif /* BSRT_WASI_INTERNAL_H */
