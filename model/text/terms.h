/*
 * terms.h — a document's terms as the features see them (private).
 */
#ifndef PRECIS_TERMS_H
#define PRECIS_TERMS_H

#include "precis.h"
#include "text/text.h"

/* Buffers reused from one document to the next. Zero-initialize. */
typedef struct px_term_scratch {
    int utf8;          /* the text is already decoded (px_decode's output): skip decoding */
    px_buf decoded, lower, gram;
    size_t *tok_start, *tok_len;
    size_t n_tok, tok_cap;
} px_term_scratch;

typedef int (*px_term_fn)(void *ctx, const char *term, size_t len);

/* Decodes raw bytes, lowercases, tokenizes, drops stop words if asked, then
 * calls fn for every n-gram in the options' range (n-grams joined by one
 * space, as scikit-learn joins them). fn's non-zero return stops the walk and
 * is returned. */
int px_document_terms(const precis_feature_options *opt, const char *bytes, size_t len,
                      px_term_scratch *s, px_term_fn fn, void *ctx);
/* The first steps of px_document_terms only: decoded, lowercased, tokenized
 * and stop words dropped, token i is s->lower.data + s->tok_start[i], of
 * s->tok_len[i] bytes. PRECIS_OK or PRECIS_ERR_NOMEM. */
int px_document_tokens(const precis_feature_options *opt, const char *bytes, size_t len,
                       px_term_scratch *s);
void px_term_scratch_free(px_term_scratch *s);

#endif
