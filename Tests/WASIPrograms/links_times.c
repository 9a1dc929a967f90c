/* links_times.c: path_link, path_symlink, path_readlink, path_filestat_get with and without
 * following symlinks (stat vs lstat), fd_filestat_get, and setting times with
 * path_filestat_set_times (utimensat) and fd_filestat_set_times (futimens): explicit times,
 * UTIME_NOW and UTIME_OMIT. Leaves target.txt, hard.txt, soft.txt, dangling, dirlink. */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "errno_names.h"

static const char *kind(mode_t mode) {
    if (S_ISREG(mode)) return "file";
    if (S_ISDIR(mode)) return "directory";
    if (S_ISLNK(mode)) return "symlink";
    return "other";
}

static void show_stat(const char *label, const char *path, int follow) {
    struct stat st;
    errno = 0;
    int result = follow ? stat(path, &st) : lstat(path, &st);
    if (result != 0) {
        printf("%s %s: %s\n", label, path, errno_name(errno));
        return;
    }
    printf("%s %s: %s, size %lld, nlink %d\n", label, path, kind(st.st_mode),
           S_ISDIR(st.st_mode) ? 0LL : (long long)st.st_size, (int)st.st_nlink);
}

static void show_readlink(const char *path) {
    char buffer[128];
    errno = 0;
    int n = (int)readlink(path, buffer, sizeof buffer);
    if (n < 0) printf("readlink %s: %s\n", path, errno_name(errno));
    else printf("readlink %s: %d [%.*s]\n", path, n, n, buffer);
    n = (int)readlink(path, buffer, 3);
    if (n >= 0) printf("readlink %s into 3 bytes: %d [%.*s]\n", path, n, n, buffer);
}

/* Prints a time as seconds.nanoseconds when it is one of the explicit values this program
 * sets; a time near now (within 60 s of the real-time clock) prints as "now". */
static void show_time(const char *label, struct timespec t) {
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    long long delta = (long long)now.tv_sec - (long long)t.tv_sec;
    if (t.tv_sec > 1600000000 && delta >= -60 && delta <= 60) printf(" %s=now", label);
    else printf(" %s=%lld.%09ld", label, (long long)t.tv_sec, (long)t.tv_nsec);
}

static void show_times(const char *label, const char *path, int follow) {
    struct stat st;
    int result = follow ? stat(path, &st) : lstat(path, &st);
    if (result != 0) {
        printf("%s: %s\n", label, errno_name(errno));
        return;
    }
    printf("%s:", label);
    show_time("atime", st.st_atim);
    show_time("mtime", st.st_mtim);
    printf("\n");
}

