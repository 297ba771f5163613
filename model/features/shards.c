/*
 * shards.c — a corpus read by several threads at once, each counting its
 * share of the documents into a builder of its own (a shard); the shards are
 * merged into one builder at the end (tfidf.c), in reader order.
 *
 * Tokenizing and counting are most of vectorizing and need no shared state,
 * so they run in parallel; only taking the next record from the reader (and
 * interning its label, and copying its text out of the reader's buffer) is
 * done under the lock, so records, labels and warnings come in reader order.
 *
 * Invariants, under `lock`: records 0 .. n-1 have been taken, each by exactly
 * one worker, which alone writes its shard; y[0 .. n) are their labels.
 * `done` is set once by the end of the records or the first failure, whose
 * code and message `rc` and `err` keep. Every worker's record list ascends,
 * so the merge can place each document without sorting.
 */
#include "features/shards.h"

#include <pthread.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/alloc.h"
#include "base/error.h"
#include "text/text.h"
#include "features/vectorizer.h"

#define MAX_THREADS 16
/* Records taken per turn of the lock, up to BATCH_BYTES of text (a larger
 * record goes alone): one handoff of the lock per record costs more, in
 * context switches, than the record's tokenizing. */
#define BATCH 32
#define BATCH_BYTES (1u << 20)

typedef struct shard {
    precis_vectorizer_builder *b;
    uint32_t *seq;          /* reader position of each of its documents */
    size_t n, cap;
    uint64_t *hash;         /* its documents' row hashes (those with terms) */
    size_t n_hash, hash_cap, no_terms;
    px_buf label;
    px_buf text;            /* the batch's texts, one after the other */
    size_t end[BATCH];      /* record i of the batch ends at text.data + end[i] */
    size_t n_batch;
    uint32_t first_seq;     /* the batch's records are first_seq, first_seq + 1, ... */
} shard;

typedef struct reading {
    precis_reader *r;
    const precis_reader_options *ro;
    px_vocab *labels;
    pthread_mutex_t lock;
    uint32_t *y;
    size_t n, y_cap;
    int done, rc;
    precis_error err;
    struct timespec t0;
} reading;

typedef struct worker {
    reading *rd;
    shard *sh;
} worker;

static int push_u32(uint32_t **a, size_t *cap, size_t n, uint32_t v)
{
    if (n == *cap) {
        size_t c = *cap ? 2 * *cap : 1024;
        uint32_t *p = px_realloc_array(*a, c, sizeof *p);
        if (!p)
            return PRECIS_ERR_NOMEM;
        *a = p;
        *cap = c;
    }
    (*a)[n] = v;
    return PRECIS_OK;
}

static int push_u64(uint64_t **a, size_t *cap, size_t n, uint64_t v)
{
    if (n == *cap) {
        size_t c = *cap ? 2 * *cap : 1024;
        uint64_t *p = px_realloc_array(*a, c, sizeof *p);
        if (!p)
            return PRECIS_ERR_NOMEM;
        *a = p;
        *cap = c;
    }
    (*a)[n] = v;
    return PRECIS_OK;
}

static void report_progress(const reading *rd)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    precis_progress p = {0};
    p.phase = "read";
    p.documents = rd->n;
    p.elapsed = (double)(now.tv_sec - rd->t0.tv_sec) + (double)(now.tv_nsec - rd->t0.tv_nsec) * 1e-9;
    rd->ro->progress(rd->ro->progress_ctx, &p);
}

/* The first failure wins; the others stop at their next record. */
static void fail(reading *rd, int rc, const precis_error *err)
{
    if (!rd->rc) {
        rd->rc = rc;
        rd->err = *err;
    }
    rd->done = 1;
}

/* Under the lock: takes the next record, its label into y and its text onto
 * the batch in sh->text. 1 taken, 0 nothing more to take. */
