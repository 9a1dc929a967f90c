/*
 * main_test.c: bsrt_main end to end, each scenario in a forked child whose exit status,
 * stdout and stderr are checked: _start returning (0), proc_exit(n) (n), each kind of trap
 * (134 and "bs-aot: trap: <reason> in <function>"), a trap during instantiation, a module
 * without _start, and unexpected faults (fatal message, killed by SIGSEGV).
 * bsrt-test: signals (guard-page and stack faults: not run under ASan)
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bsrt_ops.h"
#include "bsrt_wasi.h"
#include "check.h"

typedef struct app_instance {
    bsrt_instance base;
    bsrt_memory memory;
    bsrt_func start;
} app_instance;

static int scenario;
static volatile int keep_going = 1;
static volatile int *volatile bad_pointer = (volatile int *)(uintptr_t)8;
static volatile uint32_t sink; /* keeps otherwise-unused loads (which must still trap) alive */

__attribute__((noinline)) static uint32_t w_recurse(bsrt_instance *self, uint32_t n) {
    if (!keep_going) return 0;
    return w_recurse(self, n + 1) + 1;
}

__attribute__((noinline)) static void w_boom(bsrt_instance *self) {
    (void)self;
    bsrt_trap(BSRT_TRAP_UNREACHABLE, "boom");
}

__attribute__((noinline)) static uint32_t w_oob(bsrt_instance *self, uint32_t p) {
    return bsrt_i32_load(((app_instance *)self)->memory.base, (uint64_t)p + 16);
}

/* The import stub the translator emits for an import it cannot bind. */
__attribute__((noinline)) static void w_missing_import(bsrt_instance *self) {
    (void)self;
    bsrt_trap_unsupported_import("env", "missing");
}

__attribute__((noinline)) static void w_start(bsrt_instance *self) {
    uint8_t *mem = ((app_instance *)self)->memory.base;
    switch (scenario) {
    case 0: /* print "out\n" and return */
        memcpy(mem + 100, "out\n", 4);
        bsrt_i32_store(mem, 200, 100);
        bsrt_i32_store(mem, 204, 4);
        bsrt_wasi_fd_write(self, 1, 200, 1, 300);
        return;
    case 1: w_boom(self); return;
    case 2: bsrt_wasi_proc_exit(self, 7);
    case 3: sink = w_oob(self, 65536 - 16); return;
    case 4: w_missing_import(self); return;
    case 5: w_recurse(self, 0); return;
    case 6: /* exit status = argc, from args_sizes_get */
        bsrt_wasi_args_sizes_get(self, 0, 4);
        bsrt_wasi_proc_exit(self, bsrt_i32_load(mem, 0));
    case 7: *bad_pointer = 1; return; /* a real bug: NULL + 8 */
    }
}

static void app_instantiate(bsrt_instance *self, const bsrt_extern *imports) {
    (void)imports;
    app_instance *in = (app_instance *)self;
    if (bsrt_memory_init(&in->memory, 1, 0, false, 0) != 0) bsrt_trap(BSRT_TRAP_OUT_OF_MEMORY, "<instantiate>");
    self->memory0 = &in->memory;
    in->start = (bsrt_func){(void (*)(void))w_start, bsrt_type_id(":"), self, "_start", NULL};
    if (scenario == 8) { /* an active data segment past the end of memory */
        static const uint8_t data[2] = {1, 2};
        bsrt_memory_init_segment(&in->memory, 65535, data, 2, 0, 2, "<instantiate>");
    }
}

static const bsrt_export_desc app_exports[] = {{"_start", BSRT_EXTERN_FUNC}};

static bsrt_extern app_get_export(bsrt_instance *self, uint32_t index) {
    (void)index;
    return (bsrt_extern){.kind = BSRT_EXTERN_FUNC, .as.func = &((app_instance *)self)->start};
}

static void app_release(bsrt_instance *self) { bsrt_memory_free(&((app_instance *)self)->memory); }

static const void *const app_addresses[] = {(const void *)w_recurse, (const void *)w_boom, (const void *)w_oob,
                                            (const void *)w_missing_import, (const void *)w_start};
static const char *const app_names[] = {"recurse", "boom", "oob", "env.missing", "_start"};

