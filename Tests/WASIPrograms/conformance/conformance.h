/* conformance.h: what the conformance programs share (see README.md beside it).
 *
 * Each program checks, through raw WASI preview1 calls (wasi/api.h), the behaviours one area
 * of the public WASI test suite (WebAssembly/wasi-testsuite) expects, and prints one line per
 * scenario: `ok <scenario>` when every check of it held, else one
 * `FAIL <scenario>: <what>: got X expected Y` per failed check (checks go on after a failure).
 * The exit status is 1 when anything failed, 0 otherwise.
 *
 * argv[1] is the guest name of the scratch directory the program may fill (granted with
 * `--dir HOST::NAME`); every scenario works in a subdirectory of its own and removes it.
 * Built for wasm32-wasi only: python3 -m ziglang cc --target=wasm32-wasi -O2 prog.c -o prog.wasm */
#ifndef CONFORMANCE_H
#define CONFORMANCE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wasi/api.h>

/* ---- reporting ---------------------------------------------------------------------------- */

static const char *current_scenario = "";
static int scenario_failures;
static int total_failures;

static inline void begin(const char *scenario) {
    current_scenario = scenario;
    scenario_failures = 0;
}

static inline void end(void) {
    if (scenario_failures == 0) printf("ok %s\n", current_scenario);
    fflush(stdout);
}

static inline void fail(const char *what, const char *format, ...) {
    va_list args;
    va_start(args, format);
    printf("FAIL %s: %s: ", current_scenario, what);
    vprintf(format, args);
    printf("\n");
    fflush(stdout); /* a scenario may take stdout away next (fd_renumber onto it) */
    va_end(args);
    scenario_failures++;
    total_failures++;
}

/* The program's exit status: 1 when any check failed. */
static inline int finish(void) {
    fflush(stdout);
    return total_failures == 0 ? 0 : 1;
}

/* preview1's errno names, indexed by value (witx `errno`). */
static const char *const errno_names[] = {
    "SUCCESS", "2BIG", "ACCES", "ADDRINUSE", "ADDRNOTAVAIL", "AFNOSUPPORT", "AGAIN", "ALREADY", "BADF",
    "BADMSG", "BUSY", "CANCELED", "CHILD", "CONNABORTED", "CONNREFUSED", "CONNRESET", "DEADLK",
    "DESTADDRREQ", "DOM", "DQUOT", "EXIST", "FAULT", "FBIG", "HOSTUNREACH", "IDRM", "ILSEQ", "INPROGRESS",
    "INTR", "INVAL", "IO", "ISCONN", "ISDIR", "LOOP", "MFILE", "MLINK", "MSGSIZE", "MULTIHOP",
    "NAMETOOLONG", "NETDOWN", "NETRESET", "NETUNREACH", "NFILE", "NOBUFS", "NODEV", "NOENT", "NOEXEC",
    "NOLCK", "NOLINK", "NOMEM", "NOMSG", "NOPROTOOPT", "NOSPC", "NOSYS", "NOTCONN", "NOTDIR", "NOTEMPTY",
    "NOTRECOVERABLE", "NOTSOCK", "NOTSUP", "NOTTY", "NXIO", "OVERFLOW", "OWNERDEAD", "PERM", "PIPE",
    "PROTO", "PROTONOSUPPORT", "PROTOTYPE", "RANGE", "ROFS", "SPIPE", "SRCH", "STALE", "TIMEDOUT",
    "TXTBSY", "XDEV", "NOTCAPABLE",
};
_Static_assert(sizeof errno_names / sizeof errno_names[0] == __WASI_ERRNO_NOTCAPABLE + 1, "errno table");

static inline const char *errno_name(unsigned error) {
    return error < sizeof errno_names / sizeof errno_names[0] ? errno_names[error] : "(unknown)";
}

/* Passes when `got` is one of the errnos listed (terminated by -1); returns whether it did. */
static inline bool expect_errno_in(const char *what, __wasi_errno_t got, const int *expected) {
    for (const int *e = expected; *e >= 0; e++)
        if (got == *e) return true;
    char list[256] = "";
    for (const int *e = expected; *e >= 0; e++) {
        if (e != expected) strncat(list, " or ", sizeof list - strlen(list) - 1);
        strncat(list, errno_name((unsigned)*e), sizeof list - strlen(list) - 1);
    }
    fail(what, "got %s expected %s", errno_name(got), list);
    return false;
}

