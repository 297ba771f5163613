/*
 * binary_fit.h — one binary L2-regularized logistic regression, fitted on one
 * thread (private; the one-vs-rest trainer, multilabel.c, runs many at once).
 */
#ifndef PRECIS_BINARY_FIT_H
#define PRECIS_BINARY_FIT_H

#include <stddef.h>
#include <stdint.h>

#include "precis.h"

/* Minimize  ||w||^2 / 2 + b^2 / 2 + sum_i c_i log(1 + exp(-t_i (x_i w + b)))
 * with t_i = +1 for the rows in positive (is_pos[i] != 0), else -1. Rows with
 * c_i == 0 are left out entirely (cross-validation's held-out fold). The
 * intercept is penalized as a feature of constant value 1 (liblinear's
 * bias), so a label absent from the rows still has a finite model. */
typedef struct px_binary_problem {
    const precis_csr *X;
    const unsigned char *is_pos; /* n_rows */
    const double *c;             /* n_rows weights, >= 0 */
    int max_iter;                /* Newton steps */
    double tol;                  /* stop when ||g|| <= tol * ||g at w = 0|| */
} px_binary_problem;

/* Per-thread scratch: sized for X's rows and columns (px_binary_work_new). */
typedef struct px_binary_work px_binary_work;

px_binary_work *px_binary_work_new(size_t n_rows, size_t n_cols);
void px_binary_work_free(px_binary_work *w);

/* Fits w (n_cols values) and *b, starting from their values on entry (zeros,
 * or a warm start). Returns the Newton steps taken; *converged says whether
 * the tolerance was met. Deterministic: a sequential computation. */
int px_binary_fit(const px_binary_problem *pb, px_binary_work *work, double *w, double *b,
                  int *converged);

#endif
