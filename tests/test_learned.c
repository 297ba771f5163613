/*
 * test_learned.c — the learned summarizer: training on reference extracts
 * (model/learned_train.c), its features and scores (model/learned.c,
 * model/learned_surface.c), its place in the model file (section SUMM,
 * model/modelfile.c) and in precis_summarize.
 *
 * The corpus is made here: two topics, articles of six sentences in a
 * rotating order, and references that hold exactly the two sentences with
 * numbers (run together, without spaces, in reverse order). A model that
 * learned anything must pick the sentences with numbers in a new article,
 * wherever they stand.
 */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/alloc.h"
#include "base/crc32.h"
#include "modelfile/model.h"
#include "summarize/learned.h"
#include "summarize/scorers.h"
#include "summarize/sentvec.h"
#include "precis.h"
#include "testutil.h"

#define N_SENTS 6
#define N_ARTICLES 8

static const char *const TOPIC[2] = {"money", "sport"};
static const char *const SENTS[2][N_SENTS] = {
    {"The bank raised its forecast for the economy.",
     "Shares in the bank rose 7% to 310 pence on Monday.",
     "Analysts expect the economy to slow next year.",
     "Profits at the bank reached 2.5 billion pounds in 2004.",
     "The bank said its lending to small firms had grown.",
     "Investors welcomed the forecast from the bank."},
    {"The team won the match in front of a home crowd.",
     "The striker scored 2 goals in the last 15 minutes.",
     "The coach praised his young players after the match.",
     "The club sold 40000 tickets for the final in 3 days.",
     "Fans of the team sang through the second half.",
     "The team will play the cup match next week."},
};
static const int HAS_NUMBER[N_SENTS] = {0, 1, 0, 1, 0, 0};

typedef struct corpus {
    char *root, *articles, *summaries;
} corpus;

static char *join(const char *a, const char *b)
{
    size_t n = strlen(a) + strlen(b) + 2;
    char *p = malloc(n);
    snprintf(p, n, "%s/%s", a, b);
    return p;
}

/* Article i of topic t: headline, then the sentences rotated by i, two per
 * paragraph. */
static char *article_text(int t, int i)
{
    static char buf[4096];
    int at = snprintf(buf, sizeof buf, "News about %s number %d\n\n", TOPIC[t], i);
    for (int k = 0; k < N_SENTS; k++) {
        at += snprintf(buf + at, sizeof buf - (size_t)at, "%s%s", SENTS[t][(k + i) % N_SENTS],
                       k % 2 ? "\n\n" : " ");
    }
    return buf;
}

static void write_in(const char *dir, const char *label, const char *file, const char *text)
{
    char *d = join(dir, label);
    mkdir(d, 0755);
    char *p = join(d, file);
    ck_assert_int_eq(tu_write_file(p, text, strlen(text)), 0);
    free(p);
    free(d);
}

/* N_ARTICLES per topic; the last has no reference; one reference has no
 * article; one reference holds a sentence its article lacks. */
static corpus make_corpus(void)
{
    corpus c;
    c.root = tu_temp_dir();
    c.articles = join(c.root, "articles");
    c.summaries = join(c.root, "summaries");
    mkdir(c.articles, 0755);
    mkdir(c.summaries, 0755);
    for (int t = 0; t < 2; t++) {
        for (int i = 0; i < N_ARTICLES; i++) {
            char file[32];
            snprintf(file, sizeof file, "%03d.txt", i);
            write_in(c.articles, TOPIC[t], file, article_text(t, i));
            if (i == N_ARTICLES - 1)
                continue;
            char ref[1024];
            snprintf(ref, sizeof ref, "%s%s%s", SENTS[t][3], SENTS[t][1],
                     i == 0 ? "A sentence from somewhere else entirely." : "");
            write_in(c.summaries, TOPIC[t], file, ref);
        }
    }
    write_in(c.summaries, "sport", "999.txt", "An orphan reference.");
    return c;
}

static void free_corpus(corpus *c)
{
    tu_remove_tree(c->root);
    free(c->root);
    free(c->articles);
    free(c->summaries);
}

/* A classifier on the corpus, as precis-train makes it. */
static precis_model *train_classifier(const corpus *c)
{
    precis_dataset *d;
    precis_vectorizer *v;
    precis_error err;
    precis_feature_options fo;
    precis_feature_options_default(&fo);
    ck_assert_int_eq(precis_dataset_fit(&d, &v, c->articles, NULL, &fo, &err), PRECIS_OK);
    precis_logreg_params p;
    precis_logreg_params_default(&p);
    p.n_threads = 1;
    precis_logreg *lr;
    ck_assert_int_eq(precis_logreg_train(&d->X, d->y, d->n_labels, &p, &lr, &err), PRECIS_OK);
    precis_model *m;
    ck_assert_int_eq(precis_model_new(&m, v, lr, (const char *const *)d->labels, d->n_labels, NULL,
                                      &err),
                     PRECIS_OK);
    precis_dataset_free(d);
    return m;
}

static precis_model *train_full(const corpus *c, precis_summary_train_stats *st)
{
    precis_model *m = train_classifier(c);
    precis_error err;
    int rc = precis_model_train_summary(m, c->articles, c->summaries, NULL, NULL, st, &err);
    ck_assert_msg(rc == PRECIS_OK, "%s", err.message);
    return m;
}

/* A new article: the number sentences sit where the training never put them
 * (the rotation by N_ARTICLES + 3 is new), under a new headline. */
static precis_article *new_article(int t)
{
    const char *text = article_text(t, N_ARTICLES + 3);
    precis_article *a;
    precis_error err;
    ck_assert_int_eq(precis_article_split(&a, text, strlen(text), &err), PRECIS_OK);
    ck_assert_uint_eq(a->n_sentences, N_SENTS);
    return a;
}

static int is_number_sentence(const precis_article *a, int t, size_t index)
{
    const precis_sentence *s = &a->sentences[index];
    for (int k = 0; k < N_SENTS; k++)
        if (strlen(SENTS[t][k]) == s->len && memcmp(SENTS[t][k], a->text + s->start, s->len) == 0)
            return HAS_NUMBER[k];
    ck_abort_msg("sentence %zu is not one of the topic's", index);
    return 0;
}

