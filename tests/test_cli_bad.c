/* test_cli_bad.c — precis-train and precis-infer on hostile input, run as a
 * user runs them: each case forks and execs the built tool and checks its
 * exit status, its messages and what it left on disk.
 *
 * Inputs: the small cases are committed in tests/fixtures/bad/ (README.md
 * there lists them); the large or odd ones (a 200 MB line, 1,000 labels,
 * FIFOs, symlink loops, unreadable files) are made once per run by
 * tests/make_bad_fixtures.sh in a temporary folder, with the model every
 * precis-infer case loads (trained here from fixtures/bad/train.tsv).
 *
 * The contract checked, from the tools' side:
 *  - exit 0: every input was used; 1: something was skipped or failed
 *    (--strict: the run stopped at it; without it, precis-train still writes
 *    its model and says so); never a signal, never a hang (each run has a
 *    deadline), and a skipped input is named in a one-line warning;
 *  - a damaged model is refused with a message naming it, before any large
 *    allocation (ASan builds cap a single allocation at 256 MiB; other builds
 *    get a 4 GiB address-space limit);
 *  - a model is written whole or not at all; precis-infer writes nothing
 *    into its inputs; a closed pipe ends the run quietly.
 * Under tests/valgrind.sh (PRECIS_UNDER_VALGRIND=full or quick) the tools
 * run under valgrind too: deadlines stretch, memory figures are not checked,
 * any valgrind error fails the case, and the quick run leaves out the
 * 1,000-label case. */
#define _GNU_SOURCE
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "precis.h"
#include "testutil.h"
#include "tu_tool.h"

/* ---------------------------------------------------------------- the world */

static char *g_dir;        /* temporary folder of this run */
static char *g_gen;        /* g_dir/gen: make_bad_fixtures.sh output */
static char *g_model;      /* g_dir/model: trained from fixtures/bad/train.tsv */
static int g_valgrind_quick; /* PRECIS_UNDER_VALGRIND=quick: skip the hour-long case */

/* A path in a static ring of buffers: valid for the next 255 calls, which
 * is longer than any test holds one. */

static const char *tool(char *buf, const char *rel)
{
    if (!buf[0])
        snprintf(buf, 4096, "%s", tu_build_path(rel));
    return buf;
}

static const char *train_tool(void)
{
    static char buf[4096];
    return tool(buf, "train/precis-train");
}

static const char *infer_tool(void)
{
    static char buf[4096];
    return tool(buf, "infer/precis-infer");
}

static const char *bad(const char *name) { return tu_pathf("%s", tu_source_path(tu_pathf("tests/fixtures/bad/%s", name))); }
static const char *gen(const char *name) { return tu_pathf("%s/%s", g_gen, name); }
static const char *tmp(const char *name) { return tu_pathf("%s/%s", g_dir, name); }

/* ---------------------------------------------------------------- running a tool */

static const tu_how PLAIN = {0};

#define EXPECT_STATUS(o, want)                                                         \
    ck_assert_msg((o)->status == (want), "exit %d, expected %d; stderr:\n%s\nstdout:\n%.2000s", \
                  (o)->status, (want), (o)->err, (o)->out)
#define EXPECT_IN(hay, needle)                                                    \
    ck_assert_msg(strstr((hay), (needle)) != NULL, "expected \"%s\" in:\n%.3000s", (needle), (hay))
#define EXPECT_NOT_IN(hay, needle)                                                    \
    ck_assert_msg(strstr((hay), (needle)) == NULL, "did not expect \"%s\" in:\n%.3000s", (needle), \
                  (hay))

/* The warning or error line naming `name` holds `what`. */
static void expect_line(const char *text, const char *name, const char *what)
{
    for (const char *line = text; line && *line;) {
        const char *end = strchr(line, '\n');
        size_t len = end ? (size_t)(end - line) : strlen(line);
        char *copy = strndup(line, len);
        int hit = strstr(copy, name) && strstr(copy, what);
        free(copy);
        if (hit)
            return;
        line = end ? end + 1 : NULL;
    }
    ck_abort_msg("no line naming \"%s\" with \"%s\" in:\n%s", name, what, text);
}

static size_t count_lines_with(const char *text, const char *needle)
{
    size_t n = 0;
    for (const char *p = text; (p = strstr(p, needle)) != NULL; p += strlen(needle))
        n++;
    return n;
}

/* ---------------------------------------------------------------- precis-infer: odd files */

/* Each is read as a document (decoded as UTF-8, else Windows-1252) and
 * classified: exit 0, no warning. */
START_TEST(infer_uses_odd_files)
{
    const char *files[] = {bad("invalid-utf8.txt"), bad("latin1.txt")};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        tu_outcome o;
        tu_tool_run(&o, &PLAIN, infer_tool(), "-m", g_model, files[i], NULL);
        EXPECT_STATUS(&o, 0);
        EXPECT_IN(o.out, files[i]);
        EXPECT_IN(o.out, "label: ");
        EXPECT_NOT_IN(o.err, "warning");
        tu_outcome_free(&o);
    }
}
END_TEST

/* An article with no word the model knows (empty, blank, a single unknown
 * word, Chinese) gets no label: a warning saying why, exit 1; the article
 * beside it is classified. UTF-16 without a byte-order mark is named. */
