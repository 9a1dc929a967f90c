import Lowering
import WAT
import WasmModule
import XCTest

final class ModuleLoweringTests: XCTestCase {
    func testInstanceStructHoldsEveryIndexSpace() throws {
        let c = try lowerWAT("""
            (module
              (import "env" "f" (func (param i32)))
              (import "env" "t" (table 1 funcref))
              (import "env" "g" (global (mut f32)))
              (memory 1) (table 2 externref)
              (global i64 (i64.const 3))
              (func) (func (param i32))
              (elem (table 0) (i32.const 0) func 1 2)
              (elem externref)
              (data "d"))
            """)
        XCTAssertTrue(c.file("w.h").contains("""
            typedef struct w_instance {
              bsrt_instance header;
              uint8_t *memory_base[1];
              const bsrt_func *funcs[3];
              bsrt_func func_storage[3];
              uint32_t type_ids[2];
              bsrt_table *tables[2];
              bsrt_table table_storage[1];
              bsrt_memory *memories[1];
              bsrt_memory memory_storage[1];
              float *g0;
              bsrt_global *gx0;
              uint64_t g1;
              bsrt_global gx1;
              void *element0[2];
              uint32_t element_length[2];
              uint32_t data_length[1];
            } w_instance;
            """), c.file("w.h"))
    }

    /// An executable's module has one instance, in static storage: its code reaches it at a
    /// constant address and the descriptor names it for bsrt_main. A library's or the spec
    /// driver's module keeps its instances where they are allocated, reached through `self`.
    func testAnExecutablesInstanceIsStatic() throws {
        let text = "(module (memory 1) (func (export \"_start\") (i32.store (i32.const 0) (i32.const 1))))"
        let executable = try lowerWAT(text, options: LoweringOptions())
        XCTAssertTrue(executable.file("w.h").contains(
            "extern __attribute__((visibility(\"hidden\"))) w_instance w_the_instance;"), executable.file("w.h"))
        assertContainsInOrder(executable.file("w.c"), ["w_instance w_the_instance;", "&w_the_instance.header,\n};"])
        assertContainsInOrder(executable.function(0), [
            "self = &w_the_instance.header;", "w_instance *inst = &w_the_instance;",
        ])
        for options in [standalone, LoweringOptions(hostImports: .library(name: "lib"), emitMain: false)] {
            let c = try lowerWAT(text, options: options)
            XCTAssertFalse(c.file("w.h").contains("w_the_instance"))
            XCTAssertTrue(c.function(0).contains("w_instance *inst = (w_instance *)self;"), c.function(0))
        }
    }

