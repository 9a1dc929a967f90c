/* conformance_rights.c: rights on descriptors, the access mode they give, and what a
 * directory descriptor refuses (conformance.h says how it reports; README.md maps scenarios to
 * the upstream tests).
 *
 * bs-aot enforces rights (README, WASI): a call without its right is NOTCAPABLE, and
 * fd_fdstat_set_rights only shrinks them. The upstream tests skip their rights checks on a
 * host whose fd_fdstat_set_rights says NOTSUP; these scenarios do not skip, so under
 * wasmtime 50, which no longer tracks rights, fd_fdstat_set_rights and truncation_rights fail
 * by design. */
#include "conformance.h"

static void set_rights(__wasi_fd_t scratch) {
    begin("fd_fdstat_set_rights");
    __wasi_fd_t dir = make_directory(scratch, "set_rights.dir");
    __wasi_fd_t fd = 0;
    __wasi_rights_t rights =
        __WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_WRITE | __WASI_RIGHTS_FD_SEEK | __WASI_RIGHTS_FD_TELL;
    if (OK("create", __wasi_path_open(dir, 0, "f", __WASI_OFLAGS_CREAT, rights, 0, 0, &fd))) {
        const uint8_t bytes[4] = {0, 1, 2, 3};
        uint8_t got[4] = {0};
        size_t n = 0;
        __wasi_filesize_t pos = 0;
        OK("write with FD_WRITE", write_some(fd, bytes, 4, &n));
        OK("seek to 0", __wasi_fd_seek(fd, 0, __WASI_WHENCE_SET, &pos));
        OK("read with FD_READ", read_some(fd, got, 4, &n));
        expect_true("read back what was written", n == 4 && memcmp(got, bytes, 4) == 0);

        __wasi_fdstat_t stat = fdstat_of(fd);
        __wasi_rights_t dropped = __WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_WRITE;
        OK("drop FD_READ|FD_WRITE",
           __wasi_fd_fdstat_set_rights(fd, stat.fs_rights_base & ~dropped, stat.fs_rights_inheriting));
        stat = fdstat_of(fd);
        expect_u64("FD_READ|FD_WRITE gone", stat.fs_rights_base & dropped, 0);
        expect_true("FD_SEEK kept", (stat.fs_rights_base & __WASI_RIGHTS_FD_SEEK) != 0);
        EXPECT_ERRNO("read without FD_READ", read_some(fd, got, 4, &n), __WASI_ERRNO_BADF, __WASI_ERRNO_NOTCAPABLE);
        EXPECT_ERRNO("write without FD_WRITE", write_some(fd, bytes, 4, &n), __WASI_ERRNO_BADF,
                     __WASI_ERRNO_NOTCAPABLE);
        EXPECT_ERRNO("growing the rights back",
                     __wasi_fd_fdstat_set_rights(fd, stat.fs_rights_base | rights, stat.fs_rights_inheriting | rights),
                     __WASI_ERRNO_NOTCAPABLE);
        OK("close", __wasi_fd_close(fd));
        OK("unlink", __wasi_path_unlink_file(dir, "f"));
    }
    remove_directory(scratch, dir, "set_rights.dir");
    end();
}

