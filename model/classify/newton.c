/*
 * newton.c — truncated Newton with preconditioned conjugate gradients and a
 * line search (liblinear's "NEWTON" scheme, for the softmax loss),
 * minimizing
 *     f(w) = sum_i cw_i * (logsumexp(z_i) - z_i,y_i) + ||W||^2 / 2,
 *     z_i = x_i W + b,  w = [W; b] stored as (d + 1) x K rows, b last.
 *
 * Why this shape:
 *  - The time goes into products with X (by rows, gathering K-wide rows of
 *    a parameter-sized vector) and with X^T (by columns of a transposed
 *    copy, one K-wide output row per column; the intercept's column of ones
 *    is summed by the row passes instead). Row-wise work on n x K matrices
 *    (probabilities, Hessian weights) and the parameter-space updates are
 *    fused into those passes, and every reduction is a per-chunk partial
 *    sum added in chunk order: the fit is bit-identical whatever the number
 *    of threads.
 *  - Memory is four double parameter-sized vectors — w, the CG residual r,
 *    the step s, the CG direction dir — and one float: the inverse of the
 *    diagonal preconditioner (it only shapes directions; storing M^-1 turns
 *    the divisions of each CG pass into products). The gradient itself is
 *    not kept: CG starts from r = -g, its model value is tracked from r.dir,
 *    and the line search gets g.s in document space. H dir is never stored
 *    either: its product with X^T is consumed, as it is computed, by the
 *    update of r.
 *  - The line search costs no product with X: z(w + a s) = Z + a XS, where
 *    XS = X s is accumulated in CG from the X dir products already made, so
 *    it can afford to look for the minimum along s rather than just halve.
 *    After a step, Z = X w is recomputed exactly, so the objective reported
 *    is that of the stored w.
 *
 * Hessian: H v = sum_i cw_i x_i^T (P_i o U_i - P_i (P_i . U_i)) + [v_W; 0],
 * U = X v_W + v_b. The intercepts are not penalized, so H is singular along
 * "add the same constant to every b_k", a direction the gradient never has.
 */
#include "classify/newton.h"

#include <cblas.h>
#include <math.h>
#include <string.h>
#include <time.h>
#include <unistd.h> /* sysconf */

#include "base/alloc.h"
#include "base/comm.h"
#include "base/error.h"
#include "classify/sparse_ops.h"
#include "classify/spread_rows.h"

enum { NP = 4 };                   /* partial sums kept per chunk */
enum { LANES = 4 };

#define ROW_CHUNK_NNZ 8192         /* chunk sizes: small enough to balance */
#define ROW_CHUNK_ROWS 512         /* many cores, large enough to amortize */
#define COL_CHUNK_NNZ 8192
#define COL_CHUNK_ELEMS 8192       /* parameter rows x K per column chunk */
#define PCG_MIX 0.01               /* M = (1 - mix) I + mix diag(H), as liblinear */
#define EPS_CG 0.1                 /* CG forcing term bound */
#define MAX_CG 1000                /* per Newton step: bounds work on ill-posed fits */
#define ARMIJO_ETA 0.01
#define LINE_CURVATURE 0.1         /* strong Wolfe: |phi'(a)| <= this x |phi'(0)| */
#define MAX_LINE_TRIALS 20
#define NOISE_SLACK 1e-12          /* f differences below this x |f| are rounding */
#define STALL_LIMIT 5              /* steps without progress in f or ||g|| before giving up */
#define BLAS_SEGMENT 8192          /* below OpenBLAS's threading threshold */
#define CHAIN_BLOCKS 16            /* pieces of a column pass in flight along the chain, */
#define CHAIN_BLOCK_MIN 65536      /* each of at least this many doubles */
#define PARAM_PIECE 131072         /* doubles per message of parameter rows */

typedef struct fit {
    const precis_csr *X;
    const uint32_t *y;
    const double *cw;
    size_t n, d, K;
    px_csc Xt;
    px_pool *pool;
    px_chunks rows, cols;
    double *w, *r, *s, *dir; /* (d + 1) x K */
    float *Minv;             /* (d + 1) x K */
    double *Z, *P, *XS, *XD, *Q; /* n x K; XD and Q also hold the loss's R and D */
    double *colsum;          /* per row chunk: 2 K column sums of Q / XD */
    double *ones;            /* 2 K: their totals, the intercept column's sums */
    double *partial;         /* NP per chunk */
    double *scratch;         /* 2 K per worker */
    double ww;               /* ||W||^2 of w (intercepts excluded) */
    double step;             /* the scalar of the pass being run */
    /* Over several processes (spread): this rank's rows, aligned on row
     * chunks; the last rank (the leader) alone keeps r, s, Minv and runs the
     * parameter-space passes, then sends every other rank the rows of w and
     * dir its rows use (which are all it keeps of them) and the scalars. */
    const precis_comm *comm;
    int spread, leader;
    px_spread_rows own;
    double *acc;             /* one block's running column sums along the chain,
                              * then (gradient pass) its squares' sums */
    uint64_t *packed;        /* the chain's messages, packed (base/comm.c) */
    uint64_t *need;          /* bitmaps of the parameter rows each rank's rows use
                              * (at the leader, every rank's; elsewhere, its own) */
    size_t need_words;       /* words per bitmap */
    size_t held;             /* parameter rows this rank keeps of w and dir: all
                              * d + 1 at the leader; elsewhere only those its rows
                              * use, in order (its X's columns renumbered so) */
    double *rows_out;        /* at the leader, PARAM_PIECE doubles: rows in transit */
    size_t *rank_chunks;     /* row chunks per rank */
    double *gathered;        /* the ranks' row-chunk partials, at the leader */
    int comm_failed;
} fit;

/* ---------------------------------------------------------------- helpers */

static double seconds_since(const struct timespec *t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0->tv_sec) + 1e-9 * (double)(t.tv_nsec - t0->tv_nsec);
}

/* OpenBLAS on pieces short enough that it never starts threads of its own
 * (which would make dot products depend on its thread count, and nest
 * threads inside ours); the pieces' dot products are added in order. */
static double dot_segments(const double *a, const double *b, size_t n)
{
    double t = 0;
    for (size_t off = 0; off < n; off += BLAS_SEGMENT) {
        size_t len = n - off < BLAS_SEGMENT ? n - off : BLAS_SEGMENT;
        t += cblas_ddot((int)len, a + off, 1, b + off, 1);
    }
    return t;
}

