/*
 * learned.c — the learned summarizer: the sentence features, the summary
 * model that weighs them, and scoring an article's sentences with it.
 * (Training it on reference extracts is learned_train.c's concern.)
 *
 * Every feature is measured over the article's active sentences (not page
 * furniture) and is finite. Scores that only mean something relative to the
 * rest of the article (centroid, frequency, topic) are divided by their
 * article maximum; graph centralities are multiplied by the number of active
 * sentences, so 1 is the average sentence whatever the article's length.
 * The z_ features restate some as z-scores within the article: a sentence is
 * picked against its neighbours, not against every article's (5-fold CV on
 * the CNN extracts, ROUGE-2 cut: 0.4149 without them, 0.4168 with).
 * What an editor's highlights keep: the article's key terms (keywords,
 * keyword_weight), figures, the share of content words, lead and position
 * scaled by the article's length, and the names the headline holds too.
 * 5-fold CV on cnn-corpus-dev (bench/summarize_cnn_cv.sh, ROUGE-2 F1 cut,
 * extracts / highlights; bench/results/summarize_cnn_cv_features.tsv):
 * 0.4212 / 0.1374 without them, 0.4259 / 0.1406 with. Left out, one at a
 * time: names_headline 0.4260 / 0.1400; content_density 0.4259 / 0.1401;
 * lead_by_length 0.4259 / 0.1405; keyword_weight 0.4267 / 0.1399. With
 * names_headline out too: keywords 0.4209 / 0.1385, figures 0.4211 /
 * 0.1393, position_by_length 0.4247 / 0.1399. 10 or 30 key terms instead of
 * 20: 0.4195 / 0.1396 and 0.4223 / 0.1388.
 * Training and scoring compute features through the same function, on
 * sentence vectors built the same way (the model's idf, no topic scale), so
 * a sentence gets exactly the features it was trained with.
 *
 * Invariants: the feature table's names never change meaning (model files
 * store them); a summary model's arrays agree with its n_features (see
 * px_summary_model in learned.h).
 */
#include "summarize/learned.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/error.h"
#include "classify/classify.h"
#include "summarize/scorers.h"
#include "text/chars.h"
#include "text/text.h"

enum {
    F_POSITION, F_LEAD, F_PARAGRAPH_POSITION, F_PARAGRAPH_FIRST, F_LENGTH, F_LENGTH_RELATIVE,
    F_HEADLINE, F_CENTROID, F_FREQUENCY, F_FREQUENCY_SUM, F_TEXTRANK, F_TEXTRANK_WORDS,
    F_IDF_SUM, F_IDF_MEAN, F_TOPIC, F_QUOTES, F_NUMBERS, F_CAPITALS, F_TEXTRANK_SURFACE,
    F_TEXTRANK_LETTERS, F_TEXTRANK_SINGULAR, F_PARAGRAPH_RANK, F_PARAGRAPH_LEAD, F_FIRST,
    F_SECOND, F_THIRD, F_LEANS_BACK, F_QUOTE_UNATTRIBUTED, F_QUESTION, F_NAMES,
    F_HEADLINE_WORDS, F_LEDE,
    F_Z_LENGTH, F_Z_HEADLINE, F_Z_CENTROID, F_Z_FREQUENCY_SUM, F_Z_TEXTRANK_SINGULAR, F_Z_IDF_MEAN,
    F_Z_TOPIC, F_Z_NUMBERS, F_Z_NAMES, F_Z_HEADLINE_WORDS,
    F_FIGURES, F_CONTENT_DENSITY, F_KEYWORDS, F_KEYWORD_WEIGHT, F_LEAD_BY_LENGTH,
    F_POSITION_BY_LENGTH, F_NAMES_HEADLINE, N_FEATURES
};

/* The article's key terms for F_KEYWORDS: its top content words by tf-idf. */
#define N_KEYWORDS 20

