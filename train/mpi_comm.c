/*
 * mpi_comm.c — the precis_comm of precis-train-mpi: point-to-point messages,
 * broadcasts and an allgather of bytes over MPI.
 *
 * Invariant: only MPI_BYTE is ever sent, and no reduction is asked of MPI:
 * the library adds everything itself in a fixed order, so the model cannot
 * depend on the number of processes or on the collective algorithms Open
 * MPI picks. Messages are at most 1 GiB (base/comm.c cuts them), so counts
 * fit an int.
 */
#include "mpi_comm.h"

#include <limits.h>
#include <stdlib.h>

#define TAG 17

static MPI_Comm *comm_of(void *ctx) { return ctx; }

static int fits(size_t len) { return len <= (size_t)INT_MAX; }

static int mpi_send(void *ctx, int to, const void *buf, size_t len)
{
    if (!fits(len))
        return -1;
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
    return MPI_Bcast(buf, (int)len, MPI_BYTE, root, *comm_of(ctx)) == MPI_SUCCESS ? 0 : -1;
}

static int mpi_allgather(void *ctx, const void *mine, size_t len, void *all)
{
    if (!fits(len))
        return -1;
    return MPI_Allgather(mine, (int)len, MPI_BYTE, all, (int)len, MPI_BYTE, *comm_of(ctx)) ==
                   MPI_SUCCESS
               ? 0
               : -1;
}

int mpi_comm_open(precis_comm *c, MPI_Comm world)
{
    MPI_Comm *dup = malloc(sizeof *dup);
    if (!dup || MPI_Comm_dup(world, dup) != MPI_SUCCESS) {
        free(dup);
        return -1;
    }
    c->ctx = dup;
    MPI_Comm_rank(*dup, &c->rank);
    MPI_Comm_size(*dup, &c->size);
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
    MPI_Comm_free(comm_of(c->ctx));
    free(c->ctx);
    c->ctx = NULL;
}
