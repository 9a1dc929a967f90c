import Validator
import WasmModule
import WasmParser
import WasmTypes

/// Lowers one function body to one C function while validating it: the operand stack of the
/// validator gives every value's C slot (`si<height>` for an i32 at that height, ...), so the
/// C code is plain scalar assignments between typed locals, and control flow is labels and goto.
///
/// Split by instruction family into the `FunctionLowering+*.swift` extensions.
struct FunctionLowering {

    let context: ModuleContext
    let names: ModuleNames
    let layout: InstanceLayout
    let functionIndex: UInt32
    let type: FunctionType
    /// Parameters then declared locals.
    let locals: [ValueType]
    var stack = OperandStack()
    /// One entry per control frame of `stack`, for code generation.
    var labels: [Label] = []
    var lines: [String] = []
    /// Slot variables used, by name, with their C type.
    var slots: [String: String] = [:]
    var labelCounter = 0
    /// Module offset of the instruction being lowered.
    var binaryOffset: Int = 0
    /// Indices (in the body) of the loads that are kept (`<load>_kept`, a volatile read), so that
    /// clang can neither delete, narrow nor sink the access and with it the out-of-bounds trap
    /// (KeptLoads.swift).
    var keptLoads: Set<Int> = []
    /// "_kept" for a kept load (the instruction being lowered), else "".
    var keptSuffix: String { keptLoads.contains(instructionIndex) ? "_kept" : "" }
    var instructionIndex = 0
    /// Post-MVP proposals this body uses, for `bs-aot inspect`.
    var features: Set<String> = []
    /// Memories whose base the body reads (each gets a `mem<i>` local).
    var usedMemories: Set<UInt32> = []
    /// True when the body touches a per-thread global (it then looks its thread's block up).
    var usesThreadGlobals = false
    /// Non-nullable locals set so far in the current block (function references: such a local
    /// may be read only once set; the set is forgotten at the end of the block that set it).
    var initializedLocals: Set<UInt32> = []
    /// `initializedLocals` at the entry of each open block, restored at its `else` and `end`.
    var initializedAtEntry: [Set<UInt32>] = []
    /// The module's source lines (`-g`), and the last location emitted in this body.
    var debugLines: DebugLines?
    var lastLocation: DebugLines.Row?
    /// The body runs behind the uniform tail-call signature (FunctionLowering+TailCalls.swift).
    var isUniform = false
    /// Defined functions whose tail entry the body jumps to.
    var tailEntryTargets: Set<UInt32> = []
    /// Signatures of the indirect tail calls the body makes through tail entries.
    var indirectTailTypes: Set<String> = []
    /// Tables the body writes (`table.set`, `.grow`, `.fill`, `.copy` into, `.init`), which
    /// are then not constant (ConstantTables.swift), and the indirect calls it makes.
    var writtenTables: Set<UInt32> = []
    var indirectCalls: Set<IndirectCall> = []
    /// Handler regions and legacy catch clauses (FunctionLowering+Exceptions.swift).
    var exceptions = ExceptionState()
    /// The body has more branches and labels than clang optimizes in reasonable time
    /// (`TranslatorLimits.optimizedControlFlow`): it is compiled without optimization.
    var isUnoptimized = false
    /// The body has exception handlers (`try_table` or legacy `try`).
    var handlesExceptions = false
    /// Set while lowering the wide copy of a loop (WideAddressLoops.swift).
    var wideLoop: WideLoop?

    /// Code-generation state of a control frame.
    struct Label {
        var name: String
        /// True while code at the current point of this frame can run.
        var live: Bool
        /// True when the frame was entered from live code.
        var enteredLive: Bool
        var isTargeted = false
        /// Line holding a loop's label, blanked at the end if no branch targets it.
        var loopLabelLine: Int?
        /// Temporaries saving an `if`'s parameters for its `else` branch.
        var savedParameters: [String] = []
    }

    init(context: ModuleContext, names: ModuleNames, layout: InstanceLayout, functionIndex: UInt32) throws(TranslationError) {
        self.context = context
        self.names = names
        self.layout = layout
        self.functionIndex = functionIndex
        let definedIndex = Int(functionIndex) - context.importedFunctionCount
        do {
            type = try context.functionType(functionIndex, at: context.module.codeOffsets[definedIndex])
        } catch {
            throw .invalid(error)
        }
        locals = type.parameters + context.module.codes[definedIndex].locals
        stack = OperandStack(relation: context.relation)
    }

