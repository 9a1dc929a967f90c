/*
 * memory.c: linear memories as guard-page reservations, and the bulk memory operations.
 *
 * A 32-bit memory reserves 8 GiB + 64 KiB of address space PROT_NONE: any effective address
 * (uint64_t)index + offset is < 2^33, and an access is at most 16 bytes wide, so every access
 * generated code can make lands inside the reservation. Only [base, base+size) is read-write;
 * everything above faults and signals.c turns the fault into "out of bounds memory access".
 * A 64-bit memory reserves its maximum (at most BSRT_MEMORY64_MAX_PAGES) plus the same guard;
 * generated code checks its accesses explicitly, since a 64-bit address can land anywhere.
 * base never moves, so generated code may keep it in a register across memory.grow. An
 * executable's memory 0 is reserved at a fixed distance from its image (bsrt_memory_init_at,
 * BSRT_EXECUTABLE_MEMORY0), so that generated code computes its base from the instruction
 * pointer.
 *
 * MAP_NORESERVE keeps the reservation from counting against overcommit; pages made read-write
 * are committed lazily by the kernel on first touch. A shared memory is the same private
 * mapping, seen by every thread of the process (fork copies it, as it copies everything).
 *
 * Growth is serialised by one lock (memory.grow is rare); size is published with a release
 * store after the pages are accessible, so a thread that sees the new size can use them.
 */
#include <pthread.h>
#include <string.h>
#include <sys/mman.h>

#include "bsrt.h"
#include "bsrt_internal.h"

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000 /* Linux 4.17; older C libraries lack the name */
#endif

#define GUARD ((uint64_t)BSRT_PAGE_SIZE)
#define RESERVATION_32 (((uint64_t)8 << 30) + GUARD)
#define MAX_PAGES_32 65536u

static pthread_mutex_t grow_lock = PTHREAD_MUTEX_INITIALIZER;

int bsrt_memory_init(bsrt_memory *memory, uint64_t initial_pages, uint64_t max_pages, bool has_max, unsigned flags) {
    return bsrt_memory_init_at(memory, NULL, initial_pages, max_pages, has_max, flags);
}

int bsrt_memory_init_at(bsrt_memory *memory, void *address, uint64_t initial_pages, uint64_t max_pages, bool has_max,
                        unsigned flags) {
    bsrt_signals_install();
    memset(memory, 0, sizeof *memory);
    bool is64 = (flags & BSRT_MEMORY_64) != 0;
    uint64_t index_limit = is64 ? BSRT_MEMORY64_MAX_PAGES : MAX_PAGES_32;
    uint64_t limit = has_max && max_pages < index_limit ? max_pages : index_limit;
    if (initial_pages > limit) return -1;
    /* --max-memory: the memory never grows past it (and cannot start above it). */
    uint64_t allowed = bsrt_limit_memory_bytes / BSRT_PAGE_SIZE;
    if (bsrt_limit_memory_bytes != 0) {
        if (initial_pages > allowed) return -1;
        if (limit > allowed) limit = allowed;
    }
    uint64_t reserved = is64 ? limit * BSRT_PAGE_SIZE + GUARD : RESERVATION_32;
    int fixed = address != NULL ? MAP_FIXED_NOREPLACE : 0;
    void *base = mmap(address, reserved, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | fixed, -1, 0);
    if (base == MAP_FAILED) return -1;
    if (address != NULL && base != address) { /* a kernel before 4.17 takes the address as a hint */
        munmap(base, reserved);
        return -1;
    }
    uint64_t size = initial_pages * BSRT_PAGE_SIZE;
    if ((size > 0 && mprotect(base, size, PROT_READ | PROT_WRITE) != 0) ||
        bsrt_registry_add_memory(base, reserved) != 0) {
        munmap(base, reserved);
        return -1;
    }
    memory->base = base;
    memory->size = size;
    memory->max_pages = limit;
    memory->has_max = has_max;
    memory->is_shared = (flags & BSRT_MEMORY_SHARED) != 0;
    memory->is64 = is64;
    memory->reserved = reserved;
    return 0;
}

uint64_t bsrt_memory_grow64(bsrt_memory *memory, uint64_t delta_pages) {
    pthread_mutex_lock(&grow_lock);
    uint64_t size = memory->size;
    uint64_t old_pages = size / BSRT_PAGE_SIZE;
    uint64_t result = UINT64_MAX;
    if (delta_pages <= memory->max_pages - old_pages) {
        uint64_t new_size = (old_pages + delta_pages) * BSRT_PAGE_SIZE;
        /* The kernel may refuse to commit: memory.grow then fails, no trap. */
        if (new_size == size || mprotect(memory->base + size, new_size - size, PROT_READ | PROT_WRITE) == 0) {
            __atomic_store_n(&memory->size, new_size, __ATOMIC_RELEASE);
            result = old_pages;
        }
    }
    pthread_mutex_unlock(&grow_lock);
    return result;
}

uint32_t bsrt_memory_grow(bsrt_memory *memory, uint32_t delta_pages) {
    uint64_t old = bsrt_memory_grow64(memory, delta_pages);
    return old == UINT64_MAX ? UINT32_MAX : (uint32_t)old;
}

void bsrt_memory_free(bsrt_memory *memory) {
    if (memory->base != NULL) {
        bsrt_registry_remove_memory(memory->base);
        munmap(memory->base, memory->reserved);
    }
    memset(memory, 0, sizeof *memory);
}

/* All bounds are checked before any byte moves (bsrt_bulk_out_of_bounds): the spec requires a
 * failing bulk operation to leave memory untouched. memory.copy and memory.fill are inline in
 * generated code (bsrt_memory_copy_in, bsrt_memory_fill_in in bsrt_ops.h). */

void bsrt_memory_init_segment(bsrt_memory *memory, uint64_t dst, const uint8_t *seg, uint32_t seg_len,
                              uint32_t src, uint32_t n, const char *function) {
    if ((uint64_t)src + n > seg_len || bsrt_bulk_out_of_bounds(memory, dst, n)) bsrt_trap(BSRT_TRAP_OOB_MEMORY, function);
    if (n > 0) memcpy(memory->base + dst, seg + src, n);
}
