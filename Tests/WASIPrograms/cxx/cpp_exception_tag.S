# The tag C++ exceptions are thrown with under -fwasm-exceptions: one i32 parameter, the
# address of the exception object. LLVM leaves `__cpp_exception` undefined in every object;
# compiler-rt normally defines it, and Zig's wasm32-wasi runtime (built without exceptions)
# does not, so the test links this definition.
.tagtype __cpp_exception i32
.globl __cpp_exception
__cpp_exception:
