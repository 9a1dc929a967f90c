import Lowering
import WAT
import WasmModule
import WasmParser
import WasmTypes

/// Walks a script's directives once: translates every module through the real pipeline
/// (`decodeModule`, `lower`), decides what can be decided without running anything (malformed
/// and invalid modules, unsupported features) and turns the rest into driver steps.
///
/// Semantics follow the reference interpreter's script runner (`interpreter/script/run.ml`):
/// `assert_unlinkable` and `assert_trap (module ...)` do not change the current module.
struct ScriptPlanner {
    /// What a module name (or "the current module") refers to.
    private enum Instance {
        case slot(Int, Module)
        case unsupported(String)
        /// The module is not available because of an earlier failure.
        case broken(String)
    }

    /// The result of taking a module through the pipeline.
    private enum Translation {
        /// `prefix` is the C symbol prefix it was lowered with, unique in the script.
        case lowered(Module, CModule, prefix: String, bytes: [UInt8])
        /// Rejected by the text parser, the decoder or the validator (`stage`).
        case rejected(stage: String, String)
        /// Needs a feature bs-aot does not lower yet; the module, when it decoded, for its imports.
        case unsupported(String, Module?)
        /// The lowering failed in a way that is neither (an error of the translator).
        case broken(String)
    }

    private(set) var plan: ScriptPlan
    private var current: Instance?
    private var named: [String: Instance] = [:]
    private var registered: [String: Instance] = [:]
    /// The slot each registered name refers to.
    private var registeredSlots: [String: Int] = [:]
    /// Instances whose state a module the harness could not run would have changed (it imports
    /// from them): why their later checks cannot be trusted to fail.
    private var taints: [Int: String] = [:]
    private var definitions: [String: Translation] = [:]
    private var lastDefinition: Translation?
    private var translations: [[UInt8]: Translation] = [:]
    private var unitIndices: [[UInt8]: Int] = [:]
    /// How many modules have been lowered: the next symbol prefix is `m<count>`.
    private var loweredCount = 0
    private var signatureIndices: [Signature: Int] = [:]
    /// The NaN patterns of the directive being added, in text order (``ScriptOutline``).
    private var nanPatterns: [Bool] = []

    init(file: String) {
        plan = ScriptPlan(file: file)
    }

    /// Plans a whole script.
    static func plan(file: String, text: String) -> ScriptPlan {
        var planner = ScriptPlanner(file: file)
        let outline = ScriptOutline(text)
        var wast: WAST
        do {
            wast = try parseWAST(text, features: .all)
        } catch {
            planner.addCheck(line: 1, "script", "", .failed("cannot parse script: \(error)"))
            return planner.plan
        }
        var index = 0
        while let (result, _) = wast.nextDirectiveResult() {
            let entry = index < outline.entries.count ? outline.entries[index] : ScriptOutline.Entry(line: 0, keyword: "?")
            planner.nanPatterns = index < outline.nanPatterns.count ? outline.nanPatterns[index] : []
            index += 1
            switch result {
            case .success(let directive): planner.add(directive, line: entry.line)
            case .failure(let error): planner.addUnparsed(error, keyword: entry.keyword, line: entry.line)
            }
        }
        if index != outline.entries.count {
            planner.plan.notes.append(
                "harness: WasmKit read \(index) directives but the outline found \(outline.entries.count); line numbers may be off")
        }
        return planner.plan
    }

    // MARK: Directives

