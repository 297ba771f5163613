/*
 * test_rouge.c — model/rouge.c against the reference scorer, and its counts
 * against plain oracles.
 *
 *  - tests/fixtures/rouge/pairs.txt (tests/gen_rouge_expected.py) holds
 *    reference/candidate byte strings written for the edge cases (empty
 *    texts, clipping, punctuation, digits, Unicode, Latin-1, BOM/CRLF/NUL,
 *    random token sequences) with tools/rouge.py's P/R/F: compared to 1e-12.
 *  - Random sequences of short (unstemmed) tokens: clipped n-gram counts and
 *    the LCS from textbook algorithms written here (a full count table, the
 *    two-row dynamic program) must equal what the scores imply.
 *  - 100k tokens against 100k tokens finishes; past the documented product of
 *    token counts the score is refused with PRECIS_ERR_LIMIT.
 *  - Every allocation failure unwinds with PRECIS_ERR_NOMEM (leaks are the
 *    sanitizer build's to find).
 */
#include <check.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "precis.h"
#include "testutil.h"

#define FIXTURE "tests/fixtures/rouge/pairs.txt"
#define TOLERANCE 1e-12

static const char *const FIGURE[3] = {"rouge1", "rouge2", "rougeL"};

/* ------------------------------------------------------------ fixture pairs */

/* Hex ("-" for empty) into a malloc'ed buffer. */
static char *unhex(const char *hex, size_t *len)
{
    size_t n = strcmp(hex, "-") == 0 ? 0 : strlen(hex) / 2;
    char *out = malloc(n + 1);
    ck_assert_ptr_nonnull(out);
    for (size_t i = 0; i < n; i++) {
        unsigned v;
        ck_assert_msg(sscanf(hex + 2 * i, "%2x", &v) == 1, "bad hex \"%.40s\"", hex);
        out[i] = (char)v;
    }
    out[n] = '\0';
    *len = n;
    return out;
}

/* The line at *cursor (NUL-terminated in place); NULL at the end. */
static char *next_line(char **cursor)
{
    char *line = *cursor;
    if (!line || !*line)
        return NULL;
    char *nl = strchr(line, '\n');
    if (nl)
        *nl = '\0';
    *cursor = nl ? nl + 1 : line + strlen(line);
    return line;
}

/* The value after "key " on the next non-comment line. */
static char *next_field(char **cursor, const char *key)
{
    char *line;
    do {
        line = next_line(cursor);
        ck_assert_msg(line != NULL, "%s: expected \"%s\", got end of file", FIXTURE, key);
    } while (line[0] == '#');
    size_t k = strlen(key);
    ck_assert_msg(strncmp(line, key, k) == 0 && line[k] == ' ', "%s: expected \"%s ...\", got \"%.60s\"",
                  FIXTURE, key, line);
    return line + k + 1;
}

static void check_case(const char *name, char **cursor)
{
    size_t ref_len, cand_len;
    char *ref = unhex(next_field(cursor, "ref"), &ref_len);
    char *cand = unhex(next_field(cursor, "cand"), &cand_len);
    precis_rouge got;
    precis_error err = {0};
    int rc = precis_rouge_score(ref, ref_len, cand, cand_len, &got, &err);
    ck_assert_msg(rc == PRECIS_OK, "%s: %s", name, err.message);
    for (int k = 0; k < 3; k++) {
        double want[3];
        char *values = next_field(cursor, FIGURE[k]);
        ck_assert_int_eq(sscanf(values, "%lf %lf %lf", &want[0], &want[1], &want[2]), 3);
        double have[3] = {got.precision[k], got.recall[k], got.f1[k]};
        for (int j = 0; j < 3; j++)
            ck_assert_msg(fabs(have[j] - want[j]) <= TOLERANCE, "%s %s %c: %.17g, rouge.py %.17g",
                          name, FIGURE[k], "PRF"[j], have[j], want[j]);
    }
    free(ref);
    free(cand);
}

START_TEST(test_pairs_match_reference_scorer)
{
    size_t len;
    char *buf = tu_read_file(tu_source_path(FIXTURE), &len);
    ck_assert_msg(buf != NULL, "cannot read %s (run tests/gen_rouge_expected.py)", FIXTURE);
    char *cursor = buf, *line;
    size_t cases = 0;
    while ((line = next_line(&cursor)) != NULL) {
        if (strncmp(line, "case ", 5) != 0)
            continue;
        check_case(line + 5, &cursor);
        cases++;
    }
    free(buf);
    ck_assert_uint_ge(cases, 30);
}
END_TEST

