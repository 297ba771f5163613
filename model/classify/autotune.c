/*
 * autotune.c — model selection by cross-validation on the training corpus
 * alone: a staged search over feature options, class weights and C, within
 * a time budget (precis.h describes the space and the stages).
 *
 * What is reused: each document is read and counted once per stop-words
 * setting, with 1-2-grams; every other feature setting (n-gram range,
 * min-df, max-df, sublinear tf) is refitted from those counts per fold
 * (px_vectorizer_builder_fit_subset_with, fitted on the fold's training
 * part only). Along the C path each fit starts from the previous C's
 * weights. The folds are dealt once (px_assign_folds) and shared by all.
 *
 * Invariants: a candidate enters the table only when every fold of its
 * setting has been scored, so all candidates are means over the same folds;
 * result->best indexes the highest mean accuracy, then the lowest mean
 * log-loss, then the earliest scored; the
 * first setting is always scored whole, so there is always a winner. A later
 * setting that leaves a fold's training part without terms (min-df 2 on a
 * small corpus) is counted as tried and unusable and adds no candidate; when
 * the first setting does, the corpus is too small to cross-validate and the
 * search fails with a message saying so.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "base/alloc.h"
#include "base/error.h"
#include "classify/classify.h"
#include "classify/svm_dual.h"
#include "features/dataset.h"
#include "features/sparse.h"
#include "features/vectorizer.h"
#include "precis.h"

#define DEFAULT_FOLDS 3
#define DEFAULT_SECONDS 100.0
#define DEFAULT_CV_TOL 1e-3 /* 20news at C=30: 0.70x the fit time of 1e-4, test accuracy within 0.0002 */
#define LOG_LOSS_FLOOR 1e-15 /* as precis_metrics clips probabilities */
#define MAX_SETTINGS 13 /* 4 tokenizations + 1-char tokens + 4 prunings + sublinear tf + class
                           weights + the squared hinge's C path + the multinomial */

static const double default_C_path[] = {1, 3, 10, 30, 100};
/* The squared hinge's feature stages score each setting at C = 1 alone
 * (its C multiplies a loss that grows quadratically, so its best values sit
 * lower than the multinomial's: scikit-learn's LinearSVC on TF-IDF, 0.3 to
 * 3 on 20news and BBC, and C = 1 within 0.001 of the best on both), then
 * the best setting at the rest of its path: C last, as it moves the
 * accuracy least and costs most (a fit at C = 10 costs as much as at 0.3,
 * 1 and 3 together). */
static const double svm_feature_C[] = {1};
static const double svm_C_path[] = {0.3, 3, 10};
#define SVM_N_C (sizeof svm_C_path / sizeof *svm_C_path)
#define MAX_N_C 64

void precis_autotune_options_default(precis_autotune_options *opt)
{
    memset(opt, 0, sizeof *opt);
    opt->folds = DEFAULT_FOLDS;
    opt->seconds = DEFAULT_SECONDS;
    opt->tol = DEFAULT_CV_TOL;
}

static int check_path(const double *path, size_t n, const char *what, precis_error *err)
{
    if (n == 0 || n > MAX_N_C)
        return px_error(err, PRECIS_ERR_ARG, "autotune: the %s C path needs 1 to %d values",
                        what, MAX_N_C);
    for (size_t c = 0; c < n; c++)
        if (!(path[c] >= PRECIS_C_MIN && path[c] <= PRECIS_C_MAX) ||
            (c > 0 && !(path[c] > path[c - 1])))
            return px_error(err, PRECIS_ERR_ARG, "autotune: the %s C path must ascend within "
                                                 "[%g, %g]", what, PRECIS_C_MIN, PRECIS_C_MAX);
    return PRECIS_OK;
}

typedef struct setting {
    precis_feature_options features;
    int balanced;
    precis_loss loss;
    int whole_path; /* squared hinge: the C path, not C = 1 alone */
} setting;

