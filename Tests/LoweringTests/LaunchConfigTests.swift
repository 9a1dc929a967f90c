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
        for field in [".grants = grants,", ".grant_count = 1,", ".env = environment,", ".env_count = 2,", ".inherit_env = 0,", ".embedded = NULL,"] {
            XCTAssertTrue(main.contains(field), field)
        }
        XCTAssertTrue(main.contains("bsrt_main(argc, argv, &w_module, &config)"), main)
    }

    func testTheDefaultGrantsNothingAndInherits() throws {
        let c = try lowerWAT("(module)", options: LoweringOptions(emitMain: true))
        let main = c.file("w_main.c")
        for field in [".grants = NULL,", ".grant_count = 0,", ".inherit_env = 1,", ".allow_exec = 0,", ".allow_net = 0,", ".max_memory_bytes = 0u,"] {
            XCTAssertTrue(main.contains(field), field)
        }
    }

    func testIdentityChangesWithTheConfiguration() {
        let a = LaunchConfig(grants: [.init(hostPath: "a", guestPath: "a")])
        let b = LaunchConfig(grants: [.init(hostPath: "a", guestPath: "b")])
        XCTAssertNotEqual(a.identity, b.identity)
        XCTAssertNotEqual(LaunchConfig().identity, LaunchConfig(inheritEnvironment: false).identity)
    }
}
