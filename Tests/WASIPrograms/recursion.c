// recursion: Fibonacci, Ackermann, Towers of Hanoi, mutual recursion, permutations, N-queens,
// a recursive-descent expression parser.
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static uint32_t fib(uint32_t n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

static uint32_t ackermann(uint32_t m, uint32_t n) {
    if (m == 0) return n + 1;
    if (n == 0) return ackermann(m - 1, 1);
    return ackermann(m - 1, ackermann(m, n - 1));
}

static uint32_t hanoi_moves;
static void hanoi(int n, char from, char to, char via, int print) {
    if (n == 0) return;
    hanoi(n - 1, from, via, to, print);
    hanoi_moves++;
    if (print) printf("  disk %d: %c -> %c\n", n, from, to);
    hanoi(n - 1, via, to, from, print);
}

static int is_odd(unsigned n);
static int is_even(unsigned n) { return n == 0 ? 1 : is_odd(n - 1); }
static int is_odd(unsigned n) { return n == 0 ? 0 : is_even(n - 1); }

static int permutation_count;
static void permute(char *s, int k, int n) {
    if (k == n) {
        if (permutation_count < 8) printf("  %s\n", s);
        permutation_count++;
        return;
    }
    for (int i = k; i < n; i++) {
        char t = s[k]; s[k] = s[i]; s[i] = t;
        permute(s, k + 1, n);
        t = s[k]; s[k] = s[i]; s[i] = t;
    }
}

static int queens(int row, int n, uint32_t cols, uint32_t d1, uint32_t d2) {
    if (row == n) return 1;
    int total = 0;
    for (int c = 0; c < n; c++) {
        uint32_t a = 1u << c, b = 1u << (row + c), d = 1u << (row - c + n - 1);
        if ((cols & a) || (d1 & b) || (d2 & d)) continue;
        total += queens(row + 1, n, cols | a, d1 | b, d2 | d);
    }
    return total;
}

// expr := term (('+'|'-') term)* ; term := factor (('*'|'/'|'%') factor)* ; factor := num | '(' expr ')' | '-' factor
static const char *cursor;
static int64_t parse_expr(void);
static int64_t parse_factor(void) {
    while (*cursor == ' ') cursor++;
    if (*cursor == '(') {
        cursor++;
        int64_t v = parse_expr();
        while (*cursor == ' ') cursor++;
        if (*cursor == ')') cursor++;
        return v;
    }
    if (*cursor == '-') {
        cursor++;
        return -parse_factor();
    }
    int64_t v = 0;
    while (*cursor >= '0' && *cursor <= '9') v = v * 10 + (*cursor++ - '0');
    return v;
}
static int64_t parse_term(void) {
    int64_t v = parse_factor();
    for (;;) {
        while (*cursor == ' ') cursor++;
        char op = *cursor;
        if (op != '*' && op != '/' && op != '%') return v;
        cursor++;
        int64_t r = parse_factor();
        if (op == '*') v *= r;
        else if (r == 0) v = 0;
        else if (op == '/') v /= r;
        else v %= r;
    }
}
static int64_t parse_expr(void) {
    int64_t v = parse_term();
    for (;;) {
        while (*cursor == ' ') cursor++;
        char op = *cursor;
        if (op != '+' && op != '-') return v;
        cursor++;
        int64_t r = parse_term();
        v = op == '+' ? v + r : v - r;
    }
}

static uint64_t depth_sum(uint32_t n) {
    // Deep but bounded recursion that is not a tail call.
    if (n == 0) return 0;
    uint64_t below = depth_sum(n - 1);
    return below * 3 % 1000000007u + n;
}

int main(void) {
    for (uint32_t i = 0; i <= 30; i += 5) printf("fib(%u) = %u\n", i, fib(i));
    printf("fib(32) = %u\n", fib(32));
    for (uint32_t m = 0; m <= 3; m++)
        for (uint32_t n = 0; n <= 4; n++) printf("A(%u,%u)=%u%s", m, n, ackermann(m, n), n == 4 ? "\n" : " ");
    printf("A(3,8) = %u\n", ackermann(3, 8));

    printf("hanoi 3:\n");
    hanoi(3, 'A', 'C', 'B', 1);
    hanoi_moves = 0;
    hanoi(20, 'A', 'C', 'B', 0);
    printf("hanoi 20 moves: %u\n", hanoi_moves);

    printf("is_even(10001)=%d is_odd(7777)=%d\n", is_even(10001), is_odd(7777));

    char word[] = "abcde";
    permute(word, 0, (int)strlen(word));
    printf("permutations: %d\n", permutation_count);

    for (int n = 4; n <= 10; n++) printf("queens(%d) = %d\n", n, queens(0, n, 0, 0, 0));

    const char *exprs[] = {"1 + 2 * 3", "(1 + 2) * 3", "-(4 - 10) * (7 % 4) / 2", "2*(3*(4*(5*(6+1))))",
                           "100 - 99 - 1 + 1000000 * 1000000"};
    for (unsigned i = 0; i < sizeof exprs / sizeof exprs[0]; i++) {
        cursor = exprs[i];
        printf("%s = %lld\n", exprs[i], (long long)parse_expr());
    }
    printf("depth_sum(5000) = %llu\n", (unsigned long long)depth_sum(5000));
    return 0;
}
