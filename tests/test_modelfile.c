/*
 * test_modelfile.c — the model object and its file (model/model.c,
 * model/modelfile.c, model/crc32.c).
 *
 * The model under test is built here: a vectorizer from a few documents and a
 * classifier whose weights are set by hand (no training needed). The file is
 * also read here independently, following docs/MODEL_FORMAT.md (the t_*
 * helpers): that checks the layout against the spec, and lets the tests craft
 * damaged files whose checksums are right again, so that the checks behind
 * the CRCs are reached too.
 */
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <float.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/alloc.h"
#include "base/crc32.h"
#include "precis.h"
#include "testutil.h"

#define N_CLASSES 3

static const char *const DOCS[] = {
    "The match ended with a late goal and the crowd cheered the team.",
    "The striker scored a goal in the final minute of the match.",
    "Parliament passed the budget after a long debate on taxes.",
    "The minister defended the budget in parliament today.",
    "The new phone has a faster chip and a brighter screen.",
    "Engineers released software that makes the chip faster.",
    "Caf\xc3\xa9 soci\xc3\xa9t\xc3\xa9 na\xc3\xafve: the team debate goes on.",
};
#define N_DOCS (sizeof DOCS / sizeof DOCS[0])

static const char *const LABELS[N_CLASSES] = {"sport", "politics", "tech/\xc3\xbc"};

static const char *const PROBES[] = {
    "a late goal won the match",
    "the budget debate in parliament",
    "a faster chip for the phone",
    "nothing here is in the vocabulary",
    "",
};
#define N_PROBES (sizeof PROBES / sizeof PROBES[0])

/* ------------------------------------------------------------ building a model */

static precis_vectorizer *make_vectorizer(void)
{
    precis_feature_options fo;
    precis_feature_options_default(&fo);
    fo.ngram_max = 2;
    fo.stop_words = 1;
    fo.max_df.value = 0.9;
    precis_vectorizer_builder *b;
    precis_error err;
    ck_assert_int_eq(precis_vectorizer_builder_new(&b, &fo, &err), PRECIS_OK);
    for (size_t d = 0; d < N_DOCS; d++)
        ck_assert_int_eq(precis_vectorizer_builder_add(b, DOCS[d], strlen(DOCS[d]), &err),
                         PRECIS_OK);
    precis_vectorizer *v;
    ck_assert_int_eq(precis_vectorizer_builder_finish(b, &v, NULL, &err), PRECIS_OK);
    precis_vectorizer_builder_free(b);
    return v;
}

/* Weights that are not float values, so rounding shows. */
static double hand_weight(size_t i, size_t k)
{
    return 0.37 * sin(1.7 * (double)i + 0.9 * (double)k) + 0.01;
}

static double hand_intercept(size_t k) { return 0.1 * (double)k - 0.0333333333333; }

static void add_cue(precis_logreg *lr, const precis_vectorizer *v, const char *term, size_t k)
{
    long i = precis_vectorizer_lookup(v, term, strlen(term));
    ck_assert_msg(i >= 0, "term %s missing from the test vocabulary", term);
    lr->W[(size_t)i * lr->n_classes + k] += 4.0;
}

static precis_logreg *make_logreg(const precis_vectorizer *v)
{
    precis_logreg *lr = px_calloc(1, sizeof *lr);
    ck_assert_ptr_nonnull(lr);
    lr->n_features = precis_vectorizer_size(v);
    lr->n_classes = N_CLASSES;
    lr->W = px_malloc_array(lr->n_features * N_CLASSES, sizeof *lr->W);
    lr->b = px_malloc_array(N_CLASSES, sizeof *lr->b);
    ck_assert(lr->W && lr->b);
    for (size_t i = 0; i < lr->n_features; i++)
        for (size_t k = 0; k < N_CLASSES; k++)
            lr->W[i * N_CLASSES + k] = hand_weight(i, k);
    for (size_t k = 0; k < N_CLASSES; k++)
        lr->b[k] = hand_intercept(k);
    add_cue(lr, v, "goal", 0);
    add_cue(lr, v, "budget", 1);
    add_cue(lr, v, "chip", 2);
    lr->iterations = 17;
    lr->converged = 1;
    lr->objective = 12.345678901234567;
    return lr;
}

static void csv_reader(precis_reader_options *ro)
{
    precis_reader_options_default(ro);
    ro->format = PRECIS_FORMAT_CSV;
    ro->csv_label_column = 2;
    ro->csv_text_columns[0] = 3;
    ro->csv_text_columns[1] = 5;
    ro->csv_n_text_columns = 2;
    ro->csv_header = 1;
}

static precis_model *make_model(int f64)
{
    precis_vectorizer *v = make_vectorizer();
    precis_logreg *lr = make_logreg(v);
    precis_reader_options ro;
    csv_reader(&ro);
    precis_model *m;
    precis_error err;
    int rc = f64 ? precis_model_new_f64(&m, v, lr, LABELS, N_CLASSES, &ro, &err)
                 : precis_model_new(&m, v, lr, LABELS, N_CLASSES, &ro, &err);
    ck_assert_msg(rc == PRECIS_OK, "model_new: %s", err.message);
    return m;
}

/* ------------------------------------------------------------ files */

static char *g_dir; /* per test: a fresh temporary directory */

/* Something not NULL to preset an out parameter with, which a failing call
 * must reset to NULL. */
static uint64_t not_a_model;
#define GARBAGE_MODEL ((precis_model *)(void *)&not_a_model)

static void setup(void)
{
    g_dir = tu_temp_dir();
    ck_assert_ptr_nonnull(g_dir);
}

static void teardown(void)
{
    tu_remove_tree(g_dir);
    free(g_dir);
    g_dir = NULL;
}

static const char *in_dir(const char *name)
{
    static char buf[4][4096];
    static int slot;
    char *out = buf[slot++ % 4];
    snprintf(out, 4096, "%s/%s", g_dir, name);
    return out;
}

static unsigned char *read_bytes(const char *path, size_t *len)
{
    unsigned char *b = (unsigned char *)tu_read_file(path, len);
    ck_assert_msg(b != NULL, "cannot read %s", path);
    return b;
}

static void write_bytes(const char *path, const void *b, size_t len)
{
    ck_assert_int_eq(tu_write_file(path, b, len), 0);
}

/* The saved bytes of m (saved to dir/name). */
static unsigned char *saved_bytes(const precis_model *m, const char *name, size_t *len)
{
    precis_error err;
    ck_assert_msg(precis_model_save(m, in_dir(name), &err) == PRECIS_OK, "save: %s",
                  err.message);
    return read_bytes(in_dir(name), len);
}

/* Loads bytes written to dir/probe.bin; on failure *out must stay NULL. */
static int load_bytes(const void *b, size_t len, precis_model **out, precis_error *err)
{
    write_bytes(in_dir("probe.bin"), b, len);
    *out = GARBAGE_MODEL;
    int rc = precis_model_load(out, in_dir("probe.bin"), err);
    if (rc != PRECIS_OK)
        ck_assert_ptr_null(*out);
    else
        ck_assert_ptr_nonnull(*out);
    return rc;
}

/* The status of loading bytes; a model loaded by mistake is freed. */
static int load_status(const void *b, size_t len, precis_error *err)
{
    precis_model *m;
    int rc = load_bytes(b, len, &m, err);
    precis_model_free(m);
    return rc;
}

static size_t count_temp_files(const char *dir)
{
    DIR *d = opendir(dir);
    ck_assert_ptr_nonnull(d);
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        if (strstr(e->d_name, ".tmp-"))
            n++;
    closedir(d);
    return n;
}

/* ------------------------------------------------------------ the spec, read here */

#define T_HEADER 20
#define T_ENTRY 28
#define T_MAX_SECTIONS 16
#define T_REQUIRED 1u

static uint32_t rd32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t rd64(const unsigned char *p) { return rd32(p) | (uint64_t)rd32(p + 4) << 32; }

static void wr32(unsigned char *p, uint32_t x)
{
    for (int i = 0; i < 4; i++)
        p[i] = (unsigned char)(x >> (8 * i));
}

static void wr64(unsigned char *p, uint64_t x)
{
    wr32(p, (uint32_t)x);
    wr32(p + 4, (uint32_t)(x >> 32));
}

