/*
 * embedded.c: what a program sees of a read-only directory, pre-opened as /data: bs-aot's
 * --embed-dir (a tree packed into the executable) or a granted directory that the host keeps
 * read-only (wasmtime with a read-only pre-open). The tree it expects:
 *   data/hello.txt ("hello, embedded\n"), data/empty, data/sub/deeper/leaf.txt ("leaf\n"),
 *   data/sub/big.bin (100000 bytes, byte i is i*7 mod 251), data/link -> sub/deeper/leaf.txt,
 *   data/up -> ../..
 * Prints one line per check: the result, or the errno's name.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "errno_names.h"

static void result(const char *label, int rc) {
    if (rc < 0) printf("%s: %s\n", label, errno_name(errno));
    else printf("%s: ok\n", label);
}

static void read_file(const char *path) {
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        printf("open %s: %s\n", path, errno_name(errno));
        return;
    }
    char buf[256];
    ssize_t n = read(fd, buf, sizeof buf - 1);
    buf[n < 0 ? 0 : n] = '\0';
    printf("read %s: %zd \"%.*s\"\n", path, n, (int)strcspn(buf, "\n"), buf);
    close(fd);
}

static int compare(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static void list(const char *path) {
    DIR *dir = opendir(path);
    if (dir == NULL) {
        printf("opendir %s: %s\n", path, errno_name(errno));
        return;
    }
    char *names[64];
    int count = 0;
    struct dirent *entry;
    while ((entry = readdir(dir)) != NULL && count < 64) {
        char line[300];
        snprintf(line, sizeof line, "%s(%s)", entry->d_name,
                 entry->d_type == DT_DIR ? "dir" : entry->d_type == DT_REG ? "file" : entry->d_type == DT_LNK ? "link" : "?");
        names[count++] = strdup(line);
    }
    closedir(dir);
    qsort(names, (size_t)count, sizeof names[0], compare);
    printf("list %s:", path);
    for (int i = 0; i < count; i++) {
        printf(" %s", names[i]);
        free(names[i]);
    }
    printf("\n");
}

int main(void) {
    read_file("/data/hello.txt");
    read_file("/data/empty");
    read_file("/data/sub/deeper/leaf.txt");
    read_file("/data/link");
    read_file("/data/sub/../hello.txt");
    read_file("/data/missing");
    read_file("/data/up/etc/passwd");
    read_file("/data/../etc/passwd");
    read_file("/data/hello.txt/");

    /* A big file: seek, tell, pread, and the bytes. */
    int fd = open("/data/sub/big.bin", O_RDONLY);
    struct stat st;
    fstat(fd, &st);
    printf("big: size %lld regular %d\n", (long long)st.st_size, S_ISREG(st.st_mode));
    unsigned char buf[100000];
    size_t total = 0;
    ssize_t n;
    while ((n = read(fd, buf + total, 4096)) > 0) total += (size_t)n;
    int good = total == sizeof buf;
    for (size_t i = 0; i < total; i++) good &= buf[i] == (unsigned char)(i * 7 % 251);
    printf("big: read %zu bytes, contents %s\n", total, good ? "right" : "WRONG");
    printf("big: lseek end %lld, set %lld, cur %lld\n", (long long)lseek(fd, 0, SEEK_END), (long long)lseek(fd, 777, SEEK_SET),
           (long long)lseek(fd, 0, SEEK_CUR));
    unsigned char b[4];
    printf("big: pread %zd at 5000: %d %d %d %d; cur still %lld\n", pread(fd, b, 4, 5000), b[0], b[1], b[2], b[3],
           (long long)lseek(fd, 0, SEEK_CUR));
    result("big: write", (int)write(fd, "x", 1));
    close(fd);

    /* stat by path, through a link and of the link. */
    struct stat a, l;
    result("stat hello.txt", stat("/data/hello.txt", &a));
    printf("stat hello.txt: size %lld regular %d\n", (long long)a.st_size, S_ISREG(a.st_mode));
    result("stat sub", stat("/data/sub", &a));
    printf("stat sub: dir %d\n", S_ISDIR(a.st_mode));
    result("stat link", stat("/data/link", &a));
    result("lstat link", lstat("/data/link", &l));
    printf("link: target size %lld, link is a link %d\n", (long long)a.st_size, S_ISLNK(l.st_mode));
    char target[64];
    ssize_t len = readlink("/data/link", target, sizeof target);
    printf("readlink link: %.*s\n", (int)(len < 0 ? 0 : len), target);
    result("readlink hello.txt", (int)readlink("/data/hello.txt", target, sizeof target));
    result("stat missing", stat("/data/missing", &a));

    list("/data");
    list("/data/sub");
    list("/data/sub/deeper");

    /* Reading a directory from a remembered position. */
    DIR *dir = opendir("/data");
    struct dirent *e = readdir(dir);
    e = readdir(dir);
    long where = telldir(dir);
    char next[256];
    e = readdir(dir);
    snprintf(next, sizeof next, "%s", e ? e->d_name : "(end)");
    while (readdir(dir) != NULL) {}
    seekdir(dir, where);
    e = readdir(dir);
    printf("seekdir: the same entry again: %s\n", e && strcmp(e->d_name, next) == 0 ? "yes" : "no");
    closedir(dir);

    /* Changes: each must fail. */
    result("open O_WRONLY hello.txt", open("/data/hello.txt", O_WRONLY));
    result("open O_RDWR hello.txt", open("/data/hello.txt", O_RDWR));
    result("open O_CREAT new.txt", open("/data/new.txt", O_WRONLY | O_CREAT, 0644));
    result("open O_TRUNC hello.txt", open("/data/hello.txt", O_RDONLY | O_TRUNC));
    result("mkdir newdir", mkdir("/data/newdir", 0755));
    result("mkdir sub", mkdir("/data/sub", 0755));
    result("unlink hello.txt", unlink("/data/hello.txt"));
    result("rmdir sub/deeper", rmdir("/data/sub/deeper"));
    result("rename hello.txt", rename("/data/hello.txt", "/data/moved.txt"));
    result("symlink new", symlink("hello.txt", "/data/newlink"));
    result("link hello.txt", link("/data/hello.txt", "/data/hard"));
    result("truncate hello.txt", truncate("/data/hello.txt", 0));
    result("mkdir missing/x", mkdir("/data/missing/x", 0755));
    result("open O_CREAT existing", open("/data/hello.txt", O_RDONLY | O_CREAT, 0644));
    result("open O_WRONLY sub", open("/data/sub", O_WRONLY));
    result("utimensat hello.txt", utimensat(AT_FDCWD, "/data/hello.txt", NULL, 0));
    fd = open("/data/hello.txt", O_RDONLY);
    result("futimens hello.txt", futimens(fd, NULL));
    close(fd);
    read_file("/data/hello.txt");
    return 0;
}
