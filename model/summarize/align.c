/*
 * align.c — which of an article's sentences a reference extract holds.
 *
 * Extractive references (the BBC News Summary's, for one) are the article's
 * own sentences run together in another order, often with the space after a
 * full stop lost. Both sides are reduced to a key: their letters and digits,
 * lowercased, nothing else, so spacing, punctuation and quote styles cannot
 * get in the way. A body sentence is in the reference when its key occurs in
 * the reference's key at a place no other sentence has claimed. Longer
 * sentences claim first, so a short sentence that also occurs inside a longer
 * one cannot take its place, and a sentence the article holds twice is
 * claimed as often as the reference holds it.
 *
 * A second pass gives each piece of the reference still unclaimed to an
 * unmatched sentence whose key contains it and is at most twice as long: the
 * two splitters disagreed, and the article's sentence is the reference's
 * plus a fragment. What is left unclaimed is counted as unaligned reference
 * sentences (one, plus one per sentence end inside the piece).
 *
 * Invariants: claimed ranges never overlap; each claimed range is one whole
 * sentence key (first pass) or one whole unclaimed piece (second pass). The
 * work is bounded (MAX_WORK key comparisons a call); past it, the sentences
 * left are not aligned, so a huge or repetitive input costs bounded time.
 */
#include "summarize/align.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "base/alloc.h"
#include "text/chars.h"
#include "text/text.h"

#define MAX_WORK 50000000ull
#define MIN_PIECE 3           /* shorter unclaimed pieces are stray characters */

/* Letters and digits, lowercased, each with the byte where it starts. */
typedef struct key {
    int32_t *cp;
    size_t *at;
    size_t n, cap;
} key;

typedef struct search {
    unsigned long long work;
} search;

static void key_free(key *k)
{
    px_free(k->cp);
    px_free(k->at);
    memset(k, 0, sizeof *k);
}

static int key_push(key *k, int32_t cp, size_t at)
{
    if (k->n == k->cap) {
        size_t cap = k->cap ? 2 * k->cap : 256;
        int32_t *c = px_realloc_array(k->cp, cap, sizeof *c);
        if (!c)
            return PRECIS_ERR_NOMEM;
        k->cp = c;
        size_t *a = px_realloc_array(k->at, cap, sizeof *a);
        if (!a)
            return PRECIS_ERR_NOMEM;
        k->at = a;
        k->cap = cap;
    }
    k->cp[k->n] = cp;
    k->at[k->n++] = at;
    return PRECIS_OK;
}

/* Appends the key of text[start, start + len) (valid UTF-8). */
static int key_add(key *k, const char *text, size_t start, size_t len)
{
    for (size_t i = start; i < start + len;) {
        int32_t cp;
        size_t step = px_utf8_next(text + i, start + len - i, &cp);
        if (px_char_is_alnum(cp) && key_push(k, utf8proc_tolower(cp), i) != PRECIS_OK)
            return PRECIS_ERR_NOMEM;
        i += step;
    }
    return PRECIS_OK;
}

static int unclaimed(const unsigned char *claimed, size_t at, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (claimed[at + i])
            return 0;
    return 1;
}

/* First place >= 0 where needle occurs in hay over unclaimed positions
 * (claimed NULL: any place); -1 if none or the work bound is spent. */
static long find(search *s, const int32_t *needle, size_t n, const int32_t *hay, size_t h,
                 const unsigned char *claimed)
{
    if (n == 0 || n > h)
        return -1;
    for (size_t p = 0; p + n <= h; p++) {
        if (hay[p] != needle[0])
            continue;
        size_t i = 1;
        while (i < n && hay[p + i] == needle[i])
            i++;
        s->work += i;
        if (s->work > MAX_WORK)
            return -1;
        if (i == n && (!claimed || unclaimed(claimed, p, n)))
            return (long)p;
    }
    return -1;
}

typedef struct sentence_key {
    size_t index, start, len; /* body sentence, and its key in the sentence key array */
} sentence_key;

static int by_length_then_index(const void *a, const void *b)
{
    const sentence_key *x = a, *y = b;
    if (x->len != y->len)
        return x->len > y->len ? -1 : 1;
    return (x->index > y->index) - (x->index < y->index);
}

