// hashmap: an open-addressing hash map (linear probing, 64-bit keys, 32-bit values, tombstones)
// under a mixed insert/lookup/delete workload: hashing, unpredictable loads, branches.
// Usage: hashmap [operations in millions]   (default 10)
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define EMPTY 0
#define TOMBSTONE 1

struct slot { uint64_t key; uint32_t value, used; };
struct map { struct slot *slots; uint32_t mask, count, filled; };

static uint64_t mix(uint64_t k) {
    k ^= k >> 33; k *= 0xff51afd7ed558ccdull; k ^= k >> 33; k *= 0xc4ceb9fe1a85ec53ull; k ^= k >> 33;
    return k;
}

static void map_init(struct map *m, uint32_t capacity) {
    m->slots = calloc(capacity, sizeof *m->slots);
    m->mask = capacity - 1;
    m->count = m->filled = 0;
}

static void map_put(struct map *m, uint64_t key, uint32_t value);

// Moves every entry into a fresh table of `capacity` slots (dropping the tombstones).
static void map_rehash(struct map *m, uint32_t capacity) {
    struct map bigger;
    map_init(&bigger, capacity);
    for (uint32_t i = 0; i <= m->mask; i++)
        if (m->slots[i].used == 2) map_put(&bigger, m->slots[i].key, m->slots[i].value);
    free(m->slots);
    *m = bigger;
}

static void map_put(struct map *m, uint64_t key, uint32_t value) {
    if ((m->filled + 1) * 4 > (m->mask + 1) * 3) map_rehash(m, m->count * 2 > m->mask ? (m->mask + 1) * 2 : m->mask + 1);
    uint32_t i = (uint32_t)mix(key) & m->mask, tomb = UINT32_MAX;
    for (;; i = (i + 1) & m->mask) {
        struct slot *s = &m->slots[i];
        if (s->used == EMPTY) break;
        if (s->used == TOMBSTONE) { if (tomb == UINT32_MAX) tomb = i; continue; }
        if (s->key == key) { s->value = value; return; }
    }
    if (tomb != UINT32_MAX) i = tomb; else m->filled++;
    m->slots[i] = (struct slot){key, value, 2};
    m->count++;
}

static struct slot *map_find(const struct map *m, uint64_t key) {
    for (uint32_t i = (uint32_t)mix(key) & m->mask;; i = (i + 1) & m->mask) {
        struct slot *s = &m->slots[i];
        if (s->used == EMPTY) return 0;
        if (s->used == 2 && s->key == key) return s;
    }
}

static int map_remove(struct map *m, uint64_t key) {
    struct slot *s = map_find(m, key);
    if (!s) return 0;
    s->used = TOMBSTONE;
    m->count--;
    return 1;
}

int main(int argc, char **argv) {
    uint32_t millions = argc > 1 ? (uint32_t)atoi(argv[1]) : 10;
    struct map m;
    map_init(&m, 1024);
    uint64_t x = 88172645463325252ull, found = 0, removed = 0, sum = 0;
    for (uint32_t op = 0; op < millions * 1000000u; op++) {
        x ^= x << 13; x ^= x >> 7; x ^= x << 17;
        uint64_t key = x % 400000;  // a working set of 400k keys, about 10 MB of slots
        switch (x >> 61) {
        case 0: case 1: case 2: map_put(&m, key, (uint32_t)op); break;
        case 3: removed += (uint64_t)map_remove(&m, key); break;
        default: {
            struct slot *s = map_find(&m, key);
            if (s) { found++; sum += s->value; }
        }
        }
    }
    printf("count %u found %llu removed %llu sum %llu capacity %u\n", m.count, (unsigned long long)found,
           (unsigned long long)removed, (unsigned long long)sum, m.mask + 1);
    free(m.slots);
    return 0;
}