static void axpy_segments(double a, const double *x, double *y, size_t n)
{
    for (size_t off = 0; off < n; off += BLAS_SEGMENT) {
        size_t len = n - off < BLAS_SEGMENT ? n - off : BLAS_SEGMENT;
        cblas_daxpy((int)len, a, x + off, 1, y + off, 1);
    }
}

/* Fixed-pattern partial sums: LANES of them, element k going to lane
 * k % LANES, so that the loops vectorize while every sum still has one
 * order, independent of threads. */
static double lanes_total(const double *lane)
{
    return (lane[0] + lane[1]) + (lane[2] + lane[3]);
}

static void clear_partials(fit *f, size_t n_chunks)
{
    memset(f->partial, 0, n_chunks * NP * sizeof *f->partial);
}

/* Partial m of every chunk, added in chunk order. */
static double sum_partials(const fit *f, size_t n_chunks, int m)
{
    double t = 0;
    for (size_t c = 0; c < n_chunks; c++)
        t += f->partial[c * NP + m];
    return t;
}

/* logsumexp of z[0..K-1]; p (if non-NULL) gets the softmax. The largest term
 * is factored out and log1p used, so a confident row keeps its tiny loss. */
static double softmax(const double *z, size_t K, double *p)
{
    size_t top = 0;
    for (size_t k = 1; k < K; k++)
        if (z[k] > z[top])
            top = k;
    double m = z[top], rest = 0;
    for (size_t k = 0; k < K; k++) {
        if (k == top)
            continue;
        double e = exp(z[k] - m);
        rest += e;
        if (p)
            p[k] = e;
    }
    if (p) {
        double inv = 1.0 / (1.0 + rest);
        for (size_t k = 0; k < K; k++)
            p[k] = k == top ? inv : p[k] * inv;
    }
    return m + log1p(rest);
}

/* ---------------------------------------------------------------- row passes */

/* P = softmax(Z) and the loss; then the inputs of the gradient pass:
 * R = cw (P - Y) into Q, and D = cw P (1 - P) into XD, with the chunk's
 * sums of both (the intercept's share). */
static void evaluate_chunk(void *ctx, size_t chunk, int worker)
{
    (void)worker;
    fit *f = ctx;
    const size_t K = f->K;
    double *rsum = f->colsum + chunk * 2 * K, *dsum = rsum + K;
    memset(rsum, 0, 2 * K * sizeof *rsum);
    double loss = 0;
    for (size_t i = f->rows.start[chunk]; i < f->rows.start[chunk + 1]; i++) {
        const double *z = f->Z + i * K;
        double *p = f->P + i * K, *R = f->Q + i * K, *D = f->XD + i * K;
        const double c = f->cw[i];
        const size_t y = f->y[i];
        loss += c * (softmax(z, K, p) - z[y]);
        /* p_y - 1 as minus the other classes' mass: no cancellation. */
        double others = 0;
        for (size_t k = 0; k < K; k++) {
            if (k != y)
                others += p[k];
            R[k] = c * p[k];
            D[k] = c * p[k] * (1.0 - p[k]);
        }
        R[y] = -c * others;
        for (size_t k = 0; k < K; k++) {
            rsum[k] += R[k];
            dsum[k] += D[k];
        }
    }
    f->partial[chunk * NP] = loss;
}

/* The intercept column's sums: the chunks' sums, in chunk order. */
static void sum_columns(fit *f, size_t width)
{
    const size_t K = f->K;
    memset(f->ones, 0, width * sizeof *f->ones);
    for (size_t c = 0; c < f->rows.n_chunks; c++)
        for (size_t k = 0; k < width; k++)
            f->ones[k] += f->colsum[c * 2 * K + k];
}

/* ---------------------------------------------------------------- over processes */

/* The rank that runs the parameter-space passes: the last. */
static int lead(const fit *f) { return f->spread ? px_comm_last(f->comm) : 0; }

/* Rank root's doubles to every rank. */
static void share(fit *f, int root, double *v, size_t n)
{
    if (f->spread && !f->comm_failed && px_comm_bcast(f->comm, root, v, n * sizeof *v) != 0)
        f->comm_failed = 1;
}

static int needs(const uint64_t *bits, size_t j) { return (int)((bits[j / 64] >> (j % 64)) & 1); }

/* v ((d + 1) x K, at the leader) to every other rank, only the parameter
 * rows its own rows use (its columns, and the intercept's), which it keeps
 * in order (f->held rows): X v is all it makes of w and dir. */
static void send_used_rows(fit *f, double *v)
{
    if (!f->spread || f->comm_failed)
        return;
    const precis_comm *c = f->comm;
    const size_t K = f->K, d1 = f->d + 1, rows_per = PARAM_PIECE / K ? PARAM_PIECE / K : 1;
    if (!f->leader) {
        for (size_t at = 0; at < f->held && !f->comm_failed; at += rows_per) {
            size_t n = f->held - at < rows_per ? f->held - at : rows_per;
            if (px_comm_recv(c, px_comm_last(c), v + at * K, n * K * sizeof *v) != 0)
                f->comm_failed = 1;
        }
        return;
    }
    for (int r = 0; r < px_comm_last(c); r++) {
        const uint64_t *bits = f->need + (size_t)r * f->need_words;
        size_t held = 0;
        for (size_t j = 0; j < d1 && !f->comm_failed; j++) {
            if (needs(bits, j))
                memcpy(f->rows_out + held++ * K, v + j * K, K * sizeof *v);
            if (held == rows_per || (j + 1 == d1 && held)) {
                if (px_comm_send(c, r, f->rows_out, held * K * sizeof *v) != 0)
                    f->comm_failed = 1;
                held = 0;
            }
        }
    }
}

/* The first m partials of every row chunk, and `width` column sums of each
 * (into f->ones, at the leader), added in global chunk order: rank 0's
 * chunks first. out[0..m) ends up on every rank. One process: the plain
 * chunk-order sums. */
