/*
 * fuzz_infer.c — what precis-infer does with an article, on arbitrary bytes:
 * classify it, explain the decision and summarize it with the learned
 * summarizer, all with the news-topic model that ships with precis
 * (datasets/models/news.model, found from the source tree the target was
 * built from; PRECIS_FUZZ_MODEL overrides).
 *
 * Checked: the probabilities are finite, in [0, 1] and sum to 1; explained
 * terms are in the model's vocabulary order of weight (largest first,
 * positive); a summary's indices are body sentences in article order.
 */
#include <math.h>

#include "fuzz_common.h"
#include "precis.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const precis_model *shipped_model(void)
{
    static precis_model *model;
    if (!model) {
        const char *path = getenv("PRECIS_FUZZ_MODEL");
        precis_error err;
        if (precis_model_load(&model, path ? path : PRECIS_FUZZ_DEFAULT_MODEL, &err) !=
            PRECIS_OK) {
            fprintf(stderr, "fuzz_infer: %s\n", err.message);
            abort();
        }
    }
    return model;
}

static size_t check_proba(const precis_model *m, const double *proba)
{
    size_t K = precis_model_n_labels(m), best = 0;
    double sum = 0;
    for (size_t k = 0; k < K; k++) {
        FUZZ_CHECK(isfinite(proba[k]) && proba[k] >= 0 && proba[k] <= 1);
        sum += proba[k];
        if (proba[k] > proba[best])
            best = k;
    }
    FUZZ_CHECK(fabs(sum - 1) < 1e-6);
    return best;
}

static void check_explain(const precis_model *m, const uint8_t *data, size_t size, size_t k)
{
    precis_term_weight top[8];
    size_t n = 0;
    precis_error err;
    if (precis_model_explain(m, (const char *)data, size, k, 8, top, &n, &err) != PRECIS_OK)
        return;
    FUZZ_CHECK(n <= 8);
    for (size_t i = 0; i < n; i++) {
        FUZZ_CHECK(top[i].term && isfinite(top[i].weight) && top[i].weight > 0);
        FUZZ_CHECK(i == 0 || top[i].weight <= top[i - 1].weight);
    }
}

static void check_summary(const precis_model *m, const uint8_t *data, size_t size,
                          const double *proba)
{
    precis_article *a = NULL;
    precis_error err;
    if (precis_article_split(&a, (const char *)data, size, &err) != PRECIS_OK)
        return;
    precis_summary_options opt;
    precis_summary_options_default(&opt);
    opt.method = PRECIS_SUMMARIZER_LEARNED;
    opt.mmr_lambda = 0.7; /* the redundancy control's path too */
    precis_summary_sentence *out = NULL;
    size_t n = 0;
    if (a->n_sentences <= 64 && precis_summarize(m, a, proba, &opt, &out, &n, &err) == PRECIS_OK) {
        FUZZ_CHECK(n <= a->n_sentences);
        for (size_t i = 0; i < n; i++) {
            FUZZ_CHECK(out[i].index < a->n_sentences);
            FUZZ_CHECK(i == 0 || out[i].index > out[i - 1].index);
        }
    }
    free(out);
    precis_article_free(a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const precis_model *m = shipped_model();
    double proba[64];
    FUZZ_CHECK(precis_model_n_labels(m) <= 64);
    precis_error err;
    if (precis_model_classify(m, (const char *)data, size, proba, &err) != PRECIS_OK)
        return 0;
    size_t best = check_proba(m, proba);
    check_explain(m, data, size, best);
    check_summary(m, data, size, proba);
    return 0;
}
