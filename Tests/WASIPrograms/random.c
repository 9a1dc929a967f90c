/* random.c: random_get through getentropy (at most 256 bytes a call) and arc4random_buf. The
 * bytes differ on every run, so only their properties print: two draws differ, 1 MiB holds
 * every byte value with counts near the mean, getentropy refuses more than 256 bytes. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "errno_names.h"

int main(void) {
    unsigned char first[256], second[256];
    CHECK("getentropy 256", getentropy(first, sizeof first));
    CHECK("getentropy 256 again", getentropy(second, sizeof second));
    printf("two draws differ: %s\n", memcmp(first, second, sizeof first) != 0 ? "yes" : "no");
    CHECK("getentropy 257", getentropy(first, 257));
    CHECK("getentropy 0", getentropy(first, 0));

    static unsigned char big[1 << 20];
    for (int offset = 0; offset < (int)sizeof big; offset += 256) getentropy(big + offset, 256);
    unsigned counts[256] = {0};
    for (int i = 0; i < (int)sizeof big; i++) counts[big[i]]++;
    /* Mean 4096 per value, standard deviation about 64: 3500..4700 is over 9 sigma. */
    int outliers = 0;
    for (int i = 0; i < 256; i++) outliers += counts[i] < 3500 || counts[i] > 4700;
    printf("1 MiB from getentropy: values out of range: %d\n", outliers);

    uint32_t words[64];
    arc4random_buf(words, sizeof words);
    int zero_words = 0, equal_neighbours = 0;
    for (int i = 0; i < 64; i++) {
        zero_words += words[i] == 0;
        if (i > 0) equal_neighbours += words[i] == words[i - 1];
    }
    printf("arc4random_buf: zero words %d, equal neighbours %d\n", zero_words, equal_neighbours);
    uint32_t bound_hits[10] = {0};
    for (int i = 0; i < 100000; i++) bound_hits[arc4random_uniform(10)]++;
    int uniform = 1;
    for (int i = 0; i < 10; i++) uniform = uniform && bound_hits[i] > 9000 && bound_hits[i] < 11000;
    printf("arc4random_uniform(10) roughly uniform: %s\n", uniform ? "yes" : "no");
    return 0;
}
