/*
 * multilabel.c — one-vs-rest logistic regressions for multi-label corpora,
 * and the per-label decision thresholds chosen by cross-validation.
 *
 * Training: one binary L2 logistic regression per label (binary_fit.c) over
 * the shared TF-IDF rows, labels spread over a thread pool, each fit on one
 * thread; so the weights do not depend on the number of threads. Then k-fold
 * cross-validation on the same rows: each (fold, label) fit starts from the
 * label's full fit (a warm start: few Newton steps) with the held-out fold's
 * weights set to 0, and scores the held-out rows. From those out-of-fold
 * probabilities each label gets the threshold that maximizes its F1 (SCut
 * with the F1-optimal rule: macro-F1 averages per-label F1, so each label's
 * own F1 is what to maximize; the midpoint between the cut's two scores,
 * so the rule does not sit on a training score). A label whose best
 * out-of-fold F1 is below FBR keeps 0.5. The top-label fallback (a document no
 * label passes gets its most probable label) is kept when it raises the
 * out-of-fold micro-F1.
 *
 * Folds: documents are shuffled under a fixed seed, then ordered (stably)
 * by the training frequency of their rarest label and dealt round robin, so
 * a rare label's few documents land in different folds.
 */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/error.h"
#include "base/pool.h"
#include "classify/binary_fit.h"
#include "classify/classify.h"
#include "precis.h"

/* SCutFBR (Yang 2001): a label whose best out-of-fold F1 stays below this
 * keeps 0.5, since an F1-optimal cut found on a handful of positives ranked
 * low is a cut that says the label for nearly every document. */
#define FBR 0.1

void precis_multilabel_params_default(precis_multilabel_params *p)
{
    memset(p, 0, sizeof *p);
    p->C = 10;
    p->max_iter = 100;
    p->tol = 1e-2;
    p->folds = 3;
    p->fallback = -1;
}

typedef struct trainer {
    const precis_csr *X;
    size_t n, K, d;
    size_t *doc_ptr;             /* label k's documents: docs[doc_ptr[k] .. doc_ptr[k+1]) */
    uint32_t *docs;
    const precis_multilabel_params *p;
    size_t *fold;                /* n: each document's fold */
    double *full;                /* K x (d + 1): each label's full fit, b last */
    double *oof;                 /* n x K: out-of-fold probabilities */
    px_binary_work **work;       /* one per pool worker */
    double **warm;               /* d + 1 per worker */
    double **c;                  /* n per worker */
    unsigned char **pos;         /* n per worker */
    int n_workers;               /* entries of work, warm, c and pos */
    int *iterations;             /* per fit */
    int *converged;
} trainer;

/* Label k's targets and weights for fold `held_out` (n_folds: none held out). */
static void label_problem(const trainer *t, size_t k, size_t held_out, int worker)
{
    unsigned char *pos = t->pos[worker];
    double *c = t->c[worker];
    memset(pos, 0, t->n);
    for (size_t q = t->doc_ptr[k]; q < t->doc_ptr[k + 1]; q++)
        pos[t->docs[q]] = 1;
    double n_pos = (double)(t->doc_ptr[k + 1] - t->doc_ptr[k]), n = (double)t->n;
    double w_pos = 1, w_neg = 1;
    if (t->p->class_weight_balanced && n_pos > 0 && n_pos < n) {
        w_pos = n / (2 * n_pos);
        w_neg = n / (2 * (n - n_pos));
    }
    for (size_t i = 0; i < t->n; i++)
        c[i] = t->fold && t->fold[i] == held_out ? 0 : t->p->C * (pos[i] ? w_pos : w_neg);
}

static void fit_one(trainer *t, size_t k, size_t held_out, int worker, double *wb, size_t fit)
{
    label_problem(t, k, held_out, worker);
    px_binary_problem pb = {t->X, t->pos[worker], t->c[worker], t->p->max_iter, t->p->tol};
    t->iterations[fit] = px_binary_fit(&pb, t->work[worker], wb, wb + t->d, &t->converged[fit]);
}

static void full_chunk(void *ctx, size_t k, int worker)
{
    trainer *t = ctx;
    fit_one(t, k, (size_t)-1, worker, t->full + k * (t->d + 1), k);
}

