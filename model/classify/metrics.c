/*
 * metrics.c — classification figures: confusion matrix and what follows from it.
 *
 * Kept apart from training, as fastText keeps its Meter apart from its model.
 * Invariants: sum of support == sum of predicted == n; the K^2 confusion
 * matrix exists only for K <= PRECIS_CONFUSION_MAX_CLASSES (a 100,000-label
 * model would ask for 80 GB), and every figure is computed from the O(K)
 * counts, so nothing depends on it; the summary fields are valid only after
 * precis_metrics_finish. A class with no true and no predicted documents has
 * precision = recall = F1 = 0 and is left out of the macro average, as
 * scikit-learn averages over the labels present in either. The calibration
 * bins count every document added, as the confusion matrix does.
 */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "base/alloc.h"
#include "base/error.h"
#include "classify/classify.h"
#include "precis.h"

int precis_metrics_new(precis_metrics **out, size_t n_classes, precis_error *err)
{
    *out = NULL;
    if (n_classes == 0 || n_classes > (1u << 20))
        return px_error(err, PRECIS_ERR_ARG, "metrics need 1 to 2^20 classes, not %zu", n_classes);
    precis_metrics *m = px_calloc(1, sizeof *m);
    if (!m)
        return px_error(err, PRECIS_ERR_NOMEM, "out of memory");
    m->n_classes = n_classes;
    if (n_classes <= PRECIS_CONFUSION_MAX_CLASSES)
        m->confusion = px_calloc(n_classes * n_classes, sizeof *m->confusion);
    m->true_positives = px_calloc(n_classes, sizeof *m->true_positives);
    m->predicted = px_calloc(n_classes, sizeof *m->predicted);
    m->precision = px_calloc(n_classes, sizeof *m->precision);
    m->recall = px_calloc(n_classes, sizeof *m->recall);
    m->f1 = px_calloc(n_classes, sizeof *m->f1);
    m->support = px_calloc(n_classes, sizeof *m->support);
    if ((!m->confusion && n_classes <= PRECIS_CONFUSION_MAX_CLASSES) || !m->true_positives ||
        !m->predicted || !m->precision || !m->recall || !m->f1 || !m->support) {
        precis_metrics_free(m);
        return px_error(err, PRECIS_ERR_NOMEM, "out of memory");
    }
    *out = m;
    return PRECIS_OK;
}

int precis_metrics_new_multilabel(precis_metrics **out, size_t n_labels, precis_error *err)
{
    int rc = precis_metrics_new(out, n_labels, err);
    if (rc != PRECIS_OK)
        return rc;
    px_free((*out)->confusion); /* a label set has no single cell */
    (*out)->confusion = NULL;
    (*out)->multi_label = 1;
    return PRECIS_OK;
}

void precis_metrics_add_multilabel(precis_metrics *m, const uint32_t *truth, size_t n_truth,
                                   const size_t *said, size_t n_said)
{
    size_t a = 0, b = 0, wrong = 0;
    while (a < n_truth || b < n_said) { /* a merge of two increasing lists */
        size_t t = a < n_truth ? truth[a] : SIZE_MAX, s = b < n_said ? said[b] : SIZE_MAX;
        size_t k = t < s ? t : s;
        if (k >= m->n_classes)
            break;
        m->support[k] += t == k;
        m->predicted[k] += s == k;
        m->true_positives[k] += t == k && s == k;
        wrong += t != s;
        a += t == k;
        b += s == k;
    }
    m->label_errors += wrong;
    m->exact_sets += wrong == 0;
    m->n++;
}

/* Micro averages, subset accuracy and Hamming loss, after the per-label ones. */
static void finish_multilabel(precis_metrics *m)
{
    size_t tp = 0, truth = 0, predicted = 0;
    for (size_t k = 0; k < m->n_classes; k++) {
        tp += m->true_positives[k];
        truth += m->support[k];
        predicted += m->predicted[k];
    }
    m->micro_precision = predicted ? (double)tp / (double)predicted : 0.0;
    m->micro_recall = truth ? (double)tp / (double)truth : 0.0;
    m->micro_f1 = truth + predicted ? 2.0 * (double)tp / (double)(truth + predicted) : 0.0;
    m->subset_accuracy = m->n ? (double)m->exact_sets / (double)m->n : 0.0;
    m->accuracy = m->subset_accuracy;
    m->hamming_loss = m->n ? (double)m->label_errors / ((double)m->n * (double)m->n_classes)
                           : 0.0;
    m->log_loss = 0;
    m->ece = 0;
}

/* The top probability's bin: (b/B, (b+1)/B], with 0 in the first bin. */
static void add_calibration(precis_metrics *m, double confidence, int correct)
{
    if (!(confidence >= 0))
        confidence = 0;
    if (confidence > 1)
        confidence = 1;
    size_t b = (size_t)ceil(confidence * PRECIS_CALIBRATION_BINS);
    b = b ? b - 1 : 0;
    m->calib_count[b]++;
    m->calib_confidence[b] += confidence;
    m->calib_correct[b] += (size_t)correct;
}

void precis_metrics_add(precis_metrics *m, uint32_t truth, const double *proba)
{
    if (truth >= m->n_classes)
        return;
    size_t best = px_argmax(proba, m->n_classes);
    if (m->confusion)
        m->confusion[truth * m->n_classes + best]++;
    m->support[truth]++;
    m->predicted[best]++;
    m->true_positives[truth] += best == truth;
    add_calibration(m, proba[best], best == truth);
    double p = proba[truth];
    if (!(p > 1e-15))
        p = 1e-15;
    if (p > 1.0)
        p = 1.0;
    m->log_loss_sum -= log(p);
    m->n++;
}

void precis_metrics_finish(precis_metrics *m)
{
    size_t K = m->n_classes, correct = 0, present = 0;
    double f1_sum = 0;
    for (size_t k = 0; k < K; k++) {
        size_t tp = m->true_positives[k], truth = m->support[k], predicted = m->predicted[k];
        correct += tp;
        present += (truth + predicted) > 0;
        m->precision[k] = predicted ? (double)tp / (double)predicted : 0.0;
        m->recall[k] = truth ? (double)tp / (double)truth : 0.0;
        double pr = m->precision[k] + m->recall[k];
        m->f1[k] = pr > 0 ? 2 * m->precision[k] * m->recall[k] / pr : 0.0;
        f1_sum += m->f1[k];
    }
    m->accuracy = m->n ? (double)correct / (double)m->n : 0.0;
    m->macro_f1 = present ? f1_sum / (double)present : 0.0;
    m->log_loss = m->n ? m->log_loss_sum / (double)m->n : 0.0;
    m->ece = 0;
    if (m->multi_label) {
        finish_multilabel(m);
        return;
    }
    for (size_t b = 0; m->n && b < PRECIS_CALIBRATION_BINS; b++)
        m->ece += fabs((double)m->calib_correct[b] - m->calib_confidence[b]) / (double)m->n;
}

void precis_metrics_free(precis_metrics *m)
{
    if (!m)
        return;
    px_free(m->confusion);
    px_free(m->precision);
    px_free(m->recall);
    px_free(m->f1);
    px_free(m->support);
    px_free(m->true_positives);
    px_free(m->predicted);
    px_free(m);
}