/* What each measures: docs/MODEL_FORMAT.md (section SUMM) has the table. */
static const char *const feature_names[N_FEATURES] = {
    [F_POSITION] = "position",
    [F_LEAD] = "lead",
    [F_PARAGRAPH_POSITION] = "paragraph_position",
    [F_PARAGRAPH_FIRST] = "paragraph_first",
    [F_LENGTH] = "length",
    [F_LENGTH_RELATIVE] = "length_relative",
    [F_HEADLINE] = "headline",
    [F_CENTROID] = "centroid",
    [F_FREQUENCY] = "frequency",
    [F_FREQUENCY_SUM] = "frequency_sum",
    [F_TEXTRANK] = "textrank",
    [F_TEXTRANK_WORDS] = "textrank_words",
    [F_IDF_SUM] = "idf_sum",
    [F_IDF_MEAN] = "idf_mean",
    [F_TOPIC] = "topic",
    [F_QUOTES] = "quotes",
    [F_NUMBERS] = "numbers",
    [F_CAPITALS] = "capitals",
    [F_TEXTRANK_SURFACE] = "textrank_surface",
    [F_TEXTRANK_LETTERS] = "textrank_letters",
    [F_TEXTRANK_SINGULAR] = "textrank_singular",
    [F_PARAGRAPH_RANK] = "paragraph_rank",
    [F_PARAGRAPH_LEAD] = "paragraph_lead",
    [F_FIRST] = "first",
    [F_SECOND] = "second",
    [F_THIRD] = "third",
    [F_LEANS_BACK] = "leans_back",
    [F_QUOTE_UNATTRIBUTED] = "quote_unattributed",
    [F_QUESTION] = "question",
    [F_NAMES] = "names",
    [F_HEADLINE_WORDS] = "headline_words",
    [F_LEDE] = "lede",
    [F_Z_LENGTH] = "z_length",
    [F_Z_HEADLINE] = "z_headline",
    [F_Z_CENTROID] = "z_centroid",
    [F_Z_FREQUENCY_SUM] = "z_frequency_sum",
    [F_Z_TEXTRANK_SINGULAR] = "z_textrank_singular",
    [F_Z_IDF_MEAN] = "z_idf_mean",
    [F_Z_TOPIC] = "z_topic",
    [F_Z_NUMBERS] = "z_numbers",
    [F_Z_NAMES] = "z_names",
    [F_Z_HEADLINE_WORDS] = "z_headline_words",
    [F_FIGURES] = "figures",
    [F_CONTENT_DENSITY] = "content_density",
    [F_KEYWORDS] = "keywords",
    [F_KEYWORD_WEIGHT] = "keyword_weight",
    [F_LEAD_BY_LENGTH] = "lead_by_length",
    [F_POSITION_BY_LENGTH] = "position_by_length",
    [F_NAMES_HEADLINE] = "names_headline",
};

/* Each z_ feature is its base feature as a z-score within the article. */
static const struct {
    int z, base;
} z_features[] = {
    {F_Z_LENGTH, F_LENGTH},
    {F_Z_HEADLINE, F_HEADLINE},
    {F_Z_CENTROID, F_CENTROID},
    {F_Z_FREQUENCY_SUM, F_FREQUENCY_SUM},
    {F_Z_TEXTRANK_SINGULAR, F_TEXTRANK_SINGULAR},
    {F_Z_IDF_MEAN, F_IDF_MEAN},
    {F_Z_TOPIC, F_TOPIC},
    {F_Z_NUMBERS, F_NUMBERS},
    {F_Z_NAMES, F_NAMES},
    {F_Z_HEADLINE_WORDS, F_HEADLINE_WORDS},
};

size_t px_summary_feature_count(void) { return N_FEATURES; }

const char *px_summary_feature_name(uint32_t id)
{
    return id < N_FEATURES ? feature_names[id] : "unknown";
}

long px_summary_feature_lookup(const char *name, size_t len)
{
    for (size_t f = 0; f < N_FEATURES; f++)
        if (strlen(feature_names[f]) == len && memcmp(feature_names[f], name, len) == 0)
            return (long)f;
    return -1;
}

/* ------------------------------------------------------------ the model object */

px_summary_model *px_summary_model_alloc(size_t n)
{
    px_summary_model *s = px_calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->n_features = n;
    s->feature = px_calloc(n ? n : 1, sizeof *s->feature);
    s->mean = px_calloc(n ? n : 1, sizeof *s->mean);
    s->scale = px_calloc(n ? n : 1, sizeof *s->scale);
    s->weight = px_calloc(n ? n : 1, sizeof *s->weight);
    if (!s->feature || !s->mean || !s->scale || !s->weight) {
        px_summary_model_free(s);
        return NULL;
    }
    return s;
}

