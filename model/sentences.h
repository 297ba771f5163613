/*
 * sentences.h — what the article splitter (sentences.c) and the page-furniture
 * rules (furniture.c) share (private to the library).
 *
 * All text here is valid UTF-8 (px_decode's output) unless a function says it
 * takes arbitrary bytes.
 */
#ifndef PRECIS_SENTENCES_H
#define PRECIS_SENTENCES_H

#include <stddef.h>
#include <stdint.h>

/* Byte length of the whitespace character at s (n bytes left), 0 if s does not
 * start one. Whitespace: ASCII space, \t \n \v \f \r, and the UTF-8 encodings
 * of U+0085, U+00A0, U+1680, U+2000..U+200A, U+2028, U+2029, U+202F, U+205F,
 * U+3000. Safe on arbitrary bytes. */
size_t px_space_len(const char *s, size_t n);

/* Shrinks [*a, *b) of text t until it neither starts nor ends with whitespace. */
void px_trim(const char *t, size_t *a, size_t *b);

/* The code point ending just before byte `end` of valid UTF-8 text whose
 * first byte is `floor`; returns its length (0 when end <= floor). */
size_t px_utf8_prev(const char *t, size_t floor, size_t end, int32_t *cp);

/* Character classes, Unicode-aware (utf8proc), ASCII on a fast path. */
int px_char_is_upper(int32_t cp);  /* Lu or Lt */
int px_char_is_lower(int32_t cp);  /* Ll */
int px_char_is_alnum(int32_t cp);  /* L* or N* */

/* Is the trimmed line [line, line + len) page furniture ("Share this article",
 * a byline, a copyright notice, a bare URL, ...)? With before_headline set,
 * only the rules that cannot be mistaken for a headline apply (see the table
 * in furniture.c). */
int px_is_furniture(const char *line, size_t len, int before_headline);

#endif
