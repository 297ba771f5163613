/*
 * test_summarize.c — the extractive summarizers (model/summarize.c,
 * model/scorers.c, model/scorers_lsa.c, model/sentvec.c).
 *
 * Most articles here are built by hand (make_article) so each test controls
 * exactly which sentences exist, which are furniture, and what the headline
 * says; one fixture article goes through the real splitter, and one test
 * measures quality on BBC News Summary articles when the data set is there.
 */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "precis.h"
#include "modelfile/model.h"
#include "testutil.h"

static const precis_summarizer METHODS[] = {
    PRECIS_SUMMARIZER_DEFAULT, PRECIS_SUMMARIZER_CENTROID, PRECIS_SUMMARIZER_TEXTRANK,
    PRECIS_SUMMARIZER_LEXRANK, PRECIS_SUMMARIZER_LSA,      PRECIS_SUMMARIZER_LEAD,
};
#define N_METHODS (sizeof METHODS / sizeof METHODS[0])

/* ------------------------------------------------------------ hand-built articles */

/* headline (NULL: none), then the sentences joined by spaces; furniture[i]
 * marks page furniture (furniture NULL: none). Free with precis_article_free. */
static precis_article *make_article(const char *headline, const char *const *sents, size_t n,
                                    const int *furniture)
{
    size_t len = headline ? strlen(headline) + 2 : 0;
    for (size_t i = 0; i < n; i++)
        len += strlen(sents[i]) + 1;
    precis_article *a = calloc(1, sizeof *a);
    a->text = malloc(len + 1);
    a->sentences = calloc(n ? n : 1, sizeof *a->sentences);
    ck_assert(a->text && a->sentences);
    size_t at = 0;
    if (headline) {
        a->headline_start = 0;
        a->headline_len = strlen(headline);
        memcpy(a->text, headline, a->headline_len);
        memcpy(a->text + a->headline_len, "\n\n", 2);
        at = a->headline_len + 2;
    }
    for (size_t i = 0; i < n; i++) {
        size_t l = strlen(sents[i]);
        a->sentences[i] = (precis_sentence){at, l, 0, furniture ? furniture[i] : 0};
        memcpy(a->text + at, sents[i], l);
        at += l;
        a->text[at++] = ' ';
    }
    a->text[at] = '\0';
    a->len = at;
    a->n_sentences = n;
    return a;
}

static int summarize(const precis_model *m, const precis_article *a, precis_summarizer method,
                     size_t sentences, precis_summary_sentence **out, size_t *n)
{
    precis_summary_options o;
    precis_summary_options_default(&o);
    o.method = method;
    o.sentences = sentences;
    precis_error err = {0};
    int rc = precis_summarize(m, a, NULL, &o, out, n, &err);
    ck_assert_msg(rc == PRECIS_OK, "%s: %s", precis_summarizer_name(method), err.message);
    return rc;
}

/* All candidates' scores, by sentence index (non-candidates: -1). */
static void all_scores(const precis_model *m, const precis_article *a, const double *proba,
                       const precis_summary_options *base, double *score)
{
    precis_summary_options o = *base;
    o.ratio = 1.0;
    o.words = 0;
    o.mmr_lambda = 1.0;
    precis_summary_sentence *s = NULL;
    size_t n = 0;
    precis_error err = {0};
    ck_assert_int_eq(precis_summarize(m, a, proba, &o, &s, &n, &err), PRECIS_OK);
    for (size_t i = 0; i < a->n_sentences; i++)
        score[i] = -1;
    for (size_t i = 0; i < n; i++)
        score[s[i].index] = s[i].score;
    free(s);
}

static size_t count_words(const precis_article *a, size_t i)
{
    return precis_count_words(a->text + a->sentences[i].start, a->sentences[i].len);
}

/* One sentence (2) shares its words with every other: it is the centre. */
static const char *const CENTRAL[] = {
    "Rain fell on the old town overnight.",
    "The river rose under the stone bridge.",
    "Heavy rain made the river rise under the old town bridge.",
    "The bridge in the old town was closed to traffic.",
    "Shops stayed open despite the weather.",
};
#define N_CENTRAL 5

/* ------------------------------------------------------------ names and options */

START_TEST(test_names_round_trip)
{
    for (int s = PRECIS_SUMMARIZER_DEFAULT; s <= PRECIS_SUMMARIZER_LEARNED; s++)
        ck_assert_int_eq(precis_summarizer_parse(precis_summarizer_name((precis_summarizer)s)), s);
    ck_assert_str_eq(precis_summarizer_name(PRECIS_SUMMARIZER_TEXTRANK), "textrank");
    ck_assert_int_eq(precis_summarizer_parse("lexrank"), PRECIS_SUMMARIZER_LEXRANK);
    ck_assert_int_eq(precis_summarizer_parse("TextRank"), -1);
    ck_assert_int_eq(precis_summarizer_parse(""), -1);
    ck_assert_int_eq(precis_summarizer_parse(NULL), -1);
    ck_assert_str_eq(precis_summarizer_name((precis_summarizer)99), "unknown");
    precis_summary_options o;
    precis_summary_options_default(&o);
    ck_assert_int_eq(o.method, PRECIS_SUMMARIZER_DEFAULT);
    ck_assert_uint_eq(o.sentences, 3);
    ck_assert(o.ratio == 0 && o.words == 0 && o.mmr_lambda == 1.0 && !o.topic_weighting);
}
END_TEST

