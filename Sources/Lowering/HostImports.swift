import WasmTypes

/// The host functions runtime-c implements, and the import names they are bound to.
///
/// One C function serves `wasi_snapshot_preview1`, `wasi_unstable` and `wasix_32v1`
/// (runtime-c/src/wasi/) unless a module's ABI differs for that name, in which case the module
/// has its own symbol (``variants``).
public enum HostImports {
    /// Module names bound to the preview1 implementations.
    public static let moduleNames = ["wasi_snapshot_preview1", "wasi_unstable", "wasix_32v1"]

    /// All 46 preview1 functions: name to signature letters ("iiii:i": i32 i, i64 I), as
    /// declared in ../shared/abi/wasi-preview1.md §2.
    public static let preview1: [String: String] = [
        "args_get": "ii:i",
        "args_sizes_get": "ii:i",
        "environ_get": "ii:i",
        "environ_sizes_get": "ii:i",
        "clock_res_get": "ii:i",
        "clock_time_get": "iIi:i",
        "fd_advise": "iIIi:i",
        "fd_allocate": "iII:i",
        "fd_close": "i:i",
        "fd_datasync": "i:i",
        "fd_fdstat_get": "ii:i",
        "fd_fdstat_set_flags": "ii:i",
        "fd_fdstat_set_rights": "iII:i",
        "fd_filestat_get": "ii:i",
        "fd_filestat_set_size": "iI:i",
        "fd_filestat_set_times": "iIIi:i",
        "fd_pread": "iiiIi:i",
        "fd_prestat_get": "ii:i",
        "fd_prestat_dir_name": "iii:i",
        "fd_pwrite": "iiiIi:i",
        "fd_read": "iiii:i",
        "fd_readdir": "iiiIi:i",
        "fd_renumber": "ii:i",
        "fd_seek": "iIii:i",
        "fd_sync": "i:i",
        "fd_tell": "ii:i",
        "fd_write": "iiii:i",
        "path_create_directory": "iii:i",
        "path_filestat_get": "iiiii:i",
        "path_filestat_set_times": "iiiiIIi:i",
        "path_link": "iiiiiii:i",
        "path_open": "iiiiiIIii:i",
        "path_readlink": "iiiiii:i",
        "path_remove_directory": "iii:i",
        "path_rename": "iiiiii:i",
        "path_symlink": "iiiii:i",
        "path_unlink_file": "iii:i",
        "poll_oneoff": "iiii:i",
        "proc_exit": "i:",
        "proc_raise": "i:i",
        "sched_yield": ":i",
        "random_get": "ii:i",
        "sock_accept": "iii:i",
        "sock_recv": "iiiiii:i",
        "sock_send": "iiiii:i",
        "sock_shutdown": "ii:i",
    ]

    /// Per module, the names whose ABI differs from preview1 there, and the C symbol that
    /// implements that module's version. preview0 has a 56-byte filestat (u32 nlink),
    /// CUR/END/SET whence and 56-byte subscriptions; WASIX numbers signals as Linux does.
    static let variants: [String: [String: String]] = [
        "wasi_unstable": [
            "fd_seek": "bsrt_wasi_unstable_fd_seek",
            "fd_filestat_get": "bsrt_wasi_unstable_fd_filestat_get",
            "path_filestat_get": "bsrt_wasi_unstable_path_filestat_get",
            "poll_oneoff": "bsrt_wasi_unstable_poll_oneoff",
        ],
        "wasix_32v1": ["proc_raise": "bsrt_wasix_proc_raise"],
    ]

    /// Per module, preview1 names it does not have or whose version the runtime lacks:
    /// preview0 has no sock_accept; WASIX's sock_accept is sock_accept_v2 (4 parameters, with
    /// the peer address), which comes with the WASIX sockets.
    static let absent: [String: Set<String>] = [
        "wasi_unstable": ["sock_accept"],
        "wasix_32v1": ["sock_accept"],
    ]

    /// True if the runtime implements `module.name`.
    public static func isSupported(module: String, name: String) -> Bool {
        binding(module: module, name: name) != nil
    }

    /// The runtime's C symbol and expected signature for an import, or nil if unsupported.
    static func binding(module: String, name: String) -> (symbol: String, signature: String)? {
        guard moduleNames.contains(module), let signature = preview1[name],
            absent[module]?.contains(name) != true
        else { return nil }
        return (variants[module]?[name] ?? "bsrt_wasi_\(name)", signature)
    }
}
