/*
 * dual_logistic.h — binary L2-regularized logistic regressions fitted by
 * coordinate descent on their duals, up to PX_LANES of them side by side
 * over the same rows (private; the one-vs-rest trainer, multilabel.c, runs
 * a group of labels at a time, one group per thread).
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
 * is in this order. The columns are renumbered by decreasing document
 * frequency (source column j is column rank[j] here, and so are the
 * weights'), a row's entries in increasing column order: the weights of the
 * frequent terms, which most entries read, then share few cache lines and
 * pages, and a row's loads go forward through memory (on Reuters, about 7%
 * less CPU, measured on a loaded machine). */
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
    uint32_t *rank;              /* n_cols: where source column j went */
} px_dual_rows;

/* PRECIS_ERR_NOMEM or PRECIS_OK; free with px_dual_rows_free. */
int px_dual_rows_new(px_dual_rows *out, const precis_csr *X, uint64_t seed);
void px_dual_rows_free(px_dual_rows *r);

/* Problems fitted together ("lanes"): one row's load serves them all, their
 * weights interleaved per feature (wb[j * PX_LANES + g] is lane g's weight
 * of feature j, the intercept at j = n_cols), so one cache line holds every
 * lane's weight of a feature. */
#define PX_LANES 8

/* Lane g's primal is binary_fit.h's: minimize
 *   ||w||^2 / 2 + b^2 / 2 + sum_i c_i log(1 + exp(-t_i (x_i w + b)))
 * (t_i = +1 where bit g of pos[i] is set, else -1; c_i = c_pos[g] or
 * c_neg[g] by t_i, and 0 for the rows with in[i] == 0, which are left out;
 * the intercept a feature of constant value 1). Its dual has one variable
 * per row, 0 < alpha_i < c_i, and w = sum_i t_i alpha_i x_i. */
typedef struct px_dual_lr_problem {
    const px_dual_rows *X;
    int lanes;                   /* 1 .. PX_LANES problems */
    const unsigned char *pos;    /* n_rows: bit g for lane g's positive rows */
    const unsigned char *in;     /* n_rows: 0 leaves the row out (of every lane) */
    double c_pos[PX_LANES], c_neg[PX_LANES]; /* > 0 */
    int max_epochs;              /* passes over the rows, per lane */
    double tol;                  /* a lane stops once its every row's dual gradient is
                                    within tol */
    uint64_t seed;               /* the order of each pass's blocks of rows */
} px_dual_lr_problem;

/* The weights: single precision (the dot products and updates are most of
 * a fit, and they move half the bytes; the margins need far less than a
 * float's precision against a tolerance in log-odds of 0.1 or more; the
 * model file stores float32 weights by default anyway). */
typedef float px_dual_weight;

/* The dual variables, PX_DUAL_VARS values per row and lane: alpha_i, then
 * c_i - alpha_i, each kept apart so neither loses its digits near a bound,
 * then log(alpha_i / (c_i - alpha_i)), so a visit that changes nothing costs
 * no logarithm. Row i's are PX_DUAL_VARS runs of PX_LANES values (every
 * lane's alpha_i, then every lane's c_i - alpha_i, then the logs), so a
 * visit that steps no lane reads one run; lane g's alpha_i is at
 * PX_DUAL_ALPHA(alpha, i, g), its c_i - alpha_i PX_LANES further, its log
 * 2 PX_LANES further. */
#define PX_DUAL_VARS 3
#define PX_DUAL_ALPHA(alpha, i, g) ((alpha) + PX_DUAL_VARS * PX_LANES * (size_t)(i) + (size_t)(g))

/* A cold start: every lane's alphas where dual_logistic.c says, and wb
 * ((n_cols + 1) * PX_LANES values) = sum_i t_i alpha_i [x_i, 1] per lane. */
void px_dual_lr_start(const px_dual_lr_problem *pb, double *alpha, px_dual_weight *wb);

/* wb -= t_i alpha_i [x_i, 1], every lane, for (solver) row i: takes row i out
 * of a solution (a warm start for a fit that leaves it out). */
void px_dual_lr_remove_row(const px_dual_lr_problem *pb, const double *alpha, size_t i,
                           px_dual_weight *wb);

/* [x_i, 1].wb for (solver) row i, every lane, into m[PX_LANES]. */
void px_dual_lr_margins(const px_dual_rows *X, size_t i, const px_dual_weight *wb,
                        px_dual_weight *m);

/* Per-thread scratch for fits over n_rows rows. */
typedef struct px_dual_work px_dual_work;

px_dual_work *px_dual_work_new(size_t n_rows);
void px_dual_work_free(px_dual_work *w);

/* Coordinate descent from (alpha, wb) on entry, which must agree (wb = sum
 * t_i alpha_i [x_i, 1] over the rows left in). Each lane's passes go to
 * passes[g], and whether it met the tolerance to converged[g]. Deterministic:
 * a sequential computation, its order drawn from pb->seed. A lane's result
 * depends on its companions (they decide which rows a pass visits, hence the
 * order of its steps), so a caller keeps the grouping independent of the
 * number of threads. */
void px_dual_lr_fit(const px_dual_lr_problem *pb, px_dual_work *work, double *alpha,
                    px_dual_weight *wb, int *passes, int *converged);

#endif