/* OFLAGS_TRUNC needs PATH_FILESTAT_SET_SIZE on the directory, not FD_FILESTAT_SET_SIZE. */
static void truncation_rights(__wasi_fd_t scratch) {
    begin("truncation_rights");
    __wasi_fd_t dir = make_directory(scratch, "trunc_rights.dir");
    make_file(dir, "f");
    __wasi_fdstat_t stat = fdstat_of(dir);
    expect_u64("filetype", stat.fs_filetype, __WASI_FILETYPE_DIRECTORY);
    expect_u64("fdflags", stat.fs_flags, 0);
    expect_u64("no FD_FILESTAT_SET_SIZE on a directory", stat.fs_rights_base & __WASI_RIGHTS_FD_FILESTAT_SET_SIZE, 0);
    expect_true("PATH_FILESTAT_SET_SIZE held", (stat.fs_rights_base & __WASI_RIGHTS_PATH_FILESTAT_SET_SIZE) != 0);
    __wasi_fd_t fd = 0;
    if (OK("open with TRUNC", __wasi_path_open(dir, 0, "f", __WASI_OFLAGS_TRUNC, 0, 0, 0, &fd)))
        OK("close", __wasi_fd_close(fd));
    __wasi_rights_t base = stat.fs_rights_base;
    __wasi_rights_t inheriting = stat.fs_rights_inheriting & ~(__wasi_rights_t)__WASI_RIGHTS_FD_FILESTAT_SET_SIZE;
    OK("drop inherited FD_FILESTAT_SET_SIZE", __wasi_fd_fdstat_set_rights(dir, base, inheriting));
    if (OK("open with TRUNC without FD_FILESTAT_SET_SIZE",
           __wasi_path_open(dir, 0, "f", __WASI_OFLAGS_TRUNC, 0, 0, 0, &fd)))
        OK("close", __wasi_fd_close(fd));
    base &= ~(__wasi_rights_t)__WASI_RIGHTS_PATH_FILESTAT_SET_SIZE;
    OK("drop PATH_FILESTAT_SET_SIZE", __wasi_fd_fdstat_set_rights(dir, base, inheriting));
    expect_u64("PATH_FILESTAT_SET_SIZE gone", fdstat_of(dir).fs_rights_base & __WASI_RIGHTS_PATH_FILESTAT_SET_SIZE, 0);
    EXPECT_ERRNO("open with TRUNC without PATH_FILESTAT_SET_SIZE",
                 __wasi_path_open(dir, 0, "f", __WASI_OFLAGS_TRUNC, 0, 0, 0, &fd), __WASI_ERRNO_PERM,
                 __WASI_ERRNO_NOTCAPABLE);
    OK("unlink", __wasi_path_unlink_file(dir, "f"));
    remove_directory(scratch, dir, "trunc_rights.dir");
    end();
}

/* The rights asked for decide what the descriptor may do: read-only, write-only, both. */
static void read_write(__wasi_fd_t scratch) {
    begin("path_open_read_write");
    const char *name = "read_write.f";
    make_file(scratch, name);
    uint8_t buffer[100];
    uint8_t ones[50], twos[25];
    memset(ones, 1, sizeof ones);
    memset(twos, 2, sizeof twos);
    size_t n = 0;
    __wasi_fd_t fd = 0;
    if (OK("open read-only", __wasi_path_open(scratch, 0, name, 0, __WASI_RIGHTS_FD_READ, 0, 0, &fd))) {
        __wasi_fdstat_t stat = fdstat_of(fd);
        expect_true("read-only has FD_READ", (stat.fs_rights_base & __WASI_RIGHTS_FD_READ) != 0);
        expect_u64("read-only lacks FD_WRITE", stat.fs_rights_base & __WASI_RIGHTS_FD_WRITE, 0);
        OK("read the empty file", read_some(fd, buffer, sizeof buffer, &n));
        expect_u64("bytes read", n, 0);
        EXPECT_ERRNO("write read-only", write_some(fd, ones, sizeof ones, &n), __WASI_ERRNO_BADF,
                     __WASI_ERRNO_NOTCAPABLE, __WASI_ERRNO_ACCES);
        OK("close", __wasi_fd_close(fd));
    }
    if (OK("open write-only", __wasi_path_open(scratch, 0, name, 0, __WASI_RIGHTS_FD_WRITE, 0, 0, &fd))) {
        __wasi_fdstat_t stat = fdstat_of(fd);
        expect_u64("write-only lacks FD_READ", stat.fs_rights_base & __WASI_RIGHTS_FD_READ, 0);
        expect_true("write-only has FD_WRITE", (stat.fs_rights_base & __WASI_RIGHTS_FD_WRITE) != 0);
        EXPECT_ERRNO("read write-only", read_some(fd, buffer, sizeof buffer, &n), __WASI_ERRNO_BADF,
                     __WASI_ERRNO_NOTCAPABLE, __WASI_ERRNO_ACCES);
        OK("write 50", write_some(fd, ones, sizeof ones, &n));
        expect_u64("bytes written", n, sizeof ones);
        OK("close", __wasi_fd_close(fd));
    }
    __wasi_rights_t both = __WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_WRITE | __WASI_RIGHTS_FD_FILESTAT_GET;
    if (OK("open read-write", __wasi_path_open(scratch, 0, name, 0, both, 0, 0, &fd))) {
        __wasi_fdstat_t stat = fdstat_of(fd);
        expect_u64("read-write has both", stat.fs_rights_base & both, both);
        OK("read", read_some(fd, buffer, sizeof buffer, &n));
        expect_u64("bytes read (the 50 written)", n, sizeof ones);
        OK("write 25", write_some(fd, twos, sizeof twos, &n));
        expect_u64("bytes written", n, sizeof twos);
        __wasi_filestat_t fstat = {0};
        OK("fd_filestat_get", __wasi_fd_filestat_get(fd, &fstat));
        expect_u64("size", fstat.size, sizeof ones + sizeof twos);
        OK("close", __wasi_fd_close(fd));
    }
    OK("unlink", __wasi_path_unlink_file(scratch, name));
    end();
}

