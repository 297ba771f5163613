/* test_corpus.c — the corpus readers (model/corpus*.c): every format on good
 * and bad input, directory oddities, strict mode, detection, size limits,
 * allocation failures. Expected values are written out by hand from the
 * fixtures in tests/fixtures/corpus and from inputs made here at run time. */
#define _XOPEN_SOURCE 700
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/alloc.h"
#include "corpus/corpus.h" /* white-box: buffer capacities */
#include "precis.h"
#include "testutil.h"

/* ---------------------------------------------------------------- helpers */

#define MAX_KEPT 64

typedef struct doc_copy {
    char *label, *text, *source;
    size_t len;
} doc_copy;

typedef struct run {
    int open_rc;            /* precis_reader_open's status */
    int last;               /* last precis_reader_next return (0: clean end) */
    size_t n;               /* documents read */
    doc_copy docs[MAX_KEPT];
    size_t skipped;
    precis_format format;
    precis_error err;
    int n_warn;
    char warnings[16384];   /* "where|message\n" each */
} run;

static void on_warn(void *ctx, const char *where, const char *message)
{
    run *r = ctx;
    r->n_warn++;
    size_t used = strlen(r->warnings);
    snprintf(r->warnings + used, sizeof r->warnings - used, "%s|%s\n", where, message);
}

static char *dup_bytes(const char *s, size_t n)
{
    char *d = malloc(n + 1);
    ck_assert_ptr_nonnull(d);
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

static void options(precis_reader_options *o, precis_format f, run *r)
{
    precis_reader_options_default(o);
    o->format = f;
    o->warn = on_warn;
    o->warn_ctx = r;
}

/* Reads the whole corpus at path, keeping copies of the documents. */
static void read_all(const char *path, precis_reader_options *opt, run *r)
{
    precis_reader *rd = NULL;
    r->open_rc = precis_reader_open(&rd, path, opt, &r->err);
    if (r->open_rc != PRECIS_OK) {
        ck_assert_ptr_null(rd);
        return;
    }
    r->format = precis_reader_format(rd);
    precis_document d;
    while ((r->last = precis_reader_next(rd, &d, &r->err)) == 1) {
        ck_assert_ptr_nonnull(d.text);
        ck_assert_ptr_nonnull(d.source);
        ck_assert_int_eq(d.text[d.text_len], '\0');
        if (r->n < MAX_KEPT) {
            doc_copy *c = &r->docs[r->n];
            c->label = strdup(d.label);
            c->text = dup_bytes(d.text, d.text_len);
            c->source = strdup(d.source);
            c->len = d.text_len;
        }
        r->n++;
    }
    r->skipped = precis_reader_skipped(rd);
    precis_reader_free(rd);
}

static void run_free(run *r)
{
    for (size_t i = 0; i < r->n && i < MAX_KEPT; i++) {
        free(r->docs[i].label);
        free(r->docs[i].text);
        free(r->docs[i].source);
    }
}

static run *run_new(void)
{
    run *r = calloc(1, sizeof *r);
    ck_assert_ptr_nonnull(r);
    return r;
}

static void expect_doc(const run *r, size_t i, const char *label, const char *text)
{
    ck_assert_uint_lt(i, r->n);
    ck_assert_str_eq(r->docs[i].label, label);
    ck_assert_uint_eq(r->docs[i].len, strlen(text));
    ck_assert_str_eq(r->docs[i].text, text);
}

/* Ends with "<suffix>". */
static void expect_source_suffix(const run *r, size_t i, const char *suffix)
{
    const char *s = r->docs[i].source;
    size_t n = strlen(s), m = strlen(suffix);
    ck_assert_msg(n >= m && strcmp(s + n - m, suffix) == 0, "source %s does not end in %s", s,
                  suffix);
}

static const char *fixture(const char *name)
{
    static char buf[4096];
    snprintf(buf, sizeof buf, "%s/%s", tu_source_path("tests/fixtures/corpus"), name);
    return buf;
}

static char *temp_file(const char *dir, const char *name, const char *data, size_t len)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = malloc(n);
    ck_assert_ptr_nonnull(p);
    snprintf(p, n, "%s/%s", dir, name);
    ck_assert_int_eq(tu_write_file(p, data, len), 0);
    return p;
}

#define TEMP_FILE(dir, name, lit) temp_file(dir, name, lit, sizeof lit - 1)

/* ---------------------------------------------------------------- names */

START_TEST(format_names_round_trip)
{
    for (int f = PRECIS_FORMAT_AUTO; f <= PRECIS_FORMAT_JSONL; f++)
        ck_assert_int_eq(precis_format_parse(precis_format_name((precis_format)f)), f);
    ck_assert_int_eq(precis_format_parse("CSV"), PRECIS_FORMAT_CSV);
    ck_assert_int_eq(precis_format_parse("fastText"), PRECIS_FORMAT_FASTTEXT);
    ck_assert_int_eq(precis_format_parse("xml"), -1);
    ck_assert_int_eq(precis_format_parse(NULL), -1);
    ck_assert_str_eq(precis_format_name(PRECIS_FORMAT_DIR), "dir");
}
END_TEST

START_TEST(defaults)
{
    precis_reader_options o;
    precis_reader_options_default(&o);
    ck_assert_int_eq(o.format, PRECIS_FORMAT_AUTO);
    ck_assert_int_eq(o.csv_label_column, 1);
    ck_assert_int_eq(o.csv_n_text_columns, 1);
    ck_assert_int_eq(o.csv_text_columns[0], 2);
    ck_assert_int_eq(o.strict, 0);
    ck_assert_uint_eq(o.max_doc_bytes, PRECIS_DEFAULT_MAX_DOC_BYTES);
}
END_TEST

/* ---------------------------------------------------------------- TSV */

START_TEST(tsv_good)
{
    run *r = run_new();
    precis_reader_options o;
    options(&o, PRECIS_FORMAT_TSV, r);
    read_all(fixture("good.tsv"), &o, r);
    ck_assert_int_eq(r->open_rc, PRECIS_OK);
    ck_assert_int_eq(r->last, 0);
    ck_assert_uint_eq(r->n, 5);
    expect_doc(r, 0, "sport", "The match ended in a draw.");
    expect_doc(r, 1, "politics", "Parliament met today\tand voted.");
    expect_doc(r, 2, "tech", "");
    expect_doc(r, 3, "sport", "Goal! \"Quoted\" text, with commas\\and a backslash");
    expect_doc(r, 4, "caf\xc3\xa9", "Unicode label");
    expect_source_suffix(r, 0, "good.tsv:1");
    expect_source_suffix(r, 2, "good.tsv:5");
    expect_source_suffix(r, 4, "good.tsv:7");
    ck_assert_uint_eq(r->skipped, 0);
    ck_assert_int_eq(r->n_warn, 0);
    run_free(r);
    free(r);
}
END_TEST

