/*
 * corpus.h — the corpus reader's private parts (not installed).
 *
 * One precis_reader serves every format. corpus.c owns the public API, format
 * detection and the rules every format shares (how a record is rejected, how a
 * label is cleaned); corpus_lines.c owns the streaming byte input and the
 * one-record-per-line formats (TSV, fastText, JSONL); corpus_csv.c owns RFC
 * 4180 records; corpus_dir.c owns the DIR/<label>/<file> walk.
 *
 * Invariants
 *  - A format's next() fills doc only with pointers into buffers the reader
 *    owns; they stay valid until the next call to next() or free.
 *  - Nothing holds more than about opt.max_doc_bytes for one record, whatever
 *    the input: longer records are skipped while streaming.
 *  - Once next() has returned a fatal status, r->failed keeps it and every
 *    later call returns it again.
 */
#ifndef PRECIS_CORPUS_H
#define PRECIS_CORPUS_H

#include <stdio.h>

#include "precis.h"
#include "text/text.h" /* px_buf */

/* Highest CSV column number the options may name. */
#define PX_CSV_MAX_COLUMN 65536

/* Bytes read from the input at a time. */
#define PX_CHUNK_BYTES ((size_t)64 << 10)

/* A buffered byte stream that counts lines and bytes as it goes. */
typedef struct px_input {
    FILE *fp;
    int close_fp;              /* 0 for stdin */
    unsigned char *chunk;      /* PX_CHUNK_BYTES; unread bytes are [pos, len) */
    size_t pos, len;
    int eof;                   /* the stream is exhausted */
    int read_errno;            /* non-zero once a read failed */
    unsigned long line;        /* 1-based line number of the next byte */
    unsigned long long offset; /* 0-based byte offset of the next byte */
} px_input;

/* Opens path ("-": standard input) and drops a leading UTF-8 byte-order mark. */
int px_input_open(px_input *in, const char *path, const char *display, precis_error *err);
void px_input_close(px_input *in);
/* Refills the chunk when it is used up: 1 if a byte is available, else 0
 * (end of stream or read error: see read_errno). */
int px_input_fill(px_input *in);

static inline int px_input_getc(px_input *in)
{
    if (in->pos == in->len && !px_input_fill(in))
        return -1;
    int c = in->chunk[in->pos++];
    in->offset++;
    if (c == '\n')
        in->line++;
    return c;
}

static inline int px_input_peekc(px_input *in)
{
    if (in->pos == in->len && !px_input_fill(in))
        return -1;
    return in->chunk[in->pos];
}

/* The first line that is not blank, as far as the first chunk shows it, for
 * format sniffing (nothing is consumed). Returns its length; *line is NULL
 * when the first chunk holds no such line. */
size_t px_input_sniff_line(px_input *in, const char **line);

/* Grows b so it can hold need bytes plus a NUL, doubling but never past
 * limit + 1 bytes (the caller has already checked need <= limit). */
int px_buf_grow_bounded(px_buf *b, size_t need, size_t limit);
/* Does [s, s + n) hold only blanks (space, TAB, CR)? */
int px_blank_line(const char *s, size_t n);

typedef struct px_csv px_csv;
typedef struct px_dir_walk px_dir_walk;

struct precis_reader {
    precis_format format;
    precis_reader_options opt;
    char *path;            /* as given; "-" is standard input */
    const char *display;   /* path, or "<stdin>" */
    size_t skipped;
    int failed;            /* a fatal precis_status once next() failed */

    int (*next)(precis_reader *r, precis_document *doc, precis_error *err);

    px_buf source;         /* the current document's "path:line" */
    px_buf label;          /* scratch for a label built from parts */
    px_buf label_set;      /* multi-label: the record's labels, sorted, TAB-joined */
    size_t *label_at;      /* multi-label: offsets of the labels gathered in label,
                              each NUL-terminated */
    const char **label_ptr; /* multi-label: the same as pointers, for sorting */
    size_t n_label_at, label_at_cap;
    px_buf text;           /* scratch for a text built from parts */
    char where[512];       /* "path:line" for warnings (may be truncated) */

