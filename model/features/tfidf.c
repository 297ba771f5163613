/*
 * tfidf.c — the vectorizer: vocabulary pruning, idf, and TF-IDF rows, with
 * scikit-learn's TfidfVectorizer semantics.
 *
 * Building: each document added is turned into (term id, count) pairs at
 * once, under provisional ids in order of first sight; no text is kept.
 * Builders fed shares of one corpus in parallel (shards.c) merge into one,
 * which then finishes as if it had been fed every document in order.
 * Finishing prunes by document frequency (min_df, max_df), then keeps the
 * max_features most frequent terms in the corpus (ties: the term that sorts
 * first), renumbers the survivors in code-point order, and weighs
 *   tf  = 1 + ln(count) (sublinear) or count,
 *   idf = ln((1 + n) / (1 + df)) + 1,
 * each row scaled to unit L2 norm.
 * Invariants of a finished vectorizer: vocab ids are sorted term order; df[i]
 * lies in 1..n_documents; idf[i] is derived from df[i] and never stored apart.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/error.h"
#include "base/sort.h"
#include "features/sparse.h"
#include "features/tfidf_rows.h"
#include "text/terms.h"
#include "features/vectorizer.h"
#include "base/vocab.h"

struct precis_vectorizer {
    precis_feature_options opt;
    size_t n_documents;
    px_vocab vocab;
    uint32_t *df;
    double *idf;
};

/* One shard's counts: row r's pairs are ids/counts[row_ptr[r] .. row_ptr[r+1]);
 * map[id] is the shard id's id in the merged builder. */
typedef struct row_part {
    size_t *row_ptr;
    uint32_t *ids, *counts;
    uint32_t *map;           /* NULL for the first shard: its ids are b's */
    size_t n_ids;            /* entries in map */
} row_part;

struct precis_vectorizer_builder {
    precis_feature_options opt;
    px_vocab vocab;          /* provisional ids */
    uint32_t *df;            /* per provisional id */
    uint64_t *tf;            /* corpus frequency, for max_features */
    uint32_t *last_doc;      /* 1 + last document the id was seen in */
    size_t *slot;            /* its entry in the current document's counts */
    size_t id_cap;
    size_t *row_ptr;         /* counts in CSR form, one row per document */
    size_t n_docs, rows_cap;
    uint32_t *ids, *counts;
    size_t nnz, nnz_cap;
    px_term_scratch scratch;
    uint32_t *tok_hash;      /* the current document's tokens' hashes */
    size_t tok_hash_cap;
    /* After a merge: the shards' counts, taken over, and where each document
     * lies in them; b's own row arrays then hold nothing. */
    row_part *parts;
    size_t n_parts;
    px_doc_place *place;
    int n_threads;           /* for finishing; 1 unless merged */
};

/* ------------------------------------------------------------ options */

void precis_feature_options_default(precis_feature_options *opt)
{
    memset(opt, 0, sizeof *opt);
    opt->ngram_min = opt->ngram_max = 1;
    opt->min_df.value = 1;
    opt->max_df.value = 1.0;
    opt->max_df.is_proportion = 1;
    opt->sublinear_tf = 1;
}

static int check_bound(const precis_df_bound *b, const char *name, precis_error *err)
{
    if (!(b->value >= 0) || !isfinite(b->value))
        return px_error(err, PRECIS_ERR_ARG, "%s must be a non-negative number", name);
    if (b->is_proportion && b->value > 1.0)
        return px_error(err, PRECIS_ERR_ARG, "%s as a proportion must lie in [0, 1]", name);
    if (!b->is_proportion && b->value != floor(b->value))
        return px_error(err, PRECIS_ERR_ARG, "%s as a count must be a whole number", name);
    return PRECIS_OK;
}

int px_feature_options_check(const precis_feature_options *opt, precis_error *err)
{
    if (opt->ngram_min < 1 || opt->ngram_max < opt->ngram_min || opt->ngram_max > PRECIS_MAX_NGRAM)
        return px_error(err, PRECIS_ERR_ARG,
                        "n-gram range %d-%d is invalid (need 1 <= min <= max <= %d)",
                        opt->ngram_min, opt->ngram_max, PRECIS_MAX_NGRAM);
    int rc = check_bound(&opt->min_df, "min-df", err);
    if (rc == PRECIS_OK)
        rc = check_bound(&opt->max_df, "max-df", err);
    return rc;
}

/* A bound as a number of documents, as scikit-learn reads it. */
static double bound_count(const precis_df_bound *b, size_t n_docs)
{
    return b->is_proportion ? b->value * (double)n_docs : b->value;
}

/* ------------------------------------------------------------ building */

int precis_vectorizer_builder_new(precis_vectorizer_builder **out,
                                  const precis_feature_options *opt, precis_error *err)
{
    *out = NULL;
    precis_feature_options defaults;
    if (!opt) {
        precis_feature_options_default(&defaults);
        opt = &defaults;
    }
    int rc = px_feature_options_check(opt, err);
    if (rc != PRECIS_OK)
        return rc;
    precis_vectorizer_builder *b = px_calloc(1, sizeof *b);
    if (!b)
        return px_error(err, PRECIS_ERR_NOMEM, "out of memory");
    b->opt = *opt;
    b->n_threads = 1;
    b->row_ptr = px_calloc(1, sizeof *b->row_ptr);
    if (!b->row_ptr) {
        px_free(b);
        return px_error(err, PRECIS_ERR_NOMEM, "out of memory");
    }
    b->rows_cap = 1;
    *out = b;
    return PRECIS_OK;
}

