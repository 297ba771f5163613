/*
 * options.c — options by name, parsed strictly, for the front ends.
 *
 * One place turns "--min-df 0.5" or "--ngram 1-2" into option structs and
 * says exactly what is wrong with a bad value, so both tools accept the same
 * spellings and `-c abc` can never silently become 0.
 */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

int cli_parse_double(const char *s, double *out)
{
    if (!s || !*s)
        return -1;
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (*end || errno == ERANGE || !isfinite(v))
        return -1;
    *out = v;
    return 0;
}

int cli_parse_size(const char *s, size_t *out)
{
    if (!s || *s < '0' || *s > '9')
        return -1;
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (*end || errno == ERANGE || v > SIZE_MAX)
        return -1;
    *out = (size_t)v;
    return 0;
}

static int parse_flag(const char *s, int *out)
{
    if (!s || !strcmp(s, "yes") || !strcmp(s, "1") || !strcmp(s, "true")) {
        *out = 1;
        return 0;
    }
    if (!strcmp(s, "no") || !strcmp(s, "0") || !strcmp(s, "false")) {
        *out = 0;
        return 0;
    }
    return -1;
}

static int parse_int_range(const char *s, long lo, long hi, int *out)
{
    size_t v;
    if (cli_parse_size(s, &v) || (long long)v < lo || v > (size_t)hi)
        return -1;
    *out = (int)v;
    return 0;
}

/* "64M" -> 64 << 20. */
static int parse_bytes(const char *s, size_t *out)
{
    char num[32];
    size_t n = s ? strlen(s) : 0;
    if (n == 0 || n >= sizeof num)
        return -1;
    memcpy(num, s, n + 1);
    unsigned shift = 0;
    switch (num[n - 1]) {
    case 'K': case 'k': shift = 10; break;
    case 'M': case 'm': shift = 20; break;
    case 'G': case 'g': shift = 30; break;
    default: break;
    }
    if (shift)
        num[n - 1] = '\0';
    size_t v;
    if (cli_parse_size(num, &v) || v == 0 || v > (SIZE_MAX >> shift))
        return -1;
    *out = v << shift;
    return 0;
}

static int parse_columns(const char *s, precis_reader_options *o)
{
    int n = 0;
    const char *p = s;
    while (p && *p) {
        char buf[16];
        size_t len = strcspn(p, ",");
        if (len == 0 || len >= sizeof buf || n == PRECIS_MAX_TEXT_COLUMNS)
            return -1;
        memcpy(buf, p, len);
        buf[len] = '\0';
        if (parse_int_range(buf, 1, 100000, &o->csv_text_columns[n]))
            return -1;
        n++;
        p += len;
        if (*p == ',' && !*++p)
            return -1;
    }
    if (n == 0)
        return -1;
    o->csv_n_text_columns = n;
    return 0;
}

static int bad(precis_error *err, const char *name, const char *value, const char *want)
{
    return cli_error(err, PRECIS_ERR_ARG, "--%s: '%s' is not valid (expected %s)", name,
                    value ? value : "", want);
}

int cli_reader_options_set(precis_reader_options *o, const char *name, const char *value,
                              precis_error *err)
{
    if (!strcmp(name, "input-format")) {
        int f = precis_format_parse(value ? value : "");
        if (f < 0)
            return bad(err, name, value, "auto, dir, tsv, csv, fasttext or jsonl");
        o->format = (precis_format)f;
    } else if (!strcmp(name, "label-column")) {
        if (parse_int_range(value, 1, 100000, &o->csv_label_column))
            return bad(err, name, value, "a column number from 1");
    } else if (!strcmp(name, "text-columns")) {
        if (parse_columns(value, o))
            return bad(err, name, value, "column numbers from 1, separated by commas");
    } else if (!strcmp(name, "csv-header")) {
        if (parse_flag(value, &o->csv_header))
            return bad(err, name, value, "yes or no");
    } else if (!strcmp(name, "csv-delimiter")) {
        if (!value || !(strcmp(value, ",") == 0 || strcmp(value, ";") == 0 ||
                        strcmp(value, "|") == 0 || strcmp(value, "\t") == 0 ||
                        strcmp(value, "\\t") == 0 || strcmp(value, "tab") == 0))
            return bad(err, name, value, "',', ';', '|' or '\\t' (TAB)");
        o->csv_delimiter = value[0] == '\\' || value[0] == 't' ? '\t' : value[0];
    } else if (!strcmp(name, "strict")) {
        if (parse_flag(value, &o->strict))
            return bad(err, name, value, "yes or no");
    } else if (!strcmp(name, "max-doc-bytes")) {
        if (parse_bytes(value, &o->max_doc_bytes))
            return bad(err, name, value, "a positive size such as 65536, 512K or 64M");
    } else {
        return cli_error(err, PRECIS_ERR_ARG, "unknown reader option --%s", name);
    }
    return PRECIS_OK;
}

