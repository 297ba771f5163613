/*
 * output.c — one document's label, probabilities, deciding terms and summary,
 * as readable text, as a JSON object per line (jansson), or as TSV.
 *
 * Every string that reaches JSON goes through precis_text_decode first, so
 * the output is valid UTF-8 whatever bytes the input, its file name or the
 * model's labels held.
 */
#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "infer.h"

/* Indices of the k most probable labels, most probable first (ties: the
 * label that sorts first). */
static size_t top_labels(const double *proba, size_t n_labels, size_t k, size_t *idx)
{
    size_t have = 0;
    for (size_t c = 0; c < n_labels; c++) {
        size_t at;
        if (have < k)
            at = have++;
        else if (proba[c] > proba[idx[k - 1]])
            at = k - 1;
        else
            continue;
        while (at > 0 && proba[idx[at - 1]] < proba[c]) {
            idx[at] = idx[at - 1];
            at--;
        }
        idx[at] = c;
    }
    return have;
}

#define MAX_SHOWN 64 /* labels listed at most: --top-k, the uncertain candidates */

/* With --min-probability P and a top probability below P: the likeliest
 * labels that together reach P (at least 2, at most MAX_SHOWN) into idx, so a
 * person routed the article sees what it might be; returns how many. 0: the
 * top label stands. */
static size_t uncertain_candidates(const infer_options *o, const doc_result *r, size_t *idx)
{
    size_t K = precis_model_n_labels(o->model);
    if (!(o->min_probability > 0) || r->proba[r->label] >= o->min_probability || K < 2)
        return 0;
    size_t have = top_labels(r->proba, K, K < MAX_SHOWN ? K : MAX_SHOWN, idx), n = 0;
    double sum = 0;
    while (n < have && (n < 2 || sum < o->min_probability))
        sum += r->proba[idx[n++]];
    return n;
}

static json_t *json_text(const char *s, size_t len)
{
    char *utf8;
    size_t n;
    if (precis_text_decode(s, len, &utf8, &n, NULL) != PRECIS_OK)
        return NULL;
    json_t *j = json_stringn(utf8, n);
    free(utf8);
    return j;
}

static json_t *json_str(const char *s) { return json_text(s, strlen(s)); }

static const char *sentence_text(const precis_article *a, size_t i, size_t *len)
{
    *len = a->sentences[i].len;
    return a->text + a->sentences[i].start;
}

/* Every jansson call is checked: json_real(NaN) and json_stringn of bad
 * bytes return NULL, and json_object_set_new / json_array_append_new fail on
 * a NULL value (releasing what they were given), so one unchecked call used
 * to drop "probability" or leave "summary": [] with exit 0. Returns -1 when
 * the object could not be built whole. */
static int add_classification(json_t *obj, const infer_options *o, const doc_result *r)
{
    size_t K = precis_model_n_labels(o->model), best = r->label;
    size_t idx[MAX_SHOWN], n_cand = uncertain_candidates(o, r, idx);
    json_t *probs = json_object(), *explain = json_array();
    json_t *cand = n_cand ? json_array() : NULL;
    int failed = !probs || !explain || (n_cand && !cand) ||
                 json_object_set_new(obj, "label", json_str(n_cand ? "uncertain"
                                                           : precis_model_label(o->model, best))) ||
                 json_object_set_new(obj, "probability", json_real(r->proba[best]));
    for (size_t i = 0; !failed && i < n_cand; i++)
        failed = json_array_append_new(cand, json_str(precis_model_label(o->model, idx[i]))) != 0;
    if (!failed && cand) {
        failed = json_object_set_new(obj, "candidates", cand) != 0;
        cand = NULL; /* obj has it, or it was released */
    }
    for (size_t c = 0; !failed && c < K; c++) {
        json_t *key = json_str(precis_model_label(o->model, c));
        failed = !key || json_object_set_new(probs, json_string_value(key), json_real(r->proba[c]));
        json_decref(key);
    }
    /* Labels are distinct once decoded (the model refuses others): one per key. */
    failed = failed || json_object_size(probs) != K;
    for (size_t i = 0; !failed && i < r->n_explain; i++)
        failed = json_array_append_new(explain, json_pack("[o, f]", json_str(r->explain[i].term),
                                                          r->explain[i].weight)) != 0;
    json_decref(cand);
    if (failed) {
        json_decref(probs);
        json_decref(explain);
        return -1;
    }
    return json_object_set_new(obj, "probabilities", probs) ||
                   json_object_set_new(obj, "explain", explain)
               ? -1
               : 0;
}