START_TEST(test_bad_arguments)
{
    precis_article *a = make_article("Floods", CENTRAL, N_CENTRAL, NULL);
    precis_summary_options o;
    precis_summary_sentence *s = (void *)1;
    size_t n = 7;
    precis_error err = {0};
    precis_summary_options_default(&o);
    ck_assert_int_eq(precis_summarize(NULL, a, NULL, &o, NULL, &n, &err), PRECIS_ERR_ARG);
    ck_assert_int_eq(precis_summarize(NULL, NULL, NULL, &o, &s, &n, &err), PRECIS_ERR_ARG);
    struct {
        precis_summarizer method;
        double ratio, lambda;
        size_t sentences;
    } bad[] = {
        {(precis_summarizer)42, 0, 1, 3}, {PRECIS_SUMMARIZER_LEARNED, 0, 1, 3},
        {PRECIS_SUMMARIZER_DEFAULT, 1.5, 1, 3}, {PRECIS_SUMMARIZER_DEFAULT, -0.1, 1, 3},
        {PRECIS_SUMMARIZER_DEFAULT, NAN, 1, 3}, {PRECIS_SUMMARIZER_DEFAULT, 0, 1.2, 3},
        {PRECIS_SUMMARIZER_DEFAULT, 0, -1, 3},  {PRECIS_SUMMARIZER_DEFAULT, 0, NAN, 3},
        {PRECIS_SUMMARIZER_DEFAULT, 0, 1, 0},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        precis_summary_options_default(&o);
        o.method = bad[i].method;
        o.ratio = bad[i].ratio;
        o.mmr_lambda = bad[i].lambda;
        o.sentences = bad[i].sentences;
        s = (void *)1;
        n = 7;
        err.code = PRECIS_OK;
        ck_assert_int_eq(precis_summarize(NULL, a, NULL, &o, &s, &n, &err), PRECIS_ERR_ARG);
        ck_assert_int_eq(err.code, PRECIS_ERR_ARG);
        ck_assert_ptr_null(s);
        ck_assert_uint_eq(n, 0);
    }
    /* A sentence outside the text, and a headline outside it. */
    precis_summary_options_default(&o);
    a->sentences[3].len = a->len;
    ck_assert_int_eq(precis_summarize(NULL, a, NULL, &o, &s, &n, &err), PRECIS_ERR_ARG);
    a->sentences[3].len = 1;
    a->headline_len = a->len + 1;
    ck_assert_int_eq(precis_summarize(NULL, a, NULL, &o, &s, &n, &err), PRECIS_ERR_ARG);
    precis_article_free(a);
}
END_TEST

/* ------------------------------------------------------------ scorers */

START_TEST(test_central_sentence_wins)
{
    precis_article *a = make_article(NULL, CENTRAL, N_CENTRAL, NULL);
    for (size_t m = 0; m < N_METHODS; m++) {
        if (METHODS[m] == PRECIS_SUMMARIZER_LEAD)
            continue;
        precis_summary_sentence *s = NULL;
        size_t n = 0;
        summarize(NULL, a, METHODS[m], 1, &s, &n);
        ck_assert_uint_eq(n, 1);
        ck_assert_msg(s[0].index == 2, "%s picked %zu", precis_summarizer_name(METHODS[m]),
                      s[0].index);
        free(s);
    }
    precis_article_free(a);
}
END_TEST

START_TEST(test_lead_takes_the_first)
{
    precis_article *a = make_article("A headline", CENTRAL, N_CENTRAL, NULL);
    precis_summary_sentence *s = NULL;
    size_t n = 0;
    summarize(NULL, a, PRECIS_SUMMARIZER_LEAD, 2, &s, &n);
    ck_assert_uint_eq(n, 2);
    ck_assert_uint_eq(s[0].index, 0);
    ck_assert_uint_eq(s[1].index, 1);
    ck_assert(s[0].score > s[1].score);
    free(s);
    precis_article_free(a);
}
END_TEST

/* Identical sentences score identically, and ties go to the earlier one. */
static const char *const TWINS[] = {
    "Parliament met again on Monday.",
    "The council approved the new budget for schools and roads.",
    "The council approved the new budget for schools and roads.",
    "Teachers welcomed the budget for schools.",
    "Drivers hoped the roads budget would fix potholes.",
};
#define N_TWINS 5

START_TEST(test_identical_sentences_tie_by_index)
{
    precis_article *a = make_article(NULL, TWINS, N_TWINS, NULL);
    for (size_t m = 0; m < N_METHODS; m++) {
        precis_summary_options o;
        precis_summary_options_default(&o);
        o.method = METHODS[m];
        double score[N_TWINS];
        all_scores(NULL, a, NULL, &o, score);
        if (METHODS[m] != PRECIS_SUMMARIZER_LEAD)
            ck_assert_msg(fabs(score[1] - score[2]) <= 1e-12 * fabs(score[1]), "%s: %g vs %g",
                          precis_summarizer_name(METHODS[m]), score[1], score[2]);
        precis_summary_sentence *s = NULL;
        size_t n = 0;
        summarize(NULL, a, METHODS[m], 1, &s, &n);
        ck_assert_uint_eq(n, 1);
        if (METHODS[m] != PRECIS_SUMMARIZER_LEAD)
            ck_assert_uint_eq(s[0].index, 1);
        free(s);
    }
    precis_article_free(a);
}
END_TEST

START_TEST(test_mmr_drops_the_duplicate)
{
    precis_article *a = make_article(NULL, TWINS, N_TWINS, NULL);
    precis_summary_options o;
    precis_summary_options_default(&o);
    o.method = PRECIS_SUMMARIZER_CENTROID;
    o.sentences = 2;
    precis_summary_sentence *s = NULL;
    size_t n = 0;
    precis_error err;
    ck_assert_int_eq(precis_summarize(NULL, a, NULL, &o, &s, &n, &err), PRECIS_OK);
    ck_assert_uint_eq(n, 2);
    ck_assert(s[0].index == 1 && s[1].index == 2); /* without MMR: both twins */
    free(s);
    o.mmr_lambda = 0.5;
    ck_assert_int_eq(precis_summarize(NULL, a, NULL, &o, &s, &n, &err), PRECIS_OK);
    ck_assert_uint_eq(n, 2);
    /* The first twin, and anything but the second. */
    ck_assert(s[0].index == 1 || s[1].index == 1);
    ck_assert(s[0].index != 2 && s[1].index != 2);
    free(s);
    precis_article_free(a);
}
END_TEST

