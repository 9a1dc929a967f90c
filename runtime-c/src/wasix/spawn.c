/*
 * wasix/spawn.c: proc_spawn, proc_spawn2, proc_spawn3 (posix_spawn of a HOST program).
 *
 * All need --allow-exec (NOTCAPABLE without). The program, its arguments and environment are
 * read as for exec (exec.c). The child is a fork() of this process that installs the guest's
 * descriptors as its own (guest N = host N, close-on-exec ones dropped), applies the fd
 * actions, the signal dispositions, then execve's. A close-on-exec pipe reports a failure in
 * the child (an action or execve) as an errno: the call then reaps the child and returns that
 * errno, so ret_pid is only written for a program that really started (glibc's posix_spawn
 * gives the same guarantee; Wasmer writes the pid before loading the program).
 *
 * fd actions (proc_spawn2/3, abi/wasix.md §4.10) run in order in the child: CLOSE (EBADF is
 * ignored, as glibc does), DUP2 (POSIX dup2; src == fd clears close-on-exec), OPEN, CHDIR,
 * FCHDIR. OPEN and CHDIR name GUEST paths, which the parent resolves before the fork, inside
 * the grants: an absolute path beneath the pre-opened directory with the longest matching
 * name, a relative one beneath the pre-open named "." (the guest's libc resolves its own
 * relative paths the same way); a path outside every grant is NOTCAPABLE. Unlike Wasmer,
 * CLOSE also closes pre-opened directories: a host program has no use for the guest's grants
 * as such, only as the descriptors it asked for.
 *
 * proc_spawn (the old call): chroot is NOTSUP; `preopen` is ignored (a host program sees the
 * host's file system); working_dir is a guest path resolved as CHDIR's; the name is searched
 * in the guest's PATH when it has no '/'. stdio modes: PIPED gives the child one end of a new
 * pipe and enters the other in the guest's table (process_handles_t's option_fd), INHERIT
 * and LOG pass the guest's descriptor, NULL gives /dev/null.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "exec_internal.h"

enum { OP_CLOSE = 0, OP_DUP2 = 1, OP_OPEN = 2, OP_CHDIR = 3, OP_FCHDIR = 4 };
enum { STDIO_PIPED = 0, STDIO_INHERIT = 1, STDIO_NULL = 2, STDIO_LOG = 3 };

/* One fd action, read from guest memory; `opened` is the host descriptor OPEN/CHDIR resolved
 * to in the parent (above the renumbered range, close-on-exec). */
typedef struct spawn_action {
    uint8_t cmd;
    int fd, src_fd;
    int opened;
} spawn_action;

typedef struct signal_disposition {
    uint8_t sig, ignore;
} signal_disposition;

/* ---- guest paths ------------------------------------------------------------------------------ */

/* The grant a guest path lies beneath and how many leading bytes its name covers. */
static const wasi_fd *grant_for(const wasix_fd_map *map, const uint8_t *path, uint64_t len, uint64_t *covered) {
    const wasi_fd *best = NULL;
    size_t best_len = 0;
    for (uint32_t i = 0; i < map->count; i++) {
        const wasi_fd *e = &map->entries[i];
        if (e->host < 0 || e->preopen_name == NULL) continue;
        const char *name = e->preopen_name;
        size_t n = strlen(name);
        while (n > 1 && name[n - 1] == '/') n--;
        if (len == 0 || path[0] != '/') {
            /* Relative: the "." grant. */
            if (best == NULL && strcmp(name, ".") == 0) best = e, best_len = 0;
            continue;
        }
        if (name[0] != '/') continue;
        bool matches = n == 1 || (n <= len && memcmp(path, name, n) == 0 && (n == len || path[n] == '/'));
        if (matches && (best == NULL || n > best_len)) best = e, best_len = n == 1 ? 0 : n;
    }
    *covered = best_len;
    return best;
}

/* Opens a guest path for OPEN (with_flags) or CHDIR (a directory), in the parent, at a host
 * number above `top`. */
