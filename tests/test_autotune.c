/* test_autotune.c — precis_autotune: the search is deterministic, its
 * winner is the best mean (the earliest on ties), later stages start from
 * earlier winners (ties broken by held-out log-loss), a spent budget stops it after the first setting keeping
 * the best so far, bad options are refused; and the winner's settings
 * (precis_tuning) round-trip through the model file, whose bytes without
 * them are unchanged. */
#define _GNU_SOURCE /* memmem */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "precis.h"
#include "testutil.h"

static char *dir;
static char corpus[4096];

/* A TSV corpus where the options matter: three topics sharing most words,
 * each with a few telling ones, and a tenth of the labels flipped. */
static void make_corpus(void)
{
    static const char *common[] = {"the", "a", "of", "and", "to", "in", "report", "said",
                                   "year", "new", "people", "time", "day", "week", "make"};
    static const char *topic[3][5] = {{"goal", "match", "coach", "league", "striker"},
                                      {"shares", "profit", "market", "bank", "investor"},
                                      {"vote", "minister", "party", "election", "policy"}};
    static const char *names[3] = {"sport", "business", "politics"};
    dir = tu_temp_dir();
    snprintf(corpus, sizeof corpus, "%s/corpus.tsv", dir);
    FILE *f = fopen(corpus, "w");
    ck_assert_ptr_nonnull(f);
    unsigned long long st = 12345;
    for (int i = 0; i < 90; i++) {
        int label = i % 3;
        st = st * 6364136223846793005ULL + 1442695040888963407ULL;
        int shown = (st >> 33) % 10 == 0 ? (label + 1) % 3 : label;
        fprintf(f, "%s\t", names[shown]);
        for (int w = 0; w < 14; w++) {
            st = st * 6364136223846793005ULL + 1442695040888963407ULL;
            unsigned r = (unsigned)(st >> 33);
            if (r % 4 == 0)
                fprintf(f, "%s ", topic[(r / 4) % 7 == 0 ? (label + 2) % 3 : label][(r / 28) % 5]);
            else
                fprintf(f, "%s ", common[(r / 4) % 15]);
        }
        fputc('\n', f);
    }
    ck_assert_int_eq(fclose(f), 0);
}

static void remove_corpus(void)
{
    tu_remove_tree(dir);
    free(dir);
}

static precis_autotune_result *search(double seconds)
{
    precis_autotune_options opt;
    precis_autotune_options_default(&opt);
    opt.seconds = seconds;
    precis_logreg_params p;
    precis_logreg_params_default(&p);
    p.n_threads = 2;
    precis_autotune_result *r = NULL;
    precis_error err;
    int rc = precis_autotune(corpus, NULL, NULL, &p, &opt, &r, &err);
    ck_assert_msg(rc == PRECIS_OK, "%s", err.message);
    return r;
}

static int same_features(const precis_feature_options *a, const precis_feature_options *b)
{
    return a->ngram_min == b->ngram_min && a->ngram_max == b->ngram_max &&
           a->stop_words == b->stop_words && a->min_df.value == b->min_df.value &&
           a->max_df.value == b->max_df.value && a->sublinear_tf == b->sublinear_tf;
}

