/*
 * corpus.c — the corpus reader's public face: options, format names, format
 * detection, and the rules every format shares.
 *
 * Shared rules (the per-format files rely on them):
 *  - A record that cannot be used is rejected through px_reader_reject: with
 *    opt.strict the reader fails with "file:line: why"; otherwise the caller's
 *    warn function hears "file:line" / "why; record skipped" and the skip is
 *    counted. The warn function is not called for a record that fails strict
 *    mode: the message is in err instead.
 *  - Labels lose surrounding ASCII whitespace; an empty label, or one holding a
 *    NUL byte (labels are C strings), makes the record malformed.
 *  - Multi-label records (opt.multi_label) gather their labels through
 *    px_labels_*: each is cleaned as a single label, must hold no TAB, CR or
 *    LF (the set is handed on TAB-joined, so such a label would split into
 *    two), and a record holds 1 .. PRECIS_MAX_RECORD_LABELS of them.
 *  - opt.max_doc_bytes of 0 means the default (PRECIS_DEFAULT_MAX_DOC_BYTES);
 *    values above SIZE_MAX / 4 are lowered to it, so buffer sizes computed
 *    from the limit cannot overflow.
 *
 * Detection (PRECIS_FORMAT_AUTO): a directory is DIR; else the extension
 * decides (.tsv, .csv, .jsonl/.ndjson/.json, .ft/.fasttext, any case); else the
 * first non-blank line is sniffed: "__label__" first -> fastText, '{' first ->
 * JSONL, a TAB anywhere in it -> TSV. Only the first 64 KiB are sniffed.
 */
#include "corpus/corpus.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "base/alloc.h"
#include "base/error.h"

static const char *const format_names[] = {"auto", "dir", "tsv", "csv", "fasttext", "jsonl",
                                            "files"};
#define N_FORMATS (sizeof format_names / sizeof format_names[0])

void precis_reader_options_default(precis_reader_options *opt)
{
    memset(opt, 0, sizeof *opt);
    opt->format = PRECIS_FORMAT_AUTO;
    opt->csv_label_column = 1;
    opt->csv_text_columns[0] = 2;
    opt->csv_n_text_columns = 1;
    opt->max_doc_bytes = PRECIS_DEFAULT_MAX_DOC_BYTES;
}

const char *precis_format_name(precis_format f)
{
    if ((unsigned)f < N_FORMATS)
        return format_names[f];
    return "unknown";
}

int precis_format_parse(const char *name)
{
    if (!name)
        return -1;
    for (size_t i = 0; i < N_FORMATS; i++)
        if (strcasecmp(name, format_names[i]) == 0)
            return (int)i;
    return -1;
}

/* ---------------------------------------------------------------- shared rules */

const char *px_reader_where(precis_reader *r, unsigned long line)
{
    if (line)
        snprintf(r->where, sizeof r->where, "%s:%lu", r->display, line);
    else
        snprintf(r->where, sizeof r->where, "%s", r->display);
    return r->where;
}

const char *px_reader_where_byte(precis_reader *r, unsigned long line, unsigned long long byte)
{
    snprintf(r->where, sizeof r->where, "%s:%lu (byte %llu)", r->display, line, byte);
    return r->where;
}

int px_reader_reject(precis_reader *r, int code, const char *where, precis_error *err,
                     const char *fmt, ...)
{
    char why[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, sizeof why, fmt, ap);
    va_end(ap);
    if (r->opt.strict)
        return -px_error(err, code, "%s: %s", where, why);
    r->skipped++;
    px_warn(r->opt.warn, r->opt.warn_ctx, where, "%s; record skipped", why);
    return 0;
}

int px_reader_read_failed(precis_reader *r, int rc, precis_error *err)
{
    if (rc < 0)
        return -px_error(err, -rc, "out of memory reading %s", r->display);
    return -px_error(err, PRECIS_ERR_IO, "%s:%lu: %s", r->display, r->in.line,
                     strerror(r->in.read_errno));
}

void px_reader_warn(precis_reader *r, const char *where, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    px_vwarn(r->opt.warn, r->opt.warn_ctx, where, fmt, ap);
    va_end(ap);
}

static int is_ascii_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

