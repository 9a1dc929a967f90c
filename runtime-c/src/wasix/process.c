/*
 * wasix/process.c: proc_fork, proc_fork_env, proc_join, proc_id, proc_parent, proc_signal,
 * proc_exit2, proc_snapshot.
 *
 * Processes are OS processes and pids are OS pids (abi/wasix.md §6.4, "what a native AOT runtime
 * can do"):
 *
 * proc_fork is fork() inside the import: translated code, the runtime's C stack, the linear
 * memory and every global are duplicated, so the child returns from the import with
 * *ret_pid = 0 and the parent with the child's pid, with no asyncify exports. copy_memory = 0
 * (wasix-libc's vfork without exceptions) is the same plain fork: correct programs never rely
 * on vfork sharing memory. Only the calling thread exists in the child (POSIX), which is what
 * wasix-libc's _Fork expects; stdio is flushed first so buffered runtime output is not
 * written twice; the descriptor table's and fd_readdir's locks are held across fork
 * (pthread_atfork in wasi/fdtable.c and wasi/dir.c) so the child never inherits a held lock.
 *
 * proc_fork_env (wasix-libc's vfork with wasm exceptions) cannot fork: the caller continues on
 * the same memory as the "child" until proc_exec3/proc_exec4 or proc_exit2, which then return
 * in the parent's context. Here it forks a helper process at once, whose pid is the child pid
 * it reports; the helper waits on a socket. The guest's descriptor table is saved (each host
 * descriptor duplicated). proc_exec3 in this state sends the program and the guest's CURRENT
 * descriptors (SCM_RIGHTS, so dup2/close done by the "child" between vfork and exec count) to
 * the helper, which installs them as its 0, 1, 2, ... and execve's: the program runs under the
 * reported pid, and the exec's close-on-exec socket tells the parent it started (an errno comes
 * back instead when execve fails, and the helper waits for the next request). proc_exit2 in
 * this state makes the helper _exit with the code. Either way the saved table is reinstalled
 * (host numbers included: a dup2 onto stdout in the "child" is undone) and the call returns;
 * proc_join then reaps the helper as any child. A nested proc_fork_env is NOTSUP. Other state
 * the "child" changes (memory, the working directory) is shared, as with a real vfork_child.
 *
 * proc_join is waitpid. option_pid NONE waits for any child. On success the reaped pid is
 * written back as SOME(pid); a NON_BLOCKING join with children still running writes SOME(0)
 * and NOTHING (wasix-libc turns that into waitpid's 0, as current Wasmer does); with no such
 * child it writes NONE and NOTHING and returns CHILD (Wasmer's contract). An invalid tag is
 * INVAL. Statuses: EXIT_NORMAL (exit code), EXIT_SIGNAL (exit_code 0 and the signal, so that
 * wasix-libc's W_EXITCODE(0, sig) is a "killed by sig" wait status; Wasmer never reports
 * signals), STOPPED with WAKE_STOPPED (WUNTRACED). WASIX signal numbers are Linux's, which are
 * the host's on every Linux this runtime supports (checked below). An interrupted wait is INTR.
 *
 * proc_parent answers for this process (getppid) and for its children (this process); any
 * other pid is SRCH, so the guest learns nothing about unrelated host processes.
 *
 * proc_signal is kill(), confined to what this program started: its own pid, its children,
 * and its process group only when it leads that group (pid 0 or -pgid); any other target is
 * PERM (notably a shell's or a test runner's group, and -1, "every process"). Signal 0 probes.
 *
 * proc_snapshot is NOTSUP: a native runtime has no journal to snapshot into.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "exec_internal.h"

_Static_assert(SIGSTKFLT == 16 && SIGCHLD == 17 && SIGCONT == 18 && SIGSTOP == 19 && SIGSYS == 31,
               "WASIX signal numbers are Linux's; this host numbers them differently");

enum { JOIN_NON_BLOCKING = 1, JOIN_WAKE_STOPPED = 2 };
enum { STATUS_NOTHING = 0, STATUS_EXIT_NORMAL = 1, STATUS_EXIT_SIGNAL = 2, STATUS_STOPPED = 3 };

/* ---- proc_fork_env state ------------------------------------------------------------------- */

