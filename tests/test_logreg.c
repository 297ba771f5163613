/* test_logreg.c — the multinomial logistic regression solver (model/logreg.c,
 * model/newton.c, model/sparse_ops.c): optima against scikit-learn's
 * (tests/fixtures/logreg, from tests/gen_logreg_expected.py), the gradient
 * and Hessian against finite differences, determinism across thread
 * counts, predictions, argument checking, allocation failures and extreme
 * inputs. Objectives are recomputed here by a separate, plain formula. */
#define _XOPEN_SOURCE 700
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "classify/classify.h" /* px_logreg_train_from: warm starts */
#include "classify/newton.h" /* white-box: px_newton_probe for the derivative checks */
#include "precis.h"
#include "testutil.h"

/* ---------------------------------------------------------------- problems */

typedef struct problem {
    precis_csr X;
    uint32_t *y;
    size_t K;
} problem;

static void problem_free(problem *p)
{
    free(p->X.row_ptr);
    free(p->X.col);
    free(p->X.val);
    free(p->y);
    memset(p, 0, sizeof *p);
}

static void problem_alloc(problem *p, size_t n, size_t d, size_t nnz, size_t K)
{
    memset(p, 0, sizeof *p);
    p->X.n_rows = n;
    p->X.n_cols = d;
    p->X.nnz = nnz;
    p->X.row_ptr = calloc(n + 1, sizeof *p->X.row_ptr);
    p->X.col = malloc((nnz ? nnz : 1) * sizeof *p->X.col);
    p->X.val = malloc((nnz ? nnz : 1) * sizeof *p->X.val);
    p->y = calloc(n ? n : 1, sizeof *p->y);
    p->K = K;
    ck_assert(p->X.row_ptr && p->X.col && p->X.val && p->y);
}

/* tests/fixtures/logreg/NAME.csr: see tests/gen_logreg_expected.py. */
static void load_fixture(problem *p, const char *name)
{
    char rel[256];
    snprintf(rel, sizeof rel, "tests/fixtures/logreg/%s.csr", name);
    char *text = tu_read_file(tu_source_path(rel), NULL);
    ck_assert_msg(text != NULL, "cannot read %s", rel);
    char *s = text, *end;
    size_t head[4];
    for (int h = 0; h < 4; h++) {
        head[h] = strtoul(s, &end, 10);
        ck_assert_ptr_ne(end, s);
        s = end;
    }
    problem_alloc(p, head[0], head[1], head[2], head[3]);
    size_t at = 0;
    for (size_t i = 0; i < p->X.n_rows; i++) {
        p->y[i] = (uint32_t)strtoul(s, &s, 10);
        size_t cells = strtoul(s, &s, 10);
        for (size_t c = 0; c < cells; c++) {
            ck_assert_uint_lt(at, p->X.nnz);
            p->X.col[at] = (uint32_t)strtoul(s, &end, 10);
            ck_assert_int_eq(*end, ':');
            p->X.val[at++] = strtod(end + 1, &s);
        }
        p->X.row_ptr[i + 1] = at;
    }
    ck_assert_uint_eq(at, p->X.nnz);
    free(text);
}

/* Deterministic pseudo-random numbers (xorshift64*), uniform in [0, 1). */
static double uniform(uint64_t *state)
{
    *state ^= *state >> 12;
    *state ^= *state << 25;
    *state ^= *state >> 27;
    return (double)((*state * 2685821657736338717ULL) >> 11) / 9007199254740992.0;
}

/* n x d with about density * d nonzeros per row, values in (0, 1] times
 * 1 + (column % 10) * spread; labels follow a random linear rule with
 * noise, so the classes overlap. */
static void random_problem(problem *p, size_t n, size_t d, size_t K, double density,
                           double spread, uint64_t seed)
{
    uint64_t st = seed * 0x9E3779B97F4A7C15ULL + 1;
    size_t cap = (size_t)((double)n * (double)d * density * 2) + n + 16, at = 0;
    problem_alloc(p, n, d, cap, K);
    double *score = calloc(K, sizeof *score);
    ck_assert_ptr_nonnull(score);
    for (size_t i = 0; i < n; i++) {
        for (size_t k = 0; k < K; k++)
            score[k] = 2.0 * uniform(&st);
        for (size_t j = 0; j < d && at < cap; j++) {
            if (uniform(&st) >= density)
                continue;
            double v = (1.0 - uniform(&st)) * (1.0 + (double)(j % 10) * spread);
            p->X.col[at] = (uint32_t)j;
            p->X.val[at++] = v;
            score[(j * 7 + 3) % K] += v;
        }
        p->X.row_ptr[i + 1] = at;
        size_t best = 0;
        for (size_t k = 1; k < K; k++)
            if (score[k] > score[best])
                best = k;
        p->y[i] = (uint32_t)best;
    }
    p->X.nnz = at;
    free(score);
}

