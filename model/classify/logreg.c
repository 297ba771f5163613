/*
 * logreg.c — the multinomial logistic regression classifier: parameters,
 * validation of a training problem, the fitted model and its predictions.
 *
 * The model minimizes scikit-learn's LogisticRegression(multi_class=
 * "multinomial", penalty="l2") objective
 *     C * sum_i s_i * (logsumexp_k z_ik - z_i,y_i) + ||W||_F^2 / 2,
 *     z_i = x_i W + b  (b not penalized),
 * with s_i = 1, or n / (K * n_{y_i}) for balanced class weights (K counts
 * the classes that have documents, as scikit-learn's compute_class_weight
 * over np.unique(y) does). The optimization itself
 * lives in newton.c.
 *
 * Invariant of a precis_logreg: W has n_features * n_classes doubles
 * (row-major, so a sparse row's score is a sum of contiguous K-wide rows),
 * b has n_classes; both come from px_malloc (or are NULL) and are released
 * by precis_logreg_free.
 */
#include <math.h>
#include <string.h>

#include "base/alloc.h"
#include "base/comm.h"
#include "base/error.h"
#include "classify/classify.h"
#include "classify/newton.h"
#include "classify/svm_dual.h"
#include "precis.h"

void precis_logreg_params_default(precis_logreg_params *p)
{
    memset(p, 0, sizeof *p);
    p->C = 10.0;
    p->max_iter = 1000;
    p->tol = 1e-4;
    p->class_weight_balanced = 0;
    p->n_threads = 0;
}

/* ---------------------------------------------------------------- validation */

static int check_params(const precis_logreg_params *p, precis_error *err)
{
    if (!(p->C >= PRECIS_C_MIN && p->C <= PRECIS_C_MAX))
        return px_error(err, PRECIS_ERR_ARG, "logistic regression: C must lie in [%g, %g], the "
                        "range the solver handles (got %g)", PRECIS_C_MIN, PRECIS_C_MAX, p->C);
    if (!(p->tol > 0) || !isfinite(p->tol))
        return px_error(err, PRECIS_ERR_ARG, "logistic regression: tol must be a positive "
                                             "finite number (got %g)", p->tol);
    if (p->max_iter < 1)
        return px_error(err, PRECIS_ERR_ARG, "logistic regression: max_iter must be at "
                                             "least 1 (got %d)", p->max_iter);
    if (p->loss != PRECIS_LOSS_MULTINOMIAL && p->loss != PRECIS_LOSS_SQUARED_HINGE)
        return px_error(err, PRECIS_ERR_ARG, "linear classifier: unknown loss %d", (int)p->loss);
    if (!(p->temperature >= 0) || !isfinite(p->temperature))
        return px_error(err, PRECIS_ERR_ARG, "linear classifier: the temperature must be a "
                                             "finite number, 0 or more (got %g)", p->temperature);
    if (p->n_threads < 0)
        return px_error(err, PRECIS_ERR_ARG, "logistic regression: n_threads must be 0 "
                                             "(all cores) or positive (got %d)", p->n_threads);
    return PRECIS_OK;
}

static int check_matrix(const precis_csr *X, int may_be_empty, precis_error *err)
{
    if (X->n_rows == 0 && !may_be_empty)
        return px_error(err, PRECIS_ERR_EMPTY, "logistic regression: no documents to train on");
    if (X->n_rows == 0)
        return PRECIS_OK; /* one process's share of several: it may hold no rows */
    if (!X->row_ptr || (X->nnz > 0 && (!X->col || !X->val)))
        return px_error(err, PRECIS_ERR_ARG, "logistic regression: the matrix has no arrays");
    if (X->row_ptr[0] != 0 || X->row_ptr[X->n_rows] != X->nnz)
        return px_error(err, PRECIS_ERR_ARG, "logistic regression: malformed matrix "
                                             "(row_ptr[0] = %zu, row_ptr[%zu] = %zu, nnz = %zu)",
                        X->row_ptr[0], X->n_rows, X->row_ptr[X->n_rows], X->nnz);
    if (X->n_rows > UINT32_MAX)
        return px_error(err, PRECIS_ERR_LIMIT, "logistic regression: at most %lu documents "
                                               "(got %zu)", (unsigned long)UINT32_MAX, X->n_rows);
    for (size_t i = 0; i < X->n_rows; i++) {
        if (X->row_ptr[i + 1] < X->row_ptr[i])
            return px_error(err, PRECIS_ERR_ARG, "logistic regression: malformed matrix "
                                                 "(row_ptr decreases at row %zu)", i);
        for (size_t p = X->row_ptr[i]; p < X->row_ptr[i + 1]; p++) {
            if (X->col[p] >= X->n_cols)
                return px_error(err, PRECIS_ERR_ARG, "logistic regression: row %zu has "
                                                     "column %lu, but the matrix has %zu",
                                i, (unsigned long)X->col[p], X->n_cols);
            if (!isfinite(X->val[p]))
                return px_error(err, PRECIS_ERR_ARG, "logistic regression: row %zu has a "
                                                     "non-finite value", i);
        }
    }
    return PRECIS_OK;
}