START_TEST(tsv_malformed_and_crlf)
{
    char *dir = tu_temp_dir();
    char *p = TEMP_FILE(dir, "bad.tsv", "a\tx\r\nno tab here\r\n\tempty label\r\nb\ty\0z\r\n");
    run *r = run_new();
    precis_reader_options o;
    options(&o, PRECIS_FORMAT_TSV, r);
    read_all(p, &o, r);
    ck_assert_int_eq(r->last, 0);
    ck_assert_uint_eq(r->n, 2);
    expect_doc(r, 0, "a", "x");
    ck_assert_str_eq(r->docs[1].label, "b");
    ck_assert_uint_eq(r->docs[1].len, 3); /* the NUL does not cut the text */
    ck_assert_mem_eq(r->docs[1].text, "y\0z", 3);
    ck_assert_uint_eq(r->skipped, 2);
    ck_assert_int_eq(r->n_warn, 2);
    ck_assert_ptr_nonnull(strstr(r->warnings, "bad.tsv:2|no TAB"));
    ck_assert_ptr_nonnull(strstr(r->warnings, "bad.tsv:3|empty label"));
    run_free(r);
    free(r);
    free(p);
    tu_remove_tree(dir);
    free(dir);
}
END_TEST

START_TEST(tsv_strict_fails)
{
    char *dir = tu_temp_dir();
    char *p = TEMP_FILE(dir, "bad.tsv", "a\tx\nno tab here\nb\ty\n");
    run *r = run_new();
    precis_reader_options o;
    options(&o, PRECIS_FORMAT_TSV, r);
    o.strict = 1;
    read_all(p, &o, r);
    ck_assert_uint_eq(r->n, 1);
    ck_assert_int_eq(r->last, -PRECIS_ERR_FORMAT);
    ck_assert_int_eq(r->err.code, PRECIS_ERR_FORMAT);
    ck_assert_ptr_nonnull(strstr(r->err.message, "bad.tsv:2: no TAB"));
    ck_assert_int_eq(r->n_warn, 0);
    run_free(r);
    free(r);
    free(p);
    tu_remove_tree(dir);
    free(dir);
}
END_TEST

/* ---------------------------------------------------------------- CSV */

START_TEST(csv_good_with_header)
{
    run *r = run_new();
    precis_reader_options o;
    options(&o, PRECIS_FORMAT_CSV, r);
    o.csv_header = 1;
    read_all(fixture("good.csv"), &o, r);
    ck_assert_int_eq(r->open_rc, PRECIS_OK);
    ck_assert_int_eq(r->last, 0);
    ck_assert_uint_eq(r->n, 5);
    expect_doc(r, 0, "sport", "He said \"hello\", then left.");
    expect_doc(r, 1, "politics", "Line one\nline two");
    expect_doc(r, 2, "tech", "C:\\path\\to\\file");
    expect_doc(r, 3, "business", "plain text");
    expect_doc(r, 4, "quoted label", "");
    expect_source_suffix(r, 0, "good.csv:2");
    expect_source_suffix(r, 1, "good.csv:3");
    expect_source_suffix(r, 2, "good.csv:5");
    expect_source_suffix(r, 4, "good.csv:8");
    ck_assert_uint_eq(r->skipped, 0);
    ck_assert_int_eq(r->n_warn, 0);
    run_free(r);
    free(r);
}
END_TEST

START_TEST(csv_header_is_a_record_without_the_option)
{
    run *r = run_new();
    precis_reader_options o;
    options(&o, PRECIS_FORMAT_CSV, r);
    read_all(fixture("good.csv"), &o, r);
    ck_assert_uint_eq(r->n, 6);
    expect_doc(r, 0, "label", "text");
    run_free(r);
    free(r);
}
END_TEST

START_TEST(csv_multiple_text_columns)
{
    run *r = run_new();
    precis_reader_options o;
    options(&o, PRECIS_FORMAT_CSV, r);
    o.csv_header = 1;
    o.csv_label_column = 3;
    o.csv_text_columns[0] = 3;
    o.csv_text_columns[1] = 1;
    o.csv_text_columns[2] = 2;
    o.csv_n_text_columns = 3;
    read_all(fixture("good.csv"), &o, r);
    ck_assert_uint_eq(r->n, 5);
    expect_doc(r, 0, "t1", "t1 sport He said \"hello\", then left.");
    expect_doc(r, 1, "t2", "t2 politics Line one\nline two");
    expect_doc(r, 3, "t4", "t4  business  plain text");
    expect_doc(r, 4, "t5", "t5 quoted label ");
    run_free(r);
    free(r);
}
END_TEST

START_TEST(csv_crlf_nul_and_lenient_quotes)
{
    char *dir = tu_temp_dir();
    char *p = TEMP_FILE(dir, "crlf.csv",
                        "a,\"x\r\ny\"\r\n\r\nb,z\r\nc,\"ab\"cd,e\r\nd,q\"uote\r\nf,n\0ul\r\n"
                        "g,\"ab\"x\r\n");
    run *r = run_new();
    precis_reader_options o;
    options(&o, PRECIS_FORMAT_CSV, r);
    read_all(p, &o, r);
    ck_assert_int_eq(r->last, 0);
    ck_assert_uint_eq(r->n, 6);
    expect_doc(r, 0, "a", "x\r\ny"); /* inside quotes the CR is data */
    expect_doc(r, 1, "b", "z");
    expect_doc(r, 2, "c", "abcd");   /* text after a closing quote is kept */
    expect_doc(r, 3, "d", "q\"uote");
    ck_assert_str_eq(r->docs[4].label, "f");
    ck_assert_uint_eq(r->docs[4].len, 4);
    ck_assert_mem_eq(r->docs[4].text, "n\0ul", 4);
    expect_doc(r, 5, "g", "abx");
    expect_source_suffix(r, 1, "crlf.csv:4");
    ck_assert_int_eq(r->n_warn, 1); /* once per file */
    ck_assert_ptr_nonnull(strstr(r->warnings, "crlf.csv:5|text after a closing quote"));
    ck_assert_uint_eq(r->skipped, 0);
    run_free(r);
    free(r);
    free(p);
    tu_remove_tree(dir);
    free(dir);
}
END_TEST

START_TEST(csv_unbalanced_quote_at_end)
{
    char *dir = tu_temp_dir();
    char *p = TEMP_FILE(dir, "open.csv", "a,ok\nb,\"never closed\nc,more\n");
    run *r = run_new();
    precis_reader_options o;
    options(&o, PRECIS_FORMAT_CSV, r);
    read_all(p, &o, r);
    ck_assert_int_eq(r->last, 0);
    ck_assert_uint_eq(r->n, 1);
    expect_doc(r, 0, "a", "ok");
    ck_assert_uint_eq(r->skipped, 1);
    ck_assert_ptr_nonnull(strstr(r->warnings, "open.csv:2|unbalanced quote"));

    run *s = run_new();
    options(&o, PRECIS_FORMAT_CSV, s);
    o.strict = 1;
    read_all(p, &o, s);
    ck_assert_uint_eq(s->n, 1);
    ck_assert_int_eq(s->last, -PRECIS_ERR_FORMAT);
    ck_assert_ptr_nonnull(strstr(s->err.message, "open.csv:2: unbalanced quote"));
    run_free(r);
    run_free(s);
    free(r);
    free(s);
    free(p);
    tu_remove_tree(dir);
    free(dir);
}
END_TEST

START_TEST(csv_too_few_columns)
{
    char *dir = tu_temp_dir();
    char *p = TEMP_FILE(dir, "few.csv", "a,ok\njustone\n\"\",empty label\nc,fine\n");
    run *r = run_new();
    precis_reader_options o;
    options(&o, PRECIS_FORMAT_CSV, r);
    read_all(p, &o, r);
    ck_assert_uint_eq(r->n, 2);
    expect_doc(r, 0, "a", "ok");
    expect_doc(r, 1, "c", "fine");
    ck_assert_uint_eq(r->skipped, 2);
    ck_assert_ptr_nonnull(strstr(r->warnings, "few.csv:2|too few columns"));
    ck_assert_ptr_nonnull(strstr(r->warnings, "few.csv:3|empty label"));
    run_free(r);
    free(r);
    free(p);
    tu_remove_tree(dir);
    free(dir);
}
END_TEST

START_TEST(csv_bad_options)
{
    run *r = run_new();
    precis_reader_options o;
    options(&o, PRECIS_FORMAT_CSV, r);
    o.csv_label_column = 0;
    read_all(fixture("good.csv"), &o, r);
    ck_assert_int_eq(r->open_rc, PRECIS_ERR_ARG);
    options(&o, PRECIS_FORMAT_CSV, r);
    o.csv_text_columns[0] = -3;
    read_all(fixture("good.csv"), &o, r);
    ck_assert_int_eq(r->open_rc, PRECIS_ERR_ARG);
    options(&o, PRECIS_FORMAT_CSV, r);
    o.csv_n_text_columns = PRECIS_MAX_TEXT_COLUMNS + 1;
    read_all(fixture("good.csv"), &o, r);
    ck_assert_int_eq(r->open_rc, PRECIS_ERR_ARG);
    free(r);
}
END_TEST

/* ---------------------------------------------------------------- fastText */

START_TEST(fasttext_good)
{
    run *r = run_new();
    precis_reader_options o;
    options(&o, PRECIS_FORMAT_FASTTEXT, r);
    read_all(fixture("good.ft"), &o, r);
    ck_assert_int_eq(r->last, 0);
    ck_assert_uint_eq(r->n, 4);
    expect_doc(r, 0, "sport", "The match ended.");
    expect_doc(r, 1, "tech", "New chip released.");
    expect_doc(r, 2, "politics", "Tabbed text");
    expect_doc(r, 3, "caf\xc3\xa9", "Unicode text");
    expect_source_suffix(r, 2, "good.ft:4");
    ck_assert_int_eq(r->n_warn, 1);
    ck_assert_ptr_nonnull(strstr(r->warnings, "good.ft:2|extra labels ignored"));
    ck_assert_uint_eq(r->skipped, 0);
    run_free(r);
    free(r);
}
END_TEST

START_TEST(fasttext_without_label)
{
    char *dir = tu_temp_dir();
    char *p = TEMP_FILE(dir, "bad.ft",
                        "__label__a one\nno label here\n__label__ nothing\n__label__b two\n");
    run *r = run_new();
    precis_reader_options o;
    options(&o, PRECIS_FORMAT_FASTTEXT, r);
    read_all(p, &o, r);
    ck_assert_uint_eq(r->n, 2);
    expect_doc(r, 0, "a", "one");
    expect_doc(r, 1, "b", "two");
    ck_assert_uint_eq(r->skipped, 2);
    ck_assert_ptr_nonnull(strstr(r->warnings, "bad.ft:2|no __label__ prefix"));
    ck_assert_ptr_nonnull(strstr(r->warnings, "bad.ft:3|empty label"));
    run_free(r);
    free(r);
    free(p);
    tu_remove_tree(dir);
    free(dir);
}
END_TEST

/* ---------------------------------------------------------------- JSONL */

START_TEST(jsonl_good)
{
    run *r = run_new();
    precis_reader_options o;
    options(&o, PRECIS_FORMAT_JSONL, r);
    read_all(fixture("good.jsonl"), &o, r);
    ck_assert_int_eq(r->last, 0);
    ck_assert_uint_eq(r->n, 5);
    expect_doc(r, 0, "sport", "The match ended.");
    expect_doc(r, 1, "3", "numeric label");
    expect_doc(r, 2, "tech", "order does not matter");
    ck_assert_str_eq(r->docs[3].label, "nul");
    ck_assert_uint_eq(r->docs[3].len, 3);
    ck_assert_mem_eq(r->docs[3].text, "a\0b", 3);
    expect_doc(r, 4, "2.5", "real label");
    expect_source_suffix(r, 2, "good.jsonl:4");
    ck_assert_uint_eq(r->skipped, 0);
    ck_assert_int_eq(r->n_warn, 0);
    run_free(r);
    free(r);
}
END_TEST

START_TEST(jsonl_malformed)
{
    char *dir = tu_temp_dir();
    char *p = TEMP_FILE(dir, "bad.jsonl",
                        "not json\n[1,2]\n{\"label\":\"x\"}\n{\"label\":true,\"text\":\"t\"}\n"
                        "{\"label\":\"ok\",\"text\":\"fine\"}\n{\"label\":\"a\\u0000b\",\"text\":\"t\"}\n"
                        "{\"label\":\"y\",\"text\":7}\n");
    run *r = run_new();
    precis_reader_options o;
    options(&o, PRECIS_FORMAT_JSONL, r);
    read_all(p, &o, r);
    ck_assert_int_eq(r->last, 0);
    ck_assert_uint_eq(r->n, 1);
    expect_doc(r, 0, "ok", "fine");
    ck_assert_uint_eq(r->skipped, 6);
    ck_assert_ptr_nonnull(strstr(r->warnings, "bad.jsonl:1 (byte "));
    ck_assert_ptr_nonnull(strstr(r->warnings, "bad.jsonl:2|not a JSON object"));
    ck_assert_ptr_nonnull(strstr(r->warnings, "bad.jsonl:3|no \"text\" field"));
    ck_assert_ptr_nonnull(strstr(r->warnings, "bad.jsonl:4|\"label\" is neither"));
    ck_assert_ptr_nonnull(strstr(r->warnings, "bad.jsonl:6|NUL byte in label"));
    ck_assert_ptr_nonnull(strstr(r->warnings, "bad.jsonl:7|\"text\" is not a string"));
    run_free(r);
    free(r);
    free(p);
    tu_remove_tree(dir);
    free(dir);
}
END_TEST

