/*
 * dataset.h — a labeled corpus read but not yet vectorized, for features
 * fitted on part of it (per-fold cross-validation) (private).
 */
#ifndef PRECIS_DATASET_H
#define PRECIS_DATASET_H

#include <stddef.h>

#include "precis.h"

/* Reads a labeled corpus as precis_dataset_fit does, but stops short of the
 * features: *out gets y, the sorted labels and the skipped count (X empty),
 * *counts the documents' term counts (finish or fit parts of it, then free
 * it), *n_docs the number of documents. */
int px_dataset_read(precis_dataset **out, precis_vectorizer_builder **counts, size_t *n_docs,
                    const char *path, const precis_reader_options *reader,
                    const precis_feature_options *features, precis_error *err);

#endif
