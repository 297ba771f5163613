/*
 * test_tokenize.c — model/utf8.c and model/tokenize.c against CPython.
 *
 * Every expectation that is not obvious by eye comes from CPython through
 * tests/gen_tfidf_expected.py, which wrote tests/fixtures/tokenize/:
 *  - utf8.txt     byte strings: does Python's strict decoder accept them, and
 *                 what precis_text_decode must make of them;
 *  - unicode.txt  per code point: Python's \w, str.lower(), and the
 *                 Case_Ignorable / Cased classes its final-sigma rule uses;
 *  - expected.txt per corpus document and tricky string: str.lower() of the
 *                 decoded text and the tokens of (?u)\b\w\w+\b and \b\w+\b.
 * Code points unassigned in that Python's Unicode version are not compared:
 * utf8proc may know a newer Unicode, and new characters are not our concern.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "precis.h"
#include "testutil.h"
#include "text/text.h"

#define MAX_CP 0x110000

/* ------------------------------------------------------------ fixture reading */

/* The lines of a fixture file, '#' comments skipped. */
typedef struct fixture {
    char *buf;
    size_t len, pos, lineno;
    char path[4096];
} fixture;

static void fixture_open(fixture *f, const char *rel)
{
    snprintf(f->path, sizeof f->path, "%s", tu_source_path(rel));
    f->buf = tu_read_file(f->path, &f->len);
    f->pos = f->lineno = 0;
    ck_assert_msg(f->buf != NULL, "cannot read fixture %s (run tests/gen_tfidf_expected.py)", f->path);
}

static char *fixture_line(fixture *f)
{
    while (f->pos < f->len) {
        char *line = f->buf + f->pos;
        char *nl = memchr(line, '\n', f->len - f->pos);
        size_t n = nl ? (size_t)(nl - line) : f->len - f->pos;
        line[n] = '\0';
        f->pos += n + 1;
        f->lineno++;
        if (line[0] != '#')
            return line;
    }
    return NULL;
}

/* The next line, which must start with `key `; returns what follows. */
static char *fixture_expect(fixture *f, const char *key)
{
    char *line = fixture_line(f);
    size_t k = strlen(key);
    ck_assert_msg(line && strncmp(line, key, k) == 0 && line[k] == ' ',
                  "%s:%zu: expected \"%s ...\", got \"%s\"", f->path, f->lineno, key,
                  line ? line : "(end of file)");
    return line + k + 1;
}

static size_t fixture_count(fixture *f, const char *key)
{
    return strtoul(fixture_expect(f, key), NULL, 10);
}

static void fixture_close(fixture *f)
{
    free(f->buf);
    f->buf = NULL;
}

/* Hex ("-" for empty) into a malloc'ed buffer. */
static char *unhex(const char *hex, size_t *len)
{
    size_t n = strcmp(hex, "-") == 0 ? 0 : strlen(hex) / 2;
    char *out = malloc(n + 1);
    ck_assert_ptr_nonnull(out);
    for (size_t i = 0; i < n; i++) {
        unsigned v;
        ck_assert_msg(sscanf(hex + 2 * i, "%2x", &v) == 1, "bad hex \"%s\"", hex);
        out[i] = (char)v;
    }
    out[n] = '\0';
    *len = n;
    return out;
}

/* A printable rendering of bytes for failure messages. */
static const char *show(const char *s, size_t n)
{
    static char out[8][512];
    static int slot;
    char *o = out[slot++ % 8];
    size_t k = 0;
    for (size_t i = 0; i < n && k + 5 < sizeof out[0]; i++) {
        unsigned char c = (unsigned char)s[i];
        k += (size_t)snprintf(o + k, sizeof out[0] - k, c >= 0x20 && c < 0x7F ? "%c" : "\\x%02x", c);
    }
    o[k] = '\0';
    return o;
}

/* ------------------------------------------------------------ UTF-8 validity */

typedef struct utf8_case {
    const char *bytes;
    size_t len;
    int valid;
    const char *why;
} utf8_case;

#define CASE(lit, valid, why) {lit, sizeof(lit) - 1, valid, why}