static void summarize(const precis_model *m, const precis_article *a, precis_summarizer method,
                      precis_summary_sentence **out, size_t *n)
{
    precis_summary_options opt;
    precis_summary_options_default(&opt);
    opt.method = method;
    opt.sentences = 2;
    precis_error err;
    int rc = precis_summarize(m, a, NULL, &opt, out, n, &err);
    ck_assert_msg(rc == PRECIS_OK, "%s", err.message);
}

/* ------------------------------------------------------------ training */

START_TEST(training_counts)
{
    corpus c = make_corpus();
    precis_summary_train_stats st;
    precis_model *m = train_full(&c, &st);
    ck_assert_uint_eq(st.articles, 2 * (N_ARTICLES - 1));
    ck_assert_uint_eq(st.articles_without_reference, 2);
    ck_assert_uint_eq(st.references_without_article, 1);
    ck_assert_uint_eq(st.unaligned, 2); /* the foreign sentence of article 0, both topics */
    ck_assert_uint_eq(st.reference_sentences, 2 * (2 * (N_ARTICLES - 1) + 1));
    ck_assert_uint_eq(st.sentences, 2 * (N_ARTICLES - 1) * N_SENTS);
    ck_assert_uint_eq(st.positives, 2 * 2 * (N_ARTICLES - 1));
    ck_assert(st.converged);
    precis_summary_feature f[64];
    double intercept;
    size_t n = precis_model_summary_features(m, f, 64, &intercept);
    ck_assert_uint_ge(n, 10);
    int saw_numbers = 0, saw_letters = 0, saw_singular = 0;
    for (size_t j = 0; j < n; j++) {
        ck_assert(f[j].scale > 0);
        saw_letters |= strcmp(f[j].name, "textrank_letters") == 0;
        saw_singular |= strcmp(f[j].name, "textrank_singular") == 0;
        if (strcmp(f[j].name, "numbers") == 0) {
            saw_numbers = 1;
            ck_assert_msg(f[j].weight > 0, "numbers weighs %g", f[j].weight);
        }
    }
    ck_assert(saw_numbers && saw_letters && saw_singular);
    precis_model_free(m);
    free_corpus(&c);
}
END_TEST

START_TEST(learned_picks_what_the_references_pick)
{
    corpus c = make_corpus();
    precis_model *m = train_full(&c, NULL);
    for (int t = 0; t < 2; t++) {
        precis_article *a = new_article(t);
        precis_summary_sentence *s;
        size_t n;
        summarize(m, a, PRECIS_SUMMARIZER_LEARNED, &s, &n);
        ck_assert_uint_eq(n, 2);
        for (size_t i = 0; i < n; i++) {
            ck_assert_msg(is_number_sentence(a, t, s[i].index), "topic %d: picked sentence %zu",
                          t, s[i].index);
            ck_assert(s[i].score > 0 && s[i].score < 1);
        }
        /* With a summary model, the default is the learned summarizer. */
        precis_summary_sentence *d;
        size_t nd;
        summarize(m, a, PRECIS_SUMMARIZER_DEFAULT, &d, &nd);
        ck_assert_uint_eq(nd, n);
        for (size_t i = 0; i < n; i++) {
            ck_assert_uint_eq(d[i].index, s[i].index);
            ck_assert(d[i].score == s[i].score);
        }
        free(s);
        free(d);
        precis_article_free(a);
    }
    precis_model_free(m);
    free_corpus(&c);
}
END_TEST

/* The pairwise objective ranks within an article: no intercept, the same
 * picks, and a trait that sets the reference's sentences apart weighs up. */
START_TEST(pairwise_picks_what_the_references_pick)
{
    corpus c = make_corpus();
    precis_model *m = train_classifier(&c);
    precis_summary_train_options o;
    precis_summary_train_options_default(&o);
    o.objective = PRECIS_SUMMARY_PAIRWISE;
    precis_error err;
    int rc = precis_model_train_summary(m, c.articles, c.summaries, NULL, &o, NULL, &err);
    ck_assert_msg(rc == PRECIS_OK, "%s", err.message);
    precis_summary_feature f[64];
    double intercept = 1;
    size_t nf = precis_model_summary_features(m, f, 64, &intercept);
    ck_assert(intercept == 0.0);
    for (size_t j = 0; j < nf; j++)
        if (strcmp(f[j].name, "numbers") == 0)
            ck_assert_msg(f[j].weight > 0, "numbers weighs %g", f[j].weight);
    for (int t = 0; t < 2; t++) {
        precis_article *a = new_article(t);
        precis_summary_sentence *s;
        size_t n;
        summarize(m, a, PRECIS_SUMMARIZER_LEARNED, &s, &n);
        ck_assert_uint_eq(n, 2);
        for (size_t i = 0; i < n; i++)
            ck_assert_msg(is_number_sentence(a, t, s[i].index), "topic %d: picked sentence %zu",
                          t, s[i].index);
        free(s);
        precis_article_free(a);
    }
    precis_model_free(m);
    free_corpus(&c);
}
END_TEST

/* The pairwise fit on c with highlights under hl_dir (NULL: none): the
 * weights of its features, in f, and the training counts. */
static size_t pairwise_with_highlights(const corpus *c, const char *hl_dir,
                                       precis_summary_feature *f, precis_summary_train_stats *st)
{
    precis_model *m = train_classifier(c);
    precis_summary_train_options o;
    precis_summary_train_options_default(&o);
    o.objective = PRECIS_SUMMARY_PAIRWISE;
    o.highlights = hl_dir;
    precis_error err;
    int rc = precis_model_train_summary(m, c->articles, c->summaries, NULL, &o, st, &err);
    ck_assert_msg(rc == PRECIS_OK, "%s", err.message);
    size_t n = precis_model_summary_features(m, f, 64, NULL);
    precis_model_free(m);
    return n;
}

/* Highlights weigh the pairs: counted, they change the fit when they share
 * word pairs with some sentences; when they share none, every pair weighs 1
 * and the fit is the unweighted one, exactly. With the pointwise objective
 * they are refused. */
