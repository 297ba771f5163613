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

/* The index of the largest of x[0..n) (the lowest on ties); 0 when n is 0. */
size_t px_argmax(const double *x, size_t n);

#endif
