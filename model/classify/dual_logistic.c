/*
 * dual_logistic.c — binary L2 logistic regressions by coordinate descent on
 * their duals, several side by side (Yu, Huang and Lin, "Dual coordinate descent methods for logistic
 * regression and maximum entropy models", Machine Learning 85, 2011; the
 * method of liblinear's -s 7).
 *
 * Why: one-vs-rest on sparse text fits many labels with few positives each;
 * one pass over the rows costs one sparse dot product and one sparse update
 * per row, and a handful of passes reach the tolerance, where truncated
 * Newton (binary_fit.c) spends tens of passes (each CG step is two). The dual
 * also warm-starts cross-validation cheaply: leaving rows out of a solution
 * is removing their terms from w (px_dual_lr_remove_row).
 *
 * Dual: minimize  alpha'Q alpha / 2 + sum_i [alpha_i log alpha_i +
 * (c_i - alpha_i) log(c_i - alpha_i)]  over 0 < alpha_i < c_i, with
 * Q_ij = t_i t_j [x_i, 1].[x_j, 1]; w = sum_i t_i alpha_i [x_i, 1].
 * Invariant: wb equals that sum for the alpha in hand, always.
 *
 * One coordinate: with a = Q_ii and m = t_i w.[x_i, 1] (the row's margin),
 * the new alpha_i is the root of
 *   g'(z) = log(z / (c - z)) + a (z - alpha_i) + m  on (0, c).
 * g'(c / 2) says which half holds the root; in the upper half the problem is
 * solved for c - z instead (the same form), so the root always lies in
 * (0, c / 2], where g' is concave and increasing and Newton's method, with
 * a step that would leave (0, c / 2] replaced by a tenth of the way to 0,
 * converges (the paper's Theorem 3). g'(alpha_i) is the dual gradient of
 * row i: 0 at the optimum, in log-odds units (the gap between the margin
 * and the one alpha_i stands for); the fit stops once no row's exceeds tol.
 * A row whose gradient is within tol / 2 is not updated (its step would be
 * that small), which saves the sparse update on most rows late in a fit;
 * after a pass over every row, the passes that follow visit only the rows
 * whose gradient exceeded tol (shrinking: the others meet the stopping rule
 * already), until those settle; then a pass over every row again. On
 * Reuters, against tol / 10 for both: 22% less time, F1 unchanged.
 *
 * Lanes: PX_LANES problems over the same rows go through their passes
 * together. A row's entries are read once and each entry's column brings
 * every lane's weight in one cache line, where one problem at a time paid a
 * load per entry per problem; the dot products and updates run across the
 * lanes (the compiler's vector instructions). The lanes share their full
 * passes: once some lane needs one (at the start, or its rows over tol have
 * settled) every lane still running makes one, since the rows' margins are
 * then computed for all lanes anyway; between full passes, a pass visits the
 * rows over tol of some lane, and each lane steps on its own rows alone. A
 * lane is done when a full pass finds every row within tol (or it has made
 * max_epochs passes). On Reuters ModApte (90 topics, groups of 8), against
 * one problem at a time: 5.4 times fewer row visits (1.11 million against
 * 5.95 million lane visits), 22% less CPU for the whole training (one
 * thread, loaded machine), test micro/macro-F1 0.8856/0.5936 against
 * 0.8842/0.5893. Letting every lane step on every row visited between full
 * passes visited 13% fewer rows but stepped more and was slower; full passes
 * kept per lane (as alone) cost 1.6 million visits; groups of 4 lanes, 6%
 * more CPU than 8. The weights are floats (px_dual_weight).
 */
#include "classify/dual_logistic.h"

#include <math.h>
#include <string.h>

#include "base/alloc.h"
#include "base/splitmix.h"

/* The columns by decreasing document frequency (ties by index): rank[j] is
 * source column j's place. */