/* Drops the entries of every step-th row, compacting in place. */
static void empty_every(problem *p, size_t step)
{
    size_t at = 0;
    for (size_t i = 0; i < p->X.n_rows; i++) {
        size_t lo = p->X.row_ptr[i], hi = p->X.row_ptr[i + 1];
        p->X.row_ptr[i] = at;
        if (i % step == 0)
            continue;
        for (size_t q = lo; q < hi; q++) {
            p->X.col[at] = p->X.col[q];
            p->X.val[at++] = p->X.val[q];
        }
    }
    p->X.row_ptr[p->X.n_rows] = at;
    p->X.nnz = at;
}

static void params(precis_logreg_params *pr, double C, int balanced, double tol, int threads)
{
    precis_logreg_params_default(pr);
    pr->C = C;
    pr->class_weight_balanced = balanced;
    pr->tol = tol;
    pr->n_threads = threads;
}

/* The objective of (W, b), written out plainly: C sum_i s_i (lse - z_y) + |W|^2/2. */
static double objective_of(const problem *p, const double *W, const double *b, double C,
                           int balanced)
{
    const size_t n = p->X.n_rows, d = p->X.n_cols, K = p->K;
    double *z = malloc(K * sizeof *z);
    size_t *count = calloc(K, sizeof *count);
    ck_assert(z && count);
    for (size_t i = 0; i < n; i++)
        count[p->y[i]]++;
    double loss = 0;
    for (size_t i = 0; i < n; i++) {
        for (size_t k = 0; k < K; k++)
            z[k] = b[k];
        for (size_t q = p->X.row_ptr[i]; q < p->X.row_ptr[i + 1]; q++)
            for (size_t k = 0; k < K; k++)
                z[k] += p->X.val[q] * W[(size_t)p->X.col[q] * K + k];
        double m = z[0];
        for (size_t k = 1; k < K; k++)
            m = fmax(m, z[k]);
        double sum = 0;
        for (size_t k = 0; k < K; k++)
            sum += exp(z[k] - m);
        double s = balanced ? (double)n / ((double)K * (double)count[p->y[i]]) : 1.0;
        loss += s * (m + log(sum) - z[p->y[i]]);
    }
    double reg = 0;
    for (size_t a = 0; a < d * K; a++)
        reg += W[a] * W[a];
    free(z);
    free(count);
    return C * loss + 0.5 * reg;
}

static int all_finite(const double *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!isfinite(v[i]))
            return 0;
    return 1;
}

static precis_logreg *train_ok(const problem *p, const precis_logreg_params *pr)
{
    precis_logreg *m = NULL;
    precis_error err = {0};
    int rc = precis_logreg_train(&p->X, p->y, p->K, pr, &m, &err);
    ck_assert_msg(rc == PRECIS_OK, "train: %d %s", rc, err.message);
    ck_assert_ptr_nonnull(m);
    ck_assert_uint_eq(m->n_features, p->X.n_cols);
    ck_assert_uint_eq(m->n_classes, p->K);
    ck_assert(all_finite(m->W, m->n_features * m->n_classes));
    ck_assert(all_finite(m->b, m->n_classes));
    ck_assert(isfinite(m->objective));
    return m;
}

/* ---------------------------------------------------------------- optimum */

static void check_fixture(const char *name)
{
    problem p;
    load_fixture(&p, name);
    char rel[256];
    snprintf(rel, sizeof rel, "tests/fixtures/logreg/%s.expected", name);
    char *text = tu_read_file(tu_source_path(rel), NULL);
    ck_assert_msg(text != NULL, "cannot read %s", rel);
    int fits = 0;
    for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
        double C, sk, best;
        int balanced;
        ck_assert_int_eq(sscanf(line, "fit %lf %d %lf %lf", &C, &balanced, &sk, &best), 4);
        precis_logreg_params pr;
        params(&pr, C, balanced, 1e-10, 2);
        precis_logreg *m = train_ok(&p, &pr);
        double ours = m->objective;
        ck_assert_msg(m->converged, "%s C=%g: not converged in %d", name, C, m->iterations);
        ck_assert_msg(m->iterations <= 40, "%s C=%g: %d Newton steps", name, C, m->iterations);
        ck_assert_msg(fabs(ours - sk) <= 1e-6 * sk, "%s C=%g balanced=%d: %.15g vs sklearn %.15g",
                      name, C, balanced, ours, sk);
        ck_assert_msg(ours >= best * (1 - 1e-9), "%s C=%g: %.15g is below the optimum %.15g",
                      name, C, ours, best);
        /* the objective reported is that of the W and b returned */
        double check = objective_of(&p, m->W, m->b, C, balanced);
        ck_assert_msg(fabs(check - ours) <= 1e-12 * check, "%.17g vs %.17g", check, ours);
        precis_logreg_free(m);
        fits++;
    }
    ck_assert_int_gt(fits, 0);
    free(text);
    problem_free(&p);
}

