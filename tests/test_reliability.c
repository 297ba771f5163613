/* test_reliability.c — issue 18's thirteen defects, each as the user (or an
 * attacker) meets it: the built tools run on crafted input, and the test
 * checks the exit status, the messages, and what was left on disk. Each case
 * failed on the code before its fix (the notes say how).
 *
 * The tools come from $PRECIS_BUILD_DIR (train/precis-train,
 * infer/precis-infer); every run has a deadline and its own files in one
 * temporary folder. Nothing here times anything: the hash-flooding figure is
 * bench/hash_flood.sh's. */
#define _GNU_SOURCE
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "precis.h"
#include "testutil.h"
#include "tu_tool.h"

static char *g_dir;   /* temporary folder of this run */
static char *g_model; /* trained from fixtures/bad/train.tsv */


static const char *tmp(const char *name) { return tu_pathf("%s/%s", g_dir, name); }
static const char *corpus(void) { return tu_pathf("%s", tu_source_path("tests/fixtures/bad/train.tsv")); }

static const char *train_tool(void)
{
    static char buf[4096];
    if (!buf[0])
        snprintf(buf, sizeof buf, "%s", tu_build_path("train/precis-train"));
    return buf;
}

static const char *infer_tool(void)
{
    static char buf[4096];
    if (!buf[0])
        snprintf(buf, sizeof buf, "%s", tu_build_path("infer/precis-infer"));
    return buf;
}

/* ---------------------------------------------------------------- running a tool */

#define EXPECT_EXIT(o, want)                                                                   \
    ck_assert_msg((o)->exited && (o)->status == (want),                                        \
                  "exit %d (signal %d), expected %d; stderr:\n%s\nstdout:\n%.2000s", (o)->status, \
                  (o)->signal, (want), (o)->err, (o)->out)
#define EXPECT_IN(hay, needle) \
    ck_assert_msg(strstr((hay), (needle)) != NULL, "expected \"%s\" in:\n%.3000s", (needle), (hay))
#define EXPECT_NOT_IN(hay, needle)                                                          \
    ck_assert_msg(strstr((hay), (needle)) == NULL, "did not expect \"%s\" in:\n%.3000s", \
                  (needle), (hay))

static const char *fresh_dir(const char *name)
{
    const char *d = tmp(name);
    tu_remove_tree(d);
    ck_assert_int_eq(mkdir(d, 0755), 0);
    return d;
}

static char *slurp(const char *path, size_t *len)
{
    char *b = tu_read_file(path, len);
    ck_assert_msg(b != NULL, "cannot read %s", path);
    return b;
}

static void write_text(const char *path, const char *text)
{
    ck_assert_int_eq(tu_write_file(path, text, strlen(text)), 0);
}

/* A corpus of two labels, `per` documents each, records ended by `eol`. */
static const char *small_corpus(const char *name, char sep, const char *eol, int per)
{
    static const char *const words[2][4] = {{"goal", "match", "striker", "league"},
                                            {"phone", "chip", "software", "network"}};
    static const char *const labels[2] = {"sport", "tech"};
    char buf[8192];
    size_t at = 0;
    for (int i = 0; i < 2 * per; i++)
        at += (size_t)snprintf(buf + at, sizeof buf - at, "%s%c%s %s team%s", labels[i % 2], sep,
                               words[i % 2][i % 4], words[i % 2][(i + 1) % 4], eol);
    const char *path = tmp(name);
    write_text(path, buf);
    return path;
}

/* ---------------------------------------------------------------- 1: CSV columns */

/* A record of more columns than PRECIS_CSV_MAX_COLUMNS is rejected by name
 * and line (before: the count, an int, was only bounded by 2^31, where it
 * wrapped to a negative index; a million columns went through unremarked). */
