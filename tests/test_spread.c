/*
 * test_spread.c — training over several processes, without MPI: the
 * processes are threads here, talking through mailboxes behind a
 * precis_comm of the test's own.
 *
 *  - A corpus read in n shares, share after share, gives exactly the records
 *    of one whole read (labels, texts, "path:line" sources), for line files
 *    with a byte-order mark, CRLF and CR-only line ends, blank lines and
 *    records across every cut, and for a folder.
 *  - precis_dataset_fit_comm and precis_logreg_train_comm over P = 2..5
 *    threads give a vectorizer and weights bit-identical to one process's,
 *    on a generated corpus cut into many row chunks (rows move between
 *    ranks; with 5 ranks and a few records some ranks hold none).
 */
#include <check.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "precis.h"
#include "testutil.h"

/* ---------------------------------------------------------------- shares */

typedef struct records {
    char *all;  /* "label\x1ftext\x1fsource\n" per record */
    size_t len, cap;
    size_t n;
} records;

static void append(records *r, const char *s, size_t n)
{
    if (r->len + n + 1 > r->cap) {
        r->cap = (r->len + n + 1) * 2;
        r->all = realloc(r->all, r->cap);
        ck_assert_ptr_nonnull(r->all);
    }
    memcpy(r->all + r->len, s, n);
    r->len += n;
    r->all[r->len] = '\0';
}

static void read_share(const char *path, unsigned share, unsigned n_shares, records *out)
{
    precis_reader_options o;
    precis_reader_options_default(&o);
    o.share = share;
    o.n_shares = n_shares;
    precis_reader *rd = NULL;
    precis_error err = {0};
    ck_assert_msg(precis_reader_open(&rd, path, &o, &err) == PRECIS_OK, "%s", err.message);
    precis_document d;
    int rc;
    while ((rc = precis_reader_next(rd, &d, &err)) == 1) {
        append(out, d.label, strlen(d.label));
        append(out, "\x1f", 1);
        append(out, d.text, d.text_len);
        append(out, "\x1f", 1);
        append(out, d.source, strlen(d.source));
        append(out, "\n", 1);
        out->n++;
    }
    ck_assert_int_eq(rc, 0);
    precis_reader_free(rd);
}

/* Shares 0..n-1 read one after another equal the whole read. */
static void check_shares(const char *path, unsigned max_shares)
{
    records whole = {0};
    read_share(path, 0, 1, &whole);
    ck_assert_uint_gt(whole.n, 3);
    for (unsigned n = 2; n <= max_shares; n++) {
        records parts = {0};
        for (unsigned s = 0; s < n; s++)
            read_share(path, s, n, &parts);
        ck_assert_msg(parts.n == whole.n && parts.len == whole.len &&
                          memcmp(parts.all, whole.all, whole.len) == 0,
                      "%s in %u shares: %zu records, whole %zu", path, n, parts.n, whole.n);
        free(parts.all);
    }
    free(whole.all);
}

START_TEST(line_file_shares)
{
    char *dir = tu_temp_dir();
    char path[4096];
    snprintf(path, sizeof path, "%s/c.jsonl", dir);
    static const char body[] =
        "\xEF\xBB\xBF{\"label\": \"a\", \"text\": \"first one\"}\r\n"
        "\n"
        "{\"label\": \"b\", \"text\": \"second, after a blank line\"}\n"
        "{\"label\": \"a\", \"text\": \"third: CR only\"}\r"
        "{\"label\": \"c\", \"text\": \"fourth \\u00e9t\\u00e9 and a longer text to "
        "move the cuts around a little more\"}\n"
        "   \n"
        "{\"label\": \"b\", \"text\": \"fifth\"}\n"
        "{\"label\": \"c\", \"text\": \"sixth, the last, no newline\"}";
    ck_assert_int_eq(tu_write_file(path, body, sizeof body - 1), 0);
    check_shares(path, 40); /* more shares than records: most are empty */
    snprintf(path, sizeof path, "%s/c.tsv", dir);
    static const char tsv[] = "x\tone two\ny\tthree\r\nx\tfour five six\n\ny\tseven\n";
    ck_assert_int_eq(tu_write_file(path, tsv, sizeof tsv - 1), 0);
    check_shares(path, 12);
    tu_remove_tree(dir);
    free(dir);
}
END_TEST