static uint32_t tag_of(const char *s)
{
    return (uint32_t)(unsigned char)s[0] | (uint32_t)(unsigned char)s[1] << 8 |
           (uint32_t)(unsigned char)s[2] << 16 | (uint32_t)(unsigned char)s[3] << 24;
}

static size_t t_n_sections(const unsigned char *b) { return rd32(b + 16); }
static size_t t_table_end(const unsigned char *b)
{
    return T_HEADER + T_ENTRY * t_n_sections(b) + 4;
}

static unsigned char *t_entry(unsigned char *b, size_t i) { return b + T_HEADER + T_ENTRY * i; }

/* The entry of the section tagged `tag`. */
static unsigned char *t_find(unsigned char *b, const char *tag)
{
    for (size_t i = 0; i < t_n_sections(b); i++)
        if (rd32(t_entry(b, i)) == tag_of(tag))
            return t_entry(b, i);
    ck_abort_msg("no section %s", tag);
    return NULL;
}

static unsigned char *t_body(unsigned char *b, const char *tag)
{
    return b + rd64(t_find(b, tag) + 8);
}

/* Recomputes every section CRC (for sections inside the file) and the header
 * CRC, after an edit. */
static void t_reseal(unsigned char *b, size_t len)
{
    if (t_table_end(b) > len)
        return; /* a table that does not fit is refused before any CRC */
    for (size_t i = 0; i < t_n_sections(b); i++) {
        unsigned char *e = t_entry(b, i);
        uint64_t off = rd64(e + 8), n = rd64(e + 16);
        if (off <= len && n <= len - off)
            wr32(e + 24, px_crc32(0, b + off, n));
    }
    size_t end = t_table_end(b) - 4;
    wr32(b + end, px_crc32(0, b, end));
}

typedef struct tpart {
    uint32_t tag, flags;
    const unsigned char *data;
    size_t len;
} tpart;

static size_t t_parts(const unsigned char *b, tpart *parts)
{
    size_t n = t_n_sections(b);
    ck_assert_uint_le(n, T_MAX_SECTIONS);
    for (size_t i = 0; i < n; i++) {
        const unsigned char *e = b + T_HEADER + T_ENTRY * i;
        parts[i] = (tpart){rd32(e), rd32(e + 4), b + rd64(e + 8), rd64(e + 16)};
    }
    return n;
}

/* A file laid out as the spec says; malloc'ed. */
static unsigned char *t_assemble(const tpart *parts, size_t n, uint32_t version, size_t *len)
{
    size_t total = T_HEADER + T_ENTRY * n + 4;
    for (size_t i = 0; i < n; i++)
        total += parts[i].len;
    unsigned char *b = malloc(total);
    ck_assert_ptr_nonnull(b);
    static const unsigned char magic[8] = {0x89, 'P', 'R', 'C', '\r', '\n', 0x1A, '\n'};
    memcpy(b, magic, 8);
    wr32(b + 8, version);
    wr32(b + 12, 0);
    wr32(b + 16, (uint32_t)n);
    size_t off = T_HEADER + T_ENTRY * n + 4;
    for (size_t i = 0; i < n; i++) {
        unsigned char *e = b + T_HEADER + T_ENTRY * i;
        wr32(e, parts[i].tag);
        wr32(e + 4, parts[i].flags);
        wr64(e + 8, off);
        wr64(e + 16, parts[i].len);
        memcpy(b + off, parts[i].data, parts[i].len);
        off += parts[i].len;
    }
    t_reseal(b, total);
    *len = total;
    return b;
}

/* ------------------------------------------------------------ comparing models */

static void assert_same_model(const precis_model *a, const precis_model *b)
{
    const precis_vectorizer *va = precis_model_vectorizer(a), *vb = precis_model_vectorizer(b);
    ck_assert_uint_eq(precis_vectorizer_size(va), precis_vectorizer_size(vb));
    ck_assert_uint_eq(precis_vectorizer_n_documents(va), precis_vectorizer_n_documents(vb));
    for (size_t i = 0; i < precis_vectorizer_size(va); i++) {
        ck_assert_str_eq(precis_vectorizer_term(va, i), precis_vectorizer_term(vb, i));
        ck_assert_uint_eq(precis_vectorizer_df(va, i), precis_vectorizer_df(vb, i));
        ck_assert(precis_vectorizer_idf(va, i) == precis_vectorizer_idf(vb, i));
    }
    const precis_feature_options *fa = precis_vectorizer_options(va);
    const precis_feature_options *fb = precis_vectorizer_options(vb);
    ck_assert_int_eq(fa->ngram_min, fb->ngram_min);
    ck_assert_int_eq(fa->ngram_max, fb->ngram_max);
    ck_assert(fa->min_df.value == fb->min_df.value);
    ck_assert_int_eq(fa->min_df.is_proportion, fb->min_df.is_proportion);
    ck_assert(fa->max_df.value == fb->max_df.value);
    ck_assert_int_eq(fa->max_df.is_proportion, fb->max_df.is_proportion);
    ck_assert_uint_eq(fa->max_features, fb->max_features);
    ck_assert_int_eq(fa->sublinear_tf, fb->sublinear_tf);
    ck_assert_int_eq(fa->single_char_tokens, fb->single_char_tokens);
    ck_assert_int_eq(fa->stop_words, fb->stop_words);

    ck_assert_uint_eq(precis_model_n_labels(a), precis_model_n_labels(b));
    for (size_t k = 0; k < precis_model_n_labels(a); k++)
        ck_assert_str_eq(precis_model_label(a, k), precis_model_label(b, k));
    ck_assert_ptr_null(precis_model_label(b, precis_model_n_labels(b)));

    const precis_reader_options *ra = precis_model_reader_options(a);
    const precis_reader_options *rb = precis_model_reader_options(b);
    ck_assert_int_eq(ra->format, rb->format);
    ck_assert_int_eq(ra->csv_label_column, rb->csv_label_column);
    ck_assert_int_eq(ra->csv_n_text_columns, rb->csv_n_text_columns);
    for (int i = 0; i < ra->csv_n_text_columns; i++)
        ck_assert_int_eq(ra->csv_text_columns[i], rb->csv_text_columns[i]);
    ck_assert_int_eq(ra->csv_header, rb->csv_header);

    const precis_logreg *la = precis_model_logreg(a), *lb = precis_model_logreg(b);
    ck_assert_uint_eq(la->n_features, lb->n_features);
    ck_assert_uint_eq(la->n_classes, lb->n_classes);
    ck_assert(memcmp(la->W, lb->W, la->n_features * la->n_classes * sizeof *la->W) == 0);
    ck_assert(memcmp(la->b, lb->b, la->n_classes * sizeof *la->b) == 0);
    ck_assert_int_eq(la->iterations, lb->iterations);
    ck_assert_int_eq(la->converged, lb->converged);
    ck_assert(la->objective == lb->objective);

    for (size_t p = 0; p < N_PROBES; p++) {
        double pa[N_CLASSES], pb[N_CLASSES];
        precis_error err;
        ck_assert_int_eq(precis_model_classify(a, PROBES[p], strlen(PROBES[p]), pa, &err), 0);
        ck_assert_int_eq(precis_model_classify(b, PROBES[p], strlen(PROBES[p]), pb, &err), 0);
        ck_assert_msg(memcmp(pa, pb, sizeof pa) == 0, "probabilities differ on \"%s\"",
                      PROBES[p]);
    }
}

static size_t argmax(const double *p, size_t n)
{
    size_t best = 0;
    for (size_t k = 1; k < n; k++)
        if (p[k] > p[best])
            best = k;
    return best;
}

/* ------------------------------------------------------------ tests: CRC */

START_TEST(test_crc32_check_value)
{
    /* The published check value of CRC-32/ISO-HDLC, and zlib's crc32(0, "", 0). */
    ck_assert_uint_eq(px_crc32(0, "123456789", 9), 0xCBF43926u);
    ck_assert_uint_eq(px_crc32(0, "", 0), 0);
    ck_assert_uint_eq(px_crc32(px_crc32(0, "1234", 4), "56789", 5), 0xCBF43926u);
    ck_assert_uint_eq(px_crc32(0, "The quick brown fox jumps over the lazy dog", 43),
                      0x414FA339u);
}
END_TEST

