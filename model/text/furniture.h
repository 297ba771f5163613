/*
 * furniture.h — the page-furniture rules (furniture.c) that the article
 * splitter (sentences.c) asks (private to the library).
 *
 * All text here is valid UTF-8 (px_decode's output) unless a function says it
 * takes arbitrary bytes.
 */
#ifndef PRECIS_FURNITURE_H
#define PRECIS_FURNITURE_H

#include <stddef.h>

/* Is the trimmed line [line, line + len) page furniture ("Share this article",
 * a byline, a copyright notice, a bare URL, ...)? With before_headline set,
 * only the rules that cannot be mistaken for a headline apply (see the table
 * in furniture.c). */
int px_is_furniture(const char *line, size_t len, int before_headline);

/* Web-page and message furniture that may be whole sentences: cookie
 * notices, newsletter prompts, quoted "> " lines; and, unless before_headline,
 * message headers, attribution lines and short lines with an e-mail address
 * (furniture_web.c). px_is_furniture includes these. */
int px_is_web_furniture(const char *line, size_t len, int before_headline);

#endif
