/*
 * test_tfidf.c — the vectorizer (model/tfidf.c, model/vocab.c) against
 * scikit-learn's TfidfVectorizer, number for number.
 *
 * tests/gen_tfidf_expected.py ran scikit-learn 1.2.1 over the corpus in
 * tests/fixtures/tfidf/corpus/ (files in sorted name order) under several
 * settings and wrote expected_<setting>.txt: the options, the vocabulary with
 * df and idf, and every nonzero of the L2-normalized TF-IDF matrix. Here we
 * build a vectorizer with the same options over the same files and demand the
 * same terms in the same order, the same dfs, idf to 1e-12 and every value to
 * 1e-9 with the same sparsity pattern; transforming a training document must
 * give back its training row.
 * The 20 Newsgroups test compares the whole training vocabulary and its dfs
 * through a digest the script computed (the vocabulary itself, derived from
 * the data set's text, is not committed).
 */
#include <check.h>
#include <dirent.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "precis.h"
#include "testutil.h"

#define CORPUS_DIR "tests/fixtures/tfidf/corpus"
#define IDF_TOL 1e-12
#define VALUE_TOL 1e-9
#define MAX_REPORTED 10

/* ------------------------------------------------------------ small helpers */

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted (strcmp) names in dir, hidden ones skipped; with `suffix` only those
 * ending so. Returns the count; *out is malloc'ed, as is each name. */
static size_t list_dir(const char *dir, const char *suffix, char ***out)
{
    DIR *d = opendir(dir);
    ck_assert_msg(d != NULL, "cannot open %s", dir);
    size_t n = 0, cap = 64;
    char **names = malloc(cap * sizeof *names);
    ck_assert_ptr_nonnull(names);
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        if (e->d_name[0] == '.')
            continue;
        if (suffix && (len < strlen(suffix) || strcmp(e->d_name + len - strlen(suffix), suffix) != 0))
            continue;
        if (n == cap) {
            cap *= 2;
            names = realloc(names, cap * sizeof *names);
            ck_assert_ptr_nonnull(names);
        }
        names[n] = strdup(e->d_name);
        ck_assert_ptr_nonnull(names[n]);
        n++;
    }
    closedir(d);
    qsort(names, n, sizeof *names, compare_names);
    *out = names;
    return n;
}

static void free_names(char **names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
}

/* ------------------------------------------------------------ expected files */

typedef struct expected_term {
    char *term;
    size_t df;
    double idf;
} expected_term;

typedef struct expected {
    char path[4096];
    char *buf;               /* the file; strings below point into it */
    char setting[128];
    precis_feature_options opt;
    size_t n_docs;
    char **docs;
    size_t n_terms;
    expected_term *terms;
    size_t nnz;
    size_t *row, *col;
    double *val;
} expected;

/* The next line of buf (NUL-terminated in place), '#' comments skipped. */
static char *next_line(char **cursor)
{
    while (**cursor) {
        char *line = *cursor;
        char *nl = strchr(line, '\n');
        if (nl) {
            *nl = '\0';
            *cursor = nl + 1;
        } else {
            *cursor = line + strlen(line);
        }
        if (line[0] != '#')
            return line;
    }
    return NULL;
}

static char *expect_key(expected *e, char **cursor, const char *key)
{
    char *line = next_line(cursor);
    size_t k = strlen(key);
    ck_assert_msg(line && strncmp(line, key, k) == 0 && line[k] == ' ', "%s: expected \"%s ...\", got \"%s\"",
                  e->path, key, line ? line : "(end of file)");
    return line + k + 1;
}

static double option_value(const expected *e, const char *options, const char *key)
{
    char pattern[64];
    snprintf(pattern, sizeof pattern, " %s=", key);
    const char *p = strstr(options - 1, pattern);  /* options follows "options " */
    ck_assert_msg(p != NULL, "%s: option %s missing", e->path, key);
    char *end;
    double v = strtod(p + strlen(pattern), &end);
    ck_assert_msg(end != p + strlen(pattern) && (*end == ' ' || *end == '\0'), "%s: bad value for %s", e->path,
                  key);
    return v;
}

