import Validator
import WasmModule
import WasmParser
import WasmTypes

// `<name>.h`: the embedder's header. Self-contained (only <stdint.h>), C and C++, with a comment
// on every declaration, so that it is the library's manual.
extension LibraryInterface {
    func header() -> String {
        let moduleName = context.module.names.module.map { "the module \(cComment($0))" } ?? "a WebAssembly module"
        var out = """
            /*
             * \(name).h: the C interface of \(moduleName), compiled ahead of time to native code
             * by bs-aot (bs-aot build --lib). Link with lib\(name).a (the module and the bs-aot runtime)
             * and -lm -pthread; Linux on x86_64 or aarch64.
             *
             * Instances. \(name)_new creates one: its own memories, globals and tables, with the host
             * functions of a \(name)_imports bound to its imports. Any number may exist at once.
             * \(name)_delete frees one.
             *
             * Threads. An instance is used by one thread at a time (its calls, memory and globals);
             * different instances may be used on different threads at the same time.
             *
             * Errors. Nothing here exits the process or jumps over the caller's frames: every call
             * into the module returns a \(name)_error, whose code is \(upper)_OK (0) when the call
             * completed and whose message then is "". A trap (\(upper)_TRAP_*) comes back with one
             * line such as "integer divide by zero in divide" (the reason, as the WebAssembly spec words
             * it, and the WASM function); the instance stays usable and its memory keeps what was
             * written before the trap. Results are written only on \(upper)_OK; pass NULL for a result
             * you do not need.
             *
             * Faults. Out-of-bounds accesses and stack exhaustion are caught with guard pages and a
             * SIGSEGV/SIGBUS handler installed on the first call; a fault elsewhere is reported on
             * stderr and handed to the handler installed before it (by default: the process dies).
             *

            """
        out += wasiDescription()
        out += " */\n"
        out += """
            #ifndef \(upper)_H
            #define \(upper)_H

            #include <stdint.h>

            #ifdef __cplusplus
            extern "C" {
            #endif

            /* An instance of the module (opaque). */
            typedef struct \(name)_instance \(name)_instance;

            /* What went wrong, if anything: the code field of \(name)_error. */
            typedef enum \(name)_error_code {
              /* Nothing: the call completed. */
              \(upper)_OK = 0,

            """
        for code in RuntimeTrapCodes.all where code.name != "EXIT" {
            let description = code.description.hasPrefix("Not a trap") ? plain(code.description) : "Trap: \"\(plain(code.description))\"."
            out += "  /* \(description) */\n  \(upper)_TRAP_\(code.name) = \(code.value),\n"
        }
        out += """
              /* The module called WASI proc_exit: exit_status holds the status it passed. */
              \(upper)_ERROR_EXIT = 100,
              /* \(name)_new: a host function of \(name)_imports is NULL (the message names the import). */
              \(upper)_ERROR_MISSING_IMPORT = 101,
              /* \(name)_new: the module's WASI state could not be set up (a granted directory cannot be
               * opened, or another bs-aot library of this program set it up with other grants). */
              \(upper)_ERROR_WASI = 102
            } \(name)_error_code;

            /* What a call into the module, or \(name)_new, reports. */
            typedef struct \(name)_error {
              /* \(upper)_OK, one of the \(upper)_TRAP_* or one of the \(upper)_ERROR_*. */
              \(name)_error_code code;
              /* With \(upper)_ERROR_EXIT: the status passed to proc_exit; 0 otherwise. */
              uint32_t exit_status;
              /* One line without a newline, "" for \(upper)_OK: "integer divide by zero in divide". */
              char message[256];
            } \(name)_error;


            """
        if usesV128 {
            out += """
                /* A v128 value: its 16 bytes as WebAssembly stores them in memory (lane 0 first). */
                typedef struct \(name)_v128 {
                  uint8_t bytes[16];
                } \(name)_v128;


                """
        }
        out += importsStruct()
        out += """
            /* Creates an instance: binds `imports` (copied: the struct need not outlive the call; NULL
             * is allowed when the module imports no host function), applies the module's data and
             * element segments and runs its start function\(initializer != nil ? " and its _initialize export" : ""), which may already call host
             * functions (with the instance being created). Returns the instance, or NULL with *error
             * (when `error` is not NULL) saying why: \(upper)_ERROR_MISSING_IMPORT, \(upper)_ERROR_WASI, or
             * the trap that ended instantiation (\(upper)_TRAP_OUT_OF_MEMORY when memory could not be had). */
            \(name)_instance *\(name)_new(const \(name)_imports *imports, \(name)_error *error);

            /* Frees an instance and everything it owns (its memories: pointers into them die with it).
             * NULL is ignored. */
            void \(name)_delete(\(name)_instance *instance);


            """
        out += exportDeclarations()
        out += """
            #ifdef __cplusplus
            }
            #endif
            #endif /* \(upper)_H */

            """
        return out
    }

