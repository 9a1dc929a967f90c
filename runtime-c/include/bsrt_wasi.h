/*
 * bsrt_wasi.h: the process state the WASI calls report, set by bsrt_main or another driver.
 * The host functions themselves are declared in bsrt_host.h, from the list in bsrt_host.def.
 *
 */
#ifndef BSRT_WASI_H
#define BSRT_WASI_H

#include <stddef.h>
#include <stdint.h>

#include "bsrt.h"
#include "bsrt_host.h"

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

/* A directory tree packed into the executable (bs-aot build --embed-dir HOST::GUEST): the
 * guest sees it, read-only, as the pre-opened directory `guest_path`. The translator emits it
 * as constant data (runtime-c/src/wasi/embedded.c serves it; README.md, "Distribution").
 *
 * nodes[0] is the root directory. The children of a directory are the `count` nodes from
 * index `first` on, sorted by name (bytewise, a shorter name before its extensions), so a
 * lookup is a binary search. A name is `name_len` bytes at names + name (no NUL). */
enum { BSRT_EMBEDDED_FILE = 1, BSRT_EMBEDDED_DIRECTORY = 2, BSRT_EMBEDDED_SYMLINK = 3 };
typedef struct bsrt_embedded_node {
    uint32_t name, name_len;
    uint32_t parent;      /* the directory holding it (the root: 0, itself) */
    uint32_t first, count; /* a directory's children */
    uint32_t kind;        /* BSRT_EMBEDDED_* */
    uint64_t size;        /* a file's bytes, a symlink's target length */
    const unsigned char *data; /* a file's contents, a symlink's target (not NUL-terminated) */
    int64_t mtime_ns;     /* the host file's modification time when it was packed */
} bsrt_embedded_node;
typedef struct bsrt_embedded_dir {
    const char *guest_path;
    const bsrt_embedded_node *nodes;
    uint32_t node_count;
    const char *names;
} bsrt_embedded_dir;

/* What an executable was built with (bs-aot build --dir/--env/--no-inherit-env). */
typedef struct bsrt_wasi_config {
    const bsrt_wasi_grant *grants;
    size_t grant_count;
    const char *const *env; /* "NAME=VALUE" strings added to (or replacing) inherited ones */
    size_t env_count;
    int inherit_env; /* nonzero: the guest starts with the host's environment */
    /* Grants beyond the file system (bs-aot build --allow-exec/--allow-clock-set/--allow-net):
     * without them proc_exec* and proc_spawn* answer NOTCAPABLE, clock_time_set answers PERM,
     * and sock_open/sock_pair/resolve answer NOTCAPABLE. */
    int allow_exec;
    int allow_clock_set;
    int allow_net; /* nonzero: sockets may be opened */
    /* With allow_net: when net_allow_count > 0, bind and connect (and resolve) only reach these
     * "HOST:PORT" entries (HOST an address or name, or *; PORT a number or *). */
    const char *const *net_allow;
    size_t net_allow_count;
    /* --embed-dir: read-only trees pre-opened after the grants, in order. */
    const bsrt_embedded_dir *embedded;
    size_t embedded_count;
    /* Resource limits (bs-aot build --max-memory/--max-stack/--cpu-limit/--max-threads; 0 means
     * none). The environment variables BS_AOT_MAX_MEMORY, BS_AOT_MAX_STACK, BS_AOT_CPU_LIMIT and
     * BS_AOT_MAX_THREADS may lower them at run time, never raise them (see limits.c). */
    uint64_t max_memory_bytes; /* every memory: memory.grow fails past it */
    uint64_t max_stack_bytes;  /* the native stack of every guest thread */
    uint32_t cpu_limit_seconds; /* CPU time, then the process ends with status 152 */
    uint32_t max_threads;       /* guest threads alive at once besides the main one */
    /* bs-aot build -g: a trap that ends the program also prints the WebAssembly call stack. */
    int backtrace_on_trap;
    /* Nonzero in a library (bs-aot build --lib, bsrt_wasi_library_init): no inherited socket
     * is handed to the guest, and proc_exit unwinds to the embedder's call (BSRT_TRAP_EXIT)
     * instead of ending the process. */
    int in_library;
} bsrt_wasi_config;

/* The configuration bsrt_wasi_init_descriptors was given (an all-zero one before that). */
const bsrt_wasi_config *bsrt_wasi_current_config(void);

/* Sets up the guest's descriptors: 0-2 are the host's stdio (those that are open), the grants
 * follow from 3 in order, then the embedded trees, then any sockets the process inherited (the host "hands in"
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

/* ---- Embedded modules (bs-aot build --lib) ---------------------------------------------- */

/* What bsrt_main does before it instantiates, for a module in a library, on the first call in
 * the process: the guest's arguments are just `program_name`, its environment is built from
 * `config` as an executable's is, its descriptors are the host's stdio and the grants of
 * `config` (never the embedder's other descriptors), and the memory and thread limits of
 * `config` apply (not the stack and CPU limits, nor the BS_AOT_* variables: those are the
 * embedding program's business). Signal dispositions are left alone. `config->in_library` must
 * be nonzero. Later calls check that `config` says the same as the first (another library of
 * the same program may not widen or narrow the process's one sandbox). Thread-safe. Returns 0,
 * or -1 with a message in `error` (a grant cannot be opened, another configuration). */
int bsrt_wasi_library_init(const bsrt_wasi_config *config, const char *program_name, char *error, size_t error_size);

/* The status of the last proc_exit on this thread that unwound as BSRT_TRAP_EXIT. */
uint32_t bsrt_wasi_exit_status(void);

#ifdef __cplusplus
}
#endif
#endif /* BSRT_WASI_H */
