/*
 * test_stem.c — model/stem.c against NLTK's PorterStemmer in
 * ORIGINAL_ALGORITHM mode.
 *
 * tests/gen_rouge_expected.py wrote tests/fixtures/rouge/stems.txt: every
 * distinct alphabetic token of the project's own texts, hand-written suffix
 * cases, and words made by appending each rule's suffix to sample tokens,
 * each with NLTK's stem ("-" for the empty string). Each stem is written into
 * a buffer of exactly len + 1 bytes, so a rule that lengthened a word would
 * overrun it (caught by the sanitizer build) as well as fail the comparison.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "precis.h"
#include "testutil.h"

#define FIXTURE "tests/fixtures/rouge/stems.txt"

static const char *dash_to_empty(const char *s) { return strcmp(s, "-") == 0 ? "" : s; }

/* Stems word into an exact-size buffer; the caller frees it. */
static char *stem_of(const char *word, size_t *stem_len)
{
    size_t len = strlen(word);
    char *out = malloc(len + 1);
    ck_assert_ptr_nonnull(out);
    *stem_len = precis_porter_stem(word, len, out);
    ck_assert_uint_le(*stem_len, len);
    ck_assert_uint_eq(strlen(out), *stem_len);
    return out;
}

START_TEST(test_stems_match_nltk)
{
    size_t len;
    char *buf = tu_read_file(tu_source_path(FIXTURE), &len);
    ck_assert_msg(buf != NULL, "cannot read %s (run tests/gen_rouge_expected.py)", FIXTURE);
    size_t declared = 0, seen = 0, wrong = 0, lineno = 0;
    for (char *line = strtok(buf, "\n"); line; line = strtok(NULL, "\n")) {
        lineno++;
        if (line[0] == '#') {
            if (!declared)
                sscanf(line, "# %zu words", &declared);
            continue;
        }
        char *space = strchr(line, ' ');
        ck_assert_msg(space != NULL, "%s:%zu: no space", FIXTURE, lineno);
        *space = '\0';
        const char *word = dash_to_empty(line), *expected = dash_to_empty(space + 1);
        size_t n;
        char *got = stem_of(word, &n);
        if (strcmp(got, expected) != 0 && wrong++ < 20)
            fprintf(stderr, "stem(\"%.60s\") = \"%.60s\", NLTK says \"%.60s\"\n", word, got, expected);
        free(got);
        seen++;
    }
    free(buf);
    ck_assert_msg(declared > 9000 && seen == declared, "%zu words read, %zu declared", seen,
                  declared);
    ck_assert_msg(wrong == 0, "%zu of %zu stems differ from NLTK's", wrong, seen);
}
END_TEST

/* The paper's own examples, by hand: a check that does not depend on the
 * fixture (NLTK agrees with each; the fixture holds them too). */
START_TEST(test_paper_examples)
{
    static const char *const pairs[][2] = {
        {"caresses", "caress"}, {"ponies", "poni"},   {"cats", "cat"},       {"feed", "feed"},
        {"agreed", "agre"},     {"plastered", "plaster"}, {"bled", "bled"},  {"motoring", "motor"},
        {"sing", "sing"},       {"hopping", "hop"},   {"falling", "fall"},   {"filing", "file"},
        {"happy", "happi"},     {"sky", "sky"},       {"relational", "relat"}, {"triplicate", "triplic"},
        {"adoption", "adopt"},  {"controll", "control"}, {"roll", "roll"},   {"cease", "ceas"},
    };
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        size_t n;
        char *got = stem_of(pairs[i][0], &n);
        ck_assert_msg(strcmp(got, pairs[i][1]) == 0, "stem(%s) = %s, want %s", pairs[i][0], got,
                      pairs[i][1]);
        free(got);
    }
}
END_TEST

START_TEST(test_degenerate_arguments)
{
    char out[8] = "xxxxxxx";
    ck_assert_uint_eq(precis_porter_stem("", 0, out), 0);
    ck_assert_str_eq(out, "");
    ck_assert_uint_eq(precis_porter_stem(NULL, 0, out), 0);
    ck_assert_uint_eq(precis_porter_stem("cats", 4, NULL), 0);
    /* Only len bytes are read: the rest of the string is not the word. */
    ck_assert_uint_eq(precis_porter_stem("catsXYZ", 4, out), 3);
    ck_assert_str_eq(out, "cat");
}
END_TEST

/* A long run of y's (each y's class depends on the one before) and a long
 * word stay linear: this would take minutes if either were quadratic. */
START_TEST(test_long_words_are_linear)
{
    size_t len = (size_t)4 << 20;
    char *word = malloc(len + 1), *out = malloc(len + 1);
    ck_assert_ptr_nonnull(word);
    ck_assert_ptr_nonnull(out);
    memset(word, 'y', len);
    size_t n = precis_porter_stem(word, len, out);
    ck_assert_uint_eq(n, len); /* y...y: step 1c needs a vowel before the last y, and has one */
    ck_assert_int_eq(out[len - 1], 'i');
    ck_assert_int_eq(memcmp(out, word, len - 1), 0); /* NLTK: "yyyyyyy" -> "yyyyyyi" */
    for (size_t i = 0; i < len; i += 2)
        memcpy(word + i, "ab", 2);
    memcpy(word + len - 7, "ational", 7);
    /* By hand: "abab...aba" + "ational" (the stem before the suffix has an
     * odd length, so ends in 'a'). Step 2 turns -ational into -ate (m > 0),
     * step 4 drops -ate (m > 1), and nothing else applies to a word ending
     * in "ba": the stem is the word minus its last 7 bytes. NLTK agrees on
     * short words of this shape ("abababaational" -> "abababa"). */
    n = precis_porter_stem(word, len, out);
    ck_assert_uint_eq(n, len - 7);
    ck_assert_int_eq(memcmp(out, word, len - 7), 0);
    free(word);
    free(out);
}
END_TEST

static Suite *stem_suite(void)
{
    Suite *s = suite_create("stem");
    TCase *tc = tcase_create("porter");
    tcase_add_test(tc, test_stems_match_nltk);
    tcase_add_test(tc, test_paper_examples);
    tcase_add_test(tc, test_degenerate_arguments);
    tcase_add_test(tc, test_long_words_are_linear);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(stem_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
