/*
 * multilabel.c — one-vs-rest logistic regressions for multi-label corpora,
 * and the per-label decision thresholds chosen by cross-validation.
 *
 * Training: one binary L2 logistic regression per label, by coordinate
 * descent on its dual (dual_logistic.c), over the shared TF-IDF rows. The
 * labels, largest first, are cut into groups of PX_LANES that the solver
 * fits side by side (one read of a row serves the group); the groups are
 * spread over a thread pool, each group's fits on one thread, so the
 * weights do not depend on the number of threads. Then k-fold
 * cross-validation on the same rows, within the group's chunk: each fold's
 * refit starts from the labels' full fits with the held-out rows' dual
 * variables dropped (their terms taken out of w, which leaves no trace of
 * them in the weights) and makes FOLD_PASSES passes over the other rows,
 * then scores the held-out rows; the folds are the documents', so a group's
 * labels share them. From those out-of-fold probabilities each label gets,
 * in its group's chunk too, the threshold that maximizes its F1 (SCut with
 * the F1-optimal rule: macro-F1 averages per-label F1, so each label's own
 * F1 is what to maximize; the midpoint between the cut's two scores, so the
 * rule does not sit on a training score). A label whose best
 * out-of-fold F1 is below FBR keeps 0.5. The top-label fallback (a document
 * no label passes gets its most probable label) is kept when it raises the
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
#include "classify/dual_logistic.h"
#include "classify/classify.h"
#include "precis.h"

/* SCutFBR (Yang 2001): a label whose best out-of-fold F1 stays below this
 * keeps 0.5, since an F1-optimal cut found on a handful of positives ranked
 * low is a cut that says the label for nearly every document. */
#define FBR 0.1

/* The solver's visiting order of the rows (dual_logistic.h). */
#define ROW_ORDER_SEED 0x5eed16u

/* Passes of a fold's refit. The thresholds need the held-out rows ranked as
 * a model that never saw them would rank them; the held-out rows' own terms
 * are gone from w before the refit, and one pass re-solves every other row's
 * dual variable against that w. On Reuters ModApte (90 topics, 3 folds) one
 * pass gave test micro/macro-F1 0.8846/0.5935 and refits run to the
 * tolerance 0.8855/0.5869 (out-of-fold micro-F1 0.898 and 0.904) for 2.5
 * times the CV's cost; with no pass at all (the terms removed, nothing
 * refitted) the thresholds were useless (test micro-F1 0.42). */
#define FOLD_PASSES 1

void precis_multilabel_params_default(precis_multilabel_params *p)
{
    memset(p, 0, sizeof *p);
    p->C = 10;
    p->max_iter = 1000;
    p->tol = 0.5;
    p->folds = 3;
    p->fallback = -1;
}

typedef struct trainer {
    const precis_csr *X;
    size_t n, K, d;
    size_t *doc_ptr;             /* label k's documents: docs[doc_ptr[k] .. doc_ptr[k+1]) */
    uint32_t *docs;
    size_t *by_size;             /* K: the labels, most documents first (load balance) */
    px_dual_rows rows;           /* X as the solver reads it */
    const precis_multilabel_params *p;
    size_t *fold;                /* n: each document's fold (NULL: no CV) */
    double *W;                   /* d x K: the full fits' weights, label k's in column k */
    double *b;                   /* K: their intercepts */
    double *threshold;           /* K: each label's threshold (the model's) */
    double *oof;                 /* n x K: out-of-fold probabilities */
    double **alpha;              /* per worker: the full fit's dual variables (a group's) */
    double **alpha_fold;         /* per worker: a fold fit's */
    px_dual_weight **wb;         /* (d + 1) PX_LANES per worker: the full fit's weights */
    px_dual_weight **wb_fold;    /* per worker: a fold fit's */
    unsigned char **pos;         /* n per worker: bit g, row positive for the group's label g */
    unsigned char **in;          /* n per worker: the rows a fold's fit keeps */
    struct cut_scratch *cuts;    /* per worker: best_threshold's */
    px_dual_work **work;         /* per worker */
    int n_workers;               /* entries of the per-worker arrays */
    int *iterations;             /* passes per fit: label k's full fit at k, its fold
                                    f's refit at K + f K + k */
    int *converged;
} trainer;

/* Group `grp`'s labels: by_size[first .. first + *lanes). */
static size_t group_labels(const trainer *t, size_t grp, int *lanes)
{
    size_t first = grp * PX_LANES, left = t->K - first;
    *lanes = (int)(left < PX_LANES ? left : PX_LANES);
    return first;
}

