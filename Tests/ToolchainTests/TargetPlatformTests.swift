import Toolchain
import XCTest

/// `--target`'s spellings, and what each platform adds to compiles, links and cache keys.
final class TargetPlatformTests: XCTestCase {
    func testTriplesAreNormalizedToDebiansSpelling() throws {
        for (given, expected) in [
            ("aarch64-linux-gnu", "aarch64-linux-gnu"), ("aarch64-unknown-linux-gnu", "aarch64-linux-gnu"),
            ("arm64-linux-gnu", "aarch64-linux-gnu"), ("x86_64-pc-linux-gnu", "x86_64-linux-gnu"),
            ("amd64-linux-gnu", "x86_64-linux-gnu"),
        ] {
            XCTAssertEqual(try TargetPlatform.normalize(given), expected, given)
        }
    }

    func testOtherTriplesAreRefusedNamingTheSupportedOnes() {
        for triple in ["riscv64-linux-gnu", "aarch64-linux-musl", "wasm32-wasi", "aarch64", "armv7-linux-gnueabihf"] {
            XCTAssertThrowsError(try TargetPlatform.normalize(triple)) { error in
                XCTAssertEqual(
                    "\(error)", "unsupported target '\(triple)' (supported: x86_64-linux-gnu, aarch64-linux-gnu)")
            }
        }
    }

    func testFlagsAndIdentity() {
        XCTAssertEqual(TargetPlatform.host.compileFlags, [])
        XCTAssertEqual(TargetPlatform.host.linkFlags(useLLD: false), [])
        XCTAssertEqual(TargetPlatform.host.identity, [], "the host's dynamic runtime keeps the key it always had")
        let cross = TargetPlatform(triple: "aarch64-linux-gnu", sysroot: "/opt/arm64", linkStatically: true)
        XCTAssertEqual(cross.compileFlags, ["--target=aarch64-linux-gnu", "--sysroot=/opt/arm64"])
        XCTAssertEqual(
            cross.linkFlags(useLLD: true), ["--target=aarch64-linux-gnu", "--sysroot=/opt/arm64", "-fuse-ld=lld", "-static"])
        XCTAssertEqual(cross.identity, ["target=aarch64-linux-gnu", "sysroot=/opt/arm64", "static"])
        XCTAssertEqual(TargetPlatform(linkStatically: true).identity, ["static"])
    }

    /// `--cpu`: `-march` on x86_64 and `-mcpu` on aarch64, after the target, in both caches' keys.
    func testCPUFlags() {
        XCTAssertEqual(TargetPlatform(triple: "x86_64-linux-gnu", cpu: "x86-64-v3").compileFlags, ["--target=x86_64-linux-gnu", "-march=x86-64-v3"])
        XCTAssertEqual(TargetPlatform(triple: "aarch64-linux-gnu", cpu: "neoverse-n1").compileFlags, ["--target=aarch64-linux-gnu", "-mcpu=neoverse-n1"])
        XCTAssertEqual(TargetPlatform(cpu: "skylake").identity, ["cpu=skylake"])
        XCTAssertEqual(TargetPlatform(cpu: "native").identity.first, "cpu=native")
        XCTAssertEqual(TargetPlatform(cpu: "native").identity.count, 2, "native also keys on this machine's CPU model")
    }
}
