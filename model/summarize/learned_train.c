/*
 * learned_train.c — training the learned summarizer's sentence model on a
 * corpus of articles and a folder of their reference extracts.
 *
 * The flow: read the labeled corpus (a folder of label folders), pair each
 * article with the reference at the same relative path under the summaries
 * folder, align the reference with the article's sentences (align.c), and
 * keep one row of features per active body sentence, labeled 1 when the
 * reference holds it. Then standardize the features (mean, population
 * standard deviation; a constant feature gets scale 1) and fit a two-class
 * logistic regression (logreg.c), whose two weight columns reduce to one
 * binary weight vector: w = W[., 1] - W[., 0], likewise the intercept.
 *
 * The pairwise objective fits the same regression to pairs of sentences of
 * one article, one in its reference and one not: the difference of their
 * standardized rows, labeled 1, and its negation, labeled 0 (both, so the
 * fit is symmetric and the intercept 0). Selection only ranks an article's
 * sentences against each other, and so does this loss; an article with many
 * sentences gets at most PAIRS_PER_ARTICLE pairs (every k-th), so one long
 * document neither swamps the fit nor memory. With highlights (a second,
 * shorter reference per article, opt->highlights), each pair is weighted by
 * how much more of the highlights' bigrams its extract sentence holds
 * (pairwise_matrix). 5-fold CV on CNN-Corpus dev,
 * cut ROUGE-2 F1: extracts 0.4172 pointwise, 0.4213 pairwise; highlights
 * 0.1328, 0.1373 (C 0.01: 0.4210, 0.1376).
 *
 * References without an article are counted by walking the summaries folder
 * and looking each relative path up among the corpus's (sorted, binary
 * search). Nothing here depends on the corpus being BBC's: the rows are the
 * same features the summarizer computes, on sentence vectors built the same
 * way (learned.c), so the model scores new articles as it was trained.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "summarize/align.h"
#include "base/alloc.h"
#include "base/error.h"
#include "summarize/learned.h"
#include "classify/classify.h"
#include "summarize/summarize.h"
#include "summarize/sentvec.h"


void precis_summary_train_options_default(precis_summary_train_options *opt)
{
    memset(opt, 0, sizeof *opt);
    opt->C = 1.0;
    opt->drop_features = NULL;
    opt->objective = PRECIS_SUMMARY_POINTWISE;
}

#define PAIRS_PER_ARTICLE 2000

/* The training rows, and the corpus's relative paths. */
typedef struct rows {
    size_t n_features;
    double *F;        /* n x n_features */
    uint32_t *y;
    uint32_t *article; /* the row's article, counted from 0 */
    double *gain;     /* ROUGE-2 recall of the highlights by the sentence (0 without) */
    size_t n_articles;
    size_t n, cap;
    char **paths;     /* relative paths of the corpus's articles */
    size_t n_paths, paths_cap;
} rows;

static void rows_free(rows *r)
{
    px_free(r->F);
    px_free(r->y);
    px_free(r->article);
    px_free(r->gain);
    for (size_t i = 0; i < r->n_paths; i++)
        px_free(r->paths[i]);
    px_free(r->paths);
}

static int rows_reserve(rows *r, size_t extra)
{
    if (r->n + extra <= r->cap)
        return PRECIS_OK;
    size_t cap = r->cap ? 2 * r->cap : 1024;
    while (cap < r->n + extra)
        cap *= 2;
    double *F = px_realloc_array(r->F, cap, r->n_features * sizeof *F);
    if (!F)
        return PRECIS_ERR_NOMEM;
    r->F = F;
    uint32_t *y = px_realloc_array(r->y, cap, sizeof *y);
    if (!y)
        return PRECIS_ERR_NOMEM;
    r->y = y;
    uint32_t *art = px_realloc_array(r->article, cap, sizeof *art);
    if (!art)
        return PRECIS_ERR_NOMEM;
    r->article = art;
    double *gain = px_realloc_array(r->gain, cap, sizeof *gain);
    if (!gain)
        return PRECIS_ERR_NOMEM;
    r->gain = gain;
    r->cap = cap;
    return PRECIS_OK;
}