START_TEST(folder_shares)
{
    check_shares(tu_source_path("datasets/tiny-news/train"), 7);
}
END_TEST

START_TEST(shares_refused)
{
    precis_reader_options o;
    precis_reader_options_default(&o);
    o.n_shares = 2;
    precis_reader *rd = NULL;
    precis_error err = {0};
    ck_assert_int_eq(precis_reader_open(&rd, "-", &o, &err), PRECIS_ERR_ARG);
    char *dir = tu_temp_dir();
    char path[4096];
    snprintf(path, sizeof path, "%s/c.csv", dir);
    ck_assert_int_eq(tu_write_file(path, "a,b\nc,d\n", 8), 0);
    ck_assert_int_eq(precis_reader_open(&rd, path, &o, &err), PRECIS_ERR_ARG);
    ck_assert_ptr_nonnull(strstr(err.message, "CSV"));
    o.share = 2;
    ck_assert_int_eq(precis_reader_open(&rd, tu_source_path("datasets/tiny-news/train"), &o, &err),
                     PRECIS_ERR_ARG);
    tu_remove_tree(dir);
    free(dir);
}
END_TEST

/* ---------------------------------------------------------------- threads as ranks */

typedef struct message {
    struct message *next;
    size_t len;
    char data[];
} message;

/* Queues per (kind, from, to): point-to-point and collective traffic kept
 * apart, as MPI keeps them. */
typedef struct post {
    int size;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    message **head; /* [kind][from][to] */
    unsigned long long bytes;
} post;

typedef struct rank_ctx {
    post *p;
    int rank;
} rank_ctx;

static message **box(post *p, int kind, int from, int to)
{
    return &p->head[(kind * p->size + from) * p->size + to];
}

static int put(post *p, int kind, int from, int to, const void *buf, size_t len)
{
    message *m = malloc(sizeof *m + (len ? len : 1));
    if (!m)
        return -1;
    m->next = NULL;
    m->len = len;
    memcpy(m->data, buf, len);
    pthread_mutex_lock(&p->mu);
    message **at = box(p, kind, from, to);
    while (*at)
        at = &(*at)->next;
    *at = m;
    p->bytes += len;
    pthread_cond_broadcast(&p->cv);
    pthread_mutex_unlock(&p->mu);
    return 0;
}

static int take(post *p, int kind, int from, int to, void *buf, size_t len)
{
    pthread_mutex_lock(&p->mu);
    message **at = box(p, kind, from, to);
    while (!*at)
        pthread_cond_wait(&p->cv, &p->mu);
    message *m = *at;
    *at = m->next;
    pthread_mutex_unlock(&p->mu);
    int ok = m->len == len;
    if (ok)
        memcpy(buf, m->data, len);
    free(m);
    return ok ? 0 : -1;
}

static int t_send(void *ctx, int to, const void *buf, size_t len)
{
    rank_ctx *c = ctx;
    return put(c->p, 0, c->rank, to, buf, len);
}

static int t_recv(void *ctx, int from, void *buf, size_t len)
{
    rank_ctx *c = ctx;
    return take(c->p, 0, from, c->rank, buf, len);
}

static int t_bcast(void *ctx, int root, void *buf, size_t len)
{
    rank_ctx *c = ctx;
    if (c->rank != root)
        return take(c->p, 1, root, c->rank, buf, len);
    for (int r = 0; r < c->p->size; r++)
        if (r != root && put(c->p, 1, root, r, buf, len) != 0)
            return -1;
    return 0;
}

static int t_allgather(void *ctx, const void *mine, size_t len, void *all)
{
    rank_ctx *c = ctx;
    for (int r = 0; r < c->p->size; r++)
        if (r != c->rank && put(c->p, 1, c->rank, r, mine, len) != 0)
            return -1;
    for (int r = 0; r < c->p->size; r++) {
        char *at = (char *)all + (size_t)r * len;
        if (r == c->rank)
            memcpy(at, mine, len);
        else if (take(c->p, 1, r, c->rank, at, len) != 0)
            return -1;
    }
    return 0;
}

