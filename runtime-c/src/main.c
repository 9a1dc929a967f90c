/*
 * main.c: bsrt_main, the process entry of a bs-aot executable.
 *
 * Exit statuses, as wasmtime's `run` uses them: 0 when _start returns, n when the guest calls
 * proc_exit(n) (that exits directly from wasi/proc.c), 134 (128 + SIGABRT) after a trap, with
 * one line on stderr: "bs-aot: trap: <reason> in <function>"; 1 when a granted directory cannot
 * be opened at start-up (as wasmtime refuses to start without a --dir it was given).
 */
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bsrt.h"
#include "bsrt_internal.h"
#include "bsrt_wasi.h"

#define EXIT_TRAP 134

static void call_start(void *arg) {
    const bsrt_func *start = arg;
    ((void (*)(bsrt_instance *))start->code)(start->instance);
}

/* The guest's environment: the host's (unless the build said --no-inherit-env) with the
 * built-in NAME=VALUE entries replacing or adding to it, and built-in bare NAMEs taking the
 * host's value. Built once; never freed. */
char **bsrt_guest_environment(const bsrt_wasi_config *config) {
    size_t inherited = 0;
    bool inherit = config == NULL || config->inherit_env;
    if (inherit)
        while (environ[inherited]) inherited++;
    size_t baked = config ? config->env_count : 0;
    char **env = calloc(inherited + baked + 1, sizeof *env);
    if (env == NULL) return environ;
    size_t count = 0;
    for (size_t i = 0; i < inherited; i++) env[count++] = environ[i];
    for (size_t b = 0; b < baked; b++) {
        const char *entry = config->env[b];
        const char *eq = strchr(entry, '=');
        if (eq == NULL) {
            /* A bare NAME passes the host's value through (wasmtime's --env NAME). */
            const char *value = getenv(entry);
            char *copy = value ? malloc(strlen(entry) + strlen(value) + 2) : NULL;
            if (copy == NULL) continue;
            sprintf(copy, "%s=%s", entry, value);
            entry = copy;
            eq = strchr(entry, '=');
        }
        size_t name_len = (size_t)(eq - entry) + 1;
        size_t i = 0;
        while (i < count && strncmp(env[i], entry, name_len) != 0) i++;
        env[i] = (char *)entry;
        if (i == count) count++;
    }
    return env;
}

int bsrt_main(int argc, char **argv, const bsrt_module *module, const struct bsrt_wasi_config *config) {
    bsrt_limits_apply(config);
    bsrt_backtrace_enable(config != NULL && config->backtrace_on_trap);
    bsrt_wasi_set_args(argc, argv);
    bsrt_wasi_set_environ(bsrt_guest_environment(config));
    char error[512];
    if (bsrt_wasi_init_descriptors(config, error, sizeof error) != 0) {
        fprintf(stderr, "bs-aot: %s\n", error);
        exit(EXIT_FAILURE);
    }
    /* A write to a closed pipe returns EPIPE to the guest instead of killing the process,
     * as under wasmtime; the guest's libc decides what to do about it. */
    signal(SIGPIPE, SIG_IGN);
    /* The guest has no host call that blocks signals (wasix-libc's sigprocmask is its own
     * bookkeeping), so an inherited blocked mask would hold back every signal it asks for:
     * start with none blocked. Inherited ignored signals stay ignored, as proc_signals_get
     * reports them. */
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);

    bsrt_trap_code trap;
    bsrt_instance *instance = module->static_instance;
    if (instance != NULL) {
        trap = bsrt_instantiate_into(instance, module, NULL);
    } else {
        instance = bsrt_instantiate(module, NULL, &trap);
    }
    if (instance == NULL) {
        fprintf(stderr, "bs-aot: fatal: out of memory creating the instance of %s\n", module->name);
        exit(EXIT_TRAP);
    }
    if (trap != BSRT_TRAP_NONE) bsrt_exit_with_trap();

    bsrt_extern start;
    if (bsrt_find_export(instance, "_start", &start)) {
        /* WASI requires _start to be a () -> () function; anything else cannot be called. */
        if (start.kind != BSRT_EXTERN_FUNC || start.as.func == NULL ||
            start.as.func->type_id != bsrt_type_id(":")) {
            fprintf(stderr, "bs-aot: fatal: export _start of %s is not a function of type () -> ()\n",
                    module->name);
            exit(EXIT_FAILURE);
        }
        bsrt_trap_code outcome = bsrt_call_guarded(call_start, (void *)start.as.func);
        /* WASIX thread_exit on the main thread: the process lives on while other threads do,
         * as after pthread_exit in main, and ends with status 0 after the last. */
        if (outcome == BSRT_TRAP_THREAD_EXIT) bsrt_wasix_main_thread_exit();
        if (outcome != BSRT_TRAP_NONE) bsrt_exit_with_trap();
    }
    /* The instance is not freed: the process ends here and the kernel reclaims everything. */
    fflush(NULL);
    exit(EXIT_SUCCESS);
}