START_TEST(infer_says_when_no_term_is_known)
{
    static const char chinese[] = "\xe4\xb8\xad\xe5\x9b\xbd\xe7\xbb\x8f\xe6\xb5\x8e\xe5"
                                  "\xa2\x9e\xe9\x95\xbf\xe6\x94\xbe\xe7\xbc\x93\xe3\x80\x82\n";
    ck_assert_int_eq(tu_write_file(tmp("chinese.txt"), chinese, sizeof chinese - 1), 0);
    static const char utf16[] = "T\0h\0e\0 \0g\0o\0v\0e\0r\0n\0m\0e\0n\0t\0 \0m\0e\0t\0.\0";
    ck_assert_int_eq(tu_write_file(tmp("utf16-nobom.txt"), utf16, sizeof utf16 - 1), 0);
    struct {
        const char *path, *why;
    } cases[] = {
        {bad("empty.txt"), "none of its words is in the model's vocabulary"},
        {bad("whitespace.txt"), "none of its words is in the model's vocabulary"},
        {gen("word.txt"), "none of its words is in the model's vocabulary"},
        {tmp("chinese.txt"), "none of its words is in the model's vocabulary"},
        {tmp("utf16-nobom.txt"), "UTF-16 text without a byte-order mark"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        tu_outcome o;
        tu_tool_run(&o, &PLAIN, infer_tool(), "-m", g_model, cases[i].path, bad("utf8.txt"), NULL);
        EXPECT_STATUS(&o, 1);
        expect_line(o.err, cases[i].path, cases[i].why);
        EXPECT_NOT_IN(o.out, cases[i].path);
        EXPECT_IN(o.out, "label: politics");
        tu_outcome_free(&o);
        /* Summaries need no vocabulary: --summary-only still works. */
        tu_tool_run(&o, &PLAIN, infer_tool(), "-m", g_model, "--summary-only", cases[i].path, NULL);
        EXPECT_STATUS(&o, i == 4 ? 1 : 0);
        tu_outcome_free(&o);
    }
}
END_TEST

/* Bytes that are not UTF-8 are Windows-1252: curly quotes, dashes and the
 * euro sign come out as themselves, not as C1 controls. */
START_TEST(infer_decodes_windows_1252)
{
    static const char text[] = "Budget row\n\nThe minister said \x93no\x94 \x96 twice \x85 to a "
                               "\x80" "5bn plan for the government.\n";
    ck_assert_int_eq(tu_write_file(tmp("cp1252.txt"), text, sizeof text - 1), 0);
    tu_outcome o;
    tu_tool_run(&o, &PLAIN, infer_tool(), "-m", g_model, "--summary-only", tmp("cp1252.txt"), NULL);
    EXPECT_STATUS(&o, 0);
    EXPECT_IN(o.out, "The minister said \xe2\x80\x9cno\xe2\x80\x9d \xe2\x80\x93 twice "
                     "\xe2\x80\xa6 to a \xe2\x82\xac" "5bn plan");
    tu_outcome_free(&o);
    char *out;
    size_t n;
    precis_error err = {0};
    /* The five bytes Windows-1252 leaves unassigned keep their code points. */
    ck_assert_int_eq(precis_text_decode("\x81\x8d\x8f\x90\x9d\x8a\xff", 7, &out, &n, &err), PRECIS_OK);
    ck_assert_str_eq(out, "\xc2\x81\xc2\x8d\xc2\x8f\xc2\x90\xc2\x9d\xc5\xa0\xc3\xbf");
    free(out);
}
END_TEST

/* Files that are not text (an image, NUL bytes, an executable, a precis
 * model named without -m) are skipped with one line naming the fix; the
 * text beside them is still classified, and the exit status says 1. */
START_TEST(infer_skips_binary_files)
{
    struct {
        const char *path, *fix;
    } cases[] = {
        {bad("image.png"), "PNG image"},
        {bad("nul.txt"), "binary data"},
        {infer_tool(), "executable"},
        {g_model, "did you mean -m?"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        tu_outcome o;
        tu_tool_run(&o, &PLAIN, infer_tool(), "-m", g_model, cases[i].path, bad("utf8.txt"), NULL);
        EXPECT_STATUS(&o, 1);
        expect_line(o.err, cases[i].path, cases[i].fix);
        ck_assert_uint_eq(count_lines_with(o.err, "\n"), 1);
        EXPECT_NOT_IN(o.out, cases[i].path);
        EXPECT_IN(o.out, "label: politics");
        tu_outcome_free(&o);
    }
}
END_TEST

/* Invalid UTF-8 and Latin-1 still carry their words. */
START_TEST(infer_reads_words_through_bad_encodings)
{
    tu_outcome o;
    tu_tool_run(&o, &PLAIN, infer_tool(), "-m", g_model, "--no-summary", bad("invalid-utf8.txt"),
        bad("latin1.txt"), NULL);
    EXPECT_STATUS(&o, 0);
    ck_assert_uint_eq(count_lines_with(o.out, "label: politics"), 2);
    tu_outcome_free(&o);
    /* Latin-1 é comes out as UTF-8 in the summary. */
    tu_tool_run(&o, &PLAIN, infer_tool(), "-m", g_model, "--summary-only", bad("latin1.txt"), NULL);
    EXPECT_STATUS(&o, 0);
    EXPECT_IN(o.out, "caf\xc3\xa9");
    tu_outcome_free(&o);
}
END_TEST

/* What follows the first line (the file name) of a text-format result. */
static const char *after_first_line(const char *s)
{
    const char *nl = strchr(s, '\n');
    return nl ? nl + 1 : "";
}

/* UTF-16 with a byte-order mark reads as the same text in UTF-8. */
START_TEST(infer_reads_utf16_with_bom)
{
    tu_outcome ref, le, be, in;
    tu_tool_run(&ref, &PLAIN, infer_tool(), "-m", g_model, bad("utf8.txt"), NULL);
    tu_tool_run(&le, &PLAIN, infer_tool(), "-m", g_model, bad("utf16le.txt"), NULL);
    tu_tool_run(&be, &PLAIN, infer_tool(), "-m", g_model, bad("utf16be.txt"), NULL);
    tu_how from_stdin = {.stdin_path = bad("utf16le.txt")};
    tu_tool_run(&in, &from_stdin, infer_tool(), "-m", g_model, "-", NULL);
    EXPECT_STATUS(&ref, 0);
    EXPECT_IN(ref.out, "label: politics");
    EXPECT_IN(ref.out, "The government met the senators.");
    tu_outcome *same[] = {&le, &be, &in};
    for (int i = 0; i < 3; i++) {
        EXPECT_STATUS(same[i], 0);
        ck_assert_str_eq(after_first_line(same[i]->out), after_first_line(ref.out));
        tu_outcome_free(same[i]);
    }
    tu_outcome_free(&ref);
}
END_TEST

/* Found by fuzz_sentences: GSL's SVD (Golub-Reinsch) does not converge on
 * this article's terms x sentences matrix, and GSL's default error handler
 * aborted the process. */
START_TEST(infer_summarizes_where_svd_fails)
{
    /* Its control bytes make the tools skip it as binary, so it goes to the
     * library directly, as precis-infer would hand it on. */
    size_t len;
    char *bytes = tu_read_file(bad("lsa-no-convergence.txt"), &len);
    ck_assert_ptr_nonnull(bytes);
    precis_error err = {0};
    precis_model *m;
    ck_assert_int_eq(precis_model_load(&m, g_model, &err), PRECIS_OK);
    precis_analysis *a;
    ck_assert_int_eq(precis_analysis_new(&a, m, bytes, len, &err), PRECIS_OK);
    precis_summary_options so;
    precis_summary_options_default(&so);
    so.method = PRECIS_SUMMARIZER_LSA;
    precis_summary_sentence *s = NULL;
    size_t n = 0;
    ck_assert_int_eq(precis_analysis_summarize(a, &so, &s, &n, &err), PRECIS_OK);
    /* Not just no abort: a summary of the default length (3 sentences; the
     * article has dozens), in article order. */
    ck_assert_uint_eq(n, 3);
    for (size_t i = 1; i < n; i++)
        ck_assert_uint_gt(s[i].index, s[i - 1].index);
    free(s);
    precis_analysis_free(a);
    precis_model_free(m);
    free(bytes);
}
END_TEST

/* Over --max-doc-bytes: skipped with a warning naming it; the run goes on
 * (exit 1) or, with --strict, stops there. (A .tsv is read record by
 * record: the 200 MB record is the one skipped.) */
START_TEST(infer_skips_a_200mb_line)
{
    tu_outcome o;
    tu_tool_run(&o, &PLAIN, infer_tool(), "-m", g_model, "--no-summary", gen("long-line.tsv"),
        bad("utf8.txt"), NULL);
    EXPECT_STATUS(&o, 1);
    expect_line(o.err, gen("long-line.tsv"), "warning");
    expect_line(o.err, gen("long-line.tsv"), "longer than 67108864 bytes");
    EXPECT_IN(o.out, bad("utf8.txt"));
    ck_assert_uint_eq(count_lines_with(o.err, "\n"), 1);
    tu_outcome_free(&o);

    tu_tool_run(&o, &PLAIN, infer_tool(), "-m", g_model, "--strict", gen("long-line.tsv"),
        bad("utf8.txt"), NULL);
    EXPECT_STATUS(&o, 1);
    expect_line(o.err, gen("long-line.tsv"), "longer than");
    EXPECT_NOT_IN(o.out, bad("utf8.txt"));
    tu_outcome_free(&o);

    /* The limit is an option: a 100 KB word fits 200K, not 64K. */
    tu_tool_run(&o, &PLAIN, infer_tool(), "-m", g_model, "--max-doc-bytes", "64K", gen("word.txt"), NULL);
    EXPECT_STATUS(&o, 1);
    expect_line(o.err, gen("word.txt"), "larger than 65536 bytes");
    tu_outcome_free(&o);
    tu_tool_run(&o, &PLAIN, infer_tool(), "-m", g_model, "--max-doc-bytes", "200K", "--summary-only",
        gen("word.txt"), NULL);
    EXPECT_STATUS(&o, 0); /* read (its one word is unknown to the model: summarized only) */
    tu_outcome_free(&o);
}
END_TEST

START_TEST(infer_skips_unreadable_files)
{
    tu_how nobody = {.as_nobody = 1};
    tu_outcome o;
    tu_tool_run(&o, &nobody, infer_tool(), "-m", g_model, "--no-summary", gen("unreadable.txt"),
        gen("readable.txt"), NULL);
    EXPECT_STATUS(&o, 1);
    expect_line(o.err, gen("unreadable.txt"), "Permission denied");
    EXPECT_IN(o.out, gen("readable.txt"));
    tu_outcome_free(&o);

    tu_tool_run(&o, &nobody, infer_tool(), "-m", g_model, "-s", gen("unreadable.txt"),
        gen("readable.txt"), NULL);
    EXPECT_STATUS(&o, 1);
    expect_line(o.err, gen("unreadable.txt"), "Permission denied");
    EXPECT_NOT_IN(o.out, gen("readable.txt"));
    tu_outcome_free(&o);
}
END_TEST

/* The walk: a symlink loop is not followed and a FIFO is not opened (both
 * with a warning, not counted); a file that vanished after its folder was
 * listed is a skipped input (exit 1). The documents around them are read. */
START_TEST(infer_walks_a_tree_of_oddities)
{
    tu_outcome o;
    tu_tool_run(&o, &PLAIN, infer_tool(), "-m", g_model, "--no-summary", "--format", "tsv", gen("tree"),
        NULL);
    EXPECT_STATUS(&o, 1);
    expect_line(o.err, gen("tree/sport/loop"), "symbolic link loop");
    expect_line(o.err, gen("tree/tech/fifo"), "not a regular file");
    expect_line(o.err, gen("tree/tech/vanished.txt"), "cannot read");
    ck_assert_uint_eq(count_lines_with(o.out, "\n"), 1 + 12); /* the header row, 12 documents */
    ck_assert_uint_eq(count_lines_with(o.out, "/politics/doc"), 4);
    ck_assert_uint_eq(count_lines_with(o.err, "warning:"), 3);
    tu_outcome_free(&o);

    tu_tool_run(&o, &PLAIN, infer_tool(), "-m", g_model, "--strict", gen("tree"), NULL);
    EXPECT_STATUS(&o, 1);
    expect_line(o.err, gen("tree/tech/vanished.txt"), "cannot read");
    tu_outcome_free(&o);
}
END_TEST

/* A FIFO named as input is never opened: no hang, a counted skip. */
START_TEST(infer_skips_a_fifo)
{
    tu_how quick = {.deadline = 30};
    tu_outcome o;
    tu_tool_run(&o, &quick, infer_tool(), "-m", g_model, gen("fifo"), bad("utf8.txt"), NULL);
    EXPECT_STATUS(&o, 1);
    expect_line(o.err, gen("fifo"), "not a regular file");
    EXPECT_IN(o.out, bad("utf8.txt"));
    tu_outcome_free(&o);
    tu_tool_run(&o, &quick, infer_tool(), "-m", g_model, "--strict", gen("fifo"), NULL);
    EXPECT_STATUS(&o, 1);
    expect_line(o.err, gen("fifo"), "not a regular file");
    tu_outcome_free(&o);
}
END_TEST

/* ---------------------------------------------------------------- precis-train: odd inputs */

/* A run that skipped records still writes its model, and says so in its
 * last line and its exit status (1). */
static void expect_model_despite_skips(const tu_outcome *o, const char *model, const char *skipped)
{
    EXPECT_STATUS(o, 1);
    ck_assert_msg(access(model, F_OK) == 0, "no model %s; stderr:\n%s", model, o->err);
    const char *last = strstr(o->err, tu_pathf("precis-train: model written to %s, but %s skipped",
                                             model, skipped));
    ck_assert_msg(last != NULL && strchr(last, '\n') == o->err + strlen(o->err) - 1,
                  "no last line saying the model was written despite %s skipped:\n%s", skipped,
                  o->err);
}

START_TEST(train_skips_a_200mb_line_in_bounded_memory)
{
    tu_outcome o;
    unlink(tmp("long.model"));
    tu_tool_run(&o, &PLAIN, train_tool(), "-o", tmp("long.model"), gen("long-line.tsv"), NULL);
    expect_model_despite_skips(&o, tmp("long.model"), "1 record was");
    expect_line(o.err, tu_pathf("%s:1", gen("long-line.tsv")), "record longer than 67108864 bytes");
    EXPECT_IN(o.err, "(1 skipped)");
    /* The record streams through a buffer of at most --max-doc-bytes (64 MiB;
     * ASan keeps the buffer's earlier sizes in quarantine). */
    if (!tu_under_valgrind())
        ck_assert_msg(o.maxrss_kb < (UNDER_ASAN ? 400 : 160) * 1024, "peak memory %ld KiB",
                      o.maxrss_kb);
    tu_outcome_free(&o);

    unlink(tmp("long.model"));
    tu_tool_run(&o, &PLAIN, train_tool(), "--max-doc-bytes", "1M", "-o", tmp("long.model"),
        gen("long-line.tsv"), NULL);
    expect_model_despite_skips(&o, tmp("long.model"), "1 record was");
    expect_line(o.err, "long-line.tsv:1", "record longer than 1048576 bytes");
    if (!tu_under_valgrind())
        ck_assert_msg(o.maxrss_kb < 100 * 1024, "peak memory %ld KiB", o.maxrss_kb);
    tu_outcome_free(&o);

    tu_tool_run(&o, &PLAIN, train_tool(), "--strict", "-o", tmp("strict.model"), gen("long-line.tsv"),
        NULL);
    EXPECT_STATUS(&o, 1);
    expect_line(o.err, "long-line.tsv:1", "record longer than");
    ck_assert_int_ne(access(tmp("strict.model"), F_OK), 0);
    tu_outcome_free(&o);
}
END_TEST

START_TEST(train_uses_a_100kb_word_and_latin1)
{
    tu_outcome o;
    tu_tool_run(&o, &PLAIN, train_tool(), "-o", tmp("word.model"), gen("word.tsv"), NULL);
    EXPECT_STATUS(&o, 0);
    EXPECT_IN(o.err, "read 13 documents in 3 classes (0 skipped)");
    tu_outcome_free(&o);

    tu_tool_run(&o, &PLAIN, train_tool(), "-o", tmp("latin1.model"), gen("latin1.tsv"), NULL);
    EXPECT_STATUS(&o, 0);
    tu_outcome_free(&o);
    tu_tool_run(&o, &PLAIN, infer_tool(), "-m", tmp("latin1.model"), "--model-info", NULL);
    EXPECT_STATUS(&o, 0);
    EXPECT_IN(o.out, "\ncaf\xc3\xa9:"); /* the label, decoded */
    tu_outcome_free(&o);
}
END_TEST

/* Corpora that hold nothing usable: a clear error, exit 1, no model. */
START_TEST(train_refuses_corpora_without_documents)
{
    struct {
        const char *path, *format, *message;
    } cases[] = {
        {bad("empty.txt"), "tsv", "no documents could be read"},
        {bad("whitespace.txt"), "tsv", "no documents could be read"},
        {bad("nul.txt"), "tsv", "binary data"},
        {bad("utf16le.txt"), "tsv", "UTF-16"},
        {bad("utf16be.txt"), "csv", "UTF-16"},
        {bad("empty.txt"), NULL, "cannot tell the corpus format"},
        {bad("image.png"), NULL, "PNG image"},
        {bad("image.png"), "tsv", "PNG image"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        tu_outcome o;
        if (cases[i].format)
            tu_tool_run(&o, &PLAIN, train_tool(), "--input-format", cases[i].format, "-o",
                tmp("none.model"), cases[i].path, NULL);
        else
            tu_tool_run(&o, &PLAIN, train_tool(), "-o", tmp("none.model"), cases[i].path, NULL);
        EXPECT_STATUS(&o, 1);
        expect_line(o.err, "precis-train: ", cases[i].message);
        ck_assert_int_ne(access(tmp("none.model"), F_OK), 0);
        tu_outcome_free(&o);
    }
}
END_TEST

START_TEST(train_on_a_tree_of_oddities)
{
    tu_outcome o;
    tu_tool_run(&o, &PLAIN, train_tool(), "-o", tmp("tree.model"), gen("tree"), NULL);
    expect_model_despite_skips(&o, tmp("tree.model"), "1 record was");
    expect_line(o.err, gen("tree/sport/loop"), "symbolic link loop");
    expect_line(o.err, gen("tree/tech/fifo"), "not a regular file");
    expect_line(o.err, gen("tree/tech/vanished.txt"), "cannot read");
    EXPECT_IN(o.err, "read 12 documents in 3 classes (1 skipped)");
    tu_outcome_free(&o);

    tu_tool_run(&o, &PLAIN, train_tool(), "--strict", "-o", tmp("tree-strict.model"), gen("tree"), NULL);
    EXPECT_STATUS(&o, 1);
    expect_line(o.err, gen("tree/tech/vanished.txt"), "cannot read");
    ck_assert_int_ne(access(tmp("tree-strict.model"), F_OK), 0);
    tu_outcome_free(&o);
}
END_TEST

START_TEST(train_on_unreadable_corpus)
{
    tu_how nobody = {.as_nobody = 1};
    tu_outcome o;
    /* -o where nobody may write: outputs are checked before the corpus. */
    const char *open_dir = tmp("open");
    mkdir(open_dir, 0777);
    ck_assert_int_eq(chmod(open_dir, 0777), 0);
    const char *model = tu_pathf("%s/unreadable.model", open_dir);
    tu_tool_run(&o, &nobody, train_tool(), "-o", model, gen("unreadable.tsv"), NULL);
    EXPECT_STATUS(&o, 1);
    expect_line(o.err, gen("unreadable.tsv"), "Permission denied");
    ck_assert_int_ne(access(model, F_OK), 0); /* nothing read: no model */
    tu_outcome_free(&o);
}
END_TEST

/* A FIFO corpus nobody writes to reads as empty at once (no hang); a pipe
 * with a writer, as <(cat corpus) gives, is read as a stream. */
START_TEST(train_on_a_fifo)
{
    tu_how quick = {.deadline = 30};
    tu_outcome o;
    tu_tool_run(&o, &quick, train_tool(), "-o", tmp("fifo.model"), gen("fifo"), NULL);
    EXPECT_STATUS(&o, 1);
    expect_line(o.err, gen("fifo"), "cannot tell the corpus format");
    tu_outcome_free(&o);

    int fds[2];
    ck_assert_int_eq(pipe(fds), 0);
    pid_t writer = fork();
    ck_assert_int_ge(writer, 0);
    if (writer == 0) {
        close(fds[0]);
        size_t len;
        char *text = tu_read_file(bad("train.tsv"), &len);
        _exit(text && write(fds[1], text, len) == (ssize_t)len ? 0 : 1);
    }
    close(fds[1]);
    tu_tool_run(&o, &quick, train_tool(), "-o", tmp("fifo.model"), tu_pathf("/dev/fd/%d", fds[0]), NULL);
    close(fds[0]);
    int ws;
    ck_assert_int_eq(waitpid(writer, &ws, 0), writer);
    EXPECT_STATUS(&o, 0);
    EXPECT_IN(o.err, "read 12 documents in 3 classes");
    tu_outcome_free(&o);
}
END_TEST

/* ---------------------------------------------------------------- precis-train: odd corpora */

START_TEST(train_refuses_a_single_label)
{
    tu_outcome o;
    tu_tool_run(&o, &PLAIN, train_tool(), "-o", tmp("single.model"), bad("single-label.tsv"), NULL);
    EXPECT_STATUS(&o, 1);
    expect_line(o.err, "single-label.tsv", "only one label (\"sport\")");
    ck_assert_int_ne(access(tmp("single.model"), F_OK), 0);
    tu_outcome_free(&o);
}
END_TEST

START_TEST(train_warns_about_a_label_with_one_document)
{
    tu_outcome o;
    tu_tool_run(&o, &PLAIN, train_tool(), "-o", tmp("onedoc.model"), bad("one-doc-label.tsv"), NULL);
    EXPECT_STATUS(&o, 0);
    expect_line(o.err, "warning", "1 label has a single document (\"gardening\")");
    tu_outcome_free(&o);
    /* Cross-validation still runs: the lone document lands in one fold. */
    tu_tool_run(&o, &PLAIN, train_tool(), "--cv", "3", "-o", tmp("onedoc.model"),
        bad("one-doc-label.tsv"), NULL);
    EXPECT_STATUS(&o, 0);
    EXPECT_IN(o.out, "3-fold accuracy");
    tu_outcome_free(&o);
}
END_TEST

/* Many labels: 1,000, two documents each. Peak memory stays within the
 * fit's working set (newton.c: five documents x labels matrices and four
 * terms x labels vectors of doubles, 40 bytes x (documents + terms + 1) x
 * labels: 88 MiB here) plus 16 MiB for the rest (7 MiB measured; 40 under
 * ASan, allowed 48): one n x K matrix more (15.3 MiB) fails here. At 10,000
 * labels the working set is 7.9 GB, which made this the suite's peak. */
START_TEST(train_with_1000_labels)
{
    if (g_valgrind_quick) {
        fprintf(stderr, "NOTE: 1,000 labels skipped (valgrind, VALGRIND_QUICK)\n");
        return;
    }
    enum { LABELS = 1000, DOCS = 2000, TERMS = 300 };
    tu_how slow = {.deadline = 300};
    tu_outcome o;
    tu_tool_run(&o, &slow, train_tool(), "-q", "--max-iter", "2", "-o", tmp("many.model"),
        gen("many-labels.tsv"), NULL);
    EXPECT_STATUS(&o, 0);
    long working_set_kb = 40L * (DOCS + TERMS + 1) * LABELS / 1024;
    long bound_kb = working_set_kb + (UNDER_ASAN ? 48 : 16) * 1024;
    if (!tu_under_valgrind())
        ck_assert_msg(o.maxrss_kb < bound_kb, "peak memory %ld KiB, bound %ld KiB", o.maxrss_kb,
                      bound_kb);
    tu_outcome_free(&o);
    /* A document in the corpus's own words (w000 to w299). */
    ck_assert_int_eq(tu_write_file(tmp("w.txt"), "w001 w017 w123 w299\n", 20), 0);
    tu_tool_run(&o, &PLAIN, infer_tool(), "-m", tmp("many.model"), "--no-summary", "--top-k", "2",
        tmp("w.txt"), NULL);
    EXPECT_STATUS(&o, 0);
    EXPECT_IN(o.out, "label: label ");
    tu_outcome_free(&o);
    /* The model holds every label: make_bad_fixtures.sh wrote 1,000, two
     * documents each. */
    tu_tool_run(&o, &PLAIN, infer_tool(), "-m", tmp("many.model"), "--model-info", NULL);
    EXPECT_STATUS(&o, 0);
    const char *labels = strstr(o.out, "\n  labels ");
    const char *trained = strstr(o.out, "\n  trained on ");
    ck_assert_msg(labels && trained, "model info:\n%.2000s", o.out);
    ck_assert_int_eq(strtol(labels + strlen("\n  labels "), NULL, 10), LABELS);
    ck_assert_int_eq(strtol(trained + strlen("\n  trained on "), NULL, 10), DOCS);
    EXPECT_IN(o.out, "\nlabel 00000: ");
    EXPECT_IN(o.out, "\nlabel 00999: ");
    EXPECT_NOT_IN(o.out, "\nlabel 01000: ");
    tu_outcome_free(&o);
}
END_TEST

/* Labels with spaces, quotes, tabs and non-ASCII survive training, the model
 * file and every output format intact (JSON escaped, TSV kept to its columns). */
static void check_odd_label_model(const char *model)
{
    static const char *const labels[] = {"label with spaces", "say \"politics\"", "tab\there",
                                         "\xc3\xa9" "conomie \xc2\xb7 \xe7\xb5\x8c\xe6\xb8\x88"};
    tu_outcome o;
    tu_tool_run(&o, &PLAIN, infer_tool(), "-m", model, "--format", "json", "--top-k", "4",
        bad("utf8.txt"), NULL);
    EXPECT_STATUS(&o, 0);
    json_error_t jerr;
    json_t *root = json_loads(o.out, JSON_DISABLE_EOF_CHECK, &jerr);
    ck_assert_msg(root != NULL, "not JSON (%s): %s", jerr.text, o.out);
    json_t *probs = json_object_get(root, "probabilities");
    ck_assert_msg(json_is_object(probs), "no probabilities in %s", o.out);
    ck_assert_uint_eq(json_object_size(probs), 4);
    for (int i = 0; i < 4; i++)
        ck_assert_msg(json_object_get(probs, labels[i]) != NULL, "label %s missing in %s",
                      labels[i], o.out);
    ck_assert_str_eq(json_string_value(json_object_get(root, "label")), "say \"politics\"");
    json_decref(root);
    tu_outcome_free(&o);

    /* Text: the TAB spelled \t, so the label line stays one line of fields. */
    tu_tool_run(&o, &PLAIN, infer_tool(), "-m", model, "--top-k", "4", "--no-summary", bad("utf8.txt"),
        NULL);
    EXPECT_STATUS(&o, 0);
    EXPECT_IN(o.out, "tab\\there");
    EXPECT_NOT_IN(o.out, "\t");
    tu_outcome_free(&o);

    tu_tool_run(&o, &PLAIN, infer_tool(), "-m", model, "--format", "tsv", "--no-summary", "--explain",
        "0", bad("utf8.txt"), bad("latin1.txt"), NULL);
    EXPECT_STATUS(&o, 0);
    ck_assert_uint_eq(count_lines_with(o.out, "\n"), 3); /* the header row, 2 documents */
    /* Every line has as many columns as the header. */
    size_t tabs_first = 0;
    const char *p = o.out;
    for (; *p != '\n'; p++)
        tabs_first += *p == '\t';
    size_t tabs_second = 0;
    for (p++; *p && *p != '\n'; p++)
        tabs_second += *p == '\t';
    ck_assert_uint_eq(tabs_first, tabs_second);
    ck_assert_uint_ge(tabs_first, 2);
    tu_outcome_free(&o);

    tu_tool_run(&o, &PLAIN, infer_tool(), "-m", model, "--model-info", NULL);
    EXPECT_STATUS(&o, 0);
    EXPECT_IN(o.out, "\ntab\\there:");
    EXPECT_NOT_IN(o.out, "\t");
    tu_outcome_free(&o);
}

START_TEST(train_with_odd_labels)
{
    tu_outcome o;
    tu_tool_run(&o, &PLAIN, train_tool(), "--csv-header", "-o", tmp("odd-csv.model"),
        bad("odd-labels.csv"), NULL);
    EXPECT_STATUS(&o, 0);
    EXPECT_IN(o.err, "read 8 documents in 4 classes (0 skipped)");
    tu_outcome_free(&o);
    check_odd_label_model(tmp("odd-csv.model"));

    tu_tool_run(&o, &PLAIN, train_tool(), "-o", tmp("odd-jsonl.model"), bad("odd-labels.jsonl"), NULL);
    EXPECT_STATUS(&o, 0);
    tu_outcome_free(&o);
    check_odd_label_model(tmp("odd-jsonl.model"));
}
END_TEST

/* A malformed record: a warning naming file and line, training goes on
 * (the model is written, exit 1); --strict stops with the same words. */
static void malformed_record(const char *corpus, const char *where, const char *what)
{
    tu_outcome o;
    unlink(tmp("malformed.model"));
    tu_tool_run(&o, &PLAIN, train_tool(), "-o", tmp("malformed.model"), corpus, NULL);
    expect_model_despite_skips(&o, tmp("malformed.model"), "1 record was");
    expect_line(o.err, where, what);
    expect_line(o.err, where, "record skipped");
    EXPECT_IN(o.err, "read 12 documents in 3 classes (1 skipped)");
    tu_outcome_free(&o);

    tu_tool_run(&o, &PLAIN, train_tool(), "--strict", "-o", tmp("malformed-strict.model"), corpus, NULL);
    EXPECT_STATUS(&o, 1);
    expect_line(o.err, where, what);
    ck_assert_int_ne(access(tmp("malformed-strict.model"), F_OK), 0);
    tu_outcome_free(&o);
}

/* The exit status says whether every record was used: 0 for a clean corpus,
 * 1 when CORPUS or --test CORPUS2 lost a record (the model is still written,
 * and said to be, even with -q); --vectorize-only too. */
START_TEST(train_exit_status_says_whether_records_were_skipped)
{
    tu_outcome o;
    const char *model = tmp("status.model");
    unlink(model);
    tu_tool_run(&o, &PLAIN, train_tool(), "-o", model, "--test", bad("train.tsv"), bad("train.tsv"), NULL);
    EXPECT_STATUS(&o, 0);
    ck_assert_int_eq(access(model, F_OK), 0);
    EXPECT_NOT_IN(o.err, "was skipped");
    EXPECT_NOT_IN(o.err, "were skipped");
    tu_outcome_free(&o);

    unlink(model);
    tu_tool_run(&o, &PLAIN, train_tool(), "-q", "-o", model, bad("not-json.jsonl"), NULL);
    expect_model_despite_skips(&o, model, "1 record was");
    ck_assert_str_eq(o.err, tu_pathf("precis-train: model written to %s, but 1 record was skipped\n",
                                  model));
    tu_outcome_free(&o);

    unlink(model);
    tu_tool_run(&o, &PLAIN, train_tool(), "-q", "-o", model, "--test", bad("not-json.jsonl"),
        bad("train.tsv"), NULL);
    expect_model_despite_skips(&o, model, "1 record was");
    EXPECT_IN(o.err, tu_pathf("(0 in %s, 1 in %s)", bad("train.tsv"), bad("not-json.jsonl")));
    EXPECT_IN(o.out, "documents 12"); /* the test figures, of the records read */
    tu_outcome_free(&o);

    tu_tool_run(&o, &PLAIN, train_tool(), "-q", "--vectorize-only", bad("not-json.jsonl"), NULL);
    EXPECT_STATUS(&o, 1);
    ck_assert_str_eq(o.err, "precis-train: 1 record was skipped\n");
    tu_outcome_free(&o);
    tu_tool_run(&o, &PLAIN, train_tool(), "-q", "--vectorize-only", bad("train.tsv"), NULL);
    EXPECT_STATUS(&o, 0);
    tu_outcome_free(&o);

    /* precis-infer --eval: the figures of the records read, and exit 1. */
    tu_tool_run(&o, &PLAIN, infer_tool(), "-m", g_model, "--eval", bad("not-json.jsonl"), NULL);
    EXPECT_STATUS(&o, 1);
    EXPECT_IN(o.out, "documents 12");
    expect_line(o.err, "not-json.jsonl", "1 record of");
    tu_outcome_free(&o);
    tu_tool_run(&o, &PLAIN, infer_tool(), "-m", g_model, "--eval", bad("train.tsv"), NULL);
    EXPECT_STATUS(&o, 0);
    tu_outcome_free(&o);
}
END_TEST

START_TEST(train_on_an_unbalanced_csv_quote)
{
    malformed_record(bad("unbalanced.csv"), "unbalanced.csv:13", "unbalanced quote");
}
END_TEST

START_TEST(train_on_a_jsonl_line_that_is_not_json)
{
    malformed_record(bad("not-json.jsonl"), "not-json.jsonl:7", "not JSON");
}
END_TEST

START_TEST(train_warns_about_duplicates)
{
    tu_outcome o;
    tu_tool_run(&o, &PLAIN, train_tool(), "-o", tmp("dup.model"), bad("duplicates.tsv"), NULL);
    EXPECT_STATUS(&o, 0);
    expect_line(o.err, "duplicates.tsv", "3 documents repeat the words of an earlier one");
    tu_outcome_free(&o);
}
END_TEST

/* ---------------------------------------------------------------- damaged model files */

static unsigned char *model_bytes(size_t *len)
{
    unsigned char *b = (unsigned char *)tu_read_file(g_model, len);
    ck_assert_ptr_nonnull(b);
    ck_assert_uint_gt(*len, 200);
    return b;
}

static void refuse_model(const char *path, const char *message)
{
    tu_how capped = {.cap_memory = 1, .deadline = 30};
    tu_outcome o;
    tu_tool_run(&o, &capped, infer_tool(), "-m", path, bad("utf8.txt"), NULL);
    EXPECT_STATUS(&o, 1);
    expect_line(o.err, path, message);
    ck_assert_str_eq(o.out, "");
    tu_outcome_free(&o);
}

static const char *write_model(const char *name, const void *b, size_t len)
{
    const char *p = tmp(name);
    ck_assert_int_eq(tu_write_file(p, b, len), 0);
    return p;
}

START_TEST(damaged_models_are_refused)
{
    size_t len;
    unsigned char *orig = model_bytes(&len);
    unsigned char *b = malloc(len);
    ck_assert_ptr_nonnull(b);

    refuse_model(write_model("zero.model", "", 0), "file is empty");
    size_t cuts[] = {7, 19, 100, len / 2, len - 1};
    for (size_t i = 0; i < sizeof cuts / sizeof cuts[0]; i++)
        refuse_model(write_model(tu_pathf("cut%zu.model", cuts[i]), orig, cuts[i]), "truncated");
    /* Bits flipped in the sections (past the table; every_bit_flip_is_caught
     * tries them all in-process). */
    size_t table_end = 20 + 28 * (size_t)tu_get32(orig + 16) + 4;
    for (size_t at = table_end; at < len; at += (len - table_end) / 6) {
        memcpy(b, orig, len);
        b[at] ^= 0x10;
        refuse_model(write_model(tu_pathf("flip%zu.model", at), b, len), "CRC mismatch");
    }
    /* From a newer format version, checksums intact. */
    memcpy(b, orig, len);
    tu_put32(b + 8, 99);
    tu_model_reseal(b, len);
    refuse_model(write_model("newer.model", b, len), "version 99 is newer");
    /* A section whose size claims 4 TiB, checksums intact. */
    memcpy(b, orig, len);
    tu_put32(b + 20 + 16, 0);
    tu_put32(b + 20 + 20, 1024);
    tu_model_reseal(b, len);
    refuse_model(write_model("huge.model", b, len), "run past the end of the file");
    /* META claiming 2^40 terms and labels (the counts size the arrays). */
    memcpy(b, orig, len);
    uint64_t meta = tu_get32(b + 20 + 8); /* META is the first section */
    for (size_t field = 204; field <= 212; field += 8) { /* n_terms, n_labels */
        tu_put32(b + meta + field, 0);
        tu_put32(b + meta + field + 4, 256);
    }
    tu_model_reseal(b, len);
    refuse_model(write_model("counts.model", b, len), "section");
    /* Another file type, a directory, a FIFO, an endless device. */
    refuse_model(bad("image.png"), "not a precis model file");
    refuse_model(train_tool(), "not a precis model file");
    refuse_model(gen("tree"), "directory");
    refuse_model(gen("fifo"), "not a regular file");
    refuse_model("/dev/zero", "not a regular file");
    refuse_model(tmp("no-such.model"), "No such file");
    free(b);
    free(orig);
}
END_TEST

/* Every byte of a model lies under a CRC: one flipped bit anywhere is
 * caught (in-process, so every position can be tried). */
START_TEST(every_bit_flip_is_caught)
{
    size_t len;
    unsigned char *orig = model_bytes(&len);
    const char *p = tmp("flip.model");
    for (size_t at = 0; at < len; at++) {
        orig[at] ^= (unsigned char)(1u << (at % 8));
        ck_assert_int_eq(tu_write_file(p, orig, len), 0);
        orig[at] ^= (unsigned char)(1u << (at % 8));
        precis_model *m = NULL;
        precis_error err = {0};
        int rc = precis_model_load(&m, p, &err);
        ck_assert_msg(rc == PRECIS_ERR_CORRUPT || rc == PRECIS_ERR_VERSION,
                      "bit %zu of byte %zu flipped: status %d (%s)", at % 8, at, rc, err.message);
        ck_assert_ptr_null(m);
        ck_assert_ptr_nonnull(strstr(err.message, p));
    }
    free(orig);
}
END_TEST

/* ---------------------------------------------------------------- output */

/* A disk that fills while the model is written: a clear message, the old
 * model untouched, no temporary file left. */
START_TEST(full_disk_leaves_the_old_model)
{
    const char *dir = tmp("out");
    mkdir(dir, 0755);
    size_t len;
    char *old = tu_read_file(g_model, &len);
    ck_assert_ptr_nonnull(old);
    const char *target = tu_pathf("%s/model", dir);
    ck_assert_int_eq(tu_write_file(target, old, len), 0);
    tu_how full = {.fsize_limit = 1000};
    tu_outcome o;
    tu_tool_run(&o, &full, train_tool(), "-q", "--ngram", "1-2", "-o", target, bad("train.tsv"), NULL);
    EXPECT_STATUS(&o, 1);
    expect_line(o.err, target, "File too large");
    expect_line(o.err, target, "unchanged");
    size_t now_len;
    char *now = tu_read_file(target, &now_len);
    ck_assert_uint_eq(now_len, len);
    ck_assert_mem_eq(now, old, len);
    ck_assert_uint_eq(tu_count_temp_files(dir), 0);
    free(now);
    free(old);
    tu_outcome_free(&o);

    tu_how to_full = {.stdout_path = "/dev/full"};
    tu_tool_run(&o, &to_full, infer_tool(), "-m", g_model, bad("utf8.txt"), NULL);
    EXPECT_STATUS(&o, 1);
    expect_line(o.err, "precis-infer: standard output: cannot write", "No space left on device");
    tu_outcome_free(&o);
}
END_TEST

/* Every output file that cannot be written is named in the error, whichever
 * step failed: here the flush at close (the data fit stdio's buffer). */
static void expect_cannot_write(const tu_outcome *o, const char *prog, const char *path,
                                const char *why)
{
    EXPECT_STATUS(o, 1);
    EXPECT_IN(o->err, tu_pathf("%s: %s: cannot write: %s\n", prog, path, why));
}

START_TEST(output_write_errors_name_the_file)
{
    if (access("/dev/full", W_OK) != 0) {
        fprintf(stderr, "NOTE: no writable /dev/full: write errors not tested\n");
        return;
    }
    const char *model = tmp("full.model");
    const char *no_dir = tmp("no-such-dir/figures.json");
    tu_outcome o;
    const char *train_outputs[] = {"--metrics", "--report", "--export-svmlight"};
    for (int i = 0; i < 3; i++) {
        tu_tool_run(&o, &PLAIN, train_tool(), "-q", "--test", bad("train.tsv"), train_outputs[i],
            "/dev/full", "-o", model, bad("train.tsv"), NULL);
        expect_cannot_write(&o, "precis-train", "/dev/full", "No space left on device");
        tu_outcome_free(&o);
    }
    tu_tool_run(&o, &PLAIN, train_tool(), "-q", "--test", bad("train.tsv"), "--metrics", no_dir, "-o",
        model, bad("train.tsv"), NULL);
    expect_cannot_write(&o, "precis-train", no_dir, "No such file or directory");
    tu_outcome_free(&o);

    tu_tool_run(&o, &PLAIN, infer_tool(), "-m", g_model, "--eval", bad("train.tsv"), "--metrics",
        "/dev/full", NULL);
    expect_cannot_write(&o, "precis-infer", "/dev/full", "No space left on device");
    EXPECT_IN(o.out, "accuracy"); /* the table still printed */
    tu_outcome_free(&o);
    tu_tool_run(&o, &PLAIN, infer_tool(), "-m", g_model, "--eval", bad("train.tsv"), "--metrics", no_dir,
        NULL);
    expect_cannot_write(&o, "precis-infer", no_dir, "No such file or directory");
    tu_outcome_free(&o);
}
END_TEST

/* -o naming a FIFO or device: refused, and the FIFO is still a FIFO (the
 * rename would have replaced it; as root, -o /dev/null would replace
 * /dev/null). */
START_TEST(model_is_not_written_over_a_fifo)
{
    const char *fifo = tmp("out.fifo");
    unlink(fifo);
    ck_assert_int_eq(mkfifo(fifo, 0644), 0);
    tu_outcome o;
    tu_tool_run(&o, &PLAIN, train_tool(), "-q", "-o", fifo, bad("train.tsv"), NULL);
    EXPECT_STATUS(&o, 1);
    expect_line(o.err, fifo, "not a regular file");
    struct stat st;
    ck_assert_int_eq(lstat(fifo, &st), 0);
    ck_assert(S_ISFIFO(st.st_mode));
    tu_outcome_free(&o);
}
END_TEST

typedef struct snapshot {
    char *path;
    char *bytes;
    size_t len;
    struct timespec mtime;
} snapshot;

static size_t take_snapshot(snapshot *s, const char *const *paths, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        struct stat st;
        ck_assert_int_eq(stat(paths[i], &st), 0);
        s[i].path = strdup(paths[i]);
        s[i].bytes = tu_read_file(paths[i], &s[i].len);
        s[i].mtime = st.st_mtim;
        ck_assert_ptr_nonnull(s[i].bytes);
    }
    return n;
}

static void check_snapshot(snapshot *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        struct stat st;
        ck_assert_int_eq(stat(s[i].path, &st), 0);
        size_t len;
        char *bytes = tu_read_file(s[i].path, &len);
        ck_assert_msg(len == s[i].len && memcmp(bytes, s[i].bytes, len) == 0, "%s changed",
                      s[i].path);
        ck_assert_msg(st.st_mtim.tv_sec == s[i].mtime.tv_sec &&
                          st.st_mtim.tv_nsec == s[i].mtime.tv_nsec,
                      "%s was written to", s[i].path);
        free(bytes);
        free(s[i].bytes);
        free(s[i].path);
    }
}

START_TEST(infer_never_writes_into_its_inputs)
{
    const char *model = tmp("inputs.model");
    size_t len;
    char *m = tu_read_file(g_model, &len);
    ck_assert_int_eq(tu_write_file(model, m, len), 0);
    free(m);
    const char *paths[] = {model, gen("tree/politics/doc5.txt"), gen("tree/tech/doc9.txt"),
                           bad("utf8.txt"), bad("train.tsv")};
    snapshot s[5];
    size_t n = take_snapshot(s, paths, 5);
    tu_outcome o;
    tu_tool_run(&o, &PLAIN, infer_tool(), "-m", model, "--format", "json", gen("tree"), bad("utf8.txt"),
        NULL);
    EXPECT_STATUS(&o, 1); /* tree/tech/vanished.txt */
    tu_outcome_free(&o);
    tu_tool_run(&o, &PLAIN, infer_tool(), "-m", model, "--eval", bad("train.tsv"), "--metrics",
        tmp("metrics.json"), NULL);
    EXPECT_STATUS(&o, 0);
    EXPECT_IN(o.out, "accuracy");
    tu_outcome_free(&o);
    tu_tool_run(&o, &PLAIN, infer_tool(), "-m", model, "--model-info", NULL);
    EXPECT_STATUS(&o, 0);
    tu_outcome_free(&o);
    check_snapshot(s, n);
}
END_TEST

/* | head -1: the reader goes away; the tools end quietly (exit 0: nobody
 * wants more), not by SIGPIPE. */
START_TEST(closed_pipe_ends_quietly)
{
    tu_how closed = {.closed_pipe = 1};
    const char *formats[] = {"text", "json", "tsv"};
    for (int i = 0; i < 3; i++) {
        tu_outcome o;
        tu_tool_run(&o, &closed, infer_tool(), "-m", g_model, "--format", formats[i], bad("utf8.txt"),
            bad("latin1.txt"), gen("tree/politics"), NULL);
        EXPECT_STATUS(&o, 0);
        ck_assert_msg(o.err[0] == '\0', "not quiet: %s", o.err);
        tu_outcome_free(&o);
    }
    tu_outcome o;
    tu_tool_run(&o, &closed, infer_tool(), "-m", g_model, "--model-info", NULL);
    EXPECT_STATUS(&o, 0);
    ck_assert_msg(o.err[0] == '\0', "not quiet: %s", o.err);
    tu_outcome_free(&o);
    /* Training prints its test figures to the closed pipe: the model is
     * still written whole. */
    tu_tool_run(&o, &closed, train_tool(), "-q", "--test", bad("train.tsv"), "-o", tmp("piped.model"),
        bad("train.tsv"), NULL);
    EXPECT_STATUS(&o, 0);
    tu_outcome_free(&o);
    tu_tool_run(&o, &PLAIN, infer_tool(), "-m", tmp("piped.model"), "--no-summary", bad("utf8.txt"),
        NULL);
    EXPECT_STATUS(&o, 0);
    EXPECT_IN(o.out, "label: politics");
    tu_outcome_free(&o);
}
END_TEST

/* ---------------------------------------------------------------- in-process */

static void count_warning(void *ctx, const char *where, const char *message)
{
    char *seen = ctx;
    snprintf(seen + strlen(seen), 4096 - strlen(seen), "%s|%s\n", where, message);
}

/* A file that vanishes between the listing of its folder and its turn. */
START_TEST(file_vanishing_mid_walk)
{
    const char *root = tmp("vanish");
    mkdir(root, 0755);
    mkdir(tu_pathf("%s/a", root), 0755);
    for (int i = 0; i < 3; i++)
        ck_assert_int_eq(tu_write_file(tu_pathf("%s/a/%d.txt", root, i), "words here", 10), 0);
    char seen[4096] = "";
    precis_reader_options o;
    precis_reader_options_default(&o);
    o.format = PRECIS_FORMAT_DIR;
    o.warn = count_warning;
    o.warn_ctx = seen;
    precis_reader *r;
    precis_error err;
    ck_assert_int_eq(precis_reader_open(&r, root, &o, &err), PRECIS_OK);
    precis_document d;
    ck_assert_int_eq(precis_reader_next(r, &d, &err), 1); /* a/ is listed now */
    ck_assert_int_eq(unlink(tu_pathf("%s/a/1.txt", root)), 0);
    ck_assert_int_eq(precis_reader_next(r, &d, &err), 1);
    ck_assert_ptr_nonnull(strstr(d.source, "/a/2.txt"));
    ck_assert_int_eq(precis_reader_next(r, &d, &err), 0);
    ck_assert_uint_eq(precis_reader_skipped(r), 1);
    ck_assert_ptr_nonnull(strstr(seen, "/a/1.txt|cannot read"));
    precis_reader_free(r);
}
END_TEST

/* ---------------------------------------------------------------- setup */

static void make_world(void)
{
    const char *under = getenv("PRECIS_UNDER_VALGRIND");
    g_valgrind_quick = under && strcmp(under, "quick") == 0;
    g_dir = tu_temp_dir();
    if (!g_dir || chmod(g_dir, 0755) != 0) {
        fprintf(stderr, "cannot make a temporary folder\n");
        exit(EXIT_FAILURE);
    }
    tu_tool_dir(g_dir);
    g_gen = strdup(tu_pathf("%s/gen", g_dir));
    g_model = strdup(tu_pathf("%s/model", g_dir));
    char cmd[8192];
    snprintf(cmd, sizeof cmd, "sh '%s' '%s'", tu_source_path("tests/make_bad_fixtures.sh"), g_gen);
    if (system(cmd) != 0) {
        fprintf(stderr, "%s failed\n", cmd);
        exit(EXIT_FAILURE);
    }
    snprintf(cmd, sizeof cmd, "'%s' -q -o '%s' '%s'", train_tool(), g_model, bad("train.tsv"));
    if (system(cmd) != 0 || chmod(g_model, 0644) != 0) {
        fprintf(stderr, "%s failed\n", cmd);
        exit(EXIT_FAILURE);
    }
}

static Suite *suite(void)
{
    Suite *s = suite_create("cli_bad");
    TCase *infer = tcase_create("infer_inputs");
    tcase_add_test(infer, infer_uses_odd_files);
    tcase_add_test(infer, infer_skips_binary_files);
    tcase_add_test(infer, infer_says_when_no_term_is_known);
    tcase_add_test(infer, infer_decodes_windows_1252);
    tcase_add_test(infer, infer_reads_words_through_bad_encodings);
    tcase_add_test(infer, infer_reads_utf16_with_bom);
    tcase_add_test(infer, infer_skips_a_200mb_line);
    tcase_add_test(infer, infer_skips_unreadable_files);
    tcase_add_test(infer, infer_walks_a_tree_of_oddities);
    tcase_add_test(infer, infer_skips_a_fifo);
    tcase_add_test(infer, infer_summarizes_where_svd_fails);
    suite_add_tcase(s, infer);

    TCase *train = tcase_create("train_inputs");
    tcase_add_test(train, train_skips_a_200mb_line_in_bounded_memory);
    tcase_add_test(train, train_uses_a_100kb_word_and_latin1);
    tcase_add_test(train, train_refuses_corpora_without_documents);
    tcase_add_test(train, train_on_a_tree_of_oddities);
    tcase_add_test(train, train_on_unreadable_corpus);
    tcase_add_test(train, train_on_a_fifo);
    suite_add_tcase(s, train);

    TCase *corpora = tcase_create("corpora");
    tcase_set_timeout(corpora, 600);
    tcase_add_test(corpora, train_refuses_a_single_label);
    tcase_add_test(corpora, train_warns_about_a_label_with_one_document);
    tcase_add_test(corpora, train_with_odd_labels);
    tcase_add_test(corpora, train_exit_status_says_whether_records_were_skipped);
    tcase_add_test(corpora, train_on_an_unbalanced_csv_quote);
    tcase_add_test(corpora, train_on_a_jsonl_line_that_is_not_json);
    tcase_add_test(corpora, train_warns_about_duplicates);
    tcase_add_test(corpora, train_with_1000_labels);
    suite_add_tcase(s, corpora);

    TCase *models = tcase_create("model_files");
    tcase_add_test(models, damaged_models_are_refused);
    tcase_add_test(models, every_bit_flip_is_caught);
    suite_add_tcase(s, models);

    TCase *output = tcase_create("output");
    tcase_add_test(output, full_disk_leaves_the_old_model);
    tcase_add_test(output, output_write_errors_name_the_file);
    tcase_add_test(output, model_is_not_written_over_a_fifo);
    tcase_add_test(output, infer_never_writes_into_its_inputs);
    tcase_add_test(output, closed_pipe_ends_quietly);
    tcase_add_test(output, file_vanishing_mid_walk);
    suite_add_tcase(s, output);
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
    free(g_gen);
    free(g_model);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
