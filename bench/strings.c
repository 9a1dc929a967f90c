// strings: text processing over a generated 4 MB text, with hand-written string code (not the
// C library's, whose wasi-libc and glibc versions differ): tokenizing into words, hashing and
// counting them in a table, upper-casing, reversing words, and a naive substring search.
// Usage: strings [rounds]   (default 10)
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static const char *const syllables[] = {"ka", "lo", "mi", "ne", "sun", "tar", "vo", "xe", "qua", "rin", "bel", "dor"};

static int is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

struct entry { const char *word; uint32_t length, count; };

static int same_word(const char *a, const char *b, uint32_t n) {
    for (uint32_t i = 0; i < n; i++)
        if (a[i] != b[i]) return 0;
    return 1;
}

int main(int argc, char **argv) {
    int rounds = argc > 1 ? atoi(argv[1]) : 10;
    size_t size = 4 << 20;
    char *text = malloc(size + 1);
    uint32_t x = 12345;
    size_t n = 0;
    while (n + 16 < size) {
        x = x * 1103515245u + 12345u;
        int syllable_count = 1 + (x >> 16) % 3;
        for (int s = 0; s < syllable_count; s++) {
            x = x * 1103515245u + 12345u;
            for (const char *p = syllables[(x >> 16) % 12]; *p; p++) text[n++] = *p;
        }
        x = x * 1103515245u + 12345u;
        text[n++] = (x >> 16) % 11 == 0 ? '.' : ' ';
        if ((x >> 20) % 13 == 0) text[n++] = '\n';
    }
    text[n] = 0;
    enum { TABLE = 1 << 14 };
    struct entry *table = calloc(TABLE, sizeof *table);
    uint64_t words = 0, distinct = 0, upper = 0, matches = 0, reversed = 0;
    for (int r = 0; r < rounds; r++) {
        // Tokenize and count words.
        for (size_t i = 0; i < n;) {
            while (i < n && !is_alpha(text[i])) i++;
            size_t start = i;
            uint32_t h = 2166136261u;
            while (i < n && is_alpha(text[i])) h = (h ^ (uint8_t)(text[i++] | 0x20)) * 16777619u;
            uint32_t length = (uint32_t)(i - start);
            if (!length) break;
            words++;
            for (uint32_t slot = h & (TABLE - 1);; slot = (slot + 1) & (TABLE - 1)) {
                struct entry *e = &table[slot];
                if (!e->word) { *e = (struct entry){text + start, length, 1}; distinct++; break; }
                if (e->length == length && same_word(e->word, text + start, length)) { e->count++; break; }
            }
        }
        // Upper-case the first letter of each sentence, lower-case it back next round.
        int sentence_start = 1;
        for (size_t i = 0; i < n; i++) {
            char c = text[i];
            if (is_alpha(c)) {
                if (sentence_start) { text[i] = (char)(r % 2 == 0 ? c & ~0x20 : c | 0x20); upper++; }
                sentence_start = 0;
            } else if (c == '.') {
                sentence_start = 1;
            }
        }
        // Reverse every word in place (twice per round, so the text comes back).
        for (int twice = 0; twice < 2; twice++)
            for (size_t i = 0; i < n;) {
                while (i < n && !is_alpha(text[i])) i++;
                size_t start = i;
                while (i < n && is_alpha(text[i])) i++;
                for (size_t a = start, b = i; a + 1 < b; a++, b--) {
                    char t = text[a]; text[a] = text[b - 1]; text[b - 1] = t;
                }
                reversed++;
            }
        // Naive search for a needle that depends on the round.
        const char *needle = syllables[r % 12];
        for (size_t i = 0; i < n; i++) {
            size_t k = 0;
            while (needle[k] && text[i + k] == needle[k]) k++;
            if (!needle[k]) matches++;
        }
    }
    uint64_t top = 0;
    for (int i = 0; i < TABLE; i++)
        if (table[i].word && table[i].count > top) top = table[i].count;
    printf("words %llu distinct %llu upper %llu reversed %llu matches %llu top %llu\n", (unsigned long long)words,
           (unsigned long long)distinct, (unsigned long long)upper, (unsigned long long)reversed,
           (unsigned long long)matches, (unsigned long long)top);
    free(table);
    free(text);
    return 0;
}
