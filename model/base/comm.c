/*
 * comm.c — the one-process precis_comm and the byte-moving helpers every
 * layer uses to work over several processes.
 *
 * Invariants: a helper only moves bytes or adds integers; with one process
 * (size 1) nothing is sent and every helper is a copy or a no-op. Messages
 * larger than a chunk go in pieces, so a transport's int counts never
 * overflow.
 */
#include "base/comm.h"

#include <string.h>

#include "base/alloc.h"

#define PIECE ((size_t)1 << 30)

static int single_send(void *ctx, int to, const void *buf, size_t len)
{
    (void)ctx, (void)to, (void)buf, (void)len;
    return -1; /* there is no one to talk to */
}

static int single_recv(void *ctx, int from, void *buf, size_t len)
{
    (void)ctx, (void)from, (void)buf, (void)len;
    return -1;
}

static int single_bcast(void *ctx, int root, void *buf, size_t len)
{
    (void)ctx, (void)root, (void)buf, (void)len;
    return 0;
}

static int single_allgather(void *ctx, const void *mine, size_t len, void *all)
{
    (void)ctx;
    if (len)
        memmove(all, mine, len);
    return 0;
}

void precis_comm_single(precis_comm *c)
{
    memset(c, 0, sizeof *c);
    c->rank = 0;
    c->size = 1;
    c->send = single_send;
    c->recv = single_recv;
    c->bcast = single_bcast;
    c->allgather = single_allgather;
}

int px_comm_send(const precis_comm *c, int to, const void *buf, size_t len)
{
    const char *p = buf;
    do {
        size_t n = len < PIECE ? len : PIECE;
        if (c->send(c->ctx, to, p, n) != 0)
            return -1;
        p += n;
        len -= n;
    } while (len > 0);
    return 0;
}

int px_comm_recv(const precis_comm *c, int from, void *buf, size_t len)
{
    char *p = buf;
    do {
        size_t n = len < PIECE ? len : PIECE;
        if (c->recv(c->ctx, from, p, n) != 0)
            return -1;
        p += n;
        len -= n;
    } while (len > 0);
    return 0;
}

int px_comm_bcast(const precis_comm *c, int root, void *buf, size_t len)
{
    if (c->size == 1)
        return 0;
    char *p = buf;
    do {
        size_t n = len < PIECE ? len : PIECE;
        if (c->bcast(c->ctx, root, p, n) != 0)
            return -1;
        p += n;
        len -= n;
    } while (len > 0);
    return 0;
}

/* Lengths first (8 bytes a rank, one allgather), then rank 0 collects the
 * bytes in rank order and broadcasts them. */
int px_comm_allgatherv(const precis_comm *c, const void *mine, size_t len, char **all,
                       size_t **lens)
{
    *all = NULL;
    *lens = NULL;
    const size_t P = (size_t)c->size;
    uint64_t *l64 = px_malloc_array(P, sizeof *l64);
    size_t *l = px_malloc_array(P, sizeof *l);
    uint64_t my = len;
    int rc = l64 && l && c->allgather(c->ctx, &my, sizeof my, l64) == 0 ? 0 : -1;
    size_t total = 0;
    for (size_t r = 0; rc == 0 && r < P; r++) {
        l[r] = (size_t)l64[r];
        total += l[r];
    }
    char *buf = rc == 0 ? px_malloc(total ? total : 1) : NULL;
    if (!buf)
        rc = -1;
    if (rc == 0 && c->rank == 0) {
        size_t at = 0;
        for (size_t r = 0; rc == 0 && r < P; at += l[r], r++) {
            if (r == 0 && len)
                memcpy(buf, mine, len);
            else if (r > 0 && l[r])
                rc = px_comm_recv(c, (int)r, buf + at, l[r]);
        }
    } else if (rc == 0 && len) {
        rc = px_comm_send(c, 0, mine, len);
    }
    if (rc == 0 && total)
        rc = px_comm_bcast(c, 0, buf, total);
    px_free(l64);
    if (rc != 0) {
        px_free(buf);
        px_free(l);
        return -1;
    }
    *all = buf;
    *lens = l;
    return 0;
}

/* An ordered chain: rank r adds its counts to those of ranks 0..r-1 and
 * passes them on; the last rank broadcasts the totals. */
int px_comm_sum_u64(const precis_comm *c, uint64_t *v, size_t n)
{
    if (c->size == 1 || n == 0)
        return 0;
    uint64_t *in = px_malloc_array(n, sizeof *in);
    if (!in)
        return -1;
    int rc = 0;
    if (c->rank > 0) {
        rc = px_comm_recv(c, c->rank - 1, in, n * sizeof *in);
        for (size_t i = 0; rc == 0 && i < n; i++)
            v[i] += in[i];
    }
    if (rc == 0 && c->rank < px_comm_last(c))
        rc = px_comm_send(c, c->rank + 1, v, n * sizeof *v);
    if (rc == 0)
        rc = px_comm_bcast(c, px_comm_last(c), v, n * sizeof *v);
    px_free(in);
    return rc;
}

/* ---------------------------------------------------------------- packed words */

size_t px_comm_packed_words(size_t n) { return (n + 63) / 64 + n; }

int px_comm_send_packed(const precis_comm *c, int to, const void *v, size_t n,
                        uint64_t *scratch)
{
    const size_t nb = (n + 63) / 64;
    const unsigned char *bytes = v;
    uint64_t *bits = scratch, *words = scratch + nb;
    memset(bits, 0, nb * sizeof *bits);
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        uint64_t w;
        memcpy(&w, bytes + i * sizeof w, sizeof w);
        if (w) {
            bits[i / 64] |= (uint64_t)1 << (i % 64);
            words[m++] = w;
        }
    }
    if (nb && px_comm_send(c, to, bits, nb * sizeof *bits) != 0)
        return -1;
    return m ? px_comm_send(c, to, words, m * sizeof *words) : 0;
}

int px_comm_recv_packed(const precis_comm *c, int from, void *v, size_t n,
                        uint64_t *scratch)
{
    const size_t nb = (n + 63) / 64;
    unsigned char *bytes = v;
    uint64_t *bits = scratch, *words = scratch + nb;
    if (nb && px_comm_recv(c, from, bits, nb * sizeof *bits) != 0)
        return -1;
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        m += (bits[i / 64] >> (i % 64)) & 1;
    if (m && px_comm_recv(c, from, words, m * sizeof *words) != 0)
        return -1;
    m = 0;
    for (size_t i = 0; i < n; i++) {
        uint64_t w = (bits[i / 64] >> (i % 64)) & 1 ? words[m++] : 0;
        memcpy(bytes + i * sizeof w, &w, sizeof w);
    }
    return 0;
}
