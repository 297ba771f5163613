/*
 * cli.h — what precis-train and precis-infer share, and nobody else: option
 * values parsed strictly by their command-line names, usage errors, warnings
 * and errors printed with input text escaped for the terminal, result files
 * that name themselves when they cannot be written, and the classification
 * figures as a table or JSON. A static library of the two tools (cli/), built
 * on the public API only; not installed.
 */
#ifndef PRECIS_CLI_H
#define PRECIS_CLI_H

#include <getopt.h>
#include <stddef.h>
#include <stdio.h>

#include "precis.h"

/* ---------------------------------------------------------------- errors and warnings */

/* Fills err (code and printf-style message) and returns code. */
int cli_error(precis_error *err, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* "PROG: MESSAGE\nTry 'PROG --help' for more information." on stderr. */
void cli_fail_usage(const char *prog, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* "PROG: MESSAGE" on stderr, the message escaped (precis_status_string(code)
 * when err has none); returns 1, the exit status. */
int cli_report_error(const char *prog, const precis_error *err, int code);

/* Warnings from the library, counted; the first CLI_MAX_SHOWN_WARNINGS are
 * printed (none when quiet), then one line says the rest are only counted. */
#define CLI_MAX_SHOWN_WARNINGS 20
typedef struct cli_warnings {
    const char *prog;
    int quiet;
    size_t count;
    int *progress_shown;  /* a live "\r" status line is on stderr: erase it first */
} cli_warnings;
/* A precis_warn_fn; ctx is a cli_warnings. */
void cli_warn(void *ctx, const char *where, const char *message);
/* "PROG: N warnings in all" when some were not shown. */
void cli_warnings_total(const cli_warnings *w);

/* After output: 0 if all was written; else a message on stderr (none for a
 * reader that went away, EPIPE) and 1. */
int cli_finish_output(const char *prog, FILE *out);

/* ---------------------------------------------------------------- text from the input */

/* s with backslashes and control characters (C0, DEL, UTF-8 C1) spelled
 * C-style (\\, \t, \n, \r, \xNN), for printing text from the input (a
 * label, a file name) on one line of a table or a terminal. malloc'ed (free
 * it); NULL when out of memory. */
char *cli_text_escape(const char *s);
/* The same written to out, with no allocation (so it can report running out
 * of memory). PRECIS_OK or PRECIS_ERR_IO. */
int cli_put_escaped(const char *s, FILE *out);
/* "program: warning: where: message\n" ("program: warning: message\n" when
 * where is empty), where and message escaped. PRECIS_OK or PRECIS_ERR_IO. */
int cli_warning_put(const char *program, const char *where, const char *message, FILE *out);

/* ---------------------------------------------------------------- files */

/* Do two paths name the same existing file? */
int cli_same_file(const char *a, const char *b);

/* Writes a result file (figures, a report): creates path and has fill write
 * what into it. Any failure to write, at any step, is PRECIS_ERR_IO with the
 * message "PATH: cannot write: REASON"; fill's other failures keep their
 * message (or get "PATH: cannot write: ..." if fill gave none). */
typedef int (*cli_output_fill)(FILE *f, const void *what, precis_error *err);
int cli_output_write(const char *path, cli_output_fill fill, const void *what, precis_error *err);

/* ---------------------------------------------------------------- figures */

/* The model's labels as an array (free() it); NULL when out of memory. */
const char **cli_model_labels(const precis_model *m);
/* The figures as a table on out, labels escaped. PRECIS_OK or _NOMEM. */
int cli_print_figures(const precis_metrics *metrics, const precis_model *m, FILE *out);
/* The figures as JSON into the file at path (cli_output_write's errors). */
int cli_write_figures_json(const char *path, const precis_metrics *metrics, const precis_model *m,
                           precis_error *err);

/* ---------------------------------------------------------------- options */

/* The long name of option id in a getopt_long table, "?" if none. */
const char *cli_long_name(const struct option *table, int id);
/* The usage error for what getopt_long returned '?' or ':' on. */
void cli_bad_option(const char *prog, char **argv, int first_long_id);

/* Strict number parsing: the whole string, finite, in range; 0 or -1. */
int cli_parse_double(const char *s, double *out);
int cli_parse_size(const char *s, size_t *out);

/* Set one option from its command-line spelling, checking the value strictly
 * (the whole string must parse, within range); the error names the option.
 *  reader:   input-format, label-column, text-columns (e.g. "2,3"), csv-header,
 *            strict, max-doc-bytes (suffixes K, M, G)
 *  features: ngram ("1-2" or "2"), min-df / max-df (a count such as "2", or a
 *            proportion with a decimal point such as "0.5"), max-features,
 *            sublinear-tf, single-char-tokens ("yes"/"no"), stop-words
 *            ("english"/"none")
 *  logreg:   C, max-iter, tol, class-weight ("balanced"/"none"), threads
 * Flags take "yes"/"no"/"1"/"0"/"true"/"false"; NULL means yes. */
int cli_reader_options_set(precis_reader_options *o, const char *name, const char *value,
                           precis_error *err);
int cli_feature_options_set(precis_feature_options *o, const char *name, const char *value,
                            precis_error *err);
int cli_logreg_params_set(precis_logreg_params *p, const char *name, const char *value,
                          precis_error *err);

#endif
