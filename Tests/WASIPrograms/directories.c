/* directories.c: path_create_directory, fd_readdir over 300 entries (names sorted before
 * printing: the order is the file system's), telldir/seekdir resuming from a cookie, rewinddir,
 * path_remove_directory, path_rename of files and directories, path_unlink_file, and stat of
 * the results. Leaves tree/ with a known shape behind. */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "errno_names.h"

#define MANY 300

static int compare_names(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Reads the rest of `dir` into `names` (dot entries skipped unless `with_dots`); returns how
 * many. */
static int read_rest(DIR *dir, char **names, int capacity, int with_dots) {
    int count = 0;
    struct dirent *entry;
    while ((entry = readdir(dir)) != NULL) {
        if (!with_dots && (strcmp(entry->d_name, ".") == 0 || strcmp(entry->d_name, "..") == 0)) continue;
        if (count < capacity) names[count] = strdup(entry->d_name);
        count++;
    }
    return count;
}

static void list_sorted(const char *path) {
    char *names[MANY + 16];
    DIR *dir = opendir(path);
    if (!dir) {
        printf("opendir %s: %s\n", path, errno_name(errno));
        return;
    }
    int count = read_rest(dir, names, MANY + 16, 0);
    closedir(dir);
    qsort(names, count, sizeof names[0], compare_names);
    printf("%s:", path);
    for (int i = 0; i < count; i++) {
        struct stat st;
        char full[512];
        snprintf(full, sizeof full, "%s/%s", path, names[i]);
        lstat(full, &st);
        printf(" %s%s", names[i], S_ISDIR(st.st_mode) ? "/" : "");
        free(names[i]);
    }
    printf("\n");
}

int main(void) {
    CHECK("mkdir tree", mkdir("tree", 0755));
    CHECK("mkdir tree/many", mkdir("tree/many", 0755));
    CHECK("mkdir tree/a/b (no parent)", mkdir("tree/a/b", 0755));
    CHECK("mkdir tree/a", mkdir("tree/a", 0755));
    CHECK("mkdir tree/a/b", mkdir("tree/a/b", 0755));
    CHECK("mkdir tree/a/b/", mkdir("tree/a/c/", 0755));

    /* Many entries with long names, so the directory takes several fd_readdir buffers. */
    char path[256];
    for (int i = 0; i < MANY; i++) {
        snprintf(path, sizeof path, "tree/many/entry-%03d-with-a-rather-long-name-to-fill-buffers", i);
        int fd = open(path, O_WRONLY | O_CREAT, 0644);
        if (fd < 0) {
            printf("create %s: %s\n", path, errno_name(errno));
            return 1;
        }
        if (i % 50 == 0) write(fd, path, strlen(path));
        close(fd);
    }
    mkdir("tree/many/zz-subdir", 0755);

    char *all[MANY + 8];
    DIR *dir = opendir("tree/many");
    int dots = 0;
    struct dirent *entry;
    int count = 0;
    while ((entry = readdir(dir)) != NULL) {
        if (strcmp(entry->d_name, ".") == 0 || strcmp(entry->d_name, "..") == 0) {
            dots++;
            continue;
        }
        if (count < MANY + 8) all[count] = strdup(entry->d_name);
        count++;
    }
    printf("readdir: %d entries (+ %d dot entries)\n", count, dots);
    qsort(all, count, sizeof all[0], compare_names);
    int in_order = 1;
    for (int i = 0; i < MANY; i++) {
        snprintf(path, sizeof path, "entry-%03d-with-a-rather-long-name-to-fill-buffers", i);
        if (strcmp(all[i], path) != 0) in_order = 0;
    }
    printf("every name seen once: %s, last %s\n", in_order ? "yes" : "no", all[count - 1]);

    /* telldir after k entries, read on, then seekdir back: the same entries again, in the same
     * order. Positions are taken at several depths (cookies past the first buffer too). */
    int depths[] = {0, 1, 57, 150, 299, MANY + 1};
    for (unsigned d = 0; d < sizeof depths / sizeof depths[0]; d++) {
        rewinddir(dir);
        for (int i = 0; i < depths[d]; i++) readdir(dir);
        long cookie = telldir(dir);
        char *first[MANY + 8], *second[MANY + 8];
        int n1 = read_rest(dir, first, MANY + 8, 1);
        seekdir(dir, cookie);
        int n2 = read_rest(dir, second, MANY + 8, 1);
        int same = n1 == n2;
        for (int i = 0; i < n1 && i < n2 && i < MANY + 8; i++) same = same && strcmp(first[i], second[i]) == 0;
        /* Dot entries included: the rest holds every entry not read before the cookie. */
        int expected = count + dots - depths[d];
        if (expected < 0) expected = 0;
        printf("seekdir after %d: %d then %d entries, same: %s, expected count: %s\n", depths[d], n1, n2,
               same ? "yes" : "no", n1 == expected ? "yes" : "no");
        for (int i = 0; i < n1 && i < MANY + 8; i++) free(first[i]);
        for (int i = 0; i < n2 && i < MANY + 8; i++) free(second[i]);
    }
    closedir(dir);
    for (int i = 0; i < count; i++) free(all[i]);

    /* Removing: rmdir of a non-empty directory fails; unlink every entry, then rmdir works. */
    CHECK("rmdir tree/many (not empty)", rmdir("tree/many"));
    for (int i = 0; i < MANY; i++) {
        snprintf(path, sizeof path, "tree/many/entry-%03d-with-a-rather-long-name-to-fill-buffers", i);
        if (i % 3 != 0 && unlink(path) != 0) printf("unlink %s: %s\n", path, errno_name(errno));
    }
    CHECK("unlink a directory", unlink("tree/many/zz-subdir"));
    CHECK("rmdir zz-subdir", rmdir("tree/many/zz-subdir"));
    CHECK("rmdir a file", rmdir("tree/many/entry-000-with-a-rather-long-name-to-fill-buffers"));
    dir = opendir("tree/many");
    char *left[MANY];
    printf("left after unlinking: %d\n", read_rest(dir, left, 0, 0));
    closedir(dir);

    /* Renames: file to new name, file over an existing file, into another directory,
     * a directory (with contents) to a new place, a directory over an empty directory. */
    int fd = open("tree/a/file.txt", O_WRONLY | O_CREAT, 0644);
    write(fd, "contents\n", 9);
    close(fd);
    fd = open("tree/a/victim.txt", O_WRONLY | O_CREAT, 0644);
    write(fd, "victim\n", 7);
    close(fd);
    CHECK("rename file", rename("tree/a/file.txt", "tree/a/renamed.txt"));
    CHECK("rename over a file", rename("tree/a/renamed.txt", "tree/a/victim.txt"));
    CHECK("rename into b", rename("tree/a/victim.txt", "tree/a/b/moved.txt"));
    CHECK("rename missing", rename("tree/a/nothing", "tree/a/other"));
    CHECK("rename dir", rename("tree/a/b", "tree/b2"));
    CHECK("rename dir over empty dir", rename("tree/b2", "tree/a/c"));
    CHECK("rename dir into itself", rename("tree/a", "tree/a/c/inside"));
    CHECK("rename to same name", rename("tree/a/c/moved.txt", "tree/a/c/moved.txt"));
    CHECK("mkdir over a file", mkdir("tree/a/c/moved.txt", 0755));
    struct stat st;
    CHECK("stat moved", stat("tree/a/c/moved.txt", &st));
    printf("moved is a regular file of %lld bytes\n", S_ISREG(st.st_mode) ? (long long)st.st_size : -1LL);
    CHECK("stat tree/a", stat("tree/a", &st));
    printf("tree/a is a directory: %s\n", S_ISDIR(st.st_mode) ? "yes" : "no");
    list_sorted("tree");
    list_sorted("tree/a");
    list_sorted("tree/a/c");
    CHECK("rmdir tree/a/c (not empty)", rmdir("tree/a/c"));
    CHECK("unlink moved", unlink("tree/a/c/moved.txt"));
    CHECK("rmdir tree/a/c", rmdir("tree/a/c"));
    CHECK("rmdir tree/a/c again", rmdir("tree/a/c"));
    list_sorted("tree/a");
    return 0;
}