START_TEST(test_search_is_deterministic_and_keeps_the_best)
{
    precis_autotune_result *a = search(1e6), *b = search(1e6);
    ck_assert_int_eq(a->stopped_early, 0);
    ck_assert_uint_eq(a->settings_scored, a->settings_planned);
    /* C = 1 per squared-hinge feature setting, then its path of 3 for the
     * best, then the multinomial's 5 */
    ck_assert_uint_eq(a->n_candidates, (a->settings_scored - 2) + 3 + 5);
    ck_assert_uint_eq(a->folds, 3);
    ck_assert_uint_eq(a->n_candidates, b->n_candidates);
    ck_assert_uint_eq(a->best, b->best);
    for (size_t i = 0; i < a->n_candidates; i++) {
        const precis_autotune_candidate *x = &a->candidates[i], *y = &b->candidates[i];
        ck_assert(same_features(&x->features, &y->features));
        ck_assert(x->C == y->C && x->mean == y->mean && x->sd == y->sd);
        ck_assert(x->mean >= 0 && x->mean <= 1 && x->sd >= 0 && x->sd <= 0.5);
        /* the winner: no candidate above it; none as accurate with a lower
         * log-loss; none before it as good on both */
        const precis_autotune_candidate *w = &a->candidates[a->best];
        ck_assert(x->mean <= w->mean);
        ck_assert(x->log_loss == y->log_loss && x->log_loss > 0);
        if (x->mean == w->mean)
            ck_assert(x->log_loss >= w->log_loss);
        if (i < a->best)
            ck_assert(x->mean < w->mean || x->log_loss > w->log_loss);
    }
    /* the options matter on this corpus: not every candidate scores alike */
    double lo = 1, hi = 0;
    for (size_t i = 0; i < a->n_candidates; i++) {
        lo = fmin(lo, a->candidates[i].mean);
        hi = fmax(hi, a->candidates[i].mean);
    }
    ck_assert(hi > lo);
    /* Stage 2 (settings 6 to 8) starts from stage 1's best tokenization
     * (the one-character flip, setting 3, included). */
    size_t best1 = 0;
    for (size_t i = 0; i < 5; i++)
        if (a->candidates[i].mean > a->candidates[best1].mean ||
            (a->candidates[i].mean == a->candidates[best1].mean &&
             a->candidates[i].log_loss < a->candidates[best1].log_loss))
            best1 = i;
    for (size_t i = 5; i < 8; i++) {
        ck_assert_int_eq(a->candidates[i].features.stop_words,
                         a->candidates[best1].features.stop_words);
        ck_assert_int_eq(a->candidates[i].features.ngram_max,
                         a->candidates[best1].features.ngram_max);
    }
    precis_autotune_result_free(a);
    precis_autotune_result_free(b);
}
END_TEST

/* Given min-df and max-df outside the search's own, stage 2 scores four
 * settings, not three: thirteen in all, every one scored; the feature stages
 * score the squared hinge, the last the multinomial on its own C path. */
START_TEST(test_other_pruning_given_adds_a_setting)
{
    precis_feature_options fo;
    precis_feature_options_default(&fo);
    fo.max_df = (precis_df_bound){0.9, 1};
    precis_autotune_options opt;
    precis_autotune_options_default(&opt);
    opt.seconds = 1e6;
    const double path[] = {1, 10};
    opt.C_path = path;
    opt.n_C = 2;
    precis_autotune_result *r = NULL;
    precis_error err;
    ck_assert_int_eq(precis_autotune(corpus, NULL, &fo, NULL, &opt, &r, &err), PRECIS_OK);
    ck_assert_uint_eq(r->settings_planned, 13);
    ck_assert_uint_eq(r->settings_scored, 13);
    /* eleven squared-hinge settings at C = 1, the best on the rest of its
     * path (0.3, 3, 10), the multinomial on the given 2 */
    ck_assert_uint_eq(r->n_candidates, 16);
    ck_assert(r->candidates[0].features.max_df.value == 0.9);
    for (size_t i = 0; i < 16; i++) {
        ck_assert_int_eq(r->candidates[i].loss, i < 14 ? PRECIS_LOSS_SQUARED_HINGE
                                                       : PRECIS_LOSS_MULTINOMIAL);
        ck_assert(r->candidates[i].temperature > 0);
        ck_assert(i >= 11 || r->candidates[i].C == 1);
    }
    ck_assert(r->candidates[11].C == 0.3 && r->candidates[12].C == 3 &&
              r->candidates[13].C == 10);
    ck_assert(r->candidates[14].C == 1 && r->candidates[15].C == 10);
    /* the one-character flip: setting 3, of the better of settings 1 and 2;
     * settings 4 and 5 without */
    for (size_t i = 0; i < 5; i++)
        ck_assert_int_eq(r->candidates[i].features.single_char_tokens, i == 2);
    size_t better = r->candidates[1].mean > r->candidates[0].mean ||
                            (r->candidates[1].mean == r->candidates[0].mean &&
                             r->candidates[1].log_loss < r->candidates[0].log_loss)
                        ? 1
                        : 0;
    ck_assert_int_eq(r->candidates[2].features.ngram_max,
                     r->candidates[better].features.ngram_max);
    ck_assert_int_eq(r->candidates[2].features.stop_words,
                     r->candidates[better].features.stop_words);
    precis_autotune_result_free(r);
}
END_TEST