/* One per guest thread: vfork is a per-thread affair in wasix-libc (a _Thread_local jmp_buf). */
typedef struct vfork_state {
    bool active;
    pid_t child;
    int socket;       /* the parent's end of the helper's socket */
    wasi_fd *saved;   /* the table at proc_fork_env, hosts duplicated */
    uint32_t saved_count;
    int *original;    /* per entry: its host number then, and that number's F_GETFD flags */
    int *original_flags;
} vfork_state;

static _Thread_local vfork_state vfork_child;

bool wasix_vfork_active(void) { return vfork_child.active; }

enum { REQUEST_EXEC = 1, REQUEST_EXIT = 2, FDS_PER_MESSAGE = 64 };

typedef struct request_header {
    uint32_t kind, code, blob_len, fd_count;
} request_header;

static bool write_all(int fd, const void *data, size_t len) {
    const uint8_t *p = data;
    while (len > 0) {
        ssize_t n = send(fd, p, len, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        p += n;
        len -= (size_t)n;
    }
    return true;
}

/* Reads exactly len bytes; returns how many arrived before EOF (or -1 on an error). */
static ssize_t read_all(int fd, void *data, size_t len) {
    uint8_t *p = data;
    size_t got = 0;
    while (got < len) {
        ssize_t n = read(fd, p + got, len - got);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return -1;
        if (n == 0) break;
        got += (size_t)n;
    }
    return (ssize_t)got;
}

static bool send_fds(int socket, const int *fds, uint32_t count) {
    for (uint32_t at = 0; at < count; at += FDS_PER_MESSAGE) {
        uint32_t n = count - at < FDS_PER_MESSAGE ? count - at : FDS_PER_MESSAGE;
        char byte = 0;
        struct iovec iov = {.iov_base = &byte, .iov_len = 1};
        union {
            char buf[CMSG_SPACE(FDS_PER_MESSAGE * sizeof(int))];
            struct cmsghdr align;
        } control;
        memset(&control, 0, sizeof control);
        struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = control.buf,
                             .msg_controllen = CMSG_SPACE(n * sizeof(int))};
        struct cmsghdr *cmsg = CMSG_FIRSTHDR(&msg);
        cmsg->cmsg_level = SOL_SOCKET;
        cmsg->cmsg_type = SCM_RIGHTS;
        cmsg->cmsg_len = CMSG_LEN(n * sizeof(int));
        memcpy(CMSG_DATA(cmsg), fds + at, n * sizeof(int));
        ssize_t sent;
        do sent = sendmsg(socket, &msg, MSG_NOSIGNAL);
        while (sent < 0 && errno == EINTR);
        if (sent != 1) return false;
    }
    return true;
}

/* Receives `count` descriptors into fds (close-on-exec); false if fewer arrive. */
static bool receive_fds(int socket, int *fds, uint32_t count) {
    for (uint32_t at = 0; at < count;) {
        char byte;
        struct iovec iov = {.iov_base = &byte, .iov_len = 1};
        union {
            char buf[CMSG_SPACE(FDS_PER_MESSAGE * sizeof(int))];
            struct cmsghdr align;
        } control;
        struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = control.buf,
                             .msg_controllen = sizeof control.buf};
        ssize_t n;
        do n = recvmsg(socket, &msg, MSG_CMSG_CLOEXEC);
        while (n < 0 && errno == EINTR);
        if (n != 1) return false;
        uint32_t got = 0;
        for (struct cmsghdr *c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
            if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS) continue;
            got = (uint32_t)((c->cmsg_len - CMSG_LEN(0)) / sizeof(int));
            if (got > count - at) return false;
            memcpy(fds + at, CMSG_DATA(c), got * sizeof(int));
        }
        if (got == 0) return false;
        at += got;
    }
    return true;
}