static void reduce_rows(fit *f, int m, size_t width, double *out)
{
    const size_t K = f->K, per = (size_t)m + width;
    if (!f->spread) {
        for (int i = 0; i < m; i++)
            out[i] = sum_partials(f, f->rows.n_chunks, i);
        if (width)
            sum_columns(f, width);
        return;
    }
    size_t nc = f->rows.n_chunks;
    double *mine = f->gathered; /* packed: per chunk, m partials then width sums */
    for (size_t c = 0; c < nc; c++) {
        for (int i = 0; i < m; i++)
            mine[c * per + (size_t)i] = f->partial[c * NP + (size_t)i];
        memcpy(mine + c * per + (size_t)m, f->colsum + c * 2 * K, width * sizeof *mine);
    }
    for (int i = 0; i < m; i++)
        out[i] = 0;
    if (!f->leader) {
        if (!f->comm_failed && nc &&
            px_comm_send(f->comm, px_comm_last(f->comm), mine, nc * per * sizeof *mine) != 0)
            f->comm_failed = 1;
    } else {
        memset(f->ones, 0, width * sizeof *f->ones);
        double *buf = mine + nc * per; /* room for the largest rank's */
        for (int r = 0; r < f->comm->size; r++) {
            size_t n = f->rank_chunks[r];
            const double *from = r == f->comm->rank ? mine : buf;
            if (r != f->comm->rank && n && !f->comm_failed &&
                px_comm_recv(f->comm, r, buf, n * per * sizeof *buf) != 0)
                f->comm_failed = 1;
            for (size_t c = 0; c < n && !f->comm_failed; c++) {
                for (int i = 0; i < m; i++)
                    out[i] += from[c * per + (size_t)i];
                for (size_t k = 0; k < width; k++)
                    f->ones[k] += from[c * per + (size_t)m + k];
            }
        }
    }
    share(f, lead(f), out, (size_t)m);
}

/* Column chunks per block of the chain. Blocks only decide what travels
 * together, never an order of addition: many, so the next rank starts
 * early; not tiny, so latency stays small. */
static size_t chain_per_block(const fit *f)
{
    size_t blocks = ((f->d + 1) * f->K + CHAIN_BLOCK_MIN - 1) / CHAIN_BLOCK_MIN;
    blocks = blocks < 1 ? 1 : blocks > CHAIN_BLOCKS ? CHAIN_BLOCKS : blocks;
    size_t per = (f->cols.n_chunks + blocks - 1) / blocks;
    return per ? per : 1;
}

/* The transposed product X^T R (and the squares against D) with fn run on
 * each column's total: one process, px_spmm_cols; several, the running sums
 * go along the chain of ranks in column blocks (rank r continues rank
 * r - 1's sums over its rows), and the leader, holding the totals, runs fn.
 * A block's sums are zero bits for every column no earlier rank's rows
 * touch, so they travel packed (only the words that are not zero). */
static void column_pass(fit *f, const double *R, const double *D, const double *ones_R,
                        const double *ones_D, px_column_fn fn)
{
    if (!f->spread) {
        px_spmm_cols(f->pool, &f->Xt, &f->cols, R, D, ones_R, ones_D, f->K, f->scratch, fn, f);
        return;
    }
    const precis_comm *c = f->comm;
    const size_t K = f->K, nc = f->cols.n_chunks, per_block = chain_per_block(f);
    for (size_t first = 0; first < nc; first += per_block) {
        size_t last = first + per_block < nc ? first + per_block : nc;
        size_t len = (f->cols.start[last] - f->cols.start[first]) * K;
        /* acc2 follows acc's len doubles: both go as one message */
        double *acc2 = f->acc + len;
        size_t words = D ? 2 * len : len;
        if (c->rank > 0 && !f->comm_failed &&
            px_comm_recv_packed(c, c->rank - 1, f->acc, words, f->packed) != 0)
            f->comm_failed = 1;
        if (f->comm_failed)
            return;
        px_spmm_cols_carry(f->pool, &f->Xt, &f->cols, first, last, R, D, ones_R, ones_D, K,
                           f->acc, acc2, c->rank == 0, f->leader ? fn : NULL, f);
        if (!f->leader && px_comm_send_packed(c, c->rank + 1, f->acc, words, f->packed) != 0)
            f->comm_failed = 1;
    }
}

/* Leader-only passes over parameter chunks (their partials stay there). */
static void leader_run(fit *f, px_chunk_fn fn)
{
    if (f->leader)
        px_pool_run(f->pool, f->cols.n_chunks, fn, f);
}

static double evaluate(fit *f)
{
    clear_partials(f, f->rows.n_chunks);
    px_pool_run(f->pool, f->rows.n_chunks, evaluate_chunk, f);
    double loss;
    reduce_rows(f, 1, 2 * f->K, &loss);
    return loss;
}

/* Along the step, phi(a) = f(w + a s). Its data part at a = step, with its
 * first two derivatives, all in document space (z = Z + a XS):
 *   loss, sum cw (p.xs - xs_y), sum cw (p.xs^2 - (p.xs)^2). */
static void line_chunk(void *ctx, size_t chunk, int worker)
{
    fit *f = ctx;
    const size_t K = f->K;
    double *z = f->scratch + (size_t)worker * 2 * K, *p = z + K;
    double loss = 0, slope = 0, curv = 0;
    for (size_t i = f->rows.start[chunk]; i < f->rows.start[chunk + 1]; i++) {
        const double *z0 = f->Z + i * K, *xs = f->XS + i * K;
        const size_t y = f->y[i];
        for (size_t k = 0; k < K; k++)
            z[k] = z0[k] + f->step * xs[k];
        double lse = softmax(z, K, p);
        double pu = 0, puu = 0;
        for (size_t k = 0; k < K; k++) {
            pu += p[k] * xs[k];
            puu += p[k] * xs[k] * xs[k];
        }
        loss += f->cw[i] * (lse - z[y]);
        slope += f->cw[i] * (pu - xs[y]);
        curv += f->cw[i] * (puu - pu * pu);
    }
    double *pt = f->partial + chunk * NP;
    pt[0] = loss;
    pt[1] = slope;
    pt[2] = curv;
}

/* The slope of the data part at a = 0, from the stored P: no exponentials. */
static void slope0_chunk(void *ctx, size_t chunk, int worker)
{
    (void)worker;
    fit *f = ctx;
    const size_t K = f->K;
    double slope = 0;
    for (size_t i = f->rows.start[chunk]; i < f->rows.start[chunk + 1]; i++) {
        const double *p = f->P + i * K, *xs = f->XS + i * K;
        double pu = 0;
        for (size_t k = 0; k < K; k++)
            pu += p[k] * xs[k];
        slope += f->cw[i] * (pu - xs[f->y[i]]);
    }
    f->partial[chunk * NP] = slope;
}