static double sigmoid(double z)
{
    return z >= 0 ? 1 / (1 + exp(-z)) : exp(z) / (1 + exp(z));
}

static void fold_chunk(void *ctx, size_t chunk, int worker)
{
    trainer *t = ctx;
    size_t f = chunk / t->K, k = chunk % t->K;
    double *wb = t->warm[worker];
    memset(wb, 0, (t->d + 1) * sizeof *wb);
    fit_one(t, k, f, worker, wb, t->K + chunk);
    const precis_csr *X = t->X;
    for (size_t i = 0; i < t->n; i++) {
        if (t->fold[i] != f)
            continue;
        double z = wb[t->d];
        for (size_t q = X->row_ptr[i]; q < X->row_ptr[i + 1]; q++)
            z += X->val[q] * wb[X->col[q]];
        t->oof[i * t->K + k] = sigmoid(z);
    }
}

/* ---------------------------------------------------------------- folds */

typedef struct fold_key {
    size_t rarest;  /* training count of the document's rarest label */
    size_t order;   /* its place after the shuffle */
    size_t doc;
} fold_key;

static int by_rarest(const void *a, const void *b)
{
    const fold_key *x = a, *y = b;
    if (x->rarest != y->rarest)
        return x->rarest < y->rarest ? -1 : 1;
    return (x->order > y->order) - (x->order < y->order);
}

static int assign_folds(trainer *t, const size_t *label_ptr, const uint32_t *label_ids)
{
    size_t n = t->n;
    fold_key *key = px_malloc_array(n ? n : 1, sizeof *key);
    size_t *order = px_malloc_array(n ? n : 1, sizeof *order);
    int rc = key && order ? px_shuffled_order(order, n) : PRECIS_ERR_NOMEM;
    if (rc == PRECIS_OK) {
        for (size_t r = 0; r < n; r++) {
            size_t i = order[r], rarest = SIZE_MAX;
            for (size_t q = label_ptr[i]; q < label_ptr[i + 1]; q++) {
                size_t cnt = t->doc_ptr[label_ids[q] + 1] - t->doc_ptr[label_ids[q]];
                rarest = cnt < rarest ? cnt : rarest;
            }
            key[r] = (fold_key){rarest, r, i};
        }
        qsort(key, n, sizeof *key, by_rarest);
        for (size_t r = 0; r < n; r++)
            t->fold[key[r].doc] = r % t->p->folds;
    }
    px_free(key);
    px_free(order);
    return rc;
}

/* ---------------------------------------------------------------- thresholds */

typedef struct scored {
    double p;
    size_t doc;
} scored;

static int by_score_desc(const void *a, const void *b)
{
    const scored *x = a, *y = b;
    if (x->p != y->p)
        return x->p > y->p ? -1 : 1;
    return (x->doc > y->doc) - (x->doc < y->doc);
}

/* The F1-optimal threshold of label k on the out-of-fold scores. */
static double best_threshold(const trainer *t, size_t k, scored *s, unsigned char *pos)
{
    memset(pos, 0, t->n);
    size_t P = t->doc_ptr[k + 1] - t->doc_ptr[k];
    for (size_t q = t->doc_ptr[k]; q < t->doc_ptr[k + 1]; q++)
        pos[t->docs[q]] = 1;
    for (size_t i = 0; i < t->n; i++)
        s[i] = (scored){t->oof[i * t->K + k], i};
    qsort(s, t->n, sizeof *s, by_score_desc);
    double best_f1 = 0, threshold = 0.5;
    size_t tp = 0;
    for (size_t j = 0; j < t->n; j++) {
        tp += pos[s[j].doc];
        if (j + 1 < t->n && s[j + 1].p == s[j].p)
            continue; /* a cut only between distinct scores */
        double f1 = 2.0 * (double)tp / (double)(j + 1 + P);
        if (f1 > best_f1) {
            best_f1 = f1;
            threshold = j + 1 < t->n ? (s[j].p + s[j + 1].p) / 2 : s[j].p / 2;
        }
    }
    if (best_f1 < FBR)
        return 0.5;
    /* Inside (0, 1), as a model requires: a midpoint of two scores that
     * rounded to 1 (or to 0) would say every document (or none). */
    return fmin(fmax(threshold, 1e-300), 1 - DBL_EPSILON / 2);
}