/* EXPECT_ERRNO(what, call, E1, E2...): the call's errno is one of E1, E2... */
#define EXPECT_ERRNO(what, got, ...) expect_errno_in((what), (got), (const int[]){__VA_ARGS__, -1})
/* OK(what, call): the call succeeds; the value says whether it did. */
#define OK(what, got) EXPECT_ERRNO((what), (got), __WASI_ERRNO_SUCCESS)

static inline bool expect_u64(const char *what, uint64_t got, uint64_t expected) {
    if (got == expected) return true;
    fail(what, "got %llu expected %llu", (unsigned long long)got, (unsigned long long)expected);
    return false;
}

static inline bool expect_true(const char *what, bool condition) {
    if (!condition) fail(what, "got false expected true");
    return condition;
}

/* ---- directories -------------------------------------------------------------------------- */

/* The rights a scenario's own directory is opened with: every path right, and for what is
 * opened through it, every right on files (the sets the suite's helpers use). */
#define DIR_BASE_RIGHTS                                                                              \
    (__WASI_RIGHTS_FD_FILESTAT_GET | __WASI_RIGHTS_FD_READDIR | __WASI_RIGHTS_PATH_CREATE_FILE |       \
     __WASI_RIGHTS_PATH_CREATE_DIRECTORY | __WASI_RIGHTS_PATH_REMOVE_DIRECTORY | __WASI_RIGHTS_PATH_OPEN | \
     __WASI_RIGHTS_PATH_UNLINK_FILE | __WASI_RIGHTS_PATH_LINK_SOURCE | __WASI_RIGHTS_PATH_LINK_TARGET |    \
     __WASI_RIGHTS_PATH_READLINK | __WASI_RIGHTS_PATH_RENAME_SOURCE | __WASI_RIGHTS_PATH_RENAME_TARGET |  \
     __WASI_RIGHTS_PATH_FILESTAT_GET | __WASI_RIGHTS_PATH_FILESTAT_SET_SIZE |                            \
     __WASI_RIGHTS_PATH_FILESTAT_SET_TIMES | __WASI_RIGHTS_PATH_SYMLINK)
#define DIR_INHERITING_RIGHTS                                                                        \
    (__WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_WRITE | __WASI_RIGHTS_FD_READDIR |                        \
     __WASI_RIGHTS_FD_FILESTAT_GET | __WASI_RIGHTS_FD_SEEK | __WASI_RIGHTS_PATH_LINK_SOURCE |            \
     __WASI_RIGHTS_PATH_LINK_TARGET | __WASI_RIGHTS_PATH_OPEN | __WASI_RIGHTS_PATH_UNLINK_FILE |         \
     __WASI_RIGHTS_PATH_FILESTAT_GET | __WASI_RIGHTS_FD_FDSTAT_SET_FLAGS | __WASI_RIGHTS_FD_SYNC |      \
     __WASI_RIGHTS_FD_TELL | __WASI_RIGHTS_FD_ADVISE | __WASI_RIGHTS_FD_ALLOCATE |                      \
     __WASI_RIGHTS_FD_FILESTAT_SET_SIZE | __WASI_RIGHTS_FD_FILESTAT_SET_TIMES)

/* The pre-opened directory whose guest name is `name`, or -1. */
static inline int find_preopen(const char *name) {
    for (__wasi_fd_t fd = 3;; fd++) {
        __wasi_prestat_t prestat;
        if (__wasi_fd_prestat_get(fd, &prestat) != __WASI_ERRNO_SUCCESS) return -1;
        if (prestat.tag != __WASI_PREOPENTYPE_DIR) continue;
        size_t len = prestat.u.dir.pr_name_len;
        char found[256];
        if (len >= sizeof found || __wasi_fd_prestat_dir_name(fd, (uint8_t *)found, len) != 0) continue;
        if (len == strlen(name) && memcmp(found, name, len) == 0) return (int)fd;
    }
}

/* A new descriptor on the pre-opened directory `preopen`, with the rights it has. */
static inline __wasi_fd_t reopen_directory(__wasi_fd_t preopen) {
    __wasi_fdstat_t stat;
    __wasi_fd_t fd = 0;
    if (__wasi_fd_fdstat_get(preopen, &stat) != 0 ||
        __wasi_path_open(preopen, 0, ".", __WASI_OFLAGS_DIRECTORY, stat.fs_rights_base, stat.fs_rights_inheriting,
                         0, &fd) != 0) {
        printf("FAIL setup: cannot open the pre-opened directory %d\n", (int)preopen);
        exit(1);
    }
    return fd;
}