const char *px_label_clean(const char **s, size_t *len)
{
    const char *p = *s;
    size_t n = *len;
    while (n && is_ascii_space(p[0])) {
        p++;
        n--;
    }
    while (n && is_ascii_space(p[n - 1]))
        n--;
    *s = p;
    *len = n;
    if (n == 0)
        return "empty label";
    if (memchr(p, '\0', n))
        return "NUL byte in label";
    if (n > PRECIS_MAX_LABEL_BYTES)
        return "label longer than 1024 bytes";
    return NULL;
}

/* ---------------------------------------------------------------- label lists */

void px_labels_start(precis_reader *r)
{
    r->label.len = 0;
    r->n_label_at = 0;
}

const char *px_labels_add(precis_reader *r, const char *s, size_t len, int *nomem)
{
    const char *why = px_label_clean(&s, &len);
    if (why)
        return why;
    if (memchr(s, '\t', len))
        return "label holds a TAB";
    if (memchr(s, '\n', len) || memchr(s, '\r', len))
        return "label holds a line break";
    if (r->n_label_at == PRECIS_MAX_RECORD_LABELS)
        return "more than 1000 labels on one record (PRECIS_MAX_RECORD_LABELS)";
    if (r->n_label_at == r->label_at_cap) {
        size_t cap = r->label_at_cap ? 2 * r->label_at_cap : 8;
        size_t *grown = px_realloc_array(r->label_at, cap, sizeof *grown);
        if (grown)
            r->label_at = grown;
        const char **ptrs = grown ? px_realloc_array(r->label_ptr, cap, sizeof *ptrs) : NULL;
        if (ptrs)
            r->label_ptr = ptrs;
        if (!ptrs) {
            *nomem = 1;
            return NULL;
        }
        r->label_at_cap = cap;
    }
    r->label_at[r->n_label_at] = r->label.len;
    if (px_buf_append(&r->label, s, len) != PRECIS_OK ||
        px_buf_append(&r->label, "", 1) != PRECIS_OK) { /* keeps each label NUL-terminated */
        *nomem = 1;
        return NULL;
    }
    r->n_label_at++;
    return NULL;
}

const char *px_labels_add_field(precis_reader *r, const char *s, size_t len, int *nomem)
{
    char sep = (char)(r->opt.label_separator ? r->opt.label_separator : ',');
    const char *end = s + len;
    for (;;) {
        const char *cut = memchr(s, sep, (size_t)(end - s));
        const char *why = px_labels_add(r, s, (size_t)((cut ? cut : end) - s), nomem);
        if (why || *nomem || !cut)
            return why;
        s = cut + 1;
    }
}

