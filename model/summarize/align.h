/*
 * align.h — which of an article's sentences a reference extract holds
 * (private: align.c, used by learned.c to label training sentences).
 */
#ifndef PRECIS_ALIGN_H
#define PRECIS_ALIGN_H

#include <stddef.h>

#include "precis.h"

/* What one alignment found. */
typedef struct px_alignment_counts {
    size_t reference_sentences; /* aligned sentences + unaligned pieces of the reference */
    size_t unaligned;           /* reference sentences matched to no body sentence */
} px_alignment_counts;

/* Marks in_reference[i] = 1 for each body sentence of `a` that the reference
 * extract `ref` (raw bytes, decoded with precis_text_decode rules) holds, 0
 * for the others. Matching ignores case, spaces, punctuation and quote
 * styles, so sentences run together without spaces, in any order, still
 * align. A sentence the article holds twice aligns twice only if the
 * reference holds it twice. PRECIS_ERR_NOMEM is the only failure. */
int px_align_reference(const precis_article *a, const char *ref, size_t ref_len,
                       unsigned char *in_reference, px_alignment_counts *counts);

#endif
