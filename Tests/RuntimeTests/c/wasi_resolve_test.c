/*
 * wasi_resolve_test.c: the resolver against the kernel's own sandboxed lookup. Linux's
 * openat2(RESOLVE_BENEATH) refuses (EXDEV) exactly what the resolver must refuse with PERM:
 * absolute paths and symlinks, and any `..` or symlink that climbs above the starting
 * directory, even for a moment. So for random trees of directories, files and symlinks (with
 * relative, climbing, absolute, looping and dangling targets) and random paths through them,
 * path_filestat_get must agree with fstat of what openat2 opens: the same inode, or the
 * same errno, with EXDEV as PERM. Skipped (with a message) where openat2 is missing.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "bsrt_internal.h"
#include "bsrt_wasi.h"
#include "check.h"
#include "wasi/wasi_internal.h"

enum { SUCCESS = 0, PERM = 63 };
enum { MEM_SIZE = 65536, PATH = 1024, STAT = 64, ROOT = 10, TREES = 40, PATHS_PER_TREE = 1500 };

#include "guest_memory.h"

/* struct open_how and RESOLVE_BENEATH from <linux/openat2.h>, which older headers lack. */
struct how {
    uint64_t flags, mode, resolve;
};
#define BENEATH 0x08
#define NO_MAGICLINKS 0x02

static uint64_t state = 0x9e3779b97f4a7c15u;
static unsigned pick(unsigned n) {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return (unsigned)(state % n);
}

static const char *const parts[] = {"a", "b", "c", "f", "g", "l1", "l2", "l3", "l4", "..", ".", "missing"};
enum { PARTS = sizeof parts / sizeof parts[0] };

/* A random relative path of 1-5 parts, sometimes with a trailing or doubled slash. */
static void random_path(char *out, size_t size) {
    out[0] = '\0';
    unsigned n = 1 + pick(5);
    for (unsigned i = 0; i < n; i++) {
        if (i > 0) strncat(out, pick(10) == 0 ? "//" : "/", size - strlen(out) - 1);
        strncat(out, parts[pick(PARTS)], size - strlen(out) - 1);
    }
    if (pick(6) == 0) strncat(out, "/", size - strlen(out) - 1);
}

static void random_target(char *out, size_t size) {
    switch (pick(8)) {
    case 0: snprintf(out, size, "/etc"); break;
    case 1: snprintf(out, size, "/"); break;
    default: random_path(out, size);
    }
}

/* top/{outside, root/}: in root, directories a, a/b, c, files f and a/g, and symlinks l1-l4
 * placed in root, a and a/b with random targets. */
static int make_tree(char *top, size_t top_size) {
    snprintf(top, top_size, "/tmp/bsrt-resolve-test-XXXXXX");
    if (mkdtemp(top) == NULL) return -1;
    char p[160];
    snprintf(p, sizeof p, "%s/outside", top);
    close(open(p, O_WRONLY | O_CREAT, 0644));
    snprintf(p, sizeof p, "%s/root", top);
    mkdir(p, 0755);
    int root = open(p, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    mkdirat(root, "a", 0755);
    mkdirat(root, "a/b", 0755);
    mkdirat(root, "c", 0755);
    close(openat(root, "f", O_WRONLY | O_CREAT, 0644));
    close(openat(root, "a/g", O_WRONLY | O_CREAT, 0644));
    const char *homes[] = {"", "a/", "a/b/"};
    for (int i = 1; i <= 4; i++) {
        char target[128], name[32];
        random_target(target, sizeof target);
        snprintf(name, sizeof name, "%sl%d", homes[pick(3)], i);
        symlinkat(target, root, name);
    }
    return root;
}

/* What the kernel says, with the same meaning of a final symlink, as a WASI errno. */
static uint32_t oracle(int root, const char *path, bool follow, struct stat *st) {
    struct how how = {.flags = O_PATH | O_CLOEXEC | (follow ? 0 : O_NOFOLLOW), .resolve = BENEATH | NO_MAGICLINKS};
    long fd = syscall(SYS_openat2, root, path, &how, sizeof how);
    if (fd < 0) return errno == EXDEV ? PERM : bsrt_wasi_errno_from_host(errno);
    int err = fstat((int)fd, st);
    close((int)fd);
    return err == 0 ? SUCCESS : bsrt_wasi_errno_from_host(errno);
}

static int mismatches;

static void compare(int root, const char *path, bool follow) {
    struct stat want;
    uint32_t expected = oracle(root, path, follow, &want);
    uint32_t len = (uint32_t)strlen(path);
    memcpy(buffer + PATH, path, len);
    uint32_t got = bsrt_wasi_path_filestat_get(&self, ROOT, follow ? 1 : 0, PATH, len, STAT);
    uint64_t ino;
    memcpy(&ino, buffer + STAT + 8, 8);
    bool same = got == expected && (got != SUCCESS || ino == (uint64_t)want.st_ino);
    CHECK(same);
    if (!same && ++mismatches <= 20) {
        char link_report[512] = "";
        const char *names[] = {"l1", "l2", "l3", "l4", "a/l1", "a/l2", "a/l3", "a/l4", "a/b/l1", "a/b/l2",
                               "a/b/l3", "a/b/l4"};
        for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
            char target[128];
            ssize_t n = readlinkat(root, names[i], target, sizeof target - 1);
            if (n < 0) continue;
            target[n] = '\0';
            snprintf(link_report + strlen(link_report), sizeof link_report - strlen(link_report), " %s->%s",
                     names[i], target);
        }
        fprintf(stderr, "  %s (%s): ours %u, kernel %u;%s\n", path, follow ? "follow" : "nofollow", got, expected,
                link_report);
    }
}

int main(void) {
    struct how probe = {.flags = O_PATH, .resolve = BENEATH};
    long fd = syscall(SYS_openat2, AT_FDCWD, ".", &probe, sizeof probe);
    if (fd < 0 && errno == ENOSYS) {
        printf("wasi_resolve_test: skipped, this kernel has no openat2\n");
        return 0;
    }
    if (fd >= 0) close((int)fd);
    for (int t = 0; t < TREES; t++) {
        char top[64];
        int root = make_tree(top, sizeof top);
        CHECK(root >= 0);
        if (root < 0) break;
        CHECK_EQ(wasi_fd_insert_at(ROOT, dup(root), 3, (UINT64_C(1) << 30) - 1, (UINT64_C(1) << 30) - 1), SUCCESS);
        for (int i = 0; i < PATHS_PER_TREE; i++) {
            char path[256];
            random_path(path, sizeof path);
            compare(root, path, pick(2) == 0);
        }
        CHECK_EQ(wasi_fd_remove(ROOT), SUCCESS);
        close(root);
        char command[160];
        snprintf(command, sizeof command, "rm -rf '%s'", top);
        CHECK_EQ(system(command), 0);
    }
    return check_finish("wasi_resolve_test");
}