static const utf8_case hand_cases[] = {
    CASE("", 1, "empty"),
    CASE("a", 1, "ASCII"),
    CASE("\x00", 1, "NUL is valid UTF-8"),
    CASE("\x7f", 1, "DEL"),
    CASE("\x80", 0, "lone continuation byte"),
    CASE("\xbf", 0, "lone continuation byte"),
    CASE("\xc0\x80", 0, "overlong NUL"),
    CASE("\xc0\xaf", 0, "overlong '/'"),
    CASE("\xc1\xbf", 0, "overlong U+007F"),
    CASE("\xc2\x80", 1, "U+0080, smallest 2-byte"),
    CASE("\xdf\xbf", 1, "U+07FF"),
    CASE("\xe0\x80\x80", 0, "overlong 3-byte NUL"),
    CASE("\xe0\x9f\xbf", 0, "overlong U+07FF"),
    CASE("\xe0\xa0\x80", 1, "U+0800, smallest 3-byte"),
    CASE("\xed\x9f\xbf", 1, "U+D7FF, last before the surrogates"),
    CASE("\xed\xa0\x80", 0, "surrogate U+D800"),
    CASE("\xed\xbf\xbf", 0, "surrogate U+DFFF"),
    CASE("\xed\xa0\xbd\xed\xb8\x80", 0, "surrogate pair (CESU-8)"),
    CASE("\xee\x80\x80", 1, "U+E000"),
    CASE("\xef\xbf\xbf", 1, "U+FFFF is a noncharacter but valid"),
    CASE("\xf0\x80\x80\x80", 0, "overlong 4-byte NUL"),
    CASE("\xf0\x8f\xbf\xbf", 0, "overlong U+FFFF"),
    CASE("\xf0\x90\x80\x80", 1, "U+10000"),
    CASE("\xf4\x8f\xbf\xbf", 1, "U+10FFFF"),
    CASE("\xf4\x90\x80\x80", 0, "U+110000, above the Unicode range"),
    CASE("\xf5\x80\x80\x80", 0, "lead byte F5"),
    CASE("\xf8\x88\x80\x80\x80", 0, "5-byte form"),
    CASE("\xfe", 0, "byte FE"),
    CASE("\xff", 0, "byte FF"),
    CASE("\xc3", 0, "truncated 2-byte"),
    CASE("\xe2\x82", 0, "truncated 3-byte"),
    CASE("\xf0\x9f\x98", 0, "truncated 4-byte"),
    CASE("ab\xc3", 0, "truncated at the end"),
    CASE("\xc3\xa9\xc3", 0, "valid then truncated"),
    CASE("\xc3\x28", 0, "bad continuation"),
    CASE("\xe2\x28\xa1", 0, "bad second byte of 3"),
    CASE("\xe2\x82\x28", 0, "bad third byte of 3"),
    CASE("\xf0\x28\x8c\xbc", 0, "bad second byte of 4"),
    CASE("\xf0\x90\x28\xbc", 0, "bad third byte of 4"),
    CASE("\xf0\x9f\x98\x80", 1, "emoji U+1F600"),
    CASE("\xef\xbb\xbf", 1, "BOM"),
    CASE("abcdefgh\xc3\xa9", 1, "after an 8-byte ASCII run"),
    CASE("abcdefg\xe9", 0, "Latin-1 after 7 ASCII bytes"),
    CASE("abcdefghijklmnop\xff", 0, "after two ASCII words"),
};

typedef struct utf8_fixture {
    size_t n;
    char **bytes, **decoded;
    size_t *len, *decoded_len;
    int *valid;
} utf8_fixture;

static void utf8_fixture_load(utf8_fixture *u)
{
    fixture f;
    fixture_open(&f, "tests/fixtures/tokenize/utf8.txt");
    u->n = fixture_count(&f, "cases");
    ck_assert_uint_gt(u->n, 1000);
    u->bytes = calloc(u->n, sizeof *u->bytes);
    u->decoded = calloc(u->n, sizeof *u->decoded);
    u->len = calloc(u->n, sizeof *u->len);
    u->decoded_len = calloc(u->n, sizeof *u->decoded_len);
    u->valid = calloc(u->n, sizeof *u->valid);
    ck_assert(u->bytes && u->decoded && u->len && u->decoded_len && u->valid);
    for (size_t i = 0; i < u->n; i++) {
        char *line = fixture_line(&f);
        char hex[256], dec[512];
        ck_assert_msg(line && sscanf(line, "%255s %d %511s", hex, &u->valid[i], dec) == 3,
                      "%s:%zu: malformed case", f.path, f.lineno);
        u->bytes[i] = unhex(hex, &u->len[i]);
        u->decoded[i] = unhex(dec, &u->decoded_len[i]);
    }
    ck_assert_str_eq(fixture_line(&f), "end");
    fixture_close(&f);
}

static void utf8_fixture_free(utf8_fixture *u)
{
    for (size_t i = 0; i < u->n; i++) {
        free(u->bytes[i]);
        free(u->decoded[i]);
    }
    free(u->bytes);
    free(u->decoded);
    free(u->len);
    free(u->decoded_len);
    free(u->valid);
}

