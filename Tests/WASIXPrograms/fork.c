/* fork.c: proc_fork, proc_join, proc_id, proc_parent, proc_signal and proc_snapshot, with no
 * grants. Every child it starts is joined before it exits. */
#include "wasix_process.h"

static int global_value = 1;

/* A child blocked reading a pipe nobody writes to until the parent closes it; *write_end is
 * the parent's end (the child's copy of it is closed). */
static uint32_t blocked_child(uint32_t *write_end, int exit_code) {
    uint32_t r, w, pid = 0;
    if (wx_fd_pipe(&r, &w) != 0) return 0;
    if (wx_proc_fork(1, &pid) != 0) return 0;
    if (pid == 0) {
        __wasi_fd_close(w);
        char buf[8];
        read_all(r, buf, sizeof buf);
        __wasi_proc_exit(exit_code);
    }
    __wasi_fd_close(r);
    *write_end = w;
    return pid;
}

static void test_fork_pipe_join(void) {
    uint32_t r, w, pid = 12345;
    CHECK_EQ(wx_fd_pipe(&r, &w), WX_SUCCESS, "fd_pipe");
    CHECK_EQ(wx_proc_fork(1, &pid), WX_SUCCESS, "proc_fork succeeds");
    if (pid == 0) {
        write_str(w, "hello from the child");
        __wasi_proc_exit(42);
    }
    CHECK(pid != 0 && pid != 12345, "proc_fork gives the parent the child's pid");
    __wasi_fd_close(w);
    char buf[64];
    read_all(r, buf, sizeof buf);
    CHECK(strcmp(buf, "hello from the child") == 0, "the child's pipe output reaches the parent");
    wx_join_status st = join(pid);
    CHECK_EQ(st.tag, JOIN_EXIT_NORMAL, "proc_join reports a normal exit");
    CHECK_EQ(st.code, 42, "proc_join reports the child's exit code");
}

static void test_isolation(void) {
    int *heap = malloc(sizeof *heap);
    *heap = 10;
    global_value = 5;
    uint32_t r, w, pid = 0;
    wx_fd_pipe(&r, &w);
    wx_proc_fork(1, &pid);
    if (pid == 0) {
        /* The child starts with the parent's values, then changes its own copies. */
        int saw = global_value == 5 && *heap == 10;
        global_value = 99;
        *heap = 99;
        write_str(w, saw ? "saw" : "missed");
        __wasi_proc_exit(global_value == 99 ? 0 : 1);
    }
    __wasi_fd_close(w);
    char buf[16];
    read_all(r, buf, sizeof buf);
    wx_join_status st = join(pid);
    CHECK(strcmp(buf, "saw") == 0, "the child sees the parent's memory at the fork");
    CHECK(st.tag == JOIN_EXIT_NORMAL && st.code == 0, "the child changes its own memory");
    CHECK(global_value == 5, "the parent's global is not changed by the child");
    CHECK(*heap == 10, "the parent's heap is not changed by the child");
    free(heap);
}

static void test_signalled_child(int sig, const char *what) {
    uint32_t w = 0;
    uint32_t pid = blocked_child(&w, 0);
    CHECK(pid != 0, "a blocked child starts");
    CHECK_EQ(wx_proc_signal(pid, 0), WX_SUCCESS, "proc_signal 0 probes a child");
    CHECK_EQ(wx_proc_signal(pid, sig), WX_SUCCESS, "proc_signal reaches a child");
    wx_join_status st = join(pid);
    CHECK_EQ(st.tag, JOIN_EXIT_SIGNAL, what);
    CHECK_EQ(st.sig, sig, "EXIT_SIGNAL carries the WASIX (Linux) signal number");
    CHECK_EQ(st.code, 0, "EXIT_SIGNAL exit_code is 0");
    __wasi_fd_close(w);
}

/* SIGSTOP and SIGKILL, which no inherited signal mask can block (a test runner may start this
 * program with SIGTERM blocked, and a forked child keeps the mask, as natively). */
static void test_stopped_child(void) {
    uint32_t w = 0;
    uint32_t pid = blocked_child(&w, 0);
    CHECK_EQ(wx_proc_signal(pid, 19), WX_SUCCESS, "proc_signal SIGSTOP reaches a child");
    wx_option_pid p = {.tag = 1, .pid = pid};
    wx_join_status st = {.tag = 0xff};
    CHECK_EQ(wx_proc_join(&p, JOIN_WAKE_STOPPED, &st), WX_SUCCESS, "WAKE_STOPPED join of a stopped child");
    CHECK(st.tag == JOIN_STOPPED && ((uint8_t *)&st)[2] == 19, "WAKE_STOPPED join reports STOPPED with SIGSTOP");
    CHECK_EQ(wx_proc_signal(pid, 9), WX_SUCCESS, "proc_signal SIGKILL reaches a stopped child");
    st = join(pid);
    CHECK(st.tag == JOIN_EXIT_SIGNAL && st.sig == 9, "the killed stopped child is EXIT_SIGNAL");
    __wasi_fd_close(w);
}

