/* cwd.c: getcwd and chdir. The working directory starts as "/" and chdir stays inside the
 * granted directories. argv[1] says how the program was built:
 *   "sandbox": `--dir sandbox::/sandbox`, where sandbox/ holds sub/ and file.txt (empty);
 *   "root":    `--dir .` (a grant that is the root itself).
 * Makes and removes two symlinks in sandbox/. */
#include <stdbool.h>
#include <wasi/api.h>

#include "wasix_test.h"

WASIX_IMPORT(getcwd) int32_t wx_getcwd(char *buf, uint32_t *buf_len);
WASIX_IMPORT(chdir) int32_t wx_chdir(const char *path, uint32_t path_len);

/* Not among wasix_test.h's errno values. */
enum { GRANT = 3, WX_NOTDIR = 54 };

static int32_t change(const char *path) { return wx_chdir(path, (uint32_t)strlen(path)); }

/* The working directory as a C string ("" when getcwd fails). */
static const char *current(void) {
    static char buf[256];
    memset(buf, 0, sizeof buf);
    uint32_t len = sizeof buf - 1;
    if (wx_getcwd(buf, &len) != 0 || len != strlen(buf)) return "";
    return buf;
}

static bool is(const char *path) { return strcmp(current(), path) == 0; }

static void test_getcwd(void) {
    CHECK(is("/"), "getcwd starts at /");
    uint32_t len = 0;
    CHECK_EQ(wx_getcwd(NULL, &len), WX_RANGE, "getcwd(NULL, 0) is RANGE");
    CHECK_EQ(len, 1, "getcwd stores the needed length");
    char buf[4] = {'x', 'x', 'x', 'x'};
    len = 1;
    CHECK_EQ(wx_getcwd(buf, &len), WX_SUCCESS, "getcwd with exactly the length");
    CHECK(len == 1 && buf[0] == '/' && buf[1] == 'x', "getcwd writes no NUL without room for it");
    len = 4;
    CHECK(wx_getcwd(buf, &len) == 0 && len == 1 && buf[1] == '\0', "getcwd NUL-terminates when there is room");
    len = 16;
    CHECK_EQ(wx_getcwd((char *)0xfffffffcu, &len), WX_FAULT, "getcwd buffer checked");
    CHECK_EQ(wx_getcwd(buf, (uint32_t *)0xfffffffeu), WX_FAULT, "getcwd length pointer checked");
}

static void test_sandbox(void) {
    CHECK_EQ(change("/etc"), WX_NOTCAPABLE, "chdir outside every grant refused");
    CHECK(is("/"), "a refused chdir changes nothing");
    CHECK_EQ(change("/sandbox"), WX_SUCCESS, "chdir into the grant");
    CHECK(is("/sandbox"), "getcwd after chdir");
    CHECK_EQ(change("sub"), WX_SUCCESS, "chdir relative into a subdirectory");
    CHECK(is("/sandbox/sub"), "getcwd in the subdirectory");
    char buf[16];
    memset(buf, 'x', sizeof buf);
    uint32_t len = 4;
    CHECK_EQ(wx_getcwd(buf, &len), WX_RANGE, "getcwd too small is RANGE");
    CHECK(len == 12 && buf[0] == 'x', "getcwd RANGE stores the length and writes nothing");
    CHECK_EQ(change(".."), WX_SUCCESS, "chdir .. inside the grant");
    CHECK(is("/sandbox"), "chdir .. goes up");
    CHECK_EQ(change(".."), WX_NOTCAPABLE, "chdir .. out of the grant root refused");
    CHECK_EQ(change("sub/../../etc"), WX_NOTCAPABLE, "chdir through .. to /etc refused");
    CHECK(is("/sandbox"), "refused chdirs keep the directory");
    CHECK_EQ(change("file.txt"), WX_NOTDIR, "chdir to a file is NOTDIR");
    CHECK_EQ(change("missing"), WX_NOENT, "chdir to nothing is NOENT");
    CHECK_EQ(change(""), WX_NOENT, "chdir to an empty path is NOENT");
    CHECK_EQ(__wasi_path_symlink("../..", GRANT, "escape"), WX_SUCCESS, "make a symlink out of the grant");
    CHECK_EQ(change("escape"), WX_PERM, "chdir through a symlink out of the grant refused");
    CHECK_EQ(__wasi_path_symlink("sub", GRANT, "inner"), WX_SUCCESS, "make a symlink inside the grant");
    CHECK_EQ(change("/sandbox/inner"), WX_SUCCESS, "chdir through a symlink inside the grant");
    CHECK(is("/sandbox/inner"), "getcwd keeps the path as given");
    CHECK_EQ(change("/sandbox//./sub/"), WX_SUCCESS, "chdir normalizes . and //");
    CHECK(is("/sandbox/sub"), "getcwd is normalized");
    CHECK_EQ(change("/"), WX_NOTCAPABLE, "chdir to / is refused when / is no grant");
    CHECK_EQ(wx_chdir((const char *)0xfffffff0u, 64), WX_FAULT, "chdir path checked");
    (void)__wasi_path_unlink_file(GRANT, "escape");
    (void)__wasi_path_unlink_file(GRANT, "inner");
}

static void test_root(void) {
    CHECK_EQ(change("/"), WX_SUCCESS, "chdir to a root grant");
    CHECK_EQ(change(".."), WX_SUCCESS, "chdir .. at the root stays there");
    CHECK(is("/"), "getcwd at the root");
    CHECK_EQ(change("/nothing-here"), WX_NOENT, "chdir in a root grant to nothing is NOENT");
}

int main(int argc, char **argv) {
    test_getcwd();
    if (argc > 1 && strcmp(argv[1], "sandbox") == 0) test_sandbox();
    else if (argc > 1 && strcmp(argv[1], "root") == 0) test_root();
    else CHECK(false, "argv[1] is sandbox or root");
    return wasix_failures;
}