    /// How the module's WASI imports behave inside the embedding program.
    private func wasiDescription() -> String {
        let launch = lowering.options.launch
        let usesWASI = context.module.imports.enumerated().contains { _, entry in
            if case .function = entry.descriptor { HostImportTable.isSupported(module: entry.module, name: entry.name) } else { false }
        }
        guard usesWASI else {
            return " * WASI. The module imports no WASI function: it touches nothing outside its instance.\n *\n"
        }
        let grants = launch.grants.isEmpty
            ? "none (bs-aot build --dir grants some)"
            : launch.grants.map { "\(plain($0.hostPath)) (seen as \(plain($0.guestPath)))" }.joined(separator: ", ")
        let environment = launch.inheritEnvironment
            ? "the program's own environment when the first instance is created"
                + (launch.environment.isEmpty ? "" : ", with the built-in entries \(launch.environment.map(cComment).joined(separator: ", "))")
            : "only the built-in entries" + (launch.environment.isEmpty ? " (none)" : " \(launch.environment.map(cComment).joined(separator: ", "))")
        var powers: [String] = []
        powers.append(launch.allowNetwork ? "may open sockets" + (launch.networkEndpoints.isEmpty ? "" : " to \(launch.networkEndpoints.map(cComment).joined(separator: ", ")) only") : "may not open sockets")
        powers.append(launch.allowExec ? "may start host programs" : "may not start host programs")
        var text = """
             * WASI. The module's WASI imports are served by the runtime in this library, natively, with
             * one state for the whole process, shared by every instance of every bs-aot library in it
             * (which must all be built with the same grants): the descriptor table, the arguments, the
             * environment and the working directory. Descriptors 0, 1 and 2 are the process's own
             * stdin, stdout and stderr, written with write(2) around the program's stdio buffers (call
             * fflush(stdout) before calling into the module if both print); the module's libc may keep
             * its own buffer until it flushes. Then come the directories granted when the library was
             * built: \(grants). No other descriptor of the program is visible. The arguments are one
             * string, "\(name)". The environment is \(environment).
             * proc_exit returns \(upper)_ERROR_EXIT from the call that made it, instead of ending the
             * process. The module \(powers.joined(separator: " and ")). Signal dispositions are left as
             * the program set them (a write to a closed pipe raises SIGPIPE, as for any library).

            """
        if let memory = launch.limits.memoryBytes {
            text += " * Memory: no memory of any instance grows past \(memory) bytes (memory.grow fails).\n"
        }
        if context.module.imports.contains(where: { $0.module == "wasix_32v1" || $0.module == "wasix_64v1" }) {
            text += """
                 * WASIX calls act on this process: proc_fork forks it, signals are its signals, and a
                 * trap or proc_exit in a thread the module started ends the process, as in an executable.

                """
        }
        return text + " *\n"
    }

