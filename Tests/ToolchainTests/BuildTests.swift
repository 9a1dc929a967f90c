import Foundation
import TestSupport
import Toolchain
import XCTest

/// One toolchain and runtime (default flags) for every build test of this process, with its
/// cache in a scratch directory: the runtime is compiled once.
actor SharedToolchain {
    static let shared = SharedToolchain()
    private var building: Task<(Toolchain, RuntimeLibrary), Error>?

    func get() async throws -> (toolchain: Toolchain, runtime: RuntimeLibrary) {
        if let building { return try await building.value }
        let task = Task { () throws -> (Toolchain, RuntimeLibrary) in
            let toolchain = try Toolchain(jobs: 2, cacheDirectory: try makeScratchDirectory("shared-cache").path)
            return (toolchain, try await toolchain.runtimeLibrary())
        }
        building = task
        return try await task.value
    }
}

final class BuildTests: XCTestCase {
    private let program = SourceFile(name: "main.c", contents: """
        #include <stdio.h>
        #include "bsrt.h"
        #include "greeting.h"
        int main(void) {
          printf("%s %d\\n", GREETING, bsrt_type_id("ii:i") == bsrt_type_id("ii:i"));
          return 3;
        }
        """)

    private func header(_ greeting: String) -> SourceFile {
        SourceFile(name: "greeting.h", contents: "#define GREETING \"\(greeting)\"\n")
    }

    /// The cached objects of `toolchain` (`<cache>/objects/*.o`).
    private func cachedObjects(_ toolchain: Toolchain) throws -> [String] {
        try listing(URL(fileURLWithPath: toolchain.cache.directory + "/objects"))
    }

    func testBuildsAnExecutableLinkedWithTheRuntime() async throws {
        let (toolchain, _) = try await SharedToolchain.shared.get()
        let directory = try makeScratchDirectory("build-ok")
        let output = directory.appendingPathComponent("hello").path
        try await toolchain.buildExecutable(sources: [header("hello"), program], output: output)
        let result = try await runProcess(output, [], in: directory, timeout: .seconds(20))
        XCTAssertEqual(result.stdoutText, "hello 1\n")
        XCTAssertEqual(result.status, 3)
        XCTAssertEqual(try listing(directory), ["hello"], "only the executable is left next to it")
    }

    func testUnchangedUnitsAreReusedFromTheObjectCache() async throws {
        let (toolchain, _) = try await SharedToolchain.shared.get()
        let directory = try makeScratchDirectory("build-cached")
        let output = directory.appendingPathComponent("p").path
        let unit = SourceFile(name: "unit.c", contents: "int main(void) { return 0; }\n/* build-cached */\n")
        try await toolchain.buildExecutable(sources: [unit], output: output)
        let afterFirst = try cachedObjects(toolchain)
        try await toolchain.buildExecutable(sources: [unit], output: output)
        XCTAssertEqual(try cachedObjects(toolchain), afterFirst, "the same C compiles to the cached object")

        let changed = SourceFile(name: "unit.c", contents: unit.contents + "/* changed */\n")
        try await toolchain.buildExecutable(sources: [changed], output: output)
        XCTAssertEqual(try cachedObjects(toolchain).count, afterFirst.count + 1)
        try await toolchain.buildExecutable(sources: [changed], output: output, optimization: "-O0")
        XCTAssertEqual(try cachedObjects(toolchain).count, afterFirst.count + 2, "flags are part of the key")
    }

    func testAHeaderChangeRecompilesTheUnitsBesideIt() async throws {
        let (toolchain, _) = try await SharedToolchain.shared.get()
        let directory = try makeScratchDirectory("build-header")
        let output = directory.appendingPathComponent("p").path
        try await toolchain.buildExecutable(sources: [header("one"), program], output: output)
        let before = try cachedObjects(toolchain)
        try await toolchain.buildExecutable(sources: [header("two"), program], output: output)
        XCTAssertEqual(try cachedObjects(toolchain).count, before.count + 1)
        let result = try await runProcess(output, [], in: directory, timeout: .seconds(20))
        XCTAssertEqual(result.stdoutText, "two 1\n")
    }