    private mutating func add(_ directive: WASTDirective, line: Int) {
        switch directive {
        case .module(let module):
            let translation = translate(module.source)
            if module.isDefinition {
                if let id = module.id { definitions[id] = translation }
                lastDefinition = translation
                addCheck(line: line, "module definition", module.id ?? "", staticOutcome(of: translation))
                return
            }
            let instance = instantiate(translation, line: line, directive: "module", subject: module.id ?? "")
            current = instance
            if let id = module.id { named[id] = instance }
        case .moduleInstance(let instanceId, let moduleId):
            let definition = moduleId.map { definitions[$0] } ?? lastDefinition
            guard let definition else {
                addCheck(line: line, "module instance", moduleId ?? "", .failed("no module definition \(moduleId ?? "")"))
                current = .broken("module instance at line \(line) failed")
                return
            }
            let instance = instantiate(definition, line: line, directive: "module instance", subject: instanceId ?? "")
            current = instance
            if let instanceId { named[instanceId] = instance }
        case .register(let name, let moduleId):
            let check = addCheck(line: line, "register", name, nil)
            switch resolve(moduleId) {
            case .slot(let slot, _):
                addStep(.register(name: name, slot: slot), check: check, expecting: .registers)
                registered[name] = .slot(slot, Module())
                registeredSlots[name] = slot
            case .unsupported(let reason):
                decide(check, .unsupported(reason))
                registered[name] = .unsupported(reason)
                registeredSlots[name] = nil
            case .broken(let reason):
                registeredSlots[name] = nil
                decide(check, .failed(reason))
                registered[name] = .broken("registered module \"\(name)\" failed at line \(line)")
            }
        case .invoke(let invoke):
            addCall(invoke, line: line, directive: "invoke", expecting: { _ in .completes })
        case .assertReturn(.invoke(let invoke), let results):
            let nans = nanPatterns
            addCall(invoke, line: line, directive: "assert_return", expecting: { signature throws(PlanningError) in
                .returns(try Self.expectations(results, for: signature, nanPatterns: nans))
            })
        case .assertReturn(.get(let moduleId, let name), let results):
            addGet(moduleId: moduleId, name: name, results: results, line: line)
        case .assertTrap(.invoke(let invoke), let message):
            addCall(invoke, line: line, directive: "assert_trap", expecting: { _ in .traps(message) })
        case .assertExhaustion(let invoke, _):
            addCall(invoke, line: line, directive: "assert_exhaustion", expecting: { _ in .exhausts })
        case .assertTrap(.wat(let wat), let message):
            let translation = translate(.text(wat))
            _ = instantiate(translation, line: line, directive: "assert_trap", subject: "module",
                            expecting: .trapsInstantiating(message))
        case .assertUnlinkable(let wat, _):
            let translation = translate(.text(wat))
            _ = instantiate(translation, line: line, directive: "assert_unlinkable", subject: "module",
                            expecting: .unlinkable)
        case .assertInvalid(let module, let message), .assertMalformed(let module, let message):
            let directive = if case .assertInvalid = directive { "assert_invalid" } else { "assert_malformed" }
            let outcome: Outcome
            switch translate(module.source) {
            case .rejected(let stage, _):
                outcome = .passed
                plan.rejections["\(directive) by the \(stage)", default: 0] += 1
            case .unsupported(let reason, _): outcome = .unsupported(reason)
            case .broken(let reason): outcome = .failed(reason)
            case .lowered: outcome = .failed("the module was accepted; expected \"\(message)\"")
            }
            addCheck(line: line, directive, message, outcome)
        case .assertReturn(.wat, _), .assertTrap(.get, _):
            addCheck(line: line, "assert", "", .unsupported("harness: this form of assertion"))
        case .assertException(.invoke(let invoke)):
            addCall(invoke, line: line, directive: "assert_exception", expecting: { _ in .throwsException })
        case .assertException:
            addCheck(line: line, "assert_exception", "", .unsupported("harness: this form of assertion"))
        case .assertFuel, .assertOutOfFuel:
            addCheck(line: line, "assert_fuel", "", .unsupported("harness: fuel metering"))
        }
    }

    /// A directive WasmKit could not parse. For `assert_malformed` and `assert_invalid` the text
    /// parser refusing the module is the rejection the script asks for.
    private mutating func addUnparsed(_ error: WASTDirectiveError, keyword: String, line: Int) {
        switch keyword {
        case "assert_malformed", "assert_invalid":
            addCheck(line: line, keyword, "", .passed)
            plan.rejections["\(keyword) by the WAST parser", default: 0] += 1
        default:
            let reason = "WAST parse error: \(error.error)"
            addCheck(line: line, keyword, "", .failed(reason))
            if let module = error.module {
                let broken = Instance.broken("module at line \(line) could not be parsed")
                if let id = module.id { named[id] = broken }
                if !module.isDefinition { current = broken }
            }
        }
    }

    // MARK: Modules

