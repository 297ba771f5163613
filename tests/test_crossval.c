/* test_crossval.c — features fitted on part of a corpus (per-fold
 * cross-validation): fitted on every document they are exactly the finished
 * vectorizer and rows; fitted on some, nothing of the others reaches the
 * vocabulary, the document frequencies, the pruning or idf; and
 * precis_cross_validate_corpus scores a corpus over a C grid. */
#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "features/vectorizer.h"
#include "precis.h"
#include "testutil.h"

static const char *const docs[] = {
    "apples and pears grow in the orchard",
    "the orchard sells apples",
    "pears ripen late in the orchard",
    "zebras roam the savanna",          /* held out below: "zebras", "roam", "savanna" */
    "the savanna is wide and dry",      /* held out too */
    "apples apples apples and more apples",
};
enum { N_DOCS = sizeof docs / sizeof docs[0] };

static precis_vectorizer_builder *counted(const precis_feature_options *fo)
{
    precis_error err;
    precis_vectorizer_builder *b;
    ck_assert_int_eq(precis_vectorizer_builder_new(&b, fo, &err), PRECIS_OK);
    for (size_t i = 0; i < N_DOCS; i++)
        ck_assert_int_eq(precis_vectorizer_builder_add(b, docs[i], strlen(docs[i]), &err),
                         PRECIS_OK);
    return b;
}

static void assert_same_rows(const precis_csr *a, const precis_csr *b)
{
    ck_assert_uint_eq(a->n_rows, b->n_rows);
    ck_assert_uint_eq(a->n_cols, b->n_cols);
    ck_assert_uint_eq(a->nnz, b->nnz);
    ck_assert_mem_eq(a->row_ptr, b->row_ptr, (a->n_rows + 1) * sizeof *a->row_ptr);
    if (a->nnz) {
        ck_assert_mem_eq(a->col, b->col, a->nnz * sizeof *a->col);
        ck_assert_mem_eq(a->val, b->val, a->nnz * sizeof *a->val);
    }
}

START_TEST(test_all_documents_is_finishing)
{
    precis_feature_options fo;
    precis_feature_options_default(&fo);
    fo.ngram_max = _i + 1; /* unigrams, then 1-2-grams */
    precis_error err;
    precis_vectorizer_builder *b = counted(&fo);
    unsigned char all[N_DOCS];
    memset(all, 1, sizeof all);
    precis_vectorizer *vs, *vf;
    precis_csr Xs, Xf;
    ck_assert_int_eq(px_vectorizer_builder_fit_subset(b, all, &vs, &Xs, &err), PRECIS_OK);
    ck_assert_int_eq(precis_vectorizer_builder_finish(b, &vf, &Xf, &err), PRECIS_OK);
    ck_assert_uint_eq(precis_vectorizer_size(vs), precis_vectorizer_size(vf));
    ck_assert_uint_eq(precis_vectorizer_n_documents(vs), N_DOCS);
    for (size_t t = 0; t < precis_vectorizer_size(vf); t++) {
        ck_assert_str_eq(precis_vectorizer_term(vs, t), precis_vectorizer_term(vf, t));
        ck_assert_uint_eq(precis_vectorizer_df(vs, t), precis_vectorizer_df(vf, t));
        ck_assert(precis_vectorizer_idf(vs, t) == precis_vectorizer_idf(vf, t));
    }
    assert_same_rows(&Xs, &Xf);
    precis_csr_free(&Xs);
    precis_csr_free(&Xf);
    precis_vectorizer_free(vs);
    precis_vectorizer_free(vf);
    precis_vectorizer_builder_free(b);
}
END_TEST