/* ------------------------------------------------------------ lengths and order */

static const char *const TEN[] = {
    "Voters in the city chose a new mayor on Sunday.",
    "The new mayor promised cheaper buses for the city.",
    "Turnout was the highest in twenty years.",
    "Buses in the city have grown expensive since the fare rise.",
    "The outgoing mayor wished the winner well.",
    "Counting finished late on Sunday night.",
    "The mayor will take office in June.",
    "Several candidates also promised cheaper buses.",
    "A recount was not needed.",
    "The city council will meet the new mayor next week.",
};
#define N_TEN 10

START_TEST(test_sentence_and_ratio_lengths)
{
    precis_article *a = make_article("City elects mayor", TEN, N_TEN, NULL);
    struct {
        size_t sentences;
        double ratio;
        size_t want;
    } cases[] = {{1, 0, 1}, {4, 0, 4}, {10, 0, 10}, {50, 0, 10},
                 {3, 0.3, 3}, {3, 0.01, 1}, {3, 1.0, 10}, {3, 0.55, 6}};
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++)
        for (size_t m = 0; m < N_METHODS; m++) {
            precis_summary_options o;
            precis_summary_options_default(&o);
            o.method = METHODS[m];
            o.sentences = cases[c].sentences;
            o.ratio = cases[c].ratio;
            precis_summary_sentence *s = NULL;
            size_t n = 0;
            precis_error err;
            ck_assert_int_eq(precis_summarize(NULL, a, NULL, &o, &s, &n, &err), PRECIS_OK);
            ck_assert_msg(n == cases[c].want, "case %zu %s: %zu", c,
                          precis_summarizer_name(METHODS[m]), n);
            for (size_t i = 1; i < n; i++)
                ck_assert_uint_lt(s[i - 1].index, s[i].index); /* article order */
            for (size_t i = 0; i < n; i++)
                ck_assert(isfinite(s[i].score) && s[i].score >= 0);
            free(s);
        }
    precis_article_free(a);
}
END_TEST

START_TEST(test_word_budget)
{
    precis_article *a = make_article("City elects mayor", TEN, N_TEN, NULL);
    size_t total = 0;
    for (size_t i = 0; i < N_TEN; i++)
        total += count_words(a, i);
    size_t budgets[] = {1, 9, 10, 25, 40, total - 1, total, total + 100};
    for (size_t b = 0; b < sizeof budgets / sizeof budgets[0]; b++)
        for (size_t m = 0; m < N_METHODS; m++) {
            precis_summary_options o;
            precis_summary_options_default(&o);
            o.method = METHODS[m];
            o.words = budgets[b];
            o.sentences = 1; /* ignored when words is set */
            precis_summary_sentence *s = NULL;
            size_t n = 0;
            precis_error err;
            ck_assert_int_eq(precis_summarize(NULL, a, NULL, &o, &s, &n, &err), PRECIS_OK);
            size_t words = 0, lowest = 0;
            for (size_t i = 0; i < n; i++) {
                words += count_words(a, s[i].index);
                if (s[i].score < s[lowest].score ||
                    (s[i].score == s[lowest].score && s[i].index > s[lowest].index))
                    lowest = i;
            }
            if (budgets[b] >= total) {
                ck_assert_uint_eq(n, N_TEN);
            } else if (words >= budgets[b]) {
                /* Covers the budget, and the last pick (the lowest) was needed. */
                ck_assert_uint_lt(words - count_words(a, s[lowest].index), budgets[b]);
            } else {
                /* Short only because every sentence left would overshoot by over 30%. */
                for (size_t i = 0, j = 0; i < N_TEN; i++) {
                    if (j < n && s[j].index == i) {
                        j++;
                        continue;
                    }
                    ck_assert_double_gt((double)(words + count_words(a, i)), 1.3 * budgets[b]);
                }
            }
            /* Never more than 30% over, unless one sentence alone is. */
            ck_assert(n == 1 || (double)words <= 1.3 * budgets[b] || budgets[b] >= total);
            free(s);
        }
    precis_article_free(a);
}
END_TEST

/* --max-words: never more words than the cap, whatever else is asked; the
 * summary is as full as the cap allows (no sentence left out would still
 * have fitted, when a sentence or word length was not yet reached), and
 * empty when every sentence is longer than the cap. */
START_TEST(test_max_words_never_exceeds)
{
    precis_article *a = make_article("City elects mayor", TEN, N_TEN, NULL);
    size_t total = 0, shortest = (size_t)-1;
    for (size_t i = 0; i < N_TEN; i++) {
        size_t w = count_words(a, i);
        total += w;
        shortest = w < shortest ? w : shortest;
    }
    for (size_t cap = 1; cap <= total + 5; cap++)
        for (size_t m = 0; m < N_METHODS; m++)
            for (int length = 0; length < 3; length++) {
                precis_summary_options o;
                precis_summary_options_default(&o);
                o.method = METHODS[m];
                o.max_words = cap;
                if (length == 1)
                    o.words = cap; /* the overshoot --words allows is capped */
                else if (length == 2)
                    o.sentences = N_TEN;
                precis_summary_sentence *s = NULL;
                size_t n = 0;
                precis_error err;
                ck_assert_int_eq(precis_summarize(NULL, a, NULL, &o, &s, &n, &err), PRECIS_OK);
                size_t words = 0;
                for (size_t i = 0; i < n; i++)
                    words += count_words(a, s[i].index);
                ck_assert_msg(words <= cap, "cap %zu: %zu words", cap, words);
                if (cap < shortest)
                    ck_assert_uint_eq(n, 0);
                size_t target = length == 0 ? 3 : N_TEN;
                if (n < target && (length != 1 || words < cap))
                    for (size_t i = 0, j = 0; i < N_TEN; i++) {
                        if (j < n && s[j].index == i) {
                            j++;
                            continue;
                        }
                        ck_assert_msg(words + count_words(a, i) > cap,
                                      "cap %zu: sentence %zu would have fitted", cap, i);
                    }
                free(s);
            }
    precis_article_free(a);
}
END_TEST