static int rank_columns(const precis_csr *X, uint32_t *rank)
{
    size_t d = X->n_cols, *df = px_calloc(d + 1, sizeof *df);
    if (!df)
        return PRECIS_ERR_NOMEM;
    for (size_t p = 0; p < X->nnz; p++)
        df[X->col[p]]++;
    /* a counting sort by df, decreasing: start[top - f] is where the
     * columns of df f begin */
    size_t top = 0;
    for (size_t j = 0; j < d; j++)
        top = df[j] > top ? df[j] : top;
    size_t *start = px_calloc(top + 2, sizeof *start);
    if (!start) {
        px_free(df);
        return PRECIS_ERR_NOMEM;
    }
    for (size_t j = 0; j < d; j++)
        start[top - df[j] + 1]++;
    for (size_t f = 0; f <= top; f++)
        start[f + 1] += start[f];
    for (size_t j = 0; j < d; j++)
        rank[j] = (uint32_t)start[top - df[j]]++;
    px_free(start);
    px_free(df);
    return PRECIS_OK;
}

/* Row r's entries (source row orig[r]), in increasing ranked column: the
 * entries gathered by column, then dealt back to their rows column by
 * column. col_ptr (n_cols + 1, zero), by_col (nnz) and fill (n_rows) are
 * scratch. */
static void rows_by_rank(px_dual_rows *out, const precis_csr *X, size_t *col_ptr,
                         px_dual_entry *by_col, size_t *fill)
{
    size_t n = out->n_rows, d = out->n_cols;
    for (size_t p = 0; p < X->nnz; p++)
        col_ptr[out->rank[X->col[p]] + 1]++;
    for (size_t j = 0; j < d; j++)
        col_ptr[j + 1] += col_ptr[j];
    for (size_t r = 0; r < n; r++) {
        size_t i = out->orig[r];
        fill[r] = out->row_ptr[r];
        for (size_t p = X->row_ptr[i]; p < X->row_ptr[i + 1]; p++)
            by_col[col_ptr[out->rank[X->col[p]]]++] = (px_dual_entry){(uint32_t)r,
                                                                        (float)X->val[p]};
    }
    for (size_t j = d; j > 0; j--)
        col_ptr[j] = col_ptr[j - 1];
    col_ptr[0] = 0;
    for (size_t j = 0; j < d; j++)
        for (size_t q = col_ptr[j]; q < col_ptr[j + 1]; q++)
            out->e[fill[by_col[q].col]++] = (px_dual_entry){(uint32_t)j, by_col[q].val};
}

int px_dual_rows_new(px_dual_rows *out, const precis_csr *X, uint64_t seed)
{
    size_t n = X->n_rows, d = X->n_cols;
    *out = (px_dual_rows){n, d, NULL, NULL, NULL, NULL, NULL, NULL};
    out->row_ptr = px_malloc_array(n + 1, sizeof *out->row_ptr);
    out->e = px_malloc_array(X->nnz ? X->nnz : 1, sizeof *out->e);
    out->row_sq = px_malloc_array(n ? n : 1, sizeof *out->row_sq);
    out->orig = px_malloc_array(n ? n : 1, sizeof *out->orig);
    out->at = px_malloc_array(n ? n : 1, sizeof *out->at);
    out->rank = px_malloc_array(d ? d : 1, sizeof *out->rank);
    size_t *col_ptr = px_calloc(d + 1, sizeof *col_ptr);
    size_t *fill = px_malloc_array(n ? n : 1, sizeof *fill);
    px_dual_entry *by_col = px_malloc_array(X->nnz ? X->nnz : 1, sizeof *by_col);
    int rc = out->row_ptr && out->e && out->row_sq && out->orig && out->at && out->rank &&
                     col_ptr && fill && by_col
                 ? rank_columns(X, out->rank)
                 : PRECIS_ERR_NOMEM;
    if (rc == PRECIS_OK) {
        for (size_t r = 0; r < n; r++)
            out->orig[r] = r;
        for (size_t r = n; r > 1; r--) { /* Fisher-Yates */
            size_t j = (size_t)(px_splitmix64(&seed) % r), t = out->orig[r - 1];
            out->orig[r - 1] = out->orig[j];
            out->orig[j] = t;
        }
        out->row_ptr[0] = 0;
        for (size_t r = 0; r < n; r++) {
            size_t i = out->orig[r];
            double sq = 1;
            out->at[i] = r;
            for (size_t p = X->row_ptr[i]; p < X->row_ptr[i + 1]; p++) {
                float v = (float)X->val[p];
                sq += (double)v * v;
            }
            out->row_ptr[r + 1] = out->row_ptr[r] + (X->row_ptr[i + 1] - X->row_ptr[i]);
            out->row_sq[r] = sq;
        }
        rows_by_rank(out, X, col_ptr, by_col, fill);
    }
    px_free(col_ptr);
    px_free(fill);
    px_free(by_col);
    if (rc != PRECIS_OK)
        px_dual_rows_free(out);
    return rc;
}