typedef struct f1_counts {
    size_t *tp, *fp, *fn;
} f1_counts;

/* Out-of-fold micro- and macro-F1 with the thresholds, with or without the
 * top-label fallback. */
static void oof_f1(const trainer *t, const double *threshold, int fallback,
                   const size_t *label_ptr, const uint32_t *label_ids, f1_counts *c,
                   double *micro, double *macro)
{
    size_t K = t->K;
    memset(c->tp, 0, K * sizeof *c->tp);
    memset(c->fp, 0, K * sizeof *c->fp);
    memset(c->fn, 0, K * sizeof *c->fn);
    for (size_t i = 0; i < t->n; i++) {
        const double *p = t->oof + i * K;
        size_t top = 0, any = 0;
        for (size_t k = 0; k < K; k++) {
            top = p[k] > p[top] ? k : top;
            any += p[k] >= threshold[k];
        }
        size_t q = label_ptr[i];
        for (size_t k = 0; k < K; k++) {
            int truth = q < label_ptr[i + 1] && label_ids[q] == k;
            q += truth;
            int said = p[k] >= threshold[k] || (fallback && !any && k == top);
            c->tp[k] += truth && said;
            c->fp[k] += !truth && said;
            c->fn[k] += truth && !said;
        }
    }
    size_t TP = 0, FP = 0, FN = 0;
    double sum = 0;
    for (size_t k = 0; k < K; k++) {
        TP += c->tp[k];
        FP += c->fp[k];
        FN += c->fn[k];
        size_t den = 2 * c->tp[k] + c->fp[k] + c->fn[k];
        sum += den ? 2.0 * (double)c->tp[k] / (double)den : 0;
    }
    *micro = 2 * TP + FP + FN ? 2.0 * (double)TP / (double)(2 * TP + FP + FN) : 0;
    *macro = K ? sum / (double)K : 0;
}

static int choose_thresholds(trainer *t, const size_t *label_ptr, const uint32_t *label_ids,
                             precis_multilabel_model *out)
{
    size_t K = t->K;
    scored *s = px_malloc_array(t->n, sizeof *s);
    unsigned char *pos = px_malloc(t->n ? t->n : 1);
    f1_counts c = {px_calloc(K, sizeof(size_t)), px_calloc(K, sizeof(size_t)),
                   px_calloc(K, sizeof(size_t))};
    int rc = s && pos && c.tp && c.fp && c.fn ? PRECIS_OK : PRECIS_ERR_NOMEM;
    for (size_t k = 0; rc == PRECIS_OK && k < K; k++)
        out->threshold[k] = best_threshold(t, k, s, pos);
    if (rc == PRECIS_OK) {
        double mi0, ma0, mi1, ma1;
        oof_f1(t, out->threshold, 0, label_ptr, label_ids, &c, &mi0, &ma0);
        oof_f1(t, out->threshold, 1, label_ptr, label_ids, &c, &mi1, &ma1);
        out->fallback = t->p->fallback >= 0 ? t->p->fallback : mi1 > mi0;
        out->cv_micro_f1 = out->fallback ? mi1 : mi0;
        out->cv_macro_f1 = out->fallback ? ma1 : ma0;
        out->cv_micro_f1_other = out->fallback ? mi0 : mi1;
    }
    px_free(s);
    px_free(pos);
    px_free(c.tp);
    px_free(c.fp);
    px_free(c.fn);
    return rc;
}

/* ---------------------------------------------------------------- the trainer */

