/*
 * wasi_dir_test.c: fd_readdir against a fake linear memory: the dirent layout, every entry
 * exactly once (with "." and ".."), d_type and d_ino, resuming from every cookie, buffers so
 * small that entries are cut (read the way wasi-libc's readdir reads), two directories read
 * in turns, a large directory, and the BADF/NOTCAPABLE/FAULT cases.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bsrt_internal.h"
#include "bsrt_wasi.h"
#include "check.h"
#include "wasi/wasi_internal.h"

enum { SUCCESS = 0, BADF = 8, FAULT = 21, NOTCAPABLE = 76 };
enum { FT_DIRECTORY = 3, FT_REGULAR = 4, FT_SYMLINK = 7 };
enum { MEM_SIZE = 1 << 20, RET = 16, BUF = 4096, BUF_MAX = MEM_SIZE - BUF };
enum { SMALL = 10, LARGE = 11, FILE_FD = 12, NO_RIGHT = 13 };
enum { SMALL_FILES = 60, LARGE_FILES = 2000, MAX_ENTRIES = 2100 };
#define RIGHT_FD_READDIR (UINT64_C(1) << 14)

#include "guest_memory.h"
static char top[64];


typedef struct listing {
    int count;
    char *names[MAX_ENTRIES];
    uint64_t next[MAX_ENTRIES]; /* d_next of each entry */
    uint64_t ino[MAX_ENTRIES];
    uint8_t type[MAX_ENTRIES];
} listing;

static void listing_free(listing *l) {
    for (int i = 0; i < l->count; i++) free(l->names[i]);
    l->count = 0;
}

/* Reads from `cookie` to the end as wasi-libc's readdir() does: entries cut at the end of the
 * buffer are read again from the last whole entry, with a buffer grown to fit one entry. */
static uint32_t read_all(uint32_t fd, uint32_t buf_len, uint64_t cookie, listing *out) {
    for (;;) {
        uint32_t asked = buf_len;
        uint32_t err = bsrt_wasi_fd_readdir(&self, fd, BUF, asked, cookie, RET);
        if (err != SUCCESS) return err;
        uint32_t used = rd32(RET), at = 0;
        CHECK(used <= buf_len);
        bool cut = false;
        while (at < used) {
            if (used - at < 24) {
                while (buf_len < 24) buf_len *= 2; /* (wasi-libc's buffer is never this small) */
                cut = true;
                break;
            }
            uint32_t namlen = rd32(BUF + at + 16);
            if (used - at < 24 + namlen) {
                while (buf_len < 24 + namlen) buf_len *= 2;
                cut = true;
                break;
            }
            CHECK(out->count < MAX_ENTRIES);
            if (out->count >= MAX_ENTRIES) return SUCCESS;
            out->next[out->count] = rd64(BUF + at);
            out->ino[out->count] = rd64(BUF + at + 8);
            out->type[out->count] = buffer[BUF + at + 20];
            CHECK_EQ(buffer[BUF + at + 21] | buffer[BUF + at + 22] | buffer[BUF + at + 23], 0);
            out->names[out->count++] = strndup((char *)buffer + BUF + at + 24, namlen);
            cookie = rd64(BUF + at);
            at += 24 + namlen;
        }
        if (!cut && used < asked) return SUCCESS;
        CHECK(used == asked); /* a cut entry only at a full buffer */
    }
}

static bool same_from(const listing *all, int from, const listing *part) {
    if (part->count != all->count - from) return false;
    for (int i = 0; i < part->count; i++)
        if (strcmp(part->names[i], all->names[from + i]) != 0 || part->next[i] != all->next[from + i]) return false;
    return true;
}

/* A directory with `files` regular files named with 1 to 255 characters, plus a
 * subdirectory and a symlink; entered as guest `fd` and also returned as a host descriptor. */
static int make_dir(const char *name, int files, uint32_t fd) {
    char path[128];
    snprintf(path, sizeof path, "%s/%s", top, name);
    CHECK_EQ(mkdir(path, 0755), 0);
    int dir = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    for (int i = 0; i < files; i++) {
        char file[260];
        int len = snprintf(file, sizeof file, "%d-", i);
        int want = 1 + (i * 37) % 255;
        for (; len < want; len++) file[len] = (char)('a' + len % 26);
        file[len] = '\0';
        close(openat(dir, file, O_WRONLY | O_CREAT, 0644));
    }
    CHECK_EQ(mkdirat(dir, "sub", 0755), 0);
    CHECK_EQ(symlinkat("sub", dir, "link"), 0);
    CHECK_EQ(wasi_fd_insert_at(fd, dup(dir), FT_DIRECTORY, RIGHT_FD_READDIR, 0), SUCCESS);
    return dir;
}

