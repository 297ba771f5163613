/* test_multilabel.c — multi-label corpora and models (issue 16): label lists
 * in JSON Lines, fastText and TSV/CSV; malformed lists refused with file and
 * line and nothing else lost; one-vs-rest training deterministic whatever the
 * thread count; the dual solver at the primal's optimum, warm starts
 * included; thresholds chosen by CV; the model file round trip (version
 * 2, single-label files unchanged at version 1); the multi-label figures. */
#define _GNU_SOURCE
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "classify/binary_fit.h"     /* white-box: the primal, to check the dual against */
#include "classify/dual_logistic.h" /* white-box: the multi-label solver */
#include "precis.h"
#include "testutil.h"
#include "tu_tool.h"

static char *dir;

typedef struct warnings {
    char text[8192];
    size_t n;
} warnings;

static void on_warn(void *ctx, const char *where, const char *message)
{
    warnings *w = ctx;
    size_t used = strlen(w->text);
    snprintf(w->text + used, sizeof w->text - used, "%s: %s\n", where, message);
    w->n++;
}

static const char *write_corpus(const char *name, const char *text)
{
    static char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    ck_assert_int_eq(tu_write_file(path, text, strlen(text)), 0);
    return path;
}

/* Every record's labels ("a|b" per record, TAB shown as '|') into out. */
static size_t read_labels(const char *path, precis_format f, int sep, warnings *w, char *out,
                          size_t size)
{
    precis_reader_options ro;
    precis_reader_options_default(&ro);
    ro.format = f;
    ro.multi_label = 1;
    ro.label_separator = sep;
    ro.warn = on_warn;
    ro.warn_ctx = w;
    precis_reader *r;
    precis_error err;
    ck_assert_int_eq(precis_reader_open(&r, path, &ro, &err), PRECIS_OK);
    precis_document doc;
    size_t n = 0;
    out[0] = '\0';
    int rc;
    while ((rc = precis_reader_next(r, &doc, &err)) == 1) {
        size_t used = strlen(out), tabs = 0;
        snprintf(out + used, size - used, "%s;", doc.label);
        for (char *p = out + used; *p; p++)
            if (*p == '\t') {
                *p = '|';
                tabs++;
            }
        ck_assert_uint_eq(doc.n_labels, tabs + 1);
        n++;
    }
    ck_assert_int_eq(rc, 0);
    precis_reader_free(r);
    return n;
}

START_TEST(test_jsonl_labels)
{
    const char *p = write_corpus("a.jsonl",
        "{\"labels\": [\"trade\", \"grain\", \"trade\"], \"text\": \"one\"}\n"
        "{\"label\": \"ship\", \"text\": \"two\"}\n"
        "{\"labels\": [\" corn \", 7], \"text\": \"three\"}\n");
    warnings w = {{0}, 0};
    char got[1024];
    ck_assert_uint_eq(read_labels(p, PRECIS_FORMAT_JSONL, 0, &w, got, sizeof got), 3);
    ck_assert_str_eq(got, "grain|trade;ship;7|corn;");
    ck_assert_uint_eq(w.n, 0);
}
END_TEST

START_TEST(test_fasttext_and_tsv_labels)
{
    warnings w = {{0}, 0};
    char got[1024];
    const char *p = write_corpus("a.ft", "__label__b __label__a  text here\n__label__c x\n");
    ck_assert_uint_eq(read_labels(p, PRECIS_FORMAT_FASTTEXT, 0, &w, got, sizeof got), 2);
    ck_assert_str_eq(got, "a|b;c;");
    p = write_corpus("a.tsv", "x,y\tfirst\nz\tsecond\n");
    ck_assert_uint_eq(read_labels(p, PRECIS_FORMAT_TSV, 0, &w, got, sizeof got), 2);
    ck_assert_str_eq(got, "x|y;z;");
    p = write_corpus("b.tsv", "x;y\tfirst\nx,y\tsecond\n"); /* another separator */
    ck_assert_uint_eq(read_labels(p, PRECIS_FORMAT_TSV, ';', &w, got, sizeof got), 2);
    ck_assert_str_eq(got, "x|y;x,y;");
    p = write_corpus("a.csv", "\"a,b\",text one\nc,text two\n");
    ck_assert_uint_eq(read_labels(p, PRECIS_FORMAT_CSV, 0, &w, got, sizeof got), 2);
    ck_assert_str_eq(got, "a|b;c;");
    ck_assert_uint_eq(w.n, 0);
}
END_TEST

/* Each malformed list is skipped with its file and line named; the good
 * records around it are all read. */
START_TEST(test_malformed_lists)
{
    size_t big = 100000, cap = big * 12 + 4096, at = 0;
    char *text = malloc(cap);
    at += (size_t)snprintf(text + at, cap - at, "{\"labels\": [\"ok\"], \"text\": \"a\"}\n"
                           "{\"labels\": [], \"text\": \"b\"}\n"
                           "{\"labels\": [\"x\", null], \"text\": \"c\"}\n"
                           "{\"labels\": [\"x\\ty\"], \"text\": \"d\"}\n"
                           "{\"labels\": [\"x\\ny\"], \"text\": \"e\"}\n"
                           "{\"labels\": \"x\", \"text\": \"f\"}\n"
                           "{\"labels\": [");
    for (size_t i = 0; i < big; i++)
        at += (size_t)snprintf(text + at, cap - at, "%s\"l%zu\"", i ? "," : "", i);
    at += (size_t)snprintf(text + at, cap - at, "], \"text\": \"g\"}\n"
                           "{\"labels\": [\"ok\", \"\"], \"text\": \"h\"}\n"
                           "{\"labels\": [\"ok2\"], \"text\": \"i\"}\n");
    const char *p = write_corpus("bad.jsonl", text);
    free(text);
    warnings w = {{0}, 0};
    char got[1024];
    ck_assert_uint_eq(read_labels(p, PRECIS_FORMAT_JSONL, 0, &w, got, sizeof got), 2);
    ck_assert_str_eq(got, "ok;ok2;");
    ck_assert_uint_eq(w.n, 7);
    const char *expect[] = {
        "bad.jsonl:2: \"labels\" is an empty list",
        "bad.jsonl:3: \"labels\" item 2 of 2: is neither a string nor a number",
        "bad.jsonl:4: \"labels\" item 1 of 1: label holds a TAB",
        "bad.jsonl:5: \"labels\" item 1 of 1: label holds a line break",
        "bad.jsonl:6: \"labels\" is not a list",
        "bad.jsonl:7: \"labels\" item 1001 of 100000: more than 1000 labels",
        "bad.jsonl:8: \"labels\" item 2 of 2: empty label",
    };
    for (size_t i = 0; i < sizeof expect / sizeof *expect; i++)
        ck_assert_msg(strstr(w.text, expect[i]), "missing \"%s\" in:\n%s", expect[i], w.text);
    /* --strict: the first one stops the read, naming file and line. */
    precis_reader_options ro;
    precis_reader_options_default(&ro);
    ro.multi_label = 1;
    ro.strict = 1;
    precis_reader *r;
    precis_error err;
    precis_document doc;
    ck_assert_int_eq(precis_reader_open(&r, p, &ro, &err), PRECIS_OK);
    ck_assert_int_eq(precis_reader_next(r, &doc, &err), 1);
    ck_assert_int_eq(precis_reader_next(r, &doc, &err), -PRECIS_ERR_FORMAT);
    ck_assert_msg(strstr(err.message, "bad.jsonl:2: \"labels\" is an empty list"), "%s",
                  err.message);
    precis_reader_free(r);
}
END_TEST

/* Three topics over a small vocabulary; documents carry one or two. */
static const char *synthetic_corpus(void)
{
    static const char *words[3][4] = {{"wheat", "grain", "harvest", "corn"},
                                      {"ship", "port", "vessel", "cargo"},
                                      {"trade", "tariff", "export", "deficit"}};
    static const char *names[3] = {"grain", "ship", "trade"};
    size_t cap = 1 << 16, at = 0;
    char *text = malloc(cap);
    unsigned seed = 7;
    for (int i = 0; i < 120; i++) {
        int a = i % 3, b = (i / 3) % 4 == 0 ? (a + 1) % 3 : -1;
        at += (size_t)snprintf(text + at, cap - at, "{\"labels\": [\"%s\"%s%s%s], \"text\": \"",
                               names[a], b >= 0 ? ", \"" : "", b >= 0 ? names[b] : "",
                               b >= 0 ? "\"" : "");
        for (int j = 0; j < 6; j++) {
            seed = seed * 1103515245u + 12345u;
            int topic = (j % 2 && b >= 0) ? b : a;
            at += (size_t)snprintf(text + at, cap - at, "%s w%u ", words[topic][(seed >> 16) % 4],
                                   (seed >> 8) % 40);
        }
        at += (size_t)snprintf(text + at, cap - at, "\"}\n");
    }
    const char *p = write_corpus("syn.jsonl", text);
    free(text);
    return p;
}

static precis_dataset *read_synthetic(precis_vectorizer **v)
{
    precis_reader_options ro;
    precis_reader_options_default(&ro);
    ro.multi_label = 1;
    precis_dataset *d;
    precis_error err;
    ck_assert_int_eq(precis_dataset_fit(&d, v, synthetic_corpus(), &ro, NULL, &err), PRECIS_OK);
    return d;
}

START_TEST(test_dataset_label_sets)
{
    precis_vectorizer *v;
    precis_dataset *d = read_synthetic(&v);
    ck_assert_uint_eq(d->n_labels, 3);
    ck_assert_str_eq(d->labels[0], "grain");
    ck_assert_str_eq(d->labels[2], "trade");
    ck_assert_uint_eq(d->X.n_rows, 120);
    /* Record 0: grain and ship; record 1: ship and trade; record 3: grain alone. */
    ck_assert_uint_eq(d->label_ptr[1] - d->label_ptr[0], 2);
    ck_assert_uint_eq(d->label_ids[d->label_ptr[0]], 0);
    ck_assert_uint_eq(d->label_ids[d->label_ptr[0] + 1], 1);
    ck_assert_uint_eq(d->label_ptr[2] - d->label_ptr[1], 2);
    ck_assert_uint_eq(d->label_ids[d->label_ptr[1]], 1);
    ck_assert_uint_eq(d->label_ids[d->label_ptr[1] + 1], 2);
    ck_assert_uint_eq(d->y[1], 1);
    ck_assert_uint_eq(d->label_ptr[4] - d->label_ptr[3], 1);
    ck_assert_uint_eq(d->label_ids[d->label_ptr[3]], 0);
    precis_dataset_free(d);
    precis_vectorizer_free(v);
}
END_TEST

static void train(const precis_dataset *d, int threads, precis_multilabel_model *out)
{
    precis_multilabel_params p;
    precis_multilabel_params_default(&p);
    p.n_threads = threads;
    p.class_weight_balanced = 1;
    precis_error err;
    ck_assert_int_eq(precis_multilabel_train(&d->X, d->label_ptr, d->label_ids, d->n_labels, &p,
                                             out, &err), PRECIS_OK);
}

START_TEST(test_training_deterministic)
{
    precis_vectorizer *v;
    precis_dataset *d = read_synthetic(&v);
    precis_multilabel_model a, b;
    train(d, 1, &a);
    train(d, 3, &b);
    size_t nw = a.lr->n_features * a.lr->n_classes;
    ck_assert(a.lr->one_vs_rest);
    ck_assert_int_eq(memcmp(a.lr->W, b.lr->W, nw * sizeof *a.lr->W), 0);
    ck_assert_int_eq(memcmp(a.lr->b, b.lr->b, 3 * sizeof *a.lr->b), 0);
    ck_assert_int_eq(memcmp(a.threshold, b.threshold, 3 * sizeof *a.threshold), 0);
    for (int k = 0; k < 3; k++)
        ck_assert(a.threshold[k] > 0 && a.threshold[k] < 1);
    /* Separable topics: the out-of-fold figures are high, not perfect by fiat. */
    ck_assert_msg(a.cv_micro_f1 > 0.9 && a.cv_micro_f1 <= 1, "%g", a.cv_micro_f1);
    /* Each label's heaviest word is one of its own. */
    long grain = precis_vectorizer_lookup(v, "grain", 5);
    long port = precis_vectorizer_lookup(v, "port", 4);
    ck_assert(grain >= 0 && port >= 0);
    ck_assert(a.lr->W[grain * 3 + 0] > 0 && a.lr->W[grain * 3 + 1] < a.lr->W[grain * 3 + 0]);
    ck_assert(a.lr->W[port * 3 + 1] > a.lr->W[port * 3 + 2]);
    precis_multilabel_model_clear(&a);
    precis_multilabel_model_clear(&b);
    precis_dataset_free(d);
    precis_vectorizer_free(v);
}
END_TEST

