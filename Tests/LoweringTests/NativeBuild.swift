import Foundation
import Lowering
import Toolchain
import XCTest

// Compiling generated C with the system clang against runtime-c, for the tests that check the C
// compiles cleanly and computes the right thing. LoweringTests does not depend on Toolchain, so
// this drives clang directly, with the flags Toolchain uses for generated code plus -Werror.

/// How a child process ended.
struct ToolResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

enum NativeBuild {
    /// `<repository>/runtime-c`: this file is `<repository>/Tests/LoweringTests/NativeBuild.swift`.
    static let runtimeDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("runtime-c").path

    /// Flags for generated C: Toolchain's (`generatedCodeFlags`) at bs-aot's default -O2, with
    /// warnings as errors.
    static let generatedCodeFlags = [
        "-std=c11", "-O2", "-ffp-contract=off", "-fno-optimize-sibling-calls", "-fno-strict-aliasing",
        "-Wall", "-Wextra", "-Werror", "-I", runtimeDirectory + "/include",
    ]

    /// A fresh directory for this test process's files.
    static let scratch: URL = {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("bs-aot-lowering-tests-\(ProcessInfo.processInfo.processIdentifier)")
        try? FileManager.default.removeItem(at: url)
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        if ProcessInfo.processInfo.environment["BS_AOT_KEEP_TEST_FILES"] == nil {
            atexit { try? FileManager.default.removeItem(at: NativeBuild.scratch) }
        }
        return url
    }()

    /// Runs `arguments[0]` (looked up in PATH) in `directory`; kills it after `timeout` seconds.
    static func run(_ arguments: [String], in directory: URL, timeout: TimeInterval = 60) throws -> ToolResult {
        let tag = UUID().uuidString
        let out = directory.appendingPathComponent(".out-\(tag)"), err = directory.appendingPathComponent(".err-\(tag)")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: out); try? FileManager.default.removeItem(at: err) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(5000) }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        return ToolResult(status: process.terminationStatus,
                          stdout: try String(contentsOf: out, encoding: .utf8), stderr: try String(contentsOf: err, encoding: .utf8))
    }

    /// The runtime compiled once per test process (at -O1: the tests are small). Each source
    /// directory gets its own object directory: `wasi/fd.c` and `wasix/fd.c` share a base name.
    static let runtimeObjects: Result<[String], ToolError> = {
        var objects: [String] = []
        for sub in ["src", "src/wasi", "src/wasix"] {
            let directory = scratch.appendingPathComponent("runtime/" + sub)
            try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let sources = ((try? FileManager.default.contentsOfDirectory(atPath: "\(runtimeDirectory)/\(sub)")) ?? [])
                .filter { $0.hasSuffix(".c") }.sorted().map { "\(runtimeDirectory)/\(sub)/\($0)" }
            do {
                let result = try run(["clang", "-std=c11", "-D_GNU_SOURCE", "-O1", "-pthread", "-I", runtimeDirectory + "/include",
                                      "-I", runtimeDirectory + "/src", "-c"] + sources, in: directory)
                guard result.status == 0 else { return .failure(ToolError("runtime build failed:\n" + result.stderr)) }
            } catch {
                return .failure(ToolError("cannot run clang: \(error)"))
            }
            objects += sources.map { directory.appendingPathComponent(URL(fileURLWithPath: $0).deletingPathExtension().lastPathComponent + ".o").path }
        }
        return .success(objects)
    }()

    /// Writes `module`'s files into a new directory named `name` and returns it.
    static func write(_ module: CModule, as name: String) throws -> URL {
        let directory = scratch.appendingPathComponent(name)
        try? FileManager.default.removeItem(at: directory)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for file in module.files {
            try file.contents.write(to: directory.appendingPathComponent(file.name), atomically: true, encoding: .utf8)
        }
        return directory
    }

    /// Compiles every unit of `modules` with `-fsyntax-only` in one clang run; returns clang's
    /// diagnostics, or nil when there are none.
    static func syntaxCheck(_ modules: [String: CModule]) throws -> String? {
        var files: [String] = []
        for (name, module) in modules.sorted(by: { $0.key < $1.key }) {
            let directory = try write(module, as: "syntax-\(name)")
            files += module.units.map { directory.appendingPathComponent($0.name).path }
        }
        let result = try run(["clang", "-fsyntax-only"] + generatedCodeFlags + files, in: scratch)
        return result.status == 0 && result.stderr.isEmpty ? nil : result.stderr
    }

    /// Builds `module` (plus `driver`, a C file with `main`, when given) into an executable
    /// linked with the runtime, its C compiled with `flags` as well, and runs it.
    static func buildAndRun(_ module: CModule, driver: String? = nil, flags: [String] = [], name: String = #function) throws -> ToolResult {
        let objects = try runtimeObjects.get()
        let directory = try write(module, as: name.filter { $0.isLetter || $0.isNumber })
        var sources = module.units.map(\.name)
        if let driver {
            try driver.write(to: directory.appendingPathComponent("driver.c"), atomically: true, encoding: .utf8)
            sources.append("driver.c")
        }
        let build = try run(
            ["clang"] + generatedCodeFlags + flags + sources + objects + Toolchain.memoryPlaceFlags + ["-o", "program", "-lm", "-pthread"],
            in: directory)
        guard build.status == 0 else { throw ToolError("clang failed:\n" + build.stderr) }
        return try run(["./program"], in: directory, timeout: 20)
    }

    /// A driver that instantiates `w_module` and runs each of `calls` (C statements; `I` is the
    /// instance, `F("name")` an exported function) under `bsrt_call_guarded`, printing
    /// `trap: <reason>` after any that traps. `declarations` come first (typedefs, helpers).
    static func driver(declarations: String = "", calls: [String]) -> String {
        let calls = calls.isEmpty ? ["(void)0"] : calls
        var out = """
            #include <inttypes.h>
            #include <stdio.h>
            #include <stdlib.h>
            #include "w.h"

            static bsrt_instance *I;

            __attribute__((unused)) static const bsrt_func *F(const char *name) {
              bsrt_extern e;
              if (!bsrt_find_export(I, name, &e) || e.kind != BSRT_EXTERN_FUNC) { printf("no export %s\\n", name); exit(2); }
              return e.as.func;
            }

            \(declarations)

            """
        for (index, call) in calls.enumerated() {
            out += "static void call\(index)(void *arg) { (void)arg; \(call); }\n"
        }
        out += """
            static void (*const calls[])(void *) = { \(calls.indices.map { "call\($0)" }.joined(separator: ", ")) };

            int main(void) {
              bsrt_trap_code trap;
              I = bsrt_instantiate(&w_module, NULL, &trap);
              if (trap != BSRT_TRAP_NONE) { printf("instantiate: trap: %s\\n", bsrt_last_trap_reason()); return 1; }
              for (size_t i = 0; i < sizeof calls / sizeof calls[0]; i++) {
                if (bsrt_call_guarded(calls[i], NULL) != BSRT_TRAP_NONE) printf("trap: %s\\n", bsrt_last_trap_reason());
                fflush(stdout);
              }
              return 0;
            }

            """
        return out
    }
}

/// A failed compile or runtime build, with the compiler's output.
struct ToolError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
