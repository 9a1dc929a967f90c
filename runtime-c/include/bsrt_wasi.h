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

#include <stdint.h>

#include "bsrt.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Process state the WASI calls report (set by bsrt_main or another driver) ----------- */

/* The arguments args_get reports (argv[0] included). The strings are not copied: they must
 * outlive every guest call. Until set, the guest sees no arguments. */
void bsrt_wasi_set_args(int argc, char **argv);
/* The environment environ_get reports ("KEY=VALUE" strings, NULL-terminated, not copied).
 * Until set, the guest sees an empty environment; bsrt_main passes the host's. */
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

/* ---- file descriptors (wasi/fd.c); guest fds are host fds, no preopens yet ---------------- */

/* writev of the ciovec array (8-byte {buf, buf_len} entries); writes the byte count. */
uint32_t bsrt_wasi_fd_write(bsrt_instance *self, uint32_t fd, uint32_t iovs, uint32_t iovs_len,
                            uint32_t ret_nwritten);
/* readv into the iovec array; writes the byte count (0 at end of file). */
uint32_t bsrt_wasi_fd_read(bsrt_instance *self, uint32_t fd, uint32_t iovs, uint32_t iovs_len, uint32_t ret_nread);
/* close(fd). */
uint32_t bsrt_wasi_fd_close(bsrt_instance *self, uint32_t fd);
/* lseek with preview1 whence (0 SET, 1 CUR, 2 END); offset is a signed delta; writes the new
 * offset as a u64. SPIPE on pipes and terminals. */
uint32_t bsrt_wasi_fd_seek(bsrt_instance *self, uint32_t fd, uint64_t offset, uint32_t whence,
                           uint32_t ret_newoffset);
/* fd_seek of `wasi_unstable` (preview0), whose whence numbering is 0 CUR, 1 END, 2 SET. */
uint32_t bsrt_wasi_unstable_fd_seek(bsrt_instance *self, uint32_t fd, uint64_t offset, uint32_t whence,
                                    uint32_t ret_newoffset);
/* Writes the 24-byte fdstat: the file type from fstat (pipes are UNKNOWN, WASI has no pipe
 * type), fdflags from fcntl, and every right the descriptor really has: no directory rights on
 * a non-directory, no FD_SEEK/FD_TELL when it cannot seek (which is what makes the guest's
 * isatty() work), no FD_READ or FD_WRITE when the access mode excludes it. */
uint32_t bsrt_wasi_fd_fdstat_get(bsrt_instance *self, uint32_t fd, uint32_t ret_stat);
/* No directories are pre-opened yet: BADF for every fd, which ends the guest's enumeration. */
uint32_t bsrt_wasi_fd_prestat_get(bsrt_instance *self, uint32_t fd, uint32_t ret_prestat);
/* BADF for every fd (see fd_prestat_get). */
uint32_t bsrt_wasi_fd_prestat_dir_name(bsrt_instance *self, uint32_t fd, uint32_t path, uint32_t path_len);

/* ---- random, process, scheduling (wasi/random.c, wasi/proc.c) ----------------------------- */

/* Fills [buf, buf+buf_len) with bytes from getrandom(2). */
uint32_t bsrt_wasi_random_get(bsrt_instance *self, uint32_t buf, uint32_t buf_len);
/* Exits the process with `code` (stdio flushed by exit(3)); never returns. */
_Noreturn void bsrt_wasi_proc_exit(bsrt_instance *self, uint32_t code);
/* sched_yield(2); always SUCCESS. */
uint32_t bsrt_wasi_sched_yield(bsrt_instance *self);

#ifdef __cplusplus
}
#endif
#endif /* BSRT_WASI_H */