static void test_listing(int host) {
    listing all = {0};
    CHECK_EQ(read_all(SMALL, 65536, 0, &all), SUCCESS);
    CHECK_EQ(all.count, SMALL_FILES + 4);
    listing again = {0};
    CHECK_EQ(read_all(SMALL, 65536, 0, &again), SUCCESS);
    CHECK(same_from(&all, 0, &again));
    listing_free(&again);
    bool dot = false, dotdot = false;
    for (int i = 0; i < all.count; i++) {
        CHECK_EQ(all.next[i], (uint64_t)i + 1); /* cookies count entries, as wasmtime's do */
        struct stat st;
        CHECK_EQ(fstatat(host, all.names[i], &st, AT_SYMLINK_NOFOLLOW), 0);
        CHECK_EQ(all.ino[i], st.st_ino);
        uint8_t type = S_ISDIR(st.st_mode) ? FT_DIRECTORY : S_ISLNK(st.st_mode) ? FT_SYMLINK : FT_REGULAR;
        CHECK_EQ(all.type[i], type);
        dot |= strcmp(all.names[i], ".") == 0;
        dotdot |= strcmp(all.names[i], "..") == 0;
    }
    CHECK(dot && dotdot);
    /* resuming from every cookie gives the rest, in order; so does a rewind (cookie 0) */
    for (int k = 0; k <= all.count; k++) {
        listing rest = {0};
        CHECK_EQ(read_all(SMALL, 65536, k == 0 ? 0 : all.next[k - 1], &rest), SUCCESS);
        CHECK(same_from(&all, k, &rest));
        listing_free(&rest);
    }
    /* going backwards after a forward read */
    for (int k = all.count; k >= 0; k -= 7) {
        listing rest = {0};
        CHECK_EQ(read_all(SMALL, 300, k == 0 ? 0 : all.next[k - 1], &rest), SUCCESS);
        CHECK(same_from(&all, k, &rest));
        listing_free(&rest);
    }
    /* small buffers, down to one byte: entries are cut and read again */
    for (uint32_t size = 1; size <= 300; size += size < 40 ? 1 : 37) {
        listing chunked = {0};
        CHECK_EQ(read_all(SMALL, size, 0, &chunked), SUCCESS);
        CHECK(same_from(&all, 0, &chunked));
        listing_free(&chunked);
    }
    /* a cut entry: the buffer is full to the byte and holds the entry's first bytes */
    CHECK_EQ(bsrt_wasi_fd_readdir(&self, SMALL, BUF, 65536, 0, RET), SUCCESS);
    uint32_t whole = rd32(RET);
    uint8_t *copy = malloc(whole);
    memcpy(copy, buffer + BUF, whole);
    for (uint32_t size = 0; size < 200; size++) {
        memset(buffer + BUF, 0xee, 256);
        CHECK_EQ(bsrt_wasi_fd_readdir(&self, SMALL, BUF, size, 0, RET), SUCCESS);
        CHECK_EQ(rd32(RET), size);
        CHECK(memcmp(buffer + BUF, copy, size) == 0);
        CHECK_EQ(buffer[BUF + size], 0xee);
    }
    free(copy);
    /* past the end */
    CHECK_EQ(bsrt_wasi_fd_readdir(&self, SMALL, BUF, 4096, all.count, RET), SUCCESS);
    CHECK_EQ(rd32(RET), 0);
    CHECK_EQ(bsrt_wasi_fd_readdir(&self, SMALL, BUF, 4096, UINT64_MAX, RET), SUCCESS);
    CHECK_EQ(rd32(RET), 0);
    listing_free(&all);
}