/* ------------------------------------------------------------ tests: round trip */

START_TEST(test_new_rounds_weights_to_float)
{
    precis_model *m = make_model(0);
    const precis_logreg *lr = precis_model_logreg(m);
    const precis_vectorizer *v = precis_model_vectorizer(m);
    size_t changed = 0;
    for (size_t i = 0; i < lr->n_features; i++)
        for (size_t k = 0; k < N_CLASSES; k++) {
            double w = hand_weight(i, k);
            const char *t = precis_vectorizer_term(v, i);
            if ((!strcmp(t, "goal") && k == 0) || (!strcmp(t, "budget") && k == 1) ||
                (!strcmp(t, "chip") && k == 2))
                w += 4.0;
            ck_assert(lr->W[i * N_CLASSES + k] == (double)(float)w);
            changed += (double)(float)w != w;
        }
    for (size_t k = 0; k < N_CLASSES; k++)
        ck_assert(lr->b[k] == (double)(float)hand_intercept(k));
    ck_assert_uint_gt(changed, lr->n_features); /* rounding did something */
    precis_model_free(m);

    m = make_model(1);
    lr = precis_model_logreg(m);
    ck_assert(lr->W[1] == hand_weight(0, 1));
    ck_assert(lr->b[0] == hand_intercept(0));
    precis_model_free(m);
}
END_TEST

static void check_round_trip(int f64)
{
    precis_model *m = make_model(f64);
    size_t len;
    unsigned char *bytes = saved_bytes(m, "model.bin", &len);
    precis_model *back;
    precis_error err;
    ck_assert_msg(precis_model_load(&back, in_dir("model.bin"), &err) == PRECIS_OK, "load: %s",
                  err.message);
    assert_same_model(m, back);

    /* The cue terms decide the class, through the loaded model too. */
    for (size_t p = 0; p < 3; p++) {
        double proba[N_CLASSES];
        ck_assert_int_eq(precis_model_classify(back, PROBES[p], strlen(PROBES[p]), proba, &err),
                         PRECIS_OK);
        ck_assert_uint_eq(argmax(proba, N_CLASSES), p);
        ck_assert_double_eq_tol(proba[0] + proba[1] + proba[2], 1.0, 1e-12);
    }

    /* Saving what was loaded gives the same bytes (the weight type is kept). */
    size_t len2;
    unsigned char *bytes2 = saved_bytes(back, "again.bin", &len2);
    ck_assert_uint_eq(len, len2);
    ck_assert(memcmp(bytes, bytes2, len) == 0);
    ck_assert_uint_eq(count_temp_files(g_dir), 0);
    free(bytes);
    free(bytes2);
    precis_model_free(back);
    precis_model_free(m);
}

START_TEST(test_round_trip_f32)
{
    check_round_trip(0);
}
END_TEST

START_TEST(test_round_trip_f64)
{
    check_round_trip(1);
    /* Same model but float32: smaller by 4 bytes a weight, nothing else. */
    precis_model *m32 = make_model(0), *m64 = make_model(1);
    size_t len32, len64;
    unsigned char *b32 = saved_bytes(m32, "m32.bin", &len32);
    unsigned char *b64 = saved_bytes(m64, "m64.bin", &len64);
    const precis_logreg *lr = precis_model_logreg(m32);
    ck_assert_uint_eq(len64 - len32, 4 * (lr->n_features * lr->n_classes + lr->n_classes));
    ck_assert_uint_eq(rd32(t_body(b32, "WGHT")), 0);
    ck_assert_uint_eq(rd32(t_body(b64, "WGHT")), 1);
    free(b32);
    free(b64);
    precis_model_free(m32);
    precis_model_free(m64);
}
END_TEST

/* ------------------------------------------------------------ tests: decisions */

/* (term index, weight) candidates, best first, the earlier index first on a tie. */
typedef struct candidate {
    size_t index;
    double weight;
} candidate;

static int by_weight(const void *a, const void *b)
{
    const candidate *x = a, *y = b;
    if (x->weight != y->weight)
        return x->weight < y->weight ? 1 : -1;
    return x->index < y->index ? -1 : x->index > y->index;
}

/* classify, explain and top_terms recomputed here from the vectorizer's row
 * and the weights, by the formulas the header states: softmax(b + x.W); the
 * terms with tf-idf x weight > 0, largest first; W's column, largest first. */
START_TEST(test_decisions_follow_the_weights)
{
    precis_model *m = make_model(0);
    const precis_vectorizer *v = precis_model_vectorizer(m);
    const precis_logreg *lr = precis_model_logreg(m);
    size_t n_terms = precis_vectorizer_size(v);
    candidate *cand = malloc(n_terms * sizeof *cand);
    precis_term_weight *out = malloc(n_terms * sizeof *out);
    ck_assert(cand && out);
    precis_error err;
    for (size_t p = 0; p < N_PROBES; p++) {
        precis_csr row = {0};
        ck_assert_int_eq(precis_vectorizer_transform(v, PROBES[p], strlen(PROBES[p]), &row, &err),
                         PRECIS_OK);
        double z[N_CLASSES], proba[N_CLASSES], zmax = -INFINITY, zsum = 0;
        for (size_t k = 0; k < N_CLASSES; k++) {
            z[k] = lr->b[k];
            for (size_t q = 0; q < row.nnz; q++)
                z[k] += row.val[q] * lr->W[(size_t)row.col[q] * N_CLASSES + k];
            zmax = fmax(zmax, z[k]);
        }
        for (size_t k = 0; k < N_CLASSES; k++)
            zsum += exp(z[k] - zmax);
        ck_assert_int_eq(precis_model_classify(m, PROBES[p], strlen(PROBES[p]), proba, &err), PRECIS_OK);
        for (size_t k = 0; k < N_CLASSES; k++)
            ck_assert_msg(fabs(proba[k] - exp(z[k] - zmax) / zsum) < 1e-12, "\"%s\" class %zu: %.17g",
                          PROBES[p], k, proba[k]);

        for (size_t k = 0; k < N_CLASSES; k++) {
            size_t n_cand = 0;
            for (size_t q = 0; q < row.nnz; q++) {
                double c = row.val[q] * lr->W[(size_t)row.col[q] * N_CLASSES + k];
                if (c > 0)
                    cand[n_cand++] = (candidate){row.col[q], c};
            }
            qsort(cand, n_cand, sizeof *cand, by_weight);
            const size_t limits[] = {1, 3, n_terms};
            for (size_t l = 0; l < 3; l++) {
                size_t got = 99;
                ck_assert_int_eq(precis_model_explain(m, PROBES[p], strlen(PROBES[p]), k, limits[l], out,
                                                      &got, &err),
                                 PRECIS_OK);
                size_t want = n_cand < limits[l] ? n_cand : limits[l];
                ck_assert_msg(got == want, "\"%s\" class %zu, n %zu: %zu terms, want %zu", PROBES[p], k,
                              limits[l], got, want);
                for (size_t i = 0; i < got; i++) {
                    ck_assert_str_eq(out[i].term, precis_vectorizer_term(v, cand[i].index));
                    ck_assert(out[i].weight == cand[i].weight);
                }
            }
        }
        /* The cue words decide the first three probes: each explains its class. */
        if (p < 3) {
            size_t got;
            ck_assert_int_eq(precis_model_explain(m, PROBES[p], strlen(PROBES[p]), p, 1, out, &got, &err),
                             PRECIS_OK);
            static const char *const cue[3] = {"goal", "budget", "chip"};
            ck_assert_uint_eq(got, 1);
            ck_assert_str_eq(out[0].term, cue[p]);
        }
        precis_csr_free(&row);
    }
    size_t got = 7;
    ck_assert_int_eq(precis_model_explain(m, PROBES[0], strlen(PROBES[0]), N_CLASSES, 3, out, &got, &err),
                     PRECIS_ERR_ARG);
    ck_assert_uint_eq(got, 0);

    for (size_t k = 0; k < N_CLASSES; k++) {
        for (size_t j = 0; j < n_terms; j++)
            cand[j] = (candidate){j, lr->W[j * N_CLASSES + k]};
        qsort(cand, n_terms, sizeof *cand, by_weight);
        const size_t limits[] = {0, 5, n_terms, n_terms + 3};
        for (size_t l = 0; l < 4; l++) {
            size_t n = precis_model_top_terms(m, k, limits[l], out);
            ck_assert_uint_eq(n, limits[l] < n_terms ? limits[l] : n_terms);
            for (size_t i = 0; i < n; i++) {
                ck_assert_str_eq(out[i].term, precis_vectorizer_term(v, cand[i].index));
                ck_assert(out[i].weight == cand[i].weight);
            }
        }
    }
    ck_assert_uint_eq(precis_model_top_terms(m, N_CLASSES, 5, out), 0);
    free(cand);
    free(out);
    precis_model_free(m);
}
END_TEST

