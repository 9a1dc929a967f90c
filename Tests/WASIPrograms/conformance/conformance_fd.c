/* conformance_fd.c: reading, writing, seeking, sizes, times and flags on descriptors of regular
 * files (conformance.h says how it reports; README.md maps scenarios to the upstream tests). */
#include <unistd.h> /* isatty */

#include "conformance.h"

#define FILE_RIGHTS_RW (__WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_WRITE)

static uint64_t size_of(__wasi_fd_t fd) {
    __wasi_filestat_t stat = {0};
    OK("fd_filestat_get", __wasi_fd_filestat_get(fd, &stat));
    return stat.size;
}

/* fd_advise changes nothing visible; fd_allocate grows the file to offset+len, or is NOTSUP. */
static void advise(__wasi_fd_t scratch) {
    begin("fd_advise");
    __wasi_fd_t dir = make_directory(scratch, "advise.dir");
    __wasi_fd_t fd = 0;
    __wasi_rights_t rights = FILE_RIGHTS_RW | __WASI_RIGHTS_FD_ADVISE | __WASI_RIGHTS_FD_FILESTAT_GET |
                             __WASI_RIGHTS_FD_FILESTAT_SET_SIZE | __WASI_RIGHTS_FD_ALLOCATE;
    if (OK("create", __wasi_path_open(dir, 0, "f", __WASI_OFLAGS_CREAT, rights, 0, 0, &fd))) {
        expect_u64("new file size", size_of(fd), 0);
        OK("fd_filestat_set_size 100", __wasi_fd_filestat_set_size(fd, 100));
        expect_u64("size after set_size", size_of(fd), 100);
        OK("fd_advise NORMAL", __wasi_fd_advise(fd, 10, 50, __WASI_ADVICE_NORMAL));
        expect_u64("size after advise", size_of(fd), 100);
        __wasi_errno_t e = __wasi_fd_allocate(fd, 100, 100);
        if (EXPECT_ERRNO("fd_allocate 100+100", e, __WASI_ERRNO_SUCCESS, __WASI_ERRNO_NOTSUP) && e == 0)
            expect_u64("size after allocate", size_of(fd), 200);
        OK("close", __wasi_fd_close(fd));
        OK("unlink", __wasi_path_unlink_file(dir, "f"));
    }
    remove_directory(scratch, dir, "advise.dir");
    end();
}

static void allocate(__wasi_fd_t scratch) {
    begin("file_allocate");
    __wasi_fd_t dir = make_directory(scratch, "allocate.dir");
    __wasi_fd_t fd = 0;
    __wasi_rights_t rights = FILE_RIGHTS_RW | __WASI_RIGHTS_FD_ALLOCATE | __WASI_RIGHTS_FD_FILESTAT_GET;
    if (OK("create", __wasi_path_open(dir, 0, "f", __WASI_OFLAGS_CREAT, rights, 0, 0, &fd))) {
        expect_u64("new file size", size_of(fd), 0);
        __wasi_errno_t e = __wasi_fd_allocate(fd, 0, 100);
        if (EXPECT_ERRNO("fd_allocate 0+100", e, __WASI_ERRNO_SUCCESS, __WASI_ERRNO_NOTSUP) && e == 0) {
            expect_u64("size after allocate 0+100", size_of(fd), 100);
            OK("fd_allocate inside the file", __wasi_fd_allocate(fd, 10, 10));
            expect_u64("size after allocate 10+10", size_of(fd), 100);
            OK("fd_allocate past the end", __wasi_fd_allocate(fd, 90, 20));
            expect_u64("size after allocate 90+20", size_of(fd), 110);
        }
        OK("close", __wasi_fd_close(fd));
        OK("unlink", __wasi_path_unlink_file(dir, "f"));
    }
    remove_directory(scratch, dir, "allocate.dir");
    end();
}