    /// Takes a module through the WAT encoder, `decodeModule` and `lower`, once per binary.
    private mutating func translate(_ source: ModuleSource) -> Translation {
        let bytes: [UInt8]
        do {
            switch source {
            case .text(let wat): bytes = try wat.encode()
            case .quote(let text): bytes = try wat2wasm(String(decoding: text, as: UTF8.self), features: .all)
            case .binary(let binary): bytes = binary
            }
        } catch {
            return .rejected(stage: "WAT parser", "\(error)")
        }
        if let known = translations[bytes] { return known }
        let translation: Translation
        do {
            let module = try decodeModule(bytes)
            if let feature = module.unsupportedFeature {
                translation = .unsupported("unsupported feature: \(feature.name)", module)
            } else {
                // Every lowered module gets its own prefix, even one never instantiated (a definition
                // waiting for `module instance`, a wrongly accepted invalid module).
                let prefix = "m\(loweredCount)"
                loweredCount += 1
                let options = LoweringOptions(symbolPrefix: prefix, hostImports: .dynamic, emitMain: false)
                do {
                    translation = .lowered(module, try lower(module, options: options), prefix: prefix, bytes: bytes)
                } catch {
                    if case .unsupported(let feature, _) = error {
                        translation = .unsupported("unsupported feature: \(feature)", module)
                    } else {
                        throw error
                    }
                }
            }
        } catch let error as DecodeError {
            translation = .rejected(stage: "decoder", error.description)
        } catch let error as LoweringError {
            switch error {
            case .invalid: translation = .rejected(stage: "validator", error.description)
            case .malformed: translation = .rejected(stage: "decoder", error.description)
            case .unsupported(let feature, _): translation = .unsupported("unsupported feature: \(feature)", nil)
            default: translation = .broken("lower: \(error.description)")
            }
        } catch {
            translation = .broken("\(error)")
        }
        translations[bytes] = translation
        return translation
    }

    private func staticOutcome(of translation: Translation) -> Outcome {
        switch translation {
        case .lowered: .passed
        case .unsupported(let reason, _): .unsupported(reason)
        case .rejected(_, let reason): .failed("the module was rejected: \(reason)")
        case .broken(let reason): .failed(reason)
        }
    }

    /// Adds an instantiation step (and the unit it needs) for a translated module.
    private mutating func instantiate(
        _ translation: Translation, line: Int, directive: String, subject: String,
        expecting expectation: Expectation = .instantiates
    ) -> Instance {
        guard case .lowered(let module, let cModule, let prefix, let bytes) = translation else {
            let outcome = staticOutcome(of: translation)
            addCheck(line: line, directive, subject, outcome)
            if case .unsupported(let reason, let module) = translation {
                taintProviders(of: module, reason: "after the module at line \(line), which was not run (\(reason))")
                return .unsupported(reason)
            }
            return .broken("module at line \(line) failed")
        }
        // A module importing from a registered module that is unsupported needs it too.
        for entry in module.imports {
            switch registered[entry.module] {
            case .unsupported(let reason)?:
                addCheck(line: line, directive, subject, .unsupported(reason))
                taintProviders(of: module, reason: "after the module at line \(line), which was not run (\(reason))")
                return .unsupported(reason)
            case .broken(let reason)?:
                addCheck(line: line, directive, subject, .failed(reason))
                return .broken("module at line \(line) failed")
            default: break
            }
        }
        let unit: Int
        if let known = unitIndices[bytes] {
            unit = known
        } else {
            unit = plan.units.count
            unitIndices[bytes] = unit
            plan.units.append(Unit(prefix: prefix, files: cModule.files, line: line))
        }
        let slot = plan.slotCount
        plan.slotCount += 1
        let check = addCheck(line: line, directive, subject, nil)
        // Importing from an instance in doubt puts this one in doubt too.
        let (slots, known) = (registeredSlots, taints)
        let taint = module.imports.compactMap { slots[$0.module].flatMap { known[$0] } }.first
        if let taint { taints[slot] = taint }
        addStep(.instantiate(unit: unit, slot: slot), check: check, expecting: expectation, taint: taint)
        return .slot(slot, module)
    }

    /// Marks the registered instances `module` imports from as in doubt: the module was not run,
    /// so whatever it would have written into their tables, memories or globals is missing.
    private mutating func taintProviders(of module: Module?, reason: String) {
        for entry in module?.imports ?? [] {
            if let slot = registeredSlots[entry.module], taints[slot] == nil { taints[slot] = reason }
        }
    }

    private func resolve(_ moduleId: String?) -> Instance {
        if let moduleId {
            return named[moduleId] ?? .broken("no module named \(moduleId)")
        }
        return current ?? .broken("no current module")
    }

    // MARK: Calls

