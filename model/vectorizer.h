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

/* Adds a document given as its distinct terms (as px_document_terms gives
 * them), concatenated without separators, lens[i] bytes each, with their
 * px_hash_bytes and their counts in the document: lets the tokenizing happen
 * in another thread than the counting. */
int px_vectorizer_builder_add_terms(precis_vectorizer_builder *b, const char *terms,
                                    const uint32_t *lens, const uint32_t *hashes,
                                    const uint32_t *counts, size_t n, precis_error *err);
const precis_feature_options *px_vectorizer_builder_options(const precis_vectorizer_builder *b);

#endif
