import Lowering
import WAT
import XCTest

/// Exception handling and tail calls: the C each construct becomes, validation, and small
/// programs run against the runtime.
final class ExceptionLoweringTests: XCTestCase {
    // MARK: Emitted C

    func testThrowCaughtInTheSameFunctionIsAGotoWithoutSetjmp() throws {
        let c = try lowerWAT("""
            (module (tag $e (param i32))
              (func (param i32) (result i32)
                (block $h (result i32)
                  (try_table (catch $e $h) (throw $e (local.get 0)))
                  (i32.const 0))))
            """)
        XCTAssertEqual(c.function(0), """
            /* "func0" */
            uint32_t w_f0(bsrt_instance *self, uint32_t l0) {
              static const char FN[] = "func0";
              w_instance *inst = (w_instance *)self;
              (void)inst;
              (void)FN;
              (void)l0;
              __attribute__((unused)) uint32_t si0 = 0;
              __attribute__((unused)) bsrt_exn *x0 = 0;
              si0 = l0;
              { bsrt_exn *e = bsrt_exn_new(inst->tags[0], 1u, FN); e->values[0].i32 = si0;
              x0 = e;
              goto L2_catch;
              }
            L2_catch:;
              if (x0->tag == inst->tags[0]) {
              si0 = x0->values[0].i32;
              bsrt_exn_release(x0);
              goto L1;
              }
              bsrt_throw(x0);
            L1:;
              return si0;
            }

            """)
        XCTAssertTrue(c.file("w.h").contains("#include \"bsrt_eh.h\""))
    }

    func testARegionWhoseBodyCallsTakesASetjmpAndPopsOnEveryExit() throws {
        let c = try lowerWAT("""
            (module (tag $e) (func $g)
              (func (param i32) (result i32) (local i32)
                (block $h
                  (try_table (catch_all $h)
                    (local.set 1 (i32.const 2))
                    (call $g)
                    (br_if $h (local.get 0))
                    (if (local.get 0) (then (return (i32.const 9)))))
                  (return (local.get 1)))
                (local.get 1)))
            """)
        let body = c.function(1)
        XCTAssertTrue(body.contains("""
              eh0.prev = bsrt_eh_top;
              if (BSRT_SETJMP(eh0.env) != 0) { x0 = bsrt_eh_landed; goto L2_catch; }
              bsrt_eh_top = &eh0;
            """), body)
        // The local assigned in the body lives across the setjmp; the others do not.
        XCTAssertTrue(body.contains("__attribute__((unused)) volatile uint32_t l1 = 0;"), body)
        XCTAssertTrue(body.contains("uint32_t w_f1(bsrt_instance *self, uint32_t l0) {"), body)
        // br_if out of the region, return from it, and falling out of it all pop the handler.
        XCTAssertTrue(body.contains("if (si0) {\n  bsrt_eh_top = eh0.prev;\n  goto L1;\n  }"), body)
        XCTAssertTrue(body.contains("bsrt_eh_top = eh0.prev;\n  return si0;"), body)
        XCTAssertTrue(body.contains("  bsrt_eh_top = eh0.prev;\n  goto L2;\nL2_catch:;"), body)
        XCTAssertTrue(body.contains("L2_catch:;\n  bsrt_exn_release(x0);\n  goto L1;"), body)
    }

    func testAModuleWithoutHandlersGetsNoExceptionCode() throws {
        let c = try lowerWAT("""
            (module (func $g (param i32) (result i32) (local.get 0))
              (func (param i32) (result i32) (local i32)
                (local.set 1 (call $g (local.get 0))) (local.get 1)))
            """)
        for file in c.files { XCTAssertFalse(file.contents.contains("bsrt_eh"), file.name) }
        XCTAssertFalse(c.function(1).contains("volatile"))
    }

    func testCatchRefCopiesTheExceptionAndThrowRefMakesItAgain() throws {
        let c = try lowerWAT("""
            (module (tag $e) (func $g)
              (func
                (block $h (result exnref)
                  (try_table (catch_ref $e $h) (call $g))
                  (return))
                (throw_ref)))
            """)
        let body = c.function(1)
        // An exnref is a value (bsrt_exnref): the exception itself is freed at once.
        XCTAssertTrue(body.contains("sx0 = bsrt_exnref_of(x0);\n  bsrt_exn_release(x0);\n  goto L1;"), body)
        XCTAssertTrue(body.contains("__attribute__((unused)) bsrt_exnref sx0 = BSRT_EXNREF_NULL;"), body)
        XCTAssertTrue(body.contains("{ bsrt_exn *e = bsrt_exn_from_ref(sx0, FN);\n  bsrt_throw(e);\n  }"), body)
    }