void px_summary_model_free(px_summary_model *s)
{
    if (!s)
        return;
    px_free(s->feature);
    px_free(s->mean);
    px_free(s->scale);
    px_free(s->weight);
    px_free(s);
}

/* Finite and at most 1e12 in size. */
static int within(double x) { return fabs(x) <= 1e12; }

int px_summary_model_check(const px_summary_model *s, precis_error *err)
{
    if (s->n_features == 0 || s->n_features > N_FEATURES)
        return px_error(err, PRECIS_ERR_ARG, "summary model: %zu features (1 to %d allowed)",
                        s->n_features, N_FEATURES);
    unsigned char seen[N_FEATURES] = {0};
    for (size_t j = 0; j < s->n_features; j++) {
        if (s->feature[j] >= N_FEATURES)
            return px_error(err, PRECIS_ERR_ARG, "summary model: feature %zu is unknown", j);
        if (seen[s->feature[j]]++)
            return px_error(err, PRECIS_ERR_ARG, "summary model: feature %s appears twice",
                            feature_names[s->feature[j]]);
        /* Bounded, not just finite: (x - mean) / scale * weight must not
         * overflow (scale 1e-308 with weight 1e308 gave NaN scores). A fit
         * gives scale > 1e-12 (smaller deviations get 1). */
        if (!within(s->mean[j]) || !within(s->weight[j]) ||
            !(s->scale[j] >= 1e-12 && s->scale[j] <= 1e12))
            return px_error(err, PRECIS_ERR_ARG,
                            "summary model: feature %s has a mean or weight beyond 1e12 in size "
                            "or a scale outside [1e-12, 1e12]", feature_names[s->feature[j]]);
    }
    if (!within(s->intercept) || !(s->C >= PRECIS_C_MIN && s->C <= PRECIS_C_MAX))
        return px_error(err, PRECIS_ERR_ARG, "summary model: intercept beyond 1e12 in size, or "
                        "C outside [1e-8, 1e6]");
    return PRECIS_OK;
}

/* ------------------------------------------------------------ features from the text */

static size_t count_active(const unsigned char *active, size_t n)
{
    size_t m = 0;
    for (size_t r = 0; r < n; r++)
        m += active[r];
    return m;
}

/* Active paragraphs (runs, as in position_features). */
static size_t count_paragraphs(const precis_article *a, const unsigned char *active)
{
    size_t p = 0, last = (size_t)-1;
    for (size_t r = 0; r < a->n_sentences; r++)
        if (active[r] && a->sentences[r].paragraph != last) {
            last = a->sentences[r].paragraph;
            p++;
        }
    return p;
}

/* Rank in the article, and in the paragraph (a run of active sentences with
 * one paragraph number: sentences come in order, so paragraphs are runs);
 * the paragraph's own rank; and one indicator for each of the first three
 * sentences, since a reader's interest is not a smooth function of rank. */
static void position_features(const precis_article *a, const unsigned char *active, double *F)
{
    size_t m = count_active(active, a->n_sentences), rank = 0;
    size_t n_par = count_paragraphs(a, active), par = 0;
    for (size_t r = 0; r < a->n_sentences;) {
        if (!active[r]) {
            r++;
            continue;
        }
        size_t end = r, size = 0;
        while (end < a->n_sentences && (!active[end] ||
                                         a->sentences[end].paragraph == a->sentences[r].paragraph))
            size += active[end++];
        for (size_t q = r, j = 0; q < end; q++) {
            if (!active[q])
                continue;
            double *f = F + q * N_FEATURES;
            f[F_POSITION] = m > 1 ? (double)rank / (double)(m - 1) : 0.0;
            f[F_LEAD] = 1.0 / (double)(rank + 1);
            f[F_PARAGRAPH_POSITION] = size > 1 ? (double)j / (double)(size - 1) : 0.0;
            f[F_PARAGRAPH_FIRST] = j == 0;
            f[F_PARAGRAPH_RANK] = n_par > 1 ? (double)par / (double)(n_par - 1) : 0.0;
            f[F_PARAGRAPH_LEAD] = 1.0 / (double)(par + 1);
            f[F_FIRST] = rank == 0;
            f[F_SECOND] = rank == 1;
            f[F_THIRD] = rank == 2;
            /* A long article's opening matters more: the lead and the
             * position scaled by ln(active sentences). */
            f[F_LEAD_BY_LENGTH] = log((double)m) * f[F_LEAD];
            f[F_POSITION_BY_LENGTH] = log((double)m) * f[F_POSITION];
            rank++;
            j++;
        }
        par++;
        r = end;
    }
}

