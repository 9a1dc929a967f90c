// linked_list: malloc/free of list nodes (insert, reverse, merge sort, delete), and a big array
// grown with realloc (forces memory.grow), calloc, and memmove.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct node {
    int32_t value;
    char tag[12];
    struct node *next;
};

static uint32_t rng_state = 12345;
static uint32_t next_random(void) {
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 17;
    rng_state ^= rng_state << 5;
    return rng_state;
}

static struct node *push(struct node *head, int32_t value) {
    struct node *n = malloc(sizeof *n);
    if (!n) {
        puts("out of memory");
        exit(1);
    }
    n->value = value;
    snprintf(n->tag, sizeof n->tag, "n%d", value);
    n->next = head;
    return n;
}

static struct node *reverse(struct node *head) {
    struct node *prev = NULL;
    while (head) {
        struct node *next = head->next;
        head->next = prev;
        prev = head;
        head = next;
    }
    return prev;
}

static struct node *merge(struct node *a, struct node *b) {
    struct node dummy = {0}, *tail = &dummy;
    while (a && b) {
        if (a->value <= b->value) { tail->next = a; a = a->next; }
        else { tail->next = b; b = b->next; }
        tail = tail->next;
    }
    tail->next = a ? a : b;
    return dummy.next;
}

static struct node *sort(struct node *head) {
    if (!head || !head->next) return head;
    struct node *slow = head, *fast = head->next;
    while (fast && fast->next) { slow = slow->next; fast = fast->next->next; }
    struct node *second = slow->next;
    slow->next = NULL;
    return merge(sort(head), sort(second));
}

static struct node *remove_multiples(struct node *head, int32_t k, int *removed) {
    struct node **link = &head;
    while (*link) {
        if ((*link)->value % k == 0) {
            struct node *dead = *link;
            *link = dead->next;
            free(dead);
            (*removed)++;
        } else {
            link = &(*link)->next;
        }
    }
    return head;
}

static void print_list(const char *label, struct node *head, int limit) {
    printf("%s:", label);
    for (int i = 0; head && i < limit; head = head->next, i++) printf(" %s", head->tag);
    printf("%s\n", head ? " ..." : "");
}

int main(void) {
    struct node *list = NULL;
    for (int i = 0; i < 20000; i++) list = push(list, (int32_t)(next_random() % 100000));
    print_list("pushed", list, 8);
    list = reverse(list);
    print_list("reversed", list, 8);
    list = sort(list);
    print_list("sorted", list, 8);
    int removed = 0;
    list = remove_multiples(list, 3, &removed);
    int count = 0;
    int64_t sum = 0;
    int ordered = 1;
    for (struct node *n = list; n; n = n->next) {
        count++;
        sum += n->value;
        if (n->next && n->next->value < n->value) ordered = 0;
    }
    printf("removed %d, left %d, sum %lld, ordered %d\n", removed, count, (long long)sum, ordered);
    while (list) {
        struct node *next = list->next;
        free(list);
        list = next;
    }

    // A big array grown by realloc, doubling from 16 elements to 4M (16 MiB).
    size_t capacity = 16, length = 0;
    uint32_t *array = malloc(capacity * sizeof *array);
    int reallocs = 0;
    for (uint32_t i = 0; i < (1u << 22); i++) {
        if (length == capacity) {
            capacity *= 2;
            uint32_t *bigger = realloc(array, capacity * sizeof *array);
            if (!bigger) {
                puts("realloc failed");
                return 1;
            }
            array = bigger;
            reallocs++;
        }
        array[length++] = i * 2654435761u;
    }
    uint32_t check = 0;
    for (size_t i = 0; i < length; i++) { check = (check ^ array[i]) * 16777619u; check ^= check >> 13; }
    printf("array length %u, reallocs %d, checksum %08x\n", (unsigned)length, reallocs, check);
    memmove(array + 1, array, (length - 1) * sizeof *array);
    printf("after memmove: %08x %08x %08x\n", array[0], array[1], array[length - 1]);
    array = realloc(array, 100 * sizeof *array);
    printf("shrunk: %08x %08x\n", array[0], array[99]);
    free(array);

    // calloc must hand back zeroed memory, also after free/reuse.
    for (int round = 0; round < 3; round++) {
        unsigned char *block = malloc(65536);
        memset(block, 0xAB, 65536);
        free(block);
        uint32_t *zeroed = calloc(16384, sizeof(uint32_t));
        uint32_t nonzero = 0;
        for (int i = 0; i < 16384; i++) nonzero += zeroed[i] != 0;
        printf("calloc round %d: %u nonzero\n", round, nonzero);
        free(zeroed);
    }
    return 0;
}
