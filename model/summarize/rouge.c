/*
 * rouge.c — ROUGE-1, ROUGE-2 and ROUGE-L of a candidate summary against a
 * reference, as the reference scorer (tools/rouge.py, in the style of Google's
 * rouge-score) computes them.
 *
 * Tokens: the bytes are decoded (UTF-8, else Latin-1) and lowercased as
 * Python's str.lower() does; tokens are then the maximal runs of ASCII
 * [a-z0-9] (every other character separates, so "U.S." is "u" "s", and
 * U+212A KELVIN SIGN lowercases to a token letter 'k'). Tokens longer than
 * three characters are Porter-stemmed (stem.c). Each distinct token gets a
 * dense id from one vocabulary shared by both texts.
 *
 * ROUGE-N: the overlap is the clipped count, sum over n-grams of
 * min(count in reference, count in candidate); P = overlap / candidate
 * n-grams, R = overlap / reference n-grams (0 when there are none), F =
 * 2PR / (P + R) (0 when P + R = 0), in the reference's order of operations so
 * the doubles come out bit for bit. Unigrams are counted in arrays indexed by
 * id, bigrams in an open-addressing table keyed by the id pair: linear time.
 *
 * ROUGE-L: the length of the longest common subsequence of the token
 * sequences, by the bit-vector recurrence of Allison and Dix (1986) and
 * Hyyrö (2004): memory linear in the shorter text, time (longer length) x
 * (shorter length / 64). Limit: when the product of the two token counts
 * exceeds MAX_LCS_CELLS (10^11, a few seconds of work) the score is refused
 * with PRECIS_ERR_LIMIT; 100k tokens against 100k tokens is 10^10.
 * Each text may hold at most 2^32 - 16 tokens (PRECIS_ERR_LIMIT).
 */
#include "precis.h"

#include <stdint.h>
#include <string.h>

#include "base/alloc.h"
#include "base/error.h"
#include "text/text.h"
#include "base/vocab.h"

#define MAX_LCS_CELLS 100000000000.0 /* 1e11 token pairs */
#define MAX_TOKENS 0xFFFFFFF0u
#define MIN_STEMMED_LEN 4             /* tokens of more than 3 characters are stemmed */

/* A text's tokens as vocabulary ids, in order. */
typedef struct id_seq {
    uint32_t *ids;
    size_t n, cap;
} id_seq;

/* Buffers reused across both texts while tokenizing. */
typedef struct scratch {
    px_buf decoded, lower, stem;
    px_vocab vocab;
} scratch;

static int seq_push(id_seq *s, uint32_t id)
{
    if (s->n == s->cap) {
        if (s->n >= MAX_TOKENS)
            return PRECIS_ERR_LIMIT;
        size_t cap = s->cap ? s->cap * 2 : 256;
        uint32_t *ids = px_realloc_array(s->ids, cap, sizeof *ids);
        if (!ids)
            return PRECIS_ERR_NOMEM;
        s->ids = ids;
        s->cap = cap;
    }
    s->ids[s->n++] = id;
    return PRECIS_OK;
}

