/*
 * analysis.c — one document, read once, for everything precis-infer does with
 * it: decoded once; vectorized and classified once; explained from that same
 * row; split into sentences once, from the same decoded text, for its
 * summary.
 *
 * Invariants: `text` (decoded, NUL-terminated) is owned here until the
 * article is split, which takes it over (article->text); `classified` says
 * row and proba hold the document's TF-IDF row and class probabilities.
 */
#include <string.h>

#include "base/alloc.h"
#include "base/error.h"
#include "classify/classify.h"
#include "features/vectorizer.h"
#include "modelfile/model.h"
#include "text/text.h"

struct precis_analysis {
    const precis_model *m;
    char *text;               /* decoded; NULL once the article owns it */
    size_t len;
    precis_article *article;  /* split on the first summary */
    precis_csr row;           /* the document's TF-IDF row, once classified */
    double *proba;            /* n_labels, once classified */
    int classified;
};

int precis_analysis_new(precis_analysis **out, const precis_model *m, const char *bytes, size_t len,
                        precis_error *err)
{
    *out = NULL;
    if (!m || (!bytes && len))
        return px_error(err, PRECIS_ERR_ARG, "precis_analysis_new: NULL model or bytes");
    precis_analysis *a = px_calloc(1, sizeof *a);
    px_buf text = {0};
    if (!a || px_decode(bytes ? bytes : "", len, &text) != PRECIS_OK ||
        px_buf_reserve(&text, 0) != PRECIS_OK) {
        px_buf_free(&text);
        px_free(a);
        return px_error(err, PRECIS_ERR_NOMEM, "out of memory decoding a %zu-byte document", len);
    }
    a->m = m;
    a->text = text.data;
    a->len = text.len;
    *out = a;
    return PRECIS_OK;
}

static const char *decoded_text(const precis_analysis *a)
{
    return a->article ? a->article->text : a->text;
}

int precis_analysis_classify(precis_analysis *a, precis_error *err)
{
    if (a->classified)
        return PRECIS_OK;
    const precis_logreg *lr = precis_model_logreg(a->m);
    if (!a->proba && !(a->proba = px_malloc_array(lr->n_classes, sizeof *a->proba)))
        return px_error(err, PRECIS_ERR_NOMEM, "out of memory");
    int rc = px_vectorizer_transform_text(precis_model_vectorizer(a->m), decoded_text(a), a->len, 1,
                                          &a->row, err);
    if (rc != PRECIS_OK) {
        precis_csr_free(&a->row);
        return rc;
    }
    precis_logreg_predict_proba(lr, a->row.col, a->row.val, a->row.nnz, a->proba);
    a->classified = 1;
    return PRECIS_OK;
}

const double *precis_analysis_proba(const precis_analysis *a)
{
    return a->classified ? a->proba : NULL;
}

size_t precis_analysis_label(const precis_analysis *a)
{
    return a->classified ? px_argmax(a->proba, precis_model_n_labels(a->m)) : 0;
}

int precis_analysis_explain(const precis_analysis *a, size_t k, size_t n, precis_term_weight *out,
                            size_t *n_out, precis_error *err)
{
    *n_out = 0;
    if (!a->classified)
        return px_error(err, PRECIS_ERR_ARG, "precis_analysis_explain: classify the document first");
    return px_explain_row(a->m, &a->row, k, n, out, n_out, err);
}

/* Does this summarizer use the document's class probabilities? */
static int needs_classes(const precis_model *m, const precis_summary_options *opt)
{
    px_summary_source src = px_model_source(m);
    return opt->topic_weighting || opt->method == PRECIS_SUMMARIZER_LEARNED ||
           (opt->method == PRECIS_SUMMARIZER_DEFAULT && src.summ);
}

int precis_analysis_summarize(precis_analysis *a, const precis_summary_options *opt,
                              precis_summary_sentence **out, size_t *n_out, precis_error *err)
{
    precis_summary_options defaults;
    if (!opt) {
        precis_summary_options_default(&defaults);
        opt = &defaults;
    }
    int rc = needs_classes(a->m, opt) ? precis_analysis_classify(a, err) : PRECIS_OK;
    if (rc == PRECIS_OK && !a->article) {
        rc = px_article_split_decoded(&a->article, a->text, a->len, err);
        a->text = NULL; /* the article has it, or it was freed */
        if (rc != PRECIS_OK)
            a->len = 0;
    }
    if (rc != PRECIS_OK)
        return rc;
    return precis_summarize(a->m, a->article, precis_analysis_proba(a), opt, out, n_out, err);
}

const precis_article *precis_analysis_article(const precis_analysis *a) { return a->article; }

size_t precis_analysis_known_terms(const precis_analysis *a)
{
    return a && a->classified ? a->row.nnz : 0;
}

void precis_analysis_free(precis_analysis *a)
{
    if (!a)
        return;
    px_free(a->text);
    precis_article_free(a->article);
    precis_csr_free(&a->row);
    px_free(a->proba);
    px_free(a);
}
