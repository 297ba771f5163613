/*
 * model.c — the precis_model object: a vectorizer, the labels and a
 * classifier that agree with one another, and classification of one text.
 *
 * Invariants (see model.h): sizes agree, labels are non-empty, at most
 * PRECIS_MAX_LABEL_BYTES long and distinct once decoded to UTF-8 (the way
 * every output shows them: "\xe9" and "\xc3\xa9" are both "é", and one would
 * vanish from a JSON object keyed by label); weights are finite and at most
 * MAX_WEIGHT in size, so no score a model computes can overflow to inf or
 * NaN (a fit with C <= PRECIS_C_MAX stays far below it). A model built for a float32 file has its weights rounded
 * to float precision when it is made, not when it is saved, so the model in
 * memory and the model read back from its file classify bit for bit alike.
 */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/error.h"
#include "summarize/learned.h"
#include "classify/classify.h"
#include "modelfile/model.h"

int px_model_reader_check(const precis_reader_options *opt, precis_error *err)
{
    if ((unsigned)opt->format > PRECIS_FORMAT_FILES)
        return px_error(err, PRECIS_ERR_ARG, "unknown corpus format %d", (int)opt->format);
    if (opt->csv_label_column < 1)
        return px_error(err, PRECIS_ERR_ARG, "CSV label column %d is not 1 or more",
                        opt->csv_label_column);
    if (opt->csv_n_text_columns < 0 || opt->csv_n_text_columns > PRECIS_MAX_TEXT_COLUMNS)
        return px_error(err, PRECIS_ERR_ARG, "%d CSV text columns (0 to %d allowed)",
                        opt->csv_n_text_columns, PRECIS_MAX_TEXT_COLUMNS);
    for (int i = 0; i < opt->csv_n_text_columns; i++)
        if (opt->csv_text_columns[i] < 1)
            return px_error(err, PRECIS_ERR_ARG, "CSV text column %d is not 1 or more",
                            opt->csv_text_columns[i]);
    return PRECIS_OK;
}

/* Only what decides how input is read; the rest keep their defaults. */
static void copy_reader_options(precis_reader_options *dst, const precis_reader_options *src)
{
    precis_reader_options_default(dst);
    dst->format = src->format;
    dst->csv_label_column = src->csv_label_column;
    memset(dst->csv_text_columns, 0, sizeof dst->csv_text_columns);
    for (int i = 0; i < src->csv_n_text_columns; i++)
        dst->csv_text_columns[i] = src->csv_text_columns[i];
    dst->csv_n_text_columns = src->csv_n_text_columns;
    dst->csv_header = src->csv_header != 0;
}

#define MAX_WEIGHT 1e12

