/*
 * sentvec.h — an article's sentences as weighted term vectors (private to the
 * summarizer: sentvec.c, scorers.c, scorers_lsa.c, summarize.c).
 */
#ifndef PRECIS_SENTVEC_H
#define PRECIS_SENTVEC_H

#include <stddef.h>
#include <stdint.h>

#include "precis.h"
#include "base/vocab.h"

/* Rows 0 .. n_body-1 are the body sentences in order; row n_body is the
 * headline (an empty row when the article has none). Terms are local ids
 * 0 .. n_terms-1 in order of first sight; within a row they strictly increase.
 * weight[] is the row's TF-IDF vector scaled to unit L2 norm, or all zeros
 * when the row has no term (or only terms of weight 0). */
typedef struct px_sentvecs {
    size_t n_body, n_rows;     /* n_rows = n_body + 1 */
    size_t n_terms;
    size_t *row_ptr;           /* n_rows + 1 */
    uint32_t *term;            /* per entry: local term id */
    double *count;             /* per entry: occurrences in the row */
    double *weight;            /* per entry: unit-norm TF-IDF (see px_sentvecs_weigh) */
    double *idf;               /* per term */
    long *feature;             /* per term: the model's feature index, -1 if none */
    unsigned char *stop;       /* per term: on the built-in English stop-word list */
    unsigned char *keyable;    /* per term: may be a key term (learned.c's keywords):
                                * not stop, no reporting verb, no digit */
    int sublinear_tf;          /* tf = 1 + ln(count), as the model's features */
} px_sentvecs;

/* The term ids of the row being built, interned as they come: what both the
 * feature-word vectors (sentvec.c) and the surface-word vectors
 * (learned_surface.c) make their rows from. Zero-initialize; ids are local
 * (order of first sight), vocab.n of them. */
typedef struct px_row_ids {
    px_vocab vocab;
    uint32_t *ids;             /* the current row's ids, in text order */
    size_t n_ids, ids_cap;
    size_t entries_cap;        /* room in the px_sentvecs entry arrays */
} px_row_ids;

/* Interns a term and appends its id to the current row. PRECIS_ERR_NOMEM. */
int px_row_ids_push(px_row_ids *b, const char *term, size_t len);
/* Ends the current row as row `row` of sv: (term, count) pairs sorted by
 * term into sv->term and *values (sv->count or sv->weight, grown with
 * sv->term), sv->row_ptr[row + 1] set; the row is then emptied. */
int px_row_ids_emit(px_row_ids *b, px_sentvecs *sv, double **values, size_t row);
void px_row_ids_free(px_row_ids *b);

/* Tokenizes every sentence and the headline as the features do (unigrams, the
 * vectorizer's options when v is given, else the defaults). idf: with v, the
 * model's idf; a term the model lacks gets the smooth idf of a document
 * frequency of 0, ln(1 + n_documents) + 1, the rarest possible. Without v,
 * smooth idf over the article's non-furniture body sentences as documents.
 * Weights are left at zero: call px_sentvecs_weigh. */
int px_sentvecs_build(px_sentvecs *sv, const precis_article *a, const precis_vectorizer *v);

/* weight = tf * idf * scale[term] (scale NULL: 1), each row scaled to unit
 * L2 norm. */
void px_sentvecs_weigh(px_sentvecs *sv, const double *scale);

/* Cosine of rows i and j: the dot product of their unit weights (0 when
 * either row is empty). */
double px_sentvecs_cosine(const px_sentvecs *sv, size_t i, size_t j);

void px_sentvecs_free(px_sentvecs *sv);

#endif
