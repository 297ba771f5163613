/*
 * shards.h — reading a labeled corpus with several threads (private).
 */
#ifndef PRECIS_SHARDS_H
#define PRECIS_SHARDS_H

#include "precis.h"
#include "base/vocab.h"

/* What reading gave, besides the counts (which go to the builder). */
typedef struct px_read_result {
    uint32_t *y;        /* label id of each document, in reader order */
    size_t n;           /* documents read */
    uint64_t *hash;     /* per document with terms: its row hash (duplicates) */
    size_t n_hash;
    size_t no_terms;    /* documents that gave no term */
} px_read_result;

/* Reads every record of r into the empty builder b (documents in reader
 * order, as if added one by one), interning labels into `labels` in reader
 * order. n_threads 0: one per core. The result is the same whatever the
 * number of threads. On failure *res is freed and zeroed. */
int px_read_sharded(precis_reader *r, const precis_reader_options *ro,
                    precis_vectorizer_builder *b, px_vocab *labels, size_t n_threads,
                    px_read_result *res, precis_error *err);
void px_read_result_free(px_read_result *res);

#endif
