/*
 * corpus_lines.c — the formats with one record per line: TSV (label<TAB>text),
 * fastText (__label__X text) and JSONL, read through corpus/input.c.
 *
 * Invariants
 *  - Input is read in PX_CHUNK_BYTES chunks, never whole: a file of any size
 *    streams through. A line is kept only while it fits opt.max_doc_bytes;
 *    past that its bytes are dropped as they are read, the record is skipped
 *    (or fails, when strict) and reading resumes on the next line. So the line
 *    buffer never grows past max_doc_bytes + 1.
 *  - Line ends are LF, CRLF or a lone CR (old Mac files, and some
 *    spreadsheet exports: read otherwise, every record would become one
 *    document with the next lines' labels in its text). Lines holding
 *    only blanks (space, TAB, CR) are ignored. NUL bytes are ordinary bytes:
 *    lengths, never strlen, say where text ends.
 *  - A UTF-8 byte-order mark at the start of the input is dropped, so it never
 *    ends up glued to the first label. A UTF-16 one is refused with a message
 *    (records are split on bytes that UTF-16 does not keep whole).
 *  - fastText: leading __label__ tokens are labels; the first is the
 *    document's, the others are ignored (one warning per file). A __label__
 *    token after the text has begun is text.
 *  - JSONL: "label" may be a string or a number (written as its shortest
 *    round-trip decimal text); "text" must be a string and may hold \u0000.
 *  - Multi-label (opt.multi_label): TSV's label field is split at the label
 *    separator; every leading fastText __label__ is a label; JSONL's
 *    "labels" is a non-empty array of strings (or numbers), else "label" is
 *    the one label. The list goes through px_labels_* (corpus.c).
 */
#include "corpus/corpus.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/alloc.h"
#include "base/error.h"

/* The first LF or CR in [p, p + n), or NULL. */
static const unsigned char *line_end(const unsigned char *p, size_t n)
{
    const unsigned char *nl = memchr(p, '\n', n);
    const unsigned char *cr = memchr(p, '\r', nl ? (size_t)(nl - p) : n);
    return cr ? cr : nl;
}

/* After a CR that ended a line: the LF of a CRLF, if it follows, is part of
 * the same line end. */
static void skip_lf_after_cr(px_input *in)
{
    if (px_input_fill(in) && in->chunk[in->pos] == '\n') {
        in->pos++;
        in->offset++;
    }
}

static int read_line(px_input *in, px_buf *line, size_t limit, int *too_long)
{
    line->len = 0;
    *too_long = 0;
    if (px_buf_grow_bounded(line, 0, limit) != PRECIS_OK)
        return -PRECIS_ERR_NOMEM;
    line->data[0] = '\0';
    int got = 0;
    while (px_input_fill(in)) {
        got = 1;
        const unsigned char *start = in->chunk + in->pos;
        size_t avail = in->len - in->pos;
        const unsigned char *nl = line_end(start, avail);
        size_t take = nl ? (size_t)(nl - start) : avail;
        if (!*too_long && take > limit - line->len)
            *too_long = 1;
        if (!*too_long) {
            if (px_buf_grow_bounded(line, line->len + take, limit) != PRECIS_OK)
                return -PRECIS_ERR_NOMEM;
            memcpy(line->data + line->len, start, take);
            line->len += take;
            line->data[line->len] = '\0';
        }
        size_t used = take + (nl ? 1 : 0);
        in->pos += used;
        in->offset += used;
        if (nl) {
            in->line++;
            if (*nl == '\r')
                skip_lf_after_cr(in);
            return 1;
        }
    }
    return got;
}

/* ---------------------------------------------------------------- records */

/* Where a record starts, for its messages. */
typedef struct record_pos {
    unsigned long line;
    unsigned long long byte;
} record_pos;

static int emit(precis_reader *r, precis_document *doc, const char *label, const char *text,
                size_t text_len, record_pos at, precis_error *err)
{
    if (px_reader_set_source(r, at.line) != PRECIS_OK)
        return -px_error(err, PRECIS_ERR_NOMEM, "out of memory reading %s", r->display);
    doc->label = label;
    doc->text = text;
    doc->text_len = text_len;
    doc->source = r->source.data;
    return 1;
}

static int reject_label(precis_reader *r, const char *why, record_pos at, precis_error *err)
{
    return px_reader_reject(r, PRECIS_ERR_FORMAT, px_reader_where(r, at.line), err, "%s", why);
}