typedef struct job {
    rank_ctx ctx;
    precis_comm comm;
    const char *corpus;
    precis_feature_options fo;
    precis_logreg_params lp;
    int threads;
    /* results */
    int rc;
    char message[512];
    size_t n_total, n_rows;
    precis_vectorizer *v;
    precis_logreg *lr;
    char **labels;
    size_t n_labels;
} job;

static void *rank_main(void *arg)
{
    job *j = arg;
    precis_reader_options ro;
    precis_reader_options_default(&ro);
    ro.n_threads = j->threads;
    precis_error err = {0};
    precis_dataset *d = NULL;
    j->rc = precis_dataset_fit_comm(&d, &j->v, &j->n_total, j->corpus, &ro, &j->fo, &j->comm,
                                    &err);
    if (j->rc == PRECIS_OK) {
        j->n_rows = d->X.n_rows;
        j->rc = precis_logreg_train_comm(&d->X, d->y, d->n_labels, &j->lp, &j->comm, &j->lr,
                                         &err);
        j->n_labels = d->n_labels;
        j->labels = calloc(d->n_labels, sizeof *j->labels);
        for (size_t k = 0; k < d->n_labels; k++)
            j->labels[k] = strdup(d->labels[k]);
    }
    snprintf(j->message, sizeof j->message, "%s", err.message);
    if (j->rc != PRECIS_OK) /* said now: the other ranks may wait for this one forever */
        fprintf(stderr, "rank %d of %d failed: %s\n", j->ctx.rank, j->comm.size, err.message);
    precis_dataset_free(d);
    return NULL;
}

static void free_job(job *j)
{
    precis_vectorizer_free(j->v);
    precis_logreg_free(j->lr);
    for (size_t k = 0; j->labels && k < j->n_labels; k++)
        free(j->labels[k]);
    free(j->labels);
}

static int same_vectorizer(const precis_vectorizer *a, const precis_vectorizer *b)
{
    if (precis_vectorizer_size(a) != precis_vectorizer_size(b) ||
        precis_vectorizer_n_documents(a) != precis_vectorizer_n_documents(b))
        return 0;
    for (size_t i = 0; i < precis_vectorizer_size(a); i++) {
        double ia = precis_vectorizer_idf(a, i), ib = precis_vectorizer_idf(b, i);
        if (strcmp(precis_vectorizer_term(a, i), precis_vectorizer_term(b, i)) != 0 ||
            precis_vectorizer_df(a, i) != precis_vectorizer_df(b, i) ||
            memcmp(&ia, &ib, sizeof ia) != 0)
            return 0;
    }
    return 1;
}

/* The generated corpus: DOCS records in 5 labels, words leaning to their
 * label, from a fixed linear congruential generator. */
static void write_corpus(const char *path, size_t docs)
{
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    uint64_t seed = 17;
    for (size_t d = 0; d < docs; d++) {
        seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
        unsigned label = (unsigned)(seed >> 33) % 5;
        fprintf(f, "{\"label\": \"topic%u\", \"text\": \"", label);
        unsigned n = 20 + (unsigned)((seed >> 40) % 60);
        for (unsigned i = 0; i < n; i++) {
            seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
            unsigned w = (unsigned)(seed >> 33);
            if (w % 3 == 0)
                fprintf(f, "%sl%uw%u", i ? " " : "", label, (w >> 4) % 200);
            else
                fprintf(f, "%sw%u", i ? " " : "", (w >> 4) % 2500);
        }
        fprintf(f, "\"}\n");
    }
    ck_assert_int_eq(fclose(f), 0);
}

