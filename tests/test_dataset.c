/* test_dataset.c — precis_dataset_fit (reader thread, merged counts) gives
 * exactly the rows of a vectorizer built document by document; labels are
 * sorted; cross-validation runs; failures unwind. */
#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "precis.h"
#include "testutil.h"

/* Builds the same corpus through precis_vectorizer_builder_add, in reader order. */
static void build_directly(const char *path, const precis_feature_options *fo, precis_csr *X,
                           precis_vectorizer **v)
{
    precis_reader *r;
    precis_error err;
    precis_vectorizer_builder *b;
    ck_assert_int_eq(precis_reader_open(&r, path, NULL, &err), PRECIS_OK);
    ck_assert_int_eq(precis_vectorizer_builder_new(&b, fo, &err), PRECIS_OK);
    precis_document doc;
    while (precis_reader_next(r, &doc, &err) == 1)
        ck_assert_int_eq(precis_vectorizer_builder_add(b, doc.text, doc.text_len, &err), PRECIS_OK);
    ck_assert_int_eq(precis_vectorizer_builder_finish(b, v, X, &err), PRECIS_OK);
    precis_vectorizer_builder_free(b);
    precis_reader_free(r);
}

static void check_same_rows(const precis_feature_options *fo)
{
    const char *path = tu_source_path("datasets/tiny-news/train");
    precis_dataset *d;
    precis_vectorizer *v, *v2;
    precis_error err;
    precis_csr X;
    ck_assert_int_eq(precis_dataset_fit(&d, &v, path, NULL, fo, &err), PRECIS_OK);
    build_directly(path, fo, &X, &v2);
    ck_assert_uint_eq(precis_vectorizer_size(v), precis_vectorizer_size(v2));
    ck_assert_uint_eq(d->X.n_rows, X.n_rows);
    ck_assert_uint_eq(d->X.nnz, X.nnz);
    for (size_t i = 0; i <= X.n_rows; i++)
        ck_assert_uint_eq(d->X.row_ptr[i], X.row_ptr[i]);
    for (size_t k = 0; k < X.nnz; k++) {
        ck_assert_uint_eq(d->X.col[k], X.col[k]);
        ck_assert(d->X.val[k] == X.val[k]);
    }
    /* The label folders of datasets/tiny-news/train, sorted. */
    static const char *const folders[] = {"business", "entertainment", "politics", "sport", "tech"};
    ck_assert_uint_eq(d->n_labels, 5);
    for (size_t c = 0; c < d->n_labels; c++)
        ck_assert_str_eq(d->labels[c], folders[c]);
    /* Row i is the reader's document i, and y[i] names its label. */
    precis_reader *r;
    ck_assert_int_eq(precis_reader_open(&r, path, NULL, &err), PRECIS_OK);
    precis_document doc;
    size_t i = 0;
    while (precis_reader_next(r, &doc, &err) == 1) {
        ck_assert_uint_lt(i, d->X.n_rows);
        ck_assert_uint_lt(d->y[i], d->n_labels);
        ck_assert_str_eq(d->labels[d->y[i]], doc.label);
        i++;
    }
    ck_assert_uint_eq(i, d->X.n_rows);
    precis_reader_free(r);
    precis_csr_free(&X);
    precis_vectorizer_free(v);
    precis_vectorizer_free(v2);
    precis_dataset_free(d);
}

START_TEST(test_fit_equals_builder_unigrams)
{
    precis_feature_options fo;
    precis_feature_options_default(&fo);
    check_same_rows(&fo);
}
END_TEST

START_TEST(test_fit_equals_builder_ngrams)
{
    precis_feature_options fo;
    precis_feature_options_default(&fo);
    fo.ngram_max = 3;
    fo.stop_words = 1;
    fo.min_df.value = 2;
    check_same_rows(&fo);
}
END_TEST

START_TEST(test_cross_validation_runs)
{
    precis_dataset *d;
    precis_vectorizer *v;
    precis_error err;
    ck_assert_int_eq(precis_dataset_fit(&d, &v, tu_source_path("datasets/tiny-news/train"), NULL,
                                        NULL, &err),
                     PRECIS_OK);
    precis_logreg_params p;
    precis_logreg_params_default(&p);
    precis_metrics *m;
    ck_assert_int_eq(precis_metrics_new(&m, d->n_labels, &err), PRECIS_OK);
    double acc = -1;
    ck_assert_int_eq(precis_cross_validate(d, 5, &p, &acc, m, &err), PRECIS_OK);
    precis_metrics_finish(m);
    ck_assert_uint_eq(m->n, d->X.n_rows);   /* every document scored once */
    /* ... under its own true class: each confusion row holds exactly the
     * documents of that class, and the rows add up to all of them. */
    for (size_t c = 0; c < d->n_labels; c++) {
        size_t want = 0, row = 0;
        for (size_t i = 0; i < d->X.n_rows; i++)
            want += d->y[i] == c;
        for (size_t k = 0; k < d->n_labels; k++)
            row += m->confusion[c * d->n_labels + k];
        ck_assert_uint_gt(want, 0);
        ck_assert_uint_eq(m->support[c], want);
        ck_assert_uint_eq(row, want);
    }
    ck_assert(acc > 0.5 && acc <= 1.0);      /* five topics: chance is 0.2 */
    /* Every class has 10 documents and folds are dealt class by class, so each
     * of the 5 folds holds 2 of each class, 10 in all: the mean of the fold
     * accuracies is then the accuracy of the pooled out-of-fold predictions. */
    ck_assert_uint_eq(d->X.n_rows, 50);
    ck_assert_msg(fabs(acc - m->accuracy) < 1e-12, "mean over folds %.17g, pooled %.17g", acc,
                  m->accuracy);
    ck_assert_int_eq(precis_cross_validate(d, 1, &p, &acc, NULL, &err), PRECIS_ERR_ARG);
    precis_metrics_free(m);
    precis_vectorizer_free(v);
    precis_dataset_free(d);
}
END_TEST

START_TEST(test_fit_allocation_failures)
{
    const char *path = tu_source_path("datasets/tiny-news/train");
    for (long k = 1;; k++) {
        precis_dataset *d = NULL;
        precis_vectorizer *v = NULL;
        precis_error err;
        px_alloc_fail_after(k, 1);
        int rc = precis_dataset_fit(&d, &v, path, NULL, NULL, &err);
        px_alloc_fail_after(0, 0);
        if (rc == PRECIS_OK) {
            precis_vectorizer_free(v);
            precis_dataset_free(d);
            ck_assert_int_gt(k, 10);
            break;
        }
        ck_assert_int_eq(rc, PRECIS_ERR_NOMEM);
        ck_assert_ptr_null(d);
        ck_assert_ptr_null(v);
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("dataset");
    TCase *tc = tcase_create("fit");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, test_fit_equals_builder_unigrams);
    tcase_add_test(tc, test_fit_equals_builder_ngrams);
    tcase_add_test(tc, test_cross_validation_runs);
    tcase_add_test(tc, test_fit_allocation_failures);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