static int push_path(rows *r, const char *rel)
{
    if (r->n_paths == r->paths_cap) {
        size_t cap = r->paths_cap ? 2 * r->paths_cap : 256;
        char **p = px_realloc_array(r->paths, cap, sizeof *p);
        if (!p)
            return PRECIS_ERR_NOMEM;
        r->paths = p;
        r->paths_cap = cap;
    }
    char *copy = px_strdup(rel);
    if (!copy)
        return PRECIS_ERR_NOMEM;
    r->paths[r->n_paths++] = copy;
    return PRECIS_OK;
}

/* ------------------------------------------------------------ options */

/* selected[f] = 1 unless f is named in the comma-separated drop list. */
static int parse_drop_list(const char *list, unsigned char *selected, precis_error *err)
{
    size_t n = px_summary_feature_count();
    memset(selected, 1, n);
    for (const char *s = list; s && *s;) {
        size_t len = strcspn(s, ",");
        long f = px_summary_feature_lookup(s, len);
        if (f < 0)
            return px_error(err, PRECIS_ERR_ARG,
                            "unknown summary feature \"%.*s\" (known: see precis-infer "
                            "--model-info, e.g. position, length, centroid, textrank)",
                            (int)(len > 64 ? 64 : len), s);
        selected[f] = 0;
        s += len;
        if (*s == ',')
            s++;
    }
    size_t kept = 0;
    for (size_t f = 0; f < n; f++)
        kept += selected[f];
    return kept ? PRECIS_OK
                : px_error(err, PRECIS_ERR_ARG, "every summary feature is dropped: none is left");
}

int precis_summary_train_options_check(const precis_summary_train_options *opt,
                                       precis_error *err)
{
    unsigned char selected[64];
    if (!(opt->C >= PRECIS_C_MIN && opt->C <= PRECIS_C_MAX))
        return px_error(err, PRECIS_ERR_ARG, "summary model: C must lie in [%g, %g], the range "
                        "the solver handles (got %g)", PRECIS_C_MIN, PRECIS_C_MAX, opt->C);
    if (opt->objective != PRECIS_SUMMARY_POINTWISE && opt->objective != PRECIS_SUMMARY_PAIRWISE)
        return px_error(err, PRECIS_ERR_ARG, "summary model: unknown objective %d",
                        (int)opt->objective);
    if (opt->highlights && opt->objective != PRECIS_SUMMARY_PAIRWISE)
        return px_error(err, PRECIS_ERR_ARG, "summary model: highlights weigh pairs of "
                        "sentences: they need the pairwise objective");
    return parse_drop_list(opt->drop_features, selected, err);
}

/* ------------------------------------------------------------ files */

/* The path below root: source must start with root; slashes between dropped. */
static const char *relative_path(const char *root, const char *source)
{
    size_t n = strlen(root);
    while (n > 1 && root[n - 1] == '/')
        n--;
    if (strncmp(source, root, n) != 0)
        return NULL;
    const char *rel = source + n;
    while (*rel == '/')
        rel++;
    return *rel ? rel : NULL;
}

/* A reference that exists but cannot be read is skipped with a warning, as
 * a bad record is: one FIFO must not abort a run whose classifier is fitted.
 * Returns 2 (skipped). */
static int skip_reference(const precis_reader_options *ro, const char *path, const char *why)
{
    px_warn(ro->warn, ro->warn_ctx, path, "%s; reference skipped", why);
    return 2;
}

/* A reference's bytes: 1 and *text (px_malloc'ed) when it exists, 0 when
 * there is none (no such file), 2 when it cannot be read (skipped, with a
 * warning), or <0: -(precis_status) (out of memory). */
