import Foundation

/// What the driver printed for one step (see ``DriverMain``).
enum StepReport: Sendable, Equatable {
    case ok([UInt64])
    case trap(code: Int, exhausted: Bool, message: String, function: String)
    /// An exception no handler caught, with its tag and the function that threw it.
    case exception(tag: String, function: String)
    case unlinkable(String)
    case error(String)

    /// Parses one report line: `<step>\t<kind>\t...`.
    static func parse(_ line: Substring) -> (Int, StepReport)? {
        let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        guard fields.count >= 2, let index = Int(fields[0]) else { return nil }
        switch fields[1] {
        case "ok":
            let values = fields.dropFirst(2).compactMap { UInt64($0, radix: 16) }
            guard values.count == fields.count - 2 else { return nil }
            return (index, .ok(values))
        case "trap" where fields.count >= 6:
            return (
                index,
                .trap(code: Int(fields[2]) ?? -1, exhausted: fields[3] == "1", message: fields[4], function: fields[5])
            )
        case "exception" where fields.count >= 4: return (index, .exception(tag: fields[2], function: fields[3]))
        case "unlinkable": return (index, .unlinkable(fields.dropFirst(2).joined(separator: " ")))
        case "error": return (index, .error(fields.dropFirst(2).joined(separator: " ")))
        default: return nil
        }
    }
}

/// Decides a check from its step's report.
enum StepEvaluation {
    static func outcome(of report: StepReport, for step: Step, in plan: ScriptPlan) -> Outcome {
        let outcome = untaintedOutcome(of: report, for: step, in: plan)
        if case .failed = outcome, let taint = step.taint { return .unsupported(taint) }
        return outcome
    }

    /// Whether the runtime's trap message is the expected one: it starts with the expected text
    /// (the reference interpreter's rule), or it is the expected text without a trailing detail
    /// the runtime does not track (bulk.wast expects "uninitialized element 2", the index).
    static func trapMatches(actual: String, expected: String) -> Bool {
        actual.hasPrefix(expected) || (!actual.isEmpty && expected.hasPrefix(actual + " "))
    }

    private static func untaintedOutcome(of report: StepReport, for step: Step, in plan: ScriptPlan) -> Outcome {
        switch (step.expectation, report) {
        case (_, .error(let what)):
            return .failed(what)
        case (.instantiates, .ok), (.registers, .ok), (.completes, .ok), (.unlinkable, .unlinkable):
            return .passed
        case (.instantiates, .unlinkable(let why)):
            return .failed("unlinkable: \(why)")
        case (.unlinkable, .ok):
            return .failed("the module linked and instantiated; expected it to be unlinkable")
        case (.trapsInstantiating(let expected), .trap(_, _, let message, let function)),
            (.traps(let expected), .trap(_, _, let message, let function)):
            if trapMatches(actual: message, expected: expected) { return .passed }
            return .failed("expected trap \"\(expected)\", got trap \"\(message)\" in \(function)")
        case (.trapsInstantiating(let expected), .ok):
            return .failed("instantiated without trapping; expected trap \"\(expected)\"")
        case (.trapsInstantiating(let expected), .unlinkable(let why)):
            return .failed("unlinkable (\(why)); expected trap \"\(expected)\"")
        case (.traps(let expected), .ok(let values)):
            return .failed("returned \(describe(values, step, plan)); expected trap \"\(expected)\"")
        case (.exhausts, .trap(_, let exhausted, let message, let function)):
            if exhausted { return .passed }
            return .failed("expected call stack exhaustion, got trap \"\(message)\" in \(function)")
        case (.exhausts, .ok(let values)):
            return .failed("returned \(describe(values, step, plan)); expected call stack exhaustion")
        case (_, .trap(_, _, let message, let function)):
            return .failed("trapped: \"\(message)\" in \(function)")
        case (.throwsException, .exception):
            return .passed
        case (.throwsException, .ok(let values)):
            return .failed("returned \(describe(values, step, plan)); expected an uncaught exception")
        case (_, .exception(let tag, let function)):
            return .failed("uncaught exception \(tag) in \(function)")
        case (.returns(let expected), .ok(let values)):
            guard let results = group(values, kinds: resultKinds(step, plan)), results.count == expected.count,
                zip(results, expected).allSatisfy({ matches(words: $0, $1) })
            else {
                return .failed("expected \(describe(expected)), got \(describe(values, step, plan))")
            }
            return .passed
        case (_, .ok), (_, .unlinkable):
            return .failed("unexpected report \(report) for \(step.expectation)")
        }
    }