static int grow_id_arrays(precis_vectorizer_builder *b)
{
    size_t cap = b->id_cap ? 2 * b->id_cap : 4096;
    uint32_t *df = px_realloc_array(b->df, cap, sizeof *df);
    if (!df)
        return PRECIS_ERR_NOMEM;
    b->df = df;
    uint64_t *tf = px_realloc_array(b->tf, cap, sizeof *tf);
    if (!tf)
        return PRECIS_ERR_NOMEM;
    b->tf = tf;
    uint32_t *last = px_realloc_array(b->last_doc, cap, sizeof *last);
    if (!last)
        return PRECIS_ERR_NOMEM;
    b->last_doc = last;
    size_t *slot = px_realloc_array(b->slot, cap, sizeof *slot);
    if (!slot)
        return PRECIS_ERR_NOMEM;
    b->slot = slot;
    b->id_cap = cap;
    return PRECIS_OK;
}

static int grow_counts(precis_vectorizer_builder *b)
{
    size_t cap = b->nnz_cap ? 2 * b->nnz_cap : 65536;
    uint32_t *ids = px_realloc_array(b->ids, cap, sizeof *ids);
    if (!ids)
        return PRECIS_ERR_NOMEM;
    b->ids = ids;
    uint32_t *counts = px_realloc_array(b->counts, cap, sizeof *counts);
    if (!counts)
        return PRECIS_ERR_NOMEM;
    b->counts = counts;
    b->nnz_cap = cap;
    return PRECIS_OK;
}

/* `count` occurrences of one term of the document being added (document
 * number b->n_docs); hash is px_hash_bytes(term, len). */
static int count_term_n(precis_vectorizer_builder *b, const char *term, size_t len, uint32_t hash,
                        uint32_t count)
{
    size_t known = b->vocab.n;
    uint32_t id;
    int rc = px_vocab_intern_hashed(&b->vocab, term, len, hash, &id);
    if (rc != PRECIS_OK)
        return rc;
    if (b->vocab.n > known) {
        if (id >= b->id_cap && grow_id_arrays(b) != PRECIS_OK)
            return PRECIS_ERR_NOMEM;
        b->df[id] = 0;
        b->tf[id] = 0;
        b->last_doc[id] = 0;
    }
    uint32_t doc_mark = (uint32_t)b->n_docs + 1;
    if (b->last_doc[id] == doc_mark) {
        /* A 32-bit count in one document: with --max-doc-bytes past 8 GB a
         * term could occur 2^32 times. Saturate rather than wrap to a tiny
         * count (the input decides it, so no wrap is allowed). */
        uint32_t *c = &b->counts[b->slot[id]];
        *c = *c > UINT32_MAX - count ? UINT32_MAX : *c + count;
        b->tf[id] += count;
        return PRECIS_OK;
    }
    if (b->nnz == b->nnz_cap && grow_counts(b) != PRECIS_OK)
        return PRECIS_ERR_NOMEM;
    b->last_doc[id] = doc_mark;
    b->slot[id] = b->nnz;
    b->ids[b->nnz] = id;
    b->counts[b->nnz] = count;
    b->nnz++;
    b->df[id]++;
    b->tf[id] += count;
    return PRECIS_OK;
}

/* One occurrence of a term: px_document_terms's callback. */
static int count_term(void *ctx, const char *term, size_t len)
{
    return count_term_n(ctx, term, len, px_hash_bytes(term, len), 1);
}

/* Feeds one document's terms to count_term. */
typedef int (*term_feeder)(precis_vectorizer_builder *b, const void *source);

typedef struct raw_text {
    const char *text;
    size_t len;
} raw_text;


/* Table slots are fetched this many tokens ahead of their lookup, so that
 * several cache misses are under way at once instead of one at a time. */
#define PREFETCH_AHEAD 8

static int hash_tokens(precis_vectorizer_builder *b)
{
    const px_term_scratch *s = &b->scratch;
    if (s->n_tok > b->tok_hash_cap) {
        uint32_t *h = px_realloc_array(b->tok_hash, s->n_tok, sizeof *h);
        if (!h)
            return PRECIS_ERR_NOMEM;
        b->tok_hash = h;
        b->tok_hash_cap = s->n_tok;
    }
    for (size_t i = 0; i < s->n_tok; i++)
        b->tok_hash[i] = px_hash_bytes(s->lower.data + s->tok_start[i], s->tok_len[i]);
    return PRECIS_OK;
}

/* Unigrams: the document's tokens are the terms, all known before the
 * first is counted, so their slots can be fetched ahead. */
static int count_tokens(precis_vectorizer_builder *b)
{
    int rc = hash_tokens(b);
    const px_term_scratch *s = &b->scratch;
    for (size_t i = 0; rc == PRECIS_OK && i < s->n_tok; i++) {
        if (i + PREFETCH_AHEAD < s->n_tok && b->vocab.n_slots)
            __builtin_prefetch(&b->vocab.slots[b->tok_hash[i + PREFETCH_AHEAD] &
                                               (b->vocab.n_slots - 1)]);
        rc = count_term_n(b, s->lower.data + s->tok_start[i], s->tok_len[i], b->tok_hash[i], 1);
    }
    return rc;
}

static int feed_raw_text(precis_vectorizer_builder *b, const void *source)
{
    const raw_text *t = source;
    if (b->opt.ngram_max > 1)
        return px_document_terms(&b->opt, t->text, t->len, &b->scratch, count_term, b);
    int rc = px_document_tokens(&b->opt, t->text, t->len, &b->scratch);
    return rc == PRECIS_OK ? count_tokens(b) : rc;
}

/* Undoes a partly counted document so the builder stays consistent. */
static void undo_document(precis_vectorizer_builder *b, size_t start)
{
    for (size_t i = start; i < b->nnz; i++) {
        b->df[b->ids[i]]--;
        b->tf[b->ids[i]] -= b->counts[i];
    }
    b->nnz = start;
    uint32_t doc_mark = (uint32_t)b->n_docs + 1;
    for (size_t id = 0; id < b->vocab.n && id < b->id_cap; id++)
        if (b->last_doc[id] == doc_mark)
            b->last_doc[id] = 0;
}

