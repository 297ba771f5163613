/*
 * sparse.h — building CSR matrices (private).
 */
#ifndef PRECIS_SPARSE_H
#define PRECIS_SPARSE_H

#include "precis.h"

/* Appends one row (columns strictly increasing) to m, growing its arrays
 * geometrically. m may start zeroed. PRECIS_OK or PRECIS_ERR_NOMEM (m intact). */
int px_csr_append_row(precis_csr *m, const uint32_t *col, const double *val, size_t n);
/* Allocates row_ptr (n_rows + 1, zeroed), col and val (nnz). */
int px_csr_alloc(precis_csr *m, size_t n_rows, size_t n_cols, size_t nnz);



/* The rows listed (in that order) of src, as a new matrix with the same columns. */
int px_csr_select_rows(const precis_csr *src, const size_t *rows, size_t n, precis_csr *out);
#endif