typedef struct search {
    const char *path;
    precis_reader_options reader;
    precis_logreg_params params;
    precis_autotune_options opt;
    precis_feature_options base;
    precis_dataset *d;                       /* labels, from the first read */
    size_t n;
    size_t *fold;
    precis_vectorizer_builder *counts[4];    /* by tokenization: 2 x stop words + 1-char tokens */
    precis_autotune_result *res;
    size_t cap;
    setting *scored;                         /* per scored setting */
    double start, dearest;                   /* dearest: seconds of the costliest setting */
    double read_time, fold_time;             /* the first read's; the costliest fold's */
} search;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int same_setting(const setting *a, const setting *b)
{
    const precis_feature_options *x = &a->features, *y = &b->features;
    return a->balanced == b->balanced && a->loss == b->loss && a->whole_path == b->whole_path &&
           x->ngram_min == y->ngram_min &&
           x->ngram_max == y->ngram_max && x->min_df.value == y->min_df.value &&
           x->min_df.is_proportion == y->min_df.is_proportion &&
           x->max_df.value == y->max_df.value &&
           x->max_df.is_proportion == y->max_df.is_proportion &&
           x->sublinear_tf == y->sublinear_tf && x->stop_words == y->stop_words &&
           x->single_char_tokens == y->single_char_tokens;
}

/* Which counts a tokenization reads into. */
static int counts_slot(const precis_feature_options *f)
{
    return 2 * (f->stop_words != 0) + (f->single_char_tokens != 0);
}

/* The counts for a tokenization (stop words, one-character tokens), read on
 * first use (later reads say no warnings: the first said them). */
static int counts_for(search *s, const precis_feature_options *f,
                      precis_vectorizer_builder **out, precis_error *err)
{
    int which = counts_slot(f);
    if (!s->counts[which]) {
        precis_feature_options fo = s->base;
        fo.stop_words = f->stop_words;
        fo.single_char_tokens = f->single_char_tokens;
        fo.ngram_min = 1;
        fo.ngram_max = 2;
        precis_reader_options ro = s->reader;
        if (s->d)
            ro.warn = NULL;
        precis_dataset *d = NULL;
        size_t n = 0;
        double t0 = now();
        int rc = px_dataset_read(&d, &s->counts[which], &n, s->path, &ro, &fo, err);
        if (!s->d)
            s->read_time = now() - t0;
        if (rc != PRECIS_OK)
            return rc;
        if (!s->d) {
            s->d = d;
            s->n = n;
        } else {
            precis_dataset_free(d);
            if (n != s->n)
                return px_error(err, PRECIS_ERR_IO, "%s: changed while it was read (%zu "
                                "documents, then %zu)", s->path, s->n, n);
        }
    }
    *out = s->counts[which];
    return PRECIS_OK;
}

static void report(search *s, size_t setting_no, size_t fold)
{
    if (!s->opt.progress)
        return;
    double elapsed = now() - s->start;
    precis_autotune_progress p = {
        setting_no + 1, s->res->settings_planned, fold + 1, s->opt.folds,
        s->res->n_candidates ? s->res->candidates[s->res->best].mean : -1.0, elapsed,
        s->opt.seconds > elapsed ? s->opt.seconds - elapsed : 0.0};
    s->opt.progress(s->opt.progress_ctx, &p);
}

/* A setting's C path: the squared hinge's, or the multinomial's. */
static const double *path_of(const search *s, const setting *st, size_t *n_C)
{
    if (st->loss == PRECIS_LOSS_SQUARED_HINGE && !st->whole_path) {
        *n_C = 1;
        return svm_feature_C;
    }
    if (st->loss == PRECIS_LOSS_SQUARED_HINGE) {
        *n_C = s->opt.n_svm_C;
        return s->opt.svm_C_path;
    }
    *n_C = s->opt.n_C;
    return s->opt.C_path;
}

