import Foundation
import TestSupport
import Testing
import Toolchain

/// Differential testing against WasmKit's interpreter on random valid modules from binaryen's
/// `wasm-opt -ttf` (`Differential/Campaign.swift`). The default run compares a few dozen modules
/// with a fixed seed; `scripts/difftest.sh N [SEED [FIRST]]` runs N.
///
/// Environment: `BS_AOT_DIFFTEST_COUNT` (default 24), `BS_AOT_DIFFTEST_SEED` (default 1),
/// `BS_AOT_DIFFTEST_FIRST` (the first module number, default 0), `BS_AOT_DIFFTEST_OPT` (default
/// -O2), `BS_AOT_DIFFTEST_FINDINGS` (keep differing modules there).
@Suite struct DifferentialTests {
    @Test func bsAotAgreesWithWasmKitOnRandomModules() async throws {
        guard (try? await runProcess("wasm-opt", ["--version"], in: scratchRoot, timeout: .seconds(60)))?.status == 0 else {
            print("DifferentialTests: skipped: binaryen's wasm-opt is not on PATH (scripts/test.sh installs the Debian package binaryen)")
            return
        }
        let environment = ProcessInfo.processInfo.environment
        let toolchain = try Toolchain()
        let work = try makeScratchDirectory("difftest")
        let campaign = Campaign(
            seed: environment["BS_AOT_DIFFTEST_SEED"].flatMap { UInt64($0) } ?? 1,
            first: environment["BS_AOT_DIFFTEST_FIRST"].flatMap { Int($0) } ?? 0,
            count: environment["BS_AOT_DIFFTEST_COUNT"].flatMap { Int($0) } ?? 24,
            optimization: environment["BS_AOT_DIFFTEST_OPT"] ?? "-O2",
            work: work,
            findings: environment["BS_AOT_DIFFTEST_FINDINGS"].map { URL(fileURLWithPath: $0) },
            toolchain: toolchain, runtime: try await toolchain.runtimeLibrary())
        let summary = try await campaign.run { print($0) }
        print(summary.text)
        #expect(summary.generatorFailures.count < max(1, summary.modules / 10), "binaryen failed on many modules")
        #expect(summary.compared > 0)
        for difference in summary.differences {
            Issue.record("module \(difference.module) of seed \(campaign.seed), event \(difference.line): bs-aot `\(difference.ours)`, WasmKit `\(difference.reference)`")
        }
        for (module, error) in summary.refused {
            Issue.record("module \(module) of seed \(campaign.seed): bs-aot refused a module WasmKit runs: \(error)")
        }
    }
}