    /// The kinds of the values a step reports.
    static func resultKinds(_ step: Step, _ plan: ScriptPlan) -> [ValueKind] {
        switch step.action {
        case .call(_, _, let signature, _): plan.signatures[signature].results
        case .readGlobal(_, _, let kind): [kind]
        default: []
        }
    }

    /// The driver's words split into one group per value (two words for a v128); nil when the
    /// count does not fit the kinds.
    static func group(_ words: [UInt64], kinds: [ValueKind]) -> [[UInt64]]? {
        var groups: [[UInt64]] = []
        var index = 0
        for kind in kinds {
            guard index + kind.words <= words.count else { return nil }
            groups.append(Array(words[index..<(index + kind.words)]))
            index += kind.words
        }
        return index == words.count ? groups : nil
    }

    /// Whether one value's words match: a v128 lane by lane (each lane as a scalar of its
    /// shape), `either` when any alternative does, anything else as one word.
    static func matches(words: [UInt64], _ expected: Expected) -> Bool {
        switch expected {
        case .v128(let lanes):
            guard words.count == 2, lanes.count == 2 || lanes.count == 4 else { return false }
            return lanes.enumerated().allSatisfy { index, lane in
                let bits = lanes.count == 2 ? words[index] : (words[index / 2] >> UInt64(32 * (index % 2))) & 0xffff_ffff
                return matches(bits, lane)
            }
        case .either(let alternatives): return alternatives.contains { matches(words: words, $0) }
        default: return words.count == 1 && matches(words[0], expected)
        }
    }

    /// Whether a raw result matches: bitwise, NaNs by class, references by nullness or identity.
    static func matches(_ actual: UInt64, _ expected: Expected) -> Bool {
        switch expected {
        case .v128: return false
        case .either(let alternatives): return alternatives.contains { matches(actual, $0) }
        case .bits(let bits, let kind):
            switch kind {
            case .i32, .f32: return actual & 0xffff_ffff == bits & 0xffff_ffff
            default: return actual == bits
            }
        case .canonicalNaN(.f32): return actual & 0x7fff_ffff == 0x7fc0_0000
        case .canonicalNaN: return actual & 0x7fff_ffff_ffff_ffff == 0x7ff8_0000_0000_0000
        case .arithmeticNaN(.f32): return actual & 0x7fc0_0000 == 0x7fc0_0000
        case .arithmeticNaN: return actual & 0x7ff8_0000_0000_0000 == 0x7ff8_0000_0000_0000
        case .null: return actual == 0
        case .nonNull: return actual != 0
        case .extern(let bits): return actual == bits
        }
    }

    // MARK: Describing values

    static func describe(_ expected: [Expected]) -> String {
        "(" + expected.map { value in
            switch value {
            case .bits(let bits, let kind): describe(bits, kind)
            case .canonicalNaN(let kind): "\(name(kind)):nan:canonical"
            case .arithmeticNaN(let kind): "\(name(kind)):nan:arithmetic"
            case .null: "ref.null"
            case .nonNull: "non-null ref"
            case .extern(let bits): "ref.extern \(bits - 1)"
            case .v128(let lanes): "v128" + describe(lanes)
            case .either(let alternatives): "either" + describe(alternatives)
            }
        }.joined(separator: " ") + ")"
    }

    static func describe(_ values: [UInt64], _ step: Step, _ plan: ScriptPlan) -> String {
        let kinds = resultKinds(step, plan)
        guard let groups = group(values, kinds: kinds) else {
            return "(" + values.map { describe($0, .i64) }.joined(separator: " ") + ")"
        }
        return "(" + zip(groups, kinds).map { words, kind in
            kind == .v128 ? describeV128(words) : describe(words[0], kind)
        }.joined(separator: " ") + ")"
    }

