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

/* s with backslashes and control characters (C0, DEL, UTF-8 C1, raw bytes
 * 0x80..0x9F outside a UTF-8 character) spelled
 * C-style (\\, \t, \n, \r, \xNN), for printing text from the input (a
 * label, a file name) on one line of a table or a terminal. malloc'ed (free
 * it); NULL when out of memory. */
char *cli_text_escape(const char *s);
/* The same written to out, with no allocation (so it can report running out
 * of memory). PRECIS_OK or PRECIS_ERR_IO. */
int cli_put_escaped(const char *s, FILE *out);
/* A sentence of prose on one line: tabs and line breaks become spaces,
 * other controls (C0, DEL, C1, raw 0x80..0x9F) are escaped as above;
 * backslashes stay single (prose to read, not a field to parse back). */
int cli_put_prose(const char *s, size_t len, FILE *out);
/* s escaped (cli_text_escape) into one of 8 buffers used in turn, for a file
 * name in a printf: valid until the 8th next call. Not thread-safe. */
const char *cli_esc(const char *s);
/* "program: warning: where: message\n" ("program: warning: message\n" when
 * where is empty), where and message escaped. PRECIS_OK or PRECIS_ERR_IO. */
int cli_warning_put(const char *program, const char *where, const char *message, FILE *out);

/* ---------------------------------------------------------------- files */

/* Do two paths name the same existing file? */
int cli_same_file(const char *a, const char *b);
/* Do two paths name the same file, existing (same inode) or to be created
 * (same resolved folder and base name)? */
int cli_paths_clash(const char *a, const char *b);
/* Before any work: no output may be an input ("-" is standard input) or
 * another output (NULL entries are absent options). 0, or 2 after a usage
 * error naming the clash. */
int cli_check_outputs(const char *prog, const char *const *outputs, size_t n_out,
                      const char *const *inputs, size_t n_in);
/* Before any work: can path be written (precis_output_check)? 0, or 1 after
 * the error on stderr. NULL: nothing to check. */
int cli_check_writable(const char *prog, const char *path, int is_model);
/* Before any work: can an input given by an option (--test, --summaries,
 * --eval) be read? 0, or 1 after "PROG: PATH: REASON" on stderr. NULL and
 * "-" (standard input) pass. */
int cli_check_readable(const char *prog, const char *path);
/* SIGINT, SIGTERM, SIGHUP remove the temporary file of a save in progress,
 * then end the run as the signal would; SIGXFSZ is ignored, so a write past
 * `ulimit -f` fails (EFBIG) and is reported like a full disk. */
void cli_signals_install(void);

/* Writes a result file (figures, a report) whole or not at all
 * (precis_output_write): fill writes what into it. Any failure to write, at any step, is PRECIS_ERR_IO with the
 * message "PATH: cannot write: REASON"; fill's other failures keep their
 * message (or get "PATH: cannot write: ..." if fill gave none). */
typedef precis_output_fill cli_output_fill;
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
/* Every "--name" in argv is a long option of table, written in full: else
 * "unknown option --name (did you mean --nearest?)" is reported and 2
 * returned; 0 when all are (longopts.c). */
int cli_check_long_options(const char *prog, int argc, char **argv, const struct option *table);
/* The usage error for what getopt_long returned '?' or ':' on. */
void cli_bad_option(const char *prog, char **argv, int first_long_id);

/* The corpus-reading options both tools take: ids for getopt_long (each
 * tool numbers its own options from CLI_OPT_READER_END), the table entries,
 * and their setting. --strict is -s in both. */
enum {
    CLI_OPT_INPUT_FORMAT = 256, CLI_OPT_LABEL_COLUMN, CLI_OPT_TEXT_COLUMNS, CLI_OPT_CSV_HEADER,
    CLI_OPT_CSV_DELIMITER, CLI_OPT_MAX_DOC_BYTES, CLI_OPT_READER_END
};
#define CLI_READER_LONG_OPTIONS                                        \
    {"input-format", required_argument, 0, CLI_OPT_INPUT_FORMAT},      \
    {"label-column", required_argument, 0, CLI_OPT_LABEL_COLUMN},      \
    {"text-columns", required_argument, 0, CLI_OPT_TEXT_COLUMNS},      \
    {"csv-header", no_argument, 0, CLI_OPT_CSV_HEADER},                \
    {"csv-delimiter", required_argument, 0, CLI_OPT_CSV_DELIMITER},    \
    {"max-doc-bytes", required_argument, 0, CLI_OPT_MAX_DOC_BYTES},    \
    {"strict", no_argument, 0, 's'}
/* Sets reader option id (a CLI_OPT_ reader id or 's') from value: 0, or 2
 * after a usage error naming the option; -1 when id is not a reader option. */
int cli_reader_option(const char *prog, const struct option *table, precis_reader_options *o,
                      int id, const char *value);

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
