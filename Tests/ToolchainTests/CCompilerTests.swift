import Toolchain
import XCTest

final class CCompilerTests: XCTestCase {
    func testGeneratedCodeFlagsKeepFloatSemantics() {
        let flags = Toolchain.generatedCodeFlags(optimization: "-O2")
        XCTAssertTrue(flags.contains("-ffp-contract=off"))
        XCTAssertTrue(flags.contains("-fno-optimize-sibling-calls"))
        XCTAssertFalse(flags.contains("-ffast-math"))
    }
}
