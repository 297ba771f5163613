/*
 * multilabel_model.c — a model's multi-label part: per-label thresholds, the
 * top-label fallback, and the decision they make from probabilities.
 *
 * Invariant: m->threshold is NULL (single-label) or holds n_labels finite
 * values in (0, 1), and then m->lr->one_vs_rest is 1 and m->reader says
 * multi_label, so new input is read as the training corpus was.
 */
#include <math.h>
#include <string.h>

#include "base/alloc.h"
#include "base/error.h"
#include "modelfile/model.h"

int precis_model_set_multilabel(precis_model *m, const double *threshold, int fallback,
                                int label_separator, precis_error *err)
{
    if (!m || !threshold)
        return px_error(err, PRECIS_ERR_ARG, "multi-label: no model or no thresholds");
    for (size_t k = 0; k < m->n_labels; k++)
        if (!(threshold[k] > 0 && threshold[k] < 1))
            return px_error(err, PRECIS_ERR_ARG, "multi-label: label \"%.100s\" has threshold "
                            "%g, outside (0, 1)", m->labels[k], threshold[k]);
    if (label_separator < 0 || label_separator > 126 || label_separator == '\t' ||
        label_separator == '\n' || label_separator == '\r')
        return px_error(err, PRECIS_ERR_ARG, "multi-label: label separator %d is not a "
                        "printable ASCII character", label_separator);
    double *t = px_malloc_array(m->n_labels, sizeof *t);
    if (!t)
        return px_error(err, PRECIS_ERR_NOMEM, "out of memory");
    memcpy(t, threshold, m->n_labels * sizeof *t);
    px_free(m->threshold);
    m->threshold = t;
    m->fallback = fallback != 0;
    m->lr->one_vs_rest = 1;
    m->reader.multi_label = 1;
    m->reader.label_separator = label_separator;
    return PRECIS_OK;
}

int precis_model_is_multilabel(const precis_model *m)
{
    return m && m->threshold != NULL;
}

double precis_model_threshold(const precis_model *m, size_t k)
{
    return m && m->threshold && k < m->n_labels ? m->threshold[k] : 0.5;
}

int precis_model_fallback(const precis_model *m)
{
    return m && m->threshold ? m->fallback : 1;
}

size_t precis_model_decide(const precis_model *m, const double *proba, size_t *out)
{
    size_t K = m->n_labels, n = 0, top = 0;
    for (size_t k = 0; k < K; k++) {
        top = proba[k] > proba[top] ? k : top;
        if (m->threshold && proba[k] >= m->threshold[k])
            out[n++] = k;
    }
    if (n == 0 && (!m->threshold || m->fallback)) {
        out[0] = top;
        return 1;
    }
    /* Most probable first, the lower index on ties. Insertion sort: a
     * document passes few thresholds (and qsort has no context argument). */
    for (size_t i = 1; i < n; i++) {
        size_t x = out[i], j = i;
        while (j > 0 && (proba[out[j - 1]] < proba[x] ||
                         (proba[out[j - 1]] == proba[x] && out[j - 1] > x))) {
            out[j] = out[j - 1];
            j--;
        }
        out[j] = x;
    }
    return n;
}
