/*
 * test_align.c — aligning reference extracts with their articles
 * (model/align.c).
 *
 * The fixtures in tests/fixtures/align/ are small articles written for these
 * tests, each with a reference extract built by hand from its sentences (in
 * another order, without spaces after full stops, with other quote marks,
 * a repeated sentence, a sentence the article lacks) and a NAME.expect file
 * saying which body sentences the reference holds:
 *     sentences: N        body sentences the splitter must find
 *     aligned: i j ...    body sentence indices in the reference
 *     reference: R        reference sentences counted
 *     unaligned: U        of those, matched to no body sentence
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "summarize/align.h"
#include "base/alloc.h"
#include "precis.h"
#include "testutil.h"

typedef struct expectation {
    size_t sentences, reference, unaligned;
    unsigned char aligned[64];
} expectation;

static void read_expectation(const char *name, expectation *e)
{
    char rel[256];
    snprintf(rel, sizeof rel, "tests/fixtures/align/%s.expect", name);
    size_t len;
    char *text = tu_read_file(tu_source_path(rel), &len);
    ck_assert_msg(text != NULL, "cannot read %s", rel);
    memset(e, 0, sizeof *e);
    for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
        if (sscanf(line, "sentences: %zu", &e->sentences) == 1 ||
            sscanf(line, "reference: %zu", &e->reference) == 1 ||
            sscanf(line, "unaligned: %zu", &e->unaligned) == 1)
            continue;
        ck_assert_msg(strncmp(line, "aligned:", 8) == 0, "%s: odd line %s", rel, line);
        char *p = line + 8, *end;
        for (long i = strtol(p, &end, 10); end != p; p = end, i = strtol(p, &end, 10)) {
            ck_assert(i >= 0 && i < 64);
            e->aligned[i] = 1;
        }
    }
    free(text);
}

static char *fixture(const char *name, const char *kind, size_t *len)
{
    char rel[256];
    snprintf(rel, sizeof rel, "tests/fixtures/align/%s.%s.txt", name, kind);
    char *text = tu_read_file(tu_source_path(rel), len);
    ck_assert_msg(text != NULL, "cannot read %s", rel);
    return text;
}

static void check_fixture(const char *name)
{
    expectation e;
    read_expectation(name, &e);
    size_t alen, rlen;
    char *article = fixture(name, "article", &alen), *ref = fixture(name, "summary", &rlen);
    precis_article *a;
    precis_error err;
    ck_assert_int_eq(precis_article_split(&a, article, alen, &err), PRECIS_OK);
    ck_assert_msg(a->n_sentences == e.sentences, "%s: %zu sentences, expected %zu", name,
                  a->n_sentences, e.sentences);
    unsigned char flags[64];
    px_alignment_counts c;
    ck_assert_int_eq(px_align_reference(a, ref, rlen, flags, &c), PRECIS_OK);
    for (size_t i = 0; i < a->n_sentences; i++)
        ck_assert_msg(flags[i] == e.aligned[i], "%s: sentence %zu aligned %d, expected %d", name,
                      i, flags[i], e.aligned[i]);
    ck_assert_msg(c.reference_sentences == e.reference, "%s: %zu reference sentences, expected %zu",
                  name, c.reference_sentences, e.reference);
    ck_assert_msg(c.unaligned == e.unaligned, "%s: %zu unaligned, expected %zu", name, c.unaligned,
                  e.unaligned);
    precis_article_free(a);
    free(article);
    free(ref);
}

START_TEST(reordered) { check_fixture("reordered"); }
END_TEST

START_TEST(missing_spaces) { check_fixture("missing_spaces"); }
END_TEST

START_TEST(quotes) { check_fixture("quotes"); }
END_TEST

START_TEST(sentence_twice_in_article_once_in_reference) { check_fixture("duplicate"); }
END_TEST

START_TEST(sentence_twice_in_both) { check_fixture("duplicate_twice"); }
END_TEST

START_TEST(unalignable_sentence_counted) { check_fixture("unalignable"); }
END_TEST

/* ------------------------------------------------------------ hand-built articles */