void px_dual_rows_free(px_dual_rows *r)
{
    px_free(r->row_ptr);
    px_free(r->e);
    px_free(r->row_sq);
    px_free(r->orig);
    px_free(r->at);
    px_free(r->rank);
    *r = (px_dual_rows){0};
}

/* Starting alphas: small against c_i, and against 1 (the paper's choice). */
#define START_FRACTION 1e-3
#define START_CAP 1e-8


#define INNER_MAX 100
#define INNER_STEP_BACK 0.1
/* Rows visited straight through, between random jumps (see pass). */
#define BLOCK 16
#define G PX_LANES
_Static_assert(PX_LANES <= 8, "a row's lanes are the bits of one byte (moved, pos)");

static int lane_pos(const px_dual_lr_problem *pb, size_t i, int g)
{
    return (pb->pos[i] >> g) & 1;
}

static double lane_c(const px_dual_lr_problem *pb, size_t i, int g)
{
    if (pb->in && !pb->in[i])
        return 0;
    return lane_pos(pb, i, g) ? pb->c_pos[g] : pb->c_neg[g];
}

/* The intercept-only model's margin u > 0 for a class of total weight S
 * alone: the root of u - S sigmoid(-u) (increasing in u), by Newton's method
 * from u = 0, which never overshoots (the function is concave for u > 0). */
static double lone_class_margin(double S)
{
    double u = 0;
    for (int it = 0; it < INNER_MAX; it++) {
        double p = 1 / (1 + exp(u)); /* sigmoid(-u) */
        double f = u - S * p;
        if (f >= -1e-12 * (1 + S))
            break;
        u -= f / (1 + S * p * (1 - p));
    }
    return u;
}

/* wb[j * G + g] += step[g] * x_ij over row i's entries and the intercept. */
/* A row's PX_LANES weights of one feature as one vector (the compiler's
 * vector extension; 128-bit instructions on any x86-64, 256-bit where the
 * processor has AVX2, chosen at load time: the same operations in the same
 * order either way, so the same bits, as ISO C builds contract no
 * multiply-add). Loads and stores through memcpy: wb is aligned for a
 * float only. */
typedef float lanes_v __attribute__((vector_size(G * sizeof(float))));
_Static_assert(sizeof(px_dual_weight) == sizeof(float), "lanes_v holds floats");
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define LANES_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define LANES_CLONES
#endif

/* (Macros: a function passing a 256-bit vector would change its ABI with
 * the instruction set.) */
#define LANES_LOAD(v, p) memcpy(&(v), (p), sizeof(lanes_v))
#define LANES_STORE(p, v) memcpy((p), &(v), sizeof(lanes_v))

/* wb[j * G + g] += step[g] * x_ij over row i's entries and the intercept. */
LANES_CLONES
static void add_row(const px_dual_rows *X, size_t i, const px_dual_weight *step,
                    px_dual_weight *wb)
{
    lanes_v st, v;
    LANES_LOAD(st, step);
    for (size_t p = X->row_ptr[i]; p < X->row_ptr[i + 1]; p++) {
        px_dual_weight *w = wb + (size_t)X->e[p].col * G;
        LANES_LOAD(v, w);
        v += st * X->e[p].val;
        LANES_STORE(w, v);
    }
    px_dual_weight *b = wb + X->n_cols * G;
    LANES_LOAD(v, b);
    v += st;
    LANES_STORE(b, v);
}

/* Where a lane's fit starts. The smaller class's rows start near 0 (the
 * paper's start for every row); the larger class's at the intercept-only
 * model fitted to that class alone, alpha_i = c_i sigmoid(-u). With the
 * one-vs-rest "rest" nearly every row, most rows then start close to where
 * they end (well-classified, a small alpha): from near 0 everywhere, the
 * first rows of the first pass took alphas far too large (nothing yet in w
 * to say otherwise) and later passes spent their time undoing them. */
