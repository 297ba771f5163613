/*
 * tool.c — the pieces of a command-line front that precis-train and
 * precis-infer would otherwise each write: usage errors, error and warning
 * lines, the end-of-output check, same-file tests, option names, and the
 * classification figures as a table or JSON.
 *
 * Invariant: text that came from the input (labels, file names, messages
 * quoting them) reaches the terminal only through cli_put_escaped.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

int cli_error(precis_error *err, int code, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->message, sizeof err->message, fmt, ap);
        va_end(ap);
        err->code = code;
    }
    return code;
}

void cli_fail_usage(const char *prog, const char *fmt, ...)
{
    /* The message may quote an argument: escaped like any text from outside. */
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    fprintf(stderr, "%s: ", prog);
    cli_put_escaped(msg, stderr);
    fprintf(stderr, "\nTry '%s --help' for more information.\n", prog);
}

int cli_report_error(const char *prog, const precis_error *err, int code)
{
    fprintf(stderr, "%s: ", prog);
    cli_put_escaped(err->message[0] ? err->message : precis_status_string(code), stderr);
    fputc('\n', stderr);
    return 1;
}

void cli_warn(void *ctx, const char *where, const char *message)
{
    cli_warnings *w = ctx;
    w->count++;
    if (w->quiet || w->count > CLI_MAX_SHOWN_WARNINGS)
        return;
    /* A warning printed over a status line would be garbled by its rest:
     * erase the line; the next status update draws it again below. */
    if (w->progress_shown && *w->progress_shown) {
        fputs("\r\033[K", stderr);
        *w->progress_shown = 0;
    }
    cli_warning_put(w->prog, where, message, stderr);
    if (w->count == CLI_MAX_SHOWN_WARNINGS)
        fprintf(stderr, "%s: (further warnings are counted, not shown)\n", w->prog);
}

void cli_warnings_total(const cli_warnings *w)
{
    if (w->count > CLI_MAX_SHOWN_WARNINGS && !w->quiet)
        fprintf(stderr, "%s: %zu warnings in all\n", w->prog, w->count);
}

int cli_finish_output(const char *prog, FILE *out)
{
    if (fflush(out) == 0 && !ferror(out))
        return 0;
    if (errno == EPIPE)
        return 0; /* the reader went away (| head): nothing more to say */
    fprintf(stderr, "%s: standard output: cannot write: %s\n", prog, strerror(errno));
    return 1;
}

int cli_same_file(const char *a, const char *b)
{
    struct stat sa, sb;
    return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

const char *cli_long_name(const struct option *table, int id)
{
    for (const struct option *lo = table; lo->name; lo++)
        if (lo->val == id)
            return lo->name;
    return "?";
}

int cli_reader_option(const char *prog, const struct option *table, precis_reader_options *o,
                      int id, const char *value)
{
    precis_error err;
    if (id == 's')
        return cli_reader_options_set(o, "strict", NULL, &err) == PRECIS_OK ? 0 : 2;
    if (id < CLI_OPT_INPUT_FORMAT || id >= CLI_OPT_READER_END)
        return -1;
    if (cli_reader_options_set(o, cli_long_name(table, id), value, &err) == PRECIS_OK)
        return 0;
    cli_fail_usage(prog, "%s", err.message);
    return 2;
}

void cli_bad_option(const char *prog, char **argv, int first_long_id)
{
    if (optopt && optopt < first_long_id && optopt != '?')
        cli_fail_usage(prog, "invalid option or missing value: -%c", optopt);
    else
        cli_fail_usage(prog, "invalid option or missing value: %s", argv[optind - 1]);
}

/* ---------------------------------------------------------------- figures */

const char **cli_model_labels(const precis_model *m)
{
    size_t K = precis_model_n_labels(m);
    const char **labels = malloc((K ? K : 1) * sizeof *labels);
    for (size_t k = 0; labels && k < K; k++)
        labels[k] = precis_model_label(m, k);
    return labels;
}

int cli_print_figures(const precis_metrics *metrics, const precis_model *m, FILE *out)
{
    size_t K = precis_model_n_labels(m);
    char **labels = calloc(K ? K : 1, sizeof *labels);
    int rc = labels ? PRECIS_OK : PRECIS_ERR_NOMEM;
    for (size_t k = 0; rc == PRECIS_OK && k < K; k++)
        if (!(labels[k] = cli_text_escape(precis_model_label(m, k))))
            rc = PRECIS_ERR_NOMEM;
    /* A failed write to out is judged once, by cli_finish_output. */
    if (rc == PRECIS_OK)
        precis_metrics_write_text(metrics, (const char *const *)labels, out);
    for (size_t k = 0; labels && k < K; k++)
        free(labels[k]);
    free(labels);
    return rc;
}

typedef struct figures {
    const precis_metrics *metrics;
    const precis_model *model;
} figures;

static int fill_figures_json(FILE *f, const void *what, precis_error *err)
{
    const figures *fig = what;
    const char **labels = cli_model_labels(fig->model);
    if (!labels)
        return cli_error(err, PRECIS_ERR_NOMEM, "out of memory");
    int rc = precis_metrics_write_json(fig->metrics, labels, f);
    free(labels);
    return rc;
}

int cli_write_figures_json(const char *path, const precis_metrics *metrics, const precis_model *m,
                           precis_error *err)
{
    figures fig = {metrics, m};
    return cli_output_write(path, fill_figures_json, &fig, err);
}
