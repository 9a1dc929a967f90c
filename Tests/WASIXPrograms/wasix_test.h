/*
 * wasix_test.h: what the WASIX test programs share. Each program declares the WASIX imports it
 * calls with WASIX_IMPORT (wasix-libc is not used: Zig's wasi-libc is, so the calls are made
 * directly, with the exact signatures of abi/wasix.md §3), and reports with CHECK/CHECK_EQ:
 * every check prints `ok <what>` or `FAIL <what>: ...`, and the program's exit status is the
 * number of failures. Built with `python3 -m ziglang cc --target=wasm32-wasi -O2 prog.c`.
 */
#ifndef WASIX_TEST_H
#define WASIX_TEST_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WASIX_IMPORT(name) __attribute__((import_module("wasix_32v1"), import_name(#name)))

static int wasix_failures;

#define CHECK(cond, what)                                                                         \
    do {                                                                                          \
        if (cond) printf("ok %s\n", what);                                                        \
        else {                                                                                    \
            printf("FAIL %s: %s (line %d)\n", what, #cond, __LINE__);                             \
            wasix_failures++;                                                                     \
        }                                                                                         \
        fflush(stdout);                                                                           \
    } while (0)

#define CHECK_EQ(actual, expected, what)                                                          \
    do {                                                                                          \
        long long a_ = (long long)(actual), e_ = (long long)(expected);                           \
        if (a_ == e_) printf("ok %s\n", what);                                                    \
        else {                                                                                    \
            printf("FAIL %s: %s is %lld, expected %lld (line %d)\n", what, #actual, a_, e_, __LINE__); \
            wasix_failures++;                                                                     \
        }                                                                                         \
        fflush(stdout);                                                                           \
    } while (0)

/* WASIX errno values used by the tests (abi/wasi-preview1.md §5.1, abi/wasix.md §5.1). */
enum {
    WX_SUCCESS = 0, WX_ACCES = 2, WX_AGAIN = 6, WX_BADF = 8, WX_CHILD = 12, WX_EXIST = 20,
    WX_FAULT = 21, WX_INTR = 27, WX_INVAL = 28, WX_NOENT = 44, WX_NOSYS = 52, WX_NOTSUP = 58,
    WX_PERM = 63, WX_RANGE = 68, WX_NOTCAPABLE = 76,
};

#endif
