/*
 * model.h — the insides of a precis_model, shared by model.c (the object) and
 * modelfile.c (its file) (private).
 */
#ifndef PRECIS_MODEL_H
#define PRECIS_MODEL_H

#include "precis.h"
#include "summarize/learned.h"
#include "summarize/scorers.h"

/* Invariants: lr->n_features == precis_vectorizer_size(v); lr->n_classes ==
 * n_labels >= 1; labels are non-empty, distinct, NUL-terminated; every weight
 * is finite, and when !weights_f64 every weight is a float value held in a
 * double, so the float32 file keeps it exactly. */
struct precis_model {
    precis_vectorizer *v;
    precis_logreg *lr;
    char **labels;                 /* n_labels pointers into label_pool */
    char *label_pool;
    size_t n_labels;
    precis_reader_options reader;  /* format and CSV fields kept; no warn callback */
    int weights_f64;               /* the file stores weights as float64, else float32 */
    struct px_summary_model *summ; /* the learned summarizer's model (learned.h), or NULL */
    uint64_t *label_count;         /* n_labels training documents per label, or NULL */
    char **label_source;           /* n_labels malloc'ed strings; set with label_count */
    double fit_C;                  /* the C of the fit; 0: not recorded */
    int fit_balanced;              /* the fit's class weights were balanced (with fit_C) */
    double *threshold;             /* multi-label: n_labels decision thresholds in (0, 1),
                                      lr->one_vs_rest set; NULL for a single-label model */
    int fallback;                  /* multi-label: no label passes -> the top one */
    precis_tuning *tuning;         /* how --autotune chose it, or NULL */
};

/* precis_model_new with the weight precision chosen: takes ownership of v and
 * lr (freeing them on failure), validates everything (PRECIS_ERR_ARG), and
 * unless weights_f64 rounds the weights to float precision in place. */
int px_model_assemble(precis_model **out, precis_vectorizer *v, precis_logreg *lr,
                      const char *const *labels, size_t n_labels,
                      const precis_reader_options *reader, int weights_f64,
                      precis_error *err);

/* The parts of m that summarizing uses (all NULL when m is NULL). */
px_summary_source px_model_source(const precis_model *m);
/* precis_summarize with explicit tuning (the benchmark's entry point). */
int px_summarize_tuned(const precis_model *model, const precis_article *a, const double *proba,
                       const precis_summary_options *opt, const px_summary_tuning *tuning,
                       precis_summary_sentence **out, size_t *n_out, precis_error *err);
/* Gives m the summary model s (replacing and freeing any it had); m owns s. */
void px_model_set_summary(precis_model *m, px_summary_model *s);

/* The terms of one TF-IDF row that pushed most toward class k: what
 * precis_model_explain computes once the document is vectorized. */
int px_explain_row(const precis_model *m, const precis_csr *row, size_t k, size_t n,
                   precis_term_weight *out, size_t *n_out, precis_error *err);

/* The reader options a model keeps (the rest default); PRECIS_ERR_ARG if they
 * are out of range. */
int px_model_reader_check(const precis_reader_options *opt, precis_error *err);

#endif
