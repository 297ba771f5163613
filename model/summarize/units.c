/*
 * units.c — selection units: runs of sentences that a summary takes whole
 * or not at all, so a quotation is never cut from its speaker.
 *
 * The splitter ends a sentence at every terminal mark, so the quotation
 *     "We will rebuild. It will take years," a source said.
 * is two sentences, and the first alone reads as the paper's own claim.
 * Two rules join sentences of one paragraph into a unit:
 *   1. A double quotation opened in a sentence and closed in a later one of
 *      the same paragraph joins the sentences from the opening to the
 *      closing one. A quotation that is still open at the paragraph's end
 *      joins nothing (news runs long quotes over paragraphs, and a stray
 *      mark must not glue a whole paragraph together).
 *   2. A sentence that is all quotation (opens with a quotation mark, holds
 *      no speaker: no "said", "told", "according", ...) right after a
 *      sentence of its paragraph that names one joins that sentence:
 *          "We will win," she said. "The people are with us."
 * Straight quotes toggle; curly quotes open (U+201C) and close (U+201D).
 * A unit holds at most MAX_UNIT sentences; a longer run is left as single
 * sentences.
 *
 * Invariants: units are runs of consecutive active sentences of one
 * paragraph; first[r] <= r <= last[r]; inactive sentences are units of one.
 */
#include "summarize/units.h"

#include "summarize/learned.h"

#define MAX_UNIT 4

/* Whether a quote is open after the sentence text, given whether one was before. */
static int quote_state(const char *s, size_t n, int open)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"') {
            open = !open;
        } else if (c == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80) {
            if ((unsigned char)s[i + 2] == 0x9C)
                open = 1;
            else if ((unsigned char)s[i + 2] == 0x9D)
                open = 0;
        }
    }
    return open;
}

static int opens_with_quote(const char *s, size_t n)
{
    return n > 0 && (s[0] == '"' || (n >= 3 && (unsigned char)s[0] == 0xE2 &&
                                     (unsigned char)s[1] == 0x80 &&
                                     (unsigned char)s[2] == 0x9C));
}

static void join(size_t *first, size_t *last, size_t a, size_t b)
{
    size_t lo = first[a], hi = last[b];
    if (hi - lo + 1 > MAX_UNIT)
        return;
    for (size_t r = lo; r <= hi; r++) {
        first[r] = lo;
        last[r] = hi;
    }
}

static int same_paragraph(const precis_article *a, const unsigned char *active, size_t r, size_t q)
{
    return active[r] && active[q] && a->sentences[r].paragraph == a->sentences[q].paragraph;
}

/* Rule 1: from each sentence that leaves a quote open, to the one closing it. */
static void join_open_quotes(const precis_article *a, const unsigned char *active, size_t *first,
                             size_t *last)
{
    for (size_t r = 0; r < a->n_sentences; r++) {
        const precis_sentence *s = &a->sentences[r];
        if (!active[r] || !quote_state(a->text + s->start, s->len, 0))
            continue;
        size_t q = r + 1;
        int open = 1;
        while (open && q < a->n_sentences && q - r < MAX_UNIT && same_paragraph(a, active, r, q)) {
            open = quote_state(a->text + a->sentences[q].start, a->sentences[q].len, 1);
            q++;
        }
        if (!open)
            join(first, last, r, q - 1);
    }
}

/* Rule 2: an all-quote sentence joins the attributed sentence before it. */
static void join_quote_tails(const precis_article *a, const unsigned char *active, size_t *first,
                             size_t *last)
{
    for (size_t r = 1; r < a->n_sentences; r++) {
        const precis_sentence *s = &a->sentences[r], *p = &a->sentences[r - 1];
        const char *t = a->text + s->start;
        if (!same_paragraph(a, active, r - 1, r) || first[r] != r || !opens_with_quote(t, s->len) ||
            px_sentence_attributes(t, s->len) || quote_state(t, s->len, 0))
            continue;
        if (px_sentence_has_quote(a->text + p->start, p->len) &&
            px_sentence_attributes(a->text + p->start, p->len))
            join(first, last, r - 1, r);
    }
}

void px_selection_units(const precis_article *a, const unsigned char *active, size_t *first,
                        size_t *last)
{
    for (size_t r = 0; r < a->n_sentences; r++)
        first[r] = last[r] = r;
    join_open_quotes(a, active, first, last);
    join_quote_tails(a, active, first, last);
}