/* ------------------------------------------------------------ oracles */

#define ALPHABET_MAX 1296 /* two base-36 characters: tokens of at most 3 letters */

typedef struct token_text {
    int *tok;
    size_t n;
    char *text;
    size_t len;
} token_text;

static uint64_t rng_next(uint64_t *s)
{
    *s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
    return *s >> 33;
}

/* n tokens drawn from `alphabet` symbols, written as "t<c><c>" separated by
 * varied punctuation (never stemmed: three characters). */
static token_text random_text(uint64_t *rng, size_t n, int alphabet)
{
    static const char digits[] = "0123456789abcdefghijklmnopqrstuvwxyz";
    static const char *const seps[] = {" ", ", ", "\n", " -- ", ".\t"};
    token_text t = {malloc((n + 1) * sizeof(int)), n, malloc(8 * n + 1), 0};
    ck_assert_ptr_nonnull(t.tok);
    ck_assert_ptr_nonnull(t.text);
    for (size_t i = 0; i < n; i++) {
        int s = (int)(rng_next(rng) % (uint64_t)alphabet);
        t.tok[i] = s;
        const char *sep = i ? seps[rng_next(rng) % 5] : "";
        t.len += (size_t)sprintf(t.text + t.len, "%st%c%c", sep, digits[s / 36], digits[s % 36]);
    }
    return t;
}

static size_t lcs_dynamic_program(const token_text *a, const token_text *b)
{
    size_t *prev = calloc(b->n + 1, sizeof *prev), *cur = calloc(b->n + 1, sizeof *cur);
    ck_assert(prev && cur);
    for (size_t i = 0; i < a->n; i++) {
        for (size_t j = 0; j < b->n; j++)
            cur[j + 1] = a->tok[i] == b->tok[j] ? prev[j] + 1
                                                : (prev[j + 1] > cur[j] ? prev[j + 1] : cur[j]);
        size_t *t = prev;
        prev = cur;
        cur = t;
    }
    size_t r = prev[b->n];
    free(prev);
    free(cur);
    return r;
}

/* Clipped n-gram overlap (n = 1 or 2) by a full table of counts. */
static size_t clipped_overlap(const token_text *ref, const token_text *cand, int n)
{
    size_t cells = n == 1 ? ALPHABET_MAX : (size_t)ALPHABET_MAX * ALPHABET_MAX;
    unsigned *count = calloc(cells, sizeof *count);
    ck_assert_ptr_nonnull(count);
    for (size_t i = 0; i + (size_t)n <= ref->n; i++)
        count[n == 1 ? ref->tok[i] : ref->tok[i] * ALPHABET_MAX + ref->tok[i + 1]]++;
    size_t ov = 0;
    for (size_t i = 0; i + (size_t)n <= cand->n; i++) {
        size_t key = n == 1 ? (size_t)cand->tok[i] : (size_t)cand->tok[i] * ALPHABET_MAX + cand->tok[i + 1];
        if (count[key]) {
            count[key]--;
            ov++;
        }
    }
    free(count);
    return ov;
}

static size_t grams(size_t n_tokens, int n) { return n_tokens >= (size_t)n ? n_tokens - (size_t)n + 1 : 0; }

/* P and R are overlap / count: the same division must give the same double. */
static void check_counts(const precis_rouge *r, int k, size_t overlap, size_t ref_n, size_t cand_n,
                         const char *what)
{
    double p = cand_n ? (double)overlap / (double)cand_n : 0.0;
    double q = ref_n ? (double)overlap / (double)ref_n : 0.0;
    ck_assert_msg(r->precision[k] == p && r->recall[k] == q,
                  "%s %s: P=%.17g R=%.17g, want overlap %zu of %zu / %zu", what, FIGURE[k],
                  r->precision[k], r->recall[k], overlap, cand_n, ref_n);
}