START_TEST(jsonl_byte_offset_points_into_the_line)
{
    char *dir = tu_temp_dir();
    /* Line 3 starts at byte 27; the garbage follows '{"label":'. */
    char *p = TEMP_FILE(dir, "x.jsonl", "{\"label\":\"a\",\"text\":\"b\"}\n\n{\"label\":@}\n");
    run *r = run_new();
    precis_reader_options o;
    options(&o, PRECIS_FORMAT_JSONL, r);
    o.strict = 1;
    read_all(p, &o, r);
    ck_assert_int_eq(r->last, -PRECIS_ERR_FORMAT);
    const char *b = strstr(r->err.message, "x.jsonl:3 (byte ");
    ck_assert_msg(b != NULL, "%s", r->err.message);
    long byte = strtol(b + strlen("x.jsonl:3 (byte "), NULL, 10);
    ck_assert_int_ge(byte, 27 + 9); /* at or just past the '@' */
    ck_assert_int_le(byte, 27 + 11);
    run_free(r);
    free(r);
    free(p);
    tu_remove_tree(dir);
    free(dir);
}
END_TEST

/* ---------------------------------------------------------------- DIR */

START_TEST(dir_fixture)
{
    run *r = run_new();
    precis_reader_options o;
    options(&o, PRECIS_FORMAT_AUTO, r);
    read_all(fixture("dir"), &o, r);
    ck_assert_int_eq(r->open_rc, PRECIS_OK);
    ck_assert_int_eq(r->format, PRECIS_FORMAT_DIR);
    ck_assert_int_eq(r->last, 0);
    ck_assert_uint_eq(r->n, 5);
    expect_doc(r, 0, "politics", "A politics story.\n");
    expect_doc(r, 1, "politics", "Deeper politics.\n");
    expect_doc(r, 2, "sport", "First sport story.\n");
    expect_doc(r, 3, "sport", "Second sport story.\n");
    expect_doc(r, 4, "tech", "No extension.\n");
    expect_source_suffix(r, 0, "/dir/politics/file with spaces");
    expect_source_suffix(r, 1, "/dir/politics/sub/deep.txt");
    expect_source_suffix(r, 4, "/dir/tech/noext");
    ck_assert_int_eq(r->n_warn, 1); /* README at the top */
    ck_assert_ptr_nonnull(strstr(r->warnings, "/dir/README|file outside any label folder"));
    ck_assert_uint_eq(r->skipped, 0);
    run_free(r);
    free(r);
}
END_TEST

static char *join(const char *a, const char *b)
{
    size_t n = strlen(a) + strlen(b) + 2;
    char *p = malloc(n);
    ck_assert_ptr_nonnull(p);
    snprintf(p, n, "%s/%s", a, b);
    return p;
}

static void make_dirs(const char *root, const char *rel)
{
    char *p = join(root, rel);
    ck_assert_int_eq(mkdir(p, 0755), 0);
    free(p);
}

static void write_rel(const char *root, const char *rel, const void *data, size_t len)
{
    char *p = join(root, rel);
    ck_assert_int_eq(tu_write_file(p, data, len), 0);
    free(p);
}

static void symlink_rel(const char *target, const char *root, const char *rel)
{
    char *p = join(root, rel);
    ck_assert_int_eq(symlink(target, p), 0);
    free(p);
}

START_TEST(dir_oddities)
{
    char *root = tu_temp_dir();
    make_dirs(root, "alpha");
    make_dirs(root, "beta");
    make_dirs(root, "beta/sub");
    make_dirs(root, "beta/sub/deeper");
    make_dirs(root, " gamma ");
    write_rel(root, "alpha/empty", "", 0);
    unsigned char bin[1000];
    srand(7);
    for (size_t i = 0; i < sizeof bin; i++)
        bin[i] = (unsigned char)(i % 10 == 0 ? 0 : rand());
    write_rel(root, "alpha/binary.bin", bin, sizeof bin);
    write_rel(root, "alpha/.hidden", "secret", 6);
    write_rel(root, "alpha/name with spaces.txt", "spaced", 6);
    char big[3000];
    memset(big, 'x', sizeof big);
    write_rel(root, "alpha/big.txt", big, sizeof big);
    symlink_rel(".", root, "alpha/loop");
    symlink_rel("selflink", root, "alpha/selflink");
    symlink_rel("does-not-exist", root, "alpha/dangling");
    char *fifo = join(root, "alpha/fifo");
    ck_assert_int_eq(mkfifo(fifo, 0644), 0);
    write_rel(root, "beta/sub/deeper/file.txt", "deep", 4);
    symlink_rel("../..", root, "beta/sub/up");
    write_rel(root, "top.txt", "top", 3);
    write_rel(root, " gamma /g.txt", "g", 1);

    run *r = run_new();
    precis_reader_options o;
    options(&o, PRECIS_FORMAT_DIR, r);
    o.max_doc_bytes = 2000;
    read_all(root, &o, r);
    ck_assert_int_eq(r->open_rc, PRECIS_OK);
    ck_assert_int_eq(r->last, 0);
    /* " gamma " sorts first (space < 'a'). */
    ck_assert_msg(r->n == 4, "%zu docs; warnings:\n%s", r->n, r->warnings);
    expect_doc(r, 0, "gamma", "g");
    expect_doc(r, 1, "alpha", "");
    expect_doc(r, 2, "alpha", "spaced");
    expect_source_suffix(r, 2, "/alpha/name with spaces.txt");
    expect_doc(r, 3, "beta", "deep");
    ck_assert_uint_eq(r->skipped, 3); /* big.txt, binary.bin, dangling */
    ck_assert_ptr_nonnull(strstr(r->warnings, "/alpha/binary.bin|binary data, not text"));
    ck_assert_ptr_nonnull(strstr(r->warnings, "/alpha/big.txt|file larger than 2000 bytes"));
    ck_assert_ptr_nonnull(strstr(r->warnings, "/alpha/dangling|cannot read"));
    ck_assert_ptr_nonnull(strstr(r->warnings, "/alpha/fifo|not a regular file"));
    ck_assert_ptr_nonnull(strstr(r->warnings, "/alpha/loop|symbolic link loop"));
    ck_assert_ptr_nonnull(strstr(r->warnings, "/alpha/selflink|symbolic link loop"));
    ck_assert_ptr_nonnull(strstr(r->warnings, "/beta/sub/up|symbolic link loop"));
    ck_assert_ptr_nonnull(strstr(r->warnings, "/top.txt|file outside any label folder"));
    ck_assert_ptr_null(strstr(r->warnings, "hidden"));
    ck_assert_int_eq(r->n_warn, 8);

    /* Strict: the too-large file is fatal. */
    run *s = run_new();
    options(&o, PRECIS_FORMAT_DIR, s);
    o.max_doc_bytes = 2000;
    o.strict = 1;
    read_all(root, &o, s);
    ck_assert_uint_eq(s->n, 1); /* gamma/g.txt, then alpha/big.txt fails */
    ck_assert_int_eq(s->last, -PRECIS_ERR_LIMIT);
    ck_assert_ptr_nonnull(strstr(s->err.message, "/alpha/big.txt: file larger than 2000 bytes"));

    run_free(r);
    run_free(s);
    free(r);
    free(s);
    free(fifo);
    tu_remove_tree(root);
    free(root);
}
END_TEST

