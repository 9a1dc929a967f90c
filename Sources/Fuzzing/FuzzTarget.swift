import Foundation
import Lowering
import WasmModule

/// What the translator made of one fuzz input.
public enum FuzzOutcome: Sendable, Equatable {
    /// Decoded, validated and lowered (under both import policies): the bytes of C produced.
    case translated(cBytes: Int)
    /// Refused with this one-line error.
    case rejected(String)
}

/// A translator answer that breaks the contract every input must meet: an error message that
/// is empty or more than one line. (A crash or a hang breaks it too, but ends the process, which
/// is how libFuzzer and the tests see it.)
public struct FuzzContractViolation: Error, CustomStringConvertible, Sendable {
    public var description: String
}

/// The fuzz target: takes `bytes` through every translator stage that `bs-aot build` runs before
/// the C compiler (``decodeModule(_:)``, validation and ``lower(_:options:)``), once with host
/// imports bound as `bs-aot build --allow-unsupported-imports` binds them and once with every
/// import bound at run time (as the spec harness lowers modules), so that both binding paths see
/// every input.
/// - Returns: the outcome; every input must end in one of the two.
/// - Throws: `FuzzContractViolation` when an error message is empty or spans several lines.
public func translateFuzzInput(_ bytes: [UInt8]) throws(FuzzContractViolation) -> FuzzOutcome {
    let module: Module
    do {
        module = try decodeModule(bytes)
    } catch {
        return .rejected(try checkedMessage(error.description))
    }
    var size = 0
    for policy in [HostImportPolicy.bindHost(allowUnsupported: true), .dynamic] {
        do {
            let options = LoweringOptions(hostImports: policy, emitMain: policy != .dynamic)
            let translation = try lower(module, options: options)
            size += translation.files.reduce(0) { $0 + $1.contents.utf8.count }
        } catch {
            return .rejected(try checkedMessage(error.description))
        }
    }
    return .translated(cBytes: size)
}

private func checkedMessage(_ message: String) throws(FuzzContractViolation) -> String {
    guard !message.isEmpty else { throw FuzzContractViolation(description: "an empty error message") }
    guard !message.contains(where: \.isNewline) else {
        throw FuzzContractViolation(description: "an error message of several lines: \(message.debugDescription)")
    }
    return message
}

/// libFuzzer's entry point (`bs-aot-fuzz` built by `scripts/fuzz.sh`): a contract violation
/// aborts, which libFuzzer records as a crash with its input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    do {
        _ = try translateFuzzInput(bytes)
    } catch {
        fatalError("bs-aot-fuzz: \(error)")
    }
    return 0
}

/// libFuzzer calls this once before fuzzing: `bs-aot-fuzz --extract-seeds SUITE OUT` does the
/// seed extraction of the standalone build and exits, so one binary serves `scripts/fuzz.sh`.
@_cdecl("LLVMFuzzerInitialize")
public func fuzzInitialize(
    _ argc: UnsafeMutablePointer<Int32>?, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>?
) -> Int32 {
    guard let argc, let arguments = argv?.pointee, argc.pointee >= 2,
        let first = arguments[1], String(cString: first) == "--extract-seeds"
    else { return 0 }
    exit(standaloneMain(argc.pointee, arguments))
}
