/*
 * metrics_io.c — classification figures as a table for people and as JSON
 * (jansson) for programs. Writes only to the FILE the caller hands in.
 */
#include <jansson.h>
#include <string.h>

#include "precis.h"

/* Width of the label column: the longest label, within reason. */
static int label_width(const precis_metrics *m, const char *const *labels)
{
    size_t w = 5;
    for (size_t k = 0; k < m->n_classes; k++)
        if (strlen(labels[k]) > w)
            w = strlen(labels[k]);
    return w > 40 ? 40 : (int)w;
}

static void write_confusion(const precis_metrics *m, const char *const *labels, int w, FILE *out)
{
    size_t K = m->n_classes;
    fprintf(out, "\nConfusion matrix (rows: true label, columns: predicted, in the order above)\n");
    for (size_t t = 0; t < K; t++) {
        fprintf(out, "  %-*.*s", w, w, labels[t]);
        for (size_t p = 0; p < K; p++)
            fprintf(out, " %6zu", m->confusion[t * K + p]);
        fputc('\n', out);
    }
}

static void write_per_label(const precis_metrics *m, const char *const *labels, int w, FILE *out)
{
    fprintf(out, "  %-*s %9s %9s %9s %9s\n", w, "label", "precision", "recall", "F1", "support");
    for (size_t k = 0; k < m->n_classes; k++)
        fprintf(out, "  %-*.*s %9.4f %9.4f %9.4f %9zu\n", w, w, labels[k], m->precision[k],
                m->recall[k], m->f1[k], m->support[k]);
}

int precis_metrics_write_text(const precis_metrics *m, const char *const *labels, FILE *out)
{
    int w = label_width(m, labels);
    if (m->multi_label) {
        fprintf(out, "documents %zu   micro-F1 %.4f (precision %.4f, recall %.4f)   macro-F1 "
                "%.4f\nsubset accuracy %.4f   Hamming loss %.6f\n\n", m->n, m->micro_f1,
                m->micro_precision, m->micro_recall, m->macro_f1, m->subset_accuracy,
                m->hamming_loss);
        write_per_label(m, labels, w, out);
        return ferror(out) ? PRECIS_ERR_IO : PRECIS_OK;
    }
    fprintf(out, "documents %zu   accuracy %.4f   macro-F1 %.4f   log-loss %.4f   ECE %.4f\n\n",
            m->n, m->accuracy, m->macro_f1, m->log_loss, m->ece);
    write_per_label(m, labels, w, out);
    if (m->n_classes <= 30 && m->confusion)
        write_confusion(m, labels, w, out);
    else
        fprintf(out, "\n(confusion matrix of %zu classes: see --metrics JSON)\n", m->n_classes);
    return ferror(out) ? PRECIS_ERR_IO : PRECIS_OK;
}

/* The reliability diagram's numbers: per non-empty bin its range, count,
 * mean confidence and accuracy. */
static json_t *reliability_json(const precis_metrics *m)
{
    json_t *bins = json_array();
    for (size_t b = 0; bins && b < PRECIS_CALIBRATION_BINS; b++) {
        size_t n = m->calib_count[b];
        if (!n)
            continue;
        json_t *bin = json_pack("{s:f, s:f, s:I, s:f, s:f}", "from",
                                (double)b / PRECIS_CALIBRATION_BINS, "to",
                                (double)(b + 1) / PRECIS_CALIBRATION_BINS, "documents",
                                (json_int_t)n, "confidence", m->calib_confidence[b] / (double)n,
                                "accuracy", (double)m->calib_correct[b] / (double)n);
        if (json_array_append_new(bins, bin) != 0) { /* a bin that could not be built */
            json_decref(bins);
            return NULL;
        }
    }
    return bins;
}

static json_t *metrics_json(const precis_metrics *m, const char *const *labels)
{
    size_t K = m->n_classes;
    json_t *root = json_object(), *classes = json_array(), *confusion = json_array(),
           *names = json_array();
    if (!root || !classes || !confusion || !names)
        goto fail;
    if (json_object_set_new(root, "documents", json_integer((json_int_t)m->n)) ||
        json_object_set_new(root, "accuracy", json_real(m->accuracy)) ||
        json_object_set_new(root, "macro_f1", json_real(m->macro_f1)) ||
        json_object_set_new(root, "log_loss", json_real(m->log_loss)) ||
        json_object_set_new(root, "ece", json_real(m->ece)) ||
        json_object_set_new(root, "reliability", reliability_json(m)))
        goto fail;
    if (m->multi_label &&
        (json_object_set_new(root, "multi_label", json_true()) ||
         json_object_set_new(root, "micro_f1", json_real(m->micro_f1)) ||
         json_object_set_new(root, "micro_precision", json_real(m->micro_precision)) ||
         json_object_set_new(root, "micro_recall", json_real(m->micro_recall)) ||
         json_object_set_new(root, "subset_accuracy", json_real(m->subset_accuracy)) ||
         json_object_set_new(root, "hamming_loss", json_real(m->hamming_loss))))
        goto fail;
    for (size_t k = 0; k < K; k++) {
        json_t *c = json_pack("{s:s%, s:f, s:f, s:f, s:I}", "label", labels[k], strlen(labels[k]),
                              "precision", m->precision[k], "recall", m->recall[k], "f1", m->f1[k],
                              "support", (json_int_t)m->support[k]);
        json_t *row = json_array();
        if (!c || !row || json_array_append_new(classes, c) ||
            json_array_append_new(names, json_stringn(labels[k], strlen(labels[k]))))
            goto fail_row;
        for (size_t p = 0; m->confusion && p < K; p++)
            if (json_array_append_new(row, json_integer((json_int_t)m->confusion[k * K + p])))
                goto fail_row;
        if (json_array_append_new(confusion, row))
            goto fail;
        continue;
    fail_row:
        json_decref(row);
        goto fail;
    }
    /* Above PRECIS_CONFUSION_MAX_CLASSES the rows are empty: no matrix was kept. */
    if (json_object_set_new(root, "labels", names) || json_object_set_new(root, "classes", classes) ||
        json_object_set_new(root, "confusion", confusion)) {
        json_decref(root);
        return NULL;
    }
    return root;
fail:
    json_decref(root);
    json_decref(classes);
    json_decref(confusion);
    json_decref(names);
    return NULL;
}

int precis_metrics_write_json(const precis_metrics *m, const char *const *labels, FILE *out)
{
    json_t *root = metrics_json(m, labels);
    if (!root)
        return PRECIS_ERR_NOMEM;
    int rc = json_dumpf(root, out, JSON_INDENT(2) | JSON_REAL_PRECISION(10)) == 0 ? PRECIS_OK
                                                                                  : PRECIS_ERR_IO;
    fputc('\n', out);
    json_decref(root);
    return (rc == PRECIS_OK && !ferror(out)) ? PRECIS_OK : PRECIS_ERR_IO;
}