START_TEST(optimum_three_classes) { check_fixture("three"); }
END_TEST

START_TEST(optimum_two_classes_is_multinomial) { check_fixture("two"); }
END_TEST

/* With no features the optimum is known in closed form: softmax(b) is the
 * (weighted) class frequency. */
START_TEST(intercepts_alone_match_class_frequencies)
{
    problem p;
    problem_alloc(&p, 10, 5, 0, 3);
    const uint32_t labels[10] = {0, 0, 0, 0, 0, 1, 1, 1, 2, 0};
    memcpy(p.y, labels, sizeof labels);
    for (int balanced = 0; balanced <= 1; balanced++) {
        precis_logreg_params pr;
        params(&pr, 10.0, balanced, 1e-10, 1);
        precis_logreg *m = train_ok(&p, &pr);
        double proba[3];
        precis_logreg_predict_proba(m, NULL, NULL, 0, proba);
        const double freq[3] = {0.6, 0.3, 0.1};
        for (int k = 0; k < 3; k++) {
            double want = balanced ? 1.0 / 3 : freq[k];
            ck_assert_msg(fabs(proba[k] - want) < 1e-7, "balanced=%d k=%d: %.12g", balanced, k,
                          proba[k]);
        }
        for (size_t a = 0; a < 5 * 3; a++)
            ck_assert(m->W[a] == 0.0); /* features never seen: no weight */
        precis_logreg_free(m);
    }
    problem_free(&p);
}
END_TEST

/* ---------------------------------------------------------------- derivatives */

START_TEST(gradient_and_hessian_match_finite_differences)
{
    problem p;
    random_problem(&p, 30, 12, 4, 0.3, 0.0, 7);
    double *cw = malloc(p.X.n_rows * sizeof *cw);
    for (size_t i = 0; i < p.X.n_rows; i++)
        cw[i] = 3.0 * (1.0 + 0.5 * (double)(p.y[i] % 2)); /* unequal document weights */
    px_newton_problem pb = {&p.X, p.y, cw, p.K, 100, 1e-4, 2, NULL, NULL, NULL, NULL};
    const size_t nw = (p.X.n_cols + 1) * p.K;
    double *w = malloc(nw * sizeof *w), *v = malloc(nw * sizeof *v);
    double *g = malloc(nw * sizeof *g), *hv = malloc(nw * sizeof *hv);
    double *gp = malloc(nw * sizeof *gp), *gm = malloc(nw * sizeof *gm);
    double *t = malloc(nw * sizeof *t);
    ck_assert(w && v && g && hv && gp && gm && t);
    uint64_t st = 99;
    for (size_t a = 0; a < nw; a++) {
        w[a] = 2.0 * uniform(&st) - 1.0;
        v[a] = 2.0 * uniform(&st) - 1.0;
    }
    double f, fp, fm;
    ck_assert_int_eq(px_newton_probe(&pb, w, v, &f, g, hv), PRECIS_OK);

    /* f itself, against the plain formula with these document weights */
    double plain = 0;
    {
        double z[4];
        for (size_t i = 0; i < p.X.n_rows; i++) {
            for (size_t k = 0; k < 4; k++)
                z[k] = w[p.X.n_cols * 4 + k];
            for (size_t q = p.X.row_ptr[i]; q < p.X.row_ptr[i + 1]; q++)
                for (size_t k = 0; k < 4; k++)
                    z[k] += p.X.val[q] * w[p.X.col[q] * 4 + k];
            double sum = 0;
            for (size_t k = 0; k < 4; k++)
                sum += exp(z[k]);
            plain += cw[i] * (log(sum) - z[p.y[i]]);
        }
        for (size_t a = 0; a < p.X.n_cols * 4; a++)
            plain += 0.5 * w[a] * w[a];
    }
    ck_assert_msg(fabs(plain - f) <= 1e-12 * fabs(f), "%.17g vs %.17g", plain, f);

    const double h = 1e-5;
    for (size_t a = 0; a < nw; a++) {
        memcpy(t, w, nw * sizeof *t);
        t[a] = w[a] + h;
        ck_assert_int_eq(px_newton_probe(&pb, t, NULL, &fp, gp, NULL), PRECIS_OK);
        t[a] = w[a] - h;
        ck_assert_int_eq(px_newton_probe(&pb, t, NULL, &fm, gp, NULL), PRECIS_OK);
        double fd = (fp - fm) / (2 * h);
        ck_assert_msg(fabs(fd - g[a]) <= 1e-6 * (1 + fabs(g[a])), "g[%zu] = %.12g, fd %.12g", a,
                      g[a], fd);
    }
    for (size_t a = 0; a < nw; a++)
        t[a] = w[a] + h * v[a];
    ck_assert_int_eq(px_newton_probe(&pb, t, NULL, &fp, gp, NULL), PRECIS_OK);
    for (size_t a = 0; a < nw; a++)
        t[a] = w[a] - h * v[a];
    ck_assert_int_eq(px_newton_probe(&pb, t, NULL, &fm, gm, NULL), PRECIS_OK);
    for (size_t a = 0; a < nw; a++) {
        double fd = (gp[a] - gm[a]) / (2 * h);
        ck_assert_msg(fabs(fd - hv[a]) <= 1e-6 * (1 + fabs(hv[a])), "Hv[%zu] = %.12g, fd %.12g",
                      a, hv[a], fd);
    }
    free(w);
    free(v);
    free(g);
    free(hv);
    free(gp);
    free(gm);
    free(t);
    free(cw);
    problem_free(&p);
}
END_TEST