START_TEST(highlights_weigh_pairs)
{
    corpus c = make_corpus();
    char *hl = join(c.root, "hl"), *none = join(c.root, "none");
    mkdir(hl, 0755);
    mkdir(none, 0755);
    for (int t = 0; t < 2; t++)
        for (int i = 0; i < N_ARTICLES - 1; i++) {
            char file[32];
            snprintf(file, sizeof file, "%03d.txt", i);
            write_in(hl, TOPIC[t], file, SENTS[t][1]);
            write_in(none, TOPIC[t], file, "Zebras yawn quietly.");
        }
    precis_summary_feature plain[64], weighed[64], unshared[64];
    precis_summary_train_stats st;
    size_t n = pairwise_with_highlights(&c, NULL, plain, &st);
    ck_assert_uint_eq(st.highlights, 0);
    ck_assert_uint_eq(pairwise_with_highlights(&c, hl, weighed, &st), n);
    ck_assert_uint_eq(st.highlights, 2 * (N_ARTICLES - 1));
    ck_assert_uint_eq(pairwise_with_highlights(&c, none, unshared, &st), n);
    ck_assert_uint_eq(st.highlights, 2 * (N_ARTICLES - 1));
    int differ = 0;
    for (size_t j = 0; j < n; j++) {
        ck_assert(unshared[j].weight == plain[j].weight);
        differ |= weighed[j].weight != plain[j].weight;
    }
    ck_assert_msg(differ, "highlights left every weight as it was");
    precis_model *m = train_classifier(&c);
    precis_summary_train_options o;
    precis_summary_train_options_default(&o);
    o.highlights = hl;
    precis_error err;
    ck_assert_int_eq(precis_model_train_summary(m, c.articles, c.summaries, NULL, &o, NULL, &err),
                     PRECIS_ERR_ARG);
    ck_assert_msg(strstr(err.message, "pairwise"), "%s", err.message);
    precis_model_free(m);
    free(hl);
    free(none);
    free_corpus(&c);
}
END_TEST

static size_t sentence_words(const precis_article *a, size_t i)
{
    return precis_count_words(a->text + a->sentences[i].start, a->sentences[i].len);
}

static int by_words(const void *x, const void *y)
{
    size_t a = *(const size_t *)x, b = *(const size_t *)y;
    return (a > b) - (a < b);
}

/* With both word-length rules on (off by default; summarize.c's opening
 * comment says why), the learned summarizer ranks by logit(score) -
 * 0.5 x (median sentence words / N) x ln(words), takes them in that order
 * until N words, and lets one end past N only when it comes after every one
 * taken: the best-ranked sentence is picked; past N, the lowest-ranked pick
 * is the last in article order, and every other one fits within N. */
START_TEST(learned_word_length_cuts_only_the_last)
{
    corpus c = make_corpus();
    precis_model *m = train_full(&c, NULL);
    int past = 0;
    for (int t = 0; t < 2; t++)
        for (int i = 0; i < N_ARTICLES + 6; i++) {
            const char *text = article_text(t, i);
            precis_article *a;
            precis_error err;
            ck_assert_int_eq(precis_article_split(&a, text, strlen(text), &err), PRECIS_OK);
            size_t w[N_SENTS], all = 0;
            for (size_t k = 0; k < a->n_sentences; k++)
                all += w[k] = sentence_words(a, k);
            qsort(w, a->n_sentences, sizeof *w, by_words);
            double median = a->n_sentences % 2 ? (double)w[a->n_sentences / 2]
                                               : 0.5 * (double)(w[a->n_sentences / 2 - 1] +
                                                                w[a->n_sentences / 2]);
            /* Every sentence's score (selection does not change scores). */
            double score[N_SENTS];
            precis_summary_options every;
            precis_summary_options_default(&every);
            every.sentences = a->n_sentences;
            precis_summary_sentence *e;
            size_t ne;
            ck_assert_int_eq(precis_summarize(m, a, NULL, &every, &e, &ne, &err), PRECIS_OK);
            ck_assert_uint_eq(ne, a->n_sentences);
            for (size_t k = 0; k < ne; k++)
                score[e[k].index] = e[k].score;
            free(e);
            for (size_t budget = 1; budget < all; budget += 3) {
                /* The first pick: the best rank, with its length preference. */
                size_t best = 0;
                double best_rank = -INFINITY;
                for (size_t k = 0; k < a->n_sentences; k++) {
                    double rank = log(score[k] / (1 - score[k])) -
                                  0.5 * median / (double)budget * log((double)sentence_words(a, k));
                    if (rank > best_rank) {
                        best_rank = rank;
                        best = k;
                    }
                }
                precis_summary_options o;
                precis_summary_options_default(&o);
                o.words = budget;
                px_summary_tuning tu; /* both rules, which are off by default */
                px_summary_tuning_default(&tu);
                tu.words_overshoot_last = 1;
                tu.words_length_penalty = 0.5;
                precis_summary_sentence *s;
                size_t n;
                ck_assert_int_eq(px_summarize_tuned(m, a, NULL, &o, &tu, &s, &n, &err), PRECIS_OK);
                size_t words = 0, lowest = 0;
                double low = INFINITY;
                int has_best = 0;
                for (size_t k = 0; k < n; k++) {
                    has_best |= s[k].index == best;
                    size_t sw = sentence_words(a, s[k].index);
                    words += sw;
                    double rank = log(s[k].score / (1 - s[k].score)) -
                                  0.5 * median / (double)budget * log((double)sw);
                    if (rank <= low) {
                        low = rank;
                        lowest = k;
                    }
                }
                ck_assert_msg(has_best, "topic %d article %d, %zu words: sentence %zu, the best "
                              "ranked, not picked", t, i, budget, best);
                if (n > 1 && words > budget) {
                    past++;
                    ck_assert_msg(lowest == n - 1, "topic %d article %d, %zu words: sentence "
                                  "%zu, not the last, ends the summary past the length", t, i,
                                  budget, s[lowest].index);
                    ck_assert_uint_le(words - sentence_words(a, s[n - 1].index), budget);
                }
                free(s);
            }
            precis_article_free(a);
        }
    ck_assert_int_gt(past, 0); /* the rule was exercised */
    precis_model_free(m);
    free_corpus(&c);
}
END_TEST

