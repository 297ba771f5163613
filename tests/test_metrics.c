/*
 * test_metrics.c — the classification figures (model/metrics.c): confusion
 * matrix, accuracy, per-class precision/recall/F1/support, macro-F1 and
 * log-loss, on a case worked out by hand below (scikit-learn's
 * accuracy_score, precision_recall_fscore_support, f1_score(average="macro")
 * and log_loss give the same numbers for it).
 *
 * Elsewhere these figures are only compared with themselves (precis-infer
 * --eval against precis-train --test); here they are compared with arithmetic.
 */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "precis.h"
#include "testutil.h"

#define K 4

/* Seven documents, four classes (class 3 has no document and is never
 * predicted). The prediction is the argmax, lowest index on ties:
 *
 *   doc  truth  proba                    predicted  p(truth)
 *   1    0      .7   .2   .1  0          0          .7
 *   2    0      .4   .5   .1  0          1          .4
 *   3    1      .1   .8   .1  0          1          .8
 *   4    1      .5   .3   .2  0          0          .3
 *   5    2      .2   .2   .6  0          2          .6
 *   6    2      .45  .45  .1  0          0 (tie)    .1
 *   7    2      1    0    0   0          0          0 -> clipped to 1e-15
 *
 * Confusion (rows true, columns predicted): [1 1 0 0; 1 1 0 0; 2 0 1 0; 0 0 0 0].
 *   class 0: tp 1, predicted 4, true 2: P 1/4, R 1/2, F1 2(1/8)/(3/4) = 1/3
 *   class 1: tp 1, predicted 2, true 2: P 1/2, R 1/2, F1 1/2
 *   class 2: tp 1, predicted 1, true 3: P 1,   R 1/3, F1 2(1/3)/(4/3) = 1/2
 *   class 3: nothing: 0, 0, 0, and left out of the macro average
 *   accuracy 3/7; macro-F1 (1/3 + 1/2 + 1/2) / 3 = 4/9 (1/3 if class 3 counted)
 *   log-loss -(ln .7 + ln .4 + ln .8 + ln .3 + ln .6 + ln .1 + ln 1e-15) / 7
 *
 * Calibration, by top probability (bins of width .1, right end included):
 *   (.4,.5]: docs 2, 4, 6, confidences .5 .5 .45, none right: |0 - 1.45|
 *   (.5,.6]: doc 5 right |1 - .6|; (.6,.7]: doc 1 right |1 - .7|;
 *   (.7,.8]: doc 3 right |1 - .8|; (.9,1]: doc 7 wrong |0 - 1|
 *   ECE (1.45 + .4 + .3 + .2 + 1) / 7 = 3.35 / 7
 */
static const uint32_t TRUTH[] = {0, 0, 1, 1, 2, 2, 2};
static const double PROBA[][K] = {
    {0.7, 0.2, 0.1, 0}, {0.4, 0.5, 0.1, 0}, {0.1, 0.8, 0.1, 0},    {0.5, 0.3, 0.2, 0},
    {0.2, 0.2, 0.6, 0}, {0.45, 0.45, 0.1, 0}, {1, 0, 0, 0},
};
#define N_DOCS (sizeof TRUTH / sizeof TRUTH[0])

#define TOL 1e-12

