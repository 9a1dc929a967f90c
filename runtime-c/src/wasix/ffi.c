/*
 * wasix/ffi.c: call_dynamic and reflect_signature (abi/wasix.md §3.8), the host side of
 * wasix-libc's wasix_call_dynamic / wasix_reflect_signature (its libffi backend).
 *
 * Both take an index into table 0, wasm-ld's `__indirect_function_table`, which the module
 * descriptor hands out (bsrt_module.table0) because real binaries do not export it. A table
 * entry carries its type as an interned id; bsrt_type_signature turns that back into letters.
 *
 * Why thunks: the callee is compiled C with a fixed prototype, and portable C cannot build a
 * call to a prototype chosen at run time. The translator knows every function type of the
 * module, so for a module that imports call_dynamic it emits one thunk per type that unpacks
 * the packed argument bytes, makes the typed call and packs the results
 * (bsrt_module.dyncalls, found here by signature). A table entry always has one of the
 * module's own types (a static executable is one module, and host functions bound to its
 * imports have the import's type), so the lookup only misses for types that cannot be packed.
 *
 * Behaviour follows Wasmer (lib/wasix/src/syscalls/wasix/call_dynamic.rs,
 * reflect_signature.rs), with two deliberate differences noted where they happen.
 */
#include <stdlib.h>
#include <string.h>

#include "bsrt_internal.h"
#include "wasix_internal.h"

/* WASIX wasm_value_type (abi/wasix.md §5.12). */
enum { VALUE_I32 = 0, VALUE_I64 = 1, VALUE_F32 = 2, VALUE_F64 = 3, VALUE_V128 = 4 };

/* Packed width of a value of type `letter`, or 0 for a reference, which has no byte form. */
static uint32_t packed_size(char letter) {
    switch (letter) {
    case 'i': case 'f': return 4;
    case 'I': case 'F': return 8;
    case 'v': return 16;
    default: return 0;
    }
}

static int value_type_code(char letter) {
    switch (letter) {
    case 'i': return VALUE_I32;
    case 'I': return VALUE_I64;
    case 'f': return VALUE_F32;
    case 'F': return VALUE_F64;
    case 'v': return VALUE_V128;
    default: return -1;
    }
}

/* Entry `index` of the caller's table 0: NULL if there is no such table, the index is past its
 * end or the entry is null (*in_table then says which of the last two). */
static const bsrt_func *table_function(bsrt_instance *self, uint32_t index, bool *in_table) {
    *in_table = false;
    bsrt_table *table = self->module->table0 ? self->module->table0(self) : NULL;
    if (table == NULL || table->kind != 'r' || index >= table->size) return NULL;
    *in_table = true;
    return (const bsrt_func *)table->elems[index];
}

/* The parameter and result letters of f's type ("iI" and "i" for "iI:i"). */
typedef struct signature_parts {
    const char *signature;
    const char *params;
    size_t param_count;
    const char *results;
    size_t result_count;
} signature_parts;

static bool split_signature(const bsrt_func *f, signature_parts *out) {
    const char *signature = bsrt_type_signature(f->type_id);
    const char *colon = signature ? strchr(signature, ':') : NULL;
    if (colon == NULL) return false;
    out->signature = signature;
    out->params = signature;
    out->param_count = (size_t)(colon - signature);
    out->results = colon + 1;
    out->result_count = strlen(colon + 1);
    return true;
}

/* Sum of the packed widths of `count` letters, or false if one of them has no byte form. */
static bool packed_total(const char *letters, size_t count, uint64_t *total) {
    *total = 0;
    for (size_t i = 0; i < count; i++) {
        uint32_t size = packed_size(letters[i]);
        if (size == 0 || letters[i] == 'v') return false; /* bs-aot has no v128 values */
        *total += size;
    }
    return true;
}

static bsrt_dyncall_thunk find_thunk(const bsrt_module *module, const char *signature) {
    for (uint32_t i = 0; i < module->dyncall_count; i++) {
        if (strcmp(module->dyncalls[i].signature, signature) == 0) return module->dyncalls[i].thunk;
    }
    return NULL;
}