/* The length preference alone: a summary model whose weights are all 0
 * scores every sentence alike, so at a word length the shortest sentences
 * rank first (without the preference, ties go to the earlier sentence). */
START_TEST(learned_word_length_prefers_short_sentences_on_ties)
{
    corpus c = make_corpus();
    precis_model *m = train_classifier(&c);
    px_summary_model *flat = px_summary_model_alloc(1);
    ck_assert_ptr_nonnull(flat);
    flat->feature[0] = 0;
    flat->scale[0] = 1;
    px_model_set_summary(m, flat);
    const char *text = "Bank news\n\n"
                       "The bank said on Monday that its long awaited report on lending to small "
                       "firms across the country would come out later this year. "
                       "Shares rose sharply. "
                       "Analysts expect the economy to slow next year.\n\n";
    precis_article *a;
    precis_error err;
    ck_assert_int_eq(precis_article_split(&a, text, strlen(text), &err), PRECIS_OK);
    ck_assert_uint_eq(a->n_sentences, 3);
    precis_summary_options o;
    precis_summary_options_default(&o);
    o.words = 12;
    px_summary_tuning tu;
    px_summary_tuning_default(&tu);
    tu.words_length_penalty = 0.5;
    precis_summary_sentence *s;
    size_t n;
    ck_assert_int_eq(px_summarize_tuned(m, a, NULL, &o, &tu, &s, &n, &err), PRECIS_OK);
    /* 3 + 8 words: the two short ones, not the 24-word first sentence. */
    ck_assert_uint_eq(n, 2);
    ck_assert_uint_eq(s[0].index, 1);
    ck_assert_uint_eq(s[1].index, 2);
    free(s);
    tu.words_length_penalty = 0;
    ck_assert_int_eq(px_summarize_tuned(m, a, NULL, &o, &tu, &s, &n, &err), PRECIS_OK);
    ck_assert_uint_ge(n, 1);
    ck_assert_uint_eq(s[0].index, 0);
    free(s);
    precis_article_free(a);
    precis_model_free(m);
    free_corpus(&c);
}
END_TEST

/* Pairs need an article with a sentence in its reference and one not. */
START_TEST(pairwise_without_pairs_is_empty)
{
    corpus c = make_corpus();
    precis_model *m = train_classifier(&c);
    char *refs = join(c.root, "whole");
    mkdir(refs, 0755);
    char all[4096];
    snprintf(all, sizeof all, "%s", article_text(0, 0));
    write_in(refs, "money", "000.txt", all);
    write_in(refs, "sport", "000.txt", "Nothing from the article.");
    precis_summary_train_options o;
    precis_summary_train_options_default(&o);
    precis_error err;
    o.objective = (precis_summary_objective)7;
    ck_assert_int_eq(precis_model_train_summary(m, c.articles, refs, NULL, &o, NULL, &err),
                     PRECIS_ERR_ARG);
    ck_assert_msg(strstr(err.message, "objective"), "%s", err.message);
    o.objective = PRECIS_SUMMARY_PAIRWISE;
    ck_assert_int_eq(precis_model_train_summary(m, c.articles, refs, NULL, &o, NULL, &err),
                     PRECIS_ERR_EMPTY);
    ck_assert_msg(strstr(err.message, "nothing to rank"), "%s", err.message);
    ck_assert_uint_eq(precis_model_summary_features(m, NULL, 0, NULL), 0);
    /* The pointwise fit has both classes here, and learns. */
    o.objective = PRECIS_SUMMARY_POINTWISE;
    int rc = precis_model_train_summary(m, c.articles, refs, NULL, &o, NULL, &err);
    ck_assert_msg(rc == PRECIS_OK, "%s", err.message);
    free(refs);
    precis_model_free(m);
    free_corpus(&c);
}
END_TEST

START_TEST(learned_without_summary_model_is_an_error)
{
    corpus c = make_corpus();
    precis_model *m = train_classifier(&c);
    precis_article *a = new_article(0);
    precis_summary_options opt;
    precis_summary_options_default(&opt);
    opt.method = PRECIS_SUMMARIZER_LEARNED;
    precis_summary_sentence *s;
    size_t n;
    precis_error err;
    ck_assert_int_eq(precis_summarize(m, a, NULL, &opt, &s, &n, &err), PRECIS_ERR_ARG);
    ck_assert_msg(strstr(err.message, "has none") && strstr(err.message, "--summaries"), "%s",
                  err.message);
    ck_assert_int_eq(precis_summarize(NULL, a, NULL, &opt, &s, &n, &err), PRECIS_ERR_ARG);
    ck_assert_uint_eq(precis_model_summary_features(m, NULL, 0, NULL), 0);
    precis_article_free(a);
    precis_model_free(m);
    free_corpus(&c);
}
END_TEST

START_TEST(bad_training_arguments)
{
    corpus c = make_corpus();
    precis_model *m = train_classifier(&c);
    precis_error err;
    precis_summary_train_options o;
    precis_summary_train_options_default(&o);
    o.drop_features = "numbers,no_such_feature";
    ck_assert_int_eq(precis_model_train_summary(m, c.articles, c.summaries, NULL, &o, NULL, &err),
                     PRECIS_ERR_ARG);
    ck_assert_msg(strstr(err.message, "no_such_feature"), "%s", err.message);
    o.drop_features = NULL;
    o.C = 0;
    ck_assert_int_eq(precis_model_train_summary(m, c.articles, c.summaries, NULL, &o, NULL, &err),
                     PRECIS_ERR_ARG);
    /* A TSV corpus has no paths to pair with references. */
    char *tsv = join(c.root, "corpus.tsv");
    ck_assert_int_eq(tu_write_file(tsv, "a\tsome text\nb\tother text\n", 26), 0);
    ck_assert_int_eq(precis_model_train_summary(m, tsv, c.summaries, NULL, NULL, NULL, &err),
                     PRECIS_ERR_ARG);
    /* References that hold nothing of their articles teach nothing. */
    char *empty = join(c.root, "empty");
    mkdir(empty, 0755);
    write_in(empty, "sport", "000.txt", "Nothing from the article.");
    ck_assert_int_eq(precis_model_train_summary(m, c.articles, empty, NULL, NULL, NULL, &err),
                     PRECIS_ERR_EMPTY);
    ck_assert_uint_eq(precis_model_summary_features(m, NULL, 0, NULL), 0);
    free(tsv);
    free(empty);
    precis_model_free(m);
    free_corpus(&c);
}
END_TEST