/* Two directories read a chunk at a time in turns, and a large one read as wasi-libc does. */
static void test_interleaved_and_large(void) {
    listing small_all = {0}, large_all = {0};
    CHECK_EQ(read_all(SMALL, 1 << 16, 0, &small_all), SUCCESS);
    CHECK_EQ(read_all(LARGE, BUF_MAX, 0, &large_all), SUCCESS);
    CHECK_EQ(large_all.count, LARGE_FILES + 4);
    int dots = 0;
    for (int i = 0; i < large_all.count; i++) dots += large_all.names[i][0] == '.';
    CHECK_EQ(dots, 2);
    uint64_t cookies[2] = {0, 0};
    int seen[2] = {0, 0};
    const uint32_t fds[2] = {SMALL, LARGE};
    const listing *alls[2] = {&small_all, &large_all};
    for (int turn = 0; seen[0] < small_all.count || seen[1] < large_all.count; turn ^= 1) {
        CHECK_EQ(bsrt_wasi_fd_readdir(&self, fds[turn], BUF, 700, cookies[turn], RET), SUCCESS);
        uint32_t used = rd32(RET), at = 0;
        while (used - at >= 24 && used - at >= 24 + rd32(BUF + at + 16)) {
            uint32_t namlen = rd32(BUF + at + 16);
            int i = seen[turn]++;
            CHECK(i < alls[turn]->count && strlen(alls[turn]->names[i]) == namlen &&
                  memcmp(alls[turn]->names[i], buffer + BUF + at + 24, namlen) == 0);
            cookies[turn] = rd64(BUF + at);
            at += 24 + namlen;
        }
        if (used < 700) CHECK_EQ(seen[turn], alls[turn]->count);
    }
    /* the guest's usual buffer (wasi-libc starts with 32 KiB) */
    listing chunked = {0};
    CHECK_EQ(read_all(LARGE, 4096, 0, &chunked), SUCCESS);
    CHECK(same_from(&large_all, 0, &chunked));
    listing_free(&chunked);
    listing_free(&small_all);
    listing_free(&large_all);
}

static void test_errors(int host) {
    CHECK_EQ(bsrt_wasi_fd_readdir(&self, 99, BUF, 100, 0, RET), BADF);
    int file = openat(host, "0-", O_RDONLY | O_CLOEXEC);
    CHECK_EQ(wasi_fd_insert_at(FILE_FD, file, FT_REGULAR, UINT64_C(0x3fffffff), 0), SUCCESS);
    CHECK_EQ(bsrt_wasi_fd_readdir(&self, FILE_FD, BUF, 100, 0, RET), BADF); /* as wasmtime */
    CHECK_EQ(wasi_fd_remove(FILE_FD), SUCCESS);
    CHECK_EQ(wasi_fd_insert_at(NO_RIGHT, dup(host), FT_DIRECTORY, UINT64_C(0x3fffffff) & ~RIGHT_FD_READDIR, 0),
             SUCCESS);
    CHECK_EQ(bsrt_wasi_fd_readdir(&self, NO_RIGHT, BUF, 100, 0, RET), NOTCAPABLE);
    CHECK_EQ(wasi_fd_remove(NO_RIGHT), SUCCESS);
    CHECK_EQ(bsrt_wasi_fd_readdir(&self, SMALL, MEM_SIZE - 10, 11, 0, RET), FAULT);
    CHECK_EQ(bsrt_wasi_fd_readdir(&self, SMALL, 0xfffffff0u, 0x20, 0, RET), FAULT);
    CHECK_EQ(bsrt_wasi_fd_readdir(&self, SMALL, BUF, 100, 0, MEM_SIZE - 3), FAULT);
    CHECK_EQ(bsrt_wasi_fd_readdir(&self, SMALL, MEM_SIZE, 0, 0, RET), SUCCESS);
    CHECK_EQ(rd32(RET), 0);
    bsrt_instance no_memory = {.module = NULL, .memory0 = NULL};
    CHECK_EQ(bsrt_wasi_fd_readdir(&no_memory, SMALL, 0, 0, 0, RET), FAULT);
}

int main(void) {
    strcpy(top, "/tmp/bsrt-dir-test-XXXXXX");
    CHECK(mkdtemp(top) != NULL);
    int small = make_dir("small", SMALL_FILES, SMALL);
    int large = make_dir("large", LARGE_FILES, LARGE);
    test_listing(small);
    test_interleaved_and_large();
    test_errors(small);
    CHECK_EQ(wasi_fd_remove(SMALL), SUCCESS);
    CHECK_EQ(wasi_fd_remove(LARGE), SUCCESS);
    close(small);
    close(large);
    char command[160];
    snprintf(command, sizeof command, "rm -rf '%s'", top);
    CHECK_EQ(system(command), 0);
    return check_finish("wasi_dir_test");
}