static uint32_t file_version(const char *path)
{
    size_t len;
    unsigned char *b = (unsigned char *)tu_read_file(path, &len);
    ck_assert_ptr_nonnull(b);
    ck_assert_uint_ge(len, 12);
    uint32_t v = b[8] | (uint32_t)b[9] << 8 | (uint32_t)b[10] << 16 | (uint32_t)b[11] << 24;
    free(b);
    return v;
}

START_TEST(test_model_round_trip)
{
    precis_vectorizer *v;
    precis_dataset *d = read_synthetic(&v);
    precis_multilabel_model ml;
    train(d, 0, &ml);
    precis_model *m;
    precis_error err;
    precis_logreg *lr = ml.lr;
    ml.lr = NULL;
    ck_assert_int_eq(precis_model_new(&m, v, lr, (const char *const *)d->labels, d->n_labels,
                                      NULL, &err), PRECIS_OK);
    ck_assert(!precis_model_is_multilabel(m));
    ck_assert_ptr_null(precis_model_fit_unit(m));
    double bad[3] = {0.5, 1.0, 0.5};
    ck_assert_int_eq(precis_model_set_multilabel(m, bad, 1, 0, &err), PRECIS_ERR_ARG);
    ck_assert_int_eq(precis_model_set_multilabel(m, ml.threshold, 0, ';', &err), PRECIS_OK);
    char path[4096];
    snprintf(path, sizeof path, "%s/ml.model", dir);
    ck_assert_int_eq(precis_model_save(m, path, &err), PRECIS_OK);
    ck_assert_uint_eq(file_version(path), 2);
    precis_model *back;
    ck_assert_int_eq(precis_model_load(&back, path, &err), PRECIS_OK);
    ck_assert(precis_model_is_multilabel(back));
    ck_assert_str_eq(precis_model_fit_unit(back), "label");
    ck_assert_int_eq(precis_model_fallback(back), 0);
    ck_assert_int_eq(precis_model_reader_options(back)->label_separator, ';');
    for (size_t k = 0; k < 3; k++)
        ck_assert(precis_model_threshold(back, k) == ml.threshold[k]);
    /* Sigmoids, not a softmax: a two-topic text passes two thresholds. */
    const char *text = "wheat grain harvest ship port vessel";
    double pa[3], pb[3];
    ck_assert_int_eq(precis_model_classify(m, text, strlen(text), pa, &err), PRECIS_OK);
    ck_assert_int_eq(precis_model_classify(back, text, strlen(text), pb, &err), PRECIS_OK);
    ck_assert_int_eq(memcmp(pa, pb, sizeof pa), 0);
    size_t said[3];
    size_t n = precis_model_decide(back, pb, said);
    ck_assert_uint_eq(n, 2);
    ck_assert(pb[said[0]] >= pb[said[1]]);
    ck_assert((said[0] == 0 && said[1] == 1) || (said[0] == 1 && said[1] == 0));
    /* Nothing over threshold and no fallback: no label; with it, the top one. */
    double low[3] = {0.001, 0.002, 0.0015};
    ck_assert_uint_eq(precis_model_decide(back, low, said), 0);
    precis_model_free(back);
    ck_assert_int_eq(precis_model_set_multilabel(m, ml.threshold, 1, 0, &err), PRECIS_OK);
    ck_assert_uint_eq(precis_model_decide(m, low, said), 1);
    ck_assert_uint_eq(said[0], 1);
    /* Most probable first, the lower index on ties. */
    double low_t[3] = {0.1, 0.1, 0.1}, mid[3] = {0.5, 0.9, 0.5};
    ck_assert_int_eq(precis_model_set_multilabel(m, low_t, 1, 0, &err), PRECIS_OK);
    ck_assert_uint_eq(precis_model_decide(m, mid, said), 3);
    ck_assert(said[0] == 1 && said[1] == 0 && said[2] == 2);
    ck_assert_int_eq(precis_model_set_multilabel(m, ml.threshold, 1, 0, &err), PRECIS_OK);
    /* The HTML report of a multi-label evaluation: its own figures, no heat map. */
    precis_metrics *mx;
    ck_assert_int_eq(precis_metrics_new_multilabel(&mx, 3, &err), PRECIS_OK);
    uint32_t truth[] = {0, 1};
    size_t said2[] = {0};
    precis_metrics_add_multilabel(mx, truth, 2, said2, 1);
    precis_metrics_finish(mx);
    char *html = NULL;
    size_t html_len = 0;
    FILE *hf = open_memstream(&html, &html_len);
    ck_assert_int_eq(precis_report_write_html(hf, m, NULL, mx, "test", NULL, 0, &err), PRECIS_OK);
    fclose(hf);
    ck_assert_msg(strstr(html, "<dt>Subset accuracy</dt><dd>0.0000</dd>") &&
                  strstr(html, "<dt>Micro-F1</dt><dd>0.6667") &&
                  strstr(html, "<dt>Hamming loss</dt><dd>0.333333</dd>"), "report lacks the figures");
    free(html);
    precis_metrics_free(mx);
    /* A flipped bit in the thresholds is caught. */
    ck_assert_int_eq(precis_model_save(m, path, &err), PRECIS_OK);
    size_t len;
    char *bytes = tu_read_file(path, &len);
    bytes[len - 3] ^= 0x40;
    ck_assert_int_eq(tu_write_file(path, bytes, len), 0);
    free(bytes);
    ck_assert_int_eq(precis_model_load(&back, path, &err), PRECIS_ERR_CORRUPT);
    ck_assert_msg(strstr(err.message, "MLBL"), "%s", err.message);
    precis_model_free(m);
    precis_multilabel_model_clear(&ml);
    precis_dataset_free(d);
}
END_TEST

