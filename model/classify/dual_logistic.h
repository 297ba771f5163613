/*
 * dual_logistic.h — one binary L2-regularized logistic regression fitted by
 * coordinate descent on its dual (private; the one-vs-rest trainer,
 * multilabel.c, runs many at once, one per thread).
 */
#ifndef PRECIS_DUAL_LOGISTIC_H
#define PRECIS_DUAL_LOGISTIC_H

#include <stddef.h>
#include <stdint.h>

#include "precis.h"

/* The rows as the solver reads them, in an order drawn once from a seed
 * (the visiting order of every pass, so that a pass reads memory straight
 * through: visiting rows in a fresh random order each pass, as the paper
 * does, made a pass on 7,770 Reuters rows about twice as slow for the cache
 * misses). Each entry's column and value side by side, the value in single
 * precision (TF-IDF values need no more): 8 bytes an entry. Row r here is
 * row orig[r] of the source matrix; every per-row array the solver takes
 * (is_pos, c, alpha) is in this order. */
typedef struct px_dual_entry {
    uint32_t col;
    float val;
} px_dual_entry;

typedef struct px_dual_rows {
    size_t n_rows, n_cols;
    size_t *row_ptr;             /* n_rows + 1 */
    px_dual_entry *e;            /* nnz */
    double *row_sq;              /* n_rows: ||x_r||^2 + 1, the dual's diagonal */
    size_t *orig;                /* n_rows: the source row of row r */
    size_t *at;                  /* n_rows: where source row i went (orig's inverse) */
} px_dual_rows;

/* PRECIS_ERR_NOMEM or PRECIS_OK; free with px_dual_rows_free. */
int px_dual_rows_new(px_dual_rows *out, const precis_csr *X, uint64_t seed);
void px_dual_rows_free(px_dual_rows *r);

/* The primal is binary_fit.h's: minimize
 *   ||w||^2 / 2 + b^2 / 2 + sum_i c_i log(1 + exp(-t_i (x_i w + b)))
 * (t_i = +1 for the rows with is_pos[i] != 0, else -1; the intercept a
 * feature of constant value 1; rows with c_i == 0 left out). Its dual has one
 * variable per row, 0 < alpha_i < c_i, and w = sum_i t_i alpha_i x_i. */
typedef struct px_dual_lr_problem {
    const px_dual_rows *X;
    const unsigned char *is_pos; /* n_rows */
    const double *c;             /* n_rows weights, >= 0 */
    int max_epochs;              /* passes over the rows */
    double tol;                  /* stop once every row's dual gradient is within tol */
    uint64_t seed;               /* the order of each pass's blocks of rows */
} px_dual_lr_problem;

/* The dual variables, PX_DUAL_VARS values per row: alpha[3i] = alpha_i and
 * alpha[3i + 1] = c_i - alpha_i, each kept apart so neither loses its digits
 * near a bound, and alpha[3i + 2] = log(alpha_i / (c_i - alpha_i)), so a
 * visit that changes nothing costs no logarithm. */
#define PX_DUAL_VARS 3

/* A cold start: every alpha_i a tiny fraction of c_i, and wb (n_cols + 1
 * values, the intercept last) = sum_i t_i alpha_i [x_i, 1]. */
void px_dual_lr_start(const px_dual_lr_problem *pb, double *alpha, double *wb);

/* wb -= t_i alpha_i [x_i, 1] for (solver) row i: takes row i out of a solution
 * (a warm start for a fit that leaves it out). */
void px_dual_lr_remove_row(const px_dual_lr_problem *pb, const double *alpha, size_t i,
                           double *wb);

/* [x_i, 1].wb for (solver) row i. */
double px_dual_lr_margin(const px_dual_rows *X, size_t i, const double *wb);

/* Per-thread scratch for fits over n_rows rows. */
typedef struct px_dual_work px_dual_work;

px_dual_work *px_dual_work_new(size_t n_rows);
void px_dual_work_free(px_dual_work *w);

/* Coordinate descent from (alpha, wb) on entry, which must agree (wb = sum
 * t_i alpha_i [x_i, 1] over the rows with c_i > 0).
 * Returns the passes made; *converged says whether the tolerance was met.
 * Deterministic: a sequential computation, its order drawn from pb->seed. */
int px_dual_lr_fit(const px_dual_lr_problem *pb, px_dual_work *work, double *alpha, double *wb,
                   int *converged);

#endif
