/* test_oom.c — allocation failures injected through the whole of training
 * and of inference, on the fixture corpus tests/fixtures/bad/train.tsv.
 *
 * The library's allocator (model/alloc.c) can make its Nth allocation fail
 * (px_alloc_fail_after). A clean run counts the allocations; then every one
 * of them is made to fail in turn, once ("one-shot": later allocations
 * succeed again) and for good ("sticky"). Each run must end in PRECIS_OK or
 * PRECIS_ERR_NOMEM with a message, leave no model file or temporary file
 * behind when it fails, and leak nothing (ASan's leak checker, or valgrind
 * via tests/valgrind.sh, watches each test's process). */
#define _XOPEN_SOURCE 700
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/alloc.h"
#include "precis.h"
#include "testutil.h"

static char *g_dir;

static const char *corpus(void) { return tu_source_path("tests/fixtures/bad/train.tsv"); }

/* ---------------------------------------------------------------- training */

static int train_and_save(const char *path, precis_error *err)
{
    precis_reader_options ro;
    precis_reader_options_default(&ro);
    precis_feature_options fo;
    precis_feature_options_default(&fo);
    fo.ngram_max = 2;
    precis_logreg_params lp;
    precis_logreg_params_default(&lp);
    lp.n_threads = 2;
    precis_dataset *d = NULL;
    precis_vectorizer *v = NULL;
    precis_logreg *lr = NULL;
    precis_model *m = NULL;
    double acc;
    int rc = precis_dataset_fit(&d, &v, corpus(), &ro, &fo, err);
    if (rc == PRECIS_OK)
        rc = precis_cross_validate(d, 3, &lp, &acc, NULL, err);
    if (rc == PRECIS_OK)
        rc = precis_logreg_train(&d->X, d->y, d->n_labels, &lp, &lr, err);
    if (rc == PRECIS_OK) {
        rc = precis_model_new(&m, v, lr, (const char *const *)d->labels, d->n_labels, &ro, err);
        v = NULL; /* the model owns them now, or freed them */
        lr = NULL;
    }
    if (rc == PRECIS_OK)
        rc = precis_model_save(m, path, err);
    precis_model_free(m);
    precis_logreg_free(lr);
    precis_vectorizer_free(v);
    precis_dataset_free(d);
    return rc;
}

/* ---------------------------------------------------------------- inference */

static const char ARTICLE[] =
    "Minister wins the vote\n\n"
    "The minister won the vote in parliament after a long debate. "
    "The striker scored twice and the home team won the match. "
    "Engineers released a software update for the new phone. "
    "Share this article\n\n"
    "The government met the senators to discuss the budget and the treaty.";

static int summarize_all(const precis_model *m, const precis_article *a, const double *proba,
                         precis_error *err)
{
    static const precis_summarizer methods[] = {
        PRECIS_SUMMARIZER_DEFAULT, PRECIS_SUMMARIZER_CENTROID, PRECIS_SUMMARIZER_TEXTRANK,
        PRECIS_SUMMARIZER_LEXRANK, PRECIS_SUMMARIZER_LSA, PRECIS_SUMMARIZER_LEAD,
    };
    int rc = PRECIS_OK;
    for (size_t i = 0; rc == PRECIS_OK && i < sizeof methods / sizeof methods[0]; i++) {
        precis_summary_options so;
        precis_summary_options_default(&so);
        so.method = methods[i];
        so.topic_weighting = i % 2;
        so.mmr_lambda = i % 3 ? 1.0 : 0.7;
        precis_summary_sentence *out = NULL;
        size_t n = 0;
        rc = precis_summarize(i % 2 ? m : NULL, a, proba, &so, &out, &n, err);
        free(out);
    }
    return rc;
}

