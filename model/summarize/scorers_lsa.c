/*
 * scorers_lsa.c — the LSA scorer (Steinberger & Jezek, 2004): the singular
 * value decomposition of the terms x sentences matrix, each sentence scored by
 * the length of its singular-value-weighted vector in the top dimensions.
 *
 * Kept apart from scorers.c because GSL's CBLAS header and OpenBLAS's clash.
 * Every buffer is ours (px_malloc) and handed to GSL as views, so allocation
 * failures are injectable. gsl_linalg_SV_decomp needs rows >= columns: when
 * the article has fewer distinct terms than sentences the transpose is
 * decomposed, and the sentence vectors are then the left singular vectors.
 * Invariant: the matrix holds finite unit-row weights and dimensions are
 * checked first. GSL's error handler (which aborts by default) is switched
 * off around the decomposition, whose status is checked instead: switching
 * it is process-wide, so a program that sets its own GSL handler should not
 * summarize with LSA while another of its threads calls GSL.
 */
#include "summarize/scorers.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <math.h>

#include "base/alloc.h"

#define LSA_AUTO_FRACTION 0.5

typedef struct lsa_matrix {
    size_t n_sent, n_terms;  /* active sentences, distinct terms among them */
    size_t rows, cols;       /* of the decomposed matrix: rows >= cols */
    int sentences_are_rows;  /* decomposing sentences x terms (the transpose) */
    double *a, *v, *s;
} lsa_matrix;

static void lsa_free(lsa_matrix *L)
{
    px_free(L->a);
    px_free(L->v);
    px_free(L->s);
}

/* Compact column ids for the terms the active rows use; returns their count. */
static size_t number_terms(const px_sentvecs *sv, const unsigned char *active, long *col)
{
    size_t n = 0;
    for (size_t t = 0; t < sv->n_terms; t++)
        col[t] = -1;
    for (size_t r = 0; r < sv->n_body; r++)
        for (size_t k = sv->row_ptr[r]; active[r] && k < sv->row_ptr[r + 1]; k++)
            if (col[sv->term[k]] < 0)
                col[sv->term[k]] = (long)n++;
    return n;
}

static int lsa_alloc(lsa_matrix *L)
{
    L->sentences_are_rows = L->n_sent > L->n_terms;
    L->rows = L->sentences_are_rows ? L->n_sent : L->n_terms;
    L->cols = L->sentences_are_rows ? L->n_terms : L->n_sent;
    L->a = px_calloc(L->rows * L->cols, sizeof *L->a);
    L->v = px_malloc_array(L->cols * L->cols, sizeof *L->v);
    L->s = px_malloc_array(L->cols, sizeof *L->s);
    return L->a && L->v && L->s ? PRECIS_OK : PRECIS_ERR_NOMEM;
}

static void lsa_fill(lsa_matrix *L, const px_sentvecs *sv, const unsigned char *active,
                     const long *col)
{
    size_t j = 0;
    for (size_t r = 0; r < sv->n_body; r++) {
        if (!active[r])
            continue;
        for (size_t k = sv->row_ptr[r]; k < sv->row_ptr[r + 1]; k++) {
            size_t t = (size_t)col[sv->term[k]];
            size_t at = L->sentences_are_rows ? j * L->cols + t : t * L->cols + j;
            L->a[at] = sv->weight[k];
        }
        j++;
    }
}

/* Sentence j's coordinate in dimension d, before scaling by s[d]. */
static double sentence_coordinate(const lsa_matrix *L, size_t j, size_t d)
{
    return L->sentences_are_rows ? L->a[j * L->cols + d] : L->v[j * L->cols + d];
}

/* The dimensions whose singular value is at least half the largest: the
 * strong topics of the article (all dimensions would give every unit-norm
 * sentence the same length, 1). */
static size_t auto_dims(const double *s, size_t n)
{
    size_t k = 1;
    while (k < n && s[k] >= LSA_AUTO_FRACTION * s[0])
        k++;
    return k;
}

int px_score_lsa(const px_sentvecs *sv, const unsigned char *active, size_t dims,
                 size_t max_cells, double *score)
{
    for (size_t r = 0; r < sv->n_body; r++)
        score[r] = 0;
    long *col = px_malloc_array(sv->n_terms ? sv->n_terms : 1, sizeof *col);
    if (!col)
        return PRECIS_ERR_NOMEM;
    lsa_matrix L = {0};
    for (size_t r = 0; r < sv->n_body; r++)
        L.n_sent += active[r];
    L.n_terms = number_terms(sv, active, col);
    int rc = PRECIS_OK;
    if (L.n_sent == 0 || L.n_terms == 0)
        goto done;
    if (L.n_terms > max_cells / L.n_sent) {
        rc = PRECIS_ERR_LIMIT;
        goto done;
    }
    rc = lsa_alloc(&L);
    if (rc != PRECIS_OK)
        goto done;
    lsa_fill(&L, sv, active, col);
    gsl_matrix_view A = gsl_matrix_view_array(L.a, L.rows, L.cols);
    gsl_matrix_view V = gsl_matrix_view_array(L.v, L.cols, L.cols);
    gsl_vector_view S = gsl_vector_view_array(L.s, L.cols);
    /* One-sided Jacobi, not Golub-Reinsch: GSL's Golub-Reinsch fails to
     * converge on some plain finite matrices (53 x 42, weights in [0.14, 1],
     * found by tests/fuzz/fuzz_sentences), and GSL's default error handler
     * then aborts the process. Jacobi converges where that fails; should it
     * ever not, the handler is off for the call and every sentence scores 0
     * (the summary falls back to article order). */
    gsl_error_handler_t *handler = gsl_set_error_handler_off();
    int status = gsl_linalg_SV_decomp_jacobi(&A.matrix, &V.matrix, &S.vector);
    gsl_set_error_handler(handler);
    if (status != GSL_SUCCESS)
        goto done;
    size_t k_max = dims ? (dims < L.cols ? dims : L.cols) : auto_dims(L.s, L.cols);
    size_t j = 0;
    for (size_t r = 0; r < sv->n_body; r++) {
        if (!active[r])
            continue;
        double sum = 0;
        for (size_t d = 0; d < k_max; d++) {
            double x = L.s[d] * sentence_coordinate(&L, j, d);
            sum += x * x;
        }
        score[r] = isfinite(sum) ? sqrt(sum) : 0.0;
        j++;
    }
done:
    lsa_free(&L);
    px_free(col);
    return rc;
}