START_TEST(test_single_label_file_version_1)
{
    precis_reader_options ro;
    precis_reader_options_default(&ro);
    precis_dataset *d;
    precis_vectorizer *v;
    precis_error err;
    const char *p = write_corpus("s.tsv", "a\tone two\nb\tthree four\na\tone five\nb\tsix four\n");
    ck_assert_int_eq(precis_dataset_fit(&d, &v, p, &ro, NULL, &err), PRECIS_OK);
    ck_assert_ptr_null(d->label_ptr);
    precis_logreg *lr;
    ck_assert_int_eq(precis_logreg_train(&d->X, d->y, d->n_labels, NULL, &lr, &err), PRECIS_OK);
    precis_model *m;
    ck_assert_int_eq(precis_model_new(&m, v, lr, (const char *const *)d->labels, d->n_labels,
                                      NULL, &err), PRECIS_OK);
    char path[4096];
    snprintf(path, sizeof path, "%s/s.model", dir);
    ck_assert_int_eq(precis_model_save(m, path, &err), PRECIS_OK);
    ck_assert_uint_eq(file_version(path), 1);
    precis_model_free(m);
    precis_dataset_free(d);
}
END_TEST

/* Figures worked by hand: labels 0..2, four documents. */
START_TEST(test_multilabel_metrics)
{
    precis_metrics *m;
    precis_error err;
    ck_assert_int_eq(precis_metrics_new_multilabel(&m, 3, &err), PRECIS_OK);
    uint32_t t0[] = {0, 1}, t1[] = {1}, t2[] = {2}, t3[] = {0};
    size_t s0[] = {0, 1}, s1[] = {1, 2}, s3[] = {1};
    precis_metrics_add_multilabel(m, t0, 2, s0, 2); /* exact */
    precis_metrics_add_multilabel(m, t1, 1, s1, 2); /* one false positive */
    precis_metrics_add_multilabel(m, t2, 1, NULL, 0); /* one miss */
    precis_metrics_add_multilabel(m, t3, 1, s3, 1); /* a miss and a false positive */
    precis_metrics_finish(m);
    /* tp: 0:1 1:2 2:0; predicted: 0:1 1:3 2:1; support: 0:2 1:2 2:1 */
    ck_assert_double_eq_tol(m->micro_precision, 3.0 / 5, 1e-12);
    ck_assert_double_eq_tol(m->micro_recall, 3.0 / 5, 1e-12);
    ck_assert_double_eq_tol(m->micro_f1, 0.6, 1e-12);
    double f1_0 = 2 * 1.0 * 0.5 / 1.5, f1_1 = 2 * (2.0 / 3) * 1.0 / (2.0 / 3 + 1);
    ck_assert_double_eq_tol(m->macro_f1, (f1_0 + f1_1 + 0) / 3, 1e-12);
    ck_assert_double_eq_tol(m->subset_accuracy, 0.25, 1e-12);
    ck_assert_double_eq_tol(m->hamming_loss, 4.0 / 12, 1e-12);
    ck_assert_uint_eq(m->support[0], 2);
    ck_assert_uint_eq(m->predicted[1], 3);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    const char *labels[] = {"a", "b", "c"};
    ck_assert_int_eq(precis_metrics_write_json(m, labels, f), PRECIS_OK);
    fclose(f);
    ck_assert_msg(strstr(buf, "\"micro_f1\": 0.6") && strstr(buf, "\"hamming_loss\""), "%s", buf);
    free(buf);
    precis_metrics_free(m);
}
END_TEST