START_TEST(dropped_features_are_left_out)
{
    corpus c = make_corpus();
    precis_model *m = train_classifier(&c);
    precis_error err;
    precis_summary_train_options o;
    precis_summary_train_options_default(&o);
    o.drop_features = "numbers,position";
    ck_assert_int_eq(precis_model_train_summary(m, c.articles, c.summaries, NULL, &o, NULL, &err),
                     PRECIS_OK);
    precis_summary_feature f[64];
    size_t n = precis_model_summary_features(m, f, 64, NULL);
    for (size_t j = 0; j < n; j++)
        ck_assert(strcmp(f[j].name, "numbers") != 0 && strcmp(f[j].name, "position") != 0);
    precis_model_free(m);
    precis_model *full = train_full(&c, NULL);
    ck_assert_uint_eq(precis_model_summary_features(full, NULL, 0, NULL), n + 2);
    precis_model_free(full);
    /* A model written before the letters and singular graphs existed holds
     * neither; it still loads, with the features it was saved with. */
    precis_model *old = train_classifier(&c);
    o.drop_features = "textrank_letters,textrank_singular";
    ck_assert_int_eq(precis_model_train_summary(old, c.articles, c.summaries, NULL, &o, NULL, &err),
                     PRECIS_OK);
    char *path = join(c.root, "old.model");
    ck_assert_int_eq(precis_model_save(old, path, &err), PRECIS_OK);
    precis_model *back;
    ck_assert_int_eq(precis_model_load(&back, path, &err), PRECIS_OK);
    size_t k = precis_model_summary_features(back, f, 64, NULL);
    ck_assert_uint_eq(k, precis_model_summary_features(old, NULL, 0, NULL));
    for (size_t j = 0; j < k; j++)
        ck_assert(strcmp(f[j].name, "textrank_letters") != 0 &&
                  strcmp(f[j].name, "textrank_singular") != 0);
    free(path);
    precis_model_free(back);
    precis_model_free(old);
    free_corpus(&c);
}
END_TEST

/* ------------------------------------------------------------ the surface graphs */

/* Two pairs of sentences: one linked only by a figure (2004), the other only
 * by the unit of two amounts ($1.13bn, $2bn). Surface words keep digits, so
 * the figure links its pair and the amounts differ; the letters variant
 * drops digits, so the figure is gone and "bn" links the other pair. */
START_TEST(letters_graph_drops_digits)
{
    const char *text = "Headline\n\nProfits reached $1.13bn. Losses hit $2bn.\n\n"
                       "Cats sleep 2004 hours. Dogs bark 2004 times.";
    precis_article *a;
    precis_error err;
    ck_assert_int_eq(precis_article_split(&a, text, strlen(text), &err), PRECIS_OK);
    ck_assert_uint_eq(a->n_sentences, 4);
    unsigned char active[4] = {1, 1, 1, 1};
    double surface[4], letters[4];
    ck_assert_int_eq(px_surface_centrality(a, active, PX_SURFACE_ALNUM, surface), PRECIS_OK);
    ck_assert_int_eq(px_surface_centrality(a, active, PX_SURFACE_LETTERS, letters), PRECIS_OK);
    ck_assert_msg(surface[2] > surface[0] + 1e-6, "surface: %g %g", surface[0], surface[2]);
    ck_assert_msg(letters[0] > letters[2] + 1e-6, "letters: %g %g", letters[0], letters[2]);
    ck_assert_double_eq_tol(letters[0], letters[1], 1e-12);
    ck_assert_double_eq_tol(letters[2], letters[3], 1e-12);
    precis_article_free(a);
}
END_TEST

/* Two pairs of sentences, each linked by one word: "cats" in both of one
 * pair, "companies" and "company" in the other. Letters alone see only the
 * first link; the singular variant folds -ies into -y (and drops the -s of
 * "cats"), so it sees both links and the two pairs rank alike. */
START_TEST(singular_graph_folds_plurals)
{
    const char *text = "Headline\n\nCompanies merged. One company grew.\n\n"
                       "Cats sleep. Cats purr.";
    precis_article *a;
    precis_error err;
    ck_assert_int_eq(precis_article_split(&a, text, strlen(text), &err), PRECIS_OK);
    ck_assert_uint_eq(a->n_sentences, 4);
    unsigned char active[4] = {1, 1, 1, 1};
    double letters[4], singular[4];
    ck_assert_int_eq(px_surface_centrality(a, active, PX_SURFACE_LETTERS, letters), PRECIS_OK);
    ck_assert_int_eq(px_surface_centrality(a, active, PX_SURFACE_SINGULAR, singular), PRECIS_OK);
    ck_assert_msg(letters[2] > letters[0] + 1e-6, "letters: %g %g", letters[0], letters[2]);
    for (int i = 1; i < 4; i++)
        ck_assert_double_eq_tol(singular[i], singular[0], 1e-9);
    precis_article_free(a);
}
END_TEST


/* ------------------------------------------------------------ what highlights keep */

/* The features of every sentence of text under m's classifier. */
static double *features_of(const precis_model *m, const char *text, precis_article **a)
{
    precis_error err;
    ck_assert_int_eq(precis_article_split(a, text, strlen(text), &err), PRECIS_OK);
    size_t S = (*a)->n_sentences, n = px_summary_feature_count();
    unsigned char *active = malloc(S);
    double *F = malloc(S * n * sizeof *F);
    ck_assert(active && F);
    memset(active, 1, S);
    px_summary_source src = px_model_source(m);
    px_sentvecs sv = {0};
    ck_assert_int_eq(px_sentvecs_build(&sv, *a, src.v), PRECIS_OK);
    px_sentvecs_weigh(&sv, NULL);
    ck_assert_int_eq(px_summary_features(&src, *a, NULL, &sv, active, 50, F), PRECIS_OK);
    px_sentvecs_free(&sv);
    free(active);
    return F;
}

