import Foundation
import TestSupport
import Testing

/// A build's environment options and what `args_env.c` then sees, against the native build
/// run with the environment those options describe (and against wasmtime with the same
/// options): by default the host's environment; `--env NAME=VALUE` adds or replaces one
/// variable; `--no-inherit-env` starts from nothing but the `--env` values.
struct EnvironmentCase: Sendable, CustomTestStringConvertible {
    var label: String
    var buildOptions: [String]
    /// The environment the native build must be given to print the same.
    var nativeEnvironment: [String: String]

    var testDescription: String { label }

    static let all: [EnvironmentCase] = [
        EnvironmentCase(label: "inherits by default", buildOptions: [], nativeEnvironment: programEnvironment),
        EnvironmentCase(
            label: "--env adds and replaces",
            buildOptions: [
                "--env", "BSAOT_GREETING=replaced", "--env", "BSAOT_ADDED=a new value", "--env", "BSAOT_EQUALS=a=b=c",
                "--env", "BSAOT_BLANK=", "--env", "BSAOT_UNICODE=ünïcödé ✓",
            ],
            nativeEnvironment: programEnvironment.merging(
                [
                    "BSAOT_GREETING": "replaced", "BSAOT_ADDED": "a new value", "BSAOT_EQUALS": "a=b=c",
                    "BSAOT_BLANK": "", "BSAOT_UNICODE": "ünïcödé ✓",
                ], uniquingKeysWith: { $1 })),
        EnvironmentCase(
            label: "the last --env of a name wins",
            buildOptions: ["--env", "BSAOT_GREETING=first", "--env", "BSAOT_GREETING=second"],
            nativeEnvironment: programEnvironment.merging(["BSAOT_GREETING": "second"], uniquingKeysWith: { $1 })),
        EnvironmentCase(
            label: "--no-inherit-env with --env",
            buildOptions: ["--no-inherit-env", "--env", "BSAOT_ONLY=1", "--env", "BSAOT_GREETING=mine"],
            nativeEnvironment: ["BSAOT_ONLY": "1", "BSAOT_GREETING": "mine"]),
        EnvironmentCase(
            label: "a bare --env NAME passes the run-time value through",
            buildOptions: ["--no-inherit-env", "--env", "BSAOT_GREETING", "--env", "BSAOT_UNSET_VARIABLE"],
            nativeEnvironment: ["BSAOT_GREETING": programEnvironment["BSAOT_GREETING"] ?? ""]),
        EnvironmentCase(label: "--no-inherit-env alone", buildOptions: ["--no-inherit-env"], nativeEnvironment: [:]),
    ]
}

/// Arguments every environment case passes, including awkward ones.
private let environmentArguments = ["plain", "two words", "", "ünïcödé ✓", "--env=not-an-option", "-"]

@Suite(.serialized)
struct EnvironmentTests {
    @Test(arguments: EnvironmentCase.all)
    func environmentOptions(_ testCase: EnvironmentCase) async throws {
        let built = try await GrantedBuilds.shared.build("args_env", options: testCase.buildOptions)
        let native = try #require(built.native)
        let directory = try makeScratchDirectory("environment-\(testCase.label.filter(\.isLetter))")
        let expected = try await runInDirectory(
            native.path, environmentArguments, environment: testCase.nativeEnvironment, in: directory)
        // The executable is always run with `programEnvironment`: what it passes on depends
        // only on how it was built.
        let actual = try await runInDirectory(
            built.aot.path, environmentArguments, environment: programEnvironment, in: directory)
        #expect(expected.exitedNormally && expected.status == 0, "native: \(expected.ending)")
        #expect(actual.exitedNormally && actual.status == 0, "bs-aot: \(actual.ending); stderr: \(actual.stderrText)")
        let difference = describeDifference("native", expected.stdout, "bs-aot", actual.stdout)
        #expect(difference == nil, "\(difference ?? "")")

        guard
            let reference = try await runUnderWasmtime(
                built.wasm, buildOptions: built.buildOptions, argv0: "args_env", environmentArguments,
                environment: programEnvironment, in: directory)
        else { return }
        let wasmtimeDifference = describeDifference("wasmtime", reference.stdout, "bs-aot", actual.stdout)
        #expect(wasmtimeDifference == nil, "\(wasmtimeDifference ?? "")")
    }

    /// `bs-aot run IN.wasm --env ... --dir ... -- ARGS`: the same options as `build`, the
    /// arguments after `--` passed on, and a second run served from the cache.
    @Test func runCommandTakesEnvAndDirOptions() async throws {
        let bsAot = try requireBsAot()
        let built = try await GrantedBuilds.shared.build("grants", options: ["--dir", "."], nativeToo: false)
        let directory = try makeScratchDirectory("run-command-options")
        try seedStartingTree(in: directory)
        var environment = programEnvironment
        environment["BS_AOT_CACHE_DIR"] = directory.appendingPathComponent(".cache").path
        let arguments = [
            "run", built.wasm.path, "--dir", "sub::/inside", "--dir", ".", "--env", "BSAOT_GREETING=from run",
            "--", "/inside/inner.txt", "input.txt", "write:/inside/made.txt",
        ]
        let expected = """
            fd 3: pre-opened directory '/inside'
            fd 4: pre-opened directory '.'
            fd 5: EBADF (end of the pre-opened directories)
            read /inside/inner.txt: inner
            read input.txt: line one
            write /inside/made.txt: ok

            """
        for attempt in 1...2 {
            let result = try await runInDirectory(bsAot.path, arguments, environment: environment, in: directory)
            #expect(result.exitedNormally && result.status == 0, "run \(attempt): \(result.ending); \(result.stderrText)")
            #expect(result.stdoutText == expected, "run \(attempt) printed:\n\(result.stdoutText)")
        }
        let made = try String(contentsOf: directory.appendingPathComponent("sub/made.txt"), encoding: .utf8)
        #expect(made == "written\n")
    }
}
