import Lowering
import Testing

// Loops lowered twice, the first copy adding its address sums in 64 bits
// (Sources/Lowering/WideAddressLoops.swift): which loops get the copy, and that every access
// reaches the bytes the module addresses on either side of the copy's bounds.

@Suite struct WideAddressLoopsTests {
    /// `fill(base, i, n)` stores i at base + i, i += 4, n times, and returns the sum of each
    /// word it reads back and its low byte; `sum` adds up each word, its low byte and its low
    /// half. Three accesses an iteration, more than twice the one local (i) checked at every
    /// iteration: the copy pays. A memory just over 1 GiB lets an index cross 2^30, the copy's
    /// bound, in bounds.
    static let module = """
        (module (memory 16385)
          (func (export "fill") (param $base i32) (param $i i32) (param $n i32) (result i32)
            (local $s i32)
            (loop $l
              (i32.store (i32.add (local.get $base) (local.get $i)) (local.get $i))
              (local.set $s (i32.add (local.get $s) (i32.load (i32.add (local.get $base) (local.get $i)))))
              (local.set $s (i32.add (local.get $s) (i32.load8_u (i32.add (local.get $base) (local.get $i)))))
              (local.set $i (i32.add (local.get $i) (i32.const 4)))
              (local.set $n (i32.sub (local.get $n) (i32.const 1)))
              (br_if $l (local.get $n)))
            (local.get $s))
          (func (export "sum") (param $base i32) (param $i i32) (param $n i32) (result i32)
            (local $s i32)
            (loop $l
              (local.set $s (i32.add (local.get $s) (i32.load (i32.add (local.get $base) (local.get $i)))))
              (local.set $s (i32.add (local.get $s) (i32.load8_u (i32.add (local.get $base) (local.get $i)))))
              (local.set $s (i32.add (local.get $s) (i32.load16_u (i32.add (local.get $base) (local.get $i)))))
              (local.set $i (i32.add (local.get $i) (i32.const 4)))
              (local.set $n (i32.sub (local.get $n) (i32.const 1)))
              (br_if $l (local.get $n)))
            (local.get $s)))
        """

    @Test func sumsOverALoopLocalGetAWideCopy() throws {
        let c = try lowerWAT(Self.module)
        let fill = c.function(0)
        // The invariant base is checked once, before the copy's label; the index every iteration.
        #expect(fill.contains("if (BSRT_UNLIKELY(l0 > 0x3fffffffu)) goto L1_slow;\n  lw0 = l0;\nL1:;"), "\(fill)")
        #expect(fill.contains("L1:;\n  if (BSRT_UNLIKELY(l1 > 0x3fffffffu)) goto L1_slow;\n  lw1 = l1;"), "\(fill)")
        #expect(fill.contains("bsrt_i32_store(mem0, lw0 + lw1 + 0u, si1);"), "\(fill)")
        // The loop as usual follows, and the copy leaves past it.
        #expect(fill.contains("goto L1_exit;\nL1_slow:;\nL2:;"), "\(fill)")
        #expect(fill.contains("bsrt_i32_store(mem0, (uint64_t)si0 + 0u, si1);"), "\(fill)")
    }

    /// A sum is widened only when its constants add up to no less than 0 (`p - 4` may wrap
    /// below 0), and a loop is copied only when more than twice as many accesses gain as locals
    /// are checked at every iteration.
    @Test func onlySumsThatCannotWrapAndLoopsThatGain() throws {
        let c = try lowerWAT("""
            (module (memory 1)
              (func (param $base i32) (param $i i32) (result i32)
                (local $s i32)
                (loop $l
                  (local.set $s (i32.load (i32.add (i32.add (local.get $base) (local.get $i)) (i32.const -4))))
                  (local.set $s (i32.load (i32.add (i32.add (i32.add (local.get $base) (i32.const 8)) (local.get $i)) (i32.const -4))))
                  (local.set $s (i32.add (local.get $s) (i32.load8_u (i32.add (i32.add (local.get $base) (local.get $i)) (i32.const 4)))))
                  (i32.store (i32.add (i32.add (i32.add (local.get $base) (i32.const 8)) (local.get $i)) (i32.const -4)) (local.get $s))
                  (local.set $i (i32.add (local.get $i) (i32.const 4)))
                  (br_if $l (local.get $i)))
                (local.get $s))
              (func (param $base i32) (param $i i32) (result i32)
                (local $s i32)
                (loop $l
                  (local.set $s (i32.add (local.get $s) (i32.load (i32.add (local.get $base) (local.get $i)))))
                  (local.set $i (i32.add (local.get $i) (i32.const 4)))
                  (br_if $l (local.get $i)))
                (local.get $s)))
            """)
        let shifted = c.function(0)
        let copy = try #require(shifted.components(separatedBy: "L1_slow:;").first)
        #expect(copy.components(separatedBy: "(mem0, (uint64_t)si0 + 0u)").count == 2, "\(shifted)")
        #expect(copy.contains("(mem0, lw0 + lw1 + 4u)"), "\(shifted)")
        #expect(copy.contains("bsrt_i32_store(mem0, lw0 + lw1 + 4u, si1);"), "\(shifted)")
        #expect(!c.function(1).contains("_slow"), "\(c.function(1))")
    }

