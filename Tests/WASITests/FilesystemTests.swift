import Foundation
import Testing

/// The file-system programs of `Tests/WASIPrograms`, each run natively and as
/// `bs-aot build prog.wasm -o prog --dir .` in a fresh directory holding `input.txt` and
/// `sub/inner.txt`: stdout, exit status and the tree left behind must be the same.
@Suite(.serialized)
struct FilesystemTests {
    static let cases: [DirectoryCase] = [
        // wasmtime returns NOTSUP for fd_allocate and traps on an unknown fd_advise advice;
        // Linux (and so bs-aot) allocates, and says EINVAL.
        DirectoryCase(program: "files", wasmtimeAgrees: false),
        DirectoryCase(program: "directories"),
        DirectoryCase(program: "links_times"),
        // dup2 is wasix_32v1's fd_renumber (a copy), which wasmtime does not have; wasmtime's
        // stdout is not a regular file either.
        DirectoryCase(program: "descriptors", wasmtimeAgrees: false),
        // wasmtime traps on lseek's unknown whence 9 instead of returning EINVAL.
        DirectoryCase(program: "errors", wasmtimeAgrees: false),
    ]

    @Test(arguments: cases)
    func nativeAndBsAotAgree(_ testCase: DirectoryCase) async throws {
        try await expectSameAsNative(testCase)
    }
}
