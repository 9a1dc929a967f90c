import Lowering
import XCTest

/// The threads proposal: emitted C for atomics and wait/notify, validation of their memargs,
/// per-thread globals in a module with a shared memory, and single-threaded execution (the
/// multi-threaded programs are in WASITests).
final class AtomicLoweringTests: XCTestCase {
    private let callMacro = """
        typedef uint32_t (*i_i)(bsrt_instance *, uint32_t);
        typedef uint32_t (*ii_i)(bsrt_instance *, uint32_t, uint32_t);
        typedef uint32_t (*iii_i)(bsrt_instance *, uint32_t, uint32_t, uint32_t);
        typedef uint32_t (*iiI_i)(bsrt_instance *, uint32_t, uint32_t, uint64_t);
        typedef uint64_t (*iI_I)(bsrt_instance *, uint32_t, uint64_t);
        #define CALL(type, name, ...) ((type)F(name)->code)(F(name)->instance, __VA_ARGS__)
        """

    func testAtomicInstructionsUseTheSequentiallyConsistentHelpers() throws {
        let c = try lowerWAT("""
            (module (memory 1 1 shared)
              (func (param i32 i64) (result i64)
                (drop (i32.atomic.load8_u offset=3 (local.get 0)))
                (i64.atomic.store32 (local.get 0) (local.get 1))
                (atomic.fence)
                (drop (i32.atomic.rmw16.cmpxchg_u (local.get 0) (i32.const 1) (i32.const 2)))
                (drop (memory.atomic.notify (local.get 0) (i32.const 1)))
                (drop (memory.atomic.wait64 (local.get 0) (local.get 1) (i64.const -1)))
                (i64.atomic.rmw.xor (local.get 0) (local.get 1))))
            """).function(0)
        assertContainsInOrder(c, [
            "si0 = (uint32_t)bsrt_atomic_load_u8(mem0, inst->memories[0], (uint64_t)si0 + 3u, FN);",
            "bsrt_atomic_store_u32(mem0, inst->memories[0], (uint64_t)si0 + 0u, sj1, FN);",
            "bsrt_atomic_fence();",
            "si0 = (uint32_t)bsrt_atomic_cmpxchg_u16(mem0, inst->memories[0], (uint64_t)si0 + 0u, si1, si2, FN);",
            "si0 = bsrt_memory_atomic_notify(inst->memories[0], (uint64_t)si0 + 0u, si1, FN);",
            "si0 = bsrt_memory_atomic_wait64(inst->memories[0], (uint64_t)si0 + 0u, sj1, (int64_t)sj2, FN);",
            "sj0 = (uint64_t)bsrt_atomic_xor_u64(mem0, inst->memories[0], (uint64_t)si0 + 0u, sj1, FN);",
        ])
    }

    func testAtomicsNeedExactlyNaturalAlignment() {
        XCTAssertThrowsError(try lowerWAT("(module (memory 1) (func (drop (i32.atomic.load align=2 (i32.const 0)))))")) {
            XCTAssertTrue("\($0)".contains("atomic alignment must be natural"), "\($0)")
        }
        XCTAssertThrowsError(try lowerWAT("(module (memory 1) (func (drop (i32.atomic.load align=8 (i32.const 0)))))")) {
            XCTAssertTrue("\($0)".contains("alignment must not be larger than natural"), "\($0)")
        }
        XCTAssertThrowsError(try lowerWAT("(module (func (atomic.fence) (drop (i32.atomic.load (i32.const 0)))))")) {
            XCTAssertTrue("\($0)".contains("unknown memory"), "\($0)")
        }
        XCTAssertThrowsError(try lowerWAT("(module (memory 1 shared))")) {
            XCTAssertTrue("\($0)".contains("shared memory must have maximum"), "\($0)")
        }
    }

    func testMutableGlobalsOfAThreadedModuleArePerThread() throws {
        let c = try lowerWAT("""
            (module (memory 1 1 shared)
              (global $sp (mut i32) (i32.const 1024)) (global $k i32 (i32.const 7))
              (func (export "f") (result i32) (global.set $sp (i32.const 5)) (i32.add (global.get $sp) (global.get $k))))
            """)
        XCTAssertTrue(c.file("w.h").contains("typedef struct w_thread {\n  uint32_t g0;\n  bsrt_global gx0;\n} w_thread;"), c.file("w.h"))
        assertContainsInOrder(c.function(0), [
            "w_thread *tls = (w_thread *)bsrt_thread_globals(self);", "tls->g0 = si0;", "si0 = tls->g0;", "si1 = inst->g1;",
        ])
        assertContainsInOrder(c.file("w.c"), [
            "static void w_init_thread(bsrt_instance *self, void *block) {", "tls->g0 = 0x400u;",
            "inst->g1 = 0x7u;", "if (bsrt_thread_attach(self) != 0)", "sizeof(w_thread), w_init_thread",
        ])
        // Without a shared memory, globals stay in the instance.
        XCTAssertFalse(try lowerWAT("(module (memory 1) (global (mut i32) (i32.const 0)))").file("w.h").contains("w_thread"))
    }