/* The cut protocol's prefix: the first n words, trailing space dropped. */
START_TEST(test_prefix_words)
{
    const char *t = "  One two\tthree \xc2\xa0" "four.\n five ";
    size_t len = strlen(t);
    ck_assert_uint_eq(precis_count_words(t, len), 5);
    static const char *const want[] = {"", "  One", "  One two", "  One two\tthree",
                                       "  One two\tthree \xc2\xa0" "four."};
    for (size_t n = 0; n < 5; n++) {
        size_t k = precis_prefix_words(t, len, n);
        ck_assert_uint_eq(k, n ? strlen(want[n]) : 0);
        ck_assert_int_eq(memcmp(t, want[n], k), 0);
        ck_assert_uint_eq(precis_count_words(t, k), n);
    }
    ck_assert_uint_eq(precis_prefix_words(t, len, 5), len - 1); /* the trailing space */
    for (size_t n = 6; n < 8; n++)
        ck_assert_uint_eq(precis_prefix_words(t, len, n), len);
    ck_assert_uint_eq(precis_prefix_words(NULL, 0, 3), 0);
}
END_TEST

/* A two-sentence quotation closed by its speaker (0-1), and an attributed
 * quote followed by an all-quote sentence (3-4): each pair is one unit. */
static const char *const QUOTED[] = {
    "\"The old bridge over the river will reopen in spring.",
    "Crews are working on the bridge day and night,\" a council engineer said.",
    "The river rose two metres on Monday.",
    "\"It was the worst flood on the river in years,\" said one shopkeeper.",
    "\"We lost everything we had in the flood.\"",
    "Shops stayed open despite the weather.",
};
#define N_QUOTED 6

static int picked(const precis_summary_sentence *s, size_t n, size_t index)
{
    for (size_t i = 0; i < n; i++)
        if (s[i].index == index)
            return 1;
    return 0;
}

START_TEST(test_quotes_stay_whole)
{
    precis_article *a = make_article("Flood closes the river bridge", QUOTED, N_QUOTED, NULL);
    for (size_t m = 0; m < N_METHODS; m++)
        for (size_t len = 1; len <= 2 * N_QUOTED; len++) {
            precis_summary_options o;
            precis_summary_options_default(&o);
            o.method = METHODS[m];
            if (len <= N_QUOTED)
                o.sentences = len;
            else
                o.words = 6 * (len - N_QUOTED);
            precis_summary_sentence *s = NULL;
            size_t n = 0;
            precis_error err;
            ck_assert_int_eq(precis_summarize(NULL, a, NULL, &o, &s, &n, &err), PRECIS_OK);
            ck_assert_uint_gt(n, 0);
            ck_assert_int_eq(picked(s, n, 0), picked(s, n, 1));
            ck_assert_int_eq(picked(s, n, 3), picked(s, n, 4));
            /* A sentence length is kept unless the first unit alone exceeds it. */
            if (len <= N_QUOTED && !(len == 1 && n == 2))
                ck_assert_uint_le(n, len);
            free(s);
        }
    /* The lead's first unit is the quotation with its speaker. */
    precis_summary_options o;
    precis_summary_options_default(&o);
    o.method = PRECIS_SUMMARIZER_LEAD;
    for (size_t len = 1; len <= 3; len++) {
        o.sentences = len;
        precis_summary_sentence *s = NULL;
        size_t n = 0;
        precis_error err;
        ck_assert_int_eq(precis_summarize(NULL, a, NULL, &o, &s, &n, &err), PRECIS_OK);
        ck_assert_uint_eq(n, len < 2 ? 2 : len);
        ck_assert(picked(s, n, 0) && picked(s, n, 1));
        free(s);
    }
    precis_article_free(a);
}
END_TEST

/* A quotation left open at the paragraph's end joins nothing. */
START_TEST(test_open_quote_joins_nothing)
{
    static const char *const OPEN[] = {
        "\"The bridge will reopen in spring.",
        "Crews are working day and night.",
        "The river rose two metres on Monday.",
    };
    precis_article *a = make_article(NULL, OPEN, 3, NULL);
    precis_summary_options o;
    precis_summary_options_default(&o);
    o.method = PRECIS_SUMMARIZER_LEAD;
    o.sentences = 1;
    precis_summary_sentence *s = NULL;
    size_t n = 0;
    precis_error err;
    ck_assert_int_eq(precis_summarize(NULL, a, NULL, &o, &s, &n, &err), PRECIS_OK);
    ck_assert_uint_eq(n, 1);
    ck_assert_uint_eq(s[0].index, 0);
    free(s);
    precis_article_free(a);
}
END_TEST

START_TEST(test_deterministic)
{
    precis_article *a = make_article("City elects mayor", TEN, N_TEN, NULL);
    for (size_t m = 0; m < N_METHODS; m++)
        for (int mmr = 0; mmr < 2; mmr++) {
            precis_summary_options o;
            precis_summary_options_default(&o);
            o.method = METHODS[m];
            o.words = 30;
            o.mmr_lambda = mmr ? 0.7 : 1.0;
            precis_summary_sentence *s1 = NULL, *s2 = NULL;
            size_t n1 = 0, n2 = 0;
            precis_error err;
            ck_assert_int_eq(precis_summarize(NULL, a, NULL, &o, &s1, &n1, &err), PRECIS_OK);
            ck_assert_int_eq(precis_summarize(NULL, a, NULL, &o, &s2, &n2, &err), PRECIS_OK);
            ck_assert_uint_eq(n1, n2);
            ck_assert_int_eq(memcmp(s1, s2, n1 * sizeof *s1), 0);
            free(s1);
            free(s2);
        }
    precis_article_free(a);
}
END_TEST

