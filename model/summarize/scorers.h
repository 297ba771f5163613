/*
 * scorers.h — sentence scorers of the extractive summarizer (private).
 *
 * Every scorer fills score[0 .. sv->n_body) for the body rows whose active[]
 * flag is set (the sentences that may be summarized: not furniture) and writes
 * 0 for the others, which it also ignores as evidence. Scores are finite and
 * non-negative; a higher score is a more central sentence. All are
 * deterministic: no randomness, and sums run in row order.
 */
#ifndef PRECIS_SCORERS_H
#define PRECIS_SCORERS_H

#include <stddef.h>

#include "precis.h"
#include "summarize/sentvec.h"

/* Knobs the summarizer fixes (px_summary_tuning_default) and the benchmark
 * varies to measure alternatives. */
/* Graph scorers (TextRank, LexRank, the learned model's centrality
 * features) work on at most this many active sentences of an article. */
#define PX_GRAPH_MAX_SENTENCES 2000

typedef struct px_summary_tuning {
    double headline_weight;      /* centroid: the headline row counts as this many sentences */
    double headline_mix;         /* every method: + this * cosine(sentence, headline) */
    double frequency_exponent;   /* frequency scorer: divide by content words ^ this */
    double default_centroid;     /* default method: weight of centroid, the rest frequency */
    double lexrank_threshold;    /* LexRank edge when cosine > this (binary weights) */
    size_t lsa_dims;             /* LSA: top singular vectors used; 0: those >= half the first */
    int topic_argmax;            /* topic weights from the argmax class (1) or proba mix (0) */
    double topic_strength;       /* term scale 1 + strength * (relative topic weight) */
    size_t graph_max_sentences;  /* above: TextRank/LexRank fall back to centroid */
    size_t lsa_max_cells;        /* above terms x sentences: LSA falls back to centroid */
    size_t mmr_max_picks;        /* MMR re-ranks this many picks; then plain score order */
    double words_overshoot;      /* word length: once a sentence is in, pass over a unit that
                                    would end this fraction of the length past it */
    int words_overshoot_last;    /* word length, learned scores: only a unit placed after every
                                    unit taken may end past the length (1), or any unit (0) */
    double words_length_penalty; /* word length, learned scores: units ranked by logit(score)
                                    - this x (median sentence words / length) x ln(words) */
} px_summary_tuning;

void px_summary_tuning_default(px_summary_tuning *t);


/* Cosine to the centroid of the active rows' unit vectors, the headline's
 * counted headline_weight times. */
int px_score_centroid(const px_sentvecs *sv, const unsigned char *active, double headline_weight,
                      double *score);

/* SumBasic's sentence weight: the article frequency of the sentence's content
 * words (function words dropped: sv->stop), times scale[term] (NULL: 1),
 * summed and divided by (content words) ^ exponent: 1 is their mean, below 1
 * favours longer sentences. Frequencies count the active rows only. */
int px_score_frequency(const px_sentvecs *sv, const unsigned char *active, const double *scale,
                       double exponent, double *score);

/* Lead: (m - rank) / m for the rank-th active sentence of m. */
void px_score_lead(const px_sentvecs *sv, const unsigned char *active, double *score);

/* PageRank (damping 0.85, L1 tolerance 1e-8, at most 200 iterations) on the
 * graph of cosine similarities between active rows: weighted edges when
 * threshold < 0 (TextRank), else edges of weight 1 where cosine > threshold
 * (LexRank). Needs a dense m x m matrix: PRECIS_ERR_NOMEM if it cannot be had. */
int px_score_graph(const px_sentvecs *sv, const unsigned char *active, double threshold,
                   double *score);

/* Steinberger & Jezek's LSA: the SVD of the terms x active-sentences matrix of
 * unit TF-IDF weights; a sentence's score is the length of its vector in the
 * top `dims` dimensions, each scaled by its singular value (dims 0: the
 * dimensions whose singular value is at least half the largest).
 * PRECIS_ERR_LIMIT when terms x sentences exceeds max_cells. */
int px_score_lsa(const px_sentvecs *sv, const unsigned char *active, size_t dims,
                 size_t max_cells, double *score);

#endif
