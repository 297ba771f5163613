/*
 * dataset.c — reading a labeled corpus into TF-IDF rows and class ids.
 *
 * Labels are interned as they come (first-seen ids), then renumbered in code
 * point order so that a model's classes do not depend on the order of the
 * corpus. Invariant of a dataset: y[i] < n_labels for every row; labels are
 * unique and sorted. Oddities that do not stop training (duplicate documents,
 * documents without terms, labels with a single document) are reported
 * through the reader's warn function once the corpus is read.
 *
 * Multi-label corpora: the reader hands each record's label set as one
 * TAB-joined string, interned as any label; once read, the sets are split
 * into labels (sorted by code point as single labels are) and each row gets
 * its increasing label ids in label_ptr/label_ids; y keeps its first.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/alloc.h"
#include "base/error.h"
#include "precis.h"
#include "features/dataset.h"
#include "features/shards.h"
#include "features/vectorizer.h"
#include "base/vocab.h"

typedef struct label_rank {
    const char *name;
    uint32_t first_seen;
} label_rank;

static int by_name(const void *a, const void *b)
{
    return strcmp(((const label_rank *)a)->name, ((const label_rank *)b)->name);
}

/* Replaces first-seen ids in y by sorted ids and fills d->labels. */
static int sort_labels(precis_dataset *d, size_t n_docs, const px_vocab *seen)
{
    size_t K = seen->n;
    label_rank *rank = px_malloc_array(K, sizeof *rank);
    uint32_t *new_id = px_malloc_array(K, sizeof *new_id);
    d->labels = px_calloc(K, sizeof *d->labels);
    int rc = (rank && new_id && d->labels) ? PRECIS_OK : PRECIS_ERR_NOMEM;
    for (size_t k = 0; rc == PRECIS_OK && k < K; k++) {
        rank[k].name = px_vocab_term(seen, k);
        rank[k].first_seen = (uint32_t)k;
    }
    if (rc == PRECIS_OK)
        qsort(rank, K, sizeof *rank, by_name);
    for (size_t k = 0; rc == PRECIS_OK && k < K; k++) {
        new_id[rank[k].first_seen] = (uint32_t)k;
        d->labels[k] = px_strdup(rank[k].name);
        if (!d->labels[k])
            rc = PRECIS_ERR_NOMEM;
        d->n_labels = k + 1;
    }
    if (rc == PRECIS_OK)
        for (size_t i = 0; i < n_docs; i++)
            d->y[i] = new_id[d->y[i]];
    px_free(rank);
    px_free(new_id);
    return rc;
}

/* ---------------------------------------------------------------- label sets */