/* ------------------------------------------------------------ headline and furniture */

START_TEST(test_furniture_never_selected)
{
    /* Sentence 0 is the most central text of all, but furniture. */
    static const char *const sents[] = {
        "Heavy rain made the river rise under the old town bridge.",
        "Rain fell on the old town overnight.",
        "The river rose under the stone bridge.",
        "Share this article",
        "The bridge in the old town was closed to traffic.",
    };
    int furniture[] = {1, 0, 0, 1, 0};
    precis_article *a = make_article("Rain and river", sents, 5, furniture);
    for (size_t m = 0; m < N_METHODS; m++) {
        precis_summary_options o;
        precis_summary_options_default(&o);
        o.method = METHODS[m];
        o.ratio = 1.0;
        precis_summary_sentence *s = NULL;
        size_t n = 0;
        precis_error err;
        ck_assert_int_eq(precis_summarize(NULL, a, NULL, &o, &s, &n, &err), PRECIS_OK);
        ck_assert_uint_eq(n, 3);
        ck_assert(s[0].index == 1 && s[1].index == 2 && s[2].index == 4);
        free(s);
    }
    int all[] = {1, 1, 1, 1, 1};
    precis_article *b = make_article("Rain and river", sents, 5, all);
    precis_summary_sentence *s = (void *)1;
    size_t n = 9;
    summarize(NULL, b, PRECIS_SUMMARIZER_DEFAULT, 3, &s, &n);
    ck_assert_uint_eq(n, 0);
    ck_assert_ptr_null(s);
    precis_article_free(a);
    precis_article_free(b);
}
END_TEST

START_TEST(test_headline_is_evidence_not_a_candidate)
{
    /* Without a headline sentences 0 and 1 are equally central; the headline
     * speaks of 1's words, so mixed in it favours 1, and is never output. */
    static const char *const sents[] = {
        "Wheat prices rose in the market.",
        "Coffee prices rose in the market.",
    };
    precis_article *with = make_article("Coffee prices hit record", sents, 2, NULL);
    precis_article *without = make_article(NULL, sents, 2, NULL);
    px_summary_tuning tuning;
    px_summary_tuning_default(&tuning);
    precis_summary_options o;
    precis_summary_options_default(&o);
    o.ratio = 1.0;
    for (int variant = 0; variant < 2; variant++) {
        tuning.headline_mix = variant ? 0.0 : 0.3;
        tuning.headline_weight = variant ? 1.0 : 0.0;
        for (size_t m = 0; m < N_METHODS; m++) {
            if (METHODS[m] == PRECIS_SUMMARIZER_LEAD)
                continue;
            o.method = METHODS[m];
            double s_with[2], s_without[2];
            precis_summary_sentence *s = NULL;
            size_t n = 0;
            precis_error err;
            ck_assert_int_eq(px_summarize_tuned(NULL, without, NULL, &o, &tuning, &s, &n, &err),
                             PRECIS_OK);
            ck_assert_uint_eq(n, 2);
            s_without[0] = s[0].score;
            s_without[1] = s[1].score;
            free(s);
            ck_assert_int_eq(px_summarize_tuned(NULL, with, NULL, &o, &tuning, &s, &n, &err),
                             PRECIS_OK);
            ck_assert_uint_eq(n, 2); /* the body's two sentences, not the headline */
            s_with[0] = s[0].score;
            s_with[1] = s[1].score;
            free(s);
            ck_assert(fabs(s_without[0] - s_without[1]) < 1e-12);
            if (variant == 0 || METHODS[m] == PRECIS_SUMMARIZER_CENTROID)
                ck_assert_msg(s_with[1] > s_with[0], "%s variant %d: %g %g",
                              precis_summarizer_name(METHODS[m]), variant, s_with[0], s_with[1]);
        }
    }
    precis_article_free(with);
    precis_article_free(without);
}
END_TEST

/* ------------------------------------------------------------ degenerate articles */

START_TEST(test_empty_and_single)
{
    precis_article *empty = make_article("Only a headline", NULL, 0, NULL);
    static const char *const one[] = {"A single sentence makes the whole body."};
    precis_article *single = make_article(NULL, one, 1, NULL);
    for (size_t m = 0; m < N_METHODS; m++) {
        precis_summary_sentence *s = (void *)1;
        size_t n = 9;
        summarize(NULL, empty, METHODS[m], 3, &s, &n);
        ck_assert_uint_eq(n, 0);
        ck_assert_ptr_null(s);
        summarize(NULL, single, METHODS[m], 3, &s, &n);
        ck_assert_uint_eq(n, 1);
        ck_assert_uint_eq(s[0].index, 0);
        ck_assert(isfinite(s[0].score));
        free(s);
    }
    precis_article zero = {0}; /* no text at all */
    precis_summary_sentence *s = (void *)1;
    size_t n = 9;
    summarize(NULL, &zero, PRECIS_SUMMARIZER_DEFAULT, 3, &s, &n);
    ck_assert_uint_eq(n, 0);
    ck_assert_ptr_null(s);
    precis_article_free(empty);
    precis_article_free(single);
}
END_TEST