/* Positional transfers, single and split over two vectors, never move the file offset. */
static void pread_pwrite(__wasi_fd_t scratch) {
    begin("file_pread_pwrite");
    __wasi_fd_t dir = make_directory(scratch, "prw.dir");
    __wasi_fd_t fd = 0;
    __wasi_rights_t rights = FILE_RIGHTS_RW | __WASI_RIGHTS_FD_SEEK | __WASI_RIGHTS_FD_TELL;
    if (OK("create", __wasi_path_open(dir, 0, "f", __WASI_OFLAGS_CREAT, rights, 0, 0, &fd))) {
        const uint8_t four[4] = {0, 1, 2, 3};
        size_t n = 0;
        OK("pwrite at 0", pwrite_some(fd, four, 4, 0, &n));
        expect_u64("bytes pwritten", n, 4);
        uint8_t got[4] = {9, 9, 9, 9};
        OK("pread at 0", pread_some(fd, got, 4, 0, &n));
        expect_true("pread gives what pwrite wrote", n == 4 && memcmp(got, four, 4) == 0);

        /* The same bytes again through two vectors of two bytes. A host may move fewer bytes
         * than asked (wasmtime moves only the first vector), so each side loops. */
        size_t done = 0;
        while (done < 4) {
            __wasi_ciovec_t out[2] = {{four + done, done < 2 ? 2 - done : 4 - done}, {four + 2, done < 2 ? 2 : 0}};
            if (!OK("pwrite of two vectors", __wasi_fd_pwrite(fd, out, 2, done, &n)) || n == 0) break;
            done += n;
        }
        expect_u64("bytes pwritten from two vectors", done, 4);
        uint8_t halves[4] = {9, 9, 9, 9};
        done = 0;
        while (done < 4) {
            uint8_t part[4];
            __wasi_iovec_t in[2] = {{part, 2}, {part + 2, 2}};
            if (!OK("pread into two vectors", __wasi_fd_pread(fd, in, 2, done, &n)) || n == 0) break;
            memcpy(halves + done, part, n <= 4 - done ? n : 4 - done);
            done += n;
        }
        expect_true("two-vector preads give the bytes", done == 4 && memcmp(halves, four, 4) == 0);

        uint8_t tail[4] = {0, 0, 0, 0};
        OK("pread at 2", pread_some(fd, tail, 4, 2, &n));
        expect_true("pread at 2 gives the last two bytes", n == 2 && tail[0] == 2 && tail[1] == 3 && tail[2] == 0);
        const uint8_t patch[2] = {1, 0};
        OK("pwrite at 2", pwrite_some(fd, patch, 2, 2, &n));
        expect_u64("bytes pwritten at 2", n, 2);
        OK("pread after the patch", pread_some(fd, got, 4, 0, &n));
        expect_true("patched contents", n == 4 && got[0] == 0 && got[1] == 1 && got[2] == 1 && got[3] == 0);
        __wasi_filesize_t offset = 99;
        OK("fd_tell", __wasi_fd_tell(fd, &offset));
        expect_u64("the file offset did not move", offset, 0);
        OK("close", __wasi_fd_close(fd));
        OK("unlink", __wasi_path_unlink_file(dir, "f"));
    }
    remove_directory(scratch, dir, "prw.dir");
    end();
}

static void seek_tell(__wasi_fd_t scratch) {
    begin("file_seek_tell");
    __wasi_fd_t dir = make_directory(scratch, "seek.dir");
    __wasi_fd_t fd = 0;
    __wasi_rights_t rights = FILE_RIGHTS_RW | __WASI_RIGHTS_FD_SEEK | __WASI_RIGHTS_FD_TELL;
    if (OK("create", __wasi_path_open(dir, 0, "f", __WASI_OFLAGS_CREAT, rights, 0, 0, &fd))) {
        __wasi_filesize_t at = 99;
        OK("fd_tell", __wasi_fd_tell(fd, &at));
        expect_u64("initial offset", at, 0);
        uint8_t zeros[100] = {0};
        size_t n = 0;
        OK("write 100", write_some(fd, zeros, sizeof zeros, &n));
        expect_u64("bytes written", n, 100);
        OK("fd_tell after write", __wasi_fd_tell(fd, &at));
        expect_u64("offset after write", at, 100);
        OK("seek CUR -50", __wasi_fd_seek(fd, -50, __WASI_WHENCE_CUR, &at));
        expect_u64("offset after seek CUR -50", at, 50);
        OK("seek SET 0", __wasi_fd_seek(fd, 0, __WASI_WHENCE_SET, &at));
        expect_u64("offset after seek SET 0", at, 0);
        OK("seek past the end", __wasi_fd_seek(fd, 1000, __WASI_WHENCE_CUR, &at));
        EXPECT_ERRNO("seek before the start", __wasi_fd_seek(fd, -2000, __WASI_WHENCE_CUR, &at),
                     __WASI_ERRNO_INVAL);
        OK("seek SET 0 again", __wasi_fd_seek(fd, 0, __WASI_WHENCE_SET, &at));
        OK("read 100", read_some(fd, zeros, sizeof zeros, &n));
        expect_u64("bytes read", n, 100);
        OK("fd_tell after read", __wasi_fd_tell(fd, &at));
        expect_u64("offset after read", at, 100);
        OK("close", __wasi_fd_close(fd));
        OK("unlink", __wasi_path_unlink_file(dir, "f"));
    }
    remove_directory(scratch, dir, "seek.dir");
    end();
}

