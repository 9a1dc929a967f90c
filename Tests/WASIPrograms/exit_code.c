// exit_code: exit(n) with n taken from argv[1] (proc_exit), after output that is still in the
// stdio buffer and an atexit handler; both must be flushed and printed before the process ends.
#include <stdio.h>
#include <stdlib.h>

static void goodbye(void) { printf("atexit handler ran\n"); }

static void finish(int code) {
    printf("exiting with %d", code);  // no newline: only an exit-time flush prints this
    exit(code);
}

int main(int argc, char **argv) {
    atexit(goodbye);
    int code = argc > 1 ? atoi(argv[1]) : 3;
    printf("buffered line before exit\n");
    if (code >= 0) finish(code);
    printf("not reached unless code < 0\n");
    return 0;
}