    private func importsStruct() -> String {
        var out = """
            /* The host functions the module imports, supplied by the program. Each gets back
             * `user_data` and the calling instance (whose memory it may read and write), then the
             * WebAssembly arguments; a single result is returned, several through pointers. Host
             * functions must return normally (not longjmp out). */
            typedef struct \(name)_imports {
              /* Passed back, untouched, to every host function. */
              void *user_data;

            """
        for host in hostFunctions {
            let results = host.type.results
            let returnType = results.count == 1 ? publicType(results[0]) : "void"
            var parameters = ["void *user_data", "\(name)_instance *instance"]
            parameters += host.type.parameters.enumerated().map { declaration(publicType($0.element), "p\($0.offset)") }
            if results.count > 1 { parameters += results.enumerated().map { declaration(publicType($0.element) + " *", "result\($0.offset)") } }
            out += "  /* Import \(plain(host.module)).\(plain(host.name)): \(Self.spelled(host.type)). */\n"
            out += "  \(declaration(returnType, "(*\(host.field))"))(\(parameters.joined(separator: ", ")));\n"
        }
        return out + "} \(name)_imports;\n\n"
    }

    private func exportDeclarations() -> String {
        var out = ""
        for function in functions {
            let results = function.type.results
            let resultText: String = switch results.count {
            case 0: "Returns \(upper)_OK or the trap."
            case 1: "Returns \(upper)_OK with the result in *result (unless NULL), or the trap."
            default: "Returns \(upper)_OK with the results in *result0... (those not NULL), or the trap."
            }
            out += """
                /* Calls the export \(cComment(function.export)): \(Self.spelled(function.type)), the WASM function \
                \(cComment(lowering.names.displayName(ofFunction: function.index))).
                 * \(resultText) */
                \(name)_error \(function.cName)(\(exportParameters(function.type).joined(separator: ", ")));


                """
        }
        for memory in memories {
            out += """
                /* The first byte of the exported memory \(cComment(memory.export)). It never moves while the
                 * instance lives (the memory grows in place); bytes from \(memory.cName)_size() on are not
                 * accessible. */
                uint8_t *\(memory.cName)_data(\(name)_instance *instance);

                /* The exported memory \(cComment(memory.export))'s current size in bytes (it only grows). */
                uint64_t \(memory.cName)_size(\(name)_instance *instance);


                """
        }
        for global in globals {
            let type = publicType(global.type.valueType)
            let spelled = Self.spelled(global.type.valueType)
            let mutable = global.type.mutability == .variable
            out += "/* The value of the exported global \(cComment(global.export)) (\(mutable ? "mutable " : "")\(spelled)). */\n"
            out += "\(declaration(type, "\(global.cName)_get"))(\(name)_instance *instance);\n\n"
            if mutable {
                out += "/* Sets the exported global \(cComment(global.export)) (\(spelled)). */\n"
                out += "void \(global.cName)_set(\(name)_instance *instance, \(declaration(type, "value")));\n\n"
            }
        }
        if !omittedExports.isEmpty {
            out += "/* Not accessible here: the exported tables and tags \(omittedExports.map(cComment).joined(separator: ", ")). */\n\n"
        }
        return out
    }

    /// `type name`, as C is usually written: `uint32_t x`, `void *x`, `void **x`.
    func declaration(_ type: String, _ name: String) -> String {
        let compact = type.replacing(" *", with: "*").replacing("*", with: " *").replacing("  ", with: " ")
        return compact.hasSuffix("*") ? compact.replacing("* *", with: "**") + name : "\(compact) \(name)"
    }

    /// A WASM name inside a C comment, without quotes.
    func plain(_ text: String) -> String { String(cComment(text).dropFirst().dropLast()) }

    /// The parameters of an export's C function: the instance, the arguments, the result pointers.
    func exportParameters(_ type: FunctionType) -> [String] {
        var parameters = ["\(name)_instance *instance"]
        parameters += type.parameters.enumerated().map { declaration(publicType($0.element), "p\($0.offset)") }
        switch type.results.count {
        case 0: break
        case 1: parameters.append(declaration(publicType(type.results[0]) + " *", "result"))
        default: parameters += type.results.enumerated().map { declaration(publicType($0.element) + " *", "result\($0.offset)") }
        }
        return parameters
    }
}