/* ---------------------------------------------------------------- determinism */

START_TEST(bit_identical_whatever_the_thread_count)
{
    problem p;
    random_problem(&p, 3000, 2500, 5, 0.012, 0.0, 11); /* ~90k nonzeros: a dozen chunks */
    const int threads[] = {1, 2, 3, 7, 0};
    precis_logreg *first = NULL;
    for (size_t t = 0; t < sizeof threads / sizeof *threads; t++) {
        precis_logreg_params pr;
        params(&pr, 10.0, 1, 1e-6, threads[t]);
        precis_logreg *m = train_ok(&p, &pr);
        if (!first) {
            first = m;
            ck_assert_int_gt(m->iterations, 1);
            continue;
        }
        ck_assert_msg(memcmp(m->W, first->W, p.X.n_cols * p.K * sizeof *m->W) == 0,
                      "W differs with %d threads", threads[t]);
        ck_assert(memcmp(m->b, first->b, p.K * sizeof *m->b) == 0);
        ck_assert(memcmp(&m->objective, &first->objective, sizeof m->objective) == 0);
        ck_assert_int_eq(m->iterations, first->iterations);
        precis_logreg_free(m);
    }
    precis_logreg_free(first);
    problem_free(&p);
}
END_TEST

/* ---------------------------------------------------------------- predictions */

/* Document i has class i % 3, feature i % 3 (its class's word) and a shared
 * word 3 + i % 4: separable. */
static void separable_problem(problem *p, size_t n)
{
    problem_alloc(p, n, 8, 2 * n, 3);
    for (size_t i = 0; i < n; i++) {
        p->y[i] = (uint32_t)(i % 3);
        p->X.col[2 * i] = (uint32_t)(i % 3);
        p->X.val[2 * i] = 1.0;
        p->X.col[2 * i + 1] = (uint32_t)(3 + i % 4);
        p->X.val[2 * i + 1] = 0.5;
        p->X.row_ptr[i + 1] = 2 * i + 2;
    }
}

START_TEST(probabilities_sum_to_one_and_argmax_is_right)
{
    problem p;
    separable_problem(&p, 30);
    precis_logreg_params pr;
    params(&pr, 10.0, 0, 1e-6, 2);
    precis_logreg *m = train_ok(&p, &pr);
    double proba[3], again[3];
    for (size_t i = 0; i < p.X.n_rows; i++) {
        size_t lo = p.X.row_ptr[i], n = p.X.row_ptr[i + 1] - lo;
        precis_logreg_predict_proba(m, p.X.col + lo, p.X.val + lo, n, proba);
        double sum = 0;
        size_t top = 0;
        for (size_t k = 0; k < 3; k++) {
            ck_assert(proba[k] >= 0 && proba[k] <= 1);
            sum += proba[k];
            if (proba[k] > proba[top])
                top = k;
        }
        ck_assert_msg(fabs(sum - 1) < 1e-12, "sum %.17g", sum);
        ck_assert_uint_eq(top, p.y[i]);
        ck_assert(proba[top] > 0.9);
    }
    /* a column the model never saw carries no weight */
    const uint32_t col[3] = {1, 5, 1000};
    const double val[3] = {1.0, 0.5, 7.0};
    precis_logreg_predict_proba(m, col, val, 3, proba);
    precis_logreg_predict_proba(m, col, val, 2, again);
    for (size_t k = 0; k < 3; k++)
        ck_assert(proba[k] == again[k]);
    /* an empty document: softmax of the intercepts, computed here */
    precis_logreg_predict_proba(m, NULL, NULL, 0, proba);
    ck_assert(fabs(proba[0] + proba[1] + proba[2] - 1) < 1e-12);
    double z_max = fmax(m->b[0], fmax(m->b[1], m->b[2])), z_sum = 0;
    for (size_t k = 0; k < 3; k++)
        z_sum += exp(m->b[k] - z_max);
    for (size_t k = 0; k < 3; k++)
        ck_assert_msg(fabs(proba[k] - exp(m->b[k] - z_max) / z_sum) < 1e-12, "class %zu: %.17g", k,
                      proba[k]);
    /* and a document's probabilities are the softmax of b + x.W */
    for (size_t i = 0; i < 3; i++) {
        size_t lo = p.X.row_ptr[i], n = p.X.row_ptr[i + 1] - lo;
        precis_logreg_predict_proba(m, p.X.col + lo, p.X.val + lo, n, proba);
        double z[3];
        for (size_t k = 0; k < 3; k++) {
            z[k] = m->b[k];
            for (size_t q = lo; q < lo + n; q++)
                z[k] += p.X.val[q] * m->W[(size_t)p.X.col[q] * 3 + k];
        }
        z_max = fmax(z[0], fmax(z[1], z[2]));
        z_sum = exp(z[0] - z_max) + exp(z[1] - z_max) + exp(z[2] - z_max);
        for (size_t k = 0; k < 3; k++)
            ck_assert_msg(fabs(proba[k] - exp(z[k] - z_max) / z_sum) < 1e-12,
                          "document %zu class %zu: %.17g", i, k, proba[k]);
    }
    precis_logreg_free(m);
    problem_free(&p);
}
END_TEST

