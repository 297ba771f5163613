/*
 * message.c — the parts of a Usenet or e-mail message that are never its
 * story: the signature (from a "-- " line to the end), quoted "> " lines,
 * header lines, attribution lines ("... writes:") and address lines. The
 * article splitter's line rules (furniture.c, furniture_web.c) catch such a
 * line when it stands alone; here, once the article is split, a sentence
 * that holds one among other lines is flagged too, since the splitter joins
 * a message's short lines into sentences ("Thanks,\nWarren\nw@x.edu").
 *
 * Invariant: only is_furniture flags change; sentence bounds never do.
 */
#include "text/furniture.h"
#include "text/text.h"

#include <string.h>

/* A signature delimiter: "--" alone on its line, maybe with trailing blanks. */
static int signature_line(const char *s, size_t n)
{
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        n--;
    return n == 2 && s[0] == '-' && s[1] == '-';
}

/* 1: the sentence holds a message-furniture line; 2: a signature starts in it. */
static int judge_lines(const char *s, size_t n)
{
    int furniture = 0;
    for (size_t i = 0; i < n;) {
        const char *nl = memchr(s + i, '\n', n - i);
        size_t end = nl ? (size_t)(nl - s) : n, a = i;
        while (a < end && (s[a] == ' ' || s[a] == '\t'))
            a++;
        if (signature_line(s + a, end - a))
            return 2;
        if (a < end && px_is_web_furniture(s + a, end - a, 0))
            furniture = 1;
        i = end + 1;
    }
    return furniture;
}

void px_flag_message_furniture(const char *text, precis_sentence *s, size_t n)
{
    int signature = 0;
    for (size_t i = 0; i < n; i++) {
        if (signature) {
            s[i].is_furniture = 1;
            continue;
        }
        int v = judge_lines(text + s[i].start, s[i].len);
        if (v)
            s[i].is_furniture = 1;
        signature = v == 2;
    }
}
