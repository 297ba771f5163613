/*
 * svm_dual.c — one-vs-rest L2-loss linear SVMs by dual coordinate descent
 * with shrinking (Hsieh, Chang, Lin, Keerthi and Sundararajan, "A dual
 * coordinate descent method for large-scale linear SVM", ICML 2008,
 * Algorithm 1 and its shrinking of Section 3; the method of liblinear's
 * -s 1), and the temperature that calibrates their decision values.
 *
 * The dual of one binary problem (targets t_i = +-1, row weights C_i):
 *     min_a  a^T (Q + D) a / 2 - sum_i a_i,   a_i >= 0,
 *     Q_ij = t_i t_j x~_i . x~_j,  D_ii = 1 / (2 C_i),  x~ = [x | 1],
 * and w~ = sum_i t_i a_i x~_i. One coordinate step on a_i costs two sparse
 * row operations (a dot product and an update of w~), so a pass over the
 * rows costs O(nnz). Rows whose a_i sits at 0 with a gradient beyond the
 * last pass's largest projected gradient are set aside (shrinking) until
 * the active rows converge; then every row is checked once more.
 *
 * Invariants: each class is fitted on one thread from its own seeded row
 * order, so the model does not depend on the number of threads; w~ always
 * equals sum_i t_i a_i x~_i for the current a (rebuilt from a on entry).
 */
#include "classify/svm_dual.h"

#include <math.h>
#include <string.h>

#include "base/alloc.h"
#include "base/error.h"
#include "base/pool.h"

#define DEFAULT_EPS 0.1     /* liblinear's default for -s 1 */
#define DEFAULT_MAX_ITER 1000
#define LOG_LOSS_FLOOR 1e-15

void px_svm_params_default(px_svm_params *p)
{
    memset(p, 0, sizeof *p);
    p->C = 1.0;
    p->eps = DEFAULT_EPS;
    p->max_iter = DEFAULT_MAX_ITER;
}

typedef struct fit {
    const precis_csr *X;
    const uint32_t *y;
    size_t K, d;          /* classes; columns (the intercept is column d of w~) */
    const double *Ci;     /* n row weights */
    const double *sqnorm; /* n: ||x~_i||^2 */
    double *alpha;        /* n x K */
    double *W, *b;        /* d x K, K */
    double eps;
    int max_iter;
    double **w;           /* per worker: d + 1 */
    size_t **order;       /* per worker: n */
} fit;

