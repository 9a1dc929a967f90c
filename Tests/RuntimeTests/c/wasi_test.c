/*
 * wasi_test.c: the WASI host calls against a small fake linear memory (a plain buffer, no
 * guard pages): results, layouts, FAULT on every out-of-range guest pointer, host errno
 * mapping, and the wasi_unstable fd_seek whence numbering.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bsrt_internal.h"
#include "bsrt_wasi.h"
#include "check.h"
#include "wasi/wasi_internal.h"

enum { SUCCESS = 0, BADF = 8, FAULT = 21, INVAL = 28, SPIPE = 70 };
enum { MEM_SIZE = 4096 };

#include "guest_memory.h"


/* Guest descriptors go through the runtime's table: enter a host descriptor under its own
 * number, and close it through the table again. */
static void adopt(int host) { CHECK_EQ(wasi_fd_adopt((uint32_t)host, host), SUCCESS); }
static void drop(int host) { CHECK_EQ(wasi_fd_remove((uint32_t)host), SUCCESS); }

static void test_fd_write_read(void) {
    int fds[2];
    CHECK_EQ(pipe(fds), 0);
    adopt(fds[0]);
    adopt(fds[1]);
    memcpy(buffer + 100, "hello", 5);
    /* two ciovecs: "hel" and "lo" */
    wr32(200, 100);
    wr32(204, 3);
    wr32(208, 103);
    wr32(212, 2);
    CHECK_EQ(bsrt_wasi_fd_write(&self, (uint32_t)fds[1], 200, 2, 300), SUCCESS);
    CHECK_EQ(rd32(300), 5);
    char got[8] = {0};
    CHECK_EQ(read(fds[0], got, sizeof got), 5);
    CHECK_STR(got, "hello");
    /* bad pointers: the iovec array, a buffer, the result; nothing is written */
    CHECK_EQ(bsrt_wasi_fd_write(&self, (uint32_t)fds[1], MEM_SIZE - 8, 2, 300), FAULT);
    CHECK_EQ(bsrt_wasi_fd_write(&self, (uint32_t)fds[1], 200, 2, MEM_SIZE - 3), FAULT);
    CHECK_EQ(bsrt_wasi_fd_write(&self, (uint32_t)fds[1], 200, 0x20000000u, 300), FAULT);
    wr32(212, MEM_SIZE); /* buffer 103 + 4096 runs past the end */
    CHECK_EQ(bsrt_wasi_fd_write(&self, (uint32_t)fds[1], 200, 2, 300), FAULT);
    wr32(208, 0xfffffff0u); /* pointer near 2^32: ptr + len must not wrap */
    wr32(212, 0x20);
    CHECK_EQ(bsrt_wasi_fd_write(&self, (uint32_t)fds[1], 200, 2, 300), FAULT);
    /* an empty buffer exactly at the end of memory is fine */
    wr32(208, MEM_SIZE);
    wr32(212, 0);
    CHECK_EQ(bsrt_wasi_fd_write(&self, (uint32_t)fds[1], 200, 2, 300), SUCCESS);
    CHECK_EQ(rd32(300), 3);
    CHECK_EQ(bsrt_wasi_fd_write(&self, 9999, 200, 1, 300), BADF);
    bsrt_instance no_memory = {.module = NULL, .memory0 = NULL};
    CHECK_EQ(bsrt_wasi_fd_write(&no_memory, (uint32_t)fds[1], 200, 1, 300), FAULT);
    /* more iovecs than fit on the stack path */
    for (uint32_t i = 0; i < 40; i++) {
        wr32(1000 + 8 * i, 100 + i % 5);
        wr32(1004 + 8 * i, 1);
    }
    CHECK_EQ(bsrt_wasi_fd_write(&self, (uint32_t)fds[1], 1000, 40, 300), SUCCESS);
    CHECK_EQ(rd32(300), 40);

    /* fd_read gathers back into two iovecs */
    wr32(200, 400);
    wr32(204, 2);
    wr32(208, 500);
    wr32(212, 60);
    CHECK_EQ(bsrt_wasi_fd_read(&self, (uint32_t)fds[0], 200, 2, 304), SUCCESS);
    CHECK_EQ(rd32(304), 43);
    CHECK(memcmp(buffer + 400, "he", 2) == 0 && buffer[500] == 'l' && memcmp(buffer + 539, "lo", 2) == 0);
    CHECK_EQ(bsrt_wasi_fd_read(&self, (uint32_t)fds[0], 200, 2, MEM_SIZE), FAULT);

    CHECK_EQ(bsrt_wasi_fd_close(&self, (uint32_t)fds[1]), SUCCESS);
    CHECK_EQ(bsrt_wasi_fd_read(&self, (uint32_t)fds[0], 200, 2, 304), SUCCESS);
    CHECK_EQ(rd32(304), 0); /* end of file */
    CHECK_EQ(bsrt_wasi_fd_close(&self, (uint32_t)fds[1]), BADF);
    drop(fds[0]);
}

