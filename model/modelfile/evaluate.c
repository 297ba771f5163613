/*
 * evaluate.c — scoring a model on a labeled corpus, streamed record by record.
 *
 * Nothing of the corpus is kept: each document is classified and counted as
 * it is read, so evaluation runs in the memory of one document.
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

static int score_records(const precis_model *m, precis_reader *r, const px_vocab *index,
                         const precis_reader_options *reader, precis_metrics *metrics,
                         double *proba, size_t *unknown, precis_error *err)
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
    double *proba = px_malloc_array(precis_model_n_labels(m), sizeof *proba);
    int rc = proba ? PRECIS_OK : px_error(err, PRECIS_ERR_NOMEM, "out of memory");
    if (rc == PRECIS_OK && index_labels(m, &index) != PRECIS_OK)
        rc = px_error(err, PRECIS_ERR_NOMEM, "out of memory");
    if (rc == PRECIS_OK)
        rc = precis_metrics_new(&metrics, precis_model_n_labels(m), err);
    if (rc == PRECIS_OK)
        rc = precis_reader_open(&r, path, reader, err);
    if (rc == PRECIS_OK)
        rc = score_records(m, r, &index, reader, metrics, proba, &unknown, err);
    if (rc == PRECIS_OK && metrics->n == 0)
        rc = px_error(err, PRECIS_ERR_EMPTY, "%s: no document could be scored", path);
    if (rc == PRECIS_OK)
        metrics->skipped = precis_reader_skipped(r);
    precis_reader_free(r);
    px_vocab_free(&index);
    px_free(proba);
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