START_TEST(test_utf8_valid_hand_cases)
{
    utf8_fixture u;
    utf8_fixture_load(&u);
    for (size_t i = 0; i < sizeof hand_cases / sizeof hand_cases[0]; i++) {
        const utf8_case *c = &hand_cases[i];
        ck_assert_msg(px_utf8_valid(c->bytes, c->len) == c->valid, "px_utf8_valid(\"%s\") != %d: %s",
                      show(c->bytes, c->len), c->valid, c->why);
        /* The same verdict one byte in, and Python agrees with the hand-written one. */
        char shifted[32] = "x";
        memcpy(shifted + 1, c->bytes, c->len);
        ck_assert_msg(px_utf8_valid(shifted, c->len + 1) == c->valid, "px_utf8_valid(\"x%s\") != %d: %s",
                      show(c->bytes, c->len), c->valid, c->why);
        size_t k = 0;
        while (k < u.n && !(u.len[k] == c->len && memcmp(u.bytes[k], c->bytes, c->len) == 0))
            k++;
        ck_assert_msg(k < u.n, "hand case \"%s\" missing from utf8.txt", show(c->bytes, c->len));
        ck_assert_msg(u.valid[k] == c->valid, "Python disagrees with the hand case \"%s\" (%s)",
                      show(c->bytes, c->len), c->why);
    }
    utf8_fixture_free(&u);
}
END_TEST

/* Every fixture case: validity, px_decode (which appends) and precis_text_decode. */
START_TEST(test_utf8_fixture_cases)
{
    utf8_fixture u;
    utf8_fixture_load(&u);
    for (size_t i = 0; i < u.n; i++) {
        const char *b = u.bytes[i];
        ck_assert_msg(px_utf8_valid(b, u.len[i]) == u.valid[i], "px_utf8_valid(\"%s\") != %d",
                      show(b, u.len[i]), u.valid[i]);
        px_buf out = {0};
        ck_assert_int_eq(px_buf_append(&out, "pre", 3), PRECIS_OK);
        ck_assert_int_eq(px_decode(b, u.len[i], &out), PRECIS_OK);
        ck_assert_msg(out.len == 3 + u.decoded_len[i] && memcmp(out.data, "pre", 3) == 0 &&
                          memcmp(out.data + 3, u.decoded[i], u.decoded_len[i]) == 0 &&
                          out.data[out.len] == '\0',
                      "px_decode(\"%s\") gave \"%s\", Python \"%s\"", show(b, u.len[i]),
                      show(out.data + 3, out.len - 3), show(u.decoded[i], u.decoded_len[i]));
        px_buf_free(&out);

        char *text = NULL;
        size_t text_len = 0;
        precis_error err = {0};
        ck_assert_int_eq(precis_text_decode(b, u.len[i], &text, &text_len, &err), PRECIS_OK);
        ck_assert_msg(text_len == u.decoded_len[i] && memcmp(text, u.decoded[i], text_len) == 0 &&
                          text[text_len] == '\0' && strlen(text) == text_len,
                      "precis_text_decode(\"%s\") gave \"%s\"", show(b, u.len[i]), show(text, text_len));
        free(text);
    }
    utf8_fixture_free(&u);
}
END_TEST

static void check_decode(const char *in, size_t n, const char *want, size_t want_len, const char *why)
{
    px_buf out = {0};
    ck_assert_int_eq(px_decode(in, n, &out), PRECIS_OK);
    ck_assert_msg(out.len == want_len && memcmp(out.data, want, want_len) == 0,
                  "px_decode(\"%s\") = \"%s\", want \"%s\": %s", show(in, n), show(out.data, out.len),
                  show(want, want_len), why);
    px_buf_free(&out);
}

#define CHECK_DECODE(in, want, why) check_decode(in, sizeof(in) - 1, want, sizeof(want) - 1, why)

START_TEST(test_decode_rules)
{
    CHECK_DECODE("\xef\xbb\xbf" "abc", "abc", "a leading BOM is dropped");
    CHECK_DECODE("\xef\xbb\xbf", "", "a BOM alone gives nothing");
    CHECK_DECODE("\xef\xbb\xbf\xef\xbb\xbf" "a", "\xef\xbb\xbf" "a", "only one BOM is dropped");
    CHECK_DECODE("a\xef\xbb\xbf", "a\xef\xbb\xbf", "a BOM inside stays");
    CHECK_DECODE("\xef\xbb\xbf\xff", "\xc3\xaf\xc2\xbb\xc2\xbf\xc3\xbf", "not UTF-8: the BOM bytes are Latin-1");
    CHECK_DECODE("caf\xe9", "caf\xc3\xa9", "Latin-1 fallback");
    CHECK_DECODE("caf\xc3\xa9 \xa3", "caf\xc3\x83\xc2\xa9 \xc2\xa3", "one bad byte: the whole text is Latin-1");
    CHECK_DECODE("a\0b\0", "a b ", "NUL becomes a space (UTF-8)");
    CHECK_DECODE("\xe9\0x", "\xc3\xa9 x", "NUL becomes a space (Latin-1)");
    CHECK_DECODE("\0\xef\xbb\xbf", " \xef\xbb\xbf", "a BOM after a NUL is not leading");
    CHECK_DECODE("\xed\xa0\x80", "\xc3\xad\xc2\xa0\xe2\x82\xac", "a surrogate makes it Windows-1252");
    CHECK_DECODE("\x93q\x94 \x96 \x85", "\xe2\x80\x9cq\xe2\x80\x9d \xe2\x80\x93 \xe2\x80\xa6",
                 "Windows-1252's quotes, dash and ellipsis, not C1 controls");
    CHECK_DECODE("\x81\x8d\x8f\x90\x9d", "\xc2\x81\xc2\x8d\xc2\x8f\xc2\x90\xc2\x9d",
                 "Windows-1252's unassigned bytes keep their Latin-1 code points");
    CHECK_DECODE("", "", "empty");

    /* px_decode appends; the buffer stays NUL-terminated. */
    px_buf out = {0};
    ck_assert_int_eq(px_decode("ab", 2, &out), PRECIS_OK);
    ck_assert_int_eq(px_decode("\xe9", 1, &out), PRECIS_OK);
    ck_assert_uint_eq(out.len, 4);
    ck_assert_str_eq(out.data, "ab\xc3\xa9");
    px_buf_free(&out);
    ck_assert_ptr_null(out.data);
}
END_TEST

/* ------------------------------------------------------------ stop words */

/* Linear search of the list, to check the bisection. */
static int is_listed(const char *tok, size_t len)
{
    for (size_t i = 0; i < px_stop_word_count(); i++) {
        const char *w = px_stop_word(i);
        if (strlen(w) == len && memcmp(w, tok, len) == 0)
            return 1;
    }
    return 0;
}

START_TEST(test_stop_words)
{
    size_t n = px_stop_word_count();
    ck_assert_uint_gt(n, 100);
    ck_assert_ptr_null(px_stop_word(n));
    for (size_t i = 0; i < n; i++) {
        const char *w = px_stop_word(i);
        ck_assert_ptr_nonnull(w);
        ck_assert_uint_gt(strlen(w), 0);
        for (const char *p = w; *p; p++)
            ck_assert_msg((*p >= 'a' && *p <= 'z') || *p == '\'', "stop word \"%s\" not lowercase", w);
        if (i > 0)
            ck_assert_msg(strcmp(px_stop_word(i - 1), w) < 0, "stop words not sorted at \"%s\"", w);
        ck_assert_msg(px_is_stop_word(w, strlen(w)), "\"%s\" is listed but not found", w);
        /* A word's prefixes and extensions are stop words only when listed themselves. */
        size_t len = strlen(w);
        char longer[64];
        snprintf(longer, sizeof longer, "%sq", w);
        ck_assert_msg(px_is_stop_word(longer, len + 1) == is_listed(longer, len + 1), "\"%s\"", longer);
        ck_assert_msg(px_is_stop_word(w, len - 1) == is_listed(w, len - 1), "\"%.*s\"", (int)len - 1, w);
    }
    static const char *const yes[] = {"the", "a", "i", "and", "of", "to", "is", "was", "we", "you"};
    static const char *const no[] = {"The", "THE", "th", "thee", "theq", "football", "bank", "rates",
                                     "zzz", "aaa", "", "é", "the "};
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
        ck_assert_msg(px_is_stop_word(yes[i], strlen(yes[i])), "\"%s\" should be a stop word", yes[i]);
    for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
        ck_assert_msg(!px_is_stop_word(no[i], strlen(no[i])), "\"%s\" should not be a stop word", no[i]);
    /* Tokens are not NUL-terminated: only `len` bytes count. */
    ck_assert(px_is_stop_word("whomever", 4));  /* "whom" */
    ck_assert(px_is_stop_word("there", 3));     /* "the" */
    ck_assert(!px_is_stop_word("thereq", 6));
    ck_assert(!px_is_stop_word("the", 2));      /* "th" */
}
END_TEST

/* ------------------------------------------------------------ Unicode tables */

typedef struct unicode_tables {
    unsigned char *assigned, *word, *ignorable, *cased;  /* MAX_CP flags each */
    int32_t (*lower)[3];                                 /* up to 3 code points, 0-padded */
    int *lower_len;                                      /* 0: maps to itself */
} unicode_tables;