static uint32_t open_guest_path(bsrt_memory *memory, const wasix_fd_map *map, int top, uint64_t path,
                                uint64_t path_len, uint32_t dirflags, uint32_t oflags, uint64_t rights,
                                uint32_t fdflags, bool directory, int *out) {
    const uint8_t *bytes = bsrt_guest_bytes(memory, path, path_len);
    if (bytes == NULL) return WASI_EFAULT;
    uint64_t skip = 0;
    const wasi_fd *grant = grant_for(map, bytes, path_len, &skip);
    if (grant == NULL) return WASI_ENOTCAPABLE;
    while (skip < path_len && bytes[skip] == '/') skip++;
    int flags = O_CLOEXEC | O_NOCTTY | O_NOFOLLOW;
    if (directory) flags |= O_RDONLY | O_DIRECTORY;
    else {
        bool read = rights & (WASI_RIGHT_FD_READ | WASI_RIGHT_FD_READDIR);
        bool write = rights & WASI_RIGHT_FD_WRITE;
        flags |= write ? (read ? O_RDWR : O_WRONLY) : O_RDONLY;
        if (oflags & WASI_OFLAG_CREAT) flags |= O_CREAT;
        if (oflags & WASI_OFLAG_DIRECTORY) flags |= O_DIRECTORY;
        if (oflags & WASI_OFLAG_EXCL) flags |= O_EXCL;
        if (oflags & WASI_OFLAG_TRUNC) flags |= O_TRUNC;
        if (fdflags & WASI_FDFLAG_APPEND) flags |= O_APPEND;
        if (fdflags & WASI_FDFLAG_NONBLOCK) flags |= O_NONBLOCK;
        if (fdflags & (WASI_FDFLAG_SYNC | WASI_FDFLAG_RSYNC)) flags |= O_SYNC;
        if (fdflags & WASI_FDFLAG_DSYNC) flags |= O_DSYNC;
    }
    int fd;
    if (skip == path_len) {
        /* The grant itself. */
        fd = openat(grant->host, ".", flags & ~(O_CREAT | O_EXCL | O_TRUNC | O_NOFOLLOW));
    } else {
        if ((grant->rights_base & WASI_RIGHT_PATH_OPEN) == 0) return WASI_ENOTCAPABLE;
        wasi_path resolved;
        uint32_t err = wasi_path_resolve(memory, grant, path + skip, path_len - skip,
                                         (dirflags & WASI_LOOKUP_SYMLINK_FOLLOW) != 0, &resolved);
        if (err != WASI_ESUCCESS) return err;
        if (resolved.must_be_dir) flags |= O_DIRECTORY;
        fd = openat(resolved.dir, resolved.name, flags, 0666);
        wasi_path_release(&resolved);
    }
    if (fd < 0) return bsrt_wasi_errno_from_host(errno);
    int high = fcntl(fd, F_DUPFD_CLOEXEC, top + 1);
    int saved_errno = errno;
    close(fd);
    if (high < 0) return bsrt_wasi_errno_from_host(saved_errno);
    *out = high;
    return WASI_ESUCCESS;
}

/* ---- the child ---------------------------------------------------------------------------- */

static _Noreturn void child_fail(int report, int host_errno) {
    uint32_t err = bsrt_wasi_errno_from_host(host_errno);
    ssize_t ignored = write(report, &err, sizeof err);
    (void)ignored;
    _exit(127);
}

static _Noreturn void run_child(const wasix_program *program, const wasix_fd_map *map, const spawn_action *ops,
                                size_t op_count, const signal_disposition *signals, size_t signal_count,
                                int cwd_fd, int report) {
    wasix_exec_reset_signals();
    for (size_t i = 0; i < signal_count; i++)
        if (signals[i].sig > 0 && signals[i].sig < 32 && signals[i].sig != SIGKILL && signals[i].sig != SIGSTOP)
            signal(signals[i].sig, signals[i].ignore ? SIG_IGN : SIG_DFL);
    wasix_fd_saved saved;
    uint32_t err = wasix_fds_install(map, &report, &saved);
    if (err != WASI_ESUCCESS) {
        ssize_t ignored = write(report, &err, sizeof err);
        (void)ignored;
        _exit(127);
    }
    if (cwd_fd >= 0 && fchdir(cwd_fd) != 0) child_fail(report, errno);
    for (size_t i = 0; i < op_count; i++) {
        const spawn_action *op = &ops[i];
        int result = 0;
        switch (op->cmd) {
        case OP_CLOSE:
            if (close(op->fd) != 0 && errno == EBADF) errno = 0, result = 0;
            break;
        case OP_DUP2:
            result = op->src_fd == op->fd ? fcntl(op->fd, F_SETFD, 0) : dup2(op->src_fd, op->fd);
            break;
        case OP_OPEN: result = dup2(op->opened, op->fd); break;
        case OP_CHDIR: result = fchdir(op->opened); break;
        case OP_FCHDIR: result = fchdir(op->fd); break;
        }
        if (result < 0) child_fail(report, errno);
    }
    execve(program->path, program->argv.items, program->envp.items);
    child_fail(report, errno);
}

