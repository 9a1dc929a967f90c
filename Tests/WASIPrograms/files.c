/* files.c: regular files through the descriptor calls (fd_read/fd_write, fd_pread/fd_pwrite,
 * fd_seek/fd_tell, fd_filestat_set_size, fd_allocate, fd_sync, fd_datasync, fd_advise,
 * fd_filestat_get) and path_open's O_APPEND, O_EXCL, O_TRUNC. Run in a directory holding
 * input.txt ("line one\nline two\nline three\n"); leaves out.txt, append.txt, sized.bin. */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "errno_names.h"

static void show_file(const char *path) {
    char buffer[256];
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        printf("  %s: open %s\n", path, errno_name(errno));
        return;
    }
    int n = (int)read(fd, buffer, sizeof buffer - 1);
    close(fd);
    if (n < 0) n = 0;
    buffer[n] = 0;
    printf("  %s (%d bytes): ", path, n);
    for (int i = 0; i < n; i++) {
        unsigned char c = (unsigned char)buffer[i];
        if (c == '\n') printf("\\n");
        else if (c < 32 || c > 126) printf("\\x%02x", c);
        else putchar(c);
    }
    putchar('\n');
}

static long long file_size(int fd) {
    struct stat st;
    if (fstat(fd, &st) != 0) return -1;
    return (long long)st.st_size;
}

int main(void) {
    char buffer[64];

    /* Reading: whole file in small reads, pread at offsets, lseek and its results. */
    int in = open("input.txt", O_RDONLY);
    printf("open input.txt: %s\n", in >= 0 ? "ok" : errno_name(errno));
    int total = 0, reads = 0, n;
    while ((n = (int)read(in, buffer, 7)) > 0) {
        total += n;
        reads++;
    }
    printf("read %d bytes in %d reads, last read %d\n", total, reads, n);
    n = (int)pread(in, buffer, 8, 9);
    printf("pread 8 at 9: %d [%.*s]\n", n, n > 0 ? n : 0, buffer);
    printf("offset after pread: %lld\n", (long long)lseek(in, 0, SEEK_CUR));
    printf("lseek SET 5: %lld\n", (long long)lseek(in, 5, SEEK_SET));
    printf("lseek CUR 4: %lld\n", (long long)lseek(in, 4, SEEK_CUR));
    printf("lseek END -6: %lld\n", (long long)lseek(in, -6, SEEK_END));
    n = (int)read(in, buffer, sizeof buffer);
    printf("read at END-6: %d [%.*s]\n", n, n > 0 ? n - 1 : 0, buffer);
    printf("lseek past end: %lld\n", (long long)lseek(in, 1000, SEEK_SET));
    printf("read past end: %d\n", (int)read(in, buffer, sizeof buffer));
    CHECK("lseek to -1", lseek(in, -1, SEEK_SET));
    CHECK("write to a read-only fd", write(in, "x", 1));
    struct stat st;
    fstat(in, &st);
    printf("fstat: regular %d, size %lld, nlink %d\n", S_ISREG(st.st_mode) ? 1 : 0, (long long)st.st_size,
           (int)st.st_nlink);
    close(in);

    /* Writing: create, pwrite beyond the end (a hole of zeros), write at the offset, truncate. */
    int out = open("out.txt", O_RDWR | O_CREAT | O_TRUNC, 0644);
    printf("open out.txt: %s\n", out >= 0 ? "ok" : errno_name(errno));
    printf("write: %d\n", (int)write(out, "hello, world\n", 13));
    printf("pwrite at 20: %d\n", (int)pwrite(out, "END\n", 4, 20));
    printf("offset after pwrite: %lld\n", (long long)lseek(out, 0, SEEK_CUR));
    printf("size: %lld\n", file_size(out));
    printf("write at 13: %d\n", (int)write(out, "more", 4));
    n = (int)pread(out, buffer, 5, 7);
    printf("pread 5 at 7: %d [%.*s]\n", n, n > 0 ? n : 0, buffer);
    CHECK("pwrite at negative offset", pwrite(out, "x", 1, -5));
    CHECK("fsync", fsync(out));
    CHECK("fdatasync", fdatasync(out));
    printf("posix_fadvise SEQUENTIAL: %s\n", errno_name(posix_fadvise(out, 0, 0, POSIX_FADV_SEQUENTIAL)));
    printf("posix_fadvise DONTNEED: %s\n", errno_name(posix_fadvise(out, 0, 10, POSIX_FADV_DONTNEED)));
    printf("posix_fadvise bad advice: %s\n", errno_name(posix_fadvise(out, 0, 10, 12345)));
    CHECK("ftruncate 17", ftruncate(out, 17));
    printf("size: %lld, offset %lld\n", file_size(out), (long long)lseek(out, 0, SEEK_CUR));
    CHECK("ftruncate -1", ftruncate(out, -1));
    close(out);
    show_file("out.txt");

    /* posix_fallocate grows, never shrinks. */
    int sized = open("sized.bin", O_WRONLY | O_CREAT | O_EXCL, 0644);
    printf("posix_fallocate 0+4096: %s\n", errno_name(posix_fallocate(sized, 0, 4096)));
    printf("size: %lld\n", file_size(sized));
    printf("posix_fallocate 100+10: %s\n", errno_name(posix_fallocate(sized, 100, 10)));
    printf("size: %lld\n", file_size(sized));
    CHECK("ftruncate 5000", ftruncate(sized, 5000));
    printf("size: %lld\n", file_size(sized));
    CHECK("write", write(sized, "abc", 3));
    close(sized);

    /* O_EXCL on an existing file, O_TRUNC of an existing file, O_APPEND from two descriptors. */
    CHECK("O_CREAT|O_EXCL existing", open("sized.bin", O_WRONLY | O_CREAT | O_EXCL, 0644));
    int append = open("append.txt", O_WRONLY | O_CREAT | O_APPEND, 0644);
    write(append, "first\n", 6);
    int plain = open("append.txt", O_WRONLY);
    write(plain, "XX", 2); /* overwrites "fi" at offset 0 */
    write(append, "second\n", 7);
    printf("append offset: %lld\n", (long long)lseek(append, 0, SEEK_CUR));
    lseek(append, 0, SEEK_SET);
    write(append, "third\n", 6); /* O_APPEND: still at the end */
    printf("append offset after seek+write: %lld\n", (long long)lseek(append, 0, SEEK_CUR));
    close(plain);
    close(append);
    show_file("append.txt");
    int trunc = open("append.txt", O_RDWR | O_TRUNC);
    printf("after O_TRUNC size: %lld\n", file_size(trunc));
    write(trunc, "short\n", 6);
    close(trunc);
    show_file("append.txt");

    /* stdio on top: fopen modes, ftell, fseek, fgets, "a+" reads from the start. */
    FILE *f = fopen("out.txt", "r+");
    fseek(f, 0, SEEK_END);
    printf("ftell at end: %ld\n", ftell(f));
    fputs("tail\n", f);
    printf("ftell after fputs: %ld\n", ftell(f));
    rewind(f);
    fgets(buffer, sizeof buffer, f);
    printf("first line: %s", buffer);
    fclose(f);
    f = fopen("append.txt", "a+");
    fputs("appended by stdio\n", f);
    rewind(f);
    fgets(buffer, sizeof buffer, f);
    printf("a+ first line: %s", buffer);
    fclose(f);
    show_file("append.txt");
    show_file("out.txt");
    CHECK("fopen missing r", fopen("missing.txt", "r") ? 0 : -1);
    return 0;
}