static int read_reference(const char *dir, const char *rel, const precis_reader_options *ro,
                          char **text, size_t *len, precis_error *err)
{
    size_t n = strlen(dir) + strlen(rel) + 2;
    char *path = px_malloc(n);
    if (!path)
        return -px_error(err, PRECIS_ERR_NOMEM, "out of memory");
    snprintf(path, n, "%s/%s", dir, rel);
    struct stat st;
    int got = 0;
    int stat_failed = stat(path, &st) != 0;
    if (stat_failed && (errno == ENOENT || errno == ENOTDIR)) {
        px_free(path);
        return 0;
    }
    const char *why = stat_failed ? strerror(errno)
                      : !S_ISREG(st.st_mode) ? "not a regular file (a folder, FIFO or device)"
                                             : NULL;
    if (why) {
        got = skip_reference(ro, path, why);
        px_free(path);
        return got;
    }
    precis_reader_options one = *ro;
    one.format = PRECIS_FORMAT_FILES;
    precis_reader *r = NULL;
    precis_document doc;
    int rc = precis_reader_open(&r, path, &one, err);
    if (rc == PRECIS_OK)
        got = precis_reader_next(r, &doc, err);
    if (rc == PRECIS_OK && got == 1) {
        *text = px_malloc(doc.text_len + 1);
        if (*text) {
            memcpy(*text, doc.text, doc.text_len + 1);
            *len = doc.text_len;
        } else {
            got = -px_error(err, PRECIS_ERR_NOMEM, "out of memory reading %s", path);
        }
    } else if (rc == PRECIS_ERR_NOMEM || got == -PRECIS_ERR_NOMEM) {
        got = -PRECIS_ERR_NOMEM;
    } else {
        got = skip_reference(ro, path, rc != PRECIS_OK || got < 0 ? err->message
                                                                  : "cannot be read");
    }
    precis_reader_free(r);
    px_free(path);
    return got;
}

/* ------------------------------------------------------------ one article */

typedef struct article_work {
    const px_summary_source *src;
    double *proba;
    precis_summary_train_stats *stats;
    const char *highlights; /* folder of highlights, or NULL */
} article_work;

/* gain[i] for the active sentences kept as rows from..: the share of the
 * highlights' bigrams (ROUGE-2 recall, rouge.c's tokens) the sentence holds;
 * 0 for all without highlights. */
static int highlight_gains(const precis_article *a, const unsigned char *active, const char *hl,
                           size_t hl_len, double *gain, precis_error *err)
{
    for (size_t i = 0, at = 0; i < a->n_sentences; i++) {
        if (!active[i])
            continue;
        precis_rouge g = {{0}, {0}, {0}};
        const precis_sentence *s = &a->sentences[i];
        int rc = hl ? precis_rouge_score(hl, hl_len, a->text + s->start, s->len, &g, err)
                    : PRECIS_OK;
        if (rc != PRECIS_OK)
            return rc;
        gain[at++] = g.recall[1];
    }
    return PRECIS_OK;
}

/* Appends the rows of one article whose reference is ref (and highlights hl,
 * or NULL). */
