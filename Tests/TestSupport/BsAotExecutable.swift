import Foundation

/// The `bs-aot` executable that `swift build` put beside this test bundle, if any: the tests
/// that run the command line use the same build as the tests themselves.
public let bsAotExecutable: URL? = {
    var candidates: [URL] = []
    for start in [CommandLine.arguments.first, Bundle.main.executablePath].compactMap({ $0 }) {
        var url = URL(fileURLWithPath: start).deletingLastPathComponent()
        // Linux: <products>/bs-aotPackageTests.xctest; macOS: <products>/X.xctest/Contents/MacOS/X.
        for _ in 0..<4 {
            candidates.append(url.appendingPathComponent("bs-aot"))
            url = url.deletingLastPathComponent()
        }
    }
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
}()
