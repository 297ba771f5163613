/*
 * terms.c — from a document's bytes to its terms (tokens and word n-grams).
 *
 * The order of steps is scikit-learn's analyzer: decode, lowercase, tokenize,
 * remove stop words, then form n-grams over the remaining tokens. Invariant:
 * tok_start/tok_len index the `lower` buffer of the current document only.
 */
#include "text/terms.h"

#include "base/alloc.h"
#include "base/error.h"

static int collect_token(void *ctx, const char *tok, size_t len)
{
    px_term_scratch *s = ctx;
    if (s->n_tok == s->tok_cap) {
        size_t cap = s->tok_cap ? 2 * s->tok_cap : 256;
        size_t *st = px_realloc_array(s->tok_start, cap, sizeof *st);
        if (!st)
            return PRECIS_ERR_NOMEM;
        s->tok_start = st;
        size_t *ln = px_realloc_array(s->tok_len, cap, sizeof *ln);
        if (!ln)
            return PRECIS_ERR_NOMEM;
        s->tok_len = ln;
        s->tok_cap = cap;
    }
    s->tok_start[s->n_tok] = (size_t)(tok - s->lower.data);
    s->tok_len[s->n_tok] = len;
    s->n_tok++;
    return 0;
}

static void drop_stop_words(px_term_scratch *s)
{
    size_t kept = 0;
    for (size_t i = 0; i < s->n_tok; i++) {
        if (px_is_stop_word(s->lower.data + s->tok_start[i], s->tok_len[i]))
            continue;
        s->tok_start[kept] = s->tok_start[i];
        s->tok_len[kept] = s->tok_len[i];
        kept++;
    }
    s->n_tok = kept;
}

/* Tokens i .. i+n-1 joined by single spaces, into s->gram. */
static int join_gram(px_term_scratch *s, size_t i, size_t n)
{
    s->gram.len = 0;
    for (size_t k = 0; k < n; k++) {
        if (k && px_buf_append(&s->gram, " ", 1) != PRECIS_OK)
            return PRECIS_ERR_NOMEM;
        if (px_buf_append(&s->gram, s->lower.data + s->tok_start[i + k], s->tok_len[i + k]) != PRECIS_OK)
            return PRECIS_ERR_NOMEM;
    }
    return PRECIS_OK;
}

int px_document_tokens(const precis_feature_options *opt, const char *bytes, size_t len,
                       px_term_scratch *s)
{
    s->decoded.len = 0;
    s->n_tok = 0;
    int rc = s->utf8 ? PRECIS_OK : px_decode(bytes, len, &s->decoded);
    if (rc == PRECIS_OK && !s->utf8) {
        bytes = s->decoded.data;
        len = s->decoded.len;
    }
    if (rc == PRECIS_OK)
        rc = px_lowercase(bytes, len, &s->lower);
    if (rc == PRECIS_OK)
        rc = px_tokenize(s->lower.data, s->lower.len, opt->single_char_tokens ? 1 : 2,
                         collect_token, s);
    if (rc != PRECIS_OK)
        return rc;
    if (opt->stop_words)
        drop_stop_words(s);
    return PRECIS_OK;
}

int px_document_terms(const precis_feature_options *opt, const char *bytes, size_t len,
                      px_term_scratch *s, px_term_fn fn, void *ctx)
{
    int rc = px_document_tokens(opt, bytes, len, s);
    if (rc != PRECIS_OK)
        return rc;
    for (int n = opt->ngram_min; n <= opt->ngram_max; n++) {
        if ((size_t)n > s->n_tok)
            break;
        for (size_t i = 0; i + (size_t)n <= s->n_tok; i++) {
            if (n == 1) {
                rc = fn(ctx, s->lower.data + s->tok_start[i], s->tok_len[i]);
            } else {
                rc = join_gram(s, i, (size_t)n);
                if (rc == PRECIS_OK)
                    rc = fn(ctx, s->gram.data, s->gram.len);
            }
            if (rc)
                return rc;
        }
    }
    return PRECIS_OK;
}

void px_term_scratch_free(px_term_scratch *s)
{
    px_buf_free(&s->decoded);
    px_buf_free(&s->lower);
    px_buf_free(&s->gram);
    px_free(s->tok_start);
    px_free(s->tok_len);
    s->tok_start = s->tok_len = NULL;
    s->n_tok = s->tok_cap = 0;
}
