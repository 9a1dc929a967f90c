import Foundation
import TestSupport
import Toolchain
import XCTest

/// The names in `directory`, sorted (hidden ones included).
func listing(_ directory: URL) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
}

final class FileSystemTests: XCTestCase {
    func testReadBytesReadsTheWholeFile() throws {
        let directory = try makeScratchDirectory("read")
        let bytes = (0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        try Data(bytes).write(to: directory.appendingPathComponent("big"))
        XCTAssertEqual(try FileSystem.readBytes(atPath: directory.appendingPathComponent("big").path), bytes)
    }

    func testReadErrorsNameThePathAndTheReason() throws {
        let directory = try makeScratchDirectory("read-errors")
        let missing = directory.appendingPathComponent("missing.wasm").path
        assertToolchainError(try FileSystem.readBytes(atPath: missing), "cannot read '\(missing)': No such file or directory")
        assertToolchainError(try FileSystem.readBytes(atPath: directory.path), "cannot read '\(directory.path)': Is a directory")
    }

    func testWriteAtomicallyCreatesAndReplacesWithTheMode() throws {
        let directory = try makeScratchDirectory("write")
        let path = directory.appendingPathComponent("out").path
        try FileSystem.writeAtomically("first", to: path, mode: 0o755)
        try FileSystem.writeAtomically(Array("second".utf8), to: path, mode: 0o600)
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "second")
        let permissions = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        XCTAssertEqual(permissions, 0o600)
        XCTAssertEqual(try listing(directory), ["out"], "no temporary file is left")
    }

    func testFailedWriteLeavesNothingBehind() throws {
        let directory = try makeScratchDirectory("write-fails")
        let path = directory.appendingPathComponent("missing/out").path
        assertToolchainError(try FileSystem.writeAtomically("x", to: path), "cannot write '\(path)': No such file or directory")
        // Renaming over a non-empty directory fails after the temporary file was written.
        let blocked = directory.appendingPathComponent("blocked")
        try FileManager.default.createDirectory(at: blocked.appendingPathComponent("inside"), withIntermediateDirectories: true)
        XCTAssertThrowsError(try FileSystem.writeAtomically("x", to: blocked.path))
        XCTAssertEqual(try listing(directory), ["blocked"])
    }

    func testTemporarySiblingIsAHiddenNameInTheSameDirectory() {
        let sibling = FileSystem.temporarySibling(of: "/a/b/out.o")
        XCTAssertTrue(sibling.hasPrefix("/a/b/.out.o.tmp-\(getpid())-"), sibling)
        XCTAssertNotEqual(sibling, FileSystem.temporarySibling(of: "/a/b/out.o"))
        XCTAssertTrue(FileSystem.temporarySibling(of: "plain").hasPrefix(".plain.tmp-"))
    }

    func testCreateDirectoriesMakesEveryParentAndRefusesAFile() throws {
        let root = try makeScratchDirectory("mkdir")
        let deep = root.appendingPathComponent("a/b/c").path
        try FileSystem.createDirectories(deep)
        try FileSystem.createDirectories(deep)
        XCTAssertTrue(FileSystem.isDirectory(deep))
        let file = root.appendingPathComponent("file").path
        try "x".write(toFile: file, atomically: true, encoding: .utf8)
        assertToolchainError(try FileSystem.createDirectories(file), "cannot create directory '\(file)': Not a directory")
        XCTAssertThrowsError(try FileSystem.createDirectories(file + "/below"))
    }

    func testMakeTemporaryDirectoryIsNewAndPrivate() throws {
        let first = try FileSystem.makeTemporaryDirectory(prefix: "bs-aot-fs-test")
        let second = try FileSystem.makeTemporaryDirectory(prefix: "bs-aot-fs-test")
        defer { FileSystem.removeTree(first); FileSystem.removeTree(second) }
        XCTAssertNotEqual(first, second)
        XCTAssertTrue(URL(fileURLWithPath: first).lastPathComponent.hasPrefix("bs-aot-fs-test-"))
        let permissions = try FileManager.default.attributesOfItem(atPath: first)[.posixPermissions] as? Int
        XCTAssertEqual(permissions, 0o700)
    }

    func testRemoveTreeRemovesEverythingAndIgnoresMissingPaths() throws {
        let root = try makeScratchDirectory("remove")
        try FileSystem.createDirectories(root.appendingPathComponent("x/y").path)
        try "z".write(toFile: root.appendingPathComponent("x/y/z").path, atomically: true, encoding: .utf8)
        FileSystem.removeTree(root.appendingPathComponent("x").path)
        FileSystem.removeTree(root.appendingPathComponent("never-there").path)
        XCTAssertEqual(try listing(root), [])
    }

    func testPathHelpers() {
        XCTAssertEqual(FileSystem.directory(of: "a/b/c.wasm"), "a/b")
        XCTAssertEqual(FileSystem.directory(of: "/c.wasm"), "/")
        XCTAssertEqual(FileSystem.directory(of: "c.wasm"), ".")
        XCTAssertEqual(FileSystem.absolute("/x/y"), "/x/y")
        XCTAssertEqual(FileSystem.absolute("y"), FileManager.default.currentDirectoryPath + "/y")
        XCTAssertTrue(FileSystem.isDirectory("/"))
        XCTAssertFalse(FileSystem.isDirectory("/nonexistent-bs-aot"))
    }
}
