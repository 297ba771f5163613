/*
 * prefetch.c — a worker thread that reads and tokenizes records while the
 * caller counts terms: reading files and tokenizing are about half of
 * vectorizing, so on two or more cores they overlap with the rest.
 *
 * The worker also merges repeated terms of a document (with their counts),
 * so the counting thread, the busier one, interns each term once per
 * document rather than once per occurrence.
 *
 * A ring of SLOTS records between one producer (the worker) and one
 * consumer. Invariants, under the mutex: tail <= head <= tail + SLOTS;
 * slots [tail, head) are filled; the consumer owns slot tail while `holding`;
 * the producer alone writes slot head before publishing it by head++. The
 * last slot published carries the end (status 0) or the failure (< 0), and
 * the producer stops after it. Records come out in reader order, so the
 * result is the same as reading in one thread.
 */
#include "prefetch.h"

#include <pthread.h>
#include <string.h>

#include "alloc.h"
#include "error.h"
#include "terms.h"
#include "vocab.h"

#define SLOTS 64
/* Wake the other side only once this many slots are ready for it: waking
 * it for every record costs more in context switches than the record. */
#define BATCH 16

typedef struct slot {
    px_tokenized rec;
    int status;          /* 1 record, 0 end, < 0 failure */
    precis_error err;
} slot;

struct px_prefetch {
    precis_reader *reader;
    precis_feature_options opt;
    px_term_scratch scratch;  /* the worker's */
    slot slots[SLOTS];
    size_t head, tail;
    int holding, stop;
    pthread_mutex_t lock;
    pthread_cond_t not_full, not_empty;
    pthread_t worker;
};

static int grow_terms(px_tokenized *t)
{
    size_t cap = t->cap ? 2 * t->cap : 1024;
    uint32_t *lens = px_realloc_array(t->lens, cap, sizeof *lens);
    if (lens)
        t->lens = lens;
    uint32_t *hashes = px_realloc_array(t->hashes, cap, sizeof *hashes);
    if (hashes)
        t->hashes = hashes;
    uint32_t *counts = px_realloc_array(t->counts, cap, sizeof *counts);
    if (counts)
        t->counts = counts;
    size_t *offsets = px_realloc_array(t->offsets, cap, sizeof *offsets);
    if (offsets)
        t->offsets = offsets;
    size_t *where = px_realloc_array(t->where, cap, sizeof *where);
    if (where)
        t->where = where;
    if (!lens || !hashes || !counts || !offsets || !where)
        return PRECIS_ERR_NOMEM;
    t->cap = cap;
    return PRECIS_OK;
}

/* Keeps the table at most half full: rebuilt from the terms when it grows. */
static int grow_table(px_tokenized *t)
{
    size_t size = t->table_size ? 2 * t->table_size : 1024;
    uint32_t *table = px_calloc(size, sizeof *table);
    if (!table)
        return PRECIS_ERR_NOMEM;
    for (size_t i = 0; i < t->n; i++) {
        size_t at = t->hashes[i] & (size - 1);
        while (table[at])
            at = (at + 1) & (size - 1);
        table[at] = (uint32_t)i + 1;
        t->where[i] = at;
    }
    px_free(t->table);
    t->table = table;
    t->table_size = size;
    return PRECIS_OK;
}

/* Empties the table for the next document: slot by slot when it holds few
 * terms for its size (one long document made it big), else all at once. */
static void clear_table(px_tokenized *t)
{
    if (t->n * 8 < t->table_size) {
        for (size_t i = 0; i < t->n; i++)
            t->table[t->where[i]] = 0;
    } else if (t->table) {
        memset(t->table, 0, t->table_size * sizeof *t->table);
    }
    t->n = 0;
}

static int collect_term(void *ctx, const char *term, size_t len)
{
    px_tokenized *t = ctx;
    uint32_t h = px_hash_bytes(term, len);
    if (2 * (t->n + 1) > t->table_size && grow_table(t) != PRECIS_OK)
        return PRECIS_ERR_NOMEM;
    size_t mask = t->table_size - 1, at = h & mask;
    for (; t->table[at]; at = (at + 1) & mask) {
        size_t i = t->table[at] - 1;
        if (t->hashes[i] == h && t->lens[i] == len &&
            memcmp(t->terms.data + t->offsets[i], term, len) == 0) {
            t->counts[i]++;
            return PRECIS_OK;
        }
    }
    if (t->n == t->cap && grow_terms(t) != PRECIS_OK)
        return PRECIS_ERR_NOMEM;
    if (len > UINT32_MAX || t->n >= UINT32_MAX - 1)
        return PRECIS_ERR_NOMEM;
    size_t offset = t->terms.len;
    if (px_buf_append(&t->terms, term, len) != PRECIS_OK)
        return PRECIS_ERR_NOMEM;
    t->lens[t->n] = (uint32_t)len;
    t->hashes[t->n] = h;
    t->counts[t->n] = 1;
    t->offsets[t->n] = offset;
    t->where[t->n] = at;
    t->table[at] = (uint32_t)t->n + 1;
    t->n++;
    return PRECIS_OK;
}

