/*
 * binary_fit.c — a binary L2 logistic regression by truncated Newton:
 * preconditioned conjugate gradients for the step, then a backtracking line
 * search (liblinear's "NEWTON" scheme, for one label of a one-vs-rest model).
 *
 * Why this shape: one-vs-rest fits many small problems, so each runs on one
 * thread (the trainer spreads labels over threads) and needs no transposed
 * copy of X: products with X^T scatter rows into a column-sized vector.
 * Everything is sequential, so a fit is bit-identical wherever it runs.
 * Parameters are v = [w; b] (n_cols + 1 values, the intercept last and
 * penalized like a weight); rows with c_i == 0 are skipped everywhere.
 *
 * Hessian: H = I + X~^T D X~, D_i = c_i p_i (1 - p_i), X~ = [X | 1].
 * Preconditioner: its diagonal, 1 + sum_i D_i x_ij^2.
 */
#include "classify/binary_fit.h"

#include <math.h>
#include <string.h>

#include "base/alloc.h"

/* CG stops on the quadratic model's decrease (liblinear >= 2.40, after Galli
 * and Lin, "A study on truncated Newton methods for linear classification",
 * 2021): once the j-th step lowers the model Q by less than EPS_CG x Q / j.
 * It takes far fewer CG steps than the residual rule ||r|| <= 0.1 ||g|| for
 * the same Newton progress. */
#define EPS_CG 0.5
#define MAX_CG 250
#define ARMIJO_ETA 0.01
#define MAX_LINE_TRIALS 30

struct px_binary_work {
    size_t n, d;            /* rows; parameters (columns + 1) */
    double *z, *xs, *dd, *u; /* n: scores, X~ s, Hessian weights, scratch */
    double *v, *g, *s, *r, *dir, *hd, *m; /* d: v = [w; b], the parameters */
};

px_binary_work *px_binary_work_new(size_t n_rows, size_t n_cols)
{
    px_binary_work *w = px_calloc(1, sizeof *w);
    if (!w)
        return NULL;
    w->n = n_rows;
    w->d = n_cols + 1;
    double **rows[] = {&w->z, &w->xs, &w->dd, &w->u};
    double **cols[] = {&w->v, &w->g, &w->s, &w->r, &w->dir, &w->hd, &w->m};
    int ok = 1;
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++)
        ok &= (*rows[i] = px_malloc_array(n_rows ? n_rows : 1, sizeof(double))) != NULL;
    for (size_t i = 0; i < sizeof cols / sizeof *cols; i++)
        ok &= (*cols[i] = px_malloc_array(w->d, sizeof(double))) != NULL;
    if (!ok) {
        px_binary_work_free(w);
        return NULL;
    }
    return w;
}

void px_binary_work_free(px_binary_work *w)
{
    if (!w)
        return;
    double *all[] = {w->z, w->xs, w->dd, w->u, w->v, w->g, w->s, w->r, w->dir, w->hd, w->m};
    for (size_t i = 0; i < sizeof all / sizeof *all; i++)
        px_free(all[i]);
    px_free(w);
}

/* log(1 + exp(-m)), without overflow. */
static double logistic_loss(double m)
{
    return m > 0 ? log1p(exp(-m)) : -m + log1p(exp(m));
}

static double dot(const double *a, const double *b, size_t n)
{
    double s = 0;
    for (size_t j = 0; j < n; j++)
        s += a[j] * b[j];
    return s;
}

/* out = X~ v for the rows in play (c_i > 0). */
static void times_rows(const px_binary_problem *pb, const double *v, double *out)
{
    const precis_csr *X = pb->X;
    double bias = v[X->n_cols];
    for (size_t i = 0; i < X->n_rows; i++) {
        if (pb->c[i] == 0)
            continue;
        double s = bias;
        for (size_t p = X->row_ptr[i]; p < X->row_ptr[i + 1]; p++)
            s += X->val[p] * v[X->col[p]];
        out[i] = s;
    }
}

/* out += X~^T a (a over the rows in play). */
static void add_transposed(const px_binary_problem *pb, const double *a, double *out)
{
    const precis_csr *X = pb->X;
    double bias = 0;
    for (size_t i = 0; i < X->n_rows; i++) {
        if (pb->c[i] == 0 || a[i] == 0)
            continue;
        for (size_t p = X->row_ptr[i]; p < X->row_ptr[i + 1]; p++)
            out[X->col[p]] += X->val[p] * a[i];
        bias += a[i];
    }
    out[X->n_cols] += bias;
}

static double target(const px_binary_problem *pb, size_t i)
{
    return pb->is_pos[i] ? 1.0 : -1.0;
}

/* Loss over the rows at scores z + a xs (xs NULL: z alone). */
static double data_loss(const px_binary_problem *pb, const double *z, const double *xs, double a)
{
    double f = 0;
    for (size_t i = 0; i < pb->X->n_rows; i++)
        if (pb->c[i] > 0)
            f += pb->c[i] * logistic_loss(target(pb, i) * (z[i] + (xs ? a * xs[i] : 0)));
    return f;
}

/* The gradient at v (scores in work->z) into work->g, the Hessian weights
 * into work->dd and the preconditioner into work->m. */