START_TEST(test_spent_budget_stops_after_the_first_setting)
{
    precis_autotune_result *r = search(0), *full = search(1e6);
    ck_assert_int_eq(r->stopped_early, 1);
    ck_assert_uint_eq(r->settings_scored, 1);
    ck_assert_uint_eq(r->n_candidates, 1);
    /* the first setting is the defaults', scored as in the full search */
    for (size_t i = 0; i < 1; i++) {
        ck_assert(r->candidates[i].mean == full->candidates[i].mean);
        ck_assert(r->candidates[i].mean <= r->candidates[r->best].mean);
    }
    ck_assert_int_eq(r->candidates[0].features.ngram_max, 1);
    ck_assert_int_eq(r->candidates[0].features.stop_words, 0);
    precis_autotune_result_free(r);
    precis_autotune_result_free(full);
}
END_TEST

START_TEST(test_bad_options_are_refused)
{
    precis_autotune_options opt;
    precis_autotune_result *r = NULL;
    precis_error err;
    precis_autotune_options_default(&opt);
    opt.folds = 1;
    ck_assert_int_eq(precis_autotune(corpus, NULL, NULL, NULL, &opt, &r, &err), PRECIS_ERR_ARG);
    precis_autotune_options_default(&opt);
    opt.folds = 1000; /* more folds than documents */
    ck_assert_int_eq(precis_autotune(corpus, NULL, NULL, NULL, &opt, &r, &err), PRECIS_ERR_ARG);
    precis_autotune_options_default(&opt);
    const double descending[] = {10, 1};
    opt.C_path = descending;
    opt.n_C = 2;
    ck_assert_int_eq(precis_autotune(corpus, NULL, NULL, NULL, &opt, &r, &err), PRECIS_ERR_ARG);
    precis_autotune_options_default(&opt);
    opt.seconds = NAN;
    ck_assert_int_eq(precis_autotune(corpus, NULL, NULL, NULL, &opt, &r, &err), PRECIS_ERR_ARG);
    ck_assert_ptr_null(r);
    char missing[4200];
    snprintf(missing, sizeof missing, "%s/none.tsv", dir);
    ck_assert_int_ne(precis_autotune(missing, NULL, NULL, NULL, NULL, &r, &err), PRECIS_OK);
    ck_assert_ptr_null(r);
}
END_TEST

/* Four documents, two per label, separable: with 3 folds the third fold is
 * empty (each label is dealt from fold 0) and min-df 2 leaves a fold's
 * training part no terms. The search must still finish, count those
 * settings as unusable, and not score the empty fold as accuracy 0. */
START_TEST(test_tiny_corpus_skips_what_cannot_be_scored)
{
    char tiny[4200];
    snprintf(tiny, sizeof tiny, "%s/tiny.tsv", dir);
    const char *text = "sport\tgoal match\nsport\tgoal\ntech\tchip\ntech\tchip phone\n";
    ck_assert_int_eq(tu_write_file(tiny, text, strlen(text)), 0);
    precis_autotune_options opt;
    precis_autotune_options_default(&opt);
    opt.seconds = 1e6;
    precis_autotune_result *r = NULL;
    precis_error err;
    int rc = precis_autotune(tiny, NULL, NULL, NULL, &opt, &r, &err);
    ck_assert_msg(rc == PRECIS_OK, "%s", err.message);
    ck_assert_uint_ge(r->settings_unusable, 1);
    ck_assert_uint_eq(r->settings_scored, r->settings_planned);
    ck_assert_double_eq(r->candidates[r->best].mean, 1.0);
    ck_assert_double_eq(r->candidates[0].sd, 0.0);
    for (size_t i = 0; i < r->n_candidates; i++)
        ck_assert_int_ne((int)r->candidates[i].features.min_df.value, 2);
    precis_autotune_result_free(r);
    /* Fewer documents than folds: the message names the corpus and the need. */
    const char *two = "sport\tgoal\ntech\tchip\n";
    ck_assert_int_eq(tu_write_file(tiny, two, strlen(two)), 0);
    ck_assert_int_eq(precis_autotune(tiny, NULL, NULL, NULL, &opt, &r, &err), PRECIS_ERR_ARG);
    ck_assert_ptr_null(r);
    ck_assert_ptr_nonnull(strstr(err.message, "tiny.tsv"));
    ck_assert_ptr_nonnull(strstr(err.message, "needs at least 3 documents"));
}
END_TEST