    func testDataSegmentsAreStringLiteralsWithEscapes() throws {
        let c = try lowerWAT(#"(module (memory 1) (data (i32.const 16) "hi\00\"?\\\ff"))"#)
        // One byte more than the segment for the NUL; `?` is escaped against trigraphs.
        XCTAssertTrue(c.file("w.c").contains("const uint8_t w_data0[8] =\n  \"hi\\000\\042\\077\\134\\377\";\n"), c.file("w.c"))
        XCTAssertTrue(c.file("w.c").contains(
            "  bsrt_memory_init_segment(inst->memories[0], 0x10u, w_data0, 7u, 0, 7u, \"data segment 0\");\n"))
    }

    func testLongDataSegmentsAreSplitIntoLines() throws {
        let c = try lowerWAT("(module (memory 1) (data (i32.const 0) \"\(String(repeating: "a", count: 250))\"))")
        let literal = "  \"" + String(repeating: "a", count: 100) + "\"\n"
        XCTAssertTrue(c.file("w.c").contains(literal + literal + "  \"" + String(repeating: "a", count: 50) + "\";"), c.file("w.c"))
    }

    func testInstantiateBuildsFunctionsGlobalsMemoryAndTables() throws {
        let c = try lowerWAT("""
            (module (import "env" "base" (global i32))
              (memory 2 5) (table 3 7 funcref)
              (global $f (mut f32) (f32.const -1))
              (global $sum i32 (i32.mul (global.get 0) (i32.const 4)))
              (global $ref funcref (ref.func $run))
              (func $run (export "run")))
            """)
        assertContainsInOrder(c.file("w.c"), [
            "static const char *const w_type_signatures[] = {", "\":\",",
            "static const struct w_function w_functions[] = {", "{ (void (*)(void))w_f0_run, NULL, 0u, \"run\" },",
            "static void w_instantiate(bsrt_instance *self, const bsrt_extern *imports) {",
            "for (uint32_t i = 0; i < 1u; i++) inst->type_ids[i] = bsrt_type_id(w_type_signatures[i]);",
            "inst->gx0 = imports[0].as.global;", "inst->g0 = (uint32_t *)imports[0].as.global->value;",
            "inst->func_storage[0u + i] = (bsrt_func){ f->code, inst->type_ids[f->type], self, f->name, f->tail };",
            "inst->funcs[0u + i] = &inst->func_storage[0u + i];",
            "inst->g1 = bsrt_f32_reinterpret_i32(0xbf800000u);", "inst->gx1 = (bsrt_global){ &inst->g1, 'f', true, NULL };",
            "inst->g2 = (uint32_t)((*inst->g0) * 0x4u);", "inst->gx2 = (bsrt_global){ &inst->g2, 'i', false, NULL };",
            "inst->g3 = inst->funcs[0];",
            "if (bsrt_memory_init(&inst->memory_storage[0], 2u, 5u, true, 0) != 0)",
            "inst->memories[0] = &inst->memory_storage[0];", "self->memory0 = inst->memories[0];",
            "if (bsrt_table_init(&inst->table_storage[0], 'r', 3ull, 7ull, true, false, NULL) != 0)",
            "inst->tables[0] = &inst->table_storage[0];",
        ])
    }

    func testElementSegmentsAreAppliedInInstantiate() throws {
        let c = try lowerWAT("""
            (module (table 4 funcref)
              (func $a) (func $b)
              (elem (i32.const 1) $b $a)
              (elem func $a)
              (elem declare func $b)
              (elem funcref (ref.null func) (ref.func $a))
              (global $g funcref (ref.func $a))
              (elem funcref (global.get $g)))
            """)
        // Segments of plain function references are copied from a table of function indices
        // (UINT32_MAX for null) in a loop; others item by item.
        assertContainsInOrder(c.file("w.c"), [
            "static const uint32_t w_element0_functions[2] = {\n  1u, 0u,\n};",
            "static const uint32_t w_element3_functions[2] = {\n  UINT32_MAX, 0u,\n};",
            "for (uint32_t i = 0; i < 2u; i++)\n    inst->element0[i] = w_element0_functions[i] == UINT32_MAX ? NULL : (void *)inst->funcs[w_element0_functions[i]];",
            "inst->element_length[0] = 2u;",
            "bsrt_table_init_segment(inst->tables[0], 0x1u, inst->element0, inst->element_length[0], 0, 2u, \"element segment 0\");",
            "inst->element_length[0] = 0;",
            "inst->element1[i] = w_element1_functions[i]", "inst->element_length[1] = 1u;",
            "inst->element2[i] = w_element2_functions[i]", "inst->element_length[2] = 1u;", "inst->element_length[2] = 0;",
            "inst->element4[0] = (void *)inst->g0;",
        ])
        // Nulls only (elem.wast: a module with no function has no `funcs` to index): item by item.
        let nulls = try lowerWAT("(module (table 2 externref) (elem (table 0) (i32.const 0) externref (ref.null extern)))")
        XCTAssertTrue(nulls.file("w.c").contains("inst->element0[0] = (void *)NULL;"), nulls.file("w.c"))
        assertContainsNone(nulls.file("w.c"), ["_functions[", "funcs"])
        assertContainsNone(c.file("w.c"), ["inst->element_length[1] = 0;"])
    }

    func testStartFunctionRunsLastInInstantiate() throws {
        let c = try lowerWAT("(module (memory 1) (func $s) (func $main) (start $main) (data (i32.const 0) \"x\"))")
        assertContainsInOrder(c.file("w.c"), ["bsrt_memory_init_segment(", "  w_f1(self);\n}\n"])
    }

    func testRunTimeImportsAreDescribedForTheLinker() throws {
        let c = try lowerWAT("""
            (module (import "env" "f" (func (param i32 i64) (result f64)))
              (import "env" "m" (memory 1 2)) (import "env" "t" (table 3 externref))
              (import "env" "g" (global (mut i64))))
            """)
        assertContainsInOrder(c.file("w.c"), [
            "static const bsrt_import_desc w_imports[] = {",
            "  { \"env\", \"f\", BSRT_EXTERN_FUNC, \"iI:F\", 0, 0, false },",
            "  { \"env\", \"m\", BSRT_EXTERN_MEMORY, \"\", 1ull, 2ull, true },",
            "  { \"env\", \"t\", BSRT_EXTERN_TABLE, \"e\", 3ull, 0ull, false },",
            "  { \"env\", \"g\", BSRT_EXTERN_GLOBAL, \"mI\", 0, 0, false },",
            "inst->funcs[0] = imports[0].as.func;", "inst->memories[0] = imports[1].as.memory;",
            "inst->tables[0] = imports[2].as.table;",
            "4u, w_imports,",
        ])
    }

    func testExportsAreListedAndResolved() throws {
        let c = try lowerWAT("""
            (module (import "env" "g" (global $in i32)) (memory (export "mem") 1) (global $own (export "own") i32 (i32.const 0))
              (func (export "f")) (export "in" (global $in)))
            """)
        assertContainsInOrder(c.file("w.c"), [
            "static const bsrt_export_desc w_exports[] = {",
            "  { \"mem\", BSRT_EXTERN_MEMORY },", "  { \"own\", BSRT_EXTERN_GLOBAL },",
            "  { \"f\", BSRT_EXTERN_FUNC },", "  { \"in\", BSRT_EXTERN_GLOBAL },",
            "case 0: e.kind = BSRT_EXTERN_MEMORY; e.as.memory = inst->memories[0]; break;",
            "case 1: e.kind = BSRT_EXTERN_GLOBAL; e.as.global = &inst->gx1; break;",
            "case 2: e.kind = BSRT_EXTERN_FUNC; e.as.func = inst->funcs[0]; break;",
            "case 3: e.kind = BSRT_EXTERN_GLOBAL; e.as.global = inst->gx0; break;",
            "4u, w_exports,",
        ])
    }

    func testFunctionNamesComeFromTheNameSectionThenExports() throws {
        let bytes = try wat2wasm(#"(module $mod (func $named) (func (export "a\"b?\\c")) (func))"#,
                                 features: .all, options: EncodeOptions(nameSection: true))
        let c = try lower(try decodeModule(bytes), options: standalone)
        XCTAssertTrue(c.function(0).hasPrefix("/* \"named\" */\nvoid w_f0_named(bsrt_instance *self) {"), c.function(0))
        XCTAssertTrue(c.function(1).contains(#"static const char FN[] = "a\"b\?\\c";"#), c.function(1))
        XCTAssertTrue(c.function(2).contains("static const char FN[] = \"func2\";"))
        assertContainsInOrder(c.file("w.c"), ["const bsrt_module w_module = {\n  \"mod\",", "3u, w_function_addresses, w_function_names,"])
    }

    func testFunctionNamesInCommentsAreEscapedAndCannotEndTheComment() throws {
        let c = try lowerWAT(#"(module (func (export "*/ x\n\e2\80\ae")))"#)
        XCTAssertTrue(c.function(0).hasPrefix(#"/* "* / x\012\342\200\256" */"# + "\n"), c.function(0))
    }

    func testCFunctionNamesCarryAnIdentifierFragmentOfTheWasmName() throws {
        let c = try lowerWAT(#"(module (func (export "run-me.now")) (func (export "")) (func (export "a") (export "b")))"#)
        XCTAssertTrue(c.file("w.h").contains("void w_f0_run_me_now(bsrt_instance *self);"), c.file("w.h"))
        XCTAssertTrue(c.file("w.h").contains("void w_f1(bsrt_instance *self);"), c.file("w.h"))
        XCTAssertTrue(c.file("w.h").contains("void w_f2_a(bsrt_instance *self);"), "the first export names it")
    }
}