static int parse_df(const char *s, precis_df_bound *b)
{
    double v;
    if (cli_parse_double(s, &v) || v < 0)
        return -1;
    b->is_proportion = strpbrk(s, ".eE") != NULL;
    if ((b->is_proportion && v > 1.0) || (!b->is_proportion && v != floor(v)))
        return -1;
    b->value = v;
    return 0;
}

static int parse_ngram(const char *s, precis_feature_options *o)
{
    char lo[16], hi[16];
    const char *dash = s ? strchr(s, '-') : NULL;
    if (!s || strlen(s) >= sizeof lo)
        return -1;
    if (!dash) {
        if (parse_int_range(s, 1, PRECIS_MAX_NGRAM, &o->ngram_min))
            return -1;
        o->ngram_max = o->ngram_min;
        return 0;
    }
    size_t n = (size_t)(dash - s);
    memcpy(lo, s, n);
    lo[n] = '\0';
    strcpy(hi, dash + 1);
    int a, b;
    if (parse_int_range(lo, 1, PRECIS_MAX_NGRAM, &a) || parse_int_range(hi, 1, PRECIS_MAX_NGRAM, &b) || b < a)
        return -1;
    o->ngram_min = a;
    o->ngram_max = b;
    return 0;
}

int cli_feature_options_set(precis_feature_options *o, const char *name, const char *value,
                               precis_error *err)
{
    if (!strcmp(name, "ngram")) {
        if (parse_ngram(value, o))
            return bad(err, name, value, "N or MIN-MAX with 1 <= MIN <= MAX <= 5");
    } else if (!strcmp(name, "min-df") || !strcmp(name, "max-df")) {
        precis_df_bound *b = name[1] == 'i' ? &o->min_df : &o->max_df;
        if (parse_df(value, b))
            return bad(err, name, value, "a document count such as 2, or a proportion such as 0.5");
    } else if (!strcmp(name, "max-features")) {
        if (cli_parse_size(value, &o->max_features))
            return bad(err, name, value, "a number of terms, 0 for no limit");
    } else if (!strcmp(name, "sublinear-tf")) {
        if (parse_flag(value, &o->sublinear_tf))
            return bad(err, name, value, "yes or no");
    } else if (!strcmp(name, "single-char-tokens")) {
        if (parse_flag(value, &o->single_char_tokens))
            return bad(err, name, value, "yes or no");
    } else if (!strcmp(name, "stop-words")) {
        if (value && !strcmp(value, "english"))
            o->stop_words = 1;
        else if (value && !strcmp(value, "none"))
            o->stop_words = 0;
        else
            return bad(err, name, value, "english or none");
    } else {
        return cli_error(err, PRECIS_ERR_ARG, "unknown feature option --%s", name);
    }
    return PRECIS_OK;
}

int cli_logreg_params_set(precis_logreg_params *p, const char *name, const char *value,
                             precis_error *err)
{
    double v;
    if (!strcmp(name, "C")) {
        if (cli_parse_double(value, &v) || !(v >= PRECIS_C_MIN && v <= PRECIS_C_MAX))
            return bad(err, name, value, "a number from 1e-8 to 1e6 (the range the solver "
                       "handles) such as 10");
        p->C = v;
    } else if (!strcmp(name, "tol")) {
        if (cli_parse_double(value, &v) || !(v > 0) || v >= 1)
            return bad(err, name, value, "a number in (0, 1) such as 1e-4");
        p->tol = v;
    } else if (!strcmp(name, "max-iter")) {
        if (parse_int_range(value, 1, 1000000, &p->max_iter))
            return bad(err, name, value, "a whole number from 1 to 1000000");
    } else if (!strcmp(name, "threads")) {
        if (parse_int_range(value, 0, 1024, &p->n_threads))
            return bad(err, name, value, "a whole number from 0 (all cores) to 1024");
    } else if (!strcmp(name, "class-weight")) {
        if (value && !strcmp(value, "balanced"))
            p->class_weight_balanced = 1;
        else if (value && !strcmp(value, "none"))
            p->class_weight_balanced = 0;
        else
            return bad(err, name, value, "balanced or none");
    } else {
        return cli_error(err, PRECIS_ERR_ARG, "unknown classifier option --%s", name);
    }
    return PRECIS_OK;
}
