/* conformance_libc.c: the behaviours the suite's C tests check, through wasi-libc's POSIX
 * functions (which turn into fd_seek, fd_pread, fd_pwrite, fd_filestat_get, clock_*_get and
 * sock_shutdown calls); conformance.h says how it reports, README.md maps scenarios to the
 * upstream tests. Files live in <scratch>/libc.dir. wasi-libc's errno values are WASI's. */
#include <errno.h>
#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "conformance.h"

static char dir_path[300];

/* <scratch>/libc.dir/<name>, in a static buffer of its own per call slot. */
static const char *in_dir(const char *name) {
    static char paths[4][400];
    static int next;
    char *path = paths[next++ % 4];
    snprintf(path, sizeof paths[0], "%s/%s", dir_path, name);
    return path;
}

static bool write_whole_file(const char *name, const char *text) {
    FILE *file = fopen(in_dir(name), "w");
    if (!expect_true("fopen for writing", file != NULL)) return false;
    bool ok = fputs(text, file) >= 0;
    return expect_true("writing a file", (fclose(file) == 0) && ok);
}

static void libc_lseek(void) {
    begin("lseek");
    if (write_whole_file("lseek.txt", "01234567")) {
        FILE *file = fopen(in_dir("lseek.txt"), "r");
        if (expect_true("fopen", file != NULL)) {
            int fd = fileno(file);
            char buffer[4];
            expect_u64("fread 4", fread(buffer, 1, 4, file), 4);
            fflush(file); /* a read stream's fflush puts the descriptor's offset where reading is */
            expect_u64("offset after 4 bytes", (uint64_t)lseek(fd, 0, SEEK_CUR), 4);
            expect_u64("fread 1", fread(buffer, 1, 1, file), 1);
            fflush(file);
            expect_u64("offset after 5 bytes", (uint64_t)lseek(fd, 0, SEEK_CUR), 5);
            expect_true("the fifth byte", buffer[0] == '4');
            expect_u64("SEEK_SET 0", (uint64_t)lseek(fd, 0, SEEK_SET), 0);
            expect_u64("SEEK_END 0", (uint64_t)lseek(fd, 0, SEEK_END), 8);
            fclose(file);
        }
        unlink(in_dir("lseek.txt"));
    }
    end();
}

/* pwrite on an O_APPEND descriptor leaves the offset alone; where it writes is the host's
 * (POSIX: at the offset given; Linux: at the end). */
static void pwrite_with_append(void) {
    begin("pwrite-with-append");
    int fd = open(in_dir("append.f"), O_CREAT | O_TRUNC | O_WRONLY | O_APPEND, 0644);
    if (expect_true("open", fd >= 0)) {
        const char bytes[4] = "abc";
        expect_u64("write 2", (uint64_t)write(fd, bytes, 2), 2);
        expect_u64("seek to 0", (uint64_t)lseek(fd, 0, SEEK_SET), 0);
        expect_u64("write 2 (appended)", (uint64_t)write(fd, bytes, 2), 2);
        expect_u64("offset after the appends", (uint64_t)lseek(fd, 0, SEEK_CUR), 4);
        expect_u64("pwrite 3 at 0", (uint64_t)pwrite(fd, bytes, 3, 0), 3);
        expect_u64("pwrite left the offset", (uint64_t)lseek(fd, 0, SEEK_CUR), 4);
        off_t end = lseek(fd, 0, SEEK_END);
        expect_true("the size is 4 or 7", end == 4 || end == 7);
        close(fd);
    }
    unlink(in_dir("append.f"));
    end();
}

static void pread_with_access(void) {
    begin("pread-with-access");
    if (write_whole_file("pread.txt", "0123d-t789")) {
        int fd = open(in_dir("pread.txt"), O_RDONLY);
        if (expect_true("open read-only", fd > 0)) {
            char got[8] = {0};
            size_t done = 0;
            while (done < 3) {
                ssize_t n = pread(fd, got + done, 3 - done, 4 + (off_t)done);
                if (!expect_true("pread moves bytes", n > 0)) break;
                done += (size_t)n;
            }
            expect_true("bytes 4..6", memcmp(got, "d-t", 3) == 0);
            expect_u64("close", (uint64_t)close(fd), 0);
        }
        unlink(in_dir("pread.txt"));
    }
    end();
}

