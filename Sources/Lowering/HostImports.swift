import WasmTypes

/// The host functions runtime-c implements, and the import names they are bound to.
///
/// The same C function serves `wasi_snapshot_preview1`, `wasi_unstable` and `wasix_32v1`
/// (runtime-c/src/wasi/); where `wasi_unstable` (preview0) differs, it has its own symbol.
public enum HostImports {
    /// Module names bound to the preview1 implementations.
    public static let moduleNames = ["wasi_snapshot_preview1", "wasi_unstable", "wasix_32v1"]

    /// Function name to signature letters ("iiii:i"), as declared in ../shared/abi/wasi-preview1.md.
    static let preview1: [String: String] = [
        "args_get": "ii:i",
        "args_sizes_get": "ii:i",
        "environ_get": "ii:i",
        "environ_sizes_get": "ii:i",
        "fd_write": "iiii:i",
        "fd_read": "iiii:i",
        "fd_close": "i:i",
        "fd_seek": "iIii:i",
        "fd_fdstat_get": "ii:i",
        "fd_prestat_get": "ii:i",
        "fd_prestat_dir_name": "iii:i",
        "clock_time_get": "iIi:i",
        "clock_res_get": "ii:i",
        "random_get": "ii:i",
        "proc_exit": "i:",
        "sched_yield": ":i",
    ]

    /// Functions whose preview0 (`wasi_unstable`) ABI differs from preview1.
    static let preview0Variants: Set<String> = ["fd_seek"]

    /// True if the runtime implements `module.name`.
    public static func isSupported(module: String, name: String) -> Bool {
        moduleNames.contains(module) && preview1[name] != nil
    }

    /// The runtime's C symbol and expected signature for an import, or nil if unsupported.
    static func binding(module: String, name: String) -> (symbol: String, signature: String)? {
        guard isSupported(module: module, name: name), let signature = preview1[name] else { return nil }
        if module == "wasi_unstable" && preview0Variants.contains(name) {
            return ("bsrt_wasi_unstable_\(name)", signature)
        }
        return ("bsrt_wasi_\(name)", signature)
    }
}