/* Forks the child and waits for its verdict (the report pipe closes on execve, or carries an
 * errno). Writes ret_pid on success. */
static uint32_t spawn(bsrt_instance *self, const wasix_program *program, const wasix_fd_map *map,
                      const spawn_action *ops, size_t op_count, const signal_disposition *signals,
                      size_t signal_count, int cwd_fd, uint32_t *out_pid) {
    (void)self;
    int report[2];
    if (pipe2(report, O_CLOEXEC) != 0) return bsrt_wasi_errno_from_host(errno);
    /* Buffered runtime output would otherwise be written twice, once by each process. */
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        int saved_errno = errno;
        close(report[0]);
        close(report[1]);
        return bsrt_wasi_errno_from_host(saved_errno);
    }
    if (pid == 0) {
        close(report[0]);
        run_child(program, map, ops, op_count, signals, signal_count, cwd_fd, report[1]);
    }
    close(report[1]);
    uint32_t child_err = 0;
    ssize_t n;
    do n = read(report[0], &child_err, sizeof child_err);
    while (n < 0 && errno == EINTR);
    close(report[0]);
    if (n == (ssize_t)sizeof child_err) {
        /* The child never became the program: reap it, so the guest never sees it. */
        while (waitpid(pid, NULL, 0) < 0 && errno == EINTR) {}
        return child_err;
    }
    *out_pid = (uint32_t)pid;
    return WASI_ESUCCESS;
}

/* ---- reading the guest's actions ------------------------------------------------------------ */

static uint32_t read_actions(bsrt_memory *memory, const wasix_fd_map *map, int top, uint64_t ptr, uint64_t count,
                             spawn_action **out) {
    bool wide = bsrt_guest_ptr_size(memory) == 8;
    uint32_t stride = wide ? 64 : 56;
    const uint8_t *array = bsrt_guest_array(memory, ptr, count, stride);
    if (array == NULL) return WASI_EFAULT;
    spawn_action *ops = calloc(count ? count : 1, sizeof *ops);
    if (ops == NULL) return WASI_ENOMEM;
    uint32_t err = WASI_ESUCCESS;
    for (uint64_t i = 0; i < count; i++) ops[i].opened = -1;
    for (uint64_t i = 0; i < count && err == WASI_ESUCCESS; i++) {
        const uint8_t *op = array + i * stride;
        uint16_t oflags, fdflags;
        uint64_t rights;
        uint32_t dirflags;
        ops[i].cmd = op[0];
        ops[i].fd = (int)bsrt_guest_read_u32(op + 4);
        ops[i].src_fd = (int)bsrt_guest_read_u32(op + 8);
        uint64_t path = wide ? bsrt_guest_read_ptr(memory, op + 16) : bsrt_guest_read_u32(op + 12);
        uint64_t path_len = wide ? bsrt_guest_read_ptr(memory, op + 24) : bsrt_guest_read_u32(op + 16);
        dirflags = bsrt_guest_read_u32(op + (wide ? 32 : 20));
        memcpy(&oflags, op + (wide ? 36 : 24), 2);
        memcpy(&rights, op + (wide ? 40 : 32), 8);
        memcpy(&fdflags, op + (wide ? 56 : 48), 2);
        if (ops[i].cmd > OP_FCHDIR || ops[i].fd < 0 || ops[i].src_fd < 0) err = WASI_EINVAL;
        else if (ops[i].cmd == OP_OPEN || ops[i].cmd == OP_CHDIR)
            err = open_guest_path(memory, map, top, path, path_len, dirflags, oflags, rights, fdflags,
                                  ops[i].cmd == OP_CHDIR, &ops[i].opened);
    }
    if (err != WASI_ESUCCESS) {
        for (uint64_t i = 0; i < count; i++)
            if (ops[i].opened >= 0) close(ops[i].opened);
        free(ops);
        return err;
    }
    *out = ops;
    return WASI_ESUCCESS;
}

static uint32_t read_signals(bsrt_memory *memory, uint64_t ptr, uint64_t count, signal_disposition **out) {
    const uint8_t *array = bsrt_guest_array(memory, ptr, count, 2);
    if (array == NULL) return WASI_EFAULT;
    signal_disposition *signals = calloc(count ? count : 1, sizeof *signals);
    if (signals == NULL) return WASI_ENOMEM;
    for (uint64_t i = 0; i < count; i++) {
        signals[i].sig = array[2 * i];
        signals[i].ignore = array[2 * i + 1] == 1;
    }
    *out = signals;
    return WASI_ESUCCESS;
}

