/*
 * infer.h — precis-infer's parts: options (main.c), running (run.c) and
 * printing (output.c).
 */
#ifndef PRECIS_INFER_H
#define PRECIS_INFER_H

#include <stdio.h>

#include "cli.h"
#include "precis.h"

#define PROG "precis-infer"
#define MAX_ASSIGNED 64 /* labels of a multi-label decision printed and explained, at most */

typedef enum { OUT_TEXT, OUT_JSON, OUT_TSV } output_format;

typedef struct infer_options {
    const char *model_path;
    precis_model *model;
    precis_reader_options reader;
    precis_summary_options summary;
    output_format format;
    size_t top_k, explain;
    double min_probability;  /* a top probability below it prints as "uncertain"; 0: off */
    int no_summary, summary_only, model_info, quiet, budget_reference;
    const char *eval, *eval_articles, *eval_summaries, *metrics;
    const char *const *inputs;
    size_t n_inputs;
    cli_warnings warnings;
} infer_options;

/* One document's results, ready to print. */
typedef struct doc_result {
    const char *file;
    const double *proba;                 /* n_labels, or NULL (--summary-only) */
    size_t label;                        /* the most probable label, with proba */
    const precis_term_weight *explain;   /* the top label's (multi-label: labels[0]'s) */
    size_t n_explain;
    /* A multi-label model's assigned labels, most probable first (0 for a
     * single-label model), and each one's explanation: label_explain[i]
     * points to n_label_explain[i] terms. */
    const size_t *labels;
    size_t n_labels;
    const precis_term_weight *const *label_explain;
    const size_t *n_label_explain;
    const precis_article *article;       /* NULL with --no-summary */
    const precis_summary_sentence *summary;
    size_t n_summary;
} doc_result;

/* $PRECIS_MODEL, else the model installed with precis. */
const char *default_model_path(void);

int print_model_info(infer_options *o);
int run_inputs(infer_options *o);
int run_eval(infer_options *o);
int run_eval_summaries(infer_options *o);

/* Prints one document in the chosen format: 0, -1 on a write error, or -2
 * when a JSON result could not be built (said on stderr; nothing printed). */
int print_result(const infer_options *o, const doc_result *r, FILE *out);
/* --format tsv: the header row, once before the first document's. */
void print_tsv_header(FILE *out);
/* cli_report_error and cli_finish_output for precis-infer. */
static inline int report_error(const precis_error *err, int code)
{
    return cli_report_error(PROG, err, code);
}
static inline int finish_output(FILE *out) { return cli_finish_output(PROG, out); }

#endif
