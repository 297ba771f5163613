/*
 * crossval.c — stratified k-fold cross-validation of the classifier.
 *
 * Fold assignment: documents are shuffled with GSL's Mersenne Twister under a
 * fixed seed, then dealt to folds class by class, round robin, so every fold
 * holds each class in proportion and the same corpus always gives the same
 * folds. Invariant: fold[i] < k for every document.
 */
#include <math.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "base/alloc.h"
#include "base/error.h"
#include "classify/classify.h"
#include "precis.h"
#include "features/dataset.h"
#include "features/sparse.h"
#include "features/vectorizer.h"

#define FOLD_SEED 20061

int px_shuffled_order(size_t *order, size_t n)
{
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    if (!rng)
        return PRECIS_ERR_NOMEM;
    gsl_rng_set(rng, FOLD_SEED);
    for (size_t i = 0; i < n; i++)
        order[i] = i;
    gsl_ran_shuffle(rng, order, n, sizeof *order);
    gsl_rng_free(rng);
    return PRECIS_OK;
}

int px_assign_folds(const uint32_t *y, size_t n, size_t n_labels, size_t k, size_t *fold)
{
    size_t *order = px_malloc_array(n ? n : 1, sizeof *order);
    size_t *next = px_calloc(n_labels ? n_labels : 1, sizeof *next);
    int rc = order && next ? px_shuffled_order(order, n) : PRECIS_ERR_NOMEM;
    if (rc == PRECIS_OK) {
        for (size_t i = 0; i < n; i++) {
            uint32_t c = y[order[i]];
            fold[order[i]] = next[c]++ % k;
        }
    }
    px_free(order);
    px_free(next);
    return rc;
}

int px_fold_has_documents(const size_t *fold, size_t n, size_t f)
{
    for (size_t i = 0; i < n; i++)
        if (fold[i] == f)
            return 1;
    return 0;
}

/* k folds of n documents cannot be dealt: k < 2 or k > n. */
static int folds_refused(size_t k, size_t n, precis_error *err)
{
    if (k < 2)
        return px_error(err, PRECIS_ERR_ARG, "cross-validation needs at least 2 folds, not %zu", k);
    return px_error(err, PRECIS_ERR_ARG,
                    "%zu-fold cross-validation needs at least %zu documents; there are %zu", k, k, n);
}

#define LOG_LOSS_FLOOR 1e-15 /* a probability of 0 costs -ln(1e-15), as scikit-learn's */

/* Trains on every fold but `f` and scores fold `f`: its accuracy, and its
 * mean log-loss into *log_loss when not NULL. */
static int run_fold(const precis_csr *Xall, const precis_dataset *d, const size_t *fold, size_t f,
                    const precis_logreg_params *params, double *accuracy, double *log_loss,
                    precis_metrics *metrics, precis_error *err)
{
    size_t n = Xall->n_rows, n_train = 0, n_test = 0;
    size_t *train = px_malloc_array(n, sizeof *train);
    size_t *test = px_malloc_array(n, sizeof *test);
    uint32_t *y_train = px_malloc_array(n, sizeof *y_train);
    double *proba = px_malloc_array(d->n_labels, sizeof *proba);
    precis_csr X = {0};
    precis_logreg *lr = NULL;
    int rc = (train && test && y_train && proba) ? PRECIS_OK
                                                  : px_error(err, PRECIS_ERR_NOMEM, "out of memory");
    for (size_t i = 0; rc == PRECIS_OK && i < n; i++) {
        if (fold[i] == f) {
            test[n_test++] = i;
        } else {
            y_train[n_train] = d->y[i];
            train[n_train++] = i;
        }
    }
    if (rc == PRECIS_OK && px_csr_select_rows(Xall, train, n_train, &X) != PRECIS_OK)
        rc = px_error(err, PRECIS_ERR_NOMEM, "out of memory");
    if (rc == PRECIS_OK)
        rc = precis_logreg_train(&X, y_train, d->n_labels, params, &lr, err);
    size_t correct = 0;
    double loss = 0;
    for (size_t t = 0; rc == PRECIS_OK && t < n_test; t++) {
        size_t i = test[t], a = Xall->row_ptr[i];
        precis_logreg_predict_proba(lr, Xall->col + a, Xall->val + a, Xall->row_ptr[i + 1] - a,
                                    proba);
        correct += px_argmax(proba, d->n_labels) == d->y[i];
        loss -= log(proba[d->y[i]] > LOG_LOSS_FLOOR ? proba[d->y[i]] : LOG_LOSS_FLOOR);
        if (metrics)
            precis_metrics_add(metrics, d->y[i], proba);
    }
    *accuracy = n_test ? (double)correct / (double)n_test : 0.0;
    if (log_loss)
        *log_loss = n_test ? loss / (double)n_test : 0.0;
    precis_logreg_free(lr);
    precis_csr_free(&X);
    px_free(train);
    px_free(test);
    px_free(y_train);
    px_free(proba);
    return rc;
}