    var isLive: Bool { labels.last?.live ?? false }

    // MARK: - Driving

    /// Returns the C definition of the function.
    mutating func lower() throws(TranslationError) -> String {
        let definedIndex = Int(functionIndex) - context.importedFunctionCount
        let code = context.module.codes[definedIndex]
        let body = try decodeBody(code)
        // The declared locals' types: a typed reference must name a type the module has.
        binaryOffset = context.module.codeOffsets[definedIndex]
        do { try requireSupported(code.locals) } catch { throw translationError(error) }
        keptLoads = loadsToKeep(body.instructions.map(\.instruction), context: context)
        isUniform = needsUniformSignature(body.instructions)
        isUnoptimized = TranslatorLimits.controlFlowSize(body.instructions.map(\.instruction)) > TranslatorLimits.optimizedControlFlow
        if !body.legacy.isEmpty || body.instructions.contains(where: { if case .tryTable = $0.instruction { true } else { false } }) {
            exceptions.plan = ExceptionPlan(body)
            handlesExceptions = true
        }
        stack.pushControl(.function, parameters: [], results: type.results)
        labels.append(Label(name: "", live: true, enteredLive: true))
        var index = 0
        while index < body.instructions.count {
            if let loop = wideLoopCandidate(at: index, in: body) {
                try lowerLoopTwice(index...loop.end, writing: loop.written, in: body)
                index = loop.end + 1
            } else {
                try lowerInstruction(at: index, in: body)
                index += 1
            }
        }
        return render()
    }

    mutating func lowerInstruction(at index: Int, in body: DecodedBody) throws(TranslationError) {
        instructionIndex = index
        binaryOffset = body.instructions[index].offset
        if let legacy = body.legacy[index] { try visitLegacy(legacy) } else { try visit(body.instructions[index].instruction) }
    }

    var functionName: String { names.displayName(ofFunction: functionIndex) }

    /// Dispatches one instruction to its family's lowering.
    mutating func visit(_ instruction: Instruction) throws(TranslationError) {
        stack.offset = binaryOffset
        if debugLines != nil { noteSourceLocation() }
        if let feature = proposal(of: instruction) { features.insert(feature) }
        let height = stack.height
        do {
            try lower(instruction)
        } catch {
            throw translationError(error)
        }
        if wideLoop != nil { trackWideForms(instruction, heightBefore: height) }
    }

    /// A lowering error as the translator reports it, naming this function.
    func translationError(_ error: any Error) -> TranslationError {
        switch error {
        case var error as ValidationError:
            error.function = functionName
            return .invalid(error)
        case let error as UnsupportedFeatureError:
            return .unsupported(error)
        default:
            return .invalid(ValidationError("\(error)", offset: binaryOffset, function: functionName))
        }
    }

    private mutating func lower(_ instruction: Instruction) throws {
        switch instruction {
        case .unreachable, .nop, .block, .loop, .if, .else, .end, .br, .brIf, .brTable, .return:
            try lowerControl(instruction)
        case .call, .callIndirect:
            try lowerCall(instruction)
        case .returnCall, .returnCallIndirect:
            try lowerTailCall(instruction)
        case .refAsNonNull, .brOnNull, .brOnNonNull, .callRef, .returnCallRef:
            try lowerFunctionReference(instruction)
        case .throw, .throwRef, .tryTable:
            try lowerException(instruction)
        case .drop, .select, .typedSelect, .localGet, .localSet, .localTee, .globalGet, .globalSet:
            try lowerVariable(instruction)
        case .i32Const, .i64Const, .f32Const, .f64Const, .i32Eqz, .i64Eqz, .cmp, .unary, .binary, .conversion:
            try lowerNumeric(instruction)
        case .load, .store, .memorySize, .memoryGrow, .memoryInit, .dataDrop, .memoryCopy, .memoryFill:
            try lowerMemory(instruction)
        case .refNull, .refIsNull, .refFunc, .tableGet, .tableSet, .tableSize, .tableGrow, .tableFill,
            .tableCopy, .tableInit, .elemDrop:
            try lowerReference(instruction)
        case .v128Const, .i8x16Shuffle, .simd, .simdLane, .simdMemLane:
            try lowerSIMD(instruction)
        default:
            if instruction.isAtomic { return try lowerAtomic(instruction) }
            throw UnsupportedFeatureError(feature: featureName(of: instruction), offset: binaryOffset)
        }
    }