static precis_model *small_model(void)
{
    precis_error err;
    precis_dataset *d;
    precis_vectorizer *v;
    precis_logreg *lr;
    precis_model *m;
    ck_assert_int_eq(precis_dataset_fit(&d, &v, corpus, NULL, NULL, &err), PRECIS_OK);
    ck_assert_int_eq(precis_logreg_train(&d->X, d->y, d->n_labels, NULL, &lr, &err), PRECIS_OK);
    ck_assert_int_eq(precis_model_new(&m, v, lr, (const char *const *)d->labels, d->n_labels,
                                      NULL, &err), PRECIS_OK);
    precis_dataset_free(d);
    return m;
}

START_TEST(test_tuning_round_trips_through_the_model_file)
{
    precis_error err;
    precis_model *m = small_model(), *loaded;
    char plain[4200], tuned[4200];
    snprintf(plain, sizeof plain, "%s/plain.model", dir);
    snprintf(tuned, sizeof tuned, "%s/tuned.model", dir);
    precis_tuning t;
    ck_assert_int_eq(precis_model_tuning(m, &t), 0);
    ck_assert_int_eq(precis_model_save(m, plain, &err), PRECIS_OK);
    precis_tuning set = {30, 1, 5, 0.8765, 0.0123, 45, 9, 9, 1, 12.5, PRECIS_LOSS_MULTINOMIAL, 1.0};
    ck_assert_int_eq(precis_model_set_tuning(m, &set, &err), PRECIS_OK);
    ck_assert_int_eq(precis_model_save(m, tuned, &err), PRECIS_OK);
    ck_assert_int_eq(precis_model_load(&loaded, tuned, &err), PRECIS_OK);
    ck_assert_int_eq(precis_model_tuning(loaded, &t), 1);
    ck_assert(t.C == 30 && t.class_weight_balanced == 1 && t.folds == 5);
    ck_assert(t.cv_mean == 0.8765 && t.cv_sd == 0.0123 && t.candidates == 45);
    ck_assert(t.settings_scored == 9 && t.settings_planned == 9 && t.stopped_early == 1);
    ck_assert(t.seconds == 12.5);
    precis_model_free(loaded);
    /* Without tuning, nothing is added: the tuned file is the plain one plus
     * a 28-byte table entry and the 80-byte section, and the plain one loads
     * with no tuning. */
    size_t plain_len, tuned_len;
    char *p = tu_read_file(plain, &plain_len), *q = tu_read_file(tuned, &tuned_len);
    ck_assert_ptr_nonnull(p);
    ck_assert_ptr_nonnull(q);
    ck_assert_uint_eq(tuned_len, plain_len + 28 + 80);
    ck_assert_ptr_null(memmem(p, plain_len, "TUNE", 4));
    ck_assert_ptr_nonnull(memmem(q, tuned_len, "TUNE", 4));
    free(p);
    free(q);
    ck_assert_int_eq(precis_model_load(&loaded, plain, &err), PRECIS_OK);
    ck_assert_int_eq(precis_model_tuning(loaded, &t), 0);
    precis_model_free(loaded);
    /* Figures no search can give are refused, and leave the facts as they were. */
    precis_tuning bad = set;
    bad.cv_mean = 1.5;
    ck_assert_int_eq(precis_model_set_tuning(m, &bad, &err), PRECIS_ERR_ARG);
    bad = set;
    bad.C = 0;
    ck_assert_int_eq(precis_model_set_tuning(m, &bad, &err), PRECIS_ERR_ARG);
    bad = set;
    bad.settings_scored = 10;
    ck_assert_int_eq(precis_model_set_tuning(m, &bad, &err), PRECIS_ERR_ARG);
    ck_assert_int_eq(precis_model_tuning(m, &t), 1);
    ck_assert(t.C == 30);
    precis_model_free(m);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("autotune");
    TCase *tc = tcase_create("search");
    tcase_set_timeout(tc, 120);
    tcase_add_unchecked_fixture(tc, make_corpus, remove_corpus);
    tcase_add_test(tc, test_search_is_deterministic_and_keeps_the_best);
    tcase_add_test(tc, test_spent_budget_stops_after_the_first_setting);
    tcase_add_test(tc, test_other_pruning_given_adds_a_setting);
    tcase_add_test(tc, test_bad_options_are_refused);
    tcase_add_test(tc, test_tiny_corpus_skips_what_cannot_be_scored);
    tcase_add_test(tc, test_tuning_round_trips_through_the_model_file);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
