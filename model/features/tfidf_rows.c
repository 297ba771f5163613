/*
 * tfidf_rows.c — assembling the TF-IDF matrix from counted documents, in
 * parallel over documents.
 *
 * Each document's (term id, count) pairs are mapped to final columns (pruned
 * terms dropped), put in column order by a radix sort (linear in the row,
 * whatever the input), weighed tf * idf and scaled to unit L2 norm. Rows are
 * independent and each is computed by one thread with the same arithmetic
 * whatever the thread count, so the matrix is bit-identical for any number
 * of threads. Two passes: the first counts each row's surviving entries (so
 * the row offsets are known), the second fills the rows in place.
 */
#include "features/tfidf_rows.h"

#include <math.h>
#include <stdatomic.h>
#include <string.h>

#include "base/alloc.h"
#include "base/error.h"
#include "base/sort.h"
#include "features/sparse.h"
#include "base/pool.h"

/* Documents per chunk of work: large enough that taking a chunk costs
 * nothing next to it, small enough to balance two to many threads. */
#define DOCS_PER_CHUNK 256

typedef struct rows_job {
    const px_row_source *src;
    const px_doc_place *place;   /* NULL: document d is row d of src[0] */
    size_t n_docs;
    const double *idf;
    int sublinear;
    unsigned col_bits;
    size_t *row_len;             /* pass 1's result: n_docs + 1 */
    precis_csr *X;
    uint64_t **scratch;          /* one per worker, 2 * longest row */
} rows_job;

typedef struct row_view {
    const uint32_t *ids, *counts, *col;
    size_t n;
} row_view;

static row_view row_of(const rows_job *job, size_t d)
{
    size_t s = job->place ? job->place[d].shard : 0;
    size_t r = job->place ? job->place[d].row : d;
    const px_row_source *src = &job->src[s];
    size_t from = src->row_ptr[r];
    return (row_view){src->ids + from, src->counts + from, src->col, src->row_ptr[r + 1] - from};
}

/* Most counts are 1, whose weight needs no logarithm (ln 1 is exactly 0). */
static double tf_weight(int sublinear, double count)
{
    if (!sublinear)
        return count;
    return count == 1.0 ? 1.0 : 1.0 + log(count);
}

void px_tfidf_weigh(const double *idf, int sublinear, const uint32_t *col, double *val, size_t n)
{
    double norm = 0;
    for (size_t k = 0; k < n; k++) {
        val[k] = tf_weight(sublinear, val[k]) * idf[col[k]];
        norm += val[k] * val[k];
    }
    norm = sqrt(norm);
    for (size_t k = 0; k < n; k++)
        val[k] = norm > 0 ? val[k] / norm : 0.0;
}

static void count_rows(void *ctx, size_t chunk, int worker)
{
    (void)worker;
    rows_job *job = ctx;
    size_t end = (chunk + 1) * DOCS_PER_CHUNK;
    for (size_t d = chunk * DOCS_PER_CHUNK; d < end && d < job->n_docs; d++) {
        row_view r = row_of(job, d);
        size_t kept = 0;
        for (size_t k = 0; k < r.n; k++)
            kept += r.col[r.ids[k]] != UINT32_MAX;
        job->row_len[d + 1] = kept;
    }
}

/* Row d, in column order, weighed and normalized, into its place in X. Each
 * entry is sorted as one word: column above, count below. */
static void fill_row(rows_job *job, size_t d, uint64_t *tmp)
{
    row_view r = row_of(job, d);
    size_t m = 0;
    for (size_t k = 0; k < r.n; k++) {
        uint32_t c = r.col[r.ids[k]];
        if (c != UINT32_MAX)
            tmp[m++] = (uint64_t)c << 32 | r.counts[k];
    }
    px_sort_u64(tmp, tmp + m, m, 32, 32 + job->col_bits);
    uint32_t *col = job->X->col + job->X->row_ptr[d];
    double *val = job->X->val + job->X->row_ptr[d];
    for (size_t k = 0; k < m; k++) {
        col[k] = (uint32_t)(tmp[k] >> 32);
        val[k] = (double)(uint32_t)tmp[k];
    }
    px_tfidf_weigh(job->idf, job->sublinear, col, val, m);
}

static void fill_rows(void *ctx, size_t chunk, int worker)
{
    rows_job *job = ctx;
    size_t end = (chunk + 1) * DOCS_PER_CHUNK;
    for (size_t d = chunk * DOCS_PER_CHUNK; d < end && d < job->n_docs; d++)
        fill_row(job, d, job->scratch[worker]);
}

static void free_scratch(rows_job *job, int n)
{
    for (int w = 0; job->scratch && w < n; w++)
        px_free(job->scratch[w]);
    px_free(job->scratch);
}

/* Row offsets from pass 1's lengths, X allocated, scratch for the longest row. */
static int prepare_fill(rows_job *job, size_t n_cols, int workers)
{
    size_t longest = 0;
    job->row_len[0] = 0;
    for (size_t d = 0; d < job->n_docs; d++) {
        if (job->row_len[d + 1] > longest)
            longest = job->row_len[d + 1];
        job->row_len[d + 1] += job->row_len[d];
    }
    if (px_csr_alloc(job->X, job->n_docs, n_cols, job->row_len[job->n_docs]) != PRECIS_OK)
        return PRECIS_ERR_NOMEM;
    memcpy(job->X->row_ptr, job->row_len, (job->n_docs + 1) * sizeof *job->row_len);
    job->scratch = px_calloc((size_t)workers, sizeof *job->scratch);
    if (!job->scratch)
        return PRECIS_ERR_NOMEM;
    for (int w = 0; w < workers; w++)
        if (!(job->scratch[w] = px_malloc_array(2 * longest + 2, sizeof **job->scratch)))
            return PRECIS_ERR_NOMEM;
    return PRECIS_OK;
}

int px_tfidf_rows(const px_row_source *src, const px_doc_place *place, size_t n_docs,
                  size_t n_cols, const double *idf, int sublinear, int n_threads, precis_csr *X)
{
    memset(X, 0, sizeof *X);
    rows_job job = {.src = src, .place = place, .n_docs = n_docs, .idf = idf,
                    .sublinear = sublinear, .col_bits = px_bits_for(n_cols ? n_cols - 1 : 0),
                    .X = X};
    px_pool *pool = NULL;
    job.row_len = px_malloc_array(n_docs + 1, sizeof *job.row_len);
    int rc = job.row_len ? px_pool_new(&pool, n_threads) : PRECIS_ERR_NOMEM;
    size_t n_chunks = (n_docs + DOCS_PER_CHUNK - 1) / DOCS_PER_CHUNK;
    int workers = pool ? px_pool_workers(pool) : 0;
    if (rc == PRECIS_OK)
        px_pool_run(pool, n_chunks, count_rows, &job);
    if (rc == PRECIS_OK)
        rc = prepare_fill(&job, n_cols, workers);
    if (rc == PRECIS_OK)
        px_pool_run(pool, n_chunks, fill_rows, &job);
    free_scratch(&job, workers);
    px_pool_free(pool);
    px_free(job.row_len);
    if (rc != PRECIS_OK)
        precis_csr_free(X);
    return rc;
}