/* f[k] = x w_k + b_k for one sparse row. */
static void decision_values(const precis_logreg *lr, const uint32_t *col, const double *val,
                            size_t nnz, double *f)
{
    size_t K = lr->n_classes;
    memcpy(f, lr->b, K * sizeof *f);
    for (size_t p = 0; p < nnz; p++) {
        const double *w = lr->W + (size_t)col[p] * K;
        for (size_t k = 0; k < K; k++)
            f[k] += val[p] * w[k];
    }
}

/* The fit at the path's C, warm-started from the last: the multinomial from
 * prev's weights, the squared hinge from its dual variables alpha. */
static int fit_at(search *s, const setting *st, const precis_csr *Xtr, const uint32_t *y,
                  double C, const precis_logreg *prev, double *alpha, precis_logreg **lr,
                  precis_error *err)
{
    if (st->loss == PRECIS_LOSS_SQUARED_HINGE) {
        px_svm_params sp;
        px_svm_params_default(&sp);
        sp.C = C;
        sp.class_weight_balanced = st->balanced;
        sp.n_threads = s->params.n_threads;
        return px_svm_train_ovr(Xtr, y, s->d->n_labels, &sp, alpha, lr, err);
    }
    precis_logreg_params p = s->params;
    p.tol = fmax(p.tol, s->opt.tol);
    p.C = C;
    p.class_weight_balanced = st->balanced;
    p.loss = PRECIS_LOSS_MULTINOMIAL;
    return px_logreg_train_from(Xtr, y, s->d->n_labels, &p, prev, lr, err);
}

/* Fold f of a setting: acc[c] gets the held-out accuracy at the path's c-th
 * C, loss[c] the held-out mean log-loss (multinomial). For the squared
 * hinge, the held-out rows' decision values go to dec (n x K per C, rows in
 * corpus order), calibrated once every fold has filled its rows. */
static int score_fold(search *s, const precis_vectorizer_builder *counts, const setting *st,
                      size_t f, double *acc, double *loss, double *dec, precis_error *err)
{
    size_t n = s->n, n_train = 0, K = s->d->n_labels, n_C;
    const double *path = path_of(s, st, &n_C);
    int svm = st->loss == PRECIS_LOSS_SQUARED_HINGE;
    unsigned char *in_fit = px_malloc(n);
    size_t *train = px_malloc_array(n, sizeof *train);
    uint32_t *y_train = px_malloc_array(n, sizeof *y_train);
    double *proba = px_malloc_array(K, sizeof *proba);
    double *alpha = svm ? px_calloc(n * K, sizeof *alpha) : NULL;
    if (!in_fit || !train || !y_train || !proba || (svm && !alpha)) {
        px_free(in_fit);
        px_free(train);
        px_free(y_train);
        px_free(proba);
        px_free(alpha);
        return px_error(err, PRECIS_ERR_NOMEM, "out of memory");
    }
    for (size_t i = 0; i < n; i++) {
        in_fit[i] = s->fold[i] != f;
        if (in_fit[i]) {
            y_train[n_train] = s->d->y[i];
            train[n_train++] = i;
        }
    }
    precis_vectorizer *v = NULL;
    precis_csr X = {0}, Xtr = {0};
    int rc = px_vectorizer_builder_fit_subset_with(counts, in_fit, &st->features, &v, &X, err);
    if (rc == PRECIS_OK && px_csr_select_rows(&X, train, n_train, &Xtr) != PRECIS_OK)
        rc = px_error(err, PRECIS_ERR_NOMEM, "out of memory");
    precis_logreg *prev = NULL;
    for (size_t c = 0; rc == PRECIS_OK && c < n_C; c++) {
        precis_logreg *lr = NULL;
        rc = fit_at(s, st, &Xtr, y_train, path[c], prev, alpha, &lr, err);
        precis_logreg_free(prev);
        prev = lr;
        size_t correct = 0, held = 0;
        double log_loss = 0;
        for (size_t i = 0; rc == PRECIS_OK && i < n; i++) {
            if (in_fit[i])
                continue;
            size_t a = X.row_ptr[i];
            if (svm) {
                double *row = dec + (c * n + i) * K;
                decision_values(lr, X.col + a, X.val + a, X.row_ptr[i + 1] - a, row);
                correct += px_argmax(row, K) == s->d->y[i];
            } else {
                precis_logreg_predict_proba(lr, X.col + a, X.val + a, X.row_ptr[i + 1] - a,
                                            proba);
                correct += px_argmax(proba, K) == s->d->y[i];
                log_loss -= log(fmax(proba[s->d->y[i]], LOG_LOSS_FLOOR));
            }
            held++;
        }
        acc[c] = held ? (double)correct / (double)held : 0.0;
        loss[c] = held ? log_loss / (double)held : 0.0;
    }
    precis_logreg_free(prev);
    precis_csr_free(&X);
    precis_csr_free(&Xtr);
    precis_vectorizer_free(v);
    px_free(in_fit);
    px_free(train);
    px_free(y_train);
    px_free(proba);
    px_free(alpha);
    return rc;
}

