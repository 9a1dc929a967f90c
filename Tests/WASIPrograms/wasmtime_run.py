#!/usr/bin/env python3
"""Runs a WASI preview1 module under wasmtime (the wasmtime-py package) with bs-aot's semantics.

The tests use it as the reference for what a WASI host returns, so it takes the same options as
an executable built by `bs-aot build`:

    wasmtime_run.py [--dir HOST[::GUEST]]... [--env NAME=VALUE]... [--no-inherit-env]
                    [--argv0 NAME] [--cache DIR] MODULE.wasm [--] [ARGS...]

--dir       grant HOST (relative to the working directory) to the guest as GUEST (default:
            HOST as written), like `wasmtime run --dir`; repeatable, pre-opened from fd 3 on.
--readonly-dir
            the same, read-only (wasmtime's read-only pre-open: the reference for bs-aot's
            --embed-dir); pre-opened after the --dir grants.
--env       NAME=VALUE adds or replaces one environment variable; a bare NAME passes this
            process's value of NAME through (nothing when it is unset); repeatable.
--no-inherit-env
            start from an empty environment instead of this process's.
--argv0     the guest's argv[0] (default: the module's file name without `.wasm`).
--cache     keep the compiled module in DIR (keyed by the module's SHA-256 and wasmtime's
            version), so a second run of a big module (CPython) does not compile it again.

Standard streams are inherited. The exit status is the guest's: 0 when `_start` returns, n for
`proc_exit(n)`, 134 for a trap (one line on stderr, `wasmtime: trap: ...`). Exit status 2 with
`wasmtime_run.py: error: ...` on stderr for bad options; 3 when `import wasmtime` fails, so
callers can tell "wasmtime is missing" from a failing program.
"""

import hashlib
import os
import sys


def usage_error(message):
    sys.stderr.write("wasmtime_run.py: error: %s\n" % message)
    sys.exit(2)


def parse(argv):
    options = {"dirs": [], "readonly_dirs": [], "env": [], "inherit_env": True, "argv0": None, "cache": None}
    index = 0
    while index < len(argv):
        argument = argv[index]
        if argument in ("--dir", "--readonly-dir", "--env", "--argv0", "--cache"):
            if index + 1 >= len(argv):
                usage_error("%s needs a value" % argument)
            value = argv[index + 1]
            index += 2
            if argument == "--dir":
                host, _, guest = value.partition("::")
                options["dirs"].append((host, guest or host))
            elif argument == "--readonly-dir":
                host, _, guest = value.partition("::")
                options["readonly_dirs"].append((host, guest or host))
            elif argument == "--env":
                if not value.partition("=")[0]:
                    usage_error("--env needs NAME=VALUE or NAME, got %r" % value)
                options["env"].append(value)
            elif argument == "--argv0":
                options["argv0"] = value
            else:
                options["cache"] = value
        elif argument == "--no-inherit-env":
            options["inherit_env"] = False
            index += 1
        elif argument.startswith("--") and argument != "--":
            usage_error("unknown option %s" % argument)
        else:
            break
    if index >= len(argv):
        usage_error("no module given")
    module = argv[index]
    rest = argv[index + 1:]
    if rest and rest[0] == "--":
        rest = rest[1:]
    return options, module, rest


def host_environment():
    """The environment this process started with. Python changes os.environ at start-up (with
    LANG=C it adds LC_CTYPE, PEP 538), so on Linux it is read back from /proc/self/environ."""
    try:
        with open("/proc/self/environ", "rb") as handle:
            raw = handle.read()
    except OSError:
        return dict(os.environ)
    entries = {}
    for item in raw.split(b"\0"):
        name, equals, value = item.partition(b"=")
        if equals:
            entries[os.fsdecode(name)] = os.fsdecode(value)
    return entries


def environment(options):
    """The guest's environment: this process's (unless --no-inherit-env), then each --env in
    order, a later value replacing an earlier one in place."""
    host = host_environment()
    entries = list(host.items()) if options["inherit_env"] else []
    for assignment in options["env"]:
        name, equals, value = assignment.partition("=")
        if not equals:
            if name not in host:
                continue
            value = host[name]
        entries = [(key, old) for key, old in entries if key != name] + [(name, value)]
    return entries


def load(engine, path, cache):
    import wasmtime

    with open(path, "rb") as handle:
        data = handle.read()
    if cache is None:
        return wasmtime.Module(engine, data)
    try:
        from importlib.metadata import version as package_version

        version = package_version("wasmtime")
    except Exception:
        version = "unknown"
    key = hashlib.sha256(data + b"\0wasmtime " + str(version).encode()).hexdigest()
    os.makedirs(cache, exist_ok=True)
    compiled = os.path.join(cache, key + ".cwasm")
    if os.path.exists(compiled):
        try:
            return wasmtime.Module.deserialize_file(engine, compiled)
        except Exception:
            pass
    module = wasmtime.Module(engine, data)
    temporary = "%s.%d.tmp" % (compiled, os.getpid())
    with open(temporary, "wb") as handle:
        handle.write(module.serialize())
    os.replace(temporary, compiled)
    return module


def main():
    options, module_path, arguments = parse(sys.argv[1:])
    try:
        import wasmtime
    except ImportError as error:
        sys.stderr.write("wasmtime_run.py: cannot import wasmtime (pip install wasmtime): %s\n" % error)
        sys.exit(3)

    engine = wasmtime.Engine()
    store = wasmtime.Store(engine)
    config = wasmtime.WasiConfig()
    argv0 = options["argv0"]
    if argv0 is None:
        argv0 = os.path.basename(module_path)
        if argv0.endswith(".wasm"):
            argv0 = argv0[: -len(".wasm")]
    config.argv = [argv0] + arguments
    config.env = environment(options)
    config.inherit_stdin()
    config.inherit_stdout()
    config.inherit_stderr()
    for host, guest in options["dirs"]:
        if not os.path.isdir(host):
            usage_error("--dir %s: not a directory" % host)
        config.preopen_dir(host, guest)
    for host, guest in options["readonly_dirs"]:
        if not os.path.isdir(host):
            usage_error("--readonly-dir %s: not a directory" % host)
        config.preopen_dir(host, guest, fs_mutable=False)
    store.set_wasi(config)

    linker = wasmtime.Linker(engine)
    linker.define_wasi()
    module = load(engine, module_path, options["cache"])
    try:
        instance = linker.instantiate(store, module)
        start = instance.exports(store)["_start"]
        start(store)
    except wasmtime.ExitTrap as exit_trap:
        sys.stdout.flush()
        os._exit(exit_trap.code)
    except (wasmtime.Trap, wasmtime.WasmtimeError) as trap:
        # A WasmtimeError is how wasmtime refuses bad host-call arguments (an invalid enum
        # value): the guest dies as on a trap. Its cause is the last line.
        lines = [line.strip() for line in str(trap).splitlines() if line.strip()]
        message = (lines[-1] if isinstance(trap, wasmtime.WasmtimeError) else lines[0]) if lines else "trap"
        sys.stderr.write("wasmtime: trap: %s\n" % message)
        sys.stderr.flush()
        os._exit(134)
    os._exit(0)


if __name__ == "__main__":
    main()