static int is_double_quote(const char *s, size_t n)
{
    return s[0] == '"' ||
           (n >= 3 && (unsigned char)s[0] == 0xE2 && (unsigned char)s[1] == 0x80 &&
            ((unsigned char)s[2] == 0x9C || (unsigned char)s[2] == 0x9D));
}

/* Words (runs of non-space), those holding a digit, and those after the
 * first whose first letter or digit is a capital. */
typedef struct word_counts {
    size_t words, with_digit, capitalized;
    int quoted;
} word_counts;

static void count_words(const char *s, size_t n, word_counts *c)
{
    memset(c, 0, sizeof *c);
    size_t i = 0;
    while (i < n) {
        size_t sp = px_space_len(s + i, n - i);
        if (sp) {
            i += sp;
            continue;
        }
        int digit = 0, first = 1, capital = 0;
        while (i < n && !px_space_len(s + i, n - i)) {
            int32_t cp;
            if (is_double_quote(s + i, n - i))
                c->quoted = 1;
            size_t step = px_utf8_next(s + i, n - i, &cp);
            digit |= cp >= '0' && cp <= '9';
            if (first && px_char_is_alnum(cp)) {
                capital = px_char_is_upper(cp);
                first = 0;
            }
            i += step;
        }
        c->with_digit += digit;
        c->capitalized += c->words > 0 && capital;
        c->words++;
    }
}

static void text_features(const precis_article *a, const unsigned char *active, double *F)
{
    double total = 0;
    size_t m = 0;
    for (size_t r = 0; r < a->n_sentences; r++) {
        if (!active[r])
            continue;
        const precis_sentence *s = &a->sentences[r];
        word_counts c;
        count_words(a->text + s->start, s->len, &c);
        double *f = F + r * N_FEATURES;
        f[F_LENGTH] = log1p((double)c.words);
        f[F_LENGTH_RELATIVE] = (double)c.words;
        f[F_QUOTES] = c.quoted;
        f[F_NUMBERS] = c.words ? (double)c.with_digit / (double)c.words : 0.0;
        f[F_FIGURES] = log1p((double)c.with_digit);
        f[F_CONTENT_DENSITY] = (double)c.words; /* the divisor, until idf_features */
        f[F_CAPITALS] = c.words > 1 ? (double)c.capitalized / (double)(c.words - 1) : 0.0;
        const char *t = a->text + s->start;
        f[F_LEANS_BACK] = px_sentence_leans_back(t, s->len);
        f[F_QUOTE_UNATTRIBUTED] = px_sentence_has_quote(t, s->len) &&
                                  !px_sentence_attributes(t, s->len);
        f[F_QUESTION] = px_sentence_is_question(t, s->len);
        f[F_NAMES] = log1p((double)px_sentence_capitalized_runs(t, s->len));
        f[F_NAMES_HEADLINE] = px_sentence_names_in_headline(t, s->len,
                                                            a->text + a->headline_start,
                                                            a->headline_len);
        total += (double)c.words;
        m++;
    }
    double mean = m ? total / (double)m : 0.0;
    for (size_t r = 0; r < a->n_sentences; r++)
        if (active[r])
            F[r * N_FEATURES + F_LENGTH_RELATIVE] = mean > 0
                                                        ? F[r * N_FEATURES + F_LENGTH_RELATIVE] / mean
                                                        : 0.0;
}

/* ------------------------------------------------------------ features from the vectors */

/* F[., f] = x / max over active rows (0 when the max is not positive). */
static void put_relative(const double *x, const unsigned char *active, size_t n, int f, double *F)
{
    double top = 0;
    for (size_t r = 0; r < n; r++)
        if (active[r] && x[r] > top)
            top = x[r];
    for (size_t r = 0; r < n; r++)
        if (active[r])
            F[r * N_FEATURES + f] = top > 0 ? x[r] / top : 0.0;
}

/* F[., f] = the PageRank in tmp x m, or 1 for everyone above the graph cap
 * (where the graph was not ranked). */
static void put_centrality(const precis_article *a, const unsigned char *active, size_t m,
                           size_t graph_max, int f, const double *tmp, double *F)
{
    for (size_t r = 0; r < a->n_sentences; r++)
        if (active[r])
            F[r * N_FEATURES + f] = m <= graph_max ? tmp[r] * (double)m : 1.0;
}

