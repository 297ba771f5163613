/*
 * learned.h — the learned summarizer's sentence model (private: learned.c
 * owns it; modelfile.c stores it as the SUMM section; summarize.c scores
 * with it).
 */
#ifndef PRECIS_LEARNED_H
#define PRECIS_LEARNED_H

#include <stddef.h>
#include <stdint.h>

#include "precis.h"
#include "summarize/sentvec.h"

/* A binary logistic model over standardized sentence features:
 *   P(sentence in the extract) = sigmoid(intercept + sum_j weight[j] *
 *                                         (x_feature[j] - mean[j]) / scale[j]).
 * Invariants: 1 <= n_features <= px_summary_feature_count(); feature[] ids are
 * distinct and known; every number is finite and every scale > 0. */
typedef struct px_summary_model {
    size_t n_features;
    uint32_t *feature;          /* ids of the feature table (learned.c) */
    double *mean, *scale, *weight;
    double intercept;
    double C;                   /* the regularization it was fitted with */
    uint64_t articles, sentences; /* what it was trained on */
} px_summary_model;

/* The feature table: names are stable (they are stored in model files). */
size_t px_summary_feature_count(void);
const char *px_summary_feature_name(uint32_t id);
/* The id of a feature name, or -1 if this precis does not know it. */
long px_summary_feature_lookup(const char *name, size_t len);

/* A model with n features, arrays allocated and zeroed; NULL when out of memory. */
px_summary_model *px_summary_model_alloc(size_t n);
void px_summary_model_free(px_summary_model *s);
/* The invariants above; PRECIS_ERR_ARG with a message naming what is wrong. */
int px_summary_model_check(const px_summary_model *s, precis_error *err);

/* What summarizing takes from a model: idf (v), topic weights (lr) and the
 * learned sentence model (summ). v and lr are both set or both NULL (no
 * model: idf comes from the article itself); summ may be NULL. */
typedef struct px_summary_source {
    const precis_vectorizer *v;
    const precis_logreg *lr;
    const px_summary_model *summ;
} px_summary_source;

/* Every feature of every body sentence: F is n_sentences rows of
 * px_summary_feature_count() values (rows of inactive sentences are zeros).
 * sv as for px_learned_score. PRECIS_ERR_NOMEM is the only failure. */
int px_summary_features(const px_summary_source *src, const precis_article *a, const double *proba,
                        px_sentvecs *sv, const unsigned char *active, size_t graph_max, double *F);

/* What a surface word keeps of its whitespace token (learned_surface.c). */
typedef enum px_surface_kind {
    PX_SURFACE_ALNUM,    /* letters and digits */
    PX_SURFACE_LETTERS,  /* letters only */
    PX_SURFACE_SINGULAR  /* letters only, plural endings removed (S-stemmer) */
} px_surface_kind;

/* Editor's traits of one sentence's text (learned_editor.c; English word
 * lists, 0 elsewhere): opens with a pronoun or connective that points back
 * ("He", "But", "However"); holds a double quotation mark; names a speaker
 * ("said", "told", "according"); ends with a question mark; and the number
 * of runs of capitalized words after the first (names). */
int px_sentence_leans_back(const char *s, size_t n);
int px_sentence_has_quote(const char *s, size_t n);
int px_sentence_attributes(const char *s, size_t n);
int px_sentence_is_question(const char *s, size_t n);
size_t px_sentence_capitalized_runs(const char *s, size_t n);
/* Of the words after the first that open with a capital (A-Z: names of
 * people, places, bodies), the share that stand in the headline h[0..hn)
 * too, case aside ("Obama" in "Obama wins vote"); 0 without such words. */
double px_sentence_names_in_headline(const char *s, size_t n, const char *h, size_t hn);

/* PageRank of the active sentences (0 for the others) in the graph of their
 * surface words' raw-count cosines (learned_surface.c). PRECIS_ERR_NOMEM. */
int px_surface_centrality(const precis_article *a, const unsigned char *active,
                          px_surface_kind kind, double *score);

/* Scores every body sentence with src's summary model: the probability that
 * it belongs in the extract (0 for inactive rows). sv is built from the
 * article with src's vectorizer and weighed with no scale (px_sentvecs_weigh(sv, NULL)),
 * as it is left on return. proba (n_labels, may be NULL: src classifies the
 * article) picks the topic. Graph features fall back to uniform above
 * graph_max active sentences. PRECIS_ERR_NOMEM is the only failure. */
int px_learned_score(const px_summary_source *src, const precis_article *a, const double *proba,
                     px_sentvecs *sv, const unsigned char *active, size_t graph_max,
                     double *score);

#endif