static void start_lane(const px_dual_lr_problem *pb, int g, double *alpha)
{
    const px_dual_rows *X = pb->X;
    size_t n_pos = 0, n_neg = 0;
    double S_pos = 0, S_neg = 0;
    for (size_t i = 0; i < X->n_rows; i++) {
        double c = lane_c(pb, i, g);
        if (!(c > 0))
            continue;
        n_pos += lane_pos(pb, i, g);
        n_neg += !lane_pos(pb, i, g);
        *(lane_pos(pb, i, g) ? &S_pos : &S_neg) += c;
    }
    int majority_pos = n_pos > n_neg;
    double p_major = 1 / (1 + exp(lone_class_margin(majority_pos ? S_pos : S_neg)));
    /* c_i is c_pos or c_neg (or 0): one value of each variable per class */
    double a_class[2], odds_class[2];
    for (int positive = 0; positive < 2; positive++) {
        double c = positive ? pb->c_pos[g] : pb->c_neg[g];
        double a = positive == majority_pos ? c * p_major : fmin(START_FRACTION * c, START_CAP);
        a_class[positive] = a;
        odds_class[positive] = log(a / (c - a));
    }
    for (size_t i = 0; i < X->n_rows; i++) {
        double c = lane_c(pb, i, g), *v = PX_DUAL_ALPHA(alpha, i, g);
        int positive = lane_pos(pb, i, g);
        double a = c > 0 ? a_class[positive] : 0;
        v[0] = a;
        v[G] = c - a;
        v[2 * G] = c > 0 ? odds_class[positive] : 0;
    }
}

/* Row i's terms t_i alpha_i per lane (0 for the lanes past pb->lanes; a
 * row left out from the start has alpha_i = 0). */
static void signed_alphas(const px_dual_lr_problem *pb, const double *alpha, size_t i,
                          px_dual_weight *ta)
{
    for (int g = 0; g < G; g++)
        ta[g] = g < pb->lanes ? (px_dual_weight)((lane_pos(pb, i, g) ? 1 : -1) *
                                                 PX_DUAL_ALPHA(alpha, i, g)[0])
                              : 0;
}

void px_dual_lr_start(const px_dual_lr_problem *pb, double *alpha, px_dual_weight *wb)
{
    const px_dual_rows *X = pb->X;
    memset(wb, 0, (X->n_cols + 1) * G * sizeof *wb);
    for (int g = 0; g < pb->lanes; g++)
        start_lane(pb, g, alpha);
    for (size_t i = 0; i < X->n_rows; i++) {
        px_dual_weight ta[G];
        for (int g = pb->lanes; g < G; g++) {
            double *v = PX_DUAL_ALPHA(alpha, i, g);
            v[0] = v[G] = v[2 * G] = 0;
        }
        signed_alphas(pb, alpha, i, ta);
        add_row(X, i, ta, wb);
    }
}

void px_dual_lr_remove_row(const px_dual_lr_problem *pb, const double *alpha, size_t i,
                           px_dual_weight *wb)
{
    px_dual_weight ta[G];
    signed_alphas(pb, alpha, i, ta);
    for (int g = 0; g < G; g++)
        ta[g] = -ta[g];
    add_row(pb->X, i, ta, wb);
}

/* The root of log(z / (c - z)) + a (z - z0) + m on (0, c / 2], which holds
 * it (the caller checked the sign at c / 2); L0 = log(z0 / (c - z0)), and
 * *L gets log(z / (c - z)) at the root returned. */
static double solve_lower_half(double a, double m, double c, double z0, double L0, double eps,
                               double *L)
{
    double z = z0, lz = L0;
    if (z > c / 2) {
        z = c / 2;
        lz = 0;
    }
    for (int it = 0; it < INNER_MAX; it++) {
        double h = lz + a * (z - z0) + m;
        if (fabs(h) <= eps)
            break;
        double next = z - h / (c / (z * (c - z)) + a);
        z = next <= 0 ? INNER_STEP_BACK * z : next < c / 2 ? next : c / 2; /* not fmin: a call */
        lz = log(z / (c - z));
    }
    *L = lz;
    return z;
}

/* (Static, as every function with clones here: a library-wide one would
 * export its resolver.) */