static int by_label(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

const char *px_labels_finish(precis_reader *r, precis_document *doc, int *nomem)
{
    if (r->n_label_at == 0)
        return "no labels";
    /* The label buffer is complete: its offsets can become pointers. */
    for (size_t i = 0; i < r->n_label_at; i++)
        r->label_ptr[i] = r->label.data + r->label_at[i];
    qsort(r->label_ptr, r->n_label_at, sizeof *r->label_ptr, by_label);
    r->label_set.len = 0;
    size_t n = 0;
    for (size_t i = 0; i < r->n_label_at; i++) {
        const char *l = r->label_ptr[i];
        if (i > 0 && strcmp(l, r->label_ptr[i - 1]) == 0)
            continue; /* a label said twice is one label */
        if ((n > 0 && px_buf_append(&r->label_set, "\t", 1) != PRECIS_OK) ||
            px_buf_append(&r->label_set, l, strlen(l)) != PRECIS_OK) {
            *nomem = 1;
            return NULL;
        }
        n++;
    }
    doc->label = r->label_set.data;
    doc->n_labels = n;
    return NULL;
}

int px_reader_set_source(precis_reader *r, unsigned long line)
{
    char num[32];
    int n = snprintf(num, sizeof num, ":%lu", line);
    r->source.len = 0;
    if (px_buf_append(&r->source, r->display, strlen(r->display)) != PRECIS_OK ||
        px_buf_append(&r->source, num, (size_t)n) != PRECIS_OK)
        return PRECIS_ERR_NOMEM;
    return PRECIS_OK;
}

/* ---------------------------------------------------------------- detection */

static precis_format format_from_extension(const char *path)
{
    static const struct {
        const char *ext;
        precis_format format;
    } table[] = {
        {".tsv", PRECIS_FORMAT_TSV},      {".csv", PRECIS_FORMAT_CSV},
        {".jsonl", PRECIS_FORMAT_JSONL},  {".ndjson", PRECIS_FORMAT_JSONL},
        {".json", PRECIS_FORMAT_JSONL},   {".ft", PRECIS_FORMAT_FASTTEXT},
        {".fasttext", PRECIS_FORMAT_FASTTEXT},
    };
    const char *slash = strrchr(path, '/');
    const char *dot = strrchr(slash ? slash + 1 : path, '.');
    if (!dot)
        return PRECIS_FORMAT_AUTO;
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        if (strcasecmp(dot, table[i].ext) == 0)
            return table[i].format;
    return PRECIS_FORMAT_AUTO;
}

static precis_format format_from_first_line(px_input *in)
{
    const char *line;
    size_t n = px_input_sniff_line(in, &line);
    if (!line)
        return PRECIS_FORMAT_AUTO;
    if (n >= 9 && memcmp(line, "__label__", 9) == 0)
        return PRECIS_FORMAT_FASTTEXT;
    if (line[0] == '{')
        return PRECIS_FORMAT_JSONL;
    if (memchr(line, '\t', n))
        return PRECIS_FORMAT_TSV;
    return PRECIS_FORMAT_AUTO;
}

/* What the path itself says: DIR for a directory, else by extension. */
static int format_from_path(precis_reader *r, precis_error *err)
{
    if (strcmp(r->path, "-") == 0)
        return PRECIS_OK;
    struct stat st;
    if (stat(r->path, &st) != 0)
        return px_error(err, PRECIS_ERR_IO, "%s: %s", r->path, strerror(errno));
    if (S_ISDIR(st.st_mode))
        r->format = PRECIS_FORMAT_DIR;
    else
        r->format = format_from_extension(r->path);
    return PRECIS_OK;
}

static int sniff_format(precis_reader *r, precis_error *err)
{
    r->format = format_from_first_line(&r->in);
    if (r->in.read_errno)
        return px_error(err, PRECIS_ERR_IO, "%s: %s", r->display, strerror(r->in.read_errno));
    if (r->format == PRECIS_FORMAT_AUTO)
        return px_error(err, PRECIS_ERR_FORMAT,
                        "%s: cannot tell the corpus format from its name or its first line "
                        "(no __label__ prefix, no '{', no TAB); name it with --input-format",
                        r->display);
    return PRECIS_OK;
}

static int check_csv_column(int column, const char *what, precis_error *err)
{
    if (column < 1 || column > PX_CSV_MAX_COLUMN)
        return px_error(err, PRECIS_ERR_ARG, "CSV %s column must be between 1 and %d, not %d",
                        what, PX_CSV_MAX_COLUMN, column);
    return PRECIS_OK;
}

static int check_csv_options(const precis_reader_options *o, precis_error *err)
{
    if (o->csv_n_text_columns < 1 || o->csv_n_text_columns > PRECIS_MAX_TEXT_COLUMNS)
        return px_error(err, PRECIS_ERR_ARG, "CSV text columns: between 1 and %d of them",
                        PRECIS_MAX_TEXT_COLUMNS);
    int rc = check_csv_column(o->csv_label_column, "label", err);
    for (int i = 0; rc == PRECIS_OK && i < o->csv_n_text_columns; i++)
        rc = check_csv_column(o->csv_text_columns[i], "text", err);
    return rc;
}

static int start_format(precis_reader *r, precis_error *err)
{
    if (r->format == PRECIS_FORMAT_DIR || r->format == PRECIS_FORMAT_FILES)
        return px_dir_start(r, err);
    int rc = px_input_open(&r->in, r->path, r->display, err);
    if (rc != PRECIS_OK)
        return rc;
    if (r->format == PRECIS_FORMAT_AUTO && (rc = sniff_format(r, err)) != PRECIS_OK)
        return rc;
    if (r->format == PRECIS_FORMAT_CSV)
        return px_csv_start(r, err);
    return px_lines_start(r, err);
}

/* ---------------------------------------------------------------- public API */

/* Shares are cut in a folder's walk or in a line file's bytes; CSV records
 * may hold line breaks, and standard input cannot be read from the middle. */
static int check_share(precis_reader *r, precis_error *err)
{
    if (r->opt.n_shares <= 1)
        return PRECIS_OK;
    if (r->opt.share >= r->opt.n_shares)
        return px_error(err, PRECIS_ERR_ARG, "corpus reader: share %u of %u does not exist",
                        r->opt.share, r->opt.n_shares);
    if (strcmp(r->path, "-") == 0)
        return px_error(err, PRECIS_ERR_ARG,
                        "standard input cannot be read in shares by several processes: "
                        "give a file or a folder");
    if (r->format == PRECIS_FORMAT_CSV)
        return px_error(err, PRECIS_ERR_ARG,
                        "%s: a CSV file cannot be split between processes (a quoted field "
                        "may hold line breaks): convert it to JSON Lines or TSV, or train "
                        "with precis-train", r->display);
    if (r->format == PRECIS_FORMAT_FILES)
        return px_error(err, PRECIS_ERR_ARG, "%s: unlabeled files are not read in shares",
                        r->display);
    return PRECIS_OK;
}

int precis_reader_open(precis_reader **out, const char *path, const precis_reader_options *opt,
                       precis_error *err)
{
    if (!out || !path || !*path)
        return px_error(err, PRECIS_ERR_ARG, "corpus reader: no input path");
    *out = NULL;
    precis_reader *r = px_calloc(1, sizeof *r);
    if (!r)
        return px_error(err, PRECIS_ERR_NOMEM, "out of memory opening %s", path);
    if (opt)
        r->opt = *opt;
    else
        precis_reader_options_default(&r->opt);
    if (r->opt.max_doc_bytes == 0)
        r->opt.max_doc_bytes = PRECIS_DEFAULT_MAX_DOC_BYTES;
    if (r->opt.max_doc_bytes > SIZE_MAX / 4)
        r->opt.max_doc_bytes = SIZE_MAX / 4;
    if (r->opt.csv_n_text_columns == 0) {
        r->opt.csv_text_columns[0] = 2;
        r->opt.csv_n_text_columns = 1;
    }
    r->format = r->opt.format;
    int rc = PRECIS_OK;
    if ((unsigned)r->format >= N_FORMATS)
        rc = px_error(err, PRECIS_ERR_ARG, "corpus reader: unknown format %d", (int)r->format);
    else if ((r->path = px_strdup(path)) == NULL)
        rc = px_error(err, PRECIS_ERR_NOMEM, "out of memory opening %s", path);
    if (rc == PRECIS_OK)
        r->display = strcmp(path, "-") == 0 ? "<stdin>" : r->path;
    if (rc == PRECIS_OK && r->format == PRECIS_FORMAT_AUTO)
        rc = format_from_path(r, err);
    if (rc == PRECIS_OK && r->format == PRECIS_FORMAT_CSV)
        rc = check_csv_options(&r->opt, err);
    if (rc == PRECIS_OK && r->format == PRECIS_FORMAT_DIR && strcmp(path, "-") == 0)
        rc = px_error(err, PRECIS_ERR_ARG, "standard input cannot be a directory corpus");
    if (rc == PRECIS_OK)
        rc = check_share(r, err);
    if (rc == PRECIS_OK)
        rc = start_format(r, err);
    if (rc != PRECIS_OK) {
        precis_reader_free(r);
        return rc;
    }
    *out = r;
    return PRECIS_OK;
}

int precis_reader_next(precis_reader *r, precis_document *doc, precis_error *err)
{
    if (!r || !doc)
        return -px_error(err, PRECIS_ERR_ARG, "corpus reader: no reader or document");
    if (r->failed)
        return -px_error(err, r->failed, "%s: the reader already failed", r->display);
    memset(doc, 0, sizeof *doc);
    int rc = r->next(r, doc, err);
    if (rc < 0)
        r->failed = -rc;
    if (rc == 1 && !r->opt.multi_label)
        doc->n_labels = doc->label != NULL;
    return rc;
}

size_t precis_reader_skipped(const precis_reader *r) { return r ? r->skipped : 0; }

precis_format precis_reader_format(const precis_reader *r)
{
    return r ? r->format : PRECIS_FORMAT_AUTO;
}

void precis_reader_free(precis_reader *r)
{
    if (!r)
        return;
    px_input_close(&r->in);
    px_csv_free(r->csv);
    px_dir_free(r->dir);
    px_buf_free(&r->line);
    px_buf_free(&r->source);
    px_buf_free(&r->label);
    px_buf_free(&r->label_set);
    px_free(r->label_at);
    px_free(r->label_ptr);
    px_buf_free(&r->text);
    px_free(r->path);
    px_free(r);
}