/* The sentences joined by one space, each its own sentence, paragraph 0. */
static precis_article *make_article(const char *const *sents, size_t n)
{
    size_t len = 0;
    for (size_t i = 0; i < n; i++)
        len += strlen(sents[i]) + 1;
    precis_article *a = calloc(1, sizeof *a);
    a->text = malloc(len + 1);
    a->sentences = calloc(n ? n : 1, sizeof *a->sentences);
    size_t at = 0;
    for (size_t i = 0; i < n; i++) {
        size_t l = strlen(sents[i]);
        a->sentences[i] = (precis_sentence){at, l, 0, 0};
        memcpy(a->text + at, sents[i], l);
        at += l;
        a->text[at++] = ' ';
    }
    a->text[at] = '\0';
    a->len = at;
    a->n_sentences = n;
    return a;
}

/* The article's splitter kept a fragment the reference's splitter cut off:
 * the second pass gives the piece to the longer sentence. */
START_TEST(piece_of_a_longer_sentence)
{
    const char *sents[] = {"Shares rose 5% on Monday, traders said.", "Oil fell on Tuesday."};
    precis_article *a = make_article(sents, 2);
    const char *ref = "Shares rose 5% on Monday.";
    unsigned char flags[2];
    px_alignment_counts c;
    ck_assert_int_eq(px_align_reference(a, ref, strlen(ref), flags, &c), PRECIS_OK);
    ck_assert_int_eq(flags[0], 1);
    ck_assert_int_eq(flags[1], 0);
    ck_assert_uint_eq(c.unaligned, 0);
    ck_assert_uint_eq(c.reference_sentences, 1);
    precis_article_free(a);
}
END_TEST

/* A short sentence that also occurs inside a longer one must not take the
 * longer one's place: the longer claims first. */
START_TEST(short_sentence_inside_a_longer_one)
{
    const char *sents[] = {"He resigned.", "Minister Brown said he resigned."};
    precis_article *a = make_article(sents, 2);
    const char *ref = "Minister Brown said he resigned.";
    unsigned char flags[2];
    px_alignment_counts c;
    ck_assert_int_eq(px_align_reference(a, ref, strlen(ref), flags, &c), PRECIS_OK);
    ck_assert_int_eq(flags[0], 0);
    ck_assert_int_eq(flags[1], 1);
    precis_article_free(a);
}
END_TEST

/* Two unknown sentences run together count as two. */
START_TEST(unaligned_pieces_count_their_sentences)
{
    const char *sents[] = {"The plant closed in May."};
    precis_article *a = make_article(sents, 1);
    const char *ref = "Nobody knew why.The plant closed in May.Workers were told on Friday.It rained.";
    unsigned char flags[1];
    px_alignment_counts c;
    ck_assert_int_eq(px_align_reference(a, ref, strlen(ref), flags, &c), PRECIS_OK);
    ck_assert_int_eq(flags[0], 1);
    ck_assert_uint_eq(c.unaligned, 3);
    ck_assert_uint_eq(c.reference_sentences, 4);
    precis_article_free(a);
}
END_TEST

START_TEST(empty_reference_and_article)
{
    const char *sents[] = {"Something happened."};
    precis_article *a = make_article(sents, 1);
    unsigned char flags[1] = {7};
    px_alignment_counts c;
    ck_assert_int_eq(px_align_reference(a, "", 0, flags, &c), PRECIS_OK);
    ck_assert_int_eq(flags[0], 0);
    ck_assert_uint_eq(c.reference_sentences, 0);
    precis_article *none = make_article(NULL, 0);
    ck_assert_int_eq(px_align_reference(none, "A sentence.", 11, flags, &c), PRECIS_OK);
    ck_assert_uint_eq(c.unaligned, 1);
    precis_article_free(a);
    precis_article_free(none);
}
END_TEST

