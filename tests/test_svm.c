/* test_svm.c — the squared-hinge loss (one-vs-rest L2-loss SVMs by dual
 * coordinate descent, svm_dual.c) and its calibration:
 * - on separable data every training point ends on the right side, and the
 *   dual solution satisfies the optimality conditions to the solver's eps;
 * - a warm start from a previous C's dual variables reaches the same model;
 * - the fitted temperature recovers the one data were drawn with, and its
 *   probabilities sum to 1 and keep the decision values' argmax;
 * - a squared-hinge model round-trips through the model file (its TUNE
 *   section of layout 2), classifies as before, and an older file (TUNE of
 *   layout 1, no loss) still loads as multinomial. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "classify/svm_dual.h"
#include "precis.h"
#include "testutil.h"

static uint64_t rng_state = 42;

static double uniform(void)
{
    rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (double)(rng_state >> 11) / 9007199254740992.0;
}

/* n rows of 3 dense features in 3 classes: class k's rows sit near e_k. */
static void blobs(precis_csr *X, uint32_t *y, size_t n, double spread)
{
    X->n_rows = n;
    X->n_cols = 3;
    X->nnz = 3 * n;
    X->row_ptr = malloc((n + 1) * sizeof *X->row_ptr);
    X->col = malloc(3 * n * sizeof *X->col);
    X->val = malloc(3 * n * sizeof *X->val);
    for (size_t i = 0; i < n; i++) {
        y[i] = (uint32_t)(i % 3);
        X->row_ptr[i] = 3 * i;
        for (uint32_t j = 0; j < 3; j++) {
            X->col[3 * i + j] = j;
            X->val[3 * i + j] = (j == y[i] ? 1.0 : 0.0) + spread * (uniform() - 0.5);
        }
    }
    X->row_ptr[n] = 3 * n;
}

static double decision(const precis_logreg *lr, const precis_csr *X, size_t i, size_t k)
{
    double z = lr->b[k];
    for (size_t p = X->row_ptr[i]; p < X->row_ptr[i + 1]; p++)
        z += X->val[p] * lr->W[X->col[p] * lr->n_classes + k];
    return z;
}

START_TEST(test_separable_blobs_are_separated_and_optimal)
{
    size_t n = 300;
    precis_csr X;
    uint32_t *y = malloc(n * sizeof *y);
    blobs(&X, y, n, 0.4);
    double *alpha = calloc(n * 3, sizeof *alpha);
    px_svm_params p;
    px_svm_params_default(&p);
    p.C = 10;
    p.eps = 1e-4;
    precis_logreg *lr = NULL;
    precis_error err;
    ck_assert_int_eq(px_svm_train_ovr(&X, y, 3, &p, alpha, &lr, &err), PRECIS_OK);
    for (size_t i = 0; i < n; i++) {
        for (size_t k = 0; k < 3; k++) {
            double t = y[i] == k ? 1 : -1, m = t * decision(lr, &X, i, k);
            double a = alpha[i * 3 + k];
            ck_assert(a >= 0);
            /* KKT of the dual: gradient t f - 1 + a / (2C) is 0 where a > 0, >= 0 where a == 0 */
            double g = m - 1 + a / (2 * p.C);
            if (a > 0)
                ck_assert_msg(fabs(g) < 1e-3, "row %zu class %zu: gradient %g at a = %g", i, k,
                              g, a);
            else
                ck_assert_msg(g > -1e-3, "row %zu class %zu: gradient %g at a = 0", i, k, g);
        }
        double f[3] = {decision(lr, &X, i, 0), decision(lr, &X, i, 1), decision(lr, &X, i, 2)};
        size_t top = f[1] > f[0] ? 1 : 0;
        top = f[2] > f[top] ? 2 : top;
        ck_assert_uint_eq(top, y[i]);
    }
    /* A warm start from C = 1's dual variables reaches the same C = 10 model. */
    double *warm = calloc(n * 3, sizeof *warm);
    precis_logreg *first = NULL, *second = NULL;
    p.C = 1;
    ck_assert_int_eq(px_svm_train_ovr(&X, y, 3, &p, warm, &first, &err), PRECIS_OK);
    p.C = 10;
    ck_assert_int_eq(px_svm_train_ovr(&X, y, 3, &p, warm, &second, &err), PRECIS_OK);
    for (size_t j = 0; j < 9; j++)
        ck_assert_msg(fabs(second->W[j] - lr->W[j]) < 1e-2 * (1 + fabs(lr->W[j])),
                      "weight %zu: %g warm, %g cold", j, second->W[j], lr->W[j]);
    /* A bad C is refused. */
    p.C = 0;
    precis_logreg *none = NULL;
    ck_assert_int_eq(px_svm_train_ovr(&X, y, 3, &p, NULL, &none, &err), PRECIS_ERR_ARG);
    ck_assert_ptr_null(none);
    precis_logreg_free(lr);
    precis_logreg_free(first);
    precis_logreg_free(second);
    precis_csr_free(&X);
    free(y);
    free(alpha);
    free(warm);
}
END_TEST

