/*
 * mpi_comm.c — the precis_comm of precis-train-mpi: point-to-point messages,
 * broadcasts and an allgather of bytes over MPI.
 *
 * Invariant: only MPI_BYTE is ever sent, and no reduction is asked of MPI:
 * the library adds everything itself in a fixed order, so the model cannot
 * depend on the number of processes or on the collective algorithms Open
 * MPI picks. Messages are at most 1 GiB (base/comm.c cuts them), so counts
 * fit an int. With PRECIS_MPI_STATS set, each rank counts what it sends
 * (point-to-point bytes; a broadcast's bytes times the ranks receiving them,
 * at its root; an allgather's bytes times the other ranks) and says so when
 * the comm closes, for bench/mpi.sh.
 */
#include "mpi_comm.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>

#define TAG 17

typedef struct mpi_ctx {
    MPI_Comm comm;
    int size;
    unsigned long long sent, messages; /* what this rank sent, for PRECIS_MPI_STATS */
} mpi_ctx;

static MPI_Comm *comm_of(void *ctx) { return &((mpi_ctx *)ctx)->comm; }

static void count(void *ctx, size_t len, int times)
{
    mpi_ctx *c = ctx;
    c->sent += (unsigned long long)len * (unsigned long long)times;
    c->messages += (unsigned long long)times;
}

static int fits(size_t len) { return len <= (size_t)INT_MAX; }

static int mpi_send(void *ctx, int to, const void *buf, size_t len)
{
    if (!fits(len))
        return -1;
    count(ctx, len, 1);
    return MPI_Send(buf, (int)len, MPI_BYTE, to, TAG, *comm_of(ctx)) == MPI_SUCCESS ? 0 : -1;
}

static int mpi_recv(void *ctx, int from, void *buf, size_t len)
{
    if (!fits(len))
        return -1;
    MPI_Status st;
    if (MPI_Recv(buf, (int)len, MPI_BYTE, from, TAG, *comm_of(ctx), &st) != MPI_SUCCESS)
        return -1;
    int got = 0;
    return MPI_Get_count(&st, MPI_BYTE, &got) == MPI_SUCCESS && (size_t)got == len ? 0 : -1;
}

static int mpi_bcast(void *ctx, int root, void *buf, size_t len)
{
    if (!fits(len))
        return -1;
    int rank = 0;
    MPI_Comm_rank(*comm_of(ctx), &rank);
    if (rank == root)
        count(ctx, len, ((mpi_ctx *)ctx)->size - 1);
    return MPI_Bcast(buf, (int)len, MPI_BYTE, root, *comm_of(ctx)) == MPI_SUCCESS ? 0 : -1;
}

static int mpi_allgather(void *ctx, const void *mine, size_t len, void *all)
{
    if (!fits(len))
        return -1;
    count(ctx, len, ((mpi_ctx *)ctx)->size - 1);
    return MPI_Allgather(mine, (int)len, MPI_BYTE, all, (int)len, MPI_BYTE, *comm_of(ctx)) ==
                   MPI_SUCCESS
               ? 0
               : -1;
}

int mpi_comm_open(precis_comm *c, MPI_Comm world)
{
    mpi_ctx *m = calloc(1, sizeof *m);
    if (!m || MPI_Comm_dup(world, &m->comm) != MPI_SUCCESS) {
        free(m);
        return -1;
    }
    c->ctx = m;
    MPI_Comm_rank(m->comm, &c->rank);
    MPI_Comm_size(m->comm, &c->size);
    m->size = c->size;
    c->send = mpi_send;
    c->recv = mpi_recv;
    c->bcast = mpi_bcast;
    c->allgather = mpi_allgather;
    return 0;
}

void mpi_comm_close(precis_comm *c)
{
    if (!c->ctx)
        return;
    mpi_ctx *m = c->ctx;
    if (getenv("PRECIS_MPI_STATS"))
        fprintf(stderr, "precis-train-mpi: rank %d of %d sent %llu bytes in %llu messages\n",
                c->rank, c->size, m->sent, m->messages);
    MPI_Comm_free(comm_of(c->ctx));
    free(c->ctx);
    c->ctx = NULL;
}
