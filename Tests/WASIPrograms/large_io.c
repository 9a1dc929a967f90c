/* large_io.c: binary standard input read to the end with read() in odd-sized chunks (fd_read
 * on a pipe or file), several MiB echoed to standard output transformed (fd_write of large and
 * small buffers, partial writes retried), a 6 MiB file written with fwrite in varied chunk
 * sizes and read back (fd_read/fd_write/fd_seek on a big file). Leaves big.bin. */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "errno_names.h"

static uint32_t fnv1a(uint32_t hash, const unsigned char *bytes, int count) {
    for (int i = 0; i < count; i++) hash = (hash ^ bytes[i]) * 16777619u;
    return hash;
}

/* write() until everything is out: a pipe may take less than asked. */
static int write_all(int fd, const unsigned char *bytes, int count) {
    while (count > 0) {
        int n = (int)write(fd, bytes, (unsigned)count);
        if (n <= 0) return -1;
        bytes += n;
        count -= n;
    }
    return 0;
}

int main(void) {
    /* Standard input, binary: every byte value counted, hashed, and kept. */
    int capacity = 1 << 20, length = 0;
    unsigned char *input = malloc((unsigned)capacity);
    unsigned counts[256] = {0};
    int chunk_sizes[] = {1, 7, 4096, 65537, 13, 1 << 20};
    for (int i = 0;; i++) {
        int want = chunk_sizes[i % 6];
        if (length + want > capacity) {
            while (length + want > capacity) capacity *= 2;
            input = realloc(input, (unsigned)capacity);
        }
        int n = (int)read(0, input + length, (unsigned)want);
        if (n < 0) {
            printf("read: %s\n", errno_name(errno));
            return 1;
        }
        if (n == 0) break;
        for (int j = 0; j < n; j++) counts[input[length + j]]++;
        length += n;
    }
    int distinct = 0;
    for (int i = 0; i < 256; i++) distinct += counts[i] > 0;
    printf("stdin: %d bytes, %d distinct byte values, %u NULs, fnv1a %08x\n", length, distinct, counts[0],
           fnv1a(2166136261u, input, length));
    fflush(stdout);

    /* Standard output: the input XOR 0x5a in one big write, then again in 1000-byte writes,
     * then 3 MiB of generated text through printf. */
    for (int i = 0; i < length; i++) input[i] ^= 0x5a;
    if (write_all(1, input, length) != 0) return 2;
    for (int offset = 0; offset < length; offset += 1000) {
        int n = length - offset < 1000 ? length - offset : 1000;
        if (write_all(1, input + offset, n) != 0) return 3;
    }
    uint32_t state = 1;
    for (int line = 0; line < 60000; line++) {
        state = state * 1103515245u + 12345u;
        printf("%06d %08x the quick brown fox jumps over the lazy dog\n", line, state);
    }
    fflush(stdout);

    /* A 6 MiB file through stdio with chunk sizes 1..65535, then read back with read(). */
    FILE *f = fopen("big.bin", "wb");
    unsigned char *block = malloc(65536);
    int written = 0, size = 6 << 20, step = 1;
    uint32_t written_hash = 2166136261u;
    while (written < size) {
        int n = step < size - written ? step : size - written;
        for (int i = 0; i < n; i++) block[i] = (unsigned char)((written + i) * 31 + ((written + i) >> 13));
        fwrite(block, 1, (unsigned)n, f);
        written_hash = fnv1a(written_hash, block, n);
        written += n;
        step = step >= 32767 ? 1 : step * 2 + 1; /* 1, 3, 7 ... 65535 */
    }
    fclose(f);
    int fd = open("big.bin", O_RDONLY);
    uint32_t read_hash = 2166136261u;
    int total = 0, n;
    while ((n = (int)read(fd, block, 65536)) > 0) {
        read_hash = fnv1a(read_hash, block, n);
        total += n;
    }
    fprintf(stderr, "done\n");
    printf("\nbig.bin: wrote %d, read back %d, hashes %s, end offset %lld\n", written, total,
           written_hash == read_hash ? "equal" : "differ", (long long)lseek(fd, 0, SEEK_END));
    close(fd);
    return 0;
}