/* The group's problem: its labels' targets and weights, all rows in. The
 * seed of a fit's visiting order depends on the group and the fold only
 * (fold n_folds: the full fit), never on the thread. */
static px_dual_lr_problem group_problem(const trainer *t, size_t grp, size_t fold, int worker)
{
    int lanes;
    size_t first = group_labels(t, grp, &lanes);
    unsigned char *pos = t->pos[worker];
    memset(pos, 0, t->n);
    uint64_t seed =
        ROW_ORDER_SEED + 0x9e3779b97f4a7c15u * ((uint64_t)grp * (t->p->folds + 1) + fold);
    px_dual_lr_problem pb = {&t->rows, lanes, pos, NULL, {0}, {0}, t->p->max_iter, t->p->tol,
                             seed};
    for (int g = 0; g < lanes; g++) {
        size_t k = t->by_size[first + (size_t)g];
        for (size_t q = t->doc_ptr[k]; q < t->doc_ptr[k + 1]; q++)
            pos[t->rows.at[t->docs[q]]] |= (unsigned char)(1u << g);
        double n_pos = (double)(t->doc_ptr[k + 1] - t->doc_ptr[k]), n = (double)t->n;
        double w_pos = 1, w_neg = 1;
        if (t->p->class_weight_balanced && n_pos > 0 && n_pos < n) {
            w_pos = n / (2 * n_pos);
            w_neg = n / (2 * (n - n_pos));
        }
        pb.c_pos[g] = t->p->C * w_pos;
        pb.c_neg[g] = t->p->C * w_neg;
    }
    return pb;
}

static double sigmoid(double z)
{
    return z >= 0 ? 1 / (1 + exp(-z)) : exp(z) / (1 + exp(z));
}

static size_t alpha_count(const trainer *t)
{
    return PX_DUAL_VARS * PX_LANES * t->n;
}

static size_t weight_count(const trainer *t)
{
    return (t->d + 1) * PX_LANES;
}

/* Fold f of the group, warm-started from its labels' full fits: the full
 * solutions with the held-out rows' terms taken out of w (their dual
 * variables dropped), then FOLD_PASSES passes over the other rows; the
 * held-out rows are scored with the result. The folds are the documents',
 * so the group's labels share them. */
static void fold_fit(trainer *t, size_t grp, const px_dual_lr_problem *full, size_t f,
                     int worker)
{
    double *alpha = t->alpha_fold[worker];
    px_dual_weight *wb = t->wb_fold[worker];
    unsigned char *in = t->in[worker];
    memcpy(wb, t->wb[worker], weight_count(t) * sizeof *wb);
    memcpy(alpha, t->alpha[worker], alpha_count(t) * sizeof *alpha);
    px_dual_lr_problem pb = *full;
    pb.in = in;
    pb.max_epochs = FOLD_PASSES < pb.max_epochs ? FOLD_PASSES : pb.max_epochs;
    pb.seed = ROW_ORDER_SEED + 0x9e3779b97f4a7c15u * ((uint64_t)grp * (t->p->folds + 1) + f);
    for (size_t r = 0; r < t->n; r++) {
        in[r] = t->fold[t->rows.orig[r]] != f;
        if (!in[r])
            px_dual_lr_remove_row(&pb, alpha, r, wb);
    }
    int passes[PX_LANES], converged[PX_LANES];
    px_dual_lr_fit(&pb, t->work[worker], alpha, wb, passes, converged);
    int lanes;
    size_t first = group_labels(t, grp, &lanes);
    for (int g = 0; g < lanes; g++) {
        size_t k = t->by_size[first + (size_t)g], fit = t->K + f * t->K + k;
        t->iterations[fit] = passes[g];
        t->converged[fit] = converged[g];
    }
    for (size_t r = 0; r < t->n; r++) {
        if (in[r])
            continue;
        size_t i = t->rows.orig[r];
        px_dual_weight m[PX_LANES];
        px_dual_lr_margins(&t->rows, r, wb, m);
        for (int g = 0; g < lanes; g++)
            t->oof[i * t->K + t->by_size[first + (size_t)g]] = sigmoid(m[g]);
    }
}

/* ---------------------------------------------------------------- thresholds */

