/*
 * run.c — what precis-infer does with its inputs: classify and summarize
 * each document, evaluate a labeled corpus, score summaries with ROUGE, or
 * describe the model.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "infer.h"

/* ---------------------------------------------------------------- model info */

static void print_df(const char *name, precis_df_bound b)
{
    if (b.is_proportion)
        printf("  %-16s %g of the documents\n", name, b.value);
    else
        printf("  %-16s %g documents\n", name, b.value);
}

/* The learned summarizer's features and weights, if the model has one. */
static void print_summary_model(const precis_model *m)
{
    double intercept;
    size_t n = precis_model_summary_features(m, NULL, 0, &intercept);
    printf("  %-16s %s\n", "summarizer", n ? "learned (the default)" : "default (no summary model)");
    precis_summary_feature f[64];
    n = precis_model_summary_features(m, f, 64, &intercept);
    for (size_t j = 0; j < n; j++)
        printf("    %-20s weight %+8.4f  (mean %.4g, scale %.4g)\n", f[j].name, f[j].weight,
               f[j].mean, f[j].scale);
    if (n)
        printf("    %-20s %+8.4f\n", "intercept", intercept);
}

/* Each label with its training documents and sources, when the model says. */
static void print_label_info(const precis_model *m)
{
    uint64_t count;
    const char *source;
    for (size_t k = 0; precis_model_label_info(m, k, &count, &source); k++) {
        fputs("    ", stdout);
        cli_put_escaped(precis_model_label(m, k), stdout);
        printf(": %llu training documents%s", (unsigned long long)count, *source ? "; " : "");
        cli_put_escaped(source, stdout);
        putchar('\n');
    }
}

static double default_C(void)
{
    precis_logreg_params p;
    precis_logreg_params_default(&p);
    return p.C;
}

/* What the fit did (only the multinomial Newton fit knows its objective). */
static void print_fit(const precis_model *m, const precis_logreg *lr)
{
    const char *unit = precis_model_fit_unit(m);
    if (unit)
        printf("  %-16s one-vs-rest dual coordinate descent, at most %d passes for a %s%s\n",
               "fit", lr->iterations, unit, lr->converged ? "" : " (some stopped at the limit)");
    else
        printf("  %-16s %d iterations, objective %.8g\n", "fit", lr->iterations, lr->objective);
}

/* How --autotune chose the model, when it did. */
static void print_tuning(const precis_model *m)
{
    precis_tuning t;
    if (!precis_model_tuning(m, &t))
        return;
    printf("  %-16s --autotune: %zu-fold cross-validation on the training data, %zu candidates "
           "(%zu of %zu settings%s) in %.1fs\n",
           "chosen by", t.folds, t.candidates, t.settings_scored, t.settings_planned,
           t.stopped_early ? ", stopped by the time budget" : "", t.seconds);
    printf("  %-16s C %g, class weights %s: cv accuracy %.4f +- %.4f\n", "winner", t.C,
           t.class_weight_balanced ? "balanced" : "none", t.cv_mean, t.cv_sd);
    if (t.loss == PRECIS_LOSS_SQUARED_HINGE)
        printf("  %-16s squared hinge, one-vs-rest (L2-loss linear SVMs); probabilities "
               "softmax(%.4g x decision values), the temperature fitted on the held-out "
               "folds\n", "loss", t.temperature);
    else
        printf("  %-16s multinomial logistic\n", "loss");
}

int print_model_info(infer_options *o)
{
    const precis_model *m = o->model;
    const precis_vectorizer *v = precis_model_vectorizer(m);
    const precis_feature_options *f = precis_vectorizer_options(v);
    const precis_logreg *lr = precis_model_logreg(m);
    printf("model %s\n", cli_esc(o->model_path ? o->model_path : default_model_path()));
    printf("  %-16s %zu\n", "labels", precis_model_n_labels(m));
    print_label_info(m);
    printf("  %-16s %zu terms\n", "vocabulary", precis_vectorizer_size(v));
    printf("  %-16s %zu\n", "trained on", precis_vectorizer_n_documents(v));
    printf("  %-16s %d-%d\n", "word n-grams", f->ngram_min, f->ngram_max);
    print_df("min-df", f->min_df);
    print_df("max-df", f->max_df);
    printf("  %-16s %zu%s\n", "max-features", f->max_features, f->max_features ? "" : " (no limit)");
    printf("  %-16s %s\n", "tf", f->sublinear_tf ? "1 + ln(count)" : "count");
    printf("  %-16s %s\n", "tokens", f->single_char_tokens ? "1+ characters" : "2+ characters");
    printf("  %-16s %s\n", "stop words", f->stop_words ? "english" : "none");
    double C;
    int balanced;
    if (precis_model_fit_params(m, &C, &balanced))
        printf("  %-16s %g%s\n", "C", C, balanced ? " (class weights balanced)" : "");
    else
        printf("  %-16s not recorded: the default, %g (a model made before precis kept C may have "
               "used another)\n",
               "C", default_C());
    print_fit(m, lr);
    print_tuning(m);
    print_summary_model(m);
    precis_term_weight top[20];
    for (size_t k = 0; k < precis_model_n_labels(m); k++) {
        size_t n = precis_model_top_terms(m, k, 20, top);
        putchar('\n');
        cli_put_escaped(precis_model_label(m, k), stdout);
        putchar(':');
        for (size_t i = 0; i < n; i++) {
            fputs(i ? ", " : " ", stdout);
            cli_put_escaped(top[i].term, stdout);
            printf(" (%.2f)", top[i].weight);
        }
        printf("\n");
    }
    return finish_output(stdout);
}