/* FD_SEEK asked for on a directory is not granted, and seeking fails. */
static void directory_seek(__wasi_fd_t scratch) {
    begin("directory_seek");
    OK("mkdir", __wasi_path_create_directory(scratch, "seek.dir"));
    __wasi_fd_t fd = 0;
    if (OK("open with FD_SEEK",
           __wasi_path_open(scratch, 0, "seek.dir", __WASI_OFLAGS_DIRECTORY, __WASI_RIGHTS_FD_SEEK, 0, 0, &fd))) {
        __wasi_filesize_t pos = 0;
        EXPECT_ERRNO("seek a directory", __wasi_fd_seek(fd, 0, __WASI_WHENCE_CUR, &pos), __WASI_ERRNO_ISDIR,
                     __WASI_ERRNO_NOTCAPABLE, __WASI_ERRNO_BADF);
        __wasi_fdstat_t stat = fdstat_of(fd);
        expect_u64("filetype", stat.fs_filetype, __WASI_FILETYPE_DIRECTORY);
        expect_u64("no FD_SEEK", stat.fs_rights_base & __WASI_RIGHTS_FD_SEEK, 0);
        OK("close", __wasi_fd_close(fd));
    }
    OK("rmdir", __wasi_path_remove_directory(scratch, "seek.dir"));
    end();
}

#define DIR_REFUSALS __WASI_ERRNO_ISDIR, __WASI_ERRNO_BADF, __WASI_ERRNO_NOTCAPABLE

/* What a directory descriptor refuses: its bytes, its offset, its size. */
static void dir_fd_op_failures(__wasi_fd_t scratch, __wasi_fd_t preopen) {
    begin("dir_fd_op_failures");
    __wasi_filestat_t stat = {0};
    OK("fd_filestat_get", __wasi_fd_filestat_get(scratch, &stat));
    expect_u64("filetype", stat.filetype, __WASI_FILETYPE_DIRECTORY);
    __wasi_prestat_t prestat;
    if (OK("fd_prestat_get", __wasi_fd_prestat_get(preopen, &prestat))) {
        uint8_t name[260];
        EXPECT_ERRNO("fd_prestat_dir_name into 0 bytes", __wasi_fd_prestat_dir_name(preopen, name, 0),
                     __WASI_ERRNO_INVAL, __WASI_ERRNO_NAMETOOLONG);
        size_t len = prestat.u.dir.pr_name_len;
        if (len < sizeof name - 1)
            OK("fd_prestat_dir_name into a larger buffer", __wasi_fd_prestat_dir_name(preopen, name, len + 1));
    }
    uint8_t buffer[128] = {0};
    size_t n = 0;
    __wasi_filesize_t pos = 0;
    EXPECT_ERRNO("fd_read", read_some(scratch, buffer, sizeof buffer, &n), DIR_REFUSALS);
    EXPECT_ERRNO("fd_pread", pread_some(scratch, buffer, sizeof buffer, 0, &n), DIR_REFUSALS);
    EXPECT_ERRNO("fd_write", write_some(scratch, buffer, sizeof buffer, &n), DIR_REFUSALS);
    EXPECT_ERRNO("fd_pwrite", pwrite_some(scratch, buffer, sizeof buffer, 0, &n), DIR_REFUSALS);
    EXPECT_ERRNO("fd_seek CUR", __wasi_fd_seek(scratch, 0, __WASI_WHENCE_CUR, &pos), DIR_REFUSALS);
    EXPECT_ERRNO("fd_seek SET", __wasi_fd_seek(scratch, 0, __WASI_WHENCE_SET, &pos), DIR_REFUSALS);
    EXPECT_ERRNO("fd_seek END", __wasi_fd_seek(scratch, 0, __WASI_WHENCE_END, &pos), DIR_REFUSALS);
    EXPECT_ERRNO("fd_tell", __wasi_fd_tell(scratch, &pos), DIR_REFUSALS);
    EXPECT_ERRNO("fd_allocate", __wasi_fd_allocate(scratch, 0, 1), DIR_REFUSALS);
    EXPECT_ERRNO("fd_filestat_set_size", __wasi_fd_filestat_set_size(scratch, 0), DIR_REFUSALS,
                 __WASI_ERRNO_INVAL);
    end();
}