/* proc_spawn2/proc_spawn3 once the program is read. Takes ownership of `program`. */
static uint32_t spawn_with_actions(bsrt_instance *self, wasix_program *program, uint64_t fd_ops,
                                   uint64_t fd_ops_len, uint64_t signals_ptr, uint64_t signals_len,
                                   uint64_t ret_pid) {
    bsrt_memory *memory = bsrt_guest_memory(self);
    wasix_fd_map map = {0};
    spawn_action *ops = NULL;
    signal_disposition *signals = NULL;
    uint32_t pid = 0;
    uint32_t err = bsrt_guest_bytes(memory, ret_pid, 4) ? WASI_ESUCCESS : WASI_EFAULT;
    if (err == WASI_ESUCCESS) err = wasix_fd_map_current(&map);
    if (err == WASI_ESUCCESS) err = read_signals(memory, signals_ptr, signals_len, &signals);
    if (err == WASI_ESUCCESS) err = read_actions(memory, &map, wasix_fd_map_top(&map), fd_ops, fd_ops_len, &ops);
    if (err == WASI_ESUCCESS) {
        err = spawn(self, program, &map, ops, fd_ops_len, signals, signals_len, -1, &pid);
        for (uint64_t i = 0; i < fd_ops_len; i++)
            if (ops[i].opened >= 0) close(ops[i].opened);
    }
    if (err == WASI_ESUCCESS) err = wasix_store_u32(self, ret_pid, pid);
    free(ops);
    free(signals);
    free(map.entries);
    wasix_program_free(program);
    return err;
}

static bool spawn_allowed(void) { return bsrt_wasi_current_config()->allow_exec != 0; }

uint32_t bsrt_wasix_proc_spawn2(bsrt_instance *self, bsrt_ptr name, bsrt_size name_len, bsrt_ptr args,
                                bsrt_size args_len, bsrt_ptr envs, bsrt_size envs_len, bsrt_ptr fd_ops,
                                bsrt_size fd_ops_len, bsrt_ptr signals, bsrt_size signals_len, uint32_t search_path,
                                bsrt_ptr path, bsrt_size path_len, bsrt_ptr ret_pid) {
    if (!spawn_allowed()) return WASI_ENOTCAPABLE;
    wasix_program program;
    uint32_t err = wasix_program_from_joined(self, name, name_len, args, args_len, envs, envs_len, search_path,
                                             path, path_len, &program);
    if (err != WASI_ESUCCESS) return err;
    return spawn_with_actions(self, &program, fd_ops, fd_ops_len, signals, signals_len, ret_pid);
}

uint32_t bsrt_wasix_proc_spawn3(bsrt_instance *self, bsrt_ptr name, bsrt_size name_len, bsrt_ptr argv,
                                bsrt_size argc, bsrt_ptr envp, bsrt_size envc, bsrt_ptr fd_ops, bsrt_size fd_ops_len,
                                bsrt_ptr signals, bsrt_size signals_len, uint32_t search_path, bsrt_ptr path,
                                bsrt_size path_len, bsrt_ptr ret_pid) {
    if (!spawn_allowed()) return WASI_ENOTCAPABLE;
    wasix_program program;
    uint32_t err = wasix_program_from_arrays(self, name, name_len, argv, argc, envp, envc, search_path, path,
                                             path_len, &program);
    if (err != WASI_ESUCCESS) return err;
    return spawn_with_actions(self, &program, fd_ops, fd_ops_len, signals, signals_len, ret_pid);
}

/* ---- proc_spawn: the old call with stdio modes ---------------------------------------------- */

/* Sets up standard stream `n` of the child per `mode`: *parent_end gets the guest's end of a
 * PIPED stream (entered in the table after the spawn). */
static uint32_t prepare_stdio(wasix_fd_map *map, uint32_t n, uint32_t mode, int *child_end, int *parent_end) {
    *child_end = *parent_end = -1;
    if (mode == STDIO_INHERIT || mode == STDIO_LOG) return WASI_ESUCCESS;
    if (mode == STDIO_NULL) {
        *child_end = open("/dev/null", (n == 0 ? O_RDONLY : O_WRONLY) | O_CLOEXEC);
        if (*child_end < 0) return bsrt_wasi_errno_from_host(errno);
    } else if (mode == STDIO_PIPED) {
        int ends[2];
        if (pipe2(ends, O_CLOEXEC) != 0) return bsrt_wasi_errno_from_host(errno);
        *child_end = n == 0 ? ends[0] : ends[1];
        *parent_end = n == 0 ? ends[1] : ends[0];
    } else {
        return WASI_EINVAL;
    }
    map->entries[n] = (wasi_fd){.host = *child_end, .filetype = WASI_FILETYPE_UNKNOWN};
    return WASI_ESUCCESS;
}