/* ---------------------------------------------------------------- documents */

/* Per-document scratch: explanations (one block of o->explain terms per
 * assigned label) and a multi-label model's decision. */
typedef struct scratch {
    precis_term_weight *explain;
    size_t *decided;                              /* n_labels */
    const precis_term_weight *label_explain[MAX_ASSIGNED];
    size_t n_label_explain[MAX_ASSIGNED];
} scratch;

/* A multi-label model's labels for the document, each explained. */
static int decide_labels(infer_options *o, scratch *s, precis_analysis *a, doc_result *r,
                         precis_error *err)
{
    size_t n = precis_model_decide(o->model, r->proba, s->decided);
    r->labels = s->decided;
    r->n_labels = n < MAX_ASSIGNED ? n : MAX_ASSIGNED;
    r->label = n ? s->decided[0] : r->label;
    r->label_explain = s->label_explain;
    r->n_label_explain = s->n_label_explain;
    for (size_t i = 0; i < r->n_labels; i++) {
        s->n_label_explain[i] = 0;
        s->label_explain[i] = s->explain + i * o->explain;
        if (!o->explain)
            continue;
        int rc = precis_analysis_explain(a, s->decided[i], o->explain, s->explain + i * o->explain,
                                         &s->n_label_explain[i], err);
        if (rc != PRECIS_OK)
            return rc;
    }
    r->explain = s->explain;
    r->n_explain = r->n_labels ? s->n_label_explain[0] : 0;
    return PRECIS_OK;
}

/* Classifies and summarizes one document into r, reading it once (a). */
static int process(infer_options *o, scratch *s, precis_analysis *a, doc_result *r,
                   precis_summary_sentence **summary, precis_error *err)
{
    int rc = PRECIS_OK;
    precis_term_weight *explain = s->explain;
    if (!o->summary_only) {
        rc = precis_analysis_classify(a, err);
        r->proba = precis_analysis_proba(a);
        r->label = precis_analysis_label(a);
    }
    if (rc == PRECIS_OK && !o->summary_only && precis_model_is_multilabel(o->model)) {
        rc = decide_labels(o, s, a, r, err);
    } else if (rc == PRECIS_OK && !o->summary_only && o->explain) {
        rc = precis_analysis_explain(a, precis_analysis_label(a), o->explain, explain,
                                     &r->n_explain, err);
        r->explain = explain;
    }
    if (rc == PRECIS_OK && !o->no_summary) {
        rc = precis_analysis_summarize(a, &o->summary, summary, &r->n_summary, err);
        r->article = precis_analysis_article(a);
        r->summary = *summary;
    }
    return rc;
}

/* How to read one input: a file of records (TSV, CSV, JSON Lines: by
 * --input-format, else by its extension) is classified record by record,
 * each named "path:line"; anything else (a file, a folder of files, "-") is
 * one document per file. Files without those extensions are never sniffed:
 * an article whose first line holds a TAB is still an article. */
static precis_format record_format(const infer_options *o, const char *path)
{
    static const struct {
        const char *ext;
        precis_format format;
    } exts[] = {{".tsv", PRECIS_FORMAT_TSV}, {".csv", PRECIS_FORMAT_CSV},
                {".jsonl", PRECIS_FORMAT_JSONL}, {".ndjson", PRECIS_FORMAT_JSONL}};
    if (o->reader.format != PRECIS_FORMAT_AUTO)
        return o->reader.format;
    const char *slash = strrchr(path, '/');
    const char *dot = strrchr(slash ? slash + 1 : path, '.');
    struct stat st;
    if (!dot || stat(path, &st) != 0 || !S_ISREG(st.st_mode))
        return PRECIS_FORMAT_FILES;
    for (size_t i = 0; i < sizeof exts / sizeof exts[0]; i++)
        if (strcasecmp(dot, exts[i].ext) == 0)
            return exts[i].format;
    return PRECIS_FORMAT_FILES;
}

/* A classified document with no term of the model's vocabulary would get
 * the model's prior as its label, which reads like an answer: it is said
 * instead (a warning; the document is skipped). */