/* Q_i = cw_i (P_i o XD_i - P_i (P_i . XD_i)), and the chunk's sum of the
 * Q_i; partial: sum_i XD_i . Q_i. */
static void hessian_rows_chunk(void *ctx, size_t chunk, int worker)
{
    (void)worker;
    fit *f = ctx;
    const size_t K = f->K;
    double *qsum = f->colsum + chunk * 2 * K;
    memset(qsum, 0, K * sizeof *qsum);
    double quad = 0;
    for (size_t i = f->rows.start[chunk]; i < f->rows.start[chunk + 1]; i++) {
        const double *p = f->P + i * K, *u = f->XD + i * K;
        double *q = f->Q + i * K;
        double pu = 0;
        for (size_t k = 0; k < K; k++)
            pu += p[k] * u[k];
        for (size_t k = 0; k < K; k++) {
            q[k] = f->cw[i] * p[k] * (u[k] - pu);
            quad += u[k] * q[k];
            qsum[k] += q[k];
        }
    }
    f->partial[chunk * NP] = quad;
}

static void accumulate_xs_chunk(void *ctx, size_t chunk, int worker)
{
    (void)worker;
    fit *f = ctx;
    const size_t K = f->K;
    size_t lo = f->rows.start[chunk] * K, hi = f->rows.start[chunk + 1] * K;
    axpy_segments(f->step, f->XD + lo, f->XS + lo, hi - lo);
}

/* ---------------------------------------------------------------- column passes */

/* Gradient g = X^T R + [W; 0], preconditioner M, and the start of CG:
 * s = 0, r = -g, dir = M^-1 r. Partials: ||g||^2, r.M^-1 r, ||dir_W||^2. */
PX_VECTOR_CLONES
static void gradient_column(void *ctx, size_t chunk, size_t j, const double *acc,
                            const double *acc2)
{
    fit *f = ctx;
    const size_t K = f->K, base = j * K;
    const double reg = j < f->d ? 1.0 : 0.0;
    const double *restrict w = f->w + base;
    double *restrict r = f->r + base, *restrict s = f->s + base, *restrict dir = f->dir + base;
    float *restrict minv = f->Minv + base;
    double gg[LANES] = {0}, ztr[LANES] = {0}, dd[LANES] = {0};
    for (size_t k = 0; k < K; k++) {
        double g = acc[k] + reg * w[k];
        double m = (1.0 - PCG_MIX) + PCG_MIX * (acc2[k] + reg);
        minv[k] = (float)(1.0 / m);
        r[k] = -g;
        dir[k] = -g * (double)minv[k];
        s[k] = 0.0;
        gg[k % LANES] += g * g;
        ztr[k % LANES] += r[k] * dir[k];
        dd[k % LANES] += reg * dir[k] * dir[k];
    }
    double *pt = f->partial + chunk * NP;
    pt[0] += lanes_total(gg);
    pt[1] += lanes_total(ztr);
    pt[2] += lanes_total(dd);
}

/* One CG step of length `step` along dir: s += step dir, r -= step H dir
 * (H dir = X^T Q + [dir_W; 0], consumed here). Partials: r.M^-1 r after the
 * step, r.dir before it. */
PX_VECTOR_CLONES
static void cg_step_column(void *ctx, size_t chunk, size_t j, const double *acc,
                           const double *acc2)
{
    (void)acc2;
    fit *f = ctx;
    const size_t K = f->K, base = j * K;
    const double a = f->step, reg = j < f->d ? 1.0 : 0.0;
    double *restrict r = f->r + base, *restrict s = f->s + base;
    const double *restrict dir = f->dir + base;
    const float *restrict minv = f->Minv + base;
    double ztr[LANES] = {0}, rd[LANES] = {0};
    for (size_t k = 0; k < K; k++) {
        double hd = acc[k] + reg * dir[k];
        rd[k % LANES] += r[k] * dir[k];
        double rn = r[k] - a * hd;
        r[k] = rn;
        s[k] += a * dir[k];
        ztr[k % LANES] += rn * rn * (double)minv[k];
    }
    double *pt = f->partial + chunk * NP;
    pt[0] += lanes_total(ztr);
    pt[1] += lanes_total(rd);
}

/* ---------------------------------------------------------------- vector passes */

/* The parameter rows [lo, hi) of a column chunk, and how many are penalized. */
static void chunk_rows(const fit *f, size_t chunk, size_t *lo, size_t *hi, size_t *pen_hi)
{
    *lo = f->cols.start[chunk];
    *hi = f->cols.start[chunk + 1];
    *pen_hi = *hi < f->d ? *hi : f->d;
    if (*pen_hi < *lo)
        *pen_hi = *lo;
}

/* dir = M^-1 r + step dir; partial ||dir_W||^2. */
PX_VECTOR_CLONES
static void direction_chunk(void *ctx, size_t chunk, int worker)
{
    (void)worker;
    fit *f = ctx;
    size_t lo, hi, pen_hi;
    chunk_rows(f, chunk, &lo, &hi, &pen_hi);
    const size_t K = f->K;
    const double beta = f->step;
    const double *restrict r = f->r;
    const float *restrict minv = f->Minv;
    double *restrict dir = f->dir;
    double dd[LANES] = {0};
    size_t at = lo * K;
    for (; at + LANES <= pen_hi * K; at += LANES) {
        for (size_t l = 0; l < LANES; l++) {
            dir[at + l] = r[at + l] * (double)minv[at + l] + beta * dir[at + l];
            dd[l] += dir[at + l] * dir[at + l];
        }
    }
    for (size_t l = 0; at < pen_hi * K; at++, l++) {
        dir[at] = r[at] * (double)minv[at] + beta * dir[at];
        dd[l] += dir[at] * dir[at];
    }
    for (; at < hi * K; at++) /* the intercepts: not penalized */
        dir[at] = r[at] * (double)minv[at] + beta * dir[at];
    f->partial[chunk * NP] = lanes_total(dd);
}

/* Partials w_W . s_W and ||s_W||^2: the line search's penalty term. */
static void step_norms_chunk(void *ctx, size_t chunk, int worker)
{
    (void)worker;
    fit *f = ctx;
    size_t lo, hi, pen_hi;
    chunk_rows(f, chunk, &lo, &hi, &pen_hi);
    const size_t K = f->K;
    size_t len = (pen_hi - lo) * K;
    f->partial[chunk * NP] = dot_segments(f->w + lo * K, f->s + lo * K, len);
    f->partial[chunk * NP + 1] = dot_segments(f->s + lo * K, f->s + lo * K, len);
}