static void parse_options(expected *e, const char *options)
{
    precis_feature_options *o = &e->opt;
    precis_feature_options_default(o);
    o->ngram_min = (int)option_value(e, options, "ngram_min");
    o->ngram_max = (int)option_value(e, options, "ngram_max");
    o->min_df.value = option_value(e, options, "min_df");
    o->min_df.is_proportion = (int)option_value(e, options, "min_df_prop");
    o->max_df.value = option_value(e, options, "max_df");
    o->max_df.is_proportion = (int)option_value(e, options, "max_df_prop");
    o->max_features = (size_t)option_value(e, options, "max_features");
    o->sublinear_tf = (int)option_value(e, options, "sublinear_tf");
    o->single_char_tokens = (int)option_value(e, options, "single_char_tokens");
    o->stop_words = (int)option_value(e, options, "stop_words");
}

static void expected_load(expected *e, const char *setting)
{
    memset(e, 0, sizeof *e);
    char rel[512];
    snprintf(rel, sizeof rel, "tests/fixtures/tfidf/expected_%s.txt", setting);
    snprintf(e->path, sizeof e->path, "%s", tu_source_path(rel));
    e->buf = tu_read_file(e->path, NULL);
    ck_assert_msg(e->buf != NULL, "cannot read %s (run tests/gen_tfidf_expected.py)", e->path);
    char *cur = e->buf;
    ck_assert_str_eq(expect_key(e, &cur, "setting"), setting);
    snprintf(e->setting, sizeof e->setting, "%s", setting);
    parse_options(e, expect_key(e, &cur, "options"));

    e->n_docs = strtoul(expect_key(e, &cur, "docs"), NULL, 10);
    e->docs = calloc(e->n_docs, sizeof *e->docs);
    ck_assert_ptr_nonnull(e->docs);
    for (size_t i = 0; i < e->n_docs; i++)
        e->docs[i] = expect_key(e, &cur, "doc");

    e->n_terms = strtoul(expect_key(e, &cur, "terms"), NULL, 10);
    e->terms = calloc(e->n_terms, sizeof *e->terms);
    ck_assert_ptr_nonnull(e->terms);
    for (size_t j = 0; j < e->n_terms; j++) {
        char *line = next_line(&cur), *end;
        ck_assert_ptr_nonnull(line);
        ck_assert_msg(strtoul(line, &end, 10) == j && *end == '\t', "%s: term %zu out of order", e->path, j);
        e->terms[j].df = strtoul(end + 1, &end, 10);
        ck_assert(*end == '\t');
        e->terms[j].idf = strtod(end + 1, &end);
        ck_assert(*end == '\t');
        e->terms[j].term = end + 1;
    }

    e->nnz = strtoul(expect_key(e, &cur, "nnz"), NULL, 10);
    e->row = calloc(e->nnz + 1, sizeof *e->row);
    e->col = calloc(e->nnz + 1, sizeof *e->col);
    e->val = calloc(e->nnz + 1, sizeof *e->val);
    ck_assert(e->row && e->col && e->val);
    for (size_t k = 0; k < e->nnz; k++) {
        char *line = next_line(&cur), *end;
        ck_assert_ptr_nonnull(line);
        e->row[k] = strtoul(line, &end, 10);
        e->col[k] = strtoul(end + 1, &end, 10);
        e->val[k] = strtod(end + 1, &end);
        ck_assert_msg(*end == '\0' && e->row[k] < e->n_docs && e->col[k] < e->n_terms, "%s: bad nonzero %zu",
                      e->path, k);
    }
    char *last = next_line(&cur);
    ck_assert_msg(last && strcmp(last, "end") == 0, "%s: no end line", e->path);
}

static void expected_free(expected *e)
{
    free(e->docs);
    free(e->terms);
    free(e->row);
    free(e->col);
    free(e->val);
    free(e->buf);
}

/* ------------------------------------------------------------ comparisons */