/* A request's blob: path, argc, args, envc, envs (NUL-terminated strings; counts as u32), then
 * the guest numbers of the descriptors that follow. */
typedef struct blob {
    uint8_t *bytes;
    size_t len, capacity;
} blob;

static bool blob_add(blob *b, const void *data, size_t len) {
    if (b->len + len > b->capacity) {
        size_t grown = b->capacity ? b->capacity : 256;
        while (grown < b->len + len) grown *= 2;
        uint8_t *bigger = realloc(b->bytes, grown);
        if (bigger == NULL) return false;
        b->bytes = bigger;
        b->capacity = grown;
    }
    memcpy(b->bytes + b->len, data, len);
    b->len += len;
    return true;
}

static bool blob_add_strings(blob *b, const wasix_strings *list) {
    uint32_t count = (uint32_t)list->count;
    if (!blob_add(b, &count, sizeof count)) return false;
    for (size_t i = 0; i < list->count; i++)
        if (!blob_add(b, list->items[i], strlen(list->items[i]) + 1)) return false;
    return true;
}

/* Parses strings from the blob at *at; false when malformed. */
static bool blob_read_strings(const uint8_t *bytes, size_t len, size_t *at, wasix_strings *out) {
    uint32_t count;
    if (*at + sizeof count > len) return false;
    memcpy(&count, bytes + *at, sizeof count);
    *at += sizeof count;
    for (uint32_t i = 0; i < count; i++) {
        const uint8_t *end = *at < len ? memchr(bytes + *at, '\0', len - *at) : NULL;
        if (end == NULL) return false;
        size_t n = (size_t)(end - (bytes + *at));
        if (wasix_strings_add(out, (const char *)bytes + *at, n) != WASI_ESUCCESS) return false;
        *at += n + 1;
    }
    return true;
}

/* One exec request in the helper: returns the errno to send back (execve succeeded otherwise). */
static uint32_t helper_exec(int *socket, const request_header *h) {
    uint8_t *bytes = malloc(h->blob_len ? h->blob_len : 1);
    int *fds = calloc(h->fd_count ? h->fd_count : 1, sizeof *fds);
    if (bytes == NULL || fds == NULL) _exit(127);
    if (read_all(*socket, bytes, h->blob_len) != (ssize_t)h->blob_len || !receive_fds(*socket, fds, h->fd_count))
        _exit(127);
    wasix_program program = {0};
    size_t at = 0;
    const uint8_t *path_end = memchr(bytes, '\0', h->blob_len);
    uint32_t err = WASI_EINVAL;
    wasix_fd_map map = {0};
    if (path_end != NULL) {
        program.path = strdup((const char *)bytes);
        at = (size_t)(path_end - bytes) + 1;
        if (program.path && blob_read_strings(bytes, h->blob_len, &at, &program.argv) &&
            blob_read_strings(bytes, h->blob_len, &at, &program.envp) &&
            at + h->fd_count * sizeof(uint32_t) == h->blob_len) {
            uint32_t top = 0;
            for (uint32_t i = 0; i < h->fd_count; i++) {
                uint32_t n;
                memcpy(&n, bytes + at + 4 * i, 4);
                if (n > top) top = n;
            }
            map.count = top + 1;
            map.entries = malloc(map.count * sizeof *map.entries);
            if (map.entries != NULL) {
                for (uint32_t n = 0; n < map.count; n++) map.entries[n] = (wasi_fd){.host = -1};
                for (uint32_t i = 0; i < h->fd_count; i++) {
                    uint32_t n;
                    memcpy(&n, bytes + at + 4 * i, 4);
                    map.entries[n] = (wasi_fd){.host = fds[i]};
                }
                err = wasix_exec_program(&program, &map, socket);
            }
        }
    }
    for (uint32_t i = 0; i < h->fd_count; i++) close(fds[i]);
    free(map.entries);
    free(fds);
    free(bytes);
    wasix_program_free(&program);
    return err;
}