START_TEST(test_layout_matches_spec)
{
    precis_model *m = make_model(0);
    size_t len;
    unsigned char *b = saved_bytes(m, "model.bin", &len);
    static const unsigned char magic[8] = {0x89, 0x50, 0x52, 0x43, 0x0D, 0x0A, 0x1A, 0x0A};
    ck_assert(memcmp(b, magic, 8) == 0);
    ck_assert_uint_eq(rd32(b + 8), 1);
    ck_assert_uint_eq(rd32(b + 12), 0);
    ck_assert_uint_eq(t_n_sections(b), 5);
    size_t end = t_table_end(b);
    ck_assert_uint_eq(rd32(b + end - 4), px_crc32(0, b, end - 4));

    static const char *const order[5] = {"META", "LABL", "VOCB", "DFRQ", "WGHT"};
    uint64_t at = end;
    for (size_t i = 0; i < 5; i++) {
        unsigned char *e = t_entry(b, i);
        ck_assert_uint_eq(rd32(e), tag_of(order[i]));
        ck_assert(memcmp(e, order[i], 4) == 0); /* a fourcc reads as text */
        ck_assert_uint_eq(rd32(e + 4), T_REQUIRED);
        ck_assert_uint_eq(rd64(e + 8), at);
        ck_assert_uint_eq(rd32(e + 24), px_crc32(0, b + at, rd64(e + 16)));
        at += rd64(e + 16);
    }
    ck_assert_uint_eq(at, len);

    const precis_vectorizer *v = precis_model_vectorizer(m);
    size_t n_terms = precis_vectorizer_size(v);
    unsigned char *meta = t_body(b, "META");
    ck_assert_uint_eq(rd64(t_find(b, "META") + 16), 236);
    ck_assert_uint_eq(rd32(meta + 0), 1);   /* ngram_min */
    ck_assert_uint_eq(rd32(meta + 4), 2);   /* ngram_max */
    ck_assert_uint_eq(rd32(meta + 28), 1);  /* max_df is a proportion */
    ck_assert_uint_eq(rd32(meta + 48), 1);  /* stop words */
    ck_assert_uint_eq(rd32(meta + 52), PRECIS_FORMAT_CSV);
    ck_assert_uint_eq(rd32(meta + 56), 2);  /* label column */
    ck_assert_uint_eq(rd32(meta + 64), 2);  /* text columns: 2 of them, 3 and 5 */
    ck_assert_uint_eq(rd32(meta + 68), 3);
    ck_assert_uint_eq(rd32(meta + 72), 5);
    ck_assert_uint_eq(rd64(meta + 196), N_DOCS);
    ck_assert_uint_eq(rd64(meta + 204), n_terms);
    ck_assert_uint_eq(rd64(meta + 212), N_CLASSES);
    ck_assert_uint_eq(rd32(meta + 220), 17); /* iterations */

    unsigned char *labl = t_body(b, "LABL");
    ck_assert_uint_eq(rd32(labl), N_CLASSES);
    ck_assert_uint_eq(rd32(labl + 4), 5);
    ck_assert(memcmp(labl + 8, "sport", 5) == 0);

    const char *first = precis_vectorizer_term(v, 0);
    ck_assert(memcmp(t_body(b, "VOCB"), first, strlen(first) + 1) == 0);
    ck_assert_uint_eq(rd64(t_find(b, "DFRQ") + 16), 4 * n_terms);
    ck_assert_uint_eq(rd32(t_body(b, "DFRQ")), precis_vectorizer_df(v, 0));

    unsigned char *w = t_body(b, "WGHT");
    const precis_logreg *lr = precis_model_logreg(m);
    ck_assert_uint_eq(rd64(w + 4), n_terms);
    ck_assert_uint_eq(rd64(w + 12), N_CLASSES);
    uint32_t bits = rd32(w + 20 + 4 * 5);
    float w5;
    memcpy(&w5, &bits, 4);
    ck_assert(w5 == (float)lr->W[5]);

    /* The file, rebuilt from its sections by the spec, is the same file. */
    tpart parts[T_MAX_SECTIONS];
    size_t n = t_parts(b, parts), len2;
    unsigned char *again = t_assemble(parts, n, 1, &len2);
    ck_assert_uint_eq(len2, len);
    ck_assert(memcmp(again, b, len) == 0);
    free(again);
    free(b);
    precis_model_free(m);
}
END_TEST

/* ------------------------------------------------------------ tests: damaged files */

START_TEST(test_truncated_files_refused)
{
    precis_model *m = make_model(0);
    size_t len;
    unsigned char *b = saved_bytes(m, "model.bin", &len);
    precis_error err;
    ck_assert_int_eq(load_status(b, 0, &err), PRECIS_ERR_CORRUPT);
    for (size_t i = 0; i <= 64; i++) {
        size_t cut = i < 64 ? i * len / 64 : len - 1;
        int rc = load_status(b, cut, &err);
        ck_assert_msg(rc == PRECIS_ERR_CORRUPT, "cut at %zu of %zu: %d %s", cut, len, rc,
                      err.message);
        ck_assert_msg(strstr(err.message, "probe.bin") != NULL, "message %s", err.message);
    }
    free(b);
    precis_model_free(m);
}
END_TEST

START_TEST(test_bit_flips_refused)
{
    precis_model *m = make_model(0);
    size_t len;
    unsigned char *b = saved_bytes(m, "model.bin", &len);
    /* Every byte of a small file; past 16 KiB, the header and 256 spread. */
    size_t n_pos = len <= 16384 ? len : t_table_end(b) + 256;
    precis_error err;
    for (size_t j = 0; j < n_pos; j++) {
        size_t pos = len <= 16384 || j < t_table_end(b) ? j : (j - t_table_end(b)) * len / 256;
        unsigned char mask = (unsigned char)(1u << ((pos * 5) % 8));
        b[pos] ^= mask;
        int rc = load_status(b, len, &err);
        b[pos] ^= mask;
        ck_assert_msg(rc == PRECIS_ERR_CORRUPT || (rc == PRECIS_ERR_VERSION && pos >= 8 &&
                                                   pos < 12),
                      "flip of bit %u at byte %zu of %zu: status %d (%s)", mask, pos, len, rc,
                      rc ? err.message : "accepted");
    }
    /* A flip inside a section names the section. */
    unsigned char *w = t_body(b, "WGHT") + 30;
    *w ^= 0x10;
    ck_assert_int_eq(load_status(b, len, &err), PRECIS_ERR_CORRUPT);
    ck_assert_str_eq(strstr(err.message, "probe.bin"), "probe.bin: section WGHT: CRC mismatch");
    free(b);
    precis_model_free(m);
}
END_TEST

START_TEST(test_versions_and_flags)
{
    precis_model *m = make_model(0);
    size_t len;
    unsigned char *b = saved_bytes(m, "model.bin", &len);
    precis_error err;
    ck_assert_int_eq(rd32(b + 8), 1); /* a single-label model stays version 1 */
    wr32(b + 8, 3);
    t_reseal(b, len);
    ck_assert_int_eq(load_status(b, len, &err), PRECIS_ERR_VERSION);
    ck_assert_msg(strstr(err.message, "model format version 3 is newer than this precis (max 2)"),
                  "%s", err.message);
    wr32(b + 8, 0);
    t_reseal(b, len);
    ck_assert_int_eq(load_status(b, len, &err), PRECIS_ERR_CORRUPT);
    wr32(b + 8, 1);
    wr32(b + 12, 0x100); /* a header flag from the future */
    t_reseal(b, len);
    ck_assert_int_eq(load_status(b, len, &err), PRECIS_ERR_VERSION);
    wr32(b + 12, 0);
    t_reseal(b, len);
    ck_assert_int_eq(load_status(b, len, &err), PRECIS_OK);
    free(b);
    precis_model_free(m);
}
END_TEST

