/*
 * bsrt_wasi.h: the WASI host functions generated code binds imports to.
 *
 * Each function implements the import of the same name from `wasi_snapshot_preview1` (and
 * from `wasi_unstable` / `wasix_32v1`, except where a bsrt_wasi_unstable_* variant exists for
 * preview0's different layout). Signatures follow the WASM calling convention of bsrt.h: the
 * calling instance first (its memory0 holds every guest pointer), then the WASM parameters,
 * i32 as uint32_t and i64 as uint64_t, returning the WASI errno (abi/wasi-preview1.md §5.1).
 * Guest pointers are checked against memory0's size before use; a bad one gives FAULT (21)
 * and nothing is written. Results are written through the ret_* pointers only on success.
 */
#ifndef BSRT_WASI_H
#define BSRT_WASI_H

#include <stddef.h>
#include <stdint.h>

#include "bsrt.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Process state the WASI calls report (set by bsrt_main or another driver) ----------- */

/* A directory granted to the guest: `host_path` (relative paths are relative to the working
 * directory at start-up) appears to the guest as the pre-opened directory `guest_path`. */
typedef struct bsrt_wasi_grant {
    const char *host_path;
    const char *guest_path;
} bsrt_wasi_grant;

/* What an executable was built with (bs-aot build --dir/--env/--no-inherit-env). */
typedef struct bsrt_wasi_config {
    const bsrt_wasi_grant *grants;
    size_t grant_count;
    const char *const *env; /* "NAME=VALUE" strings added to (or replacing) inherited ones */
    size_t env_count;
    int inherit_env; /* nonzero: the guest starts with the host's environment */
} bsrt_wasi_config;

/* Sets up the guest's descriptors: 0-2 are the host's stdio (those that are open), the grants
 * follow from 3 in order, then any sockets the process inherited (the host "hands in"
 * sockets that way, as systemd socket activation does). Other inherited descriptors are not
 * visible to the guest. Returns 0, or -1 with a message in `error` (a grant cannot be opened
 * or is not a directory). */
int bsrt_wasi_init_descriptors(const bsrt_wasi_config *config, char *error, size_t error_size);

/* The arguments args_get reports (argv[0] included). The strings are not copied: they must
 * outlive every guest call. Until set, the guest sees no arguments. */
void bsrt_wasi_set_args(int argc, char **argv);
/* The environment environ_get reports ("KEY=VALUE" strings, NULL-terminated, not copied).
 * Until set, the guest sees an empty environment; bsrt_main passes the host's (or the built-in
 * one; see bsrt_wasi_config). */
void bsrt_wasi_set_environ(char **envp);

/* ---- args / environ (wasi/args.c) --------------------------------------------------------- */

/* Writes argc u32 pointers at argv, each to a NUL-terminated copy of an argument in argv_buf. */
uint32_t bsrt_wasi_args_get(bsrt_instance *self, uint32_t argv, uint32_t argv_buf);
/* Writes the argument count and the total bytes of the arguments including their NULs. */
uint32_t bsrt_wasi_args_sizes_get(bsrt_instance *self, uint32_t ret_argc, uint32_t ret_buf_size);
/* Like args_get, for the "KEY=VALUE" environment strings. */
uint32_t bsrt_wasi_environ_get(bsrt_instance *self, uint32_t env, uint32_t env_buf);
/* Like args_sizes_get, for the environment. */
uint32_t bsrt_wasi_environ_sizes_get(bsrt_instance *self, uint32_t ret_count, uint32_t ret_buf_size);

/* ---- clocks (wasi/clock.c) ---------------------------------------------------------------- */

/* Writes the resolution of clock_id (REALTIME, MONOTONIC, PROCESS_CPUTIME_ID,
 * THREAD_CPUTIME_ID) in ns as a u64; INVAL for any other id. */
uint32_t bsrt_wasi_clock_res_get(bsrt_instance *self, uint32_t clock_id, uint32_t ret_res);
/* Writes the current time of clock_id in ns as a u64 (precision is a hint and is ignored). */
uint32_t bsrt_wasi_clock_time_get(bsrt_instance *self, uint32_t clock_id, uint64_t precision, uint32_t ret_time);

/* ---- descriptors (wasi/fd.c, wasi/filestat.c, wasi/dir.c) ------------------------------- */

/* Every call checks that fd is open (BADF) and holds the rights the call needs (NOTCAPABLE). */
uint32_t bsrt_wasi_fd_write(bsrt_instance *self, uint32_t fd, uint32_t iovs, uint32_t iovs_len,
                            uint32_t ret_nwritten);