/* The helper process proc_fork_env forks: it becomes the program (or exits) when asked. */
static _Noreturn void helper_main(int socket) {
    for (;;) {
        request_header h;
        if (read_all(socket, &h, sizeof h) != (ssize_t)sizeof h) _exit(127); /* the parent is gone */
        if (h.kind == REQUEST_EXIT) _exit((int)(h.code & 0xff));
        uint32_t err = helper_exec(&socket, &h);
        if (!write_all(socket, &err, sizeof err)) _exit(127);
    }
}

/* Reinstalls the table saved at proc_fork_env, on the host numbers it had then. */
static void finish_vfork(void) {
    for (uint32_t i = 0; i < vfork_child.saved_count; i++) {
        if (vfork_child.saved[i].host < 0) continue;
        int flags = vfork_child.original_flags[i] >= 0 && (vfork_child.original_flags[i] & FD_CLOEXEC) ? O_CLOEXEC : 0;
        if (dup3(vfork_child.saved[i].host, vfork_child.original[i], flags) >= 0) {
            close(vfork_child.saved[i].host);
            vfork_child.saved[i].host = vfork_child.original[i];
        }
    }
    uint32_t old_count;
    wasi_fd *old = wasi_fd_table_replace(vfork_child.saved, vfork_child.saved_count, &old_count);
    /* What the "child" opened is closed; numbers that were reinstalled above are not. */
    for (uint32_t j = 0; j < old_count; j++) {
        if (old[j].host < 0) continue;
        bool reinstalled = false;
        for (uint32_t i = 0; i < vfork_child.saved_count && !reinstalled; i++)
            reinstalled = vfork_child.saved[i].host == old[j].host;
        if (!reinstalled) close(old[j].host);
    }
    free(old);
    free(vfork_child.original);
    free(vfork_child.original_flags);
    close(vfork_child.socket);
    vfork_child = (vfork_state){0};
}

uint32_t wasix_vfork_exec(const wasix_program *program) {
    wasix_fd_map map;
    uint32_t err = wasix_fd_map_current(&map);
    if (err != WASI_ESUCCESS) return err;
    blob b = {0};
    int *fds = malloc((map.count ? map.count : 1) * sizeof *fds);
    uint32_t fd_count = 0;
    bool ok = fds != NULL && blob_add(&b, program->path, strlen(program->path) + 1) &&
              blob_add_strings(&b, &program->argv) && blob_add_strings(&b, &program->envp);
    for (uint32_t n = 0; ok && n < map.count; n++) {
        if (map.entries[n].host < 0 || map.entries[n].cloexec) continue;
        ok = blob_add(&b, &n, sizeof n);
        fds[fd_count++] = map.entries[n].host;
    }
    request_header h = {.kind = REQUEST_EXEC, .blob_len = (uint32_t)b.len, .fd_count = fd_count};
    if (!ok) err = WASI_ENOMEM;
    else if (!write_all(vfork_child.socket, &h, sizeof h) || !write_all(vfork_child.socket, b.bytes, b.len) ||
             !send_fds(vfork_child.socket, fds, fd_count))
        err = bsrt_wasi_errno_from_host(errno ? errno : EPIPE);
    else {
        uint32_t reply = 0;
        ssize_t n = read_all(vfork_child.socket, &reply, sizeof reply);
        if (n == (ssize_t)sizeof reply) err = reply;
        else if (n == 0) finish_vfork(); /* the exec closed the helper's socket: it started */
        else err = WASI_EIO;
    }
    free(b.bytes);
    free(fds);
    free(map.entries);
    return err;
}