static int grow_table(search *s, size_t n_C)
{
    precis_autotune_result *r = s->res;
    size_t need = r->n_candidates + n_C;
    if (need <= s->cap)
        return PRECIS_OK;
    size_t cap = s->cap ? 2 * s->cap : 64;
    while (cap < need)
        cap *= 2;
    precis_autotune_candidate *grown = px_realloc_array(r->candidates, cap, sizeof *grown);
    if (!grown)
        return PRECIS_ERR_NOMEM;
    r->candidates = grown;
    s->cap = cap;
    return PRECIS_OK;
}

/* Does candidate a beat b? Higher mean accuracy; on equal accuracy (small
 * or easy corpora, where many candidates score every fold right), lower
 * mean log-loss: the better calibrated model. */
static int better(const precis_autotune_candidate *a, const precis_autotune_candidate *b)
{
    return a->mean > b->mean || (a->mean == b->mean && a->log_loss < b->log_loss);
}

/* The setting's candidates, one per C, from acc and loss (n_C x folds);
 * for the squared hinge, the log-loss and temperature from the pooled
 * held-out decision values dec (n x K per C) instead. */
static int add_candidates(search *s, const setting *st, const double *acc, const double *loss,
                          const double *dec)
{
    size_t n_C;
    const double *path = path_of(s, st, &n_C);
    if (grow_table(s, n_C) != PRECIS_OK)
        return PRECIS_ERR_NOMEM;
    precis_autotune_result *r = s->res;
    size_t k = s->opt.folds, n = s->n, K = s->d->n_labels;
    for (size_t c = 0; c < n_C; c++) {
        double sum = 0, sq = 0, loss_sum = 0;
        size_t used = 0; /* folds with documents (an empty fold's figures are NaN) */
        for (size_t f = 0; f < k; f++)
            if (!isnan(acc[c * k + f])) {
                sum += acc[c * k + f];
                loss_sum += loss[c * k + f];
                used++;
            }
        double mean = sum / (double)used;
        for (size_t f = 0; f < k; f++)
            if (!isnan(acc[c * k + f]))
                sq += (acc[c * k + f] - mean) * (acc[c * k + f] - mean);
        precis_autotune_candidate *cand = &r->candidates[r->n_candidates];
        cand->features = st->features;
        cand->C = path[c];
        cand->class_weight_balanced = st->balanced;
        cand->loss = st->loss;
        cand->mean = mean;
        cand->sd = sqrt(sq / (double)used);
        cand->log_loss = loss_sum / (double)used;
        cand->temperature = 1.0;
        if (st->loss == PRECIS_LOSS_SQUARED_HINGE)
            cand->temperature = px_svm_temperature(dec + c * n * K, s->d->y, n, K,
                                                   &cand->log_loss);
        if (r->n_candidates == 0 || better(cand, &r->candidates[r->best]))
            r->best = r->n_candidates;
        r->n_candidates++;
    }
    return PRECIS_OK;
}

/* Has the budget run out? It covers the final model too: reading the corpus
 * once more and one fit on all of it, reckoned as the first read and the
 * costliest fold (whose C path is several fits on part of the corpus).
 * Before a setting, the dearest setting so far must fit in what is left. */
