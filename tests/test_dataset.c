/* test_dataset.c — precis_dataset_fit (reading threads, merged shards) gives
 * exactly the rows of a vectorizer built document by document, whatever the
 * number of threads; labels are sorted; cross-validation runs; failures
 * unwind. */
#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <stdio.h>
#include <sys/stat.h>

#include "base/alloc.h"
#include "precis.h"
#include "features/shards.h"
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

/* A corpus of 3 labels x 150 short documents, with repeats (duplicates for
 * the notes) and empty ones, so that many batches go to every thread. */
static char *make_corpus(void)
{
    char *dir = tu_temp_dir();
    static const char *const words[] = {"market", "shares", "goal", "match", "vote",
                                        "party", "film", "album", "chip", "phone",
                                        "caf\xc3\xa9", "na\xc3\xafve"};
    char path[4096], text[512];
    for (int l = 0; l < 3; l++) {
        snprintf(path, sizeof path, "%s/label%d", dir, l);
        ck_assert_int_eq(mkdir(path, 0700), 0);
        for (int i = 0; i < 150; i++) {
            size_t at = 0;
            int n = i % 17 == 0 ? 0 : i % 11 == 0 ? 5 : 3 + (i * 7 + l) % 40;
            for (int w = 0; w < n; w++)
                at += (size_t)snprintf(text + at, sizeof text - at, "%s ",
                                       words[(i % 11 == 0 ? w : i * 31 + w * w + l) % 12]);
            snprintf(path, sizeof path, "%s/label%d/doc%03d.txt", dir, l, i);
            ck_assert_int_eq(tu_write_file(path, text, at), 0);
        }
    }
    return dir;
}

/* The rows, vocabulary, labels and notes of reading dir with n_threads. */
static void read_with(const char *dir, int ngram_max, size_t n_threads, precis_csr *X,
                      precis_vectorizer **v, px_read_result *res, px_vocab *labels)
{
    precis_reader *r;
    precis_error err;
    precis_vectorizer_builder *b;
    precis_feature_options fo;
    precis_feature_options_default(&fo);
    fo.ngram_max = ngram_max;
    ck_assert_int_eq(precis_reader_open(&r, dir, NULL, &err), PRECIS_OK);
    ck_assert_int_eq(precis_vectorizer_builder_new(&b, &fo, &err), PRECIS_OK);
    memset(labels, 0, sizeof *labels);
    ck_assert_int_eq(px_read_sharded(r, NULL, b, labels, n_threads, res, &err), PRECIS_OK);
    ck_assert_int_eq(precis_vectorizer_builder_finish(b, v, X, &err), PRECIS_OK);
    precis_vectorizer_builder_free(b);
    precis_reader_free(r);
}

static int by_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

/* Unigrams (counted token by token, slots fetched ahead) and bigrams (term
 * by term) take different paths through the counting. */
START_TEST(test_reading_threads_do_not_change_the_result)
{
    int ngram_max = _i + 1;
    char *dir = make_corpus();
    precis_csr X1;
    precis_vectorizer *v1;
    px_read_result r1;
    px_vocab l1;
    read_with(dir, ngram_max, 1, &X1, &v1, &r1, &l1);
    ck_assert_uint_eq(r1.n, 450);
    ck_assert_uint_eq(r1.no_terms, 3 * 9); /* i % 17 == 0: 9 empty documents per label */
    qsort(r1.hash, r1.n_hash, sizeof *r1.hash, by_u64);
    size_t threads[] = {2, 3, 7, 16};
    for (size_t t = 0; t < sizeof threads / sizeof threads[0]; t++) {
        precis_csr X;
        precis_vectorizer *v;
        px_read_result r;
        px_vocab l;
        read_with(dir, ngram_max, threads[t], &X, &v, &r, &l);
        ck_assert_uint_eq(precis_vectorizer_size(v), precis_vectorizer_size(v1));
        for (size_t i = 0; i < precis_vectorizer_size(v); i++) {
            ck_assert_str_eq(precis_vectorizer_term(v, i), precis_vectorizer_term(v1, i));
            ck_assert_uint_eq(precis_vectorizer_df(v, i), precis_vectorizer_df(v1, i));
        }
        ck_assert_uint_eq(X.n_rows, X1.n_rows);
        ck_assert_uint_eq(X.nnz, X1.nnz);
        ck_assert_mem_eq(X.row_ptr, X1.row_ptr, (X.n_rows + 1) * sizeof *X.row_ptr);
        ck_assert_mem_eq(X.col, X1.col, X.nnz * sizeof *X.col);
        ck_assert_mem_eq(X.val, X1.val, X.nnz * sizeof *X.val);
        ck_assert_uint_eq(r.n, r1.n);
        ck_assert_mem_eq(r.y, r1.y, r.n * sizeof *r.y);
        ck_assert_uint_eq(l.n, l1.n);
        for (size_t k = 0; k < l.n; k++)
            ck_assert_str_eq(px_vocab_term(&l, k), px_vocab_term(&l1, k));
        ck_assert_uint_eq(r.no_terms, r1.no_terms);
        ck_assert_uint_eq(r.n_hash, r1.n_hash);
        qsort(r.hash, r.n_hash, sizeof *r.hash, by_u64);
        ck_assert_mem_eq(r.hash, r1.hash, r.n_hash * sizeof *r.hash);
        precis_csr_free(&X);
        precis_vectorizer_free(v);
        px_read_result_free(&r);
        px_vocab_free(&l);
    }
    /* Documents 11, 22, ..., 143 of every label hold the same five words: 39
     * copies, 38 repeats (other coincidences may add a few). */
    size_t dup = 0;
    for (size_t i = 1; i < r1.n_hash; i++)
        dup += r1.hash[i] == r1.hash[i - 1];
    ck_assert_uint_ge(dup, 38);
    precis_csr_free(&X1);
    precis_vectorizer_free(v1);
    px_read_result_free(&r1);
    px_vocab_free(&l1);
    free(dir);
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

/* A corpus that leaves no terms is refused with a message naming it. */
START_TEST(test_no_terms_names_the_corpus)
{
    char *dir = tu_temp_dir();
    ck_assert_ptr_nonnull(dir);
    const char *path = tu_pathf("%s/one-letter.tsv", dir);
    const char *text = "a\tx y\nb\ty z\n"; /* one-character tokens only */
    ck_assert_int_eq(tu_write_file(path, text, strlen(text)), 0);
    precis_dataset *d = NULL;
    precis_vectorizer *v = NULL;
    precis_error err;
    ck_assert_int_eq(precis_dataset_fit(&d, &v, path, NULL, NULL, &err), PRECIS_ERR_EMPTY);
    ck_assert_ptr_null(d);
    ck_assert_ptr_null(v);
    ck_assert_msg(strncmp(err.message, path, strlen(path)) == 0, "%s", err.message);
    ck_assert_ptr_nonnull(strstr(err.message, "empty vocabulary"));
    tu_remove_tree(dir);
    free(dir);
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
    tcase_add_loop_test(tc, test_reading_threads_do_not_change_the_result, 0, 2);
    tcase_add_test(tc, test_cross_validation_runs);
    tcase_add_test(tc, test_fit_allocation_failures);
    tcase_add_test(tc, test_no_terms_names_the_corpus);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