/* OFLAGS_TRUNC empties an existing file. */
static void truncation(__wasi_fd_t scratch) {
    begin("file_truncation");
    __wasi_fd_t dir = make_directory(scratch, "trunc.dir");
    __wasi_fd_t fd = 0;
    if (OK("create for writing",
           __wasi_path_open(dir, 0, "f", __WASI_OFLAGS_CREAT, __WASI_RIGHTS_FD_WRITE, 0, 0, &fd))) {
        const char text[] = "some bytes that TRUNC must drop";
        size_t n = 0;
        OK("write", write_some(fd, text, sizeof text - 1, &n));
        expect_u64("bytes written", n, sizeof text - 1);
        OK("close", __wasi_fd_close(fd));
    }
    if (OK("open with CREAT|TRUNC", __wasi_path_open(dir, 0, "f", __WASI_OFLAGS_CREAT | __WASI_OFLAGS_TRUNC,
                                                      FILE_RIGHTS_RW, 0, 0, &fd))) {
        char buffer[100];
        size_t n = 99;
        OK("read", read_some(fd, buffer, sizeof buffer, &n));
        expect_u64("bytes read after TRUNC", n, 0);
        OK("close", __wasi_fd_close(fd));
    }
    OK("unlink", __wasi_path_unlink_file(dir, "f"));
    remove_directory(scratch, dir, "trunc.dir");
    end();
}

/* A write through one descriptor is seen at once through another on the same file. */
static void unbuffered_write(__wasi_fd_t scratch) {
    begin("file_unbuffered_write");
    __wasi_fd_t dir = make_directory(scratch, "unbuf.dir");
    __wasi_fd_t reader = 0, writer = 0;
    OK("create for reading",
       __wasi_path_open(dir, 0, "f", __WASI_OFLAGS_CREAT, __WASI_RIGHTS_FD_READ, 0, 0, &reader));
    OK("open for writing", __wasi_path_open(dir, 0, "f", 0, __WASI_RIGHTS_FD_WRITE, 0, 0, &writer));
    uint8_t one = 1, got = 0;
    size_t n = 0;
    OK("write a byte", write_some(writer, &one, 1, &n));
    expect_u64("bytes written", n, 1);
    OK("read it through the other descriptor", read_some(reader, &got, 1, &n));
    expect_true("the byte read is the byte written", n == 1 && got == 1);
    OK("close the writer", __wasi_fd_close(writer));
    OK("close the reader", __wasi_fd_close(reader));
    OK("unlink", __wasi_path_unlink_file(dir, "f"));
    remove_directory(scratch, dir, "unbuf.dir");
    end();
}

static void filestat_set(__wasi_fd_t scratch) {
    begin("fd_filestat_set");
    __wasi_fd_t fd = 0;
    __wasi_rights_t rights = FILE_RIGHTS_RW | __WASI_RIGHTS_FD_FILESTAT_GET | __WASI_RIGHTS_FD_FILESTAT_SET_SIZE |
                             __WASI_RIGHTS_FD_FILESTAT_SET_TIMES;
    if (OK("create", __wasi_path_open(scratch, 0, "filestat_set.f", __WASI_OFLAGS_CREAT, rights, 0, 0, &fd))) {
        expect_u64("new file size", size_of(fd), 0);
        OK("fd_filestat_set_size 100", __wasi_fd_filestat_set_size(fd, 100));
        __wasi_filestat_t before = {0}, after = {0};
        OK("fd_filestat_get", __wasi_fd_filestat_get(fd, &before));
        expect_u64("size after set_size", before.size, 100);
        __wasi_timestamp_t mtim = before.mtim - 100;
        OK("fd_filestat_set_times MTIM", __wasi_fd_filestat_set_times(fd, mtim, mtim, __WASI_FSTFLAGS_MTIM));
        OK("fd_filestat_get after set_times", __wasi_fd_filestat_get(fd, &after));
        expect_u64("size after set_times", after.size, 100);
        expect_u64("mtim after set_times", after.mtim, mtim);
        expect_u64("atim left alone", after.atim, before.atim);
        OK("close", __wasi_fd_close(fd));
        OK("unlink", __wasi_path_unlink_file(scratch, "filestat_set.f"));
    }
    end();
}

