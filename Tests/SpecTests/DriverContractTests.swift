import Foundation
import Lowering
import Testing

/// The C driver against the runtime, with modules written by hand to bsrt.h instead of by the
/// translator: checks the harness alone (linking, registering, calls, traps, crashes).
@Suite struct DriverContractTests {
    /// Module `m0`: exports add (ii:i), div (ii:i, traps on zero), pair (:iI), crash (:, aborts)
    /// and the immutable global g = 42.
    static let m0 = #"""
        #include <stdlib.h>
        #include "bsrt.h"
        #ifndef BSRT_RESULTS_iI
        #define BSRT_RESULTS_iI
        struct bsrt_results_iI { uint32_t r0; uint64_t r1; };
        #endif
        typedef struct m0_instance {
            bsrt_instance base;
            bsrt_func funcs[4];
            uint32_t g;
            bsrt_global g_export;
        } m0_instance;
        static uint32_t m0_add(bsrt_instance *self, uint32_t a, uint32_t b) { (void)self; return a + b; }
        static uint32_t m0_div(bsrt_instance *self, uint32_t a, uint32_t b) {
            (void)self;
            if (b == 0) bsrt_trap(BSRT_TRAP_INT_DIV_BY_ZERO, "div");
            return a / b;
        }
        static struct bsrt_results_iI m0_pair(bsrt_instance *self) {
            (void)self;
            struct bsrt_results_iI r = {7, 0x100000000ull};
            return r;
        }
        static void m0_crash(bsrt_instance *self) { (void)self; abort(); }
        static const bsrt_export_desc m0_exports[] = {
            {"add", BSRT_EXTERN_FUNC}, {"div", BSRT_EXTERN_FUNC}, {"pair", BSRT_EXTERN_FUNC},
            {"crash", BSRT_EXTERN_FUNC}, {"g", BSRT_EXTERN_GLOBAL},
        };
        static void m0_instantiate(bsrt_instance *self, const bsrt_extern *imports) {
            (void)imports;
            m0_instance *m = (m0_instance *)self;
            void (*codes[4])(void) = {(void (*)(void))m0_add, (void (*)(void))m0_div, (void (*)(void))m0_pair,
                                      (void (*)(void))m0_crash};
            const char *types[4] = {"ii:i", "ii:i", ":iI", ":"};
            for (int i = 0; i < 4; i++) {
                m->funcs[i].code = codes[i];
                m->funcs[i].type_id = bsrt_type_id(types[i]);
                m->funcs[i].instance = self;
                m->funcs[i].name = m0_exports[i].name;
            }
            m->g = 42;
            m->g_export.value = &m->g;
            m->g_export.kind = 'i';
            m->g_export.is_mutable = false;
        }
        static bsrt_extern m0_get_export(bsrt_instance *self, uint32_t index) {
            m0_instance *m = (m0_instance *)self;
            bsrt_extern e;
            if (index < 4) {
                e.kind = BSRT_EXTERN_FUNC;
                e.as.func = &m->funcs[index];
            } else {
                e.kind = BSRT_EXTERN_GLOBAL;
                e.as.global = &m->g_export;
            }
            return e;
        }
        static void m0_release(bsrt_instance *self) { (void)self; }
        const bsrt_module m0_module = {
            "m0", sizeof(m0_instance), 0, NULL, 5, m0_exports, m0_instantiate, m0_get_export, m0_release, 0, NULL, NULL, 0, NULL, NULL, 0, NULL, NULL,
        };
        """#

    /// Module `m1`: imports M.add (ii:i) and spectest.global_i32; exports sum = add(global, 1).
    static let m1 = #"""
        #include "bsrt.h"
        typedef struct m1_instance {
            bsrt_instance base;
            const bsrt_func *add;
            const bsrt_global *g;
            bsrt_func sum;
        } m1_instance;
        static uint32_t m1_sum(bsrt_instance *self) {
            m1_instance *m = (m1_instance *)self;
            return ((uint32_t (*)(bsrt_instance *, uint32_t, uint32_t))m->add->code)(
                m->add->instance, *(const uint32_t *)m->g->value, 1);
        }
        static const bsrt_import_desc m1_imports[] = {
            {"M", "add", BSRT_EXTERN_FUNC, "ii:i", 0, 0, false},
            {"spectest", "global_i32", BSRT_EXTERN_GLOBAL, "i", 0, 0, false},
        };
        static const bsrt_export_desc m1_exports[] = {{"sum", BSRT_EXTERN_FUNC}};
        static void m1_instantiate(bsrt_instance *self, const bsrt_extern *imports) {
            m1_instance *m = (m1_instance *)self;
            m->add = imports[0].as.func;
            m->g = imports[1].as.global;
            m->sum.code = (void (*)(void))m1_sum;
            m->sum.type_id = bsrt_type_id(":i");
            m->sum.instance = self;
            m->sum.name = "sum";
        }
        static bsrt_extern m1_get_export(bsrt_instance *self, uint32_t index) {
            (void)index;
            bsrt_extern e;
            e.kind = BSRT_EXTERN_FUNC;
            e.as.func = &((m1_instance *)self)->sum;
            return e;
        }
        const bsrt_module m1_module = {
            "m1", sizeof(m1_instance), 2, m1_imports, 1, m1_exports, m1_instantiate, m1_get_export, NULL, 0, NULL, NULL, 0, NULL, NULL, 0, NULL, NULL,
        };
        """#

    /// Module `m2`: imports M.add with the wrong type (unlinkable).
    static let m2 = #"""
        #include "bsrt.h"
        static const bsrt_import_desc m2_imports[] = {{"M", "add", BSRT_EXTERN_FUNC, "i:i", 0, 0, false}};
        static void m2_instantiate(bsrt_instance *self, const bsrt_extern *imports) { (void)self; (void)imports; }
        static bsrt_extern m2_get_export(bsrt_instance *self, uint32_t index) {
            (void)self; (void)index;
            bsrt_extern e = {0};
            return e;
        }
        const bsrt_module m2_module = {
            "m2", sizeof(bsrt_instance), 1, m2_imports, 0, NULL, m2_instantiate, m2_get_export, NULL, 0, NULL, NULL, 0, NULL, NULL, 0, NULL, NULL,
        };
        """#

    @Test func handWrittenModulesThroughTheDriver() async throws {
        let work = NSTemporaryDirectory() + "/bs-aot-spec-contract-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: work) }
        let runner = try await ScriptRunner.prepare(workDirectory: work, optimization: "-O1", jobs: 2)

        var plan = ScriptPlan(file: "contract.wast")
        plan.units = [
            Unit(prefix: "m0", files: [CFile(name: "m0.c", contents: Self.m0)], line: 1),
            Unit(prefix: "m1", files: [CFile(name: "m1.c", contents: Self.m1)], line: 2),
            Unit(prefix: "m2", files: [CFile(name: "m2.c", contents: Self.m2)], line: 3),
            Unit(prefix: "m3", files: [CFile(name: "m3.c", contents: "this is not C")], line: 4),
        ]
        plan.signatures = [
            Signature(parameters: [.i32, .i32], results: [.i32]), Signature(parameters: [], results: [.i32, .i64]),
            Signature(parameters: [], results: []), Signature(parameters: [], results: [.i32]),
        ]
        plan.slotCount = 4
        let add = ExportName(name: "add", index: 0)
        let steps: [(Action, Expectation, Outcome)] = [
            (.instantiate(unit: 0, slot: 0), .instantiates, .passed),
            (.register(name: "M", slot: 0), .registers, .passed),
            (.call(slot: 0, export: add, signature: 0, arguments: [1, 2]), .returns([.bits(3, .i32)]), .passed),
            (.call(slot: 0, export: add, signature: 0, arguments: [2, 2]), .returns([.bits(5, .i32)]),
             .failed("expected (i32:5 (0x5)), got (i32:4 (0x4))")),
            (.call(slot: 0, export: ExportName(name: "div", index: 1), signature: 0, arguments: [1, 0]),
             .traps("integer divide by zero"), .passed),
            (.call(slot: 0, export: ExportName(name: "div", index: 1), signature: 0, arguments: [1, 0]),
             .traps("unreachable"), .failed("expected trap \"unreachable\", got trap \"integer divide by zero\" in div")),
            (.call(slot: 0, export: ExportName(name: "pair", index: 2), signature: 1, arguments: []),
             .returns([.bits(7, .i32), .bits(0x1_0000_0000, .i64)]), .passed),
            (.call(slot: 0, export: ExportName(name: "crash", index: 3), signature: 2, arguments: []), .completes,
             .failed("")),
            (.readGlobal(slot: 0, export: ExportName(name: "g", index: 4), kind: .i32), .returns([.bits(42, .i32)]),
             .passed),
            (.instantiate(unit: 1, slot: 1), .instantiates, .passed),
            (.call(slot: 1, export: ExportName(name: "sum", index: 0), signature: 3, arguments: []),
             .returns([.bits(667, .i32)]), .passed),
            (.instantiate(unit: 2, slot: 2), .unlinkable, .passed),
            (.instantiate(unit: 2, slot: 2), .instantiates, .failed("unlinkable: M.add: incompatible import type")),
            (.instantiate(unit: 3, slot: 3), .instantiates, .failed("")),
            (.call(slot: 0, export: ExportName(name: "nope", index: 9), signature: 2, arguments: []), .completes,
             .failed("no exported function \"nope\"")),
        ]
        for (index, (action, expectation, _)) in steps.enumerated() {
            plan.checks.append(Check(line: index + 1, directive: "step", subject: "\(index)", outcome: nil))
            plan.steps.append(Step(action: action, check: index, expectation: expectation))
        }
        let result = await runner.execute(plan)
        for (index, (_, _, expected)) in steps.enumerated() {
            let actual = result.checks[index].outcome
            switch expected {
            case .failed(""):
                guard case .failed = actual else {
                    Issue.record("step \(index): expected a failure, got \(String(describing: actual))")
                    continue
                }
            default:
                #expect(actual == expected, "step \(index)")
            }
        }
        #expect(result.notes.contains { $0.contains("killed the driver") })
    }
}

/// Small scripts through the whole harness and the real translator: the script-level semantics
/// the suite's files exercise only in passing (or, while their features are unsupported, not at all).
@Suite struct ScriptSemanticsTests {
    static func run(_ script: String, name: String) async throws -> ScriptResult {
        let work = NSTemporaryDirectory() + "/bs-aot-spec-semantics-\(getpid())-\(name)"
        defer { try? FileManager.default.removeItem(atPath: work) }
        let runner = try await ScriptRunner.prepare(workDirectory: work, optimization: "-O1", jobs: 2)
        return await runner.run(script: script, named: name + ".wast")
    }

    static func outcomes(_ result: ScriptResult) -> [String] {
        result.checks.map { check in
            switch check.outcome {
            case .passed?: "\(check.line) passed"
            case .unsupported?: "\(check.line) unsupported"
            case .failed(let why)?: "\(check.line) failed: \(why)"
            case nil: "\(check.line) undecided"
            }
        }
    }

    @Test func definitionsInstancesAndRegistration() async throws {
        let result = try await Self.run(
            """
            (module definition $M (func (export "f") (result i32) (i32.const 1)))
            (module $A (func (export "g") (result i32) (i32.const 2))
              (global (export "glob") i32 (i32.const 7)))
            (module instance $I $M)
            (assert_return (invoke $I "f") (i32.const 1))
            (assert_return (invoke $A "g") (i32.const 2))
            (register "A" $A)
            (module (import "A" "g" (func $g (result i32)))
              (func (export "h") (result i32) (i32.add (call $g) (i32.const 40))))
            (assert_return (invoke "h") (i32.const 42))
            (assert_return (get $A "glob") (i32.const 7))
            (assert_unlinkable (module (import "A" "missing" (func))) "unknown import")
            (assert_trap (module (func $s unreachable) (start $s)) "unreachable")
            (assert_return (invoke "h") (i32.const 42))
            (module (func $r (export "r") (call $r)))
            (assert_exhaustion (invoke "r") "call stack exhausted")
            (assert_return (invoke "r") (i32.const 1))
            """, name: "definitions")
        #expect(
            Self.outcomes(result) == [
                "1 passed", "2 passed", "4 passed", "5 passed", "6 passed", "7 passed", "8 passed", "10 passed",
                "11 passed", "12 passed", "13 passed", "14 passed", "15 passed", "16 passed",
                "17 failed: 1 expected results for a function of type :",
            ])
    }

    @Test func unsupportedModulesAndWhatDependsOnThem() async throws {
        let result = try await Self.run(
            """
            (module $T (table (export "t") 2 funcref) (func (export "size") (result i32) (table.size 0)))
            (register "T" $T)
            (module (import "T" "t" (table 2 funcref)) (func $f (drop (ref.i31 (i32.const 0)))))
            (assert_return (invoke $T "size") (i32.const 3))
            (assert_return (invoke $T "size") (i32.const 2))
            (module $V (func $v (export "v") (result i32) (drop (ref.i31 (i32.const 1))) (i32.const 0)))
            (assert_return (invoke $V "v") (i32.const 0))
            (register "V" $V)
            (module (import "V" "v" (func (result i32))))
            (assert_invalid (module (func (result i32) (i64.const 0))) "type mismatch")
            (assert_malformed (module quote "(func (i32.const))") "unexpected token")
            (assert_invalid (module (func (result i32) (i32.const 0))) "type mismatch")
            """, name: "unsupported")
        #expect(
            Self.outcomes(result) == [
                "1 passed", "2 passed", "3 unsupported", "4 unsupported", "5 passed", "6 unsupported",
                "7 unsupported", "8 unsupported", "9 unsupported", "10 passed", "11 passed",
                "12 failed: the module was accepted; expected \"type mismatch\"",
            ])
    }
}