START_TEST(test_zero_vectors)
{
    /* No token at all, one-character tokens only, punctuation: zero vectors. */
    static const char *const sents[] = {"!!! ???", "a b c d", "--", "", "Real words live here."};
    static const char *const none[] = {"...", "a b", "?"};
    precis_article *a = make_article("?", sents, 5, NULL);
    precis_article *b = make_article(NULL, none, 3, NULL);
    for (size_t m = 0; m < N_METHODS; m++)
        for (int mmr = 0; mmr < 2; mmr++) {
            precis_summary_options o;
            precis_summary_options_default(&o);
            o.method = METHODS[m];
            o.mmr_lambda = mmr ? 0.6 : 1.0;
            double score[5];
            all_scores(NULL, a, NULL, &o, score);
            for (size_t i = 0; i < 5; i++)
                ck_assert_msg(isfinite(score[i]) && score[i] >= 0, "%s %zu: %g",
                              precis_summarizer_name(METHODS[m]), i, score[i]);
            if (METHODS[m] != PRECIS_SUMMARIZER_LEAD)
                for (size_t i = 0; i < 4; i++)
                    ck_assert(score[i] <= score[4]);
            all_scores(NULL, b, NULL, &o, score);
            for (size_t i = 0; i < 3; i++)
                ck_assert(isfinite(score[i]) && score[i] >= 0);
            precis_summary_sentence *s = NULL;
            size_t n = 0;
            precis_error err;
            ck_assert_int_eq(precis_summarize(NULL, b, NULL, &o, &s, &n, &err), PRECIS_OK);
            ck_assert_uint_eq(n, 3);
            free(s);
        }
    precis_article_free(a);
    precis_article_free(b);
}
END_TEST

/* 20,000 sentences: the graph methods must not build a 3.2 GB matrix; past
 * their cap they score exactly as the centroid does (the documented fallback). */
START_TEST(test_huge_article)
{
    enum { N = 20000 };
    static const char *const words[] = {"river", "bridge", "rain", "town", "market", "school",
                                        "road", "council", "budget", "harbour", "storm"};
    char **sents = malloc(N * sizeof *sents);
    for (size_t i = 0; i < N; i++) {
        sents[i] = malloc(96);
        snprintf(sents[i], 96, "The %s and the %s met the %s%zu.", words[i % 11],
                 words[(i / 11) % 11], words[(i / 121) % 11], i % 7);
    }
    precis_article *a = make_article("Huge", (const char *const *)sents, N, NULL);
    precis_summary_options o;
    precis_summary_options_default(&o);
    o.sentences = 5;
    o.mmr_lambda = 0.7;
    precis_summarizer methods[] = {PRECIS_SUMMARIZER_CENTROID, PRECIS_SUMMARIZER_TEXTRANK,
                                   PRECIS_SUMMARIZER_LEXRANK, PRECIS_SUMMARIZER_LSA};
    precis_summary_sentence *ref = NULL;
    size_t n_ref = 0;
    for (size_t m = 0; m < 4; m++) {
        o.method = methods[m];
        precis_summary_sentence *s = NULL;
        size_t n = 0;
        precis_error err;
        ck_assert_int_eq(precis_summarize(NULL, a, NULL, &o, &s, &n, &err), PRECIS_OK);
        ck_assert_uint_eq(n, 5);
        if (m == 0) {
            ref = s;
            n_ref = n;
            continue;
        }
        ck_assert_int_eq(memcmp(s, ref, n_ref * sizeof *s), 0);
        free(s);
    }
    free(ref);
    o.method = PRECIS_SUMMARIZER_DEFAULT;
    o.mmr_lambda = 1.0;
    o.words = 200000; /* more than the article: everything */
    precis_summary_sentence *s = NULL;
    size_t n = 0;
    precis_error err;
    ck_assert_int_eq(precis_summarize(NULL, a, NULL, &o, &s, &n, &err), PRECIS_OK);
    ck_assert_uint_eq(n, N);
    free(s);
    for (size_t i = 0; i < N; i++)
        free(sents[i]);
    free(sents);
    precis_article_free(a);
}
END_TEST

/* ------------------------------------------------------------ with a model */

static const char *const SPORT_DOCS[] = {
    "The striker scored a late goal and the team won the match.",
    "The goalkeeper saved a penalty in the cup match.",
    "Fans cheered as the team scored again in the league match.",
};
static const char *const BUSINESS_DOCS[] = {
    "The bank raised interest rates and shares fell on the market.",
    "Profits at the bank rose as loans grew.",
    "Investors sold shares after the interest rates decision.",
};

static precis_model *make_model(void)
{
    precis_vectorizer_builder *b = NULL;
    precis_vectorizer *v = NULL;
    precis_csr X = {0};
    precis_error err;
    uint32_t y[6];
    ck_assert_int_eq(precis_vectorizer_builder_new(&b, NULL, &err), PRECIS_OK);
    for (size_t i = 0; i < 6; i++) {
        const char *d = i < 3 ? SPORT_DOCS[i] : BUSINESS_DOCS[i - 3];
        y[i] = i < 3 ? 1 : 0; /* classes sorted: business, sport */
        ck_assert_int_eq(precis_vectorizer_builder_add(b, d, strlen(d), &err), PRECIS_OK);
    }
    ck_assert_int_eq(precis_vectorizer_builder_finish(b, &v, &X, &err), PRECIS_OK);
    precis_vectorizer_builder_free(b);
    precis_logreg_params p;
    precis_logreg_params_default(&p);
    p.n_threads = 1;
    precis_logreg *lr = NULL;
    ck_assert_int_eq(precis_logreg_train(&X, y, 2, &p, &lr, &err), PRECIS_OK);
    precis_csr_free(&X);
    const char *labels[] = {"business", "sport"};
    precis_model *m = NULL;
    ck_assert_int_eq(precis_model_new(&m, v, lr, labels, 2, NULL, &err), PRECIS_OK);
    return m;
}

/* Sentence 0 speaks of sport, 1 of business, 2 of both: topic weighting for
 * sport must raise 0 against 1, and for business the other way round. */
static const char *const MIXED[] = {
    "The striker scored a goal in the match.",
    "The bank raised interest rates on loans.",
    "The team and the bank shared the match and the rates.",
};

