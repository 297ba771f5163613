/*
 * spread_rows.c — moving the rows of a row chunk that would straddle two
 * processes onto the later one, so that every process's chunks are exactly
 * the chunks one process would cut (base/pool.c's px_chunks_by_nnz), and
 * every per-chunk partial sum is the one-process partial sum.
 *
 * Invariants: chunking scans rows in order and cuts when a chunk reaches
 * `target` nonzeros or `max_len` rows, or at the end. A process's rows start
 * a chunk (those of rank 0 do; a later rank's start with the unfinished
 * chunk it received); its own unfinished last chunk is the only one the end
 * of its rows cut early, so that one moves on. The rows are copied once;
 * only bytes travel.
 */
#include "classify/spread_rows.h"

#include <string.h>

#include "base/alloc.h"
#include "base/comm.h"
#include "base/pool.h"

/* Rows in transit: counts first, then the arrays. */
typedef struct rows_msg {
    uint64_t n_rows, nnz;
} rows_msg;

static int send_rows(const precis_comm *c, int to, const precis_csr *X, const uint32_t *y,
                     const double *cw, size_t first, size_t end)
{
    rows_msg h = {end - first, X->row_ptr[end] - X->row_ptr[first]};
    size_t n = (size_t)h.n_rows, nnz = (size_t)h.nnz, at = X->row_ptr[first];
    uint64_t *len = px_malloc_array(n ? n : 1, sizeof *len);
    if (!len)
        return PRECIS_ERR_NOMEM;
    for (size_t i = 0; i < n; i++)
        len[i] = X->row_ptr[first + i + 1] - X->row_ptr[first + i];
    int bad = px_comm_send(c, to, &h, sizeof h);
    if (!bad && n)
        bad = px_comm_send(c, to, len, n * sizeof *len) || px_comm_send(c, to, y + first, n * sizeof *y) ||
              px_comm_send(c, to, cw + first, n * sizeof *cw);
    if (!bad && nnz)
        bad = px_comm_send(c, to, X->col + at, nnz * sizeof *X->col) ||
              px_comm_send(c, to, X->val + at, nnz * sizeof *X->val);
    px_free(len);
    return bad ? PRECIS_ERR_IO : PRECIS_OK;
}

static int alloc_rows(px_spread_rows *s, size_t n, size_t nnz, size_t n_cols)
{
    s->X.n_rows = n;
    s->X.n_cols = n_cols;
    s->X.nnz = nnz;
    s->X.row_ptr = px_malloc_array(n + 1, sizeof *s->X.row_ptr);
    s->X.col = px_malloc_array(nnz ? nnz : 1, sizeof *s->X.col);
    s->X.val = px_malloc_array(nnz ? nnz : 1, sizeof *s->X.val);
    s->y = px_malloc_array(n ? n : 1, sizeof *s->y);
    s->cw = px_malloc_array(n ? n : 1, sizeof *s->cw);
    return s->X.row_ptr && s->X.col && s->X.val && s->y && s->cw ? PRECIS_OK : PRECIS_ERR_NOMEM;
}

/* Rank r - 1's unfinished chunk (from < 0: none), as the start of s,
 * allocated for `more` rows and `more_nnz` nonzeros after it, which the
 * caller appends. */