/* A small deterministic generator (splitmix64): the row order of each pass. */
static uint64_t next_random(uint64_t *state)
{
    uint64_t z = (*state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static double row_dot(const precis_csr *X, size_t i, const double *w, size_t d)
{
    double s = w[d]; /* the intercept's feature, of value 1 */
    for (size_t p = X->row_ptr[i]; p < X->row_ptr[i + 1]; p++)
        s += X->val[p] * w[X->col[p]];
    return s;
}

static void row_axpy(const precis_csr *X, size_t i, double a, double *w, size_t d)
{
    w[d] += a;
    for (size_t p = X->row_ptr[i]; p < X->row_ptr[i + 1]; p++)
        w[X->col[p]] += a * X->val[p];
}

/* One pass of coordinate steps over the active rows order[0 .. *active);
 * rows shrunk away are swapped past the end. *pg_max and *pg_min get the
 * pass's projected-gradient extremes. */
static void pass(const fit *f, size_t k, double *w, size_t *order, size_t *active,
                 double shrink_above, double *pg_max, double *pg_min, uint64_t *rng)
{
    const precis_csr *X = f->X;
    size_t K = f->K;
    for (size_t s = 0; s + 1 < *active; s++) { /* Fisher-Yates over the active rows */
        size_t j = s + (size_t)(next_random(rng) % (uint64_t)(*active - s));
        size_t tmp = order[s];
        order[s] = order[j];
        order[j] = tmp;
    }
    *pg_max = -INFINITY;
    *pg_min = INFINITY;
    for (size_t s = 0; s < *active; s++) {
        size_t i = order[s];
        double t = f->y[i] == k ? 1.0 : -1.0;
        double *a = &f->alpha[i * K + k];
        double dii = 0.5 / f->Ci[i];
        double g = t * row_dot(X, i, w, f->d) - 1.0 + dii * *a;
        double pg = g;
        if (*a == 0) {
            if (g > shrink_above) { /* at its bound and pushing against it: set aside */
                (*active)--;
                order[s] = order[*active];
                order[*active] = i;
                s--;
                continue;
            }
            if (g > 0)
                pg = 0;
        }
        *pg_max = fmax(*pg_max, pg);
        *pg_min = fmin(*pg_min, pg);
        if (fabs(pg) > 1e-12) {
            double old = *a;
            *a = fmax(old - g / (f->sqnorm[i] + dii), 0.0);
            row_axpy(X, i, (*a - old) * t, w, f->d);
        }
    }
}

static void fit_class(const fit *f, size_t k, double *w, size_t *order)
{
    const precis_csr *X = f->X;
    size_t n = X->n_rows, K = f->K;
    memset(w, 0, (f->d + 1) * sizeof *w);
    for (size_t i = 0; i < n; i++) {
        order[i] = i;
        double a = f->alpha[i * K + k];
        if (a != 0)
            row_axpy(X, i, f->y[i] == k ? a : -a, w, f->d);
    }
    uint64_t rng = 0x5EED0000u + k;
    size_t active = n;
    double shrink_above = INFINITY;
    for (int it = 0; it < f->max_iter && n > 0; it++) {
        double pg_max, pg_min;
        pass(f, k, w, order, &active, shrink_above, &pg_max, &pg_min, &rng);
        if (active == 0 || pg_max - pg_min <= f->eps) {
            if (active == n)
                break;
            active = n; /* converged on the active rows: check them all once more */
            shrink_above = INFINITY;
            continue;
        }
        shrink_above = pg_max > 0 ? pg_max : INFINITY;
    }
    for (size_t j = 0; j < f->d; j++)
        f->W[j * K + k] = w[j];
    f->b[k] = w[f->d];
}

static void class_chunk(void *ctx, size_t k, int worker)
{
    fit *f = ctx;
    fit_class(f, k, f->w[worker], f->order[worker]);
}

/* C_i and ||x~_i||^2 per row. */
static int row_facts(const precis_csr *X, const uint32_t *y, size_t K, const px_svm_params *p,
                     double *Ci, double *sqnorm)
{
    size_t n = X->n_rows;
    size_t *count = px_calloc(K, sizeof *count);
    if (!count)
        return PRECIS_ERR_NOMEM;
    size_t present = 0;
    for (size_t i = 0; i < n; i++)
        present += count[y[i]]++ == 0;
    for (size_t i = 0; i < n; i++) {
        Ci[i] = p->class_weight_balanced
                    ? p->C * (double)n / ((double)present * (double)count[y[i]])
                    : p->C;
        double s = 1.0;
        for (size_t q = X->row_ptr[i]; q < X->row_ptr[i + 1]; q++)
            s += X->val[q] * X->val[q];
        sqnorm[i] = s;
    }
    px_free(count);
    return PRECIS_OK;
}

static int check(const precis_csr *X, const uint32_t *y, size_t K, const px_svm_params *p,
                 precis_error *err)
{
    if (!(p->C >= PRECIS_C_MIN && p->C <= PRECIS_C_MAX))
        return px_error(err, PRECIS_ERR_ARG, "squared-hinge SVM: C must lie in [%g, %g] (got %g)",
                        PRECIS_C_MIN, PRECIS_C_MAX, p->C);
    if (!(p->eps > 0) || !isfinite(p->eps) || p->max_iter < 1)
        return px_error(err, PRECIS_ERR_ARG, "squared-hinge SVM: eps must be positive and "
                                             "max_iter at least 1");
    if (K < 2)
        return px_error(err, PRECIS_ERR_ARG, "squared-hinge SVM: at least two classes");
    if (X->n_rows == 0)
        return px_error(err, PRECIS_ERR_EMPTY, "squared-hinge SVM: no documents to train on");
    for (size_t i = 0; i < X->n_rows; i++)
        if (y[i] >= K)
            return px_error(err, PRECIS_ERR_ARG, "squared-hinge SVM: document %zu has class "
                            "%lu of %zu", i, (unsigned long)y[i], K);
    return PRECIS_OK;
}

static void free_workers(fit *f, int workers)
{
    for (int t = 0; t < workers; t++) {
        if (f->w)
            px_free(f->w[t]);
        if (f->order)
            px_free(f->order[t]);
    }
    px_free(f->w);
    px_free(f->order);
}

int px_svm_train_ovr(const precis_csr *X, const uint32_t *y, size_t n_classes,
                     const px_svm_params *p, double *alpha, precis_logreg **out,
                     precis_error *err)
{
    *out = NULL;
    int rc = check(X, y, n_classes, p, err);
    if (rc != PRECIS_OK)
        return rc;
    size_t n = X->n_rows, K = n_classes, d = X->n_cols;
    fit f = {X, y, K, d, NULL, NULL, alpha, NULL, NULL, p->eps, p->max_iter, NULL, NULL};
    double *Ci = px_malloc_array(n, sizeof *Ci), *sqnorm = px_malloc_array(n, sizeof *sqnorm);
    double *own_alpha = alpha ? NULL : px_calloc(n * K, sizeof *own_alpha);
    precis_logreg *lr = px_calloc(1, sizeof *lr);
    if (lr) {
        lr->W = d <= SIZE_MAX / K ? px_malloc_array(d ? d * K : 1, sizeof *lr->W) : NULL;
        lr->b = px_malloc_array(K, sizeof *lr->b);
    }
    px_pool *pool = NULL;
    int workers = 0;
    rc = Ci && sqnorm && (alpha || own_alpha) && lr && lr->W && lr->b ? PRECIS_OK
                                                                      : PRECIS_ERR_NOMEM;
    if (rc == PRECIS_OK)
        rc = px_pool_new(&pool, p->n_threads);
    if (rc == PRECIS_OK) {
        workers = px_pool_workers(pool);
        f.w = px_calloc((size_t)workers, sizeof *f.w);
        f.order = px_calloc((size_t)workers, sizeof *f.order);
        rc = f.w && f.order ? PRECIS_OK : PRECIS_ERR_NOMEM;
        for (int t = 0; rc == PRECIS_OK && t < workers; t++) {
            f.w[t] = px_malloc_array(d + 1, sizeof **f.w);
            f.order[t] = px_malloc_array(n, sizeof **f.order);
            if (!f.w[t] || !f.order[t])
                rc = PRECIS_ERR_NOMEM;
        }
    }
    if (rc == PRECIS_OK)
        rc = row_facts(X, y, K, p, Ci, sqnorm);
    if (rc == PRECIS_OK) {
        f.Ci = Ci;
        f.sqnorm = sqnorm;
        f.alpha = alpha ? alpha : own_alpha;
        f.W = lr->W;
        f.b = lr->b;
        px_pool_run(pool, K, class_chunk, &f);
        lr->n_features = d;
        lr->n_classes = K;
        lr->converged = 1;
    }
    free_workers(&f, workers);
    px_pool_free(pool);
    px_free(Ci);
    px_free(sqnorm);
    px_free(own_alpha);
    if (rc != PRECIS_OK) { /* freed here: logreg.c, which calls this file, owns precis_logreg_free */
        if (lr) {
            px_free(lr->W);
            px_free(lr->b);
        }
        px_free(lr);
        return px_error(err, rc, "squared-hinge SVM: out of memory");
    }
    *out = lr;
    return PRECIS_OK;
}

/* ---------------------------------------------------------------- calibration */

void px_svm_scale(precis_logreg *m, double a)
{
    for (size_t j = 0; j < m->n_features * m->n_classes; j++)
        m->W[j] *= a;
    for (size_t k = 0; k < m->n_classes; k++)
        m->b[k] *= a;
}

/* d/da of the summed log-loss of softmax(a f_i): sum_i (E_p[f_i] - f_i,y_i),
 * non-decreasing in a (the loss is convex in a). *loss gets the mean loss. */
static double loss_slope(const double *f, const uint32_t *y, size_t n, size_t K, double a,
                         double *loss)
{
    double slope = 0, total = 0;
    for (size_t i = 0; i < n; i++) {
        const double *fi = f + i * K;
        double top = fi[0];
        for (size_t k = 1; k < K; k++)
            top = fmax(top, fi[k]);
        double z = 0, mean = 0;
        for (size_t k = 0; k < K; k++) {
            double e = exp(a * (fi[k] - top));
            z += e;
            mean += e * fi[k];
        }
        mean /= z;
        slope += mean - fi[y[i]];
        double p = exp(a * (fi[y[i]] - top)) / z;
        total -= log(fmax(p, LOG_LOSS_FLOOR));
    }
    if (loss)
        *loss = total / (double)n;
    return slope;
}

double px_svm_temperature(const double *f, const uint32_t *y, size_t n, size_t K,
                          double *log_loss)
{
    if (n == 0 || K < 2) {
        if (log_loss)
            *log_loss = 0;
        return 1.0;
    }
    /* Bisection on log a over [1e-3, 1e4]: the slope is monotone, and 60
     * halvings pin a to far better than the loss can tell apart. */
    double lo = log(1e-3), hi = log(1e4);
    for (int it = 0; it < 60; it++) {
        double mid = 0.5 * (lo + hi);
        if (loss_slope(f, y, n, K, exp(mid), NULL) > 0)
            hi = mid;
        else
            lo = mid;
    }
    double a = exp(0.5 * (lo + hi));
    if (log_loss)
        loss_slope(f, y, n, K, a, log_loss);
    return a;
}