static int out_of_memory(precis_reader *r, precis_error *err)
{
    return -px_error(err, PRECIS_ERR_NOMEM, "out of memory reading %s", r->display);
}

/* A multi-label record's end, once its labels were added (why: the first
 * bad one): the list finished into doc, then the record emitted or refused. */
static int emit_labels(precis_reader *r, precis_document *doc, const char *why, int nomem,
                       const char *text, size_t text_len, record_pos at, precis_error *err)
{
    if (!why && !nomem)
        why = px_labels_finish(r, doc, &nomem);
    if (nomem)
        return out_of_memory(r, err);
    if (why)
        return reject_label(r, why, at, err);
    return emit(r, doc, doc->label, text, text_len, at, err);
}

/* A multi-label TSV record: the label field split at the separator. */
static int tsv_multi_record(precis_reader *r, precis_document *doc, char *tab, record_pos at,
                            precis_error *err)
{
    int nomem = 0;
    px_labels_start(r);
    const char *why = px_labels_add_field(r, r->line.data, (size_t)(tab - r->line.data), &nomem);
    char *text = tab + 1;
    return emit_labels(r, doc, why, nomem, text, r->line.len - (size_t)(text - r->line.data), at,
                       err);
}

static int tsv_record(precis_reader *r, precis_document *doc, record_pos at, precis_error *err)
{
    char *s = r->line.data;
    char *tab = memchr(s, '\t', r->line.len);
    if (!tab)
        return px_reader_reject(r, PRECIS_ERR_FORMAT, px_reader_where(r, at.line), err,
                                "no TAB between label and text");
    if (r->opt.multi_label)
        return tsv_multi_record(r, doc, tab, at, err);
    const char *label = s;
    size_t label_len = (size_t)(tab - s);
    const char *why = px_label_clean(&label, &label_len);
    if (why)
        return reject_label(r, why, at, err);
    ((char *)label)[label_len] = '\0'; /* at or before the TAB */
    char *text = tab + 1;
    return emit(r, doc, label, text, r->line.len - (size_t)(text - s), at, err);
}

static int is_ft_space(char c)
{
    return c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == '\r';
}

static const char FT_PREFIX[] = "__label__";
#define FT_PREFIX_LEN (sizeof FT_PREFIX - 1)

static int is_ft_label(const char *p, const char *end)
{
    return (size_t)(end - p) >= FT_PREFIX_LEN && memcmp(p, FT_PREFIX, FT_PREFIX_LEN) == 0;
}

static char *skip_ft_space(char *p, const char *end)
{
    while (p < end && is_ft_space(*p))
        p++;
    return p;
}

static char *ft_token_end(char *p, const char *end)
{
    while (p < end && !is_ft_space(*p))
        p++;
    return p;
}

/* A multi-label fastText record: every leading __label__ token. */
static int fasttext_multi_record(precis_reader *r, precis_document *doc, char *p, record_pos at,
                                 precis_error *err)
{
    char *end = r->line.data + r->line.len;
    int nomem = 0;
    const char *why = NULL;
    px_labels_start(r);
    while (!why && !nomem && is_ft_label(p, end)) {
        char *label_end = ft_token_end(p, end);
        why = px_labels_add(r, p + FT_PREFIX_LEN, (size_t)(label_end - p) - FT_PREFIX_LEN, &nomem);
        p = skip_ft_space(label_end, end);
    }
    return emit_labels(r, doc, why, nomem, p, (size_t)(end - p), at, err);
}

static int fasttext_record(precis_reader *r, precis_document *doc, record_pos at,
                           precis_error *err)
{
    char *end = r->line.data + r->line.len;
    char *p = skip_ft_space(r->line.data, end);
    if (!is_ft_label(p, end))
        return px_reader_reject(r, PRECIS_ERR_FORMAT, px_reader_where(r, at.line), err,
                                "no __label__ prefix");
    if (r->opt.multi_label)
        return fasttext_multi_record(r, doc, p, at, err);
    char *label_end = ft_token_end(p, end);
    const char *label = p + FT_PREFIX_LEN;
    size_t label_len = (size_t)(label_end - label);
    const char *why = px_label_clean(&label, &label_len);
    if (why)
        return reject_label(r, why, at, err);
    char *text = skip_ft_space(label_end, end);
    while (is_ft_label(text, end)) {
        if (!r->warned_extra_labels) {
            r->warned_extra_labels = 1;
            px_reader_warn(r, px_reader_where(r, at.line),
                           "extra labels ignored: the first label of each line is kept "
                           "(said once per file)");
        }
        text = skip_ft_space(ft_token_end(text, end), end);
    }
    ((char *)label)[label_len] = '\0'; /* over the blank that ended the label */
    return emit(r, doc, label, text, (size_t)(end - text), at, err);
}