static int take_record(reading *rd, shard *sh)
{
    if (rd->done)
        return 0;
    precis_document doc;
    precis_error err;
    int got = precis_reader_next(rd->r, &doc, &err);
    if (got != 1) {
        if (got < 0)
            fail(rd, -got, &err);
        rd->done = 1;
        return 0;
    }
    const char *label = doc.label ? doc.label : "";
    uint32_t id;
    sh->label.len = 0;
    int rc = px_decode(label, strlen(label), &sh->label);
    if (rc == PRECIS_OK)
        rc = px_vocab_intern(rd->labels, sh->label.data, sh->label.len, &id);
    if (rc == PRECIS_OK && rd->n >= UINT32_MAX - 1)
        rc = px_error(&err, PRECIS_ERR_LIMIT, "more than %u documents", UINT32_MAX - 2);
    else if (rc == PRECIS_OK)
        rc = push_u32(&rd->y, &rd->y_cap, rd->n, id);
    if (rc == PRECIS_OK)
        rc = px_buf_append(&sh->text, doc.text ? doc.text : "", doc.text ? doc.text_len : 0);
    if (rc != PRECIS_OK) {
        if (rc == PRECIS_ERR_NOMEM)
            px_error(&err, rc, "out of memory reading %s", doc.source);
        fail(rd, rc, &err);
        return 0;
    }
    sh->end[sh->n_batch++] = sh->text.len;
    rd->n++;
    if (rd->n % 512 == 0 && rd->ro && rd->ro->progress)
        report_progress(rd);
    return 1;
}

/* Under the lock: a batch of consecutive records; how many. */
static size_t take_batch(reading *rd, shard *sh)
{
    sh->n_batch = 0;
    sh->text.len = 0;
    sh->first_seq = (uint32_t)rd->n;
    while (sh->n_batch < BATCH && sh->text.len < BATCH_BYTES && take_record(rd, sh))
        continue;
    return sh->n_batch;
}

/* Outside the lock: counts a record's terms into the shard. */
static int count_record(shard *sh, const char *text, size_t len, uint32_t seq,
                        precis_error *err)
{
    int rc = precis_vectorizer_builder_add(sh->b, text, len, err);
    if (rc != PRECIS_OK)
        return rc;
    if (push_u32(&sh->seq, &sh->cap, sh->n, seq) != PRECIS_OK)
        return px_error(err, PRECIS_ERR_NOMEM, "out of memory reading the corpus");
    size_t n_terms;
    uint64_t h = px_vectorizer_builder_row_hash(sh->b, sh->n++, &n_terms);
    if (n_terms == 0)
        sh->no_terms++;
    else if (push_u64(&sh->hash, &sh->hash_cap, sh->n_hash++, h) != PRECIS_OK)
        return px_error(err, PRECIS_ERR_NOMEM, "out of memory reading the corpus");
    return PRECIS_OK;
}

static int count_batch(shard *sh, precis_error *err)
{
    for (size_t i = 0, start = 0; i < sh->n_batch; start = sh->end[i++]) {
        int rc = count_record(sh, sh->text.data + start, sh->end[i] - start,
                              sh->first_seq + (uint32_t)i, err);
        if (rc != PRECIS_OK)
            return rc;
    }
    return PRECIS_OK;
}

static void *work(void *arg)
{
    worker *w = arg;
    reading *rd = w->rd;
    for (;;) {
        pthread_mutex_lock(&rd->lock);
        size_t took = take_batch(rd, w->sh);
        pthread_mutex_unlock(&rd->lock);
        if (!took)
            return NULL;
        precis_error err;
        int rc = count_batch(w->sh, &err);
        if (rc != PRECIS_OK) {
            pthread_mutex_lock(&rd->lock);
            fail(rd, rc, &err);
            pthread_mutex_unlock(&rd->lock);
            return NULL;
        }
    }
}

static size_t thread_count(size_t asked)
{
    if (!asked) {
        long n = sysconf(_SC_NPROCESSORS_ONLN);
        asked = n > 0 ? (size_t)n : 1;
    }
    return asked < MAX_THREADS ? asked : MAX_THREADS;
}

/* Where each document went: the shards' ascending record lists, merged. */
static px_doc_place *placement(const shard *sh, size_t n_shards, size_t n_docs)
{
    px_doc_place *place = px_malloc_array(n_docs ? n_docs : 1, sizeof *place);
    if (!place)
        return NULL;
    for (size_t s = 0; s < n_shards; s++)
        for (size_t i = 0; i < sh[s].n; i++)
            place[sh[s].seq[i]] = (px_doc_place){(uint32_t)s, (uint32_t)i};
    return place;
}