/* Scratch for best_threshold, n + 1 entries each. */
struct cut_scratch {
    double *u;                   /* the positives' distinct scores, decreasing */
    size_t *tp;                  /* positives scoring u[m] or more */
    size_t *cnt;                 /* documents with u[m] <= score < u[m - 1] */
    double *below;               /* the highest score among those, -1 if none */
};

static int by_value_desc(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x < y) - (x > y);
}

/* The F1-optimal threshold of label k on the out-of-fold scores. The best
 * cut ends just after a positive document (a cut that adds only negatives
 * lowers F1), so the candidates are the distinct scores of the label's P
 * documents, u[0] > u[1] > ...: at u[m], F1 = 2 tp / (documents scoring
 * u[m] or more + P), the counts from one pass over the documents (each
 * placed among the u by binary search); the threshold is the midpoint
 * between u[m] and the highest score below it (half u[m] if none is), so
 * the rule does not sit on a training score. The first best in decreasing
 * order, as a cut after every distinct score of a sorted list would find,
 * for n log P work instead of n log n (the sort took 6% of the training). */
static double best_threshold(const trainer *t, size_t k, struct cut_scratch *s)
{
    size_t P = t->doc_ptr[k + 1] - t->doc_ptr[k], U = 0;
    for (size_t q = 0; q < P; q++)
        s->u[q] = t->oof[(size_t)t->docs[t->doc_ptr[k] + q] * t->K + k];
    qsort(s->u, P, sizeof *s->u, by_value_desc);
    for (size_t q = 0; q < P; q++) {
        if (U == 0 || s->u[q] != s->u[U - 1])
            s->u[U++] = s->u[q];
        s->tp[U - 1] = q + 1;
    }
    for (size_t m = 0; m <= U; m++) {
        s->cnt[m] = 0;
        s->below[m] = -1;
    }
    for (size_t i = 0; i < t->n; i++) {
        double x = t->oof[i * t->K + k];
        size_t lo = 0, hi = U; /* lo: how many of the u exceed x */
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (s->u[mid] > x)
                lo = mid + 1;
            else
                hi = mid;
        }
        s->cnt[lo]++;
        s->below[lo] = fmax(s->below[lo], x);
    }
    double best_f1 = 0, threshold = 0.5;
    size_t at_least = 0;
    for (size_t m = 0; m < U; m++) {
        at_least += s->cnt[m];
        double f1 = 2.0 * (double)s->tp[m] / (double)(at_least + P);
        if (f1 > best_f1) {
            best_f1 = f1;
            threshold = s->cnt[m + 1] ? (s->u[m] + s->below[m + 1]) / 2 : s->u[m] / 2;
        }
    }
    if (best_f1 < FBR)
        return 0.5;
    /* Inside (0, 1), as a model requires: a midpoint of two scores that
     * rounded to 1 (or to 0) would say every document (or none). */
    return fmin(fmax(threshold, 1e-300), 1 - DBL_EPSILON / 2);
}

/* One group of labels, whole: their full fits, then their folds (each
 * touches only the group's labels' columns of oof and their own fits'
 * entries). */
static void group_chunk(void *ctx, size_t grp, int worker)
{
    trainer *t = ctx;
    double *alpha = t->alpha[worker];
    px_dual_weight *wb = t->wb[worker];
    px_dual_lr_problem pb = group_problem(t, grp, t->p->folds, worker);
    px_dual_lr_start(&pb, alpha, wb);
    int passes[PX_LANES], converged[PX_LANES], lanes;
    px_dual_lr_fit(&pb, t->work[worker], alpha, wb, passes, converged);
    size_t first = group_labels(t, grp, &lanes), d = t->d, K = t->K;
    const size_t *label = t->by_size + first;
    for (size_t j = 0; j < d; j++) /* W's rows in turn: one sweep of W, not one a label */
        for (int g = 0; g < lanes; g++)
            t->W[j * K + label[g]] = wb[(size_t)t->rows.rank[j] * PX_LANES + (size_t)g];
    for (int g = 0; g < lanes; g++) {
        t->b[label[g]] = wb[d * PX_LANES + (size_t)g];
        t->iterations[label[g]] = passes[g];
        t->converged[label[g]] = converged[g];
    }
    for (size_t f = 0; t->fold && f < t->p->folds; f++)
        fold_fit(t, grp, &pb, f, worker);
    for (int g = 0; t->fold && g < lanes; g++) {
        size_t k = t->by_size[first + (size_t)g];
        t->threshold[k] = best_threshold(t, k, &t->cuts[worker]);
    }
}

