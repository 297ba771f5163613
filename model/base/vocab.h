/*
 * vocab.h — an interning hash table from term bytes to dense ids (private).
 */
#ifndef PRECIS_VOCAB_H
#define PRECIS_VOCAB_H

#include <stddef.h>
#include <stdint.h>

/* Terms live NUL-terminated in one pool, in id order. Slots use open
 * addressing with linear probing, at most half full; each holds the term's
 * hash in its high 32 bits and id + 1 in its low 32 (0: empty), so a probe
 * rejects other terms without touching the pool. */
typedef struct px_vocab {
    char *pool;
    size_t pool_len, pool_cap;
    size_t *offset;      /* n + 1 entries: term i is pool[offset[i] .. offset[i+1] - 1) */
    uint32_t *hash;      /* per id, so growing never rehashes strings */
    size_t n, id_cap;
    uint64_t *slots;
    size_t n_slots;      /* a power of two */
} px_vocab;

/* The id of term (len bytes), adding it if new: PRECIS_OK or PRECIS_ERR_NOMEM
 * (PRECIS_ERR_LIMIT past 2^32 - 2 terms). */
int px_vocab_intern(px_vocab *v, const char *term, size_t len, uint32_t *id);
/* The same, with hash = px_hash_bytes(term, len) already known. */
int px_vocab_intern_hashed(px_vocab *v, const char *term, size_t len, uint32_t hash, uint32_t *id);
/* Makes room for n_terms terms of pool_bytes bytes in all (NULs counted),
 * so that adding them moves nothing: PRECIS_OK or PRECIS_ERR_NOMEM. */
int px_vocab_reserve(px_vocab *v, size_t n_terms, size_t pool_bytes);
/* The table's hash of a term. */
uint32_t px_hash_bytes(const char *s, size_t n);
/* The id of term, or -1. */
long px_vocab_find(const px_vocab *v, const char *term, size_t len);
static inline const char *px_vocab_term(const px_vocab *v, size_t id) { return v->pool + v->offset[id]; }
static inline size_t px_vocab_term_len(const px_vocab *v, size_t id)
{
    return v->offset[id + 1] - v->offset[id] - 1;
}
void px_vocab_free(px_vocab *v);

#endif
