#!/usr/bin/env python3
"""Times the bench/ kernels natively and under bs-aot, wasm2c and wasmtime; prints the ratios.

Not a test: run it by hand, on a machine as quiet as you can get, and copy its table into
BENCHMARKS.md with the date, the machine and the command line.

    bench/compare.py [--runs N] [--wall] [--only a,b,...] [--no-wasm2c] [--no-wasmtime]
                     [--quick] [--layouts N] [--keep DIR] [--json FILE]
    bench/compare.py --interpreter [--runs N] [--only ...]     # `bs-aot bench` on every kernel

Each kernel `bench/K.c` is built

  native       clang -O2 K.c -lm                    (x86-64 baseline: SSE2)
  K.wasm       zig cc --target=wasm32-wasi -O2 -msimd128 K.c
               (the same front end and -O level; -msimd128 lets clang's vectorizers emit
               WebAssembly SIMD where natively they emit SSE2)
  K-scalar.wasm  the same without -msimd128
  bs-aot       bs-aot build -O2 K.wasm
  bs-aot-scalar  bs-aot build -O2 K-scalar.wasm      (like for like with wasm2c)
  wasm2c       wasm2c -n kernel K-scalar.wasm, clang -O2 with wabt's wasm-rt-impl.c and
               bench/wasm2c_wasi.c (Debian's wabt 1.0.32 aborts on SIMD modules and ships no
               WASI implementation; see that file)
  wasmtime     wasmtime-py (pip wasmtime==50.*) on K.wasm, compiled once and cached; it times
               instantiation plus `_start` inside the process (Python's start-up and the
               import of wasmtime are not counted)

then all engines run one after another, round after round (A B C ... A B C ..., the order
reversed every other round), and the median of each is taken. The time is the CPU time the run
used (user + system, from wait4), which the other jobs of a shared machine disturb much less than
wall-clock time; --wall uses wall-clock time instead. Every run's standard output must equal the
native build's; a kernel where an engine differs is reported and left out of that engine's
geometric mean.

Code placement alone moves a kernel by up to about 12% (the same instructions at other
addresses; BENCHMARKS.md). --layouts N builds native, bs-aot and wasm2c N times each, the
program's code shifted by 0, 16, 32, ... bytes (an object of that many bytes linked first; for
bs-aot through a --cc wrapper that adds it to the link), runs every layout in every round, and
takes each engine's median over all of them: a measure of the code, not of one placement.

Environment: BS_AOT (default .build/release/bs-aot, built when missing), CC (default clang).
"""

import argparse
import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH = os.path.join(ROOT, "bench")
WASM_RT = "/usr/src/wasm2c"

# Arguments for --quick (a check that everything builds and agrees, in seconds) and for
# --interpreter (work small enough for WasmKit's interpreter, about 1/10 of the default).
QUICK_ARGS = {
    "bintrees": ["10"], "dot": ["5"], "fannkuch": ["8", "1"], "fib": ["30"], "fnptr": ["2"],
    "hashmap": ["1"], "interp": ["5000"], "mandelbrot": ["200"], "matmul": ["1"], "nbody": ["100000"],
    "sha256": ["3"], "sieve_hash": ["1000000"], "sort": ["100000"], "spectral": ["200"], "strings": ["1"],
}
INTERPRETER_ARGS = {
    "bintrees": ["14"], "dot": ["20"], "fannkuch": ["9", "2"], "fib": ["33"], "fnptr": ["8"],
    "hashmap": ["1"], "interp": ["15000"], "mandelbrot": ["800"], "matmul": ["1"], "nbody": ["800000"],
    "sha256": ["10"], "sieve_hash": ["6000000"], "sort": ["300000"], "spectral": ["1000"], "strings": ["1"],
}

WASMTIME_CHILD = r"""
import os, sys, time, wasmtime
engine = wasmtime.Engine()
timing_fd = int(sys.argv[1])
module = wasmtime.Module.deserialize_file(engine, sys.argv[2])
store = wasmtime.Store(engine)
config = wasmtime.WasiConfig()
config.argv = [sys.argv[3]] + sys.argv[4:]
config.inherit_stdout()
config.inherit_stderr()
store.set_wasi(config)
linker = wasmtime.Linker(engine)
linker.define_wasi()
code = 0
wall, cpu = time.perf_counter(), time.process_time()
try:
    linker.instantiate(store, module).exports(store)["_start"](store)
except wasmtime.ExitTrap as exit_trap:
    code = exit_trap.code
wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
sys.stdout.flush()
os.write(timing_fd, ("%.6f %.6f" % (wall, cpu)).encode())
os._exit(code)
"""


def log(message):
    sys.stderr.write("compare.py: %s\n" % message)
    sys.stderr.flush()


