/*
 * tfidf_rows.h — the TF-IDF matrix from counted documents (private).
 */
#ifndef PRECIS_TFIDF_ROWS_H
#define PRECIS_TFIDF_ROWS_H

#include "precis.h"
#include "features/vectorizer.h"

/* Documents counted by one builder: row r's (id, count) pairs are
 * ids/counts[row_ptr[r] .. row_ptr[r+1]); col[id] is the id's final column,
 * or UINT32_MAX for a pruned term. */
typedef struct px_row_source {
    const size_t *row_ptr;
    const uint32_t *ids, *counts;
    const uint32_t *col;
} px_row_source;

/* X = the n_docs TF-IDF rows: document d is row place[d].row of
 * src[place[d].shard] (place NULL: row d of src[0]); tf = 1 + ln(count) when
 * sublinear, else count; times idf[column]; unit L2 norm. Columns ascend in
 * every row. n_threads as px_pool_new takes it; the result does not depend
 * on it. PRECIS_OK or PRECIS_ERR_NOMEM (X left empty). */
/* Weighs one row of counts in place (val[k]: the count of column col[k]):
 * tf = 1 + ln(count) when sublinear, else count; times idf[col[k]]; then
 * scaled to unit L2 norm (an all-zero row stays zero). The one weighing of
 * training rows and of transformed documents alike. */
void px_tfidf_weigh(const double *idf, int sublinear, const uint32_t *col, double *val, size_t n);
int px_tfidf_rows(const px_row_source *src, const px_doc_place *place, size_t n_docs,
                  size_t n_cols, const double *idf, int sublinear, int n_threads, precis_csr *X);

#endif
