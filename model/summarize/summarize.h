/*
 * summarize.h — the summarize layer's entry points (private): what the model
 * layer (modelfile/) calls to summarize an article and to train the learned
 * sentence model. This layer never sees a precis_model: the model layer
 * hands it the parts it needs as a px_summary_source.
 */
#ifndef PRECIS_SUMMARIZE_H
#define PRECIS_SUMMARIZE_H

#include <stddef.h>

#include "precis.h"
#include "summarize/learned.h"
#include "summarize/scorers.h"

/* precis_summarize with explicit tuning, on the parts of a model it uses. */
int px_summarize_source(const px_summary_source *src, const precis_article *a, const double *proba,
                        const precis_summary_options *opt, const px_summary_tuning *tuning,
                        precis_summary_sentence **out, size_t *n_out, precis_error *err);

/* precis_model_train_summary on the parts of a model it uses (src->summ is
 * ignored): *out gets the new summary model (the caller owns it). */
int px_summary_train(const px_summary_source *src, const char *corpus, const char *summaries,
                     const precis_reader_options *reader, const precis_summary_train_options *opt,
                     precis_summary_train_stats *stats, px_summary_model **out, precis_error *err);

#endif
