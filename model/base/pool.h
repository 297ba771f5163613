/*
 * pool.h — a small thread pool that runs "chunks": fixed pieces of work whose
 * boundaries depend only on the data, never on the number of threads (private).
 *
 * Each output element belongs to exactly one chunk and is computed there in
 * a fixed order; reductions add per-chunk partial sums in chunk order
 * afterwards, so results are bit-identical whatever the thread count.
 */
#ifndef PRECIS_POOL_H
#define PRECIS_POOL_H

#include <stddef.h>

/* ---------------------------------------------------------------- thread pool */

typedef struct px_pool px_pool;

/* Work for one chunk; `worker` (0 .. px_pool_workers()-1) names the thread
 * running it, for per-thread scratch space only — never for the result. */
typedef void (*px_chunk_fn)(void *ctx, size_t chunk, int worker);

/* A pool of n_threads participants (the caller's thread is one of them;
 * n_threads <= 0: one per online processor; at most 1024). If threads
 * cannot be started the pool simply has fewer: results do not change.
 * PRECIS_ERR_NOMEM only. */
int px_pool_new(px_pool **out, int n_threads);
/* Runs fn on chunks 0 .. n_chunks-1 and returns when all are done. */
void px_pool_run(px_pool *pool, size_t n_chunks, px_chunk_fn fn, void *ctx);
/* Number of participants (the largest worker index + 1). */
int px_pool_workers(const px_pool *pool);
void px_pool_free(px_pool *pool);

/* ---------------------------------------------------------------- chunks */

/* A partition of [0, n) into ranges [start[c], start[c+1]). */
typedef struct px_chunks {
    size_t n_chunks;
    size_t *start; /* n_chunks + 1 */
} px_chunks;

/* Cuts [0, n) where the nonzeros counted by ptr (ptr[0..n], non-decreasing)
 * reach about `target`, or the range reaches max_len items. */
int px_chunks_by_nnz(px_chunks *out, const size_t *ptr, size_t n, size_t target, size_t max_len);
void px_chunks_free(px_chunks *c);

#endif