    // MARK: - Emitting

    /// `-g`: where the instruction at `binaryOffset` comes from in the source, when that changes:
    /// a `#line` for the C compiler, and FN set to "function (file:line)" for trap messages.
    mutating func noteSourceLocation() {
        guard isLive, let table = debugLines, let start = context.module.codeContentOffset, binaryOffset >= start,
            let location = table.location(at: UInt64(binaryOffset - start))
        else { return }
        if let last = lastLocation, last.file == location.file, last.line == location.line { return }
        lastLocation = location
        let file = location.file.isEmpty ? "?" : location.file
        lines.append("#line \(location.line) \(cStringLiteral(file))")
        let shortName = file.split(separator: "/").last.map(String.init) ?? file
        emit("FN = \(cStringLiteral("\(functionName) (\(shortName):\(location.line))"));")
    }

    /// The lvalue of global `index`, noting a per-thread one.
    mutating func global(_ index: UInt32) -> String {
        if layout.usesThreadBlock(index) { usesThreadGlobals = true }
        return layout.global(index)
    }

    /// The C local holding memory `index`'s base, declared in the prologue.
    mutating func memoryBase(_ index: UInt32) -> String {
        usedMemories.insert(index)
        return layout.memoryBase(index)
    }

    mutating func emit(_ line: String) {
        guard isLive else { return }
        lines.append("  " + line)
    }

    /// The C variable holding the operand at `height` of type `type`.
    mutating func slot(_ height: Int, _ type: ValueType) -> String {
        let name = "\(type.slotPrefix)\(height)"
        slots[name] = type.cType
        return name
    }

    func local(_ index: UInt32) -> String { "l\(index)" }

    mutating func newLabelName() -> String {
        labelCounter += 1
        return "L\(labelCounter)"
    }

    /// The whole C function (and, for a uniform one, the entry other callers use).
    func render() -> String {
        let parameters = type.parameters.enumerated().map { "\($0.element.cType) l\($0.offset)" }
        let entry = "\(type.cReturnType) \(names.function(functionIndex))(\((["bsrt_instance *self"] + parameters).joined(separator: ", ")))"
        // A parameter the body assigns inside a handler region is volatile (ExceptionPlan).
        let bodyParameters = type.parameters.enumerated().map { cDeclaration(of: "l\($0.offset)", $0.element, index: $0.offset) }
        let signature = isUniform
            ? "\(type.cReturnType) \(names.tailEntry(functionIndex))(bsrt_instance *self)"
            : "\(type.cReturnType) \(names.function(functionIndex))(\((["bsrt_instance *self"] + bodyParameters).joined(separator: ", ")))"
        var out = "/* \(cComment(functionName)) */\n\(isUnoptimized ? "BSRT_UNOPTIMIZED " : "")\(signature) {\n"
        if isUniform {
            for (index, parameter) in parameters.enumerated() {
                if exceptions.plan.volatileLocals.contains(UInt32(index)) {
                    // No memcpy into a volatile object: through a plain copy.
                    let value = type.parameters[index]
                    out += "  \(value.cType) l\(index)_in; memcpy(&l\(index)_in, &bsrt_tail_args[\(index)], sizeof l\(index)_in);"
                    out += " \(bodyParameters[index]) = l\(index)_in;\n"
                } else {
                    out += "  \(parameter); memcpy(&l\(index), &bsrt_tail_args[\(index)], sizeof l\(index));\n"
                }
            }
        }
        // With source locations FN moves to the current line (noteSourceLocation), so a trap's
        // message names it.
        out += debugLines == nil
            ? "  static const char FN[] = \(cStringLiteral(functionName));\n"
            : "  const char *FN = \(cStringLiteral(functionName));\n"
        out += layout.prologue(usesThreadGlobals: usesThreadGlobals)
        // The base never moves (bsrt.h), so one load serves the whole body.
        for memory in usedMemories.sorted() {
            out += "  __attribute__((unused)) uint8_t *\(layout.memoryBase(memory)) = \(layout.memoryBaseSource(memory));\n"
        }
        out += "  (void)FN;\n"
        if !type.parameters.isEmpty {
            out += "  " + type.parameters.indices.map { "(void)l\($0);" }.joined(separator: " ") + "\n"
        }
        // Locals start at zero (the spec's default); slots are zeroed too so that no path reads
        // an indeterminate value as far as clang can tell. Some are only ever written.
        var declarations: [String: [String]] = [:]
        var volatileLocals: [String] = []
        for (index, local) in locals.enumerated().dropFirst(type.parameters.count) {
            if exceptions.plan.volatileLocals.contains(UInt32(index)) {
                volatileLocals.append(cDeclaration(of: "l\(index)", local, index: index) + " = \(cZero(ofCType: local.cType))")
            } else {
                declarations[local.cType, default: []].append("l\(index)")
            }
        }
        for (name, cType) in slots { declarations[cType, default: []].append(name) }
        for cType in declarations.keys.sorted() {
            // A pointer's `*` belongs to each declarator, not to the type.
            let isPointer = cType.hasSuffix("*")
            let base = isPointer ? String(cType.dropLast()) : cType + " "
            // A vector (v128) is zeroed by an initializer list, an exnref is BSRT_EXNREF_NULL.
            let zero = cZero(ofCType: cType)
            let variables = declarations[cType, default: []].sorted()
                .map { isPointer ? "*\($0) = 0" : "\($0) = \(zero)" }.joined(separator: ", ")
            out += "  __attribute__((unused)) \(base)\(variables);\n"
        }
        for declaration in volatileLocals + exceptions.declarations {
            out += "  __attribute__((unused)) \(declaration)\(declaration.hasSuffix(";") ? "" : ";")\n"
        }
        for line in lines where !line.isEmpty { out += line + "\n" }
        out += "}\n"
        if isUniform {
            out += "\(entry) {\n"
            for index in type.parameters.indices {
                out += "  memcpy(&bsrt_tail_args[\(index)], &l\(index), sizeof l\(index));\n"
            }
            out += "  return \(names.tailEntry(functionIndex))(self);\n}\n"
        }
        return out
    }

