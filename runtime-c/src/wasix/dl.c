/*
 * wasix/dl.c: dlopen, dlsym and dl_invalid_handle (abi/wasix.md §3.8), what wasix-libc's
 * dlopen/dlsym/dlclose call.
 *
 * A native executable built by bs-aot is one static module: there are no side modules to load,
 * but the main module itself can be opened and searched, which is what dlopen(NULL) + dlsym
 * programs (plugin tables, optional features probed by name) need. So:
 *   - handle 1 is the main module (Wasmer's MAIN_MODULE_HANDLE; 0 cannot be a handle, because
 *     wasix-libc returns the handle as the pointer and NULL means failure); dlsym also accepts
 *     0, which is RTLD_DEFAULT ("search everywhere": here, the same module);
 *   - dlopen of a null path (dlopen(NULL)) or of an empty one (glibc's spelling of the same)
 *     returns 1; any other path fails, with the reason in err_buf;
 *   - dlsym looks the name up among the instance's exports: a function becomes an index in
 *     table 0 (wasm-ld's `__indirect_function_table`, a function pointer's representation),
 *     appended to the table if it is not already there; a global is a data symbol (wasm-ld
 *     exports those as an i32/i64 global holding the address) and yields its value;
 *   - dlclose (dl_invalid_handle) of the main handle succeeds and does nothing.
 * Failures write a NUL-terminated message to err_buf, truncated to err_buf_len (libc shows it
 * through dlerror), and return NOEXEC, the errno Wasmer's dl_invalid_handle uses for a handle
 * that names no module.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wasix_internal.h"

#define MAIN_MODULE_HANDLE 1u
#define RTLD_DEFAULT_HANDLE 0u

/* Writes `message` to err_buf as Wasmer's write_dl_error does: at most err_buf_len - 1 bytes
 * and a NUL, nothing at all when err_buf_len is 0. Returns the errno for the call: NOEXEC, or
 * FAULT when the buffer is outside memory. */
static uint32_t dl_fail(bsrt_instance *self, bsrt_ptr err_buf, bsrt_size err_buf_len, const char *message) {
    if (err_buf_len == 0) return WASI_ENOEXEC;
    size_t length = strlen(message);
    if (length > err_buf_len - 1) length = (size_t)(err_buf_len - 1);
    uint8_t *out = bsrt_guest_bytes(bsrt_guest_memory(self), err_buf, length + 1);
    if (out == NULL) return WASI_EFAULT;
    memcpy(out, message, length);
    out[length] = 0;
    return WASI_ENOEXEC;
}

/* A NUL-terminated heap copy of the guest string [ptr, ptr+len), or NULL (FAULT or ENOMEM in
 * *error). */
static char *copy_guest_string(bsrt_instance *self, bsrt_ptr ptr, bsrt_size len, uint32_t *error) {
    const uint8_t *bytes = bsrt_guest_bytes(bsrt_guest_memory(self), ptr, len);
    if (bytes == NULL) {
        *error = WASI_EFAULT;
        return NULL;
    }
    char *copy = malloc((size_t)len + 1);
    if (copy == NULL) {
        *error = WASI_ENOMEM;
        return NULL;
    }
    memcpy(copy, bytes, (size_t)len);
    copy[len] = '\0';
    return copy;
}

uint32_t bsrt_wasix_dlopen(bsrt_instance *self, bsrt_ptr path, bsrt_size path_len, uint32_t flags, bsrt_ptr err_buf,
                           bsrt_size err_buf_len, bsrt_ptr ld_library_path, bsrt_size ld_library_path_len,
                           bsrt_ptr ret_handle) {
    /* The flags (RTLD_LAZY, RTLD_NOW, ...) and the search path only matter for loading. */
    (void)flags;
    (void)ld_library_path;
    (void)ld_library_path_len;
    uint8_t *out = bsrt_guest_bytes(bsrt_guest_memory(self), ret_handle, 4);
    if (out == NULL) return WASI_EFAULT;
    /* wasix-libc passes dlopen(NULL) as pointer 0 with whatever strlen(NULL) gave: the pointer
     * decides, as in Wasmer. */
    if (path == 0 || path_len == 0) {
        bsrt_guest_write_u32(out, MAIN_MODULE_HANDLE);
        return WASI_ESUCCESS;
    }
    uint32_t error = WASI_ESUCCESS;
    char *name = copy_guest_string(self, path, path_len, &error);
    if (name == NULL) return error;
    char message[512];
    snprintf(message, sizeof message,
             "%s: cannot load a side module: this native executable is one static WebAssembly module", name);
    free(name);
    return dl_fail(self, err_buf, err_buf_len, message);
}