START_TEST(test_not_a_model_file)
{
    static const unsigned char png[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n',
                                        0, 0, 0, 13, 'I', 'H', 'D', 'R', 0, 0, 0, 1,
                                        0, 0, 0, 1, 8, 2, 0, 0, 0};
    static const char text[] = "sport\tThe match ended with a late goal.\n";
    precis_error err;
    ck_assert_int_eq(load_status(png, sizeof png, &err), PRECIS_ERR_CORRUPT);
    ck_assert_ptr_nonnull(strstr(err.message, "probe.bin: not a precis model file"));
    ck_assert_int_eq(load_status(text, sizeof text - 1, &err), PRECIS_ERR_CORRUPT);
    ck_assert_ptr_nonnull(strstr(err.message, "not a precis model file"));
    ck_assert_int_eq(load_status("PR", 2, &err), PRECIS_ERR_CORRUPT);
    ck_assert_ptr_nonnull(strstr(err.message, "not a precis model file"));

    /* The same file after a text-mode CRLF conversion of its magic. */
    precis_model *m = make_model(0);
    size_t len;
    unsigned char *b = saved_bytes(m, "model.bin", &len);
    memmove(b + 4, b + 5, len - 5); /* "\r\n" -> "\n" */
    ck_assert_int_eq(load_status(b, len - 1, &err), PRECIS_ERR_CORRUPT);
    ck_assert_ptr_nonnull(strstr(err.message, "not a precis model file"));

    precis_model *out = GARBAGE_MODEL;
    ck_assert_int_eq(precis_model_load(&out, in_dir("absent.bin"), &err), PRECIS_ERR_IO);
    ck_assert_ptr_null(out);
    ck_assert_ptr_nonnull(strstr(err.message, "absent.bin"));
    ck_assert_int_eq(precis_model_load(&out, g_dir, &err), PRECIS_ERR_IO);
    ck_assert_ptr_null(out);
    free(b);
    precis_model_free(m);
}
END_TEST

/* A claim of 2^40 of something must be refused, not allocated. Lest a huge
 * malloc succeed unnoticed (memory is overcommitted), the loads run in a child
 * whose address space is capped 1 GiB above its current size; under ASan,
 * whose shadow memory forbids that cap, the allocator is capped instead. */
#if defined(__SANITIZE_ADDRESS__)
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
    return "allocator_may_return_null=1:max_allocation_size_mb=1024";
}
static void cap_address_space(void) {}
#else
static void cap_address_space(void)
{
    unsigned long pages = 0;
    FILE *f = fopen("/proc/self/statm", "r");
    if (f) {
        if (fscanf(f, "%lu", &pages) != 1)
            pages = 0;
        fclose(f);
    }
    if (pages == 0)
        return;
    rlim_t cap = (rlim_t)pages * (rlim_t)sysconf(_SC_PAGESIZE) + ((rlim_t)1 << 30);
    struct rlimit rl = {cap, cap};
    setrlimit(RLIMIT_AS, &rl);
}
#endif

/* Loads a crafted file, which must be refused as corrupt with a message
 * holding `expect`, having allocated no more than the file buffer and a few
 * small arrays. */
static void assert_refused_cheaply(const unsigned char *b, size_t len, const char *what,
                                   const char *expect)
{
    write_bytes(in_dir("probe.bin"), b, len);
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        cap_address_space();
        precis_error err = {0};
        precis_model *m = GARBAGE_MODEL;
        px_alloc_fail_after(0, 0); /* resets the count */
        int rc = precis_model_load(&m, in_dir("probe.bin"), &err);
        long allocations = px_alloc_count();
        int ok = rc == PRECIS_ERR_CORRUPT && !m && allocations <= 8 &&
                 strstr(err.message, expect);
        if (!ok)
            fprintf(stderr, "%s: status %d, %ld allocations, message \"%s\" (want \"%s\")\n",
                    what, rc, allocations, err.message, expect);
        _exit(ok ? 0 : 1);
    }
    int status;
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0,
                  "%s: not refused as it should be (details on stderr)", what);
}

START_TEST(test_huge_claims_refused_before_allocation)
{
    precis_model *m = make_model(0);
    size_t len;
    unsigned char *orig = saved_bytes(m, "model.bin", &len);
    unsigned char *b = malloc(len);
    ck_assert_ptr_nonnull(b);
    const uint64_t huge = (uint64_t)1 << 40;

    memcpy(b, orig, len);
    wr64(t_find(b, "WGHT") + 16, (uint64_t)1 << 62);
    t_reseal(b, len);
    assert_refused_cheaply(b, len, "section length 2^62", "section WGHT");

    memcpy(b, orig, len);
    wr64(t_find(b, "META") + 8, UINT64_MAX - 3);
    t_reseal(b, len);
    assert_refused_cheaply(b, len, "section offset near 2^64", "section META");

    memcpy(b, orig, len);
    wr32(b + 16, UINT32_MAX);
    t_reseal(b, len);
    assert_refused_cheaply(b, len, "2^32 - 1 sections", "truncated");

    memcpy(b, orig, len);
    wr64(t_body(b, "META") + 204, huge);
    t_reseal(b, len);
    assert_refused_cheaply(b, len, "2^40 terms in META", "WGHT");

    memcpy(b, orig, len);
    wr64(t_body(b, "META") + 204, huge);
    wr64(t_body(b, "WGHT") + 4, huge);
    t_reseal(b, len);
    assert_refused_cheaply(b, len, "2^40 terms in META and WGHT", "section WGHT");

    memcpy(b, orig, len);
    wr64(t_body(b, "META") + 212, (uint64_t)1 << 31);
    wr32(t_body(b, "LABL"), (uint32_t)1 << 31);
    t_reseal(b, len);
    assert_refused_cheaply(b, len, "2^31 labels", "section LABL");

    memcpy(b, orig, len);
    wr32(t_body(b, "LABL") + 4, UINT32_MAX - 1);
    t_reseal(b, len);
    assert_refused_cheaply(b, len, "a 4 GiB label", "section LABL: label 0");

    /* Shortened sections, all CRCs right: sizes are checked against counts. */
    tpart parts[T_MAX_SECTIONS];
    size_t n = t_parts(orig, parts), n_len;
    parts[2].len = 1; /* VOCB: one byte for all the terms */
    unsigned char *crafted = t_assemble(parts, n, 1, &n_len);
    assert_refused_cheaply(crafted, n_len, "a 1-byte vocabulary",
                           "section VOCB: 1 bytes cannot hold");
    free(crafted);
    n = t_parts(orig, parts);
    parts[3].len -= 4; /* DFRQ: one df short */
    crafted = t_assemble(parts, n, 1, &n_len);
    assert_refused_cheaply(crafted, n_len, "a df short", "section DFRQ");
    free(crafted);

    memcpy(b, orig, len);
    wr64(t_body(b, "META") + 196, 1); /* 1 document: every df > 1 is impossible */
    t_reseal(b, len);
    precis_error err;
    ck_assert_int_eq(load_status(b, len, &err), PRECIS_ERR_CORRUPT);
    ck_assert_ptr_nonnull(strstr(err.message, "section VOCB"));

    memcpy(b, orig, len);
    wr32(t_body(b, "META") + 0, 0); /* ngram_min 0 */
    t_reseal(b, len);
    ck_assert_int_eq(load_status(b, len, &err), PRECIS_ERR_CORRUPT);
    ck_assert_ptr_nonnull(strstr(err.message, "section META"));

    memcpy(b, orig, len);
    unsigned char *w = t_body(b, "WGHT") + 20;
    wr32(w, 0x7FC00000u); /* a float NaN */
    t_reseal(b, len);
    ck_assert_int_eq(load_status(b, len, &err), PRECIS_ERR_CORRUPT);
    ck_assert_ptr_nonnull(strstr(err.message, "not finite"));

    memcpy(b, orig, len);
    unsigned char *voc = t_body(b, "VOCB");
    voc[0] = 0xFF; /* not UTF-8 */
    t_reseal(b, len);
    ck_assert_int_eq(load_status(b, len, &err), PRECIS_ERR_CORRUPT);
    ck_assert_ptr_nonnull(strstr(err.message, "section VOCB"));

    free(b);
    free(orig);
    precis_model_free(m);
}
END_TEST