static int add_document(precis_vectorizer_builder *b, term_feeder feed, const void *source,
                        precis_error *err)
{
    if (!b->row_ptr)
        return px_error(err, PRECIS_ERR_ARG, "vectorizer builder already finished");
    if (b->parts)
        return px_error(err, PRECIS_ERR_ARG, "documents added to a merged vectorizer builder");
    if (b->n_docs >= UINT32_MAX - 1)
        return px_error(err, PRECIS_ERR_LIMIT, "more than %u documents", UINT32_MAX - 2);
    if (b->n_docs + 2 > b->rows_cap) {
        size_t cap = 2 * b->rows_cap + 16;
        size_t *rp = px_realloc_array(b->row_ptr, cap, sizeof *rp);
        if (!rp)
            return px_error(err, PRECIS_ERR_NOMEM, "out of memory");
        b->row_ptr = rp;
        b->rows_cap = cap;
    }
    size_t start = b->nnz;
    int rc = feed(b, source);
    if (rc != PRECIS_OK) {
        undo_document(b, start);
        if (rc == PRECIS_ERR_LIMIT)
            return px_error(err, rc, "vocabulary larger than 2^32 terms");
        return px_error(err, PRECIS_ERR_NOMEM, "out of memory while counting terms");
    }
    b->n_docs++;
    b->row_ptr[b->n_docs] = b->nnz;
    return PRECIS_OK;
}

int precis_vectorizer_builder_add(precis_vectorizer_builder *b, const char *text, size_t len,
                                  precis_error *err)
{
    raw_text t = {text ? text : "", text ? len : 0};
    return add_document(b, feed_raw_text, &t, err);
}

const precis_feature_options *px_vectorizer_builder_options(const precis_vectorizer_builder *b)
{
    return &b->opt;
}

/* ------------------------------------------------------------ shards */

uint64_t px_vectorizer_builder_row_hash(const precis_vectorizer_builder *b, size_t row,
                                        size_t *n_terms)
{
    /* One multiply-xorshift step per term over its table hash and length
     * (the terms' bytes were hashed once already, when they were interned);
     * each step depends on the last, so the order of the terms counts. */
    uint64_t h = 0xCBF29CE484222325u;
    size_t from = b->row_ptr[row], to = b->row_ptr[row + 1];
    for (size_t k = from; k < to; k++) {
        uint64_t t = (uint64_t)b->vocab.hash[b->ids[k]] << 32 |
                     (uint32_t)px_vocab_term_len(&b->vocab, b->ids[k]);
        h = (h ^ t) * 0x9E3779B97F4A7C15u;
        h ^= h >> 32;
    }
    *n_terms = to - from;
    return h ^ (h >> 29);
}

/* b takes over s's vocabulary, with its per-id arrays, as its own: the
 * first shard's ids stay as they are. */
static void adopt_vocabulary(precis_vectorizer_builder *b, precis_vectorizer_builder *s)
{
    b->vocab = s->vocab;
    b->df = s->df;
    b->tf = s->tf;
    b->last_doc = s->last_doc;
    b->slot = s->slot;
    b->id_cap = s->id_cap;
    memset(&s->vocab, 0, sizeof s->vocab);
    s->df = NULL;
    s->tf = NULL;
    s->last_doc = NULL;
    s->slot = NULL;
    s->id_cap = 0;
}

/* Adds shard s's vocabulary to b's, summing df and tf; map[id] gets each
 * shard id's id in b. */
static int merge_vocabulary(precis_vectorizer_builder *b, const precis_vectorizer_builder *s,
                            uint32_t *map)
{
    for (size_t id = 0; id < s->vocab.n; id++) {
        size_t known = b->vocab.n;
        uint32_t g;
        int rc = px_vocab_intern_hashed(&b->vocab, px_vocab_term(&s->vocab, id),
                                        px_vocab_term_len(&s->vocab, id), s->vocab.hash[id], &g);
        if (rc != PRECIS_OK)
            return rc;
        if (b->vocab.n > known) {
            if (g >= b->id_cap && grow_id_arrays(b) != PRECIS_OK)
                return PRECIS_ERR_NOMEM;
            b->df[g] = 0;
            b->tf[g] = 0;
            b->last_doc[g] = 0;
        }
        b->df[g] += s->df[id];
        b->tf[g] += s->tf[id];
        map[id] = g;
    }
    return PRECIS_OK;
}

/* b takes over s's counts as part p. */
static void adopt_rows(precis_vectorizer_builder *b, size_t p, precis_vectorizer_builder *s)
{
    b->parts[p].row_ptr = s->row_ptr;
    b->parts[p].ids = s->ids;
    b->parts[p].counts = s->counts;
    s->row_ptr = NULL;
    s->ids = NULL;
    s->counts = NULL;
    s->nnz = s->nnz_cap = s->n_docs = 0;
}

static void free_parts(precis_vectorizer_builder *b)
{
    for (size_t p = 0; p < b->n_parts; p++) {
        px_free(b->parts[p].row_ptr);
        px_free(b->parts[p].ids);
        px_free(b->parts[p].counts);
        px_free(b->parts[p].map);
    }
    px_free(b->parts);
    px_free(b->place);
    b->parts = NULL;
    b->place = NULL;
    b->n_parts = 0;
}

