/* conformance_readdir.c: fd_readdir's entries, cookies and end of directory, raw and through
 * wasi-libc's readdir (conformance.h says how it reports; README.md maps scenarios to the
 * upstream tests). */
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "conformance.h"

enum { BUFFER_SIZE = 256, MAX_ENTRIES = 16, HEADER = 24 };

typedef struct entry {
    __wasi_dircookie_t next;
    __wasi_inode_t ino;
    __wasi_filetype_t type;
    char name[64];
} entry;

/* One fd_readdir call into a 256-byte buffer from `cookie`: the whole entries it holds (at
 * most `max`), and whether the directory ended (the buffer was not filled). */
static size_t read_entries(__wasi_fd_t fd, __wasi_dircookie_t cookie, entry *out, size_t max, bool *at_end) {
    uint8_t buffer[BUFFER_SIZE];
    __wasi_size_t used = 0;
    *at_end = true;
    if (!OK("fd_readdir", __wasi_fd_readdir(fd, buffer, sizeof buffer, cookie, &used))) return 0;
    expect_true("bufused within the buffer", used <= sizeof buffer);
    *at_end = used < sizeof buffer;
    size_t count = 0;
    for (size_t at = 0; at + HEADER <= used;) {
        uint32_t namlen;
        entry e = {0};
        memcpy(&e.next, buffer + at, 8);
        memcpy(&e.ino, buffer + at + 8, 8);
        memcpy(&namlen, buffer + at + 16, 4);
        e.type = buffer[at + 20];
        if (at + HEADER + namlen > used) break; /* cut at the end of the buffer */
        if (namlen < sizeof e.name) memcpy(e.name, buffer + at + HEADER, namlen);
        if (count < max) out[count] = e;
        count++;
        at += HEADER + namlen;
    }
    return count;
}

static int by_name(const void *a, const void *b) { return strcmp(((const entry *)a)->name, ((const entry *)b)->name); }

static void readdir_entries(__wasi_fd_t scratch) {
    begin("fd_readdir");
    __wasi_fd_t d = make_directory(scratch, "readdir.dir");
    __wasi_filestat_t dirstat = {0};
    OK("fd_filestat_get of the directory", __wasi_fd_filestat_get(d, &dirstat));
    entry found[MAX_ENTRIES];
    bool at_end = false;
    size_t n = read_entries(d, 0, found, MAX_ENTRIES, &at_end);
    expect_true("an empty directory is read in one call", at_end);
    if (expect_u64("entries of an empty directory", n, 2)) {
        qsort(found, n, sizeof found[0], by_name);
        expect_true("first is .", strcmp(found[0].name, ".") == 0);
        expect_u64(". is a directory", found[0].type, __WASI_FILETYPE_DIRECTORY);
        expect_u64(". has the directory's inode", found[0].ino, dirstat.ino);
        expect_true("second is ..", strcmp(found[1].name, "..") == 0);
        expect_u64(".. is a directory", found[1].type, __WASI_FILETYPE_DIRECTORY);
    }
    __wasi_fd_t file = 0;
    __wasi_rights_t rights = __WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_WRITE | __WASI_RIGHTS_FD_READDIR |
                             __WASI_RIGHTS_FD_FILESTAT_GET;
    __wasi_filestat_t filestat = {0};
    if (OK("create", __wasi_path_open(d, 0, "file", __WASI_OFLAGS_CREAT, rights, 0, 0, &file))) {
        OK("fd_filestat_get of the file", __wasi_fd_filestat_get(file, &filestat));
        OK("close", __wasi_fd_close(file));
    }
    n = read_entries(d, 0, found, MAX_ENTRIES, &at_end);
    expect_true("three entries are read in one call", at_end);
    if (expect_u64("entries with a file", n, 3)) {
        __wasi_dircookie_t third = found[1].next;
        char last[64];
        memcpy(last, found[2].name, sizeof last);
        qsort(found, n, sizeof found[0], by_name);
        expect_true("names", strcmp(found[0].name, ".") == 0 && strcmp(found[1].name, "..") == 0 &&
                                 strcmp(found[2].name, "file") == 0);
        expect_u64("the file's type", found[2].type, __WASI_FILETYPE_REGULAR_FILE);
        expect_u64("the file's inode", found[2].ino, filestat.ino);
        entry rest[MAX_ENTRIES];
        n = read_entries(d, third, rest, MAX_ENTRIES, &at_end);
        expect_true("reading from the second entry's d_next ends", at_end);
        if (expect_u64("entries after the second", n, 1))
            expect_true("the entry after the second is the third", strcmp(rest[0].name, last) == 0);
    }
    OK("unlink", __wasi_path_unlink_file(d, "file"));

    /* Many entries, read 256 bytes at a time, each call resuming from the last whole entry. */
    enum { FILES = 1000 };
    char name[32];
    for (int i = 0; i < FILES; i++) {
        snprintf(name, sizeof name, "file.%d", i);
        if (__wasi_path_open(d, 0, name, __WASI_OFLAGS_CREAT, rights, 0, 0, &file) != 0 ||
            __wasi_fd_close(file) != 0) {
            fail("creating many files", "got an error at %s", name);
            break;
        }
    }
    size_t total = 0;
    __wasi_dircookie_t cookie = 0;
    for (int calls = 0; calls < 4 * FILES; calls++) {
        n = read_entries(d, cookie, found, MAX_ENTRIES, &at_end);
        total += n;
        if (at_end || n == 0 || n > MAX_ENTRIES) break;
        cookie = found[n - 1].next;
    }
    expect_u64("entries counted in 256-byte reads", total, FILES + 2);
    for (int i = 0; i < FILES; i++) {
        snprintf(name, sizeof name, "file.%d", i);
        (void)__wasi_path_unlink_file(d, name);
    }
    remove_directory(scratch, d, "readdir.dir");
    end();
}

