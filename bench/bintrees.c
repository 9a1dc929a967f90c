// bintrees: the binary-trees kernel: build and walk many perfect binary trees of heap nodes
// (pointer chasing, recursion, allocation). Nodes come from a free list over pools, as the
// benchmark game's pool-allocator programs do, so the time is the compiler's, not malloc's.
// Usage: bintrees [depth]   (default 18)
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

struct node { struct node *left, *right; };

static struct node *free_list;

static struct node *new_node(struct node *left, struct node *right) {
    struct node *n = free_list;
    if (n) {
        free_list = n->left;
    } else {
        // A new pool of 4096 nodes, threaded onto the free list.
        struct node *pool = malloc(4096 * sizeof *pool);
        if (!pool) abort();
        for (int i = 1; i < 4095; i++) pool[i].left = &pool[i + 1];
        pool[4095].left = 0;
        free_list = &pool[1];
        n = &pool[0];
    }
    n->left = left;
    n->right = right;
    return n;
}

static void free_tree(struct node *n) {
    if (n->left) {
        free_tree(n->left);
        free_tree(n->right);
    }
    n->left = free_list;
    free_list = n;
}

static struct node *make(int depth) {
    return depth > 0 ? new_node(make(depth - 1), make(depth - 1)) : new_node(0, 0);
}

static uint32_t check(const struct node *n) {
    return n->left ? 1 + check(n->left) + check(n->right) : 1;
}

int main(int argc, char **argv) {
    int max_depth = argc > 1 ? atoi(argv[1]) : 18;
    if (max_depth < 6) max_depth = 6;
    struct node *stretch = make(max_depth + 1);
    printf("stretch tree of depth %d\t check: %u\n", max_depth + 1, check(stretch));
    free_tree(stretch);
    struct node *long_lived = make(max_depth);
    for (int depth = 4; depth <= max_depth; depth += 2) {
        uint32_t iterations = 1u << (max_depth - depth + 4), sum = 0;
        for (uint32_t i = 0; i < iterations; i++) {
            struct node *t = make(depth);
            sum += check(t);
            free_tree(t);
        }
        printf("%u\t trees of depth %d\t check: %u\n", iterations, depth, sum);
    }
    printf("long lived tree of depth %d\t check: %u\n", max_depth, check(long_lived));
    return 0;
}
