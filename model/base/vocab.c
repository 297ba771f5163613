/*
 * vocab.c — the interning hash table behind vocabularies (millions of terms).
 *
 * Invariants: pool holds n NUL-terminated terms back to back; offset[n] is
 * pool_len; every id < n sits in exactly one slot; n_slots is a power of two
 * and n <= n_slots / 2, so probes stay short and always end at an empty slot.
 * Slots are found by a keyed hash (px_hash_bytes), so no input can choose
 * terms that collide; ids never depend on the hash.
 */
#include "base/vocab.h"

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "base/alloc.h"
#include "base/error.h"

#define MAX_TERMS 0xFFFFFFF0u

/* The last n < 8 bytes as one word, from at most two loads: a copy of
 * variable length would be a call to memcpy for every term. */
static uint64_t tail_bytes(const char *s, size_t n)
{
    if (n >= 4) {
        uint32_t lo, hi;
        memcpy(&lo, s, 4);
        memcpy(&hi, s + n - 4, 4); /* overlaps lo when n < 8 */
        return (uint64_t)hi << 32 | lo;
    }
    if (n == 0)
        return 0;
    const unsigned char *u = (const unsigned char *)s;
    return (uint64_t)u[0] << 16 | (uint64_t)u[n / 2] << 8 | u[n - 1];
}

/* SipHash-1-3 (one compression round per 8-byte word, three to finalize)
 * under a key drawn once per process from the kernel's random source. The
 * table probes on the hash's low bits, so an unkeyed hash let anyone who
 * can write a corpus pick terms that all land on one slot (20,000 of them
 * made training 420x slower); with the key secret, such a set cannot be
 * computed. The key never leaves the table: term ids are given in order of
 * first appearance, never by hash, so models stay byte-identical from run to
 * run. */
static uint64_t sip_key[2];
static pthread_once_t sip_once = PTHREAD_ONCE_INIT;

static void sip_key_init(void)
{
    uint64_t k[2] = {0, 0};
    size_t got = 0;
    while (got < sizeof k) {
        ssize_t n = getrandom((char *)k + got, sizeof k - got, 0);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        got += (size_t)n;
    }
    if (got < sizeof k) { /* no getrandom (old kernel): still differs per process */
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        k[0] ^= (uint64_t)ts.tv_nsec * 0x9E3779B97F4A7C15ULL ^ (uint64_t)getpid();
        k[1] ^= (uint64_t)ts.tv_sec * 0xBF58476D1CE4E5B9ULL ^ (uint64_t)(uintptr_t)&ts;
    }
    sip_key[0] = k[0];
    sip_key[1] = k[1];
}

#define ROTL(x, b) (uint64_t)(((x) << (b)) | ((x) >> (64 - (b))))
#define SIPROUND                                                   \
    do {                                                           \
        v0 += v1; v1 = ROTL(v1, 13); v1 ^= v0; v0 = ROTL(v0, 32);  \
        v2 += v3; v3 = ROTL(v3, 16); v3 ^= v2;                     \
        v0 += v3; v3 = ROTL(v3, 21); v3 ^= v0;                     \
        v2 += v1; v1 = ROTL(v1, 17); v1 ^= v2; v2 = ROTL(v2, 32);  \
    } while (0)

/* The last n < 8 bytes, little-endian, as SipHash pads them. */
static uint64_t sip_tail(const unsigned char *p, size_t n)
{
    uint64_t t = 0;
    for (size_t i = 0; i < n; i++)
        t |= (uint64_t)p[i] << (8 * i);
    return t;
}

uint32_t px_hash_bytes(const char *s, size_t n)
{
    pthread_once(&sip_once, sip_key_init);
    const unsigned char *p = (const unsigned char *)s;
    uint64_t v0 = sip_key[0] ^ 0x736f6d6570736575ULL, v1 = sip_key[1] ^ 0x646f72616e646f6dULL,
             v2 = sip_key[0] ^ 0x6c7967656e657261ULL, v3 = sip_key[1] ^ 0x7465646279746573ULL;
    uint64_t b = (uint64_t)n << 56;
    for (; n >= 8; n -= 8, p += 8) {
        uint64_t m;
        memcpy(&m, p, 8); /* the table lives in memory only: byte order does not matter */
        v3 ^= m;
        SIPROUND;
        v0 ^= m;
    }
    b |= sip_tail(p, n);
    v3 ^= b;
    SIPROUND;
    v0 ^= b;
    v2 ^= 0xff;
    SIPROUND;
    SIPROUND;
    SIPROUND;
    uint64_t h = v0 ^ v1 ^ v2 ^ v3;
    return (uint32_t)(h ^ (h >> 32));
}

static uint64_t slot_value(uint32_t hash, size_t id)
{
    return ((uint64_t)hash << 32) | (uint64_t)(id + 1);
}

/* Terms are short: compared inline, a word at a time, rather than by a
 * call to memcmp for each probe that finds the right hash. */
static int term_equals(const px_vocab *v, uint32_t id, const char *s, size_t n)
{
    if (px_vocab_term_len(v, id) != n)
        return 0;
    const char *t = v->pool + v->offset[id];
    for (; n >= 8; n -= 8, s += 8, t += 8) {
        uint64_t a, b;
        memcpy(&a, s, 8);
        memcpy(&b, t, 8);
        if (a != b)
            return 0;
    }
    return n == 0 || tail_bytes(s, n) == tail_bytes(t, n);
}

