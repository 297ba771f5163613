/*
 * prefetch.h — reading and tokenizing a corpus ahead of its consumer (private).
 */
#ifndef PRECIS_PREFETCH_H
#define PRECIS_PREFETCH_H

#include "precis.h"
#include "text.h"

/* One record, read and turned into its distinct terms with their counts. */
typedef struct px_tokenized {
    px_buf label;        /* decoded label ("" when the record has none) */
    px_buf terms;        /* the distinct terms back to back, no separators */
    uint32_t *lens;      /* n term lengths */
    uint32_t *hashes;    /* n px_hash_bytes values */
    uint32_t *counts;    /* n occurrence counts */
    size_t *offsets;     /* n starts in terms */
    size_t *where;       /* n slots of the table holding each term */
    size_t n, cap;
    uint32_t *table;     /* open addressing: term index + 1, 0 empty */
    size_t table_size;   /* a power of two, at least 2 * n */
} px_tokenized;

typedef struct px_prefetch px_prefetch;

/* Starts a worker thread that reads r and tokenizes each record with opt.
 * The reader's warn callback is then called from that thread (never
 * concurrently with itself). PRECIS_ERR_NOMEM, or PRECIS_ERR_IO when no
 * thread can be started. */
int px_prefetch_start(px_prefetch **out, precis_reader *r, const precis_feature_options *opt,
                      precis_error *err);
/* 1: *rec holds the next record (valid until the next call); 0: end;
 * <0: -(status) with err filled. */
int px_prefetch_next(px_prefetch *p, const px_tokenized **rec, precis_error *err);
/* Stops the worker (even mid-corpus) and frees everything. */
void px_prefetch_free(px_prefetch *p);

#endif
