/*
 * fuzz_model_load.c — the model loader (precis_model_load) on arbitrary files.
 *
 * Every section carries a CRC, so random bytes rarely get past the checksums
 * into the parsers. Each input is therefore loaded twice: as it is, then with
 * every CRC the table describes recomputed ("repaired"), which lets mutations
 * reach the section parsers. A model that loads must then work: classify,
 * explain, list top terms and summarize (with its summary model, if any) on
 * a fixed text, its labels readable, every probability and score finite.
 */
#include <math.h>

#include "base/crc32.h"
#include "fuzz_common.h"
#include "precis.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint32_t rd32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t rd64(const uint8_t *p) { return rd32(p) | (uint64_t)rd32(p + 4) << 32; }

static void wr32(uint8_t *p, uint32_t x)
{
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(x >> (8 * i));
}

/* Recomputes section and header CRCs in place; 0 if the table does not fit. */
static int repair_crcs(uint8_t *d, size_t size)
{
    if (size < 24) /* header and header CRC */
        return 0;
    uint64_t n = rd32(d + 16);
    if (n > (size - 24) / 28)
        return 0;
    size_t table_end = 20 + (size_t)n * 28 + 4;
    for (size_t i = 0; i < n; i++) {
        uint8_t *e = d + 20 + i * 28;
        uint64_t off = rd64(e + 8), len = rd64(e + 16);
        if (off <= size && len <= size - off)
            wr32(e + 24, px_crc32(0, d + off, (size_t)len));
    }
    wr32(d + table_end - 4, px_crc32(0, d, table_end - 4));
    return 1;
}

static const char ARTICLE[] = "Minister wins the vote\n\nThe minister won the vote in parliament. "
                              "The striker scored twice. Engineers released an update.";

static void exercise(const precis_model *m)
{
    static const char text[] = "The minister won the vote; the team lost the match on a new phone.";
    size_t K = precis_model_n_labels(m);
    FUZZ_CHECK(K >= 1);
    for (size_t k = 0; k < K; k++)
        FUZZ_CHECK(precis_model_label(m, k)[0] != '\0');
    double *proba = malloc(K * sizeof *proba);
    FUZZ_CHECK(proba);
    precis_error err;
    if (precis_model_classify(m, text, sizeof text - 1, proba, &err) == PRECIS_OK) {
        double sum = 0;
        for (size_t k = 0; k < K; k++) {
            FUZZ_CHECK(proba[k] >= 0 && proba[k] <= 1);
            sum += proba[k];
        }
        FUZZ_CHECK(fabs(sum - 1) < 1e-6);
    }
    precis_term_weight tw[8];
    size_t n;
    precis_model_explain(m, text, sizeof text - 1, K - 1, 8, tw, &n, &err);
    FUZZ_CHECK(precis_model_top_terms(m, 0, 8, tw) <= 8);
    const precis_vectorizer *v = precis_model_vectorizer(m);
    size_t V = precis_vectorizer_size(v);
    FUZZ_CHECK(V >= 1 && precis_vectorizer_term(v, V - 1) != NULL);
    /* Summaries lean on the model (idf, topic weights, a summary model). */
    precis_article *a = NULL;
    if (precis_article_split(&a, ARTICLE, sizeof ARTICLE - 1, &err) == PRECIS_OK) {
        precis_summary_options so;
        precis_summary_options_default(&so);
        so.topic_weighting = 1;
        if (precis_model_summary_features(m, NULL, 0, NULL) > 0)
            so.method = PRECIS_SUMMARIZER_LEARNED;
        precis_summary_sentence *out = NULL;
        size_t n_out = 0;
        if (precis_summarize(m, a, proba, &so, &out, &n_out, &err) == PRECIS_OK) {
            FUZZ_CHECK(n_out <= a->n_sentences);
            for (size_t i = 0; i < n_out; i++) /* a loaded model scores finitely */
                FUZZ_CHECK(isfinite(out[i].score));
        }
        free(out);
        precis_article_free(a);
    }
    free(proba);
}

static void load(const uint8_t *data, size_t size)
{
    precis_model *m = NULL;
    precis_error err = {0};
    int rc = precis_model_load(&m, fuzz_file(data, size), &err);
    if (rc != PRECIS_OK) {
        FUZZ_CHECK(m == NULL && err.message[0] != '\0');
        FUZZ_CHECK(rc == PRECIS_ERR_CORRUPT || rc == PRECIS_ERR_VERSION);
        return;
    }
    exercise(m);
    precis_model_free(m);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    load(data, size);
    uint8_t *copy = malloc(size ? size : 1);
    FUZZ_CHECK(copy);
    memcpy(copy, data, size);
    if (repair_crcs(copy, size) && memcmp(copy, data, size) != 0)
        load(copy, size);
    free(copy);
    return 0;
}
