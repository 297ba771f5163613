/*
 * summary.c — the public summary entry points, on a precis_model: the model
 * layer hands the summarize layer the parts it needs (vectorizer, logistic
 * model, learned sentence model) as a px_summary_source, so that layer never
 * sees a precis_model. Owns the model's summary-model slot.
 */
#include <string.h>

#include "modelfile/model.h"
#include "summarize/summarize.h"

px_summary_source px_model_source(const precis_model *m)
{
    px_summary_source src = {0};
    if (m) {
        src.v = m->v;
        src.lr = m->lr;
        src.summ = m->summ;
    }
    return src;
}

void px_model_set_summary(precis_model *m, px_summary_model *s)
{
    px_summary_model_free(m->summ);
    m->summ = s;
}

int px_summarize_tuned(const precis_model *model, const precis_article *a, const double *proba,
                       const precis_summary_options *opt, const px_summary_tuning *tuning,
                       precis_summary_sentence **out, size_t *n_out, precis_error *err)
{
    px_summary_source src = px_model_source(model);
    return px_summarize_source(&src, a, proba, opt, tuning, out, n_out, err);
}

int precis_summarize(const precis_model *model, const precis_article *a, const double *proba,
                     const precis_summary_options *opt, precis_summary_sentence **out,
                     size_t *n_out, precis_error *err)
{
    px_summary_tuning tuning;
    px_summary_tuning_default(&tuning);
    return px_summarize_tuned(model, a, proba, opt, &tuning, out, n_out, err);
}

int precis_model_train_summary(precis_model *m, const char *corpus, const char *summaries,
                               const precis_reader_options *reader,
                               const precis_summary_train_options *opt,
                               precis_summary_train_stats *stats, precis_error *err)
{
    px_summary_source src = px_model_source(m);
    px_summary_model *s = NULL;
    int rc = px_summary_train(&src, corpus, summaries, reader, opt, stats, &s, err);
    if (rc == PRECIS_OK)
        px_model_set_summary(m, s);
    return rc;
}

size_t precis_model_summary_features(const precis_model *m, precis_summary_feature *out, size_t n,
                                     double *intercept)
{
    const px_summary_model *s = m ? m->summ : NULL;
    if (intercept)
        *intercept = s ? s->intercept : 0.0;
    if (!s)
        return 0;
    for (size_t j = 0; out && j < n && j < s->n_features; j++)
        out[j] = (precis_summary_feature){px_summary_feature_name(s->feature[j]), s->weight[j],
                                          s->mean[j], s->scale[j]};
    return s->n_features;
}