LANES_CLONES
static void margins(const px_dual_rows *X, size_t i, const px_dual_weight *wb,
                    px_dual_weight *m)
{
    /* Two running sums per lane: one would chain every addition to the
     * last, and the loads from wb would wait on it. The sums are added in a
     * fixed order: the same bits anywhere. */
    const px_dual_entry *e = X->e + X->row_ptr[i], *end = X->e + X->row_ptr[i + 1];
    lanes_v s0 = {0}, s1 = {0}, w0, w1;
    for (; end - e >= 2; e += 2) {
        LANES_LOAD(w0, wb + (size_t)e[0].col * G);
        LANES_LOAD(w1, wb + (size_t)e[1].col * G);
        s0 += w0 * e[0].val;
        s1 += w1 * e[1].val;
    }
    if (e < end) {
        LANES_LOAD(w0, wb + (size_t)e->col * G);
        s0 += w0 * e->val;
    }
    LANES_LOAD(w0, wb + X->n_cols * G);
    w1 = (s0 + s1) + w0;
    LANES_STORE(m, w1);
}

void px_dual_lr_margins(const px_dual_rows *X, size_t i, const px_dual_weight *wb,
                        px_dual_weight *m)
{
    margins(X, i, wb, m);
}

/* One coordinate step of lane g on row i, whose signed margin t_i w.[x_i, 1]
 * in the lane is m; returns t_i times alpha_i's change. */
static double step_lane(const px_dual_lr_problem *pb, size_t i, int g, double m, double *alpha)
{
    double t = lane_pos(pb, i, g) ? 1.0 : -1.0, c = lane_c(pb, i, g), a = pb->X->row_sq[i];
    double *lo = PX_DUAL_ALPHA(alpha, i, g), *hi = lo + G, *odds = lo + 2 * G;
    double inner_eps = pb->tol / 10;
    double old = *lo, L;
    if (a * (c / 2 - *lo) + m >= 0) {
        *lo = solve_lower_half(a, m, c, *lo, *odds, inner_eps, &L);
        *hi = c - *lo;
        *odds = L;
    } else {
        *hi = solve_lower_half(a, -m, c, *hi, -*odds, inner_eps, &L);
        *lo = c - *hi;
        *odds = -L;
    }
    return t * (*lo - old);
}

struct px_dual_work {
    uint32_t *all, *list, *blocks; /* n_rows each */
    unsigned char *moved;          /* n_rows: bit g, lane g's gradient over tol there */
};

px_dual_work *px_dual_work_new(size_t n_rows)
{
    px_dual_work *w = px_calloc(1, sizeof *w);
    size_t n = n_rows ? n_rows : 1;
    if (!w)
        return NULL;
    w->all = px_malloc_array(n, sizeof *w->all);
    w->list = px_malloc_array(n, sizeof *w->list);
    w->blocks = px_malloc_array(n, sizeof *w->blocks);
    w->moved = px_calloc(n, 1);
    if (!w->all || !w->list || !w->blocks || !w->moved) {
        px_dual_work_free(w);
        return NULL;
    }
    return w;
}

void px_dual_work_free(px_dual_work *w)
{
    if (!w)
        return;
    px_free(w->all);
    px_free(w->list);
    px_free(w->blocks);
    px_free(w->moved);
    px_free(w);
}

/* A row's visit: every lane's margin, then a step for each lane in `want`;
 * worst[g] takes the largest |gradient| lane g saw, and bit g of moved[i]
 * says whether it was over tol. */
static void visit(const px_dual_lr_problem *pb, px_dual_work *w, size_t i, unsigned want,
                  double *alpha, px_dual_weight *wb, double *worst)
{
    px_dual_weight m[G], step[G] = {0};
    unsigned moved = w->moved[i] & ~want, pos = pb->pos[i];
    const double *odds = PX_DUAL_ALPHA(alpha, i, 0) + 2 * G;
    int any = 0;
    margins(pb->X, i, wb, m);
    for (int g = 0; g < pb->lanes; g++) {
        if (!((want >> g) & 1))
            continue;
        /* the dual gradient, and the step only where it is over tol / 2 */
        double tm = (pos >> g) & 1 ? (double)m[g] : -(double)m[g];
        double grad = fabs(odds[g] + tm);
        worst[g] = grad > worst[g] ? grad : worst[g];
        moved |= (unsigned)(grad > pb->tol) << g;
        if (grad > pb->tol / 2) {
            step[g] = (px_dual_weight)step_lane(pb, i, g, tm, alpha);
            any |= step[g] != 0;
        }
    }
    w->moved[i] = (unsigned char)moved;
    if (any)
        add_row(pb->X, i, step, wb);
}