static int add_article(article_work *w, rows *r, const precis_document *doc, const char *ref,
                       size_t ref_len, const char *hl, size_t hl_len, precis_error *err)
{
    precis_article *a = NULL;
    px_sentvecs sv = {0};
    unsigned char *flags = NULL;
    int rc = px_logreg_classify_text(w->src->v, w->src->lr, doc->text, doc->text_len, w->proba,
                                     err);
    if (rc == PRECIS_OK)
        rc = precis_article_split(&a, doc->text, doc->text_len, err);
    if (rc != PRECIS_OK)
        return rc;
    size_t n = a->n_sentences;
    flags = px_malloc(2 * (n ? n : 1)); /* in the reference, then active */
    rc = flags ? PRECIS_OK : PRECIS_ERR_NOMEM;
    px_alignment_counts counts;
    if (rc == PRECIS_OK)
        rc = px_align_reference(a, ref, ref_len, flags, &counts);
    unsigned char *active = flags + (n ? n : 1);
    size_t n_active = 0;
    for (size_t i = 0; rc == PRECIS_OK && i < n; i++)
        n_active += active[i] = !a->sentences[i].is_furniture;
    if (rc == PRECIS_OK)
        rc = px_sentvecs_build(&sv, a, w->src->v);
    if (rc == PRECIS_OK)
        rc = rows_reserve(r, n);
    if (rc == PRECIS_OK) {
        px_sentvecs_weigh(&sv, NULL);
        rc = px_summary_features(w->src, a, w->proba, &sv, active, PX_GRAPH_MAX_SENTENCES,
                                 r->F + r->n * r->n_features);
    }
    if (rc == PRECIS_OK) {
        /* Rows are written in place; keep only the active ones. */
        size_t at = r->n;
        for (size_t i = 0; i < n; i++) {
            if (!active[i])
                continue;
            memmove(r->F + at * r->n_features, r->F + (r->n + i) * r->n_features,
                    r->n_features * sizeof *r->F);
            r->article[at] = (uint32_t)r->n_articles;
            r->y[at++] = flags[i];
            w->stats->positives += flags[i];
        }
        rc = highlight_gains(a, active, hl, hl_len, r->gain + r->n, err);
        r->n = at;
        r->n_articles++;
        w->stats->sentences += n_active;
        w->stats->reference_sentences += counts.reference_sentences;
        w->stats->unaligned += counts.unaligned;
        w->stats->articles++;
    }
    px_sentvecs_free(&sv);
    px_free(flags);
    precis_article_free(a);
    if (rc == PRECIS_ERR_NOMEM || rc == PRECIS_ERR_LIMIT)
        px_error(err, rc, "%s: %s", doc->source,
                 rc == PRECIS_ERR_NOMEM ? "out of memory" : "article has too many distinct terms");
    return rc;
}

/* Every article of the corpus: rows for those with a reference. */
static int collect_rows(article_work *w, rows *r, const char *corpus, const char *summaries,
                        const precis_reader_options *ro, precis_error *err)
{
    precis_reader *reader = NULL;
    int rc = precis_reader_open(&reader, corpus, ro, err);
    if (rc == PRECIS_OK && precis_reader_format(reader) != PRECIS_FORMAT_DIR)
        rc = px_error(err, PRECIS_ERR_ARG,
                      "%s: training on summaries needs a corpus of label folders "
                      "(DIR/<label>/<file>), paired by path with the summaries", corpus);
    precis_document doc;
    int got = 0;
    while (rc == PRECIS_OK && (got = precis_reader_next(reader, &doc, err)) == 1) {
        const char *rel = relative_path(corpus, doc.source);
        if (!rel) {
            rc = px_error(err, PRECIS_ERR_ARG, "%s: not under %s", doc.source, corpus);
            break;
        }
        if ((rc = push_path(r, rel)) != PRECIS_OK) {
            px_error(err, rc, "out of memory");
            break;
        }
        char *ref = NULL;
        size_t ref_len = 0;
        int has = read_reference(summaries, rel, ro, &ref, &ref_len, err);
        if (has < 0)
            rc = -has;
        else if (has == 2)
            w->stats->references_skipped++;
        else if (has == 0)
            w->stats->articles_without_reference++;
        char *hl = NULL;
        size_t hl_len = 0;
        if (has == 1 && w->highlights) {
            int got_hl = read_reference(w->highlights, rel, ro, &hl, &hl_len, err);
            rc = got_hl < 0 ? -got_hl : PRECIS_OK;
            w->stats->highlights += got_hl == 1;
        }
        if (has == 1 && rc == PRECIS_OK)
            rc = add_article(w, r, &doc, ref, ref_len, hl, hl_len, err);
        px_free(hl);
        px_free(ref);
    }
    if (rc == PRECIS_OK && got < 0)
        rc = -got;
    precis_reader_free(reader);
    return rc;
}