/* The centrality of the sentence vectors as weighed. */
static int vector_centrality(const precis_article *a, const px_sentvecs *sv,
                             const unsigned char *active, size_t m, size_t graph_max, int f,
                             double *tmp, double *F)
{
    int rc = m <= graph_max ? px_score_graph(sv, active, -1.0, tmp) : PRECIS_OK;
    if (rc == PRECIS_OK)
        put_centrality(a, active, m, graph_max, f, tmp, F);
    return rc;
}

/* Share of the headline's distinct content words that row r holds. */
static double headline_share(const px_sentvecs *sv, size_t r)
{
    size_t h = sv->n_body, a = sv->row_ptr[r], a_end = sv->row_ptr[r + 1];
    size_t b = sv->row_ptr[h], b_end = sv->row_ptr[h + 1];
    double shared = 0, total = 0;
    for (; b < b_end; b++) {
        if (sv->stop[sv->term[b]])
            continue;
        total++;
        while (a < a_end && sv->term[a] < sv->term[b])
            a++;
        shared += a < a_end && sv->term[a] == sv->term[b];
    }
    return total > 0 ? shared / total : 0.0;
}

static void idf_features(const px_sentvecs *sv, const unsigned char *active, double *F)
{
    size_t first = 0;
    while (first < sv->n_body && !active[first])
        first++;
    for (size_t r = 0; r < sv->n_body; r++) {
        double sum = 0, words = 0;
        for (size_t k = sv->row_ptr[r]; active[r] && k < sv->row_ptr[r + 1]; k++) {
            if (sv->stop[sv->term[k]])
                continue;
            sum += sv->count[k] * sv->idf[sv->term[k]];
            words += sv->count[k];
        }
        if (!active[r])
            continue;
        F[r * N_FEATURES + F_IDF_SUM] = sum;
        F[r * N_FEATURES + F_IDF_MEAN] = words > 0 ? sum / words : 0.0;
        double *density = &F[r * N_FEATURES + F_CONTENT_DENSITY];
        *density = *density > 0 ? fmin(words / *density, 1.0) : 0.0;
        F[r * N_FEATURES + F_HEADLINE] = px_sentvecs_cosine(sv, r, sv->n_body);
        F[r * N_FEATURES + F_HEADLINE_WORDS] = headline_share(sv, r);
        F[r * N_FEATURES + F_LEDE] = r == first ? 1.0 : px_sentvecs_cosine(sv, r, first);
    }
}

typedef struct scored_term {
    double score;
    uint32_t term;
} scored_term;

/* Descending score, ties by term id (a total order: the same keywords on
 * every platform's qsort). */
static int by_keyword_score(const void *x, const void *y)
{
    const scored_term *a = x, *b = y;
    return a->score > b->score ? -1 : a->score < b->score ? 1 : (a->term > b->term) - (a->term < b->term);
}

/* The article's key terms, what an editor's highlights keep: each keyable
 * word's (sentvec.h) tf-idf over the active sentences (count x idf). F_KEYWORDS
 * is the share of the top N_KEYWORDS that a sentence holds; F_KEYWORD_WEIGHT
 * the sum of its distinct content words' tf-idf over the article's largest. */
static int keyword_features(const px_sentvecs *sv, const unsigned char *active, double *F)
{
    size_t n = sv->n_terms ? sv->n_terms : 1;
    double *score = px_calloc(n, sizeof *score);
    scored_term *order = px_malloc_array(n, sizeof *order);
    unsigned char *key = px_calloc(n, 1);
    if (!score || !order || !key) {
        px_free(score);
        px_free(order);
        px_free(key);
        return PRECIS_ERR_NOMEM;
    }
    for (size_t r = 0; r < sv->n_body; r++)
        for (size_t e = sv->row_ptr[r]; active[r] && e < sv->row_ptr[r + 1]; e++)
            if (sv->keyable[sv->term[e]])
                score[sv->term[e]] += sv->count[e] * sv->idf[sv->term[e]];
    size_t n_content = 0;
    double top = 0;
    for (size_t t = 0; t < sv->n_terms; t++)
        if (score[t] > 0) {
            order[n_content++] = (scored_term){score[t], (uint32_t)t};
            top = fmax(top, score[t]);
        }
    qsort(order, n_content, sizeof *order, by_keyword_score);
    size_t n_key = n_content < N_KEYWORDS ? n_content : N_KEYWORDS;
    for (size_t k = 0; k < n_key; k++)
        key[order[k].term] = 1;
    for (size_t r = 0; r < sv->n_body; r++) {
        if (!active[r])
            continue;
        double held = 0, weight = 0;
        for (size_t e = sv->row_ptr[r]; e < sv->row_ptr[r + 1]; e++) {
            held += key[sv->term[e]];
            weight += score[sv->term[e]];
        }
        F[r * N_FEATURES + F_KEYWORDS] = n_key ? held / (double)n_key : 0.0;
        F[r * N_FEATURES + F_KEYWORD_WEIGHT] = top > 0 ? weight / top : 0.0;
    }
    px_free(score);
    px_free(order);
    px_free(key);
    return PRECIS_OK;
}

