/*
 * sort.h — linear-time, stable sorts for the vectorizer's hot paths (private).
 */
#ifndef PRECIS_SORT_H
#define PRECIS_SORT_H

#include <stddef.h>
#include <stdint.h>

/* Sorts a[0..n) by their bits lo_bit .. hi_bit - 1, stably; every bit at or
 * above hi_bit must be 0 (bits below lo_bit ride along: a payload). tmp has
 * room for n values (its contents are scratch). */
void px_sort_u64(uint64_t *a, uint64_t *tmp, size_t n, unsigned lo_bit, unsigned hi_bit);
/* Sorts a[0..n) ascending; every value must be below 2^bits. tmp has room for
 * n values (scratch). */
void px_sort_u32(uint32_t *a, uint32_t *tmp, size_t n, unsigned bits);
/* How many bits hold max_key (0 for 0). */
unsigned px_bits_for(uint64_t max_key);
/* The first eight bytes of a NUL-terminated term as a big-endian integer,
 * zero-padded: prefixes compare as strcmp compares the terms' starts. */
uint64_t px_term_prefix(const char *term);
/* order[i] = the index of the i-th term in strcmp order (the terms are
 * distinct, fewer than 2^32). PRECIS_OK or PRECIS_ERR_NOMEM. */
int px_sort_terms(const char *const *terms, size_t n, size_t *order);

#endif
