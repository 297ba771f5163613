/*
 * summarize_bbc — measures the extractive summarizers on the BBC News Summary
 * data set: every article of a split is summarized with a word budget equal
 * to its reference extract's word count, and the mean ROUGE-1/2/L F1 against
 * the reference is printed (one line, tab-separated, for the bench script).
 *
 * Usage: summarize_bbc DATASET_DIR SPLIT(train|test|r1..r4) MODEL|- [KEY=VALUE]...
 * Keys: method (a summarizer name), mmr (lambda), topic (0/1), and the tuning
 * knobs of scorers.h: headline_weight, headline_mix, freq_exp, default_centroid,
 * lexrank_threshold, lsa_dims, topic_argmax, topic_strength, overshoot (words_overshoot).
 * With dump=DIR, each summary is also written to DIR/<topic>_<NNN>.txt so the
 * figures can be checked against another ROUGE (bench/summarize_eval.py).
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_io.h"

#include "precis.h"
#include "modelfile/model.h"

typedef struct run {
    precis_summary_options opt;
    px_summary_tuning tuning;
    const char *dump;
    double f1[3];
    size_t n, sentences, words;
} run;

static int set_key(run *r, const char *key, const char *value)
{
    double x = atof(value);
    if (strcmp(key, "method") == 0) {
        int m = precis_summarizer_parse(value);
        if (m < 0)
            return -1;
        r->opt.method = (precis_summarizer)m;
    } else if (strcmp(key, "mmr") == 0) {
        r->opt.mmr_lambda = x;
    } else if (strcmp(key, "topic") == 0) {
        r->opt.topic_weighting = (int)x;
    } else if (strcmp(key, "headline_weight") == 0) {
        r->tuning.headline_weight = x;
    } else if (strcmp(key, "headline_mix") == 0) {
        r->tuning.headline_mix = x;
    } else if (strcmp(key, "freq_exp") == 0) {
        r->tuning.frequency_exponent = x;
    } else if (strcmp(key, "default_centroid") == 0) {
        r->tuning.default_centroid = x;
    } else if (strcmp(key, "lexrank_threshold") == 0) {
        r->tuning.lexrank_threshold = x;
    } else if (strcmp(key, "lsa_dims") == 0) {
        r->tuning.lsa_dims = (size_t)x;
    } else if (strcmp(key, "topic_argmax") == 0) {
        r->tuning.topic_argmax = (int)x;
    } else if (strcmp(key, "topic_strength") == 0) {
        r->tuning.topic_strength = x;
    } else if (strcmp(key, "overshoot") == 0) {
        r->tuning.words_overshoot = x;
    } else if (strcmp(key, "dump") == 0) {
        r->dump = value;
    } else {
        return -1;
    }
    return 0;
}

/* The summary's sentences joined by single spaces (malloc'ed). */
static char *summary_text(const precis_article *a, const precis_summary_sentence *s, size_t n,
                          size_t *len)
{
    size_t total = 1;
    for (size_t i = 0; i < n; i++)
        total += a->sentences[s[i].index].len + 1;
    char *t = malloc(total);
    size_t at = 0;
    for (size_t i = 0; t && i < n; i++) {
        const precis_sentence *x = &a->sentences[s[i].index];
        if (i)
            t[at++] = ' ';
        memcpy(t + at, a->text + x->start, x->len);
        at += x->len;
    }
    if (t)
        t[at] = '\0';
    *len = at;
    return t;
}