/* A multi-label decision: "labels": [{"label", "probability", "explain"}],
 * most probable first (empty when no label passed its threshold). */
static int add_labels(json_t *obj, const infer_options *o, const doc_result *r)
{
    json_t *list = json_array();
    int failed = !list;
    for (size_t i = 0; !failed && i < r->n_labels; i++) {
        size_t k = r->labels[i];
        json_t *terms = json_array();
        failed = !terms;
        for (size_t t = 0; !failed && t < r->n_label_explain[i]; t++)
            failed = json_array_append_new(terms, json_pack("[o, f]",
                                                            json_str(r->label_explain[i][t].term),
                                                            r->label_explain[i][t].weight)) != 0;
        json_t *one = failed ? NULL
                             : json_pack("{s:o, s:f, s:f, s:O}", "label",
                                         json_str(precis_model_label(o->model, k)), "probability",
                                         r->proba[k], "threshold",
                                         precis_model_threshold(o->model, k), "explain", terms);
        json_decref(terms);
        failed = failed || json_array_append_new(list, one) != 0;
    }
    if (failed) {
        json_decref(list);
        return -1;
    }
    return json_object_set_new(obj, "labels", list) ? -1 : 0;
}

static int add_summary(json_t *obj, const doc_result *r)
{
    json_t *summary = json_array();
    int failed = !summary;
    for (size_t i = 0; !failed && i < r->n_summary; i++) {
        size_t len;
        const char *text = sentence_text(r->article, r->summary[i].index, &len);
        failed = json_array_append_new(
                     summary, json_pack("{s:I, s:o, s:f}", "index", (json_int_t)r->summary[i].index,
                                        "text", json_text(text, len), "score",
                                        r->summary[i].score)) != 0;
    }
    if (failed) {
        json_decref(summary);
        return -1;
    }
    return json_object_set_new(obj, "summary", summary) ? -1 : 0;
}

/* jansson escapes C0 controls only; a C1 control (U+009B, CSI) in a label
 * or a sentence would reach a terminal raw. On a terminal, then, every
 * non-ASCII character is written \uXXXX: the same JSON value, nothing a
 * terminal acts on. Into a file or a pipe, UTF-8 as it is. */
static size_t json_terminal_flags(FILE *out)
{
    return isatty(fileno(out)) ? JSON_ENSURE_ASCII : 0;
}

/* -1: a write failed; -2: the result could not be built (said on stderr). */
static int print_json(const infer_options *o, const doc_result *r, FILE *out)
{
    json_t *obj = json_object();
    int rc = obj && !json_object_set_new(obj, "file", json_str(r->file)) ? 0 : -2;
    if (rc == 0 && r->proba && add_classification(obj, o, r) != 0)
        rc = -2;
    if (rc == 0 && r->proba && precis_model_is_multilabel(o->model) && add_labels(obj, o, r) != 0)
        rc = -2;
    if (rc == 0 && r->article && add_summary(obj, r) != 0)
        rc = -2;
    if (rc == 0)
        rc = json_dumpf(obj, out, JSON_COMPACT | JSON_REAL_PRECISION(6) | json_terminal_flags(out))
                     == 0
                 ? 0
                 : -1;
    json_decref(obj);
    if (rc == 0 && fputc('\n', out) == EOF)
        rc = -1;
    if (rc == -2) {
        fprintf(stderr, PROG ": ");
        cli_put_escaped(r->file, stderr);
        fprintf(stderr, ": cannot write the result as JSON (out of memory, or a number that is "
                        "not finite)\n");
    }
    return rc;
}

