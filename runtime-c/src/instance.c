/*
 * instance.c: creating and freeing instances, looking exports up, and import matching.
 *
 * An instance is a zeroed allocation of module->instance_size bytes whose first member is a
 * bsrt_instance; the generated instantiate function fills the rest. Instantiation runs guarded
 * because it can trap (an out-of-bounds segment, a trapping start function), and the spec
 * keeps the effects before the trap, so a trapped instance is still returned to the caller.
 */
#include <stdlib.h>
#include <string.h>

#include "bsrt.h"
#include "bsrt_internal.h"

typedef struct instantiate_call {
    bsrt_instance *instance;
    const bsrt_extern *imports;
} instantiate_call;

static void run_instantiate(void *arg) {
    instantiate_call *call = arg;
    call->instance->module->instantiate(call->instance, call->imports);
}

bsrt_trap_code bsrt_instantiate_into(bsrt_instance *instance, const bsrt_module *module, const bsrt_extern *imports) {
    instance->module = module;
    /* Registered before anything runs, so even a trap in the start function is named. */
    bsrt_registry_add_module(module);
    instantiate_call call = {instance, imports};
    return module->instantiate ? bsrt_call_guarded(run_instantiate, &call) : BSRT_TRAP_NONE;
}

bsrt_instance *bsrt_instantiate(const bsrt_module *module, const bsrt_extern *imports, bsrt_trap_code *trap) {
    size_t size = module->instance_size >= sizeof(bsrt_instance) ? module->instance_size : sizeof(bsrt_instance);
    bsrt_instance *instance = calloc(1, size);
    if (instance == NULL) {
        *trap = BSRT_TRAP_OUT_OF_MEMORY;
        return NULL;
    }
    *trap = bsrt_instantiate_into(instance, module, imports);
    return instance;
}

void bsrt_instance_release(bsrt_instance *instance) {
    if (instance == NULL || instance->module == NULL) return;
    if (instance->module->release) instance->module->release(instance);
    bsrt_thread_release_slot(instance);
}

void bsrt_instance_free(bsrt_instance *instance) {
    if (instance == NULL) return;
    bsrt_instance_release(instance);
    free(instance);
}

bool bsrt_find_export(bsrt_instance *instance, const char *name, bsrt_extern *out) {
    const bsrt_module *module = instance->module;
    for (uint32_t i = 0; i < module->export_count; i++) {
        if (strcmp(module->exports[i].name, name) == 0) {
            *out = module->get_export(instance, i);
            return true;
        }
    }
    return false;
}

/* Limits matching (spec 3.3 "Limits"): the provided current size must be at least the import's
 * minimum, and if the import declares a maximum the provided value must declare one no larger. */
static bool limits_match(uint64_t size, bool has_max, uint64_t max, const bsrt_import_desc *desc) {
    if (size < desc->min) return false;
    if (desc->has_max && !(has_max && max <= desc->max)) return false;
    return true;
}

/* One value type as bsrt_type_id spells it, ending at *end. */
static const char *value_type_end(const char *type) {
    if (*type != 't' && *type != 'T') return *type ? type + 1 : type;
    int depth = 0;
    const char *p = type + 1;
    do {
        if (*p == '(') depth++;
        else if (*p == ')') depth--;
        p++;
    } while (depth > 0 && *p);
    return p;
}

/* Reference subtyping on spelled types (function references, without GC): `(ref $t)` "T(..)"
 * below `(ref null $t)` "t(..)" below funcref "r"; `(ref func)` "R" below "r"; the bottoms
 * nofunc "z"/"Z" and noextern "y"/"Y"; `(ref extern)` "E" below externref "e".
 * <https://webassembly.github.io/spec/core/valid/matching.html> */
static bool value_type_matches(const char *a, const char *b) {
    if (strcmp(a, b) == 0) return true;
    char x = a[0], y = b[0];
    bool concrete_a = x == 't' || x == 'T';
    switch (y) {
    case 'r': return x == 'R' || x == 'z' || x == 'Z' || concrete_a;
    case 'R': return x == 'Z' || x == 'T';
    case 't': return x == 'z' || x == 'Z' || (x == 'T' && strcmp(a + 1, b + 1) == 0);
    case 'T': return x == 'Z';
    case 'z': return x == 'Z';
    case 'e': return x == 'E' || x == 'y' || x == 'Y';
    case 'E': case 'y': return x == 'Y';
    default: return false;
    }
}

static bool import_matches(const bsrt_import_desc *desc, const bsrt_extern *value) {
    if (value == NULL || value->kind != desc->kind) return false;
    const char *sig = desc->signature ? desc->signature : "";
    switch (desc->kind) {
    case BSRT_EXTERN_FUNC:
        /* Interned ids make this a check of type identity, as the spec's function matching is. */
        return value->as.func != NULL && value->as.func->type_id == bsrt_type_id(sig);
    case BSRT_EXTERN_GLOBAL: {
        const bsrt_global *g = value->as.global;
        if (g == NULL) return false;
        bool wants_mutable = sig[0] == 'm';
        const char *wanted = wants_mutable ? sig + 1 : sig;
        char letter[2] = {g->kind, 0};
        const char *given = g->type ? g->type : letter;
        /* A mutable global's type must be the same; an immutable one's may be a subtype. */
        if (g->is_mutable != wants_mutable) return false;
        return wants_mutable ? strcmp(given, wanted) == 0 : value_type_matches(given, wanted);
    }
    case BSRT_EXTERN_TABLE: {
        const bsrt_table *t = value->as.table;
        if (t == NULL) return false;
        const char *end = value_type_end(sig);
        char letter[2] = {t->kind, 0};
        const char *given = t->type ? t->type : letter;
        /* Tables are read and written: their element types must be the same. */
        return strlen(given) == (size_t)(end - sig) && strncmp(given, sig, (size_t)(end - sig)) == 0 &&
               t->is64 == (*end == 'I') && limits_match(t->size, t->has_max, t->max, desc);
    }
    case BSRT_EXTERN_MEMORY: {
        const bsrt_memory *m = value->as.memory;
        return m != NULL && m->is_shared == (strchr(sig, 's') != NULL) && m->is64 == (strchr(sig, 'I') != NULL) &&
               limits_match(bsrt_memory_bytes(m) / BSRT_PAGE_SIZE, m->has_max, m->max_pages, desc);
    }
    case BSRT_EXTERN_TAG:
        /* Tag types match as function types do: by identity. */
        return value->as.tag != NULL && value->as.tag->type_id == bsrt_type_id(sig);
    }
    return false;
}

const char *bsrt_link_check(const bsrt_import_desc *desc, const bsrt_extern *value) {
    return import_matches(desc, value) ? NULL : "incompatible import type";
}