START_TEST(test_held_out_documents_do_not_leak)
{
    precis_feature_options fo;
    precis_feature_options_default(&fo);
    fo.min_df.value = 2; /* "the" is in 3 fitted documents, 5 in all */
    precis_error err;
    precis_vectorizer_builder *b = counted(&fo);
    unsigned char in_fit[N_DOCS] = {1, 1, 1, 0, 0, 1};
    precis_vectorizer *v;
    precis_csr X;
    ck_assert_int_eq(px_vectorizer_builder_fit_subset(b, in_fit, &v, &X, &err), PRECIS_OK);
    ck_assert_uint_eq(precis_vectorizer_n_documents(v), 4);
    /* Terms of the held-out documents alone are not in the vocabulary; a term
     * that reaches min-df only with them ("savanna": 2 held-out documents)
     * is pruned as in the fitted part (where it has none). */
    const char *held_only[] = {"zebras", "roam", "savanna", "wide", "dry", "is"};
    for (size_t i = 0; i < sizeof held_only / sizeof *held_only; i++)
        ck_assert_int_eq(precis_vectorizer_lookup(v, held_only[i], strlen(held_only[i])), -1);
    /* Document frequencies and idf count the fitted documents only. */
    long the = precis_vectorizer_lookup(v, "the", 3), orchard = precis_vectorizer_lookup(v, "orchard", 7);
    ck_assert_int_ge(the, 0);
    ck_assert_int_ge(orchard, 0);
    ck_assert_uint_eq(precis_vectorizer_df(v, (size_t)the), 3);
    ck_assert_uint_eq(precis_vectorizer_df(v, (size_t)orchard), 3);
    ck_assert(fabs(precis_vectorizer_idf(v, (size_t)the) - (log(5.0 / 4.0) + 1.0)) < 1e-12);
    /* "pears" (2 fitted documents) passes min-df; "sells" (1) does not. */
    ck_assert_int_ge(precis_vectorizer_lookup(v, "pears", 5), 0);
    ck_assert_int_eq(precis_vectorizer_lookup(v, "sells", 5), -1);
    /* Every document has its row; a held-out one holds fitted terms only. */
    ck_assert_uint_eq(X.n_rows, N_DOCS);
    ck_assert_uint_eq(X.row_ptr[4] - X.row_ptr[3], 1); /* doc 3: "the" */
    ck_assert_uint_eq(X.col[X.row_ptr[3]], (uint32_t)the);
    ck_assert_uint_eq(X.row_ptr[5] - X.row_ptr[4], 2); /* doc 4: "the", "and" */
    precis_csr_free(&X);
    precis_vectorizer_free(v);
    precis_vectorizer_builder_free(b);
}
END_TEST

/* Counted once with 1-2-grams, refitted as unigrams with other pruning and
 * raw tf: the same vocabulary, document frequencies and rows as a builder
 * counted under those options; options the counts cannot give are refused. */
START_TEST(test_refit_under_other_options_is_counting_under_them)
{
    precis_feature_options wide, narrow;
    precis_feature_options_default(&wide);
    wide.ngram_max = 2;
    narrow = wide;
    narrow.ngram_min = _i ? 2 : 1; /* unigrams alone, then bigrams alone */
    narrow.ngram_max = _i ? 2 : 1;
    narrow.min_df.value = 2;
    narrow.max_df = (precis_df_bound){0.9, 1};
    narrow.sublinear_tf = 0;
    precis_error err;
    precis_vectorizer_builder *b = counted(&wide), *direct = counted(&narrow);
    unsigned char all[N_DOCS];
    memset(all, 1, sizeof all);
    precis_vectorizer *vs, *vf;
    precis_csr Xs, Xf;
    ck_assert_int_eq(px_vectorizer_builder_fit_subset_with(b, all, &narrow, &vs, &Xs, &err),
                     PRECIS_OK);
    ck_assert_int_eq(precis_vectorizer_builder_finish(direct, &vf, &Xf, &err), PRECIS_OK);
    ck_assert_uint_eq(precis_vectorizer_size(vs), precis_vectorizer_size(vf));
    for (size_t t = 0; t < precis_vectorizer_size(vf); t++) {
        ck_assert_str_eq(precis_vectorizer_term(vs, t), precis_vectorizer_term(vf, t));
        ck_assert_uint_eq(precis_vectorizer_df(vs, t), precis_vectorizer_df(vf, t));
    }
    ck_assert_int_eq(precis_vectorizer_options(vs)->ngram_max, narrow.ngram_max);
    ck_assert_int_eq(precis_vectorizer_options(vs)->sublinear_tf, 0);
    assert_same_rows(&Xs, &Xf);
    precis_csr_free(&Xs);
    precis_csr_free(&Xf);
    precis_vectorizer_free(vs);
    precis_vectorizer_free(vf);
    precis_feature_options bad = wide;
    bad.stop_words = 1;
    ck_assert_int_eq(px_vectorizer_builder_fit_subset_with(b, all, &bad, &vs, &Xs, &err),
                     PRECIS_ERR_ARG);
    bad = wide;
    bad.ngram_max = 3;
    ck_assert_int_eq(px_vectorizer_builder_fit_subset_with(b, all, &bad, &vs, &Xs, &err),
                     PRECIS_ERR_ARG);
    ck_assert_ptr_null(vs);
    precis_vectorizer_builder_free(b);
    precis_vectorizer_builder_free(direct);
}
END_TEST

