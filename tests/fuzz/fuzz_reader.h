/*
 * fuzz_reader.h — one corpus-reader fuzz target, instantiated per format by
 * fuzz_csv.c, fuzz_tsv.c, fuzz_fasttext.c and fuzz_jsonl.c.
 *
 * The first two bytes of an input choose reader options (strict, a small or
 * the default max_doc_bytes, CSV header and columns); the rest is the file.
 * Every document returned is checked against the reader's promises.
 */
#ifndef PRECIS_FUZZ_READER_H
#define PRECIS_FUZZ_READER_H

#include "fuzz_common.h"
#include "precis.h"

static void fuzz_ignore_warning(void *ctx, const char *where, const char *message)
{
    size_t *n = ctx;
    FUZZ_CHECK(where && message);
    FUZZ_CHECK(strlen(message) < 512);
    (*n)++;
}

static int fuzz_reader(precis_format format, const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    static const size_t limits[4] = {0, 7, 64, 4096}; /* 0: the default */
    uint8_t a = data[0], b = data[1];
    precis_reader_options o;
    precis_reader_options_default(&o);
    size_t warnings = 0;
    o.format = format;
    o.strict = a & 1;
    if (limits[(a >> 1) & 3])
        o.max_doc_bytes = limits[(a >> 1) & 3];
    o.csv_header = (a >> 3) & 1;
    o.csv_label_column = 1 + (b & 3);
    o.csv_n_text_columns = 1 + ((b >> 2) & 1);
    o.csv_text_columns[0] = 2 + ((b >> 3) & 3);
    o.csv_text_columns[1] = 1 + ((b >> 5) & 7);
    o.warn = fuzz_ignore_warning;
    o.warn_ctx = &warnings;
    const char *path = fuzz_file(data + 2, size - 2);

    precis_error err = {0};
    precis_reader *r;
    int rc = precis_reader_open(&r, path, &o, &err);
    if (rc != PRECIS_OK) {
        FUZZ_CHECK(err.message[0] != '\0');
        return 0;
    }
    size_t limit = o.max_doc_bytes;
    precis_document doc;
    int got;
    size_t n = 0;
    while ((got = precis_reader_next(r, &doc, &err)) == 1) {
        n++;
        FUZZ_CHECK(doc.label && doc.label[0] != '\0');
        FUZZ_CHECK(doc.text && doc.text[doc.text_len] == '\0');
        FUZZ_CHECK(doc.text_len <= limit);
        FUZZ_CHECK(doc.source && strstr(doc.source, path) == doc.source);
        /* Labels lose surrounding blanks. */
        size_t ll = strlen(doc.label);
        FUZZ_CHECK(doc.label[0] != ' ' && doc.label[ll - 1] != ' ');
    }
    FUZZ_CHECK(got == 0 || got == -PRECIS_ERR_FORMAT || got == -PRECIS_ERR_LIMIT);
    if (got < 0) {
        FUZZ_CHECK(o.strict && err.message[0] != '\0');
        /* A failed reader stays failed. */
        FUZZ_CHECK(precis_reader_next(r, &doc, &err) == got);
    }
    FUZZ_CHECK(precis_reader_skipped(r) <= warnings);
    precis_reader_free(r);
    return 0;
}

#endif