START_TEST(d01_csv_column_count_is_bounded)
{
    const char *path = tmp("wide.csv");
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs("label,text\n", f);
    for (long i = 0; i < PRECIS_CSV_MAX_COLUMNS + 5L; i++)
        fputc(',', f);
    fputs("\n", f);
    for (int i = 0; i < 3; i++)
        fputs("sport,goal match team\ntech,phone chip network\n", f);
    ck_assert_int_eq(fclose(f), 0);
    tu_outcome o;
    tu_tool_run(&o, NULL, train_tool(), "--vectorize-only", "--input-format", "csv", "--csv-header", path,
        NULL);
    EXPECT_EXIT(&o, 1);
    EXPECT_IN(o.err, "wide.csv:2: more than 1000000 columns");
    EXPECT_IN(o.out, "documents 6");
    tu_outcome_free(&o);
}
END_TEST

/* ---------------------------------------------------------------- 3: one file, two roles */

START_TEST(d03_outputs_never_share_a_file)
{
    const char *dir = fresh_dir("d03");
    const char *model = tu_pathf("%s/m.model", dir);
    tu_outcome o;
    tu_tool_run(&o, NULL, train_tool(), "-q", "-o", model, "--report", model, corpus(), NULL);
    EXPECT_EXIT(&o, 2);
    EXPECT_IN(o.err, "the same file");
    ck_assert_int_ne(access(model, F_OK), 0);
    tu_outcome_free(&o);

    /* Same folder, spelled two ways: still one file. */
    tu_tool_run(&o, NULL, train_tool(), "-q", "-o", model, "--test", corpus(), "--metrics",
        tu_pathf("%s/x.json", dir), "--report", tu_pathf("%s/../d03/x.json", dir), corpus(), NULL);
    EXPECT_EXIT(&o, 2);
    tu_outcome_free(&o);

    size_t len, len2;
    char *before = slurp(g_model, &len);
    tu_tool_run(&o, NULL, infer_tool(), "-m", g_model, "--eval", corpus(), "--metrics", g_model, NULL);
    EXPECT_EXIT(&o, 2);
    EXPECT_IN(o.err, "is an input");
    /* A hard link to the model is the model. */
    const char *hard = tu_pathf("%s/hard.model", dir);
    ck_assert_int_eq(link(g_model, hard), 0);
    tu_outcome_free(&o);
    tu_tool_run(&o, NULL, infer_tool(), "-m", g_model, "--eval", corpus(), "--metrics", hard, NULL);
    EXPECT_EXIT(&o, 2);
    char *after = slurp(g_model, &len2);
    ck_assert_uint_eq(len, len2);
    ck_assert_mem_eq(before, after, len);
    free(before);
    free(after);
    tu_outcome_free(&o);
}
END_TEST

/* ---------------------------------------------------------------- 4: terminal controls */

static void expect_no_c1(const char *text)
{
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
        ck_assert_msg(!(p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f),
                      "a UTF-8 C1 control reached the output:\n%s", text);
        ck_assert_msg(!(*p >= 0x80 && *p <= 0x9f && (p == (const unsigned char *)text ||
                                                     p[-1] < 0xc2)),
                      "a raw C1 byte reached the output:\n%s", text);
    }
}

START_TEST(d04_c1_controls_are_escaped)
{
    const char *dir = fresh_dir("d04");
    const char *utf8 = tu_pathf("%s/csi-utf8.txt", dir);
    const char *raw = tu_pathf("%s/csi-\x9b-raw.txt", dir);
    write_text(utf8, "The minister won the vote \xc2\x9b" "31m in parliament today. The team "
                     "lost the match \xc2\x9d" "0;title\x07 at home.\n");
    write_text(raw, "The minister won the vote \x9b" "2J in parliament today. The team lost the "
                    "match at home.\n");
    const char *formats[] = {"text", "tsv"};
    for (int i = 0; i < 2; i++) {
        tu_outcome o;
        tu_tool_run(&o, NULL, infer_tool(), "-m", g_model, "--format", formats[i], utf8, raw, NULL);
        EXPECT_EXIT(&o, 0);
        EXPECT_IN(o.out, "\\xc2\\x9b31m");
        expect_no_c1(o.out);
        expect_no_c1(o.err);
        tu_outcome_free(&o);
    }
    /* The escaping itself, on a name with a raw 0x9b and a UTF-8 one. */
    char *e = cli_text_escape("a\x9b" "b\xc2\x9b" "c\xc3\xa9\xe2\x82\xac");
    ck_assert_str_eq(e, "a\\x9bb\\xc2\\x9bc\xc3\xa9\xe2\x82\xac");
    free(e);
}
END_TEST