/* w += step s; partial ||w_W||^2. */
static void take_step_chunk(void *ctx, size_t chunk, int worker)
{
    (void)worker;
    fit *f = ctx;
    size_t lo, hi, pen_hi;
    chunk_rows(f, chunk, &lo, &hi, &pen_hi);
    const size_t K = f->K;
    axpy_segments(f->step, f->s + lo * K, f->w + lo * K, (hi - lo) * K);
    size_t len = (pen_hi - lo) * K;
    f->partial[chunk * NP] = dot_segments(f->w + lo * K, f->w + lo * K, len);
}

/* ---------------------------------------------------------------- the steps */

typedef struct cg_start {
    double gnorm;  /* ||g|| */
    double ztr;    /* r . M^-1 r */
    double dd;     /* ||dir_W||^2 */
} cg_start;

/* At the current w: Z = X w, the objective, and (via gradient_column) the
 * gradient, preconditioner and CG start. Returns f(w). */
static double objective_and_gradient(fit *f, int w_is_zero, cg_start *cs)
{
    const size_t K = f->K;
    if (w_is_zero)
        memset(f->Z, 0, f->n * K * sizeof *f->Z);
    else
        px_spmm_rows(f->pool, f->X, &f->rows, f->w, f->w + (f->held - 1) * K, K, f->Z);
    double loss = evaluate(f);
    clear_partials(f, f->cols.n_chunks);
    column_pass(f, f->Q, f->XD, f->ones, f->ones + K, gradient_column);
    double got[3] = {0, 0, 0};
    if (f->leader) {
        got[0] = sqrt(sum_partials(f, f->cols.n_chunks, 0));
        got[1] = sum_partials(f, f->cols.n_chunks, 1);
        got[2] = sum_partials(f, f->cols.n_chunks, 2);
    }
    share(f, lead(f), got, 3);
    send_used_rows(f, f->dir);
    cs->gnorm = got[0];
    cs->ztr = got[1];
    cs->dd = got[2];
    return loss + 0.5 * f->ww;
}

/* Preconditioned CG on H s = -g from s = 0 (liblinear's pcg, with its
 * stopping rule on the model q(s) = g.s + s.H s / 2, tracked as
 * q(s + a dir) = q(s) - a r.dir + a^2 dir.H dir / 2, r = -g - H s).
 * Leaves s and XS = X s. */
static void conjugate_gradient(fit *f, const cg_start *cs)
{
    const size_t K = f->K;
    double ztr = cs->ztr, dd = cs->dd, model = 0;
    double cgtol = fmin(EPS_CG, sqrt(sqrt(ztr)));
    memset(f->XS, 0, f->n * K * sizeof *f->XS);
    for (int it = 1; it <= MAX_CG; it++) {
        px_spmm_rows(f->pool, f->X, &f->rows, f->dir, f->dir + (f->held - 1) * K, K, f->XD);
        clear_partials(f, f->rows.n_chunks);
        px_pool_run(f->pool, f->rows.n_chunks, hessian_rows_chunk, f);
        double quad;
        reduce_rows(f, 1, K, &quad);
        double dhd = quad + dd;
        if (!(dhd > 0) || f->comm_failed)
            break;
        f->step = ztr / dhd;
        px_pool_run(f->pool, f->rows.n_chunks, accumulate_xs_chunk, f);
        clear_partials(f, f->cols.n_chunks);
        column_pass(f, f->Q, NULL, f->ones, NULL, cg_step_column);
        double got[2] = {0, 0};
        if (f->leader) {
            got[0] = sum_partials(f, f->cols.n_chunks, 0);
            got[1] = sum_partials(f, f->cols.n_chunks, 1);
        }
        share(f, lead(f), got, 2);
        double ztr_new = got[0], rd = got[1];
        double gain = f->step * (0.5 * f->step * dhd - rd);
        model += gain;
        if (!(model <= 0 && gain <= 0) || it * gain >= cgtol * model)
            break;
        f->step = ztr_new / ztr;
        ztr = ztr_new;
        clear_partials(f, f->cols.n_chunks);
        leader_run(f, direction_chunk);
        dd = f->leader ? sum_partials(f, f->cols.n_chunks, 0) : 0;
        share(f, lead(f), &dd, 1);
        send_used_rows(f, f->dir);
    }
}

typedef struct line_point {
    double a, phi, slope, curv;
} line_point;

typedef struct line {
    double f0, slope0;   /* phi(0), phi'(0) */
    double ws, ss;       /* w_W . s_W, ||s_W||^2 */
} line;

static line_point line_eval(fit *f, const line *ln, double a)
{
    f->step = a;
    px_pool_run(f->pool, f->rows.n_chunks, line_chunk, f);
    line_point pt = {a, 0, 0, 0};
    double penalty = 0.5 * (f->ww + 2.0 * a * ln->ws + a * a * ln->ss);
    double sums[3];
    reduce_rows(f, 3, 0, sums);
    pt.phi = sums[0] + penalty;
    pt.slope = sums[1] + ln->ws + a * ln->ss;
    pt.curv = sums[2] + ln->ss;
    return pt;
}

static int sufficient_decrease(const line *ln, const line_point *pt)
{
    double slack = NOISE_SLACK * fabs(ln->f0);
    return pt->phi - ln->f0 <= ARMIJO_ETA * pt->a * ln->slope0 + slack;
}

/* The step length along s. phi is convex and each trial costs only a pass
 * over document space, so rather than halving (liblinear) this runs a
 * safeguarded Newton iteration on phi' from a = 1, stopping at the first
 * point with sufficient decrease and |phi'| <= LINE_CURVATURE |phi'(0)|
 * (the strong Wolfe conditions); failing that, the best point with
 * sufficient decrease. Returns 0 if there is none, or s is no descent
 * direction (which rounding can cause at the very end). */
