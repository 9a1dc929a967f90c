/* fd_extras.c: the WASIX descriptor calls: fd_dup, fd_dup2, fd_fdflags_get/set, fd_event,
 * fd_pipe, path_open2, and fd_renumber's copy in a WASIX module (both its wasix_32v1 import
 * and the wasi_snapshot_preview1 one, which a WASIX module gets bound to the same copy).
 * Built with `--dir sandbox::sandbox` (an empty directory, pre-opened as fd 3); leaves it
 * empty. */
#include <stdbool.h>
#include <wasi/api.h>

#include "wasix_test.h"

WASIX_IMPORT(fd_dup) int32_t wx_fd_dup(uint32_t fd, uint32_t *ret_fd);
WASIX_IMPORT(fd_dup2) int32_t wx_fd_dup2(uint32_t fd, uint32_t min_result_fd, uint32_t cloexec, uint32_t *ret_fd);
WASIX_IMPORT(fd_fdflags_get) int32_t wx_fd_fdflags_get(uint32_t fd, uint16_t *ret_flags);
WASIX_IMPORT(fd_fdflags_set) int32_t wx_fd_fdflags_set(uint32_t fd, uint32_t flags);
WASIX_IMPORT(fd_event) int32_t wx_fd_event(uint64_t initial_val, uint32_t flags, uint32_t *ret_fd);
WASIX_IMPORT(fd_pipe) int32_t wx_fd_pipe(uint32_t *ret_fd1, uint32_t *ret_fd2);
WASIX_IMPORT(path_open2)
int32_t wx_path_open2(uint32_t fd, uint32_t dirflags, const char *path, uint32_t path_len, uint32_t oflags,
                      uint64_t rights_base, uint64_t rights_inheriting, uint32_t fdflags, uint32_t fdflagsext,
                      uint32_t *ret_fd);
WASIX_IMPORT(fd_renumber) int32_t wx_fd_renumber(uint32_t from, uint32_t to);

enum { CLOEXEC = 1, EVENT_SEMAPHORE = 1, EVENT_NONBLOCK = 4, SANDBOX = 3 };

static const uint64_t file_rights = __WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_WRITE | __WASI_RIGHTS_FD_SEEK |
                                    __WASI_RIGHTS_FD_TELL | __WASI_RIGHTS_FD_FILESTAT_GET;

static int32_t put(uint32_t fd, const void *data, size_t len, size_t *written) {
    __wasi_ciovec_t iov = {.buf = data, .buf_len = len};
    return __wasi_fd_write(fd, &iov, 1, written);
}

static int32_t get(uint32_t fd, void *data, size_t len, size_t *got) {
    __wasi_iovec_t iov = {.buf = data, .buf_len = len};
    return __wasi_fd_read(fd, &iov, 1, got);
}

static bool is_open(uint32_t fd) {
    __wasi_fdstat_t st;
    return __wasi_fd_fdstat_get(fd, &st) == 0;
}

static uint16_t fdflags(uint32_t fd) {
    uint16_t flags = 0xffff;
    if (wx_fd_fdflags_get(fd, &flags) != 0) return 0xffff;
    return flags;
}

static uint32_t open2(const char *name, uint32_t oflags, uint32_t fdflagsext, int32_t *err) {
    uint32_t fd = 0;
    *err = wx_path_open2(SANDBOX, 0, name, (uint32_t)strlen(name), oflags, file_rights, 0, 0, fdflagsext, &fd);
    return fd;
}

static void test_path_open2(void) {
    int32_t err;
    uint32_t a = open2("data.txt", __WASI_OFLAGS_CREAT, CLOEXEC, &err);
    CHECK_EQ(err, WX_SUCCESS, "path_open2 creates a file");
    CHECK_EQ(fdflags(a), CLOEXEC, "path_open2 CLOEXEC shows in fd_fdflags_get");
    uint32_t b = open2("data.txt", 0, 0, &err);
    CHECK_EQ(err, WX_SUCCESS, "path_open2 without fdflagsext");
    CHECK_EQ(fdflags(b), 0, "path_open2 without CLOEXEC has no flags");
    size_t n = 0;
    CHECK_EQ(put(a, "abc", 3, &n), WX_SUCCESS, "path_open2 descriptor writes");
    char buf[4] = {0};
    CHECK(get(b, buf, 3, &n) == 0 && n == 3 && memcmp(buf, "abc", 3) == 0, "path_open2 descriptors reach one file");
    open2("../escape.txt", __WASI_OFLAGS_CREAT, 0, &err);
    CHECK_EQ(err, WX_PERM, "path_open2 stays in the grant");
    open2("data.txt", 0x40, 0, &err);
    CHECK_EQ(err, WX_INVAL, "path_open2 refuses unknown oflags");
    CHECK_EQ(wx_path_open2(SANDBOX, 0, "data.txt", 8, 0, file_rights, 0, 0, 0, (uint32_t *)0xfffffff0u),
             WX_FAULT, "path_open2 result pointer checked");
    (void)__wasi_fd_close(a);
    (void)__wasi_fd_close(b);
}