uint32_t bsrt_wasix_proc_spawn(bsrt_instance *self, bsrt_ptr name, bsrt_size name_len, uint32_t chroot,
                               bsrt_ptr args, bsrt_size args_len, bsrt_ptr preopen, bsrt_size preopen_len,
                               uint32_t stdin_mode, uint32_t stdout_mode, uint32_t stderr_mode, bsrt_ptr working_dir,
                               bsrt_size working_dir_len, bsrt_ptr ret_handles) {
    (void)preopen;
    (void)preopen_len;
    if (!spawn_allowed()) return WASI_ENOTCAPABLE;
    bsrt_memory *memory = bsrt_guest_memory(self);
    uint8_t *handles = bsrt_guest_bytes(memory, ret_handles, 28);
    if (handles == NULL) return WASI_EFAULT;
    if (chroot) return WASI_ENOTSUP;
    wasix_program program;
    uint32_t err = wasix_program_from_joined(self, name, name_len, args, args_len, 0, 0, 1, 0, 0, &program);
    if (err != WASI_ESUCCESS) return err;
    wasix_fd_map map = {0};
    err = wasix_fd_map_current(&map);
    if (err == WASI_ESUCCESS && map.count < 3) {
        wasi_fd *bigger = realloc(map.entries, 3 * sizeof *bigger);
        if (bigger == NULL) err = WASI_ENOMEM;
        else {
            for (uint32_t i = map.count; i < 3; i++) bigger[i] = (wasi_fd){.host = -1};
            map.entries = bigger;
            map.count = 3;
        }
    }
    int child_ends[3] = {-1, -1, -1}, parent_ends[3] = {-1, -1, -1};
    uint32_t modes[3] = {stdin_mode, stdout_mode, stderr_mode};
    for (uint32_t n = 0; n < 3 && err == WASI_ESUCCESS; n++)
        err = prepare_stdio(&map, n, modes[n], &child_ends[n], &parent_ends[n]);
    int cwd_fd = -1;
    if (err == WASI_ESUCCESS && working_dir_len > 0)
        err = open_guest_path(memory, &map, wasix_fd_map_top(&map), working_dir, working_dir_len,
                              WASI_LOOKUP_SYMLINK_FOLLOW, 0, 0, 0, true, &cwd_fd);
    uint32_t pid = 0;
    if (err == WASI_ESUCCESS) err = spawn(self, &program, &map, NULL, 0, NULL, 0, cwd_fd, &pid);
    if (cwd_fd >= 0) close(cwd_fd);
    for (int n = 0; n < 3; n++)
        if (child_ends[n] >= 0) close(child_ends[n]);
    uint32_t guest_fds[3] = {0};
    for (int n = 0; n < 3; n++) {
        if (parent_ends[n] < 0) continue;
        /* A pipe end: what a pipe allows, minus the other direction. */
        struct stat st;
        uint8_t filetype = fstat(parent_ends[n], &st) == 0 ? wasi_filetype_of(parent_ends[n], st.st_mode)
                                                           : WASI_FILETYPE_UNKNOWN;
        uint64_t rights = wasi_rights_possible(parent_ends[n], filetype) &
                          ~(n == 0 ? WASI_RIGHT_FD_READ : WASI_RIGHT_FD_WRITE);
        if (err == WASI_ESUCCESS) err = wasi_fd_insert(parent_ends[n], filetype, rights, 0, &guest_fds[n]);
        if (err != WASI_ESUCCESS) close(parent_ends[n]);
        else parent_ends[n] = -2; /* owned by the table now */
    }
    if (err == WASI_ESUCCESS) {
        bsrt_guest_write_u32(handles, pid);
        for (int n = 0; n < 3; n++) {
            uint8_t *option = handles + 4 + 8 * n;
            memset(option, 0, 8);
            if (parent_ends[n] == -2) {
                bsrt_guest_write_u8(option, 1);
                bsrt_guest_write_u32(option + 4, guest_fds[n]);
            }
        }
    }
    free(map.entries);
    wasix_program_free(&program);
    return err;
}