    /* Line-based formats (TSV, CSV, fastText, JSONL). */
    px_input in;
    px_buf line;
    int warned_extra_labels;   /* fastText: said once per file */
    px_csv *csv;
    px_dir_walk *dir;

    /* Reading one share of the corpus (opt.n_shares > 1): a line file's
     * records that start before this byte offset (DIR keeps its own). */
    unsigned long long share_end;
};

/* Is this reader reading one share of several? */
static inline int px_reader_shared(const precis_reader *r) { return r->opt.n_shares > 1; }
/* The first and end item of share s of n, of `total` items (exact). */
static inline void px_share_range(unsigned long long total, unsigned s, unsigned n,
                                  unsigned long long *first, unsigned long long *end)
{
    *first = (unsigned long long)((unsigned __int128)total * s / n);
    *end = (unsigned long long)((unsigned __int128)total * (s + 1) / n);
}

/* ---- shared by every format (corpus.c) */

/* "display:line" (or just display when line is 0) into r->where. */
const char *px_reader_where(precis_reader *r, unsigned long line);
/* Same, with " (byte N)" after it. */
const char *px_reader_where_byte(precis_reader *r, unsigned long line,
                                 unsigned long long byte);
/* A record cannot be used. Strict: fills err with "where: message" and
 * returns -code. Otherwise: warns "message; record skipped", counts the skip
 * and returns 0 so the caller reads on. */
int px_reader_reject(precis_reader *r, int code, const char *where, precis_error *err,
                     const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* A warning that is not about a skipped record. */
/* A record reader's read that failed, for reader r: rc < 0 is -(status) of
 * an allocation, else r->in.read_errno says what the read hit. Returns the
 * negative status for precis_reader_next, err filled. */
int px_reader_read_failed(precis_reader *r, int rc, precis_error *err);
void px_reader_warn(precis_reader *r, const char *where, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Trims ASCII whitespace around a label in place: returns NULL if the label
 * is usable, else why not ("empty label", "NUL byte in label"). */
const char *px_label_clean(const char **s, size_t *len);
/* Multi-label records (opt.multi_label). A reader starts a record's list,
 * adds each label as it finds it, then finishes: the labels are sorted and
 * deduplicated into r->label_set, TAB-joined, for doc->label. add and finish
 * return NULL when fine, else why the record is malformed ("label holds a
 * TAB", "more than 1000 labels", "no labels"); *nomem is set when memory ran
 * out (the caller fails). add copies the bytes. */
void px_labels_start(precis_reader *r);
const char *px_labels_add(precis_reader *r, const char *s, size_t len, int *nomem);
const char *px_labels_finish(precis_reader *r, precis_document *doc, int *nomem);
/* The TSV/CSV label field split at the separator and added label by label. */
const char *px_labels_add_field(precis_reader *r, const char *s, size_t len, int *nomem);
/* r->source = "display:line"; PRECIS_OK or PRECIS_ERR_NOMEM. */
int px_reader_set_source(precis_reader *r, unsigned long line);

/* Why bytes (a file's start is enough) are not text to read, with the fix
 * ("a PDF document: extract the text first"); NULL when they look like text
 * (binary.c). */
const char *px_binary_why(const char *bytes, size_t len);

/* Is this document an HTML page: by its name (.html, .htm, .xhtml, .shtml;
 * path may be NULL) or by its first bytes (html.c)? */
int px_html_sniff(const char *path, const char *bytes, size_t len);
/* The page's headline, a blank line, then its main text's paragraphs
 * separated by blank lines, boilerplate removed; appended to out as UTF-8.
 * PRECIS_OK, PRECIS_ERR_NOMEM, or PRECIS_ERR_LIMIT (over INT_MAX bytes). */
int px_html_to_text(const char *bytes, size_t len, px_buf *out);

/* ---- per-format entry points: each sets r->next and allocates its state */

int px_lines_start(precis_reader *r, precis_error *err);  /* TSV, fastText, JSONL */
int px_csv_start(precis_reader *r, precis_error *err);
void px_csv_free(px_csv *c);
/* DIR, and FILES (unlabeled: a directory tree, one file, or "-" for stdin). */
int px_dir_start(precis_reader *r, precis_error *err);
void px_dir_free(px_dir_walk *w);

#endif