/* Reads and tokenizes one record into s. */
static void fill(px_prefetch *p, slot *s)
{
    precis_document doc;
    px_tokenized *t = &s->rec;
    t->label.len = t->terms.len = 0;
    clear_table(t);
    s->status = precis_reader_next(p->reader, &doc, &s->err);
    if (s->status != 1)
        return;
    const char *label = doc.label ? doc.label : "";
    int rc = px_decode(label, strlen(label), &t->label);
    if (rc == PRECIS_OK)
        rc = px_buf_reserve(&t->label, 0);
    if (rc == PRECIS_OK)
        rc = px_document_terms(&p->opt, doc.text, doc.text_len, &p->scratch, collect_term, t);
    if (rc != PRECIS_OK)
        s->status = -px_error(&s->err, PRECIS_ERR_NOMEM, "out of memory reading %s", doc.source);
}

static void *produce(void *arg)
{
    px_prefetch *p = arg;
    for (;;) {
        pthread_mutex_lock(&p->lock);
        while (p->head - p->tail == SLOTS && !p->stop)
            pthread_cond_wait(&p->not_full, &p->lock);
        int stop = p->stop;
        pthread_mutex_unlock(&p->lock);
        if (stop)
            return NULL;
        slot *s = &p->slots[p->head % SLOTS];
        fill(p, s);
        pthread_mutex_lock(&p->lock);
        p->head++;
        if (p->head - p->tail >= BATCH || s->status != 1)
            pthread_cond_signal(&p->not_empty);
        pthread_mutex_unlock(&p->lock);
        if (s->status != 1)
            return NULL;
    }
}

int px_prefetch_start(px_prefetch **out, precis_reader *r, const precis_feature_options *opt,
                      precis_error *err)
{
    *out = NULL;
    px_prefetch *p = px_calloc(1, sizeof *p);
    if (!p)
        return px_error(err, PRECIS_ERR_NOMEM, "out of memory");
    p->reader = r;
    p->opt = *opt;
    pthread_mutex_init(&p->lock, NULL);
    pthread_cond_init(&p->not_full, NULL);
    pthread_cond_init(&p->not_empty, NULL);
    if (pthread_create(&p->worker, NULL, produce, p) != 0) {
        pthread_mutex_destroy(&p->lock);
        pthread_cond_destroy(&p->not_full);
        pthread_cond_destroy(&p->not_empty);
        px_free(p);
        return px_error(err, PRECIS_ERR_IO, "cannot start a reading thread");
    }
    *out = p;
    return PRECIS_OK;
}

int px_prefetch_next(px_prefetch *p, const px_tokenized **rec, precis_error *err)
{
    pthread_mutex_lock(&p->lock);
    if (p->holding && p->slots[p->tail % SLOTS].status == 1) {
        p->tail++;
        p->holding = 0;
        if (p->head - p->tail <= SLOTS - BATCH)
            pthread_cond_signal(&p->not_full);
    }
    while (p->head == p->tail)
        pthread_cond_wait(&p->not_empty, &p->lock);
    slot *s = &p->slots[p->tail % SLOTS];
    p->holding = 1;
    pthread_mutex_unlock(&p->lock);
    if (s->status < 0 && err)
        *err = s->err;
    *rec = &s->rec;
    return s->status;
}

void px_prefetch_free(px_prefetch *p)
{
    if (!p)
        return;
    pthread_mutex_lock(&p->lock);
    p->stop = 1;
    pthread_cond_broadcast(&p->not_full);
    pthread_mutex_unlock(&p->lock);
    pthread_join(p->worker, NULL);
    for (size_t i = 0; i < SLOTS; i++) {
        px_buf_free(&p->slots[i].rec.label);
        px_buf_free(&p->slots[i].rec.terms);
        px_free(p->slots[i].rec.lens);
        px_free(p->slots[i].rec.hashes);
        px_free(p->slots[i].rec.counts);
        px_free(p->slots[i].rec.offsets);
        px_free(p->slots[i].rec.where);
        px_free(p->slots[i].rec.table);
    }
    px_term_scratch_free(&p->scratch);
    pthread_mutex_destroy(&p->lock);
    pthread_cond_destroy(&p->not_full);
    pthread_cond_destroy(&p->not_empty);
    px_free(p);
}