static int one_article(run *r, const precis_model *model, const char *article_path,
                       const char *summary_path, const char *name)
{
    size_t alen, rlen, clen;
    char *bytes = bench_read_file(article_path, &alen), *ref_bytes = bench_read_file(summary_path, &rlen);
    char *ref = NULL, *cand = NULL;
    precis_article *a = NULL;
    precis_summary_sentence *s = NULL;
    size_t n = 0, ref_len = 0;
    precis_error err = {0};
    precis_rouge score;
    int rc = !bytes || !ref_bytes ? PRECIS_ERR_IO : PRECIS_OK;
    if (rc == PRECIS_OK)
        rc = precis_text_decode(ref_bytes, rlen, &ref, &ref_len, &err);
    if (rc == PRECIS_OK)
        rc = precis_article_split(&a, bytes, alen, &err);
    if (rc == PRECIS_OK) {
        precis_summary_options opt = r->opt;
        opt.words = precis_count_words(ref, ref_len);
        rc = px_summarize_tuned(model, a, NULL, &opt, &r->tuning, &s, &n, &err);
    }
    if (rc == PRECIS_OK && !(cand = summary_text(a, s, n, &clen)))
        rc = PRECIS_ERR_NOMEM;
    if (rc == PRECIS_OK)
        rc = precis_rouge_score(ref, ref_len, cand, clen, &score, &err);
    if (rc == PRECIS_OK) {
        for (int k = 0; k < 3; k++)
            r->f1[k] += score.f1[k];
        r->n++;
        r->sentences += n;
        r->words += precis_count_words(cand, clen);
        if (r->dump) {
            char path[4096];
            snprintf(path, sizeof path, "%s/%s", r->dump, name);
            FILE *f = fopen(path, "wb");
            if (f) {
                fwrite(cand, 1, clen, f);
                fclose(f);
            }
        }
    } else {
        fprintf(stderr, "%s: %s\n", article_path, err.message[0] ? err.message : "cannot read");
    }
    free(bytes);
    free(ref_bytes);
    free(ref);
    free(cand);
    free(s);
    precis_article_free(a);
    return rc;
}

/* test: number % 5 == 0; train: the rest; rK: number % 5 == K (a fold of
 * the train split, for choices made without looking at the test split). */
static int in_split(const char *file, const char *split)
{
    int number = atoi(file);
    if (split[0] == 'r')
        return number % 5 == atoi(split + 1);
    return (number % 5 == 0) == (strcmp(split, "test") == 0);
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int walk_topic(run *r, const precis_model *model, const char *root, const char *topic,
                      const char *split)
{
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/News Articles/%s", root, topic);
    DIR *d = opendir(dir);
    if (!d)
        return -1;
    char *names[4096];
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)) && n < 4096)
        if (strstr(e->d_name, ".txt") && in_split(e->d_name, split))
            names[n++] = strdup(e->d_name);
    closedir(d);
    qsort(names, n, sizeof *names, by_name);
    int failed = 0;
    for (size_t i = 0; i < n; i++) {
        char ap[4096], sp[4096], dump_name[512];
        snprintf(ap, sizeof ap, "%s/News Articles/%s/%s", root, topic, names[i]);
        snprintf(sp, sizeof sp, "%s/Summaries/%s/%s", root, topic, names[i]);
        snprintf(dump_name, sizeof dump_name, "%s_%s", topic, names[i]);
        failed |= one_article(r, model, ap, sp, dump_name) != PRECIS_OK;
        free(names[i]);
    }
    return failed ? -1 : 0;
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: %s DATASET_DIR train|test MODEL|- [KEY=VALUE]...\n", argv[0]);
        return 2;
    }
    run r = {0};
    precis_summary_options_default(&r.opt);
    px_summary_tuning_default(&r.tuning);
    for (int i = 4; i < argc; i++) {
        char key[64];
        const char *eq = strchr(argv[i], '=');
        if (!eq || (size_t)(eq - argv[i]) >= sizeof key) {
            fprintf(stderr, "bad argument %s\n", argv[i]);
            return 2;
        }
        memcpy(key, argv[i], (size_t)(eq - argv[i]));
        key[eq - argv[i]] = '\0';
        if (set_key(&r, key, eq + 1) != 0) {
            fprintf(stderr, "unknown key or value: %s\n", argv[i]);
            return 2;
        }
    }
    precis_model *model = NULL;
    precis_error err = {0};
    if (strcmp(argv[3], "-") != 0 && precis_model_load(&model, argv[3], &err) != PRECIS_OK) {
        fprintf(stderr, "%s: %s\n", argv[3], err.message);
        return 1;
    }
    static const char *const topics[] = {"business", "entertainment", "politics", "sport", "tech"};
    int failed = 0;
    for (size_t t = 0; t < 5; t++)
        failed |= walk_topic(&r, model, argv[1], topics[t], argv[2]) != 0;
    precis_model_free(model);
    if (!r.n)
        return 1;
    printf("%zu\t%.4f\t%.4f\t%.4f\t%.2f\t%.1f\n", r.n, r.f1[0] / (double)r.n, r.f1[1] / (double)r.n,
           r.f1[2] / (double)r.n, (double)r.sentences / (double)r.n,
           (double)r.words / (double)r.n);
    return failed ? 1 : 0;
}