/* A time and its _NOW flag together are INVAL. */
static void fstflags_validate(__wasi_fd_t scratch) {
    begin("fstflags_validate");
    __wasi_fd_t fd = 0;
    __wasi_rights_t rights = __WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_FILESTAT_SET_TIMES;
    if (OK("create", __wasi_path_open(scratch, 0, "fstflags.f", __WASI_OFLAGS_CREAT, rights, 0, 0, &fd))) {
        EXPECT_ERRNO("MTIM with MTIM_NOW",
                     __wasi_fd_filestat_set_times(fd, 100, 200, __WASI_FSTFLAGS_MTIM | __WASI_FSTFLAGS_MTIM_NOW),
                     __WASI_ERRNO_INVAL);
        EXPECT_ERRNO("ATIM with ATIM_NOW",
                     __wasi_fd_filestat_set_times(fd, 100, 200, __WASI_FSTFLAGS_ATIM | __WASI_FSTFLAGS_ATIM_NOW),
                     __WASI_ERRNO_INVAL);
        OK("close", __wasi_fd_close(fd));
        OK("unlink", __wasi_path_unlink_file(scratch, "fstflags.f"));
    }
    end();
}

/* Reads 100 bytes at offset `at` and checks that each is `byte`. */
static void expect_bytes_at(__wasi_fd_t fd, uint64_t at, uint8_t byte, const char *what) {
    __wasi_filesize_t pos = 0;
    uint8_t buffer[100];
    size_t n = 0;
    OK("seek", __wasi_fd_seek(fd, (__wasi_filedelta_t)at, __WASI_WHENCE_SET, &pos));
    OK("read", read_some(fd, buffer, sizeof buffer, &n));
    bool same = n == sizeof buffer;
    for (size_t i = 0; same && i < n; i++) same = buffer[i] == byte;
    expect_true(what, same);
}

/* APPEND set at open writes at the end whatever the offset; clearing it writes in place. */
static void flags_set(__wasi_fd_t scratch) {
    begin("fd_flags_set");
    __wasi_fd_t fd = 0;
    __wasi_rights_t rights = FILE_RIGHTS_RW | __WASI_RIGHTS_FD_SEEK | __WASI_RIGHTS_FD_TELL |
                             __WASI_RIGHTS_FD_FDSTAT_SET_FLAGS;
    if (OK("create with APPEND", __wasi_path_open(scratch, 0, "flags.f", __WASI_OFLAGS_CREAT, rights, 0,
                                                   __WASI_FDFLAGS_APPEND, &fd))) {
        uint8_t block[100];
        size_t n = 0;
        __wasi_filesize_t pos = 0;
        memset(block, 0, sizeof block);
        OK("write zeros", write_some(fd, block, sizeof block, &n));
        expect_bytes_at(fd, 0, 0, "the zeros are at 0");
        memset(block, 1, sizeof block);
        OK("seek to 0", __wasi_fd_seek(fd, 0, __WASI_WHENCE_SET, &pos));
        OK("write ones (appended)", write_some(fd, block, sizeof block, &n));
        expect_bytes_at(fd, 100, 1, "the ones went to the end");
        OK("clear the flags", __wasi_fd_fdstat_set_flags(fd, 0));
        memset(block, 2, sizeof block);
        OK("seek to 0 again", __wasi_fd_seek(fd, 0, __WASI_WHENCE_SET, &pos));
        OK("write twos (in place)", write_some(fd, block, sizeof block, &n));
        expect_bytes_at(fd, 0, 2, "the twos overwrote the zeros");
        OK("close", __wasi_fd_close(fd));
        __wasi_filestat_t stat = {0};
        OK("path_filestat_get", __wasi_path_filestat_get(scratch, 0, "flags.f", &stat));
        expect_u64("final size", stat.size, 200);
        OK("unlink", __wasi_path_unlink_file(scratch, "flags.f"));
    }
    end();
}

/* A regular file is not a terminal (wasi-libc's isatty reads fd_fdstat_get). */
static void file_isatty(__wasi_fd_t scratch) {
    begin("isatty");
    __wasi_fd_t dir = make_directory(scratch, "isatty.dir");
    __wasi_fd_t fd = 0;
    if (OK("create", __wasi_path_open(dir, 0, "f", __WASI_OFLAGS_CREAT, 0, 0, 0, &fd))) {
        expect_u64("isatty of a file", (uint64_t)isatty((int)fd), 0);
        OK("close", __wasi_fd_close(fd));
        OK("unlink", __wasi_path_unlink_file(dir, "f"));
    }
    remove_directory(scratch, dir, "isatty.dir");
    end();
}

int main(int argc, char **argv) {
    __wasi_fd_t scratch = open_scratch(argc, argv);
    advise(scratch);
    allocate(scratch);
    pread_pwrite(scratch);
    seek_tell(scratch);
    truncation(scratch);
    unbuffered_write(scratch);
    filestat_set(scratch);
    fstflags_validate(scratch);
    flags_set(scratch);
    file_isatty(scratch);
    return finish();
}
