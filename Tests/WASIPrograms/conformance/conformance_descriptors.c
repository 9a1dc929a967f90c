/* conformance_descriptors.c: fd_renumber, and closing or replacing pre-opened directories
 * (conformance.h says how it reports; README.md maps scenarios to the upstream tests).
 *
 * Needs two grants: argv[1] names the scratch directory, and any other pre-opened directory
 * serves close_preopen (the suite's tests each run in a process of their own; here the
 * scratch grant is replaced by overwrite_preopen, so closing needs another one).
 *
 * preview1's fd_renumber moves, as the upstream tests and wasmtime expect: `to` is replaced
 * by `from`, `from` is closed, and a `to` that is not open is BADF. (A WASIX module gets a
 * dup2-like copy instead; this program imports nothing from wasix_*.) */
#include "conformance.h"

/* A pre-opened directory whose name is not `name`, or -1. */
static int other_preopen(const char *name) {
    for (__wasi_fd_t fd = 3;; fd++) {
        __wasi_prestat_t prestat;
        if (__wasi_fd_prestat_get(fd, &prestat) != 0) return -1;
        char found[256];
        size_t len = prestat.u.dir.pr_name_len;
        if (len >= sizeof found || __wasi_fd_prestat_dir_name(fd, (uint8_t *)found, len) != 0) continue;
        if (len != strlen(name) || memcmp(found, name, len) != 0) return (int)fd;
    }
}

static void renumber(__wasi_fd_t scratch) {
    begin("renumber");
    __wasi_fd_t d = make_directory(scratch, "renumber.dir");
    __wasi_rights_t rights = __WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_WRITE;
    __wasi_fd_t from = 0, to = 0;
    OK("create file1", __wasi_path_open(d, 0, "file1", __WASI_OFLAGS_CREAT, rights, 0, 0, &from));
    __wasi_fdstat_t before = fdstat_of(from);
    OK("create file2", __wasi_path_open(d, 0, "file2", __WASI_OFLAGS_CREAT, rights, 0, 0, &to));
    OK("fd_renumber", __wasi_fd_renumber(from, to));
    EXPECT_ERRNO("`from` is closed (a move)", __wasi_fd_fdstat_get(from, &(__wasi_fdstat_t){0}), __WASI_ERRNO_BADF);
    EXPECT_ERRNO("closing `from`", __wasi_fd_close(from), __WASI_ERRNO_BADF);
    __wasi_fdstat_t after = fdstat_of(to);
    expect_u64("filetype carried over", after.fs_filetype, before.fs_filetype);
    expect_u64("fdflags carried over", after.fs_flags, before.fs_flags);
    expect_u64("base rights carried over", after.fs_rights_base, before.fs_rights_base);
    expect_u64("inheriting rights carried over", after.fs_rights_inheriting, before.fs_rights_inheriting);
    uint8_t byte = 7;
    size_t n = 0;
    __wasi_filestat_t file1 = {0};
    OK("write through `to`", write_some(to, &byte, 1, &n));
    OK("stat file1", __wasi_path_filestat_get(d, 0, "file1", &file1));
    expect_u64("`to` now writes file1", file1.size, 1);
    EXPECT_ERRNO("fd_renumber onto a closed number", __wasi_fd_renumber(to, from), __WASI_ERRNO_BADF);
    OK("a refused fd_renumber leaves `from` open", __wasi_fd_fdstat_get(to, &(__wasi_fdstat_t){0}));
    OK("fd_renumber onto itself", __wasi_fd_renumber(to, to));
    OK("close `to`", __wasi_fd_close(to));
    OK("unlink file1", __wasi_path_unlink_file(d, "file1"));
    OK("unlink file2", __wasi_path_unlink_file(d, "file2"));
    remove_directory(scratch, d, "renumber.dir");
    end();
}