static int check_input(const precis_csr *X, const size_t *label_ptr, const uint32_t *label_ids,
                       size_t K, const precis_multilabel_params *p, precis_error *err)
{
    if (!X || !label_ptr || !label_ids || K == 0 || X->n_rows == 0)
        return px_error(err, PRECIS_ERR_ARG, "multi-label training: no rows or no labels");
    if (!(p->C >= PRECIS_C_MIN && p->C <= PRECIS_C_MAX) || p->max_iter < 1 || !(p->tol > 0) ||
        p->folds == 1 || p->folds > X->n_rows || p->fallback < -1 || p->fallback > 1)
        return px_error(err, PRECIS_ERR_ARG, "multi-label training: invalid parameters (C %g, "
                        "max_iter %d, tol %g, folds %zu)", p->C, p->max_iter, p->tol, p->folds);
    for (size_t i = 0; i < X->n_rows; i++)
        for (size_t q = label_ptr[i]; q < label_ptr[i + 1]; q++)
            if (label_ids[q] >= K || (q > label_ptr[i] && label_ids[q] <= label_ids[q - 1]))
                return px_error(err, PRECIS_ERR_ARG, "multi-label training: document %zu's "
                                "labels are not increasing ids below %zu", i, K);
    return PRECIS_OK;
}

/* Label k's documents, from the documents' labels. */
static int invert_labels(trainer *t, const size_t *label_ptr, const uint32_t *label_ids)
{
    size_t total = label_ptr[t->n];
    t->doc_ptr = px_calloc(t->K + 1, sizeof *t->doc_ptr);
    t->docs = px_malloc_array(total ? total : 1, sizeof *t->docs);
    if (!t->doc_ptr || !t->docs)
        return PRECIS_ERR_NOMEM;
    for (size_t q = 0; q < total; q++)
        t->doc_ptr[label_ids[q] + 1]++;
    for (size_t k = 0; k < t->K; k++)
        t->doc_ptr[k + 1] += t->doc_ptr[k];
    size_t *at = px_malloc_array(t->K ? t->K : 1, sizeof *at);
    if (!at)
        return PRECIS_ERR_NOMEM;
    memcpy(at, t->doc_ptr, t->K * sizeof *at);
    for (size_t i = 0; i < t->n; i++)
        for (size_t q = label_ptr[i]; q < label_ptr[i + 1]; q++)
            t->docs[at[label_ids[q]]++] = (uint32_t)i;
    px_free(at);
    return PRECIS_OK;
}

static int alloc_workers(trainer *t, int n_workers)
{
    size_t w = (size_t)n_workers;
    t->work = px_calloc(w, sizeof *t->work);
    t->warm = px_calloc(w, sizeof *t->warm);
    t->c = px_calloc(w, sizeof *t->c);
    t->pos = px_calloc(w, sizeof *t->pos);
    if (!t->work || !t->warm || !t->c || !t->pos)
        return PRECIS_ERR_NOMEM;
    t->n_workers = n_workers;
    for (size_t i = 0; i < w; i++) {
        t->work[i] = px_binary_work_new(t->n, t->d);
        t->warm[i] = px_malloc_array(t->d + 1, sizeof **t->warm);
        t->c[i] = px_malloc_array(t->n, sizeof **t->c);
        t->pos[i] = px_malloc(t->n);
        if (!t->work[i] || !t->warm[i] || !t->c[i] || !t->pos[i])
            return PRECIS_ERR_NOMEM;
    }
    return PRECIS_OK;
}

static void trainer_free(trainer *t)
{
    for (int i = 0; i < t->n_workers; i++) {
        px_binary_work_free(t->work[i]);
        px_free(t->warm[i]);
        px_free(t->c[i]);
        px_free(t->pos[i]);
    }
    px_free(t->work);
    px_free(t->warm);
    px_free(t->c);
    px_free(t->pos);
    px_free(t->doc_ptr);
    px_free(t->docs);
    px_free(t->fold);
    px_free(t->full);
    px_free(t->oof);
    px_free(t->iterations);
    px_free(t->converged);
}

/* The full fits as the model: W is n_features x K (label k's weights in
 * column k), as a multinomial model's, so explanations read it alike. */
static int make_logreg(const trainer *t, precis_logreg **out)
{
    precis_logreg *lr = px_calloc(1, sizeof *lr);
    size_t K = t->K, d = t->d;
    double *W = px_malloc_array((d * K) > 0 ? d * K : 1, sizeof *W);
    double *b = px_malloc_array(K, sizeof *b);
    if (!lr || !W || !b) {
        px_free(lr);
        px_free(W);
        px_free(b);
        return PRECIS_ERR_NOMEM;
    }
    int iterations = 0, converged = 1;
    for (size_t k = 0; k < K; k++) {
        const double *wb = t->full + k * (d + 1);
        for (size_t j = 0; j < d; j++)
            W[j * K + k] = wb[j];
        b[k] = wb[d];
        iterations = t->iterations[k] > iterations ? t->iterations[k] : iterations;
        converged &= t->converged[k] != 0;
    }
    *lr = (precis_logreg){d, K, W, b, iterations, 0, converged, 1};
    *out = lr;
    return PRECIS_OK;
}

