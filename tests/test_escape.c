/*
 * test_escape.c — cli_text_escape and cli_put_escaped: control
 * characters and backslashes spelled C-style, everything else untouched, the
 * two forms agreeing, the tools' warning line, and a failed write reported.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "precis.h"
#include "testutil.h"

/* Both forms of s, checked equal to want. */
static void expect_escaped(const char *s, const char *want)
{
    char *got = cli_text_escape(s);
    ck_assert_ptr_nonnull(got);
    ck_assert_str_eq(got, want);
    free(got);

    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(cli_put_escaped(s, f), PRECIS_OK);
    fclose(f);
    ck_assert_str_eq(buf, want);
    free(buf);
}

START_TEST(test_controls_are_spelled)
{
    expect_escaped("", "");
    expect_escaped("plain label", "plain label");
    expect_escaped("tab\there", "tab\\there");
    expect_escaped("two\nlines\r\n", "two\\nlines\\r\\n");
    expect_escaped("back\\slash", "back\\\\slash");
    expect_escaped("\x1b[31mred", "\\x1b[31mred");
    expect_escaped("\x01\x7f", "\\x01\\x7f");
    /* U+0085 (NEL) and U+009B (CSI) are C1 controls in UTF-8. */
    expect_escaped("a\xc2\x85" "b\xc2\x9b", "a\\xc2\\x85b\\xc2\\x9b");
}
END_TEST

START_TEST(test_other_text_passes)
{
    /* é, U+00A0 (just past C1), CJK, and bytes that are not UTF-8. */
    expect_escaped("\xc3\xa9" "conomie", "\xc3\xa9" "conomie");
    expect_escaped("\xc2\xa0|\xe7\xb5\x8c", "\xc2\xa0|\xe7\xb5\x8c");
    expect_escaped("\xff\xfe\xc2", "\xff\xfe\xc2");
}
END_TEST

START_TEST(test_worst_case_length)
{
    /* Every byte a control, 0x01..0x1F cycling. By the documented rules TAB,
     * LF and CR are spelled in 2 bytes (\t \n \r) and every other C0 byte in
     * 4 (\xNN, lowercase hex). 256 = 8 x 31 + 8, so 0x01..0x08 occur 9 times
     * and 0x09..0x1F 8 times: 0x09, 0x0A, 0x0D give 3 x 8 = 24 short forms,
     * the other 232 bytes long ones: 24 x 2 + 232 x 4 = 976 bytes. */
    char s[257];
    char want[4 * 256 + 1];
    size_t at = 0;
    for (int i = 0; i < 256; i++) {
        unsigned char c = (unsigned char)(1 + i % 31);
        s[i] = (char)c;
        if (c == '\t' || c == '\n' || c == '\r')
            at += (size_t)snprintf(want + at, sizeof want - at, "\\%c",
                                   c == '\t' ? 't' : c == '\n' ? 'n' : 'r');
        else
            at += (size_t)snprintf(want + at, sizeof want - at, "\\x%02x", c);
    }
    s[256] = '\0';
    ck_assert_uint_eq(at, 976);
    expect_escaped(s, want);
}
END_TEST

/* The warning line of both tools: program, "warning", where and message,
 * the last two escaped; no ": " after an empty where. */
static void expect_warning(const char *where, const char *message, const char *want)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(cli_warning_put("prog", where, message, f), PRECIS_OK);
    fclose(f);
    ck_assert_str_eq(buf, want);
    free(buf);
}

START_TEST(test_warning_line)
{
    expect_warning("dir/a\tb.txt", "odd\nthing", "prog: warning: dir/a\\tb.txt: odd\\nthing\n");
    expect_warning("dir/a\tb.txt", "x", "prog: warning: dir/a\\tb.txt: x\n");
    expect_warning("f\x1b[31m", "bad", "prog: warning: f\\x1b[31m: bad\n");
    expect_warning("", "no place", "prog: warning: no place\n");
}
END_TEST

START_TEST(test_failed_write_is_reported)
{
    FILE *f = fopen("/dev/full", "w");
    if (!f) {
        fprintf(stderr, "NOTE: no /dev/full here: test_failed_write_is_reported skipped\n");
        return;
    }
    setvbuf(f, NULL, _IONBF, 0);
    ck_assert_int_eq(cli_put_escaped("tab\there", f), PRECIS_ERR_IO);
    ck_assert_int_eq(cli_warning_put("prog", "where", "what", f), PRECIS_ERR_IO);
    fclose(f);
}
END_TEST

static Suite *escape_suite(void)
{
    Suite *s = suite_create("escape");
    TCase *tc = tcase_create("escape");
    tcase_add_test(tc, test_controls_are_spelled);
    tcase_add_test(tc, test_other_text_passes);
    tcase_add_test(tc, test_worst_case_length);
    tcase_add_test(tc, test_warning_line);
    tcase_add_test(tc, test_failed_write_is_reported);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(escape_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
