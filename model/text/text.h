/*
 * text.h — bytes to text to tokens (private to the library).
 *
 * The rules are scikit-learn's, so features can be compared number for number:
 * the document is lowercased as Python's str.lower() does (full Unicode case
 * mapping, including final sigma and U+0130), then tokens are the maximal runs
 * of word characters (Unicode letters L*, numbers N*, and '_' — Python's \w)
 * at least `min_chars` code points long (2 by default, as (?u)\b\w\w+\b).
 */
#ifndef PRECIS_TEXT_H
#define PRECIS_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "precis.h"

/* A growable byte buffer; the bytes are always NUL-terminated. */
typedef struct px_buf {
    char *data;
    size_t len, cap;
} px_buf;

int px_buf_reserve(px_buf *b, size_t extra);   /* 0 or PRECIS_ERR_NOMEM */
int px_buf_append(px_buf *b, const char *s, size_t n);
void px_buf_free(px_buf *b);

/* Is bytes[0..len) valid UTF-8 as Python's strict decoder sees it (no
 * overlongs, no surrogates, nothing above U+10FFFF)? */
int px_utf8_valid(const char *bytes, size_t len);
/* Decode one code point from valid UTF-8 at s (n bytes left); returns its
 * length in bytes (1 for a malformed byte, read as U+FFFD). */
size_t px_utf8_next(const char *s, size_t n, int32_t *cp);
/* Encode cp into out (4 bytes max); returns the length. */
size_t px_utf8_encode(int32_t cp, char *out);

/* Bytes to UTF-8 (see precis_text_decode), appended to out. */
int px_decode(const char *bytes, size_t len, px_buf *out);

/* precis_article_split on text already decoded (px_decode's output,
 * NUL-terminated at text[len]), which the article takes over: it is freed
 * with the article, or here when the split fails. */
int px_article_split_decoded(precis_article **out, char *text, size_t len, precis_error *err);

/* Do the bytes start with a UTF-16 byte-order mark (FF FE or FE FF)? */
int px_utf16_bom(const char *bytes, size_t len);
/* UTF-16 after its byte-order mark (FF FE little-endian, FE FF big-endian) to
 * UTF-8, appended to out: unpaired surrogates and an odd last byte become
 * U+FFFD, NUL a space. PRECIS_ERR_ARG without a BOM, or PRECIS_ERR_NOMEM. */
int px_utf16_decode(const char *bytes, size_t len, px_buf *out);

/* Flags the sentences of text that hold a message's furniture: a signature
 * (and all that follows it), quoted lines, headers, attributions, address
 * lines (message.c). */
void px_flag_message_furniture(const char *text, precis_sentence *s, size_t n);

/* Python's str.lower() of UTF-8 text, into out (replacing its contents). */
int px_lowercase(const char *utf8, size_t len, px_buf *out);

/* Python's \w for one code point. */
int px_is_word_char(int32_t cp);

/* Called for each token: bytes [tok, tok + len) of the lowercased text.
 * A non-zero return stops the walk and is returned by px_tokenize. */
typedef int (*px_token_fn)(void *ctx, const char *tok, size_t len);
int px_tokenize(const char *lower, size_t len, int min_chars, px_token_fn fn, void *ctx);

/* The built-in English stop-word list (sorted, lowercase). */
int px_is_stop_word(const char *tok, size_t len);
size_t px_stop_word_count(void);
const char *px_stop_word(size_t i);

#endif
