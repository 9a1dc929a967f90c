/* sandbox.c (WASM only): attempts to leave the granted directory, each of which must fail.
 * Built with `--dir .` and run in root/ of this layout, where nothing outside root/ may be read,
 * created, changed or removed:
 *
 *     secret.txt        "secret\n"   (outside the grant)
 *     root/file.txt     "file\n"     (the grant: the working directory, pre-opened as fd 3)
 *     root/sub/inner.txt
 *
 * Through wasi-libc (what programs see) and through the raw WASI calls on fd 3 (what the
 * runtime sees: wasi-libc refuses absolute paths itself). Each line names the errno. */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <wasi/api.h>

#include "errno_names.h"

#define GRANT 3

/* Opens `path` and, when that works, reads what it holds: a successful escape shows. */
static void try_open(const char *path, int flags) {
    errno = 0;
    int fd = open(path, flags);
    if (fd < 0) {
        printf("open %s: %s\n", path, errno_name(errno));
        return;
    }
    char buffer[32];
    int n = (int)read(fd, buffer, sizeof buffer - 1);
    close(fd);
    printf("open %s: ok, read %d bytes\n", path, n);
}

static void raw(const char *label, __wasi_errno_t error) {
    printf("raw %s: %s\n", label, errno_name(error));
}

static __wasi_errno_t raw_open(int dir, __wasi_lookupflags_t lookup, const char *path) {
    __wasi_fd_t fd;
    __wasi_errno_t error = __wasi_path_open((__wasi_fd_t)dir, lookup, path, 0, __WASI_RIGHTS_FD_READ, 0, 0, &fd);
    if (error == 0) (void)__wasi_fd_close(fd);
    return error;
}