/* The scratch directory named on the command line, opened afresh (the pre-opened descriptor
 * itself is left alone), or exit 1. */
static inline __wasi_fd_t open_scratch(int argc, char **argv) {
    if (argc < 2) {
        printf("FAIL setup: usage: %s <scratch directory name>\n", argc > 0 ? argv[0] : "program");
        exit(1);
    }
    int preopen = find_preopen(argv[1]);
    if (preopen < 0) {
        printf("FAIL setup: no pre-opened directory named '%s'\n", argv[1]);
        exit(1);
    }
    return reopen_directory((__wasi_fd_t)preopen);
}

/* Creates directory `name` under `dir` and opens it with DIR_BASE_RIGHTS/DIR_INHERITING_RIGHTS,
 * or exits 1. */
static inline __wasi_fd_t make_directory(__wasi_fd_t dir, const char *name) {
    __wasi_fd_t fd = 0;
    if (__wasi_path_create_directory(dir, name) != 0 ||
        __wasi_path_open(dir, 0, name, __WASI_OFLAGS_DIRECTORY, DIR_BASE_RIGHTS, DIR_INHERITING_RIGHTS, 0, &fd) !=
            0) {
        printf("FAIL setup: cannot make the directory %s\n", name);
        exit(1);
    }
    return fd;
}

/* Closes a scenario's directory and removes it (it must be empty by then). */
static inline void remove_directory(__wasi_fd_t scratch, __wasi_fd_t dir, const char *name) {
    OK("closing the scenario's directory", __wasi_fd_close(dir));
    OK("removing the scenario's directory", __wasi_path_remove_directory(scratch, name));
}

/* Creates an empty file `name` (no rights asked for), closing it again. */
static inline bool make_file(__wasi_fd_t dir, const char *name) {
    __wasi_fd_t fd = 0;
    if (!OK("creating a file", __wasi_path_open(dir, 0, name, __WASI_OFLAGS_CREAT, 0, 0, 0, &fd))) return false;
    expect_true("the new descriptor is above stdio", fd > 2);
    return OK("closing a new file", __wasi_fd_close(fd));
}

/* Opens `path` under `dir` with no rights and closes it again: the errno of the open. */
static inline __wasi_errno_t try_open(__wasi_fd_t dir, __wasi_lookupflags_t follow, const char *path,
                                      __wasi_oflags_t oflags) {
    __wasi_fd_t fd = 0;
    __wasi_errno_t e = __wasi_path_open(dir, follow, path, oflags, 0, 0, 0, &fd);
    if (e == 0) {
        expect_true("the new descriptor is above stdio", fd > 2);
        OK("close", __wasi_fd_close(fd));
    }
    return e;
}

/* The fdstat of `fd` (zeros, and a FAIL line, when fd_fdstat_get fails). */
static inline __wasi_fdstat_t fdstat_of(__wasi_fd_t fd) {
    __wasi_fdstat_t stat = {0};
    OK("fd_fdstat_get", __wasi_fd_fdstat_get(fd, &stat));
    return stat;
}

/* ---- byte transfers on one buffer --------------------------------------------------------- */

static inline __wasi_errno_t write_some(__wasi_fd_t fd, const void *bytes, size_t len, size_t *done) {
    __wasi_ciovec_t iov = {.buf = bytes, .buf_len = len};
    return __wasi_fd_write(fd, &iov, 1, done);
}

static inline __wasi_errno_t read_some(__wasi_fd_t fd, void *bytes, size_t len, size_t *done) {
    __wasi_iovec_t iov = {.buf = bytes, .buf_len = len};
    return __wasi_fd_read(fd, &iov, 1, done);
}

static inline __wasi_errno_t pwrite_some(__wasi_fd_t fd, const void *bytes, size_t len, uint64_t at, size_t *done) {
    __wasi_ciovec_t iov = {.buf = bytes, .buf_len = len};
    return __wasi_fd_pwrite(fd, &iov, 1, at, done);
}

static inline __wasi_errno_t pread_some(__wasi_fd_t fd, void *bytes, size_t len, uint64_t at, size_t *done) {
    __wasi_iovec_t iov = {.buf = bytes, .buf_len = len};
    return __wasi_fd_pread(fd, &iov, 1, at, done);
}

#endif /* CONFORMANCE_H */