/* Reads dir as user nobody when we are root, so permissions bite. Returns
 * documents read * 10 + skipped (the child's exit status), or 253-255 when
 * the child could not read or drop privileges. */
static int count_as_unprivileged(const char *dir)
{
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        if (geteuid() == 0 && (setgid(65534) != 0 || setuid(65534) != 0))
            _exit(255);
        precis_reader_options o;
        precis_reader_options_default(&o);
        precis_reader *rd;
        if (precis_reader_open(&rd, dir, &o, NULL) != PRECIS_OK)
            _exit(254);
        precis_document d;
        int n = 0, rc;
        while ((rc = precis_reader_next(rd, &d, NULL)) == 1)
            n++;
        int code = rc == 0 ? n * 10 + (int)precis_reader_skipped(rd) : 253;
        precis_reader_free(rd);
        _exit(code); /* _exit: no leak check as another user */
    }
    int status;
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_assert(WIFEXITED(status));
    return WEXITSTATUS(status);
}

START_TEST(dir_unreadable)
{
    char *root = tu_temp_dir();
    ck_assert_int_eq(chmod(root, 0755), 0);
    make_dirs(root, "a");
    make_dirs(root, "b");
    make_dirs(root, "b/locked");
    write_rel(root, "a/ok.txt", "ok", 2);
    write_rel(root, "a/secret.txt", "no", 2);
    write_rel(root, "b/locked/x.txt", "x", 1);
    write_rel(root, "b/open.txt", "open", 4);
    char *secret = join(root, "a/secret.txt");
    char *locked = join(root, "b/locked");
    ck_assert_int_eq(chmod(secret, 0), 0);
    ck_assert_int_eq(chmod(locked, 0), 0);
    /* 2 documents (ok.txt, open.txt); 2 skipped (secret.txt, locked/). */
    ck_assert_int_eq(count_as_unprivileged(root), 2 * 10 + 2);
    chmod(locked, 0755);
    free(secret);
    free(locked);
    tu_remove_tree(root);
    free(root);
}
END_TEST

START_TEST(dir_order_is_byte_order)
{
    char *root = tu_temp_dir();
    make_dirs(root, "lab");
    /* Created out of order; expected strcmp order: "B", "a", "b", "\xc3\xa9". */
    const char *names[] = {"b", "\xc3\xa9", "a", "B"};
    for (int i = 0; i < 4; i++) {
        char rel[32];
        snprintf(rel, sizeof rel, "lab/%s", names[i]);
        write_rel(root, rel, names[i], strlen(names[i]));
    }
    const char *expected[] = {"B", "a", "b", "\xc3\xa9"};
    for (int pass = 0; pass < 2; pass++) {
        run *r = run_new();
        precis_reader_options o;
        options(&o, PRECIS_FORMAT_DIR, r);
        read_all(root, &o, r);
        ck_assert_uint_eq(r->n, 4);
        for (int i = 0; i < 4; i++)
            expect_doc(r, (size_t)i, "lab", expected[i]);
        run_free(r);
        free(r);
    }
    tu_remove_tree(root);
    free(root);
}
END_TEST

/* Folders deeper than the reader holds open (it keeps the top 32 levels open
 * and goes by path below them): documents at every depth down to 40 are
 * read, in order, with their label, and no folder handle is left open. */
START_TEST(dir_deeper_than_held_folders)
{
    char *root = tu_temp_dir();
    char rel[512] = "lab";
    make_dirs(root, rel);
    for (int depth = 1; depth <= 40; depth++) {
        char file[600];
        snprintf(file, sizeof file, "%s/doc", rel);
        char text[32];
        snprintf(text, sizeof text, "depth%02d", depth);
        write_rel(root, file, text, strlen(text));
        strcat(rel, "/d");
        make_dirs(root, rel);
    }
    int probe = dup(0);
    run *r = run_new();
    precis_reader_options o;
    options(&o, PRECIS_FORMAT_DIR, r);
    read_all(root, &o, r);
    ck_assert_uint_eq(r->n, 40);
    ck_assert_uint_eq(r->skipped, 0);
    /* "d" sorts before "doc": the deepest document comes first */
    for (int i = 0; i < 40; i++) {
        char text[32];
        snprintf(text, sizeof text, "depth%02d", 40 - i);
        expect_doc(r, (size_t)i, "lab", text);
    }
    int after = dup(0);
    ck_assert_int_eq(after, probe + 1); /* no descriptor leaked */
    close(probe);
    close(after);
    run_free(r);
    free(r);
    tu_remove_tree(root);
    free(root);
}
END_TEST

/* ---------------------------------------------------------------- detection */

static precis_format detect(const char *path, int *open_rc, precis_error *err)
{
    precis_reader_options o;
    precis_reader_options_default(&o);
    precis_reader *rd = NULL;
    *open_rc = precis_reader_open(&rd, path, &o, err);
    precis_format f = rd ? precis_reader_format(rd) : PRECIS_FORMAT_AUTO;
    precis_reader_free(rd);
    return f;
}