START_TEST(test_counts_match_oracles)
{
    /* Lengths straddle multiples of 64 (the LCS's machine words); small
     * alphabets make tokens frequent (precomputed masks), large ones rare. */
    static const size_t lengths[] = {0, 1, 2, 3, 63, 64, 65, 127, 128, 129, 200, 511};
    static const int alphabets[] = {1, 2, 4, 26, 300, ALPHABET_MAX};
    uint64_t rng = 20240229;
    size_t n_len = sizeof lengths / sizeof lengths[0];
    for (size_t trial = 0; trial < 400; trial++) {
        int alphabet = alphabets[trial % 6];
        token_text ref = random_text(&rng, lengths[rng_next(&rng) % n_len], alphabet);
        token_text cand = random_text(&rng, lengths[rng_next(&rng) % n_len], alphabet);
        precis_rouge r;
        precis_error err;
        ck_assert_int_eq(precis_rouge_score(ref.text, ref.len, cand.text, cand.len, &r, &err), PRECIS_OK);
        char what[96];
        snprintf(what, sizeof what, "trial %zu (%zu vs %zu tokens, alphabet %d)", trial, ref.n,
                 cand.n, alphabet);
        check_counts(&r, 0, clipped_overlap(&ref, &cand, 1), ref.n, cand.n, what);
        check_counts(&r, 1, clipped_overlap(&ref, &cand, 2), grams(ref.n, 2), grams(cand.n, 2), what);
        check_counts(&r, 2, lcs_dynamic_program(&ref, &cand), ref.n, cand.n, what);
        /* Swapping the texts swaps P and R. */
        precis_rouge s;
        ck_assert_int_eq(precis_rouge_score(cand.text, cand.len, ref.text, ref.len, &s, &err), PRECIS_OK);
        for (int k = 0; k < 3; k++)
            ck_assert(s.precision[k] == r.recall[k] && s.recall[k] == r.precision[k]);
        free(ref.tok);
        free(ref.text);
        free(cand.tok);
        free(cand.text);
    }
}
END_TEST

/* ------------------------------------------------------------ size limits */

/* n tokens: "0 1 2 ..." times `step` (numbers are never stemmed), or all `word`. */
static char *numbers_text(size_t n, size_t step, size_t *len)
{
    char *t = malloc(n * 12 + 1);
    ck_assert_ptr_nonnull(t);
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += (size_t)sprintf(t + k, "%zu ", i * step);
    *len = k;
    return t;
}

static char *repeated_text(size_t n, const char *word, size_t *len)
{
    size_t w = strlen(word) + 1;
    char *t = malloc(n * w + 1);
    ck_assert_ptr_nonnull(t);
    for (size_t i = 0; i < n; i++) {
        memcpy(t + i * w, word, w - 1);
        t[i * w + w - 1] = ' ';
    }
    *len = n * w;
    t[*len] = '\0';
    return t;
}

START_TEST(test_hundred_thousand_tokens)
{
    size_t n = 100000, ref_len, cand_len;
    char *ref = numbers_text(n, 1, &ref_len);   /* 0 .. 99999 */
    char *cand = numbers_text(n, 2, &cand_len); /* 0, 2, .. 199998: half are in ref, in order */
    precis_rouge r;
    precis_error err;
    ck_assert_int_eq(precis_rouge_score(ref, ref_len, cand, cand_len, &r, &err), PRECIS_OK);
    check_counts(&r, 0, n / 2, n, n, "numbers");
    check_counts(&r, 1, 0, n - 1, n - 1, "numbers");
    check_counts(&r, 2, n / 2, n, n, "numbers");
    free(ref);
    free(cand);
    /* One token repeated: every row of the LCS matches everywhere. */
    ref = repeated_text(n, "news", &ref_len);
    cand = repeated_text(n - 1, "news", &cand_len);
    ck_assert_int_eq(precis_rouge_score(ref, ref_len, cand, cand_len, &r, &err), PRECIS_OK);
    check_counts(&r, 0, n - 1, n, n - 1, "repeated");
    check_counts(&r, 1, n - 2, n - 1, n - 2, "repeated");
    check_counts(&r, 2, n - 1, n, n - 1, "repeated");
    free(ref);
    free(cand);
}
END_TEST

