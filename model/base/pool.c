/*
 * pool.c — the thread pool and chunk partitions that the solver and the
 * TF-IDF rows run on.
 *
 * Invariants:
 *  - A chunk is the unit of work and of reduction. Its boundaries come from
 *    the data (nonzero counts), never from the thread count. Threads only
 *    decide who runs a chunk, so every result is bit-identical for any
 *    number of threads.
 *  - The pool's workers sleep on a condition variable between jobs; a job is
 *    announced by bumping `generation`, and chunks are handed out through one
 *    atomic counter. The caller's thread works too (as worker 0).
 */
#include "base/pool.h"

#include <pthread.h>
#include <stdatomic.h>
#include <string.h>
#include <unistd.h>

#include "precis.h"
#include "base/alloc.h"

/* ---------------------------------------------------------------- thread pool */

struct px_pool {
    pthread_mutex_t mu;
    pthread_cond_t start_cv, done_cv;
    pthread_t *threads;
    int n_started;          /* threads running worker_main */
    int sync_ready;         /* mutex and condition variables initialized */
    unsigned long generation;
    int quit;
    int busy;               /* started threads still inside the current job */
    px_chunk_fn fn;
    void *ctx;
    size_t n_chunks;
    atomic_size_t next_chunk;
};

typedef struct worker_arg {
    px_pool *pool;
    int index;
} worker_arg;

static void run_chunks(px_pool *pool, int worker)
{
    for (;;) {
        size_t c = atomic_fetch_add(&pool->next_chunk, 1);
        if (c >= pool->n_chunks)
            return;
        pool->fn(pool->ctx, c, worker);
    }
}

static void *worker_main(void *p)
{
    px_pool *pool = ((worker_arg *)p)->pool;
    int index = ((worker_arg *)p)->index;
    px_free(p);
    unsigned long seen = 0;
    pthread_mutex_lock(&pool->mu);
    for (;;) {
        while (pool->generation == seen && !pool->quit)
            pthread_cond_wait(&pool->start_cv, &pool->mu);
        if (pool->quit)
            break;
        seen = pool->generation;
        pthread_mutex_unlock(&pool->mu);
        run_chunks(pool, index);
        pthread_mutex_lock(&pool->mu);
        if (--pool->busy == 0)
            pthread_cond_signal(&pool->done_cv);
    }
    pthread_mutex_unlock(&pool->mu);
    return NULL;
}

#define MAX_THREADS 1024

static int online_processors(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    if (n < 1)
        return 1;
    return n > MAX_THREADS ? MAX_THREADS : (int)n;
}

static int init_sync(px_pool *pool)
{
    if (pthread_mutex_init(&pool->mu, NULL) != 0)
        return 0;
    if (pthread_cond_init(&pool->start_cv, NULL) != 0) {
        pthread_mutex_destroy(&pool->mu);
        return 0;
    }
    if (pthread_cond_init(&pool->done_cv, NULL) != 0) {
        pthread_cond_destroy(&pool->start_cv);
        pthread_mutex_destroy(&pool->mu);
        return 0;
    }
    return 1;
}

/* Starts up to `want` threads; stops quietly at the first that fails. */
static void start_threads(px_pool *pool, int want)
{
    for (int i = 0; i < want; i++) {
        worker_arg *arg = px_malloc(sizeof *arg);
        if (!arg)
            return;
        arg->pool = pool;
        arg->index = i + 1;
        if (pthread_create(&pool->threads[i], NULL, worker_main, arg) != 0) {
            px_free(arg);
            return;
        }
        pool->n_started++;
    }
}

int px_pool_new(px_pool **out, int n_threads)
{
    *out = NULL;
    px_pool *pool = px_calloc(1, sizeof *pool);
    if (!pool)
        return PRECIS_ERR_NOMEM;
    atomic_init(&pool->next_chunk, 0);
    int want = (n_threads > 0 ? (n_threads < MAX_THREADS ? n_threads : MAX_THREADS)
                              : online_processors()) - 1;
    if (want > 0) {
        pool->threads = px_malloc_array((size_t)want, sizeof *pool->threads);
        if (!pool->threads) {
            px_free(pool);
            return PRECIS_ERR_NOMEM;
        }
        pool->sync_ready = init_sync(pool);
        if (pool->sync_ready)
            start_threads(pool, want);
    }
    *out = pool;
    return PRECIS_OK;
}

void px_pool_run(px_pool *pool, size_t n_chunks, px_chunk_fn fn, void *ctx)
{
    if (pool->n_started == 0 || n_chunks < 2) {
        for (size_t c = 0; c < n_chunks; c++)
            fn(ctx, c, 0);
        return;
    }
    pthread_mutex_lock(&pool->mu);
    pool->fn = fn;
    pool->ctx = ctx;
    pool->n_chunks = n_chunks;
    atomic_store(&pool->next_chunk, 0);
    pool->busy = pool->n_started;
    pool->generation++;
    pthread_cond_broadcast(&pool->start_cv);
    pthread_mutex_unlock(&pool->mu);

    run_chunks(pool, 0);

    pthread_mutex_lock(&pool->mu);
    while (pool->busy > 0)
        pthread_cond_wait(&pool->done_cv, &pool->mu);
    pthread_mutex_unlock(&pool->mu);
}

int px_pool_workers(const px_pool *pool) { return pool->n_started + 1; }

void px_pool_free(px_pool *pool)
{
    if (!pool)
        return;
    if (pool->n_started > 0) {
        pthread_mutex_lock(&pool->mu);
        pool->quit = 1;
        pthread_cond_broadcast(&pool->start_cv);
        pthread_mutex_unlock(&pool->mu);
        for (int i = 0; i < pool->n_started; i++)
            pthread_join(pool->threads[i], NULL);
    }
    if (pool->sync_ready) {
        pthread_cond_destroy(&pool->done_cv);
        pthread_cond_destroy(&pool->start_cv);
        pthread_mutex_destroy(&pool->mu);
    }
    px_free(pool->threads);
    px_free(pool);
}

/* ---------------------------------------------------------------- chunks */

static int chunks_alloc(px_chunks *out, size_t n_chunks)
{
    out->start = px_malloc_array(n_chunks + 1, sizeof *out->start);
    if (!out->start)
        return PRECIS_ERR_NOMEM;
    out->n_chunks = n_chunks;
    return PRECIS_OK;
}

/* Two passes: count the cuts, then record them, so exactly one allocation. */
static size_t cut_by_nnz(size_t *start, const size_t *ptr, size_t n, size_t target,
                         size_t max_len)
{
    size_t count = 0, begin = 0;
    for (size_t i = 0; i < n; i++) {
        size_t end = i + 1;
        if (end == n || ptr[end] - ptr[begin] >= target || end - begin >= max_len) {
            if (start)
                start[count] = begin;
            count++;
            begin = end;
        }
    }
    if (start)
        start[count] = n;
    return count;
}

int px_chunks_by_nnz(px_chunks *out, const size_t *ptr, size_t n, size_t target, size_t max_len)
{
    memset(out, 0, sizeof *out);
    if (target == 0)
        target = 1;
    if (max_len == 0)
        max_len = 1;
    size_t count = cut_by_nnz(NULL, ptr, n, target, max_len);
    if (chunks_alloc(out, count) != PRECIS_OK)
        return PRECIS_ERR_NOMEM;
    cut_by_nnz(out->start, ptr, n, target, max_len);
    return PRECIS_OK;
}

void px_chunks_free(px_chunks *c)
{
    if (!c)
        return;
    px_free(c->start);
    memset(c, 0, sizeof *c);
}

