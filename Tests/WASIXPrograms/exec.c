/* exec.c: proc_exec3/proc_exec4 (in a forked child, and in a proc_fork_env "vfork child"),
 * proc_exec/proc_exec2, proc_spawn/proc_spawn2/proc_spawn3 and proc_exit2, starting host
 * programs (/bin/sh, /bin/echo, echo from PATH). Built with `--allow-exec --dir .`; writes
 * and removes spawned.txt in its working directory. Every child is joined. */
#include <stdio.h>
#include <unistd.h>

#include "wasix_process.h"

/* Forks a child whose stdout is a new pipe; the child runs `body`. Returns the pid and the
 * parent's read end. */
static uint32_t fork_with_stdout(uint32_t *read_end, void (*body)(void)) {
    uint32_t r, w, pid = 0;
    if (wx_fd_pipe(&r, &w) != 0 || wx_proc_fork(1, &pid) != 0) return 0;
    if (pid == 0) {
        wx_fd_renumber(w, 1);
        __wasi_fd_close(w);
        __wasi_fd_close(r);
        body();
        __wasi_proc_exit(99); /* body's exec failed */
    }
    __wasi_fd_close(w);
    *read_end = r;
    return pid;
}

static void exec3_sh(void) {
    wx_proc_exec3(S("/bin/sh"), S("sh\n-c\necho \"$1-$FOO-${HOME:-nohome}\"\nzero\none\n"), S("FOO=bar"), 0, 0, 0);
}
static void exec3_search(void) { wx_proc_exec3(S("echo"), S("echo\nfound\nin PATH"), 0, 0, 1, S("/nonexistent:/bin:/usr/bin")); }
static void exec4_arrays(void) {
    const char *argv[] = {"sh", "-c", "echo \"$# $1 $V\"", "x", "two words"};
    const char *envp[] = {"V=four"};
    wx_proc_exec4(S("/bin/sh"), argv, 5, envp, 1, 0, 0, 0);
}
static void exec2_exit(void) { wx_proc_exec2(S("/bin/sh"), S("sh\n-c\necho exec2 $E; exit 7"), S("E=env")); }
static void exec_missing(void) { wx_proc_exec(S("/nonexistent/program"), S("program")); }

static void expect_output(void (*body)(void), const char *expected, int code, const char *what) {
    uint32_t r = 0;
    uint32_t pid = fork_with_stdout(&r, body);
    char buf[256] = "";
    if (pid) read_all(r, buf, sizeof buf);
    wx_join_status st = pid ? join(pid) : (wx_join_status){.tag = 0xff};
    if (strcmp(buf, expected) != 0) printf("  output was '%s'\n", buf);
    CHECK(strcmp(buf, expected) == 0 && st.tag == JOIN_EXIT_NORMAL && st.code == code, what);
}

static void test_exec(void) {
    expect_output(exec3_sh, "one-bar-nohome\n", 0, "proc_exec3 runs /bin/sh with args and only the given env");
    expect_output(exec3_search, "found in PATH\n", 0, "proc_exec3 searches the given PATH");
    expect_output(exec4_arrays, "1 two words four\n", 0, "proc_exec4 passes argv and envp arrays");
    expect_output(exec2_exit, "exec2 env\n", 7, "proc_exec2 replaces the child; its exit code is joined");
    expect_output(exec_missing, "", 127, "proc_exec of a missing program ends the process with 127");
    CHECK_EQ(wx_proc_exec3(S("/nonexistent/program"), S("x"), 0, 0, 0, 0, 0), WX_NOENT,
             "proc_exec3 of a missing program returns NOENT");
    CHECK_EQ(wx_proc_exec3(S("no-such-program-anywhere"), S("x"), 0, 0, 1, S("/bin:/usr/bin")), WX_NOENT,
             "proc_exec3 PATH search failure returns NOENT");
    CHECK_EQ(wx_proc_exec3((const char *)0xfffffff0, 100, S("x"), 0, 0, 0, 0, 0), WX_FAULT, "proc_exec3 name checked");
    /* The failed execs left this process as it was: stdout still works. */
    CHECK(1, "stdout still works after failed in-place execs");
}

static void test_fork_env(void) {
    uint32_t r, w, pid = 0;
    wx_fd_pipe(&r, &w);
    CHECK_EQ(wx_proc_fork_env(&pid), WX_SUCCESS, "proc_fork_env succeeds");
    /* Now the "vfork child": redirect stdout into the pipe, then exec. */
    uint32_t nested = 0;
    int32_t nested_err = wx_proc_fork_env(&nested);
    wx_fd_renumber(w, 1);
    int32_t missing = wx_proc_exec3(S("/nonexistent/program"), S("x"), 0, 0, 0, 0, 0);
    int32_t err = wx_proc_exec3(S("/bin/echo"), S("echo\nfrom the vfork child"), 0, 0, 0, 0, 0);
    /* Back in the parent's context: stdout is the parent's again. */
    CHECK_EQ(nested_err, WX_NOTSUP, "nested proc_fork_env is NOTSUP");
    CHECK_EQ(missing, WX_NOENT, "proc_exec3 failure in the vfork child returns the errno");
    CHECK_EQ(err, WX_SUCCESS, "proc_exec3 in the vfork child returns 0");
    CHECK(pid > 1, "proc_fork_env writes the child's pid");
    __wasi_fd_close(w);
    char buf[64];
    read_all(r, buf, sizeof buf);
    CHECK(strcmp(buf, "from the vfork child\n") == 0, "the vfork child's program writes to the redirected stdout");
    wx_join_status st = join(pid);
    CHECK(st.tag == JOIN_EXIT_NORMAL && st.code == 0, "proc_join reaps the vfork child's program");

    pid = 0;
    CHECK_EQ(wx_proc_fork_env(&pid), WX_SUCCESS, "proc_fork_env again");
    wx_proc_exit2(5);
    CHECK(1, "proc_exit2 in the vfork child returns");
    st = join(pid);
    CHECK(st.tag == JOIN_EXIT_NORMAL && st.code == 5, "proc_exit2's code is the vfork child's exit status");
}