static int out_of_time(const search *s, int before_setting)
{
    if (s->res->settings_scored == 0)
        return 0; /* the first setting is always scored whole */
    double elapsed = now() - s->start + s->read_time + s->fold_time;
    return elapsed >= s->opt.seconds ||
           (before_setting && elapsed + s->dearest > s->opt.seconds);
}

/* The first setting (the given options) left fold f's training part empty:
 * the corpus is too small for this many folds. */
static int too_small(const search *s, size_t f, precis_error *err)
{
    char why[sizeof err->message];
    snprintf(why, sizeof why, "%s", err->message);
    return px_error(err, PRECIS_ERR_EMPTY,
                    "%s: too small for %zu-fold cross-validation (%zu documents): in fold %zu, "
                    "%s", s->path, s->opt.folds, s->n, f + 1, why);
}

/* Scores one setting unless already scored; sets stopped_early and returns
 * PRECIS_OK without scoring when the budget is spent. */
static int score_setting(search *s, const setting *st, precis_error *err)
{
    precis_autotune_result *r = s->res;
    for (size_t i = 0; i < r->settings_scored; i++)
        if (same_setting(&s->scored[i], st))
            return PRECIS_OK;
    if (r->stopped_early || out_of_time(s, 1)) {
        r->stopped_early = 1;
        return PRECIS_OK;
    }
    double t0 = now();
    precis_vectorizer_builder *counts = NULL;
    int rc = counts_for(s, &st->features, &counts, err);
    if (rc == PRECIS_OK && !s->fold) {
        s->fold = px_malloc_array(s->n ? s->n : 1, sizeof *s->fold);
        if (s->opt.folds > s->n)
            rc = px_error(err, PRECIS_ERR_ARG, "%s: %zu-fold cross-validation needs at least %zu "
                          "documents; the corpus has %zu", s->path, s->opt.folds, s->opt.folds,
                          s->n);
        else if (!s->fold ||
                 px_assign_folds(s->d->y, s->n, s->d->n_labels, s->opt.folds, s->fold) != PRECIS_OK)
            rc = px_error(err, PRECIS_ERR_NOMEM, "out of memory");
    }
    size_t k = s->opt.folds, n_C;
    int unusable = 0;
    path_of(s, st, &n_C);
    int svm = st->loss == PRECIS_LOSS_SQUARED_HINGE;
    size_t K = s->d ? s->d->n_labels : 0;
    double *acc = rc == PRECIS_OK ? px_malloc_array(n_C * k, sizeof *acc) : NULL;
    double *loss = rc == PRECIS_OK ? px_malloc_array(n_C * k, sizeof *loss) : NULL;
    double *one = rc == PRECIS_OK ? px_malloc_array(2 * n_C, sizeof *one) : NULL;
    /* n x K per C: checked before the sizes multiply */
    double *dec = rc == PRECIS_OK && svm && K && s->n <= SIZE_MAX / K / n_C
                      ? px_malloc_array(s->n * K * n_C, sizeof *dec)
                      : NULL;
    if (rc == PRECIS_OK && (!acc || !loss || !one || (svm && !dec)))
        rc = px_error(err, PRECIS_ERR_NOMEM, "out of memory");
    for (size_t f = 0; rc == PRECIS_OK && f < k; f++) {
        if (out_of_time(s, 0)) { /* abandon the setting: its folds would be incomplete */
            r->stopped_early = 1;
            break;
        }
        if (!px_fold_has_documents(s->fold, s->n, f)) {
            for (size_t c = 0; c < n_C; c++)
                acc[c * k + f] = loss[c * k + f] = NAN; /* no figures: left out of the means */
            continue;
        }
        report(s, r->settings_scored, f);
        double fold_start = now();
        rc = score_fold(s, counts, st, f, one, one + n_C, dec, err);
        s->fold_time = fmax(s->fold_time, now() - fold_start);
        if (rc == PRECIS_ERR_EMPTY && r->settings_scored > 0) {
            unusable = 1; /* e.g. min-df 2 left fold f's training part no terms */
            rc = PRECIS_OK;
            break;
        }
        if (rc == PRECIS_ERR_EMPTY)
            rc = too_small(s, f, err);
        for (size_t c = 0; rc == PRECIS_OK && c < n_C; c++) {
            acc[c * k + f] = one[c];
            loss[c * k + f] = one[n_C + c];
        }
    }
    if (rc == PRECIS_OK && unusable) {
        s->scored[r->settings_scored++] = *st;
        r->settings_unusable++;
    } else if (rc == PRECIS_OK && !r->stopped_early) {
        if (add_candidates(s, st, acc, loss, dec) != PRECIS_OK)
            rc = px_error(err, PRECIS_ERR_NOMEM, "out of memory");
        else
            s->scored[r->settings_scored++] = *st;
        s->dearest = fmax(s->dearest, now() - t0);
    }
    px_free(acc);
    px_free(loss);
    px_free(one);
    px_free(dec);
    return rc;
}