/* An article the model takes for sport (MIXED it takes for business). */
static const char *const SPORTY[] = {
    "The striker scored a late goal in the cup match.",
    "Fans cheered as the team won the league match.",
    "The bank raised interest rates on loans.",
};

/* Without proba, the scores are those given the article's own
 * classification explicitly, and differ from those given the other topic. */
static void check_own_classification(const precis_model *m, const precis_article *a,
                                     const precis_summary_options *o)
{
    double own[3], p_own[2], given[3], other[3];
    precis_error err;
    all_scores(m, a, NULL, o, own);
    ck_assert_int_eq(precis_model_classify(m, a->text, a->len, p_own, &err), PRECIS_OK);
    all_scores(m, a, p_own, o, given);
    double p_other[2] = {p_own[1], p_own[0]};
    all_scores(m, a, p_other, o, other);
    int differs = 0;
    for (size_t i = 0; i < 3; i++) {
        ck_assert(isfinite(own[i]));
        ck_assert_msg(own[i] == given[i], "%s: sentence %zu scores %.17g on its own, %.17g given its "
                      "classification", precis_summarizer_name(o->method), i, own[i], given[i]);
        differs |= own[i] != other[i];
    }
    ck_assert_msg(differs, "%s: the article's own topic made no difference",
                  precis_summarizer_name(o->method));
}

START_TEST(test_topic_weighting_follows_the_topic)
{
    precis_model *m = make_model();
    precis_article *a = make_article(NULL, MIXED, 3, NULL);
    precis_article *sporty = make_article(NULL, SPORTY, 3, NULL);
    /* The two are taken for different topics, so a summarizer that ignored the
     * article's classification (always one topic) would fail one of them. */
    double p_mixed[2], p_sporty[2];
    precis_error err;
    ck_assert_int_eq(precis_model_classify(m, a->text, a->len, p_mixed, &err), PRECIS_OK);
    ck_assert_int_eq(precis_model_classify(m, sporty->text, sporty->len, p_sporty, &err), PRECIS_OK);
    ck_assert_msg((p_mixed[1] > p_mixed[0]) != (p_sporty[1] > p_sporty[0]), "mixed %g/%g, sporty %g/%g",
                  p_mixed[0], p_mixed[1], p_sporty[0], p_sporty[1]);
    precis_summarizer methods[] = {PRECIS_SUMMARIZER_CENTROID, PRECIS_SUMMARIZER_DEFAULT,
                                   PRECIS_SUMMARIZER_TEXTRANK};
    for (size_t k = 0; k < 3; k++) {
        precis_summary_options o;
        precis_summary_options_default(&o);
        o.method = methods[k];
        double plain[3], sport[3], business[3];
        double p_sport[2] = {0.1, 0.9}, p_business[2] = {0.9, 0.1};
        all_scores(m, a, NULL, &o, plain);
        o.topic_weighting = 1;
        all_scores(m, a, p_sport, &o, sport);
        all_scores(m, a, p_business, &o, business);
        ck_assert_msg(sport[0] / sport[1] > plain[0] / plain[1], "%s",
                      precis_summarizer_name(methods[k]));
        ck_assert_msg(business[0] / business[1] < plain[0] / plain[1], "%s",
                      precis_summarizer_name(methods[k]));
        /* No proba given: the model classifies the article itself. */
        check_own_classification(m, a, &o);
        check_own_classification(m, sporty, &o);
    }
    precis_article_free(a);
    precis_article_free(sporty);
    precis_model_free(m);
}
END_TEST

/* ------------------------------------------------------------ allocation failures */

static int run_with_failure(const precis_model *m, const precis_article *a,
                            const precis_summary_options *o, long k, long *allocs)
{
    precis_summary_sentence *s = (void *)1;
    size_t n = 9;
    precis_error err = {0};
    px_alloc_fail_after(k, 1);
    int rc = precis_summarize(m, a, NULL, o, &s, &n, &err);
    *allocs = px_alloc_count();
    px_alloc_fail_after(0, 0);
    if (rc == PRECIS_OK) {
        ck_assert_uint_gt(n, 0);
        free(s);
    } else {
        ck_assert_int_eq(err.code, rc);
        ck_assert_ptr_null(s);
        ck_assert_uint_eq(n, 0);
    }
    return rc;
}

START_TEST(test_allocation_failures)
{
    precis_model *m = make_model();
    precis_article *a = make_article("Sport and money", TEN, N_TEN, NULL);
    for (size_t meth = 0; meth < N_METHODS; meth++)
        for (int with_model = 0; with_model < 2; with_model++) {
            precis_summary_options o;
            precis_summary_options_default(&o);
            o.method = METHODS[meth];
            o.mmr_lambda = 0.7;
            o.words = 30;
            o.topic_weighting = with_model;
            const precis_model *mm = with_model ? m : NULL;
            long total;
            ck_assert_int_eq(run_with_failure(mm, a, &o, 0, &total), PRECIS_OK);
            ck_assert_int_gt(total, 3);
            long failures = 0, allocs;
            for (long k = 1; k <= total + 1; k++) {
                int rc = run_with_failure(mm, a, &o, k, &allocs);
                ck_assert_msg(rc == PRECIS_OK || rc == PRECIS_ERR_NOMEM, "%s k=%ld: %d",
                              precis_summarizer_name(METHODS[meth]), k, rc);
                failures += rc == PRECIS_ERR_NOMEM;
            }
            ck_assert_int_eq(failures, total);
        }
    precis_article_free(a);
    precis_model_free(m);
}
END_TEST

/* ------------------------------------------------------------ real articles */