static unsigned char *read_ranges(fixture *f, const char *key)
{
    unsigned char *set = calloc(MAX_CP, 1);
    ck_assert_ptr_nonnull(set);
    size_t n = fixture_count(f, key);
    for (size_t i = 0; i < n; i++) {
        char *line = fixture_line(f);
        unsigned a, b;
        ck_assert_msg(line && sscanf(line, "%x %x", &a, &b) == 2 && a <= b && b < MAX_CP,
                      "%s:%zu: bad range", f->path, f->lineno);
        memset(set + a, 1, b - a + 1);
    }
    return set;
}

static void unicode_tables_load(unicode_tables *t)
{
    fixture f;
    fixture_open(&f, "tests/fixtures/tokenize/unicode.txt");
    t->assigned = read_ranges(&f, "assigned");
    t->word = read_ranges(&f, "word");
    t->ignorable = read_ranges(&f, "ignorable");
    t->cased = read_ranges(&f, "cased");
    t->lower = calloc(MAX_CP, sizeof *t->lower);
    t->lower_len = calloc(MAX_CP, sizeof *t->lower_len);
    ck_assert(t->lower && t->lower_len);
    size_t n = fixture_count(&f, "lower");
    ck_assert_uint_gt(n, 1000);
    for (size_t i = 0; i < n; i++) {
        char *line = fixture_line(&f);
        unsigned cp, m[3] = {0};
        int k = line ? sscanf(line, "%x %x %x %x", &cp, &m[0], &m[1], &m[2]) : 0;
        ck_assert_msg(k >= 2 && cp < MAX_CP, "%s:%zu: bad mapping", f.path, f.lineno);
        t->lower_len[cp] = k - 1;
        for (int j = 0; j < k - 1; j++)
            t->lower[cp][j] = (int32_t)m[j];
    }
    ck_assert_str_eq(fixture_line(&f), "end");
    fixture_close(&f);
}

static void unicode_tables_free(unicode_tables *t)
{
    free(t->assigned);
    free(t->word);
    free(t->ignorable);
    free(t->cased);
    free(t->lower);
    free(t->lower_len);
}

static int is_surrogate(int32_t cp) { return cp >= 0xD800 && cp <= 0xDFFF; }

START_TEST(test_word_chars_all_code_points)
{
    unicode_tables t;
    unicode_tables_load(&t);
    size_t bad = 0, drift = 0, checked = 0;
    int32_t first_bad = -1, first_drift = -1;
    for (int32_t cp = 0; cp < MAX_CP; cp++) {
        if (is_surrogate(cp))
            continue;
        if ((px_is_word_char(cp) != 0) == (t.word[cp] != 0))
            continue;
        if (t.assigned[cp]) {
            if (bad++ < 20)
                fprintf(stderr, "px_is_word_char(U+%04X) = %d, Python's \\w says %d\n", (unsigned)cp,
                        px_is_word_char(cp), t.word[cp]);
            if (first_bad < 0)
                first_bad = cp;
        } else if (drift++ == 0) {
            first_drift = cp;
        }
    }
    for (int32_t cp = 0; cp < MAX_CP; cp++)
        checked += t.assigned[cp] && !is_surrogate(cp);
    if (drift)
        fprintf(stderr, "NOTE: %zu code points unassigned in Python's Unicode are word characters for "
                "precis (first U+%04X): a newer Unicode in utf8proc; not compared\n", drift,
                (unsigned)first_drift);
    ck_assert_uint_gt(checked, 250000);
    ck_assert_msg(bad == 0, "%zu code points differ from Python's \\w (first U+%04X)", bad,
                  (unsigned)first_bad);
    unicode_tables_free(&t);
}
END_TEST

/* Lowercases the code points cps[0..n) with px_lowercase; decodes the result into out. */
static size_t lower_cps(const int32_t *cps, size_t n, int32_t *out, size_t cap)
{
    char in[64];
    size_t len = 0;
    for (size_t i = 0; i < n; i++)
        len += px_utf8_encode(cps[i], in + len);
    px_buf buf = {0};
    /* Checked in plain C, aborting on failure: a passing ck_assert costs
     * Check a write to its parent, and this runs 1.1 million times (it took
     * 10 s of this program's 14, 30 s under ASan). */
    int rc = px_lowercase(in, len, &buf);
    if (rc != PRECIS_OK)
        ck_abort_msg("px_lowercase of U+%04X: status %d", (unsigned)cps[0], rc);
    if (!px_utf8_valid(buf.data, buf.len))
        ck_abort_msg("px_lowercase made invalid UTF-8 of U+%04X", (unsigned)cps[0]);
    size_t k = 0;
    for (size_t i = 0; i < buf.len && k < cap;)
        i += px_utf8_next(buf.data + i, buf.len - i, &out[k++]);
    px_buf_free(&buf);
    return k;
}