/* Index of term in the expected vocabulary (sorted by bytes), or -1. */
static long expected_find(const expected *e, const char *term)
{
    size_t lo = 0, hi = e->n_terms;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(e->terms[mid].term, term);
        if (c == 0)
            return (long)mid;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

/* Same terms in the same order with the same df and idf; on a difference,
 * prints what is missing and what is extra before failing. */
static void check_vocabulary(const expected *e, const precis_vectorizer *v)
{
    size_t n = precis_vectorizer_size(v);
    size_t missing = 0, extra = 0, bad_df = 0, bad_idf = 0, bad_order = 0;
    for (size_t j = 0; j < e->n_terms; j++) {
        const expected_term *t = &e->terms[j];
        long k = precis_vectorizer_lookup(v, t->term, strlen(t->term));
        if (k < 0) {
            if (missing++ < MAX_REPORTED)
                fprintf(stderr, "%s: sklearn term \"%s\" (df %zu) missing from precis\n", e->setting, t->term, t->df);
            continue;
        }
        if ((size_t)k != j && bad_order++ < MAX_REPORTED)
            fprintf(stderr, "%s: term \"%s\" at index %ld, sklearn %zu\n", e->setting, t->term, k, j);
        size_t df = precis_vectorizer_df(v, (size_t)k);
        if (df != t->df && bad_df++ < MAX_REPORTED)
            fprintf(stderr, "%s: df(\"%s\") = %zu, sklearn %zu\n", e->setting, t->term, df, t->df);
        double idf = precis_vectorizer_idf(v, (size_t)k);
        if (!(fabs(idf - t->idf) <= IDF_TOL) && bad_idf++ < MAX_REPORTED)
            fprintf(stderr, "%s: idf(\"%s\") = %.17g, sklearn %.17g\n", e->setting, t->term, idf, t->idf);
    }
    for (size_t k = 0; k < n; k++) {
        const char *term = precis_vectorizer_term(v, k);
        ck_assert_ptr_nonnull(term);
        if (expected_find(e, term) < 0 && extra++ < MAX_REPORTED)
            fprintf(stderr, "%s: precis term \"%s\" (df %zu) not in sklearn's vocabulary\n", e->setting, term,
                    precis_vectorizer_df(v, k));
        if (k > 0)
            ck_assert_msg(strcmp(precis_vectorizer_term(v, k - 1), term) < 0, "%s: terms not sorted at %zu",
                          e->setting, k);
    }
    ck_assert_msg(missing == 0 && extra == 0 && n == e->n_terms,
                  "%s: vocabulary differs: %zu terms (sklearn %zu), %zu missing, %zu extra (listed above)",
                  e->setting, n, e->n_terms, missing, extra);
    ck_assert_msg(bad_order == 0 && bad_df == 0 && bad_idf == 0,
                  "%s: %zu terms misplaced, %zu dfs and %zu idfs differ (listed above)", e->setting, bad_order,
                  bad_df, bad_idf);
    ck_assert_int_eq(precis_vectorizer_lookup(v, "zz-not-a-term", 13), -1);
    ck_assert_int_eq(precis_vectorizer_lookup(v, "", 0), -1);
}

static const char *term_name(const expected *e, size_t col)
{
    return col < e->n_terms ? e->terms[col].term : "(out of range)";
}

/* X equals the expected matrix: same shape, same pattern, values to tol. */
static void check_matrix(const expected *e, const precis_csr *X, const char *what)
{
    ck_assert_msg(X->n_rows == e->n_docs && X->n_cols == e->n_terms,
                  "%s %s: %zu x %zu matrix, sklearn %zu x %zu", e->setting, what, X->n_rows, X->n_cols, e->n_docs,
                  e->n_terms);
    ck_assert_msg(X->row_ptr[0] == 0 && X->row_ptr[X->n_rows] == X->nnz, "%s %s: bad row_ptr", e->setting, what);
    size_t bad = 0, k = 0;
    for (size_t i = 0; i < X->n_rows; i++) {
        size_t want_end = k;
        while (want_end < e->nnz && e->row[want_end] == i)
            want_end++;
        size_t p = X->row_ptr[i], end = X->row_ptr[i + 1];
        if (end - p != want_end - k && bad++ < MAX_REPORTED)
            fprintf(stderr, "%s %s: row %zu (%s) has %zu nonzeros, sklearn %zu\n", e->setting, what, i,
                    e->docs[i], end - p, want_end - k);
        for (size_t q = p; q < end; q++)
            if (q > p && X->col[q] <= X->col[q - 1])
                ck_abort_msg("%s %s: row %zu columns not increasing", e->setting, what, i);
        /* Walk both rows in column order. */
        while (p < end || k < want_end) {
            size_t got_col = p < end ? X->col[p] : SIZE_MAX, want_col = k < want_end ? e->col[k] : SIZE_MAX;
            if (got_col == want_col) {
                if (!(fabs(X->val[p] - e->val[k]) <= VALUE_TOL) && bad++ < MAX_REPORTED)
                    fprintf(stderr, "%s %s: X[%zu, \"%s\"] = %.17g, sklearn %.17g (%s)\n", e->setting, what, i,
                            term_name(e, got_col), X->val[p], e->val[k], e->docs[i]);
                p++;
                k++;
            } else if (got_col < want_col) {
                if (bad++ < MAX_REPORTED)
                    fprintf(stderr, "%s %s: X[%zu, \"%s\"] = %.17g, sklearn has no such nonzero (%s)\n",
                            e->setting, what, i, term_name(e, got_col), X->val[p], e->docs[i]);
                p++;
            } else {
                if (bad++ < MAX_REPORTED)
                    fprintf(stderr, "%s %s: X[%zu, \"%s\"] missing, sklearn %.17g (%s)\n", e->setting, what, i,
                            term_name(e, want_col), e->val[k], e->docs[i]);
                k++;
            }
        }
    }
    ck_assert_msg(bad == 0 && X->nnz == e->nnz, "%s %s: %zu differences in the TF-IDF matrix (nnz %zu, sklearn %zu)",
                  e->setting, what, bad, X->nnz, e->nnz);
}

/* The expected documents are exactly the corpus files, in sorted order. */
static void check_doc_list(const expected *e)
{
    char **names;
    size_t n = list_dir(tu_source_path(CORPUS_DIR), ".txt", &names);
    ck_assert_msg(n == e->n_docs, "%s: %zu corpus files but %zu expected: rerun tests/gen_tfidf_expected.py",
                  e->setting, n, e->n_docs);
    for (size_t i = 0; i < n; i++)
        ck_assert_msg(strcmp(names[i], e->docs[i]) == 0, "%s: document %zu is %s, expected %s", e->setting, i,
                      names[i], e->docs[i]);
    free_names(names, n);
}

static char *read_corpus_file(const char *name, size_t *len)
{
    char rel[512];
    snprintf(rel, sizeof rel, "%s/%s", CORPUS_DIR, name);
    char *text = tu_read_file(tu_source_path(rel), len);
    ck_assert_msg(text != NULL, "cannot read %s", rel);
    return text;
}

static void run_setting(const char *setting)
{
    expected e;
    expected_load(&e, setting);
    check_doc_list(&e);

    precis_error err = {0};
    precis_vectorizer_builder *b = NULL;
    ck_assert_msg(precis_vectorizer_builder_new(&b, &e.opt, &err) == PRECIS_OK, "%s: builder_new: %s", setting,
                  err.message);
    for (size_t i = 0; i < e.n_docs; i++) {
        size_t len;
        char *text = read_corpus_file(e.docs[i], &len);
        ck_assert_msg(precis_vectorizer_builder_add(b, text, len, &err) == PRECIS_OK, "%s: add %s: %s", setting,
                      e.docs[i], err.message);
        free(text);
    }
    precis_vectorizer *v = NULL;
    precis_csr X = {0};
    ck_assert_msg(precis_vectorizer_builder_finish(b, &v, &X, &err) == PRECIS_OK, "%s: finish: %s", setting,
                  err.message);
    precis_vectorizer_builder_free(b);

    ck_assert_uint_eq(precis_vectorizer_n_documents(v), e.n_docs);
    check_vocabulary(&e, v);
    check_matrix(&e, &X, "training matrix");

    /* A training document transformed alone gives back its training row. */
    precis_csr T = {0};
    for (size_t i = 0; i < e.n_docs; i++) {
        size_t len;
        char *text = read_corpus_file(e.docs[i], &len);
        ck_assert_msg(precis_vectorizer_transform(v, text, len, &T, &err) == PRECIS_OK, "%s: transform %s: %s",
                      setting, e.docs[i], err.message);
        free(text);
    }
    check_matrix(&e, &T, "transform");
    ck_assert_uint_eq(T.nnz, X.nnz);
    for (size_t k = 0; k < X.nnz; k++)
        ck_assert_msg(T.col[k] == X.col[k] && fabs(T.val[k] - X.val[k]) <= 1e-12,
                      "%s: transform differs from the training row at nonzero %zu", setting, k);

    precis_csr_free(&T);
    precis_csr_free(&X);
    precis_vectorizer_free(v);
    expected_free(&e);
}

START_TEST(test_a_unigram_default)
{
    /* Setting (a) is precis's defaults: the file must say the same. */
    expected e;
    expected_load(&e, "a_unigram_default");
    precis_feature_options d;
    precis_feature_options_default(&d);
    ck_assert_int_eq(d.ngram_min, e.opt.ngram_min);
    ck_assert_int_eq(d.ngram_max, e.opt.ngram_max);
    ck_assert(d.min_df.value == e.opt.min_df.value && d.min_df.is_proportion == e.opt.min_df.is_proportion);
    ck_assert(d.max_df.value == e.opt.max_df.value && d.max_df.is_proportion == e.opt.max_df.is_proportion);
    ck_assert_uint_eq(d.max_features, e.opt.max_features);
    ck_assert_int_eq(d.sublinear_tf, e.opt.sublinear_tf);
    ck_assert_int_eq(d.single_char_tokens, e.opt.single_char_tokens);
    ck_assert_int_eq(d.stop_words, e.opt.stop_words);
    expected_free(&e);
    run_setting("a_unigram_default");
}
END_TEST

START_TEST(test_b_bigram_mindf2) { run_setting("b_bigram_mindf2"); }
END_TEST

START_TEST(test_c_trigram_maxdf_half_maxfeat) { run_setting("c_trigram_maxdf_half_maxfeat"); }
END_TEST

START_TEST(test_d_single_char_stop_mindf_prop) { run_setting("d_single_char_stop_mindf_prop"); }
END_TEST

START_TEST(test_e_linear_tf_maxdf3) { run_setting("e_linear_tf_maxdf3"); }
END_TEST

START_TEST(test_f_stop_trigram_maxfeat) { run_setting("f_stop_trigram_maxfeat"); }
END_TEST

/* min_df is a proportion p whose product p * n, in double, lies just above a
 * whole number k that some term's df equals: scikit-learn drops that term. */
START_TEST(test_g_mindf_prop_rounding) { run_setting("g_mindf_prop_rounding"); }
END_TEST

/* ------------------------------------------------------------ 20 Newsgroups */

static uint64_t fnv1a64(uint64_t h, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 0x100000001B3ULL;
    }
    return h;
}