static int receive_rows(px_spread_rows *s, const precis_comm *c, int from, size_t n_cols,
                        size_t more, size_t more_nnz)
{
    rows_msg h = {0, 0};
    if (from >= 0 && px_comm_recv(c, from, &h, sizeof h) != 0)
        return PRECIS_ERR_IO;
    size_t n = (size_t)h.n_rows, nnz = (size_t)h.nnz;
    if (alloc_rows(s, n + more, nnz + more_nnz, n_cols) != PRECIS_OK)
        return PRECIS_ERR_NOMEM;
    uint64_t *len = px_malloc_array(n ? n : 1, sizeof *len);
    if (!len)
        return PRECIS_ERR_NOMEM;
    int bad = 0;
    if (n)
        bad = px_comm_recv(c, from, len, n * sizeof *len) ||
              px_comm_recv(c, from, s->y, n * sizeof *s->y) ||
              px_comm_recv(c, from, s->cw, n * sizeof *s->cw);
    if (!bad && nnz)
        bad = px_comm_recv(c, from, s->X.col, nnz * sizeof *s->X.col) ||
              px_comm_recv(c, from, s->X.val, nnz * sizeof *s->X.val);
    s->X.row_ptr[0] = 0;
    for (size_t i = 0; !bad && i < n; i++)
        s->X.row_ptr[i + 1] = s->X.row_ptr[i] + (size_t)len[i];
    px_free(len);
    if (!bad && n && s->X.row_ptr[n] != nnz)
        bad = 1;
    s->X.n_rows = n; /* grows as the own rows are added */
    return bad ? PRECIS_ERR_IO : PRECIS_OK;
}

/* Appends rows [0, end) of X to s. */
static void append_rows(px_spread_rows *s, const precis_csr *X, const uint32_t *y,
                        const double *cw, size_t end)
{
    if (end == 0)
        return; /* an empty share may have no arrays at all */
    size_t n0 = s->X.n_rows, at = s->X.row_ptr[n0], nnz = X->row_ptr[end];
    memcpy(s->X.col + at, X->col, nnz * sizeof *X->col);
    memcpy(s->X.val + at, X->val, nnz * sizeof *X->val);
    memcpy(s->y + n0, y, end * sizeof *y);
    memcpy(s->cw + n0, cw, end * sizeof *cw);
    for (size_t i = 0; i < end; i++)
        s->X.row_ptr[n0 + i + 1] = at + X->row_ptr[i + 1];
    s->X.n_rows = n0 + end;
    s->X.nnz = at + nnz;
}

/* Where the unfinished last chunk of X's rows starts (n_rows if none). */
static int unfinished_start(const precis_csr *X, size_t target, size_t max_len, size_t *start)
{
    size_t n = X->n_rows;
    *start = n;
    if (n == 0)
        return PRECIS_OK;
    px_chunks ch;
    if (px_chunks_by_nnz(&ch, X->row_ptr, n, target, max_len) != PRECIS_OK)
        return PRECIS_ERR_NOMEM;
    size_t begin = ch.start[ch.n_chunks - 1];
    int full = X->row_ptr[n] - X->row_ptr[begin] >= target || n - begin >= max_len;
    if (!full)
        *start = begin;
    px_chunks_free(&ch);
    return PRECIS_OK;
}

int px_spread_rows_align(px_spread_rows *out, const precis_comm *c, const precis_csr *X,
                         const uint32_t *y, const double *cw, size_t target, size_t max_len)
{
    memset(out, 0, sizeof *out);
    int rc = receive_rows(out, c, c->rank > 0 ? c->rank - 1 : -1, X->n_cols, X->n_rows,
                          X->nnz);
    if (rc == PRECIS_OK)
        append_rows(out, X, y, cw, X->n_rows);
    size_t keep = out->X.n_rows;
    if (rc == PRECIS_OK && c->rank < c->size - 1)
        rc = unfinished_start(&out->X, target, max_len, &keep);
    if (rc == PRECIS_OK && c->rank < c->size - 1)
        rc = send_rows(c, c->rank + 1, &out->X, out->y, out->cw, keep, out->X.n_rows);
    if (rc != PRECIS_OK) {
        px_spread_rows_free(out);
        return rc;
    }
    out->X.n_rows = keep; /* the arrays keep their size; only the count shrinks */
    out->X.nnz = out->X.row_ptr[keep];
    return PRECIS_OK;
}

void px_spread_rows_free(px_spread_rows *s)
{
    if (!s)
        return;
    precis_csr_free(&s->X);
    px_free(s->y);
    px_free(s->cw);
    memset(s, 0, sizeof *s);
}
