/*
 * scorers.c — how central each sentence is: centroid, word frequency
 * (SumBasic), lead position, and the graph rankers TextRank and LexRank.
 * (LSA needs GSL, whose CBLAS header clashes with OpenBLAS's: scorers_lsa.c.)
 *
 * Invariants (scorers.h): only active rows are evidence or get a score;
 * inactive rows score 0; every score is finite and >= 0, zero vectors giving
 * cosine 0, never NaN. The graph rankers keep a dense m x m matrix, so the
 * caller bounds m (px_summary_tuning.graph_max_sentences).
 */
#include "summarize/scorers.h"

#include <cblas.h>
#include <limits.h>
#include <math.h>
#include <string.h>

#include "base/alloc.h"

#define PAGERANK_DAMPING 0.85
#define PAGERANK_TOLERANCE 1e-8
#define PAGERANK_MAX_ITER 200

int px_score_centroid(const px_sentvecs *sv, const unsigned char *active, double headline_weight,
                      double *score)
{
    double *centroid = px_calloc(sv->n_terms ? sv->n_terms : 1, sizeof *centroid);
    if (!centroid)
        return PRECIS_ERR_NOMEM;
    for (size_t r = 0; r < sv->n_rows; r++) {
        double w = r < sv->n_body ? (active[r] ? 1.0 : 0.0) : headline_weight;
        for (size_t k = sv->row_ptr[r]; w != 0 && k < sv->row_ptr[r + 1]; k++)
            centroid[sv->term[k]] += w * sv->weight[k];
    }
    double norm = 0;
    for (size_t t = 0; t < sv->n_terms; t++)
        norm += centroid[t] * centroid[t];
    norm = sqrt(norm);
    for (size_t r = 0; r < sv->n_body; r++) {
        double dot = 0;
        for (size_t k = sv->row_ptr[r]; active[r] && k < sv->row_ptr[r + 1]; k++)
            dot += sv->weight[k] * centroid[sv->term[k]];
        score[r] = norm > 0 && dot > 0 ? dot / norm : 0.0;
    }
    px_free(centroid);
    return PRECIS_OK;
}

int px_score_frequency(const px_sentvecs *sv, const unsigned char *active, const double *scale,
                       double exponent, double *score)
{
    double *freq = px_calloc(sv->n_terms ? sv->n_terms : 1, sizeof *freq);
    if (!freq)
        return PRECIS_ERR_NOMEM;
    for (size_t r = 0; r < sv->n_body; r++)
        for (size_t k = sv->row_ptr[r]; active[r] && k < sv->row_ptr[r + 1]; k++)
            freq[sv->term[k]] += sv->count[k];
    for (size_t r = 0; r < sv->n_body; r++) {
        double sum = 0, words = 0;
        for (size_t k = sv->row_ptr[r]; active[r] && k < sv->row_ptr[r + 1]; k++) {
            uint32_t t = sv->term[k];
            if (sv->stop[t])
                continue;
            sum += sv->count[k] * freq[t] * (scale ? scale[t] : 1.0);
            words += sv->count[k];
        }
        score[r] = words > 0 ? sum / pow(words, exponent) : 0.0;
    }
    px_free(freq);
    return PRECIS_OK;
}

void px_score_lead(const px_sentvecs *sv, const unsigned char *active, double *score)
{
    size_t m = 0, rank = 0;
    for (size_t r = 0; r < sv->n_body; r++)
        m += active[r];
    for (size_t r = 0; r < sv->n_body; r++)
        score[r] = active[r] ? (double)(m - rank++) / (double)m : 0.0;
}

/* The active rows' indices, in order. */
static size_t active_rows(const px_sentvecs *sv, const unsigned char *active, size_t *rows)
{
    size_t m = 0;
    for (size_t r = 0; r < sv->n_body; r++)
        if (active[r])
            rows[m++] = r;
    return m;
}

/* The column-stochastic transition matrix M (row-major, m x m): M[b][a] is the
 * probability of stepping from a to b, edge weight over a's total.
 * out_degree[a] is that total; a node with none (dangling) has a zero column,
 * and pagerank spreads its mass evenly instead. */
static void transition_matrix(const px_sentvecs *sv, const size_t *rows, size_t m,
                              double threshold, double *M, double *out_degree)
{
    for (size_t a = 0; a < m; a++) {
        M[a * m + a] = 0;
        for (size_t b = a + 1; b < m; b++) {
            double c = px_sentvecs_cosine(sv, rows[a], rows[b]);
            double w = threshold < 0 ? (c > 0 ? c : 0) : (c > threshold ? 1.0 : 0.0);
            M[a * m + b] = M[b * m + a] = w;
        }
    }
    for (size_t a = 0; a < m; a++) {
        double sum = 0;
        for (size_t b = 0; b < m; b++)
            sum += M[b * m + a];
        out_degree[a] = sum;
        for (size_t b = 0; sum > 0 && b < m; b++)
            M[b * m + a] /= sum;
    }
}

/* Power iteration r <- d M r + (d * dangling mass + 1 - d) / m, from uniform. */
static void pagerank(const double *M, const double *out_degree, size_t m, double *r, double *next)
{
    for (size_t a = 0; a < m; a++)
        r[a] = 1.0 / (double)m;
    for (int it = 0; it < PAGERANK_MAX_ITER; it++) {
        double dangling = 0;
        for (size_t a = 0; a < m; a++)
            if (out_degree[a] == 0)
                dangling += r[a];
        cblas_dgemv(CblasRowMajor, CblasNoTrans, (int)m, (int)m, PAGERANK_DAMPING, M, (int)m, r, 1,
                    0.0, next, 1);
        double base = (PAGERANK_DAMPING * dangling + 1.0 - PAGERANK_DAMPING) / (double)m;
        double change = 0;
        for (size_t a = 0; a < m; a++) {
            next[a] += base;
            change += fabs(next[a] - r[a]);
        }
        memcpy(r, next, m * sizeof *r);
        if (change < PAGERANK_TOLERANCE)
            break;
    }
}

int px_score_graph(const px_sentvecs *sv, const unsigned char *active, double threshold,
                   double *score)
{
    for (size_t r = 0; r < sv->n_body; r++)
        score[r] = 0;
    size_t *rows = px_malloc_array(sv->n_body ? sv->n_body : 1, sizeof *rows);
    if (!rows)
        return PRECIS_ERR_NOMEM;
    size_t m = active_rows(sv, active, rows);
    if (m > (size_t)INT_MAX) {
        px_free(rows);
        return PRECIS_ERR_LIMIT;
    }
    double *M = m ? px_malloc_array(m * m, sizeof *M) : NULL;
    double *vec = px_malloc_array(3 * (m ? m : 1), sizeof *vec);
    int rc = PRECIS_ERR_NOMEM;
    if ((m && !M) || !vec)
        goto done;
    if (m) {
        transition_matrix(sv, rows, m, threshold, M, vec);
        pagerank(M, vec, m, vec + m, vec + 2 * m);
        for (size_t a = 0; a < m; a++)
            score[rows[a]] = vec[m + a];
    }
    rc = PRECIS_OK;
done:
    px_free(rows);
    px_free(M);
    px_free(vec);
    return rc;
}
