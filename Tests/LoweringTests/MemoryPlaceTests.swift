import Lowering
import Testing

// An executable's memory 0 at its fixed place (runtime-c/include/bsrt.h, BSRT_EXECUTABLE_MEMORY0).

@Suite struct MemoryPlaceTests {
    static let executable = LoweringOptions(hostImports: .bindHost(allowUnsupported: false), emitMain: true)
    static let module = """
        (module
          (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
          (memory 1) (memory 1)
          (func (export "_start")
            (i32.store (i32.const 100) (i32.const 7))
            (i32.store 1 (i32.const 100) (i32.const 5))
            (call $exit (i32.add (i32.load (i32.const 100)) (i32.load 1 (i32.const 100))))))
        """

    /// An executable's functions take memory 0's base from the fixed place, which the
    /// instantiation reserves; another memory's base comes from the instance as before.
    @Test func executablesComputeMemoryZerosBase() throws {
        let c = try lowerWAT(Self.module, options: Self.executable)
        let function = c.function(1)
        #expect(function.contains("uint8_t *mem0 = BSRT_EXECUTABLE_MEMORY0;"), "\(function)")
        #expect(function.contains("uint8_t *mem1 = inst->memory_base[1];"), "\(function)")
        #expect(c.file("w.c").contains("bsrt_memory_init_at(&inst->memory_storage[0], BSRT_EXECUTABLE_MEMORY0, 1u,"), "\(c.file("w.c"))")
        #expect(c.file("w.c").contains("bsrt_memory_init(&inst->memory_storage[1], 1u,"), "\(c.file("w.c"))")
        // When the place cannot be had, the trap says where it was sought.
        #expect(c.file("w.c").contains(#"bsrt_trap(BSRT_TRAP_OUT_OF_MEMORY, "memory 0 (reserved 1.75 GiB past the executable's image)");"#))
        // Linked as bs-aot links executables, it runs: both memories hold their own bytes.
        let result = try NativeBuild.buildAndRun(c, name: "memory_place")
        #expect(result.status == 12, "\(result.stderr)")
    }

    /// A module that can have several instances (a library, the spec harness) keeps loading
    /// each base from its instance.
    @Test func otherInstancesLoadTheirBase() throws {
        let c = try lowerWAT(Self.module)
        #expect(c.function(1).contains("uint8_t *mem0 = inst->memory_base[0];"), "\(c.function(1))")
        #expect(!c.file("w.c").contains("BSRT_EXECUTABLE_MEMORY0"), "\(c.file("w.c"))")
    }
}