static int run(trainer *t, const size_t *label_ptr, const uint32_t *label_ids,
               precis_multilabel_model *out, precis_error *err)
{
    px_pool *pool = NULL;
    int rc = px_pool_new(&pool, t->p->n_threads);
    int workers = rc == PRECIS_OK ? px_pool_workers(pool) : 0;
    size_t folds = t->p->folds, fits = t->K * (1 + folds);
    if (rc == PRECIS_OK)
        rc = invert_labels(t, label_ptr, label_ids);
    if (rc == PRECIS_OK) {
        /* K x (d + 1) and n x K doubles: counts checked before they multiply */
        t->full = t->d + 1 <= SIZE_MAX / t->K ? px_calloc(t->K * (t->d + 1), sizeof *t->full)
                                              : NULL;
        t->iterations = px_calloc(fits, sizeof *t->iterations);
        t->converged = px_calloc(fits, sizeof *t->converged);
        out->threshold = px_malloc_array(t->K, sizeof *out->threshold);
        if (!t->full || !t->iterations || !t->converged || !out->threshold)
            rc = PRECIS_ERR_NOMEM;
    }
    if (rc == PRECIS_OK)
        rc = alloc_workers(t, workers);
    if (rc == PRECIS_OK)
        px_pool_run(pool, t->K, full_chunk, t);
    if (rc == PRECIS_OK && folds >= 2) {
        t->fold = px_malloc_array(t->n, sizeof *t->fold);
        t->oof = t->n <= SIZE_MAX / t->K ? px_malloc_array(t->n * t->K, sizeof *t->oof) : NULL;
        rc = t->fold && t->oof ? assign_folds(t, label_ptr, label_ids) : PRECIS_ERR_NOMEM;
        if (rc == PRECIS_OK)
            px_pool_run(pool, folds * t->K, fold_chunk, t);
        if (rc == PRECIS_OK)
            rc = choose_thresholds(t, label_ptr, label_ids, out);
    } else if (rc == PRECIS_OK) {
        for (size_t k = 0; k < t->K; k++)
            out->threshold[k] = 0.5;
        out->fallback = t->p->fallback != 0;
    }
    if (rc == PRECIS_OK)
        rc = make_logreg(t, &out->lr);
    for (size_t f = 0; rc == PRECIS_OK && f < fits; f++) {
        out->iterations += (size_t)t->iterations[f];
        out->not_converged += !t->converged[f];
    }
    out->fits = fits;
    px_pool_free(pool);
    if (rc != PRECIS_OK)
        return px_error(err, rc, "multi-label training: out of memory");
    return PRECIS_OK;
}

int precis_multilabel_train(const precis_csr *X, const size_t *label_ptr,
                            const uint32_t *label_ids, size_t n_labels,
                            const precis_multilabel_params *params,
                            precis_multilabel_model *out, precis_error *err)
{
    precis_multilabel_params defaults;
    if (!params) {
        precis_multilabel_params_default(&defaults);
        params = &defaults;
    }
    if (!out)
        return px_error(err, PRECIS_ERR_ARG, "multi-label training: no place for the model");
    memset(out, 0, sizeof *out);
    int rc = check_input(X, label_ptr, label_ids, n_labels, params, err);
    if (rc != PRECIS_OK)
        return rc;
    trainer t = {.X = X, .n = X->n_rows, .K = n_labels, .d = X->n_cols, .p = params};
    rc = run(&t, label_ptr, label_ids, out, err);
    trainer_free(&t);
    if (rc != PRECIS_OK)
        precis_multilabel_model_clear(out);
    return rc;
}

void precis_multilabel_model_clear(precis_multilabel_model *m)
{
    if (!m)
        return;
    precis_logreg_free(m->lr);
    px_free(m->threshold);
    memset(m, 0, sizeof *m);
}
