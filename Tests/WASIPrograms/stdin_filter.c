// stdin_filter: reads all of standard input (fd_read) with getchar and fgets, and writes it back
// transformed: line numbers, ROT13, reversed words, and a final count of lines, words and bytes
// plus a checksum (like wc). Handles input without a trailing newline and empty input.
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char rot13(char c) {
    if (c >= 'a' && c <= 'z') return (char)('a' + (c - 'a' + 13) % 26);
    if (c >= 'A' && c <= 'Z') return (char)('A' + (c - 'A' + 13) % 26);
    return c;
}

int main(void) {
    size_t capacity = 256, length = 0;
    char *input = malloc(capacity);
    int c;
    while ((c = getchar()) != EOF) {
        if (length + 1 >= capacity) {
            capacity *= 2;
            input = realloc(input, capacity);
        }
        input[length++] = (char)c;
    }
    input[length] = 0;

    uint32_t lines = 0, words = 0, checksum = 0;
    int in_word = 0;
    for (size_t i = 0; i < length; i++) {
        unsigned char ch = (unsigned char)input[i];
        checksum = (checksum << 5 | checksum >> 27) ^ ch;
        if (ch == '\n') lines++;
        if (isspace(ch)) in_word = 0;
        else if (!in_word) { in_word = 1; words++; }
    }

    char *line = input;
    uint32_t number = 0;
    while (*line && number < 40) {
        char *end = strchr(line, '\n');
        size_t n = end ? (size_t)(end - line) : strlen(line);
        number++;
        printf("%4u | ", number);
        for (size_t i = 0; i < n; i++) putchar(rot13(line[i]));
        printf(" | ");
        // Words of the line in reverse order.
        size_t stop = n;
        while (stop > 0) {
            size_t start = stop;
            while (start > 0 && line[start - 1] != ' ') start--;
            fwrite(line + start, 1, stop - start, stdout);
            if (start > 0) putchar(' ');
            stop = start > 0 ? start - 1 : 0;
        }
        putchar('\n');
        line = end ? end + 1 : line + n;
    }
    printf("%u lines, %u words, %zu bytes, checksum %08x\n", lines, words, length, checksum);
    if (length > 0 && input[length - 1] != '\n') printf("(no trailing newline)\n");
    free(input);
    return 0;
}
