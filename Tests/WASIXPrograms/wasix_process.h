/*
 * wasix_process.h: the process imports (abi/wasix.md §3.3) and small helpers the process test
 * programs share (fork.c, exec.c, noexec.c): joining a child, reading a pipe to its end.
 */
#ifndef WASIX_PROCESS_H
#define WASIX_PROCESS_H

#include <stdbool.h>
#include <wasi/api.h>

#include "wasix_test.h"

typedef struct { uint8_t tag; uint32_t pid; } wx_option_pid;            /* 8 B: tag @0, pid @4 */
typedef struct { uint8_t tag; uint8_t pad; uint16_t code; uint8_t sig; uint8_t pad2; } wx_join_status; /* 6 B */
typedef struct { uint8_t tag; uint32_t fd; } wx_option_fd;
typedef struct { uint32_t pid; wx_option_fd in, out, err; } wx_process_handles;   /* 28 B */
typedef struct {
    uint8_t cmd;
    uint32_t fd, src_fd;
    const char *path;
    uint32_t path_len, dirflags;
    uint16_t oflags;
    uint64_t rights_base, rights_inheriting;
    uint16_t fdflags, fdflagsext;
} wx_fd_op; /* 56 B */
typedef struct { uint8_t sig, disp; } wx_signal_disposition;

_Static_assert(sizeof(wx_option_pid) == 8, "option_pid_t");
_Static_assert(sizeof(wx_join_status) == 6, "join_status_t");
_Static_assert(sizeof(wx_process_handles) == 28, "process_handles_t");
_Static_assert(sizeof(wx_fd_op) == 56 && __builtin_offsetof(wx_fd_op, rights_base) == 32 &&
                   __builtin_offsetof(wx_fd_op, fdflags) == 48, "proc_spawn_fd_op_t");

enum { JOIN_NOTHING = 0, JOIN_EXIT_NORMAL = 1, JOIN_EXIT_SIGNAL = 2, JOIN_STOPPED = 3 };
enum { JOIN_NON_BLOCKING = 1, JOIN_WAKE_STOPPED = 2 };
enum { OP_CLOSE = 0, OP_DUP2 = 1, OP_OPEN = 2, OP_CHDIR = 3, OP_FCHDIR = 4 };
enum { STDIO_PIPED = 0, STDIO_INHERIT = 1, STDIO_NULL = 2 };

WASIX_IMPORT(proc_fork) int32_t wx_proc_fork(uint32_t copy_memory, uint32_t *ret_pid);
WASIX_IMPORT(proc_fork_env) int32_t wx_proc_fork_env(uint32_t *ret_pid);
WASIX_IMPORT(proc_join) int32_t wx_proc_join(wx_option_pid *pid, uint32_t flags, wx_join_status *status);
WASIX_IMPORT(proc_id) int32_t wx_proc_id(uint32_t *ret_pid);
WASIX_IMPORT(proc_parent) int32_t wx_proc_parent(uint32_t pid, uint32_t *ret_parent);
WASIX_IMPORT(proc_signal) int32_t wx_proc_signal(uint32_t pid, uint32_t sig);
WASIX_IMPORT(proc_exit2) void wx_proc_exit2(uint32_t code);
WASIX_IMPORT(proc_snapshot) int32_t wx_proc_snapshot(void);
WASIX_IMPORT(proc_exec) void wx_proc_exec(const char *name, uint32_t name_len, const char *args, uint32_t args_len);
WASIX_IMPORT(proc_exec2)
void wx_proc_exec2(const char *name, uint32_t name_len, const char *args, uint32_t args_len, const char *envs,
                   uint32_t envs_len);
WASIX_IMPORT(proc_exec3)
int32_t wx_proc_exec3(const char *name, uint32_t name_len, const char *args, uint32_t args_len, const char *envs,
                      uint32_t envs_len, uint32_t search_path, const char *path, uint32_t path_len);
WASIX_IMPORT(proc_exec4)
int32_t wx_proc_exec4(const char *name, uint32_t name_len, const char *const *argv, uint32_t argc,
                      const char *const *envp, uint32_t envc, uint32_t search_path, const char *path,
                      uint32_t path_len);
WASIX_IMPORT(proc_spawn)
int32_t wx_proc_spawn(const char *name, uint32_t name_len, uint32_t chroot, const char *args, uint32_t args_len,
                      const char *preopen, uint32_t preopen_len, uint32_t stdin_mode, uint32_t stdout_mode,
                      uint32_t stderr_mode, const char *working_dir, uint32_t working_dir_len,
                      wx_process_handles *ret_handles);
WASIX_IMPORT(proc_spawn2)
int32_t wx_proc_spawn2(const char *name, uint32_t name_len, const char *args, uint32_t args_len, const char *envs,
                       uint32_t envs_len, const wx_fd_op *fd_ops, uint32_t fd_ops_len,
                       const wx_signal_disposition *signals, uint32_t signals_len, uint32_t search_path,
                       const char *path, uint32_t path_len, uint32_t *ret_pid);
WASIX_IMPORT(proc_spawn3)
int32_t wx_proc_spawn3(const char *name, uint32_t name_len, const char *const *argv, uint32_t argc,
                       const char *const *envp, uint32_t envc, const wx_fd_op *fd_ops, uint32_t fd_ops_len,
                       const wx_signal_disposition *signals, uint32_t signals_len, uint32_t search_path,
                       const char *path, uint32_t path_len, uint32_t *ret_pid);
WASIX_IMPORT(fd_pipe) int32_t wx_fd_pipe(uint32_t *ret_read, uint32_t *ret_write);
WASIX_IMPORT(fd_renumber) int32_t wx_fd_renumber(uint32_t from, uint32_t to);

/* Blocks until `pid` ends; its status (tag 0xff when the join itself failed). */
static wx_join_status join(uint32_t pid) {
    wx_option_pid p = {.tag = 1, .pid = pid};
    wx_join_status st = {.tag = 0xff};
    if (wx_proc_join(&p, 0, &st) != 0 || p.tag != 1 || p.pid != pid) st.tag = 0xff;
    return st;
}

/* Reads fd to its end (or len-1 bytes) into buf, NUL-terminated; closes fd. */
static size_t read_all(uint32_t fd, char *buf, size_t len) {
    size_t total = 0;
    for (;;) {
        __wasi_iovec_t iov = {.buf = (uint8_t *)buf + total, .buf_len = len - 1 - total};
        size_t got = 0;
        if (total + 1 >= len || __wasi_fd_read(fd, &iov, 1, &got) != 0 || got == 0) break;
        total += got;
    }
    buf[total] = '\0';
    (void)__wasi_fd_close(fd);
    return total;
}

static void write_str(uint32_t fd, const char *s) {
    __wasi_ciovec_t iov = {.buf = (const uint8_t *)s, .buf_len = strlen(s)};
    size_t written;
    (void)__wasi_fd_write(fd, &iov, 1, &written);
}

#define S(literal) literal, (uint32_t)(sizeof(literal) - 1)

#endif
