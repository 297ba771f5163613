/*
 * sparse_ops.c — the sparse products that the logistic regression solver
 * spends its time in, run in chunks on base/pool.
 *
 * Invariants:
 *  - Each output element is written by exactly one chunk, in a fixed order,
 *    and chunk boundaries come from the data: every result is bit-identical
 *    for any number of threads.
 *  - Nothing here allocates after setup: products cannot fail.
 */
#include "classify/sparse_ops.h"

#include <string.h>

#include "base/alloc.h"

/* ---------------------------------------------------------------- transpose */

int px_csc_from_csr(px_csc *out, const precis_csr *X)
{
    memset(out, 0, sizeof *out);
    size_t n = X->n_rows, d = X->n_cols, nnz = X->row_ptr[n];
    if (n > UINT32_MAX)
        return PRECIS_ERR_LIMIT;
    out->col_ptr = px_calloc(d + 2, sizeof *out->col_ptr);
    out->row = px_malloc_array(nnz, sizeof *out->row);
    out->val = px_malloc_array(nnz, sizeof *out->val);
    if (!out->col_ptr || !out->row || !out->val) {
        px_csc_free(out);
        return PRECIS_ERR_NOMEM;
    }
    out->n_rows = n;
    out->n_cols = d;
    /* Counting sort by column; rows are visited in order, so each column's
     * entries come out sorted by row. col_ptr[j + 1] first counts column j,
     * then, summed, is column j + 1's start, which filling advances. */
    for (size_t p = 0; p < nnz; p++)
        out->col_ptr[X->col[p] + 1]++;
    for (size_t j = 0; j < d; j++)
        out->col_ptr[j + 1] += out->col_ptr[j];
    for (size_t i = 0; i < n; i++) {
        for (size_t p = X->row_ptr[i]; p < X->row_ptr[i + 1]; p++) {
            size_t q = out->col_ptr[X->col[p]]++;
            out->row[q] = (uint32_t)i;
            out->val[q] = X->val[p];
        }
    }
    /* Filling advanced each column's start to the next one's: shift back. */
    for (size_t j = d; j > 0; j--)
        out->col_ptr[j] = out->col_ptr[j - 1];
    out->col_ptr[0] = 0;
    out->col_ptr[d + 1] = nnz; /* the intercept: no entries */
    return PRECIS_OK;
}

void px_csc_free(px_csc *m)
{
    if (!m)
        return;
    px_free(m->col_ptr);
    px_free(m->row);
    px_free(m->val);
    memset(m, 0, sizeof *m);
}

/* ---------------------------------------------------------------- X * A */

typedef struct rows_job {
    const precis_csr *X;
    const px_chunks *rows;
    const double *A, *bias;
    size_t K;
    double *Z;
} rows_job;

/* Nonzeros ahead whose rows of A the first block fetches early. */
#define PREFETCH_AHEAD 16

/* One row of X times columns [k0, k0 + W) of A, added to z. The W sums stay
 * in registers across the row's nonzeros, in two interleaved sets (even and
 * odd nonzeros) so that consecutive additions do not wait on each other;
 * the sets are added at the end. W is a constant in each instance, so the
 * loops unroll. The order of every sum depends only on the row. */
#define DEFINE_ROW_BLOCK(W)                                                                   \
    static inline void row_block_##W(double *restrict z, const double *restrict A, size_t K,  \
                                     const uint32_t *col, const double *val, size_t p0,       \
                                     size_t p1, int prefetch)                                 \
    {                                                                                         \
        double even[W], odd[W];                                                               \
        for (int k = 0; k < W; k++) {                                                         \
            even[k] = z[k];                                                                   \
            odd[k] = 0.0;                                                                     \
        }                                                                                     \
        size_t p = p0;                                                                        \
        for (; p + 1 < p1; p += 2) {                                                          \
            if (prefetch && p + PREFETCH_AHEAD + 1 < p1) {                                    \
                __builtin_prefetch(A + (size_t)col[p + PREFETCH_AHEAD] * K);                  \
                __builtin_prefetch(A + (size_t)col[p + PREFETCH_AHEAD] * K + K - 1);          \
                __builtin_prefetch(A + (size_t)col[p + PREFETCH_AHEAD + 1] * K);              \
                __builtin_prefetch(A + (size_t)col[p + PREFETCH_AHEAD + 1] * K + K - 1);      \
            }                                                                                 \
            const double *restrict a0 = A + (size_t)col[p] * K;                               \
            const double *restrict a1 = A + (size_t)col[p + 1] * K;                           \
            const double v0 = val[p], v1 = val[p + 1];                                        \
            for (int k = 0; k < W; k++) {                                                     \
                even[k] += v0 * a0[k];                                                        \
                odd[k] += v1 * a1[k];                                                         \
            }                                                                                 \
        }                                                                                     \
        if (p < p1) {                                                                         \
            const double *restrict a0 = A + (size_t)col[p] * K;                               \
            for (int k = 0; k < W; k++)                                                       \
                even[k] += val[p] * a0[k];                                                    \
        }                                                                                     \
        for (int k = 0; k < W; k++)                                                           \
            z[k] = even[k] + odd[k];                                                          \
    }