START_TEST(test_fixture_article)
{
    size_t len;
    char *bytes = tu_read_file(tu_source_path("tests/fixtures/summarize/harbour.txt"), &len);
    ck_assert_ptr_nonnull(bytes);
    precis_article *a = NULL;
    precis_error err;
    ck_assert_int_eq(precis_article_split(&a, bytes, len, &err), PRECIS_OK);
    free(bytes);
    ck_assert_uint_gt(a->n_sentences, 5);
    for (size_t meth = 0; meth < N_METHODS; meth++) {
        precis_summary_sentence *s = NULL;
        size_t n = 0;
        summarize(NULL, a, METHODS[meth], 3, &s, &n);
        ck_assert_uint_eq(n, 3);
        for (size_t i = 0; i < n; i++) {
            ck_assert(!a->sentences[s[i].index].is_furniture);
            /* The bakery aside is about nothing else in the article. */
            const precis_sentence *x = &a->sentences[s[i].index];
            ck_assert_msg(!strstr(a->text + x->start, "bakery") ||
                              (size_t)(strstr(a->text + x->start, "bakery") - a->text) >=
                                  x->start + x->len,
                          "%s chose the bakery", precis_summarizer_name(METHODS[meth]));
        }
        free(s);
    }
    precis_article_free(a);
}
END_TEST

/* Mean ROUGE-2 F1 of a method on the first `limit` business articles of the
 * BBC test split, at the reference's length. */
static double bbc_rouge2(const char *root, precis_summarizer method, size_t limit)
{
    double sum = 0;
    size_t n = 0;
    for (int number = 5; n < limit && number <= 510; number += 5) {
        char ap[4096], sp[4096];
        snprintf(ap, sizeof ap, "%s/News Articles/business/%03d.txt", root, number);
        snprintf(sp, sizeof sp, "%s/Summaries/business/%03d.txt", root, number);
        size_t alen, rlen;
        char *art = tu_read_file(ap, &alen), *ref = tu_read_file(sp, &rlen);
        ck_assert(art && ref);
        precis_article *a = NULL;
        precis_error err;
        ck_assert_int_eq(precis_article_split(&a, art, alen, &err), PRECIS_OK);
        precis_summary_options o;
        precis_summary_options_default(&o);
        o.method = method;
        o.words = precis_count_words(ref, rlen);
        precis_summary_sentence *s = NULL;
        size_t k = 0;
        ck_assert_int_eq(precis_summarize(NULL, a, NULL, &o, &s, &k, &err), PRECIS_OK);
        char *cand = malloc(a->len + k + 1);
        size_t at = 0;
        for (size_t i = 0; i < k; i++) {
            const precis_sentence *x = &a->sentences[s[i].index];
            memcpy(cand + at, a->text + x->start, x->len);
            at += x->len;
            cand[at++] = ' ';
        }
        precis_rouge r;
        ck_assert_int_eq(precis_rouge_score(ref, rlen, cand, at, &r, &err), PRECIS_OK);
        sum += r.f1[1];
        n++;
        free(cand);
        free(s);
        precis_article_free(a);
        free(art);
        free(ref);
    }
    return sum / (double)n;
}

START_TEST(test_bbc_centrality_beats_position)
{
    const char *root = tu_dataset("bbc-news-summary");
    if (!root)
        return;
    double lead = bbc_rouge2(root, PRECIS_SUMMARIZER_LEAD, 40);
    double dflt = bbc_rouge2(root, PRECIS_SUMMARIZER_DEFAULT, 40);
    double textrank = bbc_rouge2(root, PRECIS_SUMMARIZER_TEXTRANK, 40);
    /* The reference extracts favour central sentences wherever they are. */
    ck_assert_msg(dflt > lead + 0.1, "default %.3f lead %.3f", dflt, lead);
    ck_assert_msg(textrank > lead, "textrank %.3f lead %.3f", textrank, lead);
}
END_TEST

static Suite *summarize_suite(void)
{
    Suite *s = suite_create("summarize");
    TCase *basics = tcase_create("basics");
    tcase_add_test(basics, test_names_round_trip);
    tcase_add_test(basics, test_bad_arguments);
    suite_add_tcase(s, basics);
    TCase *scorers = tcase_create("scorers");
    tcase_add_test(scorers, test_central_sentence_wins);
    tcase_add_test(scorers, test_lead_takes_the_first);
    tcase_add_test(scorers, test_identical_sentences_tie_by_index);
    tcase_add_test(scorers, test_mmr_drops_the_duplicate);
    tcase_add_test(scorers, test_topic_weighting_follows_the_topic);
    suite_add_tcase(s, scorers);
    TCase *select = tcase_create("selection");
    tcase_add_test(select, test_sentence_and_ratio_lengths);
    tcase_add_test(select, test_word_budget);
    tcase_add_test(select, test_max_words_never_exceeds);
    tcase_add_test(select, test_quotes_stay_whole);
    tcase_add_test(select, test_open_quote_joins_nothing);
    tcase_add_test(select, test_prefix_words);
    tcase_add_test(select, test_deterministic);
    tcase_add_test(select, test_furniture_never_selected);
    tcase_add_test(select, test_headline_is_evidence_not_a_candidate);
    suite_add_tcase(s, select);
    TCase *edge = tcase_create("degenerate");
    tcase_add_test(edge, test_empty_and_single);
    tcase_add_test(edge, test_zero_vectors);
    tcase_add_test(edge, test_huge_article);
    tcase_add_test(edge, test_allocation_failures);
    suite_add_tcase(s, edge);
    TCase *real = tcase_create("articles");
    tcase_add_test(real, test_fixture_article);
    suite_add_tcase(s, real);
    TCase *data = tcase_create("datasets");
    tcase_set_tags(data, "datasets");
    tcase_set_timeout(data, 300);
    tcase_add_test(data, test_bbc_centrality_beats_position);
    suite_add_tcase(s, data);
    return s;
}

int main(void)
{
    return tu_run(summarize_suite());
}