/* ---------------------------------------------------------------- 5: C */

START_TEST(d05_c_is_bounded)
{
    const char *values[] = {"1e50", "1e155", "1e308", "1e-300"};
    for (int i = 0; i < 4; i++) {
        tu_outcome o;
        tu_tool_run(&o, NULL, train_tool(), "-q", "--C", values[i], "-o", tmp("c.model"), corpus(), NULL);
        EXPECT_EXIT(&o, 2);
        EXPECT_IN(o.err, "1e6");
        tu_outcome_free(&o);
    }
    tu_outcome o;
    tu_tool_run(&o, NULL, train_tool(), "-q", "--C", "1e6", "-o", tmp("c.model"), corpus(), NULL);
    EXPECT_EXIT(&o, 0);
    tu_outcome_free(&o);
    /* The library holds the same bound for any caller. */
    precis_logreg_params p;
    precis_logreg_params_default(&p);
    p.C = 1e50;
    precis_csr X = {0};
    uint32_t y[1] = {0};
    precis_logreg *lr = NULL;
    precis_error err;
    ck_assert_int_eq(precis_logreg_train(&X, y, 2, &p, &lr, &err), PRECIS_ERR_ARG);
    ck_assert_ptr_null(lr);
}
END_TEST

/* ---------------------------------------------------------------- 6: hostile numbers */

static void put_f64(unsigned char *p, double x)
{
    uint64_t u;
    memcpy(&u, &x, 8);
    tu_put32(p, (uint32_t)u);
    tu_put32(p + 4, (uint32_t)(u >> 32));
}

/* The body of section tag (offset into b), 0 if absent. */
static size_t section_at(const unsigned char *b, const char *tag, size_t *len)
{
    uint32_t n = tu_get32(b + 16);
    for (uint32_t i = 0; i < n; i++) {
        const unsigned char *e = b + 20 + 28 * i;
        if (memcmp(e, tag, 4) == 0) {
            *len = tu_get32(e + 16);
            return tu_get32(e + 8);
        }
    }
    return 0;
}

/* A copy of the model file b with section tag's body replaced (the later
 * sections move; offsets and CRCs follow). */
static unsigned char *replace_section(const unsigned char *b, size_t len, const char *tag,
                                      const unsigned char *body, size_t body_len, size_t *out_len)
{
    size_t old_len, at = section_at(b, tag, &old_len);
    ck_assert_uint_gt(at, 0);
    *out_len = len - old_len + body_len;
    unsigned char *out = malloc(*out_len);
    ck_assert_ptr_nonnull(out);
    memcpy(out, b, at);
    memcpy(out + at, body, body_len);
    memcpy(out + at + body_len, b + at + old_len, len - at - old_len);
    uint32_t n = tu_get32(out + 16);
    for (uint32_t i = 0; i < n; i++) {
        unsigned char *e = out + 20 + 28 * i;
        uint32_t off = tu_get32(e + 8);
        if (off == at)
            tu_put32(e + 16, (uint32_t)body_len);
        else if (off > at)
            tu_put32(e + 8, off - (uint32_t)old_len + (uint32_t)body_len);
    }
    tu_model_reseal(out, *out_len);
    return out;
}

static void expect_refused(const char *model, const char *message)
{
    tu_outcome o;
    tu_tool_run(&o, NULL, infer_tool(), "-m", model, "--format", "json", corpus(), NULL);
    EXPECT_EXIT(&o, 1);
    EXPECT_IN(o.err, message);
    tu_outcome_free(&o);
}