START_TEST(test_sections_known_and_unknown)
{
    precis_model *m = make_model(0);
    size_t len, n_len;
    unsigned char *orig = saved_bytes(m, "model.bin", &len);
    tpart parts[T_MAX_SECTIONS + 2];
    size_t n = t_parts(orig, parts);
    static const unsigned char future[] = "summary model from a later precis";
    tpart extra = {tag_of("SUMM"), 0, future, sizeof future};
    precis_error err;
    precis_model *back;

    /* Optional and unknown: skipped, first or last. */
    parts[n] = extra;
    unsigned char *b = t_assemble(parts, n + 1, 1, &n_len);
    ck_assert_int_eq(load_bytes(b, n_len, &back, &err), PRECIS_OK);
    assert_same_model(m, back);
    precis_model_free(back);
    free(b);
    tpart shifted[T_MAX_SECTIONS + 2];
    shifted[0] = extra;
    memcpy(shifted + 1, parts, n * sizeof *parts);
    b = t_assemble(shifted, n + 1, 1, &n_len);
    ck_assert_int_eq(load_bytes(b, n_len, &back, &err), PRECIS_OK);
    precis_model_free(back);
    free(b);

    /* Required and unknown: refused as needing a newer precis. */
    parts[n].flags = T_REQUIRED;
    b = t_assemble(parts, n + 1, 1, &n_len);
    ck_assert_int_eq(load_status(b, n_len, &err), PRECIS_ERR_VERSION);
    ck_assert_ptr_nonnull(strstr(err.message, "section SUMM is required"));
    free(b);

    /* A known section twice, or missing. */
    parts[n] = parts[3];
    b = t_assemble(parts, n + 1, 1, &n_len);
    ck_assert_int_eq(load_status(b, n_len, &err), PRECIS_ERR_CORRUPT);
    ck_assert_ptr_nonnull(strstr(err.message, "section DFRQ appears twice"));
    free(b);
    b = t_assemble(parts, n - 1, 1, &n_len); /* no WGHT */
    ck_assert_int_eq(load_status(b, n_len, &err), PRECIS_ERR_CORRUPT);
    ck_assert_ptr_nonnull(strstr(err.message, "section WGHT is missing"));
    free(b);

    /* Bytes outside every section: trailing, or a gap. */
    b = malloc(len + 1);
    ck_assert_ptr_nonnull(b);
    memcpy(b, orig, len);
    b[len] = 0;
    ck_assert_int_eq(load_status(b, len + 1, &err), PRECIS_ERR_CORRUPT);
    ck_assert_ptr_nonnull(strstr(err.message, "after the last section"));
    unsigned char *e = t_find(b, "LABL");
    wr64(e + 8, rd64(e + 8) + 1);
    wr64(e + 16, rd64(e + 16) - 1);
    t_reseal(b, len);
    ck_assert_int_eq(load_status(b, len, &err), PRECIS_ERR_CORRUPT);
    free(b);

    /* Labels that are repeated. */
    static const unsigned char dup[] = {2, 0, 0, 0, 1, 0, 0, 0, 'x', 1, 0, 0, 0, 'x'};
    n = t_parts(orig, parts);
    parts[1].data = dup;
    parts[1].len = sizeof dup;
    unsigned char *meta = malloc(parts[0].len);
    ck_assert_ptr_nonnull(meta);
    memcpy(meta, parts[0].data, parts[0].len);
    wr64(meta + 212, 2);
    parts[0].data = meta;
    unsigned char *wght = malloc(parts[4].len);
    ck_assert_ptr_nonnull(wght);
    /* 2 classes: the weight section shrinks to n_terms x 2 plus 2. */
    size_t n_terms = precis_vectorizer_size(precis_model_vectorizer(m));
    memcpy(wght, parts[4].data, 20);
    wr64(wght + 12, 2);
    memset(wght + 20, 0, 4 * (2 * n_terms + 2));
    parts[4].data = wght;
    parts[4].len = 20 + 4 * (2 * n_terms + 2);
    b = t_assemble(parts, n, 1, &n_len);
    ck_assert_int_eq(load_status(b, n_len, &err), PRECIS_ERR_CORRUPT);
    ck_assert_msg(strstr(err.message, "\"x\" appears twice"), "%s", err.message);
    free(b);
    /* With distinct labels the same file loads: the refusal was the repeat. */
    static const unsigned char two[] = {2, 0, 0, 0, 1, 0, 0, 0, 'x', 1, 0, 0, 0, 'y'};
    parts[1].data = two;
    b = t_assemble(parts, n, 1, &n_len);
    ck_assert_int_eq(load_status(b, n_len, &err), PRECIS_OK);
    free(b);
    free(meta);
    free(wght);
    free(orig);
    precis_model_free(m);
}
END_TEST

/* ------------------------------------------------------------ tests: label facts (LINF) */

/* Label facts survive the file; a model without them writes no LINF (the
 * bytes of a model with none are the same as before LINF existed); a
 * corrupted LINF is refused. */
START_TEST(test_label_info_round_trip)
{
    precis_model *m = make_model(0), *back = NULL;
    precis_error err;
    size_t plain_len, len;
    unsigned char *plain = saved_bytes(m, "plain.bin", &plain_len);
    ck_assert_uint_eq(t_n_sections(plain), 5); /* the five required, no LINF */
    uint64_t count;
    const char *source;
    ck_assert_int_eq(precis_model_label_info(m, 0, &count, &source), 0);
    const uint64_t counts[N_CLASSES] = {12, 0, 1ull << 40};
    const char *const sources[N_CLASSES] = {"BBC sport 511; CNN sport 48", NULL, "caf\xc3\xa9 \t tabs"};
    ck_assert_int_eq(precis_model_set_label_info(m, counts, sources, &err), PRECIS_OK);
    unsigned char *b = saved_bytes(m, "linf.bin", &len);
    ck_assert_ptr_nonnull(t_find(b, "LINF"));
    ck_assert_int_eq(rd32(t_find(b, "LINF") + 4), 0); /* optional: not REQUIRED */
    ck_assert_int_eq(load_bytes(b, len, &back, &err), PRECIS_OK);
    for (size_t k = 0; k < N_CLASSES; k++) {
        ck_assert_int_eq(precis_model_label_info(back, k, &count, &source), 1);
        ck_assert_uint_eq(count, counts[k]);
        ck_assert_str_eq(source, sources[k] ? sources[k] : "");
    }
    ck_assert_int_eq(precis_model_label_info(back, N_CLASSES, &count, &source), 0);
    precis_model_free(back);
    /* The rest of the file is the model without facts: same classifier. */
    ck_assert_uint_gt(len, plain_len);
    /* A source text that runs past its section is corrupt, CRCs resealed. */
    unsigned char *body = t_body(b, "LINF");
    wr32(body + 8 + 8, 1u << 20);
    t_reseal(b, len);
    ck_assert_int_eq(load_status(b, len, &err), PRECIS_ERR_CORRUPT);
    ck_assert_ptr_nonnull(strstr(err.message, "LINF"));
    /* A later layout is skipped: the model loads without facts. */
    wr32(body + 8 + 8, (uint32_t)strlen(sources[0]));
    wr32(body, 2);
    t_reseal(b, len);
    ck_assert_int_eq(load_bytes(b, len, &back, &err), PRECIS_OK);
    ck_assert_int_eq(precis_model_label_info(back, 0, &count, &source), 0);
    precis_model_free(back);
    /* Too long a text is refused when set. */
    char *huge = malloc(PRECIS_LABEL_SOURCE_MAX + 2);
    memset(huge, 'x', PRECIS_LABEL_SOURCE_MAX + 1);
    huge[PRECIS_LABEL_SOURCE_MAX + 1] = '\0';
    const char *const too_long[N_CLASSES] = {huge, "", ""};
    ck_assert_int_eq(precis_model_set_label_info(m, counts, too_long, &err), PRECIS_ERR_ARG);
    ck_assert_int_eq(precis_model_label_info(m, 0, &count, &source), 1); /* the old facts stay */
    free(huge);
    free(b);
    free(plain);
    precis_model_free(m);
}
END_TEST