int main(void) {
    printf("-- through wasi-libc\n");
    try_open("../secret.txt", O_RDONLY);
    try_open("../../etc/passwd", O_RDONLY);
    try_open("/etc/passwd", O_RDONLY);
    try_open("sub/../../secret.txt", O_RDONLY);
    try_open("sub/../file.txt", O_RDONLY);
    try_open("./sub/./../sub/inner.txt", O_RDONLY);
    try_open("..", O_RDONLY | O_DIRECTORY);
    CHECK("opendir ..", opendir("..") ? 0 : -1);
    struct stat st;
    CHECK("stat ../secret.txt", stat("../secret.txt", &st));

    /* Symlinks the guest makes: to an absolute path, up and out, through a subdirectory. */
    CHECK("symlink /etc etc_link", symlink("/etc", "etc_link"));
    try_open("etc_link/passwd", O_RDONLY);
    CHECK("symlink ../.. up", symlink("../..", "up"));
    try_open("up/etc/passwd", O_RDONLY);
    CHECK("stat up", stat("up", &st));
    CHECK("lstat up", lstat("up", &st));
    CHECK("symlink ../secret.txt leak", symlink("../secret.txt", "leak"));
    try_open("leak", O_RDONLY);
    try_open("leak", O_RDONLY | O_NOFOLLOW);
    char target[64];
    int n = (int)readlink("leak", target, sizeof target);
    printf("readlink leak: %.*s\n", n > 0 ? n : 0, target);
    CHECK("symlink leak leak2", symlink("leak", "leak2"));
    try_open("leak2", O_RDONLY);
    CHECK("symlink sub/../.. sneaky", symlink("sub/../..", "sneaky"));
    try_open("sneaky/secret.txt", O_RDONLY);
    CHECK("symlink sub/esc", symlink("../../secret.txt", "sub/esc"));
    try_open("sub/esc", O_RDONLY);
    CHECK("symlink /file.txt abs", symlink("/file.txt", "abs"));
    try_open("abs", O_RDONLY);
    CHECK("symlink file.txt fine", symlink("file.txt", "fine"));
    try_open("fine", O_RDONLY);
    CHECK("write through leak", open("leak", O_WRONLY | O_TRUNC));
    CHECK("create through up", open("up/created.txt", O_WRONLY | O_CREAT, 0644));

    /* Changing things outside: rename, link, mkdir, unlink, rmdir, utimensat. */
    CHECK("rename file.txt ../stolen.txt", rename("file.txt", "../stolen.txt"));
    CHECK("rename ../secret.txt mine.txt", rename("../secret.txt", "mine.txt"));
    CHECK("rename sub ../sub", rename("sub", "../sub"));
    CHECK("link file.txt ../linked.txt", link("file.txt", "../linked.txt"));
    CHECK("link ../secret.txt hard", link("../secret.txt", "hard"));
    /* wasmtime refuses path_link's follow flag (INVAL) even for a symlink inside the grant. */
    CHECK("link fine hard3 (follow)", linkat(AT_FDCWD, "fine", AT_FDCWD, "hard3", AT_SYMLINK_FOLLOW));
    CHECK("link leak hard2 (follow)", linkat(AT_FDCWD, "leak", AT_FDCWD, "hard2", AT_SYMLINK_FOLLOW));
    CHECK("mkdir ../newdir", mkdir("../newdir", 0755));
    CHECK("mkdir sub/../../newdir", mkdir("sub/../../newdir", 0755));
    CHECK("mkdir up/newdir", mkdir("up/newdir", 0755));
    CHECK("unlink ../secret.txt", unlink("../secret.txt"));
    CHECK("unlink up/secret.txt", unlink("up/secret.txt"));
    CHECK("rmdir ..", rmdir(".."));
    CHECK("rmdir ../root", rmdir("../root"));
    struct timespec times[2] = {{1, 0}, {1, 0}};
    CHECK("utimensat ../secret.txt", utimensat(AT_FDCWD, "../secret.txt", times, 0));
    CHECK("utimensat leak", utimensat(AT_FDCWD, "leak", times, 0));

    /* A directory descriptor other than the grant is a sandbox of its own under wasmtime:
     * `..` from it is refused even when it would stay inside the grant. */
    int sub = open("sub", O_RDONLY | O_DIRECTORY);
    errno = 0;
    int fd = openat(sub, "inner.txt", O_RDONLY);
    printf("openat sub inner.txt: %s\n", fd >= 0 ? "ok" : errno_name(errno));
    if (fd >= 0) close(fd);
    errno = 0;
    fd = openat(sub, "../file.txt", O_RDONLY);
    printf("openat sub ../file.txt: %s\n", fd >= 0 ? "ok" : errno_name(errno));
    if (fd >= 0) close(fd);
    errno = 0;
    fd = openat(sub, "../../secret.txt", O_RDONLY);
    printf("openat sub ../../secret.txt: %s\n", fd >= 0 ? "ok" : errno_name(errno));
    close(sub);

    printf("-- raw WASI calls on the grant (fd 3)\n");
    __wasi_prestat_t prestat;
    raw("fd_prestat_get 3", __wasi_fd_prestat_get(GRANT, &prestat));
    char name[16] = {0};
    (void)__wasi_fd_prestat_dir_name(GRANT, (uint8_t *)name, prestat.u.dir.pr_name_len);
    printf("grant 3 is named '%s'\n", name);
    raw("fd_prestat_get 4", __wasi_fd_prestat_get(4, &prestat));
    raw("path_open /etc/passwd", raw_open(GRANT, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, "/etc/passwd"));
    raw("path_open /", raw_open(GRANT, 0, "/"));
    raw("path_open ../secret.txt", raw_open(GRANT, 0, "../secret.txt"));
    raw("path_open ..", raw_open(GRANT, 0, ".."));
    raw("path_open sub/../../secret.txt", raw_open(GRANT, 0, "sub/../../secret.txt"));
    raw("path_open sub/../file.txt", raw_open(GRANT, 0, "sub/../file.txt"));
    raw("path_open leak (follow)", raw_open(GRANT, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, "leak"));
    raw("path_open leak (nofollow)", raw_open(GRANT, 0, "leak"));
    raw("path_open up/root/file.txt", raw_open(GRANT, 0, "up/root/file.txt"));
    raw("path_open etc_link/passwd", raw_open(GRANT, 0, "etc_link/passwd"));
    __wasi_filestat_t filestat;
    raw("path_filestat_get up (follow)",
        __wasi_path_filestat_get(GRANT, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, "up", &filestat));
    raw("path_filestat_get /etc", __wasi_path_filestat_get(GRANT, 0, "/etc", &filestat));
    raw("path_create_directory ../x", __wasi_path_create_directory(GRANT, "../x"));
    raw("path_create_directory /tmp/x", __wasi_path_create_directory(GRANT, "/tmp/x"));
    raw("path_unlink_file ../secret.txt", __wasi_path_unlink_file(GRANT, "../secret.txt"));
    raw("path_remove_directory ../root", __wasi_path_remove_directory(GRANT, "../root"));
    raw("path_rename file.txt -> /tmp/stolen", __wasi_path_rename(GRANT, "file.txt", GRANT, "/tmp/stolen"));
    raw("path_link ../secret.txt -> hard", __wasi_path_link(GRANT, 0, "../secret.txt", GRANT, "hard"));
    raw("path_symlink /etc/passwd -> pw", __wasi_path_symlink("/etc/passwd", GRANT, "pw"));
    raw("path_open pw", raw_open(GRANT, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, "pw"));
    raw("path_symlink x -> ../outside-link", __wasi_path_symlink("x", GRANT, "../outside-link"));
    char buffer[64];
    __wasi_size_t used = 0;
    raw("path_readlink ../secret.txt", __wasi_path_readlink(GRANT, "../secret.txt", (uint8_t *)buffer, 64, &used));
    raw("path_open on fd 99", raw_open(99, 0, "file.txt"));
    raw("path_open on a file fd", raw_open(1, 0, "file.txt"));

    /* A symlink swapped between two calls: it first leads inside, then out; the second open is
     * resolved afresh and refused. */
    printf("-- a symlink swapped between two calls\n");
    CHECK("symlink file.txt -> swap", symlink("file.txt", "swap"));
    try_open("swap", O_RDONLY);
    CHECK("unlink swap", unlink("swap"));
    CHECK("symlink ../secret.txt -> swap", symlink("../secret.txt", "swap"));
    try_open("swap", O_RDONLY);

    /* Descriptors the guest was never given (whatever else the host process has open: files,
     * pipes, directories) do not exist for it: only stdio and the grant answer. (Sockets the
     * host hands in are the exception, by design: see the README; the count leaves them out.) */
    int given = 0;
    for (__wasi_fd_t guest = 0; guest < 64; guest++) {
        __wasi_fdstat_t stat;
        if (__wasi_fd_fdstat_get(guest, &stat) == 0 && stat.fs_filetype != __WASI_FILETYPE_SOCKET_STREAM &&
            stat.fs_filetype != __WASI_FILETYPE_SOCKET_DGRAM)
            given++;
    }
    printf("descriptors the guest can use: %d\n", given);

    /* Clean up what was made inside, so the tree left behind is the same every time. */
    const char *links[] = {"etc_link", "up", "leak", "leak2", "sneaky", "sub/esc", "abs", "fine", "pw", "hard3", "swap"};
    for (unsigned i = 0; i < sizeof links / sizeof links[0]; i++) unlink(links[i]);
    printf("done\n");
    return 0;
}