    func testAnUnmatchedExceptionGoesToTheEnclosingRegionOfTheFunction() throws {
        let c = try lowerWAT("""
            (module (tag $a) (tag $b) (func $g)
              (func (result i32)
                (block $outer
                  (try_table (catch $a $outer)
                    (block $inner
                      (try_table (catch $b $inner) (call $g)))
                    (call $g))
                  (return (i32.const 1)))
                (i32.const 2)))
            """)
        let body = c.function(1)
        // The inner dispatch passes the exception on with a goto, popping the outer handler as a
        // landing would.
        XCTAssertTrue(body.contains("""
              bsrt_eh_top = eh0.prev;
              x0 = x1;
              goto L2_catch;
            """), body)
    }

    func testATailCallLeavesTheRegionsFirst() throws {
        let c = try lowerWAT("""
            (module (tag $e) (func $g) (func $h (result i32) (i32.const 1))
              (func (result i32)
                (block $b
                  (try_table (catch_all $b) (call $g) (return_call $h)))
                (i32.const 0)))
            """)
        let body = c.function(2)
        XCTAssertTrue(body.contains("  bsrt_eh_top = eh0.prev;\n  BSRT_MUSTTAIL return w_f1(self);"), body)
    }

    func testTagsAreInstanceFieldsExportedAndImportedByAddress() throws {
        let c = try lowerWAT("""
            (module (import "m" "t" (tag $imported (param f64))) (tag $mine (export "mine") (param i32 i64)))
            """)
        let unit = c.file("w.c")
        XCTAssertTrue(c.file("w.h").contains("const bsrt_tag *tags[2];\n  bsrt_tag tag_storage[1];"))
        XCTAssertTrue(unit.contains(#"{ "m", "t", BSRT_EXTERN_TAG, "F:", 0, 0, false },"#), unit)
        XCTAssertTrue(unit.contains("inst->tags[0] = imports[0].as.tag;"), unit)
        XCTAssertTrue(unit.contains(#"inst->tag_storage[0] = (bsrt_tag){ inst->type_ids[1], 2u, "mine" };"#), unit)
        XCTAssertTrue(unit.contains("e.kind = BSRT_EXTERN_TAG; e.as.tag = inst->tags[1];"), unit)
    }

    func testFeaturesInCode() throws {
        let c = try lowerWAT("""
            (module (tag $e) (func $f (try_table (catch_all 0) (throw $e))) (func (return_call $f)))
            """)
        XCTAssertEqual(c.instructionFeatures, ["exception-handling", "tail calls"])
    }

    // MARK: Validation

    func testValidation() throws {
        assertInvalidBody([0x08, 0x00, 0x0b], "unknown tag 0")  // throw 0, with no tags
        try assertInvalidInstruction("(module (tag (param i32)) (func (i64.const 5) (throw 0)))", "type mismatch",
                                     opcode: 0x08, function: "func0")
        try assertInvalidInstruction("(module (func (throw_ref)))", "type mismatch", opcode: 0x0a, function: "func0")
        // A catch clause's label must take exactly what the clause delivers.
        try assertInvalidInstruction("(module (tag) (func (try_table (catch_ref 0 0))))", "type mismatch",
                                     opcode: 0x1f, function: "func0")
        try assertInvalidInstruction("(module (func (result exnref) (try_table (catch_all 0)) (unreachable)))",
                                     "type mismatch", opcode: 0x1f, function: "func0")
        try assertInvalidInstruction("(module (func (try_table (catch_all 1))))", "unknown label", opcode: 0x1f, function: "func0")
        try assertInvalidInstruction("(module (func $f (result i32) (return_call $f)) (func (return_call $f)))",
                                     "type mismatch", opcode: 0x12, function: "func1")
        let tagWithResult = try wat2wasm("(module (type (func (result i32))) (tag (type 0)))", features: .all)
        guard case .invalid(let reason, _, _) = loweringError(tagWithResult) else { return XCTFail("accepted") }
        XCTAssertEqual(reason, "non-empty tag result type")
    }
}
