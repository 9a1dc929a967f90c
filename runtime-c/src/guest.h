/*
 * guest.h: checked access to guest (linear-memory) pointers for host calls.
 *
 * A host call must never fault on a bad guest pointer: the fault would either be reported as
 * a trap the guest did not cause (inside libc) or kill the process. So every pointer and
 * length a guest passes is checked against the memory's current size, in 64-bit arithmetic so
 * ptr + len cannot wrap, before the first byte is touched; a failed check returns WASI FAULT.
 * Fields are read and written with memcpy because guest structs need not be aligned.
 */
#ifndef BSRT_GUEST_H
#define BSRT_GUEST_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "bsrt.h"

/* The memory a host call's pointers refer to (NULL if the instance has none). */
static inline bsrt_memory *bsrt_guest_memory(bsrt_instance *self) { return self ? self->memory0 : NULL; }

/* The host address of guest bytes [ptr, ptr+len), or NULL when any of them is outside memory.
 * len 0 at ptr == size is valid (an empty range at the end). */
static inline uint8_t *bsrt_guest_bytes(const bsrt_memory *memory, uint64_t ptr, uint64_t len) {
    /* Two comparisons, so that ptr + len cannot wrap even for 64-bit guest pointers. */
    if (memory == NULL) return NULL;
    uint64_t size = bsrt_memory_bytes(memory);
    if (ptr > size || len > size - ptr) return NULL;
    return memory->base + ptr;
}

/* The host address of a guest array of `count` elements of `size` bytes, or NULL. count is at
 * most 2^32-1 and size small, so the product fits in 64 bits. */
static inline uint8_t *bsrt_guest_array(const bsrt_memory *memory, uint64_t ptr, uint64_t count, uint32_t size) {
    if (size != 0 && count > UINT64_MAX / size) return NULL;
    return bsrt_guest_bytes(memory, ptr, count * size);
}

/* Little-endian field access at a host address obtained from the checks above. */
static inline uint32_t bsrt_guest_read_u32(const uint8_t *p) {
    uint32_t v;
    memcpy(&v, p, sizeof v);
    return v;
}
static inline void bsrt_guest_write_u8(uint8_t *p, uint8_t v) { *p = v; }
static inline void bsrt_guest_write_u16(uint8_t *p, uint16_t v) { memcpy(p, &v, sizeof v); }
static inline void bsrt_guest_write_u32(uint8_t *p, uint32_t v) { memcpy(p, &v, sizeof v); }
static inline void bsrt_guest_write_u64(uint8_t *p, uint64_t v) { memcpy(p, &v, sizeof v); }

#endif /* BSRT_GUEST_H */