static void gradient(const px_binary_problem *pb, px_binary_work *w, const double *v)
{
    const precis_csr *X = pb->X;
    for (size_t i = 0; i < w->n; i++) {
        w->u[i] = 0;
        w->dd[i] = 0;
        if (pb->c[i] == 0)
            continue;
        double t = target(pb, i), e = exp(-fabs(w->z[i]));
        double p = w->z[i] >= 0 ? 1 / (1 + e) : e / (1 + e); /* sigmoid(z) */
        w->u[i] = pb->c[i] * (t > 0 ? p - 1 : p);
        w->dd[i] = pb->c[i] * p * (1 - p);
    }
    memcpy(w->g, v, w->d * sizeof *v);
    add_transposed(pb, w->u, w->g);
    for (size_t j = 0; j < w->d; j++)
        w->m[j] = 1;
    double bias = 0;
    for (size_t i = 0; i < w->n; i++) {
        if (w->dd[i] == 0)
            continue;
        for (size_t p = X->row_ptr[i]; p < X->row_ptr[i + 1]; p++)
            w->m[X->col[p]] += w->dd[i] * X->val[p] * X->val[p];
        bias += w->dd[i];
    }
    w->m[X->n_cols] += bias;
}

/* hd = H dir. */
static void hessian_times(const px_binary_problem *pb, px_binary_work *w)
{
    times_rows(pb, w->dir, w->u);
    for (size_t i = 0; i < w->n; i++)
        w->u[i] = pb->c[i] > 0 ? w->u[i] * w->dd[i] : 0;
    memcpy(w->hd, w->dir, w->d * sizeof *w->hd);
    add_transposed(pb, w->u, w->hd);
}

/* Preconditioned CG for H s = -g, stopped by the quadratic model's decrease. */
static void conjugate_gradient(const px_binary_problem *pb, px_binary_work *w)
{
    size_t d = w->d;
    for (size_t j = 0; j < d; j++) {
        w->s[j] = 0;
        w->r[j] = -w->g[j];
        w->dir[j] = w->r[j] / w->m[j];
    }
    double rz = 0;
    for (size_t j = 0; j < d; j++)
        rz += w->r[j] * w->r[j] / w->m[j];
    double Q = 0; /* Q(s) = s'Hs / 2 + g's = -(s'r - s'g) / 2 */
    for (int it = 1; it <= MAX_CG; it++) {
        hessian_times(pb, w);
        double dhd = dot(w->dir, w->hd, d);
        if (!(dhd > 0))
            break;
        double alpha = rz / dhd;
        for (size_t j = 0; j < d; j++) {
            w->s[j] += alpha * w->dir[j];
            w->r[j] -= alpha * w->hd[j];
        }
        double Q_new = -0.5 * (dot(w->s, w->r, d) - dot(w->s, w->g, d)), Q_diff = Q_new - Q;
        Q = Q_new;
        if (Q <= 0 && Q_diff <= 0 && (double)it * Q_diff >= EPS_CG * Q)
            break;
        double rz_new = 0;
        for (size_t j = 0; j < d; j++)
            rz_new += w->r[j] * w->r[j] / w->m[j];
        double beta = rz_new / rz;
        rz = rz_new;
        for (size_t j = 0; j < d; j++)
            w->dir[j] = w->r[j] / w->m[j] + beta * w->dir[j];
    }
}

/* Backtracking along s from a = 1; returns the step taken (0: none). */
static double line_search(const px_binary_problem *pb, px_binary_work *w, const double *v,
                          double fval)
{
    size_t d = w->d;
    times_rows(pb, w->s, w->xs);
    double vv = dot(v, v, d), vs = dot(v, w->s, d), ss = dot(w->s, w->s, d);
    double gs = dot(w->g, w->s, d);
    if (!(gs < 0))
        return 0;
    double a = 1;
    for (int t = 0; t < MAX_LINE_TRIALS; t++, a /= 2) {
        double f = 0.5 * (vv + 2 * a * vs + a * a * ss) + data_loss(pb, w->z, w->xs, a);
        if (f <= fval + ARMIJO_ETA * a * gs)
            return a;
    }
    return 0;
}

int px_binary_fit(const px_binary_problem *pb, px_binary_work *w, double *weights, double *b,
                  int *converged)
{
    size_t d = w->d, n_cols = pb->X->n_cols;
    double *v = w->v;
    *converged = 0;
    memcpy(v, weights, n_cols * sizeof *v);
    v[n_cols] = *b;
    /* ||g|| at v = 0 sets the scale of the stopping rule. */
    for (size_t i = 0; i < w->n; i++)
        w->u[i] = pb->c[i] > 0 ? -0.5 * pb->c[i] * target(pb, i) : 0;
    memset(w->g, 0, d * sizeof *w->g);
    add_transposed(pb, w->u, w->g);
    double g0 = sqrt(dot(w->g, w->g, d));
    times_rows(pb, v, w->z);
    int iter = 0;
    for (; iter < pb->max_iter; iter++) {
        double fval = 0.5 * dot(v, v, d) + data_loss(pb, w->z, NULL, 0);
        gradient(pb, w, v);
        double gnorm = sqrt(dot(w->g, w->g, d));
        if (gnorm <= pb->tol * g0) {
            *converged = 1;
            break;
        }
        conjugate_gradient(pb, w);
        double a = line_search(pb, w, v, fval);
        if (a == 0)
            break; /* no decrease possible at this precision */
        for (size_t j = 0; j < d; j++)
            v[j] += a * w->s[j];
        for (size_t i = 0; i < w->n; i++)
            if (pb->c[i] > 0)
                w->z[i] += a * w->xs[i];
    }
    memcpy(weights, v, n_cols * sizeof *v);
    *b = v[n_cols];
    return iter;
}