    private mutating func addCall(
        _ invoke: WASTInvoke, line: Int, directive: String,
        expecting expectation: (Signature) throws(PlanningError) -> Expectation
    ) {
        let check = addCheck(line: line, directive, "\"\(invoke.name)\"", nil)
        do throws(PlanningError) {
            let (slot, module) = try slotAndModule(invoke.module)
            // Names compare as bytes: Swift's == would equate canonically equivalent spellings.
            guard let index = module.exports.firstIndex(where: { $0.name.utf8.elementsEqual(invoke.name.utf8) }),
                case .function(let function) = module.exports[index].descriptor
            else { throw .failed("no exported function \"\(invoke.name)\"") }
            let typeIndex = module.allFunctionTypeIndices[Int(function)]
            var signature = try Self.signature(of: module.types[Int(typeIndex)])
            signature.identity = typeIdentity(ofType: Int(typeIndex), in: module)
            guard signature.parameters.count == invoke.args.count else {
                throw .failed("\(invoke.args.count) arguments for a function of type \(signature.text)")
            }
            var arguments: [UInt64] = []
            for value in invoke.args { arguments += try Self.argument(value) }
            let expectation = try expectation(signature)
            let action = Action.call(
                slot: slot, export: ExportName(name: invoke.name, index: index),
                signature: signatureIndex(signature), arguments: arguments)
            addStep(action, check: check, expecting: expectation, taint: taints[slot])
        } catch {
            decide(check, error.outcome)
        }
    }

    private mutating func addGet(moduleId: String?, name: String, results: [WASTExpectValue], line: Int) {
        let check = addCheck(line: line, "assert_return", "get \"\(name)\"", nil)
        do throws(PlanningError) {
            let (slot, module) = try slotAndModule(moduleId)
            guard let index = module.exports.firstIndex(where: { $0.name.utf8.elementsEqual(name.utf8) }),
                case .global(let global) = module.exports[index].descriptor
            else { throw .failed("no exported global \"\(name)\"") }
            let kind = try Self.kind(of: module.allGlobals[Int(global)].valueType)
            let expected = try Self.expectations(
                results, for: Signature(parameters: [], results: [kind]), nanPatterns: nanPatterns)
            addStep(
                .readGlobal(slot: slot, export: ExportName(name: name, index: index), kind: kind),
                check: check, expecting: .returns(expected), taint: taints[slot])
        } catch {
            decide(check, error.outcome)
        }
    }

    private func slotAndModule(_ moduleId: String?) throws(PlanningError) -> (Int, Module) {
        switch resolve(moduleId) {
        case .slot(let slot, let module): return (slot, module)
        case .unsupported(let reason): throw .unsupported(reason)
        case .broken(let reason): throw .failed(reason)
        }
    }

    private mutating func signatureIndex(_ signature: Signature) -> Int {
        if let known = signatureIndices[signature] { return known }
        signatureIndices[signature] = plan.signatures.count
        plan.signatures.append(signature)
        return plan.signatures.count - 1
    }

    // MARK: Values

    static func kind(of type: ValueType) throws(PlanningError) -> ValueKind {
        switch type {
        case .i32: return .i32
        case .i64: return .i64
        case .f32: return .f32
        case .f64: return .f64
        case .v128: return .v128
        case .ref(let reference):
            // Typed references share the C representation of their top type.
            switch reference.heapType {
            case .abstract(.funcRef), .abstract(.noFunc), .concrete: return .funcref
            case .abstract(.externRef), .abstract(.noExtern): return .externref
            default: throw .unsupported("harness: reference type \(reference)")
            }
        }
    }

    static func signature(of type: FunctionType) throws(PlanningError) -> Signature {
        Signature(
            parameters: try type.parameters.map { (t: ValueType) throws(PlanningError) in try kind(of: t) },
            results: try type.results.map { (t: ValueType) throws(PlanningError) in try kind(of: t) })
    }

    /// The driver's words for an argument: one, or two for a v128 (low, high).
    static func argument(_ value: WASTConstValue) throws(PlanningError) -> [UInt64] {
        switch value {
        case .i32(let bits): return [UInt64(bits)]
        case .i64(let bits): return [bits]
        case .f32(let bits): return [UInt64(bits)]
        case .f64(let bits): return [bits]
        case .refNull: return [0]
        case .refExtern(let n): return [ScriptPlan.externBits(n)]
        case .v128(let value): return [littleEndianWord(value.bytes, at: 0), littleEndianWord(value.bytes, at: 8)]
        case .refFunc: throw .unsupported("harness: ref.func arguments")
        case .refHost: throw .unsupported("harness: ref.host arguments")
        }
    }