int main(void) {
    int fd = open("target.txt", O_WRONLY | O_CREAT | O_TRUNC, 0644);
    write(fd, "target contents\n", 16);
    close(fd);
    mkdir("dir", 0755);

    CHECK("link target.txt hard.txt", link("target.txt", "hard.txt"));
    CHECK("link again (exists)", link("target.txt", "hard.txt"));
    CHECK("link missing", link("missing.txt", "other.txt"));
    CHECK("link a directory", link("dir", "dir2"));
    CHECK("symlink soft.txt", symlink("target.txt", "soft.txt"));
    CHECK("symlink dangling", symlink("does-not-exist", "dangling"));
    CHECK("symlink dirlink", symlink("dir", "dirlink"));
    CHECK("symlink over existing", symlink("target.txt", "hard.txt"));
    CHECK("symlink loop a", symlink("loop-b", "loop-a"));
    CHECK("symlink loop b", symlink("loop-a", "loop-b"));

    show_stat("stat", "target.txt", 1);
    show_stat("stat", "hard.txt", 1);
    show_stat("stat", "soft.txt", 1);
    show_stat("lstat", "soft.txt", 0);
    show_stat("stat", "dangling", 1);
    show_stat("lstat", "dangling", 0);
    show_stat("stat", "dirlink", 1);
    show_stat("lstat", "dirlink", 0);
    show_stat("stat", "dirlink/", 1);
    show_stat("stat", "loop-a", 1);
    show_stat("lstat", "loop-a", 0);
    show_readlink("soft.txt");
    show_readlink("dangling");
    show_readlink("target.txt");
    show_readlink("missing");

    /* Writing through the symlink reaches the target; unlinking the symlink leaves it. */
    fd = open("soft.txt", O_WRONLY | O_APPEND);
    write(fd, "via symlink\n", 12);
    close(fd);
    CHECK("open soft.txt O_NOFOLLOW", open("soft.txt", O_RDONLY | O_NOFOLLOW));
    CHECK("open loop-a", open("loop-a", O_RDONLY));
    fd = open("dirlink", O_RDONLY | O_DIRECTORY);
    printf("open dirlink O_DIRECTORY: %s\n", fd >= 0 ? "ok" : errno_name(errno));
    if (fd >= 0) close(fd);
    show_stat("stat", "hard.txt", 1);
    CHECK("unlink hard.txt", unlink("hard.txt"));
    show_stat("stat", "target.txt", 1);
    CHECK("unlink loop-a", unlink("loop-a"));
    CHECK("unlink loop-b", unlink("loop-b"));
    CHECK("relink hard.txt", link("target.txt", "hard.txt"));

    /* Times: explicit values (with nanoseconds), UTIME_OMIT keeps one, UTIME_NOW sets now. */
    struct timespec times[2] = {{1000000000, 123456789}, {1234567890, 987654321}};
    CHECK("utimensat explicit", utimensat(AT_FDCWD, "target.txt", times, 0));
    show_times("after explicit", "target.txt", 1);
    struct timespec omit_now[2] = {{0, UTIME_OMIT}, {0, UTIME_NOW}};
    CHECK("utimensat OMIT,NOW", utimensat(AT_FDCWD, "target.txt", omit_now, 0));
    show_times("after OMIT,NOW", "target.txt", 1);
    struct timespec set_atime[2] = {{1500000000, 5}, {0, UTIME_OMIT}};
    CHECK("utimensat atime,OMIT", utimensat(AT_FDCWD, "target.txt", set_atime, 0));
    show_times("after atime,OMIT", "target.txt", 1);
    CHECK("utimensat NULL (both now)", utimensat(AT_FDCWD, "hard.txt", NULL, 0));
    show_times("after NULL", "target.txt", 1);

    struct timespec link_times[2] = {{1100000000, 0}, {1200000000, 0}};
    CHECK("utimensat NOFOLLOW on symlink", utimensat(AT_FDCWD, "soft.txt", link_times, AT_SYMLINK_NOFOLLOW));
    show_times("symlink itself", "soft.txt", 0);
    show_times("its target", "soft.txt", 1);
    CHECK("utimensat missing", utimensat(AT_FDCWD, "missing", times, 0));
    struct timespec bad[2] = {{0, 1000000000}, {0, 0}};
    CHECK("utimensat bad nsec", utimensat(AT_FDCWD, "target.txt", bad, 0));

    fd = open("target.txt", O_RDWR);
    struct timespec fd_times[2] = {{1300000000, 250000000}, {1400000000, 750000000}};
    CHECK("futimens explicit", futimens(fd, fd_times));
    show_times("after futimens", "target.txt", 1);
    struct timespec fd_now[2] = {{0, UTIME_NOW}, {0, UTIME_OMIT}};
    CHECK("futimens NOW,OMIT", futimens(fd, fd_now));
    show_times("after futimens NOW,OMIT", "target.txt", 1);
    struct stat st;
    fstat(fd, &st);
    printf("fstat: %s, size %lld, nlink %d\n", kind(st.st_mode), (long long)st.st_size, (int)st.st_nlink);
    close(fd);
    CHECK("futimens closed fd", futimens(fd, fd_times));
    /* Leave fixed times behind, so the directory trees compare. */
    utimensat(AT_FDCWD, "target.txt", times, 0);
    return 0;
}
