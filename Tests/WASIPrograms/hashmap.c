// hashmap: an open-addressing hash map from strings to counters (FNV-1a, linear probing,
// tombstones, resizing), used to count words in generated text, then iterated in sorted order.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct entry {
    char *key;  // NULL = empty, TOMBSTONE = deleted
    uint32_t hash;
    int32_t value;
};

struct map {
    struct entry *slots;
    uint32_t capacity, used, live;
};

static char tombstone_marker;
#define TOMBSTONE (&tombstone_marker)

static uint32_t fnv1a(const char *s) {
    uint32_t h = 2166136261u;
    for (; *s; s++) h = (h ^ (uint8_t)*s) * 16777619u;
    return h;
}

static void map_init(struct map *m, uint32_t capacity) {
    m->slots = calloc(capacity, sizeof *m->slots);
    m->capacity = capacity;
    m->used = m->live = 0;
}

static void map_insert_slot(struct map *m, char *key, uint32_t hash, int32_t value) {
    uint32_t i = hash & (m->capacity - 1);
    while (m->slots[i].key) i = (i + 1) & (m->capacity - 1);
    m->slots[i] = (struct entry){key, hash, value};
    m->used++;
    m->live++;
}

static void map_grow(struct map *m) {
    struct map bigger;
    map_init(&bigger, m->capacity * 2);
    for (uint32_t i = 0; i < m->capacity; i++) {
        struct entry *e = &m->slots[i];
        if (e->key && e->key != TOMBSTONE) map_insert_slot(&bigger, e->key, e->hash, e->value);
    }
    free(m->slots);
    *m = bigger;
}

static struct entry *map_find(struct map *m, const char *key, uint32_t hash) {
    uint32_t i = hash & (m->capacity - 1);
    while (m->slots[i].key) {
        struct entry *e = &m->slots[i];
        if (e->key != TOMBSTONE && e->hash == hash && strcmp(e->key, key) == 0) return e;
        i = (i + 1) & (m->capacity - 1);
    }
    return NULL;
}

static void map_add(struct map *m, const char *key, int32_t delta) {
    uint32_t hash = fnv1a(key);
    struct entry *e = map_find(m, key, hash);
    if (e) {
        e->value += delta;
        return;
    }
    if ((m->used + 1) * 4 > m->capacity * 3) map_grow(m);
    size_t n = strlen(key) + 1;
    char *copy = malloc(n);
    memcpy(copy, key, n);
    map_insert_slot(m, copy, hash, delta);
}

static int map_remove(struct map *m, const char *key) {
    struct entry *e = map_find(m, key, fnv1a(key));
    if (!e) return 0;
    free(e->key);
    e->key = TOMBSTONE;
    m->live--;
    return 1;
}

static int compare_entries(const void *a, const void *b) {
    const struct entry *x = *(const struct entry *const *)a, *y = *(const struct entry *const *)b;
    if (x->value != y->value) return x->value < y->value ? 1 : -1;
    return strcmp(x->key, y->key);
}

static uint32_t rng = 2463534242u;
static uint32_t next_random(void) {
    rng ^= rng << 13;
    rng ^= rng >> 17;
    rng ^= rng << 5;
    return rng;
}

int main(void) {
    static const char *syllables[] = {"ka", "lo", "mi", "ne", "su", "ta", "ri", "po", "zu", "be", "do", "ga"};
    struct map m;
    map_init(&m, 8);
    char word[32];
    uint32_t total = 0;
    for (int i = 0; i < 300000; i++) {
        // Zipf-like: short words are common, long ones rare.
        int parts = 1 + (int)(__builtin_ctz(next_random() | 0x10u));
        word[0] = 0;
        for (int p = 0; p < parts; p++) strcat(word, syllables[next_random() % 12]);
        map_add(&m, word, 1);
        total++;
    }
    printf("words %u distinct %u capacity %u\n", total, m.live, m.capacity);

    int removed = 0;
    const char *to_remove[] = {"ka", "lo", "kaka", "nothere", "zuzu", "ka"};
    for (int i = 0; i < 6; i++) removed += map_remove(&m, to_remove[i]);
    map_add(&m, "kaka", 1000000);
    map_add(&m, "brand-new", 7);
    printf("removed %d, live %u\n", removed, m.live);

    struct entry **all = malloc(m.live * sizeof *all);
    uint32_t n = 0;
    int64_t sum = 0;
    for (uint32_t i = 0; i < m.capacity; i++)
        if (m.slots[i].key && m.slots[i].key != TOMBSTONE) {
            all[n++] = &m.slots[i];
            sum += m.slots[i].value;
        }
    qsort(all, n, sizeof *all, compare_entries);
    printf("iterated %u, sum %lld\n", n, (long long)sum);
    for (uint32_t i = 0; i < 15 && i < n; i++) printf("%2u. %-10s %d\n", i + 1, all[i]->key, all[i]->value);
    uint32_t h = 0;
    for (uint32_t i = 0; i < n; i++) h = (h * 31u) ^ fnv1a(all[i]->key) ^ (uint32_t)all[i]->value;
    printf("ordered digest %08x\n", h);
    struct entry *e = map_find(&m, "brand-new", fnv1a("brand-new"));
    printf("lookup brand-new=%d missing=%d\n", e ? e->value : -1, map_find(&m, "ka", fnv1a("ka")) == NULL);
    for (uint32_t i = 0; i < m.capacity; i++)
        if (m.slots[i].key && m.slots[i].key != TOMBSTONE) free(m.slots[i].key);
    free(m.slots);
    free(all);
    return 0;
}
