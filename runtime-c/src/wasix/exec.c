/*
 * wasix/exec.c: proc_exec, proc_exec2, proc_exec3, proc_exec4, and the launching machinery
 * spawn.c and process.c share (program, arguments, environment, descriptors).
 *
 * A native runtime starts HOST programs: the name is a host executable (searched in the
 * `:`-separated PATH when search_path is set and the name has no '/'; the PATH value is the
 * guest's argument, else the guest environment's PATH, else /usr/local/bin:/bin:/usr/bin, as
 * Wasmer defaults). Everything here needs the --allow-exec grant: without it the errno calls
 * answer NOTCAPABLE, and proc_exec/proc_exec2, which cannot return, print one line and exit
 * with 126 (a shell's "cannot execute").
 *
 * Arguments arrive '\n'-joined (proc_exec..3: split on '\n' and '\r', empty entries dropped,
 * argv[0] included; no arguments at all gives argv = {name}) or as pointer arrays of
 * NUL-terminated strings (proc_exec4). The environment is the guest's own
 * (bsrt_wasi_set_environ) when the envs pointer is 0; a given environment REPLACES it, as
 * execve's does (Wasmer merges given entries into the inherited ones; POSIX programs calling
 * execve(path, argv, envp) expect exactly envp).
 *
 * The new program sees the guest's descriptor table as its own: guest descriptor N becomes host
 * descriptor N, except those the guest marked close-on-exec (fd_fdflags_set CLOEXEC); every
 * other host descriptor is closed by the exec. A failed in-place exec restores the host
 * numbers it rearranged, so proc_exec3/proc_exec4 return an errno to an intact process.
 * A program not found is NOENT (Wasmer's proc_exec3 says NOEXEC; execvp says ENOENT, which is
 * what a program's "command not found" handling expects).
 *
 * proc_exec/proc_exec2 replace the process image without a PATH search (execv/execve); when
 * they fail they exit with 127 if the program does not exist, 126 otherwise. Inside a
 * proc_fork_env "vfork child" proc_exec3/proc_exec4 start the program as that child
 * (process.c) and return 0; proc_exec/proc_exec2 cannot return, so they replace the process
 * there too.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "exec_internal.h"

#ifndef CLOSE_RANGE_CLOEXEC
#define CLOSE_RANGE_CLOEXEC (1U << 2)
#endif

#define DEFAULT_PATH "/usr/local/bin:/bin:/usr/bin"
#define EXIT_CANNOT_EXECUTE 126
#define EXIT_NOT_FOUND 127

/* ---- strings and programs ------------------------------------------------------------------ */

uint32_t wasix_strings_add(wasix_strings *list, const char *bytes, size_t len) {
    if (list->count + 2 > list->capacity) {
        size_t grown = list->capacity ? list->capacity * 2 : 8;
        char **bigger = realloc(list->items, grown * sizeof *bigger);
        if (bigger == NULL) return WASI_ENOMEM;
        list->items = bigger;
        list->capacity = grown;
    }
    char *copy = malloc(len + 1);
    if (copy == NULL) return WASI_ENOMEM;
    memcpy(copy, bytes, len);
    copy[len] = '\0';
    list->items[list->count++] = copy;
    list->items[list->count] = NULL;
    return WASI_ESUCCESS;
}

void wasix_strings_free(wasix_strings *list) {
    for (size_t i = 0; i < list->count; i++) free(list->items[i]);
    free(list->items);
    *list = (wasix_strings){0};
}

void wasix_program_free(wasix_program *program) {
    free(program->path);
    wasix_strings_free(&program->argv);
    wasix_strings_free(&program->envp);
    program->path = NULL;
}

/* Guest bytes [ptr, ptr+len) split on '\n' and '\r', empty pieces dropped. A NUL inside is
 * INVAL: the host strings could not carry it. */
static uint32_t split_joined(bsrt_memory *memory, uint64_t ptr, uint64_t len, wasix_strings *out) {
    const uint8_t *bytes = bsrt_guest_bytes(memory, ptr, len);
    if (bytes == NULL) return WASI_EFAULT;
    if (memchr(bytes, '\0', len) != NULL) return WASI_EINVAL;
    uint64_t start = 0;
    for (uint64_t i = 0; i <= len; i++) {
        if (i < len && bytes[i] != '\n' && bytes[i] != '\r') continue;
        if (i > start) {
            uint32_t err = wasix_strings_add(out, (const char *)bytes + start, i - start);
            if (err != WASI_ESUCCESS) return err;
        }
        start = i + 1;
    }
    return WASI_ESUCCESS;
}