int px_vectorizer_builder_merge(precis_vectorizer_builder *b,
                                precis_vectorizer_builder *const *shards, size_t n_shards,
                                const px_doc_place *place, size_t n_docs, precis_error *err)
{
    if (!b->row_ptr || b->n_docs || b->vocab.n || b->parts || n_shards == 0)
        return px_error(err, PRECIS_ERR_ARG, "merge into a builder that is not empty");
    if (n_docs >= UINT32_MAX - 1)
        return px_error(err, PRECIS_ERR_LIMIT, "more than %u documents", UINT32_MAX - 2);
    b->parts = px_calloc(n_shards, sizeof *b->parts);
    b->place = px_malloc_array(n_docs ? n_docs : 1, sizeof *b->place);
    if (!b->parts || !b->place) {
        free_parts(b);
        return px_error(err, PRECIS_ERR_NOMEM, "out of memory merging the corpus's counts");
    }
    b->n_parts = n_shards;
    memcpy(b->place, place, n_docs * sizeof *place);
    adopt_vocabulary(b, shards[0]);
    int rc = PRECIS_OK;
    for (size_t s = 1; rc == PRECIS_OK && s < n_shards; s++) {
        size_t n = shards[s]->vocab.n;
        b->parts[s].map = px_malloc_array(n ? n : 1, sizeof *b->parts[s].map);
        b->parts[s].n_ids = n;
        rc = b->parts[s].map ? merge_vocabulary(b, shards[s], b->parts[s].map) : PRECIS_ERR_NOMEM;
    }
    for (size_t s = 0; rc == PRECIS_OK && s < n_shards; s++)
        adopt_rows(b, s, shards[s]);
    b->n_docs = n_docs;
    b->n_threads = n_shards > INT32_MAX ? INT32_MAX : (int)n_shards;
    if (rc == PRECIS_ERR_LIMIT)
        return px_error(err, rc, "vocabulary larger than 2^32 terms");
    if (rc != PRECIS_OK)
        return px_error(err, PRECIS_ERR_NOMEM, "out of memory merging the corpus's counts");
    return PRECIS_OK;
}

/* ------------------------------------------------------------ finishing */

typedef struct ranked_term {
    const char *term;
    uint64_t tf;
    uint32_t id;
} ranked_term;

/* Most frequent first; equal frequency keeps code-point order. */
static int by_frequency(const void *a, const void *b)
{
    const ranked_term *x = a, *y = b;
    if (x->tf != y->tf)
        return x->tf > y->tf ? -1 : 1;
    return strcmp(x->term, y->term);
}

static double idf_of(size_t n_documents, uint32_t df)
{
    return log((1.0 + (double)n_documents) / (1.0 + (double)df)) + 1.0;
}

static int vectorizer_alloc(precis_vectorizer **out, const precis_feature_options *opt,
                            size_t n_documents, size_t n_terms)
{
    precis_vectorizer *v = px_calloc(1, sizeof *v);
    if (!v)
        return PRECIS_ERR_NOMEM;
    v->opt = *opt;
    v->n_documents = n_documents;
    v->df = px_malloc_array(n_terms, sizeof *v->df);
    v->idf = px_malloc_array(n_terms, sizeof *v->idf);
    if (!v->df || !v->idf) {
        precis_vectorizer_free(v);
        return PRECIS_ERR_NOMEM;
    }
    *out = v;
    return PRECIS_OK;
}

/* Puts kept[0..n) in code point order of their terms. */
static int sort_by_term(ranked_term *kept, size_t n)
{
    const char **terms = px_malloc_array(n, sizeof *terms);
    size_t *order = px_malloc_array(n, sizeof *order);
    ranked_term *sorted = px_malloc_array(n, sizeof *sorted);
    int rc = (terms && order && sorted) ? PRECIS_OK : PRECIS_ERR_NOMEM;
    for (size_t i = 0; rc == PRECIS_OK && i < n; i++)
        terms[i] = kept[i].term;
    if (rc == PRECIS_OK)
        rc = px_sort_terms(terms, n, order);
    if (rc == PRECIS_OK) {
        for (size_t i = 0; i < n; i++)
            sorted[i] = kept[order[i]];
        memcpy(kept, sorted, n * sizeof *kept);
    }
    px_free(terms);
    px_free(order);
    px_free(sorted);
    return rc;
}

/* The n-gram order of a term: its tokens, which never hold a space, are
 * joined by one. */
static int term_order(const char *term, size_t len)
{
    int order = 1;
    for (const char *p = memchr(term, ' ', len); p; p = memchr(p + 1, ' ', len - (size_t)(p + 1 - term)))
        order++;
    return order;
}

/* The surviving terms, in final (code point) order. With orders set, terms
 * whose n-gram order lies outside b->opt's range are left out too (the
 * builder counted a wider range). */
static int select_terms(const precis_vectorizer_builder *b, int orders, ranked_term **out,
                        size_t *n_out, precis_error *err)
{
    double high = bound_count(&b->opt.max_df, b->n_docs);
    double low = bound_count(&b->opt.min_df, b->n_docs);
    if (high < low) /* no term can pass both: the corpus is too small for the bounds */
        return px_error(err, PRECIS_ERR_EMPTY,
                        "max-df (%g documents) is below min-df (%g) in %zu documents: "
                        "no term can remain",
                        high, low, b->n_docs);
    ranked_term *kept = px_malloc_array(b->vocab.n, sizeof *kept);
    if (!kept)
        return px_error(err, PRECIS_ERR_NOMEM, "out of memory");
    size_t n = 0;
    for (size_t id = 0; id < b->vocab.n; id++) {
        double df = (double)b->df[id];
        if (df == 0 || df > high || df < low) /* df 0: left by a failed add */
            continue;
        if (orders) {
            int order = term_order(px_vocab_term(&b->vocab, id), px_vocab_term_len(&b->vocab, id));
            if (order < b->opt.ngram_min || order > b->opt.ngram_max)
                continue;
        }
        kept[n].term = px_vocab_term(&b->vocab, id);
        kept[n].tf = b->tf[id];
        kept[n].id = (uint32_t)id;
        n++;
    }
    if (b->opt.max_features && n > b->opt.max_features) {
        qsort(kept, n, sizeof *kept, by_frequency);
        n = b->opt.max_features;
    }
    if (sort_by_term(kept, n) != PRECIS_OK) {
        px_free(kept);
        return px_error(err, PRECIS_ERR_NOMEM, "out of memory");
    }
    *out = kept;
    *n_out = n;
    return PRECIS_OK;
}

