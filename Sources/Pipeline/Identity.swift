import EmbeddedRuntime
import Foundation
import Toolchain

/// Who built an executable: bs-aot's version, a hash of the running bs-aot binary (the
/// translator and everything it emits), and the hash of the runtime sources it embeds. The
/// `run` cache keys on it, so a new bs-aot never serves an executable an older one built.
public enum BsAotIdentity {
    /// The release version (`bs-aot --version`).
    public static let version = "0.1.0"

    /// SHA-256 of this process's executable, read once; "unknown" if it cannot be read (the
    /// cache then keys on the version alone).
    public static let translatorHash: String = {
        let path = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments.first ?? ""
        return sha256HexDigest(ofFileAt: path) ?? "unknown"
    }()

    /// The hash of the embedded runtime sources.
    public static var runtimeHash: String { EmbeddedRuntime.contentHash }

    /// `0.1.0 (translator 1a2b3c4d5e6f, runtime 7a8b9c0d1e2f)`.
    public static var description: String {
        "\(version) (translator \(translatorHash.prefix(12)), runtime \(runtimeHash.prefix(12)))"
    }
}
