/* conformance_symlink.c: making, reading, following and not following symbolic links
 * (conformance.h says how it reports; README.md maps scenarios to the upstream tests).
 * Trailing-slash answers are Linux's, which the upstream tests accept on unix hosts. */
#include "conformance.h"

static const __wasi_lookupflags_t FOLLOW = __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW;

static void dangling_symlink(__wasi_fd_t scratch) {
    begin("dangling_symlink");
    __wasi_fd_t d = make_directory(scratch, "dangling.dir");
    if (OK("symlink to nothing", __wasi_path_symlink("target", d, "link"))) {
        EXPECT_ERRNO("open it as a directory, not following", try_open(d, 0, "link", __WASI_OFLAGS_DIRECTORY),
                     __WASI_ERRNO_NOTDIR, __WASI_ERRNO_LOOP);
        EXPECT_ERRNO("open it, not following", try_open(d, 0, "link", 0), __WASI_ERRNO_LOOP);
        OK("unlink", __wasi_path_unlink_file(d, "link"));
    }
    remove_directory(scratch, d, "dangling.dir");
    end();
}

/* Without SYMLINK_FOLLOW a final symlink is not opened; with it, its target is. */
static void nofollow_errors(__wasi_fd_t scratch) {
    begin("nofollow_errors");
    __wasi_fd_t d = make_directory(scratch, "nofollow.dir");
    OK("mkdir target", __wasi_path_create_directory(d, "target"));
    OK("symlink to the directory", __wasi_path_symlink("target", d, "link"));
    EXPECT_ERRNO("DIRECTORY, not following", try_open(d, 0, "link", __WASI_OFLAGS_DIRECTORY), __WASI_ERRNO_LOOP,
                 __WASI_ERRNO_NOTDIR);
    EXPECT_ERRNO("not following", try_open(d, 0, "link", 0), __WASI_ERRNO_LOOP, __WASI_ERRNO_ACCES);
    OK("DIRECTORY, following", try_open(d, FOLLOW, "link", __WASI_OFLAGS_DIRECTORY));
    OK("unlink link", __wasi_path_unlink_file(d, "link"));
    OK("rmdir target", __wasi_path_remove_directory(d, "target"));
    make_file(d, "target");
    OK("symlink to the file", __wasi_path_symlink("target", d, "link"));
    EXPECT_ERRNO("DIRECTORY, not following (file)", try_open(d, 0, "link", __WASI_OFLAGS_DIRECTORY),
                 __WASI_ERRNO_LOOP, __WASI_ERRNO_NOTDIR);
    EXPECT_ERRNO("not following (file)", try_open(d, 0, "link", 0), __WASI_ERRNO_LOOP);
    EXPECT_ERRNO("DIRECTORY, following to a file", try_open(d, FOLLOW, "link", __WASI_OFLAGS_DIRECTORY),
                 __WASI_ERRNO_NOTDIR);
    OK("unlink target", __wasi_path_unlink_file(d, "target"));
    OK("unlink link", __wasi_path_unlink_file(d, "link"));
    remove_directory(scratch, d, "nofollow.dir");
    end();
}

/* path_readlink gives the target's bytes, cut to the buffer, and writes nothing past them. */
static void read_link(__wasi_fd_t scratch) {
    begin("readlink");
    __wasi_fd_t d = make_directory(scratch, "readlink.dir");
    make_file(d, "target");
    OK("symlink", __wasi_path_symlink("target", d, "link"));
    uint8_t buffer[10] = {0};
    __wasi_size_t used = 0;
    OK("readlink into 10 bytes", __wasi_path_readlink(d, "link", buffer, sizeof buffer, &used));
    expect_u64("bytes used", used, 6);
    expect_true("contents", memcmp(buffer, "target", 6) == 0);
    expect_true("the rest untouched", buffer[6] == 0 && buffer[7] == 0 && buffer[8] == 0 && buffer[9] == 0);
    uint8_t small[4] = {0};
    OK("readlink into 4 bytes", __wasi_path_readlink(d, "link", small, sizeof small, &used));
    expect_u64("bytes used (cut)", used, 4);
    expect_true("contents (cut)", memcmp(small, "targ", 4) == 0);
    OK("unlink target", __wasi_path_unlink_file(d, "target"));
    OK("unlink link", __wasi_path_unlink_file(d, "link"));
    remove_directory(scratch, d, "readlink.dir");
    end();
}

static void symlink_create(__wasi_fd_t scratch) {
    begin("symlink_create");
    __wasi_fd_t d = make_directory(scratch, "symlink_create.dir");
    make_file(d, "target");
    OK("symlink to a file", __wasi_path_symlink("target", d, "link"));
    OK("open the file through it", try_open(d, FOLLOW, "link", 0));
    OK("unlink link", __wasi_path_unlink_file(d, "link"));
    OK("unlink target", __wasi_path_unlink_file(d, "target"));
    OK("mkdir target", __wasi_path_create_directory(d, "target"));
    OK("symlink to a directory", __wasi_path_symlink("target", d, "link"));
    OK("open the directory through it", try_open(d, FOLLOW, "link", __WASI_OFLAGS_DIRECTORY));
    OK("unlink link", __wasi_path_unlink_file(d, "link"));
    OK("rmdir target", __wasi_path_remove_directory(d, "target"));
    __wasi_errno_t e = __wasi_path_symlink("/", d, "link");
    expect_true("a symlink to an absolute path is refused", e != 0);
    if (e == 0) OK("unlink link", __wasi_path_unlink_file(d, "link"));
    remove_directory(scratch, d, "symlink_create.dir");
    end();
}

