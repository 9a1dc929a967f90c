import Foundation
import PackagePlugin

/// Embeds the C runtime (`runtime-c/include/**` and `runtime-c/src/**`: `.c`, `.h` and the `.def` list) into the
/// target it is applied to, as one generated Swift file that extends `EmbeddedRuntime`.
///
/// Every runtime file is declared as an input of the build command, so editing one re-embeds;
/// the plugin itself runs on every build, so an added or removed file is picked up too.
/// Precedent: WABT's `scripts/gen-wasm2c-templates.cmake`.
@main
struct EmbedRuntimePlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: any Target) async throws -> [Command] {
        let runtime = context.package.directoryURL.appending(path: "runtime-c")
        let files = ["include", "src"].flatMap { sourceFiles(under: runtime.appending(path: $0)) }
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedRuntimeFiles.swift")
        return [
            .buildCommand(
                displayName: "Embedding runtime-c (\(files.count) files)",
                executable: try context.tool(named: "embed-runtime").url,
                arguments: [output.path(percentEncoded: false), runtime.path(percentEncoded: false)]
                    + files.map { $0.path(percentEncoded: false) },
                inputFiles: files,
                outputFiles: [output])
        ]
    }

    /// The `.c`, `.h` and `.def` files below `directory`, recursively, sorted by path (so the generated
    /// file is the same on every machine).
    private func sourceFiles(under directory: URL) -> [URL] {
        guard let walker = FileManager.default.enumerator(
            at: directory, includingPropertiesForKeys: [.isRegularFileKey])
        else { return [] }
        var found: [URL] = []
        for case let url as URL in walker where ["c", "h", "def"].contains(url.pathExtension) {
            if (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
                found.append(url.standardizedFileURL)
            }
        }
        return found.sorted { $0.path < $1.path }
    }
}
