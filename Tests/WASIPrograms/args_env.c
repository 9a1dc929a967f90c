// args_env: prints argc, argv (argv[0] as its base name), and the environment sorted by name
// (args_sizes_get/args_get and environ_sizes_get/environ_get), plus getenv lookups.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern char **environ;

static int compare_strings(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv) {
    const char *slash = strrchr(argv[0], '/');
    printf("argc=%d\n", argc);
    printf("argv[0] base name=%s\n", slash ? slash + 1 : argv[0]);
    for (int i = 1; i < argc; i++) printf("argv[%d]=[%s] (%zu bytes)\n", i, argv[i], strlen(argv[i]));
    printf("argv[argc] is NULL: %d\n", argv[argc] == NULL);

    int count = 0;
    while (environ[count]) count++;
    char **sorted = malloc((size_t)(count + 1) * sizeof *sorted);
    memcpy(sorted, environ, (size_t)count * sizeof *sorted);
    qsort(sorted, (size_t)count, sizeof *sorted, compare_strings);
    printf("environment has %d entries\n", count);
    for (int i = 0; i < count; i++) printf("env %s\n", sorted[i]);
    free(sorted);

    const char *names[] = {"BSAOT_GREETING", "BSAOT_EMPTY", "BSAOT_UNSET_VARIABLE", "BSAOT_UNICODE"};
    for (int i = 0; i < 4; i++) {
        const char *value = getenv(names[i]);
        printf("getenv(%s) = %s%s%s\n", names[i], value ? "'" : "", value ? value : "(null)", value ? "'" : "");
    }
    return 0;
}