uint32_t bsrt_wasix_proc_fork_env(bsrt_instance *self, bsrt_ptr ret_child_pid) {
    uint8_t *out = bsrt_guest_bytes(bsrt_guest_memory(self), ret_child_pid, 4);
    if (out == NULL) return WASI_EFAULT;
    if (vfork_child.active) return WASI_ENOTSUP;
    uint32_t count;
    wasi_fd *saved = wasi_fd_table_copy(&count);
    int *original = calloc(count ? count : 1, sizeof *original);
    int *original_flags = calloc(count ? count : 1, sizeof *original_flags);
    uint32_t err = saved && original && original_flags ? WASI_ESUCCESS : WASI_ENOMEM;
    uint32_t copied = 0;
    for (; copied < count && err == WASI_ESUCCESS; copied++) {
        original[copied] = saved[copied].host;
        if (saved[copied].host < 0) continue;
        original_flags[copied] = fcntl(saved[copied].host, F_GETFD);
        if ((saved[copied].host = fcntl(original[copied], F_DUPFD_CLOEXEC, 3)) < 0) {
            err = bsrt_wasi_errno_from_host(errno);
            break;
        }
    }
    int pair[2] = {-1, -1};
    if (err == WASI_ESUCCESS && socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) != 0)
        err = bsrt_wasi_errno_from_host(errno);
    pid_t pid = -1;
    if (err == WASI_ESUCCESS) {
        fflush(NULL);
        pid = fork();
        if (pid < 0) err = bsrt_wasi_errno_from_host(errno);
        if (pid == 0) {
            close(pair[0]);
            helper_main(pair[1]);
        }
    }
    if (err != WASI_ESUCCESS) {
        for (uint32_t i = 0; i < copied && saved; i++)
            if (saved[i].host >= 0) close(saved[i].host);
        if (pair[0] >= 0) close(pair[0]), close(pair[1]);
        free(saved);
        free(original);
        free(original_flags);
        return err;
    }
    close(pair[1]);
    vfork_child = (vfork_state){.active = true, .child = pid, .socket = pair[0], .saved = saved, .saved_count = count,
                          .original = original, .original_flags = original_flags};
    bsrt_guest_write_u32(out, (uint32_t)pid);
    return WASI_ESUCCESS;
}

void bsrt_wasix_proc_exit2(bsrt_instance *self, uint32_t code) {
    if (!vfork_child.active) bsrt_wasi_proc_exit(self, code);
    request_header h = {.kind = REQUEST_EXIT, .code = code};
    if (write_all(vfork_child.socket, &h, sizeof h)) {
        /* EOF once the helper has exited: its status is then there for proc_join. */
        uint32_t ignored;
        while (read_all(vfork_child.socket, &ignored, sizeof ignored) > 0) {}
    } else {
        kill(vfork_child.child, SIGKILL);
    }
    finish_vfork();
}

/* ---- fork, join, identity, signals --------------------------------------------------------- */

uint32_t bsrt_wasix_proc_fork(bsrt_instance *self, uint32_t copy_memory, bsrt_ptr ret_pid) {
    (void)copy_memory;
    uint8_t *out = bsrt_guest_bytes(bsrt_guest_memory(self), ret_pid, 4);
    if (out == NULL) return WASI_EFAULT;
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) return bsrt_wasi_errno_from_host(errno);
    if (pid == 0 && vfork_child.active) {
        /* The child is not inside its parent's vfork: the helper is the parent's to finish. */
        close(vfork_child.socket);
        vfork_child = (vfork_state){0};
    }
    bsrt_guest_write_u32(out, (uint32_t)pid);
    return WASI_ESUCCESS;
}

static void write_join(uint8_t *pid_out, uint8_t *status_out, bool some, uint32_t pid, uint8_t tag, uint16_t code,
                       uint8_t sig) {
    memset(pid_out, 0, 8);
    bsrt_guest_write_u8(pid_out, some ? 1 : 0);
    bsrt_guest_write_u32(pid_out + 4, pid);
    memset(status_out, 0, 6);
    bsrt_guest_write_u8(status_out, tag);
    if (tag == STATUS_STOPPED) bsrt_guest_write_u8(status_out + 2, sig);
    else {
        bsrt_guest_write_u16(status_out + 2, code);
        bsrt_guest_write_u8(status_out + 4, sig);
    }
}

