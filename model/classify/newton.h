/*
 * newton.h — the truncated Newton solver of the multinomial logistic
 * regression objective (private; precis_logreg_train is its only caller).
 */
#ifndef PRECIS_NEWTON_H
#define PRECIS_NEWTON_H

#include <stddef.h>
#include <stdint.h>

#include "precis.h"

/* Minimize  sum_i cw[i] * (logsumexp_k z_ik - z_i,y[i]) + ||W||^2 / 2,
 * z_i = x_i W + b, over W (X->n_cols x n_classes) and b (not penalized).
 * The caller has validated everything: X well formed, y[i] < n_classes,
 * cw[i] > 0, tol > 0, max_iter >= 1. */
typedef struct px_newton_problem {
    const precis_csr *X;
    const uint32_t *y;
    const double *cw;  /* per-document weight: C times the class weight */
    size_t n_classes;
    int max_iter;
    double tol;        /* stop when ||g|| <= tol * ||g at 0|| */
    int n_threads;     /* 0: one per online processor */
    precis_progress_fn progress;
    void *progress_ctx;
    const double *Wb0; /* NULL: start from 0; else a warm start, (n_cols + 1) x n_classes
                          with b last (a fit at a nearby C): the stopping rule still
                          measures ||g|| against the gradient at 0 */
    const precis_comm *comm; /* NULL: one process; else X, y, cw are this rank's
                              * rows, in corpus order, rank 0's first */
} px_newton_problem;

typedef struct px_newton_result {
    double *Wb;        /* (n_cols + 1) x n_classes, row-major; the last row is b */
    int iterations;    /* Newton steps taken */
    double objective;  /* at Wb */
    int converged;
} px_newton_result;

/* PRECIS_OK with res->Wb owned by the caller (px_free), or PRECIS_ERR_NOMEM /
 * PRECIS_ERR_LIMIT (PRECIS_ERR_IO: the comm failed) with nothing allocated.
 * Over several processes, every rank gets the same Wb. */
int px_newton_fit(const px_newton_problem *pb, px_newton_result *res, precis_error *err);

/* For tests: the objective, its gradient and (if v and Hv are given) the
 * Hessian times v at Wb ((n_cols + 1) x n_classes, b last), computed by the
 * solver's own passes. PRECIS_OK or PRECIS_ERR_NOMEM / PRECIS_ERR_LIMIT. */
int px_newton_probe(const px_newton_problem *pb, const double *Wb, const double *v,
                    double *fval, double *grad, double *Hv);

#endif
