/*
 * corpus_csv.c — CSV records as RFC 4180 defines them, read as a stream.
 *
 * Accepted: comma delimiter (or opt.csv_delimiter: ';', TAB, '|'); fields in
 * double quotes may hold the delimiter, LF, CR and doubled quotes (""); records
 * end with LF, CRLF or a lone CR (a CR just before the LF is dropped outside
 * quotes, kept inside them; a lone CR outside quotes ends the record, as old
 * Mac files end lines); backslashes are ordinary
 * bytes; NUL bytes are ordinary bytes. Chosen leniencies, as Python's csv
 * module does by default:
 *  - a quote inside an unquoted field is an ordinary byte (ab"c -> ab"c);
 *  - bytes after a closing quote, before the delimiter, are kept as part of
 *    the field ("ab"c -> abc), with one warning per file.
 * Blank lines (a record of one unquoted field holding only blanks) are
 * ignored. A record with fewer columns than the options name is malformed;
 * so is a quoted field still open at the end of the input (the message names
 * the line where its record started).
 *
 * A record of more than PRECIS_CSV_MAX_COLUMNS columns is rejected: the
 * count is a size_t that stops growing there, so no number of delimiters can
 * overflow it (2^31 of them once wrapped an int into a negative index).
 *
 * Invariants: only the columns the options name (label and text columns) are
 * stored, and only while their bytes fit max_doc_bytes; the rest is parsed
 * and dropped. So a record, however long, costs at most about max_doc_bytes.
 * Each stored field is NUL-terminated in r->line; spans index it.
 */
#include "corpus/corpus.h"

#include <string.h>

#include "base/alloc.h"
#include "base/error.h"

typedef struct field_span {
    size_t start, len;
} field_span;

struct px_csv {
    int n_needed;           /* highest column number the options name */
    field_span *spans;      /* n_needed, for columns 1..n_needed */
    int header_pending;     /* the first record is a header to skip */
    int warned_after_quote; /* said once per file */
    int delim;              /* the field delimiter, ',' unless the options say */
};

typedef enum csv_state {
    FIELD_START,     /* nothing of the field read yet */
    UNQUOTED,        /* inside a field that did not open with a quote */
    QUOTED,          /* inside a quoted field */
    QUOTE_IN_QUOTED, /* a quote inside a quoted field: closing, or half of "" */
    AFTER_QUOTE      /* bytes after a closing quote (kept, leniently) */
} csv_state;

/* What one record looked like, beyond its stored fields. */
typedef struct csv_record {
    unsigned long line;     /* where it started */
    size_t n_columns;       /* at most PRECIS_CSV_MAX_COLUMNS + 1 */
    int any_quote;          /* some field was quoted */
    int too_long;           /* stored bytes passed max_doc_bytes */
    int unbalanced;         /* the input ended inside quotes */
    int after_quote;        /* bytes followed a closing quote */
    size_t stored;          /* field bytes stored (NULs excluded) */
} csv_record;

/* Keeps byte c of the current field if its column is wanted and fits. */
static int store_byte(precis_reader *r, csv_record *rec, int c)
{
    if (rec->n_columns >= (size_t)r->csv->n_needed || rec->too_long)
        return PRECIS_OK;
    if (rec->stored >= r->opt.max_doc_bytes) {
        rec->too_long = 1;
        return PRECIS_OK;
    }
    px_buf *b = &r->line;
    size_t limit = r->opt.max_doc_bytes + (size_t)r->csv->n_needed + 1;
    if (b->len + 1 >= b->cap && px_buf_grow_bounded(b, b->len + 1, limit) != PRECIS_OK)
        return PRECIS_ERR_NOMEM;
    b->data[b->len++] = (char)c;
    b->data[b->len] = '\0';
    rec->stored++;
    return PRECIS_OK;
}

