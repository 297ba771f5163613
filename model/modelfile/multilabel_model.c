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

/* Does label a come before label b: more probable, or as probable and lower? */
static int before(size_t a, size_t b, const double *proba)
{
    return proba[a] > proba[b] || (proba[a] == proba[b] && a < b);
}

static void sift_down(size_t *h, size_t at, size_t n, const double *proba)
{
    for (size_t child; (child = 2 * at + 1) < n; at = child) {
        if (child + 1 < n && before(h[child], h[child + 1], proba))
            child++; /* the later of the two children */
        if (!before(h[at], h[child], proba))
            return;
        size_t x = h[at];
        h[at] = h[child];
        h[child] = x;
    }
}

/* Most probable first, the lower index on ties: a heapsort, in place and
 * O(n log n) however many labels pass (qsort has no context argument). */
static void sort_by_proba(size_t *idx, size_t n, const double *proba)
{
    for (size_t i = n / 2; i-- > 0;)
        sift_down(idx, i, n, proba);
    for (size_t end = n; end > 1; end--) {
        size_t x = idx[0];
        idx[0] = idx[end - 1];
        idx[end - 1] = x;
        sift_down(idx, 0, end - 1, proba);
    }
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
    sort_by_proba(out, n, proba);
    return n;
}