/* Classes drawn from softmax(a0 f): the fitted temperature is near a0, and
 * the log-loss there is below that at half and at twice the temperature. */
START_TEST(test_temperature_recovers_the_true_one)
{
    size_t n = 20000, K = 4;
    double a0 = 2.5;
    double *f = malloc(n * K * sizeof *f);
    uint32_t *y = malloc(n * sizeof *y);
    for (size_t i = 0; i < n; i++) {
        double z = 0, p[4];
        for (size_t k = 0; k < K; k++) {
            f[i * K + k] = 2 * uniform() - 1;
            p[k] = exp(a0 * f[i * K + k]);
            z += p[k];
        }
        double u = uniform() * z, acc = 0;
        y[i] = (uint32_t)(K - 1);
        for (size_t k = 0; k < K; k++) {
            acc += p[k];
            if (u < acc) {
                y[i] = (uint32_t)k;
                break;
            }
        }
    }
    double loss, a = px_svm_temperature(f, y, n, K, &loss);
    ck_assert_msg(fabs(a - a0) < 0.25, "fitted %g, drawn with %g", a, a0);
    double *scaled = malloc(n * K * sizeof *scaled), half_loss, double_loss;
    for (size_t j = 0; j < n * K; j++)
        scaled[j] = 0.5 * f[j];
    px_svm_temperature(scaled, y, n, K, NULL);
    /* loss at a / 2 and 2a, from the same data: scale f instead of a */
    for (size_t j = 0; j < n * K; j++)
        scaled[j] = 0.5 * a * f[j];
    half_loss = 0, double_loss = 0;
    for (size_t i = 0; i < n; i++) {
        double zh = 0, zd = 0;
        for (size_t k = 0; k < K; k++) {
            zh += exp(scaled[i * K + k]);
            zd += exp(4 * scaled[i * K + k]);
        }
        half_loss += log(zh) - scaled[i * K + y[i]];
        double_loss += log(zd) - 4 * scaled[i * K + y[i]];
    }
    ck_assert(loss < half_loss / (double)n);
    ck_assert(loss < double_loss / (double)n);
    ck_assert(px_svm_temperature(f, y, 0, K, NULL) == 1.0);
    free(f);
    free(y);
    free(scaled);
}
END_TEST

static char *dir;

static char *write_corpus(void)
{
    static const char *rows[] = {
        "sport\tgoal match coach league striker the goal",
        "sport\tmatch league goal coach the season",
        "sport\tstriker scored goal in the league match",
        "business\tshares profit market bank investor",
        "business\tbank shares market profit the quarter",
        "business\tinvestor market shares profit bank rates",
        "politics\tvote minister party election policy",
        "politics\tminister party vote election the bill",
        "politics\telection policy vote party minister campaign",
    };
    char *path = malloc(4200);
    snprintf(path, 4200, "%s/corpus.tsv", dir);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    for (int r = 0; r < 4; r++)
        for (size_t i = 0; i < sizeof rows / sizeof *rows; i++)
            fprintf(f, "%s\n", rows[i]);
    ck_assert_int_eq(fclose(f), 0);
    return path;
}

static void classify(const precis_model *m, const char *text, double *proba)
{
    precis_error err;
    ck_assert_int_eq(precis_model_classify(m, text, strlen(text), proba, &err), PRECIS_OK);
}

