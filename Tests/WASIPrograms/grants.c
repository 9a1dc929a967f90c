/* grants.c (WASM only): lists the pre-opened directories (fd_prestat_get and
 * fd_prestat_dir_name from fd 3 until BADF), then for each argument: a path to read (its first
 * line, or the errno), or "write:PATH" to create PATH holding "written\n". Shows which host
 * directory each --dir HOST::GUEST grant reaches. */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <wasi/api.h>

#include "errno_names.h"

int main(int argc, char **argv) {
    for (__wasi_fd_t fd = 3;; fd++) {
        __wasi_prestat_t prestat;
        __wasi_errno_t error = __wasi_fd_prestat_get(fd, &prestat);
        if (error != 0) {
            printf("fd %u: %s (end of the pre-opened directories)\n", (unsigned)fd, errno_name(error));
            break;
        }
        char name[256] = {0};
        if (prestat.u.dir.pr_name_len < sizeof name)
            (void)__wasi_fd_prestat_dir_name(fd, (uint8_t *)name, prestat.u.dir.pr_name_len);
        printf("fd %u: pre-opened directory '%s'\n", (unsigned)fd, name);
    }
    for (int i = 1; i < argc; i++) {
        if (strncmp(argv[i], "write:", 6) == 0) {
            const char *path = argv[i] + 6;
            errno = 0;
            int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
            if (fd < 0) {
                printf("write %s: %s\n", path, errno_name(errno));
                continue;
            }
            write(fd, "written\n", 8);
            close(fd);
            printf("write %s: ok\n", path);
            continue;
        }
        errno = 0;
        FILE *f = fopen(argv[i], "r");
        if (!f) {
            printf("read %s: %s\n", argv[i], errno_name(errno));
            continue;
        }
        char line[128] = {0};
        if (!fgets(line, sizeof line, f)) strcpy(line, "(empty)\n");
        fclose(f);
        printf("read %s: %s", argv[i], line);
    }
    return 0;
}