    /// `T name`, or a volatile `name` when the local lives across a setjmp (ExceptionPlan).
    private func cDeclaration(of name: String, _ type: ValueType, index: Int) -> String {
        guard exceptions.plan.volatileLocals.contains(UInt32(index)) else { return "\(type.cType) \(name)" }
        // A pointer's qualifier goes after the `*`: `void *volatile l3`.
        return type.cType.hasSuffix("*") ? "\(type.cType)volatile \(name)" : "volatile \(type.cType) \(name)"
    }
}


/// The Wasm 2.0 proposal a supported instruction comes from, if it is not in the MVP.
func proposal(of instruction: Instruction) -> String? {
    switch instruction {
    case .unary(let op) where [.i32Extend8S, .i32Extend16S, .i64Extend8S, .i64Extend16S, .i64Extend32S].contains(op):
        return "sign extension"
    case .conversion(let op) where op.isSaturating: return "non-trapping float-to-int"
    case .memoryInit, .dataDrop, .memoryCopy, .memoryFill, .tableInit, .elemDrop, .tableCopy: return "bulk memory"
    case .refNull, .refIsNull, .refFunc, .tableGet, .tableSet, .tableSize, .tableGrow, .tableFill, .typedSelect:
        return "reference types"
    case .block(.funcType), .loop(.funcType), .if(.funcType): return "multi-value"
    case .returnCall, .returnCallIndirect: return "tail calls"
    case .refAsNonNull, .brOnNull, .brOnNonNull, .callRef: return "function references"
    case .returnCallRef: return "function references"
    case .throw, .throwRef, .tryTable: return "exception-handling"
    default: return simdProposal(of: instruction) ?? (instruction.isAtomic ? "threads" : nil)
    }
}

/// Names the proposal an unsupported instruction belongs to (SIMD, tail calls, exceptions, typed
/// function references or GC).
func featureName(of instruction: Instruction) -> String {
    switch instruction {
    case .v128Const, .i8x16Shuffle, .simd, .simdLane, .simdMemLane: return "simd"
    case .load(let load, _) where load.scalarSignature == nil && load.atomicSignature == nil: return "simd"
    case .store(let store, _) where store.scalarSignature == nil && store.atomicSignature == nil: return "simd"
    case .returnCallRef, .callRef, .refAsNonNull, .brOnNull, .brOnNonNull: return "function-references"
    case .throw, .throwRef, .tryTable: return "exception-handling"
    default: return "gc"
    }
}
