/*
 * guest_memory.h: the fake linear memory the WASI tests call host functions with: a plain
 * buffer of MEM_SIZE bytes (define MEM_SIZE before including), the memory and instance around
 * it, and little-endian field access by guest address.
 */
#ifndef GUEST_MEMORY_H
#define GUEST_MEMORY_H

#include <stdint.h>
#include <string.h>

#include "bsrt.h"

static uint8_t buffer[MEM_SIZE];
static bsrt_memory memory = {.base = buffer, .size = MEM_SIZE};
static bsrt_instance self = {.module = NULL, .memory0 = &memory};

static inline uint16_t rd16(uint32_t p) {
    uint16_t v;
    memcpy(&v, buffer + p, 2);
    return v;
}
static inline uint32_t rd32(uint32_t p) {
    uint32_t v;
    memcpy(&v, buffer + p, 4);
    return v;
}
static inline uint64_t rd64(uint32_t p) {
    uint64_t v;
    memcpy(&v, buffer + p, 8);
    return v;
}
static inline void wr16(uint32_t p, uint16_t v) { memcpy(buffer + p, &v, 2); }
static inline void wr32(uint32_t p, uint32_t v) { memcpy(buffer + p, &v, 4); }
static inline void wr64(uint32_t p, uint64_t v) { memcpy(buffer + p, &v, 8); }

#endif /* GUEST_MEMORY_H */