def run_checked(command, **kwargs):
    result = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, **kwargs)
    if result.returncode != 0:
        sys.exit("compare.py: `%s` failed:\n%s" % (" ".join(command), result.stdout.decode(errors="replace")))


def bs_aot_path():
    path = os.environ.get("BS_AOT", os.path.join(ROOT, ".build/release/bs-aot"))
    if not os.access(path, os.X_OK):
        log("building bs-aot (swift build -c release --product bs-aot)")
        run_checked(["swift", "build", "-c", "release", "--product", "bs-aot"], cwd=ROOT)
    return path


class Engine:
    """One way of running a kernel: a command line per code layout, or wasmtime's in-process
    timing."""

    def __init__(self, name, commands, timing_fd=False):
        self.name, self.commands, self.timing_fd = name, commands, timing_fd
        self.wall, self.cpu, self.differs = [], [], None

    def run_once(self, command, args, expected, work):
        """Runs once and records (wall, cpu); returns the output."""
        out_path = os.path.join(work, "out-%s.txt" % self.name)
        with open(out_path, "wb") as out, open(os.devnull, "rb") as stdin:
            base, command = command, command + args
            read_end = write_end = None
            if self.timing_fd:
                # The child writes "wall cpu" of its own measurement to this pipe.
                read_end, write_end = os.pipe()
                command = base[:3] + [str(write_end)] + base[3:] + args
            start = time.perf_counter()
            process = subprocess.Popen(command, stdin=stdin, stdout=out, stderr=subprocess.PIPE,
                                       pass_fds=(write_end,) if self.timing_fd else ())
            if self.timing_fd:
                os.close(write_end)
            error = process.stderr.read().decode(errors="replace")
            _, status, usage = os.wait4(process.pid, 0)
            wall = time.perf_counter() - start
            process.returncode = os.waitstatus_to_exitcode(status)
            process.stderr.close()
            cpu = usage.ru_utime + usage.ru_stime
            if self.timing_fd:
                reported = os.read(read_end, 100).decode().split()
                os.close(read_end)
                if len(reported) == 2:
                    wall, cpu = float(reported[0]), float(reported[1])
        with open(out_path, "rb") as handle:
            output = handle.read()
        if process.returncode != 0:
            output += b"\n[exit status %d] %s" % (process.returncode, error.encode())
        self.wall.append(wall)
        self.cpu.append(cpu)
        if expected is not None and output != expected and self.differs is None:
            self.differs = output
        return output


def layout_paddings(work, count):
    """For each layout: the suffix of its executables' names, the object that shifts a
    program's code (none for the first) and a C compiler wrapper that links it first (for
    bs-aot's --cc)."""
    cc = os.environ.get("CC", "clang")
    layouts = []
    for index in range(count):
        if index == 0:
            layouts.append(("", [], cc))
            continue
        padding = os.path.join(work, "padding%d.o" % index)
        assembly = padding[:-2] + ".s"
        with open(assembly, "w") as handle:
            handle.write(".text\n.globl bs_aot_compare_padding\nbs_aot_compare_padding:\n.skip %d, 0x90\n" % (16 * index))
        run_checked([cc, "-c", assembly, "-o", padding])
        wrapper = os.path.join(work, "cc-layout%d" % index)
        with open(wrapper, "w") as handle:
            # Compiles pass through; a link (no -c, -S or -E) gets the padding first.
            handle.write('#!/bin/sh\nfor a in "$@"; do case "$a" in -c|-S|-E) exec %s "$@";; esac; done\n'
                         'exec %s %s "$@"\n' % (cc, cc, padding))
        os.chmod(wrapper, 0o755)
        layouts.append((".layout%d" % index, [padding], wrapper))
    return layouts