static void on_progress(void *ctx, const precis_progress *pg)
{
    int *calls = ctx;
    calls[0]++;
    ck_assert_int_eq(pg->iteration, calls[0]);
    ck_assert(isfinite(pg->loss) && pg->grad_norm >= 0 && pg->elapsed >= 0);
}

START_TEST(progress_once_per_iteration_and_max_iter)
{
    problem p;
    random_problem(&p, 200, 50, 4, 0.1, 0.0, 5);
    int calls[1] = {0};
    precis_logreg_params pr;
    params(&pr, 10.0, 0, 1e-8, 2);
    pr.progress = on_progress;
    pr.progress_ctx = calls;
    precis_logreg *m = train_ok(&p, &pr);
    ck_assert_int_eq(calls[0], m->iterations);
    ck_assert(m->converged);
    precis_logreg_free(m);

    calls[0] = 0;
    pr.max_iter = 1;
    m = train_ok(&p, &pr);
    ck_assert_int_eq(m->iterations, 1);
    ck_assert_int_eq(calls[0], 1);
    ck_assert(!m->converged);
    precis_logreg_free(m);
    problem_free(&p);
}
END_TEST

/* Over a wide range of C (ill-conditioned at the top: early Newton steps
 * raise the gradient norm while f falls), the fit reaches its tolerance. */
START_TEST(converges_across_C)
{
    problem p;
    random_problem(&p, 600, 300, 6, 0.05, 0.0, 21);
    const double Cs[] = {1e-2, 1.0, 1e2, 1e4};
    for (size_t c = 0; c < sizeof Cs / sizeof *Cs; c++) {
        precis_logreg_params pr;
        params(&pr, Cs[c], c % 2, 1e-8, 2);
        precis_logreg *m = train_ok(&p, &pr);
        ck_assert_msg(m->converged, "C=%g: stopped after %d steps", Cs[c], m->iterations);
        double check = objective_of(&p, m->W, m->b, Cs[c], c % 2);
        ck_assert(fabs(check - m->objective) <= 1e-11 * check);
        precis_logreg_free(m);
    }
    problem_free(&p);

    /* badly scaled features and C = 1e6: dozens of Newton steps, the
     * gradient norm above its start for many of them */
    random_problem(&p, 1000, 100, 3, 0.02, 3.0, 10);
    precis_logreg_params pr;
    params(&pr, 1e6, 0, 1e-8, 2);
    precis_logreg *m = train_ok(&p, &pr);
    ck_assert_msg(m->converged, "stopped after %d steps", m->iterations);
    precis_logreg_free(m);
    problem_free(&p);
}
END_TEST

/* A warm start from the fit at a nearby C reaches the same optimum (to the
 * tolerance) in fewer Newton steps; a start of the wrong shape is refused. */
