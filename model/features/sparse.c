/*
 * sparse.c — allocation and row-wise growth of CSR matrices.
 *
 * Invariant of a precis_csr: row_ptr[0] == 0, row_ptr is non-decreasing,
 * row_ptr[n_rows] == nnz, and within a row columns strictly increase and are
 * below n_cols. The arrays may be larger than nnz (capacity), never smaller.
 */
#include "features/sparse.h"

#include <string.h>

#include "base/alloc.h"

void precis_csr_free(precis_csr *m)
{
    if (!m)
        return;
    px_free(m->row_ptr);
    px_free(m->col);
    px_free(m->val);
    memset(m, 0, sizeof *m);
}

int px_csr_alloc(precis_csr *m, size_t n_rows, size_t n_cols, size_t nnz)
{
    memset(m, 0, sizeof *m);
    m->row_ptr = px_calloc(n_rows + 1, sizeof *m->row_ptr);
    m->col = px_malloc_array(nnz, sizeof *m->col);
    m->val = px_malloc_array(nnz, sizeof *m->val);
    if (!m->row_ptr || !m->col || !m->val) {
        precis_csr_free(m);
        return PRECIS_ERR_NOMEM;
    }
    m->n_rows = n_rows;
    m->n_cols = n_cols;
    m->nnz = nnz;
    return PRECIS_OK;
}

/* Capacity is not stored: a matrix grown here always has arrays of
 * capacity_for(count) entries, so growth happens exactly when a count passes
 * a power of two. That is why m must be zeroed or grown only by this function. */
static size_t capacity_for(size_t n)
{
    size_t c = 16;
    while (c < n)
        c *= 2;
    return c;
}

int px_csr_append_row(precis_csr *m, const uint32_t *col, const double *val, size_t n)
{
    if (!m->row_ptr || m->n_rows + 2 > capacity_for(m->n_rows + 1)) {
        size_t *rp = px_realloc_array(m->row_ptr, capacity_for(m->n_rows + 2), sizeof *rp);
        if (!rp)
            return PRECIS_ERR_NOMEM;
        if (!m->row_ptr)
            rp[0] = 0;
        m->row_ptr = rp;
    }
    size_t need = m->nnz + n;
    if (!m->col || !m->val || need > capacity_for(m->nnz)) {
        size_t cap = capacity_for(need);
        uint32_t *c = px_realloc_array(m->col, cap, sizeof *c);
        if (!c)
            return PRECIS_ERR_NOMEM;
        m->col = c;
        double *v = px_realloc_array(m->val, cap, sizeof *v);
        if (!v)
            return PRECIS_ERR_NOMEM;
        m->val = v;
    }
    if (n) {
        memcpy(m->col + m->nnz, col, n * sizeof *col);
        memcpy(m->val + m->nnz, val, n * sizeof *val);
    }
    m->nnz = need;
    m->n_rows++;
    m->row_ptr[m->n_rows] = need;
    return PRECIS_OK;
}

int px_csr_select_rows(const precis_csr *src, const size_t *rows, size_t n, precis_csr *out)
{
    size_t nnz = 0;
    for (size_t i = 0; i < n; i++)
        nnz += src->row_ptr[rows[i] + 1] - src->row_ptr[rows[i]];
    if (px_csr_alloc(out, n, src->n_cols, nnz) != PRECIS_OK)
        return PRECIS_ERR_NOMEM;
    size_t at = 0;
    for (size_t i = 0; i < n; i++) {
        size_t a = src->row_ptr[rows[i]], len = src->row_ptr[rows[i] + 1] - a;
        memcpy(out->col + at, src->col + a, len * sizeof *out->col);
        memcpy(out->val + at, src->val + a, len * sizeof *out->val);
        at += len;
        out->row_ptr[i + 1] = at;
    }
    return PRECIS_OK;
}