/* First pass: whole sentences, longest first. */
static void claim_sentences(search *s, const key *ref, const key *sk, sentence_key *order,
                            size_t n, unsigned char *claimed, unsigned char *in_reference)
{
    qsort(order, n, sizeof *order, by_length_then_index);
    for (size_t i = 0; i < n; i++) {
        long p = find(s, sk->cp + order[i].start, order[i].len, ref->cp, ref->n, claimed);
        if (p < 0)
            continue;
        memset(claimed + p, 1, order[i].len);
        in_reference[order[i].index] = 1;
    }
}

/* Second pass: an unclaimed piece inside an unmatched, at most twice as long
 * sentence. `order` is sorted by length; ties keep article order. */
static void claim_pieces(search *s, const key *ref, const key *sk, const sentence_key *order,
                         size_t n, unsigned char *claimed, unsigned char *in_reference)
{
    for (size_t a = 0; a < ref->n;) {
        if (claimed[a]) {
            a++;
            continue;
        }
        size_t b = a;
        while (b < ref->n && !claimed[b])
            b++;
        size_t len = b - a;
        for (size_t i = 0; len >= MIN_PIECE && i < n; i++) {
            const sentence_key *o = &order[i];
            if (in_reference[o->index] || o->len < len || o->len > 2 * len)
                continue;
            if (find(s, ref->cp + a, len, sk->cp + o->start, o->len, NULL) >= 0) {
                memset(claimed + a, 1, len);
                in_reference[o->index] = 1;
                break;
            }
        }
        a = b;
    }
}

/* Sentences in the reference text between bytes [from, to): one, plus one per
 * sentence end (. ! ? then space or a capital) strictly inside. */
static size_t sentences_in(const char *text, size_t from, size_t to)
{
    size_t count = 1;
    for (size_t i = from; i + 1 < to; i++) {
        if (text[i] != '.' && text[i] != '!' && text[i] != '?')
            continue;
        unsigned char next = (unsigned char)text[i + 1];
        if (next == ' ' || next == '\n' || (next >= 'A' && next <= 'Z'))
            count++;
    }
    return count;
}

static size_t count_unaligned(const key *ref, const char *text, const unsigned char *claimed)
{
    size_t unaligned = 0;
    for (size_t a = 0; a < ref->n;) {
        if (claimed[a]) {
            a++;
            continue;
        }
        size_t b = a;
        while (b < ref->n && !claimed[b])
            b++;
        if (b - a >= MIN_PIECE)
            unaligned += sentences_in(text, ref->at[a], ref->at[b - 1] + 1);
        a = b;
    }
    return unaligned;
}

int px_align_reference(const precis_article *a, const char *ref, size_t ref_len,
                       unsigned char *in_reference, px_alignment_counts *counts)
{
    memset(in_reference, 0, a->n_sentences);
    memset(counts, 0, sizeof *counts);
    px_buf text = {0};
    key rk = {0}, sk = {0};
    search s = {0};
    unsigned char *claimed = NULL;
    sentence_key *order = px_malloc_array(a->n_sentences ? a->n_sentences : 1, sizeof *order);
    int rc = order ? px_decode(ref, ref_len, &text) : PRECIS_ERR_NOMEM;
    if (rc == PRECIS_OK)
        rc = key_add(&rk, text.data ? text.data : "", 0, text.len);
    for (size_t i = 0; rc == PRECIS_OK && i < a->n_sentences; i++) {
        const precis_sentence *se = &a->sentences[i];
        size_t start = sk.n;
        rc = key_add(&sk, a->text, se->start, se->len);
        order[i] = (sentence_key){i, start, sk.n - start};
    }
    if (rc == PRECIS_OK && !(claimed = px_calloc(rk.n ? rk.n : 1, 1)))
        rc = PRECIS_ERR_NOMEM;
    if (rc == PRECIS_OK) {
        claim_sentences(&s, &rk, &sk, order, a->n_sentences, claimed, in_reference);
        claim_pieces(&s, &rk, &sk, order, a->n_sentences, claimed, in_reference);
        size_t aligned = 0;
        for (size_t i = 0; i < a->n_sentences; i++)
            aligned += in_reference[i];
        counts->unaligned = count_unaligned(&rk, text.data, claimed);
        counts->reference_sentences = aligned + counts->unaligned;
    }
    px_free(claimed);
    px_free(order);
    key_free(&rk);
    key_free(&sk);
    px_buf_free(&text);
    return rc;
}