static double feature(const double *F, size_t row, const char *name)
{
    long f = px_summary_feature_lookup(name, strlen(name));
    ck_assert_msg(f >= 0, "no feature %s", name);
    return F[row * px_summary_feature_count() + (size_t)f];
}

/* The key terms are the article's top words by tf-idf, at most 20 of them,
 * never a reporting verb or a figure; figures are counted on their own; the
 * lead and position grow with the article's length. */
START_TEST(key_terms_and_figures)
{
    corpus c = make_corpus();
    precis_model *m = train_classifier(&c);
    const char *text =
        "Headline\n\n"
        "The glacier glacier glacier melted.\n\n"                     /* 0 */
        "Walruses, puffins, narwhals, lemmings, ptarmigans, muskoxen, caribou, wolverines, "
        "ermines, voles, hares, foxes, owls, ravens, terns, gulls, skuas, eiders, loons, "
        "grebes, seals, orcas and belugas watched the glacier.\n\n"  /* 1 */
        "He said, she said.\n\n"                                     /* 2 */
        "It was 1,200 in 2004.\n\n"                                  /* 3 */
        "It was so.";                                                /* 4 */
    precis_article *a;
    double *F = features_of(m, text, &a);
    ck_assert_uint_eq(a->n_sentences, 5);
    /* "glacier" is the top key term; the 25 words seen once tie, and the
     * first seen win: "melted", then 18 of sentence 1's. Without the cap
     * of 20 the shares would be 2/26 and 25/26. */
    ck_assert_double_eq_tol(feature(F, 0, "keywords"), 2.0 / 20, 1e-12);
    ck_assert_double_eq_tol(feature(F, 1, "keywords"), 19.0 / 20, 1e-12);
    ck_assert_double_eq(feature(F, 2, "keywords"), 0.0);  /* "said" is no key term */
    ck_assert_double_eq(feature(F, 3, "keywords"), 0.0);  /* nor a figure */
    ck_assert_double_eq_tol(feature(F, 3, "figures"), log1p(2.0), 1e-12);
    ck_assert_double_eq(feature(F, 0, "figures"), 0.0);
    ck_assert_double_eq(feature(F, 4, "content_density"), 0.0);
    ck_assert_double_eq_tol(feature(F, 0, "content_density"), 4.0 / 5, 1e-12);
    ck_assert_double_eq_tol(feature(F, 0, "lead_by_length"), log(5.0), 1e-12);
    ck_assert_double_eq_tol(feature(F, 1, "lead_by_length"), log(5.0) / 2, 1e-12);
    ck_assert_double_eq_tol(feature(F, 4, "position_by_length"), log(5.0), 1e-12);
    ck_assert_double_eq(feature(F, 0, "position_by_length"), 0.0);
    free(F);
    precis_article_free(a);
    precis_model_free(m);
    free_corpus(&c);
}
END_TEST

/* ------------------------------------------------------------ the model file */

static unsigned char *save_bytes(const precis_model *m, const char *path, size_t *len)
{
    precis_error err;
    ck_assert_int_eq(precis_model_save(m, path, &err), PRECIS_OK);
    unsigned char *b = (unsigned char *)tu_read_file(path, len);
    ck_assert(b != NULL);
    return b;
}

static uint32_t get_u32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t get_u64(const unsigned char *p)
{
    return (uint64_t)get_u32(p) | (uint64_t)get_u32(p + 4) << 32;
}

static void put_u32(unsigned char *p, uint32_t x)
{
    for (int i = 0; i < 4; i++)
        p[i] = (unsigned char)(x >> (8 * i));
}

/* The table entry of tag, or NULL. */
static unsigned char *find_entry(unsigned char *b, const char *tag)
{
    uint32_t n = get_u32(b + 16);
    for (uint32_t i = 0; i < n; i++)
        if (memcmp(b + 20 + 28 * i, tag, 4) == 0)
            return b + 20 + 28 * i;
    return NULL;
}

/* After editing a section body: its CRC and the header's. */
static void fix_crcs(unsigned char *b, unsigned char *entry)
{
    put_u32(entry + 24, px_crc32(0, b + get_u64(entry + 8), (size_t)get_u64(entry + 16)));
    uint32_t n = get_u32(b + 16);
    put_u32(b + 20 + 28 * n, px_crc32(0, b, 20 + 28 * n));
}

static int load_bytes(const char *path, const unsigned char *b, size_t len, precis_model **m,
                      precis_error *err)
{
    ck_assert_int_eq(tu_write_file(path, b, len), 0);
    return precis_model_load(m, path, err);
}

/* The editor's traits of single sentences (learned_editor.c). */
START_TEST(editor_traits)
{
#define T(f, text) f(text, strlen(text))
    ck_assert(T(px_sentence_leans_back, "He said no."));
    ck_assert(T(px_sentence_leans_back, "\"But we tried,\" she said."));
    ck_assert(T(px_sentence_leans_back, "However, the vote passed."));
    ck_assert(!T(px_sentence_leans_back, "Helen said no."));
    ck_assert(!T(px_sentence_leans_back, "Butter prices rose."));
    ck_assert(T(px_sentence_has_quote, "He called it \xe2\x80\x9c" "fair\xe2\x80\x9d" "."));
    ck_assert(!T(px_sentence_has_quote, "It's the mayor's plan."));
    ck_assert(T(px_sentence_attributes, "\"It will rain,\" a source said."));
    ck_assert(T(px_sentence_attributes, "Rain is due, according to the office."));
    ck_assert(!T(px_sentence_attributes, "\"It will rain.\""));
    ck_assert(!T(px_sentence_attributes, "The saidy river rose."));
    ck_assert(T(px_sentence_is_question, "Who pays?"));
    ck_assert(T(px_sentence_is_question, "\"Who pays?\""));
    ck_assert(!T(px_sentence_is_question, "Who pays? Nobody."));
    ck_assert_uint_eq(T(px_sentence_capitalized_runs, "The Prime Minister met Angela Merkel in Berlin."), 3);
    ck_assert_uint_eq(T(px_sentence_capitalized_runs, "Rain fell."), 0);
    ck_assert_uint_eq(px_sentence_capitalized_runs("", 0), 0);
#define H(text, head) px_sentence_names_in_headline(text, strlen(text), head, strlen(head))
    /* Of "Obama", "Congress" and "Ohio's", two are in the headline. */
    ck_assert_double_eq_tol(H("Today Obama met Congress in Ohio's capital.", "Obama, Ohio: a deal"),
                            2.0 / 3, 1e-12);
    ck_assert_double_eq(H("Obama spoke.", "Obama wins"), 0.0); /* the first word is no name */
    ck_assert_double_eq(H("Then \"Obama\" spoke.", "OBAMA WINS"), 1.0);
    ck_assert_double_eq(H("It rained on Obamacare.", "Obama wins"), 0.0);
    ck_assert_double_eq(H("It rained on Obama.", ""), 0.0);
#undef H
#undef T
}
END_TEST