static int is_token_byte(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

static int intern_token(scratch *sc, const char *tok, size_t len, id_seq *out)
{
    if (len >= MIN_STEMMED_LEN) {
        sc->stem.len = 0;
        if (px_buf_reserve(&sc->stem, len) != PRECIS_OK)
            return PRECIS_ERR_NOMEM;
        len = precis_porter_stem(tok, len, sc->stem.data);
        tok = sc->stem.data;
    }
    uint32_t id;
    int rc = px_vocab_intern(&sc->vocab, tok, len, &id);
    return rc != PRECIS_OK ? rc : seq_push(out, id);
}

/* Bytes -> lowercase text -> token ids appended to out. */
static int tokenize(scratch *sc, const char *bytes, size_t len, id_seq *out)
{
    sc->decoded.len = 0;
    int rc = px_decode(bytes, len, &sc->decoded);
    if (rc == PRECIS_OK)
        rc = px_lowercase(sc->decoded.data, sc->decoded.len, &sc->lower);
    const unsigned char *s = (const unsigned char *)sc->lower.data;
    size_t n = rc == PRECIS_OK ? sc->lower.len : 0;
    for (size_t i = 0; rc == PRECIS_OK && i < n;) {
        if (!is_token_byte(s[i])) {
            i++;
            continue;
        }
        size_t start = i;
        while (i < n && is_token_byte(s[i]))
            i++;
        rc = intern_token(sc, (const char *)s + start, i - start, out);
    }
    return rc;
}

/* ---------------------------------------------------------------- ROUGE-N */

/* The reference's P/R/F, operation for operation. */
static void set_prf(precis_rouge *r, int k, size_t overlap, size_t ref_n, size_t cand_n)
{
    double p = cand_n ? (double)overlap / (double)cand_n : 0.0;
    double q = ref_n ? (double)overlap / (double)ref_n : 0.0;
    r->precision[k] = p;
    r->recall[k] = q;
    r->f1[k] = p + q != 0.0 ? 2.0 * p * q / (p + q) : 0.0;
}

static int unigram_overlap(const id_seq *ref, const id_seq *cand, size_t n_ids, size_t *overlap)
{
    size_t *count = px_calloc(n_ids, sizeof *count);
    if (!count)
        return PRECIS_ERR_NOMEM;
    for (size_t i = 0; i < ref->n; i++)
        count[ref->ids[i]]++;
    /* Each candidate token matched takes one reference occurrence: clipping. */
    size_t ov = 0;
    for (size_t i = 0; i < cand->n; i++) {
        if (count[cand->ids[i]]) {
            count[cand->ids[i]]--;
            ov++;
        }
    }
    px_free(count);
    *overlap = ov;
    return PRECIS_OK;
}

/* One bigram's counts; key is (first id << 32 | second id) + 1, 0 when empty. */
typedef struct bigram_slot {
    uint64_t key;
    uint32_t ref, cand;
} bigram_slot;

static uint64_t mix64(uint64_t x)
{
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
    return x ^ (x >> 31);
}

static bigram_slot *bigram_find(bigram_slot *t, size_t mask, const uint32_t *pair)
{
    uint64_t key = (((uint64_t)pair[0] << 32) | pair[1]) + 1;
    size_t i = (size_t)mix64(key) & mask;
    while (t[i].key && t[i].key != key)
        i = (i + 1) & mask;
    t[i].key = key;
    return &t[i];
}

static int bigram_overlap(const id_seq *ref, const id_seq *cand, size_t *overlap)
{
    size_t n_ref = ref->n > 1 ? ref->n - 1 : 0, n_cand = cand->n > 1 ? cand->n - 1 : 0;
    *overlap = 0;
    if (!n_ref || !n_cand)
        return PRECIS_OK;
    /* Sized once, at most half full: it never grows. */
    size_t slots = 1;
    while (slots < 2 * (n_ref + n_cand))
        slots *= 2;
    bigram_slot *t = px_calloc(slots, sizeof *t);
    if (!t)
        return PRECIS_ERR_NOMEM;
    for (size_t i = 0; i < n_ref; i++)
        bigram_find(t, slots - 1, ref->ids + i)->ref++;
    size_t ov = 0;
    for (size_t i = 0; i < n_cand; i++) {
        bigram_slot *b = bigram_find(t, slots - 1, cand->ids + i);
        if (b->cand < b->ref)
            ov++;
        b->cand++;
    }
    px_free(t);
    *overlap = ov;
    return PRECIS_OK;
}

/* ---------------------------------------------------------------- ROUGE-L */

/* Positions of each id in the bit-side sequence b, and the match masks of the
 * ids frequent enough that building their mask per row would cost more than
 * keeping it. Bit j of a mask is set when b[j] is the id. */
typedef struct match_index {
    size_t *start;      /* n_ids + 1: positions of id are pos[start[id] .. start[id+1]) */
    uint32_t *pos;
    uint32_t *heavy;    /* per id: 0, or 1 + its row in masks */
    uint64_t *masks;
    uint64_t *scratch;  /* a light id's mask, built and cleared per row */
    size_t words;
} match_index;

static void match_index_free(match_index *x)
{
    px_free(x->start);
    px_free(x->pos);
    px_free(x->heavy);
    px_free(x->masks);
    px_free(x->scratch);
}

static int match_index_build(match_index *x, const id_seq *b, size_t n_ids)
{
    x->words = (b->n + 63) / 64;
    x->start = px_calloc(n_ids + 1, sizeof *x->start);
    x->pos = px_malloc_array(b->n, sizeof *x->pos);
    x->heavy = px_calloc(n_ids, sizeof *x->heavy);
    x->scratch = px_calloc(x->words, sizeof *x->scratch);
    if (!x->start || !x->pos || !x->heavy || !x->scratch)
        return PRECIS_ERR_NOMEM;
    for (size_t j = 0; j < b->n; j++)
        x->start[b->ids[j] + 1]++;
    size_t n_heavy = 0;
    for (size_t id = 0; id < n_ids; id++) {
        /* At most b->n / words <= 64 ids can occur `words` times or more. */
        if (x->start[id + 1] >= x->words)
            x->heavy[id] = (uint32_t)++n_heavy;
        x->start[id + 1] += x->start[id];
    }
    x->masks = px_calloc(n_heavy * x->words, sizeof *x->masks);
    if (!x->masks)
        return PRECIS_ERR_NOMEM;
    for (size_t j = b->n; j-- > 0;) {
        uint32_t id = b->ids[j];
        x->pos[--x->start[id + 1]] = (uint32_t)j;
        if (x->heavy[id])
            x->masks[(x->heavy[id] - 1) * x->words + j / 64] |= (uint64_t)1 << (j % 64);
    }
    /* The decrements above left start[id + 1] at id's first position. */
    memmove(x->start, x->start + 1, n_ids * sizeof *x->start);
    x->start[n_ids] = b->n;
    return PRECIS_OK;
}

static void set_scratch_bits(match_index *x, uint32_t id, int on)
{
    for (size_t k = x->start[id]; k < x->start[id + 1]; k++) {
        uint64_t bit = (uint64_t)1 << (x->pos[k] % 64);
        if (on)
            x->scratch[x->pos[k] / 64] |= bit;
        else
            x->scratch[x->pos[k] / 64] &= ~bit;
    }
}

/* One row of the recurrence V' = (V + (V & M)) | (V & ~M), a multi-word add. */
static void lcs_row(uint64_t *v, const uint64_t *match, size_t words)
{
    uint64_t carry = 0;
    for (size_t w = 0; w < words; w++) {
        uint64_t u = v[w] & match[w];
        uint64_t sum = v[w] + u;
        uint64_t c1 = sum < u;
        sum += carry;
        carry = c1 | (sum < carry);
        v[w] = sum | (v[w] & ~match[w]);
    }
}

/* LCS length of a and b; b (the bit side) should be the shorter. Zero bits of
 * V mark the columns where the LCS of the prefix so far grew. */
static int lcs_length(const id_seq *a, const id_seq *b, size_t n_ids, size_t *out)
{
    *out = 0;
    if (!a->n || !b->n)
        return PRECIS_OK;
    match_index x = {0};
    uint64_t *v = NULL;
    int rc = match_index_build(&x, b, n_ids);
    if (rc == PRECIS_OK && !(v = px_malloc_array(x.words, sizeof *v)))
        rc = PRECIS_ERR_NOMEM;
    if (rc == PRECIS_OK) {
        memset(v, 0xFF, x.words * sizeof *v);
        for (size_t i = 0; i < a->n; i++) {
            uint32_t id = a->ids[i];
            if (x.start[id] == x.start[id + 1])
                continue; /* no match: V' = V */
            if (x.heavy[id]) {
                lcs_row(v, x.masks + (x.heavy[id] - 1) * x.words, x.words);
            } else {
                set_scratch_bits(&x, id, 1);
                lcs_row(v, x.scratch, x.words);
                set_scratch_bits(&x, id, 0);
            }
        }
        size_t ones = 0;
        for (size_t j = 0; j < b->n; j++)
            ones += (v[j / 64] >> (j % 64)) & 1;
        *out = b->n - ones;
    }
    px_free(v);
    match_index_free(&x);
    return rc;
}

/* ---------------------------------------------------------------- scoring */

static int score(scratch *sc, id_seq *ref, id_seq *cand, const char *reference, size_t ref_len,
                 const char *candidate, size_t cand_len, precis_rouge *out, precis_error *err)
{
    int rc = tokenize(sc, reference, ref_len, ref);
    if (rc == PRECIS_OK)
        rc = tokenize(sc, candidate, cand_len, cand);
    if (rc != PRECIS_OK)
        return rc == PRECIS_ERR_LIMIT
                   ? px_error(err, rc, "ROUGE: a text has more than %u tokens", MAX_TOKENS)
                   : px_error(err, rc, "ROUGE: out of memory tokenizing %zu + %zu bytes", ref_len,
                              cand_len);
    if ((double)ref->n * (double)cand->n > MAX_LCS_CELLS)
        return px_error(err, PRECIS_ERR_LIMIT,
                        "ROUGE-L: %zu x %zu tokens exceeds the limit of %.0e token pairs", ref->n,
                        cand->n, MAX_LCS_CELLS);
    size_t n_ids = sc->vocab.n, ov1, ov2, lcs;
    const id_seq *longer = ref->n >= cand->n ? ref : cand, *shorter = longer == ref ? cand : ref;
    if ((rc = unigram_overlap(ref, cand, n_ids, &ov1)) != PRECIS_OK ||
        (rc = bigram_overlap(ref, cand, &ov2)) != PRECIS_OK ||
        (rc = lcs_length(longer, shorter, n_ids, &lcs)) != PRECIS_OK)
        return px_error(err, rc, "ROUGE: out of memory scoring %zu and %zu tokens", ref->n,
                        cand->n);
    set_prf(out, 0, ov1, ref->n, cand->n);
    set_prf(out, 1, ov2, ref->n > 1 ? ref->n - 1 : 0, cand->n > 1 ? cand->n - 1 : 0);
    set_prf(out, 2, lcs, ref->n, cand->n);
    return PRECIS_OK;
}

int precis_rouge_score(const char *reference, size_t ref_len, const char *candidate,
                       size_t cand_len, precis_rouge *out, precis_error *err)
{
    if (!out || (!reference && ref_len) || (!candidate && cand_len))
        return px_error(err, PRECIS_ERR_ARG, "precis_rouge_score: NULL text or result");
    scratch sc = {0};
    id_seq ref = {0}, cand = {0};
    int rc = score(&sc, &ref, &cand, reference ? reference : "", ref_len,
                   candidate ? candidate : "", cand_len, out, err);
    px_buf_free(&sc.decoded);
    px_buf_free(&sc.lower);
    px_buf_free(&sc.stem);
    px_vocab_free(&sc.vocab);
    px_free(ref.ids);
    px_free(cand.ids);
    return rc;
}