START_TEST(test_figures_by_hand)
{
    precis_metrics *m = NULL;
    precis_error err;
    ck_assert_int_eq(precis_metrics_new(&m, K, &err), PRECIS_OK);
    for (size_t i = 0; i < N_DOCS; i++)
        precis_metrics_add(m, TRUTH[i], PROBA[i]);
    precis_metrics_finish(m);

    static const size_t confusion[K][K] = {{1, 1, 0, 0}, {1, 1, 0, 0}, {2, 0, 1, 0}, {0, 0, 0, 0}};
    for (size_t t = 0; t < K; t++)
        for (size_t p = 0; p < K; p++)
            ck_assert_msg(m->confusion[t * K + p] == confusion[t][p], "confusion[%zu][%zu] = %zu, want %zu",
                          t, p, m->confusion[t * K + p], confusion[t][p]);
    ck_assert_uint_eq(m->n, N_DOCS);

    static const double precision[K] = {1.0 / 4, 1.0 / 2, 1.0, 0};
    static const double recall[K] = {1.0 / 2, 1.0 / 2, 1.0 / 3, 0};
    static const double f1[K] = {1.0 / 3, 1.0 / 2, 1.0 / 2, 0};
    static const size_t support[K] = {2, 2, 3, 0};
    for (size_t k = 0; k < K; k++) {
        ck_assert_msg(fabs(m->precision[k] - precision[k]) < TOL, "precision[%zu] = %.17g", k, m->precision[k]);
        ck_assert_msg(fabs(m->recall[k] - recall[k]) < TOL, "recall[%zu] = %.17g", k, m->recall[k]);
        ck_assert_msg(fabs(m->f1[k] - f1[k]) < TOL, "f1[%zu] = %.17g", k, m->f1[k]);
        ck_assert_uint_eq(m->support[k], support[k]);
    }
    ck_assert_msg(fabs(m->accuracy - 3.0 / 7) < TOL, "accuracy %.17g", m->accuracy);
    ck_assert_msg(fabs(m->macro_f1 - 4.0 / 9) < TOL, "macro-F1 %.17g", m->macro_f1);
    double want_loss = -(log(0.7) + log(0.4) + log(0.8) + log(0.3) + log(0.6) + log(0.1) + log(1e-15)) / 7;
    ck_assert_msg(fabs(m->log_loss - want_loss) < TOL * want_loss, "log-loss %.17g, want %.17g", m->log_loss,
                  want_loss);
    ck_assert_msg(fabs(m->ece - 3.35 / 7) < TOL, "ECE %.17g, want %.17g", m->ece, 3.35 / 7);
    static const size_t bin_count[PRECIS_CALIBRATION_BINS] = {0, 0, 0, 0, 3, 1, 1, 1, 0, 1};
    static const size_t bin_correct[PRECIS_CALIBRATION_BINS] = {0, 0, 0, 0, 0, 1, 1, 1, 0, 0};
    for (size_t b = 0; b < PRECIS_CALIBRATION_BINS; b++)
        ck_assert_msg(m->calib_count[b] == bin_count[b] && m->calib_correct[b] == bin_correct[b],
                      "bin %zu: %zu documents, %zu right", b, m->calib_count[b], m->calib_correct[b]);
    ck_assert_msg(fabs(m->log_loss_sum - 7 * want_loss) < TOL * 7 * want_loss, "log-loss sum %.17g",
                  m->log_loss_sum);
    precis_metrics_free(m);
}
END_TEST

/* All right: every figure is 1 (log-loss 0 for certain predictions). */
START_TEST(test_perfect_predictions)
{
    precis_metrics *m = NULL;
    precis_error err;
    ck_assert_int_eq(precis_metrics_new(&m, 3, &err), PRECIS_OK);
    for (uint32_t k = 0; k < 3; k++) {
        double p[3] = {0, 0, 0};
        p[k] = 1;
        precis_metrics_add(m, k, p);
        precis_metrics_add(m, k, p);
    }
    precis_metrics_finish(m);
    ck_assert(m->accuracy == 1.0 && m->macro_f1 == 1.0 && m->log_loss == 0.0 && m->ece == 0.0);
    for (size_t k = 0; k < 3; k++)
        ck_assert(m->precision[k] == 1.0 && m->recall[k] == 1.0 && m->f1[k] == 1.0 && m->support[k] == 2);
    precis_metrics_free(m);
}
END_TEST

START_TEST(test_empty_and_bad_arguments)
{
    precis_metrics *m = (precis_metrics *)1;
    precis_error err;
    ck_assert_int_eq(precis_metrics_new(&m, 0, &err), PRECIS_ERR_ARG);
    ck_assert_ptr_null(m);
    ck_assert_int_eq(precis_metrics_new(&m, 2, &err), PRECIS_OK);
    precis_metrics_finish(m); /* no documents: zeros, not NaN */
    ck_assert(m->n == 0 && m->accuracy == 0.0 && m->macro_f1 == 0.0 && m->log_loss == 0.0);
    precis_metrics_free(m);
    precis_metrics_free(NULL);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("metrics");
    TCase *tc = tcase_create("figures");
    tcase_add_test(tc, test_figures_by_hand);
    tcase_add_test(tc, test_perfect_predictions);
    tcase_add_test(tc, test_empty_and_bad_arguments);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
