/* exit_flush.c: how a program ends (proc_exit) with files still open: unflushed stdio
 * buffers of a file and of stdout are written at exit(n) and at return from main, not at
 * _exit(n). argv[1] is "exit", "return" or "_exit"; argv[2] the status. Leaves log.txt. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv) {
    const char *how = argc > 1 ? argv[1] : "exit";
    int status = argc > 2 ? atoi(argv[2]) : 0;
    FILE *log = fopen("log.txt", "w");
    fprintf(log, "written before %s(%d), never flushed by hand\n", how, status);
    printf("stdout before %s(%d) without a newline", how, status);
    if (strcmp(how, "_exit") == 0) _exit(status);
    if (strcmp(how, "exit") == 0) exit(status);
    return status;
}