/* Latin-1 bytes in the reference decode as the article's text does. */
START_TEST(latin1_reference)
{
    const char *sents[] = {"The caf\xC3\xA9 reopened.", "Nothing else changed."};
    precis_article *a = make_article(sents, 2);
    const char ref[] = "The caf\xE9 reopened.";
    unsigned char flags[2];
    px_alignment_counts c;
    ck_assert_int_eq(px_align_reference(a, ref, strlen(ref), flags, &c), PRECIS_OK);
    ck_assert_int_eq(flags[0], 1);
    ck_assert_int_eq(flags[1], 0);
    ck_assert_uint_eq(c.unaligned, 0);
    precis_article_free(a);
}
END_TEST

/* A long repetitive input finishes (the work bound), and aligns what it can. */
START_TEST(repetitive_input_is_bounded)
{
    enum { N = 3000 };
    const char **sents = malloc(N * sizeof *sents);
    for (size_t i = 0; i < N; i++)
        sents[i] = "a a a a a a a a a a a a a a a a a a a a a a a a b.";
    precis_article *a = make_article(sents, N);
    size_t rlen = 200000;
    char *ref = malloc(rlen + 1);
    memset(ref, 'a', rlen);
    ref[rlen] = '\0';
    unsigned char *flags = malloc(N);
    px_alignment_counts c;
    ck_assert_int_eq(px_align_reference(a, ref, rlen, flags, &c), PRECIS_OK);
    for (size_t i = 0; i < N; i++)
        ck_assert_int_eq(flags[i], 0);
    /* The reference holds no sentence of the article: all of it is unaligned. */
    ck_assert_uint_ge(c.reference_sentences, 1);
    ck_assert_uint_eq(c.unaligned, c.reference_sentences);
    precis_article_free(a);
    free(ref);
    free(flags);
    free(sents);
}
END_TEST

START_TEST(allocation_failures)
{
    size_t alen, rlen;
    char *article = fixture("reordered", "article", &alen), *ref = fixture("reordered", "summary", &rlen);
    precis_article *a;
    precis_error err;
    ck_assert_int_eq(precis_article_split(&a, article, alen, &err), PRECIS_OK);
    unsigned char flags[64];
    px_alignment_counts c;
    int rc = PRECIS_ERR_NOMEM;
    long n;
    for (n = 1; rc == PRECIS_ERR_NOMEM && n < 10000; n++) {
        px_alloc_fail_after(n, 0);
        rc = px_align_reference(a, ref, rlen, flags, &c);
        px_alloc_fail_after(0, 0);
        ck_assert(rc == PRECIS_OK || rc == PRECIS_ERR_NOMEM);
    }
    ck_assert_int_eq(rc, PRECIS_OK);
    ck_assert_msg(n > 2, "the sweep never failed an allocation");
    ck_assert_int_eq(flags[0] + flags[2] + flags[4], 3);
    precis_article_free(a);
    free(article);
    free(ref);
}
END_TEST

static Suite *align_suite(void)
{
    Suite *s = suite_create("align");
    TCase *f = tcase_create("fixtures");
    tcase_add_test(f, reordered);
    tcase_add_test(f, missing_spaces);
    tcase_add_test(f, quotes);
    tcase_add_test(f, sentence_twice_in_article_once_in_reference);
    tcase_add_test(f, sentence_twice_in_both);
    tcase_add_test(f, unalignable_sentence_counted);
    suite_add_tcase(s, f);
    TCase *h = tcase_create("hand-built");
    tcase_add_test(h, piece_of_a_longer_sentence);
    tcase_add_test(h, short_sentence_inside_a_longer_one);
    tcase_add_test(h, unaligned_pieces_count_their_sentences);
    tcase_add_test(h, empty_reference_and_article);
    tcase_add_test(h, latin1_reference);
    tcase_add_test(h, repetitive_input_is_bounded);
    tcase_add_test(h, allocation_failures);
    tcase_set_timeout(h, 120);
    suite_add_tcase(s, h);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(align_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