    /// `v128:0x<high><low>` and its i32 lanes.
    static func describeV128(_ words: [UInt64]) -> String {
        let hex = words.reversed().map { String($0, radix: 16).leftPadded16 }.joined()
        let lanes = words.flatMap { [$0 & 0xffff_ffff, $0 >> 32] }.map { String($0, radix: 16) }
        return "v128:0x\(hex) (i32x4 \(lanes.joined(separator: " ")))"
    }

    static func describe(_ bits: UInt64, _ kind: ValueKind) -> String {
        let hex = "0x" + String(bits, radix: 16)
        switch kind {
        case .i32: return "i32:\(Int32(bitPattern: UInt32(truncatingIfNeeded: bits))) (\(hex))"
        case .i64: return "i64:\(Int64(bitPattern: bits)) (\(hex))"
        case .f32: return "f32:\(Float(bitPattern: UInt32(truncatingIfNeeded: bits))) (\(hex))"
        case .f64: return "f64:\(Double(bitPattern: bits)) (\(hex))"
        case .v128: return describeV128([bits, 0])
        case .funcref: return bits == 0 ? "ref.null func" : "funcref \(hex)"
        case .externref: return bits == 0 ? "ref.null extern" : "ref.extern \(bits - 1)"
        }
    }

    private static func name(_ kind: ValueKind) -> String {
        switch kind {
        case .i32: "i32"
        case .i64: "i64"
        case .f32: "f32"
        case .f64: "f64"
        case .v128: "v128"
        case .funcref: "funcref"
        case .externref: "externref"
        }
    }
}

/// Runs a driver executable with its output in files (no pipe to drain), a time limit, and
/// the arguments it is given.
enum DriverProcess {
    struct Run: Sendable {
        var output: String
        var errorOutput: String
        /// The driver printed `done`.
        var finished: Bool
        /// "exit status N", "signal N" or "timed out".
        var status: String
    }

    static func run(_ executable: String, arguments: [String], timeout: Double = 600) async -> Run {
        let outPath = executable + ".out"
        let errPath = executable + ".err"
        _ = FileManager.default.createFile(atPath: outPath, contents: nil)
        _ = FileManager.default.createFile(atPath: errPath, contents: nil)
        guard let out = FileHandle(forWritingAtPath: outPath), let err = FileHandle(forWritingAtPath: errPath) else {
            return Run(output: "", errorOutput: "", finished: false, status: "cannot create output files")
        }
        defer {
            try? out.close()
            try? err.close()
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        let timedOut = TimeoutFlag()
        let launched = TimeoutFlag()
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            process.terminationHandler = { _ in continuation.resume() }
            do {
                try process.run()
                launched.set()
            } catch {
                process.terminationHandler = nil
                continuation.resume()
                return
            }
            DispatchQueue.global().asyncAfter(deadline: .now() + timeout) {
                if process.isRunning {
                    timedOut.set()
                    process.terminate()
                }
            }
        }
        let output = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
        let errorOutput = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
        let status: String
        if timedOut.isSet {
            status = "timed out after \(Int(timeout)) s"
        } else if !launched.isSet {
            return Run(output: "", errorOutput: "", finished: false, status: "could not be started")
        } else if process.terminationReason == .uncaughtSignal {
            let signal = process.terminationStatus
            status = signal == SIGALRM ? "a step ran over its time limit (SIGALRM)" : "signal \(signal)"
        } else {
            status = "exit status \(process.terminationStatus)"
        }
        let finished = output.hasSuffix("done\n") && process.terminationReason == .exit && process.terminationStatus == 0
        return Run(output: output, errorOutput: errorOutput, finished: finished, status: status)
    }
}

/// A flag set from the timeout's queue and read after the process ends.
private final class TimeoutFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    func set() { lock.withLock { value = true } }
    var isSet: Bool { lock.withLock { value } }
}

extension String {
    /// Zero-padded to 16 hex digits.
    fileprivate var leftPadded16: String { count >= 16 ? self : String(repeating: "0", count: 16 - count) + self }
}