/* `count` pointer-size guest pointers at ptr, each to a NUL-terminated string within memory. */
static uint32_t read_string_array(bsrt_memory *memory, uint64_t ptr, uint64_t count, wasix_strings *out) {
    uint32_t width = bsrt_guest_ptr_size(memory);
    const uint8_t *array = bsrt_guest_array(memory, ptr, count, width);
    if (array == NULL) return WASI_EFAULT;
    uint64_t size = memory ? bsrt_memory_bytes(memory) : 0;
    for (uint64_t i = 0; i < count; i++) {
        uint64_t at = bsrt_guest_read_ptr(memory, array + i * width);
        if (at >= size) return WASI_EFAULT;
        const uint8_t *start = memory->base + at;
        const uint8_t *end = memchr(start, '\0', size - at);
        if (end == NULL) return WASI_EFAULT;
        uint32_t err = wasix_strings_add(out, (const char *)start, (size_t)(end - start));
        if (err != WASI_ESUCCESS) return err;
    }
    return WASI_ESUCCESS;
}

static uint32_t inherit_environment(wasix_strings *out) {
    for (char *const *e = wasi_guest_environ(); *e; e++) {
        uint32_t err = wasix_strings_add(out, *e, strlen(*e));
        if (err != WASI_ESUCCESS) return err;
    }
    return WASI_ESUCCESS;
}

static const char *guest_path_variable(void) {
    for (char *const *e = wasi_guest_environ(); *e; e++)
        if (strncmp(*e, "PATH=", 5) == 0) return *e + 5;
    return DEFAULT_PATH;
}

/* The host executable for `name`: itself when it has a '/' or no search is asked (execve
 * reports what is wrong with it), else the first executable regular file in `path_value`
 * (an empty entry is the working directory, as for execvp). NOENT, or ACCES when only
 * non-executable candidates exist. */
static uint32_t find_program(const char *name, bool search, const char *path_value, char **out) {
    if (!search || strchr(name, '/') != NULL) {
        *out = strdup(name);
        return *out ? WASI_ESUCCESS : WASI_ENOMEM;
    }
    uint32_t result = WASI_ENOENT;
    size_t name_len = strlen(name);
    for (const char *dir = path_value;; dir++) {
        const char *end = strchr(dir, ':');
        size_t dir_len = end ? (size_t)(end - dir) : strlen(dir);
        char *candidate = malloc(dir_len + name_len + 3);
        if (candidate == NULL) return WASI_ENOMEM;
        if (dir_len == 0) sprintf(candidate, "./%s", name);
        else sprintf(candidate, "%.*s/%s", (int)dir_len, dir, name);
        struct stat st;
        if (stat(candidate, &st) == 0 && S_ISREG(st.st_mode)) {
            if (access(candidate, X_OK) == 0) {
                *out = candidate;
                return WASI_ESUCCESS;
            }
            result = WASI_EACCES;
        }
        free(candidate);
        if (end == NULL) break;
        dir = end;
    }
    return result;
}

/* The parts every exec and spawn call shares: name, PATH search, argv[0] default. */
static uint32_t finish_program(bsrt_memory *memory, uint64_t name, uint64_t name_len, uint32_t search_path,
                               uint64_t path, uint64_t path_len, wasix_program *out) {
    const uint8_t *name_bytes = bsrt_guest_bytes(memory, name, name_len);
    if (name_bytes == NULL) return WASI_EFAULT;
    if (name_len == 0) return WASI_ENOENT;
    if (memchr(name_bytes, '\0', name_len) != NULL) return WASI_EINVAL;
    char *name_copy = strndup((const char *)name_bytes, name_len);
    if (name_copy == NULL) return WASI_ENOMEM;
    uint32_t err = WASI_ESUCCESS;
    char *path_value = NULL;
    if (path != 0 && path_len != 0) {
        const uint8_t *path_bytes = bsrt_guest_bytes(memory, path, path_len);
        if (path_bytes == NULL) err = WASI_EFAULT;
        else if ((path_value = strndup((const char *)path_bytes, path_len)) == NULL) err = WASI_ENOMEM;
    }
    if (err == WASI_ESUCCESS)
        err = find_program(name_copy, search_path != 0, path_value ? path_value : guest_path_variable(), &out->path);
    if (err == WASI_ESUCCESS && out->argv.count == 0) err = wasix_strings_add(&out->argv, name_copy, strlen(name_copy));
    free(path_value);
    free(name_copy);
    return err;
}