static int check_labels(const uint32_t *y, size_t n, size_t n_classes, precis_error *err)
{
    if (n_classes == 1)
        return px_error(err, PRECIS_ERR_ARG, "logistic regression: only one class: at least "
                                             "two are needed to tell documents apart");
    if (n_classes == 0)
        return px_error(err, PRECIS_ERR_ARG, "logistic regression: no classes: at least two "
                                             "are needed");
    if (n_classes > INT32_MAX)
        return px_error(err, PRECIS_ERR_LIMIT, "logistic regression: too many classes (%zu)",
                        n_classes);
    for (size_t i = 0; i < n; i++)
        if (y[i] >= n_classes)
            return px_error(err, PRECIS_ERR_ARG, "logistic regression: document %zu has class "
                                                 "%lu, but there are %zu classes",
                            i, (unsigned long)y[i], n_classes);
    return PRECIS_OK;
}

/* cw_i = C * s_i: the per-document weights of the loss. The class counts
 * are those of every process's rows (exact integer sums), so a document's
 * weight does not depend on how the rows are spread. */
static double *document_weights(const uint32_t *y, size_t n, size_t n_classes, double C,
                                int balanced, const precis_comm *comm)
{
    double *cw = px_malloc_array(n ? n : 1, sizeof *cw);
    if (!cw)
        return NULL;
    if (!balanced) {
        for (size_t i = 0; i < n; i++)
            cw[i] = C;
        return cw;
    }
    uint64_t *count = px_calloc(n_classes + 1, sizeof *count);
    if (!count) {
        px_free(cw);
        return NULL;
    }
    for (size_t i = 0; i < n; i++)
        count[y[i]]++;
    count[n_classes] = n;
    if (px_comm_sum_u64(comm, count, n_classes + 1) != 0) {
        px_free(count);
        px_free(cw);
        return NULL;
    }
    size_t present = 0, total = (size_t)count[n_classes];
    for (size_t k = 0; k < n_classes; k++)
        present += count[k] > 0;
    for (size_t i = 0; i < n; i++)
        cw[i] = C * ((double)total / ((double)present * (double)count[y[i]]));
    px_free(count);
    return cw;
}

/* ---------------------------------------------------------------- training */

/* Splits the solver's [W; b] into the model's W and b. */
static int make_model(precis_logreg **out, double *Wb, size_t n_features, size_t n_classes,
                      const px_newton_result *res)
{
    precis_logreg *m = px_calloc(1, sizeof *m);
    double *b = px_malloc_array(n_classes, sizeof *b);
    if (!m || !b) {
        px_free(m);
        px_free(b);
        return PRECIS_ERR_NOMEM;
    }
    memcpy(b, Wb + n_features * n_classes, n_classes * sizeof *b);
    m->n_features = n_features;
    m->n_classes = n_classes;
    m->W = Wb; /* the trailing b row stays allocated, unused */
    m->b = b;
    m->iterations = res->iterations;
    m->objective = res->objective;
    m->converged = res->converged;
    *out = m;
    return PRECIS_OK;
}

/* [W; b] of start, as the solver lays it out; NULL when out of memory. */
static double *solver_layout(const precis_logreg *start)
{
    size_t K = start->n_classes, d = start->n_features;
    double *Wb = px_malloc_array((d + 1) * K, sizeof *Wb);
    if (Wb) {
        memcpy(Wb, start->W, d * K * sizeof *Wb);
        memcpy(Wb + d * K, start->b, K * sizeof *Wb);
    }
    return Wb;
}