/* Serialises dlsym's search-then-append on table 0, so that two threads asking for the same
 * function get the same index rather than appending it twice. */
static pthread_mutex_t table_lock = PTHREAD_MUTEX_INITIALIZER;

/* The index of f in table 0, appending it if it is not there. Index 0 is never returned: the
 * guest receives the index as a function pointer, and 0 is NULL (wasm-ld leaves entry 0 null
 * for that reason). Returns false if the table is missing or cannot grow. */
static bool function_index(bsrt_instance *self, const bsrt_func *f, uint32_t *index) {
    bsrt_table *table = self->module->table0 ? self->module->table0(self) : NULL;
    if (table == NULL || table->kind != 'r') return false;
    pthread_mutex_lock(&table_lock);
    bool found = false;
    for (uint32_t i = 1; i < table->size && !found; i++) {
        const bsrt_func *entry = (const bsrt_func *)table->elems[i];
        if (entry != NULL && entry->code == f->code && entry->instance == f->instance) {
            *index = i;
            found = true;
        }
    }
    if (!found) {
        /* An empty table first gets its null entry 0. The grow respects the table's declared
         * maximum: wasm-ld gives the table one unless the program was linked with
         * --growable-table, and a grow the guest's own table.grow could not make would break
         * what table.size tells it. */
        if (table->size == 0 && bsrt_table_grow(table, NULL, 1) == UINT32_MAX) {
            pthread_mutex_unlock(&table_lock);
            return false;
        }
        uint32_t old = bsrt_table_grow(table, (void *)f, 1);
        if (old != UINT32_MAX) {
            *index = old;
            found = true;
        }
    }
    pthread_mutex_unlock(&table_lock);
    return found;
}

uint32_t bsrt_wasix_dlsym(bsrt_instance *self, uint32_t handle, bsrt_ptr symbol, bsrt_size symbol_len,
                          bsrt_ptr err_buf, bsrt_size err_buf_len, bsrt_ptr ret_sym) {
    bsrt_memory *memory = bsrt_guest_memory(self);
    uint8_t *out = bsrt_guest_bytes(memory, ret_sym, bsrt_guest_ptr_size(memory));
    if (out == NULL) return WASI_EFAULT;
    uint32_t error = WASI_ESUCCESS;
    char *name = copy_guest_string(self, symbol, symbol_len, &error);
    if (name == NULL) return error;

    char message[512];
    uint64_t value = 0;
    bsrt_extern found;
    if (handle != MAIN_MODULE_HANDLE && handle != RTLD_DEFAULT_HANDLE) {
        snprintf(message, sizeof message, "invalid handle %u: only the main module (1) is open", handle);
    } else if (!bsrt_find_export(self, name, &found)) {
        snprintf(message, sizeof message, "failed to resolve symbol: %s is not exported by the main module", name);
    } else if (found.kind == BSRT_EXTERN_FUNC && found.as.func != NULL) {
        uint32_t index;
        if (function_index(self, found.as.func, &index)) {
            value = index;
            message[0] = '\0';
        } else {
            snprintf(message, sizeof message,
                     "failed to resolve symbol: %s: the indirect function table cannot grow (link with --growable-table)",
                     name);
        }
    } else if (found.kind == BSRT_EXTERN_GLOBAL && found.as.global != NULL &&
               (found.as.global->kind == 'i' || found.as.global->kind == 'I')) {
        if (found.as.global->kind == 'i') value = *(const uint32_t *)found.as.global->value;
        else value = *(const uint64_t *)found.as.global->value;
        message[0] = '\0';
    } else {
        snprintf(message, sizeof message, "failed to resolve symbol: %s is not a function or a data symbol", name);
    }
    free(name);
    if (message[0] != '\0') return dl_fail(self, err_buf, err_buf_len, message);
    bsrt_guest_write_ptr(memory, out, value);
    return WASI_ESUCCESS;
}

uint32_t bsrt_wasix_dl_invalid_handle(bsrt_instance *self, uint32_t handle) {
    (void)self;
    /* dlclose: the main module stays loaded, so closing it only checks the handle. */
    return handle == MAIN_MODULE_HANDLE ? WASI_ESUCCESS : WASI_ENOEXEC;
}
