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
 * Invariants: each group of classes is fitted on one thread from its own
 * seeded row order, so the model does not depend on the number of threads;
 * w~ always equals sum_i t_i a_i x~_i for the current a (rebuilt from a on entry).
 */
#include "classify/svm_dual.h"

#include <math.h>
#include <string.h>

#include "base/alloc.h"
#include "base/splitmix.h"
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

/* Classes are fitted GROUP at a time, side by side: one pass over a row
 * reads its nonzeros once for the group's dot products and once for their
 * updates, the group's weights of a column contiguous ((d + 1) x GROUP, row
 * major): a quarter of the memory traffic of one class at a time. The
 * problems stay independent (each class its own dual variables, shrinking
 * and stopping rule); the groups are fixed by the class count alone. */
#define GROUP 4

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
    double **w;           /* per worker: (d + 1) x GROUP */
    size_t **order;       /* per worker: n */
    unsigned char **shrunk; /* per worker: n x GROUP */
    int *passes;          /* per group: passes over the rows taken */
} fit;

/* One group's state between passes. */
typedef struct group {
    size_t k0, m;                 /* classes k0 .. k0 + m - 1 */
    double *w;                    /* (d + 1) x GROUP */
    size_t *order, active;        /* live rows first */
    unsigned char *shrunk;        /* n x GROUP: (i, g) set aside */
    size_t n_shrunk[GROUP];
    int done[GROUP];
    double shrink_above[GROUP], pg_max[GROUP], pg_min[GROUP];
    uint64_t rng;
} group;

/* f[g] = x~_i . w~_g for the group's classes. */
static void row_dots(const precis_csr *X, size_t i, const double *w, size_t d, double *f)
{
    for (size_t g = 0; g < GROUP; g++)
        f[g] = w[d * GROUP + g];
    for (size_t p = X->row_ptr[i]; p < X->row_ptr[i + 1]; p++) {
        const double *wj = w + (size_t)X->col[p] * GROUP;
        double v = X->val[p];
        for (size_t g = 0; g < GROUP; g++)
            f[g] += v * wj[g];
    }
}

/* w~_g += delta[g] x~_i for the group's classes. */
static void row_update(const precis_csr *X, size_t i, const double *delta, double *w, size_t d)
{
    for (size_t g = 0; g < GROUP; g++)
        w[d * GROUP + g] += delta[g];
    for (size_t p = X->row_ptr[i]; p < X->row_ptr[i + 1]; p++) {
        double *wj = w + (size_t)X->col[p] * GROUP;
        double v = X->val[p];
        for (size_t g = 0; g < GROUP; g++)
            wj[g] += v * delta[g];
    }
}

/* Coordinate steps on row i for each class of the group still at work;
 * returns whether the row still has one (else it leaves the pass order). */
static int row_steps(const fit *f, group *G, size_t i)
{
    double fv[GROUP], delta[GROUP] = {0};
    int live = 0, moved = 0;
    row_dots(f->X, i, G->w, f->d, fv);
    double dii = 0.5 / f->Ci[i];
    for (size_t g = 0; g < G->m; g++) {
        unsigned char *sh = &G->shrunk[i * GROUP + g];
        if (G->done[g] || *sh)
            continue;
        size_t k = G->k0 + g;
        double t = f->y[i] == k ? 1.0 : -1.0;
        double *a = &f->alpha[i * f->K + k];
        double grad = t * fv[g] - 1.0 + dii * *a, pg = grad;
        if (*a == 0) {
            if (grad > G->shrink_above[g]) { /* at its bound, pushing against it: set aside */
                *sh = 1;
                G->n_shrunk[g]++;
                continue;
            }
            if (grad > 0)
                pg = 0;
        }
        live = 1;
        G->pg_max[g] = fmax(G->pg_max[g], pg);
        G->pg_min[g] = fmin(G->pg_min[g], pg);
        if (fabs(pg) > 1e-12) {
            double old = *a;
            *a = fmax(old - grad / (f->sqnorm[i] + dii), 0.0);
            delta[g] = (*a - old) * t;
            moved = 1;
        }
    }
    if (moved)
        row_update(f->X, i, delta, G->w, f->d);
    return live;
}

/* One pass over the live rows in a fresh random order. */
static void pass(const fit *f, group *G)
{
    for (size_t s = 0; s + 1 < G->active; s++) { /* Fisher-Yates over the live rows */
        size_t j = s + (size_t)(px_splitmix64(&G->rng) % (uint64_t)(G->active - s));
        size_t tmp = G->order[s];
        G->order[s] = G->order[j];
        G->order[j] = tmp;
    }
    for (size_t g = 0; g < GROUP; g++) {
        G->pg_max[g] = -INFINITY;
        G->pg_min[g] = INFINITY;
    }
    for (size_t s = 0; s < G->active; s++) {
        size_t i = G->order[s];
        if (!row_steps(f, G, i)) {
            G->active--;
            G->order[s] = G->order[G->active];
            G->order[G->active] = i;
            s--; /* wraps at 0; the loop's s++ brings it back */
        }
    }
}

/* After a pass: a class whose projected gradients spread by at most eps is
 * done if none of its rows is set aside; else its rows all come back for a
 * check. Returns whether any class is still at work. */
