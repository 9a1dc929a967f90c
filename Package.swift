// swift-tools-version:6.2
import PackageDescription

let package = Package(
    name: "bs-aot",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "bs-aot", targets: ["bs-aot"])
    ],
    dependencies: [
        .package(url: "https://github.com/swiftwasm/WasmKit", from: "0.4.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/swiftlang/swift-subprocess", from: "1.0.2"),
    ],
    targets: [
        .executableTarget(
            name: "bs-aot",
            dependencies: ["Commands", "Pipeline", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        .target(
            name: "Commands",
            dependencies: [
                "Pipeline", "Bench",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .target(
            name: "Bench",
            dependencies: [
                "Pipeline",
                .product(name: "WasmKit", package: "WasmKit"), .product(name: "WasmKitWASI", package: "WasmKit"),
                .product(name: "WasmParser", package: "WasmKit"),
            ]),
        .target(
            name: "Pipeline",
            dependencies: [
                "WasmModule", "Validator", "Lowering", "Toolchain",
                .product(name: "WasmParser", package: "WasmKit"),
            ]),
        .target(name: "WasmModule", dependencies: [.product(name: "WasmParser", package: "WasmKit")]),
        .target(name: "Validator", dependencies: ["WasmModule", .product(name: "WasmParser", package: "WasmKit")]),
        .target(
            name: "Lowering",
            dependencies: ["WasmModule", "Validator", "EmbeddedRuntime", .product(name: "WasmParser", package: "WasmKit")]),
        .target(
            name: "Toolchain",
            dependencies: [
                "EmbeddedRuntime",
                .product(name: "Subprocess", package: "swift-subprocess"),
            ]),
        .target(name: "EmbeddedRuntime", plugins: ["EmbedRuntimePlugin"]),
        .plugin(name: "EmbedRuntimePlugin", capability: .buildTool(), dependencies: ["embed-runtime"]),
        .executableTarget(name: "embed-runtime"),
        // Robustness: the translator's fuzz target (scripts/fuzz.sh builds it with libFuzzer).
        .target(name: "Fuzzing", dependencies: ["WasmModule", "Lowering", .product(name: "WAT", package: "WasmKit")]),
        .executableTarget(name: "bs-aot-fuzz", dependencies: ["Fuzzing"]),

        .testTarget(name: "WasmModuleTests", dependencies: ["WasmModule", .product(name: "WAT", package: "WasmKit")]),
        .testTarget(name: "ValidatorTests", dependencies: ["Validator", "WasmModule", .product(name: "WAT", package: "WasmKit")]),
        .testTarget(name: "ToolchainTests", dependencies: ["Toolchain", "TestSupport"]),
        .testTarget(
            name: "LoweringTests", dependencies: ["Lowering", "WasmModule", "Toolchain", .product(name: "WAT", package: "WasmKit")]),
        .testTarget(
            name: "SpecTests",
            dependencies: [
                "Pipeline", "WasmModule", "Lowering", "Toolchain",
                .product(name: "WAT", package: "WasmKit"), .product(name: "WasmParser", package: "WasmKit"),
            ],
            exclude: ["known-failures.txt", "passed-counts.txt", "TRIAGE.md"]),
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "WASITests", dependencies: ["Pipeline", "TestSupport"]),
        .testTarget(name: "WASIXTests", dependencies: ["TestSupport", .product(name: "WAT", package: "WasmKit")]),
        .testTarget(name: "CPythonTests", dependencies: ["TestSupport"]),
        .testTarget(name: "DistributionTests", dependencies: ["TestSupport", .product(name: "WAT", package: "WasmKit")]),
        .testTarget(
            name: "EndToEndTests", dependencies: ["Pipeline", "TestSupport", .product(name: "WAT", package: "WasmKit")],
            exclude: ["Fixtures"]),
        .testTarget(
            name: "RobustnessTests",
            dependencies: [
                "Fuzzing", "Pipeline", "WasmModule", "Lowering", "Toolchain", "TestSupport",
                .product(name: "WasmKit", package: "WasmKit"), .product(name: "WAT", package: "WasmKit"),
            ],
            exclude: ["Fixtures"]),
        .testTarget(
            name: "BenchTests", dependencies: ["Bench", "Commands", "TestSupport", .product(name: "WAT", package: "WasmKit")]),
        .testTarget(
            name: "RuntimeTests",
            dependencies: ["Toolchain", .product(name: "Subprocess", package: "swift-subprocess")],
            exclude: ["c", "run.sh", "host_battery.sh"]),
    ]
)