uint32_t wasix_program_from_joined(bsrt_instance *self, uint64_t name, uint64_t name_len, uint64_t args,
                                   uint64_t args_len, uint64_t envs, uint64_t envs_len, uint32_t search_path,
                                   uint64_t path, uint64_t path_len, wasix_program *out) {
    bsrt_memory *memory = bsrt_guest_memory(self);
    *out = (wasix_program){0};
    uint32_t err = split_joined(memory, args, args_len, &out->argv);
    if (err == WASI_ESUCCESS) err = envs == 0 ? inherit_environment(&out->envp) : split_joined(memory, envs, envs_len, &out->envp);
    if (err == WASI_ESUCCESS) err = finish_program(memory, name, name_len, search_path, path, path_len, out);
    if (err != WASI_ESUCCESS) wasix_program_free(out);
    return err;
}

uint32_t wasix_program_from_arrays(bsrt_instance *self, uint64_t name, uint64_t name_len, uint64_t argv,
                                   uint64_t argc, uint64_t envp, uint64_t envc, uint32_t search_path,
                                   uint64_t path, uint64_t path_len, wasix_program *out) {
    bsrt_memory *memory = bsrt_guest_memory(self);
    *out = (wasix_program){0};
    uint32_t err = read_string_array(memory, argv, argc, &out->argv);
    if (err == WASI_ESUCCESS) err = envp == 0 ? inherit_environment(&out->envp) : read_string_array(memory, envp, envc, &out->envp);
    if (err == WASI_ESUCCESS) err = finish_program(memory, name, name_len, search_path, path, path_len, out);
    if (err != WASI_ESUCCESS) wasix_program_free(out);
    return err;
}

/* ---- descriptors ---------------------------------------------------------------------------- */

uint32_t wasix_fd_map_current(wasix_fd_map *out) {
    out->entries = wasi_fd_table_copy(&out->count);
    return out->entries ? WASI_ESUCCESS : WASI_ENOMEM;
}

static bool given_on(const wasix_fd_map *map, uint32_t n) {
    return n < map->count && map->entries[n].host >= 0 && !map->entries[n].cloexec;
}

int wasix_fd_map_top(const wasix_fd_map *map) {
    int top = 2;
    for (uint32_t n = 0; n < map->count; n++)
        if (given_on(map, n) && (int)n > top) top = (int)n;
    return top;
}

/* Every host descriptor above `top` becomes close-on-exec: close_range where the kernel has it
 * (5.11), else one fcntl per possible number. */
static void cloexec_above(int top) {
    if (syscall(SYS_close_range, (unsigned)top + 1, ~0U, CLOSE_RANGE_CLOEXEC) == 0) return;
    struct rlimit limit;
    long max = getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY ? (long)limit.rlim_cur : 65536;
    if (max > 1 << 20) max = 1 << 20;
    for (long fd = top + 1; fd < max; fd++) {
        int flags = fcntl((int)fd, F_GETFD);
        if (flags >= 0 && !(flags & FD_CLOEXEC)) fcntl((int)fd, F_SETFD, flags | FD_CLOEXEC);
    }
}

static void free_saved(wasix_fd_saved *saved) {
    free(saved->copies);
    free(saved->flags);
    saved->copies = saved->flags = NULL;
}