uint32_t bsrt_wasi_fd_read(bsrt_instance *self, uint32_t fd, uint32_t iovs, uint32_t iovs_len, uint32_t ret_nread);
uint32_t bsrt_wasi_fd_pwrite(bsrt_instance *self, uint32_t fd, uint32_t iovs, uint32_t iovs_len, uint64_t offset,
                             uint32_t ret_nwritten);
uint32_t bsrt_wasi_fd_pread(bsrt_instance *self, uint32_t fd, uint32_t iovs, uint32_t iovs_len, uint64_t offset,
                            uint32_t ret_nread);
uint32_t bsrt_wasi_fd_close(bsrt_instance *self, uint32_t fd);
/* lseek with preview1 whence (0 SET, 1 CUR, 2 END); SPIPE on pipes and terminals. */
uint32_t bsrt_wasi_fd_seek(bsrt_instance *self, uint32_t fd, uint64_t offset, uint32_t whence,
                           uint32_t ret_newoffset);
/* fd_seek of `wasi_unstable` (preview0), whose whence numbering is 0 CUR, 1 END, 2 SET. */
uint32_t bsrt_wasi_unstable_fd_seek(bsrt_instance *self, uint32_t fd, uint64_t offset, uint32_t whence,
                                    uint32_t ret_newoffset);
uint32_t bsrt_wasi_fd_tell(bsrt_instance *self, uint32_t fd, uint32_t ret_offset);
uint32_t bsrt_wasi_fd_sync(bsrt_instance *self, uint32_t fd);
uint32_t bsrt_wasi_fd_datasync(bsrt_instance *self, uint32_t fd);
uint32_t bsrt_wasi_fd_advise(bsrt_instance *self, uint32_t fd, uint64_t offset, uint64_t len, uint32_t advice);
uint32_t bsrt_wasi_fd_allocate(bsrt_instance *self, uint32_t fd, uint64_t offset, uint64_t len);
/* Writes the 24-byte fdstat: filetype, fdflags from fcntl, and the rights the entry holds. */
uint32_t bsrt_wasi_fd_fdstat_get(bsrt_instance *self, uint32_t fd, uint32_t ret_stat);
/* APPEND and NONBLOCK can change; asking to change a sync flag gives NOTSUP (Linux cannot). */
uint32_t bsrt_wasi_fd_fdstat_set_flags(bsrt_instance *self, uint32_t fd, uint32_t flags);
/* Rights only shrink: asking for a right not held gives NOTCAPABLE. */
uint32_t bsrt_wasi_fd_fdstat_set_rights(bsrt_instance *self, uint32_t fd, uint64_t rights_base,
                                        uint64_t rights_inheriting);
/* Copies `from` into `to`, as dup2 does (wasix-libc's dup2 relies on the copy). */
uint32_t bsrt_wasi_fd_renumber(bsrt_instance *self, uint32_t from, uint32_t to);
/* prestat of a pre-opened directory; BADF for any other fd, which ends the guest's scan. */
uint32_t bsrt_wasi_fd_prestat_get(bsrt_instance *self, uint32_t fd, uint32_t ret_prestat);
uint32_t bsrt_wasi_fd_prestat_dir_name(bsrt_instance *self, uint32_t fd, uint32_t path, uint32_t path_len);
uint32_t bsrt_wasi_fd_filestat_get(bsrt_instance *self, uint32_t fd, uint32_t ret_stat);
/* preview0's 56-byte filestat (u32 nlink). */
uint32_t bsrt_wasi_unstable_fd_filestat_get(bsrt_instance *self, uint32_t fd, uint32_t ret_stat);
uint32_t bsrt_wasi_fd_filestat_set_size(bsrt_instance *self, uint32_t fd, uint64_t size);
uint32_t bsrt_wasi_fd_filestat_set_times(bsrt_instance *self, uint32_t fd, uint64_t atim, uint64_t mtim,
                                         uint32_t fst_flags);
/* dirents from `cookie` on (0 = start; else the d_next of an entry already seen). */
uint32_t bsrt_wasi_fd_readdir(bsrt_instance *self, uint32_t fd, uint32_t buf, uint32_t buf_len, uint64_t cookie,
                              uint32_t ret_bufused);

/* ---- paths (wasi/path.c): every path is resolved beneath fd, never outside it ------------ */

uint32_t bsrt_wasi_path_open(bsrt_instance *self, uint32_t fd, uint32_t dirflags, uint32_t path, uint32_t path_len,
                             uint32_t oflags, uint64_t rights_base, uint64_t rights_inheriting, uint32_t fdflags,
                             uint32_t ret_fd);
