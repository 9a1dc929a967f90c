import Foundation
import TestSupport
import Toolchain
import XCTest

final class CompileCommandTests: XCTestCase {
    /// The words `sh` passes to the program after evaluating `command`, one per printed line.
    private func shellWords(_ command: String) async throws -> [String] {
        let directory = try makeScratchDirectory("shell-words")
        let result = try await runProcess("/bin/sh", ["-c", command], in: directory, timeout: .seconds(10))
        XCTAssertEqual(result.status, 0, result.stderrText)
        // Each word is printed followed by a NUL, so words may contain newlines.
        return result.stdoutText.split(separator: "\0", omittingEmptySubsequences: false).dropLast().map(String.init)
    }

    func testSafeWordsAreNotQuoted() {
        for word in ["clang", "-O2", "-I/usr/include", "a_b.c", "-DX=1", "host:port", "a+b,c@d%e"] {
            XCTAssertEqual(Toolchain.shellQuoted(word), word)
        }
    }

    func testOtherWordsAreSingleQuoted() {
        XCTAssertEqual(Toolchain.shellQuoted(""), "''")
        XCTAssertEqual(Toolchain.shellQuoted("my dir/w.c"), "'my dir/w.c'")
        XCTAssertEqual(Toolchain.shellQuoted("it's"), #"'it'\''s'"#)
        XCTAssertEqual(Toolchain.shellQuoted("$HOME"), "'$HOME'")
        XCTAssertEqual(Toolchain.shellQuoted("*.c"), "'*.c'")
    }

    func testQuotedWordsSurviveTheShellUnchanged() async throws {
        let words = ["plain", "", "two words", "it's", #"back\slash"#, #"say "hi""#, "$(false)", "`false`", "a\nb", "tab\there",
                     "*", "~", "é", "''", "!x", "#x"]
        let command = "printf '%s\\0' " + words.map(Toolchain.shellQuoted).joined(separator: " ")
        let echoed = try await shellWords(command)
        XCTAssertEqual(echoed, words)
    }

    func testCompileCommandQuotesPathsButNotTheCompiler() {
        let command = Toolchain.compileCommand(
            compiler: "${CC:-cc}", cFiles: ["w.c", "my dir/w_funcs0.c"], runtimeDirectory: "run time's", output: "out put")
        XCTAssertTrue(command.hasPrefix("${CC:-cc} -std=c11 -O2 -fno-tree-slp-vectorize -ffp-contract=off -fno-optimize-sibling-calls "), command)
        XCTAssertTrue(command.contains(#" w.c 'my dir/w_funcs0.c' "#), command)
        XCTAssertTrue(command.contains(#" '-Irun time'\''s/include' '-Irun time'\''s/src' "#), command)
        XCTAssertTrue(command.hasSuffix(" -o 'out put' -lm -pthread"), command)
        XCTAssertFalse(command.contains("-Wall"), "the shell command stays quiet")
    }

    func testCompileCommandGivesTheCompilerEveryRuntimeUnit() async throws {
        let command = Toolchain.compileCommand(
            compiler: "printf '%s\\0'", cFiles: ["a b.c"], runtimeDirectory: "rt dir", output: "x y", optimization: "-O0")
        let words = try await shellWords(command)
        let units = RuntimeCache.runtimeUnits.map { "rt dir/\($0)" }
        XCTAssertEqual(Array(words.prefix(2)), ["-std=c11", "-O0"])
        XCTAssertTrue(words.contains("-Irt dir/include"))
        XCTAssertEqual(Array(words.drop { $0 != "a b.c" }), ["a b.c"] + units + ["-o", "x y", "-lm", "-pthread"])
    }
}
