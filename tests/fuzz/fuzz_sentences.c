/*
 * fuzz_sentences.c — the article splitter (precis_article_split) on arbitrary
 * bytes, and the model-free summarizers on what it finds.
 *
 * Checked: the decoded text is valid UTF-8, NUL-terminated at its length; the
 * headline and every sentence lie inside it, in order, without overlap, and
 * are trimmed; a summary's indices are body sentences in article order.
 */
#include "fuzz_common.h"
#include "precis.h"
#include "text/chars.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_article(const precis_article *a)
{
    FUZZ_CHECK(a->text && a->text[a->len] == '\0');
    FUZZ_CHECK(fuzz_clean_utf8(a->text, a->len));
    if (a->headline_len)
        FUZZ_CHECK(a->headline_start + a->headline_len <= a->len);
    size_t end = 0;
    for (size_t i = 0; i < a->n_sentences; i++) {
        const precis_sentence *s = &a->sentences[i];
        FUZZ_CHECK(s->len > 0 && s->start >= end && s->start + s->len <= a->len);
        FUZZ_CHECK(px_space_len(a->text + s->start, s->len) == 0);
        if (i > 0)
            FUZZ_CHECK(s->paragraph >= a->sentences[i - 1].paragraph);
        end = s->start + s->len;
    }
}

static void summarize(const precis_article *a, precis_summarizer method)
{
    precis_summary_options opt;
    precis_summary_options_default(&opt);
    opt.method = method;
    precis_summary_sentence *out = NULL;
    size_t n = 0;
    precis_error err;
    if (precis_summarize(NULL, a, NULL, &opt, &out, &n, &err) == PRECIS_OK) {
        FUZZ_CHECK(n <= a->n_sentences);
        for (size_t i = 0; i < n; i++) {
            FUZZ_CHECK(out[i].index < a->n_sentences);
            FUZZ_CHECK(i == 0 || out[i].index > out[i - 1].index);
        }
    }
    free(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    precis_article *a = NULL;
    precis_error err;
    if (precis_article_split(&a, (const char *)data, size, &err) != PRECIS_OK)
        return 0;
    check_article(a);
    FUZZ_CHECK(precis_count_words(a->text, a->len) <= a->len);
    /* Summaries are quadratic in sentences at worst: keep inputs quick. */
    if (a->n_sentences <= 64) {
        summarize(a, PRECIS_SUMMARIZER_DEFAULT);
        summarize(a, PRECIS_SUMMARIZER_TEXTRANK);
        summarize(a, PRECIS_SUMMARIZER_LSA);
    }
    precis_article_free(a);
    return 0;
}