static int by_string(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* References whose relative path names no article of the corpus. */
static int count_orphans(rows *r, const char *summaries, const precis_reader_options *ro,
                         size_t *orphans, precis_error *err)
{
    qsort(r->paths, r->n_paths, sizeof *r->paths, by_string);
    precis_reader_options files = *ro;
    files.format = PRECIS_FORMAT_FILES;
    precis_reader *reader = NULL;
    int rc = precis_reader_open(&reader, summaries, &files, err);
    precis_document doc;
    int got = 0;
    while (rc == PRECIS_OK && (got = precis_reader_next(reader, &doc, err)) == 1) {
        const char *rel = relative_path(summaries, doc.source);
        if (!rel || !bsearch(&rel, r->paths, r->n_paths, sizeof *r->paths, by_string))
            ++*orphans;
    }
    if (rc == PRECIS_OK && got < 0)
        rc = -got;
    precis_reader_free(reader);
    return rc;
}

/* ------------------------------------------------------------ the fit */

/* mean and population standard deviation of each selected feature. */
static void standardize(const rows *r, px_summary_model *s)
{
    for (size_t j = 0; j < s->n_features; j++) {
        size_t f = s->feature[j];
        double sum = 0, sq = 0;
        for (size_t i = 0; i < r->n; i++)
            sum += r->F[i * r->n_features + f];
        double mean = sum / (double)r->n;
        for (size_t i = 0; i < r->n; i++) {
            double d = r->F[i * r->n_features + f] - mean;
            sq += d * d;
        }
        double sd = sqrt(sq / (double)r->n);
        s->mean[j] = mean;
        s->scale[j] = sd > 1e-12 ? sd : 1.0;
    }
}

/* The standardized rows as a dense CSR matrix. */
static int standardized_matrix(const rows *r, const px_summary_model *s, precis_csr *X)
{
    size_t d = s->n_features;
    memset(X, 0, sizeof *X);
    X->n_rows = r->n;
    X->n_cols = d;
    X->nnz = r->n * d;
    X->row_ptr = px_malloc_array(r->n + 1, sizeof *X->row_ptr);
    X->col = px_malloc_array(X->nnz, sizeof *X->col);
    X->val = px_malloc_array(X->nnz, sizeof *X->val);
    if (!X->row_ptr || !X->col || !X->val)
        return PRECIS_ERR_NOMEM;
    for (size_t i = 0; i <= r->n; i++)
        X->row_ptr[i] = i * d;
    for (size_t i = 0; i < r->n; i++)
        for (size_t j = 0; j < d; j++) {
            X->col[i * d + j] = (uint32_t)j;
            X->val[i * d + j] =
                (r->F[i * r->n_features + s->feature[j]] - s->mean[j]) / s->scale[j];
        }
    return PRECIS_OK;
}

/* The end of the article whose rows start at `from`, and its positives. */
static size_t article_end(const rows *r, size_t from, size_t *positives)
{
    size_t end = from;
    *positives = 0;
    while (end < r->n && r->article[end] == r->article[from])
        *positives += r->y[end++];
    return end;
}

/* Of an article's pos x neg pairs, every stride-th is kept. */
static size_t pair_stride(size_t pos, size_t neg)
{
    size_t all = pos * neg;
    return all > PAIRS_PER_ARTICLE ? (all + PAIRS_PER_ARTICLE - 1) / PAIRS_PER_ARTICLE : 1;
}

static size_t count_pairs(const rows *r)
{
    size_t pairs = 0, pos;
    for (size_t a = 0, end; a < r->n; a = end) {
        end = article_end(r, a, &pos);
        size_t all = pos * (end - a - pos), stride = pair_stride(pos, end - a - pos);
        pairs += (all + stride - 1) / stride;
    }
    return pairs;
}

/* Rows k and k + 1 of X: (x_p - x_q) / scale and its negation. */
static void put_pair(const rows *r, const px_summary_model *s, size_t p, size_t q, size_t k,
                     precis_csr *X)
{
    size_t d = s->n_features;
    for (size_t j = 0; j < d; j++) {
        size_t f = s->feature[j];
        double v = (r->F[p * r->n_features + f] - r->F[q * r->n_features + f]) / s->scale[j];
        X->col[k * d + j] = X->col[(k + 1) * d + j] = (uint32_t)j;
        X->val[k * d + j] = v;
        X->val[(k + 1) * d + j] = -v;
    }
}

/* The highest gain among rows a..end (0 when none is positive). */
static double best_gain(const rows *r, size_t a, size_t end)
{
    double top = 0;
    for (size_t i = a; i < end; i++)
        top = r->gain[i] > top ? r->gain[i] : top;
    return top;
}

/* The pairwise rows (see the opening comment), their labels, *y, and with
 * highlights their weights, *w: exp((gain_p - gain_q) / the article's best
 * gain) for the pair of p (in the reference) and q (not), scaled to mean 1,
 * so a pair whose extract sentence also says more of the highlights counts
 * more. 5-fold CV on CNN dev (bench/summarize_cnn_cv.py, pairweight1),
 * cut ROUGE-2 extracts / highlights: 0.4228 / 0.1380 against 0.4212 /
 * 0.1374 unweighted; with the word-length selection 0.4215 / 0.1424
 * against 0.4179 / 0.1414. */
static int pairwise_matrix(const rows *r, const px_summary_model *s, int weigh, precis_csr *X,
                           uint32_t **y, double **w)
{
    size_t d = s->n_features, n = 2 * count_pairs(r);
    memset(X, 0, sizeof *X);
    if (n == 0)
        return PRECIS_ERR_EMPTY;
    X->n_rows = n;
    X->n_cols = d;
    X->nnz = n * d;
    X->row_ptr = px_malloc_array(n + 1, sizeof *X->row_ptr);
    X->col = px_malloc_array(X->nnz ? X->nnz : 1, sizeof *X->col);
    X->val = px_malloc_array(X->nnz ? X->nnz : 1, sizeof *X->val);
    *y = px_malloc_array(n ? n : 1, sizeof **y);
    *w = weigh ? px_malloc_array(n ? n : 1, sizeof **w) : NULL;
    if (!X->row_ptr || !X->col || !X->val || !*y || (weigh && !*w))
        return PRECIS_ERR_NOMEM;
    for (size_t i = 0; i <= n; i++)
        X->row_ptr[i] = i * d;
    size_t k = 0, pos;
    double sum = 0;
    for (size_t a = 0, end; a < r->n; a = end) {
        end = article_end(r, a, &pos);
        size_t stride = pair_stride(pos, end - a - pos), at = 0;
        double top = weigh ? best_gain(r, a, end) : 0;
        for (size_t p = a; p < end; p++)
            for (size_t q = a; r->y[p] && q < end; q++) {
                if (r->y[q] || at++ % stride)
                    continue;
                put_pair(r, s, p, q, k, X);
                (*y)[k] = 1;
                (*y)[k + 1] = 0;
                if (weigh) {
                    double pw = top > 0 ? exp((r->gain[p] - r->gain[q]) / top) : 1.0;
                    (*w)[k] = (*w)[k + 1] = pw;
                    sum += 2 * pw;
                }
                k += 2;
            }
    }
    for (size_t i = 0; weigh && i < n; i++)
        (*w)[i] *= (double)n / sum;
    return PRECIS_OK;
}

static int fit(const rows *r, const unsigned char *selected, double C,
               precis_summary_objective objective, int weigh, precis_summary_train_stats *stats,
               px_summary_model **out, precis_error *err)
{
    size_t d = 0;
    for (size_t f = 0; f < r->n_features; f++)
        d += selected[f];
    px_summary_model *s = px_summary_model_alloc(d);
    if (!s)
        return px_error(err, PRECIS_ERR_NOMEM, "out of memory");
    for (size_t f = 0, j = 0; f < r->n_features; f++)
        if (selected[f])
            s->feature[j++] = (uint32_t)f;
    standardize(r, s);
    precis_csr X;
    precis_logreg *lr = NULL;
    uint32_t *py = NULL;
    double *pw = NULL;
    int pairwise = objective == PRECIS_SUMMARY_PAIRWISE;
    int rc = pairwise ? pairwise_matrix(r, s, weigh, &X, &py, &pw) : standardized_matrix(r, s, &X);
    if (rc != PRECIS_OK)
        px_error(err, rc, rc == PRECIS_ERR_EMPTY
                              ? "pairwise summary model: no article has both a sentence in its "
                                "reference and one not: nothing to rank"
                              : "out of memory");
    precis_logreg_params p;
    precis_logreg_params_default(&p);
    p.C = C;
    p.tol = 1e-6;
    p.n_threads = 1;
    if (rc == PRECIS_OK)
        rc = px_logreg_train_weighted(&X, pairwise ? py : r->y, 2, &p, pw, &lr, err);
    if (rc == PRECIS_OK) {
        for (size_t j = 0; j < d; j++)
            s->weight[j] = lr->W[j * 2 + 1] - lr->W[j * 2];
        s->intercept = pairwise ? 0.0 : lr->b[1] - lr->b[0];
        s->C = C;
        s->articles = stats->articles;
        s->sentences = r->n;
        stats->iterations = lr->iterations;
        stats->converged = lr->converged;
        rc = px_summary_model_check(s, err);
    }
    precis_logreg_free(lr);
    precis_csr_free(&X);
    px_free(py);
    px_free(pw);
    if (rc != PRECIS_OK) {
        px_summary_model_free(s);
        return rc;
    }
    *out = s;
    return PRECIS_OK;
}

/* ------------------------------------------------------------ entry point */

static int check_arguments(const px_summary_source *src, const char *corpus, const char *summaries,
                           const precis_summary_train_options *opt, precis_error *err)
{
    if (!src || !src->v || !src->lr || !corpus || !*corpus || !summaries || !*summaries)
        return px_error(err, PRECIS_ERR_ARG,
                        "training a summary model needs a model, a corpus and a summaries folder");
    return precis_summary_train_options_check(opt, err);
}

int px_summary_train(const px_summary_source *src, const char *corpus, const char *summaries,
                     const precis_reader_options *reader, const precis_summary_train_options *opt,
                     precis_summary_train_stats *stats, px_summary_model **out, precis_error *err)
{
    precis_summary_train_options defaults;
    precis_reader_options ro;
    precis_summary_train_stats own;
    if (!opt) {
        precis_summary_train_options_default(&defaults);
        opt = &defaults;
    }
    if (reader)
        ro = *reader;
    else
        precis_reader_options_default(&ro);
    stats = stats ? stats : &own;
    memset(stats, 0, sizeof *stats);
    unsigned char selected[64];
    *out = NULL;
    int rc = check_arguments(src, corpus, summaries, opt, err);
    if (rc == PRECIS_OK)
        rc = parse_drop_list(opt->drop_features, selected, err);
    if (rc != PRECIS_OK)
        return rc;
    rows r = {.n_features = px_summary_feature_count()};
    article_work w = {src, px_malloc_array(src->lr->n_classes, sizeof(double)), stats,
                      opt->highlights};
    rc = w.proba ? PRECIS_OK : px_error(err, PRECIS_ERR_NOMEM, "out of memory");
    if (rc == PRECIS_OK)
        rc = collect_rows(&w, &r, corpus, summaries, &ro, err);
    if (rc == PRECIS_OK)
        rc = count_orphans(&r, summaries, &ro, &stats->references_without_article, err);
    if (rc == PRECIS_OK && (stats->positives == 0 || stats->positives == stats->sentences))
        rc = px_error(err, PRECIS_ERR_EMPTY,
                      "%s: %s of the %zu sentences of %zu articles is in its reference under %s: "
                      "nothing to learn from", corpus, stats->positives ? "every one" : "none",
                      stats->sentences, stats->articles, summaries);
    px_summary_model *s = NULL;
    if (rc == PRECIS_OK)
        rc = fit(&r, selected, opt->C, opt->objective, opt->highlights != NULL, stats, &s, err);
    if (rc == PRECIS_OK)
        *out = s;
    px_free(w.proba);
    rows_free(&r);
    return rc;
}