static void test_args_environ(void) {
    char *argv[] = {"prog", "a", "bc", NULL};
    bsrt_wasi_set_args(3, argv);
    CHECK_EQ(bsrt_wasi_args_sizes_get(&self, 0, 4), SUCCESS);
    CHECK_EQ(rd32(0), 3);
    CHECK_EQ(rd32(4), 10); /* "prog\0a\0bc\0" */
    CHECK_EQ(bsrt_wasi_args_sizes_get(&self, MEM_SIZE - 2, 4), FAULT);
    CHECK_EQ(bsrt_wasi_args_sizes_get(&self, 0, MEM_SIZE), FAULT);
    CHECK_EQ(bsrt_wasi_args_get(&self, 16, 32), SUCCESS);
    CHECK_EQ(rd32(16), 32);
    CHECK_EQ(rd32(20), 37);
    CHECK_EQ(rd32(24), 39);
    CHECK(memcmp(buffer + 32, "prog\0a\0bc\0", 10) == 0);
    CHECK_EQ(bsrt_wasi_args_get(&self, 16, MEM_SIZE - 9), FAULT);
    CHECK_EQ(bsrt_wasi_args_get(&self, MEM_SIZE - 8, 32), FAULT);

    bsrt_wasi_set_environ(NULL);
    CHECK_EQ(bsrt_wasi_environ_sizes_get(&self, 0, 4), SUCCESS);
    CHECK_EQ(rd32(0), 0);
    CHECK_EQ(rd32(4), 0);
    char *envp[] = {"A=1", "PATH=/x", NULL};
    bsrt_wasi_set_environ(envp);
    CHECK_EQ(bsrt_wasi_environ_sizes_get(&self, 0, 4), SUCCESS);
    CHECK_EQ(rd32(0), 2);
    CHECK_EQ(rd32(4), 12);
    CHECK_EQ(bsrt_wasi_environ_get(&self, 64, 80), SUCCESS);
    CHECK_EQ(rd32(64), 80);
    CHECK_EQ(rd32(68), 84);
    CHECK_STR((char *)buffer + 84, "PATH=/x");
    CHECK_EQ(bsrt_wasi_environ_get(&self, 64, MEM_SIZE - 11), FAULT);
}

static void test_clock_random(void) {
    CHECK_EQ(bsrt_wasi_clock_time_get(&self, 1, 0, 8), SUCCESS);
    uint64_t t0 = rd64(8);
    CHECK_EQ(bsrt_wasi_clock_time_get(&self, 1, 1000, 8), SUCCESS);
    CHECK(rd64(8) >= t0 && t0 > 0);
    CHECK_EQ(bsrt_wasi_clock_time_get(&self, 0, 0, 8), SUCCESS);
    CHECK(rd64(8) > 1600000000ull * 1000000000ull); /* after 2020 */
    CHECK_EQ(bsrt_wasi_clock_time_get(&self, 2, 0, 8), SUCCESS);
    CHECK_EQ(bsrt_wasi_clock_time_get(&self, 3, 0, 8), SUCCESS);
    CHECK_EQ(bsrt_wasi_clock_time_get(&self, 4, 0, 8), INVAL);
    CHECK_EQ(bsrt_wasi_clock_time_get(&self, 1, 0, MEM_SIZE - 7), FAULT);
    CHECK_EQ(bsrt_wasi_clock_res_get(&self, 1, 8), SUCCESS);
    CHECK(rd64(8) > 0 && rd64(8) <= 1000000);
    CHECK_EQ(bsrt_wasi_clock_res_get(&self, 99, 8), INVAL);
    CHECK_EQ(bsrt_wasi_clock_res_get(&self, 0, MEM_SIZE), FAULT);

    memset(buffer + 600, 0, 64);
    CHECK_EQ(bsrt_wasi_random_get(&self, 600, 64), SUCCESS);
    int nonzero = 0;
    for (int i = 0; i < 64; i++) nonzero += buffer[600 + i] != 0;
    CHECK(nonzero > 32);
    CHECK_EQ(bsrt_wasi_random_get(&self, MEM_SIZE - 10, 11), FAULT);
    CHECK_EQ(bsrt_wasi_random_get(&self, MEM_SIZE, 0), SUCCESS);
    CHECK_EQ(bsrt_wasi_sched_yield(&self), SUCCESS);
}