START_TEST(warm_start_reaches_the_same_optimum_sooner)
{
    problem p;
    random_problem(&p, 600, 300, 6, 0.05, 0.0, 23);
    precis_logreg_params lo, hi;
    params(&lo, 1.0, 0, 1e-8, 2);
    params(&hi, 3.0, 0, 1e-8, 2);
    precis_logreg *start = train_ok(&p, &lo), *cold = train_ok(&p, &hi), *warm = NULL;
    precis_error err;
    ck_assert_int_eq(px_logreg_train_from(&p.X, p.y, p.K, &hi, start, &warm, &err), PRECIS_OK);
    ck_assert(warm->converged);
    ck_assert_msg(warm->iterations < cold->iterations, "warm %d steps, cold %d",
                  warm->iterations, cold->iterations);
    ck_assert(fabs(warm->objective - cold->objective) <= 1e-9 * cold->objective);
    double check = objective_of(&p, warm->W, warm->b, 3.0, 0);
    ck_assert(fabs(check - warm->objective) <= 1e-11 * check);
    precis_logreg *bad = NULL;
    start->n_features--;
    ck_assert_int_eq(px_logreg_train_from(&p.X, p.y, p.K, &hi, start, &bad, &err), PRECIS_ERR_ARG);
    start->n_features++;
    ck_assert_ptr_null(bad);
    precis_logreg_free(start);
    precis_logreg_free(cold);
    precis_logreg_free(warm);
    problem_free(&p);
}
END_TEST

START_TEST(defaults)
{
    precis_logreg_params pr;
    memset(&pr, 0x5a, sizeof pr);
    precis_logreg_params_default(&pr);
    ck_assert(pr.C == 10.0);
    ck_assert_int_eq(pr.max_iter, 1000);
    ck_assert(pr.tol == 1e-4);
    ck_assert_int_eq(pr.class_weight_balanced, 0);
    ck_assert_int_eq(pr.n_threads, 0);
    ck_assert_ptr_null(pr.progress);
    precis_logreg_free(NULL);
}
END_TEST

/* ---------------------------------------------------------------- bad input */

static void expect_refusal(const problem *p, const uint32_t *y, size_t K,
                           const precis_logreg_params *pr, int code, const char *words)
{
    precis_logreg *m = (precis_logreg *)&m; /* must be reset */
    precis_error err = {0};
    int rc = precis_logreg_train(p ? &p->X : NULL, y, K, pr, &m, &err);
    ck_assert_int_eq(rc, code);
    ck_assert_int_eq(err.code, code);
    ck_assert_ptr_null(m);
    ck_assert_msg(strstr(err.message, words) != NULL, "message \"%s\" lacks \"%s\"",
                  err.message, words);
}

START_TEST(bad_arguments_are_refused)
{
    problem p;
    separable_problem(&p, 12);
    precis_logreg_params pr, bad;
    params(&pr, 1.0, 0, 1e-4, 1);

    expect_refusal(NULL, p.y, 3, &pr, PRECIS_ERR_ARG, "matrix");
    expect_refusal(&p, NULL, 3, &pr, PRECIS_ERR_ARG, "labels");
    precis_error err;
    /* No parameters: the defaults, exactly as if they were passed. */
    precis_logreg *with_null = NULL, *with_defaults = NULL;
    precis_logreg_params def;
    precis_logreg_params_default(&def);
    ck_assert_int_eq(precis_logreg_train(&p.X, p.y, 3, NULL, &with_null, &err), PRECIS_OK);
    ck_assert_int_eq(precis_logreg_train(&p.X, p.y, 3, &def, &with_defaults, &err), PRECIS_OK);
    ck_assert_int_eq(with_null->iterations, with_defaults->iterations);
    ck_assert_mem_eq(with_null->W, with_defaults->W, 8 * 3 * sizeof *with_null->W);
    precis_logreg_free(with_null);
    precis_logreg_free(with_defaults);
    ck_assert_int_eq(precis_logreg_train(&p.X, p.y, 3, &pr, NULL, &err), PRECIS_ERR_ARG);

    expect_refusal(&p, p.y, 1, &pr, PRECIS_ERR_ARG, "only one class");
    expect_refusal(&p, p.y, 0, &pr, PRECIS_ERR_ARG, "no classes");
    expect_refusal(&p, p.y, 2, &pr, PRECIS_ERR_ARG, "document 2 has class 2");

    const double bad_C[] = {0.0, -1.0, NAN, INFINITY};
    for (size_t i = 0; i < 4; i++) {
        bad = pr;
        bad.C = bad_C[i];
        expect_refusal(&p, p.y, 3, &bad, PRECIS_ERR_ARG, "C must lie in");
    }
    const double bad_tol[] = {0.0, -1e-4, NAN};
    for (size_t i = 0; i < 3; i++) {
        bad = pr;
        bad.tol = bad_tol[i];
        expect_refusal(&p, p.y, 3, &bad, PRECIS_ERR_ARG, "tol must be");
    }
    bad = pr;
    bad.max_iter = 0;
    expect_refusal(&p, p.y, 3, &bad, PRECIS_ERR_ARG, "max_iter");
    bad = pr;
    bad.n_threads = -2;
    expect_refusal(&p, p.y, 3, &bad, PRECIS_ERR_ARG, "n_threads");

    uint32_t col5 = p.X.col[5];
    p.X.col[5] = 8; /* == n_cols */
    expect_refusal(&p, p.y, 3, &pr, PRECIS_ERR_ARG, "column 8");
    p.X.col[5] = col5;
    double val3 = p.X.val[3];
    p.X.val[3] = NAN;
    expect_refusal(&p, p.y, 3, &pr, PRECIS_ERR_ARG, "non-finite");
    p.X.val[3] = val3;
    p.X.nnz++;
    expect_refusal(&p, p.y, 3, &pr, PRECIS_ERR_ARG, "malformed");
    p.X.nnz--;
    size_t keep = p.X.row_ptr[4];
    p.X.row_ptr[4] = p.X.row_ptr[5] + 1;
    expect_refusal(&p, p.y, 3, &pr, PRECIS_ERR_ARG, "row_ptr decreases");
    p.X.row_ptr[4] = keep;
    size_t n = p.X.n_rows;
    p.X.n_rows = 0;
    p.X.nnz = 0;
    expect_refusal(&p, p.y, 3, &pr, PRECIS_ERR_EMPTY, "no documents");
    p.X.n_rows = n;
    p.X.nnz = 2 * n;

    precis_logreg *m = train_ok(&p, &pr); /* and the repaired problem trains */
    precis_logreg_free(m);
    problem_free(&p);
}
END_TEST