static void pwrite_with_access(void) {
    begin("pwrite-with-access");
    OK("mkdir writeable", (__wasi_errno_t)(mkdir(in_dir("writeable"), 0755) == 0 ? 0 : errno));
    const char *path = in_dir("writeable/pwrite.f");
    expect_true("the file is not there yet", access(path, F_OK) != 0);
    const char *text = "abcdefghijklmn", *patch = "XYZW";
    size_t len = strlen(text);
    int fd = open(path, O_WRONLY | O_CREAT, 0644);
    if (expect_true("open write-only", fd > 0)) {
        for (size_t done = 0; done < len;) {
            ssize_t n = pwrite(fd, text + done, len - done, (off_t)done);
            if (!expect_true("pwrite moves bytes", n > 0)) break;
            done += (size_t)n;
        }
        for (size_t done = 0; done < 4;) {
            ssize_t n = pwrite(fd, patch + done, 4 - done, 3 + (off_t)done);
            if (!expect_true("pwrite of the patch moves bytes", n > 0)) break;
            done += (size_t)n;
        }
        expect_u64("close", (uint64_t)close(fd), 0);
    }
    fd = open(path, O_RDONLY);
    if (expect_true("open read-only", fd > 0)) {
        char got[32] = {0};
        size_t done = 0;
        while (done < len) {
            ssize_t n = read(fd, got + done, sizeof got - done);
            if (n <= 0) break;
            done += (size_t)n;
        }
        expect_u64("bytes read", done, len);
        expect_true("patched text", memcmp(got, "abcXYZWhijklmn", len) == 0);
        expect_u64("close", (uint64_t)close(fd), 0);
    }
    expect_u64("remove the file", (uint64_t)remove(path), 0);
    expect_u64("remove writeable", (uint64_t)rmdir(in_dir("writeable")), 0);
    end();
}

/* Two files side by side: the same st_dev, different st_ino. */
static void stat_dev_ino(void) {
    begin("stat-dev-ino");
    if (write_whole_file("one", "1") && write_whole_file("two", "2")) {
        int a = open(in_dir("one"), O_RDONLY), b = open(in_dir("two"), O_RDONLY);
        struct stat sa, sb;
        if (expect_true("open both", a >= 0 && b >= 0) &&
            expect_true("fstat both", fstat(a, &sa) == 0 && fstat(b, &sb) == 0)) {
            expect_u64("same st_dev", (uint64_t)sa.st_dev, (uint64_t)sb.st_dev);
            expect_true("different st_ino", sa.st_ino != sb.st_ino);
        }
        if (a >= 0) close(a);
        if (b >= 0) close(b);
    }
    unlink(in_dir("one"));
    unlink(in_dir("two"));
    end();
}

static void fopen_with_access(void) {
    begin("fopen-with-access");
    if (write_whole_file("file", "")) {
        FILE *file = fopen(in_dir("file"), "r");
        if (expect_true("fopen r", file != NULL)) expect_u64("fclose", (uint64_t)fclose(file), 0);
        unlink(in_dir("file"));
    }
    end();
}

static void clocks(void) {
    static const struct {
        const char *scenario;
        clockid_t clock;
        bool resolution;
    } cases[] = {
        {"clock_getres-monotonic", CLOCK_MONOTONIC, true},
        {"clock_getres-realtime", CLOCK_REALTIME, true},
        {"clock_gettime-monotonic", CLOCK_MONOTONIC, false},
        {"clock_gettime-realtime", CLOCK_REALTIME, false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        begin(cases[i].scenario);
        struct timespec ts;
        int rc = cases[i].resolution ? clock_getres(cases[i].clock, &ts) : clock_gettime(cases[i].clock, &ts);
        expect_u64("return value", (uint64_t)rc, 0);
        end();
    }
}

/* shutdown on a number nothing is open under is EBADF; on stdout (not a socket) ENOTSOCK.
 * (The suite's test uses 3, which is its process's first free number; 3 is a grant here.) */
static void shutdowns(void) {
    begin("sock_shutdown-invalid_fd");
    errno = 0;
    expect_true("shutdown fails", shutdown(1000, SHUT_RD) != 0);
    EXPECT_ERRNO("errno", (__wasi_errno_t)errno, __WASI_ERRNO_BADF);
    end();
    begin("sock_shutdown-not_sock");
    errno = 0;
    expect_true("shutdown fails", shutdown(STDOUT_FILENO, SHUT_RD) != 0);
    EXPECT_ERRNO("errno", (__wasi_errno_t)errno, __WASI_ERRNO_NOTSOCK);
    end();
}

int main(int argc, char **argv) {
    __wasi_fd_t scratch = open_scratch(argc, argv);
    if (__wasi_path_create_directory(scratch, "libc.dir") != 0) {
        printf("FAIL setup: cannot make libc.dir\n");
        return 1;
    }
    snprintf(dir_path, sizeof dir_path, "%s/libc.dir", argv[1]);
    libc_lseek();
    pwrite_with_append();
    pread_with_access();
    pwrite_with_access();
    stat_dev_ino();
    fopen_with_access();
    clocks();
    shutdowns();
    OK("removing libc.dir", __wasi_path_remove_directory(scratch, "libc.dir"));
    return finish();
}
