/*
 * explain.c — why a model decides as it does: the terms of a document that
 * pushed it toward a class, and each class's heaviest terms.
 *
 * Both keep the n best of many candidates with an insertion into a sorted
 * array of n: n is small (tens) while candidates are a document's terms or a
 * whole vocabulary, so this is linear in the candidates.
 */
#include <string.h>

#include "base/error.h"
#include "modelfile/model.h"
#include "precis.h"

/* Offers (term, weight) to the best-first list out[0..*have), capacity n. */
static void offer(precis_term_weight *out, size_t n, size_t *have, const char *term, double weight)
{
    if (n == 0 || (*have == n && weight <= out[n - 1].weight))
        return;
    size_t at = *have < n ? (*have)++ : n - 1;
    while (at > 0 && out[at - 1].weight < weight) {
        out[at] = out[at - 1];
        at--;
    }
    out[at].term = term;
    out[at].weight = weight;
}

int px_explain_row(const precis_model *m, const precis_csr *row, size_t k, size_t n,
                   precis_term_weight *out, size_t *n_out, precis_error *err)
{
    *n_out = 0;
    const precis_logreg *lr = precis_model_logreg(m);
    const precis_vectorizer *v = precis_model_vectorizer(m);
    if (k >= lr->n_classes)
        return px_error(err, PRECIS_ERR_ARG, "class %zu is not one of the model's %zu", k,
                        lr->n_classes);
    for (size_t i = 0; i < row->nnz; i++) {
        double c = row->val[i] * lr->W[(size_t)row->col[i] * lr->n_classes + k];
        if (c > 0)
            offer(out, n, n_out, precis_vectorizer_term(v, row->col[i]), c);
    }
    return PRECIS_OK;
}

int precis_model_explain(const precis_model *m, const char *text, size_t len, size_t k,
                         size_t n, precis_term_weight *out, size_t *n_out, precis_error *err)
{
    *n_out = 0;
    precis_csr row = {0};
    int rc = precis_vectorizer_transform(precis_model_vectorizer(m), text, len, &row, err);
    if (rc == PRECIS_OK)
        rc = px_explain_row(m, &row, k, n, out, n_out, err);
    precis_csr_free(&row);
    return rc;
}

size_t precis_model_top_terms(const precis_model *m, size_t k, size_t n, precis_term_weight *out)
{
    const precis_logreg *lr = precis_model_logreg(m);
    const precis_vectorizer *v = precis_model_vectorizer(m);
    size_t have = 0;
    if (k >= lr->n_classes)
        return 0;
    for (size_t j = 0; j < lr->n_features; j++)
        offer(out, n, &have, precis_vectorizer_term(v, j), lr->W[j * lr->n_classes + k]);
    return have;
}
