/* descriptors.c: wasix_32v1's fd_renumber with dup2's copy semantics (wasi-libc has no dup2,
 * so the WASM build calls fd_renumber itself, as wasix-libc's dup2 does; natively it is dup2), fcntl F_GETFL/F_SETFL with O_APPEND and
 * O_NONBLOCK (fd_fdstat_get, fd_fdstat_set_flags), F_GETFD, fstat of the standard streams and
 * of a directory, and closing. Leaves a.txt and b.txt. */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "errno_names.h"

#ifdef __wasi__
#include <wasi/api.h>
/* wasix_32v1's fd_renumber: the copy wasix-libc's dup2 is built on (preview1's moves). */
__attribute__((import_module("wasix_32v1"), import_name("fd_renumber"))) uint16_t wasix_fd_renumber(uint32_t from,
                                                                                                  uint32_t to);
/* dup2(from, to) as wasix-libc implements it: fd_renumber leaves `from` open (a copy). */
static int copy_descriptor(int from, int to) {
    uint16_t error = wasix_fd_renumber((uint32_t)from, (uint32_t)to);
    if (error != 0) {
        errno = error;
        return -1;
    }
    return to;
}
#else
static int copy_descriptor(int from, int to) { return dup2(from, to); }
#endif

static void show_flags(const char *label, int fd) {
    errno = 0;
    int flags = fcntl(fd, F_GETFL);
    if (flags < 0) {
        printf("%s: F_GETFL %s\n", label, errno_name(errno));
        return;
    }
    int mode = flags & O_ACCMODE;
    printf("%s: %s%s%s\n", label, mode == O_RDONLY ? "O_RDONLY" : mode == O_WRONLY ? "O_WRONLY" : "O_RDWR",
           flags & O_APPEND ? " O_APPEND" : "", flags & O_NONBLOCK ? " O_NONBLOCK" : "");
}

static void show_file(const char *path) {
    char buffer[128];
    int fd = open(path, O_RDONLY);
    int n = fd < 0 ? 0 : (int)read(fd, buffer, sizeof buffer);
    if (fd >= 0) close(fd);
    printf("  %s: ", path);
    for (int i = 0; i < n; i++) {
        if (buffer[i] == '\n') printf("\\n");
        else putchar(buffer[i]);
    }
    printf("\n");
}

int main(void) {
    int a = open("a.txt", O_RDWR | O_CREAT | O_TRUNC, 0644);
    int b = open("b.txt", O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int r = open("input.txt", O_RDONLY);
    int d = open(".", O_RDONLY | O_DIRECTORY);
    printf("opened: %s\n", a >= 0 && b >= 0 && r >= 0 && d >= 0 ? "ok" : errno_name(errno));

    show_flags("a (O_RDWR)", a);
    show_flags("b (O_WRONLY)", b);
    show_flags("input.txt (O_RDONLY)", r);
    struct stat st;
    fstat(d, &st);
    printf("fstat '.': directory %d\n", S_ISDIR(st.st_mode) ? 1 : 0);
    /* (Reading a directory descriptor is EISDIR natively but EBADF under wasmtime, where a
     * directory lacks the read right: not compared here.) */
    CHECK("write a directory", write(d, "x", 1));
    CHECK("F_GETFD", fcntl(a, F_GETFD));
    CHECK("F_GETFL on 1000", fcntl(1000, F_GETFL));
    fstat(1, &st);
    printf("fstat stdout: regular %d\n", S_ISREG(st.st_mode) ? 1 : 0);

    /* F_SETFL: O_APPEND sends the next write to the end; O_NONBLOCK is kept; clearing works. */
    write(a, "0123456789", 10);
    lseek(a, 2, SEEK_SET);
    CHECK("F_SETFL O_APPEND", fcntl(a, F_SETFL, O_APPEND));
    show_flags("a after F_SETFL O_APPEND", a);
    write(a, "A", 1);
    printf("offset after append write: %lld\n", (long long)lseek(a, 0, SEEK_CUR));
    CHECK("F_SETFL O_APPEND|O_NONBLOCK", fcntl(a, F_SETFL, O_APPEND | O_NONBLOCK));
    show_flags("a after F_SETFL O_APPEND|O_NONBLOCK", a);
    CHECK("F_SETFL 0", fcntl(a, F_SETFL, 0));
    show_flags("a after F_SETFL 0", a);
    lseek(a, 0, SEEK_SET);
    write(a, "B", 1);
    show_file("a.txt");

    /* dup2 onto an open descriptor: `b` now refers to a.txt, sharing its offset; the old
     * b.txt is closed; `a` stays open. */
    write(b, "b before\n", 9);
    lseek(a, 0, SEEK_END);
    printf("copy a to b: %s\n", copy_descriptor(a, b) == b ? "ok" : errno_name(errno));
    CHECK("write via b", write(b, "|via b", 6));
    CHECK("write via a", write(a, "|via a", 6));
    printf("offsets: a %lld, b %lld\n", (long long)lseek(a, 0, SEEK_CUR), (long long)lseek(b, 0, SEEK_CUR));
    show_flags("b after copy", b);
    CHECK("close a", close(a));
    CHECK("write via b after closing a", write(b, "|b again", 8));
    CHECK("close a again", close(a));
    show_file("a.txt");
    show_file("b.txt");

    /* dup2 onto a closed (unused) number, onto itself, and from a closed descriptor. */
    printf("copy b to a (now closed): %s\n", copy_descriptor(b, a) == a ? "ok" : errno_name(errno));
    CHECK("write via a", write(a, "|a back\n", 8));
    printf("copy b to b: %s\n", copy_descriptor(b, b) == b ? "ok" : errno_name(errno));
    close(b);
    printf("copy closed b to r: %s\n", copy_descriptor(b, r) == r ? "ok" : errno_name(errno));
    char c;
    CHECK("read r still works", read(r, &c, 1));
    show_file("a.txt");
    CHECK("close r", close(r));
    CHECK("close d", close(d));
    CHECK("close a", close(a));
    CHECK("close 1000", close(1000));
    CHECK("read closed", read(r, &c, 1));
    return 0;
}