START_TEST(test_lowercase_all_code_points)
{
    unicode_tables t;
    unicode_tables_load(&t);
    size_t bad = 0;
    int32_t first_bad = -1;
    for (int32_t cp = 0; cp < MAX_CP; cp++) {
        if (is_surrogate(cp) || !t.assigned[cp] || cp == 0x03A3)
            continue;
        int32_t got[8];
        size_t n = lower_cps(&cp, 1, got, 8);
        const int32_t *want = t.lower_len[cp] ? t.lower[cp] : &cp;
        size_t want_n = t.lower_len[cp] ? (size_t)t.lower_len[cp] : 1;
        if (n == want_n && memcmp(got, want, n * sizeof got[0]) == 0)
            continue;
        if (bad++ < 20)
            fprintf(stderr, "px_lowercase(U+%04X) = U+%04X%s, Python U+%04X%s\n", (unsigned)cp,
                    (unsigned)got[0], n > 1 ? "..." : "", (unsigned)want[0], want_n > 1 ? "..." : "");
        if (first_bad < 0)
            first_bad = cp;
    }
    ck_assert_msg(bad == 0, "%zu code points lowercase differently from str.lower() (first U+%04X)",
                  bad, (unsigned)first_bad);
    unicode_tables_free(&t);
}
END_TEST

/* CPython's final sigma, probed with every code point c (see the generator):
 *   c+Σ ends in ς, and ΑΣ+c has σ, iff c is cased (and not case-ignorable);
 *   Α+c+Σ ends in ς iff c is case-ignorable or cased. */
START_TEST(test_final_sigma_all_code_points)
{
    enum { ALPHA = 0x0391, SIGMA = 0x03A3, SMALL_SIGMA = 0x03C3, FINAL_SIGMA = 0x03C2 };
    unicode_tables t;
    unicode_tables_load(&t);
    size_t bad = 0;
    int32_t first_bad = -1;
    for (int32_t cp = 0; cp < MAX_CP; cp++) {
        if (is_surrogate(cp) || !t.assigned[cp])
            continue;
        int cased = t.cased[cp], ign = t.ignorable[cp];
        int32_t got[8];
        const int32_t a[2] = {cp, SIGMA}, b[3] = {ALPHA, SIGMA, cp}, c[3] = {ALPHA, cp, SIGMA};
        size_t n = lower_cps(a, 2, got, 8);
        int ok = got[n - 1] == (cased ? FINAL_SIGMA : SMALL_SIGMA);
        n = lower_cps(b, 3, got, 8);
        ok = ok && n >= 2 && got[1] == (cased ? SMALL_SIGMA : FINAL_SIGMA);
        n = lower_cps(c, 3, got, 8);
        ok = ok && got[n - 1] == (ign || cased ? FINAL_SIGMA : SMALL_SIGMA);
        if (ok)
            continue;
        if (bad++ < 20)
            fprintf(stderr, "final sigma next to U+%04X: Python has it %s\n", (unsigned)cp,
                    cased ? "cased" : ign ? "case-ignorable" : "neither cased nor case-ignorable");
        if (first_bad < 0)
            first_bad = cp;
    }
    ck_assert_msg(bad == 0, "%zu code points change the final sigma differently from CPython (first U+%04X)",
                  bad, (unsigned)first_bad);
    unicode_tables_free(&t);
}
END_TEST

/* ------------------------------------------------------------ tokens of the fixtures */

typedef struct token_list {
    char **tok;
    size_t *len;
    size_t n, cap;
} token_list;

static int collect_token(void *ctx, const char *tok, size_t len)
{
    token_list *l = ctx;
    if (l->n == l->cap) {
        l->cap = l->cap ? 2 * l->cap : 64;
        l->tok = realloc(l->tok, l->cap * sizeof *l->tok);
        l->len = realloc(l->len, l->cap * sizeof *l->len);
        ck_assert(l->tok && l->len);
    }
    l->tok[l->n] = malloc(len + 1);
    ck_assert_ptr_nonnull(l->tok[l->n]);
    memcpy(l->tok[l->n], tok, len);
    l->tok[l->n][len] = '\0';
    l->len[l->n++] = len;
    return 0;
}

static void token_list_free(token_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->tok[i]);
    free(l->tok);
    free(l->len);
    memset(l, 0, sizeof *l);
}

