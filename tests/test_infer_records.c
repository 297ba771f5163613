/* test_infer_records.c — precis-infer on a file of many articles (TSV, CSV,
 * JSON Lines; issue 19, item 8): classified and summarized record by record,
 * each named "path:line", by extension or --input-format; a plain article
 * whose first line holds a TAB is still one article. And --summary-only's
 * text output (item 9) is plain sentences, so it pipes. */
#define _GNU_SOURCE
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "tu_tool.h"

static char *dir;

static int infer(const char *args, char **out)
{
    char cmd[20000];
    snprintf(cmd, sizeof cmd, "'%s/infer/precis-infer' -m '%s' %s 2>&1",
             getenv("PRECIS_BUILD_DIR"), tu_source_path("datasets/models/news.model"), args);
    return tu_shell(cmd, out);
}

static size_t count(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = hay; (p = strstr(p, needle)) != NULL; p += strlen(needle))
        n++;
    return n;
}

static const char *const ARTICLES[] = {
    "The minister lost the vote in parliament after the election campaign.",
    "The striker scored twice as the team won the league match on Saturday.",
    "Shares in the bank fell sharply after profits dropped in the third quarter.",
};

/* The label precis-infer gives an article on its own: a record must get the
 * same (the shipped model's label set is not this test's business). */
static char *label_alone(const char *article)
{
    char path[4096], args[8192], *out;
    snprintf(path, sizeof path, "%s/alone.txt", dir);
    ck_assert_int_eq(tu_write_file(path, article, strlen(article)), 0);
    snprintf(args, sizeof args, "--format tsv --no-summary '%s'", path);
    ck_assert_int_eq(infer(args, &out), 0);
    char *row = strchr(out, '\n'); /* past the header row */
    ck_assert_ptr_nonnull(row);
    char *label = strchr(row, '\t');
    ck_assert_ptr_nonnull(label);
    label++;
    label[strcspn(label, "\t")] = '\0';
    label = strdup(label);
    free(out);
    return label;
}

static void setup(void) { dir = tu_temp_dir(); }
static void teardown(void)
{
    tu_remove_tree(dir);
    free(dir);
}

START_TEST(records_by_extension)
{
    static const char *const exts[] = {"tsv", "csv", "jsonl"};
    for (size_t e = 0; e < 3; e++) {
        char path[4096], args[8192], *out;
        snprintf(path, sizeof path, "%s/articles.%s", dir, exts[e]);
        FILE *f = fopen(path, "w");
        for (int i = 0; i < 3; i++) {
            if (e == 0)
                fprintf(f, "id%d\t%s\n", i, ARTICLES[i]);
            else if (e == 1)
                fprintf(f, "id%d,\"%s\"\n", i, ARTICLES[i]);
            else
                fprintf(f, "{\"label\": \"id%d\", \"text\": \"%s\"}\n", i, ARTICLES[i]);
        }
        fclose(f);
        snprintf(args, sizeof args, "--format tsv --no-summary '%s'", path);
        ck_assert_int_eq(infer(args, &out), 0);
        for (int i = 0; i < 3; i++) {
            char want[4200], *label = label_alone(ARTICLES[i]);
            snprintf(want, sizeof want, "%s:%d\t%s\t", path, i + 1, label);
            ck_assert_msg(strstr(out, want) != NULL, "%s: no \"%s\" in:\n%s", exts[e], want, out);
            free(label);
        }
        free(out);
        /* Summaries too, one per record. */
        snprintf(args, sizeof args, "--summary-only '%s'", path);
        ck_assert_int_eq(infer(args, &out), 0);
        ck_assert_msg(count(out, "\n\n") == 2 && strstr(out, ARTICLES[2]), "%s", out);
        free(out);
    }
}
END_TEST

START_TEST(records_by_option_and_articles_kept_whole)
{
    char path[4096], args[8192], *out;
    snprintf(path, sizeof path, "%s/articles.txt", dir);
    FILE *f = fopen(path, "w");
    for (int i = 0; i < 3; i++)
        fprintf(f, "id%d\t%s\n", i, ARTICLES[i]);
    fclose(f);
    /* Named .txt: one article (with TABs in it) unless told otherwise (one
     * row under the header). */
    snprintf(args, sizeof args, "--format tsv --no-summary '%s'", path);
    ck_assert_int_eq(infer(args, &out), 0);
    ck_assert_uint_eq(count(out, "\n"), 2);
    free(out);
    snprintf(args, sizeof args, "--format tsv --no-summary --input-format tsv '%s'", path);
    ck_assert_int_eq(infer(args, &out), 0);
    char *label = label_alone(ARTICLES[2]), want[256];
    snprintf(want, sizeof want, ":3\t%s\t", label);
    ck_assert_msg(count(out, "\n") == 4 && strstr(out, want), "%s", out);
    free(label);
    free(out);
}
END_TEST

/* --summary-only in text mode pipes: the sentences alone, one per line. */
START_TEST(summary_only_is_plain)
{
    char path[4096], args[8192], *out;
    snprintf(path, sizeof path, "%s/a.txt", dir);
    const char *text = "Pier vote\n\nThe board voted to rebuild the pier. Work starts in May.\n";
    ck_assert_int_eq(tu_write_file(path, text, strlen(text)), 0);
    snprintf(args, sizeof args, "--summary-only < '%s'", path);
    ck_assert_int_eq(infer(args, &out), 0);
    ck_assert_str_eq(out, "The board voted to rebuild the pier.\nWork starts in May.\n");
    free(out);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("infer_records");
    TCase *tc = tcase_create("records");
    tcase_set_timeout(tc, 120);
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, records_by_extension);
    tcase_add_test(tc, records_by_option_and_articles_kept_whole);
    tcase_add_test(tc, summary_only_is_plain);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
