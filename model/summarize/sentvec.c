/*
 * sentvec.c — an article's sentences (and headline) as TF-IDF term vectors,
 * the common ground of every summarizer scorer.
 *
 * Tokens are exactly the features' unigrams (px_document_terms), so a model's
 * idf applies term for term. Terms get local ids in order of first sight; each
 * row keeps (term, count) pairs sorted by term, which lets two rows' cosine be
 * a merge. Invariants: see px_sentvecs in sentvec.h; idf[t] > 0 for every
 * term, so a row has a zero vector only when it has no term at all or a
 * caller's scale zeroes all of its terms.
 */
#include "summarize/sentvec.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "text/terms.h"
#include "text/text.h"
#include "base/vocab.h"

int px_row_ids_push(px_row_ids *b, const char *term, size_t len)
{
    uint32_t id;
    int rc = px_vocab_intern(&b->vocab, term, len, &id);
    if (rc != PRECIS_OK)
        return rc;
    if (b->n_ids == b->ids_cap) {
        size_t cap = b->ids_cap ? 2 * b->ids_cap : 64;
        uint32_t *ids = px_realloc_array(b->ids, cap, sizeof *ids);
        if (!ids)
            return PRECIS_ERR_NOMEM;
        b->ids = ids;
        b->ids_cap = cap;
    }
    b->ids[b->n_ids++] = id;
    return PRECIS_OK;
}

