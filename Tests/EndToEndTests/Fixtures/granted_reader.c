/*
 * granted_reader.c: the fixture for the launch-option tests (RunCommandTests, LaunchTests):
 * prints its arguments, the GREETING and HOME variables, and the contents of data/in.txt,
 * which exists only when the directory holding it is granted as "data".
 *
 * Rebuild granted_reader.wasm (checked in so these tests need no WASM toolchain):
 *   python3 -m ziglang cc --target=wasm32-wasi -Os -s granted_reader.c -o granted_reader.wasm
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
    for (int i = 1; i < argc; i++) printf("arg: %s\n", argv[i]);
    const char *greeting = getenv("GREETING");
    printf("GREETING: %s\n", greeting ? greeting : "(unset)");
    printf("HOME: %s\n", getenv("HOME") ? "(set)" : "(unset)");
    FILE *file = fopen("data/in.txt", "r");
    if (file == NULL) {
        printf("data/in.txt: %s\n", errno == ENOENT ? "ENOENT" : errno == ENOTCAPABLE ? "ENOTCAPABLE" : "other error");
        return 3;
    }
    char line[256];
    while (fgets(line, sizeof line, file)) printf("data/in.txt: %s", line);
    fclose(file);
    return 0;
}