uint32_t wasix_fds_install(const wasix_fd_map *map, int *keep_fd, wasix_fd_saved *saved) {
    int top = wasix_fd_map_top(map);
    size_t n_count = (size_t)top + 1;
    *saved = (wasix_fd_saved){.top = top, .keep_old = -1};
    saved->copies = malloc(n_count * sizeof(int));
    saved->flags = malloc(n_count * sizeof(int));
    int *sources = malloc(n_count * sizeof(int));
    uint32_t err = saved->copies && saved->flags && sources ? WASI_ESUCCESS : WASI_ENOMEM;
    for (int n = 0; n <= top && saved->copies && saved->flags && sources; n++) {
        saved->copies[n] = sources[n] = -1;
        saved->flags[n] = -1;
    }
    /* First only duplicate (above `top`, so nothing in the range moves): what is open at each
     * number, to restore it, and each source, since a source may itself sit at a number about
     * to be replaced. A failure here has changed nothing. */
    for (int n = 0; n <= top && err == WASI_ESUCCESS; n++) {
        saved->flags[n] = fcntl(n, F_GETFD);
        if (saved->flags[n] >= 0 && (saved->copies[n] = fcntl(n, F_DUPFD_CLOEXEC, top + 1)) < 0)
            err = bsrt_wasi_errno_from_host(errno);
        if (err == WASI_ESUCCESS && given_on(map, (uint32_t)n) &&
            (sources[n] = fcntl(map->entries[n].host, F_DUPFD_CLOEXEC, top + 1)) < 0)
            err = bsrt_wasi_errno_from_host(errno);
    }
    int moved_keep = -1;
    if (err == WASI_ESUCCESS && keep_fd != NULL && *keep_fd >= 0 && *keep_fd <= top &&
        (moved_keep = fcntl(*keep_fd, F_DUPFD_CLOEXEC, top + 1)) < 0)
        err = bsrt_wasi_errno_from_host(errno);
    if (err != WASI_ESUCCESS) {
        for (int n = 0; n <= top && saved->copies && sources; n++) {
            if (saved->copies[n] >= 0) close(saved->copies[n]);
            if (sources[n] >= 0) close(sources[n]);
        }
        free(sources);
        free_saved(saved);
        return err;
    }
    if (moved_keep >= 0) {
        saved->keep_old = *keep_fd;
        saved->keep_fd = keep_fd;
        *keep_fd = moved_keep;
    }
    /* dup2 clears close-on-exec: exactly the given descriptors survive execve. */
    for (int n = 0; n <= top; n++) {
        if (sources[n] >= 0) {
            dup2(sources[n], n);
            close(sources[n]);
        } else if (saved->flags[n] >= 0) {
            fcntl(n, F_SETFD, saved->flags[n] | FD_CLOEXEC);
        }
    }
    free(sources);
    cloexec_above(top);
    return WASI_ESUCCESS;
}

void wasix_fds_restore(wasix_fd_saved *saved) {
    for (int n = 0; n <= saved->top && saved->copies; n++) {
        if (saved->flags[n] >= 0) {
            dup3(saved->copies[n], n, (saved->flags[n] & FD_CLOEXEC) ? O_CLOEXEC : 0);
            close(saved->copies[n]);
        } else {
            close(n);
        }
    }
    if (saved->keep_fd != NULL) {
        close(*saved->keep_fd);
        *saved->keep_fd = saved->keep_old;
    }
    free_saved(saved);
}

/* ---- starting a program --------------------------------------------------------------------- */

void wasix_exec_reset_signals(void) {
    /* bsrt_main ignores SIGPIPE for the guest's sake; an ignored signal survives execve, and a
     * program like `yes | head` relies on dying of SIGPIPE. Masks survive execve too. */
    signal(SIGPIPE, SIG_DFL);
    sigset_t none;
    sigemptyset(&none);
    pthread_sigmask(SIG_SETMASK, &none, NULL);
}

uint32_t wasix_exec_program(const wasix_program *program, const wasix_fd_map *map, int *keep_fd) {
    /* The runtime's own buffered messages would be lost with the old image. */
    fflush(NULL);
    wasix_fd_saved saved;
    uint32_t err = wasix_fds_install(map, keep_fd, &saved);
    if (err != WASI_ESUCCESS) return err;
    struct sigaction old_pipe;
    sigset_t old_mask;
    sigaction(SIGPIPE, NULL, &old_pipe);
    pthread_sigmask(SIG_SETMASK, NULL, &old_mask);
    wasix_exec_reset_signals();
    execve(program->path, program->argv.items, program->envp.items);
    int failure = errno;
    sigaction(SIGPIPE, &old_pipe, NULL);
    pthread_sigmask(SIG_SETMASK, &old_mask, NULL);
    wasix_fds_restore(&saved);
    return bsrt_wasi_errno_from_host(failure);
}

