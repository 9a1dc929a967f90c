/*
 * exec_internal.h: what exec.c (proc_exec*, proc_spawn*) and process.c (proc_fork_env's
 * "vfork child") share, private to runtime-c/src/wasix/.
 *
 * A native runtime starts HOST programs. A new program must see the guest's descriptor table
 * as its own 0, 1, 2, ...: guest descriptor N becomes host descriptor N in the new program.
 * wasix_fds_install does that renumbering in the process that is about to execve, and
 * wasix_fds_restore undoes it when execve fails, so that a failed in-place exec returns an
 * errno to an intact process.
 */
#ifndef BSRT_WASIX_EXEC_INTERNAL_H
#define BSRT_WASIX_EXEC_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wasix_internal.h"

/* A NULL-terminated vector of malloc'ed strings (argv, envp). */
typedef struct wasix_strings {
    char **items;
    size_t count, capacity;
} wasix_strings;

uint32_t wasix_strings_add(wasix_strings *list, const char *bytes, size_t len);
void wasix_strings_free(wasix_strings *list);

/* A program to start: the host executable's path, its argv (argv[0] included) and envp. */
typedef struct wasix_program {
    char *path;
    wasix_strings argv;
    wasix_strings envp;
} wasix_program;

void wasix_program_free(wasix_program *program);
/* Reads a program from guest memory: '\n'-joined args/envs (proc_exec3, proc_spawn2) or pointer
 * arrays of NUL-terminated strings (proc_exec4, proc_spawn3); envs/envp 0 inherits the guest's
 * environment; the name is searched in PATH when search_path is set (path/path_len, or the
 * guest's PATH when not given). FAULT, INVAL (a NUL inside), NOENT/ACCES (not found), NOMEM. */
uint32_t wasix_program_from_joined(bsrt_instance *self, uint64_t name, uint64_t name_len, uint64_t args,
                                   uint64_t args_len, uint64_t envs, uint64_t envs_len, uint32_t search_path,
                                   uint64_t path, uint64_t path_len, wasix_program *out);
uint32_t wasix_program_from_arrays(bsrt_instance *self, uint64_t name, uint64_t name_len, uint64_t argv,
                                   uint64_t argc, uint64_t envp, uint64_t envc, uint32_t search_path,
                                   uint64_t path, uint64_t path_len, wasix_program *out);

/* The descriptors a new program gets: entries[N] (host >= 0 and !cloexec) becomes its
 * descriptor N. A copy of the guest's table (wasi_fd_table_copy), possibly edited. */
typedef struct wasix_fd_map {
    wasi_fd *entries;
    uint32_t count;
} wasix_fd_map;

/* What wasix_fds_install changed, for wasix_fds_restore. */
typedef struct wasix_fd_saved {
    int top;       /* host numbers 0..top were renumbered */
    int *copies;   /* per number: a CLOEXEC copy of what was open there, or -1 */
    int *flags;    /* per number: its F_GETFD flags (or -1 when it was closed) */
    int *keep_fd;  /* the caller's descriptor moved above top, and its old number */
    int keep_old;
} wasix_fd_saved;

/* The guest's current table as a map (CLOEXEC entries are kept but not given to programs). */
uint32_t wasix_fd_map_current(wasix_fd_map *out);
/* The highest host number install renumbers (at least 2, so closed stdio stays closed). */
int wasix_fd_map_top(const wasix_fd_map *map);
/* Makes host descriptor N a copy of map entry N for each entry given on; every other host
 * descriptor is close-on-exec. *keep_fd (if keep_fd is not NULL), a descriptor the caller needs
 * until execve, is moved above the renumbered range. Not thread-safe (fork child or a process
 * about to exec). */
uint32_t wasix_fds_install(const wasix_fd_map *map, int *keep_fd, wasix_fd_saved *saved);
void wasix_fds_restore(wasix_fd_saved *saved);

/* Resets what the runtime changed in the process's signal state (SIGPIPE ignored, blocked
 * masks), so that a new program starts with the defaults a shell would give it. */
void wasix_exec_reset_signals(void);
/* execve(program) with the map installed; returns only on failure, with everything restored,
 * the WASI errno of the failure. keep_fd as for wasix_fds_install. */
uint32_t wasix_exec_program(const wasix_program *program, const wasix_fd_map *map, int *keep_fd);

/* ---- process.c: the proc_fork_env ("vfork child") state ----------------------------------- */

/* True on the thread that called proc_fork_env until its proc_exec3/proc_exit2. */
bool wasix_vfork_active(void);
/* In that state: hands the program to the child allocated at proc_fork_env, which starts it
 * with the current guest descriptors; on success the parent's state is restored and 0
 * returned (the caller then returns 0 to the guest), else the errno and the state stays. */
uint32_t wasix_vfork_exec(const wasix_program *program);

#endif /* BSRT_WASIX_EXEC_INTERNAL_H */