START_TEST(test_squared_hinge_model_round_trips)
{
    dir = tu_temp_dir();
    char *corpus = write_corpus();
    precis_error err;
    precis_dataset *d;
    precis_vectorizer *v;
    precis_logreg *lr;
    precis_model *m, *loaded;
    ck_assert_int_eq(precis_dataset_fit(&d, &v, corpus, NULL, NULL, &err), PRECIS_OK);
    precis_logreg_params p;
    precis_logreg_params_default(&p);
    p.C = 1;
    p.loss = PRECIS_LOSS_SQUARED_HINGE;
    p.temperature = 3.0;
    ck_assert_int_eq(precis_logreg_train(&d->X, d->y, d->n_labels, &p, &lr, &err), PRECIS_OK);
    ck_assert_int_eq(lr->one_vs_rest, 0);
    ck_assert_int_eq(precis_model_new(&m, v, lr, (const char *const *)d->labels, d->n_labels,
                                      NULL, &err), PRECIS_OK);
    precis_tuning t = {1, 0, 3, 0.9, 0.01, 50, 10, 10, 0, 2.5, PRECIS_LOSS_SQUARED_HINGE, 3.0};
    ck_assert_int_eq(precis_model_set_tuning(m, &t, &err), PRECIS_OK);
    char path[4300];
    snprintf(path, sizeof path, "%s/svm.model", dir);
    ck_assert_int_eq(precis_model_save(m, path, &err), PRECIS_OK);
    ck_assert_int_eq(precis_model_load(&loaded, path, &err), PRECIS_OK);
    precis_tuning back;
    ck_assert_int_eq(precis_model_tuning(loaded, &back), 1);
    ck_assert_int_eq(back.loss, PRECIS_LOSS_SQUARED_HINGE);
    ck_assert(back.temperature == 3.0 && back.C == 1 && back.candidates == 50);
    ck_assert_str_eq(precis_model_fit_unit(loaded), "class");
    const char *texts[] = {"the goal in the match", "bank profit and shares", "party vote"};
    for (size_t i = 0; i < 3; i++) {
        double a[3], b[3], sum = 0;
        classify(m, texts[i], a);
        classify(loaded, texts[i], b);
        for (size_t k = 0; k < 3; k++) {
            ck_assert(a[k] == b[k]);
            ck_assert(a[k] > 0 && a[k] < 1);
            sum += b[k];
        }
        ck_assert(fabs(sum - 1) < 1e-9);
        /* labels sort as business, politics, sport */
        size_t want = i == 0 ? 2 : i == 1 ? 0 : 1, top = 0;
        for (size_t k = 1; k < 3; k++)
            top = b[k] > b[top] ? k : top;
        ck_assert_uint_eq(top, want);
    }
    precis_model_free(loaded);
    /* The same model with a multinomial winner writes TUNE of layout 1, 12
     * bytes shorter, which precis before layout 2 wrote and still loads. */
    t.loss = PRECIS_LOSS_MULTINOMIAL;
    t.temperature = 1.0;
    ck_assert_int_eq(precis_model_set_tuning(m, &t, &err), PRECIS_OK);
    char older[4300];
    snprintf(older, sizeof older, "%s/older.model", dir);
    ck_assert_int_eq(precis_model_save(m, older, &err), PRECIS_OK);
    size_t new_len, old_len;
    char *nb = tu_read_file(path, &new_len), *ob = tu_read_file(older, &old_len);
    ck_assert_uint_eq(new_len, old_len + 12);
    free(nb);
    free(ob);
    ck_assert_int_eq(precis_model_load(&loaded, older, &err), PRECIS_OK);
    ck_assert_int_eq(precis_model_tuning(loaded, &back), 1);
    ck_assert_int_eq(back.loss, PRECIS_LOSS_MULTINOMIAL);
    ck_assert(back.temperature == 1.0);
    ck_assert_ptr_null(precis_model_fit_unit(loaded));
    precis_model_free(loaded);
    /* A bad loss or temperature is refused. */
    t.loss = (precis_loss)7;
    ck_assert_int_eq(precis_model_set_tuning(m, &t, &err), PRECIS_ERR_ARG);
    t.loss = PRECIS_LOSS_SQUARED_HINGE;
    t.temperature = 0;
    ck_assert_int_eq(precis_model_set_tuning(m, &t, &err), PRECIS_ERR_ARG);
    precis_model_free(m);
    precis_dataset_free(d);
    free(corpus);
    tu_remove_tree(dir);
    free(dir);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("svm");
    TCase *tc = tcase_create("svm");
    tcase_add_test(tc, test_separable_blobs_are_separated_and_optimal);
    tcase_add_test(tc, test_temperature_recovers_the_true_one);
    tcase_add_test(tc, test_squared_hinge_model_round_trips);
    suite_add_tcase(s, tc);
    return tu_run(s);
}
