// return_code: returning a non-zero value from main must become the process exit status, and
// buffered output written without a trailing newline must still be flushed.
#include <stdio.h>

static int tally(const char *s) {
    int t = 0;
    for (; *s; s++) t += *s == 'a';
    return t;
}

int main(int argc, char **argv) {
    (void)argv;
    int status = 40 + tally("banana") - 2 + argc;  // 42 when run without arguments
    printf("returning %d from main", status);
    return status;
}