/* A sentence on one line (cli_put_prose): tabs and line breaks are layout
 * (a sentence wrapped in its article) and become spaces; control characters,
 * C1 ones included, are escaped, so no sentence can drive the terminal. */
static void put_sentence(const char *s, size_t len, FILE *out) { cli_put_prose(s, len, out); }

/* TSV: the same five columns whatever the options, under a header row
 * (print_tsv_header), so a script can cut -f or read it by name: file,
 * label (of a multi-label model: the labels that pass, joined by its label
 * separator), probability, candidates (with --min-probability, the labels of an
 * uncertain article, '|' between them), summary (its sentences joined by
 * spaces). A column the options leave out (--no-summary, --summary-only) is
 * empty. */
void print_tsv_header(FILE *out) { fputs("file\tlabel\tprobability\tcandidates\tsummary\n", out); }

/* A multi-label decision's labels, joined by the model's label separator. */
static void put_label_list(const infer_options *o, const doc_result *r, FILE *out)
{
    int sep = precis_model_reader_options(o->model)->label_separator;
    for (size_t i = 0; i < r->n_labels; i++) {
        if (i)
            fputc(sep ? sep : ',', out);
        cli_put_escaped(precis_model_label(o->model, r->labels[i]), out);
    }
}

static void print_tsv(const infer_options *o, const doc_result *r, FILE *out)
{
    cli_put_escaped(r->file, out);
    fputc('\t', out);
    size_t idx[MAX_SHOWN], n_cand = 0;
    if (r->proba && precis_model_is_multilabel(o->model)) {
        put_label_list(o, r, out);
        fprintf(out, "\t%.4f", r->proba[r->label]);
    } else if (r->proba) {
        n_cand = uncertain_candidates(o, r, idx);
        cli_put_escaped(n_cand ? "uncertain" : precis_model_label(o->model, r->label), out);
        fprintf(out, "\t%.4f", r->proba[r->label]);
    } else {
        fputc('\t', out);
    }
    fputc('\t', out);
    for (size_t i = 0; i < n_cand; i++) {
        if (i)
            fputc('|', out);
        cli_put_escaped(precis_model_label(o->model, idx[i]), out);
    }
    fputc('\t', out);
    for (size_t i = 0; r->article && i < r->n_summary; i++) {
        size_t len;
        const char *text = sentence_text(r->article, r->summary[i].index, &len);
        if (i)
            fputc(' ', out);
        put_sentence(text, len, out);
    }
    fputc('\n', out);
}

/* "label: uncertain (top 0.412 < 0.6)   candidates: a 0.412, b 0.301" */
static void print_text_uncertain(const infer_options *o, const doc_result *r, const size_t *idx,
                                 size_t n, FILE *out)
{
    fprintf(out, "  label: uncertain (top %.3f < %g)   candidates: ", r->proba[r->label],
            o->min_probability);
    for (size_t i = 0; i < n; i++) {
        fputs(i ? ", " : "", out);
        cli_put_escaped(precis_model_label(o->model, idx[i]), out);
        fprintf(out, " %.3f", r->proba[idx[i]]);
    }
    fputc('\n', out);
}