/* The mean positive weight, for the article's predicted topic, of a
 * sentence's content words; relative to the article's best sentence. */
static int topic_feature(const px_summary_source *src, const precis_article *a, const double *proba,
                         const px_sentvecs *sv, const unsigned char *active, double *tmp, double *F)
{
    const precis_logreg *lr = src->lr;
    double *own = NULL;
    if (!proba) {
        own = px_malloc_array(lr->n_classes, sizeof *own);
        if (!own || px_logreg_classify_text(src->v, lr, a->text, a->len, own, NULL) != PRECIS_OK) {
            px_free(own);
            return PRECIS_ERR_NOMEM; /* classify fails only for memory */
        }
        proba = own;
    }
    size_t k = px_argmax(proba, lr->n_classes);
    for (size_t r = 0; r < sv->n_body; r++) {
        double sum = 0, words = 0;
        for (size_t e = sv->row_ptr[r]; active[r] && e < sv->row_ptr[r + 1]; e++) {
            uint32_t t = sv->term[e];
            if (sv->stop[t])
                continue;
            double w = sv->feature[t] >= 0 ? lr->W[(size_t)sv->feature[t] * lr->n_classes + k] : 0;
            sum += sv->count[e] * (w > 0 ? w : 0.0);
            words += sv->count[e];
        }
        tmp[r] = words > 0 ? sum / words : 0.0;
    }
    put_relative(tmp, active, sv->n_body, F_TOPIC, F);
    px_free(own);
    return PRECIS_OK;
}

/* TextRank over content words without idf (raw term-frequency cosine): the
 * words an article repeats link its sentences, however common they are. */
static int word_graph_feature(const precis_article *a, px_sentvecs *sv,
                              const unsigned char *active, size_t m,
                              size_t graph_max, double *tmp, double *F)
{
    double *scale = px_malloc_array(sv->n_terms ? sv->n_terms : 1, sizeof *scale);
    if (!scale)
        return PRECIS_ERR_NOMEM;
    for (size_t t = 0; t < sv->n_terms; t++)
        scale[t] = sv->stop[t] ? 0.0 : 1.0 / sv->idf[t];
    px_sentvecs_weigh(sv, scale);
    int rc = vector_centrality(a, sv, active, m, graph_max, F_TEXTRANK_WORDS, tmp, F);
    px_sentvecs_weigh(sv, NULL);
    px_free(scale);
    return rc;
}

/* The centralities of the three surface-word graphs (learned_surface.c):
 * each kind of word catches links the others miss, and the model weighs
 * them. */
static int surface_features(const precis_article *a, const unsigned char *active, size_t m,
                            size_t graph_max, double *tmp, double *F)
{
    static const struct {
        px_surface_kind kind;
        int feature;
    } graphs[] = {{PX_SURFACE_ALNUM, F_TEXTRANK_SURFACE},
                  {PX_SURFACE_LETTERS, F_TEXTRANK_LETTERS},
                  {PX_SURFACE_SINGULAR, F_TEXTRANK_SINGULAR}};
    for (size_t k = 0; k < sizeof graphs / sizeof graphs[0]; k++) {
        int rc = m <= graph_max ? px_surface_centrality(a, active, graphs[k].kind, tmp)
                                : PRECIS_OK;
        if (rc != PRECIS_OK)
            return rc;
        put_centrality(a, active, m, graph_max, graphs[k].feature, tmp, F);
    }
    return PRECIS_OK;
}