/* proc_exec3/proc_exec4 once the program is known: the vfork child's, or this process's. */
static uint32_t exec_or_hand_over(wasix_program *program) {
    uint32_t err;
    if (wasix_vfork_active()) {
        err = wasix_vfork_exec(program);
    } else {
        wasix_fd_map map;
        err = wasix_fd_map_current(&map);
        if (err == WASI_ESUCCESS) {
            err = wasix_exec_program(program, &map, NULL);
            free(map.entries);
        }
    }
    wasix_program_free(program);
    return err;
}

static bool exec_allowed(void) { return bsrt_wasi_current_config()->allow_exec != 0; }

/* proc_exec/proc_exec2: there is no errno to return, so a refusal or failure ends the process
 * with one line on stderr and a shell's status (126 cannot execute, 127 not found). */
static _Noreturn void exec_or_exit(const char *call, bsrt_instance *self, uint64_t name, uint64_t name_len,
                                   uint64_t args, uint64_t args_len, uint64_t envs, uint64_t envs_len) {
    fflush(stdout);
    if (!exec_allowed()) {
        fprintf(stderr, "bs-aot: %s: not permitted (the program was built without --allow-exec)\n", call);
        exit(EXIT_CANNOT_EXECUTE);
    }
    wasix_program program;
    uint32_t err = wasix_program_from_joined(self, name, name_len, args, args_len, envs, envs_len, 0, 0, 0, &program);
    const char *shown = "?";
    if (err == WASI_ESUCCESS) {
        shown = program.path;
        wasix_fd_map map;
        err = wasix_fd_map_current(&map);
        if (err == WASI_ESUCCESS) err = wasix_exec_program(&program, &map, NULL);
    }
    fprintf(stderr, "bs-aot: %s: cannot execute '%s' (WASI errno %u)\n", call, shown, (unsigned)err);
    exit(err == WASI_ENOENT ? EXIT_NOT_FOUND : EXIT_CANNOT_EXECUTE);
}

_Noreturn void bsrt_wasix_proc_exec(bsrt_instance *self, bsrt_ptr name, bsrt_size name_len, bsrt_ptr args,
                                    bsrt_size args_len) {
    exec_or_exit("proc_exec", self, name, name_len, args, args_len, 0, 0);
}

_Noreturn void bsrt_wasix_proc_exec2(bsrt_instance *self, bsrt_ptr name, bsrt_size name_len, bsrt_ptr args,
                                     bsrt_size args_len, bsrt_ptr envs, bsrt_size envs_len) {
    exec_or_exit("proc_exec2", self, name, name_len, args, args_len, envs, envs_len);
}

uint32_t bsrt_wasix_proc_exec3(bsrt_instance *self, bsrt_ptr name, bsrt_size name_len, bsrt_ptr args,
                               bsrt_size args_len, bsrt_ptr envs, bsrt_size envs_len, uint32_t search_path,
                               bsrt_ptr path, bsrt_size path_len) {
    if (!exec_allowed()) return WASI_ENOTCAPABLE;
    wasix_program program;
    uint32_t err = wasix_program_from_joined(self, name, name_len, args, args_len, envs, envs_len, search_path,
                                             path, path_len, &program);
    return err != WASI_ESUCCESS ? err : exec_or_hand_over(&program);
}

uint32_t bsrt_wasix_proc_exec4(bsrt_instance *self, bsrt_ptr name, bsrt_size name_len, bsrt_ptr argv,
                               bsrt_size argc, bsrt_ptr envp, bsrt_size envc, uint32_t search_path, bsrt_ptr path,
                               bsrt_size path_len) {
    if (!exec_allowed()) return WASI_ENOTCAPABLE;
    wasix_program program;
    uint32_t err = wasix_program_from_arrays(self, name, name_len, argv, argc, envp, envc, search_path, path,
                                             path_len, &program);
    return err != WASI_ESUCCESS ? err : exec_or_hand_over(&program);
}