/* A pre-opened directory can be closed; descriptors opened through it stay usable. */
static void close_preopen(const char *scratch_name) {
    begin("close_preopen");
    int preopen = other_preopen(scratch_name);
    if (!expect_true("a second grant to close", preopen >= 0)) {
        end();
        return;
    }
    __wasi_fd_t dir = reopen_directory((__wasi_fd_t)preopen);
    expect_true("the reopened directory is numbered after the grant", dir > (__wasi_fd_t)preopen);
    OK("close the grant", __wasi_fd_close((__wasi_fd_t)preopen));
    expect_u64("the reopened directory still works", fdstat_of(dir).fs_filetype, __WASI_FILETYPE_DIRECTORY);
    EXPECT_ERRNO("the grant's number is closed", __wasi_fd_fdstat_get((__wasi_fd_t)preopen, &(__wasi_fdstat_t){0}),
                 __WASI_ERRNO_BADF);
    OK("close the reopened directory", __wasi_fd_close(dir));
    end();
}

/* fd_renumber onto a pre-opened directory replaces it: the number then names the other
 * directory and is no longer a pre-open. */
static void overwrite_preopen(__wasi_fd_t scratch, const char *scratch_name) {
    begin("overwrite_preopen");
    int preopen = find_preopen(scratch_name);
    __wasi_fd_t d = make_directory(scratch, "overwrite.dir");
    expect_true("the directory is numbered after the grant", (int)d > preopen);
    __wasi_filestat_t old = {0}, now = {0};
    OK("fd_filestat_get", __wasi_fd_filestat_get(d, &old));
    if (OK("fd_renumber onto the grant", __wasi_fd_renumber(d, (__wasi_fd_t)preopen))) {
        OK("fd_filestat_get of the grant's number", __wasi_fd_filestat_get((__wasi_fd_t)preopen, &now));
        expect_true("it is the renumbered directory", now.dev == old.dev && now.ino == old.ino);
        __wasi_prestat_t prestat;
        EXPECT_ERRNO("no longer a pre-open", __wasi_fd_prestat_get((__wasi_fd_t)preopen, &prestat),
                     __WASI_ERRNO_BADF);
        EXPECT_ERRNO("`from` is closed (a move)", __wasi_fd_close(d), __WASI_ERRNO_BADF);
        OK("close the grant's number", __wasi_fd_close((__wasi_fd_t)preopen));
    } else {
        OK("close", __wasi_fd_close(d));
    }
    OK("rmdir", __wasi_path_remove_directory(scratch, "overwrite.dir"));
    end();
}

/* fd_renumber from stdin and stderr onto a file: the file's number then names the stream and
 * the stdio number is closed. Upstream moves stdout away too, in a process of its own; here
 * stdout carries the report, so it stays. */
static void stdio(__wasi_fd_t scratch) {
    begin("stdio");
    __wasi_fd_t d = make_directory(scratch, "stdio.dir");
    for (__wasi_fd_t from = 0; from <= 2; from += 2) {
        __wasi_fd_t to = 0;
        if (!OK("create", __wasi_path_open(d, 0, "f", __WASI_OFLAGS_CREAT, 0, 0, 0, &to))) break;
        OK("fd_renumber stdio onto the file", __wasi_fd_renumber(from, to));
        OK("fd_fdstat_get of the file's number", __wasi_fd_fdstat_get(to, &(__wasi_fdstat_t){0}));
        EXPECT_ERRNO("the stdio number is closed (a move)", __wasi_fd_fdstat_get(from, &(__wasi_fdstat_t){0}),
                     __WASI_ERRNO_BADF);
        OK("close the moved stream", __wasi_fd_close(to));
        OK("unlink", __wasi_path_unlink_file(d, "f"));
    }
    remove_directory(scratch, d, "stdio.dir");
    end();
}

int main(int argc, char **argv) {
    __wasi_fd_t scratch = open_scratch(argc, argv);
    renumber(scratch);
    close_preopen(argv[1]);
    overwrite_preopen(scratch, argv[1]);
    stdio(scratch);
    return finish();
}