/* ------------------------------------------------------------ tests: the fit's C (FITP) */

/* The fit's C and class weighting survive the file; a model without them
 * writes no FITP; a C out of range or stray bytes are refused; a later
 * layout is skipped. */
START_TEST(test_fit_params_round_trip)
{
    precis_model *m = make_model(0), *back = NULL;
    precis_error err;
    size_t len;
    double C;
    int balanced;
    ck_assert_int_eq(precis_model_fit_params(m, &C, &balanced), 0);
    unsigned char *plain = saved_bytes(m, "nofit.bin", &len);
    ck_assert_uint_eq(t_n_sections(plain), 5); /* no FITP */
    free(plain);
    ck_assert_int_eq(precis_model_set_fit_params(m, 0, 0, &err), PRECIS_ERR_ARG);
    ck_assert_int_eq(precis_model_set_fit_params(m, 2 * PRECIS_C_MAX, 0, &err), PRECIS_ERR_ARG);
    ck_assert_int_eq(precis_model_set_fit_params(m, 0.37, 1, &err), PRECIS_OK);
    unsigned char *b = saved_bytes(m, "fitp.bin", &len);
    ck_assert_int_eq(rd32(t_find(b, "FITP") + 4), 0); /* optional: not REQUIRED */
    ck_assert_uint_eq(rd64(t_find(b, "FITP") + 16), 16);
    ck_assert_int_eq(load_bytes(b, len, &back, &err), PRECIS_OK);
    ck_assert_int_eq(precis_model_fit_params(back, &C, &balanced), 1);
    ck_assert_double_eq(C, 0.37);
    ck_assert_int_eq(balanced, 1);
    precis_model_free(back);
    unsigned char *body = t_body(b, "FITP");
    double nan_C = NAN;
    uint64_t bits;
    memcpy(&bits, &nan_C, sizeof bits);
    wr64(body + 8, bits);
    t_reseal(b, len);
    ck_assert_int_eq(load_status(b, len, &err), PRECIS_ERR_CORRUPT);
    ck_assert_ptr_nonnull(strstr(err.message, "FITP"));
    memcpy(&bits, &(double){0.37}, sizeof bits);
    wr64(body + 8, bits);
    wr32(body + 4, 7); /* no such class weighting */
    t_reseal(b, len);
    ck_assert_int_eq(load_status(b, len, &err), PRECIS_ERR_CORRUPT);
    wr32(body + 4, 0);
    wr32(body, 2); /* a later layout: skipped */
    t_reseal(b, len);
    ck_assert_int_eq(load_bytes(b, len, &back, &err), PRECIS_OK);
    ck_assert_int_eq(precis_model_fit_params(back, &C, &balanced), 0);
    precis_model_free(back);
    free(b);
    precis_model_free(m);
}
END_TEST

/* ------------------------------------------------------------ tests: saving */

/* After a failed save, path still holds exactly the old bytes. */
static void assert_old_file_kept(const char *path, const unsigned char *old, size_t old_len)
{
    size_t len;
    unsigned char *now = read_bytes(path, &len);
    ck_assert_uint_eq(len, old_len);
    ck_assert(memcmp(now, old, len) == 0);
    free(now);
}

START_TEST(test_save_to_missing_directory)
{
    precis_model *m = make_model(0);
    precis_error err;
    ck_assert_int_eq(precis_model_save(m, in_dir("nowhere/model.bin"), &err), PRECIS_ERR_IO);
    ck_assert_ptr_nonnull(strstr(err.message, "nowhere/model.bin"));
    ck_assert_ptr_nonnull(strstr(err.message, strerror(ENOENT)));
    ck_assert_int_eq(precis_model_save(m, "", &err), PRECIS_ERR_ARG);
    ck_assert_uint_eq(count_temp_files(g_dir), 0);
    precis_model_free(m);
}
END_TEST

/* In a child: drop root if we are root (root may write anywhere), then save. */
static int save_as_unprivileged(const precis_model *m, const char *path)
{
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        if (geteuid() == 0 && (setgid(65534) != 0 || setuid(65534) != 0))
            _exit(90);
        precis_error err;
        int rc = precis_model_save(m, path, &err);
        _exit(rc == PRECIS_ERR_IO && strstr(err.message, strerror(EACCES)) ? 0 : 10 + rc);
    }
    int status;
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_assert(WIFEXITED(status));
    return WEXITSTATUS(status);
}

START_TEST(test_save_into_unwritable_directory)
{
    precis_model *old = make_model(0), *m = make_model(1);
    ck_assert_int_eq(chmod(g_dir, 0755), 0);
    ck_assert_int_eq(mkdir(in_dir("ro"), 0755), 0);
    size_t old_len;
    unsigned char *old_bytes = saved_bytes(old, "ro/model.bin", &old_len);
    ck_assert_int_eq(chmod(in_dir("ro"), 0555), 0);
    int code = save_as_unprivileged(m, in_dir("ro/model.bin"));
    ck_assert_int_eq(chmod(in_dir("ro"), 0755), 0);
    ck_assert_msg(code != 90, "cannot drop root privileges for this test");
    ck_assert_msg(code == 0, "child status %d", code);
    assert_old_file_kept(in_dir("ro/model.bin"), old_bytes, old_len);
    ck_assert_uint_eq(count_temp_files(in_dir("ro")), 0);
    free(old_bytes);
    precis_model_free(old);
    precis_model_free(m);
}
END_TEST

START_TEST(test_save_over_a_directory)
{
    /* Refused before anything is written: no temporary file is left. */
    precis_model *m = make_model(0);
    ck_assert_int_eq(mkdir(in_dir("model.bin"), 0755), 0);
    ck_assert_int_eq(mkdir(in_dir("model.bin/inside"), 0755), 0);
    precis_error err;
    ck_assert_int_eq(precis_model_save(m, in_dir("model.bin"), &err), PRECIS_ERR_IO);
    ck_assert_ptr_nonnull(strstr(err.message, "is a directory"));
    ck_assert_uint_eq(count_temp_files(g_dir), 0);
    struct stat st;
    ck_assert_int_eq(stat(in_dir("model.bin/inside"), &st), 0);
    precis_model_free(m);
}
END_TEST

START_TEST(test_save_write_error)
{
    /* A file size limit makes write() fail with EFBIG, as a full disk would
     * with ENOSPC: in a child, since the limit binds the whole process. */
    precis_model *old = make_model(0), *m = make_model(1);
    size_t old_len;
    unsigned char *old_bytes = saved_bytes(old, "model.bin", &old_len);
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        signal(SIGXFSZ, SIG_IGN);
        struct rlimit rl = {1000, 1000};
        if (setrlimit(RLIMIT_FSIZE, &rl) != 0)
            _exit(90);
        precis_error err;
        int rc = precis_model_save(m, in_dir("model.bin"), &err);
        _exit(rc == PRECIS_ERR_IO && strstr(err.message, "writing") &&
                      strstr(err.message, strerror(EFBIG)) ? 0 : 10 + rc);
    }
    int status;
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_assert(WIFEXITED(status));
    ck_assert_msg(WEXITSTATUS(status) == 0, "child status %d", WEXITSTATUS(status));
    assert_old_file_kept(in_dir("model.bin"), old_bytes, old_len);
    ck_assert_uint_eq(count_temp_files(g_dir), 0);
    free(old_bytes);
    precis_model_free(old);
    precis_model_free(m);
}
END_TEST

