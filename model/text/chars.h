/*
 * chars.h — character-level text primitives (private to the library).
 *
 * All text here is valid UTF-8 (px_decode's output) unless a function says it
 * takes arbitrary bytes.
 */
#ifndef PRECIS_CHARS_H
#define PRECIS_CHARS_H

#include <stddef.h>
#include <stdint.h>

/* Byte length of the whitespace character at s (n bytes left), 0 if s does not
 * start one. Whitespace: ASCII space, \t \n \v \f \r, and the UTF-8 encodings
 * of U+0085, U+00A0, U+1680, U+2000..U+200A, U+2028, U+2029, U+202F, U+205F,
 * U+3000. Safe on arbitrary bytes. */
size_t px_space_len(const char *s, size_t n);

/* Length of the whitespace character ending just before byte `end` of t
 * (not reaching below `floor`), 0 if none. */
size_t px_space_len_before(const char *t, size_t floor, size_t end);

/* Shrinks [*a, *b) of text t until it neither starts nor ends with whitespace. */
void px_trim(const char *t, size_t *a, size_t *b);

/* The code point ending just before byte `end` of valid UTF-8 text whose
 * first byte is `floor`; returns its length (0 when end <= floor). */
size_t px_utf8_prev(const char *t, size_t floor, size_t end, int32_t *cp);

/* Character classes, Unicode-aware (utf8proc), ASCII on a fast path. */
int px_char_is_upper(int32_t cp);  /* Lu or Lt */
int px_char_is_lower(int32_t cp);  /* Ll */
int px_char_is_alnum(int32_t cp);  /* L* or N* */

#endif
