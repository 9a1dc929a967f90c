import Foundation
import TestSupport
import Toolchain
import XCTest

/// Creates an executable shell script called `name` in `directory`.
@discardableResult
func makeExecutable(_ name: String, in directory: URL, mode: Int = 0o755) throws -> String {
    let path = directory.appendingPathComponent(name).path
    try "#!/bin/sh\nexit 0\n".write(toFile: path, atomically: true, encoding: .utf8)
    try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
    return path
}

/// Asserts that `body` throws a ToolchainError whose description is `message`.
func assertToolchainError<T>(
    _ body: @autoclosure () throws -> T, _ message: String, file: StaticString = #filePath, line: UInt = #line
) {
    XCTAssertThrowsError(try body(), file: file, line: line) { error in
        XCTAssertTrue(error is ToolchainError, "\(type(of: error))", file: file, line: line)
        XCTAssertEqual("\(error)", message, file: file, line: line)
    }
}

final class CCompilerTests: XCTestCase {
    func testGeneratedCodeFlagsKeepFloatSemantics() {
        let flags = Toolchain.generatedCodeFlags(optimization: "-O2")
        XCTAssertTrue(flags.contains("-ffp-contract=off"))
        XCTAssertTrue(flags.contains("-fno-optimize-sibling-calls"))
        XCTAssertFalse(flags.contains("-ffast-math"))
        XCTAssertEqual(Toolchain.generatedCodeFlags(optimization: "-O0").filter { $0.hasPrefix("-O") }, ["-O0"])
    }

    func testExplicitCompilerThatDoesNotExistIsAClearError() throws {
        let path = try makeScratchDirectory("locate-missing")
        assertToolchainError(try CCompiler.locate(requested: "no-such-cc", environment: ["PATH": path.path]),
                             "C compiler 'no-such-cc' (from --cc) not found")
        assertToolchainError(try CCompiler.locate(requested: "/nonexistent/bin/cc -O2", environment: ["PATH": path.path]),
                             "C compiler '/nonexistent/bin/cc' (from --cc) not found")
    }

    func testExplicitCompilerIsNotReplacedByAFallback() throws {
        // clang is on PATH, but a requested compiler that is missing must not silently become clang.
        let bin = try makeScratchDirectory("locate-no-fallback")
        try makeExecutable("clang", in: bin)
        assertToolchainError(try CCompiler.locate(requested: "gcc-42", environment: ["PATH": bin.path]),
                             "C compiler 'gcc-42' (from --cc) not found")
    }

    func testCCIsHonouredWithItsArguments() throws {
        let bin = try makeScratchDirectory("locate-cc")
        let mycc = try makeExecutable("mycc", in: bin)
        try makeExecutable("clang", in: bin)
        let compiler = try CCompiler.locate(requested: nil, environment: ["PATH": bin.path, "CC": "mycc  -m64 --target=x"])
        XCTAssertEqual(compiler, CCompiler(executable: mycc, leadingArguments: ["-m64", "--target=x"]))
    }

    func testRequestedCompilerWinsOverCC() throws {
        let bin = try makeScratchDirectory("locate-requested")
        let chosen = try makeExecutable("chosen", in: bin)
        let compiler = try CCompiler.locate(requested: "chosen", environment: ["PATH": bin.path, "CC": "does-not-exist"])
        XCTAssertEqual(compiler.executable, chosen)
        XCTAssertEqual(compiler.leadingArguments, [])
    }

    func testMissingCCIsAnErrorNamingCC() throws {
        let bin = try makeScratchDirectory("locate-cc-missing")
        try makeExecutable("clang", in: bin)
        assertToolchainError(try CCompiler.locate(requested: nil, environment: ["PATH": bin.path, "CC": "nowhere-cc"]),
                             "C compiler 'nowhere-cc' (from $CC) not found")
    }

    func testClangIsPreferredToCCAndBlankSettingsAreIgnored() throws {
        let both = try makeScratchDirectory("locate-both")
        let clang = try makeExecutable("clang", in: both)
        try makeExecutable("cc", in: both)
        XCTAssertEqual(try CCompiler.locate(requested: " ", environment: ["PATH": both.path, "CC": ""]).executable, clang)

        let onlyCC = try makeScratchDirectory("locate-only-cc")
        let cc = try makeExecutable("cc", in: onlyCC)
        XCTAssertEqual(try CCompiler.locate(requested: nil, environment: ["PATH": onlyCC.path]).executable, cc)
    }

    func testNoCompilerAtAll() throws {
        let empty = try makeScratchDirectory("locate-empty")
        assertToolchainError(try CCompiler.locate(requested: nil, environment: ["PATH": empty.path]),
                             "no C compiler found: install clang or cc, or name one with --cc or $CC")
    }

    func testFindExecutableSkipsDirectoriesAndFilesThatCannotRun() throws {
        let first = try makeScratchDirectory("find-first"), second = try makeScratchDirectory("find-second")
        try FileManager.default.createDirectory(at: first.appendingPathComponent("tool"), withIntermediateDirectories: true)
        try makeExecutable("tool", in: second, mode: 0o644)
        let third = try makeScratchDirectory("find-third")
        let tool = try makeExecutable("tool", in: third)
        XCTAssertEqual(CCompiler.findExecutable("tool", searchPath: "\(first.path)::\(second.path):\(third.path)"), tool)
        XCTAssertNil(CCompiler.findExecutable("tool", searchPath: "\(first.path):\(second.path)"))
        XCTAssertEqual(CCompiler.findExecutable(tool, searchPath: ""), tool, "a path is taken as it is")
        XCTAssertNil(CCompiler.findExecutable(second.appendingPathComponent("tool").path, searchPath: third.path))
    }
}