uint32_t bsrt_wasix_proc_join(bsrt_instance *self, bsrt_ptr pid, uint32_t flags, bsrt_ptr ret_status) {
    bsrt_memory *memory = bsrt_guest_memory(self);
    uint8_t *pid_io = bsrt_guest_bytes(memory, pid, 8);
    uint8_t *status_out = bsrt_guest_bytes(memory, ret_status, 6);
    if (pid_io == NULL || status_out == NULL) return WASI_EFAULT;
    uint8_t tag = pid_io[0];
    if (tag > 1) return WASI_EINVAL;
    uint32_t wanted = bsrt_guest_read_u32(pid_io + 4);
    if (tag == 1 && wanted > INT32_MAX) {
        write_join(pid_io, status_out, false, 0, STATUS_NOTHING, 0, 0);
        return WASI_ECHILD;
    }
    int options = 0;
    if (flags & JOIN_NON_BLOCKING) options |= WNOHANG;
    if (flags & JOIN_WAKE_STOPPED) options |= WUNTRACED;
    int status = 0;
    pid_t reaped = waitpid(tag == 1 ? (pid_t)wanted : -1, &status, options);
    if (reaped < 0) {
        if (errno == ECHILD) {
            write_join(pid_io, status_out, false, 0, STATUS_NOTHING, 0, 0);
            return WASI_ECHILD;
        }
        return bsrt_wasi_errno_from_host(errno);
    }
    if (reaped == 0) write_join(pid_io, status_out, true, 0, STATUS_NOTHING, 0, 0);
    else if (WIFEXITED(status))
        write_join(pid_io, status_out, true, (uint32_t)reaped, STATUS_EXIT_NORMAL, (uint16_t)WEXITSTATUS(status), 0);
    else if (WIFSIGNALED(status))
        write_join(pid_io, status_out, true, (uint32_t)reaped, STATUS_EXIT_SIGNAL, 0, (uint8_t)WTERMSIG(status));
    else if (WIFSTOPPED(status))
        write_join(pid_io, status_out, true, (uint32_t)reaped, STATUS_STOPPED, 0, (uint8_t)WSTOPSIG(status));
    else write_join(pid_io, status_out, true, (uint32_t)reaped, STATUS_NOTHING, 0, 0);
    return WASI_ESUCCESS;
}

uint32_t bsrt_wasix_proc_id(bsrt_instance *self, bsrt_ptr ret_pid) {
    return wasix_store_u32(self, ret_pid, (uint32_t)getpid());
}

/* Is pid a child of this process (running, stopped or a zombie not yet joined)? waitid with
 * WNOWAIT asks the kernel without reaping anything. */
static bool is_child(pid_t pid) {
    siginfo_t info;
    memset(&info, 0, sizeof info);
    return pid > 0 && waitid(P_PID, (id_t)pid, &info, WEXITED | WSTOPPED | WCONTINUED | WNOHANG | WNOWAIT) == 0;
}

uint32_t bsrt_wasix_proc_parent(bsrt_instance *self, uint32_t pid, bsrt_ptr ret_parent) {
    if (bsrt_guest_bytes(bsrt_guest_memory(self), ret_parent, 4) == NULL) return WASI_EFAULT;
    pid_t target = (pid_t)pid;
    if (target == getpid()) return wasix_store_u32(self, ret_parent, (uint32_t)getppid());
    if (is_child(target)) return wasix_store_u32(self, ret_parent, (uint32_t)getpid());
    return WASI_ESRCH;
}

uint32_t bsrt_wasix_proc_signal(bsrt_instance *self, uint32_t pid, uint32_t sig) {
    (void)self;
    if (sig > 31) return WASI_EINVAL;
    pid_t target = (pid_t)(int32_t)pid;
    bool leads_group = getpgrp() == getpid();
    bool allowed = target == getpid() || is_child(target) || (leads_group && (target == 0 || target == -getpid()));
    if (!allowed) return WASI_EPERM;
    if (kill(target, (int)sig) != 0) return bsrt_wasi_errno_from_host(errno);
    return WASI_ESUCCESS;
}

uint32_t bsrt_wasix_proc_snapshot(bsrt_instance *self) {
    (void)self;
    return WASI_ENOTSUP;
}