/* ---------------------------------------------------------------- failures */

START_TEST(allocation_failures_unwind)
{
    problem p;
    random_problem(&p, 40, 20, 3, 0.2, 0.0, 3);
    precis_logreg_params pr;
    params(&pr, 10.0, 1, 1e-6, 3);
    precis_logreg *m = NULL;
    precis_error err;
    px_alloc_fail_after(0, 0);
    ck_assert_int_eq(precis_logreg_train(&p.X, p.y, p.K, &pr, &m, &err), PRECIS_OK);
    long total = px_alloc_count();
    precis_logreg_free(m);
    ck_assert_int_gt(total, 10);
    int failures = 0;
    for (long k = 1; k <= total + 1; k++) {
        m = NULL;
        px_alloc_fail_after(k, 1);
        int rc = precis_logreg_train(&p.X, p.y, p.K, &pr, &m, &err);
        px_alloc_fail_after(0, 0);
        ck_assert_msg(rc == PRECIS_OK || rc == PRECIS_ERR_NOMEM, "k=%ld: status %d", k, rc);
        if (rc == PRECIS_OK) {
            ck_assert_ptr_nonnull(m);
            precis_logreg_free(m);
        } else {
            ck_assert_ptr_null(m);
            ck_assert_int_eq(err.code, PRECIS_ERR_NOMEM);
            failures++;
        }
    }
    ck_assert_int_eq(failures, total);
    problem_free(&p);
}
END_TEST

/* ---------------------------------------------------------------- extremes */

START_TEST(huge_C_on_separable_data_stays_finite)
{
    problem p;
    separable_problem(&p, 30);
    precis_logreg_params pr;
    params(&pr, 1e6, 0, 1e-4, 2);
    precis_logreg *m = train_ok(&p, &pr);
    double proba[3];
    precis_logreg_predict_proba(m, p.X.col, p.X.val, 2, proba);
    ck_assert(all_finite(proba, 3));
    ck_assert(proba[p.y[0]] > 0.99);
    precis_logreg_free(m);
    problem_free(&p);
}
END_TEST