static setting best_setting(const search *s)
{
    const precis_autotune_candidate *b = &s->res->candidates[s->res->best];
    return (setting){b->features, b->class_weight_balanced, b->loss, 0};
}

/* The stages, each from the best setting so far. The feature stages score
 * the squared hinge (a pass over the rows per coordinate-descent step: 20
 * classes of 20news at 1-2-grams in seconds, where the multinomial takes
 * tens); the last stage scores the multinomial loss on the best features. */
static int run_stages(search *s, precis_error *err)
{
    setting st = {s->base, 0, PRECIS_LOSS_SQUARED_HINGE, 0};
    int rc = PRECIS_OK;
    /* The defaults first, then the opposite corner (the likeliest change to
     * pay on long texts), then one-character tokens ("x" of X Windows, "c"
     * of the language, digits) flipped on the better of the two (one more
     * read), then the other two corners: so that a short budget still tries
     * the three likeliest changes. */
    static const int tokenizations[4][2] = {{0, 1}, {1, 2}, {1, 1}, {0, 2}};
    for (int t = 0; rc == PRECIS_OK && t < 4; t++) {
        if (t == 2) {
            setting flip = best_setting(s);
            flip.features.single_char_tokens = !flip.features.single_char_tokens;
            rc = score_setting(s, &flip, err);
            if (rc != PRECIS_OK)
                break;
        }
        st.features.stop_words = tokenizations[t][0];
        st.features.ngram_min = 1;
        st.features.ngram_max = tokenizations[t][1];
        rc = score_setting(s, &st, err);
    }
    /* The losing tokenizations' counts are no longer needed. */
    setting kept = rc == PRECIS_OK ? best_setting(s) : st;
    int keep = counts_slot(&kept.features);
    for (int c = 0; c < 4; c++)
        if (c != keep) {
            precis_vectorizer_builder_free(s->counts[c]);
            s->counts[c] = NULL;
        }
    const precis_df_bound min_dfs[] = {{1, 0}, {2, 0}}, max_dfs[] = {{1.0, 1}, {0.5, 1}};
    setting from = rc == PRECIS_OK ? best_setting(s) : st;
    for (int a = 0; rc == PRECIS_OK && a < 2; a++)
        for (int b = 0; rc == PRECIS_OK && b < 2; b++) {
            st = from;
            st.features.min_df = min_dfs[a];
            st.features.max_df = max_dfs[b];
            rc = score_setting(s, &st, err);
        }
    if (rc == PRECIS_OK) {
        st = best_setting(s);
        st.features.sublinear_tf = !st.features.sublinear_tf;
        rc = score_setting(s, &st, err);
    }
    if (rc == PRECIS_OK) {
        st = best_setting(s);
        st.balanced = !st.balanced;
        rc = score_setting(s, &st, err);
    }
    if (rc == PRECIS_OK) {
        st = best_setting(s);
        st.whole_path = 1;
        rc = score_setting(s, &st, err);
    }
    if (rc == PRECIS_OK) {
        st = best_setting(s);
        st.loss = PRECIS_LOSS_MULTINOMIAL;
        rc = score_setting(s, &st, err);
    }
    return rc;
}

