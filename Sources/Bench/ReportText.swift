import Foundation

extension BenchReport {
    /// The report for a terminal: a line saying what ran, one row per engine (median CPU and
    /// wall-clock seconds, speed-up over the interpreter), and the ratio to native if measured.
    ///
    ///     fib.wasm 30: 5 runs each, medians
    ///     engine          cpu s     wall s   speed-up
    ///     interpreter     2.913      2.950       1.0x
    ///     bs-aot          0.031      0.032      94.0x
    ///     native          0.030      0.030      97.1x
    ///     bs-aot / native: 1.03; every run printed the same 32 bytes (exit status 0)
    public var text: String {
        let name = (module as NSString).lastPathComponent
        var lines = ["\(([name] + arguments).joined(separator: " ")): \(runs) run\(runs == 1 ? "" : "s") each, medians"]
        lines.append(pad("engine", 12) + padLeft("cpu s", 10) + padLeft("wall s", 11) + padLeft("speed-up", 11))
        let interpreterCPU = times(of: EngineTimes.interpreter)?.cpu.median
        for engine in engines {
            let speedUp = interpreterCPU.map { $0 / Swift.max(engine.cpu.median, 1e-9) }
            lines.append(
                pad(engine.name, 12) + padLeft(format(engine.cpu.median, 3), 10) + padLeft(format(engine.wall.median, 3), 11)
                    + padLeft(speedUp.map { format($0, 1) + "x" } ?? "-", 11))
        }
        var summary = ""
        if let ratio = aotOverNative { summary = "bs-aot / native: \(format(ratio, 2)); " }
        summary += "every run printed the same \(outputBytes) bytes (exit status \(exitStatus))"
        lines.append(summary)
        return lines.joined(separator: "\n") + "\n"
    }

    /// The report as JSON (`--json`): sorted keys, one object.
    public var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        let data = (try? encoder.encode(self)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}

private func format(_ value: Double, _ decimals: Int) -> String {
    String(format: "%.\(decimals)f", value)
}

private func pad(_ text: String, _ width: Int) -> String {
    text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
}

private func padLeft(_ text: String, _ width: Int) -> String {
    text.count >= width ? " " + text : String(repeating: " ", count: width - text.count) + text
}