START_TEST(d06_hostile_numbers_are_refused)
{
    /* f64 weights of +-1.7e308: finite, but every score overflows. */
    const char *f64 = tmp("f64.model");
    tu_outcome o;
    tu_tool_run(&o, NULL, train_tool(), "-q", "--weights-f64", "-o", f64, corpus(), NULL);
    EXPECT_EXIT(&o, 0);
    tu_outcome_free(&o);
    size_t len, wlen;
    unsigned char *b = (unsigned char *)slurp(f64, &len);
    size_t w = section_at(b, "WGHT", &wlen);
    ck_assert_uint_gt(w, 0);
    for (size_t at = w + 20; at + 8 <= w + wlen; at += 8)
        put_f64(b + at, (at / 8) % 2 ? 1.7e308 : -1.7e308);
    tu_model_reseal(b, len);
    const char *huge = tmp("huge-weights.model");
    ck_assert_int_eq(tu_write_file(huge, b, len), 0);
    expect_refused(huge, "at most 1e12");
    free(b);

    /* A SUMM section of scale 1e-308 and weight 1e308 (the shipped model has one). */
    b = (unsigned char *)slurp(tu_source_path("datasets/models/news.model"), &len);
    size_t slen, s = section_at(b, "SUMM", &slen);
    ck_assert_uint_gt(s, 0);
    uint32_t name_len = tu_get32(b + s + 40);
    size_t feature = s + 40 + 4 + name_len; /* mean, scale, weight */
    put_f64(b + feature + 8, 1e-308);
    put_f64(b + feature + 16, 1e308);
    tu_model_reseal(b, len);
    const char *summ = tmp("summ.model");
    ck_assert_int_eq(tu_write_file(summ, b, len), 0);
    expect_refused(summ, "scale outside");
    free(b);

    /* Labels that differ as bytes but decode to one text: "\xe9" (Latin-1)
     * and "\xc3\xa9" (UTF-8) are both "é". The reader decodes labels, so
     * only a forged file holds both. */
    b = (unsigned char *)slurp(g_model, &len);
    static const unsigned char labl[] = {3, 0, 0, 0, 1, 0, 0, 0, 0xe9, 2, 0, 0, 0, 0xc3, 0xa9,
                                         4, 0, 0, 0, 't', 'e', 'c', 'h'};
    size_t forged_len;
    unsigned char *forged = replace_section(b, len, "LABL", labl, sizeof labl, &forged_len);
    const char *dup = tmp("dup-labels.model");
    ck_assert_int_eq(tu_write_file(dup, forged, forged_len), 0);
    expect_refused(dup, "appears twice");
    free(forged);
    free(b);
}
END_TEST

/* ---------------------------------------------------------------- 7: signals */

/* Under `ulimit -f`, SIGXFSZ used to kill the save and leave its temporary
 * file: now the write fails (EFBIG), the file goes, the message says why. */
START_TEST(d07_file_size_limit_leaves_no_temporary_file)
{
    const char *dir = fresh_dir("d07");
    tu_how limited = {.fsize_limit = 2000, .keep_sigxfsz = 1};
    tu_outcome o;
    tu_tool_run(&o, &limited, train_tool(), "-q", "-o", tu_pathf("%s/m.model", dir), corpus(), NULL);
    EXPECT_EXIT(&o, 1);
    EXPECT_IN(o.err, "File too large");
    ck_assert_uint_eq(tu_count_temp_files(dir), 0);
    tu_outcome_free(&o);
}
END_TEST

/* SIGTERM, SIGINT or SIGHUP during saves: the handler removes the temporary
 * file before the process dies of the signal. */