START_TEST(empty_rows_one_document_and_missing_classes)
{
    problem p;
    precis_logreg_params pr;
    params(&pr, 10.0, 0, 1e-6, 2);

    /* every document empty: no feature is ever seen, so W stays 0 (its
     * gradient is just W), and softmax(b) is the class frequency, 4/5 and 1/5
     * (the intercepts' gradient C * sum_i (p - y_i) vanishes there) */
    problem_alloc(&p, 5, 4, 0, 2);
    p.y[0] = 1;
    precis_logreg *m = train_ok(&p, &pr);
    ck_assert(m->converged);
    for (size_t a = 0; a < 4 * 2; a++)
        ck_assert(m->W[a] == 0.0);
    double freq[2];
    precis_logreg_predict_proba(m, NULL, NULL, 0, freq);
    ck_assert_msg(fabs(freq[0] - 0.8) < 1e-6 && fabs(freq[1] - 0.2) < 1e-6, "%.12g %.12g", freq[0],
                  freq[1]);
    precis_logreg_free(m);
    problem_free(&p);

    /* one document, and a class with none */
    problem_alloc(&p, 1, 3, 2, 2);
    p.X.col[0] = 0;
    p.X.val[0] = 1.0;
    p.X.col[1] = 2;
    p.X.val[1] = 0.25;
    p.X.row_ptr[1] = 2;
    for (int balanced = 0; balanced <= 1; balanced++) {
        pr.class_weight_balanced = balanced;
        m = train_ok(&p, &pr);
        double proba[2];
        precis_logreg_predict_proba(m, p.X.col, p.X.val, 2, proba);
        ck_assert(proba[0] > 0.99);
        precis_logreg_free(m);
    }
    problem_free(&p);

    /* Balanced weights count only the classes that have documents (as
     * scikit-learn): with two equally frequent classes and a third without
     * documents, every weight is n / (2 * n/2) = 1, so the fit is the
     * unweighted one (counting the empty class would make them 2/3). */
    random_problem(&p, 40, 8, 2, 0.3, 0.0, 21);
    for (size_t i = 0; i < p.X.n_rows; i++)
        p.y[i] = (uint32_t)(i % 2);
    p.K = 3;
    pr.class_weight_balanced = 0;
    m = train_ok(&p, &pr);
    double plain = m->objective;
    precis_logreg_free(m);
    pr.class_weight_balanced = 1;
    m = train_ok(&p, &pr);
    ck_assert_msg(fabs(m->objective - plain) <= 1e-9 * fabs(plain), "balanced %.12g vs plain %.12g",
                  m->objective, plain);
    precis_logreg_free(m);
    problem_free(&p);

    /* four classes, the last without documents, some empty rows */
    random_problem(&p, 60, 10, 3, 0.2, 0.0, 13);
    p.K = 4;
    empty_every(&p, 7);
    pr.class_weight_balanced = 1;
    m = train_ok(&p, &pr);
    double proba[4];
    precis_logreg_predict_proba(m, NULL, NULL, 0, proba);
    ck_assert(proba[3] < 1e-3);
    precis_logreg_free(m);
    problem_free(&p);
}
END_TEST

START_TEST(large_feature_values)
{
    problem p;
    separable_problem(&p, 30);
    for (size_t q = 0; q < p.X.nnz; q++)
        p.X.val[q] *= 1e6;
    precis_logreg_params pr;
    params(&pr, 1.0, 0, 1e-4, 1);
    precis_logreg *m = train_ok(&p, &pr);
    ck_assert_msg(m->converged, "stopped after %d steps", m->iterations);
    /* The objective reported is that of the W and b returned. */
    double check = objective_of(&p, m->W, m->b, 1.0, 0);
    ck_assert_msg(fabs(check - m->objective) <= 1e-9 * check, "%.17g vs %.17g", check, m->objective);
    /* Scaling X by s is scaling the penalty on W by 1/s^2 (W' = W / s): at
     * s = 1e6 the fit is all but unregularized, and the data are separable,
     * so every training document is its class with near certainty. */
    for (size_t i = 0; i < p.X.n_rows; i++) {
        double proba[3];
        size_t lo = p.X.row_ptr[i];
        precis_logreg_predict_proba(m, p.X.col + lo, p.X.val + lo, p.X.row_ptr[i + 1] - lo, proba);
        ck_assert(all_finite(proba, 3));
        ck_assert_msg(proba[p.y[i]] > 0.99, "document %zu: p(class %u) = %g", i, p.y[i],
                      proba[p.y[i]]);
    }
    precis_logreg_free(m);
    problem_free(&p);
}
END_TEST

/* ---------------------------------------------------------------- suite */

static Suite *logreg_suite(void)
{
    Suite *s = suite_create("logreg");
    TCase *opt = tcase_create("optimum");
    tcase_add_test(opt, optimum_three_classes);
    tcase_add_test(opt, optimum_two_classes_is_multinomial);
    tcase_add_test(opt, intercepts_alone_match_class_frequencies);
    tcase_add_test(opt, gradient_and_hessian_match_finite_differences);
    suite_add_tcase(s, opt);

    TCase *run = tcase_create("behaviour");
    tcase_set_timeout(run, 120);
    tcase_add_test(run, bit_identical_whatever_the_thread_count);
    tcase_add_test(run, probabilities_sum_to_one_and_argmax_is_right);
    tcase_add_test(run, progress_once_per_iteration_and_max_iter);
    tcase_add_test(run, converges_across_C);
    tcase_add_test(run, warm_start_reaches_the_same_optimum_sooner);
    tcase_add_test(run, defaults);
    tcase_add_test(run, bad_arguments_are_refused);
    suite_add_tcase(s, run);

    TCase *fail = tcase_create("failures");
    tcase_set_timeout(fail, 300);
    tcase_add_test(fail, allocation_failures_unwind);
    suite_add_tcase(s, fail);

    TCase *ext = tcase_create("extremes");
    tcase_add_test(ext, huge_C_on_separable_data_stays_finite);
    tcase_add_test(ext, empty_rows_one_document_and_missing_classes);
    tcase_add_test(ext, large_feature_values);
    suite_add_tcase(s, ext);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(logreg_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