static const bsrt_module app_module = {
    .name = "app",
    .instance_size = sizeof(app_instance),
    .export_count = 1,
    .exports = app_exports,
    .instantiate = app_instantiate,
    .get_export = app_get_export,
    .release = app_release,
    .function_count = 5,
    .function_addresses = app_addresses,
    .function_names = app_names,
};

/* Same module without exports: nothing to start. */
static const bsrt_module library_module = {
    .name = "library",
    .instance_size = sizeof(app_instance),
    .instantiate = app_instantiate,
    .get_export = app_get_export,
    .release = app_release,
};

typedef struct outcome {
    int status;
    char out[512];
    char err[512];
} outcome;

static void read_all(int fd, char *buf, size_t size) {
    size_t used = 0;
    ssize_t n;
    while (used + 1 < size && (n = read(fd, buf + used, size - 1 - used)) > 0) used += (size_t)n;
    buf[used] = '\0';
}

/* Runs bsrt_main (or, for -1, an unguarded fault) in a child; collects what it did. */
static outcome run(int which, const bsrt_module *module) {
    outcome o = {0};
    int out_pipe[2], err_pipe[2];
    if (pipe(out_pipe) != 0 || pipe(err_pipe) != 0) abort();
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        struct rlimit no_core = {0, 0};
        setrlimit(RLIMIT_CORE, &no_core); /* the fatal cases must not leave core files */
        dup2(out_pipe[1], 1);
        dup2(err_pipe[1], 2);
        close(out_pipe[0]);
        close(err_pipe[0]);
        scenario = which;
        if (which == -1) {
            bsrt_memory m;
            bsrt_memory_init(&m, 1, 1, true, 0); /* installs the handler */
            m.base[70000] = 1;                /* a linear-memory fault outside any guarded call */
            _exit(99);
        }
        char *argv[] = {"app", "x", "y", NULL};
        bsrt_main(3, argv, module, NULL);
        _exit(98); /* bsrt_main must not return */
    }
    close(out_pipe[1]);
    close(err_pipe[1]);
    read_all(out_pipe[0], o.out, sizeof o.out);
    read_all(err_pipe[0], o.err, sizeof o.err);
    close(out_pipe[0]);
    close(err_pipe[0]);
    waitpid(pid, &o.status, 0);
    return o;
}

static void check_exit(const outcome *o, int code) {
    CHECK(WIFEXITED(o->status));
    CHECK_EQ(WEXITSTATUS(o->status), code);
}

int main(void) {
    outcome o = run(0, &app_module);
    check_exit(&o, 0);
    CHECK_STR(o.out, "out\n");
    CHECK_STR(o.err, "");

    o = run(1, &app_module);
    check_exit(&o, 134);
    CHECK_STR(o.err, "bs-aot: trap: unreachable in boom\n");

    o = run(2, &app_module);
    check_exit(&o, 7);
    CHECK_STR(o.err, "");

    o = run(3, &app_module);
    check_exit(&o, 134);
    CHECK_STR(o.err, "bs-aot: trap: out of bounds memory access in oob\n");

    o = run(4, &app_module);
    check_exit(&o, 134);
    CHECK_STR(o.err, "bs-aot: trap: unsupported import env.missing called\n");

    o = run(5, &app_module);
    check_exit(&o, 134);
    CHECK_STR(o.err, "bs-aot: trap: call stack exhausted in recurse\n");

    o = run(6, &app_module);
    check_exit(&o, 3);

    o = run(8, &app_module);
    check_exit(&o, 134);
    CHECK_STR(o.err, "bs-aot: trap: out of bounds memory access in <instantiate>\n");

    o = run(0, &library_module);
    check_exit(&o, 0);
    CHECK_STR(o.out, "");

    /* A fault at an address that is neither linear memory nor stack is a crash, not a trap. */
    o = run(7, &app_module);
    CHECK(WIFSIGNALED(o.status) && WTERMSIG(o.status) == SIGSEGV);
    /* (prefix only: an emulator such as qemu-user may add its own report after ours) */
    CHECK(strncmp(o.err, "bs-aot: fatal: unexpected signal 11 at address 0x8\n", 51) == 0);

    /* So is a linear-memory fault outside a guarded call. */
    o = run(-1, &app_module);
    CHECK(WIFSIGNALED(o.status) && WTERMSIG(o.status) == SIGSEGV);
    CHECK(strncmp(o.err, "bs-aot: fatal: unexpected signal 11 at address 0x", 49) == 0);
    return check_finish("main_test");
}
