/*
 * classify.h — classifying text with a vectorizer and a logistic model, for
 * the layers above that hold the two parts but not a precis_model (private).
 */
#ifndef PRECIS_CLASSIFY_H
#define PRECIS_CLASSIFY_H

#include <stddef.h>

#include "precis.h"

/* proba[lr->n_classes] for raw text bytes (decoded, vectorized by v, scored
 * by lr). PRECIS_ERR_NOMEM is the only failure. */
int px_logreg_classify_text(const precis_vectorizer *v, const precis_logreg *lr, const char *text,
                            size_t len, double *proba, precis_error *err);

/* precis_logreg_train, starting from start's weights (NULL: from 0), which
 * must have X->n_cols x n_classes of them: a warm start along a path of C. */
int px_logreg_train_from(const precis_csr *X, const uint32_t *y, size_t n_classes,
                         const precis_logreg_params *params, const precis_logreg *start,
                         precis_logreg **out, precis_error *err);

/* precis_logreg_train with each row's loss multiplied by row_weight[i] (> 0,
 * finite; NULL: 1), on top of the class weights. One process. */
int px_logreg_train_weighted(const precis_csr *X, const uint32_t *y, size_t n_classes,
                             const precis_logreg_params *params, const double *row_weight,
                             precis_logreg **out, precis_error *err);

/* order[0..n) = 0..n-1 in the seeded order every fold assignment starts
 * from (the same on every run). PRECIS_OK or PRECIS_ERR_NOMEM. */
int px_shuffled_order(size_t *order, size_t n);

/* Stratified folds, as precis_cross_validate deals them: fold[i] < k for
 * each of the n documents. PRECIS_OK or PRECIS_ERR_NOMEM. */
int px_assign_folds(const uint32_t *y, size_t n, size_t n_labels, size_t k, size_t *fold);

/* Does fold f hold any document? Each label is dealt from fold 0, so when
 * every label has fewer documents than k the last folds stay empty: they are
 * left out of the means (an empty fold has no accuracy, not accuracy 0). */
int px_fold_has_documents(const size_t *fold, size_t n, size_t f);

/* The index of the largest of x[0..n) (the lowest on ties); 0 when n is 0. */
size_t px_argmax(const double *x, size_t n);

#endif