DEFINE_ROW_BLOCK(16)
DEFINE_ROW_BLOCK(8)
DEFINE_ROW_BLOCK(4)
DEFINE_ROW_BLOCK(2)
DEFINE_ROW_BLOCK(1)

PX_VECTOR_CLONES
static void rows_range(const rows_job *job, size_t first, size_t last)
{
    const size_t K = job->K;
    const size_t *row_ptr = job->X->row_ptr;
    const uint32_t *col = job->X->col;
    const double *val = job->X->val;
    for (size_t i = first; i < last; i++) {
        double *z = job->Z + i * K;
        if (job->bias)
            memcpy(z, job->bias, K * sizeof *z);
        else
            memset(z, 0, K * sizeof *z);
        const size_t p0 = row_ptr[i], p1 = row_ptr[i + 1];
        size_t k = 0;
        for (; k + 16 <= K; k += 16)
            row_block_16(z + k, job->A + k, K, col, val, p0, p1, k == 0);
        if (k + 8 <= K) {
            row_block_8(z + k, job->A + k, K, col, val, p0, p1, k == 0);
            k += 8;
        }
        if (k + 4 <= K) {
            row_block_4(z + k, job->A + k, K, col, val, p0, p1, k == 0);
            k += 4;
        }
        if (k + 2 <= K) {
            row_block_2(z + k, job->A + k, K, col, val, p0, p1, k == 0);
            k += 2;
        }
        if (k < K)
            row_block_1(z + k, job->A + k, K, col, val, p0, p1, k == 0);
    }
}

static void rows_chunk(void *ctx, size_t chunk, int worker)
{
    (void)worker;
    const rows_job *job = ctx;
    rows_range(job, job->rows->start[chunk], job->rows->start[chunk + 1]);
}

void px_spmm_rows(px_pool *pool, const precis_csr *X, const px_chunks *rows, const double *A,
                  const double *bias, size_t K, double *Z)
{
    rows_job job = {X, rows, A, bias, K, Z};
    px_pool_run(pool, rows->n_chunks, rows_chunk, &job);
}

/* ---------------------------------------------------------------- X^T * R */

typedef struct cols_job {
    const px_csc *Xt;
    const px_chunks *cols;
    const double *R, *D, *ones_R, *ones_D;
    size_t K;
    double *scratch;
    px_column_fn fn;
    void *ctx;
} cols_job;

/* Column j of [X | 1] against columns [k0, k0 + W) of R (and of D, with
 * squared values): as row_block, sums stay in registers, in entry order. */
#define DEFINE_COL_BLOCK(W)                                                                   \
    static inline void col_block_##W(double *restrict acc, double *restrict acc2,             \
                                     const double *restrict R, const double *restrict D,      \
                                     size_t K, const uint32_t *row, const double *val,        \
                                     size_t p0, size_t p1, int carry)                         \
    {                                                                                         \
        double s[W], s2[W];                                                                   \
        for (int k = 0; k < W; k++) {                                                         \
            s[k] = carry ? acc[k] : 0.0;                                                      \
            s2[k] = carry && D ? acc2[k] : 0.0;                                               \
        }                                                                                     \
        if (D) {                                                                              \
            for (size_t p = p0; p < p1; p++) {                                                \
                const double *restrict r = R + (size_t)row[p] * K;                            \
                const double *restrict dd = D + (size_t)row[p] * K;                           \
                const double v = val[p], v2 = v * v;                                          \
                for (int k = 0; k < W; k++) {                                                 \
                    s[k] += v * r[k];                                                         \
                    s2[k] += v2 * dd[k];                                                      \
                }                                                                             \
            }                                                                                 \
        } else {                                                                              \
            for (size_t p = p0; p < p1; p++) {                                                \
                const double *restrict r = R + (size_t)row[p] * K;                            \
                const double v = val[p];                                                      \
                for (int k = 0; k < W; k++)                                                   \
                    s[k] += v * r[k];                                                         \
            }                                                                                 \
        }                                                                                     \
        for (int k = 0; k < W; k++) {                                                         \
            acc[k] = s[k];                                                                    \
            if (D) /* without D, acc2 may be acc itself */                                \
                acc2[k] = s2[k];                                                              \
        }                                                                                     \
    }