static int by_id(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

/* Room for `needed` entries in sv->term and *values. */
static int reserve_entries(px_row_ids *b, px_sentvecs *sv, double **values, size_t needed)
{
    if (needed <= b->entries_cap)
        return PRECIS_OK;
    size_t cap = b->entries_cap ? 2 * b->entries_cap : 256;
    while (cap < needed)
        cap *= 2;
    uint32_t *term = px_realloc_array(sv->term, cap, sizeof *term);
    if (!term)
        return PRECIS_ERR_NOMEM;
    sv->term = term;
    double *v = px_realloc_array(*values, cap, sizeof *v);
    if (!v)
        return PRECIS_ERR_NOMEM;
    *values = v;
    b->entries_cap = cap;
    return PRECIS_OK;
}

int px_row_ids_emit(px_row_ids *b, px_sentvecs *sv, double **values, size_t row)
{
    if (b->n_ids > 1)
        qsort(b->ids, b->n_ids, sizeof *b->ids, by_id);
    size_t at = sv->row_ptr[row];
    int rc = reserve_entries(b, sv, values, at + b->n_ids);
    if (rc != PRECIS_OK)
        return rc;
    double *v = *values;
    for (size_t k = 0; k < b->n_ids; k++) {
        if (k && b->ids[k] == b->ids[k - 1]) {
            v[at - 1] += 1;
            continue;
        }
        sv->term[at] = b->ids[k];
        v[at] = 1;
        at++;
    }
    sv->row_ptr[row + 1] = at;
    b->n_ids = 0;
    return PRECIS_OK;
}

void px_row_ids_free(px_row_ids *b)
{
    px_vocab_free(&b->vocab);
    px_free(b->ids);
    memset(b, 0, sizeof *b);
}

static int collect_term(void *ctx, const char *term, size_t len)
{
    return px_row_ids_push(ctx, term, len);
}

/* Tokenizes one span of the article into row `row`: sorted, counted pairs. */
static int add_row(px_sentvecs *sv, px_row_ids *b, const precis_feature_options *opt,
                   px_term_scratch *scratch, const char *text, size_t len, size_t row)
{
    b->n_ids = 0;
    int rc = len ? px_document_terms(opt, text, len, scratch, collect_term, b) : PRECIS_OK;
    return rc == PRECIS_OK ? px_row_ids_emit(b, sv, &sv->count, row) : rc;
}

/* The built-in stop-word list, less its reporting verbs: "said" is content
 * for a summary (it marks the quotes and attributions news leads with), and
 * counting it out lost 0.008 ROUGE-2 on the BBC train split. */
static const char *const reporting[] = {"say", "said", "says"};

static int is_reporting_verb(const char *term, size_t len)
{
    for (size_t i = 0; i < sizeof reporting / sizeof reporting[0]; i++)
        if (len == strlen(reporting[i]) && memcmp(term, reporting[i], len) == 0)
            return 1;
    return 0;
}

static int is_function_word(const char *term, size_t len)
{
    return !is_reporting_verb(term, len) && px_is_stop_word(term, len);
}

/* A key term names what the article is about: no function word, no
 * reporting verb ("said" tops every news article's counts), no figure
 * (figures are counted by their own feature). */
static int is_keyable(const char *term, size_t len)
{
    if (is_reporting_verb(term, len) || px_is_stop_word(term, len))
        return 0;
    for (size_t i = 0; i < len; i++)
        if (term[i] >= '0' && term[i] <= '9')
            return 0;
    return 1;
}

static double smooth_idf(size_t n_documents, size_t df)
{
    return log((1.0 + (double)n_documents) / (1.0 + (double)df)) + 1.0;
}

/* Document frequency over the non-furniture body rows: the article's own idf. */
static int article_idf(px_sentvecs *sv, const precis_article *a)
{
    size_t *df = px_calloc(sv->n_terms ? sv->n_terms : 1, sizeof *df);
    if (!df)
        return PRECIS_ERR_NOMEM;
    size_t n_docs = 0;
    for (size_t r = 0; r < sv->n_body; r++) {
        if (a->sentences[r].is_furniture)
            continue;
        n_docs++;
        for (size_t k = sv->row_ptr[r]; k < sv->row_ptr[r + 1]; k++)
            df[sv->term[k]]++;
    }
    for (size_t t = 0; t < sv->n_terms; t++)
        sv->idf[t] = smooth_idf(n_docs, df[t]);
    px_free(df);
    return PRECIS_OK;
}

static int describe_terms(px_sentvecs *sv, const px_row_ids *b, const precis_article *a,
                          const precis_vectorizer *v)
{
    size_t n = sv->n_terms ? sv->n_terms : 1;
    sv->idf = px_malloc_array(n, sizeof *sv->idf);
    sv->feature = px_malloc_array(n, sizeof *sv->feature);
    sv->stop = px_malloc_array(n, sizeof *sv->stop);
    sv->keyable = px_malloc_array(n, sizeof *sv->keyable);
    sv->weight = px_calloc(sv->row_ptr[sv->n_rows] ? sv->row_ptr[sv->n_rows] : 1,
                           sizeof *sv->weight);
    if (!sv->idf || !sv->feature || !sv->stop || !sv->keyable || !sv->weight)
        return PRECIS_ERR_NOMEM;
    for (size_t t = 0; t < sv->n_terms; t++) {
        const char *term = px_vocab_term(&b->vocab, t);
        size_t len = px_vocab_term_len(&b->vocab, t);
        sv->stop[t] = (unsigned char)is_function_word(term, len);
        sv->keyable[t] = (unsigned char)is_keyable(term, len);
        sv->feature[t] = v ? precis_vectorizer_lookup(v, term, len) : -1;
        if (v)
            sv->idf[t] = sv->feature[t] >= 0
                             ? precis_vectorizer_idf(v, (size_t)sv->feature[t])
                             : smooth_idf(precis_vectorizer_n_documents(v), 0);
    }
    return v ? PRECIS_OK : article_idf(sv, a);
}

static void unigram_options(precis_feature_options *opt, const precis_vectorizer *v)
{
    if (v)
        *opt = *precis_vectorizer_options(v);
    else
        precis_feature_options_default(opt);
    opt->ngram_min = opt->ngram_max = 1;
}

int px_sentvecs_build(px_sentvecs *sv, const precis_article *a, const precis_vectorizer *v)
{
    memset(sv, 0, sizeof *sv);
    precis_feature_options opt;
    unigram_options(&opt, v);
    sv->sublinear_tf = opt.sublinear_tf;
    sv->n_body = a->n_sentences;
    sv->n_rows = a->n_sentences + 1;
    px_row_ids b = {0};
    px_term_scratch scratch = {.utf8 = 1}; /* sentences of a decoded article */
    int rc = PRECIS_ERR_NOMEM;
    sv->row_ptr = px_calloc(sv->n_rows + 1, sizeof *sv->row_ptr);
    if (!sv->row_ptr)
        goto done;
    for (size_t r = 0; r < sv->n_body; r++) {
        const precis_sentence *s = &a->sentences[r];
        rc = add_row(sv, &b, &opt, &scratch, a->text + s->start, s->len, r);
        if (rc != PRECIS_OK)
            goto done;
    }
    rc = add_row(sv, &b, &opt, &scratch, a->text + a->headline_start, a->headline_len,
                 sv->n_body);
    if (rc != PRECIS_OK)
        goto done;
    sv->n_terms = b.vocab.n;
    rc = describe_terms(sv, &b, a, v);
done:
    px_term_scratch_free(&scratch);
    px_row_ids_free(&b);
    if (rc != PRECIS_OK)
        px_sentvecs_free(sv);
    return rc;
}

void px_sentvecs_weigh(px_sentvecs *sv, const double *scale)
{
    for (size_t r = 0; r < sv->n_rows; r++) {
        double norm = 0;
        for (size_t k = sv->row_ptr[r]; k < sv->row_ptr[r + 1]; k++) {
            uint32_t t = sv->term[k];
            double tf = sv->sublinear_tf ? 1.0 + log(sv->count[k]) : sv->count[k];
            double w = tf * sv->idf[t] * (scale ? scale[t] : 1.0);
            sv->weight[k] = w;
            norm += w * w;
        }
        norm = sqrt(norm);
        for (size_t k = sv->row_ptr[r]; k < sv->row_ptr[r + 1]; k++)
            sv->weight[k] = norm > 0 ? sv->weight[k] / norm : 0.0;
    }
}

double px_sentvecs_cosine(const px_sentvecs *sv, size_t i, size_t j)
{
    size_t a = sv->row_ptr[i], a_end = sv->row_ptr[i + 1];
    size_t b = sv->row_ptr[j], b_end = sv->row_ptr[j + 1];
    double dot = 0;
    while (a < a_end && b < b_end) {
        if (sv->term[a] < sv->term[b])
            a++;
        else if (sv->term[a] > sv->term[b])
            b++;
        else
            dot += sv->weight[a++] * sv->weight[b++];
    }
    return dot;
}

void px_sentvecs_free(px_sentvecs *sv)
{
    px_free(sv->row_ptr);
    px_free(sv->term);
    px_free(sv->count);
    px_free(sv->weight);
    px_free(sv->idf);
    px_free(sv->feature);
    px_free(sv->stop);
    px_free(sv->keyable);
    memset(sv, 0, sizeof *sv);
}