START_TEST(auto_detection)
{
    char *dir = tu_temp_dir();
    static const struct {
        const char *name, *data;
        precis_format want;
    } cases[] = {
        {"a.tsv", "x,y\n", PRECIS_FORMAT_TSV},    /* the extension wins */
        {"a.CSV", "x\ty,z\n", PRECIS_FORMAT_CSV},
        {"a.jsonl", "", PRECIS_FORMAT_JSONL},
        {"a.ndjson", "", PRECIS_FORMAT_JSONL},
        {"a.json", "", PRECIS_FORMAT_JSONL},
        {"a.ft", "", PRECIS_FORMAT_FASTTEXT},
        {"a.fasttext", "", PRECIS_FORMAT_FASTTEXT},
        {"sniff1", "\n  \n__label__x text\n", PRECIS_FORMAT_FASTTEXT},
        {"sniff2", "\xef\xbb\xbf{\"label\":\"a\",\"text\":\"b\"}\n", PRECIS_FORMAT_JSONL},
        {"sniff3.txt", "label\ttext\n", PRECIS_FORMAT_TSV},
        {"sniff4", "\r\nlabel\ttext\r\n", PRECIS_FORMAT_TSV},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *p = temp_file(dir, cases[i].name, cases[i].data, strlen(cases[i].data));
        int rc;
        precis_error err = {0};
        ck_assert_msg(detect(p, &rc, &err) == cases[i].want, "%s", cases[i].name);
        ck_assert_int_eq(rc, PRECIS_OK);
        free(p);
    }
    int rc;
    precis_error err = {0};
    ck_assert_int_eq(detect(dir, &rc, &err), PRECIS_FORMAT_DIR);
    ck_assert_int_eq(rc, PRECIS_OK);

    char *p = TEMP_FILE(dir, "plain", "just some words\n");
    detect(p, &rc, &err);
    ck_assert_int_eq(rc, PRECIS_ERR_FORMAT);
    ck_assert_ptr_nonnull(strstr(err.message, p));
    ck_assert_ptr_nonnull(strstr(err.message, "--input-format"));
    free(p);
    p = TEMP_FILE(dir, "empty", "");
    detect(p, &rc, &err);
    ck_assert_int_eq(rc, PRECIS_ERR_FORMAT);
    free(p);
    char *missing = join(dir, "missing.tsv");
    detect(missing, &rc, &err);
    ck_assert_int_eq(rc, PRECIS_ERR_IO);
    free(missing);

    /* A directory named as a line format, and a file named as DIR. */
    precis_reader_options o;
    precis_reader_options_default(&o);
    o.format = PRECIS_FORMAT_TSV;
    precis_reader *rd = NULL;
    ck_assert_int_eq(precis_reader_open(&rd, dir, &o, &err), PRECIS_ERR_ARG);
    ck_assert_ptr_null(rd);
    o.format = PRECIS_FORMAT_DIR;
    ck_assert_int_eq(precis_reader_open(&rd, fixture("good.tsv"), &o, &err), PRECIS_ERR_ARG);
    tu_remove_tree(dir);
    free(dir);
}
END_TEST

START_TEST(bom_is_dropped)
{
    char *dir = tu_temp_dir();
    char *p = TEMP_FILE(dir, "bom.tsv", "\xef\xbb\xbfsport\ttext\n");
    run *r = run_new();
    precis_reader_options o;
    options(&o, PRECIS_FORMAT_AUTO, r);
    read_all(p, &o, r);
    ck_assert_uint_eq(r->n, 1);
    expect_doc(r, 0, "sport", "text");
    run_free(r);
    free(r);
    free(p);
    tu_remove_tree(dir);
    free(dir);
}
END_TEST

START_TEST(stdin_is_sniffed)
{
    char *dir = tu_temp_dir();
    char *p = TEMP_FILE(dir, "in", "__label__a first\n__label__b second\n");
    int fd = open(p, O_RDONLY);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(dup2(fd, STDIN_FILENO), STDIN_FILENO);
    close(fd);
    run *r = run_new();
    precis_reader_options o;
    options(&o, PRECIS_FORMAT_AUTO, r);
    read_all("-", &o, r);
    ck_assert_int_eq(r->open_rc, PRECIS_OK);
    ck_assert_int_eq(r->format, PRECIS_FORMAT_FASTTEXT);
    ck_assert_uint_eq(r->n, 2);
    expect_doc(r, 0, "a", "first");
    expect_doc(r, 1, "b", "second");
    ck_assert_str_eq(r->docs[1].source, "<stdin>:2");
    run_free(r);
    free(r);
    free(p);
    tu_remove_tree(dir);
    free(dir);
}
END_TEST

/* ---------------------------------------------------------------- sizes */

/* A TSV with a line of `big` bytes between two small records. */
static char *tsv_with_long_line(const char *dir, size_t big)
{
    size_t n = big + 64;
    char *data = malloc(n);
    ck_assert_ptr_nonnull(data);
    size_t len = 0;
    len += (size_t)sprintf(data + len, "a\tfirst\nlong\t");
    memset(data + len, 'w', big);
    len += big;
    len += (size_t)sprintf(data + len, "\nb\tlast\n");
    char *p = temp_file(dir, "long.tsv", data, len);
    free(data);
    return p;
}

START_TEST(long_lines_are_streamed_and_skipped)
{
    char *dir = tu_temp_dir();
    size_t big = 3 * PX_CHUNK_BYTES + 17; /* spans several input chunks */
    char *p = tsv_with_long_line(dir, big);

    run *r = run_new();
    precis_reader_options o;
    options(&o, PRECIS_FORMAT_TSV, r);
    read_all(p, &o, r); /* default limit: the long line is a document */
    ck_assert_uint_eq(r->n, 3);
    ck_assert_str_eq(r->docs[1].label, "long");
    ck_assert_uint_eq(r->docs[1].len, big);
    ck_assert_int_eq(r->docs[1].text[big - 1], 'w');
    run_free(r);
    free(r);

    r = run_new();
    options(&o, PRECIS_FORMAT_TSV, r);
    o.max_doc_bytes = 1000;
    precis_reader *rd;
    ck_assert_int_eq(precis_reader_open(&rd, p, &o, NULL), PRECIS_OK);
    precis_document d;
    ck_assert_int_eq(precis_reader_next(rd, &d, NULL), 1);
    ck_assert_str_eq(d.label, "a");
    ck_assert_int_eq(precis_reader_next(rd, &d, NULL), 1);
    ck_assert_str_eq(d.label, "b");
    ck_assert_str_eq(d.text, "last");
    ck_assert_int_eq(precis_reader_next(rd, &d, NULL), 0);
    ck_assert_uint_eq(precis_reader_skipped(rd), 1);
    ck_assert_uint_le(rd->line.cap, o.max_doc_bytes + 1); /* never held the long line */
    precis_reader_free(rd);
    ck_assert_ptr_nonnull(strstr(r->warnings, "long.tsv:2|record longer than 1000 bytes"));

    options(&o, PRECIS_FORMAT_TSV, r);
    o.max_doc_bytes = 1000;
    o.strict = 1;
    run *s = run_new();
    o.warn_ctx = s;
    read_all(p, &o, s);
    ck_assert_int_eq(s->last, -PRECIS_ERR_LIMIT);
    ck_assert_ptr_nonnull(strstr(s->err.message, "long.tsv:2: record longer"));
    run_free(r);
    run_free(s);
    free(r);
    free(s);
    free(p);
    tu_remove_tree(dir);
    free(dir);
}
END_TEST