/* Closes the current field: records its span and NUL-terminates it. */
static int end_field(precis_reader *r, csv_record *rec, size_t *field_start)
{
    size_t col = rec->n_columns;
    if (rec->n_columns <= PRECIS_CSV_MAX_COLUMNS) /* past it, the record is rejected */
        rec->n_columns++;
    if (col >= (size_t)r->csv->n_needed)
        return PRECIS_OK;
    px_buf *b = &r->line;
    size_t limit = r->opt.max_doc_bytes + (size_t)r->csv->n_needed + 1;
    if (px_buf_grow_bounded(b, b->len + 1, limit) != PRECIS_OK)
        return PRECIS_ERR_NOMEM;
    r->csv->spans[col].start = *field_start;
    r->csv->spans[col].len = b->len - *field_start;
    b->data[b->len++] = '\0';
    b->data[b->len] = '\0';
    *field_start = b->len;
    return PRECIS_OK;
}

/* Is c the end of a record outside quotes? Drops the CR of a CRLF; a lone
 * CR ends the record (and counts as a line, for messages). */
static int is_record_end(px_input *in, int c, int *skip)
{
    *skip = 0;
    if (c == '\r') {
        if (px_input_peekc(in) == '\n') {
            *skip = 1;
            return 0;
        }
        in->line++;
        return 1;
    }
    return c == '\n' || c < 0;
}

/* One step of the state machine for byte c (or -1 at end of input).
 * Returns 1 when the record is complete, 0 to go on, <0 on error. */
static int csv_step(precis_reader *r, csv_record *rec, csv_state *st, int c,
                    size_t *field_start)
{
    int skip, rc;
    switch (*st) {
    case QUOTED:
        if (c == '"')
            *st = QUOTE_IN_QUOTED;
        else if (c < 0)
            return rec->unbalanced = 1;
        else if ((rc = store_byte(r, rec, c)) != PRECIS_OK)
            return -rc;
        return 0;
    case QUOTE_IN_QUOTED:
        if (c == '"') {
            *st = QUOTED;
            return (rc = store_byte(r, rec, c)) != PRECIS_OK ? -rc : 0;
        }
        if (c != r->csv->delim && !is_record_end(&r->in, c, &skip) && !skip) {
            rec->after_quote = 1;
            *st = AFTER_QUOTE;
            return (rc = store_byte(r, rec, c)) != PRECIS_OK ? -rc : 0;
        }
        break;
    case FIELD_START:
        if (c == '"') {
            rec->any_quote = 1;
            *st = QUOTED;
            return 0;
        }
        break;
    case UNQUOTED:
    case AFTER_QUOTE:
        break;
    }
    /* Outside quotes: a delimiter, the end of the record, or a byte. */
    if (c == r->csv->delim) {
        *st = FIELD_START;
        return (rc = end_field(r, rec, field_start)) != PRECIS_OK ? -rc : 0;
    }
    if (is_record_end(&r->in, c, &skip))
        return (rc = end_field(r, rec, field_start)) != PRECIS_OK ? -rc : 1;
    if (skip)
        return 0;
    if (*st == FIELD_START)
        *st = UNQUOTED;
    return (rc = store_byte(r, rec, c)) != PRECIS_OK ? -rc : 0;
}

/* Reads one record into r->line / spans. 1: a record; 0: end of input. */
static int read_record(precis_reader *r, csv_record *rec)
{
    memset(rec, 0, sizeof *rec);
    rec->line = r->in.line;
    r->line.len = 0;
    int c = px_input_getc(&r->in);
    if (c < 0)
        return 0;
    csv_state st = FIELD_START;
    size_t field_start = 0;
    for (;; c = px_input_getc(&r->in)) {
        int rc = csv_step(r, rec, &st, c, &field_start);
        if (rc != 0)
            return rc;
    }
}

static int is_blank_record(const precis_reader *r, const csv_record *rec)
{
    if (rec->n_columns != 1 || rec->any_quote || rec->too_long)
        return 0;
    const field_span *f = &r->csv->spans[0];
    for (size_t i = 0; i < f->len; i++) {
        char ch = r->line.data[f->start + i];
        if (ch != ' ' && ch != '\t' && ch != '\r')
            return 0;
    }
    return 1;
}