/* wasi-libc's opendir/readdir over fd_readdir: each entry's d_ino is fstatat's st_ino. */
static void libc_readdir(__wasi_fd_t scratch, const char *scratch_name) {
    begin("fdopendir-with-access");
    __wasi_fd_t d = make_directory(scratch, "fdopendir.dir");
    make_file(d, "file-0");
    make_file(d, "file-1");
    char path[300];
    snprintf(path, sizeof path, "%s/fdopendir.dir", scratch_name);
    int dfd = open(path, O_RDONLY | O_DIRECTORY);
    DIR *dir = dfd < 0 ? NULL : fdopendir(dfd);
    if (expect_true("open and fdopendir", dir != NULL)) {
        ino_t inodes[2] = {0, 0};
        bool seen[2] = {false, false};
        struct dirent *de;
        while ((de = readdir(dir)) != NULL) {
            if (de->d_name[0] == '.') continue;
            int which = strcmp(de->d_name, "file-0") == 0 ? 0 : strcmp(de->d_name, "file-1") == 0 ? 1 : -1;
            if (!expect_true("only file-0 and file-1 are listed", which >= 0)) continue;
            seen[which] = true;
            inodes[which] = de->d_ino;
            struct stat st;
            if (expect_true("fstatat", fstatat(dfd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0))
                expect_u64("d_ino is st_ino", (uint64_t)de->d_ino, (uint64_t)st.st_ino);
        }
        closedir(dir);
        expect_true("both files listed", seen[0] && seen[1]);
        expect_true("distinct inodes", inodes[0] != inodes[1]);
    }
    OK("unlink file-0", __wasi_path_unlink_file(d, "file-0"));
    OK("unlink file-1", __wasi_path_unlink_file(d, "file-1"));
    remove_directory(scratch, d, "fdopendir.dir");
    end();
}

int main(int argc, char **argv) {
    __wasi_fd_t scratch = open_scratch(argc, argv);
    readdir_entries(scratch);
    libc_readdir(scratch, argv[1]);
    return finish();
}