    /// - Parameter nanPatterns: the directive's `nan:canonical`/`nan:arithmetic` words in text
    ///   order, which give the class of each NaN lane of a v128 (WasmKit keeps only "a NaN").
    static func expectations(_ values: [WASTExpectValue], for signature: Signature, nanPatterns: [Bool])
        throws(PlanningError) -> [Expected]
    {
        guard values.count == signature.results.count else {
            throw .failed("\(values.count) expected results for a function of type \(signature.text)")
        }
        var nans = nanPatterns[...]
        var expected: [Expected] = []
        for (value, kind) in zip(values, signature.results) {
            expected.append(try expectation(value, kind: kind, nans: &nans))
        }
        return expected
    }

    private static func expectation(_ value: WASTExpectValue, kind: ValueKind, nans: inout ArraySlice<Bool>)
        throws(PlanningError) -> Expected
    {
        switch value {
        case .i32(let bits): return .bits(UInt64(bits), .i32)
        case .i64(let bits): return .bits(bits, .i64)
        case .f32(let bits): return .bits(UInt64(bits), .f32)
        case .f64(let bits): return .bits(bits, .f64)
        case .f32CanonicalNaN, .f32ArithmeticNaN, .f64CanonicalNaN, .f64ArithmeticNaN:
            _ = nans.popFirst()
            switch value {
            case .f32CanonicalNaN: return .canonicalNaN(.f32)
            case .f32ArithmeticNaN: return .arithmeticNaN(.f32)
            case .f64CanonicalNaN: return .canonicalNaN(.f64)
            default: return .arithmeticNaN(.f64)
            }
        case .refNull: return .null
        case .refFunc: return .nonNull
        case .refExtern(let n?): return .extern(ScriptPlan.externBits(n))
        case .refExtern(nil): return .nonNull
        case .v128(let value):
            return .v128([.bits(littleEndianWord(value.bytes, at: 0), .i64), .bits(littleEndianWord(value.bytes, at: 8), .i64)])
        case .v128Pattern(let pattern):
            let lane: ValueKind = pattern.shape == .f64x2 ? .f64 : .f32
            let width = lane == .f64 ? 8 : 4
            var lanes: [Expected] = []
            for index in 0..<(16 / width) {
                guard pattern.nanLaneMask & (1 << index) != 0 else {
                    lanes.append(.bits(littleEndianWord(pattern.bytes, at: index * width, width: width), lane))
                    continue
                }
                guard let canonical = nans.popFirst() else {
                    throw .failed("harness: no nan:canonical or nan:arithmetic in the text for lane \(index) of a v128")
                }
                lanes.append(canonical ? .canonicalNaN(lane) : .arithmeticNaN(lane))
            }
            return .v128(lanes)
        case .either(let alternatives):
            var choices: [Expected] = []
            for alternative in alternatives { choices.append(try expectation(alternative, kind: kind, nans: &nans)) }
            return .either(choices)
        case .refI31, .refStruct, .refArray, .refEq, .refHost:
            throw .unsupported("harness: gc reference results (\(kind))")
        }
    }

    /// The little-endian integer of `width` bytes at `offset`.
    static func littleEndianWord(_ bytes: [UInt8], at offset: Int, width: Int = 8) -> UInt64 {
        (offset..<(offset + width)).reversed().reduce(UInt64(0)) { ($0 << 8) | UInt64(bytes[$1]) }
    }

    // MARK: Bookkeeping

    @discardableResult
    private mutating func addCheck(line: Int, _ directive: String, _ subject: String, _ outcome: Outcome?) -> Int {
        plan.checks.append(Check(line: line, directive: directive, subject: subject, outcome: outcome))
        return plan.checks.count - 1
    }

    private mutating func decide(_ check: Int, _ outcome: Outcome) {
        plan.checks[check].outcome = outcome
    }

    private mutating func addStep(_ action: Action, check: Int, expecting expectation: Expectation, taint: String? = nil) {
        plan.steps.append(Step(action: action, check: check, expectation: expectation, taint: taint))
    }
}

/// Why a directive cannot become a driver step.
enum PlanningError: Error {
    case unsupported(String)
    case failed(String)

    var outcome: Outcome {
        switch self {
        case .unsupported(let reason): .unsupported(reason)
        case .failed(let reason): .failed(reason)
        }
    }
}