START_TEST(csv_long_field_is_skipped)
{
    char *dir = tu_temp_dir();
    size_t big = 2 * PX_CHUNK_BYTES;
    char *data = malloc(big + 64);
    ck_assert_ptr_nonnull(data);
    size_t len = (size_t)sprintf(data, "a,first\nlong,\"");
    memset(data + len, 'w', big);
    len += big;
    len += (size_t)sprintf(data + len, "\nstill quoted,\"\nb,last\n");
    char *p = temp_file(dir, "long.csv", data, len);
    free(data);
    run *r = run_new();
    precis_reader_options o;
    options(&o, PRECIS_FORMAT_CSV, r);
    o.max_doc_bytes = 500;
    precis_reader *rd;
    ck_assert_int_eq(precis_reader_open(&rd, p, &o, NULL), PRECIS_OK);
    precis_document d;
    ck_assert_int_eq(precis_reader_next(rd, &d, NULL), 1);
    ck_assert_str_eq(d.label, "a");
    ck_assert_int_eq(precis_reader_next(rd, &d, NULL), 1);
    ck_assert_str_eq(d.label, "b");
    ck_assert_str_eq(d.source + strlen(d.source) - 2, ":4");
    ck_assert_int_eq(precis_reader_next(rd, &d, NULL), 0);
    ck_assert_uint_eq(precis_reader_skipped(rd), 1);
    ck_assert_uint_le(rd->line.cap, o.max_doc_bytes + 8);
    precis_reader_free(rd);
    ck_assert_ptr_nonnull(strstr(r->warnings, "long.csv:2|record longer than 500 bytes"));
    free(r);
    free(p);
    tu_remove_tree(dir);
    free(dir);
}
END_TEST

/* ---------------------------------------------------------------- failures */

/* Opens and reads path with every allocation from the k-th on failing;
 * returns the status seen (PRECIS_OK if the whole corpus was read). */
static int read_with_failure(const char *path, precis_format f, long k, size_t *n_docs,
                             long *n_allocs)
{
    precis_reader_options o;
    precis_reader_options_default(&o);
    o.format = f;
    o.csv_header = f == PRECIS_FORMAT_CSV;
    precis_error err = {0};
    precis_reader *rd = NULL;
    *n_docs = 0;
    px_alloc_fail_after(k, 1);
    int rc = precis_reader_open(&rd, path, &o, &err);
    if (rc == PRECIS_OK) {
        precis_document d;
        int got;
        while ((got = precis_reader_next(rd, &d, &err)) == 1)
            (*n_docs)++;
        rc = -got;
    }
    precis_reader_free(rd);
    *n_allocs = px_alloc_count();
    px_alloc_fail_after(0, 0);
    if (rc != PRECIS_OK)
        ck_assert_int_eq(err.code, rc);
    return rc;
}

static void sweep_allocation_failures(const char *path, precis_format f, size_t want_docs)
{
    size_t n;
    long total, allocs;
    ck_assert_int_eq(read_with_failure(path, f, 0, &n, &total), PRECIS_OK);
    ck_assert_uint_eq(n, want_docs);
    ck_assert_int_gt(total, 0);
    int failures = 0;
    for (long k = 1; k <= total + 1; k++) {
        int rc = read_with_failure(path, f, k, &n, &allocs);
        ck_assert_msg(rc == PRECIS_OK || rc == PRECIS_ERR_NOMEM, "k=%ld: status %d", k, rc);
        if (rc == PRECIS_OK)
            ck_assert_uint_eq(n, want_docs);
        else
            failures++;
    }
    ck_assert_int_eq(failures, total); /* every allocation's failure was seen */
}

START_TEST(allocation_failures_csv)
{
    sweep_allocation_failures(fixture("good.csv"), PRECIS_FORMAT_CSV, 5);
}
END_TEST

START_TEST(allocation_failures_dir)
{
    sweep_allocation_failures(fixture("dir"), PRECIS_FORMAT_DIR, 5);
}
END_TEST

START_TEST(allocation_failures_lines)
{
    sweep_allocation_failures(fixture("good.tsv"), PRECIS_FORMAT_TSV, 5);
    sweep_allocation_failures(fixture("good.ft"), PRECIS_FORMAT_FASTTEXT, 4);
    sweep_allocation_failures(fixture("good.jsonl"), PRECIS_FORMAT_JSONL, 5);
}
END_TEST

/* ---------------------------------------------------------------- data sets */

static void count_dataset(const char *sub, size_t want_docs, size_t want_labels)
{
    const char *path = tu_dataset(sub);
    if (!path)
        return;
    precis_reader_options o;
    precis_reader_options_default(&o);
    precis_reader *rd;
    precis_error err;
    ck_assert_int_eq(precis_reader_open(&rd, path, &o, &err), PRECIS_OK);
    ck_assert_int_eq(precis_reader_format(rd), PRECIS_FORMAT_DIR);
    precis_document d;
    size_t n = 0, labels = 0;
    char last[256] = "";
    int rc;
    while ((rc = precis_reader_next(rd, &d, &err)) == 1) {
        n++;
        if (strcmp(d.label, last) != 0) { /* labels arrive grouped, in order */
            ck_assert_int_gt(strcmp(d.label, last), 0);
            snprintf(last, sizeof last, "%s", d.label);
            labels++;
        }
    }
    ck_assert_int_eq(rc, 0);
    ck_assert_uint_eq(n, want_docs);
    ck_assert_uint_eq(labels, want_labels);
    ck_assert_uint_eq(precis_reader_skipped(rd), 0);
    precis_reader_free(rd);
}

START_TEST(datasets_as_dir_corpora)
{
    /* Counts from the data sets' PROVENANCE.txt. */
    count_dataset("20news-bydate/20news-bydate-train", 11314, 20);
    count_dataset("20news-bydate/20news-bydate-test", 7532, 20);
    count_dataset("bbc-news-summary/News Articles", 2225, 5);
}
END_TEST