static void test_fdstat_prestat(void) {
    int fds[2];
    CHECK_EQ(pipe(fds), 0);
    adopt(fds[0]);
    adopt(fds[1]);
    memset(buffer + 64, 0xee, 24);
    CHECK_EQ(bsrt_wasi_fd_fdstat_get(&self, (uint32_t)fds[0], 64), SUCCESS);
    CHECK_EQ(buffer[64], 0);      /* UNKNOWN: WASI has no pipe type */
    CHECK_EQ(buffer[65], 0);      /* padding cleared */
    CHECK_EQ(rd64(72) & 4, 0);    /* no FD_SEEK on a pipe */
    CHECK_EQ(rd64(72) & 2, 2);    /* FD_READ */
    CHECK_EQ(rd64(72) & 64, 0);   /* no FD_WRITE on the read end */
    CHECK_EQ(rd64(72) & 0x4000, 0);  /* no FD_READDIR: not a directory */
    CHECK_EQ(bsrt_wasi_fd_fdstat_get(&self, (uint32_t)fds[1], 64), SUCCESS);
    CHECK_EQ(rd64(72) & 0x4042, 0x40); /* write end: FD_WRITE only (wasi-libc reads O_WRONLY) */
    fcntl(fds[1], F_SETFL, O_NONBLOCK | O_APPEND);
    CHECK_EQ(bsrt_wasi_fd_fdstat_get(&self, (uint32_t)fds[1], 64), SUCCESS);
    CHECK_EQ(buffer[66] | buffer[67] << 8, 1 | 4); /* APPEND | NONBLOCK */
    drop(fds[0]);
    drop(fds[1]);
    int null_fd = open("/dev/null", O_RDWR);
    adopt(null_fd);
    CHECK_EQ(bsrt_wasi_fd_fdstat_get(&self, (uint32_t)null_fd, 64), SUCCESS);
    CHECK_EQ(buffer[64], 2); /* CHARACTER_DEVICE */
    drop(null_fd);
    int sv[2];
    CHECK_EQ(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
    adopt(sv[0]);
    CHECK_EQ(bsrt_wasi_fd_fdstat_get(&self, (uint32_t)sv[0], 64), SUCCESS);
    CHECK_EQ(buffer[64], 6); /* SOCKET_STREAM */
    drop(sv[0]);
    close(sv[1]);
    CHECK_EQ(bsrt_wasi_fd_fdstat_get(&self, 9999, 64), BADF);
    CHECK_EQ(bsrt_wasi_fd_fdstat_get(&self, 0x80000000u, 64), BADF);
    CHECK_EQ(bsrt_wasi_fd_fdstat_get(&self, 1, MEM_SIZE - 23), FAULT);
    for (uint32_t fd = 0; fd < 10; fd++) CHECK_EQ(bsrt_wasi_fd_prestat_get(&self, fd, 64), BADF);
    CHECK_EQ(bsrt_wasi_fd_prestat_dir_name(&self, 3, 64, 10), BADF);
}

static void test_seek(void) {
    char path[] = "/tmp/bsrt-wasi-test-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    adopt(fd);
    unlink(path);
    CHECK_EQ(write(fd, "0123456789", 10), 10);
    CHECK_EQ(bsrt_wasi_fd_fdstat_get(&self, (uint32_t)fd, 64), SUCCESS);
    CHECK_EQ(buffer[64], 4);           /* REGULAR_FILE */
    CHECK_EQ(rd64(72) & 0x26, 0x26);   /* READ | SEEK | TELL */
    /* preview1: 0 SET, 1 CUR, 2 END */
    CHECK_EQ(bsrt_wasi_fd_seek(&self, (uint32_t)fd, 3, 0, 8), SUCCESS);
    CHECK_EQ(rd64(8), 3);
    CHECK_EQ(bsrt_wasi_fd_seek(&self, (uint32_t)fd, 2, 1, 8), SUCCESS);
    CHECK_EQ(rd64(8), 5);
    CHECK_EQ(bsrt_wasi_fd_seek(&self, (uint32_t)fd, (uint64_t)-1, 2, 8), SUCCESS);
    CHECK_EQ(rd64(8), 9);
    CHECK_EQ(bsrt_wasi_fd_seek(&self, (uint32_t)fd, 0, 3, 8), INVAL);
    CHECK_EQ(bsrt_wasi_fd_seek(&self, (uint32_t)fd, (uint64_t)-100, 0, 8), INVAL);
    CHECK_EQ(bsrt_wasi_fd_seek(&self, (uint32_t)fd, 0, 0, MEM_SIZE - 4), FAULT);
    /* wasi_unstable (preview0): 0 CUR, 1 END, 2 SET */
    CHECK_EQ(bsrt_wasi_unstable_fd_seek(&self, (uint32_t)fd, 4, 2, 8), SUCCESS);
    CHECK_EQ(rd64(8), 4);
    CHECK_EQ(bsrt_wasi_unstable_fd_seek(&self, (uint32_t)fd, 1, 0, 8), SUCCESS);
    CHECK_EQ(rd64(8), 5);
    CHECK_EQ(bsrt_wasi_unstable_fd_seek(&self, (uint32_t)fd, (uint64_t)-2, 1, 8), SUCCESS);
    CHECK_EQ(rd64(8), 8);
    CHECK_EQ(bsrt_wasi_unstable_fd_seek(&self, (uint32_t)fd, 0, 3, 8), INVAL);
    drop(fd);
    int dir = open("/tmp", O_RDONLY | O_DIRECTORY);
    adopt(dir);
    CHECK_EQ(bsrt_wasi_fd_fdstat_get(&self, (uint32_t)dir, 64), SUCCESS);
    CHECK_EQ(buffer[64], 3);                 /* DIRECTORY */
    CHECK_EQ(rd64(72) & 0x6000, 0x6000);     /* PATH_OPEN, FD_READDIR */
    drop(dir);
    int fds[2];
    CHECK_EQ(pipe(fds), 0);
    adopt(fds[0]);
    adopt(fds[1]);
    CHECK_EQ(bsrt_wasi_fd_seek(&self, (uint32_t)fds[0], 0, 1, 8), SPIPE);
    drop(fds[0]);
    drop(fds[1]);
    CHECK_EQ(bsrt_wasi_fd_seek(&self, 9999, 0, 1, 8), BADF);
}

static void test_errno_table(void) {
    CHECK_EQ(bsrt_wasi_errno_from_host(0), 0);
    CHECK_EQ(bsrt_wasi_errno_from_host(ENOENT), 44);
    CHECK_EQ(bsrt_wasi_errno_from_host(EAGAIN), 6);
    CHECK_EQ(bsrt_wasi_errno_from_host(EWOULDBLOCK), 6);
    CHECK_EQ(bsrt_wasi_errno_from_host(EINVAL), 28);
    CHECK_EQ(bsrt_wasi_errno_from_host(EACCES), 2);
    CHECK_EQ(bsrt_wasi_errno_from_host(EBADF), 8);
    CHECK_EQ(bsrt_wasi_errno_from_host(EPIPE), 64);
    CHECK_EQ(bsrt_wasi_errno_from_host(EXDEV), 75);
    CHECK_EQ(bsrt_wasi_errno_from_host(ENOTSUP), 58);
    CHECK_EQ(bsrt_wasi_errno_from_host(EOPNOTSUPP), 58);
    CHECK_EQ(bsrt_wasi_errno_from_host(ENOTEMPTY), 55);
    CHECK_EQ(bsrt_wasi_errno_from_host(ESPIPE), 70);
    CHECK_EQ(bsrt_wasi_errno_from_host(EHOSTDOWN), 29); /* no WASI counterpart: IO */
    CHECK_EQ(bsrt_wasi_errno_from_host(99999), 29);
    CHECK_EQ(bsrt_wasi_errno_from_host(-1), 29);
}

static void test_proc_exit(void) {
    pid_t pid = fork();
    if (pid == 0) bsrt_wasi_proc_exit(&self, 42);
    int status = 0;
    waitpid(pid, &status, 0);
    CHECK(WIFEXITED(status));
    CHECK_EQ(WEXITSTATUS(status), 42);
}

/* Regression (wasi-testsuite's overwrite_preopen): fd_renumber onto a pre-opened directory
 * was NOTSUP. It replaces it, and the number is no longer a pre-open (prestat BADF). */
static void test_renumber_onto_preopen(void) {
    char dir[] = "/tmp/bsrt-wasi-preopen-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    bsrt_wasi_grant grant = {.host_path = dir, .guest_path = "/sandbox"};
    bsrt_wasi_config config = {.grants = &grant, .grant_count = 1};
    char error[256];
    CHECK_EQ(bsrt_wasi_init_descriptors(&config, error, sizeof error), 0);
    CHECK_EQ(bsrt_wasi_fd_prestat_get(&self, 3, 64), SUCCESS);
    CHECK_EQ(rd32(68), 8); /* strlen("/sandbox") */
    int other = open("/", O_RDONLY | O_DIRECTORY);
    CHECK(other > 3);
    adopt(other);
    CHECK_EQ(bsrt_wasi_fd_renumber(&self, (uint32_t)other, 3), SUCCESS);
    CHECK_EQ(bsrt_wasi_fd_prestat_get(&self, 3, 64), BADF);
    CHECK_EQ(bsrt_wasi_fd_prestat_dir_name(&self, 3, 64, 16), BADF);
    CHECK_EQ(bsrt_wasi_fd_fdstat_get(&self, 3, 64), SUCCESS);
    CHECK_EQ(buffer[64], 3); /* DIRECTORY: now `other` */
    CHECK_EQ(bsrt_wasi_fd_fdstat_get(&self, (uint32_t)other, 64), BADF); /* a move: `from` is closed */
    CHECK_EQ(wasi_fd_remove(3), SUCCESS);
    CHECK_EQ(rmdir(dir), 0);
}

/* A far-away target number is BADF, as dup2 beyond RLIMIT_NOFILE is, not a huge table. The
 * copy (wasix_*'s fd_renumber) may target a free number; preview1's move needs `to` open. */
static void test_renumber_far_away(void) {
    int fds[2];
    CHECK_EQ(pipe(fds), 0);
    adopt(fds[0]);
    adopt(fds[1]);
    CHECK_EQ(bsrt_wasix_fd_renumber(&self, (uint32_t)fds[0], 999999999u), BADF);
    CHECK_EQ(bsrt_wasix_fd_renumber(&self, (uint32_t)fds[0], UINT32_MAX), BADF);
    CHECK_EQ(bsrt_wasix_fd_renumber(&self, (uint32_t)fds[0], 1000), SUCCESS);
    CHECK_EQ(bsrt_wasi_fd_renumber(&self, (uint32_t)fds[0], 999999999u), BADF);
    CHECK_EQ(bsrt_wasi_fd_renumber(&self, (uint32_t)fds[0], 1001), BADF); /* not open */
    CHECK_EQ(bsrt_wasi_fd_renumber(&self, 1000, 1000), SUCCESS);           /* onto itself: kept */
    CHECK_EQ(bsrt_wasi_fd_renumber(&self, 1000, (uint32_t)fds[0]), SUCCESS);
    CHECK_EQ(bsrt_wasi_fd_fdstat_get(&self, 1000, 64), BADF); /* moved away */
    drop(fds[0]);
    drop(fds[1]);
}

int main(void) {
    test_fd_write_read();
    test_args_environ();
    test_clock_random();
    test_fdstat_prestat();
    test_seek();
    test_errno_table();
    test_proc_exit();
    test_renumber_onto_preopen();
    test_renumber_far_away();
    return check_finish("wasi_test");
}