int precis_logreg_train(const precis_csr *X, const uint32_t *y, size_t n_classes,
                        const precis_logreg_params *params, precis_logreg **out,
                        precis_error *err)
{
    return px_logreg_train_from(X, y, n_classes, params, NULL, out, err);
}

static int logreg_fit(const precis_csr *X, const uint32_t *y, size_t n_classes,
                      const precis_logreg_params *params, const precis_logreg *start,
                      const precis_comm *comm, const double *row_weight, precis_logreg **out,
                      precis_error *err);

int px_logreg_train_from(const precis_csr *X, const uint32_t *y, size_t n_classes,
                         const precis_logreg_params *params, const precis_logreg *start,
                         precis_logreg **out, precis_error *err)
{
    return logreg_fit(X, y, n_classes, params, start, NULL, NULL, out, err);
}

int px_logreg_train_weighted(const precis_csr *X, const uint32_t *y, size_t n_classes,
                             const precis_logreg_params *params, const double *row_weight,
                             precis_logreg **out, precis_error *err)
{
    return logreg_fit(X, y, n_classes, params, NULL, NULL, row_weight, out, err);
}

int precis_logreg_train_comm(const precis_csr *X, const uint32_t *y, size_t n_classes,
                             const precis_logreg_params *params, const precis_comm *comm,
                             precis_logreg **out, precis_error *err)
{
    return logreg_fit(X, y, n_classes, params, NULL, comm, NULL, out, err);
}

/* Every rank checks the same thing, so all go on or all stop: the count of
 * rows over all ranks, exact. */
static int total_rows(const precis_comm *comm, size_t n, uint64_t *total, precis_error *err)
{
    *total = n;
    if (px_comm_sum_u64(comm, total, 1) != 0)
        return px_error(err, PRECIS_ERR_IO, "logistic regression: the processes lost touch");
    if (*total == 0)
        return px_error(err, PRECIS_ERR_EMPTY, "logistic regression: no documents to train on");
    if (*total > UINT32_MAX)
        return px_error(err, PRECIS_ERR_LIMIT, "logistic regression: at most %lu documents "
                                               "(got %llu)", (unsigned long)UINT32_MAX,
                        (unsigned long long)*total);
    return PRECIS_OK;
}

/* One-vs-rest squared-hinge SVMs (svm_dual.c) as a softmax model: the
 * weights multiplied by the temperature. */
static int squared_hinge_fit(const precis_csr *X, const uint32_t *y, size_t n_classes,
                             const precis_logreg_params *params, precis_logreg **out,
                             precis_error *err)
{
    px_svm_params sp;
    px_svm_params_default(&sp);
    sp.C = params->C;
    sp.class_weight_balanced = params->class_weight_balanced;
    sp.n_threads = params->n_threads;
    int rc = px_svm_train_ovr(X, y, n_classes, &sp, NULL, out, err);
    if (rc != PRECIS_OK)
        return rc;
    px_svm_scale(*out, params->temperature > 0 ? params->temperature : 1.0);
    return PRECIS_OK;
}

/* The fit: from start's weights when given (a warm start), over the
 * processes of comm when it has several (NULL: one). */
