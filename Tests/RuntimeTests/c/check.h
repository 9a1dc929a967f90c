/*
 * check.h: the few assertion helpers the runtime tests share. A test program runs every check,
 * prints each failure with its line, and exits non-zero if any failed (run.sh reports it).
 */
#ifndef BSRT_TEST_CHECK_H
#define BSRT_TEST_CHECK_H

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "bsrt.h"

static int check_failures;
static int check_count;

#define CHECK(cond)                                                                     \
    do {                                                                                \
        check_count++;                                                                  \
        if (!(cond)) {                                                                  \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);    \
            check_failures++;                                                           \
        }                                                                               \
    } while (0)

#define CHECK_EQ(actual, expected)                                                      \
    do {                                                                                \
        uint64_t check_a_ = (uint64_t)(actual), check_e_ = (uint64_t)(expected);        \
        check_count++;                                                                  \
        if (check_a_ != check_e_) {                                                     \
            fprintf(stderr, "%s:%d: %s is 0x%" PRIx64 ", expected 0x%" PRIx64 "\n",     \
                    __FILE__, __LINE__, #actual, check_a_, check_e_);                   \
            check_failures++;                                                           \
        }                                                                               \
    } while (0)

#define CHECK_STR(actual, expected)                                                     \
    do {                                                                                \
        const char *check_a_ = (actual), *check_e_ = (expected);                        \
        check_count++;                                                                  \
        if (check_a_ == NULL || strcmp(check_a_, check_e_) != 0) {                      \
            fprintf(stderr, "%s:%d: %s is \"%s\", expected \"%s\"\n", __FILE__,         \
                    __LINE__, #actual, check_a_ ? check_a_ : "(null)", check_e_);       \
            check_failures++;                                                           \
        }                                                                               \
    } while (0)

/* Runs body(arg) guarded and checks the trap code and, if `function` is non-NULL, the name. */
#define CHECK_TRAP(body, arg, code, function)                                           \
    do {                                                                                \
        bsrt_trap_code check_t_ = bsrt_call_guarded((body), (arg));                     \
        CHECK_EQ(check_t_, (code));                                                     \
        if ((function) != NULL && check_t_ != BSRT_TRAP_NONE)                           \
            CHECK_STR(bsrt_last_trap_function(), (const char *)(function));             \
    } while (0)

static inline int check_finish(const char *test) {
    if (check_failures) fprintf(stderr, "%s: %d of %d checks failed\n", test, check_failures, check_count);
    else printf("%s: %d checks\n", test, check_count);
    return check_failures ? 1 : 0;
}

#endif /* BSRT_TEST_CHECK_H */
