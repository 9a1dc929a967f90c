// strings: strtok, strcmp/strncmp, snprintf (including truncation), strtol/strtoul/strtoll with
// several bases, strchr/strrchr/strstr/strspn/strcspn, memcmp/memchr, ctype, a hand-rolled
// itoa and string reversal, and building a CSV report.
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int sign(int x) { return (x > 0) - (x < 0); }

static void reverse(char *s) {
    size_t n = strlen(s);
    for (size_t i = 0; i < n / 2; i++) {
        char t = s[i];
        s[i] = s[n - 1 - i];
        s[n - 1 - i] = t;
    }
}

static char *to_base(uint64_t v, unsigned base, char *out) {
    const char *digits = "0123456789abcdefghijklmnopqrstuvwxyz";
    char *p = out;
    do {
        *p++ = digits[v % base];
        v /= base;
    } while (v);
    *p = 0;
    reverse(out);
    return out;
}

int main(void) {
    char line[] = "alpha, beta;gamma  delta,,epsilon;;zeta";
    int count = 0;
    for (char *tok = strtok(line, ",; "); tok; tok = strtok(NULL, ",; ")) printf("token %d: '%s'\n", ++count, tok);

    const char *pairs[][2] = {{"abc", "abd"}, {"abc", "abc"}, {"b", "abc"}, {"", "a"}, {"Hello", "hello"},
                              {"abc", "ab"}};
    for (int i = 0; i < 6; i++)
        printf("strcmp(%s,%s)=%d strncmp2=%d\n", pairs[i][0], pairs[i][1], sign(strcmp(pairs[i][0], pairs[i][1])),
               sign(strncmp(pairs[i][0], pairs[i][1], 2)));

    // long is 32-bit on wasm32 and 64-bit natively, so strtol/strtoul only get inputs that fit
    // in 32 bits (and strtoul no negative ones); strtoll/strtoull take the 64-bit cases.
    const char *numbers[] = {"42", "-17", "0x1F", "0777", "  +123abc", "z", "1010", "-2147483648", "ff",
                             "7fffffff"};
    for (int i = 0; i < 10; i++) {
        char *end;
        long v0 = strtol(numbers[i], &end, 0);
        long v2 = strtol(numbers[i], NULL, 2);
        long long vll = strtoll(numbers[i], NULL, 10);
        unsigned long v16 = strchr(numbers[i], '-') ? 0ul : strtoul(numbers[i], NULL, 16);
        printf("'%s': base0=%ld rest='%s' ll=%lld hex=%lu bin=%ld\n", numbers[i], v0, end, vll, v16, v2);
    }
    const char *big[] = {"9223372036854775807", "-9223372036854775808", "0x7fffffffffffffff", "-0x10", "  -42xyz",
                         "123456789012345"};
    for (int i = 0; i < 6; i++) {
        char *end;
        long long v = strtoll(big[i], &end, 0);
        unsigned long long u = strtoull(big[i] + (big[i][0] == '-'), NULL, 0);
        printf("'%s': strtoll=%lld rest='%s' strtoull(abs)=%llu\n", big[i], v, end, u);
    }
    printf("atoi %d %d atof %g\n", atoi("  -99 bottles"), atoi("x"), atof("2.5e3xyz"));

    char buffer[32];
    int n = snprintf(buffer, sizeof buffer, "%s-%05d-%x-%c-%%", "id", 42, 48879, 'Z');
    printf("snprintf %d '%s'\n", n, buffer);
    size_t small = 10;
    n = snprintf(buffer, small, "truncated %s", "string that is long");
    printf("snprintf truncated %d '%s'\n", n, buffer);
    n = snprintf(NULL, 0, "%d %s %.3f", 12345, "measure", 1.5);
    printf("snprintf measure %d\n", n);
    printf("widths: [%8s] [%-8s] [%.3s] [%*d] [%-*d] [%+d] [% d] [%#o] [%#x] [%llu]\n", "right", "left", "precision",
           6, 42, 6, 42, 7, 7, 8, 255, (unsigned long long)UINT64_MAX);

    const char *text = "the quick brown fox jumps over the lazy dog";
    printf("strchr '%s'\n", strchr(text, 'q'));
    printf("strrchr '%s'\n", strrchr(text, 'o'));
    printf("strstr '%s'\n", strstr(text, "fox"));
    printf("strstr missing %d\n", strstr(text, "cat") == NULL);
    printf("strspn %zu strcspn %zu\n", strspn(text, "the "), strcspn(text, "xyz"));
    printf("memchr offset %d\n", (int)((const char *)memchr(text, 'z', strlen(text)) - text));
    printf("memcmp %d %d\n", sign(memcmp("abcd", "abce", 4)), sign(memcmp("abcd", "abce", 3)));

    char upper[64];
    size_t len = strlen(text);
    for (size_t i = 0; i <= len; i++) upper[i] = (char)toupper((unsigned char)text[i]);
    printf("upper '%s'\n", upper);
    int alpha = 0, space = 0, digit = 0, punct = 0;
    const char *mixed = "Hello, World! 123 tabs\tand\nnewlines.";
    for (const char *p = mixed; *p; p++) {
        alpha += isalpha((unsigned char)*p) != 0;
        space += isspace((unsigned char)*p) != 0;
        digit += isdigit((unsigned char)*p) != 0;
        punct += ispunct((unsigned char)*p) != 0;
    }
    printf("classes alpha=%d space=%d digit=%d punct=%d\n", alpha, space, digit, punct);

    char digits[80];
    printf("bases: %s %s %s %s\n", to_base(255, 2, digits), to_base(255, 16, buffer), to_base(123456789, 36, upper),
           to_base(UINT64_MAX, 10, digits + 40));

    char report[512] = "";
    size_t used = 0;
    const char *items[] = {"apples", "bread", "cheese", "dates"};
    int quantities[] = {3, 1, 12, 250};
    for (int i = 0; i < 4; i++)
        used += (size_t)snprintf(report + used, sizeof report - used, "%s,%d,%.2f\n", items[i], quantities[i],
                                 quantities[i] * 0.75);
    printf("report (%zu bytes):\n%s", used, report);

    char joined[128] = "";
    for (int i = 0; i < 4; i++) {
        if (i) strcat(joined, " + ");
        strncat(joined, items[i], 4);
    }
    printf("joined '%s' (%zu)\n", joined, strlen(joined));
    char *copy = strdup(joined);
    reverse(copy);
    printf("reversed '%s'\n", copy);
    free(copy);
    return 0;
}