def build_kernel(name, work, options, bs_aot, layouts):
    source = os.path.join(BENCH, name + ".c")
    cc = os.environ.get("CC", "clang")
    base = os.path.join(work, name)
    zig = [sys.executable, "-m", "ziglang", "cc", "--target=wasm32-wasi", "-O2"]
    suffixes = [suffix for suffix, _, _ in layouts]
    for suffix, padding, _ in layouts:
        run_checked([cc, "-O2"] + padding + [source, "-o", base + ".native" + suffix, "-lm"])
    run_checked(zig + ["-msimd128", source, "-o", base + ".wasm"])
    for suffix, _, wrapper in layouts:
        run_checked([bs_aot, "build", "-O2", "--cc", wrapper, base + ".wasm", "-o", base + ".aot" + suffix])
    engines = [Engine("native", [[base + ".native" + s] for s in suffixes]),
               Engine("bs-aot", [[base + ".aot" + s] for s in suffixes])]
    if options.scalar or not options.no_wasm2c:
        run_checked(zig + [source, "-o", base + "-scalar.wasm"])
    if options.scalar:
        run_checked([bs_aot, "build", "-O2", base + "-scalar.wasm", "-o", base + ".aot-scalar"])
        engines.append(Engine("bs-aot-scalar", [[base + ".aot-scalar"]]))
    if not options.no_wasm2c:
        directory = base + "-wasm2c"
        os.makedirs(directory, exist_ok=True)
        run_checked(["wasm2c", "-n", "kernel", base + "-scalar.wasm", "-o", os.path.join(directory, "kernel.c")])
        for suffix, padding, _ in layouts:
            run_checked([cc, "-O2", "-w", "-I", directory, "-I", WASM_RT] + padding + [os.path.join(directory, "kernel.c"),
                         os.path.join(BENCH, "wasm2c_wasi.c"), os.path.join(WASM_RT, "wasm-rt-impl.c"),
                         "-o", base + ".wasm2c" + suffix, "-lm"])
        engines.append(Engine("wasm2c", [[base + ".wasm2c" + s] for s in suffixes]))
    if not options.no_wasmtime:
        import wasmtime

        compiled = base + ".cwasm"
        with open(base + ".wasm", "rb") as handle:
            module = wasmtime.Module(wasmtime.Engine(), handle.read())
        with open(compiled, "wb") as handle:
            handle.write(module.serialize())
        engines.append(Engine("wasmtime", [[sys.executable, "-c", WASMTIME_CHILD, compiled, name]], timing_fd=True))
    return engines


def geomean(values):
    return math.exp(sum(math.log(v) for v in values) / len(values)) if values else float("nan")


def compare(options, names, work):
    bs_aot = bs_aot_path()
    layouts = layout_paddings(work, options.layouts)
    results = []
    for name in names:
        log("building %s" % name)
        engines = build_kernel(name, work, options, bs_aot, layouts)
        args = QUICK_ARGS[name] if options.quick else []
        expected = None
        for round_index in range(options.runs):
            order = engines if round_index % 2 == 0 else list(reversed(engines))
            for engine in order:
                for command in engine.commands:
                    # The first run of all is native's (it leads the first round): every other
                    # run is checked against its output.
                    if expected is None:
                        expected = engine.run_once(command, args, None, work)
                    else:
                        engine.run_once(command, args, expected, work)
        entry = {"kernel": name, "args": args, "output": expected.decode(errors="replace"), "engines": {}}
        for engine in engines:
            entry["engines"][engine.name] = {
                "cpu": statistics.median(engine.cpu), "wall": statistics.median(engine.wall),
                "cpu_runs": engine.cpu, "wall_runs": engine.wall,
                "same_output": engine.differs is None,
            }
            if engine.differs is not None:
                log("%s: %s printed something else than native:\n%s" % (name, engine.name,
                                                                         engine.differs.decode(errors="replace")[:400]))
        results.append(entry)
        print_row(entry, options, header=len(results) == 1)
    print_summary(results, options)
    return results


def metric(options):
    return "wall" if options.wall else "cpu"


def column_names(results_or_entry):
    entry = results_or_entry[0] if isinstance(results_or_entry, list) else results_or_entry
    return [name for name in entry["engines"] if name != "native"]


def print_row(entry, options, header):
    columns = column_names(entry)
    if header:
        print("%-11s %9s  %s" % ("kernel", "native s", "  ".join("%14s" % ("%s/nat" % c) for c in columns)))
    native = entry["engines"]["native"][metric(options)]
    cells = []
    for column in columns:
        engine = entry["engines"][column]
        ratio = engine[metric(options)] / native
        cells.append("%14s" % (("%.2f" % ratio) if engine["same_output"] else "DIFFERS"))
    print("%-11s %9.3f  %s" % (entry["kernel"], native, "  ".join(cells)))
    sys.stdout.flush()


def print_summary(results, options):
    columns = column_names(results)
    cells = []
    for column in columns:
        ratios = [r["engines"][column][metric(options)] / r["engines"]["native"][metric(options)]
                  for r in results if r["engines"][column]["same_output"]]
        cells.append("%14s" % ("%.3f" % geomean(ratios)))
    print("%-11s %9s  %s" % ("geomean", "", "  ".join(cells)))
    worst = []
    for column in columns:
        ratios = [(r["engines"][column][metric(options)] / r["engines"]["native"][metric(options)], r["kernel"])
                  for r in results if r["engines"][column]["same_output"]]
        if ratios:
            worst.append("%s %.2f (%s)" % (column, *max(ratios)))
    print("slowest: " + "; ".join(worst))
    differing = ["%s under %s" % (r["kernel"], c) for r in results for c in columns if not r["engines"][c]["same_output"]]
    print("output: " + ("every engine printed what native printed" if not differing else "DIFFERS: " + ", ".join(differing)))
    layouts = " of %d code layouts each (wasmtime: 1)" % options.layouts if options.layouts > 1 else ""
    print("(%s time, median of %d paired runs%s)" % ("wall-clock" if options.wall else "CPU (user+sys)", options.runs, layouts))


