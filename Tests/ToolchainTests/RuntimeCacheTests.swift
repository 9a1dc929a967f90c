import Foundation
import Synchronization
import TestSupport
import Toolchain
import XCTest

/// Messages a progress callback was told, for checking what work was done.
final class Messages: Sendable {
    private let storage = Mutex<[String]>([])
    var all: [String] { storage.withLock { $0 } }
    func record(_ message: String) { storage.withLock { $0.append(message) } }
}

/// The modification time of `path`.
func modificationDate(_ path: String) throws -> Date? {
    try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date
}

final class RuntimeCacheTests: XCTestCase {
    func testDefaultDirectoryPrecedence() {
        let uid = getuid()
        XCTAssertEqual(RuntimeCache.defaultDirectory(environment: ["BS_AOT_CACHE_DIR": "/c", "XDG_CACHE_HOME": "/x", "HOME": "/h"]), "/c")
        XCTAssertEqual(RuntimeCache.defaultDirectory(environment: ["BS_AOT_CACHE_DIR": "", "XDG_CACHE_HOME": "/x", "HOME": "/h"]), "/x/bs-aot")
        XCTAssertEqual(RuntimeCache.defaultDirectory(environment: ["XDG_CACHE_HOME": "relative", "HOME": "/h"]), "/h/.cache/bs-aot",
                       "the XDG spec ignores a relative XDG_CACHE_HOME")
        XCTAssertEqual(RuntimeCache.defaultDirectory(environment: [:]), "/tmp/bs-aot-cache-\(uid)")
        XCTAssertEqual(RuntimeCache(environment: ["BS_AOT_CACHE_DIR": "/c"]).directory, "/c")
        XCTAssertEqual(RuntimeCache(directory: "/explicit", environment: ["BS_AOT_CACHE_DIR": "/c"]).directory, "/explicit")
    }

    func testRuntimeUnitsAreEveryCFileOfTheRepositoryRuntime() throws {
        let source = repositoryRoot.appendingPathComponent("runtime-c/src")
        let files = try FileManager.default.subpathsOfDirectory(atPath: source.path).filter { $0.hasSuffix(".c") }
        XCTAssertEqual(RuntimeCache.runtimeUnits.sorted(), files.map { "src/\($0)" }.sorted())
    }

    func testRuntimeSourcesAreWrittenOnceAndMatchTheRepository() throws {
        let cache = RuntimeCache(directory: try makeScratchDirectory("runtime-sources").path)
        let directory = try cache.runtimeSources()
        XCTAssertTrue(URL(fileURLWithPath: directory).lastPathComponent.hasPrefix("runtime-"))
        for file in ["include/bsrt.h", "include/bsrt_ops.h", "src/wasi/fd.c"] {
            let written = try String(contentsOfFile: "\(directory)/\(file)", encoding: .utf8)
            let original = try String(contentsOf: repositoryRoot.appendingPathComponent("runtime-c/\(file)"), encoding: .utf8)
            XCTAssertEqual(written, original, file)
        }
        let before = try modificationDate("\(directory)/include/bsrt.h")
        XCTAssertEqual(try cache.runtimeSources(), directory)
        XCTAssertEqual(try modificationDate("\(directory)/include/bsrt.h"), before)
        XCTAssertEqual(try listing(URL(fileURLWithPath: cache.directory)), [URL(fileURLWithPath: directory).lastPathComponent])
    }

    func testRuntimeIsBuiltOnceAndThenReusedFromTheCache() async throws {
        let root = try makeScratchDirectory("runtime-once")
        let toolchain = try Toolchain(jobs: 2, cacheDirectory: root.path)
        // -O0 keeps this build quick; the flags are part of the cache key like any others.
        let flags = ["-std=c11", "-D_GNU_SOURCE", "-O0", "-pthread"]
        let first = Messages(), second = Messages()
        let built = try await toolchain.cache.library(compiler: toolchain.compiler, flags: flags, jobs: 2, progress: first.record)
        XCTAssertEqual(first.all.count, 1)
        XCTAssertTrue(first.all.first?.hasPrefix("building the runtime") == true, "\(first.all)")
        let archive = try XCTUnwrap(built.linkInputs.first)
        XCTAssertTrue(archive.hasSuffix("/libbsrt.a"), archive)
        let builtAt = try modificationDate(archive)

        let reused = try await toolchain.cache.library(compiler: toolchain.compiler, flags: flags, jobs: 2, progress: second.record)
        XCTAssertEqual(second.all, [], "nothing is rebuilt")
        XCTAssertEqual(reused.linkInputs, built.linkInputs)
        XCTAssertEqual(try modificationDate(archive), builtAt)

        // No staging directory is left next to the library.
        let runtime = URL(fileURLWithPath: built.sourceDirectory)
        XCTAssertEqual(try listing(runtime).filter { $0.hasPrefix(".") }, [])
        XCTAssertEqual(try listing(runtime).filter { $0.hasPrefix("lib-") }.count, 1)
    }

    func testOtherFlagsGetTheirOwnLibrary() async throws {
        let root = try makeScratchDirectory("runtime-flags")
        // A fake compiler that "compiles" by touching its -o file keeps this test fast.
        let bin = try makeScratchDirectory("fake-cc")
        let fake = bin.appendingPathComponent("fakecc").path
        try """
            #!/bin/sh
            while [ $# -gt 0 ]; do if [ "$1" = -o ]; then : > "$2"; fi; shift; done
            """.write(toFile: fake, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: fake)
        let toolchain = try Toolchain(compiler: fake, jobs: 2, cacheDirectory: root.path)
        let a = try await toolchain.cache.library(compiler: toolchain.compiler, flags: ["-O1"], jobs: 2)
        let b = try await toolchain.cache.library(compiler: toolchain.compiler, flags: ["-O3"], jobs: 2)
        let aAgain = try await toolchain.cache.library(compiler: toolchain.compiler, flags: ["-O1"], jobs: 2)
        XCTAssertNotEqual(a.linkInputs, b.linkInputs)
        XCTAssertEqual(a.linkInputs, aAgain.linkInputs)
        XCTAssertEqual(a.sourceDirectory, b.sourceDirectory, "one copy of the sources serves every flag set")
    }

    func testFailedRuntimeBuildLeavesNoLibrary() async throws {
        let root = try makeScratchDirectory("runtime-fails")
        let toolchain = try Toolchain(jobs: 2, cacheDirectory: root.path)
        do {
            _ = try await toolchain.cache.library(compiler: toolchain.compiler, flags: ["-fno-such-flag-for-bs-aot"], jobs: 2)
            XCTFail("the build should fail")
        } catch {
            XCTAssertTrue("\(error)".hasPrefix("C compiler failed on runtime file 'src/"), "\(error)")
        }
        let runtime = try XCTUnwrap(try listing(root).first)
        XCTAssertEqual(try listing(root.appendingPathComponent(runtime)), ["include", "src"])
    }
}