static int no_known_terms(infer_options *o, const precis_analysis *a, const char *source)
{
    if (o->summary_only || precis_analysis_known_terms(a) > 0)
        return 0;
    cli_warn(&o->warnings, source,
             "none of its words is in the model's vocabulary (empty, or not in the model's "
             "language?): no label given; record skipped");
    return 1;
}

/* Every document of one input (file, folder or "-"); returns 0, or 1 if
 * anything could not be read or written. */
static int run_one_input(infer_options *o, scratch *s, const char *path)
{
    precis_error err = {0};
    precis_reader_options ro = o->reader;
    ro.format = record_format(o, path);
    if (precis_model_is_multilabel(o->model)) { /* records labeled as in training */
        ro.multi_label = 1;
        if (!ro.label_separator)
            ro.label_separator = precis_model_reader_options(o->model)->label_separator;
    }
    precis_reader *reader;
    int rc = precis_reader_open(&reader, path, &ro, &err);
    if (rc != PRECIS_OK)
        return report_error(&err, rc);
    precis_document doc;
    int got = 0, status = 0, write_failed = 0;
    while (!write_failed && (got = precis_reader_next(reader, &doc, &err)) == 1) {
        doc_result r = {.file = doc.source};
        precis_analysis *a = NULL;
        precis_summary_sentence *summary = NULL;
        rc = precis_analysis_new(&a, o->model, doc.text, doc.text_len, &err);
        if (rc == PRECIS_OK)
            rc = process(o, s, a, &r, &summary, &err);
        int known = rc != PRECIS_OK || !no_known_terms(o, a, doc.source);
        int printed = rc == PRECIS_OK && known ? print_result(o, &r, stdout) : 0;
        if (!known || printed == -2) /* no known term, or not written whole: said */
            status = 1;
        else if (printed != 0)
            write_failed = 1;
        if (rc != PRECIS_OK)
            status = report_error(&err, rc);
        free(summary);
        precis_analysis_free(a);
        if (rc != PRECIS_OK && o->reader.strict)
            break;
    }
    if (!write_failed && got < 0)
        status = report_error(&err, -got);
    if (precis_reader_skipped(reader))
        status = 1;
    precis_reader_free(reader);
    /* A failed write is judged once, by finish_output (quiet for EPIPE). */
    return status;
}

int run_inputs(infer_options *o)
{
    static const char *const stdin_only[] = {"-"};
    const char *const *inputs = o->n_inputs ? o->inputs : stdin_only;
    size_t n = o->n_inputs ? o->n_inputs : 1;
    size_t K = precis_model_n_labels(o->model);
    size_t blocks = precis_model_is_multilabel(o->model) ? MAX_ASSIGNED : 1;
    scratch s = {malloc((o->explain ? o->explain : 1) * blocks * sizeof *s.explain),
                 malloc((K ? K : 1) * sizeof *s.decided), {0}, {0}};
    int status = 0;
    if (!s.explain || !s.decided) {
        fprintf(stderr, PROG ": out of memory\n");
        status = 1;
    }
    if (status == 0 && o->format == OUT_TSV)
        print_tsv_header(stdout);
    for (size_t i = 0; status == 0 || (i < n && !o->reader.strict); i++) {
        if (i >= n)
            break;
        if (run_one_input(o, &s, inputs[i]) != 0)
            status = 1;
        if (ferror(stdout))
            break;
    }
    free(s.explain);
    free(s.decided);
    return finish_output(stdout) | status;
}

/* ---------------------------------------------------------------- classification figures */

/* --eval: exit 1 if a record was skipped, as for any input, though the
 * figures (of the records read) are printed. */
int run_eval(infer_options *o)
{
    precis_error err = {0};
    precis_metrics *metrics;
    size_t unknown = 0;
    int rc = precis_model_evaluate(o->model, o->eval, &o->reader, &metrics, &unknown, &err);
    if (rc != PRECIS_OK)
        return report_error(&err, rc);
    size_t skipped = metrics->skipped;
    printf("Evaluation of %s\n", cli_esc(o->eval));
    if (unknown)
        printf("(%zu documents with labels unknown to the model were not scored)\n", unknown);
    int status = cli_print_figures(metrics, o->model, stdout) == PRECIS_OK ? 0 : 1;
    if (status)
        fprintf(stderr, PROG ": out of memory\n");
    if (!status && o->metrics) {
        rc = cli_write_figures_json(o->metrics, metrics, o->model, &err);
        if (rc != PRECIS_OK)
            status = report_error(&err, rc);
    }
    if (skipped) {
        fprintf(stderr, PROG ": %zu %s of %s %s skipped\n", skipped,
                skipped == 1 ? "record" : "records", cli_esc(o->eval), skipped == 1 ? "was" : "were");
        status = 1;
    }
    precis_metrics_free(metrics);
    return finish_output(stdout) | status;
}
