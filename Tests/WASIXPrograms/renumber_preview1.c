/* renumber_preview1.c: fd_renumber in a module that imports nothing from wasix_*: preview1's
 * move (wasmtime's and wasi-testsuite's meaning), where `to` is replaced by `from` and `from`
 * is closed. Built with `--dir sandbox::sandbox` (an empty directory, pre-opened as fd 3);
 * leaves it empty. */
#include <stdbool.h>
#include <wasi/api.h>

#include "wasix_test.h"

enum { SANDBOX = 3 };

static uint32_t create(const char *name) {
    __wasi_fd_t fd = 0;
    __wasi_rights_t rights = __WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_WRITE | __WASI_RIGHTS_FD_FILESTAT_GET;
    __wasi_errno_t err = __wasi_path_open(SANDBOX, 0, name, __WASI_OFLAGS_CREAT | __WASI_OFLAGS_TRUNC, rights, 0, 0, &fd);
    return err == 0 ? (uint32_t)fd : 0xffffffffu;
}

static bool is_open(uint32_t fd) {
    __wasi_fdstat_t st;
    return __wasi_fd_fdstat_get(fd, &st) == 0;
}

int main(void) {
    uint32_t from = create("from.txt"), to = create("to.txt");
    CHECK(from != 0xffffffffu && to != 0xffffffffu, "create two files");
    CHECK_EQ(__wasi_fd_renumber(from, to), WX_SUCCESS, "fd_renumber");
    CHECK(!is_open(from), "fd_renumber closes `from` (a move)");
    size_t n = 0;
    __wasi_ciovec_t iov = {.buf = (const uint8_t *)"abc", .buf_len = 3};
    (void)__wasi_fd_write(to, &iov, 1, &n);
    __wasi_filestat_t st = {0};
    (void)__wasi_path_filestat_get(SANDBOX, 0, "from.txt", &st);
    CHECK_EQ(st.size, 3, "`to` now names from.txt");
    CHECK_EQ(__wasi_fd_renumber(to, to), WX_SUCCESS, "fd_renumber onto itself");
    CHECK(is_open(to), "fd_renumber onto itself keeps it open");
    CHECK_EQ(__wasi_fd_renumber(from, to), WX_BADF, "fd_renumber from a closed number");
    CHECK_EQ(__wasi_fd_renumber(to, 70), WX_BADF, "fd_renumber onto a closed number");
    CHECK(is_open(to), "a refused fd_renumber leaves `from` open");
    CHECK_EQ(__wasi_fd_renumber(to, 0xffffffu), WX_BADF, "fd_renumber onto a far-away number");
    (void)__wasi_fd_close(to);
    (void)__wasi_path_unlink_file(SANDBOX, "from.txt");
    (void)__wasi_path_unlink_file(SANDBOX, "to.txt");
    return wasix_failures;
}