static int build_vectorizer(const precis_vectorizer_builder *b, const ranked_term *kept,
                            size_t n, precis_vectorizer **out)
{
    precis_vectorizer *v;
    if (vectorizer_alloc(&v, &b->opt, b->n_docs, n) != PRECIS_OK)
        return PRECIS_ERR_NOMEM;
    size_t pool_bytes = 0;
    for (size_t i = 0; i < n; i++)
        pool_bytes += px_vocab_term_len(&b->vocab, kept[i].id) + 1;
    int rc = px_vocab_reserve(&v->vocab, n, pool_bytes);
    for (size_t i = 0; rc == PRECIS_OK && i < n; i++) {
        uint32_t id;
        rc = px_vocab_intern_hashed(&v->vocab, kept[i].term, px_vocab_term_len(&b->vocab, kept[i].id),
                                    b->vocab.hash[kept[i].id], &id);
        v->df[i] = b->df[kept[i].id];
        v->idf[i] = idf_of(v->n_documents, v->df[i]);
    }
    if (rc != PRECIS_OK) {
        precis_vectorizer_free(v);
        return PRECIS_ERR_NOMEM;
    }
    *out = v;
    return PRECIS_OK;
}

typedef struct entry {
    uint32_t col;
    double val;
} entry;

/* The TF-IDF rows of the documents counted, columns through the id map
 * (map[id]: the final column of b's id, UINT32_MAX if pruned). */
static int build_rows(const precis_vectorizer_builder *b, const uint32_t *map,
                      const precis_vectorizer *v, precis_csr *X)
{
    size_t n = b->parts ? b->n_parts : 1;
    px_row_source *src = px_calloc(n, sizeof *src);
    uint32_t **cols = px_calloc(n, sizeof *cols);
    int rc = src && cols ? PRECIS_OK : PRECIS_ERR_NOMEM;
    for (size_t p = 0; rc == PRECIS_OK && p < n; p++) {
        const row_part *part = b->parts ? &b->parts[p] : NULL;
        src[p] = part ? (px_row_source){part->row_ptr, part->ids, part->counts, map}
                      : (px_row_source){b->row_ptr, b->ids, b->counts, map};
        if (!part || !part->map)
            continue;
        /* a later shard's ids go through its map to b's, then to columns */
        size_t n_ids = part->n_ids;
        cols[p] = px_malloc_array(n_ids ? n_ids : 1, sizeof *cols[p]);
        if (!cols[p]) {
            rc = PRECIS_ERR_NOMEM;
            break;
        }
        for (size_t id = 0; id < n_ids; id++)
            cols[p][id] = map[part->map[id]];
        src[p].col = cols[p];
    }
    if (rc == PRECIS_OK)
        rc = px_tfidf_rows(src, b->parts ? b->place : NULL, b->n_docs, precis_vectorizer_size(v),
                           v->idf, v->opt.sublinear_tf, b->n_threads, X);
    for (size_t p = 0; cols && p < n; p++)
        px_free(cols[p]);
    px_free(cols);
    px_free(src);
    return rc;
}

int precis_vectorizer_builder_finish(precis_vectorizer_builder *b, precis_vectorizer **out,
                                     precis_csr *X, precis_error *err)
{
    *out = NULL;
    if (X)
        memset(X, 0, sizeof *X);
    if (!b->row_ptr)
        return px_error(err, PRECIS_ERR_ARG, "vectorizer builder already finished");
    if (b->n_docs == 0)
        return px_error(err, PRECIS_ERR_EMPTY, "no documents to build a vocabulary from");
    if (b->vocab.n == 0)
        return px_error(err, PRECIS_ERR_EMPTY,
                        "empty vocabulary: the documents hold no tokens (or only stop words)");
    ranked_term *kept = NULL;
    size_t n = 0;
    int rc = select_terms(b, 0, &kept, &n, err);
    if (rc != PRECIS_OK)
        return rc;
    if (n == 0) {
        px_free(kept);
        return px_error(err, PRECIS_ERR_EMPTY,
                        "after pruning, no terms remain: try a lower min-df or a higher max-df");
    }
    uint32_t *map = px_malloc_array(b->vocab.n, sizeof *map);
    precis_vectorizer *v = NULL;
    rc = map ? build_vectorizer(b, kept, n, &v) : PRECIS_ERR_NOMEM;
    if (rc == PRECIS_OK) {
        memset(map, 0xFF, b->vocab.n * sizeof *map);
        for (size_t i = 0; i < n; i++)
            map[kept[i].id] = (uint32_t)i;
        if (X)
            rc = build_rows(b, map, v, X);
    }
    px_free(kept);
    px_free(map);
    if (rc != PRECIS_OK) {
        precis_vectorizer_free(v);
        return px_error(err, PRECIS_ERR_NOMEM, "out of memory building the TF-IDF matrix");
    }
    *out = v;
    return PRECIS_OK;
}

/* Document d's counts: its entries and, for a later shard, the map of its
 * ids to b's. */
static void document_counts(const precis_vectorizer_builder *b, size_t d, const uint32_t **ids,
                            const uint32_t **counts, size_t *n, const uint32_t **map)
{
    const size_t *row_ptr = b->row_ptr;
    *ids = b->ids;
    *counts = b->counts;
    *map = NULL;
    size_t row = d;
    if (b->parts) {
        const row_part *part = &b->parts[b->place[d].shard];
        row = b->place[d].row;
        row_ptr = part->row_ptr;
        *ids = part->ids;
        *counts = part->counts;
        *map = part->map;
    }
    *ids += row_ptr[row];
    *counts += row_ptr[row];
    *n = row_ptr[row + 1] - row_ptr[row];
}