START_TEST(round_trip_scores_identical)
{
    corpus c = make_corpus();
    precis_model *m = train_full(&c, NULL);
    char *path = join(c.root, "m.model");
    size_t len;
    unsigned char *b = save_bytes(m, path, &len);
    unsigned char *e = find_entry(b, "SUMM");
    ck_assert_msg(e != NULL, "no SUMM section");
    ck_assert_uint_eq(get_u32(e + 4), 0); /* optional: older readers skip it */
    precis_model *back;
    precis_error err;
    ck_assert_int_eq(precis_model_load(&back, path, &err), PRECIS_OK);
    precis_summary_feature f1[64], f2[64];
    double i1, i2;
    size_t n1 = precis_model_summary_features(m, f1, 64, &i1);
    ck_assert_uint_eq(precis_model_summary_features(back, f2, 64, &i2), n1);
    ck_assert(i1 == i2);
    for (size_t j = 0; j < n1; j++) {
        ck_assert_str_eq(f1[j].name, f2[j].name);
        ck_assert(f1[j].weight == f2[j].weight && f1[j].mean == f2[j].mean &&
                  f1[j].scale == f2[j].scale);
    }
    for (int t = 0; t < 2; t++) {
        precis_article *a = new_article(t);
        precis_summary_options opt;
        precis_summary_options_default(&opt);
        opt.method = PRECIS_SUMMARIZER_LEARNED;
        opt.sentences = N_SENTS;
        precis_summary_sentence *s1, *s2;
        size_t k1, k2;
        ck_assert_int_eq(precis_summarize(m, a, NULL, &opt, &s1, &k1, &err), PRECIS_OK);
        ck_assert_int_eq(precis_summarize(back, a, NULL, &opt, &s2, &k2, &err), PRECIS_OK);
        ck_assert_uint_eq(k1, k2);
        for (size_t i = 0; i < k1; i++) {
            ck_assert_uint_eq(s1[i].index, s2[i].index);
            ck_assert_msg(s1[i].score == s2[i].score, "score %zu: %.17g vs %.17g", i, s1[i].score,
                          s2[i].score);
        }
        free(s1);
        free(s2);
        precis_article_free(a);
    }
    /* A model without a summary model writes the five required sections only. */
    precis_model *plain = train_classifier(&c);
    size_t plen;
    unsigned char *pb = save_bytes(plain, path, &plen);
    ck_assert_uint_eq(get_u32(pb + 16), 5);
    ck_assert(find_entry(pb, "SUMM") == NULL);
    free(pb);
    precis_model_free(plain);
    precis_model_free(back);
    precis_model_free(m);
    free(b);
    free(path);
    free_corpus(&c);
}
END_TEST

START_TEST(corrupt_summ_refused)
{
    corpus c = make_corpus();
    precis_model *m = train_full(&c, NULL);
    char *path = join(c.root, "m.model"), *bad = join(c.root, "bad.model");
    size_t len;
    unsigned char *b = save_bytes(m, path, &len);
    unsigned char *copy = malloc(len);
    precis_model *back = NULL;
    precis_error err;
    size_t off = (size_t)get_u64(find_entry(b, "SUMM") + 8);
    size_t slen = (size_t)get_u64(find_entry(b, "SUMM") + 16);

    /* A flipped bit: the CRC catches it. */
    memcpy(copy, b, len);
    copy[off + slen / 2] ^= 0x10;
    ck_assert_int_eq(load_bytes(bad, copy, len, &back, &err), PRECIS_ERR_CORRUPT);
    ck_assert_msg(strstr(err.message, "SUMM") && strstr(err.message, "CRC"), "%s", err.message);
    ck_assert(back == NULL);

    /* Consistent CRCs, inconsistent contents: each is refused by its check. */
    struct {
        size_t at;
        uint32_t value;
        const char *why;
    } edits[] = {
        {4, 1000, "features"},               /* more features than the bytes hold */
        {4, 0, "features"},                  /* none */
        {0, 0, "layout"},                    /* layout 0 */
        {40, 0, "name length"},              /* first name empty */
    };
    for (size_t k = 0; k < sizeof edits / sizeof edits[0]; k++) {
        memcpy(copy, b, len);
        put_u32(copy + off + edits[k].at, edits[k].value);
        fix_crcs(copy, find_entry(copy, "SUMM"));
        ck_assert_int_eq(load_bytes(bad, copy, len, &back, &err), PRECIS_ERR_CORRUPT);
        ck_assert_msg(strstr(err.message, "SUMM") && strstr(err.message, edits[k].why),
                      "edit %zu: %s", k, err.message);
    }
    /* The first feature's scale (after layout .. intercept, its name, its
     * mean) set to -1.0: refused. */
    uint32_t name_len = get_u32(b + off + 40);
    size_t scale_at = off + 44 + name_len + 8;
    memcpy(copy, b, len);
    double minus_one = -1.0;
    uint64_t bits;
    memcpy(&bits, &minus_one, sizeof bits);
    put_u32(copy + scale_at, (uint32_t)bits);
    put_u32(copy + scale_at + 4, (uint32_t)(bits >> 32));
    fix_crcs(copy, find_entry(copy, "SUMM"));
    ck_assert_int_eq(load_bytes(bad, copy, len, &back, &err), PRECIS_ERR_CORRUPT);
    ck_assert_msg(strstr(err.message, "scale"), "%s", err.message);

    /* Marked REQUIRED, it still loads: this precis knows SUMM. */
    memcpy(copy, b, len);
    unsigned char *e = find_entry(copy, "SUMM");
    put_u32(e + 4, 1);
    uint32_t n = get_u32(copy + 16);
    put_u32(copy + 20 + 28 * n, px_crc32(0, copy, 20 + 28 * n));
    ck_assert_int_eq(load_bytes(bad, copy, len, &back, &err), PRECIS_OK);
    ck_assert_uint_gt(precis_model_summary_features(back, NULL, 0, NULL), 0);
    precis_model_free(back);

    /* A feature this precis does not know (a newer writer): the classifier
     * loads, without the summary model. */
    memcpy(copy, b, len);
    copy[off + 44] = 'Z';
    fix_crcs(copy, find_entry(copy, "SUMM"));
    ck_assert_int_eq(load_bytes(bad, copy, len, &back, &err), PRECIS_OK);
    ck_assert_uint_eq(precis_model_summary_features(back, NULL, 0, NULL), 0);
    precis_model_free(back);
    /* ... unless its writer marked SUMM REQUIRED: then it needs a newer precis. */
    put_u32(find_entry(copy, "SUMM") + 4, 1);
    put_u32(copy + 20 + 28 * n, px_crc32(0, copy, 20 + 28 * n));
    ck_assert_int_eq(load_bytes(bad, copy, len, &back, &err), PRECIS_ERR_VERSION);
    ck_assert_msg(strstr(err.message, "newer precis"), "%s", err.message);

    free(copy);
    free(b);
    free(path);
    free(bad);
    precis_model_free(m);
    free_corpus(&c);
}
END_TEST

