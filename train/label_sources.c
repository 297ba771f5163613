/*
 * label_sources.c — precis-train --label-sources FILE: what each label was
 * trained on, stored in the model for precis-infer --model-info.
 *
 * FILE has one line per label: the label, a TAB, then free text naming its
 * sources. The counts are not read from it: they are the training documents
 * each label had in the corpus, counted here, so they cannot disagree with
 * the model. A label of the file the corpus does not have is an error (a
 * typo would otherwise vanish); a corpus label the file does not name gets
 * an empty text.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "train.h"

/* Reads FILE into sources[k] (malloc'ed, by the dataset's label index). */
static int read_sources(const char *path, const precis_dataset *d, char **sources, precis_error *err)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return cli_error(err, PRECIS_ERR_IO, "--label-sources %s: cannot open it", path);
    char *line = NULL;
    size_t cap = 0, no = 0;
    ssize_t len;
    int rc = PRECIS_OK;
    while (rc == PRECIS_OK && (len = getline(&line, &cap, f)) >= 0) {
        no++;
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        char *tab = strchr(line, '\t');
        if (len == 0)
            continue;
        if (!tab) {
            rc = cli_error(err, PRECIS_ERR_FORMAT, "%s:%zu: expected a label, a TAB, then its sources",
                           path, no);
            break;
        }
        *tab = '\0';
        size_t k = 0;
        while (k < d->n_labels && strcmp(d->labels[k], line) != 0)
            k++;
        if (k == d->n_labels)
            rc = cli_error(err, PRECIS_ERR_ARG, "%s:%zu: the corpus has no label \"%s\"", path, no, line);
        else if (!(sources[k] = strdup(tab + 1)))
            rc = cli_error(err, PRECIS_ERR_NOMEM, "out of memory");
        else if (strlen(sources[k]) > PRECIS_LABEL_SOURCE_MAX)
            rc = cli_error(err, PRECIS_ERR_ARG, "%s:%zu: sources longer than %d bytes", path, no,
                           PRECIS_LABEL_SOURCE_MAX);
    }
    if (rc == PRECIS_OK && ferror(f))
        rc = cli_error(err, PRECIS_ERR_IO, "--label-sources %s: read error", path);
    free(line);
    fclose(f);
    return rc;
}

int set_label_sources(const options *o, const precis_dataset *d, precis_model *m, precis_error *err)
{
    if (!o->label_sources)
        return PRECIS_OK;
    uint64_t *counts = calloc(d->n_labels, sizeof *counts);
    char **sources = calloc(d->n_labels, sizeof *sources);
    int rc = counts && sources ? PRECIS_OK : cli_error(err, PRECIS_ERR_NOMEM, "out of memory");
    for (size_t i = 0; rc == PRECIS_OK && i < d->X.n_rows; i++)
        counts[d->y[i]]++;
    if (rc == PRECIS_OK)
        rc = read_sources(o->label_sources, d, sources, err);
    if (rc == PRECIS_OK)
        rc = precis_model_set_label_info(m, counts, (const char *const *)sources, err);
    for (size_t k = 0; sources && k < d->n_labels; k++)
        free(sources[k]);
    free(sources);
    free(counts);
    return rc;
}
