/*
 * rouge_eval.c — precis-infer --eval-summaries: summarize every article under
 * one folder and score each summary against the reference with the same
 * relative path under another, with ROUGE-1, ROUGE-2 and ROUGE-L.
 *
 * Reported figures are means over the articles that have a reference (as
 * rouge-score's aggregate without bootstrap), two of each: the summary as
 * selected (whole sentences), and the summary cut to the reference's word
 * count (the DUC convention; a summary shorter than its reference is not
 * padded). With --budget reference, each summary is selected at the
 * reference's word count (whole sentences until at least that many words),
 * so the cut one holds exactly the reference's word count.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "infer.h"

typedef struct rouge_totals {
    precis_rouge sum, cut; /* whole sentences; cut to the reference's word count */
    size_t scored, missing;
} rouge_totals;

static void add_rouge(precis_rouge *sum, const precis_rouge *score)
{
    for (int k = 0; k < 3; k++) {
        sum->precision[k] += score->precision[k];
        sum->recall[k] += score->recall[k];
        sum->f1[k] += score->f1[k];
    }
}

/* The reference's bytes for an article's path; NULL (with a warning) if none. */
static char *read_reference(infer_options *o, const char *article_path, size_t *len)
{
    size_t root = strlen(o->eval_articles);
    while (root > 1 && o->eval_articles[root - 1] == '/')
        root--;
    const char *rel = article_path + root;
    size_t n = strlen(o->eval_summaries) + strlen(rel) + 2;
    char *path = malloc(n);
    if (!path)
        return NULL;
    snprintf(path, n, "%s%s%s", o->eval_summaries, *rel == '/' ? "" : "/", rel);
    precis_reader_options ro = o->reader;
    ro.format = PRECIS_FORMAT_FILES;
    ro.warn = NULL;
    precis_reader *r = NULL;
    precis_document doc;
    precis_error err;
    char *text = NULL;
    if (precis_reader_open(&r, path, &ro, &err) == PRECIS_OK &&
        precis_reader_next(r, &doc, &err) == 1) {
        text = malloc(doc.text_len + 1);
        if (text) {
            memcpy(text, doc.text, doc.text_len + 1);
            *len = doc.text_len;
        }
    }
    if (!text && o->reader.warn)
        o->reader.warn(o->reader.warn_ctx, article_path, "no reference summary; not scored");
    precis_reader_free(r);
    free(path);
    return text;
}

/* The summary's sentences joined by newlines. */
static char *summary_text(const precis_article *a, const precis_summary_sentence *s, size_t n,
                          size_t *len)
{
    size_t total = 1;
    for (size_t i = 0; i < n; i++)
        total += a->sentences[s[i].index].len + 1;
    char *out = malloc(total), *p = out;
    for (size_t i = 0; out && i < n; i++) {
        const precis_sentence *se = &a->sentences[s[i].index];
        memcpy(p, a->text + se->start, se->len);
        p += se->len;
        *p++ = '\n';
    }
    if (out)
        *p = '\0';
    *len = out ? (size_t)(p - out) : 0;
    return out;
}

static int score_article(infer_options *o, const precis_document *doc, rouge_totals *t,
                         precis_error *err)
{
    size_t ref_len = 0;
    char *ref = read_reference(o, doc->source, &ref_len);
    if (!ref) {
        t->missing++;
        return PRECIS_OK;
    }
    precis_summary_options opt = o->summary;
    size_t ref_words = precis_count_words(ref, ref_len);
    if (o->budget_reference)
        opt.words = ref_words;
    precis_article *a = NULL;
    precis_summary_sentence *s = NULL;
    size_t n = 0, cand_len = 0;
    char *cand = NULL;
    double *proba = malloc(precis_model_n_labels(o->model) * sizeof *proba);
    int rc = proba ? precis_model_classify(o->model, doc->text, doc->text_len, proba, err)
                   : PRECIS_ERR_NOMEM;
    if (rc == PRECIS_OK)
        rc = precis_article_split(&a, doc->text, doc->text_len, err);
    if (rc == PRECIS_OK)
        rc = precis_summarize(o->model, a, proba, &opt, &s, &n, err);
    if (rc == PRECIS_OK && !(cand = summary_text(a, s, n, &cand_len)))
        rc = PRECIS_ERR_NOMEM;
    precis_rouge whole, cut;
    if (rc == PRECIS_OK)
        rc = precis_rouge_score(ref, ref_len, cand, cand_len, &whole, err);
    if (rc == PRECIS_OK)
        rc = precis_rouge_score(ref, ref_len, cand, precis_prefix_words(cand, cand_len, ref_words),
                                &cut, err);
    if (rc == PRECIS_OK) {
        add_rouge(&t->sum, &whole);
        add_rouge(&t->cut, &cut);
        t->scored++;
    }
    free(cand);
    free(s);
    free(proba);
    precis_article_free(a);
    free(ref);
    return rc;
}