static void test_dup(void) {
    int32_t err;
    uint32_t a = open2("data.txt", __WASI_OFLAGS_TRUNC, CLOEXEC, &err);
    size_t n = 0;
    put(a, "hello world", 11, &n);
    __wasi_filesize_t pos = 0;
    (void)__wasi_fd_seek(a, 0, __WASI_WHENCE_SET, &pos);
    uint32_t b = 0;
    CHECK_EQ(wx_fd_dup(a, &b), WX_SUCCESS, "fd_dup");
    CHECK(b != a && is_open(b), "fd_dup gives a new open number");
    CHECK_EQ(fdflags(b), 0, "fd_dup clears CLOEXEC");
    char buf[8] = {0};
    get(a, buf, 5, &n);
    CHECK(n == 5 && memcmp(buf, "hello", 5) == 0, "fd_dup original reads");
    memset(buf, 0, sizeof buf);
    CHECK(get(b, buf, 5, &n) == 0 && n == 5 && memcmp(buf, " worl", 5) == 0, "fd_dup shares the file offset");
    __wasi_fdstat_t sa, sb;
    (void)__wasi_fd_fdstat_get(a, &sa);
    (void)__wasi_fd_fdstat_get(b, &sb);
    CHECK(sa.fs_rights_base == sb.fs_rights_base && sa.fs_filetype == sb.fs_filetype, "fd_dup keeps rights and filetype");
    CHECK_EQ(wx_fd_dup(999, &b), WX_BADF, "fd_dup of a closed number");
    CHECK_EQ(wx_fd_dup(a, (uint32_t *)0xfffffff0u), WX_FAULT, "fd_dup result pointer checked");
    (void)__wasi_fd_close(b);

    uint32_t c = 0;
    CHECK_EQ(wx_fd_dup2(a, 40, 1, &c), WX_SUCCESS, "fd_dup2");
    CHECK_EQ(c, 40, "fd_dup2 takes min_result_fd when free");
    CHECK_EQ(fdflags(c), CLOEXEC, "fd_dup2 cloexec shows in fd_fdflags_get");
    uint32_t d = 0;
    CHECK_EQ(wx_fd_dup2(a, 40, 0, &d), WX_SUCCESS, "fd_dup2 again");
    CHECK_EQ(d, 41, "fd_dup2 takes the lowest free number >= min");
    CHECK_EQ(fdflags(d), 0, "fd_dup2 without cloexec");
    uint32_t e = 0;
    CHECK_EQ(wx_fd_dup2(a, 0, 0, &e), WX_SUCCESS, "fd_dup2 from 0");
    bool below_open = true;
    for (uint32_t i = 0; i < e; i++) below_open = below_open && is_open(i);
    CHECK(below_open && e < 40, "fd_dup2 from 0 gives the lowest free number");
    (void)__wasi_fd_close(c);
    CHECK_EQ(wx_fd_dup2(a, 39, 0, &c), WX_SUCCESS, "fd_dup2 into a gap");
    CHECK_EQ(c, 39, "fd_dup2 reuses a free number below the open one");
    uint32_t f = 0;
    CHECK_EQ(wx_fd_dup2(a, 40, 0, &f), WX_SUCCESS, "fd_dup2 after a close");
    CHECK_EQ(f, 40, "fd_dup2 reuses a closed number");
    CHECK_EQ(wx_fd_dup2(777, 50, 0, &f), WX_BADF, "fd_dup2 of a closed number");
    CHECK_EQ(wx_fd_dup2(a, 0x7fffffffu, 0, &f), WX_INVAL, "fd_dup2 with a minimum past the limit");

    CHECK_EQ(wx_fd_fdflags_set(d, CLOEXEC), WX_SUCCESS, "fd_fdflags_set CLOEXEC");
    CHECK_EQ(fdflags(d), CLOEXEC, "fd_fdflags_set is read back");
    CHECK_EQ(wx_fd_fdflags_set(d, 0), WX_SUCCESS, "fd_fdflags_set 0");
    CHECK_EQ(fdflags(d), 0, "fd_fdflags_set clears");
    CHECK_EQ(fdflags(a), CLOEXEC, "fd_fdflags_set is per descriptor");
    CHECK_EQ(wx_fd_fdflags_set(555, CLOEXEC), WX_BADF, "fd_fdflags_set of a closed number");
    uint16_t flags;
    CHECK_EQ(wx_fd_fdflags_get(555, &flags), WX_BADF, "fd_fdflags_get of a closed number");
    CHECK_EQ(wx_fd_fdflags_get(a, (uint16_t *)0xffffffffu), WX_FAULT, "fd_fdflags_get pointer checked");
    (void)__wasi_fd_close(c);
    (void)__wasi_fd_close(d);
    (void)__wasi_fd_close(e);
    (void)__wasi_fd_close(f);
    (void)__wasi_fd_close(a);
}