int precis_cross_validate(const precis_dataset *d, size_t k, const precis_logreg_params *params,
                          double *accuracy, precis_metrics *metrics, precis_error *err)
{
    if (k < 2 || k > d->X.n_rows)
        return folds_refused(k, d->X.n_rows, err);
    size_t *fold = px_malloc_array(d->X.n_rows, sizeof *fold);
    if (!fold)
        return px_error(err, PRECIS_ERR_NOMEM, "out of memory");
    int rc = px_assign_folds(d->y, d->X.n_rows, d->n_labels, k, fold);
    if (rc != PRECIS_OK)
        rc = px_error(err, rc, "out of memory");
    double sum = 0;
    size_t used = 0;
    for (size_t f = 0; rc == PRECIS_OK && f < k; f++) {
        if (!px_fold_has_documents(fold, d->X.n_rows, f))
            continue;
        double acc;
        rc = run_fold(&d->X, d, fold, f, params, &acc, NULL, metrics, err);
        sum += acc;
        used++;
    }
    px_free(fold);
    *accuracy = used ? sum / (double)used : 0.0;
    return rc;
}

/* Fold f's features, fitted on the other folds only; accuracy[g] += its
 * accuracy at C_grid[g], log_loss[g] += its mean log-loss. */
static int run_fitted_fold(const precis_vectorizer_builder *counts, const precis_dataset *d,
                           const size_t *fold, size_t n, size_t f,
                           const precis_logreg_params *params, const double *C_grid,
                           size_t n_grid, double *accuracy, double *log_loss, precis_error *err)
{
    unsigned char *in_fit = px_malloc(n ? n : 1);
    if (!in_fit)
        return px_error(err, PRECIS_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < n; i++)
        in_fit[i] = fold[i] != f;
    precis_vectorizer *v = NULL;
    precis_csr X = {0};
    int rc = px_vectorizer_builder_fit_subset(counts, in_fit, &v, &X, err);
    for (size_t g = 0; rc == PRECIS_OK && g < n_grid; g++) {
        precis_logreg_params p = *params;
        p.C = C_grid[g];
        double acc, loss;
        rc = run_fold(&X, d, fold, f, &p, &acc, &loss, NULL, err);
        accuracy[g] += acc;
        log_loss[g] += loss;
    }
    precis_csr_free(&X);
    precis_vectorizer_free(v);
    px_free(in_fit);
    return rc;
}

int precis_cross_validate_corpus(const char *path, const precis_reader_options *reader,
                                 const precis_feature_options *features, size_t k,
                                 const precis_logreg_params *params, const double *C_grid,
                                 size_t n_grid, double *accuracy, precis_error *err)
{
    return precis_cross_validate_corpus_scores(path, reader, features, k, params, C_grid, n_grid,
                                               accuracy, NULL, err);
}

int precis_cross_validate_corpus_scores(const char *path, const precis_reader_options *reader,
                                        const precis_feature_options *features, size_t k,
                                        const precis_logreg_params *params, const double *C_grid,
                                        size_t n_grid, double *accuracy, double *log_loss,
                                        precis_error *err)
{
    precis_logreg_params defaults;
    if (!params) {
        precis_logreg_params_default(&defaults);
        params = &defaults;
    }
    if (!C_grid) {
        C_grid = &params->C;
        n_grid = 1;
    }
    if (n_grid == 0)
        return px_error(err, PRECIS_ERR_ARG, "cross-validation: an empty C grid");
    double *loss = px_calloc(n_grid, sizeof *loss);
    if (!loss)
        return px_error(err, PRECIS_ERR_NOMEM, "out of memory");
    precis_dataset *d = NULL;
    precis_vectorizer_builder *counts = NULL;
    size_t n = 0;
    int rc = px_dataset_read(&d, &counts, &n, path, reader, features, err);
    if (rc == PRECIS_OK && (k < 2 || k > n))
        rc = folds_refused(k, n, err);
    size_t *fold = rc == PRECIS_OK ? px_malloc_array(n, sizeof *fold) : NULL;
    if (rc == PRECIS_OK && (!fold || px_assign_folds(d->y, n, d->n_labels, k, fold) != PRECIS_OK))
        rc = px_error(err, PRECIS_ERR_NOMEM, "out of memory");
    for (size_t g = 0; g < n_grid; g++)
        accuracy[g] = 0;
    size_t used = 0;
    for (size_t f = 0; rc == PRECIS_OK && f < k; f++) {
        if (!px_fold_has_documents(fold, n, f))
            continue;
        rc = run_fitted_fold(counts, d, fold, n, f, params, C_grid, n_grid, accuracy, loss, err);
        used++;
    }
    for (size_t g = 0; g < n_grid; g++) {
        accuracy[g] = used ? accuracy[g] / (double)used : 0.0;
        if (log_loss)
            log_loss[g] = used ? loss[g] / (double)used : 0.0;
    }
    px_free(loss);
    px_free(fold);
    precis_vectorizer_builder_free(counts);
    precis_dataset_free(d);
    return rc;
}