/* The rights programs expect on a pre-opened directory, and reopening it. */
static void preopen_rights(__wasi_fd_t preopen) {
    begin("path_open_preopen");
    const __wasi_rights_t directory_rights =
        __WASI_RIGHTS_PATH_CREATE_DIRECTORY | __WASI_RIGHTS_PATH_CREATE_FILE | __WASI_RIGHTS_PATH_LINK_SOURCE |
        __WASI_RIGHTS_PATH_LINK_TARGET | __WASI_RIGHTS_PATH_OPEN | __WASI_RIGHTS_FD_READDIR |
        __WASI_RIGHTS_PATH_READLINK | __WASI_RIGHTS_PATH_RENAME_SOURCE | __WASI_RIGHTS_PATH_RENAME_TARGET |
        __WASI_RIGHTS_PATH_SYMLINK | __WASI_RIGHTS_PATH_REMOVE_DIRECTORY | __WASI_RIGHTS_PATH_UNLINK_FILE |
        __WASI_RIGHTS_PATH_FILESTAT_GET | __WASI_RIGHTS_PATH_FILESTAT_SET_TIMES | __WASI_RIGHTS_FD_FILESTAT_GET |
        __WASI_RIGHTS_FD_FILESTAT_SET_TIMES;
    const __wasi_rights_t file_rights =
        __WASI_RIGHTS_FD_DATASYNC | __WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_SEEK |
        __WASI_RIGHTS_FD_FDSTAT_SET_FLAGS | __WASI_RIGHTS_FD_SYNC | __WASI_RIGHTS_FD_TELL | __WASI_RIGHTS_FD_WRITE |
        __WASI_RIGHTS_FD_ADVISE | __WASI_RIGHTS_FD_ALLOCATE | __WASI_RIGHTS_FD_FILESTAT_GET |
        __WASI_RIGHTS_FD_FILESTAT_SET_SIZE | __WASI_RIGHTS_FD_FILESTAT_SET_TIMES | __WASI_RIGHTS_POLL_FD_READWRITE;
    __wasi_prestat_t prestat;
    if (OK("fd_prestat_get", __wasi_fd_prestat_get(preopen, &prestat)))
        expect_u64("prestat tag", prestat.tag, __WASI_PREOPENTYPE_DIR);
    __wasi_fdstat_t stat = fdstat_of(preopen);
    expect_u64("base rights missing", directory_rights & ~stat.fs_rights_base, 0);
    expect_u64("inheriting rights missing", (directory_rights | file_rights) & ~stat.fs_rights_inheriting, 0);
    struct {
        const char *what;
        __wasi_oflags_t oflags;
        __wasi_rights_t base, inheriting;
    } opens[] = {
        {"reopen with the rights it has", 0, stat.fs_rights_base, stat.fs_rights_inheriting},
        {"reopen with no rights", 0, 0, 0},
        {"reopen DIRECTORY with no rights", __WASI_OFLAGS_DIRECTORY, 0, 0},
        {"reopen DIRECTORY with FD_READ", __WASI_OFLAGS_DIRECTORY, __WASI_RIGHTS_FD_READ, 0},
    };
    for (size_t i = 0; i < sizeof opens / sizeof opens[0]; i++) {
        __wasi_fd_t fd = 0;
        if (OK(opens[i].what, __wasi_path_open(preopen, 0, ".", opens[i].oflags, opens[i].base, opens[i].inheriting,
                                               0, &fd)))
            OK("close", __wasi_fd_close(fd));
    }
    __wasi_fd_t fd = 0;
    __wasi_errno_t e = __wasi_path_open(preopen, 0, ".", __WASI_OFLAGS_DIRECTORY,
                                        __WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_WRITE, 0, 0, &fd);
    EXPECT_ERRNO("reopen DIRECTORY with FD_READ|FD_WRITE", e, __WASI_ERRNO_ISDIR);
    if (e == 0) OK("close", __wasi_fd_close(fd));
    end();
}

int main(int argc, char **argv) {
    __wasi_fd_t scratch = open_scratch(argc, argv);
    __wasi_fd_t preopen = (__wasi_fd_t)find_preopen(argv[1]);
    set_rights(scratch);
    truncation_rights(scratch);
    read_write(scratch);
    directory_seek(scratch);
    dir_fd_op_failures(scratch, preopen);
    preopen_rights(preopen);
    return finish();
}