START_TEST(d07_signal_during_save_leaves_no_temporary_file)
{
    const char *dir = fresh_dir("d07b");
    precis_model *m = NULL;
    precis_error err;
    ck_assert_int_eq(precis_model_load(&m, tu_source_path("datasets/models/news.model"), &err),
                     PRECIS_OK);
    const char *target = tu_pathf("%s/m.model", dir);
    static const int signals[3] = {SIGTERM, SIGINT, SIGHUP};
    for (int round = 0; round < 3; round++) {
        int ready[2];
        ck_assert_int_eq(pipe(ready), 0);
        pid_t pid = fork();
        ck_assert_int_ge(pid, 0);
        if (pid == 0) {
            /* As a tool starts: the default actions (Check's runner handles
             * SIGTERM and SIGINT itself, by signalling its process group). */
            for (int s = 0; s < 3; s++)
                signal(signals[s], SIG_DFL);
            cli_signals_install();
            close(ready[0]);
            ck_assert_int_eq(precis_model_save(m, target, &err), PRECIS_OK);
            (void)!write(ready[1], "x", 1);
            for (;;) /* saves back to back: the signal lands in one */
                precis_model_save(m, target, &err);
        }
        close(ready[1]);
        char c;
        ck_assert_int_eq(read(ready[0], &c, 1), 1);
        close(ready[0]);
        struct timespec nap = {0, (10 + 20 * round) * 1000 * 1000};
        nanosleep(&nap, NULL);
        kill(pid, signals[round]);
        int status;
        ck_assert_int_eq(waitpid(pid, &status, 0), pid);
        ck_assert(WIFSIGNALED(status) && WTERMSIG(status) == signals[round]);
        ck_assert_uint_eq(tu_count_temp_files(dir), 0);
    }
    precis_model_free(m);
}
END_TEST

/* ---------------------------------------------------------------- 8: result files */

START_TEST(d08_result_files_are_atomic_and_never_follow_links)
{
    const char *dir = fresh_dir("d08");
    const char *target = tu_pathf("%s/target.html", dir), *link = tu_pathf("%s/link.html", dir);
    write_text(target, "precious\n");
    ck_assert_int_eq(symlink("target.html", link), 0);
    tu_outcome o;
    tu_tool_run(&o, NULL, train_tool(), "-q", "-o", tu_pathf("%s/m.model", dir), "--report", link, corpus(),
        NULL);
    EXPECT_EXIT(&o, 1);
    EXPECT_IN(o.err, "symbolic link");
    char *now = slurp(target, NULL);
    ck_assert_str_eq(now, "precious\n");
    free(now);
    tu_outcome_free(&o);

    /* A disk that fills while the figures are written: the old file stays
     * whole, no partial file and no temporary file is left. */
    const char *metrics = tu_pathf("%s/metrics.json", dir);
    write_text(metrics, "{\"old\": true}\n");
    tu_how full = {.fsize_limit = 300};
    tu_tool_run(&o, &full, infer_tool(), "-m", g_model, "--eval", corpus(), "--metrics", metrics, NULL);
    EXPECT_EXIT(&o, 1);
    EXPECT_IN(o.err, "File too large");
    now = slurp(metrics, NULL);
    ck_assert_str_eq(now, "{\"old\": true}\n");
    free(now);
    ck_assert_uint_eq(tu_count_temp_files(dir), 0);
    tu_outcome_free(&o);
}
END_TEST

/* ---------------------------------------------------------------- 9: mode, links */

START_TEST(d09_retraining_keeps_mode_and_refuses_links)
{
    const char *dir = fresh_dir("d09");
    const char *model = tu_pathf("%s/m.model", dir), *link = tu_pathf("%s/link.model", dir);
    tu_outcome o;
    tu_tool_run(&o, NULL, train_tool(), "-q", "-o", model, corpus(), NULL);
    EXPECT_EXIT(&o, 0);
    tu_outcome_free(&o);
    ck_assert_int_eq(chmod(model, 0600), 0);
    tu_tool_run(&o, NULL, train_tool(), "-q", "-o", model, corpus(), NULL);
    EXPECT_EXIT(&o, 0);
    tu_outcome_free(&o);
    struct stat st;
    ck_assert_int_eq(stat(model, &st), 0);
    ck_assert_uint_eq(st.st_mode & 0777, 0600);

    ck_assert_int_eq(symlink("m.model", link), 0);
    tu_tool_run(&o, NULL, train_tool(), "-q", "-o", link, corpus(), NULL);
    EXPECT_EXIT(&o, 1);
    EXPECT_IN(o.err, "symbolic link");
    ck_assert_int_eq(lstat(link, &st), 0);
    ck_assert(S_ISLNK(st.st_mode));
    tu_outcome_free(&o);
}
END_TEST