/* "labels: a (0.91), b (0.62)" and a "because of a: t (0.3), ..." line per label. */
static void print_text_labels(const infer_options *o, const doc_result *r, FILE *out)
{
    fputs("  labels:", out);
    for (size_t i = 0; i < r->n_labels; i++) {
        fputs(i ? ", " : " ", out);
        cli_put_escaped(precis_model_label(o->model, r->labels[i]), out);
        fprintf(out, " (%.3f)", r->proba[r->labels[i]]);
    }
    if (r->n_labels == 0) {
        fputs(" none over its threshold; most probable ", out);
        cli_put_escaped(precis_model_label(o->model, r->label), out);
        fprintf(out, " (%.3f < %.3f)", r->proba[r->label],
                precis_model_threshold(o->model, r->label));
    }
    fputc('\n', out);
    for (size_t i = 0; i < r->n_labels; i++) {
        if (!r->n_label_explain[i])
            continue;
        fputs("  because of ", out);
        cli_put_escaped(precis_model_label(o->model, r->labels[i]), out);
        fputc(':', out);
        for (size_t t = 0; t < r->n_label_explain[i]; t++) {
            fputs(t ? ", " : " ", out);
            cli_put_escaped(r->label_explain[i][t].term, out);
            fprintf(out, " (%.3f)", r->label_explain[i][t].weight);
        }
        fputc('\n', out);
    }
}

/* "label: a (0.91)   next: b 0.05, c 0.02" and "because of: t (0.3), ..." */
static void print_text_classification(const infer_options *o, const doc_result *r, FILE *out)
{
    if (precis_model_is_multilabel(o->model)) {
        print_text_labels(o, r, out);
        return;
    }
    size_t K = precis_model_n_labels(o->model);
    size_t k = o->top_k < K ? o->top_k : K;
    size_t idx[MAX_SHOWN] = {0}, n_cand = uncertain_candidates(o, r, idx);
    if (n_cand) {
        print_text_uncertain(o, r, idx, n_cand, out);
    } else {
        k = top_labels(r->proba, K, k < MAX_SHOWN ? k : MAX_SHOWN, idx);
        fputs("  label: ", out);
        cli_put_escaped(precis_model_label(o->model, idx[0]), out);
        fprintf(out, " (%.3f)", r->proba[idx[0]]);
        for (size_t i = 1; i < k; i++) {
            fputs(i == 1 ? "   next: " : ", ", out);
            cli_put_escaped(precis_model_label(o->model, idx[i]), out);
            fprintf(out, " %.3f", r->proba[idx[i]]);
        }
        fputc('\n', out);
    }
    if (r->n_explain) {
        fprintf(out, "  because of:");
        for (size_t i = 0; i < r->n_explain; i++) {
            fputs(i ? ", " : " ", out);
            cli_put_escaped(r->explain[i].term, out);
            fprintf(out, " (%.3f)", r->explain[i].weight);
        }
        fputc('\n', out);
    }
}

/* --summary-only in text mode is for pipes: the summary's sentences, one per
 * line, and a blank line between documents; no names, headings or indices. */
static void print_plain_summary(const doc_result *r, FILE *out)
{
    static int documents_printed;
    if (documents_printed++)
        fputc('\n', out);
    for (size_t i = 0; r->article && i < r->n_summary; i++) {
        size_t len;
        const char *text = sentence_text(r->article, r->summary[i].index, &len);
        put_sentence(text, len, out);
        fputc('\n', out);
    }
}

static void print_text(const infer_options *o, const doc_result *r, FILE *out)
{
    if (o->summary_only) {
        print_plain_summary(r, out);
        return;
    }
    cli_put_escaped(r->file, out);
    fputc('\n', out);
    if (r->proba)
        print_text_classification(o, r, out);
    if (r->article) {
        fprintf(out, "  summary:\n");
        for (size_t i = 0; i < r->n_summary; i++) {
            size_t len;
            const char *text = sentence_text(r->article, r->summary[i].index, &len);
            fprintf(out, "    [%zu] ", r->summary[i].index);
            put_sentence(text, len, out);
            fputc('\n', out);
        }
        if (r->n_summary == 0)
            fprintf(out, "    (no sentence to summarize)\n");
    }
    fputc('\n', out);
}

int print_result(const infer_options *o, const doc_result *r, FILE *out)
{
    switch (o->format) {
    case OUT_JSON:
        return print_json(o, r, out);
    case OUT_TSV:
        print_tsv(o, r, out);
        break;
    default:
        print_text(o, r, out);
        break;
    }
    return ferror(out) ? -1 : 0;
}