static int by_string(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void free_strings(char **s, size_t n)
{
    for (size_t k = 0; s && k < n; k++)
        free(s[k]);
    px_free(s);
}

/* The labels as every output shows them: decoded to UTF-8 (malloc'ed). */
static char **decoded_labels(const char *const *labels, size_t n)
{
    char **out = px_calloc(n, sizeof *out);
    for (size_t k = 0; out && k < n; k++) {
        size_t len;
        if (precis_text_decode(labels[k], strlen(labels[k]), &out[k], &len, NULL) != PRECIS_OK) {
            free_strings(out, n);
            return NULL;
        }
    }
    return out;
}

/* Sorting a copy keeps the check O(n log n) whatever a file claims. */
static int check_labels(const char *const *labels, size_t n, precis_error *err)
{
    for (size_t k = 0; k < n; k++) {
        if (!labels[k] || !labels[k][0])
            return px_error(err, PRECIS_ERR_ARG, "label %zu is empty", k);
        if (strlen(labels[k]) > PRECIS_MAX_LABEL_BYTES)
            return px_error(err, PRECIS_ERR_ARG, "label %zu is longer than %d bytes", k,
                            PRECIS_MAX_LABEL_BYTES);
    }
    char **sorted = decoded_labels(labels, n);
    if (!sorted)
        return px_error(err, PRECIS_ERR_NOMEM, "out of memory checking %zu labels", n);
    qsort(sorted, n, sizeof *sorted, by_string);
    int rc = PRECIS_OK;
    for (size_t k = 1; k < n && rc == PRECIS_OK; k++)
        if (strcmp(sorted[k - 1], sorted[k]) == 0)
            rc = px_error(err, PRECIS_ERR_ARG, "label \"%.200s\" appears twice (as written, "
                          "or once decoded to UTF-8)", sorted[k]);
    free_strings(sorted, n);
    return rc;
}

static int check_weight(double w, int weights_f64)
{
    (void)weights_f64; /* MAX_WEIGHT is within float range too */
    return isfinite(w) && fabs(w) <= MAX_WEIGHT;
}

static int check_classifier(const precis_logreg *lr, const precis_vectorizer *v,
                            size_t n_labels, int weights_f64, precis_error *err)
{
    if (lr->n_classes != n_labels)
        return px_error(err, PRECIS_ERR_ARG, "%zu labels for a classifier of %zu classes",
                        n_labels, lr->n_classes);
    if (lr->n_features != precis_vectorizer_size(v))
        return px_error(err, PRECIS_ERR_ARG,
                        "classifier has %zu features but the vocabulary %zu terms",
                        lr->n_features, precis_vectorizer_size(v));
    if (!lr->W || !lr->b)
        return px_error(err, PRECIS_ERR_ARG, "classifier has no weights");
    size_t n_w = lr->n_features * lr->n_classes; /* both arrays exist, so no overflow */
    const char *why = "finite and at most 1e12 in size";
    for (size_t i = 0; i < n_w; i++)
        if (!check_weight(lr->W[i], weights_f64))
            return px_error(err, PRECIS_ERR_ARG, "weight %zu is not %s", i, why);
    for (size_t k = 0; k < lr->n_classes; k++)
        if (!check_weight(lr->b[k], weights_f64))
            return px_error(err, PRECIS_ERR_ARG, "intercept %zu is not %s", k, why);
    return PRECIS_OK;
}

static int copy_labels(precis_model *m, const char *const *labels, size_t n)
{
    size_t pool_len = 0;
    for (size_t k = 0; k < n; k++)
        pool_len += strlen(labels[k]) + 1;
    m->labels = px_malloc_array(n, sizeof *m->labels);
    m->label_pool = px_malloc(pool_len);
    if (!m->labels || !m->label_pool)
        return PRECIS_ERR_NOMEM;
    char *at = m->label_pool;
    for (size_t k = 0; k < n; k++) {
        size_t len = strlen(labels[k]) + 1;
        memcpy(at, labels[k], len);
        m->labels[k] = at;
        at += len;
    }
    m->n_labels = n;
    return PRECIS_OK;
}

static void round_to_float(precis_logreg *lr)
{
    size_t n_w = lr->n_features * lr->n_classes;
    for (size_t i = 0; i < n_w; i++)
        lr->W[i] = (double)(float)lr->W[i];
    for (size_t k = 0; k < lr->n_classes; k++)
        lr->b[k] = (double)(float)lr->b[k];
}

static int check_parts(precis_vectorizer *v, precis_logreg *lr, const char *const *labels,
                       size_t n_labels, const precis_reader_options *reader, int weights_f64,
                       precis_error *err)
{
    if (!v || !lr)
        return px_error(err, PRECIS_ERR_ARG, "a model needs a vectorizer and a classifier");
    if (n_labels == 0 || !labels)
        return px_error(err, PRECIS_ERR_ARG, "a model needs at least one label");
    if (n_labels > UINT32_MAX)
        return px_error(err, PRECIS_ERR_ARG, "%zu labels: more than 2^32 - 1", n_labels);
    int rc = px_model_reader_check(reader, err);
    if (rc == PRECIS_OK)
        rc = check_classifier(lr, v, n_labels, weights_f64, err);
    if (rc == PRECIS_OK)
        rc = check_labels(labels, n_labels, err);
    return rc;
}

int px_model_assemble(precis_model **out, precis_vectorizer *v, precis_logreg *lr,
                      const char *const *labels, size_t n_labels,
                      const precis_reader_options *reader, int weights_f64,
                      precis_error *err)
{
    *out = NULL;
    precis_reader_options defaults;
    if (!reader) {
        precis_reader_options_default(&defaults);
        reader = &defaults;
    }
    int rc = check_parts(v, lr, labels, n_labels, reader, weights_f64, err);
    precis_model *m = NULL;
    if (rc == PRECIS_OK) {
        m = px_calloc(1, sizeof *m);
        if (!m || copy_labels(m, labels, n_labels) != PRECIS_OK)
            rc = px_error(err, PRECIS_ERR_NOMEM, "out of memory copying %zu labels", n_labels);
    }
    if (rc != PRECIS_OK) {
        if (m) {
            px_free(m->labels);
            px_free(m->label_pool);
            px_free(m);
        }
        precis_vectorizer_free(v);
        precis_logreg_free(lr);
        return rc;
    }
    copy_reader_options(&m->reader, reader);
    if (!weights_f64)
        round_to_float(lr);
    m->v = v;
    m->lr = lr;
    m->weights_f64 = weights_f64;
    *out = m;
    return PRECIS_OK;
}

int precis_model_new(precis_model **out, precis_vectorizer *v, precis_logreg *lr,
                     const char *const *labels, size_t n_labels,
                     const precis_reader_options *reader, precis_error *err)
{
    return px_model_assemble(out, v, lr, labels, n_labels, reader, 0, err);
}

int precis_model_new_f64(precis_model **out, precis_vectorizer *v, precis_logreg *lr,
                         const char *const *labels, size_t n_labels,
                         const precis_reader_options *reader, precis_error *err)
{
    return px_model_assemble(out, v, lr, labels, n_labels, reader, 1, err);
}

/* Frees m's label facts (precis_model_set_label_info), leaving none. */
static void clear_label_info(precis_model *m)
{
    for (size_t k = 0; m->label_source && k < m->n_labels; k++)
        px_free(m->label_source[k]);
    px_free(m->label_source);
    px_free(m->label_count);
    m->label_source = NULL;
    m->label_count = NULL;
}

void precis_model_free(precis_model *m)
{
    if (!m)
        return;
    precis_vectorizer_free(m->v);
    precis_logreg_free(m->lr);
    px_summary_model_free(m->summ);
    clear_label_info(m);
    px_free(m->threshold);
    px_free(m->tuning);
    px_free(m->labels);
    px_free(m->label_pool);
    px_free(m);
}

const precis_vectorizer *precis_model_vectorizer(const precis_model *m) { return m->v; }
const precis_logreg *precis_model_logreg(const precis_model *m) { return m->lr; }
size_t precis_model_n_labels(const precis_model *m) { return m->n_labels; }

const char *precis_model_label(const precis_model *m, size_t k)
{
    return k < m->n_labels ? m->labels[k] : NULL;
}

const precis_reader_options *precis_model_reader_options(const precis_model *m)
{
    return &m->reader;
}

int precis_model_classify(const precis_model *m, const char *text, size_t len,
                          double *proba, precis_error *err)
{
    return px_logreg_classify_text(m->v, m->lr, text, len, proba, err);
}

/* ------------------------------------------------------------ label facts */


int precis_model_set_label_info(precis_model *m, const uint64_t *counts,
                                const char *const *sources, precis_error *err)
{
    for (size_t k = 0; k < m->n_labels; k++)
        if (sources && sources[k] && strlen(sources[k]) > PRECIS_LABEL_SOURCE_MAX)
            return px_error(err, PRECIS_ERR_ARG, "label \"%s\": its sources take more than %d bytes",
                            m->labels[k], PRECIS_LABEL_SOURCE_MAX);
    clear_label_info(m);
    m->label_count = px_malloc_array(m->n_labels, sizeof *m->label_count);
    m->label_source = px_calloc(m->n_labels, sizeof *m->label_source);
    for (size_t k = 0; m->label_count && m->label_source && k < m->n_labels; k++) {
        const char *src = sources && sources[k] ? sources[k] : "";
        m->label_count[k] = counts[k];
        if (!(m->label_source[k] = px_malloc(strlen(src) + 1)))
            break;
        memcpy(m->label_source[k], src, strlen(src) + 1);
    }
    if (!m->label_count || !m->label_source || !m->label_source[m->n_labels - 1]) {
        clear_label_info(m);
        return px_error(err, PRECIS_ERR_NOMEM, "out of memory");
    }
    return PRECIS_OK;
}

int precis_model_set_fit_params(precis_model *m, double C, int class_weight_balanced,
                                precis_error *err)
{
    if (!(C >= PRECIS_C_MIN && C <= PRECIS_C_MAX))
        return px_error(err, PRECIS_ERR_ARG, "C %g is outside [%g, %g]", C, PRECIS_C_MIN,
                        PRECIS_C_MAX);
    m->fit_C = C;
    m->fit_balanced = class_weight_balanced != 0;
    return PRECIS_OK;
}

int precis_model_fit_params(const precis_model *m, double *C, int *class_weight_balanced)
{
    if (!(m->fit_C > 0))
        return 0;
    *C = m->fit_C;
    *class_weight_balanced = m->fit_balanced;
    return 1;
}

int precis_model_label_info(const precis_model *m, size_t k, uint64_t *count, const char **source)
{
    if (!m->label_count || k >= m->n_labels)
        return 0;
    *count = m->label_count[k];
    *source = m->label_source[k];
    return 1;
}

/* Counts stored as u64 and flags as u32 must survive the round trip; figures
 * must be what a search can give. */
static int check_tuning(const precis_tuning *t, precis_error *err)
{
    if (!(t->C >= PRECIS_C_MIN && t->C <= PRECIS_C_MAX))
        return px_error(err, PRECIS_ERR_ARG, "tuning: C %g outside [%g, %g]", t->C, PRECIS_C_MIN,
                        PRECIS_C_MAX);
    if (!(t->cv_mean >= 0 && t->cv_mean <= 1) || !(t->cv_sd >= 0 && t->cv_sd <= 1))
        return px_error(err, PRECIS_ERR_ARG, "tuning: accuracy figures must lie in [0, 1]");
    if (!(t->seconds >= 0) || !isfinite(t->seconds))
        return px_error(err, PRECIS_ERR_ARG, "tuning: seconds must be finite, 0 or more");
    if ((t->class_weight_balanced != 0 && t->class_weight_balanced != 1) ||
        (t->stopped_early != 0 && t->stopped_early != 1))
        return px_error(err, PRECIS_ERR_ARG, "tuning: flags must be 0 or 1");
    if (t->loss != PRECIS_LOSS_MULTINOMIAL && t->loss != PRECIS_LOSS_SQUARED_HINGE)
        return px_error(err, PRECIS_ERR_ARG, "tuning: unknown loss %d", (int)t->loss);
    if (!(t->temperature > 0) || !isfinite(t->temperature))
        return px_error(err, PRECIS_ERR_ARG, "tuning: the temperature must be positive and "
                                             "finite");
    if (t->folds < 2 || t->settings_scored > t->settings_planned || t->candidates == 0)
        return px_error(err, PRECIS_ERR_ARG, "tuning: counts out of range (%zu folds, %zu of "
                        "%zu settings, %zu candidates)", t->folds, t->settings_scored,
                        t->settings_planned, t->candidates);
    return PRECIS_OK;
}

int precis_model_set_tuning(precis_model *m, const precis_tuning *t, precis_error *err)
{
    int rc = check_tuning(t, err);
    if (rc != PRECIS_OK)
        return rc;
    if (!m->tuning && !(m->tuning = px_malloc(sizeof *m->tuning)))
        return px_error(err, PRECIS_ERR_NOMEM, "out of memory");
    *m->tuning = *t;
    return PRECIS_OK;
}

int precis_model_tuning(const precis_model *m, precis_tuning *out)
{
    if (!m->tuning)
        return 0;
    *out = *m->tuning;
    return 1;
}

const char *precis_model_fit_unit(const precis_model *m)
{
    if (precis_model_is_multilabel(m))
        return "label";
    return m->tuning && m->tuning->loss == PRECIS_LOSS_SQUARED_HINGE ? "class" : NULL;
}