static void test_non_blocking(void) {
    uint32_t w = 0;
    uint32_t pid = blocked_child(&w, 3);
    wx_option_pid p = {.tag = 1, .pid = pid};
    wx_join_status st = {.tag = 0xff};
    CHECK_EQ(wx_proc_join(&p, JOIN_NON_BLOCKING, &st), WX_SUCCESS, "NON_BLOCKING join of a running child succeeds");
    CHECK_EQ(st.tag, JOIN_NOTHING, "NON_BLOCKING join of a running child is NOTHING");
    CHECK(p.tag == 1 && p.pid == 0, "NON_BLOCKING join of a running child writes SOME(0)");
    wx_option_pid any = {.tag = 0};
    CHECK_EQ(wx_proc_join(&any, JOIN_NON_BLOCKING, &st), WX_SUCCESS, "NON_BLOCKING join of any child succeeds");
    CHECK(st.tag == JOIN_NOTHING && any.tag == 1 && any.pid == 0, "NON_BLOCKING join of any running child is NOTHING");
    __wasi_fd_close(w);
    any = (wx_option_pid){.tag = 0};
    CHECK_EQ(wx_proc_join(&any, 0, &st), WX_SUCCESS, "blocking join of any child");
    CHECK(any.tag == 1 && any.pid == pid, "join of any child writes the reaped pid back");
    CHECK(st.tag == JOIN_EXIT_NORMAL && st.code == 3, "the child exited once its pipe closed");
}

static void test_no_children(void) {
    wx_option_pid p = {.tag = 0};
    wx_join_status st = {.tag = 0xff};
    CHECK_EQ(wx_proc_join(&p, 0, &st), WX_CHILD, "join with no children is CHILD");
    CHECK(p.tag == 0 && st.tag == JOIN_NOTHING, "join with no children leaves NONE and NOTHING");
    p = (wx_option_pid){.tag = 0};
    CHECK_EQ(wx_proc_join(&p, JOIN_NON_BLOCKING, &st), WX_CHILD, "NON_BLOCKING join with no children is CHILD");
    p = (wx_option_pid){.tag = 1, .pid = 1};
    CHECK_EQ(wx_proc_join(&p, 0, &st), WX_CHILD, "join of a process that is not a child is CHILD");
    p = (wx_option_pid){.tag = 7};
    CHECK_EQ(wx_proc_join(&p, 0, &st), WX_INVAL, "join with an invalid option tag is INVAL");
    CHECK_EQ(wx_proc_join((wx_option_pid *)0xfffffffc, 0, &st), WX_FAULT, "join pid pointer checked");
    p = (wx_option_pid){.tag = 0};
    CHECK_EQ(wx_proc_join(&p, 0, (wx_join_status *)0xfffffffe), WX_FAULT, "join status pointer checked");
}

static void test_identity(void) {
    uint32_t self = 0, parent = 0;
    CHECK_EQ(wx_proc_id(&self), WX_SUCCESS, "proc_id");
    CHECK(self > 1, "proc_id is a real pid");
    CHECK_EQ(wx_proc_parent(self, &parent), WX_SUCCESS, "proc_parent of self");
    CHECK(parent > 0 && parent != self, "proc_parent of self is another process");
    uint32_t r, w, pid = 0;
    wx_fd_pipe(&r, &w);
    wx_proc_fork(1, &pid);
    if (pid == 0) {
        uint32_t me = 0, my_parent = 0;
        wx_proc_id(&me);
        wx_proc_parent(me, &my_parent);
        /* Exit codes: 0 all right, 1 same pid as the parent, 2 wrong parent. */
        __wasi_proc_exit(me == self ? 1 : my_parent != self ? 2 : 0);
    }
    __wasi_fd_close(w);
    __wasi_fd_close(r);
    uint32_t child_parent = 0;
    CHECK_EQ(wx_proc_parent(pid, &child_parent), WX_SUCCESS, "proc_parent of a child");
    CHECK_EQ(child_parent, self, "the parent of a child is this process");
    wx_join_status st = join(pid);
    CHECK(st.tag == JOIN_EXIT_NORMAL && st.code == 0, "in the child, proc_id is new and proc_parent is the parent");
    CHECK_EQ(wx_proc_parent(1, &parent), 71 /* SRCH */, "proc_parent of an unrelated pid is SRCH");
    CHECK_EQ(wx_proc_id((uint32_t *)0xfffffffe), WX_FAULT, "proc_id pointer checked");
}

static void test_signal_limits(void) {
    CHECK_EQ(wx_proc_signal(1, 0), WX_PERM, "proc_signal to an unrelated process is PERM");
    CHECK_EQ(wx_proc_signal((uint32_t)-1, 15), WX_PERM, "proc_signal to every process is PERM");
    uint32_t self = 0;
    wx_proc_id(&self);
    CHECK_EQ(wx_proc_signal(self, 0), WX_SUCCESS, "proc_signal 0 probes self");
    CHECK_EQ(wx_proc_signal(self, 99), WX_INVAL, "proc_signal of an unknown signal is INVAL");
}

int main(void) {
    CHECK_EQ(wx_proc_fork(1, (uint32_t *)0xfffffffe), WX_FAULT, "proc_fork pointer checked before forking");
    test_fork_pipe_join();
    test_isolation();
    test_signalled_child(9, "join of a SIGKILLed child is EXIT_SIGNAL");
    test_stopped_child();
    test_non_blocking();
    test_no_children();
    test_identity();
    test_signal_limits();
    uint32_t pid = 7;
    CHECK_EQ(wx_proc_fork(0, &pid), WX_SUCCESS, "proc_fork with copy_memory 0 forks too");
    if (pid == 0) __wasi_proc_exit(8);
    CHECK_EQ(join(pid).code, 8, "the copy_memory 0 child runs and exits");
    CHECK_EQ(wx_proc_snapshot(), WX_NOTSUP, "proc_snapshot is NOTSUP");
    return wasix_failures;
}