static int settle(const fit *f, group *G)
{
    int working = 0, restore = 0;
    size_t n = f->X->n_rows;
    for (size_t g = 0; g < G->m; g++) {
        if (G->done[g])
            continue;
        if (G->pg_max[g] - G->pg_min[g] <= f->eps || G->pg_max[g] < G->pg_min[g]) {
            if (G->n_shrunk[g] == 0) {
                G->done[g] = 1;
                continue;
            }
            for (size_t i = 0; i < n; i++)
                G->shrunk[i * GROUP + g] = 0;
            G->n_shrunk[g] = 0;
            G->shrink_above[g] = INFINITY;
            restore = 1;
        } else {
            G->shrink_above[g] = G->pg_max[g] > 0 ? G->pg_max[g] : INFINITY;
        }
        working = 1;
    }
    if (restore)
        G->active = n;
    return working;
}

static void fit_group(const fit *f, size_t chunk, int worker)
{
    const precis_csr *X = f->X;
    size_t n = X->n_rows, K = f->K, d = f->d;
    group G;
    memset(&G, 0, sizeof G);
    G.k0 = chunk * GROUP;
    G.m = K - G.k0 < GROUP ? K - G.k0 : GROUP;
    G.w = f->w[worker];
    G.order = f->order[worker];
    G.shrunk = f->shrunk[worker];
    G.active = n;
    G.rng = 0x5EED0000u + chunk;
    memset(G.w, 0, (d + 1) * GROUP * sizeof *G.w);
    memset(G.shrunk, 0, n * GROUP);
    for (size_t g = 0; g < GROUP; g++)
        G.shrink_above[g] = INFINITY;
    for (size_t i = 0; i < n; i++) {
        G.order[i] = i;
        double delta[GROUP] = {0};
        int any = 0;
        for (size_t g = 0; g < G.m; g++) {
            double a = f->alpha[i * K + G.k0 + g];
            delta[g] = f->y[i] == G.k0 + g ? a : -a;
            any |= a != 0;
        }
        if (any)
            row_update(X, i, delta, G.w, d);
    }
    int it = 0;
    while (it < f->max_iter && n > 0) {
        pass(f, &G);
        it++;
        if (!settle(f, &G))
            break;
    }
    f->passes[chunk] = it;
    for (size_t j = 0; j < d; j++)
        for (size_t g = 0; g < G.m; g++)
            f->W[j * K + G.k0 + g] = G.w[j * GROUP + g];
    for (size_t g = 0; g < G.m; g++)
        f->b[G.k0 + g] = G.w[d * GROUP + g];
}

static void group_chunk(void *ctx, size_t chunk, int worker)
{
    fit_group(ctx, chunk, worker);
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
        if (f->shrunk)
            px_free(f->shrunk[t]);
    }
    px_free(f->w);
    px_free(f->order);
    px_free(f->shrunk);
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
    size_t groups = (K + GROUP - 1) / GROUP;
    fit f = {X, y, K, d, NULL, NULL, alpha, NULL, NULL, p->eps, p->max_iter, NULL, NULL, NULL,
             NULL};
    f.passes = px_calloc(groups, sizeof *f.passes);
    double *Ci = px_malloc_array(n, sizeof *Ci), *sqnorm = px_malloc_array(n, sizeof *sqnorm);
    double *own_alpha = alpha ? NULL : px_calloc(n * K, sizeof *own_alpha);
    precis_logreg *lr = px_calloc(1, sizeof *lr);
    if (lr) {
        lr->W = d <= SIZE_MAX / K ? px_malloc_array(d ? d * K : 1, sizeof *lr->W) : NULL;
        lr->b = px_malloc_array(K, sizeof *lr->b);
    }
    px_pool *pool = NULL;
    int workers = 0;
    rc = Ci && sqnorm && (alpha || own_alpha) && lr && lr->W && lr->b && f.passes
             ? PRECIS_OK
             : PRECIS_ERR_NOMEM;
    if (rc == PRECIS_OK)
        rc = px_pool_new(&pool, p->n_threads);
    if (rc == PRECIS_OK) {
        workers = px_pool_workers(pool);
        f.w = px_calloc((size_t)workers, sizeof *f.w);
        f.order = px_calloc((size_t)workers, sizeof *f.order);
        f.shrunk = px_calloc((size_t)workers, sizeof *f.shrunk);
        rc = f.w && f.order && f.shrunk ? PRECIS_OK : PRECIS_ERR_NOMEM;
        for (int t = 0; rc == PRECIS_OK && t < workers; t++) {
            f.w[t] = d + 1 <= SIZE_MAX / GROUP ? px_malloc_array((d + 1) * GROUP, sizeof **f.w)
                                               : NULL;
            f.order[t] = px_malloc_array(n, sizeof **f.order);
            f.shrunk[t] = n <= SIZE_MAX / GROUP ? px_malloc(n * GROUP) : NULL;
            if (!f.w[t] || !f.order[t] || !f.shrunk[t])
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
        px_pool_run(pool, groups, group_chunk, &f);
        lr->n_features = d;
        lr->n_classes = K;
        lr->converged = 1;
        for (size_t g = 0; g < groups; g++) { /* the slowest group's passes */
            lr->iterations = f.passes[g] > lr->iterations ? f.passes[g] : lr->iterations;
            lr->converged &= f.passes[g] < p->max_iter;
        }
    }
    free_workers(&f, workers);
    px_pool_free(pool);
    px_free(Ci);
    px_free(sqnorm);
    px_free(own_alpha);
    px_free(f.passes);
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
