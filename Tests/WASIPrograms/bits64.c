// bits64: 64-bit integer bit tricks: popcount, leading/trailing zeros (including of 0), rotates,
// byte swaps, signed/unsigned division and remainder, shifts, sign extension, 128-bit products,
// splitmix64 and xorshift generators, Gray codes, and bit reversal.
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>

static volatile uint64_t sink;
static uint64_t opaque(uint64_t x) {
    sink = x;
    return sink;
}

static uint64_t splitmix64(uint64_t *state) {
    uint64_t z = (*state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static uint64_t rotl(uint64_t x, unsigned k) { return (x << (k & 63)) | (x >> ((64 - k) & 63)); }
static uint32_t rotr32(uint32_t x, unsigned k) { return (x >> (k & 31)) | (x << ((32 - k) & 31)); }

static int clz64(uint64_t x) { return x ? __builtin_clzll(x) : 64; }
static int ctz64(uint64_t x) { return x ? __builtin_ctzll(x) : 64; }

static uint64_t reverse_bits(uint64_t x) {
    x = ((x >> 1) & 0x5555555555555555ull) | ((x & 0x5555555555555555ull) << 1);
    x = ((x >> 2) & 0x3333333333333333ull) | ((x & 0x3333333333333333ull) << 2);
    x = ((x >> 4) & 0x0F0F0F0F0F0F0F0Full) | ((x & 0x0F0F0F0F0F0F0F0Full) << 4);
    return __builtin_bswap64(x);
}

static uint64_t mulhi(uint64_t a, uint64_t b) { return (uint64_t)(((unsigned __int128)a * b) >> 64); }

static uint64_t isqrt(uint64_t n) {
    uint64_t r = 0, bit = 1ull << 62;
    while (bit > n) bit >>= 2;
    while (bit) {
        if (n >= r + bit) {
            n -= r + bit;
            r = (r >> 1) + bit;
        } else {
            r >>= 1;
        }
        bit >>= 2;
    }
    return r;
}

int main(void) {
    const uint64_t samples[] = {0, 1, 0x80, 0xFF00FF00FF00FF00ull, 0x8000000000000000ull, UINT64_MAX,
                                0x0123456789ABCDEFull, 0x00000000FFFFFFFFull, 0x7FFFFFFFFFFFFFFFull};
    for (unsigned i = 0; i < sizeof samples / sizeof samples[0]; i++) {
        uint64_t x = opaque(samples[i]);
        printf("%016" PRIx64 ": pop=%2d clz=%2d ctz=%2d rotl13=%016" PRIx64 " bswap=%016" PRIx64
               " rev=%016" PRIx64 " lowbit=%" PRIx64 "\n",
               x, __builtin_popcountll(x), clz64(x), ctz64(x), rotl(x, 13), __builtin_bswap64(x), reverse_bits(x),
               x & (0 - x));
    }

    const int64_t dividends[] = {7, -7, INT64_MAX, INT64_MIN, 1000000000000ll, -1};
    const int64_t divisors[] = {2, -2, 3, 1000, -1, INT64_MAX};
    for (int i = 0; i < 6; i++)
        for (int j = 0; j < 6; j++) {
            int64_t a = (int64_t)opaque((uint64_t)dividends[i]), b = (int64_t)opaque((uint64_t)divisors[j]);
            if (a == INT64_MIN && b == -1) continue;  // overflow: undefined in C, a trap in WASM
            printf("%" PRId64 "/%" PRId64 "=%" PRId64 " r%" PRId64 " u:%" PRIu64 " ur%" PRIu64 "\n", a, b, a / b,
                   a % b, (uint64_t)a / (uint64_t)b, (uint64_t)a % (uint64_t)b);
        }

    for (unsigned s = 0; s < 64; s += 9) {
        int64_t neg = (int64_t)opaque((uint64_t)-123456789012345ll);
        printf("shift %2u: shl=%016" PRIx64 " shr_u=%016" PRIx64 " shr_s=%" PRId64 "\n", s, (uint64_t)neg << s,
               (uint64_t)neg >> s, neg >> s);
    }

    uint32_t word = (uint32_t)opaque(0xDEADBEEF);
    printf("rotr32: %08x %08x %08x\n", rotr32(word, 4), rotr32(word, 31), rotr32(word, 0));
    printf("sign-extend: %d %d %" PRId64 " %" PRId64 "\n", (int8_t)(uint8_t)word, (int16_t)(uint16_t)word,
           (int64_t)(int32_t)word, (int64_t)(int8_t)opaque(0x80));
    printf("zero-extend: %" PRIu64 " %u\n", (uint64_t)word, (uint32_t)(uint8_t)word);

    uint64_t state = 42, acc = 0, popsum = 0, hi = 0;
    for (int i = 0; i < 1000000; i++) {
        uint64_t r = splitmix64(&state);
        acc ^= rotl(r, (unsigned)i);
        popsum += (uint64_t)__builtin_popcountll(r);
        hi += mulhi(r, 0x9E3779B97F4A7C15ull) >> 32;
    }
    printf("splitmix64 x1e6: acc=%016" PRIx64 " popsum=%" PRIu64 " mulhi-sum=%" PRIu64 "\n", acc, popsum, hi);

    unsigned __int128 big = (unsigned __int128)UINT64_MAX * UINT64_MAX;
    printf("u128 max^2: hi=%016" PRIx64 " lo=%016" PRIx64 "\n", (uint64_t)(big >> 64), (uint64_t)big);
    __int128 sbig = (__int128)(int64_t)opaque((uint64_t)INT64_MIN) * 3;
    printf("i128 min*3: hi=%016" PRIx64 " lo=%016" PRIx64 "\n", (uint64_t)((unsigned __int128)sbig >> 64),
           (uint64_t)sbig);

    printf("gray:");
    for (uint64_t i = 0; i < 16; i++) printf(" %" PRIx64, i ^ (i >> 1));
    printf("\n");
    printf("isqrt: %" PRIu64 " %" PRIu64 " %" PRIu64 "\n", isqrt(opaque(99)), isqrt(opaque(1ull << 62)),
           isqrt(opaque(UINT64_MAX)));
    uint64_t x = opaque(0x00F0F0F0F0F0F0F0ull);
    printf("next-power-of-two above %" PRIx64 ": %" PRIx64 "; is_pow2(4096)=%d\n", x,
           (uint64_t)(x ? 1ull << (64 - clz64(x)) : 1), (opaque(4096) & (opaque(4096) - 1)) == 0);
    return 0;
}
