import Foundation
import TestSupport

/// The names in `directory`, sorted (to show what a failed build left behind).
func contents(of directory: URL) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).sorted()
}
