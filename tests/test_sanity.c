/* test_sanity.c — corpora that read without error but cannot make a useful
 * model (issue 19, item 4): every label unique, "train"/"test" as labels, a
 * header row read as a document, a ';'-separated CSV; each refused or warned
 * of with the likely fix, and --csv-delimiter reading the ';' file. The
 * corpora are made here from a few invented words. */
#define _GNU_SOURCE
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testutil.h"
#include "tu_tool.h"

static char *dir;

static const char *const LABELS[] = {"sport", "tech", "politics"};
static const char *const WORDS[][6] = {
    {"match", "goal", "team", "league", "coach", "season"},
    {"chip", "software", "phone", "network", "code", "device"},
    {"minister", "vote", "election", "party", "council", "bill"},
};

static void text_of(int i, char *out, size_t n)
{
    int k = i % 3;
    snprintf(out, n, "%s %s %s %s", WORDS[k][i % 6], WORDS[k][(i + 1) % 6], WORDS[k][(i + 3) % 6],
             WORDS[k][(i * 5 + 2) % 6]);
}

static char *path_in(const char *name)
{
    char *p;
    ck_assert_int_gt(asprintf(&p, "%s/%s", dir, name), 0);
    return p;
}

/* A CSV of 60 rows: header line (or none), fields joined by delim; with
 * id_first, an id column comes before the label. */
static char *write_csv(const char *name, const char *header, char delim, int id_first)
{
    char *p = path_in(name);
    FILE *f = fopen(p, "w");
    ck_assert_ptr_nonnull(f);
    if (header)
        fprintf(f, "%s\n", header);
    for (int i = 0; i < 60; i++) {
        char text[256];
        text_of(i, text, sizeof text);
        if (id_first)
            fprintf(f, "%d%c", i, delim);
        fprintf(f, "%s%c%s\n", LABELS[i % 3], delim, text);
    }
    fclose(f);
    return p;
}

/* Runs precis-train with the arguments; stderr into *err; exit status. */
static int train(char **err, const char *args)
{
    char cmd[20000];
    snprintf(cmd, sizeof cmd, "'%s/train/precis-train' -o '%s/m.model' %s 2>&1 >/dev/null",
             getenv("PRECIS_BUILD_DIR"), dir, args);
    return tu_shell(cmd, err);
}

static int model_written(void)
{
    char *m = path_in("m.model");
    int ok = access(m, F_OK) == 0;
    unlink(m);
    free(m);
    return ok;
}

static void setup(void) { dir = tu_temp_dir(); }
static void teardown(void)
{
    tu_remove_tree(dir);
    free(dir);
}

START_TEST(unique_labels_refused)
{
    char *csv = write_csv("ids.csv", NULL, ',', 1), args[4096], *err;
    snprintf(args, sizeof args, "'%s'", csv);
    ck_assert_int_eq(train(&err, args), 1);
    ck_assert_msg(strstr(err, "60 labels for 60 documents") && strstr(err, "--label-column"),
                  "%s", err);
    ck_assert(!model_written());
    free(err);
    /* The fix the message names works. */
    snprintf(args, sizeof args, "--label-column 2 --text-columns 3 '%s'", csv);
    ck_assert_int_eq(train(&err, args), 0);
    ck_assert(model_written());
    free(err);
    free(csv);
}
END_TEST

START_TEST(split_parent_refused)
{
    char *top = path_in("split");
    ck_assert_int_eq(mkdir(top, 0755), 0);
    free(top);
    for (int part = 0; part < 2; part++)
        for (int i = 0; i < 30; i++) {
            char rel[256], *p, text[256];
            snprintf(rel, sizeof rel, "split/%s", part ? "test" : "train");
            p = path_in(rel);
            mkdir(p, 0755); /* may exist */
            free(p);
            snprintf(rel, sizeof rel, "split/%s/%s", part ? "test" : "train", LABELS[i % 3]);
            p = path_in(rel);
            mkdir(p, 0755);
            free(p);
            snprintf(rel, sizeof rel, "split/%s/%s/%d.txt", part ? "test" : "train",
                     LABELS[i % 3], i);
            p = path_in(rel);
            text_of(i, text, sizeof text);
            ck_assert_int_eq(tu_write_file(p, text, strlen(text)), 0);
            free(p);
        }
    char *split = path_in("split"), args[4096], *err;
    snprintf(args, sizeof args, "'%s'", split);
    ck_assert_int_eq(train(&err, args), 1);
    ck_assert_msg(strstr(err, "folders of a split") && strstr(err, "/train and give --test"),
                  "%s", err);
    ck_assert(!model_written());
    free(err);
    free(split);
}
END_TEST

START_TEST(header_row_warned)
{
    char *csv = write_csv("header.csv", "topic,text", ',', 0), args[4096], *err;
    snprintf(args, sizeof args, "'%s'", csv);
    ck_assert_int_eq(train(&err, args), 0);
    ck_assert_msg(strstr(err, "is row 1 a header? Then add --csv-header"), "%s", err);
    free(err);
    snprintf(args, sizeof args, "--csv-header '%s'", csv);
    ck_assert_int_eq(train(&err, args), 0);
    ck_assert_msg(!strstr(err, "is row 1 a header"), "%s", err);
    free(err);
    free(csv);
}
END_TEST

START_TEST(semicolons_named)
{
    char *csv = write_csv("semi.csv", NULL, ';', 0), args[4096], *err;
    snprintf(args, sizeof args, "'%s'", csv);
    ck_assert_int_eq(train(&err, args), 1);
    ck_assert_msg(strstr(err, "semi.csv:1: no ',' in the first line, but 1 ';': add "
                              "--csv-delimiter ';'"), "%s", err);
    ck_assert(!model_written());
    free(err);
    snprintf(args, sizeof args, "--csv-delimiter ';' '%s'", csv);
    ck_assert_int_eq(train(&err, args), 0);
    ck_assert_msg(strstr(err, "60 documents in 3 classes"), "%s", err);
    free(err);
    snprintf(args, sizeof args, "--csv-delimiter ':' '%s'", csv);
    ck_assert_int_eq(train(&err, args), 2);
    free(err);
    free(csv);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("sanity");
    TCase *tc = tcase_create("sanity");
    tcase_set_timeout(tc, 120);
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, unique_labels_refused);
    tcase_add_test(tc, split_parent_refused);
    tcase_add_test(tc, header_row_warned);
    tcase_add_test(tc, semicolons_named);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
