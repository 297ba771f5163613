/*
 * spread_rows.h — a process's rows, cut where one process's row chunks
 * would be cut (private; for the solver over several processes).
 */
#ifndef PRECIS_SPREAD_ROWS_H
#define PRECIS_SPREAD_ROWS_H

#include <stddef.h>
#include <stdint.h>

#include "precis.h"

/* This rank's rows after the chain: the rows of rank r - 1's unfinished last
 * chunk, then its own rows, less its own unfinished last chunk (sent on to
 * rank r + 1; the last rank keeps its own). Row chunks cut by
 * px_chunks_by_nnz(target, max_len) over the result are then exactly the
 * chunks one process cuts over all the rows, in order. */
typedef struct px_spread_rows {
    precis_csr X;
    uint32_t *y;
    double *cw;
} px_spread_rows;

/* PRECIS_OK, PRECIS_ERR_NOMEM or PRECIS_ERR_IO (comm). */
int px_spread_rows_align(px_spread_rows *out, const precis_comm *comm, const precis_csr *X,
                         const uint32_t *y, const double *cw, size_t target, size_t max_len);
void px_spread_rows_free(px_spread_rows *s);

#endif
