/*
 * sentvec.h — an article's sentences as weighted term vectors (private to the
 * summarizer: sentvec.c, scorers.c, scorers_lsa.c, summarize.c).
 */
#ifndef PRECIS_SENTVEC_H
#define PRECIS_SENTVEC_H

#include <stddef.h>
#include <stdint.h>

#include "precis.h"

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
    int sublinear_tf;          /* tf = 1 + ln(count), as the model's features */
} px_sentvecs;

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