static int logreg_fit(const precis_csr *X, const uint32_t *y, size_t n_classes,
                      const precis_logreg_params *params, const precis_logreg *start,
                      const precis_comm *comm, const double *row_weight, precis_logreg **out,
                      precis_error *err)
{
    if (!out)
        return px_error(err, PRECIS_ERR_ARG, "logistic regression: no place for the model");
    *out = NULL;
    if (!X || (!y && X->n_rows > 0)) /* a share of several may be empty */
        return px_error(err, PRECIS_ERR_ARG, "logistic regression: missing %s",
                        !X ? "matrix" : "labels");
    precis_logreg_params defaults;
    if (!params) {
        precis_logreg_params_default(&defaults);
        params = &defaults;
    }
    precis_comm one;
    if (!comm) {
        precis_comm_single(&one);
        comm = &one;
    }
    int spread = comm->size > 1;
    int rc = check_params(params, err);
    if (rc == PRECIS_OK)
        rc = check_matrix(X, spread, err);
    if (rc == PRECIS_OK)
        rc = check_labels(y, X->n_rows, n_classes, err);
    uint64_t total = 0;
    if (rc == PRECIS_OK && spread)
        rc = total_rows(comm, X->n_rows, &total, err);
    if (rc != PRECIS_OK)
        return rc;
    if (params->loss == PRECIS_LOSS_SQUARED_HINGE)
        return spread ? px_error(err, PRECIS_ERR_ARG, "the squared-hinge loss is fitted in one "
                                                      "process only")
                      : squared_hinge_fit(X, y, n_classes, params, out, err);
    double *cw = document_weights(y, X->n_rows, n_classes, params->C,
                                  params->class_weight_balanced, comm);
    if (!cw)
        return px_error(err, PRECIS_ERR_NOMEM, "logistic regression: out of memory");
    for (size_t i = 0; row_weight && i < X->n_rows; i++)
        cw[i] *= row_weight[i];
    if (start && (start->n_classes != n_classes || start->n_features != X->n_cols)) {
        px_free(cw);
        return px_error(err, PRECIS_ERR_ARG, "logistic regression: the warm start has %zu x %zu "
                        "weights, the problem %zu x %zu", start->n_features, start->n_classes,
                        X->n_cols, n_classes);
    }
    double *Wb0 = start ? solver_layout(start) : NULL;
    if (start && !Wb0) {
        px_free(cw);
        return px_error(err, PRECIS_ERR_NOMEM, "logistic regression: out of memory");
    }
    px_newton_problem pb = {X, y, cw, n_classes, params->max_iter, params->tol,
                            params->n_threads, params->progress, params->progress_ctx, Wb0,
                            spread ? comm : NULL};
    px_newton_result res;
    rc = px_newton_fit(&pb, &res, err);
    px_free(Wb0);
    px_free(cw);
    if (rc != PRECIS_OK)
        return rc;
    if (make_model(out, res.Wb, X->n_cols, n_classes, &res) != PRECIS_OK) {
        px_free(res.Wb);
        return px_error(err, PRECIS_ERR_NOMEM, "logistic regression: out of memory");
    }
    return PRECIS_OK;
}

/* ---------------------------------------------------------------- prediction */

void precis_logreg_predict_proba(const precis_logreg *m, const uint32_t *col,
                                 const double *val, size_t nnz, double *proba)
{
    const size_t K = m->n_classes;
    memcpy(proba, m->b, K * sizeof *proba);
    for (size_t p = 0; p < nnz; p++) {
        if (col[p] >= m->n_features)
            continue; /* a feature the model never saw carries no weight */
        const double *w = m->W + (size_t)col[p] * K;
        for (size_t k = 0; k < K; k++)
            proba[k] += val[p] * w[k];
    }
    if (m->one_vs_rest) {
        for (size_t k = 0; k < K; k++)
            proba[k] = proba[k] >= 0 ? 1 / (1 + exp(-proba[k]))
                                     : exp(proba[k]) / (1 + exp(proba[k]));
        return;
    }
    size_t top = 0;
    for (size_t k = 1; k < K; k++)
        if (proba[k] > proba[top])
            top = k;
    double peak = proba[top], sum = 0;
    for (size_t k = 0; k < K; k++) {
        proba[k] = exp(proba[k] - peak);
        sum += proba[k];
    }
    for (size_t k = 0; k < K; k++)
        proba[k] /= sum;
}

void precis_logreg_free(precis_logreg *m)
{
    if (!m)
        return;
    px_free(m->W);
    px_free(m->b);
    px_free(m);
}

int px_logreg_classify_text(const precis_vectorizer *v, const precis_logreg *lr, const char *text,
                            size_t len, double *proba, precis_error *err)
{
    precis_csr row = {0};
    int rc = precis_vectorizer_transform(v, text, len, &row, err);
    if (rc == PRECIS_OK)
        precis_logreg_predict_proba(lr, row.col, row.val, row.nnz, proba);
    precis_csr_free(&row); /* a failed append may leave arrays behind */
    return rc;
}

size_t px_argmax(const double *x, size_t n)
{
    size_t best = 0;
    for (size_t k = 1; k < n; k++)
        if (x[k] > x[best])
            best = k;
    return best;
}
