/* errors.c: the errno each failing call gives, printed by name (errno_names.h): ENOENT,
 * EEXIST, ENOTEMPTY, EBADF, ENOTDIR, EISDIR, ELOOP, EINVAL, ENAMETOOLONG through path_open,
 * path_create_directory, path_remove_directory, path_unlink_file, path_rename, path_link,
 * path_filestat_get, fd_read/fd_write/fd_seek/fd_close. Leaves file, dir/, dir/inner. */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "errno_names.h"

int main(void) {
    int fd = open("file", O_WRONLY | O_CREAT | O_TRUNC, 0644);
    write(fd, "data\n", 5);
    close(fd);
    mkdir("dir", 0755);
    close(open("dir/inner", O_WRONLY | O_CREAT, 0644));
    mkdir("empty", 0755);
    symlink("self", "self");
    struct stat st;
    char buffer[16];
    char long_name[400];
    memset(long_name, 'n', sizeof long_name - 1);
    long_name[sizeof long_name - 1] = 0;

    printf("-- ENOENT\n");
    CHECK("open missing", open("missing", O_RDONLY));
    CHECK("open missing/x", open("missing/x", O_RDONLY));
    CHECK("stat missing", stat("missing", &st));
    CHECK("unlink missing", unlink("missing"));
    CHECK("rmdir missing", rmdir("missing"));
    CHECK("mkdir missing/x", mkdir("missing/x", 0755));
    CHECK("rename missing", rename("missing", "other"));
    CHECK("opendir missing", opendir("missing") ? 0 : -1);

    printf("-- EEXIST\n");
    CHECK("mkdir dir", mkdir("dir", 0755));
    CHECK("mkdir file", mkdir("file", 0755));
    CHECK("open O_CREAT|O_EXCL file", open("file", O_WRONLY | O_CREAT | O_EXCL, 0644));
    CHECK("open O_CREAT|O_EXCL dir", open("dir", O_WRONLY | O_CREAT | O_EXCL, 0644));
    CHECK("link file dir/inner", link("file", "dir/inner"));
    CHECK("symlink x file", symlink("x", "file"));

    printf("-- ENOTEMPTY\n");
    CHECK("rmdir dir", rmdir("dir"));
    CHECK("rename empty over dir", rename("empty", "dir"));

    printf("-- EBADF\n");
    CHECK("read 77", read(77, buffer, 1));
    CHECK("write 77", write(77, "x", 1));
    CHECK("lseek 77", lseek(77, 0, SEEK_SET));
    CHECK("fstat 77", fstat(77, &st));
    CHECK("close 77", close(77));
    CHECK("close -1", close(-1));
    fd = open("file", O_RDONLY);
    CHECK("write to O_RDONLY", write(fd, "x", 1));
    close(fd);
    CHECK("read after close", read(fd, buffer, 1));
    fd = open("file", O_WRONLY);
    CHECK("read from O_WRONLY", read(fd, buffer, 1));
    close(fd);

    printf("-- ENOTDIR\n");
    CHECK("open file/x", open("file/x", O_RDONLY));
    CHECK("open file/", open("file/", O_RDONLY));
    CHECK("open file O_DIRECTORY", open("file", O_RDONLY | O_DIRECTORY));
    CHECK("mkdir file/x", mkdir("file/x", 0755));
    CHECK("rmdir file", rmdir("file"));
    CHECK("opendir file", opendir("file") ? 0 : -1);
    CHECK("rename dir over file", rename("dir", "file"));
    CHECK("stat file/", stat("file/", &st));

    printf("-- EISDIR\n");
    CHECK("open dir O_WRONLY", open("dir", O_WRONLY));
    CHECK("open dir O_RDWR", open("dir", O_RDWR));
    CHECK("open dir O_CREAT", open("dir", O_WRONLY | O_CREAT, 0644));
    CHECK("unlink dir", unlink("dir"));
    CHECK("rename file over dir", rename("file", "dir"));

    printf("-- ELOOP\n");
    CHECK("open self", open("self", O_RDONLY));
    CHECK("stat self", stat("self", &st));
    CHECK("open self/x", open("self/x", O_RDONLY));
    CHECK("lstat self", lstat("self", &st));

    printf("-- EINVAL\n");
    fd = open("file", O_RDONLY);
    CHECK("lseek whence 9", lseek(fd, 0, 9));
    CHECK("lseek before start", lseek(fd, -10, SEEK_SET));
    close(fd);
    CHECK("readlink file", readlink("file", buffer, sizeof buffer));
    CHECK("rename dir into dir/sub", rename("dir", "dir/sub"));
    CHECK("rmdir dir/.", rmdir("dir/."));

    printf("-- ENAMETOOLONG\n");
    CHECK("open long name", open(long_name, O_RDONLY));
    CHECK("mkdir long name", mkdir(long_name, 0755));

    unlink("self");
    rmdir("empty");
    return 0;
}