START_TEST(test_save_permissions_follow_umask)
{
    precis_model *m = make_model(0);
    precis_error err;
    struct stat st;
    mode_t before = umask(022);
    ck_assert_int_eq(precis_model_save(m, in_dir("a.bin"), &err), PRECIS_OK);
    ck_assert_int_eq(stat(in_dir("a.bin"), &st), 0);
    ck_assert_uint_eq(st.st_mode & 0777, 0644);
    umask(077);
    ck_assert_int_eq(precis_model_save(m, in_dir("b.bin"), &err), PRECIS_OK);
    ck_assert_int_eq(stat(in_dir("b.bin"), &st), 0);
    ck_assert_uint_eq(st.st_mode & 0777, 0600);
    umask(before);
    precis_model_free(m);
}
END_TEST

/* ------------------------------------------------------------ tests: arguments */

typedef enum bad_case {
    BAD_LABEL_COUNT, BAD_DUPLICATE, BAD_EMPTY_LABEL, BAD_FEATURES, BAD_NAN, BAD_FLOAT_RANGE,
    BAD_READER, N_BAD
} bad_case;

START_TEST(test_new_rejects_bad_arguments)
{
    for (int c = 0; c < N_BAD; c++) {
        precis_vectorizer *v = make_vectorizer();
        precis_logreg *lr = make_logreg(v);
        const char *labels[N_CLASSES] = {LABELS[0], LABELS[1], LABELS[2]};
        size_t n_labels = N_CLASSES;
        precis_reader_options ro;
        precis_reader_options_default(&ro);
        switch ((bad_case)c) {
        case BAD_LABEL_COUNT: n_labels = 2; break;
        case BAD_DUPLICATE: labels[2] = LABELS[0]; break;
        case BAD_EMPTY_LABEL: labels[1] = ""; break;
        case BAD_FEATURES: lr->n_features--; break;
        case BAD_NAN: lr->W[4] = NAN; break;
        case BAD_FLOAT_RANGE: lr->b[1] = 1e300; break;
        case BAD_READER: ro.csv_label_column = 0; break;
        case N_BAD: break;
        }
        precis_model *m = GARBAGE_MODEL;
        precis_error err;
        int rc = precis_model_new(&m, v, lr, labels, n_labels, &ro, &err); /* frees v, lr */
        ck_assert_msg(rc == PRECIS_ERR_ARG, "case %d: status %d", c, rc);
        ck_assert_ptr_null(m);
    }
    /* Double weights stay unrounded, within the bound every model keeps
     * (1e12: no score can overflow). */
    precis_vectorizer *v = make_vectorizer();
    precis_logreg *lr = make_logreg(v);
    lr->b[1] = 1e11 + 0.1;
    precis_model *m;
    precis_error err;
    ck_assert_int_eq(precis_model_new_f64(&m, v, lr, LABELS, N_CLASSES, NULL, &err), PRECIS_OK);
    ck_assert(precis_model_logreg(m)->b[1] == 1e11 + 0.1);
    ck_assert_int_eq(precis_model_reader_options(m)->format, PRECIS_FORMAT_AUTO);
    precis_model_free(m);
}
END_TEST

/* ------------------------------------------------------------ tests: allocation failures */

START_TEST(test_alloc_failures_in_new)
{
    int failures = 0;
    for (long k = 1;; k++) {
        precis_vectorizer *v = make_vectorizer();
        precis_logreg *lr = make_logreg(v);
        precis_model *m;
        precis_error err;
        px_alloc_fail_after(k, 1);
        int rc = precis_model_new(&m, v, lr, LABELS, N_CLASSES, NULL, &err);
        px_alloc_fail_after(0, 0);
        if (rc == PRECIS_OK) {
            precis_model_free(m);
            break;
        }
        ck_assert_int_eq(rc, PRECIS_ERR_NOMEM);
        ck_assert_ptr_null(m);
        failures++;
    }
    ck_assert_int_ge(failures, 2);
}
END_TEST

START_TEST(test_alloc_failures_in_save)
{
    precis_model *old = make_model(0), *m = make_model(1);
    size_t old_len;
    unsigned char *old_bytes = saved_bytes(old, "model.bin", &old_len);
    int failures = 0;
    for (long k = 1;; k++) {
        precis_error err;
        px_alloc_fail_after(k, 1);
        int rc = precis_model_save(m, in_dir("model.bin"), &err);
        px_alloc_fail_after(0, 0);
        if (rc == PRECIS_OK)
            break;
        ck_assert_int_eq(rc, PRECIS_ERR_NOMEM);
        assert_old_file_kept(in_dir("model.bin"), old_bytes, old_len);
        ck_assert_uint_eq(count_temp_files(g_dir), 0);
        failures++;
    }
    ck_assert_int_ge(failures, 2);
    free(old_bytes);
    precis_model_free(old);
    precis_model_free(m);
}
END_TEST

START_TEST(test_alloc_failures_in_load_and_classify)
{
    precis_model *m = make_model(0);
    size_t len;
    unsigned char *b = saved_bytes(m, "model.bin", &len);
    free(b);
    int failures = 0;
    for (long k = 1;; k++) {
        precis_model *back;
        precis_error err;
        px_alloc_fail_after(k, 1);
        int rc = precis_model_load(&back, in_dir("model.bin"), &err);
        px_alloc_fail_after(0, 0);
        if (rc == PRECIS_OK) {
            assert_same_model(m, back);
            precis_model_free(back);
            break;
        }
        ck_assert_msg(rc == PRECIS_ERR_NOMEM, "failing allocation %ld: %d %s", k, rc,
                      err.message);
        ck_assert_ptr_null(back);
        ck_assert_ptr_nonnull(strstr(err.message, "model.bin"));
        failures++;
    }
    ck_assert_int_ge(failures, 8);
    failures = 0;
    for (long k = 1;; k++) {
        double proba[N_CLASSES];
        precis_error err;
        px_alloc_fail_after(k, 1);
        int rc = precis_model_classify(m, PROBES[0], strlen(PROBES[0]), proba, &err);
        px_alloc_fail_after(0, 0);
        if (rc == PRECIS_OK)
            break;
        ck_assert_int_eq(rc, PRECIS_ERR_NOMEM);
        failures++;
    }
    ck_assert_int_ge(failures, 1);
    precis_model_free(m);
}
END_TEST

/* ------------------------------------------------------------ suite */

static Suite *modelfile_suite(void)
{
    Suite *s = suite_create("modelfile");
    TCase *rt = tcase_create("round_trip");
    tcase_add_checked_fixture(rt, setup, teardown);
    tcase_add_test(rt, test_crc32_check_value);
    tcase_add_test(rt, test_new_rounds_weights_to_float);
    tcase_add_test(rt, test_round_trip_f32);
    tcase_add_test(rt, test_round_trip_f64);
    tcase_add_test(rt, test_layout_matches_spec);
    tcase_add_test(rt, test_decisions_follow_the_weights);
    tcase_add_test(rt, test_new_rejects_bad_arguments);
    suite_add_tcase(s, rt);
    TCase *bad = tcase_create("damaged_files");
    tcase_add_checked_fixture(bad, setup, teardown);
    tcase_add_test(bad, test_truncated_files_refused);
    tcase_add_test(bad, test_bit_flips_refused);
    tcase_add_test(bad, test_versions_and_flags);
    tcase_add_test(bad, test_label_info_round_trip);
    tcase_add_test(bad, test_fit_params_round_trip);
    tcase_add_test(bad, test_not_a_model_file);
    tcase_add_test(bad, test_huge_claims_refused_before_allocation);
    tcase_add_test(bad, test_sections_known_and_unknown);
    suite_add_tcase(s, bad);
    TCase *save = tcase_create("saving");
    tcase_add_checked_fixture(save, setup, teardown);
    tcase_add_test(save, test_save_to_missing_directory);
    tcase_add_test(save, test_save_into_unwritable_directory);
    tcase_add_test(save, test_save_over_a_directory);
    tcase_add_test(save, test_save_write_error);
    tcase_add_test(save, test_save_permissions_follow_umask);
    suite_add_tcase(s, save);
    TCase *oom = tcase_create("allocation_failures");
    tcase_add_checked_fixture(oom, setup, teardown);
    tcase_add_test(oom, test_alloc_failures_in_new);
    tcase_add_test(oom, test_alloc_failures_in_save);
    tcase_add_test(oom, test_alloc_failures_in_load_and_classify);
    suite_add_tcase(s, oom);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(modelfile_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