static uint64_t read_counter(uint32_t fd, int32_t *err) {
    uint64_t v = 0;
    size_t n = 0;
    *err = get(fd, &v, 8, &n);
    if (*err == 0 && n != 8) *err = -1;
    return v;
}

static int32_t add_counter(uint32_t fd, uint64_t v) {
    size_t n = 0;
    int32_t err = put(fd, &v, 8, &n);
    return err == 0 && n != 8 ? -1 : err;
}

/* One poll_oneoff with an fd_read subscription on fd and a 0-timeout clock: 1 when readable. */
static int readable(uint32_t fd) {
    __wasi_subscription_t subs[2] = {0};
    subs[0].userdata = 1;
    subs[0].u.tag = __WASI_EVENTTYPE_FD_READ;
    subs[0].u.u.fd_read.file_descriptor = fd;
    subs[1].userdata = 2;
    subs[1].u.tag = __WASI_EVENTTYPE_CLOCK;
    subs[1].u.u.clock.id = __WASI_CLOCKID_MONOTONIC;
    subs[1].u.u.clock.timeout = 0;
    __wasi_event_t events[2];
    size_t count = 0;
    if (__wasi_poll_oneoff(subs, events, 2, &count) != 0) return -1;
    for (size_t i = 0; i < count; i++)
        if (events[i].userdata == 1 && events[i].error == 0) return 1;
    return 0;
}

static void test_event(void) {
    uint32_t e = 0;
    int32_t err;
    CHECK_EQ(wx_fd_event(5, 0, &e), WX_SUCCESS, "fd_event");
    CHECK_EQ(readable(e), 1, "fd_event with a count polls readable");
    CHECK_EQ(read_counter(e, &err), 5, "fd_event read returns the initial value");
    CHECK_EQ(add_counter(e, 3), WX_SUCCESS, "fd_event write");
    CHECK_EQ(add_counter(e, 4), WX_SUCCESS, "fd_event second write");
    CHECK_EQ(read_counter(e, &err), 7, "fd_event writes add up");
    CHECK_EQ(readable(e), 0, "fd_event read resets the counter");
    __wasi_fdstat_t st;
    (void)__wasi_fd_fdstat_get(e, &st);
    CHECK((st.fs_rights_base & (__WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_WRITE | __WASI_RIGHTS_POLL_FD_READWRITE)) ==
              (__WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_WRITE | __WASI_RIGHTS_POLL_FD_READWRITE),
          "fd_event rights");
    uint16_t small = 0;
    size_t n = 0;
    CHECK_EQ(put(e, &small, 2, &n), WX_INVAL, "fd_event refuses a short write");
    (void)__wasi_fd_close(e);

    CHECK_EQ(wx_fd_event(0, EVENT_NONBLOCK, &e), WX_SUCCESS, "fd_event NONBLOCK");
    read_counter(e, &err);
    CHECK_EQ(err, WX_AGAIN, "fd_event NONBLOCK read of 0 is AGAIN");
    (void)__wasi_fd_close(e);

    CHECK_EQ(wx_fd_event(2, EVENT_SEMAPHORE | EVENT_NONBLOCK, &e), WX_SUCCESS, "fd_event SEMAPHORE");
    CHECK_EQ(read_counter(e, &err), 1, "fd_event SEMAPHORE read returns 1");
    CHECK_EQ(read_counter(e, &err), 1, "fd_event SEMAPHORE decrements");
    read_counter(e, &err);
    CHECK_EQ(err, WX_AGAIN, "fd_event SEMAPHORE runs out");
    (void)__wasi_fd_close(e);

    CHECK_EQ(wx_fd_event(UINT64_C(1) << 40, 0, &e), WX_SUCCESS, "fd_event with a 64-bit initial value");
    CHECK_EQ(read_counter(e, &err), UINT64_C(1) << 40, "fd_event keeps a 64-bit initial value");
    (void)__wasi_fd_close(e);
    CHECK_EQ(wx_fd_event(UINT64_MAX, 0, &e), WX_INVAL, "fd_event refuses 2^64-1");
    CHECK_EQ(wx_fd_event(0, 0, (uint32_t *)0xfffffffeu), WX_FAULT, "fd_event pointer checked");
}

