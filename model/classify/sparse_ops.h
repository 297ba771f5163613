/*
 * sparse_ops.h — deterministic multi-threaded sparse products (private), in
 * chunks on base/pool.h, so results are bit-identical whatever the thread
 * count.
 */
#ifndef PRECIS_SPARSE_OPS_H
#define PRECIS_SPARSE_OPS_H

#include <stddef.h>
#include <stdint.h>

#include "precis.h"
#include "base/pool.h"

/* Hot loops are also compiled for AVX2 and picked at run time. Without
 * -ffp-contract (off in ISO C mode) both versions round identically. */
#if defined(__GNUC__) && defined(__x86_64__) && !defined(__clang__)
#define PX_VECTOR_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define PX_VECTOR_CLONES
#endif

/* ---------------------------------------------------------------- products */

/* The transpose of X, with one more, empty column n_cols standing for the
 * intercept: a column of ones, whose sums the caller supplies to
 * px_spmm_cols (stored here, it would make one chunk of n entries that no
 * thread could share). Row indices are uint32_t: X may have at most
 * UINT32_MAX rows. */
typedef struct px_csc {
    size_t n_rows, n_cols; /* of X */
    size_t *col_ptr;       /* n_cols + 2: the intercept's range is empty */
    uint32_t *row;
    double *val;
} px_csc;

int px_csc_from_csr(px_csc *out, const precis_csr *X);
void px_csc_free(px_csc *m);

/* Z[i,:] = bias + sum_j X[i,j] A[j,:] for every row i (A is n_cols x K,
 * row-major; bias is K values or NULL). Chunks are ranges of rows of X. */
void px_spmm_rows(px_pool *pool, const precis_csr *X, const px_chunks *rows, const double *A,
                  const double *bias, size_t K, double *Z);

/* Called once per column j of [X | 1] with acc = sum_i X[i,j] R[i,:] and,
 * when D is given, acc2 = sum_i X[i,j]^2 D[i,:] (else NULL). */
typedef void (*px_column_fn)(void *ctx, size_t chunk, size_t j, const double *acc,
                             const double *acc2);

/* The transposed product, column by column of [X | 1], in chunks of its
 * n_cols + 1 columns. For the intercept column the sums are ones_R (and
 * ones_D): sum_i R[i,:] and sum_i D[i,:], from the caller. scratch holds
 * 2 * K doubles per pool worker. */
void px_spmm_cols(px_pool *pool, const px_csc *Xt, const px_chunks *cols, const double *R,
                  const double *D, const double *ones_R, const double *ones_D, size_t K,
                  double *scratch, px_column_fn fn, void *ctx);

/* One process's share of the transposed product when the rows are spread
 * over processes, for column chunks [first, last): acc (and acc2, when D is
 * given) hold the running sums of those chunks' columns only (row j of the
 * block at (j - cols->start[first]) x K), which go on over this process's
 * rows (from 0 when zero is set), so the process holding the last rows ends
 * with the sums one pass over all rows would give, bit for bit. fn (NULL: not
 * called) then sees each column's total as px_spmm_cols does. */
void px_spmm_cols_carry(px_pool *pool, const px_csc *Xt, const px_chunks *cols, size_t first,
                        size_t last, const double *R, const double *D, const double *ones_R,
                        const double *ones_D, size_t K, double *acc, double *acc2, int zero,
                        px_column_fn fn, void *ctx);

#endif