/* ------------------------------------------------------------ allocation failures */

START_TEST(allocation_failures_train)
{
    corpus c = make_corpus();
    precis_model *m = train_classifier(&c);
    precis_error err;
    int rc = PRECIS_ERR_NOMEM;
    long n, failures = 0;
    for (n = 1; rc != PRECIS_OK && n < 200000; n++) {
        px_alloc_fail_after(n, 1);
        rc = precis_model_train_summary(m, c.articles, c.summaries, NULL, NULL, NULL, &err);
        px_alloc_fail_after(0, 0);
        ck_assert_msg(rc == PRECIS_OK || rc == PRECIS_ERR_NOMEM, "allocation %ld: %d %s", n, rc,
                      err.message);
        if (rc == PRECIS_ERR_NOMEM) {
            failures++;
            /* A failed training leaves the model as it was. */
            ck_assert_uint_eq(precis_model_summary_features(m, NULL, 0, NULL), 0);
        }
    }
    ck_assert_int_eq(rc, PRECIS_OK);
    ck_assert_int_gt(failures, 10);
    ck_assert_uint_gt(precis_model_summary_features(m, NULL, 0, NULL), 0);
    precis_model_free(m);
    free_corpus(&c);
}
END_TEST

START_TEST(allocation_failures_summarize_and_load)
{
    corpus c = make_corpus();
    precis_model *m = train_full(&c, NULL);
    precis_article *a = new_article(1);
    precis_summary_options opt;
    precis_summary_options_default(&opt);
    opt.method = PRECIS_SUMMARIZER_LEARNED;
    precis_error err;
    int rc = PRECIS_ERR_NOMEM;
    long n;
    for (n = 1; rc != PRECIS_OK && n < 100000; n++) {
        precis_summary_sentence *s = NULL;
        size_t k = 0;
        px_alloc_fail_after(n, 1);
        rc = precis_summarize(m, a, NULL, &opt, &s, &k, &err);
        px_alloc_fail_after(0, 0);
        ck_assert(rc == PRECIS_OK || rc == PRECIS_ERR_NOMEM);
        free(s);
    }
    ck_assert_int_eq(rc, PRECIS_OK);
    ck_assert_int_gt(n, 5);
    char *path = join(c.root, "m.model");
    ck_assert_int_eq(precis_model_save(m, path, &err), PRECIS_OK);
    rc = PRECIS_ERR_NOMEM;
    for (n = 1; rc != PRECIS_OK && n < 100000; n++) {
        precis_model *back = NULL;
        px_alloc_fail_after(n, 1);
        rc = precis_model_load(&back, path, &err);
        px_alloc_fail_after(0, 0);
        ck_assert(rc == PRECIS_OK || rc == PRECIS_ERR_NOMEM);
        if (rc == PRECIS_OK)
            ck_assert_uint_gt(precis_model_summary_features(back, NULL, 0, NULL), 0);
        else
            ck_assert(back == NULL);
        precis_model_free(back);
    }
    ck_assert_int_eq(rc, PRECIS_OK);
    free(path);
    precis_article_free(a);
    precis_model_free(m);
    free_corpus(&c);
}
END_TEST

static Suite *learned_suite(void)
{
    Suite *s = suite_create("learned");
    TCase *t = tcase_create("training");
    tcase_add_test(t, training_counts);
    tcase_add_test(t, learned_picks_what_the_references_pick);
    tcase_add_test(t, pairwise_picks_what_the_references_pick);
    tcase_add_test(t, highlights_weigh_pairs);
    tcase_add_test(t, learned_word_length_cuts_only_the_last);
    tcase_add_test(t, learned_word_length_prefers_short_sentences_on_ties);
    tcase_add_test(t, pairwise_without_pairs_is_empty);
    tcase_add_test(t, learned_without_summary_model_is_an_error);
    tcase_add_test(t, bad_training_arguments);
    tcase_add_test(t, dropped_features_are_left_out);
    tcase_add_test(t, letters_graph_drops_digits);
    tcase_add_test(t, singular_graph_folds_plurals);
    tcase_add_test(t, editor_traits);
    tcase_add_test(t, key_terms_and_figures);
    suite_add_tcase(s, t);
    TCase *f = tcase_create("model file");
    tcase_add_test(f, round_trip_scores_identical);
    tcase_add_test(f, corrupt_summ_refused);
    suite_add_tcase(s, f);
    TCase *a = tcase_create("allocation failures");
    tcase_add_test(a, allocation_failures_train);
    tcase_add_test(a, allocation_failures_summarize_and_load);
    tcase_set_timeout(a, 600);
    suite_add_tcase(s, a);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(learned_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