typedef struct news_expected {
    size_t n_documents, terms, sum_df;
    uint64_t digest;
} news_expected;

static void news_expected_load(news_expected *x)
{
    const char *path = tu_source_path("tests/fixtures/tfidf/20news_train_unigram_mindf2.txt");
    char *buf = tu_read_file(path, NULL);
    ck_assert_msg(buf != NULL, "cannot read %s (run tests/gen_tfidf_expected.py --20news)", path);
    char *cur = buf, *line;
    int seen = 0;
    while ((line = next_line(&cur)) != NULL) {
        seen += sscanf(line, "n_documents %zu", &x->n_documents);
        seen += sscanf(line, "terms %zu", &x->terms);
        seen += sscanf(line, "sum_df %zu", &x->sum_df);
        seen += sscanf(line, "fnv1a64 %" SCNx64, &x->digest);
    }
    free(buf);
    ck_assert_msg(seen == 4, "%s: malformed", path);
}

START_TEST(test_20news_train_vocabulary)
{
    const char *root = tu_dataset("20news-bydate/20news-bydate-train");
    if (!root)
        return;
    char rootbuf[4096];
    snprintf(rootbuf, sizeof rootbuf, "%s", root);
    news_expected x = {0};
    news_expected_load(&x);

    precis_feature_options opt;
    precis_feature_options_default(&opt);
    opt.min_df.value = 2;
    opt.min_df.is_proportion = 0;
    precis_error err = {0};
    precis_vectorizer_builder *b = NULL;
    ck_assert_int_eq(precis_vectorizer_builder_new(&b, &opt, &err), PRECIS_OK);

    char **labels;
    size_t n_labels = list_dir(rootbuf, NULL, &labels), n_docs = 0;
    for (size_t l = 0; l < n_labels; l++) {
        char dir[4096];
        ck_assert(snprintf(dir, sizeof dir, "%s/%s", rootbuf, labels[l]) < (int)sizeof dir);
        char **files;
        size_t n_files = list_dir(dir, NULL, &files);
        for (size_t f = 0; f < n_files; f++) {
            char path[4096];
            ck_assert(snprintf(path, sizeof path, "%s/%s", dir, files[f]) < (int)sizeof path);
            size_t len;
            char *text = tu_read_file(path, &len);
            ck_assert_msg(text != NULL, "cannot read %s", path);
            ck_assert_msg(precis_vectorizer_builder_add(b, text, len, &err) == PRECIS_OK, "add %s: %s", path,
                          err.message);
            free(text);
            n_docs++;
        }
        free_names(files, n_files);
    }
    free_names(labels, n_labels);

    precis_vectorizer *v = NULL;
    ck_assert_msg(precis_vectorizer_builder_finish(b, &v, NULL, &err) == PRECIS_OK, "finish: %s", err.message);
    precis_vectorizer_builder_free(b);
    ck_assert_uint_eq(n_docs, x.n_documents);
    ck_assert_uint_eq(precis_vectorizer_n_documents(v), x.n_documents);

    /* The listing "term\tdf\n" in vocabulary order, its digest and sums. */
    size_t n = precis_vectorizer_size(v), sum_df = 0;
    uint64_t h = 0xCBF29CE484222325ULL;
    const char *listing = tu_build_path("test_tfidf_20news_vocab.txt");
    char listing_path[4096];
    snprintf(listing_path, sizeof listing_path, "%s", listing);
    FILE *out = NULL;
    for (int pass = 0; pass < 2; pass++) {
        for (size_t k = 0; k < n; k++) {
            char line[1024];
            const char *term = precis_vectorizer_term(v, k);
            size_t df = precis_vectorizer_df(v, k);
            int len = snprintf(line, sizeof line, "%s\t%zu\n", term, df);
            ck_assert(len > 0 && (size_t)len < sizeof line);
            if (pass == 0) {
                h = fnv1a64(h, line, (size_t)len);
                sum_df += df;
            } else {
                fputs(line, out);
            }
        }
        if (pass == 0 && n == x.terms && sum_df == x.sum_df && h == x.digest)
            break;
        if (pass == 0) {
            out = fopen(listing_path, "wb");
            ck_assert_msg(out != NULL, "cannot write %s", listing_path);
        }
    }
    if (out)
        fclose(out);
    precis_vectorizer_free(v);
    ck_assert_msg(n == x.terms && sum_df == x.sum_df && h == x.digest,
                  "20news vocabulary differs from scikit-learn's: %zu terms (sklearn %zu), sum of df %zu "
                  "(sklearn %zu), digest %016" PRIx64 " (sklearn %016" PRIx64 "). precis's listing is in %s; "
                  "diff it with the output of tests/gen_tfidf_expected.py --20news --dump FILE",
                  n, x.terms, sum_df, x.sum_df, h, x.digest, listing_path);
}
END_TEST

static Suite *tfidf_suite(void)
{
    Suite *s = suite_create("tfidf");
    TCase *fixtures = tcase_create("sklearn_fixtures");
    tcase_add_test(fixtures, test_a_unigram_default);
    tcase_add_test(fixtures, test_b_bigram_mindf2);
    tcase_add_test(fixtures, test_c_trigram_maxdf_half_maxfeat);
    tcase_add_test(fixtures, test_d_single_char_stop_mindf_prop);
    tcase_add_test(fixtures, test_e_linear_tf_maxdf3);
    tcase_add_test(fixtures, test_f_stop_trigram_maxfeat);
    tcase_add_test(fixtures, test_g_mindf_prop_rounding);
    suite_add_tcase(s, fixtures);
    TCase *news = tcase_create("datasets");
    tcase_set_tags(news, "datasets");
    tcase_add_test(news, test_20news_train_vocabulary);
    suite_add_tcase(s, news);
    return s;
}

int main(void)
{
    return tu_run(tfidf_suite());
}