/* A number's shortest decimal text that reads back as the same double. */
static void real_to_text(double v, char *out, size_t size)
{
    for (int digits = 1; digits <= 17; digits++) {
        snprintf(out, size, "%.*g", digits, v);
        if (strtod(out, NULL) == v)
            return;
    }
}

/* A JSON string or number as label text (num: scratch for a number's
 * digits); NULL if it is neither. */
static const char *json_scalar_text(json_t *value, char num[64], size_t *len)
{
    if (json_is_string(value)) {
        *len = json_string_length(value);
        return json_string_value(value);
    }
    if (json_is_integer(value)) {
        *len = (size_t)snprintf(num, 64, "%" JSON_INTEGER_FORMAT, json_integer_value(value));
        return num;
    }
    if (json_is_real(value)) {
        real_to_text(json_real_value(value), num, 64);
        *len = strlen(num);
        return num;
    }
    return NULL;
}

/* A multi-label record's "labels" array (or its single "label") into the
 * label list; NULL if fine, else why not (why_buf holds it when it names an
 * element). */
static const char *json_label_list(precis_reader *r, json_t *root, precis_document *doc,
                                   char *why_buf, size_t why_size, int *nomem)
{
    json_t *list = json_object_get(root, "labels");
    json_t *one = json_object_get(root, "label");
    char num[64];
    size_t n;
    px_labels_start(r);
    if (!list) {
        if (!one)
            return "no \"labels\" nor \"label\" field";
        const char *s = json_scalar_text(one, num, &n);
        if (!s)
            return "\"label\" is neither a string nor a number";
        const char *why = px_labels_add(r, s, n, nomem);
        return why || *nomem ? why : px_labels_finish(r, doc, nomem);
    }
    if (!json_is_array(list))
        return "\"labels\" is not a list";
    if (json_array_size(list) == 0)
        return "\"labels\" is an empty list: a record needs at least one label";
    size_t i;
    json_t *item;
    json_array_foreach(list, i, item) {
        const char *s = json_scalar_text(item, num, &n);
        const char *why = s ? px_labels_add(r, s, n, nomem)
                            : "is neither a string nor a number";
        if (*nomem)
            return NULL;
        if (why) {
            snprintf(why_buf, why_size, "\"labels\" item %zu of %zu: %s", i + 1,
                     json_array_size(list), why);
            return why_buf;
        }
    }
    return px_labels_finish(r, doc, nomem);
}

/* The JSON label as text into r->label; NULL if fine, else why not. */
static const char *json_label_text(precis_reader *r, json_t *value, int *nomem)
{
    char num[64];
    const char *s;
    size_t n;
    if (!value)
        return "no \"label\" field";
    if (json_is_string(value)) {
        s = json_string_value(value);
        n = json_string_length(value);
    } else if (json_is_integer(value)) {
        n = (size_t)snprintf(num, sizeof num, "%" JSON_INTEGER_FORMAT, json_integer_value(value));
        s = num;
    } else if (json_is_real(value)) {
        real_to_text(json_real_value(value), num, sizeof num);
        s = num;
        n = strlen(num);
    } else {
        return "\"label\" is neither a string nor a number";
    }
    const char *why = px_label_clean(&s, &n);
    if (why)
        return why;
    r->label.len = 0;
    if (px_buf_append(&r->label, s, n) != PRECIS_OK)
        *nomem = 1;
    return NULL;
}

static const char *json_text(precis_reader *r, json_t *value, int *nomem)
{
    if (!value)
        return "no \"text\" field";
    if (!json_is_string(value))
        return "\"text\" is not a string";
    r->text.len = 0;
    if (px_buf_append(&r->text, json_string_value(value), json_string_length(value)) !=
        PRECIS_OK)
        *nomem = 1;
    return NULL;
}