uint32_t bsrt_wasix_call_dynamic(bsrt_instance *self, uint32_t function_id, bsrt_ptr values, bsrt_size values_len,
                                 bsrt_ptr results, bsrt_size results_len, uint32_t strict) {
    bsrt_memory *memory = bsrt_guest_memory(self);
    uint8_t *in = bsrt_guest_bytes(memory, values, values_len);
    uint8_t *out = bsrt_guest_bytes(memory, results, results_len);
    if (in == NULL || out == NULL) return WASI_EFAULT;

    bool in_table;
    const bsrt_func *f = table_function(self, function_id, &in_table);
    signature_parts parts;
    if (f == NULL || !split_signature(f, &parts)) return WASI_EINVAL;
    uint64_t args_size, results_size;
    if (!packed_total(parts.params, parts.param_count, &args_size) ||
        !packed_total(parts.results, parts.result_count, &results_size))
        return WASI_EINVAL;
    /* Strict: both buffers hold exactly the signature's values. Wasmer checks the results
     * length only after the call; checking first means an INVAL never has the callee's side
     * effects behind it. */
    if (strict && (values_len != args_size || results_len != results_size)) return WASI_EINVAL;
    bsrt_dyncall_thunk thunk = find_thunk(self->module, parts.signature);
    if (thunk == NULL) return WASI_ENOTSUP;

    /* The callee may write guest memory, so the arguments are copied out before the call and
     * the results copied in after it. Small frames (nearly all) stay on the stack; a big one
     * is heap memory that a trap in the callee leaks, which only matters to an embedder that
     * survives traps, and then only for such calls. */
    uint8_t small_args[256], small_results[256];
    uint8_t *args = args_size <= sizeof small_args ? small_args : calloc(1, (size_t)args_size);
    uint8_t *packed = results_size <= sizeof small_results ? small_results : calloc(1, (size_t)results_size);
    if (args == NULL || packed == NULL) {
        if (args != small_args) free(args);
        if (packed != small_results) free(packed);
        return WASI_ENOMEM;
    }
    /* Non-strict: a value that is not wholly inside the buffer is 0, as in Wasmer; extra
     * bytes are ignored. */
    uint64_t offset = 0;
    for (size_t i = 0; i < parts.param_count; i++) {
        uint32_t size = packed_size(parts.params[i]);
        if (offset + size <= values_len) memcpy(args + offset, in + offset, size);
        else memset(args + offset, 0, size);
        offset += size;
    }

    thunk(f, args, packed);

    /* Non-strict: the results that fit are written and the rest dropped. (Wasmer skips a
     * result that does not fit but still tries the ones after it; stopping at the first keeps
     * every written result at its own offset.) Memory only grows, so `out` is still valid. */
    offset = 0;
    for (size_t i = 0; i < parts.result_count; i++) {
        uint32_t size = packed_size(parts.results[i]);
        if (offset + size > results_len) break;
        memcpy(out + offset, packed + offset, size);
        offset += size;
    }
    if (args != small_args) free(args);
    if (packed != small_results) free(packed);
    return WASI_ESUCCESS;
}

/* reflection_result_t (abi/wasix.md §4.2): cacheable u8 @0, arguments u16 @2, results u16 @4. */
static void write_reflection(uint8_t *ret, uint8_t cacheable, uint16_t arguments, uint16_t results) {
    bsrt_guest_write_u8(ret, cacheable);
    bsrt_guest_write_u8(ret + 1, 0);
    bsrt_guest_write_u16(ret + 2, arguments);
    bsrt_guest_write_u16(ret + 4, results);
}

uint32_t bsrt_wasix_reflect_signature(bsrt_instance *self, uint32_t function_id, bsrt_ptr arg_types,
                                      uint32_t arg_types_len, bsrt_ptr result_types, uint32_t result_types_len,
                                      bsrt_ptr ret) {
    bsrt_memory *memory = bsrt_guest_memory(self);
    uint8_t *info = bsrt_guest_bytes(memory, ret, 6);
    if (info == NULL) return WASI_EFAULT;
    /* The capacities are u16 in the witx; the import passes them widened to an i32. */
    uint16_t arg_capacity = (uint16_t)arg_types_len, result_capacity = (uint16_t)result_types_len;

    bool in_table;
    const bsrt_func *f = table_function(self, function_id, &in_table);
    signature_parts parts;
    if (f == NULL || !split_signature(f, &parts)) {
        /* As Wasmer: an empty slot of the table still counts as cacheable, an index outside
         * it does not. */
        write_reflection(info, in_table ? 1 : 0, 0, 0);
        return WASI_EINVAL;
    }
    /* Cacheable: the signature of this index will not change. In Wasmer only a closure slot
     * (closure_prepare may give it another signature) is not; bs-aot has no closures. */
    write_reflection(info, 1, (uint16_t)parts.param_count, (uint16_t)parts.result_count);
    /* Too small: the counts above tell the caller how much room to make; the buffers are left
     * alone. */
    if (parts.param_count > arg_capacity || parts.result_count > result_capacity) return WASI_EOVERFLOW;

    uint8_t *args_out = bsrt_guest_bytes(memory, arg_types, parts.param_count);
    uint8_t *results_out = bsrt_guest_bytes(memory, result_types, parts.result_count);
    if (args_out == NULL || results_out == NULL) return WASI_EFAULT;
    /* A reference-typed value has no wasm_value_type: the signature cannot be described. */
    for (size_t i = 0; i < parts.param_count; i++) {
        if (value_type_code(parts.params[i]) < 0) return WASI_EINVAL;
    }
    for (size_t i = 0; i < parts.result_count; i++) {
        if (value_type_code(parts.results[i]) < 0) return WASI_EINVAL;
    }
    for (size_t i = 0; i < parts.param_count; i++) args_out[i] = (uint8_t)value_type_code(parts.params[i]);
    for (size_t i = 0; i < parts.result_count; i++) results_out[i] = (uint8_t)value_type_code(parts.results[i]);
    return WASI_ESUCCESS;
}