int px_vectorizer_builder_fit_subset(const precis_vectorizer_builder *b,
                                     const unsigned char *in_fit, precis_vectorizer **out,
                                     precis_csr *X, precis_error *err)
{
    return px_vectorizer_builder_fit_subset_with(b, in_fit, NULL, out, X, err);
}

/* Can options `opt` be fitted from what b counted? */
static int check_refit(const precis_feature_options *counted, const precis_feature_options *opt,
                       precis_error *err)
{
    int rc = px_feature_options_check(opt, err);
    if (rc != PRECIS_OK)
        return rc;
    if (opt->stop_words != counted->stop_words ||
        opt->single_char_tokens != counted->single_char_tokens)
        return px_error(err, PRECIS_ERR_ARG, "features: stop words and one-character tokens "
                                             "must be those the documents were counted with");
    if (opt->ngram_min < counted->ngram_min || opt->ngram_max > counted->ngram_max)
        return px_error(err, PRECIS_ERR_ARG, "features: n-grams %d-%d were not all counted "
                        "(%d-%d were)", opt->ngram_min, opt->ngram_max, counted->ngram_min,
                        counted->ngram_max);
    return PRECIS_OK;
}

int px_vectorizer_builder_fit_subset_with(const precis_vectorizer_builder *b,
                                          const unsigned char *in_fit,
                                          const precis_feature_options *opt,
                                          precis_vectorizer **out, precis_csr *X,
                                          precis_error *err)
{
    *out = NULL;
    memset(X, 0, sizeof *X);
    if (opt) {
        int rc = check_refit(&b->opt, opt, err);
        if (rc != PRECIS_OK)
            return rc;
    }
    precis_vectorizer_builder fit = *b; /* b's vocabulary and counts, the subset's df and tf */
    if (opt)
        fit.opt = *opt;
    int orders = fit.opt.ngram_min != b->opt.ngram_min || fit.opt.ngram_max != b->opt.ngram_max;
    fit.df = px_calloc(b->vocab.n ? b->vocab.n : 1, sizeof *fit.df);
    fit.tf = px_calloc(b->vocab.n ? b->vocab.n : 1, sizeof *fit.tf);
    fit.n_docs = 0;
    int rc = fit.df && fit.tf ? PRECIS_OK : px_error(err, PRECIS_ERR_NOMEM, "out of memory");
    for (size_t d = 0; rc == PRECIS_OK && d < b->n_docs; d++) {
        if (!in_fit[d])
            continue;
        const uint32_t *ids, *counts, *map;
        size_t n;
        document_counts(b, d, &ids, &counts, &n, &map);
        for (size_t k = 0; k < n; k++) {
            uint32_t id = map ? map[ids[k]] : ids[k];
            fit.df[id]++;
            fit.tf[id] += counts[k];
        }
        fit.n_docs++;
    }
    ranked_term *kept = NULL;
    size_t n = 0;
    if (rc == PRECIS_OK && fit.n_docs == 0)
        rc = px_error(err, PRECIS_ERR_EMPTY, "no documents to fit the features on");
    if (rc == PRECIS_OK)
        rc = select_terms(&fit, orders, &kept, &n, err);
    if (rc == PRECIS_OK && n == 0)
        rc = px_error(err, PRECIS_ERR_EMPTY,
                      "after pruning, no terms remain: try a lower min-df or a higher max-df");
    uint32_t *map = rc == PRECIS_OK ? px_malloc_array(b->vocab.n, sizeof *map) : NULL;
    precis_vectorizer *v = NULL;
    if (rc == PRECIS_OK && (!map || build_vectorizer(&fit, kept, n, &v) != PRECIS_OK))
        rc = px_error(err, PRECIS_ERR_NOMEM, "out of memory");
    if (rc == PRECIS_OK) {
        memset(map, 0xFF, b->vocab.n * sizeof *map);
        for (size_t i = 0; i < n; i++)
            map[kept[i].id] = (uint32_t)i;
        if (build_rows(b, map, v, X) != PRECIS_OK)
            rc = px_error(err, PRECIS_ERR_NOMEM, "out of memory building the TF-IDF matrix");
    }
    px_free(kept);
    px_free(map);
    px_free(fit.df);
    px_free(fit.tf);
    if (rc != PRECIS_OK) {
        precis_vectorizer_free(v);
        precis_csr_free(X);
        return rc;
    }
    *out = v;
    return PRECIS_OK;
}

void precis_vectorizer_builder_free(precis_vectorizer_builder *b)
{
    if (!b)
        return;
    px_vocab_free(&b->vocab);
    px_free(b->df);
    px_free(b->tf);
    px_free(b->last_doc);
    px_free(b->slot);
    px_free(b->row_ptr);
    px_free(b->ids);
    px_free(b->counts);
    px_term_scratch_free(&b->scratch);
    px_free(b->tok_hash);
    free_parts(b);
    px_free(b);
}

/* ------------------------------------------------------------ the vectorizer */

size_t precis_vectorizer_size(const precis_vectorizer *v) { return v->vocab.n; }

const char *precis_vectorizer_term(const precis_vectorizer *v, size_t i)
{
    return i < v->vocab.n ? px_vocab_term(&v->vocab, i) : NULL;
}

long precis_vectorizer_lookup(const precis_vectorizer *v, const char *term, size_t len)
{
    return px_vocab_find(&v->vocab, term, len);
}

double precis_vectorizer_idf(const precis_vectorizer *v, size_t i)
{
    return i < v->vocab.n ? v->idf[i] : 0.0;
}

size_t precis_vectorizer_df(const precis_vectorizer *v, size_t i)
{
    return i < v->vocab.n ? v->df[i] : 0;
}

size_t precis_vectorizer_n_documents(const precis_vectorizer *v) { return v->n_documents; }

const precis_feature_options *precis_vectorizer_options(const precis_vectorizer *v)
{
    return &v->opt;
}

typedef struct found_terms {
    const precis_vectorizer *v;
    uint32_t *ids;
    size_t n, cap;
} found_terms;