uint32_t bsrt_wasi_path_create_directory(bsrt_instance *self, uint32_t fd, uint32_t path, uint32_t path_len);
uint32_t bsrt_wasi_path_remove_directory(bsrt_instance *self, uint32_t fd, uint32_t path, uint32_t path_len);
uint32_t bsrt_wasi_path_unlink_file(bsrt_instance *self, uint32_t fd, uint32_t path, uint32_t path_len);
uint32_t bsrt_wasi_path_filestat_get(bsrt_instance *self, uint32_t fd, uint32_t flags, uint32_t path,
                                     uint32_t path_len, uint32_t ret_stat);
/* preview0's 56-byte filestat (u32 nlink). */
uint32_t bsrt_wasi_unstable_path_filestat_get(bsrt_instance *self, uint32_t fd, uint32_t flags, uint32_t path,
                                              uint32_t path_len, uint32_t ret_stat);
uint32_t bsrt_wasi_path_filestat_set_times(bsrt_instance *self, uint32_t fd, uint32_t flags, uint32_t path,
                                           uint32_t path_len, uint64_t atim, uint64_t mtim, uint32_t fst_flags);
uint32_t bsrt_wasi_path_link(bsrt_instance *self, uint32_t old_fd, uint32_t old_flags, uint32_t old_path,
                             uint32_t old_path_len, uint32_t new_fd, uint32_t new_path, uint32_t new_path_len);
uint32_t bsrt_wasi_path_readlink(bsrt_instance *self, uint32_t fd, uint32_t path, uint32_t path_len, uint32_t buf,
                                 uint32_t buf_len, uint32_t ret_bufused);
uint32_t bsrt_wasi_path_rename(bsrt_instance *self, uint32_t fd, uint32_t old_path, uint32_t old_path_len,
                               uint32_t new_fd, uint32_t new_path, uint32_t new_path_len);
uint32_t bsrt_wasi_path_symlink(bsrt_instance *self, uint32_t old_path, uint32_t old_path_len, uint32_t fd,
                                uint32_t new_path, uint32_t new_path_len);

/* ---- polling (wasi/poll.c) ----------------------------------------------------------------- */

/* Waits for the first of n subscriptions (48 bytes each) and writes their events (32 bytes). */
uint32_t bsrt_wasi_poll_oneoff(bsrt_instance *self, uint32_t in, uint32_t out, uint32_t nsubscriptions,
                               uint32_t ret_nevents);
/* preview0's subscriptions (56 bytes: subscription_clock has an extra u64 identifier). */
uint32_t bsrt_wasi_unstable_poll_oneoff(bsrt_instance *self, uint32_t in, uint32_t out, uint32_t nsubscriptions,
                                        uint32_t ret_nevents);

/* ---- sockets the host handed in (wasi/sock.c) --------------------------------------------- */

uint32_t bsrt_wasi_sock_accept(bsrt_instance *self, uint32_t fd, uint32_t flags, uint32_t ret_fd);
uint32_t bsrt_wasi_sock_recv(bsrt_instance *self, uint32_t fd, uint32_t ri_data, uint32_t ri_data_len,
                             uint32_t ri_flags, uint32_t ret_nread, uint32_t ret_roflags);
uint32_t bsrt_wasi_sock_send(bsrt_instance *self, uint32_t fd, uint32_t si_data, uint32_t si_data_len,
                             uint32_t si_flags, uint32_t ret_nwritten);
uint32_t bsrt_wasi_sock_shutdown(bsrt_instance *self, uint32_t fd, uint32_t how);

/* ---- random, process, scheduling (wasi/random.c, wasi/proc.c) ----------------------------- */

/* Fills [buf, buf+buf_len) with bytes from getrandom(2). */
uint32_t bsrt_wasi_random_get(bsrt_instance *self, uint32_t buf, uint32_t buf_len);
/* Exits the process with `code` (stdio flushed by exit(3)); never returns. */
_Noreturn void bsrt_wasi_proc_exit(bsrt_instance *self, uint32_t code);
/* Raises a signal numbered as preview1 numbers them (§5.14); INVAL for an unknown number. */
uint32_t bsrt_wasi_proc_raise(bsrt_instance *self, uint32_t sig);
/* proc_raise of `wasix_32v1`, whose signal numbers are Linux's (wasix.md). */
uint32_t bsrt_wasix_proc_raise(bsrt_instance *self, uint32_t sig);
/* sched_yield(2); always SUCCESS. */
uint32_t bsrt_wasi_sched_yield(bsrt_instance *self);

#ifdef __cplusplus
}
#endif
#endif /* BSRT_WASI_H */