static int jsonl_record(precis_reader *r, precis_document *doc, record_pos at,
                        precis_error *err)
{
    json_error_t jerr;
    json_t *root = json_loadb(r->line.data, r->line.len, JSON_ALLOW_NUL, &jerr);
    if (!root) {
        unsigned long long byte = at.byte + (jerr.position > 0 ? (size_t)jerr.position : 0);
        return px_reader_reject(r, PRECIS_ERR_FORMAT, px_reader_where_byte(r, at.line, byte),
                                err, "not JSON: %s", jerr.text);
    }
    int nomem = 0;
    const char *why = NULL;
    char why_buf[160];
    if (!json_is_object(root))
        why = "not a JSON object";
    if (!why && r->opt.multi_label)
        why = json_label_list(r, root, doc, why_buf, sizeof why_buf, &nomem);
    else if (!why)
        why = json_label_text(r, json_object_get(root, "label"), &nomem);
    if (!why && !nomem)
        why = json_text(r, json_object_get(root, "text"), &nomem);
    json_decref(root);
    if (nomem)
        return out_of_memory(r, err);
    if (why)
        return px_reader_reject(r, PRECIS_ERR_FORMAT, px_reader_where(r, at.line), err, "%s",
                                why);
    return emit(r, doc, r->opt.multi_label ? doc->label : r->label.data, r->text.data,
                r->text.len, at, err);
}

/* ---------------------------------------------------------------- the loop */

typedef int (*record_fn)(precis_reader *r, precis_document *doc, record_pos at,
                         precis_error *err);

static record_fn record_parser(precis_format f)
{
    switch (f) {
    case PRECIS_FORMAT_TSV: return tsv_record;
    case PRECIS_FORMAT_FASTTEXT: return fasttext_record;
    default: return jsonl_record;
    }
}

static int lines_next(precis_reader *r, precis_document *doc, precis_error *err)
{
    record_fn parse = record_parser(r->format);
    for (;;) {
        record_pos at = {r->in.line, r->in.offset};
        if (px_reader_shared(r) && at.byte >= r->share_end)
            return 0; /* the next share's records */
        int too_long;
        int rc = read_line(&r->in, &r->line, r->opt.max_doc_bytes, &too_long);
        if (rc < 0 || r->in.read_errno)
            return px_reader_read_failed(r, rc, err);
        if (rc == 0)
            return 0;
        if (too_long) {
            rc = px_reader_reject(r, PRECIS_ERR_LIMIT, px_reader_where(r, at.line), err,
                                  "record longer than %zu bytes (max_doc_bytes)",
                                  r->opt.max_doc_bytes);
            if (rc < 0)
                return rc;
            continue;
        }
        if (r->line.len && r->line.data[r->line.len - 1] == '\r')
            r->line.data[--r->line.len] = '\0';
        if (px_blank_line(r->line.data, r->line.len))
            continue;
        rc = parse(r, doc, at, err);
        if (rc != 0)
            return rc;
    }
}

/* One byte passed over (-2 at the end), lines counted as read_line counts
 * them: a CR, an LF, or a CR LF pair ends one. */
static int skip_byte(px_input *in, int prev)
{
    int c = px_input_getc(in); /* counts every LF */
    if (c == '\r')
        in->line++;
    else if (c == '\n' && prev == '\r')
        in->line--;
    return c < 0 ? -2 : c;
}

/* Reading share s of n: bytes [first, end) of the file, each end moved to
 * the next record start (a record belongs to the share its first byte lies
 * in). The bytes before are read through, not parsed, so that line numbers
 * in messages stay those of the whole file. */
static int start_share(precis_reader *r, precis_error *err)
{
    struct stat st;
    if (fstat(fileno(r->in.fp), &st) != 0 || !S_ISREG(st.st_mode))
        return px_error(err, PRECIS_ERR_ARG, "%s: only a regular file can be read in shares",
                        r->display);
    unsigned long long first;
    px_share_range((unsigned long long)st.st_size, r->opt.share, r->opt.n_shares, &first,
                   &r->share_end);
    int prev = -1;
    while (r->in.offset < first && prev != -2)
        prev = skip_byte(&r->in, prev);
    /* on a record start once the byte before ended a line (LF, or a CR not
     * followed by LF) */
    while (r->in.offset > 0 && prev >= 0 && prev != '\n' &&
           !(prev == '\r' && px_input_peekc(&r->in) != '\n'))
        prev = skip_byte(&r->in, prev);
    if (r->in.read_errno)
        return px_error(err, PRECIS_ERR_IO, "%s: %s", r->display, strerror(r->in.read_errno));
    return PRECIS_OK;
}

int px_lines_start(precis_reader *r, precis_error *err)
{
    r->next = lines_next;
    return px_reader_shared(r) ? start_share(r, err) : PRECIS_OK;
}