static int find_term(void *ctx, const char *term, size_t len)
{
    found_terms *f = ctx;
    long id = px_vocab_find(&f->v->vocab, term, len);
    if (id < 0)
        return 0;
    if (f->n == f->cap) {
        size_t cap = f->cap ? 2 * f->cap : 256;
        uint32_t *ids = px_realloc_array(f->ids, cap, sizeof *ids);
        if (!ids)
            return PRECIS_ERR_NOMEM;
        f->ids = ids;
        f->cap = cap;
    }
    f->ids[f->n++] = (uint32_t)id;
    return 0;
}

/* Sorted term ids to (column, count) entries; returns how many. */
static size_t count_runs(const uint32_t *ids, size_t n, entry *e)
{
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        if (m && e[m - 1].col == ids[i]) {
            e[m - 1].val += 1;
        } else {
            e[m].col = ids[i];
            e[m].val = 1;
            m++;
        }
    }
    return m;
}

/* Weighs one document's entries (in increasing column order, as count_runs
 * leaves them) and appends the row to X. */
static int emit_row(const precis_vectorizer *v, const entry *e, size_t n, precis_csr *X,
                    uint32_t *col_buf, double *val_buf)
{
    for (size_t k = 0; k < n; k++) {
        col_buf[k] = e[k].col;
        val_buf[k] = e[k].val;
    }
    px_tfidf_weigh(v->idf, v->opt.sublinear_tf, col_buf, val_buf, n);
    return px_csr_append_row(X, col_buf, val_buf, n);
}

int precis_vectorizer_transform(const precis_vectorizer *v, const char *text, size_t len,
                                precis_csr *X, precis_error *err)
{
    return px_vectorizer_transform_text(v, text, len, 0, X, err);
}

int px_vectorizer_transform_text(const precis_vectorizer *v, const char *text, size_t len,
                                 int utf8, precis_csr *X, precis_error *err)
{
    found_terms f = {.v = v};
    px_term_scratch s = {.utf8 = utf8};
    int rc = px_document_terms(&v->opt, text ? text : "", text ? len : 0, &s, find_term, &f);
    px_term_scratch_free(&s);
    entry *e = NULL;
    uint32_t *cols = NULL;
    double *vals = NULL;
    if (rc == PRECIS_OK) {
        e = px_malloc_array(f.n, sizeof *e);
        cols = px_malloc_array(f.n, sizeof *cols);
        vals = px_malloc_array(f.n, sizeof *vals);
        rc = (e && cols && vals) ? PRECIS_OK : PRECIS_ERR_NOMEM;
    }
    if (rc == PRECIS_OK) /* cols is scratch until emit_row fills it */
        px_sort_u32(f.ids, cols, f.n, px_bits_for(v->vocab.n));
    if (rc == PRECIS_OK)
        rc = emit_row(v, e, count_runs(f.ids, f.n, e), X, cols, vals);
    if (rc == PRECIS_OK && X->n_cols < v->vocab.n)
        X->n_cols = v->vocab.n;
    px_free(f.ids);
    px_free(e);
    px_free(cols);
    px_free(vals);
    if (rc != PRECIS_OK)
        return px_error(err, PRECIS_ERR_NOMEM, "out of memory vectorizing a document");
    return PRECIS_OK;
}

void precis_vectorizer_free(precis_vectorizer *v)
{
    if (!v)
        return;
    px_vocab_free(&v->vocab);
    px_free(v->df);
    px_free(v->idf);
    px_free(v);
}

/* ------------------------------------------------------------ from stored parts */

int px_vectorizer_from_parts(precis_vectorizer **out, const precis_feature_options *opt,
                             size_t n_documents, const char *pool, size_t pool_len,
                             size_t n_terms, const uint32_t *df, precis_error *err)
{
    *out = NULL;
    int rc = px_feature_options_check(opt, err);
    if (rc != PRECIS_OK)
        return rc;
    if (n_terms == 0 || n_documents == 0)
        return px_error(err, PRECIS_ERR_CORRUPT, "vectorizer has no terms or no documents");
    precis_vectorizer *v;
    if (vectorizer_alloc(&v, opt, n_documents, n_terms) != PRECIS_OK)
        return px_error(err, PRECIS_ERR_NOMEM, "out of memory loading %zu terms", n_terms);
    /* Sized once: growing the table term by term rehashes it a dozen times.
     * A term takes at least two bytes (one and its NUL), which bounds a
     * corrupt count before it is allocated for. */
    if (n_terms > pool_len / 2) {
        precis_vectorizer_free(v);
        return px_error(err, PRECIS_ERR_CORRUPT,
                        "vocabulary of %zu terms cannot fit in %zu bytes", n_terms, pool_len);
    }
    if (px_vocab_reserve(&v->vocab, n_terms, pool_len) != PRECIS_OK) {
        precis_vectorizer_free(v);
        return px_error(err, PRECIS_ERR_NOMEM, "out of memory loading %zu terms", n_terms);
    }
    size_t at = 0;
    const char *prev = NULL;
    for (size_t i = 0; i < n_terms; i++) {
        const char *end = at < pool_len ? memchr(pool + at, '\0', pool_len - at) : NULL;
        const char *term = pool + at;
        size_t len = end ? (size_t)(end - term) : 0;
        const char *why = NULL;
        if (!end)
            why = "term list ends early";
        else if (len == 0 || !px_utf8_valid(term, len))
            why = "a term is empty or not UTF-8";
        else if (prev && strcmp(prev, term) >= 0)
            why = "terms are not in sorted order";
        else if (df[i] == 0 || df[i] > n_documents)
            why = "a document frequency is out of range";
        uint32_t id;
        if (!why && px_vocab_intern(&v->vocab, term, len, &id) != PRECIS_OK) {
            precis_vectorizer_free(v);
            return px_error(err, PRECIS_ERR_NOMEM, "out of memory loading %zu terms", n_terms);
        }
        if (why) {
            precis_vectorizer_free(v);
            return px_error(err, PRECIS_ERR_CORRUPT, "vocabulary term %zu: %s", i, why);
        }
        v->df[i] = df[i];
        v->idf[i] = idf_of(n_documents, df[i]);
        prev = term;
        at += len + 1;
    }
    if (at != pool_len) {
        precis_vectorizer_free(v);
        return px_error(err, PRECIS_ERR_CORRUPT, "vocabulary has %zu stray bytes", pool_len - at);
    }
    *out = v;
    return PRECIS_OK;
}