typedef struct label_size {
    size_t docs, label;
} label_size;

static int by_size_desc(const void *a, const void *b)
{
    const label_size *x = a, *y = b;
    if (x->docs != y->docs)
        return x->docs > y->docs ? -1 : 1;
    return (x->label > y->label) - (x->label < y->label);
}

/* The labels, most documents first: the longest fits start first, so the
 * threads finish together. */
static int order_by_size(trainer *t)
{
    label_size *ls = px_malloc_array(t->K, sizeof *ls);
    t->by_size = px_malloc_array(t->K, sizeof *t->by_size);
    if (!ls || !t->by_size) {
        px_free(ls);
        return PRECIS_ERR_NOMEM;
    }
    for (size_t k = 0; k < t->K; k++)
        ls[k] = (label_size){t->doc_ptr[k + 1] - t->doc_ptr[k], k};
    qsort(ls, t->K, sizeof *ls, by_size_desc);
    for (size_t k = 0; k < t->K; k++)
        t->by_size[k] = ls[k].label;
    px_free(ls);
    return PRECIS_OK;
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

/* ---------------------------------------------------------------- the fallback */

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

/* With the thresholds chosen (each label's in its group's chunk): the
 * fallback, on or off. */
static int choose_fallback(trainer *t, const size_t *label_ptr, const uint32_t *label_ids,
                           precis_multilabel_model *out)
{
    size_t K = t->K;
    f1_counts c = {px_calloc(K, sizeof(size_t)), px_calloc(K, sizeof(size_t)),
                   px_calloc(K, sizeof(size_t))};
    int rc = c.tp && c.fp && c.fn ? PRECIS_OK : PRECIS_ERR_NOMEM;
    if (rc == PRECIS_OK) {
        double mi0, ma0, mi1, ma1;
        oof_f1(t, out->threshold, 0, label_ptr, label_ids, &c, &mi0, &ma0);
        oof_f1(t, out->threshold, 1, label_ptr, label_ids, &c, &mi1, &ma1);
        out->fallback = t->p->fallback >= 0 ? t->p->fallback : mi1 > mi0;
        out->cv_micro_f1 = out->fallback ? mi1 : mi0;
        out->cv_macro_f1 = out->fallback ? ma1 : ma0;
        out->cv_micro_f1_other = out->fallback ? mi0 : mi1;
    }
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
    if (X->n_rows > UINT32_MAX) /* rows are uint32_t in the solver's visiting order */
        return px_error(err, PRECIS_ERR_ARG, "multi-label training: %zu rows, more than %u",
                        X->n_rows, (unsigned)UINT32_MAX);
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
    t->alpha = px_calloc(w, sizeof *t->alpha);
    t->alpha_fold = px_calloc(w, sizeof *t->alpha_fold);
    t->wb = px_calloc(w, sizeof *t->wb);
    t->wb_fold = px_calloc(w, sizeof *t->wb_fold);
    t->pos = px_calloc(w, sizeof *t->pos);
    t->in = px_calloc(w, sizeof *t->in);
    t->cuts = px_calloc(w, sizeof *t->cuts);
    t->work = px_calloc(w, sizeof *t->work);
    if (!t->alpha || !t->alpha_fold || !t->wb || !t->wb_fold || !t->pos || !t->in ||
        !t->cuts || !t->work)
        return PRECIS_ERR_NOMEM;
    t->n_workers = n_workers;
    for (size_t i = 0; i < w; i++) {
        t->alpha[i] = px_malloc_array(alpha_count(t), sizeof **t->alpha);
        t->alpha_fold[i] = px_malloc_array(alpha_count(t), sizeof **t->alpha_fold);
        t->wb[i] = px_malloc_array(weight_count(t), sizeof **t->wb);
        t->wb_fold[i] = px_malloc_array(weight_count(t), sizeof **t->wb_fold);
        t->pos[i] = px_malloc(t->n);
        t->in[i] = px_malloc(t->n);
        struct cut_scratch *c = &t->cuts[i];
        c->u = px_malloc_array(t->n + 1, sizeof *c->u);
        c->tp = px_malloc_array(t->n + 1, sizeof *c->tp);
        c->cnt = px_malloc_array(t->n + 1, sizeof *c->cnt);
        c->below = px_malloc_array(t->n + 1, sizeof *c->below);
        t->work[i] = px_dual_work_new(t->n);
        if (!t->alpha[i] || !t->alpha_fold[i] || !t->wb[i] || !t->wb_fold[i] || !t->pos[i] ||
            !t->in[i] || !c->u || !c->tp || !c->cnt || !c->below || !t->work[i])
            return PRECIS_ERR_NOMEM;
    }
    return PRECIS_OK;
}

static void trainer_free(trainer *t)
{
    for (int i = 0; i < t->n_workers; i++) {
        px_free(t->alpha[i]);
        px_free(t->alpha_fold[i]);
        px_free(t->wb[i]);
        px_free(t->wb_fold[i]);
        px_free(t->pos[i]);
        px_free(t->in[i]);
        px_free(t->cuts[i].u);
        px_free(t->cuts[i].tp);
        px_free(t->cuts[i].cnt);
        px_free(t->cuts[i].below);
        px_dual_work_free(t->work[i]);
    }
    px_free(t->alpha);
    px_free(t->alpha_fold);
    px_free(t->wb);
    px_free(t->wb_fold);
    px_free(t->pos);
    px_free(t->in);
    px_free(t->cuts);
    px_free(t->work);
    px_free(t->doc_ptr);
    px_free(t->docs);
    px_free(t->by_size);
    px_dual_rows_free(&t->rows);
    px_free(t->fold);
    px_free(t->W);
    px_free(t->b);
    px_free(t->oof);
    px_free(t->iterations);
    px_free(t->converged);
}

/* The full fits as the model (W and b taken over from the trainer): W is
 * n_features x K (label k's weights in column k), as a multinomial model's,
 * so explanations read it alike. */
static int make_logreg(trainer *t, precis_logreg **out)
{
    precis_logreg *lr = px_calloc(1, sizeof *lr);
    if (!lr)
        return PRECIS_ERR_NOMEM;
    int iterations = 0, converged = 1;
    for (size_t k = 0; k < t->K; k++) {
        iterations = t->iterations[k] > iterations ? t->iterations[k] : iterations;
        converged &= t->converged[k] != 0;
    }
    *lr = (precis_logreg){t->d, t->K, t->W, t->b, iterations, 0, converged, 1};
    t->W = t->b = NULL;
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
        /* d x K and n x K doubles: counts checked before they multiply */
        size_t dK = t->d <= SIZE_MAX / t->K ? t->d * t->K : 0;
        t->W = t->d <= SIZE_MAX / t->K ? px_malloc_array(dK > 0 ? dK : 1, sizeof *t->W) : NULL;
        t->b = px_malloc_array(t->K, sizeof *t->b);
        t->iterations = px_calloc(fits, sizeof *t->iterations);
        t->converged = px_calloc(fits, sizeof *t->converged);
        t->threshold = out->threshold = px_malloc_array(t->K, sizeof *out->threshold);
        if (!t->W || !t->b || !t->iterations || !t->converged || !out->threshold)
            rc = PRECIS_ERR_NOMEM;
    }
    if (rc == PRECIS_OK)
        rc = order_by_size(t);
    if (rc == PRECIS_OK)
        rc = px_dual_rows_new(&t->rows, t->X, ROW_ORDER_SEED);
    if (rc == PRECIS_OK)
        rc = alloc_workers(t, workers);
    if (rc == PRECIS_OK && folds >= 2) {
        t->fold = px_malloc_array(t->n, sizeof *t->fold);
        t->oof = t->n <= SIZE_MAX / t->K ? px_malloc_array(t->n * t->K, sizeof *t->oof) : NULL;
        rc = t->fold && t->oof ? assign_folds(t, label_ptr, label_ids) : PRECIS_ERR_NOMEM;
    }
    if (rc == PRECIS_OK)
        px_pool_run(pool, (t->K + PX_LANES - 1) / PX_LANES, group_chunk, t);
    if (rc == PRECIS_OK && folds >= 2) {
        rc = choose_fallback(t, label_ptr, label_ids, out);
    } else if (rc == PRECIS_OK) {
        for (size_t k = 0; k < t->K; k++)
            out->threshold[k] = 0.5;
        out->fallback = t->p->fallback != 0;
    }
    if (rc == PRECIS_OK)
        rc = make_logreg(t, &out->lr);
    for (size_t f = 0; rc == PRECIS_OK && f < fits; f++) {
        out->iterations += (size_t)t->iterations[f];
        out->not_converged += f < t->K && !t->converged[f]; /* refits stop by design */
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