/* How many settings the stages score: stage 2 scores one fewer when the
 * given min-df and max-df are among its own (already scored in stage 1). */
static size_t planned_settings(const precis_feature_options *base)
{
    int min_in = !base->min_df.is_proportion &&
                 (base->min_df.value == 1 || base->min_df.value == 2);
    int max_in = base->max_df.is_proportion &&
                 (base->max_df.value == 1.0 || base->max_df.value == 0.5);
    return MAX_SETTINGS - (size_t)(min_in && max_in);
}

static int check_options(const precis_autotune_options *opt, precis_error *err)
{
    if (opt->folds < 2)
        return px_error(err, PRECIS_ERR_ARG, "autotune: at least 2 folds (got %zu)", opt->folds);
    if (!(opt->seconds >= 0) || !isfinite(opt->seconds))
        return px_error(err, PRECIS_ERR_ARG, "autotune: the time budget must be a finite "
                                             "number of seconds, 0 or more");
    if (!(opt->tol > 0) || !isfinite(opt->tol))
        return px_error(err, PRECIS_ERR_ARG, "autotune: tol must be a positive finite number");
    int rc = check_path(opt->C_path, opt->n_C, "multinomial", err);
    return rc == PRECIS_OK ? check_path(opt->svm_C_path, opt->n_svm_C, "squared-hinge", err)
                           : rc;
}

int precis_autotune(const char *path, const precis_reader_options *reader,
                    const precis_feature_options *features, const precis_logreg_params *params,
                    const precis_autotune_options *opt, precis_autotune_result **out,
                    precis_error *err)
{
    *out = NULL;
    search s;
    memset(&s, 0, sizeof s);
    s.start = now();
    s.path = path;
    if (reader)
        s.reader = *reader;
    else
        precis_reader_options_default(&s.reader);
    if (features)
        s.base = *features;
    else
        precis_feature_options_default(&s.base);
    if (params)
        s.params = *params;
    else
        precis_logreg_params_default(&s.params);
    if (opt)
        s.opt = *opt;
    else
        precis_autotune_options_default(&s.opt);
    if (!s.opt.C_path) {
        s.opt.C_path = default_C_path;
        s.opt.n_C = sizeof default_C_path / sizeof *default_C_path;
    }
    if (!s.opt.svm_C_path) {
        s.opt.svm_C_path = svm_C_path;
        s.opt.n_svm_C = SVM_N_C;
    }
    int rc = check_options(&s.opt, err);
    if (rc == PRECIS_OK)
        rc = px_feature_options_check(&s.base, err);
    if (rc != PRECIS_OK)
        return rc;
    s.res = px_calloc(1, sizeof *s.res);
    s.scored = px_malloc_array(MAX_SETTINGS, sizeof *s.scored);
    if (!s.res || !s.scored)
        rc = px_error(err, PRECIS_ERR_NOMEM, "out of memory");
    if (rc == PRECIS_OK) {
        s.res->folds = s.opt.folds;
        s.res->settings_planned = planned_settings(&s.base);
        rc = run_stages(&s, err);
    }
    if (rc == PRECIS_OK && s.d && s.d->n_labels < 2)
        rc = px_error(err, PRECIS_ERR_ARG, "%s: only one label: a classifier needs at least two",
                      path);
    if (s.res)
        s.res->seconds = now() - s.start;
    for (int c = 0; c < 4; c++)
        precis_vectorizer_builder_free(s.counts[c]);
    precis_dataset_free(s.d);
    px_free(s.fold);
    px_free(s.scored);
    if (rc != PRECIS_OK) {
        precis_autotune_result_free(s.res);
        return rc;
    }
    *out = s.res;
    return PRECIS_OK;
}

void precis_autotune_result_free(precis_autotune_result *r)
{
    if (!r)
        return;
    px_free(r->candidates);
    px_free(r);
}