static double line_search(fit *f, double fval)
{
    line ln = {fval, 0, 0, 0};
    clear_partials(f, f->cols.n_chunks);
    leader_run(f, step_norms_chunk);
    double norms[2] = {0, 0};
    if (f->leader) {
        norms[0] = sum_partials(f, f->cols.n_chunks, 0);
        norms[1] = sum_partials(f, f->cols.n_chunks, 1);
    }
    share(f, lead(f), norms, 2);
    ln.ws = norms[0];
    ln.ss = norms[1];
    clear_partials(f, f->rows.n_chunks);
    px_pool_run(f->pool, f->rows.n_chunks, slope0_chunk, f);
    double slope0;
    reduce_rows(f, 1, 0, &slope0);
    ln.slope0 = slope0 + ln.ws;
    if (!(ln.slope0 < 0) || f->comm_failed)
        return 0.0;

    double lo = 0, hi = INFINITY, a = 1.0;
    line_point best = {0, fval, ln.slope0, 0};
    for (int t = 0; t < MAX_LINE_TRIALS; t++) {
        line_point pt = line_eval(f, &ln, a);
        int ok = sufficient_decrease(&ln, &pt);
        if (ok && pt.phi <= best.phi)
            best = pt;
        if (ok && fabs(pt.slope) <= LINE_CURVATURE * fabs(ln.slope0))
            return a;
        if (!ok || pt.slope > 0)
            hi = a; /* convexity: no sufficient decrease beyond a either */
        else
            lo = a;
        double next = pt.curv > 0 && isfinite(pt.slope) ? a - pt.slope / pt.curv : NAN;
        if (!(next > lo && next < hi))
            next = isfinite(hi) ? 0.5 * (lo + hi) : 2.0 * a;
        a = next;
    }
    return best.a;
}

static void take_step(fit *f, double a)
{
    f->step = a;
    clear_partials(f, f->cols.n_chunks);
    leader_run(f, take_step_chunk);
    if (f->leader)
        f->ww = sum_partials(f, f->cols.n_chunks, 0);
    share(f, lead(f), &f->ww, 1);
    send_used_rows(f, f->w);
}

/* ---------------------------------------------------------------- setup */

static void fit_free(fit *f)
{
    px_pool_free(f->pool);
    px_csc_free(&f->Xt);
    px_chunks_free(&f->rows);
    px_chunks_free(&f->cols);
    px_free(f->w);
    px_free(f->r);
    px_free(f->s);
    px_free(f->dir);
    px_free(f->Minv);
    px_free(f->Z);
    px_free(f->P);
    px_free(f->XS);
    px_free(f->XD);
    px_free(f->Q);
    px_free(f->colsum);
    px_free(f->ones);
    px_free(f->partial);
    px_free(f->scratch);
    px_spread_rows_free(&f->own);
    px_free(f->acc);
    px_free(f->packed);
    px_free(f->need);
    px_free(f->rows_out);
    px_free(f->rank_chunks);
    px_free(f->gathered);
}

/* The solver's working set in bytes: five n x K and five (d + 1) x K arrays
 * of doubles dominate it. */
static double working_set(size_t n, size_t d, size_t K)
{
    return 8.0 * 5.0 * ((double)n + (double)d + 1.0) * (double)K;
}

/* Physical memory in bytes, or 0 if unknown. */
static double physical_memory(void)
{
    long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGESIZE);
    return pages > 0 && page > 0 ? (double)pages * (double)page : 0;
}

/* Column chunks over several processes: cut by the columns' nonzeros over
 * all ranks (exact integer sums), as one process would cut them. */
static int global_col_chunks(fit *f, size_t col_rows)
{
    size_t d1 = f->d + 1;
    uint64_t *count = px_malloc_array(d1, sizeof *count);
    size_t *ptr = px_malloc_array(d1 + 1, sizeof *ptr);
    int rc = count && ptr ? PRECIS_OK : PRECIS_ERR_NOMEM;
    for (size_t j = 0; rc == PRECIS_OK && j < d1; j++)
        count[j] = f->Xt.col_ptr[j + 1] - f->Xt.col_ptr[j];
    if (rc == PRECIS_OK && px_comm_sum_u64(f->comm, count, d1) != 0)
        rc = PRECIS_ERR_IO;
    if (rc == PRECIS_OK) {
        ptr[0] = 0;
        for (size_t j = 0; j < d1; j++)
            ptr[j + 1] = ptr[j] + (size_t)count[j];
        rc = px_chunks_by_nnz(&f->cols, ptr, d1, COL_CHUNK_NNZ, col_rows);
    }
    px_free(count);
    px_free(ptr);
    return rc;
}

/* Over several processes: this rank's rows aligned on row chunks, and how
 * many row chunks every rank holds. */
static int spread_setup(fit *f, const px_newton_problem *pb)
{
    f->comm = pb->comm;
    f->spread = pb->comm && pb->comm->size > 1;
    f->leader = !f->spread || pb->comm->rank == px_comm_last(pb->comm);
    if (!f->spread)
        return PRECIS_OK;
    int rc = px_spread_rows_align(&f->own, pb->comm, pb->X, pb->y, pb->cw, ROW_CHUNK_NNZ,
                                  ROW_CHUNK_ROWS);
    if (rc != PRECIS_OK)
        return rc;
    f->X = &f->own.X;
    f->y = f->own.y;
    f->cw = f->own.cw;
    return PRECIS_OK;
}

/* A rank other than the leader keeps only the parameter rows its rows use
 * (f->need), in order: its own copy of the rows (f->own; the transposed
 * copy, already made, keeps the global columns the chain runs over) gets
 * the columns' places among them. Order within a row is kept, so X w adds
 * the same products in the same order. */
static int renumber_columns(fit *f)
{
    const size_t d1 = f->d + 1;
    uint32_t *place = px_malloc_array(d1, sizeof *place);
    if (!place)
        return PRECIS_ERR_NOMEM;
    size_t held = 0;
    for (size_t j = 0; j < d1; j++)
        if (needs(f->need, j))
            place[j] = (uint32_t)held++;
    precis_csr *X = &f->own.X;
    for (size_t p = 0; p < X->nnz; p++)
        X->col[p] = place[X->col[p]];
    X->n_cols = held - 1;
    f->held = held;
    px_free(place);
    return PRECIS_OK;
}

/* Which parameter rows each rank's rows use (its columns, and the
 * intercept's), told once to the leader, which sends each rank only those
 * rows of w and dir (send_used_rows). */