/* The document's text: one column as it is, several joined by a space. */
static int build_text(precis_reader *r, const char **text, size_t *len, precis_error *err)
{
    const precis_reader_options *o = &r->opt;
    const field_span *spans = r->csv->spans;
    if (o->csv_n_text_columns == 1) {
        const field_span *f = &spans[o->csv_text_columns[0] - 1];
        *text = r->line.data + f->start;
        *len = f->len;
        return PRECIS_OK;
    }
    size_t total = (size_t)o->csv_n_text_columns - 1;
    for (int i = 0; i < o->csv_n_text_columns; i++)
        total += spans[o->csv_text_columns[i] - 1].len;
    if (total > o->max_doc_bytes)
        return PRECIS_ERR_LIMIT;
    r->text.len = 0;
    for (int i = 0; i < o->csv_n_text_columns; i++) {
        const field_span *f = &spans[o->csv_text_columns[i] - 1];
        if ((i && px_buf_append(&r->text, " ", 1) != PRECIS_OK) ||
            px_buf_append(&r->text, r->line.data + f->start, f->len) != PRECIS_OK)
            return px_error(err, PRECIS_ERR_NOMEM, "out of memory reading %s", r->display);
    }
    *text = r->text.data;
    *len = r->text.len;
    return PRECIS_OK;
}

/* Turns a complete, well-formed record into a document: 1, 0 if rejected,
 * or <0. */
static int csv_document(precis_reader *r, const csv_record *rec, precis_document *doc,
                        precis_error *err)
{
    const char *where = px_reader_where(r, rec->line);
    const field_span *lf = &r->csv->spans[r->opt.csv_label_column - 1];
    const char *label = r->line.data + lf->start;
    size_t label_len = lf->len;
    int nomem = 0;
    const char *why;
    if (r->opt.multi_label) {
        px_labels_start(r);
        why = px_labels_add_field(r, label, label_len, &nomem);
        if (!why && !nomem)
            why = px_labels_finish(r, doc, &nomem);
    } else {
        why = px_label_clean(&label, &label_len);
        /* Copied, not cut in place: the label column may also be a text column. */
        r->label.len = 0;
        if (!why && px_buf_append(&r->label, label, label_len) != PRECIS_OK)
            nomem = 1;
    }
    if (nomem)
        return -px_error(err, PRECIS_ERR_NOMEM, "out of memory reading %s", r->display);
    if (why)
        return px_reader_reject(r, PRECIS_ERR_FORMAT, where, err, "%s", why);
    const char *text = NULL;
    size_t text_len = 0;
    int rc = build_text(r, &text, &text_len, err);
    if (rc == PRECIS_ERR_LIMIT)
        return px_reader_reject(r, PRECIS_ERR_LIMIT, where, err,
                                "text columns together longer than %zu bytes (max_doc_bytes)",
                                r->opt.max_doc_bytes);
    if (rc != PRECIS_OK)
        return -rc;
    if (px_reader_set_source(r, rec->line) != PRECIS_OK)
        return -px_error(err, PRECIS_ERR_NOMEM, "out of memory reading %s", r->display);
    doc->label = r->opt.multi_label ? r->label_set.data : r->label.data;
    doc->text = text;
    doc->text_len = text_len;
    doc->source = r->source.data;
    return 1;
}

