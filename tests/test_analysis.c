/* test_analysis.c — precis_analysis, the read-once path precis-infer uses:
 * each answer must be exactly what the one-call-at-a-time functions give
 * (precis_model_classify, precis_model_explain, precis_article_split +
 * precis_summarize) on the same bytes, and the object must refuse to
 * explain before it has classified. The model is trained in-process the way
 * precis.h's opening sketch shows, so the sketch is checked too. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "precis.h"
#include "testutil.h"

static precis_model *model;

/* 0, or -1 with a message on stderr (before any test runs: no ck_assert). */
static int train_tiny(void)
{
    precis_error err = {0};
    precis_dataset *d = NULL;
    precis_vectorizer *v = NULL;
    precis_logreg *lr = NULL;
    int rc = precis_dataset_fit(&d, &v, tu_source_path("datasets/tiny-news/train"), NULL, NULL,
                                &err);
    if (rc == PRECIS_OK)
        rc = precis_logreg_train(&d->X, d->y, d->n_labels, NULL, &lr, &err);
    if (rc == PRECIS_OK)
        rc = precis_model_new(&model, v, lr, (const char *const *)d->labels, d->n_labels, NULL,
                              &err);
    else
        precis_vectorizer_free(v);
    precis_dataset_free(d);
    if (rc != PRECIS_OK)
        fprintf(stderr, "test_analysis: training on tiny-news failed: %s\n", err.message);
    return rc == PRECIS_OK ? 0 : -1;
}

/* Everything the analysis says about one document, against the old calls. */
static void check_document(const char *bytes, size_t len)
{
    precis_error err;
    size_t K = precis_model_n_labels(model);
    double *proba = malloc(K * sizeof *proba);
    ck_assert_int_eq(precis_model_classify(model, bytes, len, proba, &err), PRECIS_OK);

    precis_analysis *a;
    ck_assert_int_eq(precis_analysis_new(&a, model, bytes, len, &err), PRECIS_OK);
    ck_assert_ptr_null(precis_analysis_proba(a));
    ck_assert_ptr_null(precis_analysis_article(a));
    precis_term_weight got[8], want[8];
    size_t n_got = 99, n_want = 0;
    ck_assert_int_eq(precis_analysis_explain(a, 0, 8, got, &n_got, &err), PRECIS_ERR_ARG);
    ck_assert_uint_eq(n_got, 0);

    ck_assert_int_eq(precis_analysis_classify(a, &err), PRECIS_OK);
    ck_assert_int_eq(precis_analysis_classify(a, &err), PRECIS_OK); /* once is enough */
    ck_assert_mem_eq(precis_analysis_proba(a), proba, K * sizeof *proba);
    size_t best = 0;
    for (size_t k = 1; k < K; k++)
        if (proba[k] > proba[best])
            best = k;
    ck_assert_uint_eq(precis_analysis_label(a), best);

    for (size_t k = 0; k < K; k++) {
        ck_assert_int_eq(precis_model_explain(model, bytes, len, k, 8, want, &n_want, &err), PRECIS_OK);
        ck_assert_int_eq(precis_analysis_explain(a, k, 8, got, &n_got, &err), PRECIS_OK);
        ck_assert_uint_eq(n_got, n_want);
        for (size_t i = 0; i < n_got; i++) {
            ck_assert_str_eq(got[i].term, want[i].term);
            ck_assert(got[i].weight == want[i].weight);
        }
    }
    ck_assert_int_eq(precis_analysis_explain(a, K, 8, got, &n_got, &err), PRECIS_ERR_ARG);

    precis_summary_options opt;
    precis_summary_options_default(&opt);
    opt.topic_weighting = 1; /* a summarizer that uses the classes */
    precis_article *art;
    precis_summary_sentence *s_want, *s_got;
    size_t ns_want, ns_got;
    ck_assert_int_eq(precis_article_split(&art, bytes, len, &err), PRECIS_OK);
    ck_assert_int_eq(precis_summarize(model, art, proba, &opt, &s_want, &ns_want, &err), PRECIS_OK);
    ck_assert_int_eq(precis_analysis_summarize(a, &opt, &s_got, &ns_got, &err), PRECIS_OK);
    const precis_article *split = precis_analysis_article(a);
    ck_assert_ptr_nonnull(split);
    ck_assert_uint_eq(split->len, art->len);
    ck_assert_mem_eq(split->text, art->text, art->len);
    ck_assert_uint_eq(split->n_sentences, art->n_sentences);
    ck_assert_uint_eq(ns_got, ns_want);
    for (size_t i = 0; i < ns_got; i++) {
        ck_assert_uint_eq(s_got[i].index, s_want[i].index);
        ck_assert(s_got[i].score == s_want[i].score);
    }
    free(s_got);
    /* A second summary reuses the split article. */
    ck_assert_int_eq(precis_analysis_summarize(a, NULL, &s_got, &ns_got, &err), PRECIS_OK);
    ck_assert_ptr_eq(precis_analysis_article(a), split);
    free(s_got);
    free(s_want);
    precis_article_free(art);
    precis_analysis_free(a);
    free(proba);
}

START_TEST(test_same_answers_as_one_call_at_a_time)
{
    precis_error err;
    precis_reader_options ro;
    precis_reader_options_default(&ro);
    ro.format = PRECIS_FORMAT_FILES;
    precis_reader *r;
    ck_assert_int_eq(precis_reader_open(&r, tu_source_path("datasets/tiny-news/test"), &ro, &err),
                     PRECIS_OK);
    precis_document doc;
    int got, n = 0;
    while ((got = precis_reader_next(r, &doc, &err)) == 1) {
        check_document(doc.text, doc.text_len);
        n++;
    }
    ck_assert_int_eq(got, 0);
    ck_assert_int_gt(n, 5);
    precis_reader_free(r);
    /* Bytes that are not UTF-8, a BOM, NUL bytes, and nothing at all. */
    static const char odd[] = "\xef\xbb\xbf" "Caf\xe9 prices\0rise.\n\nMarkets \xff" " fell sharply today.";
    check_document(odd, sizeof odd - 1);
    check_document("", 0);
}
END_TEST

START_TEST(test_bad_arguments)
{
    precis_error err;
    precis_analysis *a = (precis_analysis *)&a;
    ck_assert_int_eq(precis_analysis_new(&a, NULL, "x", 1, &err), PRECIS_ERR_ARG);
    ck_assert_ptr_null(a);
    ck_assert_int_eq(precis_analysis_new(&a, model, NULL, 3, &err), PRECIS_ERR_ARG);
    precis_analysis_free(NULL);
}
END_TEST

int main(void)
{
    if (train_tiny() != 0)
        return EXIT_FAILURE;
    Suite *s = suite_create("analysis");
    TCase *tc = tcase_create("read once");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_same_answers_as_one_call_at_a_time);
    tcase_add_test(tc, test_bad_arguments);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    precis_model_free(model);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
