/*
 * svm_dual.h — one-vs-rest L2-regularized squared-hinge (L2-loss) linear
 * SVMs by dual coordinate descent, and the softmax temperature that turns
 * their decision values into probabilities (private; --autotune's
 * "squared hinge" loss).
 */
#ifndef PRECIS_SVM_DUAL_H
#define PRECIS_SVM_DUAL_H

#include <stddef.h>
#include <stdint.h>

#include "precis.h"

/* Minimize, for each class k,
 *     ||w_k||^2 / 2 + b_k^2 / 2 + sum_i C_i max(0, 1 - t_ik (x_i w_k + b_k))^2
 * with t_ik = +1 when y[i] == k, else -1, and C_i = C, or C n / (K n_{y_i})
 * with balanced class weights (the multinomial fit's document weights). The
 * intercept is penalized as a feature of constant value 1 (liblinear's -B 1).
 * Stops when the projected gradient's spread is at most eps (liblinear's
 * default 0.1) or after max_iter passes over the rows.
 *
 * alpha, if not NULL, holds n_rows x n_classes dual variables (row-major):
 * read as the starting point (zeros, or a previous C's solution: any
 * alpha >= 0 is feasible, so a path of C warm-starts from it) and
 * overwritten with the solution. *out: W n_features x n_classes, b, with
 * one_vs_rest 0 (a softmax over the decision values; see px_svm_temperature).
 * The result does not depend on n_threads. */
typedef struct px_svm_params {
    double C;
    int class_weight_balanced;
    double eps;
    int max_iter;
    int n_threads; /* 0: all cores */
} px_svm_params;

void px_svm_params_default(px_svm_params *p);

int px_svm_train_ovr(const precis_csr *X, const uint32_t *y, size_t n_classes,
                     const px_svm_params *p, double *alpha, precis_logreg **out,
                     precis_error *err);

/* W and b of m multiplied by a: softmax(a f) as m's probabilities. */
void px_svm_scale(precis_logreg *m, double a);

/* The temperature a > 0 minimizing the mean log-loss of softmax(a f_i) over
 * n rows of decision values f (n x K, row-major) with true classes y: a
 * one-parameter Platt scaling (Guo et al. 2017's temperature scaling) that
 * keeps the argmax, so accuracy, and makes the probabilities sum to 1.
 * *log_loss (if not NULL) gets that mean log-loss (probabilities clipped at
 * 1e-15). n == 0: a = 1. */
double px_svm_temperature(const double *f, const uint32_t *y, size_t n, size_t K,
                          double *log_loss);

#endif
