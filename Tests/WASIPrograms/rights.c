/* rights.c (WASM only): descriptor rights and fdflags as bsrt_wasi.h specifies them (wasmtime
 * 50 no longer enforces rights, so there is no reference to compare with): a call needing a
 * right the descriptor lacks gives NOTCAPABLE, fd_fdstat_set_rights only shrinks, the sync
 * fdflags cannot be set (NOTSUP), APPEND can. Run in a directory holding file.txt; fd 3 is
 * the grant. */
#include <stdio.h>
#include <wasi/api.h>

#include "errno_names.h"

#define GRANT 3

int main(void) {
    __wasi_ciovec_t byte = {(const uint8_t *)"x", 1};
    __wasi_size_t count;
    __wasi_filesize_t offset;
    __wasi_fdstat_t stat;
    __wasi_fd_t fd;

    __wasi_errno_t error = __wasi_path_open(GRANT, 0, "file.txt", 0, __WASI_RIGHTS_FD_READ, 0, 0, &fd);
    printf("open with FD_READ only: %s\n", errno_name(error));
    printf("fd_write: %s\n", errno_name(__wasi_fd_write(fd, &byte, 1, &count)));
    printf("fd_seek: %s\n", errno_name(__wasi_fd_seek(fd, 0, __WASI_WHENCE_SET, &offset)));
    (void)__wasi_fd_fdstat_get(fd, &stat);
    printf("fdstat rights: FD_READ %d, FD_WRITE %d\n", (stat.fs_rights_base & __WASI_RIGHTS_FD_READ) != 0,
           (stat.fs_rights_base & __WASI_RIGHTS_FD_WRITE) != 0);
    printf("grow rights to FD_WRITE: %s\n",
           errno_name(__wasi_fd_fdstat_set_rights(fd, __WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_WRITE, 0)));
    (void)__wasi_fd_close(fd);

    __wasi_rights_t all = __WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_WRITE | __WASI_RIGHTS_FD_SEEK |
                          __WASI_RIGHTS_FD_TELL | __WASI_RIGHTS_FD_FDSTAT_SET_FLAGS | __WASI_RIGHTS_FD_FILESTAT_GET;
    error = __wasi_path_open(GRANT, 0, "file.txt", 0, all, 0, 0, &fd);
    printf("open read/write: %s\n", errno_name(error));
    printf("set APPEND: %s\n", errno_name(__wasi_fd_fdstat_set_flags(fd, __WASI_FDFLAGS_APPEND)));
    (void)__wasi_fd_fdstat_get(fd, &stat);
    printf("fdstat flags APPEND: %d\n", (stat.fs_flags & __WASI_FDFLAGS_APPEND) != 0);
    printf("set SYNC: %s\n", errno_name(__wasi_fd_fdstat_set_flags(fd, __WASI_FDFLAGS_SYNC)));
    printf("set DSYNC: %s\n", errno_name(__wasi_fd_fdstat_set_flags(fd, __WASI_FDFLAGS_DSYNC)));
    printf("fd_write (appends): %s\n", errno_name(__wasi_fd_write(fd, &byte, 1, &count)));
    printf("shrink to FD_READ|FD_FILESTAT_GET: %s\n",
           errno_name(__wasi_fd_fdstat_set_rights(fd, __WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_FILESTAT_GET, 0)));
    printf("fd_write after shrink: %s\n", errno_name(__wasi_fd_write(fd, &byte, 1, &count)));
    printf("fd_tell after shrink: %s\n", errno_name(__wasi_fd_tell(fd, &offset)));
    printf("set flags after shrink: %s\n", errno_name(__wasi_fd_fdstat_set_flags(fd, 0)));
    __wasi_filestat_t filestat;
    printf("fd_filestat_get after shrink: %s, size %llu\n", errno_name(__wasi_fd_filestat_get(fd, &filestat)),
           (unsigned long long)filestat.size);
    printf("shrink to nothing: %s\n", errno_name(__wasi_fd_fdstat_set_rights(fd, 0, 0)));
    printf("fd_read with no rights: %s\n", errno_name(__wasi_fd_read(fd, (const __wasi_iovec_t *)&byte, 1, &count)));
    printf("close: %s\n", errno_name(__wasi_fd_close(fd)));

    /* A file descriptor is not a directory: path calls through it fail. */
    error = __wasi_path_open(GRANT, 0, "file.txt", 0, __WASI_RIGHTS_FD_READ, 0, 0, &fd);
    __wasi_fd_t inner;
    printf("path_open through a file fd: %s\n",
           errno_name(__wasi_path_open(fd, 0, "x", 0, __WASI_RIGHTS_FD_READ, 0, 0, &inner)));
    printf("path_open O_DIRECTORY of a file: %s\n",
           errno_name(__wasi_path_open(GRANT, 0, "file.txt", __WASI_OFLAGS_DIRECTORY, __WASI_RIGHTS_FD_READ, 0, 0, &inner)));
    (void)__wasi_fd_close(fd);
    return 0;
}