static const char *const rouge_names[3] = {"rouge1", "rouge2", "rougeL"};

static void print_totals(const infer_options *o, const rouge_totals *t)
{
    double n = t->scored ? (double)t->scored : 1.0;
    printf("ROUGE of %s summaries of %s against %s\n", precis_summarizer_name(o->summary.method),
           cli_esc(o->eval_articles), cli_esc(o->eval_summaries));
    printf("articles scored %zu, without a reference %zu, budget %s\n", t->scored, t->missing,
           o->budget_reference ? "reference word count" : "length options");
    printf("  %-8s %29s   %29s\n", "", "cut to the reference's words",
           "whole sentences");
    printf("  %-8s %9s %9s %9s   %9s %9s %9s\n", "", "precision", "recall", "F1", "precision",
           "recall", "F1");
    for (int k = 0; k < 3; k++)
        printf("  %-8s %9.4f %9.4f %9.4f   %9.4f %9.4f %9.4f\n", rouge_names[k],
               t->cut.precision[k] / n, t->cut.recall[k] / n, t->cut.f1[k] / n,
               t->sum.precision[k] / n, t->sum.recall[k] / n, t->sum.f1[k] / n);
}

/* Sets rouge1, rouge2, rougeL of obj from the sums over n articles; -1 if a
 * figure could not be set (a failed set would drop it silently). */
static int put_rouge(json_t *obj, const precis_rouge *sum, double n)
{
    int failed = !obj;
    for (int k = 0; !failed && k < 3; k++)
        failed = json_object_set_new(obj, rouge_names[k],
                                     json_pack("{s:f, s:f, s:f}", "precision",
                                               sum->precision[k] / n, "recall",
                                               sum->recall[k] / n, "f1", sum->f1[k] / n)) != 0;
    return failed ? -1 : 0;
}

/* Top-level rouge1/2/L: whole sentences (as before the cut figure existed);
 * "cut": the same cut to the reference's word count. */
static int write_totals_json(FILE *f, const void *what, precis_error *err)
{
    (void)err;
    const rouge_totals *t = what;
    double n = t->scored ? (double)t->scored : 1.0;
    json_t *root = json_pack("{s:I, s:I}", "scored", (json_int_t)t->scored, "missing",
                             (json_int_t)t->missing);
    json_t *cut = json_object();
    int failed = put_rouge(root, &t->sum, n) != 0 || put_rouge(cut, &t->cut, n) != 0 ||
                 json_object_set_new(root, "cut", cut) != 0;
    if (failed && !root)
        json_decref(cut);
    int rc = failed ? PRECIS_ERR_NOMEM
             : json_dumpf(root, f, JSON_INDENT(2) | JSON_REAL_PRECISION(10)) == 0 ? PRECIS_OK
                                                                                   : PRECIS_ERR_IO;
    json_decref(root);
    return rc;
}

int run_eval_summaries(infer_options *o)
{
    precis_error err = {0};
    precis_reader_options ro = o->reader;
    ro.format = PRECIS_FORMAT_FILES;
    precis_reader *reader;
    int rc = precis_reader_open(&reader, o->eval_articles, &ro, &err);
    if (rc != PRECIS_OK)
        return report_error(&err, rc);
    rouge_totals t;
    memset(&t, 0, sizeof t);
    precis_document doc;
    int got;
    while ((got = precis_reader_next(reader, &doc, &err)) == 1)
        if ((rc = score_article(o, &doc, &t, &err)) != PRECIS_OK)
            break;
    size_t skipped = precis_reader_skipped(reader);
    precis_reader_free(reader);
    if (got < 0 || rc != PRECIS_OK)
        return report_error(&err, got < 0 ? -got : rc);
    if (t.scored == 0) {
        fprintf(stderr, PROG ": no article under %s has a reference under %s\n",
                cli_esc(o->eval_articles), cli_esc(o->eval_summaries));
        return 1;
    }
    print_totals(o, &t);
    int status = 0;
    if (o->metrics && (rc = cli_output_write(o->metrics, write_totals_json, &t, &err)) != 0)
        status = report_error(&err, rc);
    if (skipped) {
        fprintf(stderr, PROG ": %zu %s under %s skipped\n", skipped,
                skipped == 1 ? "article was" : "articles were", cli_esc(o->eval_articles));
        status = 1;
    }
    return finish_output(stdout) | status;
}