static int vector_features(const px_summary_source *src, const precis_article *a, const double *proba,
                           px_sentvecs *sv, const unsigned char *active, size_t graph_max,
                           double *tmp, double *F)
{
    size_t n = sv->n_body, n_active = count_active(active, n);
    int rc = px_score_centroid(sv, active, 0.0, tmp);
    if (rc == PRECIS_OK) {
        put_relative(tmp, active, n, F_CENTROID, F);
        rc = px_score_frequency(sv, active, NULL, 1.0, tmp);
    }
    if (rc == PRECIS_OK) {
        put_relative(tmp, active, n, F_FREQUENCY, F);
        rc = px_score_frequency(sv, active, NULL, 0.0, tmp);
    }
    if (rc == PRECIS_OK) {
        put_relative(tmp, active, n, F_FREQUENCY_SUM, F);
        rc = vector_centrality(a, sv, active, n_active, graph_max, F_TEXTRANK, tmp, F);
    }
    if (rc == PRECIS_OK) {
        idf_features(sv, active, F);
        rc = topic_feature(src, a, proba, sv, active, tmp, F);
    }
    if (rc == PRECIS_OK)
        rc = keyword_features(sv, active, F);
    if (rc == PRECIS_OK)
        rc = word_graph_feature(a, sv, active, n_active, graph_max, tmp, F);
    return rc == PRECIS_OK ? surface_features(a, active, n_active, graph_max, tmp, F) : rc;
}

/* The z_ features: (x - the article's mean) / its standard deviation (0
 * when the article's sentences do not differ). */
static void z_scores(const precis_article *a, const unsigned char *active, double *F)
{
    size_t m = count_active(active, a->n_sentences);
    for (size_t k = 0; m && k < sizeof z_features / sizeof z_features[0]; k++) {
        int base = z_features[k].base, z = z_features[k].z;
        double sum = 0, sq = 0;
        for (size_t r = 0; r < a->n_sentences; r++)
            sum += active[r] ? F[r * N_FEATURES + base] : 0.0;
        double mean = sum / (double)m;
        for (size_t r = 0; r < a->n_sentences; r++) {
            double d = active[r] ? F[r * N_FEATURES + base] - mean : 0.0;
            sq += d * d;
        }
        double sd = sqrt(sq / (double)m);
        for (size_t r = 0; r < a->n_sentences; r++)
            if (active[r])
                F[r * N_FEATURES + z] = sd > 1e-12 ? (F[r * N_FEATURES + base] - mean) / sd : 0.0;
    }
}

int px_summary_features(const px_summary_source *src, const precis_article *a, const double *proba,
                        px_sentvecs *sv, const unsigned char *active, size_t graph_max, double *F)
{
    memset(F, 0, a->n_sentences * N_FEATURES * sizeof *F);
    double *tmp = px_malloc_array(a->n_sentences ? a->n_sentences : 1, sizeof *tmp);
    if (!tmp)
        return PRECIS_ERR_NOMEM;
    position_features(a, active, F);
    text_features(a, active, F);
    int rc = vector_features(src, a, proba, sv, active, graph_max, tmp, F);
    if (rc == PRECIS_OK)
        z_scores(a, active, F);
    px_free(tmp);
    return rc;
}

/* ------------------------------------------------------------ scoring */

/* The model's log-odds for one sentence's feature row. */
static double summary_logit(const px_summary_model *s, const double *features)
{
    double z = s->intercept;
    for (size_t j = 0; j < s->n_features; j++)
        z += s->weight[j] * (features[s->feature[j]] - s->mean[j]) / s->scale[j];
    return z;
}

int px_learned_score(const px_summary_source *src, const precis_article *a, const double *proba,
                     px_sentvecs *sv, const unsigned char *active, size_t graph_max,
                     double *score)
{
    const px_summary_model *s = src->summ;
    double *F = px_malloc_array(a->n_sentences ? a->n_sentences : 1, N_FEATURES * sizeof *F);
    if (!F)
        return PRECIS_ERR_NOMEM;
    int rc = px_summary_features(src, a, proba, sv, active, graph_max, F);
    for (size_t r = 0; rc == PRECIS_OK && r < a->n_sentences; r++)
        score[r] = active[r] ? 1.0 / (1.0 + exp(-summary_logit(s, F + r * N_FEATURES)))
                             : 0.0;
    px_free(F);
    return rc;
}