/* Compares px_tokenize(lower, min_chars) with the fixture's list; 0 if equal. */
static int compare_tokens(fixture *f, const char *what, const px_buf *lower, int min_chars)
{
    token_list got = {0};
    ck_assert_int_eq(px_tokenize(lower->data, lower->len, min_chars, collect_token, &got), 0);
    size_t n = fixture_count(f, min_chars == 2 ? "min2" : "min1");
    int differ = 0;
    for (size_t i = 0; i < n; i++) {
        const char *want = fixture_line(f);
        ck_assert_ptr_nonnull(want);
        if (!differ && (i >= got.n || strlen(want) != got.len[i] || memcmp(want, got.tok[i], got.len[i]) != 0)) {
            fprintf(stderr, "%s, min_chars %d: token %zu is \"%s\", Python \"%s\"\n", what, min_chars, i,
                    i < got.n ? got.tok[i] : "(none)", want);
            differ = 1;
        }
    }
    if (!differ && got.n != n) {
        fprintf(stderr, "%s, min_chars %d: %zu tokens, Python %zu (extra: \"%s\")\n", what, min_chars, got.n,
                n, got.tok[n]);
        differ = 1;
    }
    token_list_free(&got);
    return differ;
}

START_TEST(test_tokens_match_python)
{
    fixture f;
    fixture_open(&f, "tests/fixtures/tokenize/expected.txt");
    size_t inputs = 0, failures = 0;
    char *line;
    while ((line = fixture_line(&f)) && strcmp(line, "end") != 0) {
        char what[300];
        char *raw;
        size_t raw_len;
        if (strncmp(line, "doc ", 4) == 0) {
            char rel[300];
            snprintf(rel, sizeof rel, "tests/fixtures/tfidf/corpus/%s", line + 4);
            snprintf(what, sizeof what, "%s", rel);
            raw = tu_read_file(tu_source_path(rel), &raw_len);
            ck_assert_msg(raw != NULL, "cannot read %s", rel);
        } else {
            ck_assert_msg(strncmp(line, "hex ", 4) == 0, "%s:%zu: unexpected \"%s\"", f.path, f.lineno, line);
            raw = unhex(line + 4, &raw_len);
            snprintf(what, sizeof what, "\"%s\"", show(raw, raw_len));
        }
        size_t want_len;
        char *want_lower = unhex(fixture_expect(&f, "lower"), &want_len);

        px_buf text = {0}, lower = {0};
        ck_assert_int_eq(px_decode(raw, raw_len, &text), PRECIS_OK);
        ck_assert_int_eq(px_lowercase(text.data ? text.data : "", text.len, &lower), PRECIS_OK);
        int differ = 0;
        if (lower.len != want_len || memcmp(lower.data, want_lower, want_len) != 0) {
            size_t at = 0;
            while (at < lower.len && at < want_len && lower.data[at] == want_lower[at])
                at++;
            fprintf(stderr, "%s: lowercase differs from str.lower() at byte %zu: \"%s\" vs \"%s\"\n", what, at,
                    show(lower.data + at, lower.len - at < 24 ? lower.len - at : 24),
                    show(want_lower + at, want_len - at < 24 ? want_len - at : 24));
            differ = 1;
        }
        differ |= compare_tokens(&f, what, &lower, 2);
        differ |= compare_tokens(&f, what, &lower, 1);
        failures += differ;
        inputs++;
        px_buf_free(&text);
        px_buf_free(&lower);
        free(raw);
        free(want_lower);
    }
    ck_assert_msg(line != NULL, "%s: no end line", f.path);
    fixture_close(&f);
    ck_assert_uint_ge(inputs, 100);
    ck_assert_msg(failures == 0, "%zu of %zu inputs tokenize differently from Python (details above)",
                  failures, inputs);
}
END_TEST

/* ------------------------------------------------------------ hand cases */

typedef struct stop_after {
    int calls, stop_at, code;
} stop_after;

static int stop_callback(void *ctx, const char *tok, size_t len)
{
    (void)tok;
    (void)len;
    stop_after *s = ctx;
    return ++s->calls == s->stop_at ? s->code : 0;
}

START_TEST(test_tokenize_stops_when_asked)
{
    const char *text = "aa bb cc dd";
    stop_after s = {0, 2, 7};
    ck_assert_int_eq(px_tokenize(text, strlen(text), 2, stop_callback, &s), 7);
    ck_assert_int_eq(s.calls, 2);
    s = (stop_after){0, 0, 7};
    ck_assert_int_eq(px_tokenize(text, strlen(text), 2, stop_callback, &s), 0);
    ck_assert_int_eq(s.calls, 4);
    s = (stop_after){0, 0, 7};
    ck_assert_int_eq(px_tokenize("", 0, 1, stop_callback, &s), 0);
    ck_assert_int_eq(s.calls, 0);
    /* min_chars counts code points, not bytes: "é" is one character. */
    s = (stop_after){0, 0, 7};
    ck_assert_int_eq(px_tokenize("\xc3\xa9 e\xcc\x81", 6, 2, stop_callback, &s), 0);
    ck_assert_int_eq(s.calls, 0);
    ck_assert_int_eq(px_tokenize("\xc3\xa9\xc3\xa9", 4, 3, stop_callback, &s), 0);
    ck_assert_int_eq(s.calls, 0);
    ck_assert_int_eq(px_tokenize("\xc3\xa9\xc3\xa9", 4, 2, stop_callback, &s), 0);
    ck_assert_int_eq(s.calls, 1);
}
END_TEST

