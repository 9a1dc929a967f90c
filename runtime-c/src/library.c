/*
 * library.c: start-up of modules embedded in another program (bs-aot build --lib).
 *
 * An executable's bsrt_main owns its process; a library shares the embedder's. So this does
 * what bsrt_main does before it instantiates, once per process, minus everything that would
 * change the embedding program: no signal disposition or mask changes (SIGPIPE keeps the
 * embedder's disposition), no rlimits (--max-stack and --cpu-limit are refused with --lib), no
 * BS_AOT_* variables, and no inherited sockets handed to the guest (they are the embedder's).
 *
 * The WASI state (descriptor table, arguments, environment, working directory) is one per
 * process, shared by every instance of every library: the first configuration installs it and
 * later ones must say the same, or a library built without grants could see another's.
 */
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "bsrt_internal.h"
#include "bsrt_wasi.h"

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static const bsrt_wasi_config *installed;
/* A failed start-up (a grant that cannot be opened) fails every later call the same way. */
static char failure[512];

static bool same_strings(const char *const *a, const char *const *b, size_t count) {
    for (size_t i = 0; i < count; i++)
        if (strcmp(a[i], b[i]) != 0) return false;
    return true;
}

static bool same_config(const bsrt_wasi_config *a, const bsrt_wasi_config *b) {
    if (a->grant_count != b->grant_count || a->env_count != b->env_count || a->inherit_env != b->inherit_env ||
        a->allow_exec != b->allow_exec || a->allow_clock_set != b->allow_clock_set || a->allow_net != b->allow_net ||
        a->net_allow_count != b->net_allow_count || a->embedded_count != b->embedded_count ||
        a->max_memory_bytes != b->max_memory_bytes ||
        a->max_threads != b->max_threads)
        return false;
    for (size_t i = 0; i < a->grant_count; i++)
        if (strcmp(a->grants[i].host_path, b->grants[i].host_path) != 0 ||
            strcmp(a->grants[i].guest_path, b->grants[i].guest_path) != 0)
            return false;
    return same_strings(a->env, b->env, a->env_count) && same_strings(a->net_allow, b->net_allow, a->net_allow_count);
}

int bsrt_wasi_library_init(const bsrt_wasi_config *config, const char *program_name, char *error, size_t error_size) {
    pthread_mutex_lock(&lock);
    int result = 0;
    if (failure[0] != '\0') {
        snprintf(error, error_size, "%s", failure);
        result = -1;
    } else if (installed != NULL) {
        if (installed != config && !same_config(installed, config)) {
            snprintf(error, error_size,
                     "this process's WASI state was set up by another bs-aot library, built with other "
                     "grants, environment or limits");
            result = -1;
        }
    } else {
        static char *argv[2];
        argv[0] = (char *)program_name;
        bsrt_wasi_set_args(1, argv);
        bsrt_wasi_set_environ(bsrt_guest_environment(config));
        bsrt_limit_memory_bytes = config->max_memory_bytes;
        bsrt_limit_threads = config->max_threads;
        if (bsrt_wasi_init_descriptors(config, failure, sizeof failure) != 0) {
            snprintf(error, error_size, "%s", failure);
            result = -1;
        } else {
            installed = config;
        }
    }
    pthread_mutex_unlock(&lock);
    return result;
}