static int used_rows(fit *f)
{
    const size_t d1 = f->d + 1, P = (size_t)f->comm->size;
    f->need_words = (d1 + 63) / 64;
    f->need = px_calloc(f->need_words * (f->leader ? P : 1), sizeof *f->need);
    /* the leader packs rows here; the others receive them in place */
    f->rows_out = px_malloc_array(!f->leader ? 1 : PARAM_PIECE > f->K ? PARAM_PIECE : f->K,
                                  sizeof *f->rows_out);
    if (!f->need || !f->rows_out)
        return PRECIS_ERR_NOMEM;
    f->held = d1;
    if (!f->leader) {
        for (size_t j = 0; j < d1; j++)
            if (j == f->d || f->Xt.col_ptr[j + 1] > f->Xt.col_ptr[j])
                f->need[j / 64] |= (uint64_t)1 << (j % 64);
        if (px_comm_send(f->comm, px_comm_last(f->comm), f->need,
                         f->need_words * sizeof *f->need) != 0)
            f->comm_failed = 1;
        if (renumber_columns(f) != PRECIS_OK)
            return PRECIS_ERR_NOMEM;
    }
    for (size_t r = 0; f->leader && r + 1 < P && !f->comm_failed; r++)
        if (px_comm_recv(f->comm, (int)r, f->need + r * f->need_words,
                         f->need_words * sizeof *f->need) != 0)
            f->comm_failed = 1;
    return f->comm_failed ? PRECIS_ERR_IO : PRECIS_OK;
}

static int spread_buffers(fit *f)
{
    const size_t P = (size_t)f->comm->size, K = f->K;
    uint64_t mine = f->rows.n_chunks, *all = px_malloc_array(P, sizeof *all);
    f->rank_chunks = px_malloc_array(P, sizeof *f->rank_chunks);
    if (!all || !f->rank_chunks) {
        px_free(all);
        return PRECIS_ERR_NOMEM;
    }
    int bad = f->comm->allgather(f->comm->ctx, &mine, sizeof mine, all) != 0;
    size_t most = 0;
    for (size_t r = 0; !bad && r < P; r++) {
        f->rank_chunks[r] = (size_t)all[r];
        most = f->rank_chunks[r] > most ? f->rank_chunks[r] : most;
    }
    px_free(all);
    if (bad)
        return PRECIS_ERR_IO;
    size_t per = 2 * K + 3;
    f->gathered = px_malloc_array((f->rows.n_chunks + most) * per + 1, sizeof *f->gathered);
    /* the chain holds one block at a time: its sums and squares' sums */
    const size_t nc = f->cols.n_chunks, per_block = chain_per_block(f);
    size_t widest = 1;
    for (size_t first = 0; first < nc; first += per_block) {
        size_t last = first + per_block < nc ? first + per_block : nc;
        size_t len = (f->cols.start[last] - f->cols.start[first]) * K;
        widest = len > widest ? len : widest;
    }
    if (used_rows(f) != PRECIS_OK)
        return f->comm_failed ? PRECIS_ERR_IO : PRECIS_ERR_NOMEM;
    f->acc = px_malloc_array(2 * widest, sizeof *f->acc);
    f->packed = px_malloc_array(px_comm_packed_words(2 * widest), sizeof *f->packed);
    return f->gathered && f->acc && f->packed ? PRECIS_OK : PRECIS_ERR_NOMEM;
}

static int fit_alloc(fit *f, const px_newton_problem *pb)
{
    memset(f, 0, sizeof *f);
    f->X = pb->X;
    f->y = pb->y;
    f->cw = pb->cw;
    int src = spread_setup(f, pb);
    if (src != PRECIS_OK)
        return src;
    f->n = f->X->n_rows;
    f->d = pb->X->n_cols;
    f->K = pb->n_classes;
    const size_t K = f->K;
    if (f->d == SIZE_MAX || f->n > SIZE_MAX / K || f->d + 1 > SIZE_MAX / K)
        return PRECIS_ERR_LIMIT;
    /* Past physical memory the allocations may still succeed (overcommit)
     * and the process be killed once it touches them: refuse up front. */
    double ram = physical_memory();
    if (ram > 0 && working_set(f->n, f->d, K) > ram)
        return PRECIS_ERR_LIMIT;
    int rc = px_csc_from_csr(&f->Xt, f->X);
    if (rc != PRECIS_OK)
        return rc;
    size_t col_rows = COL_CHUNK_ELEMS / K ? COL_CHUNK_ELEMS / K : 1;
    rc = f->spread ? global_col_chunks(f, col_rows)
                   : px_chunks_by_nnz(&f->cols, f->Xt.col_ptr, f->d + 1, COL_CHUNK_NNZ, col_rows);
    if (rc != PRECIS_OK)
        return rc;
    if (px_chunks_by_nnz(&f->rows, f->X->row_ptr, f->n, ROW_CHUNK_NNZ, ROW_CHUNK_ROWS) ||
        px_pool_new(&f->pool, pb->n_threads))
        return PRECIS_ERR_NOMEM;
    if (f->spread && (rc = spread_buffers(f)) != PRECIS_OK)
        return rc;
    size_t nw = (f->d + 1) * K, nz = f->n * K;
    size_t max_chunks = f->rows.n_chunks > f->cols.n_chunks ? f->rows.n_chunks
                                                             : f->cols.n_chunks;
    /* a rank may hold no rows: every array gets at least one element */
    size_t nz1 = nz ? nz : 1;
    /* r, s and Minv live where the parameter-space passes run: the leader */
    size_t nl = f->leader ? nw : 1;
    if (!f->spread)
        f->held = f->d + 1;
    f->w = px_calloc(f->held * K, sizeof *f->w);
    f->r = px_malloc_array(nl, sizeof *f->r);
    f->s = px_malloc_array(nl, sizeof *f->s);
    f->dir = px_malloc_array(f->held * K, sizeof *f->dir);
    f->Minv = px_malloc_array(nl, sizeof *f->Minv);
    f->Z = px_malloc_array(nz1, sizeof *f->Z);
    f->P = px_malloc_array(nz1, sizeof *f->P);
    f->XS = px_malloc_array(nz1, sizeof *f->XS);
    f->XD = px_malloc_array(nz1, sizeof *f->XD);
    f->Q = px_malloc_array(nz1, sizeof *f->Q);
    f->colsum = px_malloc_array(f->rows.n_chunks * 2 * K + 1, sizeof *f->colsum);
    f->ones = px_malloc_array(2 * K, sizeof *f->ones);
    f->partial = px_malloc_array(max_chunks * NP + 1, sizeof *f->partial);
    f->scratch = px_malloc_array((size_t)px_pool_workers(f->pool) * 2 * K, sizeof *f->scratch);
    if (!f->w || !f->r || !f->s || !f->dir || !f->Minv || !f->Z || !f->P || !f->XS ||
        !f->XD || !f->Q || !f->colsum || !f->ones || !f->partial || !f->scratch)
        return PRECIS_ERR_NOMEM;
    return PRECIS_OK;
}