/* Every shard's hashes, in shard order (duplicates are counted after a sort). */
static int gather_notes(shard *sh, size_t n_shards, px_read_result *res)
{
    size_t total = 0;
    for (size_t s = 0; s < n_shards; s++) {
        total += sh[s].n_hash;
        res->no_terms += sh[s].no_terms;
    }
    res->hash = px_malloc_array(total ? total : 1, sizeof *res->hash);
    if (!res->hash)
        return PRECIS_ERR_NOMEM;
    for (size_t s = 0; s < n_shards; s++) {
        if (sh[s].n_hash) /* an idle shard has no array at all */
            memcpy(res->hash + res->n_hash, sh[s].hash, sh[s].n_hash * sizeof *res->hash);
        res->n_hash += sh[s].n_hash;
    }
    return PRECIS_OK;
}

static void shard_free(shard *sh)
{
    precis_vectorizer_builder_free(sh->b);
    px_free(sh->seq);
    px_free(sh->hash);
    px_buf_free(&sh->text);
    px_buf_free(&sh->label);
}

/* Starts a worker per shard but the first, works as the first, joins. */
static void run_workers(reading *rd, shard *sh, size_t n_shards)
{
    worker w[MAX_THREADS];
    pthread_t tid[MAX_THREADS];
    int started[MAX_THREADS] = {0};
    for (size_t s = 0; s < n_shards; s++)
        w[s] = (worker){rd, &sh[s]};
    for (size_t s = 1; s < n_shards; s++)
        started[s] = pthread_create(&tid[s], NULL, work, &w[s]) == 0;
    work(&w[0]); /* a thread that did not start leaves its share to the others */
    for (size_t s = 1; s < n_shards; s++)
        if (started[s])
            pthread_join(tid[s], NULL);
}

static int merge(precis_vectorizer_builder *b, shard *sh, size_t n_shards, reading *rd,
                 px_read_result *res, precis_error *err)
{
    precis_vectorizer_builder *builders[MAX_THREADS];
    for (size_t s = 0; s < n_shards; s++)
        builders[s] = sh[s].b;
    px_doc_place *place = placement(sh, n_shards, rd->n);
    if (!place)
        return px_error(err, PRECIS_ERR_NOMEM, "out of memory reading the corpus");
    int rc = px_vectorizer_builder_merge(b, builders, n_shards, place, rd->n, err);
    px_free(place);
    if (rc == PRECIS_OK && gather_notes(sh, n_shards, res) != PRECIS_OK)
        rc = px_error(err, PRECIS_ERR_NOMEM, "out of memory reading the corpus");
    return rc;
}

int px_read_sharded(precis_reader *r, const precis_reader_options *ro,
                    precis_vectorizer_builder *b, px_vocab *labels, size_t n_threads,
                    px_read_result *res, precis_error *err)
{
    memset(res, 0, sizeof *res);
    size_t n_shards = thread_count(n_threads);
    shard sh[MAX_THREADS];
    memset(sh, 0, sizeof sh);
    reading rd = {.r = r, .ro = ro, .labels = labels};
    clock_gettime(CLOCK_MONOTONIC, &rd.t0);
    int rc = PRECIS_OK;
    for (size_t s = 0; rc == PRECIS_OK && s < n_shards; s++)
        rc = precis_vectorizer_builder_new(&sh[s].b, px_vectorizer_builder_options(b), err);
    if (rc == PRECIS_OK && pthread_mutex_init(&rd.lock, NULL) != 0)
        rc = px_error(err, PRECIS_ERR_NOMEM, "cannot create a lock");
    if (rc == PRECIS_OK) {
        run_workers(&rd, sh, n_shards);
        pthread_mutex_destroy(&rd.lock);
        if (rd.rc) {
            rc = rd.rc;
            *err = rd.err;
        }
    }
    if (rc == PRECIS_OK)
        rc = merge(b, sh, n_shards, &rd, res, err);
    for (size_t s = 0; s < n_shards; s++)
        shard_free(&sh[s]);
    res->y = rd.y;
    res->n = rd.n;
    if (rc != PRECIS_OK)
        px_read_result_free(res);
    return rc;
}

void px_read_result_free(px_read_result *res)
{
    px_free(res->y);
    px_free(res->hash);
    memset(res, 0, sizeof *res);
}