/* Times of the link itself versus its target, with and without SYMLINK_FOLLOW. */
static void symlink_filestat(__wasi_fd_t scratch) {
    begin("symlink_filestat");
    __wasi_fd_t d = make_directory(scratch, "symlink_filestat.dir");
    __wasi_fd_t file = 0;
    __wasi_rights_t rights = __WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_WRITE | __WASI_RIGHTS_PATH_FILESTAT_GET;
    if (OK("create", __wasi_path_open(d, 0, "file", __WASI_OFLAGS_CREAT, rights, 0, 0, &file))) {
        __wasi_filestat_t f = {0}, l = {0}, now = {0};
        OK("stat file", __wasi_path_filestat_get(d, 0, "file", &f));
        expect_u64("size", f.size, 0);
        OK("symlink", __wasi_path_symlink("file", d, "link"));
        OK("stat link", __wasi_path_filestat_get(d, 0, "link", &l));
        __wasi_timestamp_t link_mtim = l.mtim - 200;
        OK("set the link's MTIM", __wasi_path_filestat_set_times(d, 0, "link", 0, link_mtim, __WASI_FSTFLAGS_MTIM));
        OK("stat link again", __wasi_path_filestat_get(d, 0, "link", &now));
        expect_u64("the link's mtim", now.mtim, link_mtim);
        OK("stat file again", __wasi_path_filestat_get(d, 0, "file", &now));
        expect_u64("the file's mtim unchanged", now.mtim, f.mtim);
        OK("stat through the link", __wasi_path_filestat_get(d, FOLLOW, "link", &now));
        expect_u64("following gives the file's mtim", now.mtim, f.mtim);
        OK("set MTIM through the link",
           __wasi_path_filestat_set_times(d, FOLLOW, "link", 0, l.mtim, __WASI_FSTFLAGS_MTIM));
        OK("stat file at last", __wasi_path_filestat_get(d, 0, "file", &now));
        expect_u64("the file's mtim set through the link", now.mtim, l.mtim);
        OK("close", __wasi_fd_close(file));
        OK("unlink link", __wasi_path_unlink_file(d, "link"));
        OK("unlink file", __wasi_path_unlink_file(d, "file"));
    }
    remove_directory(scratch, d, "symlink_filestat.dir");
    end();
}

static void symlink_loop(__wasi_fd_t scratch) {
    begin("symlink_loop");
    __wasi_fd_t d = make_directory(scratch, "loop.dir");
    if (OK("symlink to itself", __wasi_path_symlink("link", d, "link"))) {
        EXPECT_ERRNO("open it", try_open(d, 0, "link", 0), __WASI_ERRNO_LOOP);
        OK("unlink", __wasi_path_unlink_file(d, "link"));
    }
    remove_directory(scratch, d, "loop.dir");
    end();
}

static void symlink_trailing_slashes(__wasi_fd_t scratch) {
    begin("path_symlink_trailing_slashes");
    __wasi_fd_t d = make_directory(scratch, "symlink_slash.dir");
    EXPECT_ERRNO("new name with a slash, nothing there", __wasi_path_symlink("source", d, "target/"),
                 __WASI_ERRNO_NOENT);
    if (OK("without the slash", __wasi_path_symlink("source", d, "target")))
        OK("unlink", __wasi_path_unlink_file(d, "target"));
    OK("mkdir", __wasi_path_create_directory(d, "target"));
    EXPECT_ERRNO("over a directory, with a slash", __wasi_path_symlink("source", d, "target/"), __WASI_ERRNO_EXIST);
    EXPECT_ERRNO("over a directory", __wasi_path_symlink("source", d, "target"), __WASI_ERRNO_EXIST);
    OK("rmdir", __wasi_path_remove_directory(d, "target"));
    make_file(d, "target");
    EXPECT_ERRNO("over a file, with a slash", __wasi_path_symlink("source", d, "target/"), __WASI_ERRNO_NOTDIR,
                 __WASI_ERRNO_EXIST);
    EXPECT_ERRNO("over a file", __wasi_path_symlink("source", d, "target"), __WASI_ERRNO_EXIST);
    OK("unlink", __wasi_path_unlink_file(d, "target"));
    remove_directory(scratch, d, "symlink_slash.dir");
    end();
}

int main(int argc, char **argv) {
    __wasi_fd_t scratch = open_scratch(argc, argv);
    dangling_symlink(scratch);
    nofollow_errors(scratch);
    read_link(scratch);
    symlink_create(scratch);
    symlink_filestat(scratch);
    symlink_loop(scratch);
    symlink_trailing_slashes(scratch);
    return finish();
}