/* ---------------------------------------------------------------- 10: header first */

START_TEST(d10_loader_checks_the_header_before_reading)
{
    /* 4 GB of zeros (sparse): refused on its magic, without reading it. */
    const char *zeros = tmp("zeros.model");
    int fd = open(zeros, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(ftruncate(fd, (off_t)4 << 30), 0);
    close(fd);
    tu_how capped = {.as_limit_mb = 1024};
    tu_outcome o;
    tu_tool_run(&o, &capped, infer_tool(), "-m", zeros, corpus(), NULL);
    EXPECT_EXIT(&o, 1);
    EXPECT_IN(o.err, "not a precis model file");
    tu_outcome_free(&o);
    unlink(zeros);

    /* A valid model followed by 2 GB of zeros: the table does not reach the
     * end of the file. */
    size_t len;
    char *b = slurp(g_model, &len);
    const char *padded = tmp("padded.model");
    ck_assert_int_eq(tu_write_file(padded, b, len), 0);
    free(b);
    ck_assert_int_eq(truncate(padded, (off_t)len + ((off_t)2 << 30)), 0);
    tu_tool_run(&o, &capped, infer_tool(), "-m", padded, corpus(), NULL);
    EXPECT_EXIT(&o, 1);
    EXPECT_IN(o.err, "after the last section");
    tu_outcome_free(&o);
    unlink(padded);
}
END_TEST

/* ---------------------------------------------------------------- 11: CR line ends */

START_TEST(d11_cr_only_line_ends_are_line_ends)
{
    const char *tsv = small_corpus("cr.tsv", '\t', "\r", 6);
    const char *csv = small_corpus("cr.csv", ',', "\r", 6);
    tu_outcome o;
    tu_tool_run(&o, NULL, train_tool(), "--vectorize-only", tsv, NULL);
    EXPECT_EXIT(&o, 0);
    EXPECT_IN(o.out, "documents 12  classes 2");
    tu_outcome_free(&o);
    tu_tool_run(&o, NULL, train_tool(), "--vectorize-only", "--input-format", "csv", csv, NULL);
    EXPECT_EXIT(&o, 0);
    EXPECT_IN(o.out, "documents 12  classes 2");
    tu_outcome_free(&o);
    /* CRLF is still one line end, not two. */
    const char *crlf = small_corpus("crlf.tsv", '\t', "\r\n", 6);
    tu_tool_run(&o, NULL, train_tool(), "--vectorize-only", crlf, NULL);
    EXPECT_EXIT(&o, 0);
    EXPECT_IN(o.out, "documents 12  classes 2");
    tu_outcome_free(&o);
}
END_TEST

/* ---------------------------------------------------------------- 12: outputs first */

START_TEST(d12_outputs_are_checked_before_the_work)
{
    tu_outcome o;
    tu_tool_run(&o, NULL, train_tool(), "-o", "/nonexistent-dir/m.model", corpus(), NULL);
    EXPECT_EXIT(&o, 1);
    EXPECT_IN(o.err, "/nonexistent-dir/m.model: cannot write: No such file or directory");
    EXPECT_NOT_IN(o.err, "read "); /* the corpus was not read */
    tu_outcome_free(&o);
    tu_tool_run(&o, NULL, train_tool(), "-o", tmp("ok.model"), "--report", "/nonexistent-dir/r.html",
        corpus(), NULL);
    EXPECT_EXIT(&o, 1);
    EXPECT_NOT_IN(o.err, "read ");
    tu_outcome_free(&o);

    /* The same class: a mistyped --test, an unknown --summary-drop feature. */
    tu_tool_run(&o, NULL, train_tool(), "-o", tmp("ok.model"), "--test", "/nonexistent-dir/test.tsv",
        corpus(), NULL);
    EXPECT_EXIT(&o, 1);
    EXPECT_IN(o.err, "/nonexistent-dir/test.tsv: No such file or directory");
    EXPECT_NOT_IN(o.err, "read ");
    tu_outcome_free(&o);
    tu_tool_run(&o, NULL, train_tool(), "-o", tmp("ok.model"), "--summaries", g_dir, "--summary-drop",
        "no-such-feature", corpus(), NULL);
    EXPECT_EXIT(&o, 1);
    EXPECT_IN(o.err, "unknown summary feature");
    EXPECT_NOT_IN(o.err, "read ");
    tu_outcome_free(&o);
    tu_tool_run(&o, NULL, infer_tool(), "-m", g_model, "--eval", "/nonexistent-dir/test.tsv", NULL);
    EXPECT_EXIT(&o, 1);
    EXPECT_IN(o.err, "/nonexistent-dir/test.tsv: No such file or directory");
    tu_outcome_free(&o);

    /* A 250-character name: the temporary name beside it must still fit. */
    char name[251];
    memset(name, 'm', 250);
    name[250] = '\0';
    const char *dir = fresh_dir("d12");
    const char *longname = tu_pathf("%s/%s", dir, name);
    tu_tool_run(&o, NULL, train_tool(), "-q", "-o", longname, corpus(), NULL);
    EXPECT_EXIT(&o, 0);
    ck_assert_int_eq(access(longname, R_OK), 0);
    ck_assert_uint_eq(tu_count_temp_files(dir), 0);
    tu_outcome_free(&o);
}
END_TEST

/* A reference that cannot be read (a folder, a FIFO, a link loop, a device)
 * is skipped with a warning; the model is still written. */
START_TEST(d12_a_bad_reference_is_skipped)
{
    const char *dir = fresh_dir("d12s");
    const char *art = tu_pathf("%s/articles", dir), *ref = tu_pathf("%s/refs", dir);
    static const char *const labels[2] = {"sport", "tech"};
    static const char *const text[2] = {
        "Goal in the final.\n\nThe striker scored twice in the final. The home team won the "
        "league match. Fans cheered as the runner broke the record.\n",
        "New phone chip.\n\nThe company released a new phone chip. Engineers fixed the software "
        "update. The network was faster than before.\n"};
    ck_assert_int_eq(mkdir(art, 0755), 0);
    ck_assert_int_eq(mkdir(ref, 0755), 0);
    for (int l = 0; l < 2; l++) {
        ck_assert_int_eq(mkdir(tu_pathf("%s/%s", art, labels[l]), 0755), 0);
        ck_assert_int_eq(mkdir(tu_pathf("%s/%s", ref, labels[l]), 0755), 0);
        for (int i = 0; i < 4; i++) {
            write_text(tu_pathf("%s/%s/%d.txt", art, labels[l], i), text[l]);
            if (i < 2)
                write_text(tu_pathf("%s/%s/%d.txt", ref, labels[l], i),
                           l ? "The company released a new phone chip.\n"
                             : "The striker scored twice in the final.\n");
        }
    }
    ck_assert_int_eq(mkdir(tu_pathf("%s/sport/2.txt", ref), 0755), 0);
    ck_assert_int_eq(mkfifo(tu_pathf("%s/sport/3.txt", ref), 0644), 0);
    ck_assert_int_eq(symlink("3.txt", tu_pathf("%s/tech/3.txt", ref)) == 0 &&
                         symlink("/dev/zero", tu_pathf("%s/tech/2.txt", ref)) == 0, 1);
    ck_assert_int_eq(symlink("loop", tu_pathf("%s/tech/loop", ref)), 0);
    tu_outcome o;
    const char *model = tu_pathf("%s/m.model", dir);
    tu_tool_run(&o, NULL, train_tool(), "-o", model, "--summaries", ref, art, NULL);
    EXPECT_EXIT(&o, 1);
    EXPECT_IN(o.err, "reference skipped");
    ck_assert_int_eq(access(model, R_OK), 0);
    tu_outcome_free(&o);
}
END_TEST

/* ---------------------------------------------------------------- 13: amplification */

START_TEST(d13_amplification_is_bounded)
{
    tu_outcome o;
    tu_tool_run(&o, NULL, train_tool(), "-q", "--ngram", "1-16", "-o", tmp("n.model"), corpus(), NULL);
    EXPECT_EXIT(&o, 2);
    EXPECT_IN(o.err, "--ngram");
    tu_outcome_free(&o);

    /* A 2,000-byte CSV label: that record is skipped, by line. */
    const char *path = tmp("long-label.csv");
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    for (int i = 0; i < 3; i++)
        fputs("sport,goal match team\ntech,phone chip network\n", f);
    for (int i = 0; i < 2000; i++)
        fputc('x', f);
    fputs(",words of the long label\n", f);
    ck_assert_int_eq(fclose(f), 0);
    tu_tool_run(&o, NULL, train_tool(), "--input-format", "csv", "-o", tmp("l.model"), path, NULL);
    EXPECT_EXIT(&o, 1);
    EXPECT_IN(o.err, "long-label.csv:7: label longer than 1024 bytes");
    tu_outcome_free(&o);

    /* Figures for 200,000 labels: no K^2 matrix (320 GB), the same figures. */
    precis_metrics *m = NULL;
    precis_error err;
    size_t K = 200000;
    ck_assert_int_eq(precis_metrics_new(&m, K, &err), PRECIS_OK);
    double *proba = calloc(K, sizeof *proba);
    ck_assert_ptr_nonnull(proba);
    proba[7] = 1;
    precis_metrics_add(m, 7, proba);
    precis_metrics_add(m, 9, proba);
    precis_metrics_finish(m);
    ck_assert_ptr_null(m->confusion);
    ck_assert_uint_eq(m->support[7], 1);
    ck_assert_uint_eq(m->support[9], 1);
    ck_assert(m->accuracy == 0.5);
    ck_assert(m->precision[7] == 0.5 && m->recall[7] == 1.0 && m->recall[9] == 0.0);
    free(proba);
    precis_metrics_free(m);
}
END_TEST

/* ---------------------------------------------------------------- setup */

static void make_world(void)
{
    g_dir = tu_temp_dir();
    if (!g_dir || chmod(g_dir, 0755) != 0) {
        fprintf(stderr, "cannot make a temporary folder\n");
        exit(EXIT_FAILURE);
    }
    tu_tool_dir(g_dir);
    g_model = strdup(tu_pathf("%s/model", g_dir));
    char cmd[8192];
    snprintf(cmd, sizeof cmd, "'%s' -q -o '%s' '%s'", train_tool(), g_model, corpus());
    if (system(cmd) != 0) {
        fprintf(stderr, "%s failed\n", cmd);
        exit(EXIT_FAILURE);
    }
}

static Suite *suite(void)
{
    Suite *s = suite_create("reliability");
    TCase *t = tcase_create("issue18");
    tcase_set_timeout(t, 300);
    tcase_add_test(t, d01_csv_column_count_is_bounded);
    tcase_add_test(t, d03_outputs_never_share_a_file);
    tcase_add_test(t, d04_c1_controls_are_escaped);
    tcase_add_test(t, d05_c_is_bounded);
    tcase_add_test(t, d06_hostile_numbers_are_refused);
    tcase_add_test(t, d07_file_size_limit_leaves_no_temporary_file);
    tcase_add_test(t, d07_signal_during_save_leaves_no_temporary_file);
    tcase_add_test(t, d08_result_files_are_atomic_and_never_follow_links);
    tcase_add_test(t, d09_retraining_keeps_mode_and_refuses_links);
    tcase_add_test(t, d10_loader_checks_the_header_before_reading);
    tcase_add_test(t, d11_cr_only_line_ends_are_line_ends);
    tcase_add_test(t, d12_outputs_are_checked_before_the_work);
    tcase_add_test(t, d12_a_bad_reference_is_skipped);
    tcase_add_test(t, d13_amplification_is_bounded);
    suite_add_tcase(s, t);
    return s;
}

int main(void)
{
    make_world();
    SRunner *sr = srunner_create(suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    tu_remove_tree(g_dir);
    free(g_dir);
    free(g_model);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
