/*
 * sanity.c — a corpus that reads without error but cannot make a useful
 * model, told before the fit: every document with a label of its own (the
 * label read from the wrong column), "train" and "test" as the only labels
 * (the folder above the split), a CSV or TSV whose first row looks like a
 * header. The first two are refused (exit 1, no model); the header is a
 * warning, since the row may be a real document. (A ';'-separated CSV is
 * refused by the reader itself, naming --csv-delimiter.)
 */
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "cli.h"
#include "train.h"

/* The corpus's format as the reader told it from its path (not sniffed). */
static precis_format format_of(const options *o)
{
    if (o->reader.format != PRECIS_FORMAT_AUTO)
        return o->reader.format;
    struct stat st;
    if (stat(o->corpus, &st) == 0 && S_ISDIR(st.st_mode))
        return PRECIS_FORMAT_DIR;
    const char *dot = strrchr(o->corpus, '.');
    if (dot && strcasecmp(dot, ".csv") == 0)
        return PRECIS_FORMAT_CSV;
    if (dot && strcasecmp(dot, ".tsv") == 0)
        return PRECIS_FORMAT_TSV;
    return PRECIS_FORMAT_AUTO;
}

static int only_train_and_test(const precis_dataset *d)
{
    static const char *const split[] = {"train", "test", "dev", "valid", "validation",
                                        "training", "testing"};
    size_t hits = 0;
    for (size_t k = 0; k < d->n_labels; k++)
        for (size_t s = 0; s < sizeof split / sizeof split[0]; s++)
            hits += strcasecmp(d->labels[k], split[s]) == 0;
    return d->n_labels >= 2 && hits == d->n_labels;
}

static size_t documents_of(const precis_dataset *d, uint32_t label)
{
    size_t n = 0;
    for (size_t i = 0; i < d->X.n_rows; i++)
        n += d->y[i] == label;
    return n;
}

/* Row 1 of a CSV/TSV read without --csv-header whose label occurs nowhere
 * else, in a corpus whose other labels each have several documents. */
static int first_row_looks_like_header(const precis_dataset *d)
{
    if (d->X.n_rows < 10 || d->n_labels < 3 || documents_of(d, d->y[0]) != 1)
        return 0;
    size_t singles = 0;
    for (uint32_t k = 0; k < d->n_labels; k++)
        singles += documents_of(d, k) == 1;
    return singles == 1;
}

int check_corpus(const options *o, const precis_dataset *d, size_t n_total, void *warn_ctx,
                 precis_error *err)
{
    precis_format f = format_of(o);
    size_t n = n_total, k = d->n_labels;
    if (n >= 10 && 10 * k > 9 * n) {
        snprintf(err->message, sizeof err->message,
                 "%s: %zu labels for %zu documents: nearly every document has a label of its "
                 "own, so there is nothing to learn; is the label read from the right place?%s",
                 o->corpus, k, n,
                 f == PRECIS_FORMAT_CSV ? " (check --label-column and --text-columns)"
                 : f == PRECIS_FORMAT_DIR ? " (a folder corpus is DIR/<label>/<file>)" : "");
        return PRECIS_ERR_FORMAT;
    }
    if (f == PRECIS_FORMAT_DIR && only_train_and_test(d)) {
        snprintf(err->message, sizeof err->message,
                 "%s: the labels are the folders of a split (%s, %s%s): this looks like the "
                 "folder above it; train on %s/%s and give --test %s/%s",
                 o->corpus, d->labels[0], d->labels[1], k > 2 ? ", ..." : "", o->corpus,
                 strcasecmp(d->labels[0], "test") ? d->labels[0] : d->labels[1], o->corpus,
                 strcasecmp(d->labels[0], "test") ? d->labels[1] : d->labels[0]);
        return PRECIS_ERR_FORMAT;
    }
    /* the header check counts labels over the rows: one process only */
    if ((f == PRECIS_FORMAT_CSV || f == PRECIS_FORMAT_TSV) && !o->reader.csv_header &&
        n == d->X.n_rows && first_row_looks_like_header(d)) {
        char msg[512];
        snprintf(msg, sizeof msg,
                 "the first row's label \"%s\" occurs nowhere else: is row 1 a header?%s It was "
                 "trained on as a document",
                 d->labels[d->y[0]], f == PRECIS_FORMAT_CSV ? " Then add --csv-header." : "");
        cli_warn(warn_ctx, o->corpus, msg);
    }
    return PRECIS_OK;
}