/* A literal and its length, which may hold NUL bytes: counted by the compiler. */
#define BYTES(literal) literal, sizeof literal - 1

/* Files that are not text are skipped, each with the fix named; text with
 * Windows-1252 bytes, a few control bytes or terminal colours is kept. */
START_TEST(dir_skips_binary_files)
{
    static const struct {
        const char *name;
        const char *bytes;
        size_t len;
        const char *why;
    } files[] = {
        {"a.pdf", BYTES("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< >>\nendobj\n"), "PDF document"},
        {"b.png", BYTES("\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), "PNG image"},
        {"c.jpg", BYTES("\xff\xd8\xff\xe0\0\x10JFIF\0"), "JPEG image"},
        {"d.zip", BYTES("PK\x03\x04\x14\0\0\0\x08\0"), "ZIP archive"},
        {"e.gz", BYTES("\x1f\x8b\x08\0\0\0\0\0\0\x03"), "gunzip"},
        {"f.model", BYTES("\x89PRC\r\n\x1a\n\x01\0\0\0"), "did you mean -m?"},
        {"g.txt", BYTES("T\0h\0e\0 \0v\0o\0t\0e\0 \0w\0a\0s\0 \0c\0l\0o\0s\0e\0.\0"),
         "UTF-16LE"},
        {"h.txt", BYTES("\0T\0h\0e\0 \0v\0o\0t\0e\0 \0w\0a\0s\0 \0c\0l\0o\0s\0e\0."),
         "UTF-16BE"},
        {"i.bin", BYTES("\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f"), "binary data"},
    };
    static const char *const kept[] = {
        "Caf\xe9 prices rose by 3\x80 \x93today\x94.",        /* Windows-1252 */
        "A line\x0c with a form feed and a \x01 stray byte in a long sentence.",
        "\x1b[1mBold\x1b[0m captured from a terminal.",
        "BZh is how this one starts, not a bzip2 file.",
    };
    char *root = tu_temp_dir();
    make_dirs(root, "label");
    char name[64];
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        snprintf(name, sizeof name, "label/%s", files[i].name);
        write_rel(root, name, files[i].bytes, files[i].len);
    }
    for (size_t i = 0; i < sizeof kept / sizeof kept[0]; i++) {
        snprintf(name, sizeof name, "label/z%zu.txt", i);
        write_rel(root, name, kept[i], strlen(kept[i]));
    }
    run *r = run_new();
    precis_reader_options o;
    options(&o, PRECIS_FORMAT_DIR, r);
    read_all(root, &o, r);
    ck_assert_int_eq(r->last, 0);
    ck_assert_msg(r->n == 4, "%zu docs; warnings:\n%s", r->n, r->warnings);
    for (size_t i = 0; i < 4; i++)
        expect_doc(r, i, "label", kept[i]);
    ck_assert_uint_eq(r->skipped, sizeof files / sizeof files[0]);
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char want[128];
        snprintf(want, sizeof want, "/label/%s|", files[i].name);
        const char *line = strstr(r->warnings, want);
        ck_assert_msg(line != NULL, "no warning for %s in:\n%s", files[i].name, r->warnings);
        const char *end = strchr(line, '\n');
        ck_assert_msg(strstr(line, files[i].why) && strstr(line, files[i].why) < end,
                      "%s: expected \"%s\" in:\n%s", files[i].name, files[i].why, r->warnings);
    }
    run_free(r);
    free(r);

    /* A gzip named as a TSV corpus is refused at once, not read as records. */
    write_rel(root, "news.tsv", files[4].bytes, files[4].len);
    char *tsv = join(root, "news.tsv");
    run *t = run_new();
    options(&o, PRECIS_FORMAT_AUTO, t);
    read_all(tsv, &o, t);
    ck_assert_int_eq(t->open_rc, PRECIS_ERR_FORMAT);
    ck_assert_ptr_nonnull(strstr(t->err.message, "news.tsv: gzip-compressed"));
    free(t);
    free(tsv);
    tu_remove_tree(root);
    free(root);
}
END_TEST

/* ---------------------------------------------------------------- suite */

static Suite *corpus_suite(void)
{
    Suite *s = suite_create("corpus");
    TCase *tc = tcase_create("formats");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, format_names_round_trip);
    tcase_add_test(tc, defaults);
    tcase_add_test(tc, tsv_good);
    tcase_add_test(tc, dir_skips_binary_files);
    tcase_add_test(tc, tsv_malformed_and_crlf);
    tcase_add_test(tc, tsv_strict_fails);
    tcase_add_test(tc, csv_good_with_header);
    tcase_add_test(tc, csv_header_is_a_record_without_the_option);
    tcase_add_test(tc, csv_multiple_text_columns);
    tcase_add_test(tc, csv_crlf_nul_and_lenient_quotes);
    tcase_add_test(tc, csv_unbalanced_quote_at_end);
    tcase_add_test(tc, csv_too_few_columns);
    tcase_add_test(tc, csv_bad_options);
    tcase_add_test(tc, fasttext_good);
    tcase_add_test(tc, fasttext_without_label);
    tcase_add_test(tc, jsonl_good);
    tcase_add_test(tc, jsonl_malformed);
    tcase_add_test(tc, jsonl_byte_offset_points_into_the_line);
    tcase_add_test(tc, auto_detection);
    tcase_add_test(tc, bom_is_dropped);
    tcase_add_test(tc, stdin_is_sniffed);
    tcase_add_test(tc, long_lines_are_streamed_and_skipped);
    tcase_add_test(tc, csv_long_field_is_skipped);
    suite_add_tcase(s, tc);

    TCase *dir = tcase_create("dir");
    tcase_set_timeout(dir, 20); /* a reader that opened the FIFO would hang */
    tcase_add_test(dir, dir_fixture);
    tcase_add_test(dir, dir_oddities);
    tcase_add_test(dir, dir_unreadable);
    tcase_add_test(dir, dir_order_is_byte_order);
    tcase_add_test(dir, dir_deeper_than_held_folders);
    suite_add_tcase(s, dir);

    TCase *fail = tcase_create("failures");
    tcase_set_timeout(fail, 300);
    tcase_add_test(fail, allocation_failures_csv);
    tcase_add_test(fail, allocation_failures_dir);
    tcase_add_test(fail, allocation_failures_lines);
    suite_add_tcase(s, fail);

    TCase *data = tcase_create("datasets");

    tcase_set_tags(data, "datasets");
    tcase_set_timeout(data, 300);
    tcase_add_test(data, datasets_as_dir_corpora);
    suite_add_tcase(s, data);
    return s;
}

int main(void)
{
    return tu_run(corpus_suite());
}
