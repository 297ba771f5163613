/*
 * summary_features — every body sentence of some cnn-corpus-dev articles with
 * the learned summarizer's features under one model, for experimenting with
 * the sentence model outside C (bench/summarize_cnn_cv.py).
 *
 * Usage: summary_features MODEL CNN_DIR < numbers > features.tsv
 * One TSV row per body sentence: article number, sentence index, active (not
 * page furniture), in the human extract (align.c, as training labels it),
 * words (as budgets count them), its selection unit's first and last
 * sentence (units.c), paragraph, every feature of learned.c by name, and the
 * sentence's text (tabs and line ends as spaces). The features are computed
 * exactly as precis-train --summaries computes them (same function, same
 * vectors), so a model fitted on these rows scores as the C one would.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_io.h"

#include "precis.h"
#include "modelfile/model.h"
#include "summarize/align.h"
#include "summarize/learned.h"
#include "summarize/sentvec.h"
#include "summarize/units.h"

static void print_text(const char *s, size_t n)
{
    for (size_t k = 0; k < n; k++)
        putchar(s[k] == '\t' || s[k] == '\n' || s[k] == '\r' ? ' ' : s[k]);
}

/* The rows of one article; 0, or 1 with a message on stderr. */
static int dump_article(const precis_model *m, const char *dir, const char *num, double *proba)
{
    char path[4096];
    size_t n = 0, ref_len = 0;
    snprintf(path, sizeof path, "%s/articles/%s.txt", dir, num);
    char *text = bench_read_file(path, &n);
    snprintf(path, sizeof path, "%s/references/%s.txt", dir, num);
    char *ref = bench_read_file(path, &ref_len);
    if (!text || !ref) {
        fprintf(stderr, "summary_features: cannot read article or reference %s under %s\n", num, dir);
        free(text);
        free(ref);
        return 1;
    }
    px_summary_source src = px_model_source(m);
    size_t n_features = px_summary_feature_count();
    precis_error err;
    precis_article *a = NULL;
    int rc = precis_model_classify(m, text, n, proba, &err);
    if (rc == PRECIS_OK)
        rc = precis_article_split(&a, text, n, &err);
    size_t S = rc == PRECIS_OK && a->n_sentences ? a->n_sentences : 1;
    unsigned char *active = calloc(S, 1), *in_ref = calloc(S, 1);
    size_t *first = calloc(S, sizeof *first), *last = calloc(S, sizeof *last);
    double *F = calloc(S * n_features, sizeof *F);
    px_sentvecs sv = {0};
    if (rc == PRECIS_OK && (!active || !in_ref || !first || !last || !F))
        rc = PRECIS_ERR_NOMEM;
    px_alignment_counts counts;
    for (size_t i = 0; rc == PRECIS_OK && i < a->n_sentences; i++)
        active[i] = !a->sentences[i].is_furniture;
    if (rc == PRECIS_OK)
        rc = px_align_reference(a, ref, ref_len, in_ref, &counts);
    if (rc == PRECIS_OK) {
        px_selection_units(a, active, first, last);
        rc = px_sentvecs_build(&sv, a, src.v);
    }
    if (rc == PRECIS_OK) {
        px_sentvecs_weigh(&sv, NULL);
        rc = px_summary_features(&src, a, proba, &sv, active, PX_GRAPH_MAX_SENTENCES, F);
    }
    for (size_t i = 0; rc == PRECIS_OK && i < a->n_sentences; i++) {
        const precis_sentence *s = &a->sentences[i];
        printf("%s\t%zu\t%d\t%d\t%zu\t%zu\t%zu\t%zu", num, i, active[i], in_ref[i],
               precis_count_words(a->text + s->start, s->len), first[i], last[i], s->paragraph);
        for (size_t f = 0; f < n_features; f++)
            printf("\t%.9g", F[i * n_features + f]);
        putchar('\t');
        print_text(a->text + s->start, s->len);
        putchar('\n');
    }
    if (rc != PRECIS_OK)
        fprintf(stderr, "summary_features: article %s: error %d\n", num, rc);
    px_sentvecs_free(&sv);
    free(F);
    free(active);
    free(in_ref);
    free(first);
    free(last);
    precis_article_free(a);
    free(text);
    free(ref);
    return rc != PRECIS_OK;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: summary_features MODEL CNN_DIR < numbers\n");
        return 2;
    }
    precis_model *m = NULL;
    precis_error err;
    if (precis_model_load(&m, argv[1], &err) != PRECIS_OK) {
        fprintf(stderr, "summary_features: %s\n", err.message);
        return 1;
    }
    double *proba = malloc((precis_model_n_labels(m) + 1) * sizeof *proba);
    printf("art\tidx\tactive\text\twords\tfirst\tlast\tpara");
    for (size_t f = 0; f < px_summary_feature_count(); f++)
        printf("\t%s", px_summary_feature_name((uint32_t)f));
    printf("\ttext\n");
    char num[64];
    int bad = !proba;
    while (!bad && scanf("%63s", num) == 1)
        bad = dump_article(m, argv[2], num, proba);
    free(proba);
    precis_model_free(m);
    return bad;
}