/* Checks a record read whole: 1 with a document, 0 to read on, <0 to fail. */
static int csv_accept(precis_reader *r, const csv_record *rec, precis_document *doc,
                      precis_error *err)
{
    const char *where = px_reader_where(r, rec->line);
    if (rec->unbalanced)
        return px_reader_reject(r, PRECIS_ERR_FORMAT, where, err,
                                "unbalanced quote: a quoted field is still open at the end of "
                                "the input");
    if (is_blank_record(r, rec))
        return 0;
    if (r->csv->header_pending) {
        r->csv->header_pending = 0;
        return 0;
    }
    if (rec->after_quote && !r->csv->warned_after_quote) {
        r->csv->warned_after_quote = 1;
        px_reader_warn(r, where,
                       "text after a closing quote kept as part of the field "
                       "(said once per file)");
    }
    if (rec->too_long)
        return px_reader_reject(r, PRECIS_ERR_LIMIT, where, err,
                                "record longer than %zu bytes (max_doc_bytes)",
                                r->opt.max_doc_bytes);
    if (rec->n_columns > PRECIS_CSV_MAX_COLUMNS)
        return px_reader_reject(r, PRECIS_ERR_LIMIT, where, err,
                                "more than %d columns in one record", PRECIS_CSV_MAX_COLUMNS);
    if (rec->n_columns < (size_t)r->csv->n_needed)
        return px_reader_reject(r, PRECIS_ERR_FORMAT, where, err,
                                "too few columns: %zu, where column %d is needed",
                                rec->n_columns, r->csv->n_needed);
    return csv_document(r, rec, doc, err);
}

static int csv_next(precis_reader *r, precis_document *doc, precis_error *err)
{
    for (;;) {
        csv_record rec;
        int rc = read_record(r, &rec);
        if (rc < 0 || r->in.read_errno)
            return px_reader_read_failed(r, rc, err);
        if (rc == 0)
            return 0;
        rc = csv_accept(r, &rec, doc, err);
        if (rc != 0)
            return rc;
    }
}

/* A file of ';'-separated values (as spreadsheets write them where the comma
 * is the decimal mark) read with ',' is one column per record: every record
 * would be rejected or mislabeled. Its first line says so at once: no
 * delimiter outside quotes, but semicolons (or TABs, or '|'). */
static int check_delimiter(precis_reader *r, precis_error *err)
{
    const char *line;
    size_t n = px_input_sniff_line(&r->in, &line);
    if (!line || r->csv->n_needed < 2) /* one column needs no delimiter */
        return PRECIS_OK;
    static const char others[] = {';', '\t', '|'};
    size_t seen[3] = {0}, delims = 0;
    int quoted = 0;
    for (size_t i = 0; i < n; i++) {
        if (line[i] == '"')
            quoted = !quoted;
        else if (!quoted && line[i] == r->csv->delim)
            delims++;
        for (size_t k = 0; !quoted && k < 3; k++)
            seen[k] += line[i] == others[k] && others[k] != r->csv->delim;
    }
    for (size_t k = 0; delims == 0 && k < 3; k++)
        if (seen[k])
            return px_error(err, PRECIS_ERR_FORMAT,
                            "%s:1: no '%c' in the first line, but %zu '%s': add --csv-delimiter "
                            "'%s'",
                            r->display, r->csv->delim, seen[k],
                            others[k] == '\t' ? "TAB" : (const char[]){others[k], 0},
                            others[k] == '\t' ? "\\t" : (const char[]){others[k], 0});
    return PRECIS_OK;
}

int px_csv_start(precis_reader *r, precis_error *err)
{
    const precis_reader_options *o = &r->opt;
    int n = o->csv_label_column;
    for (int i = 0; i < o->csv_n_text_columns; i++)
        if (o->csv_text_columns[i] > n)
            n = o->csv_text_columns[i];
    px_csv *c = px_calloc(1, sizeof *c);
    if (c)
        c->spans = px_calloc((size_t)n, sizeof *c->spans);
    if (!c || !c->spans) {
        px_free(c);
        return px_error(err, PRECIS_ERR_NOMEM, "out of memory opening %s", r->display);
    }
    c->n_needed = n;
    c->header_pending = o->csv_header;
    c->delim = o->csv_delimiter ? o->csv_delimiter : ',';
    r->csv = c;
    r->next = csv_next;
    return check_delimiter(r, err);
}

void px_csv_free(px_csv *c)
{
    if (!c)
        return;
    px_free(c->spans);
    px_free(c);
}
