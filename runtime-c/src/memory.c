/*
 * memory.c: 32-bit linear memories as guard-page reservations, and the bulk memory operations.
 *
 * Each memory reserves 8 GiB + 64 KiB of address space PROT_NONE: any effective address
 * (uint64_t)index + offset is < 2^33, and an access is at most 16 bytes wide, so every access
 * generated code can make lands inside the reservation. Only [base, base+size) is read-write;
 * everything above faults and signals.c turns the fault into "out of bounds memory access".
 * base never moves, so generated code may keep it in a register across memory.grow.
 *
 * MAP_NORESERVE keeps the reservation from counting against overcommit; pages made read-write
 * are committed lazily by the kernel on first touch.
 */
#include <string.h>
#include <sys/mman.h>

#include "bsrt.h"
#include "bsrt_internal.h"

#define RESERVATION (((uint64_t)8 << 30) + BSRT_PAGE_SIZE)
#define MAX_PAGES_32 65536u

int bsrt_memory_init(bsrt_memory *memory, uint64_t initial_pages, uint64_t max_pages, bool has_max) {
    bsrt_signals_install();
    memset(memory, 0, sizeof *memory);
    uint64_t limit = has_max && max_pages < MAX_PAGES_32 ? max_pages : MAX_PAGES_32;
    if (initial_pages > limit) return -1;
    uint64_t reserved = RESERVATION;
    void *base = mmap(NULL, reserved, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (base == MAP_FAILED) return -1;
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
    memory->reserved = reserved;
    return 0;
}

uint32_t bsrt_memory_grow(bsrt_memory *memory, uint32_t delta_pages) {
    uint64_t old_pages = memory->size / BSRT_PAGE_SIZE;
    uint64_t new_pages = old_pages + delta_pages;
    uint64_t limit = memory->max_pages < MAX_PAGES_32 ? memory->max_pages : MAX_PAGES_32;
    if (new_pages > limit) return UINT32_MAX;
    uint64_t new_size = new_pages * BSRT_PAGE_SIZE;
    if (new_size > memory->size &&
        mprotect(memory->base + memory->size, new_size - memory->size, PROT_READ | PROT_WRITE) != 0)
        return UINT32_MAX; /* the kernel refused to commit: memory.grow fails, no trap */
    memory->size = new_size;
    return (uint32_t)old_pages;
}

void bsrt_memory_free(bsrt_memory *memory) {
    if (memory->base != NULL) {
        bsrt_registry_remove_memory(memory->base);
        munmap(memory->base, memory->reserved);
    }
    memset(memory, 0, sizeof *memory);
}

/* All bounds are checked in 64-bit arithmetic before any byte moves: the spec requires a
 * failing bulk operation to leave memory untouched. n == 0 at dst == size is in bounds. */

void bsrt_memory_init_segment(bsrt_memory *memory, uint32_t dst, const uint8_t *seg, uint32_t seg_len,
                              uint32_t src, uint32_t n, const char *function) {
    if ((uint64_t)src + n > seg_len || (uint64_t)dst + n > memory->size) bsrt_trap(BSRT_TRAP_OOB_MEMORY, function);
    if (n > 0) memcpy(memory->base + dst, seg + src, n);
}

void bsrt_memory_copy(bsrt_memory *dst_memory, bsrt_memory *src_memory, uint32_t dst, uint32_t src, uint32_t n,
                      const char *function) {
    if ((uint64_t)dst + n > dst_memory->size || (uint64_t)src + n > src_memory->size)
        bsrt_trap(BSRT_TRAP_OOB_MEMORY, function);
    if (n > 0) memmove(dst_memory->base + dst, src_memory->base + src, n);
}

void bsrt_memory_fill(bsrt_memory *memory, uint32_t dst, uint32_t value, uint32_t n, const char *function) {
    if ((uint64_t)dst + n > memory->size) bsrt_trap(BSRT_TRAP_OOB_MEMORY, function);
    if (n > 0) memset(memory->base + dst, (int)(value & 0xff), n);
}