/* A tool of the build, its output (stdout and stderr) into *out. */
static int run_tool(const char *tool, const char *args, char **out)
{
    char cmd[20000];
    snprintf(cmd, sizeof cmd, "'%s/%s' %s 2>&1", getenv("PRECIS_BUILD_DIR"), tool, args);
    return tu_shell(cmd, out);
}

/* The tools end to end: the same model file whatever --threads; precis-infer
 * lists every label over its threshold; a malformed list stops -s with its
 * file and line. */
START_TEST(test_tools)
{
    char *corpus = strdup(synthetic_corpus()); /* write_corpus reuses its buffer */
    char args[16384], *out, m1[4096], m3[4096];
    snprintf(m1, sizeof m1, "%s/t1.model", dir);
    snprintf(m3, sizeof m3, "%s/t3.model", dir);
    snprintf(args, sizeof args, "-q --multi-label --threads 1 -o '%s' '%s'", m1, corpus);
    ck_assert_int_eq(run_tool("train/precis-train", args, &out), 0);
    free(out);
    snprintf(args, sizeof args, "-q --multi-label --threads 3 -o '%s' '%s'", m3, corpus);
    ck_assert_int_eq(run_tool("train/precis-train", args, &out), 0);
    free(out);
    size_t l1, l3;
    char *b1 = tu_read_file(m1, &l1), *b3 = tu_read_file(m3, &l3);
    ck_assert(l1 == l3 && memcmp(b1, b3, l1) == 0);
    free(b1);
    free(b3);
    free(corpus);
    char *doc = strdup(write_corpus("doc.txt", "wheat grain harvest corn ship port vessel cargo\n"));
    snprintf(args, sizeof args, "-m '%s' --no-summary --format json '%s'", m1, doc);
    ck_assert_int_eq(run_tool("infer/precis-infer", args, &out), 0);
    ck_assert_msg(strstr(out, "\"labels\":[{\"label\":\"") && strstr(out, "\"probability\"") &&
                  strstr(out, "\"label\":\"grain\"") && strstr(out, "\"label\":\"ship\"") &&
                  !strstr(out, "\"label\":\"trade\",\"probability\""), "%s", out);
    free(out);
    snprintf(args, sizeof args, "-m '%s' --no-summary '%s'", m1, doc);
    ck_assert_int_eq(run_tool("infer/precis-infer", args, &out), 0);
    ck_assert_msg(strstr(out, "  labels: ") && strstr(out, "because of grain:") &&
                  strstr(out, "because of ship:"), "%s", out);
    free(out);
    free(doc);
    /* Its fit has no objective to print, only passes. */
    snprintf(args, sizeof args, "-m '%s' --model-info", m1);
    ck_assert_int_eq(run_tool("infer/precis-infer", args, &out), 0);
    ck_assert_msg(strstr(out, "one-vs-rest dual coordinate descent, at most ") &&
                  strstr(out, " passes for a label") && !strstr(out, "objective"), "%s", out);
    free(out);
    const char *bad = write_corpus("bad2.jsonl", "{\"labels\": [\"a\"], \"text\": \"x y\"}\n"
                                                 "{\"labels\": [\"a\", 3.5, []], \"text\": \"z\"}\n");
    snprintf(args, sizeof args, "-q -s --multi-label -o '%s/bad.model' '%s'", dir, bad);
    ck_assert_int_eq(run_tool("train/precis-train", args, &out), 1);
    ck_assert_msg(strstr(out, "bad2.jsonl:2: \"labels\" item 3 of 3: is neither a string nor a "
                              "number"), "%s", out);
    free(out);
}
END_TEST