static void test_spawn(void) {
    uint32_t r, w, pid = 0;
    wx_fd_pipe(&r, &w);
    wx_fd_op dup_op = {.cmd = OP_DUP2, .fd = 1, .src_fd = w};
    wx_signal_disposition sigs[] = {{.sig = 13, .disp = 0}};
    CHECK_EQ(wx_proc_spawn2(S("echo"), S("echo\nspawned\nby spawn2"), 0, 0, &dup_op, 1, sigs, 1, 1, 0, 0, &pid),
             WX_SUCCESS, "proc_spawn2 with a DUP2 action");
    __wasi_fd_close(w);
    char buf[128];
    read_all(r, buf, sizeof buf);
    CHECK(strcmp(buf, "spawned by spawn2\n") == 0, "proc_spawn2 DUP2 redirects the child's stdout into a pipe");
    wx_join_status st = join(pid);
    CHECK(st.tag == JOIN_EXIT_NORMAL && st.code == 0, "proc_spawn2's child is joined");

    wx_fd_op open_op = {.cmd = OP_OPEN, .fd = 1, .path = "spawned.txt", .path_len = 11,
                        .oflags = __WASI_OFLAGS_CREAT | __WASI_OFLAGS_TRUNC,
                        .rights_base = __WASI_RIGHTS_FD_WRITE, .rights_inheriting = __WASI_RIGHTS_FD_WRITE};
    const char *argv[] = {"sh", "-c", "echo into $0", "the file"};
    pid = 0;
    CHECK_EQ(wx_proc_spawn3(S("/bin/sh"), argv, 4, 0, 0, &open_op, 1, 0, 0, 0, 0, 0, &pid), WX_SUCCESS,
             "proc_spawn3 with an OPEN action");
    st = join(pid);
    CHECK(st.tag == JOIN_EXIT_NORMAL && st.code == 0, "proc_spawn3's child is joined");
    FILE *f = fopen("spawned.txt", "r");
    char line[64] = "";
    if (f) {
        fgets(line, sizeof line, f);
        fclose(f);
    }
    CHECK(strcmp(line, "into the file\n") == 0, "proc_spawn3 OPEN redirects the child's stdout into a file");
    unlink("spawned.txt");

    wx_fd_op bad_open = {.cmd = OP_OPEN, .fd = 1, .path = "/etc/passwd", .path_len = 11,
                         .rights_base = __WASI_RIGHTS_FD_READ};
    CHECK_EQ(wx_proc_spawn3(S("/bin/sh"), argv, 4, 0, 0, &bad_open, 1, 0, 0, 0, 0, 0, &pid), WX_NOTCAPABLE,
             "proc_spawn3 OPEN outside the grants is NOTCAPABLE");
    CHECK_EQ(wx_proc_spawn2(S("/nonexistent/program"), S("x"), 0, 0, 0, 0, 0, 0, 0, 0, 0, &pid), WX_NOENT,
             "proc_spawn2 of a missing program returns NOENT");
    wx_fd_op bad_dup = {.cmd = OP_DUP2, .fd = 1, .src_fd = 777};
    CHECK_EQ(wx_proc_spawn2(S("/bin/echo"), S("echo"), 0, 0, &bad_dup, 1, 0, 0, 0, 0, 0, &pid), WX_BADF,
             "proc_spawn2 reports a failing action's errno");

    wx_process_handles handles;
    memset(&handles, 0xee, sizeof handles);
    CHECK_EQ(wx_proc_spawn(S("echo"), 0, S("echo\npiped\nstdout"), 0, 0, STDIO_NULL, STDIO_PIPED, STDIO_INHERIT, 0, 0,
                           &handles), WX_SUCCESS, "proc_spawn with PIPED stdout");
    CHECK(handles.in.tag == 0 && handles.out.tag == 1 && handles.err.tag == 0,
          "proc_spawn returns a handle only for the PIPED stream");
    read_all(handles.out.fd, buf, sizeof buf);
    CHECK(strcmp(buf, "piped stdout\n") == 0, "proc_spawn's PIPED stdout reaches the parent");
    st = join(handles.pid);
    CHECK(st.tag == JOIN_EXIT_NORMAL && st.code == 0, "proc_spawn's child is joined");
    CHECK_EQ(wx_proc_spawn(S("echo"), 1, S("echo"), 0, 0, 1, 1, 1, 0, 0, &handles), WX_NOTSUP,
             "proc_spawn with chroot is NOTSUP");
}

int main(void) {
    test_exec();
    test_fork_env();
    test_spawn();
    wx_option_pid any = {.tag = 0};
    wx_join_status st;
    CHECK_EQ(wx_proc_join(&any, 0, &st), WX_CHILD, "no child is left behind");
    return wasix_failures;
}
