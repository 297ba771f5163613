/*
 * sort.c — the sorts on vectorizing's hot path, where qsort's call per
 * comparison costs more than the work: integer keys by LSD radix sort, and
 * terms in strcmp order by their first eight bytes first.
 *
 * Radix sorting takes linear time whatever the input, so no crafted
 * document or vocabulary can make vectorizing quadratic. Both sorts are
 * stable and deterministic.
 */
#include "base/sort.h"

#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/error.h"

/* Below this, an insertion sort beats the radix passes' fixed costs. */
#define SMALL 24

/* The LSD radix sort of T values by their bits lo_bit .. hi_bit - 1, stably,
 * 8 bits a pass (a pass whose digit is the same everywhere is skipped), with
 * an insertion sort for small n: radix_sort_u32 and radix_sort_u64. */
#define DEFINE_RADIX_SORT(T, NAME)                                                   \
    static void NAME(T *a, T *tmp, size_t n, unsigned lo_bit, unsigned hi_bit)      \
    {                                                                                \
        const unsigned width = 8 * sizeof(T);                                        \
        if (lo_bit >= hi_bit || lo_bit >= width || n < 2)                            \
            return;                                                                  \
        if (n <= SMALL) {                                                            \
            for (size_t i = 1; i < n; i++) {                                         \
                T x = a[i];                                                          \
                size_t j = i;                                                        \
                for (; j > 0 && (a[j - 1] >> lo_bit) > (x >> lo_bit); j--)           \
                    a[j] = a[j - 1];                                                 \
                a[j] = x;                                                            \
            }                                                                        \
            return;                                                                  \
        }                                                                            \
        T *src = a, *dst = tmp;                                                      \
        for (unsigned shift = lo_bit; shift < hi_bit && shift < width; shift += 8) { \
            size_t count[256] = {0};                                                 \
            for (size_t i = 0; i < n; i++)                                           \
                count[(src[i] >> shift) & 0xFF]++;                                   \
            if (count[(src[0] >> shift) & 0xFF] == n)                                \
                continue;                                                            \
            size_t at = 0;                                                           \
            for (int d = 0; d < 256; d++) {                                          \
                size_t c = count[d];                                                 \
                count[d] = at;                                                       \
                at += c;                                                             \
            }                                                                        \
            for (size_t i = 0; i < n; i++)                                           \
                dst[count[(src[i] >> shift) & 0xFF]++] = src[i];                     \
            T *t = src;                                                              \
            src = dst;                                                               \
            dst = t;                                                                 \
        }                                                                            \
        if (src != a)                                                                \
            memcpy(a, src, n * sizeof *a);                                           \
    }

DEFINE_RADIX_SORT(uint32_t, radix_sort_u32)
DEFINE_RADIX_SORT(uint64_t, radix_sort_u64)

void px_sort_u64(uint64_t *a, uint64_t *tmp, size_t n, unsigned lo_bit, unsigned hi_bit)
{
    radix_sort_u64(a, tmp, n, lo_bit, hi_bit);
}

void px_sort_u32(uint32_t *a, uint32_t *tmp, size_t n, unsigned bits)
{
    radix_sort_u32(a, tmp, n, 0, bits);
}

unsigned px_bits_for(uint64_t max_key)
{
    unsigned bits = 0;
    while (bits < 64 && (max_key >> bits) != 0)
        bits++;
    return bits;
}

uint64_t px_term_prefix(const char *term)
{
    /* Big-endian: comparing prefixes as integers compares bytes in order,
     * and the zero padding of a shorter term sorts first, as strcmp does. */
    uint64_t key = 0;
    int ended = 0;
    for (int i = 0; i < 8; i++) {
        unsigned char c = ended ? 0 : (unsigned char)term[i];
        ended = c == 0;
        key = key << 8 | c;
    }
    return key;
}

typedef struct named {
    const char *term;
    size_t index;
} named;

static int by_term(const void *a, const void *b)
{
    return strcmp(((const named *)a)->term, ((const named *)b)->term);
}

/* Terms are distinct, so equal prefixes mean both run past eight bytes:
 * each run of equal prefixes is put in order by the rest of their bytes. */
static void order_ties(named *t, const uint64_t *prefix, size_t n)
{
    for (size_t i = 0; i < n;) {
        size_t j = i + 1;
        while (j < n && prefix[t[j].index] == prefix[t[i].index])
            j++;
        if (j - i > 1)
            qsort(t + i, j - i, sizeof *t, by_term);
        i = j;
    }
}

/* w[0..n) = the positions 0..n-1 (low 32 bits of each word) in ascending,
 * stable order of prefix[]: sorted by the prefixes' low halves, then, stably,
 * by their high halves. tmp is scratch for n words. */
static void sort_by_prefix(const uint64_t *prefix, uint64_t *w, uint64_t *tmp, size_t n)
{
    for (size_t i = 0; i < n; i++)
        w[i] = (prefix[i] & 0xFFFFFFFFu) << 32 | i;
    px_sort_u64(w, tmp, n, 32, 64);
    for (size_t i = 0; i < n; i++) {
        uint32_t at = (uint32_t)w[i];
        w[i] = (prefix[at] >> 32) << 32 | at;
    }
    px_sort_u64(w, tmp, n, 32, 64);
}

int px_sort_terms(const char *const *terms, size_t n, size_t *order)
{
    if (n > UINT32_MAX)
        return PRECIS_ERR_LIMIT;
    uint64_t *prefix = px_malloc_array(n + 1, sizeof *prefix);
    uint64_t *w = px_malloc_array(2 * n + 1, sizeof *w);
    named *t = px_malloc_array(n + 1, sizeof *t);
    if (!prefix || !w || !t) {
        px_free(prefix);
        px_free(w);
        px_free(t);
        return PRECIS_ERR_NOMEM;
    }
    for (size_t i = 0; i < n; i++)
        prefix[i] = px_term_prefix(terms[i]);
    sort_by_prefix(prefix, w, w + n, n);
    for (size_t i = 0; i < n; i++)
        t[i] = (named){terms[(uint32_t)w[i]], (uint32_t)w[i]};
    order_ties(t, prefix, n);
    for (size_t i = 0; i < n; i++)
        order[i] = t[i].index;
    px_free(prefix);
    px_free(w);
    px_free(t);
    return PRECIS_OK;
}