static void setup(void) { dir = tu_temp_dir(); }
static void teardown(void)
{
    tu_remove_tree(dir);
    free(dir);
}

/* The dual solver reaches the primal's optimum (binary_fit.c's truncated
 * Newton, an independent method), every lane of a group: on rows whose
 * values are exact in single precision (the dual's copy keeps floats), with
 * uneven weights, different positives per lane and rows left out; then a
 * warm start from that solution with more rows taken out
 * (px_dual_lr_remove_row, as the threshold CV does) reaches the optimum
 * without them. The weights are floats: the tolerance is 1e-4 in log-odds,
 * the weights compared to 1e-3. */
enum { DR = 80, DC = 12, DLANES = 3 };

static void random_rows(precis_csr *X, size_t *row_ptr, uint32_t *col, double *val,
                        unsigned char *pos)
{
    uint64_t s = 12345;
    size_t q = 0;
    for (size_t i = 0; i < DR; i++) {
        row_ptr[i] = q;
        for (size_t j = 0; j < DC; j++) {
            s = s * 6364136223846793005u + 1442695040888963407u;
            if ((s >> 33) % 3 == 0) {
                col[q] = (uint32_t)j;
                val[q++] = (double)((s >> 40) % 16 + 1) / 8; /* exact in a float */
            }
        }
        s = s * 6364136223846793005u + 1442695040888963407u;
        pos[i] = 0;
        for (int g = 0; g < DLANES; g++) /* lane g's positives: col g present, or 1 in 5 */
            if ((s >> (33 + 3 * g)) % 5 == 0 || (q > row_ptr[i] && col[row_ptr[i]] == (uint32_t)g))
                pos[i] |= (unsigned char)(1u << g);
    }
    row_ptr[DR] = q;
    *X = (precis_csr){DR, DC, q, row_ptr, col, val};
}

static const double lane_c_pos[DLANES] = {7.5, 1, 20}, lane_c_neg[DLANES] = {1.25, 3, 0.5};

static void primal_fit(const precis_csr *X, const unsigned char *pos, const unsigned char *in,
                       int g, double *w, double *b)
{
    px_binary_work *work = px_binary_work_new(DR, DC);
    ck_assert_ptr_nonnull(work);
    unsigned char lane_pos[DR];
    double c[DR];
    for (size_t i = 0; i < DR; i++) {
        lane_pos[i] = (pos[i] >> g) & 1;
        c[i] = !in[i] ? 0 : lane_pos[i] ? lane_c_pos[g] : lane_c_neg[g];
    }
    px_binary_problem pb = {X, lane_pos, c, 200, 1e-9};
    memset(w, 0, DC * sizeof *w);
    *b = 0;
    int converged;
    px_binary_fit(&pb, work, w, b, &converged);
    ck_assert(converged);
    px_binary_work_free(work);
}