/* P ranks as threads against one process, same options. */
static void check_ranks(const char *corpus, int P, const precis_feature_options *fo,
                        int balanced, int threads)
{
    precis_reader_options ro;
    precis_reader_options_default(&ro);
    precis_logreg_params lp;
    precis_logreg_params_default(&lp);
    lp.class_weight_balanced = balanced;
    lp.n_threads = threads;
    precis_error err = {0};
    precis_dataset *d = NULL;
    precis_vectorizer *v = NULL;
    ck_assert_msg(precis_dataset_fit(&d, &v, corpus, &ro, fo, &err) == PRECIS_OK, "%s",
                  err.message);
    precis_logreg *lr = NULL;
    ck_assert_int_eq(precis_logreg_train(&d->X, d->y, d->n_labels, &lp, &lr, &err), PRECIS_OK);

    post p = {.size = P};
    pthread_mutex_init(&p.mu, NULL);
    pthread_cond_init(&p.cv, NULL);
    p.head = calloc((size_t)(2 * P * P), sizeof *p.head);
    job *jobs = calloc((size_t)P, sizeof *jobs);
    pthread_t *tid = calloc((size_t)P, sizeof *tid);
    for (int r = 0; r < P; r++) {
        job *j = &jobs[r];
        j->ctx = (rank_ctx){&p, r};
        j->comm = (precis_comm){r, P, &j->ctx, t_send, t_recv, t_bcast, t_allgather};
        j->corpus = corpus;
        j->fo = *fo;
        j->lp = lp;
        j->threads = threads;
        ck_assert_int_eq(pthread_create(&tid[r], NULL, rank_main, j), 0);
    }
    size_t rows = 0;
    for (int r = 0; r < P; r++) {
        pthread_join(tid[r], NULL);
        job *j = &jobs[r];
        ck_assert_msg(j->rc == PRECIS_OK, "rank %d of %d: %s", r, P, j->message);
        rows += j->n_rows;
        ck_assert_uint_eq(j->n_total, d->X.n_rows);
        ck_assert_uint_eq(j->n_labels, d->n_labels);
        for (size_t k = 0; k < d->n_labels; k++)
            ck_assert_str_eq(j->labels[k], d->labels[k]);
        ck_assert_msg(same_vectorizer(j->v, v), "rank %d of %d: vectorizer differs", r, P);
        size_t nw = lr->n_features * lr->n_classes;
        ck_assert_msg(memcmp(j->lr->W, lr->W, nw * sizeof *lr->W) == 0 &&
                          memcmp(j->lr->b, lr->b, lr->n_classes * sizeof *lr->b) == 0,
                      "rank %d of %d: weights differ from one process's", r, P);
        ck_assert_int_eq(j->lr->iterations, lr->iterations);
        free_job(j);
    }
    ck_assert_uint_eq(rows, d->X.n_rows);
    ck_assert_uint_gt(p.bytes, 0);
    for (int i = 0; i < 2 * P * P; i++)
        ck_assert_ptr_null(p.head[i]); /* every message was taken */
    free(p.head);
    free(jobs);
    free(tid);
    pthread_cond_destroy(&p.cv);
    pthread_mutex_destroy(&p.mu);
    precis_logreg_free(lr);
    precis_vectorizer_free(v);
    precis_dataset_free(d);
}

START_TEST(ranks_equal_one_process)
{
    char *dir = tu_temp_dir();
    char path[4096];
    snprintf(path, sizeof path, "%s/g.jsonl", dir);
    write_corpus(path, 900); /* ~45k nonzeros: several row chunks */
    precis_feature_options fo;
    precis_feature_options_default(&fo);
    for (int P = 2; P <= 4; P++)
        check_ranks(path, P, &fo, 0, P == 3 ? 2 : 1);
    fo.ngram_max = 2;
    fo.min_df.value = 2;
    fo.max_features = 3000;
    check_ranks(path, 3, &fo, 1, 1);
    snprintf(path, sizeof path, "%s/few.jsonl", dir);
    write_corpus(path, 3); /* 5 ranks, 3 records: ranks without rows */
    precis_feature_options_default(&fo);
    check_ranks(path, 5, &fo, 0, 1);
    tu_remove_tree(dir);
    free(dir);
}
END_TEST

static Suite *spread_suite(void)
{
    Suite *s = suite_create("spread");
    TCase *shares = tcase_create("shares");
    tcase_add_test(shares, line_file_shares);
    tcase_add_test(shares, folder_shares);
    tcase_add_test(shares, shares_refused);
    suite_add_tcase(s, shares);
    TCase *ranks = tcase_create("ranks");
    tcase_set_timeout(ranks, 600);
    tcase_add_test(ranks, ranks_equal_one_process);
    suite_add_tcase(s, ranks);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(spread_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
