import Lowering
import Testing

// Which loads are kept (Sources/Lowering/KeptLoads.swift), seen from what runs.

@Suite struct KeptLoadsTests {
    /// A load whose value reaches a store only in part lost its out-of-bounds trap: clang
    /// narrows `i32.store8 (i32.load p)` to a one-byte load, which at 65533 of a one-page
    /// memory is in bounds where the four-byte access is not. The same through a wrap, a sign
    /// extension of the low bytes, `memory.fill`'s value (one byte of it is used) and a lane
    /// store (one lane of a v128).
    @Test func loadsUsedInPartStillTrap() throws {
        let module = try lowerWAT("""
            (module (memory 1)
              (func (export "store8") (param i32) (i32.store8 (i32.const 0) (i32.load (local.get 0))))
              (func (export "wrap") (param i32) (i32.store (i32.const 0) (i32.wrap_i64 (i64.load (local.get 0)))))
              (func (export "extend8") (param i32) (i32.store (i32.const 0) (i32.extend8_s (i32.load (local.get 0)))))
              (func (export "fill") (param i32) (memory.fill (i32.const 0) (i32.load (local.get 0)) (i32.const 4)))
              (func (export "lane") (param i32) (v128.store8_lane 0 (i32.const 0) (v128.load (local.get 0)))))
            """)
        let names = ["store8", "wrap", "extend8", "fill", "lane"]
        let calls = names.map { #"((void (*)(bsrt_instance *, uint32_t))F("\#($0)")->code)(I, 65533)"# }
        let result = try NativeBuild.buildAndRun(module, driver: NativeBuild.driver(calls: calls))
        #expect(result.stdout.split(separator: "\n").map(String.init) == Array(repeating: "trap: out of bounds memory access", count: names.count),
                "\(result.stdout)")
    }

    /// A load whose every byte reaches a store need not be kept: the store pins it, at its width.
    @Test func loadsStoredWholeAreNotKept() throws {
        let c = try lowerWAT("""
            (module (memory 1)
              (func (param i32) (i32.store (i32.const 0) (i32.load (local.get 0))))
              (func (param i32) (i64.store32 (i32.const 0) (i64.load32_u (local.get 0))))
              (func (param i32) (i64.store (i32.const 0) (i64.extend_i32_u (i32.load8_u (local.get 0))))))
            """)
        for index in 0..<3 { #expect(!c.function(index).contains("_kept("), "\(c.function(index))") }
    }
}
