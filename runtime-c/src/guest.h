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

/* Pointer width. Under wasix_64v1 (a memory64 module) every guest pointer and every witx
 * `size` is 8 bytes, both as a parameter (bsrt_ptr/bsrt_size are 64-bit in C for both widths)
 * and as a field the host reads or writes: iovec entries, the pointer arrays of args_get and
 * environ_get, the byte counts that fd_read, fd_readdir, poll_oneoff... return (abi/wasix.md
 * §1 and §4.14). One C function serves both widths by asking the memory. */
static inline uint32_t bsrt_guest_ptr_size(const bsrt_memory *memory) { return memory && memory->is64 ? 8 : 4; }

/* A pointer-size field at host address p (checked by the caller). */
static inline uint64_t bsrt_guest_read_ptr(const bsrt_memory *memory, const uint8_t *p) {
    if (bsrt_guest_ptr_size(memory) == 8) {
        uint64_t v;
        memcpy(&v, p, sizeof v);
        return v;
    }
    return bsrt_guest_read_u32(p);
}
static inline void bsrt_guest_write_ptr(const bsrt_memory *memory, uint8_t *p, uint64_t v) {
    if (bsrt_guest_ptr_size(memory) == 8) bsrt_guest_write_u64(p, v);
    else bsrt_guest_write_u32(p, (uint32_t)v);
}

/* The host address of a pointer-size field at guest `ptr`, or NULL (FAULT). */
static inline uint8_t *bsrt_guest_ptr_field(const bsrt_memory *memory, uint64_t ptr) {
    return bsrt_guest_bytes(memory, ptr, bsrt_guest_ptr_size(memory));
}

#endif /* BSRT_GUEST_H */