static void test_pipe(void) {
    uint32_t r = 0, w = 0;
    CHECK_EQ(wx_fd_pipe(&r, &w), WX_SUCCESS, "fd_pipe");
    CHECK(r != w && is_open(r) && is_open(w), "fd_pipe gives two open numbers");
    CHECK_EQ(readable(r), 0, "fd_pipe read end empty at first");
    size_t n = 0;
    CHECK(put(w, "ping", 4, &n) == 0 && n == 4, "fd_pipe write end writes");
    CHECK_EQ(readable(r), 1, "fd_pipe read end polls readable");
    char buf[8] = {0};
    CHECK(get(r, buf, sizeof buf, &n) == 0 && n == 4 && memcmp(buf, "ping", 4) == 0, "fd_pipe round trip");
    __wasi_fdstat_t sr, sw;
    (void)__wasi_fd_fdstat_get(r, &sr);
    (void)__wasi_fd_fdstat_get(w, &sw);
    CHECK((sr.fs_rights_base & __WASI_RIGHTS_FD_READ) && !(sr.fs_rights_base & __WASI_RIGHTS_FD_WRITE),
          "fd_pipe read end rights");
    CHECK((sw.fs_rights_base & __WASI_RIGHTS_FD_WRITE) && !(sw.fs_rights_base & __WASI_RIGHTS_FD_READ),
          "fd_pipe write end rights");
    CHECK(!(sr.fs_rights_base & __WASI_RIGHTS_FD_SEEK), "fd_pipe cannot seek");
    CHECK(sr.fs_filetype == __WASI_FILETYPE_UNKNOWN && sw.fs_filetype == __WASI_FILETYPE_UNKNOWN,
          "fd_pipe filetype is UNKNOWN, as for any pipe");
    CHECK_EQ(put(r, "x", 1, &n), WX_NOTCAPABLE, "fd_pipe read end does not write");
    CHECK_EQ(__wasi_fd_close(w), WX_SUCCESS, "fd_pipe close the write end");
    CHECK(get(r, buf, sizeof buf, &n) == 0 && n == 0, "fd_pipe EOF after the writer closed");
    (void)__wasi_fd_close(r);
    CHECK_EQ(wx_fd_pipe(&r, (uint32_t *)0xfffffffeu), WX_FAULT, "fd_pipe pointers checked");
}

static void test_renumber_copies(void) {
    int32_t err;
    uint32_t a = open2("data.txt", __WASI_OFLAGS_TRUNC, 0, &err);
    CHECK_EQ(wx_fd_renumber(a, 60), WX_SUCCESS, "wasix fd_renumber onto a free number");
    CHECK(is_open(a) && is_open(60), "wasix fd_renumber copies (dup2): both open");
    size_t n = 0;
    put(60, "xy", 2, &n);
    __wasi_filestat_t st;
    (void)__wasi_fd_filestat_get(a, &st);
    CHECK_EQ(st.size, 2, "wasix fd_renumber copy writes the same file");
    CHECK_EQ(__wasi_fd_renumber(a, 61), WX_SUCCESS, "preview1 fd_renumber in a WASIX module");
    CHECK(is_open(a) && is_open(61), "preview1 fd_renumber in a WASIX module copies too");
    CHECK_EQ(wx_fd_renumber(a, a), WX_SUCCESS, "wasix fd_renumber onto itself");
    CHECK(is_open(a), "wasix fd_renumber onto itself keeps it");
    CHECK_EQ(wx_fd_renumber(888, 60), WX_BADF, "wasix fd_renumber from a closed number");
    (void)__wasi_fd_close(60);
    (void)__wasi_fd_close(61);
    (void)__wasi_fd_close(a);
}

int main(void) {
    test_path_open2();
    test_dup();
    test_event();
    test_pipe();
    test_renumber_copies();
    CHECK_EQ(__wasi_path_unlink_file(SANDBOX, "data.txt"), WX_SUCCESS, "cleanup");
    return wasix_failures;
}
