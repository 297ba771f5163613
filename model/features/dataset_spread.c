/*
 * dataset_spread.c — a labeled corpus read by several processes, each its
 * own share, vectorized as one process would vectorize it all.
 *
 * Invariants:
 *  - Shares are contiguous and in order (rank 0 reads the start of the
 *    corpus), so the rows of ranks 0, 1, ... concatenated are the rows one
 *    process would make, in the same order.
 *  - Labels and the vocabulary are agreed from every process's own counts,
 *    gathered whole to every process: the labels are the union sorted by
 *    code point; df and corpus frequencies are exact integer sums, from
 *    which min-df, max-df, max-features and idf follow as for one process.
 *  - Only bytes travel (base/comm.c).
 */
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/comm.h"
#include "base/error.h"
#include "base/vocab.h"
#include "features/shards.h"
#include "features/vectorizer.h"
#include "precis.h"

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The local labels (first-seen ids in y) as the global sorted ones. */
static int agree_labels(precis_dataset *d, const px_vocab *seen, size_t n_docs,
                        const precis_comm *c, precis_error *err)
{
    size_t len = seen->n ? seen->offset[seen->n] : 0;
    char *all = NULL;
    size_t *lens = NULL;
    if (px_comm_allgatherv(c, seen->pool, len, &all, &lens) != 0)
        return px_error(err, PRECIS_ERR_IO, "the processes lost touch agreeing on the labels");
    size_t total = 0;
    for (int r = 0; r < c->size; r++)
        total += lens[r];
    px_vocab names = {0};
    uint32_t id;
    int rc = PRECIS_OK;
    for (size_t at = 0; rc == PRECIS_OK && at < total; at += strlen(all + at) + 1)
        rc = px_vocab_intern(&names, all + at, strlen(all + at), &id);
    size_t K = names.n;
    char **sorted = rc == PRECIS_OK ? px_calloc(K ? K : 1, sizeof *sorted) : NULL;
    uint32_t *map = rc == PRECIS_OK ? px_malloc_array(seen->n + 1, sizeof *map) : NULL;
    if (!sorted || !map)
        rc = PRECIS_ERR_NOMEM;
    for (size_t k = 0; rc == PRECIS_OK && k < K; k++)
        sorted[k] = (char *)px_vocab_term(&names, k);
    if (rc == PRECIS_OK && K)
        qsort(sorted, K, sizeof *sorted, by_name);
    d->labels = rc == PRECIS_OK ? px_calloc(K ? K : 1, sizeof *d->labels) : NULL;
    if (rc == PRECIS_OK && !d->labels)
        rc = PRECIS_ERR_NOMEM;
    for (size_t k = 0; rc == PRECIS_OK && k < K; k++) {
        if (!(d->labels[k] = px_strdup(sorted[k])))
            rc = PRECIS_ERR_NOMEM;
        d->n_labels = k + 1;
    }
    for (size_t s = 0; rc == PRECIS_OK && s < seen->n; s++) {
        const char *name = px_vocab_term(seen, s);
        char **at = bsearch(&name, sorted, K, sizeof *sorted, by_name);
        map[s] = (uint32_t)(at - sorted);
    }
    for (size_t i = 0; rc == PRECIS_OK && i < n_docs; i++)
        d->y[i] = map[d->y[i]];
    px_free(sorted);
    px_free(map);
    px_vocab_free(&names);
    px_free(all);
    px_free(lens);
    return rc == PRECIS_OK ? PRECIS_OK : px_error(err, rc, "out of memory");
}

/* The vectorizer from every process's term statistics; d->X this one's rows. */
static int agree_vocabulary(precis_dataset *d, precis_vectorizer **v,
                            precis_vectorizer_builder *b, uint64_t n_total,
                            const precis_comm *c, precis_error *err)
{
    char *mine = NULL, *all = NULL;
    size_t len = 0, *lens = NULL;
    if (px_vectorizer_builder_stats(b, &mine, &len) != PRECIS_OK)
        return px_error(err, PRECIS_ERR_NOMEM, "out of memory");
    int bad = px_comm_allgatherv(c, mine, len, &all, &lens) != 0;
    px_free(mine);
    if (bad)
        return px_error(err, PRECIS_ERR_IO, "the processes lost touch agreeing on the terms");
    size_t total = 0;
    for (int r = 0; r < c->size; r++)
        total += lens[r];
    int rc = px_vectorizer_builder_finish_spread(b, all, total, (size_t)n_total, v, &d->X, err);
    px_free(all);
    px_free(lens);
    return rc;
}

static int read_share(precis_dataset *d, precis_vectorizer_builder **b, px_vocab *labels,
                      px_read_result *got, const char *path, const precis_reader_options *ro,
                      const precis_feature_options *features, precis_error *err)
{
    precis_reader *r = NULL;
    int rc = precis_reader_open(&r, path, ro, err);
    if (rc == PRECIS_OK)
        rc = precis_vectorizer_builder_new(b, features, err);
    if (rc == PRECIS_OK)
        rc = px_read_sharded(r, ro, *b, labels, (size_t)ro->n_threads, got, err);
    if (rc == PRECIS_OK) {
        d->y = got->y;
        got->y = NULL;
        d->skipped = precis_reader_skipped(r);
    }
    precis_reader_free(r);
    return rc;
}

int precis_dataset_fit_comm(precis_dataset **out, precis_vectorizer **vectorizer,
                            size_t *n_total, const char *path,
                            const precis_reader_options *reader,
                            const precis_feature_options *features, const precis_comm *comm,
                            precis_error *err)
{
    *out = NULL;
    *vectorizer = NULL;
    *n_total = 0;
    if (comm->size <= 1) {
        int rc = precis_dataset_fit(out, vectorizer, path, reader, features, err);
        if (rc == PRECIS_OK)
            *n_total = (*out)->X.n_rows;
        return rc;
    }
    precis_reader_options ro;
    if (reader)
        ro = *reader;
    else
        precis_reader_options_default(&ro);
    ro.share = (unsigned)comm->rank;
    ro.n_shares = (unsigned)comm->size;
    precis_dataset *d = px_calloc(1, sizeof *d);
    if (!d)
        return px_error(err, PRECIS_ERR_NOMEM, "out of memory");
    precis_vectorizer_builder *b = NULL;
    px_vocab labels = {0};
    px_read_result got = {0};
    int rc = read_share(d, &b, &labels, &got, path, &ro, features, err);
    uint64_t count[2] = {got.n, d->skipped};
    if (rc == PRECIS_OK && px_comm_sum_u64(comm, count, 2) != 0)
        rc = px_error(err, PRECIS_ERR_IO, "the processes lost touch counting documents");
    if (rc == PRECIS_OK && count[0] == 0)
        rc = px_error(err, PRECIS_ERR_EMPTY, "%s: no documents could be read", path);
    if (rc == PRECIS_OK)
        rc = agree_labels(d, &labels, got.n, comm, err);
    if (rc == PRECIS_OK)
        rc = agree_vocabulary(d, vectorizer, b, count[0], comm, err);
    px_read_result_free(&got);
    px_vocab_free(&labels);
    precis_vectorizer_builder_free(b);
    if (rc != PRECIS_OK) {
        precis_vectorizer_free(*vectorizer);
        *vectorizer = NULL;
        precis_dataset_free(d);
        return rc;
    }
    *n_total = (size_t)count[0];
    d->skipped = (size_t)count[1]; /* over every share, as one process counts them */
    *out = d;
    return PRECIS_OK;
}