const char *px_vectorizer_pool(const precis_vectorizer *v, size_t *pool_len)
{
    *pool_len = v->vocab.pool_len;
    return v->vocab.pool;
}

const uint32_t *px_vectorizer_dfs(const precis_vectorizer *v) { return v->df; }

/* ------------------------------------------------------------ over processes */

/* One term's record in the statistics: u32 length, bytes, u32 df, u64 tf. */
static size_t stat_size(size_t len) { return 4 + len + 4 + 8; }

int px_vectorizer_builder_stats(const precis_vectorizer_builder *b, char **out, size_t *len)
{
    *out = NULL;
    *len = 0;
    size_t total = 0;
    for (size_t id = 0; id < b->vocab.n; id++)
        if (b->df[id])
            total += stat_size(px_vocab_term_len(&b->vocab, id));
    char *buf = px_malloc(total ? total : 1), *p = buf;
    if (!buf)
        return PRECIS_ERR_NOMEM;
    for (size_t id = 0; id < b->vocab.n; id++) {
        if (!b->df[id])
            continue;
        uint32_t n = (uint32_t)px_vocab_term_len(&b->vocab, id);
        memcpy(p, &n, 4);
        memcpy(p + 4, px_vocab_term(&b->vocab, id), n);
        memcpy(p + 4 + n, &b->df[id], 4);
        memcpy(p + 8 + n, &b->tf[id], 8);
        p += stat_size(n);
    }
    *out = buf;
    *len = total;
    return PRECIS_OK;
}

/* The statistics of every process summed into g's vocabulary, df and tf
 * (exact integer sums). */
static int sum_stats(precis_vectorizer_builder *g, const char *stats, size_t len)
{
    size_t n = 0;
    for (size_t at = 0; at + 4 <= len; n++) {
        uint32_t tl;
        memcpy(&tl, stats + at, 4);
        at += stat_size(tl);
    }
    g->df = px_calloc(n ? n : 1, sizeof *g->df);
    g->tf = px_calloc(n ? n : 1, sizeof *g->tf);
    if (!g->df || !g->tf)
        return PRECIS_ERR_NOMEM;
    for (size_t at = 0; at + 4 <= len;) {
        uint32_t tl, df, id;
        uint64_t tf;
        memcpy(&tl, stats + at, 4);
        memcpy(&df, stats + at + 4 + tl, 4);
        memcpy(&tf, stats + at + 8 + tl, 8);
        if (px_vocab_intern(&g->vocab, stats + at + 4, tl, &id) != PRECIS_OK)
            return PRECIS_ERR_NOMEM;
        g->df[id] += df;
        g->tf[id] += tf;
        at += stat_size(tl);
    }
    return PRECIS_OK;
}

int px_vectorizer_builder_finish_spread(precis_vectorizer_builder *b, const char *stats,
                                        size_t stats_len, size_t n_docs_total,
                                        precis_vectorizer **out, precis_csr *X, precis_error *err)
{
    *out = NULL;
    memset(X, 0, sizeof *X);
    if (n_docs_total == 0)
        return px_error(err, PRECIS_ERR_EMPTY, "no documents to build a vocabulary from");
    precis_vectorizer_builder g;
    memset(&g, 0, sizeof g);
    g.opt = b->opt;
    g.n_docs = n_docs_total;
    int rc = sum_stats(&g, stats, stats_len);
    if (rc != PRECIS_OK)
        rc = px_error(err, rc, "out of memory");
    else if (g.vocab.n == 0)
        rc = px_error(err, PRECIS_ERR_EMPTY,
                      "empty vocabulary: the documents hold no tokens (or only stop words)");
    ranked_term *kept = NULL;
    size_t n = 0;
    if (rc == PRECIS_OK)
        rc = select_terms(&g, 0, &kept, &n, err);
    if (rc == PRECIS_OK && n == 0)
        rc = px_error(err, PRECIS_ERR_EMPTY,
                      "after pruning, no terms remain: try a lower min-df or a higher max-df");
    precis_vectorizer *v = NULL;
    uint32_t *map = rc == PRECIS_OK ? px_malloc_array(b->vocab.n + 1, sizeof *map) : NULL;
    if (rc == PRECIS_OK && (!map || build_vectorizer(&g, kept, n, &v) != PRECIS_OK))
        rc = px_error(err, PRECIS_ERR_NOMEM, "out of memory");
    for (size_t id = 0; rc == PRECIS_OK && id < b->vocab.n; id++) {
        long col = px_vocab_find(&v->vocab, px_vocab_term(&b->vocab, id),
                                 px_vocab_term_len(&b->vocab, id));
        map[id] = col < 0 ? UINT32_MAX : (uint32_t)col;
    }
    if (rc == PRECIS_OK && build_rows(b, map, v, X) != PRECIS_OK)
        rc = px_error(err, PRECIS_ERR_NOMEM, "out of memory building the TF-IDF matrix");
    px_free(kept);
    px_free(map);
    px_vocab_free(&g.vocab);
    px_free(g.df);
    px_free(g.tf);
    if (rc != PRECIS_OK) {
        precis_vectorizer_free(v);
        precis_csr_free(X);
        return rc;
    }
    *out = v;
    return PRECIS_OK;
}
