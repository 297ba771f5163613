/*
 * escape.c — text from the input made safe to print on one line: labels and
 * file names come from anywhere, and a tab, a newline or an escape sequence
 * in one must neither break a table or a line of output nor drive the
 * terminal.
 *
 * Invariant: the result holds no byte below 0x20, no DEL, no UTF-8 C1
 * control (U+0080..U+009F) and no raw byte 0x80..0x9F outside a UTF-8
 * character (an 8-bit terminal reads those as C1 controls: 0x9B is CSI); a
 * backslash is doubled, so the spelling can be read back unambiguously.
 * Everything else, including other UTF-8 and other bytes that are not valid
 * UTF-8, passes unchanged.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* The length of the well-formed UTF-8 sequence at c (2 to 4), 0 if there
 * is none: a stray continuation byte, an overlong form, a surrogate, a
 * truncated sequence. c is NUL-terminated, which stops every check. */
static size_t utf8_length(const unsigned char *c)
{
    size_t n = c[0] >= 0xf0 ? 4 : c[0] >= 0xe0 ? 3 : c[0] >= 0xc2 ? 2 : 0;
    if (n == 0 || c[0] > 0xf4)
        return 0;
    for (size_t i = 1; i < n; i++)
        if ((c[i] & 0xc0) != 0x80)
            return 0;
    if ((c[0] == 0xe0 && c[1] < 0xa0) || (c[0] == 0xed && c[1] > 0x9f) ||
        (c[0] == 0xf0 && c[1] < 0x90) || (c[0] == 0xf4 && c[1] > 0x8f))
        return 0;
    return n;
}

/* The spelling of the character at c into buf when it needs one; returns how
 * many bytes of c it stands for, and 0 with *plain set to how many bytes
 * print as they are (a whole UTF-8 character, or one byte). Escaped: C0
 * controls, DEL, C1 controls written in UTF-8 (U+0080..U+009F, e.g. U+009B,
 * the 8-bit CSI) and raw bytes 0x80..0x9F outside a UTF-8 sequence, which a
 * terminal reading 8-bit controls takes as C1 too. */
static size_t escape_one(const unsigned char *c, char buf[16], size_t *plain)
{
    static const char named[] = {'\\', '\\', '\t', 't', '\n', 'n', '\r', 'r'};
    *plain = 1;
    for (size_t i = 0; i < sizeof named; i += 2)
        if (*c == named[i]) {
            snprintf(buf, 16, "\\%c", named[i + 1]);
            return 1;
        }
    if (*c < 0x20 || *c == 0x7f) {
        snprintf(buf, 16, "\\x%02x", *c);
        return 1;
    }
    if (*c < 0x80)
        return 0;
    size_t n = utf8_length(c);
    if (n == 2 && c[0] == 0xc2 && c[1] <= 0x9f) {
        snprintf(buf, 16, "\\xc2\\x%02x", c[1]);
        return 2;
    }
    if (n == 0 && *c <= 0x9f) {
        snprintf(buf, 16, "\\x%02x", *c);
        return 1;
    }
    *plain = n ? n : 1;
    return 0;
}

char *cli_text_escape(const char *s)
{
    size_t len = strlen(s);
    /* Each byte becomes at most 4 ("\x1b"); a C1 pair 8 ("\xc2\x85"). */
    char *out = len < (SIZE_MAX - 1) / 4 ? malloc(4 * len + 1) : NULL, *p = out, buf[16];
    for (const unsigned char *c = (const unsigned char *)s; out && *c;) {
        size_t plain, n = escape_one(c, buf, &plain);
        if (n) {
            size_t k = strlen(buf);
            memcpy(p, buf, k);
            p += k;
            c += n;
        } else {
            memcpy(p, c, plain);
            p += plain;
            c += plain;
        }
    }
    if (out)
        *p = '\0';
    return out;
}

int cli_put_escaped(const char *s, FILE *out)
{
    char buf[16];
    for (const unsigned char *c = (const unsigned char *)s; *c;) {
        size_t plain, n = escape_one(c, buf, &plain);
        if (n ? fputs(buf, out) == EOF : fwrite(c, 1, plain, out) != plain)
            return PRECIS_ERR_IO;
        c += n ? n : plain;
    }
    return PRECIS_OK;
}

int cli_put_prose(const char *s, size_t len, FILE *out)
{
    char buf[16];
    const unsigned char *c = (const unsigned char *)s, *end = c + len;
    /* escape_one reads up to 4 bytes, NUL-stopped: a character cut by the
     * end of s is copied into a NUL-padded window first. */
    unsigned char window[5] = {0};
    while (c < end) {
        size_t have = (size_t)(end - c) < 4 ? (size_t)(end - c) : 4;
        memcpy(window, c, have);
        memset(window + have, 0, sizeof window - have);
        int failed;
        size_t plain, n;
        if (*c == '\t' || *c == '\n' || *c == '\r') {
            failed = fputc(' ', out) == EOF;
            n = 1;
        } else if (*c == '\\' || *c == '\0') {
            failed = *c ? fputc('\\', out) == EOF : fputs("\\x00", out) == EOF;
            n = 1;
        } else if ((n = escape_one(window, buf, &plain)) != 0) {
            failed = fputs(buf, out) == EOF;
        } else {
            failed = fwrite(c, 1, plain, out) != plain;
            n = plain;
        }
        if (failed)
            return PRECIS_ERR_IO;
        c += n;
    }
    return PRECIS_OK;
}

const char *cli_esc(const char *s)
{
    static char *ring[8];
    static unsigned next;
    char **slot = &ring[next++ % 8];
    free(*slot);
    *slot = s ? cli_text_escape(s) : NULL;
    return *slot ? *slot : s ? "(out of memory)" : "(null)";
}

int cli_warning_put(const char *program, const char *where, const char *message, FILE *out)
{
    int failed = fprintf(out, "%s: warning: ", program) < 0 ||
                 cli_put_escaped(where, out) != PRECIS_OK ||
                 fputs(*where ? ": " : "", out) == EOF ||
                 cli_put_escaped(message, out) != PRECIS_OK || fputc('\n', out) == EOF;
    return failed ? PRECIS_ERR_IO : PRECIS_OK;
}