    /// The copy, the loop as usual from the start (a summand past 2^30, a sum that wraps) and
    /// the switch in the middle of the loop (the index crossing 2^30) all store and load the
    /// bytes the module addresses; an out-of-bounds access traps after the stores before it.
    @Test func everyAccessReachesTheModulesAddress() throws {
        let end: UInt32 = 16385 * 65536
        // What fill returns and sum reads back for the indices stored.
        func filled(_ indices: [UInt32]) -> String { "\(indices.reduce(UInt32(0)) { $0 &+ $1 &+ ($1 & 0xff) })" }
        func summed(_ indices: [UInt32]) -> String {
            "\(indices.reduce(UInt32(0)) { $0 &+ $1 &+ ($1 & 0xff) &+ ($1 & 0xffff) })"
        }
        func indices(from start: UInt32, _ count: UInt32) -> [UInt32] { (0..<count).map { start &+ 4 * $0 } }
        let crossing: UInt32 = 0x3fff_ffe0
        let declarations = """
            typedef uint32_t (*f)(bsrt_instance *, uint32_t, uint32_t, uint32_t);
            #define FILL(b, i, n) printf("%u\\n", ((f)F("fill")->code)(I, b, i, n))
            #define SUM(b, i, n) printf("%u\\n", ((f)F("sum")->code)(I, b, i, n))
            """
        let calls = [
            "FILL(64, 0, 8)", "SUM(64, 0, 8)", "SUM(0, 64, 8)",
            // base + i wraps to 0..12: the copy is never entered
            "FILL(0xffff0000u, 0x10000, 4)", "SUM(0, 0, 4)", "SUM(0xffff0000u, 0x10000, 4)",
            // i from 2^30 - 32 past 2^30: the copy hands over to the loop as usual
            "FILL(16, \(crossing)u, 16)", "SUM(16, \(crossing)u, 16)", "SUM(0, \(crossing + 16)u, 16)",
            // the first store is in bounds, the third past the end
            "FILL(\(end - 8)u, 0, 4)", "SUM(\(end - 8)u, 0, 2)",
        ]
        let result = try NativeBuild.buildAndRun(
            try lowerWAT(Self.module), driver: NativeBuild.driver(declarations: declarations, calls: calls))
        let expected = [
            filled(indices(from: 0, 8)), summed(indices(from: 0, 8)), summed(indices(from: 0, 8)),
            filled(indices(from: 0x10000, 4)), summed(indices(from: 0x10000, 4)), summed(indices(from: 0x10000, 4)),
            filled(indices(from: crossing, 16)), summed(indices(from: crossing, 16)), summed(indices(from: crossing, 16)),
            "trap: out of bounds memory access", summed([0, 4]),
        ]
        #expect(result.stdout.split(separator: "\n").map(String.init) == expected, "\(result.stdout)\(result.stderr)")
    }

    /// A local set from a sum on one path only is not taken as that sum after the paths merge:
    /// p is base + i, or base when bit 2 of i is set, and the counter at p counts its visits.
    @Test func formsEndWhereControlFlowMerges() throws {
        let module = """
            (module (memory 1)
              (func (export "merge") (param $base i32) (param $n i32)
                (local $i i32) (local $p i32) (local $s i32)
                (loop $l
                  (local.set $p (local.get $base))
                  (block $skip
                    (br_if $skip (i32.and (local.get $i) (i32.const 4)))
                    (local.set $p (i32.add (local.get $base) (local.get $i))))
                  (i32.store (local.get $p) (i32.add (i32.load (local.get $p)) (i32.const 1)))
                  (local.set $s (i32.add (local.get $s) (i32.load (i32.add (local.get $base) (local.get $i)))))
                  (local.set $s (i32.add (local.get $s) (i32.load8_u (i32.add (local.get $base) (local.get $i)))))
                  (i32.store offset=256 (i32.add (local.get $base) (local.get $i)) (local.get $s))
                  (local.set $i (i32.add (local.get $i) (i32.const 4)))
                  (br_if $l (i32.ne (local.get $i) (i32.shl (local.get $n) (i32.const 2))))))
              (func (export "peek") (param i32) (result i32) (i32.load (local.get 0))))
            """
        let c = try lowerWAT(module)
        #expect(c.function(0).contains("_slow"), "\(c.function(0))")
        let declarations = """
            typedef void (*merge_f)(bsrt_instance *, uint32_t, uint32_t);
            typedef uint32_t (*peek_f)(bsrt_instance *, uint32_t);
            #define PEEK(a) printf("%u\\n", ((peek_f)F("peek")->code)(I, a))
            """
        let calls = [#"((merge_f)F("merge")->code)(I, 64, 8)"#, "PEEK(64)", "PEEK(68)", "PEEK(72)", "PEEK(88)"]
        let result = try NativeBuild.buildAndRun(c, driver: NativeBuild.driver(declarations: declarations, calls: calls))
        #expect(result.stdout.split(separator: "\n").map(String.init) == ["5", "0", "1", "1"], "\(result.stdout)\(result.stderr)")
    }
}