/* ---------------------------------------------------------------- the solver */

static void report(const px_newton_problem *pb, int iter, double fval, double gnorm,
                   const struct timespec *t0)
{
    if (!pb->progress)
        return;
    precis_progress p = {iter, fval, gnorm, seconds_since(t0), NULL, 0};
    pb->progress(pb->progress_ctx, &p);
}

/* Moves the start to Wb0: w, ||W||^2, and everything objective_and_gradient
 * derives from w. */
static double warm_start(fit *f, const double *Wb0, cg_start *cs)
{
    const size_t K = f->K;
    for (size_t j = 0, at = 0; j <= f->d; j++) /* the rows this rank keeps */
        if (f->held == f->d + 1 || needs(f->need, j))
            memcpy(f->w + at++ * K, Wb0 + j * K, K * sizeof *f->w);
    f->ww = 0;
    for (size_t at = 0; at < f->d * K; at++)
        f->ww += Wb0[at] * Wb0[at];
    return objective_and_gradient(f, 0, cs);
}

/* res->Wb from w, the fit's other arrays freed. Over several processes every
 * rank returns the whole of w: the others held only the rows they use, so
 * they get it from the leader, once the rest is freed (the peak stays the
 * fit's). */
static int finish(fit *f, px_newton_result *res, precis_error *err)
{
    double *w = f->w;
    f->w = NULL;
    const int spread = f->spread, leader = f->leader;
    int failed = f->comm_failed;
    const precis_comm *comm = f->comm;
    const size_t nw = (f->d + 1) * f->K;
    fit_free(f);
    if (spread && !failed && !leader) {
        px_free(w);
        if (!(w = px_malloc_array(nw, sizeof *w)))
            return px_error(err, PRECIS_ERR_NOMEM, "logistic regression: out of memory");
    }
    if (spread && !failed && px_comm_bcast(comm, px_comm_last(comm), w, nw * sizeof *w) != 0)
        failed = 1;
    if (failed) {
        px_free(w);
        return px_error(err, PRECIS_ERR_IO, "logistic regression: the processes lost touch");
    }
    res->Wb = w;
    return PRECIS_OK;
}

int px_newton_fit(const px_newton_problem *pb, px_newton_result *res, precis_error *err)
{
    memset(res, 0, sizeof *res);
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    fit f;
    int rc = fit_alloc(&f, pb);
    if (rc != PRECIS_OK) {
        fit_free(&f);
        if (rc == PRECIS_ERR_IO)
            return px_error(err, rc, "logistic regression: the processes lost touch");
        if (rc == PRECIS_ERR_LIMIT)
            return px_error(err, rc, "logistic regression: problem too large "
                                     "(%zu documents, %zu features, %zu classes): the solver "
                                     "needs %.1f GiB, this machine has %.1f GiB",
                            pb->X->n_rows, pb->X->n_cols, pb->n_classes,
                            working_set(pb->X->n_rows, pb->X->n_cols, pb->n_classes) / 1073741824.0,
                            physical_memory() / 1073741824.0);
        return px_error(err, rc, "logistic regression: out of memory");
    }

    cg_start cs;
    double fval = objective_and_gradient(&f, 1, &cs);
    const double gnorm0 = cs.gnorm;
    if (pb->Wb0)
        fval = warm_start(&f, pb->Wb0, &cs);
    double best = cs.gnorm;
    int iter = 0, stalled = 0;
    while (!(cs.gnorm <= pb->tol * gnorm0) && iter < pb->max_iter) {
        conjugate_gradient(&f, &cs);
        double a = line_search(&f, fval);
        if (a == 0 || f.comm_failed)
            break;
        take_step(&f, a);
        double fold = fval;
        fval = objective_and_gradient(&f, 0, &cs);
        iter++;
        report(pb, iter, fval, cs.gnorm, &t0);
        /* Down in rounding noise, steps stop changing anything measurable. */
        int progress = cs.gnorm < best || fold - fval > NOISE_SLACK * fabs(fold);
        best = fmin(best, cs.gnorm);
        stalled = progress ? 0 : stalled + 1;
        if (stalled >= STALL_LIMIT)
            break;
    }

    res->converged = cs.gnorm <= pb->tol * gnorm0;
    res->iterations = iter;
    res->objective = fval;
    return finish(&f, res, err);
}

/* ---------------------------------------------------------------- test probe */

/* H v into f->r (the probe has no CG running): r = X^T Q + [v_W; 0]. */
static void hessian_column(void *ctx, size_t chunk, size_t j, const double *acc,
                           const double *acc2)
{
    (void)chunk;
    (void)acc2;
    fit *f = ctx;
    const size_t K = f->K;
    const double reg = j < f->d ? 1.0 : 0.0;
    for (size_t k = 0; k < K; k++)
        f->r[j * K + k] = acc[k] + reg * f->dir[j * K + k];
}

int px_newton_probe(const px_newton_problem *pb, const double *Wb, const double *v,
                    double *fval, double *grad, double *Hv)
{
    fit f;
    int rc = fit_alloc(&f, pb);
    if (rc != PRECIS_OK) {
        fit_free(&f);
        return rc;
    }
    const size_t K = f.K, nw = (f.d + 1) * K;
    memcpy(f.w, Wb, nw * sizeof *f.w);
    f.ww = 0;
    for (size_t at = 0; at < f.d * K; at++)
        f.ww += f.w[at] * f.w[at];
    cg_start cs;
    *fval = objective_and_gradient(&f, 0, &cs);
    for (size_t at = 0; at < nw; at++)
        grad[at] = -f.r[at];
    if (v && Hv) {
        memcpy(f.dir, v, nw * sizeof *f.dir);
        px_spmm_rows(f.pool, f.X, &f.rows, f.dir, f.dir + f.d * K, K, f.XD);
        px_pool_run(f.pool, f.rows.n_chunks, hessian_rows_chunk, &f);
        sum_columns(&f, K);
        px_spmm_cols(f.pool, &f.Xt, &f.cols, f.Q, NULL, f.ones, NULL, K, f.scratch,
                     hessian_column, &f);
        memcpy(Hv, f.r, nw * sizeof *Hv);
    }
    fit_free(&f);
    return PRECIS_OK;
}