def interpreter(options, names, work):
    """`bs-aot bench --native` on every kernel (smaller inputs): the interpreter's speed-ups."""
    bs_aot = bs_aot_path()
    cc = os.environ.get("CC", "clang")
    rows = []
    for name in names:
        source = os.path.join(BENCH, name + ".c")
        base = os.path.join(work, name)
        run_checked([cc, "-O2", source, "-o", base + ".native", "-lm"])
        run_checked([sys.executable, "-m", "ziglang", "cc", "--target=wasm32-wasi", "-O2", "-msimd128", source,
                     "-o", base + ".wasm"])
        args = INTERPRETER_ARGS[name]
        log("bs-aot bench %s.wasm -- %s" % (name, " ".join(args)))
        result = subprocess.run([bs_aot, "bench", "--json", "--runs", str(options.runs), "--native", base + ".native",
                                 base + ".wasm", "--"] + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        if result.returncode != 0:
            print("%-11s bs-aot bench failed: %s" % (name, result.stderr.decode(errors="replace").strip()))
            continue
        report = json.loads(result.stdout)
        report["kernel"] = name
        rows.append(report)
        times = {engine["name"]: engine["cpu"]["median"] for engine in report["engines"]}
        if len(rows) == 1:
            print("%-11s %-16s %11s %9s %9s %12s %10s" % ("kernel", "args", "interp. s", "bs-aot s", "native s",
                                                           "aot speed-up", "aot/native"))
        print("%-11s %-16s %11.3f %9.3f %9.3f %11.1fx %10.2f" % (
            name, " ".join(args), times["interpreter"], times["bs-aot"], times["native"],
            times["interpreter"] / times["bs-aot"], times["bs-aot"] / times["native"]))
        sys.stdout.flush()
    if rows:
        print("geomean speed-up over the interpreter: %.1fx" % geomean(
            [next(e for e in r["engines"] if e["name"] == "interpreter")["cpu"]["median"]
             / next(e for e in r["engines"] if e["name"] == "bs-aot")["cpu"]["median"] for r in rows]))
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=11, help="paired rounds (default 11)")
    parser.add_argument("--wall", action="store_true", help="compare wall-clock time instead of CPU time")
    parser.add_argument("--only", help="comma-separated kernel names (default: every bench/*.c)")
    parser.add_argument("--no-wasm2c", action="store_true", help="leave out wasm2c")
    parser.add_argument("--no-wasmtime", action="store_true", help="leave out wasmtime")
    parser.add_argument("--scalar", action="store_true", help="add bs-aot on the module built without -msimd128")
    parser.add_argument("--quick", action="store_true", help="tiny inputs: check that everything builds and agrees")
    parser.add_argument("--interpreter", action="store_true", help="run `bs-aot bench --native` on every kernel")
    parser.add_argument("--layouts", type=int, default=1,
                        help="code layouts per engine, the median taken over all (default 1)")
    parser.add_argument("--keep", help="build in this directory and keep it")
    parser.add_argument("--json", help="also write the results to this file")
    options = parser.parse_args()
    names = sorted(f[:-2] for f in os.listdir(BENCH) if f.endswith(".c") and f != "wasm2c_wasi.c")
    if options.only:
        wanted = options.only.split(",")
        unknown = [n for n in wanted if n not in names]
        if unknown:
            sys.exit("compare.py: no kernel named %s" % ", ".join(unknown))
        names = wanted
    if not options.no_wasmtime and not options.interpreter:
        try:
            import wasmtime  # noqa: F401
        except ImportError:
            log("wasmtime-py is missing (pip install 'wasmtime==50.*'): leaving wasmtime out")
            options.no_wasmtime = True
    if not options.no_wasm2c and not options.interpreter and not shutil.which("wasm2c"):
        log("wasm2c is missing (apt-get install wabt): leaving wasm2c out")
        options.no_wasm2c = True
    work = options.keep or tempfile.mkdtemp(prefix="bs-aot-compare.")
    os.makedirs(work, exist_ok=True)
    try:
        results = interpreter(options, names, work) if options.interpreter else compare(options, names, work)
    finally:
        if not options.keep:
            shutil.rmtree(work, ignore_errors=True)
    if options.json:
        with open(options.json, "w") as handle:
            json.dump(results, handle, indent=1)


if __name__ == "__main__":
    main()
