/*
 * eh_test.c: the exception runtime as generated code uses it: handlers pushed and popped by
 * hand around setjmp, delivery to the innermost one, guards hiding the caller's handlers, the
 * uncaught case, traps skipping handlers, tag import matching, exnref values, and exceptions
 * freed.
 * bsrt-test: signals
 */
#include <stdint.h>

#include "bsrt_eh.h"
#include "bsrt_ops.h"
#include "check.h"

static bsrt_tag tag_a = {0, 1, "a"}, tag_b = {0, 0, "b"};

static void throw_a(void *arg) {
    bsrt_exn *e = bsrt_exn_new(&tag_a, 1, "throw_a");
    e->values[0].i32 = (uint32_t)(uintptr_t)arg;
    bsrt_throw(e);
}

/* A handler region around throw_a, as generated code writes it: returns the payload + 1000. */
static void catch_a(void *arg) {
    bsrt_handler h;
    uint32_t *result = arg;
    h.prev = bsrt_eh_top;
    if (BSRT_SETJMP(h.env) != 0) {
        bsrt_exn *x = bsrt_eh_landed;
        CHECK(bsrt_eh_top == h.prev); /* the runtime popped it */
        if (x->tag == &tag_a) {
            *result = x->values[0].i32 + 1000;
            bsrt_exn_release(x);
            return;
        }
        bsrt_throw(x);
    }
    bsrt_eh_top = &h;
    throw_a((void *)(uintptr_t)*result);
}

static void test_delivery(void) {
    uint32_t value = 7;
    CHECK_TRAP(catch_a, &value, BSRT_TRAP_NONE, NULL);
    CHECK_EQ(value, 1007);
    CHECK(bsrt_eh_top == NULL);
    CHECK_EQ(bsrt_exn_live_count(), 0);
}

static void test_uncaught(void) {
    CHECK_TRAP(throw_a, (void *)(uintptr_t)3, BSRT_TRAP_UNCAUGHT_EXCEPTION, "throw_a");
    CHECK_STR(bsrt_last_trap_reason(), "uncaught exception a");
    CHECK_STR(bsrt_last_trap_detail(), "a");
    CHECK_EQ(bsrt_exn_live_count(), 0);
}

/* A guard inside a handler region: the exception does not reach the outer handler. */
static int outer_landed;
static void guarded_throw(void *arg) {
    (void)arg;
    bsrt_handler h;
    h.prev = bsrt_eh_top;
    if (BSRT_SETJMP(h.env) != 0) {
        outer_landed = 1;
        bsrt_exn_release(bsrt_eh_landed);
        return;
    }
    bsrt_eh_top = &h;
    CHECK_EQ(bsrt_call_guarded(throw_a, NULL), BSRT_TRAP_UNCAUGHT_EXCEPTION);
    CHECK(bsrt_eh_top == &h); /* put back after the inner guarded call */
    bsrt_eh_top = h.prev;
}

static void test_guard_boundary(void) {
    CHECK_TRAP(guarded_throw, NULL, BSRT_TRAP_NONE, NULL);
    CHECK_EQ(outer_landed, 0);
}

/* A trap inside a region unwinds past it; the chain is the caller's again afterwards. */
static void trap_in_region(void *arg) {
    (void)arg;
    bsrt_handler h;
    h.prev = bsrt_eh_top;
    if (BSRT_SETJMP(h.env) != 0) {
        CHECK(0); /* a trap is never delivered to a handler */
        return;
    }
    bsrt_eh_top = &h;
    bsrt_trap(BSRT_TRAP_UNREACHABLE, "trap_in_region");
}

static void test_trap_skips_handlers(void) {
    bsrt_handler outside;
    bsrt_eh_top = &outside;
    CHECK_TRAP(trap_in_region, NULL, BSRT_TRAP_UNREACHABLE, "trap_in_region");
    CHECK(bsrt_eh_top == &outside);
    bsrt_eh_top = NULL;
}

static void test_holds(void) {
    uint64_t before = bsrt_exn_live_count();
    bsrt_exn *e = bsrt_exn_new(&tag_b, 0, "f");
    bsrt_exn_retain(e); /* a legacy clause holds it and rethrows */
    bsrt_exn_release(e);
    CHECK_EQ(bsrt_exn_live_count(), before + 1);
    bsrt_exn_release(e);
    CHECK_EQ(bsrt_exn_live_count(), before);
}

/* An exnref is a copy: the exception goes, the value stays, throw_ref makes a new one. */
static void test_exnref_values(void) {
    static bsrt_tag one = {0, 1, "one"}, three = {0, 3, "three"};
    uint64_t before = bsrt_exn_live_count();
    bsrt_exn *e = bsrt_exn_new(&one, 1, "f");
    e->values[0].i32 = 77;
    bsrt_exnref ref = bsrt_exnref_of(e);
    bsrt_exn_release(e);
    CHECK_EQ(bsrt_exn_live_count(), before);
    CHECK(ref.tag == &one && ref.value.i32 == 77);
    bsrt_exn *again = bsrt_exn_from_ref(ref, "g");
    CHECK(again->tag == &one && again->count == 1 && again->values[0].i32 == 77);
    CHECK_STR(again->function, "g");
    bsrt_exn_release(again);
    bsrt_exn *wide = bsrt_exn_new(&three, 3, "f");
    for (uint32_t i = 0; i < 3; i++) wide->values[i].i64 = 100 + i;
    bsrt_exnref spilled = bsrt_exnref_of(wide);
    bsrt_exn_release(wide);
    bsrt_exn *back = bsrt_exn_from_ref(spilled, "g");
    CHECK(back->count == 3 && back->values[0].i64 == 100 && back->values[2].i64 == 102);
    bsrt_exn_release(back);
    CHECK_EQ(bsrt_exn_live_count(), before);
    CHECK_EQ(sizeof(bsrt_exnref), 16);
}

static void throw_null(void *arg) {
    (void)arg;
    bsrt_throw(bsrt_exn_from_ref(BSRT_EXNREF_NULL, "throw_null"));
}

static void test_throw_ref_null(void) { CHECK_TRAP(throw_null, NULL, BSRT_TRAP_NULL_EXCEPTION, "throw_null"); }

static void test_tag_imports(void) {
    bsrt_tag t = {bsrt_type_id("iF:"), 2, "t"};
    bsrt_extern value = {.kind = BSRT_EXTERN_TAG, .as.tag = &t};
    bsrt_import_desc want = {"m", "t", BSRT_EXTERN_TAG, "iF:", 0, 0, false};
    CHECK(bsrt_link_check(&want, &value) == NULL);
    want.signature = "i:";
    CHECK_STR(bsrt_link_check(&want, &value), "incompatible import type");
    bsrt_import_desc want_func = {"m", "t", BSRT_EXTERN_FUNC, "iF:", 0, 0, false};
    CHECK(bsrt_link_check(&want_func, &value) != NULL);
}

int main(void) {
    test_delivery();
    test_uncaught();
    test_guard_boundary();
    test_trap_skips_handlers();
    test_holds();
    test_exnref_values();
    test_throw_ref_null();
    test_tag_imports();
    return check_finish("eh_test");
}
