/*
 * escape.c — text from the input made safe to print on one line: labels and
 * file names come from anywhere, and a tab, a newline or an escape sequence
 * in one must neither break a table or a line of output nor drive the
 * terminal.
 *
 * Invariant: the result holds no byte below 0x20, no DEL and no UTF-8 C1
 * control (U+0080..U+009F); a backslash is doubled, so the spelling can be
 * read back unambiguously. Everything else, including other UTF-8 and bytes
 * that are not valid UTF-8, passes unchanged.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* The spelling of the character at c into buf when it needs one; returns how
 * many bytes of c it stands for, 0 when c[0] prints as it is. */
static size_t escape_one(const unsigned char *c, char buf[16])
{
    static const char named[] = {'\\', '\\', '\t', 't', '\n', 'n', '\r', 'r'};
    for (size_t i = 0; i < sizeof named; i += 2)
        if (*c == named[i]) {
            snprintf(buf, 16, "\\%c", named[i + 1]);
            return 1;
        }
    if (*c < 0x20 || *c == 0x7f) {
        snprintf(buf, 16, "\\x%02x", *c);
        return 1;
    }
    if (c[0] == 0xc2 && c[1] >= 0x80 && c[1] <= 0x9f) {
        snprintf(buf, 16, "\\xc2\\x%02x", c[1]);
        return 2;
    }
    return 0;
}

char *cli_text_escape(const char *s)
{
    size_t len = strlen(s);
    /* Each byte becomes at most 4 ("\x1b"); a C1 pair 8 ("\xc2\x85"). */
    char *out = len < (SIZE_MAX - 1) / 4 ? malloc(4 * len + 1) : NULL, *p = out, buf[16];
    for (const unsigned char *c = (const unsigned char *)s; out && *c;) {
        size_t n = escape_one(c, buf);
        if (n) {
            size_t k = strlen(buf);
            memcpy(p, buf, k);
            p += k;
            c += n;
        } else {
            *p++ = (char)*c++;
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
        size_t n = escape_one(c, buf);
        if (n ? fputs(buf, out) == EOF : fputc(*c, out) == EOF)
            return PRECIS_ERR_IO;
        c += n ? n : 1;
    }
    return PRECIS_OK;
}

int cli_warning_put(const char *program, const char *where, const char *message, FILE *out)
{
    int failed = fprintf(out, "%s: warning: ", program) < 0 ||
                 cli_put_escaped(where, out) != PRECIS_OK ||
                 fputs(*where ? ": " : "", out) == EOF ||
                 cli_put_escaped(message, out) != PRECIS_OK || fputc('\n', out) == EOF;
    return failed ? PRECIS_ERR_IO : PRECIS_OK;
}