START_TEST(test_lowercase_replaces_contents)
{
    px_buf out = {0};
    ck_assert_int_eq(px_buf_append(&out, "old text", 8), PRECIS_OK);
    ck_assert_int_eq(px_lowercase("AB\xc4\xb0", 4, &out), PRECIS_OK);
    ck_assert_str_eq(out.data, "abi\xcc\x87");  /* İ -> i + U+0307 */
    ck_assert_uint_eq(out.len, 5);
    ck_assert_int_eq(px_lowercase("", 0, &out), PRECIS_OK);
    ck_assert_uint_eq(out.len, 0);
    ck_assert_str_eq(out.data, "");
    px_buf_free(&out);
}
END_TEST

/* ------------------------------------------------------------ ASCII fast paths */

/* Every ASCII byte at every place of a 16-byte run (two 8-byte words),
 * amid upper and lower case letters, and after 0..7 leading bytes of a
 * two-byte character (so the word-at-a-time path starts at every offset):
 * px_lowercase must equal a byte-by-byte lowercasing. */
START_TEST(test_lowercase_ascii_words)
{
    px_buf out = {0};
    char in[32], want[32];
    for (int lead = 0; lead < 8; lead++)
        for (int c = 0; c < 128; c++)
            for (int at = 0; at < 16; at++) {
                size_t n = 0;
                for (int k = 0; k < lead; k++)
                    in[n++] = k == 0 ? 'Q' : 'q';
                memcpy(in + n, "\xc3\x89", 2); /* É, lowercased to é */
                n += 2;
                for (int k = 0; k < 16; k++)
                    in[n++] = k == at ? (char)c : "AzZa@[`{MmYy09_ "[k];
                ck_assert_int_eq(px_lowercase(in, n, &out), PRECIS_OK);
                for (size_t k = 0; k < n; k++) {
                    unsigned char b = (unsigned char)in[k];
                    want[k] = (char)(b >= 'A' && b <= 'Z' ? b + 32 : b);
                }
                want[lead + 1] = '\xa9';
                ck_assert_uint_eq(out.len, n);
                ck_assert_msg(memcmp(out.data, want, n) == 0, "byte %d at %d after %d lead bytes", c,
                              at, lead);
            }
    px_buf_free(&out);
}
END_TEST

static int count_token(void *ctx, const char *tok, size_t len)
{
    (void)tok;
    (void)len;
    ++*(int *)ctx;
    return 0;
}

/* Every ASCII byte between two words: it joins them exactly when it is a
 * letter, a digit or '_' (Python's \w on ASCII). */
START_TEST(test_ascii_word_bytes)
{
    for (int c = 0; c < 128; c++) {
        char text[5] = {'a', 'b', (char)c, 'c', 'd'};
        int count = 0;
        ck_assert_int_eq(px_tokenize(text, 5, 2, count_token, &count), 0);
        int word = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                   c == '_';
        ck_assert_msg(count == (word ? 1 : 2), "byte %d: %d tokens", c, count);
    }
}
END_TEST

static Suite *tokenize_suite(void)
{
    Suite *s = suite_create("tokenize");
    TCase *utf8 = tcase_create("utf8");
    tcase_add_test(utf8, test_utf8_valid_hand_cases);
    tcase_add_test(utf8, test_utf8_fixture_cases);
    tcase_add_test(utf8, test_decode_rules);
    suite_add_tcase(s, utf8);
    TCase *unicode = tcase_create("unicode");
    tcase_add_test(unicode, test_word_chars_all_code_points);
    tcase_add_test(unicode, test_lowercase_all_code_points);
    tcase_add_test(unicode, test_final_sigma_all_code_points);
    suite_add_tcase(s, unicode);
    TCase *tokens = tcase_create("tokens");
    tcase_add_test(tokens, test_tokens_match_python);
    tcase_add_test(tokens, test_tokenize_stops_when_asked);
    tcase_add_test(tokens, test_lowercase_replaces_contents);
    tcase_add_test(tokens, test_stop_words);
    tcase_add_test(tokens, test_lowercase_ascii_words);
    tcase_add_test(tokens, test_ascii_word_bytes);
    suite_add_tcase(s, tokens);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(tokenize_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