/* The first lines a visit of row i reads: its entries and its dual
 * variables' logs, asked for a row ahead (the jump to the next block, or
 * the gaps between the rows of a pass over the rows over tol, are nothing
 * the processor's own prefetching can guess). */
static void prefetch_row(const px_dual_lr_problem *pb, const double *alpha, size_t i)
{
    const px_dual_entry *e = pb->X->e + pb->X->row_ptr[i];
    __builtin_prefetch(e);
    __builtin_prefetch(e + 8);
    __builtin_prefetch(e + 16);
    __builtin_prefetch(PX_DUAL_ALPHA(alpha, i, 0) + 2 * G);
}

/* One pass over rows[0 .. n) (increasing): blocks of BLOCK consecutive
 * entries in a fresh random order, each block straight through. Lanes in
 * `full` step on every row, lanes in `shrunk` on the rows marked moved for
 * them. */
static void pass(const px_dual_lr_problem *pb, px_dual_work *w, const uint32_t *rows, size_t n,
                 unsigned full, unsigned shrunk, uint64_t *state, double *alpha,
                 px_dual_weight *wb, double *worst)
{
    size_t nb = (n + BLOCK - 1) / BLOCK;
    for (size_t b = 0; b < nb; b++)
        w->blocks[b] = (uint32_t)b;
    for (size_t b = nb; b > 1; b--) {
        size_t j = (size_t)(px_splitmix64(state) % b);
        uint32_t t = w->blocks[b - 1];
        w->blocks[b - 1] = w->blocks[j];
        w->blocks[j] = t;
    }
    for (size_t b = 0; b < nb; b++) {
        size_t from = (size_t)w->blocks[b] * BLOCK, to = from + BLOCK < n ? from + BLOCK : n;
        size_t next_block = b + 1 < nb ? (size_t)w->blocks[b + 1] * BLOCK : n;
        for (size_t r = from; r < to; r++) {
            size_t i = rows[r], next = r + 1 < to ? r + 1 : next_block;
            if (next < n)
                prefetch_row(pb, alpha, rows[next]);
            visit(pb, w, i, full | (w->moved[i] & shrunk), alpha, wb, worst);
        }
    }
}

/* The rows of all[0 .. n) some lane of `shrunk` wants, kept in order. */
static size_t wanted_rows(const px_dual_work *w, size_t n, unsigned shrunk)
{
    size_t m = 0;
    for (size_t r = 0; r < n; r++)
        if (w->moved[w->all[r]] & shrunk)
            w->list[m++] = w->all[r];
    return m;
}

void px_dual_lr_fit(const px_dual_lr_problem *pb, px_dual_work *w, double *alpha,
                    px_dual_weight *wb, int *passes, int *converged)
{
    const px_dual_rows *X = pb->X;
    size_t n = 0;
    for (size_t i = 0; i < X->n_rows; i++) {
        w->moved[i] = 0;
        if (!pb->in || pb->in[i])
            w->all[n++] = (uint32_t)i;
    }
    uint64_t state = pb->seed;
    /* live: the lanes still fitting; need_full: those whose rows over tol
     * have settled (all of them at the start) */
    unsigned live = 0, need_full;
    for (int g = 0; g < pb->lanes; g++) {
        passes[g] = converged[g] = 0;
        live |= pb->max_epochs > 0 ? 1u << g : 0;
    }
    need_full = live;
    while (live) {
        double worst[G] = {0};
        int is_full = need_full != 0;
        if (is_full)
            pass(pb, w, w->all, n, live, 0, &state, alpha, wb, worst);
        else
            pass(pb, w, w->list, wanted_rows(w, n, live), 0, live, &state, alpha, wb, worst);
        need_full = 0;
        for (int g = 0; g < pb->lanes; g++) {
            unsigned bit = 1u << g;
            if (!(live & bit))
                continue;
            passes[g]++;
            int settled = worst[g] <= pb->tol;
            if (is_full && settled)
                converged[g] = 1;
            if ((is_full && settled) || passes[g] >= pb->max_epochs)
                live &= ~bit;
            else if (!is_full && settled)
                need_full |= bit;
        }
    }
}