    func testCompileErrorNamesTheFileAndCachesNothing() async throws {
        let (toolchain, _) = try await SharedToolchain.shared.get()
        let directory = try makeScratchDirectory("build-compile-error")
        let output = directory.appendingPathComponent("p").path
        let before = try cachedObjects(toolchain)
        do {
            try await toolchain.buildExecutable(sources: [SourceFile(name: "bad.c", contents: "int main(void) { return }\n")], output: output)
            XCTFail("the build should fail")
        } catch {
            XCTAssertEqual(error.message, "C compiler failed on 'bad.c' (exit status 1)")
            XCTAssertTrue(error.details?.contains("error:") == true, error.details ?? "")
        }
        XCTAssertEqual(try cachedObjects(toolchain), before, "no object and no temporary file")
        XCTAssertEqual(try listing(directory), [])
    }

    func testFailedLinkLeavesNoOutputAndKeepsTheOldOne() async throws {
        let (toolchain, runtime) = try await SharedToolchain.shared.get()
        let directory = try makeScratchDirectory("link-fails")
        let source = directory.appendingPathComponent("undefined.c").path
        try "int missing(void);\nint main(void) { return missing(); }\n".write(toFile: source, atomically: true, encoding: .utf8)
        let objects = try await toolchain.compile([source], flags: ["-O0"], runtime: runtime, into: directory.path)
        let output = directory.appendingPathComponent("out").path
        let before = try listing(directory)
        do {
            try await toolchain.link(objects: objects, runtime: runtime, output: output)
            XCTFail("the link should fail")
        } catch {
            XCTAssertEqual(error.message, "linking '\(output)' failed (exit status 1)")
            XCTAssertTrue(error.details?.contains("missing") == true, error.details ?? "")
        }
        XCTAssertEqual(try listing(directory), before, "no output and no temporary file")

        try "old".write(toFile: output, atomically: true, encoding: .utf8)
        do {
            try await toolchain.link(objects: objects, runtime: runtime, output: output)
        } catch {}
        XCTAssertEqual(try String(contentsOfFile: output, encoding: .utf8), "old", "a failed link does not touch the output")
        XCTAssertEqual(try listing(directory), (before + ["out"]).sorted())
    }

    func testUnwritableOutputIsRefusedBeforeCompiling() async throws {
        let (toolchain, _) = try await SharedToolchain.shared.get()
        let directory = try makeScratchDirectory("build-unwritable")
        let missing = directory.appendingPathComponent("no/such/dir/p").path
        do {
            try await toolchain.buildExecutable(sources: [program], output: missing)
            XCTFail("the build should fail")
        } catch {
            XCTAssertEqual("\(error)", "cannot write '\(missing)': No such file or directory")
        }
        do {
            try await toolchain.buildExecutable(sources: [program], output: directory.path)
            XCTFail("the build should fail")
        } catch {
            XCTAssertEqual("\(error)", "cannot write '\(directory.path)': Is a directory")
        }
    }

    func testCompilerWarningsAreReported() async throws {
        var (toolchain, _) = try await SharedToolchain.shared.get()
        let warnings = Messages()
        toolchain.warnings = warnings.record
        let directory = try makeScratchDirectory("build-warnings")
        let unit = SourceFile(name: "warn.c", contents: "int main(void) { int unused_variable; return 0; }\n")
        try await toolchain.buildExecutable(sources: [unit], output: directory.appendingPathComponent("p").path)
        XCTAssertEqual(warnings.all.count, 1)
        XCTAssertTrue(warnings.all.first?.contains("unused_variable") == true, "\(warnings.all)")
    }

    func testKeepDirectoryHoldsTheSources() async throws {
        let (toolchain, _) = try await SharedToolchain.shared.get()
        let directory = try makeScratchDirectory("build-keep")
        let keep = directory.appendingPathComponent("c files").path
        try await toolchain.buildExecutable(sources: [header("kept"), program], output: directory.appendingPathComponent("p").path,
                                            keepDirectory: keep)
        XCTAssertEqual(try listing(URL(fileURLWithPath: keep)), ["greeting.h", "main.c"])
    }
}
