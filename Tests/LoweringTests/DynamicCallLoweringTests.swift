@testable import Lowering
import XCTest

private let bindHost = LoweringOptions(hostImports: .bindHost(allowUnsupported: false), emitMain: false)

/// The support the WASIX FFI and dl calls need (ModuleLowering+DynamicCalls.swift): emitted
/// only for the modules that import them.
final class DynamicCallLoweringTests: XCTestCase {
    private let functions = """
        (table 2 funcref)
        (func $a (param i32 i64) (result i32) (local.get 0))
        (func $b (param f32) (result i32 f64) (i32.const 1) (f64.const 2))
        (func $c (param i32 i64) (result i32) (local.get 0))
        (func $r (param funcref))
        """

    func testAModuleWithoutCallDynamicGetsNoThunksAndZeroDescriptorFields() throws {
        let c = try lowerWAT("""
            (module (import "wasix_32v1" "fd_write" (func (param i32 i32 i32 i32) (result i32)))
              \(functions))
            """, options: bindHost)
        let unit = c.file("w.c")
        assertContainsNone(unit, ["_dyncall", "bsrt_dyncall", "w_table0"])
        XCTAssertTrue(unit.contains("  NULL, 0u, NULL,\n"), "the dynamic-call fields are zero")
    }

    func testCallDynamicGetsOneThunkPerNumericSignatureAndTheTableGetter() throws {
        let c = try lowerWAT("""
            (module (import "wasix_32v1" "call_dynamic" (func (param i32 i32 i32 i32 i32 i32) (result i32)))
              \(functions))
            """, options: bindHost)
        let unit = c.file("w.c")
        assertContainsInOrder(unit, [
            "static bsrt_table *w_table0(bsrt_instance *self) {",
            "  return inst->tables[0];\n}",
            // (i32, i64) -> i32, once for $a and $c
            "static void w_dyncall_1(const bsrt_func *f, const uint8_t *args, uint8_t *results) {",
            "  memcpy(&a1, args + 4, 8);",
            "  uint32_t r = ((uint32_t (*)(bsrt_instance *, uint32_t, uint64_t))f->code)(f->instance, a0, a1);",
            "  memcpy(results, &r, 4);",
            // f32 -> (i32, f64)
            "static void w_dyncall_2(",
            "  memcpy(results + 4, &r.r1, 8);",
            "static const bsrt_dyncall w_dyncalls[] = {",
            "  { \"iiiiii:i\", w_dyncall_0 },",
            "  { \"iI:i\", w_dyncall_1 },",
            "  { \"f:iF\", w_dyncall_2 },",
            "};",
            "  w_table0, 3u, w_dyncalls,\n",
        ])
        // A funcref parameter has no packed form.
        assertContainsNone(unit, ["w_dyncall_3", "{ \"r:\""])
    }

    func testReflectSignatureAloneGetsTheTableGetterButNoThunks() throws {
        let c = try lowerWAT("""
            (module (import "wasix_32v1" "reflect_signature" (func (param i32 i32 i32 i32 i32 i32) (result i32)))
              \(functions))
            """, options: bindHost)
        let unit = c.file("w.c")
        XCTAssertTrue(unit.contains("  w_table0, 0u, NULL,\n"))
        assertContainsNone(unit, ["_dyncall_"])
    }
}
