/*
 * input.c — byte input for the readers: a file or standard input read in
 * PX_CHUNK_BYTES chunks, a peek at its first line for format sniffing, and
 * buffers that grow only up to a bound.
 *
 * Invariants
 *  - Input is read in chunks, never whole: a file of any size streams through.
 *  - px_buf_grow_bounded never lets a buffer pass its limit: callers drop the
 *    bytes of a record that outgrows it, so memory stays bounded by the
 *    largest accepted document.
 */
#include "corpus/corpus.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/alloc.h"
#include "base/error.h"

/* ---------------------------------------------------------------- input */

int px_input_open(px_input *in, const char *path, const char *display, precis_error *err)
{
    memset(in, 0, sizeof *in);
    in->line = 1;
    in->chunk = px_malloc(PX_CHUNK_BYTES);
    if (!in->chunk)
        return px_error(err, PRECIS_ERR_NOMEM, "out of memory opening %s", display);
    if (strcmp(path, "-") == 0) {
        in->fp = stdin;
    } else {
        /* O_NONBLOCK so that opening a FIFO with no writer cannot hang: it
         * then reads as empty. Reads block again once it is open. */
        int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
        if (fd < 0)
            return px_error(err, PRECIS_ERR_IO, "%s: %s", display, strerror(errno));
        int flags = fcntl(fd, F_GETFL);
        if (flags == -1 || fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) == -1 ||
            (in->fp = fdopen(fd, "rb")) == NULL) {
            int rc = px_error(err, PRECIS_ERR_IO, "%s: %s", display, strerror(errno));
            close(fd);
            return rc;
        }
        in->close_fp = 1;
        struct stat st;
        if (fstat(fileno(in->fp), &st) == 0 && S_ISDIR(st.st_mode))
            return px_error(err, PRECIS_ERR_ARG,
                            "%s is a directory: read it with the dir format", display);
    }
    static const unsigned char bom[3] = {0xEF, 0xBB, 0xBF};
    if (px_input_fill(in) && in->len >= 3 && memcmp(in->chunk, bom, 3) == 0) {
        in->pos = 3;
        in->offset = 3;
    }
    if (in->read_errno)
        return px_error(err, PRECIS_ERR_IO, "%s: %s", display, strerror(in->read_errno));
    /* Records are split on single bytes (LF, TAB, comma), which UTF-16 does
     * not keep whole: every record would be garbage, so say why at once. */
    if (in->len >= 2 && ((in->chunk[0] == 0xFF && in->chunk[1] == 0xFE) ||
                         (in->chunk[0] == 0xFE && in->chunk[1] == 0xFF)))
        return px_error(err, PRECIS_ERR_FORMAT,
                        "%s: UTF-16 text (it starts with a UTF-16 byte-order mark): convert "
                        "it to UTF-8 first, e.g. iconv -f UTF-16 -t UTF-8", display);
    /* A PDF or an archive named as a corpus would be read as records of
     * noise: refuse it whole, naming the fix. */
    const char *why = px_binary_why((const char *)in->chunk, in->len);
    if (why)
        return px_error(err, PRECIS_ERR_FORMAT, "%s: %s", display, why);
    return PRECIS_OK;
}

void px_input_close(px_input *in)
{
    if (in->fp && in->close_fp)
        fclose(in->fp);
    in->fp = NULL;
    px_free(in->chunk);
    in->chunk = NULL;
}

int px_input_fill(px_input *in)
{
    if (in->pos < in->len)
        return 1;
    if (in->eof || in->read_errno || !in->fp)
        return 0;
    errno = 0;
    size_t n = fread(in->chunk, 1, PX_CHUNK_BYTES, in->fp);
    in->pos = 0;
    in->len = n;
    if (n < PX_CHUNK_BYTES) {
        if (ferror(in->fp))
            in->read_errno = errno ? errno : EIO;
        else
            in->eof = 1;
    }
    return n > 0;
}

static int is_blank_byte(unsigned char c) { return c == ' ' || c == '\t' || c == '\r'; }

int px_blank_line(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!is_blank_byte((unsigned char)s[i]))
            return 0;
    return 1;
}

size_t px_input_sniff_line(px_input *in, const char **line)
{
    *line = NULL;
    if (!px_input_fill(in))
        return 0;
    const char *p = (const char *)in->chunk + in->pos;
    const char *end = (const char *)in->chunk + in->len;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *cr = memchr(p, '\r', (size_t)((nl ? nl : end) - p));
        if (cr && cr + 1 < end && cr[1] != '\n')
            nl = cr; /* a lone CR ends the line too */
        size_t n = (size_t)((nl ? nl : end) - p);
        if (n && p[n - 1] == '\r')
            n--;
        if (!px_blank_line(p, n)) {
            *line = p;
            return n;
        }
        if (!nl)
            break;
        p = nl + 1;
    }
    return 0;
}

int px_buf_grow_bounded(px_buf *b, size_t need, size_t limit)
{
    if (b->data && need < b->cap)
        return PRECIS_OK;
    size_t cap = b->cap ? b->cap : 256;
    while (cap <= need && cap <= limit)
        cap = cap > SIZE_MAX / 2 ? SIZE_MAX : cap * 2;
    if (cap > limit + 1)
        cap = limit + 1;
    if (cap <= need)
        cap = need + 1;
    char *p = px_realloc_array(b->data, cap, 1);
    if (!p)
        return PRECIS_ERR_NOMEM;
    b->data = p;
    b->cap = cap;
    return PRECIS_OK;
}

/* The next line, without its LF, into line. 1: a line (*too_long if it had
 * more than limit bytes: then its content is lost); 0: end of input;
 * -PRECIS_ERR_NOMEM. A read error ends the input: see in->read_errno. */