START_TEST(test_lcs_limit)
{
    size_t ref_len, cand_len;
    char *ref = repeated_text(400000, "a", &ref_len);
    char *cand = repeated_text(300000, "a", &cand_len); /* 1.2e11 token pairs > 1e11 */
    precis_rouge r;
    precis_error err = {0};
    ck_assert_int_eq(precis_rouge_score(ref, ref_len, cand, cand_len, &r, &err), PRECIS_ERR_LIMIT);
    ck_assert_int_eq(err.code, PRECIS_ERR_LIMIT);
    ck_assert_msg(strstr(err.message, "400000 x 300000") != NULL, "message: %s", err.message);
    free(cand);
    /* At the limit, 400000 x 250000 = 1e11, the score is computed (with no
     * token in common, so quickly). */
    cand = repeated_text(250000, "b", &cand_len);
    ck_assert_int_eq(precis_rouge_score(ref, ref_len, cand, cand_len, &r, &err), PRECIS_OK);
    ck_assert(r.f1[0] == 0.0 && r.f1[2] == 0.0);
    free(ref);
    free(cand);
}
END_TEST

/* ------------------------------------------------------------ arguments, memory */

START_TEST(test_arguments)
{
    precis_rouge r;
    precis_error err = {0};
    ck_assert_int_eq(precis_rouge_score("a", 1, "a", 1, NULL, &err), PRECIS_ERR_ARG);
    ck_assert_int_eq(err.code, PRECIS_ERR_ARG);
    ck_assert_int_eq(precis_rouge_score(NULL, 3, "a", 1, &r, &err), PRECIS_ERR_ARG);
    ck_assert_int_eq(precis_rouge_score("a", 1, NULL, 3, &r, NULL), PRECIS_ERR_ARG);
    /* NULL with no bytes is an empty text. */
    ck_assert_int_eq(precis_rouge_score(NULL, 0, "cat", 3, &r, &err), PRECIS_OK);
    for (int k = 0; k < 3; k++)
        ck_assert(r.precision[k] == 0.0 && r.recall[k] == 0.0 && r.f1[k] == 0.0);
    /* Only ref_len bytes are read. */
    ck_assert_int_eq(precis_rouge_score("cat dog", 3, "cat", 3, &r, &err), PRECIS_OK);
    ck_assert(r.f1[0] == 1.0 && r.f1[2] == 1.0);
}
END_TEST

START_TEST(test_allocation_failures_unwind)
{
    /* Latin-1 bytes, stemmed words, frequent and rare tokens, repeated bigrams. */
    static const char ref[] = "The Caf\xe9 owners were running; the runners ran. "
                              "the the the a b a b a b hopefulness generalizations 1990s";
    static const char cand[] = "the caf\xe9 runner runs the the a b a b relational the end";
    precis_rouge want, got;
    precis_error err;
    ck_assert_int_eq(precis_rouge_score(ref, sizeof ref - 1, cand, sizeof cand - 1, &want, &err),
                     PRECIS_OK);
    long k, failures = 0;
    for (k = 1; k < 1000; k++) {
        px_alloc_fail_after(k, 1);
        err.code = PRECIS_OK;
        int rc = precis_rouge_score(ref, sizeof ref - 1, cand, sizeof cand - 1, &got, &err);
        px_alloc_fail_after(0, 0);
        if (rc == PRECIS_OK)
            break;
        ck_assert_msg(rc == PRECIS_ERR_NOMEM && err.code == PRECIS_ERR_NOMEM,
                      "failing allocation %ld: status %d (%s)", k, rc, err.message);
        failures++;
    }
    ck_assert_msg(failures >= 10, "only %ld allocations to fail", failures);
    ck_assert_int_eq(memcmp(&got, &want, sizeof got), 0);
}
END_TEST

static Suite *rouge_suite(void)
{
    Suite *s = suite_create("rouge");
    TCase *ref = tcase_create("reference");
    tcase_add_test(ref, test_pairs_match_reference_scorer);
    tcase_add_test(ref, test_counts_match_oracles);
    suite_add_tcase(s, ref);
    TCase *limits = tcase_create("limits");
    tcase_add_test(limits, test_hundred_thousand_tokens);
    tcase_add_test(limits, test_lcs_limit);
    tcase_add_test(limits, test_arguments);
    tcase_add_test(limits, test_allocation_failures_unwind);
    suite_add_tcase(s, limits);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(rouge_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