START_TEST(test_cross_validate_corpus)
{
    precis_error err;
    const char *corpus = tu_source_path("datasets/tiny-news/train");
    double grid[3] = {0.1, 1, 10}, acc[3] = {-1, -1, -1}, again[3];
    ck_assert_int_eq(precis_cross_validate_corpus(corpus, NULL, NULL, 5, NULL, grid, 3, acc, &err),
                     PRECIS_OK);
    for (size_t g = 0; g < 3; g++)
        ck_assert(acc[g] >= 0.0 && acc[g] <= 1.0);
    ck_assert(acc[2] > 0.5); /* five topics: well above chance at C = 10 */
    /* Deterministic, and one C alone gives the grid's figure for it. */
    ck_assert_int_eq(precis_cross_validate_corpus(corpus, NULL, NULL, 5, NULL, grid, 3, again, &err),
                     PRECIS_OK);
    ck_assert_mem_eq(acc, again, sizeof acc);
    precis_logreg_params p;
    precis_logreg_params_default(&p);
    p.C = 1;
    double one;
    ck_assert_int_eq(precis_cross_validate_corpus(corpus, NULL, NULL, 5, &p, NULL, 0, &one, &err),
                     PRECIS_OK);
    ck_assert(one == acc[1]);
    ck_assert_int_eq(precis_cross_validate_corpus(corpus, NULL, NULL, 1, NULL, NULL, 0, &one, &err),
                     PRECIS_ERR_ARG);
    ck_assert_int_eq(precis_cross_validate_corpus(corpus, NULL, NULL, 100000, NULL, NULL, 0, &one,
                                                  &err), PRECIS_ERR_ARG);
}
END_TEST

/* Two documents a label and 3 folds: the third fold is empty (each label
 * is dealt from fold 0). It has no accuracy, not accuracy 0: separable
 * documents score 1 in both entry points. */
START_TEST(test_empty_fold_is_left_out)
{
    char *dir = tu_temp_dir();
    ck_assert_ptr_nonnull(dir);
    const char *path = tu_pathf("%s/tiny.tsv", dir);
    const char *text = "sport\tgoal match\nsport\tgoal\ntech\tchip\ntech\tchip phone\n";
    ck_assert_int_eq(tu_write_file(path, text, strlen(text)), 0);
    precis_error err;
    double acc = -1;
    ck_assert_int_eq(precis_cross_validate_corpus(path, NULL, NULL, 3, NULL, NULL, 0, &acc, &err),
                     PRECIS_OK);
    ck_assert_double_eq(acc, 1.0);
    precis_dataset *d;
    precis_vectorizer *v;
    ck_assert_int_eq(precis_dataset_fit(&d, &v, path, NULL, NULL, &err), PRECIS_OK);
    acc = -1;
    ck_assert_int_eq(precis_cross_validate(d, 3, NULL, &acc, NULL, &err), PRECIS_OK);
    ck_assert_double_eq(acc, 1.0);
    precis_dataset_free(d);
    precis_vectorizer_free(v);
    tu_remove_tree(dir);
    free(dir);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("crossval");
    TCase *tc = tcase_create("per-fold features");
    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, test_all_documents_is_finishing, 0, 2);
    tcase_add_test(tc, test_held_out_documents_do_not_leak);
    tcase_add_test(tc, test_empty_fold_is_left_out);
    tcase_add_loop_test(tc, test_refit_under_other_options_is_counting_under_them, 0, 2);
    tcase_add_test(tc, test_cross_validate_corpus);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