    func testAtomicsRunSingleThreaded() throws {
        let module = try lowerWAT("""
            (module (memory 1 1 shared)
              (global $g (mut i32) (i32.const 40))
              (func (export "add") (param i32 i32) (result i32) (i32.atomic.rmw.add (local.get 0) (local.get 1)))
              (func (export "load") (param i32) (result i32) (i32.atomic.load (local.get 0)))
              (func (export "cas8") (param i32 i32 i32) (result i32) (i32.atomic.rmw8.cmpxchg_u (local.get 0) (local.get 1) (local.get 2)))
              (func (export "xchg64") (param i32 i64) (result i64) (i64.atomic.rmw.xchg (local.get 0) (local.get 1)))
              (func (export "wait32") (param i32 i32 i64) (result i32) (memory.atomic.wait32 (local.get 0) (local.get 1) (local.get 2)))
              (func (export "notify") (param i32 i32) (result i32) (memory.atomic.notify (local.get 0) (local.get 1)))
              (func (export "global") (param i32) (result i32) (global.set $g (i32.add (global.get $g) (local.get 0))) (global.get $g)))
            """)
        // One call per line: C leaves the order of argument evaluation open.
        let calls = [
            #"printf("%u\n", CALL(ii_i, "add", 8, 5))"#, #"printf("%u\n", CALL(ii_i, "add", 8, 1))"#,
            #"printf("%u\n", CALL(i_i, "load", 8))"#,
            // The expected value is wrapped to 8 bits too: 0x106 matches 6.
            #"printf("%u\n", CALL(iii_i, "cas8", 8, 0x106, 9))"#, #"printf("%u\n", CALL(iii_i, "cas8", 8, 6, 7))"#,
            #"printf("%u\n", CALL(i_i, "load", 8))"#,
            #"printf("%#" PRIx64 "\n", CALL(iI_I, "xchg64", 16, 0x1122334455667788ull))"#,
            #"printf("%#" PRIx64 "\n", CALL(iI_I, "xchg64", 16, 0))"#,
            #"printf("%u\n", CALL(iiI_i, "wait32", 8, 1, 0))"#, #"printf("%u\n", CALL(iiI_i, "wait32", 8, 9, 1000000))"#,
            #"printf("%u\n", CALL(ii_i, "notify", 8, 5))"#,
            #"printf("%u\n", CALL(i_i, "global", 2))"#, #"printf("%u\n", CALL(i_i, "global", 0))"#,
            #"printf("%u\n", CALL(i_i, "load", 2))"#,
            #"printf("%u\n", CALL(i_i, "load", 65536))"#,
            #"printf("%u\n", CALL(i_i, "load", 65533))"#,
        ]
        let result = try NativeBuild.buildAndRun(module, driver: NativeBuild.driver(declarations: callMacro, calls: calls), name: "atomics")
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, """
            0
            5
            6
            6
            9
            9
            0
            0x1122334455667788
            1
            2
            0
            42
            42
            trap: unaligned atomic
            trap: out of bounds memory access
            trap: out of bounds memory access

            """)
    }

    func testWaitOnAnUnsharedMemoryTraps() throws {
        let module = try lowerWAT("""
            (module (memory 1)
              (func (export "wait32") (param i32 i32 i64) (result i32) (memory.atomic.wait32 (local.get 0) (local.get 1) (local.get 2)))
              (func (export "notify") (param i32 i32) (result i32) (memory.atomic.notify (local.get 0) (local.get 1))))
            """)
        let calls = [
            #"printf("%u\n", CALL(ii_i, "notify", 0, 1))"#,
            #"printf("%u\n", CALL(iiI_i, "wait32", 0, 0, 0))"#,
        ]
        let result = try NativeBuild.buildAndRun(module, driver: NativeBuild.driver(declarations: callMacro, calls: calls), name: "unshared_wait")
        XCTAssertEqual(result.stdout, "0\ntrap: expected shared memory\n", result.stderr)
    }
}
