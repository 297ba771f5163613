/*
 * evaluate.c — scoring a model on a labeled corpus, streamed record by record.
 *
 * Nothing of the corpus is kept: each document is classified and counted as
 * it is read, so evaluation runs in the memory of one document.
 *
 * A multi-label model reads the corpus as multi-label (whatever the caller's
 * options say) and counts each document's label set against the set
 * precis_model_decide assigns; a document with a label the model does not
 * know is not scored (counted and warned about, as in single-label).
 */
#include <string.h>

#include "base/alloc.h"
#include "base/error.h"
#include "precis.h"
#include "text/text.h"
#include "base/vocab.h"

static int index_labels(const precis_model *m, px_vocab *index)
{
    for (size_t k = 0; k < precis_model_n_labels(m); k++) {
        const char *label = precis_model_label(m, k);
        uint32_t id;
        if (px_vocab_intern(index, label, strlen(label), &id) != PRECIS_OK)
            return PRECIS_ERR_NOMEM;
    }
    return PRECIS_OK;
}

/* A record's TAB-joined labels as increasing model ids into ids; 0 when one
 * is unknown to the model (its name in *unknown_label). */
static size_t label_set_ids(const px_vocab *index, px_buf *label, uint32_t *ids, size_t cap,
                            const char **unknown_label)
{
    size_t n = 0;
    char *p = label->data;
    for (;;) {
        char *tab = strchr(p, '\t');
        size_t len = tab ? (size_t)(tab - p) : strlen(p);
        long id = px_vocab_find(index, p, len);
        if (id < 0 || n == cap) {
            p[len] = '\0';
            *unknown_label = p;
            return 0;
        }
        size_t at = n++; /* ids are sorted by name, as are the record's labels: insert */
        while (at > 0 && ids[at - 1] > (uint32_t)id) {
            ids[at] = ids[at - 1];
            at--;
        }
        ids[at] = (uint32_t)id;
        if (!tab)
            return n;
        p = tab + 1;
    }
}

typedef struct ml_scratch {
    uint32_t *truth;
    size_t *said;
} ml_scratch;

static int score_records(const precis_model *m, precis_reader *r, const px_vocab *index,
                         const precis_reader_options *reader, precis_metrics *metrics,
                         double *proba, size_t *unknown, ml_scratch *ml, precis_error *err)
{
    precis_document doc;
    px_buf label = {0};
    int got, rc = PRECIS_OK;
    while (rc == PRECIS_OK && (got = precis_reader_next(r, &doc, err)) == 1) {
        const char *raw = doc.label ? doc.label : "";
        label.len = 0;
        if (px_decode(raw, strlen(raw), &label) != PRECIS_OK || px_buf_reserve(&label, 0)) {
            rc = px_error(err, PRECIS_ERR_NOMEM, "out of memory");
            break;
        }
        if (ml->truth) {
            const char *bad = NULL;
            size_t n = label_set_ids(index, &label, ml->truth, precis_model_n_labels(m), &bad);
            if (n == 0) {
                (*unknown)++;
                px_warn(reader ? reader->warn : NULL, reader ? reader->warn_ctx : NULL,
                        doc.source, "label \"%s\" is not one of the model's; document not "
                        "scored", bad);
                continue;
            }
            rc = precis_model_classify(m, doc.text, doc.text_len, proba, err);
            if (rc == PRECIS_OK) {
                /* precis_model_decide's set, in id order: over the thresholds,
                 * else (with the fallback) its single top label. */
                size_t n_said = 0;
                for (size_t k = 0; k < precis_model_n_labels(m); k++)
                    if (proba[k] >= precis_model_threshold(m, k))
                        ml->said[n_said++] = k;
                if (n_said == 0)
                    n_said = precis_model_decide(m, proba, ml->said);
                precis_metrics_add_multilabel(metrics, ml->truth, n, ml->said, n_said);
            }
            continue;
        }
        long truth = px_vocab_find(index, label.data, label.len);
        if (truth < 0) {
            (*unknown)++;
            px_warn(reader ? reader->warn : NULL, reader ? reader->warn_ctx : NULL, doc.source,
                    "label \"%s\" is not one of the model's; document not scored", label.data);
            continue;
        }
        rc = precis_model_classify(m, doc.text, doc.text_len, proba, err);
        if (rc == PRECIS_OK)
            precis_metrics_add(metrics, (uint32_t)truth, proba);
    }
    px_buf_free(&label);
    if (rc != PRECIS_OK)
        return rc;
    return got == 0 ? PRECIS_OK : -got;
}

int precis_model_evaluate(const precis_model *m, const char *path,
                          const precis_reader_options *reader, precis_metrics **out,
                          size_t *unknown_labels, precis_error *err)
{
    *out = NULL;
    size_t unknown = 0;
    px_vocab index = {0};
    precis_reader *r = NULL;
    precis_metrics *metrics = NULL;
    size_t K = precis_model_n_labels(m);
    int multi = precis_model_is_multilabel(m);
    double *proba = px_malloc_array(K, sizeof *proba);
    ml_scratch ml = {multi ? px_malloc_array(K, sizeof *ml.truth) : NULL,
                     multi ? px_malloc_array(K, sizeof *ml.said) : NULL};
    int rc = proba && (!multi || (ml.truth && ml.said))
                 ? PRECIS_OK : px_error(err, PRECIS_ERR_NOMEM, "out of memory");
    if (rc == PRECIS_OK && index_labels(m, &index) != PRECIS_OK)
        rc = px_error(err, PRECIS_ERR_NOMEM, "out of memory");
    if (rc == PRECIS_OK)
        rc = (multi ? precis_metrics_new_multilabel : precis_metrics_new)(&metrics, K, err);
    precis_reader_options ro;
    if (reader)
        ro = *reader;
    else
        precis_reader_options_default(&ro);
    if (multi) {
        ro.multi_label = 1;
        if (!ro.label_separator)
            ro.label_separator = precis_model_reader_options(m)->label_separator;
    }
    if (rc == PRECIS_OK)
        rc = precis_reader_open(&r, path, &ro, err);
    if (rc == PRECIS_OK)
        rc = score_records(m, r, &index, reader, metrics, proba, &unknown, &ml, err);
    if (rc == PRECIS_OK && metrics->n == 0)
        rc = px_error(err, PRECIS_ERR_EMPTY, "%s: no document could be scored", path);
    if (rc == PRECIS_OK)
        metrics->skipped = precis_reader_skipped(r);
    precis_reader_free(r);
    px_vocab_free(&index);
    px_free(proba);
    px_free(ml.truth);
    px_free(ml.said);
    if (unknown_labels)
        *unknown_labels = unknown;
    if (rc != PRECIS_OK) {
        precis_metrics_free(metrics);
        return rc;
    }
    precis_metrics_finish(metrics);
    *out = metrics;
    return PRECIS_OK;
}
