/*
 * flood_terms.h — the hash precis used before issue 18 (unkeyed: the same
 * for everyone), and terms chosen so that their hashes share their low bits:
 * the attack of issue 18, item 2. Shared by tests/test_vocab.c (a small set)
 * and bench/hash_flood.c (the 20,000 terms).
 */
#ifndef PRECIS_FLOOD_TERMS_H
#define PRECIS_FLOOD_TERMS_H

#include <stdint.h>
#include <string.h>

static uint64_t flood_tail(const char *s, size_t n)
{
    if (n >= 4) {
        uint32_t lo, hi;
        memcpy(&lo, s, 4);
        memcpy(&hi, s + n - 4, 4);
        return (uint64_t)hi << 32 | lo;
    }
    if (n == 0)
        return 0;
    const unsigned char *u = (const unsigned char *)s;
    return (uint64_t)u[0] << 16 | (uint64_t)u[n / 2] << 8 | u[n - 1];
}

/* px_hash_bytes as it was: multiply-xorshift, no key. */
static uint32_t flood_old_hash(const char *s, size_t n)
{
    uint64_t h = 0x9E3779B97F4A7C15ULL ^ n;
    while (n >= 8) {
        uint64_t w;
        memcpy(&w, s, 8);
        h = (h ^ w) * 0xBF58476D1CE4E5B9ULL;
        h ^= h >> 31;
        s += 8;
        n -= 8;
    }
    h = (h ^ flood_tail(s, n)) * 0x94D049BB133111EBULL;
    h ^= h >> 29;
    h *= 0xBF58476D1CE4E5B9ULL;
    h ^= h >> 32;
    return (uint32_t)h;
}

/* Fills terms (n of them, 9 bytes each: eight lowercase letters and a NUL)
 * with distinct words whose old hash has its low `bits` bits all zero, by
 * counting through the words in order. */
static void flood_terms(char (*terms)[9], size_t n, int bits)
{
    uint32_t mask = (1u << bits) - 1;
    uint64_t x = 0;
    for (size_t found = 0; found < n; x++) {
        char w[9];
        uint64_t y = x;
        for (int i = 0; i < 8; i++, y /= 26)
            w[i] = (char)('a' + y % 26);
        w[8] = '\0';
        if ((flood_old_hash(w, 8) & mask) == 0)
            memcpy(terms[found++], w, 9);
    }
}

#endif