static int load_and_infer(const char *path, precis_error *err)
{
    precis_model *m = NULL;
    precis_article *a = NULL;
    precis_metrics *metrics = NULL;
    double *proba = NULL;
    size_t unknown = 0;
    int rc = precis_model_load(&m, path, err);
    if (rc == PRECIS_OK) {
        proba = malloc(precis_model_n_labels(m) * sizeof *proba); /* not injected */
        ck_assert_ptr_nonnull(proba);
    }
    if (rc == PRECIS_OK)
        rc = precis_model_classify(m, ARTICLE, sizeof ARTICLE - 1, proba, err);
    if (rc == PRECIS_OK) {
        precis_term_weight tw[5];
        size_t n;
        rc = precis_model_explain(m, ARTICLE, sizeof ARTICLE - 1, 0, 5, tw, &n, err);
    }
    if (rc == PRECIS_OK)
        rc = precis_article_split(&a, ARTICLE, sizeof ARTICLE - 1, err);
    if (rc == PRECIS_OK)
        rc = summarize_all(m, a, proba, err);
    if (rc == PRECIS_OK) {
        precis_reader_options ro = *precis_model_reader_options(m);
        rc = precis_model_evaluate(m, corpus(), &ro, &metrics, &unknown, err);
    }
    precis_metrics_free(metrics);
    precis_article_free(a);
    free(proba);
    precis_model_free(m);
    return rc;
}

/* ---------------------------------------------------------------- the sweeps */

static size_t count_files(const char *dir)
{
    DIR *d = opendir(dir);
    ck_assert_ptr_nonnull(d);
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        n += e->d_name[0] != '.';
    closedir(d);
    return n;
}

typedef int (*pipeline_fn)(const char *path, precis_error *err);

#define COUNT_SLACK 8 /* the reading threads make the count vary a little */

/* Fails each allocation of fn in turn; returns how many runs failed, and
 * the clean run's allocation count in *total_out. */
static long sweep(pipeline_fn fn, const char *path, int sticky, int writes, long *total_out)
{
    precis_error err = {0};
    px_alloc_fail_after(0, 0);
    ck_assert_msg(fn(path, &err) == PRECIS_OK, "clean run failed: %s", err.message);
    long total = px_alloc_count();
    ck_assert_int_gt(total, 50);
    *total_out = total;
    const char *dir_files = writes ? g_dir : NULL;
    long failed = 0;
    /* A few past the count: the reading threads make the count vary a little. */
    for (long n = 1; n <= total + COUNT_SLACK; n++) {
        if (writes)
            unlink(path);
        memset(&err, 0, sizeof err);
        px_alloc_fail_after(n, sticky);
        int rc = fn(path, &err);
        px_alloc_fail_after(0, 0);
        if (rc == PRECIS_OK)
            continue;
        failed++;
        ck_assert_msg(rc == PRECIS_ERR_NOMEM, "allocation %ld of %ld failed (%s): status %d, %s",
                      n, total, sticky ? "sticky" : "once", rc, err.message);
        ck_assert_msg(err.message[0] != '\0', "allocation %ld: no message", n);
        if (writes) {
            ck_assert_msg(access(path, F_OK) != 0, "allocation %ld: a model was written", n);
            ck_assert_msg(count_files(dir_files) == 0, "allocation %ld: a file was left", n);
        }
    }
    return failed;
}

START_TEST(training_under_allocation_failures)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/model", g_dir);
    long total;
    long failed_once = sweep(train_and_save, path, 0, 1, &total);
    long failed_sticky = sweep(train_and_save, path, 1, 1, &total);
    /* Sticky failures leave nothing to recover with: each one must show, so
     * every allocation the run makes (up to the count's wobble) fails it. */
    ck_assert_msg(failed_sticky >= total - COUNT_SLACK, "%ld of %ld sticky failures seen",
                  failed_sticky, total);
    ck_assert_int_gt(failed_once, 0);
    ck_assert_int_ge(failed_sticky, failed_once);
    unlink(path);
}
END_TEST

START_TEST(inference_under_allocation_failures)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/model", g_dir);
    precis_error err = {0};
    ck_assert_msg(train_and_save(path, &err) == PRECIS_OK, "%s", err.message);
    long total;
    long failed_once = sweep(load_and_infer, path, 0, 0, &total);
    long failed_sticky = sweep(load_and_infer, path, 1, 0, &total);
    ck_assert_msg(failed_sticky >= total - COUNT_SLACK, "%ld of %ld sticky failures seen",
                  failed_sticky, total);
    ck_assert_int_gt(failed_once, 0);
    ck_assert_int_ge(failed_sticky, failed_once);
    unlink(path);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("oom");
    TCase *tc = tcase_create("sweeps");
    tcase_set_timeout(tc, 600);
    tcase_add_test(tc, training_under_allocation_failures);
    tcase_add_test(tc, inference_under_allocation_failures);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    g_dir = tu_temp_dir();
    if (!g_dir)
        return EXIT_FAILURE;
    SRunner *sr = srunner_create(suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    tu_remove_tree(g_dir);
    free(g_dir);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
