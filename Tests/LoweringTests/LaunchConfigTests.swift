import Lowering
import XCTest

/// `--dir`/`--env` values, and the `main` unit that hands them to bsrt_main.
final class LaunchConfigTests: XCTestCase {
    func testGrantSyntaxIsWasmtimes() throws {
        XCTAssertEqual(try LaunchConfig.Grant(parsing: "lib"), .init(hostPath: "lib", guestPath: "lib"))
        XCTAssertEqual(try LaunchConfig.Grant(parsing: "/srv/py::/usr/local/lib"),
                       .init(hostPath: "/srv/py", guestPath: "/usr/local/lib"))
        XCTAssertEqual(try LaunchConfig.Grant(parsing: ".::/"), .init(hostPath: ".", guestPath: "/"))
        for bad in ["", "::x", "x::"] {
            XCTAssertThrowsError(try LaunchConfig.Grant(parsing: bad), bad)
        }
    }

    func testEnvironmentEntriesNeedAName() throws {
        XCTAssertNoThrow(try LaunchConfig.checkEnvironmentEntry("A=1"))
        XCTAssertNoThrow(try LaunchConfig.checkEnvironmentEntry("A="))
        XCTAssertNoThrow(try LaunchConfig.checkEnvironmentEntry("PASS_THROUGH"))
        XCTAssertThrowsError(try LaunchConfig.checkEnvironmentEntry("=1"))
        XCTAssertThrowsError(try LaunchConfig.checkEnvironmentEntry(""))
    }

    func testMainUnitCarriesTheConfigurationAsEscapedLiterals() throws {
        let launch = LaunchConfig(
            grants: [.init(hostPath: "dir \"q\"", guestPath: "/g")], environment: ["A=b\\c", "B"],
            inheritEnvironment: false)
        let c = try lowerWAT("(module)", options: LoweringOptions(emitMain: true, launch: launch))
        let main = c.file("w_main.c")
        XCTAssertTrue(main.contains(#"{"dir \"q\"", "/g"},"#), main)
        XCTAssertTrue(main.contains(#""A=b\\c","#), main)
        XCTAssertTrue(main.contains("static const bsrt_wasi_config config = {grants, 1, environment, 2, 0, 0, 0, 0, NULL, 0, 0u, 0u, 0u, 0u, 0};"), main)
        XCTAssertTrue(main.contains("bsrt_main(argc, argv, &w_module, &config)"), main)
    }

    func testTheDefaultGrantsNothingAndInherits() throws {
        let c = try lowerWAT("(module)", options: LoweringOptions(emitMain: true))
        XCTAssertTrue(c.file("w_main.c").contains("static const bsrt_wasi_config config = {NULL, 0, NULL, 0, 1, 0, 0, 0, NULL, 0, 0u, 0u, 0u, 0u, 0};"))
    }

    func testIdentityChangesWithTheConfiguration() {
        let a = LaunchConfig(grants: [.init(hostPath: "a", guestPath: "a")])
        let b = LaunchConfig(grants: [.init(hostPath: "a", guestPath: "b")])
        XCTAssertNotEqual(a.identity, b.identity)
        XCTAssertNotEqual(LaunchConfig().identity, LaunchConfig(inheritEnvironment: false).identity)
    }
}