static void dual_matches(const precis_csr *X, const px_dual_rows *rows, const unsigned char *pos,
                         const unsigned char *in, const px_dual_weight *wb)
{
    for (int g = 0; g < DLANES; g++) {
        double w[DC], b;
        primal_fit(X, pos, in, g, w, &b);
        for (size_t j = 0; j < DC; j++) {
            double v = wb[rows->rank[j] * PX_LANES + g]; /* the dual's own column order */
            ck_assert_msg(fabs(v - w[j]) <= 1e-3 * (1 + fabs(w[j])),
                          "lane %d: w[%zu] %.10g vs %.10g", g, j, v, w[j]);
        }
        ck_assert_msg(fabs(wb[DC * PX_LANES + g] - b) <= 1e-3 * (1 + fabs(b)),
                      "lane %d: b %.10g vs %.10g", g, wb[DC * PX_LANES + g], b);
    }
}

START_TEST(test_dual_solver_optimum)
{
    size_t row_ptr[DR + 1];
    uint32_t col[DR * DC];
    double val[DR * DC];
    unsigned char pos[DR], in[DR];
    precis_csr X;
    random_rows(&X, row_ptr, col, val, pos);
    memset(in, 1, sizeof in);
    in[3] = in[17] = 0; /* left out */
    px_dual_rows rows;
    ck_assert_int_eq(px_dual_rows_new(&rows, &X, 99), PRECIS_OK);
    /* the dual's arrays are in its own row order */
    unsigned char dpos[DR], din[DR];
    for (size_t r = 0; r < DR; r++) {
        dpos[r] = pos[rows.orig[r]];
        din[r] = in[rows.orig[r]];
    }
    double alpha[PX_DUAL_VARS * PX_LANES * DR];
    px_dual_weight wb[(DC + 1) * PX_LANES];
    px_dual_work *work = px_dual_work_new(DR);
    ck_assert_ptr_nonnull(work);
    px_dual_lr_problem pb = {&rows, DLANES, dpos, din, {0}, {0}, 100000, 1e-4, 7};
    for (int g = 0; g < DLANES; g++) {
        pb.c_pos[g] = lane_c_pos[g];
        pb.c_neg[g] = lane_c_neg[g];
    }
    px_dual_lr_start(&pb, alpha, wb);
    int passes[PX_LANES], converged[PX_LANES];
    px_dual_lr_fit(&pb, work, alpha, wb, passes, converged);
    for (int g = 0; g < DLANES; g++)
        ck_assert_msg(converged[g] && passes[g] > 1, "lane %d: %d passes", g, passes[g]);
    dual_matches(&X, &rows, pos, in, wb);

    /* warm start without rows 0..19 */
    for (size_t i = 0; i < 20; i++) {
        size_t r = rows.at[i];
        if (din[r])
            px_dual_lr_remove_row(&pb, alpha, r, wb);
        din[r] = 0;
        in[i] = 0;
    }
    px_dual_lr_fit(&pb, work, alpha, wb, passes, converged);
    for (int g = 0; g < DLANES; g++)
        ck_assert(converged[g]);
    dual_matches(&X, &rows, pos, in, wb);
    px_dual_work_free(work);
    px_dual_rows_free(&rows);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("multilabel");
    TCase *tc = tcase_create("multilabel");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_jsonl_labels);
    tcase_add_test(tc, test_fasttext_and_tsv_labels);
    tcase_add_test(tc, test_malformed_lists);
    tcase_add_test(tc, test_dataset_label_sets);
    tcase_add_test(tc, test_training_deterministic);
    tcase_add_test(tc, test_dual_solver_optimum);
    tcase_add_test(tc, test_model_round_trip);
    tcase_add_test(tc, test_single_label_file_version_1);
    tcase_add_test(tc, test_multilabel_metrics);
    tcase_add_test(tc, test_tools);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