DEFINE_COL_BLOCK(16)
DEFINE_COL_BLOCK(8)
DEFINE_COL_BLOCK(4)
DEFINE_COL_BLOCK(2)
DEFINE_COL_BLOCK(1)

/* Column j's sums into acc (and acc2), continuing from what they hold when
 * carry is set: the same additions, in the same order, as one pass over all
 * the rows would make. */
PX_VECTOR_CLONES
static void column_sums(const cols_job *job, size_t j, double *acc, double *acc2, int carry)
{
    const size_t K = job->K;
    const size_t *col_ptr = job->Xt->col_ptr;
    const uint32_t *row = job->Xt->row;
    const double *val = job->Xt->val;
    const double *R = job->R, *D = job->D;
    const size_t p0 = col_ptr[j], p1 = col_ptr[j + 1];
    size_t k = 0;
    for (; k + 16 <= K; k += 16)
        col_block_16(acc + k, acc2 + k, R + k, D ? D + k : NULL, K, row, val, p0, p1, carry);
    if (k + 8 <= K) {
        col_block_8(acc + k, acc2 + k, R + k, D ? D + k : NULL, K, row, val, p0, p1, carry);
        k += 8;
    }
    if (k + 4 <= K) {
        col_block_4(acc + k, acc2 + k, R + k, D ? D + k : NULL, K, row, val, p0, p1, carry);
        k += 4;
    }
    if (k + 2 <= K) {
        col_block_2(acc + k, acc2 + k, R + k, D ? D + k : NULL, K, row, val, p0, p1, carry);
        k += 2;
    }
    if (k < K)
        col_block_1(acc + k, acc2 + k, R + k, D ? D + k : NULL, K, row, val, p0, p1, carry);
}

static void cols_range(const cols_job *job, size_t chunk, double *acc, double *acc2)
{
    for (size_t j = job->cols->start[chunk]; j < job->cols->start[chunk + 1]; j++) {
        if (j == job->Xt->n_cols) {
            job->fn(job->ctx, chunk, j, job->ones_R, job->D ? job->ones_D : NULL);
            continue;
        }
        column_sums(job, j, acc, acc2, 0);
        job->fn(job->ctx, chunk, j, acc, job->D ? acc2 : NULL);
    }
}

static void cols_chunk(void *ctx, size_t chunk, int worker)
{
    const cols_job *job = ctx;
    double *acc = job->scratch + (size_t)worker * 2 * job->K;
    cols_range(job, chunk, acc, acc + job->K);
}

/* ---------------------------------------------------------------- X^T * R, carried */

typedef struct carry_job {
    cols_job cols;
    size_t first;         /* chunk index of the block's first chunk */
    size_t base;          /* the block's first column */
    double *acc, *acc2;   /* the block's columns x K running sums */
    int zero;             /* start the sums at 0 (the first process) */
} carry_job;

static void carry_chunk(void *ctx, size_t c, int worker)
{
    (void)worker;
    const carry_job *job = ctx;
    const cols_job *cj = &job->cols;
    const size_t K = cj->K, chunk = job->first + c;
    for (size_t j = cj->cols->start[chunk]; j < cj->cols->start[chunk + 1]; j++) {
        double *acc = job->acc + (j - job->base) * K;
        double *acc2 = cj->D ? job->acc2 + (j - job->base) * K : acc;
        if (j == cj->Xt->n_cols) {
            if (cj->fn)
                cj->fn(cj->ctx, chunk, j, cj->ones_R, cj->D ? cj->ones_D : NULL);
            continue;
        }
        column_sums(cj, j, acc, acc2, !job->zero);
        if (cj->fn)
            cj->fn(cj->ctx, chunk, j, acc, cj->D ? acc2 : NULL);
    }
}

void px_spmm_cols_carry(px_pool *pool, const px_csc *Xt, const px_chunks *cols, size_t first,
                        size_t last, const double *R, const double *D, const double *ones_R,
                        const double *ones_D, size_t K, double *acc, double *acc2, int zero,
                        px_column_fn fn, void *ctx)
{
    carry_job job = {{Xt, cols, R, D, ones_R, ones_D, K, NULL, fn, ctx}, first,
                     cols->start[first], acc, acc2, zero};
    px_pool_run(pool, last - first, carry_chunk, &job);
}

void px_spmm_cols(px_pool *pool, const px_csc *Xt, const px_chunks *cols, const double *R,
                  const double *D, const double *ones_R, const double *ones_D, size_t K,
                  double *scratch, px_column_fn fn, void *ctx)
{
    cols_job job = {Xt, cols, R, D, ones_R, ones_D, K, scratch, fn, ctx};
    px_pool_run(pool, cols->n_chunks, cols_chunk, &job);
}