/* Rehashes into n_slots slots (a power of two, more than twice v->n). */
static int rehash(px_vocab *v, size_t n_slots)
{
    /* Zeroed by writing, not by calloc: calloc's fresh pages come mapped to
     * the shared zero page, and each first probe's read followed by a write
     * would fault twice and flush every core's TLB in between. */
    uint64_t *slots = px_malloc_array(n_slots, sizeof *slots);
    if (!slots)
        return PRECIS_ERR_NOMEM;
    memset(slots, 0, n_slots * sizeof *slots);
    size_t mask = n_slots - 1;
    for (size_t id = 0; id < v->n; id++) {
        size_t i = v->hash[id] & mask;
        while (slots[i])
            i = (i + 1) & mask;
        slots[i] = slot_value(v->hash[id], id);
    }
    px_free(v->slots);
    v->slots = slots;
    v->n_slots = n_slots;
    return PRECIS_OK;
}

static int grow_slots(px_vocab *v)
{
    return rehash(v, v->n_slots ? v->n_slots * 2 : 1024);
}

static int grow_ids_to(px_vocab *v, size_t cap)
{
    size_t *offset = px_realloc_array(v->offset, cap + 1, sizeof *offset);
    if (!offset)
        return PRECIS_ERR_NOMEM;
    v->offset = offset;
    uint32_t *hash = px_realloc_array(v->hash, cap, sizeof *hash);
    if (!hash)
        return PRECIS_ERR_NOMEM;
    v->hash = hash;
    if (v->id_cap == 0)
        v->offset[0] = 0;
    v->id_cap = cap;
    return PRECIS_OK;
}

static int grow_ids(px_vocab *v)
{
    return grow_ids_to(v, v->id_cap ? v->id_cap * 2 : 1024);
}

static int grow_pool_to(px_vocab *v, size_t cap)
{
    char *pool = px_realloc_array(v->pool, cap, 1);
    if (!pool)
        return PRECIS_ERR_NOMEM;
    v->pool = pool;
    v->pool_cap = cap;
    return PRECIS_OK;
}

int px_vocab_reserve(px_vocab *v, size_t n_terms, size_t pool_bytes)
{
    if (n_terms > MAX_TERMS || pool_bytes > SIZE_MAX / 2)
        return PRECIS_ERR_NOMEM;
    size_t n_slots = v->n_slots ? v->n_slots : 1024;
    while (n_slots < 2 * n_terms)
        n_slots *= 2;
    if (n_slots > v->n_slots && rehash(v, n_slots) != PRECIS_OK)
        return PRECIS_ERR_NOMEM;
    if (n_terms > v->id_cap && grow_ids_to(v, n_terms) != PRECIS_OK)
        return PRECIS_ERR_NOMEM;
    if (pool_bytes > v->pool_cap && grow_pool_to(v, pool_bytes) != PRECIS_OK)
        return PRECIS_ERR_NOMEM;
    return PRECIS_OK;
}

static int append_term(px_vocab *v, const char *s, size_t n)
{
    if (n > SIZE_MAX / 2 - v->pool_len)
        return PRECIS_ERR_NOMEM;
    if (v->pool_len + n + 1 > v->pool_cap) {
        size_t cap = v->pool_cap ? v->pool_cap : 4096;
        while (cap < v->pool_len + n + 1)
            cap *= 2;
        if (grow_pool_to(v, cap) != PRECIS_OK)
            return PRECIS_ERR_NOMEM;
    }
    memcpy(v->pool + v->pool_len, s, n);
    v->pool[v->pool_len + n] = '\0';
    v->pool_len += n + 1;
    return PRECIS_OK;
}

long px_vocab_find(const px_vocab *v, const char *s, size_t n)
{
    if (!v->n_slots)
        return -1;
    uint32_t h = px_hash_bytes(s, n);
    size_t mask = v->n_slots - 1;
    for (size_t i = h & mask; v->slots[i]; i = (i + 1) & mask) {
        uint64_t slot = v->slots[i];
        uint32_t id = (uint32_t)slot - 1;
        if ((uint32_t)(slot >> 32) == h && term_equals(v, id, s, n))
            return (long)id;
    }
    return -1;
}

int px_vocab_intern(px_vocab *v, const char *s, size_t n, uint32_t *out)
{
    return px_vocab_intern_hashed(v, s, n, px_hash_bytes(s, n), out);
}

int px_vocab_intern_hashed(px_vocab *v, const char *s, size_t n, uint32_t h, uint32_t *out)
{
    if (2 * (v->n + 1) > v->n_slots && grow_slots(v) != PRECIS_OK)
        return PRECIS_ERR_NOMEM;
    size_t mask = v->n_slots - 1;
    size_t i = h & mask;
    for (; v->slots[i]; i = (i + 1) & mask) {
        uint64_t slot = v->slots[i];
        uint32_t id = (uint32_t)slot - 1;
        if ((uint32_t)(slot >> 32) == h && term_equals(v, id, s, n)) {
            *out = id;
            return PRECIS_OK;
        }
    }
    if (v->n >= MAX_TERMS)
        return PRECIS_ERR_LIMIT;
    if (v->n == v->id_cap && grow_ids(v) != PRECIS_OK)
        return PRECIS_ERR_NOMEM;
    if (append_term(v, s, n) != PRECIS_OK)
        return PRECIS_ERR_NOMEM;
    v->hash[v->n] = h;
    v->offset[v->n + 1] = v->pool_len;
    v->slots[i] = slot_value(h, v->n);
    *out = (uint32_t)v->n++;
    return PRECIS_OK;
}

void px_vocab_free(px_vocab *v)
{
    px_free(v->pool);
    px_free(v->offset);
    px_free(v->hash);
    px_free(v->slots);
    memset(v, 0, sizeof *v);
}
