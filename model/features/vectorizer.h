/*
 * vectorizer.h — private access to a vectorizer's parts, for the model file.
 */
#ifndef PRECIS_VECTORIZER_H
#define PRECIS_VECTORIZER_H

#include "precis.h"

/* Rebuilds a vectorizer from stored parts, trusting nothing: the pool must hold
 * exactly n_terms NUL-terminated, valid UTF-8, strictly increasing terms, and
 * every df must lie in 1..n_documents. idf is recomputed from df. */
int px_vectorizer_from_parts(precis_vectorizer **out, const precis_feature_options *opt,
                             size_t n_documents, const char *term_pool, size_t pool_len,
                             size_t n_terms, const uint32_t *df, precis_error *err);
/* The terms, each NUL-terminated, in index order: pool_len bytes. */
const char *px_vectorizer_pool(const precis_vectorizer *v, size_t *pool_len);
const uint32_t *px_vectorizer_dfs(const precis_vectorizer *v);
/* Checks option values (ranges, min <= max); PRECIS_ERR_ARG with a message. */
int px_feature_options_check(const precis_feature_options *opt, precis_error *err);

/* Where document d of a merged builder comes from: row `row` of shard `shard`. */
typedef struct px_doc_place {
    uint32_t shard, row;
} px_doc_place;

/* Makes the empty builder b hold n_docs documents counted by several shard
 * builders (same options, each fed a share of a corpus): document d is row
 * place[d].row of shards[place[d].shard]. The vocabulary is the union, df and
 * corpus frequencies are summed; finishing b then gives exactly what one
 * builder fed the documents in order would (ids are renumbered by term when
 * finishing). The shards' counts move into b (no copy): the shards are left
 * empty, fit only to be freed. Finishing b uses n_shards threads. */
int px_vectorizer_builder_merge(precis_vectorizer_builder *b,
                                precis_vectorizer_builder *const *shards, size_t n_shards,
                                const px_doc_place *place, size_t n_docs, precis_error *err);
/* A 64-bit hash of row `row`'s distinct terms, in order of first occurrence
 * in the document (so two documents with the same words in the same order
 * hash alike); *n_terms gets how many there are. */
uint64_t px_vectorizer_builder_row_hash(const precis_vectorizer_builder *b, size_t row,
                                        size_t *n_terms);
const precis_feature_options *px_vectorizer_builder_options(const precis_vectorizer_builder *b);

/* The vectorizer that finishing would give if only the documents with
 * in_fit[d] set had been added (vocabulary, document frequencies, min-df,
 * max-df, max-features and idf from them alone), and in *X the TF-IDF rows of
 * ALL the documents through it (the others as precis_vectorizer_transform
 * would see them). b is left as it was, to fit other subsets. */
int px_vectorizer_builder_fit_subset(const precis_vectorizer_builder *b,
                                     const unsigned char *in_fit, precis_vectorizer **out,
                                     precis_csr *X, precis_error *err);

/* px_vectorizer_builder_fit_subset under other options (NULL: b's): min-df,
 * max-df, max-features, sublinear tf and a narrower n-gram range (terms of
 * other orders are left out) may differ from what b was counted with; stop
 * words and one-character tokens may not (PRECIS_ERR_ARG). The vectorizer
 * keeps opt, so it transforms new text as a builder under opt would. This is
 * what lets a search over feature options count each document once. */
int px_vectorizer_builder_fit_subset_with(const precis_vectorizer_builder *b,
                                          const unsigned char *in_fit,
                                          const precis_feature_options *opt,
                                          precis_vectorizer **out, precis_csr *X,
                                          precis_error *err);
/* Over several processes: b's term statistics (terms with their df and
 * corpus frequency) as bytes, *out px_malloc'd; then, with every process's
 * statistics concatenated and the number of documents over all, the
 * vectorizer one builder fed all the documents would give (same terms,
 * order, df, idf) and in *X the TF-IDF rows of b's own documents. */
int px_vectorizer_builder_stats(const precis_vectorizer_builder *b, char **out, size_t *len);
int px_vectorizer_builder_finish_spread(precis_vectorizer_builder *b, const char *stats,
                                        size_t stats_len, size_t n_docs_total,
                                        precis_vectorizer **out, precis_csr *X, precis_error *err);

/* precis_vectorizer_transform; with utf8 set, text is already decoded
 * (px_decode's output) and is not decoded again. */
int px_vectorizer_transform_text(const precis_vectorizer *v, const char *text, size_t len,
                                 int utf8, precis_csr *X, precis_error *err);

#endif