static int by_id(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

/* Set id -> its labels' first-seen ids, into set_ptr/set_ids; labels into seen. */
static int split_sets(const precis_dataset *d, px_vocab *seen, size_t *set_ptr, uint32_t **set_ids)
{
    size_t cap = d->n_labels + 1, n = 0;
    uint32_t *ids = px_malloc_array(cap, sizeof *ids);
    if (!ids)
        return PRECIS_ERR_NOMEM;
    for (size_t s = 0; s < d->n_labels; s++) {
        set_ptr[s] = n;
        for (const char *p = d->labels[s];;) {
            const char *tab = strchr(p, '\t');
            size_t len = tab ? (size_t)(tab - p) : strlen(p);
            uint32_t id;
            if (n == cap) {
                uint32_t *grown = px_realloc_array(ids, cap *= 2, sizeof *ids);
                if (!grown) {
                    px_free(ids);
                    return PRECIS_ERR_NOMEM;
                }
                ids = grown;
            }
            if (px_vocab_intern(seen, p, len, &id) != PRECIS_OK) {
                px_free(ids);
                return PRECIS_ERR_NOMEM;
            }
            ids[n++] = id;
            if (!tab)
                break;
            p = tab + 1;
        }
    }
    set_ptr[d->n_labels] = n;
    *set_ids = ids;
    return PRECIS_OK;
}

/* Replaces d's label sets by their labels (see the opening comment). */
static int expand_label_sets(precis_dataset *d, size_t n_docs)
{
    px_vocab seen = {0};
    precis_dataset single = {0};
    size_t *set_ptr = px_malloc_array(d->n_labels + 1, sizeof *set_ptr);
    uint32_t *set_ids = NULL;
    int rc = set_ptr ? split_sets(d, &seen, set_ptr, &set_ids) : PRECIS_ERR_NOMEM;
    /* Sorted label ids, through sort_labels on a dataset whose y are first-seen ids. */
    if (rc == PRECIS_OK) {
        single.y = set_ids;
        rc = sort_labels(&single, set_ptr[d->n_labels], &seen);
    }
    size_t total = 0;
    for (size_t i = 0; rc == PRECIS_OK && i < n_docs; i++)
        total += set_ptr[d->y[i] + 1] - set_ptr[d->y[i]];
    if (rc == PRECIS_OK) {
        d->label_ptr = px_malloc_array(n_docs + 1, sizeof *d->label_ptr);
        d->label_ids = px_malloc_array(total ? total : 1, sizeof *d->label_ids);
        rc = d->label_ptr && d->label_ids ? PRECIS_OK : PRECIS_ERR_NOMEM;
    }
    for (size_t s = 0; rc == PRECIS_OK && s < d->n_labels; s++)
        qsort(set_ids + set_ptr[s], set_ptr[s + 1] - set_ptr[s], sizeof *set_ids, by_id);
    for (size_t i = 0, at = 0; rc == PRECIS_OK && i < n_docs; i++) {
        size_t s = d->y[i], m = set_ptr[s + 1] - set_ptr[s];
        d->label_ptr[i] = at;
        memcpy(d->label_ids + at, set_ids + set_ptr[s], m * sizeof *set_ids);
        at += m;
        d->label_ptr[i + 1] = at;
        d->y[i] = set_ids[set_ptr[s]];
    }
    if (rc == PRECIS_OK) {
        for (size_t k = 0; k < d->n_labels; k++)
            px_free(d->labels[k]);
        px_free(d->labels);
        d->labels = single.labels;
        d->n_labels = single.n_labels;
        single.labels = NULL;
    }
    for (size_t k = 0; single.labels && k < single.n_labels; k++)
        px_free(single.labels[k]);
    px_free(single.labels);
    px_free(set_ptr);
    px_free(set_ids);
    px_vocab_free(&seen);
    return rc;
}

/* ---------------------------------------------------------------- corpus checks */

static int by_value(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

/* What is odd about a corpus but does not stop training, said as warnings
 * once it is read. Documents are compared by a 64-bit hash of their distinct
 * terms in order, so "duplicate" means "the same words in the same order". */
static void warn_about_corpus(const precis_reader_options *ro, const char *path,
                              px_read_result *cn, const precis_dataset *d)
{
    if (!ro || !ro->warn)
        return;
    qsort(cn->hash, cn->n_hash, sizeof *cn->hash, by_value);
    size_t dup = 0;
    for (size_t i = 1; i < cn->n_hash; i++)
        dup += cn->hash[i] == cn->hash[i - 1];
    if (dup)
        px_warn(ro->warn, ro->warn_ctx, path,
                "%zu document%s the words of an earlier one (kept: duplicates weigh "
                "more in training and inflate scores measured on the same data)", dup,
                dup == 1 ? " repeats" : "s repeat");
    if (cn->no_terms)
        px_warn(ro->warn, ro->warn_ctx, path,
                "%zu document%s no terms (empty, or no word the features keep); kept",
                cn->no_terms, cn->no_terms == 1 ? " holds" : "s hold");
    size_t *count = px_calloc(d->n_labels, sizeof *count);
    if (!count)
        return; /* only a warning is lost */
    for (size_t i = 0; i < d->X.n_rows; i++)
        count[d->y[i]]++;
    size_t single = 0, first = 0;
    for (size_t k = d->n_labels; k-- > 0;)
        if (count[k] == 1) {
            single++;
            first = k;
        }
    if (single)
        px_warn(ro->warn, ro->warn_ctx, path,
                "%zu label%s a single document (\"%.100s\"%s): too little to learn %s from",
                single, single == 1 ? " has" : "s have", d->labels[first],
                single == 1 ? "" : ", ...", single == 1 ? "it" : "them");
    px_free(count);
}

/* Reads the corpus: d gets y and the sorted labels (X left empty), *b the
 * documents' term counts, unfinished; *got what the read found. */
static int read_corpus(const char *path, const precis_reader_options *reader,
                       const precis_feature_options *features, precis_dataset *d,
                       precis_vectorizer_builder **b, px_read_result *got, precis_error *err)
{
    precis_reader *r = NULL;
    px_vocab labels = {0};
    int rc = precis_reader_open(&r, path, reader, err);
    if (rc == PRECIS_OK)
        rc = precis_vectorizer_builder_new(b, features, err);
    if (rc == PRECIS_OK)
        rc = px_read_sharded(r, reader, *b, &labels, reader ? (size_t)reader->n_threads : 0, got,
                             err);
    if (rc == PRECIS_OK) {
        d->y = got->y; /* the dataset owns the labels now */
        got->y = NULL;
    }
    if (rc == PRECIS_OK && got->n == 0)
        rc = px_error(err, PRECIS_ERR_EMPTY, "%s: no documents could be read", path);
    if (rc == PRECIS_OK) {
        d->skipped = precis_reader_skipped(r);
        if (sort_labels(d, got->n, &labels) != PRECIS_OK ||
            (reader && reader->multi_label && expand_label_sets(d, got->n) != PRECIS_OK))
            rc = px_error(err, PRECIS_ERR_NOMEM, "out of memory");
    }
    precis_reader_free(r);
    px_vocab_free(&labels);
    return rc;
}

int px_dataset_read(precis_dataset **out, precis_vectorizer_builder **counts, size_t *n_docs,
                    const char *path, const precis_reader_options *reader,
                    const precis_feature_options *features, precis_error *err)
{
    *out = NULL;
    *counts = NULL;
    *n_docs = 0;
    precis_dataset *d = px_calloc(1, sizeof *d);
    px_read_result got = {0};
    int rc = d ? read_corpus(path, reader, features, d, counts, &got, err)
               : px_error(err, PRECIS_ERR_NOMEM, "out of memory");
    if (rc == PRECIS_OK)
        *n_docs = got.n;
    px_read_result_free(&got);
    if (rc != PRECIS_OK) {
        precis_vectorizer_builder_free(*counts);
        *counts = NULL;
        precis_dataset_free(d);
        return rc;
    }
    *out = d;
    return PRECIS_OK;
}

/* err's message, prefixed with the corpus it is about. */
static int name_corpus(const char *path, precis_error *err)
{
    char why[sizeof err->message];
    snprintf(why, sizeof why, "%s", err->message);
    return px_error(err, err->code, "%s: %s", path, why);
}

int precis_dataset_fit(precis_dataset **out, precis_vectorizer **vectorizer, const char *path,
                       const precis_reader_options *reader, const precis_feature_options *features,
                       precis_error *err)
{
    *out = NULL;
    *vectorizer = NULL;
    precis_dataset *d = px_calloc(1, sizeof *d);
    if (!d)
        return px_error(err, PRECIS_ERR_NOMEM, "out of memory");
    precis_vectorizer_builder *b = NULL;
    px_read_result got = {0};
    int rc = read_corpus(path, reader, features, d, &b, &got, err);
    if (rc == PRECIS_OK)
        rc = precis_vectorizer_builder_finish(b, vectorizer, &d->X, err);
    if (rc == PRECIS_ERR_EMPTY) /* no terms: say which corpus */
        rc = name_corpus(path, err);
    if (rc == PRECIS_OK)
        warn_about_corpus(reader, path, &got, d);
    px_read_result_free(&got);
    precis_vectorizer_builder_free(b);
    if (rc != PRECIS_OK) {
        precis_vectorizer_free(*vectorizer);
        *vectorizer = NULL;
        precis_dataset_free(d);
        return rc;
    }
    *out = d;
    return PRECIS_OK;
}

void precis_dataset_free(precis_dataset *d)
{
    if (!d)
        return;
    precis_csr_free(&d->X);
    px_free(d->y);
    px_free(d->label_ptr);
    px_free(d->label_ids);
    for (size_t k = 0; d->labels && k < d->n_labels; k++)
        px_free(d->labels[k]);
    px_free(d->labels);
    px_free(d);
}
