/* test_html.c — HTML pages read as articles (model/corpus/html.c): the
 * headline from the title, the story kept, the page's furniture (navigation,
 * cookie banner, share and "Most read" links, newsletter prompt, "Read more",
 * comments, footer) gone, in pages with and without class names; charsets;
 * detection; hostile markup; and the same furniture, plus a Usenet message's
 * headers, quotes and signature, never summarized from plain text. Every page
 * here was written for this test. */
#define _GNU_SOURCE
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "precis.h"
#include "testutil.h"
#include "tu_tool.h"

static const char *const STORY[] = {
    "The harbour board voted on Tuesday to rebuild the old north pier, which has been closed "
    "to the public since a storm damaged its timber decking three winters ago.",
    "Engineers told the board that the new pier would be built on steel piles driven into the "
    "rock, and that the work could start in the spring if the money is approved by the council.",
    "Fishermen who moor their boats beside the pier said they had waited long enough.",
    "The council will vote on the funding next month, and a public meeting about the design of "
    "the new deck has been called for the first week of June at the town hall.",
};

static const char *const FURNITURE[] = {
    "We use cookies", "Accept all cookies", "Home", "Weather", "Share this article",
    "Most read", "Lighthouse keeper retires", "Sign up for our evening newsletter",
    "Read more:", "What readers say", "Contact us", "Copyright 2025", "Skip to content",
    "Harbour Times",
};

/* A page of the given layout: 0 semantic HTML5 with class names, 1 plain
 * divs with no class or id, 2 an old table layout with unclosed <p>. */
static char *page(int layout)
{
    char *p = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&p, &n);
    const char *open = layout == 2 ? "<p>" : layout == 1 ? "<div>" : "<p>";
    const char *close = layout == 2 ? "\n" : layout == 1 ? "</div>\n" : "</p>\n";
    fprintf(f, "<!DOCTYPE html><html><head><meta charset=\"utf-8\">"
               "<title>Harbour board backs new north pier | Harbour Times</title>"
               "<script>var x = 'Weather';</script><style>p { color: red }</style></head><body>\n");
    fprintf(f, "%s<div%s>We use cookies to measure how you use this site and to show you "
               "adverts. By continuing you agree to our use of cookies. "
               "<a href=/ok>Accept all cookies</a></div>\n",
            layout == 0 ? "<a href=#m>Skip to content</a>" : "",
            layout == 0 ? " class=\"cookie-banner\"" : "");
    fprintf(f, "%s<a href=/>Home</a> <a href=/n>News</a> <a href=/w>Weather</a> "
               "<a href=/s>Sport</a>%s\n",
            layout == 0 ? "<nav>" : "<div>", layout == 0 ? "</nav>" : "</div>");
    fprintf(f, "<h1>Harbour board backs new north pier</h1>\n");
    fprintf(f, "<div><a href=/sh>Share this article</a> <a href=/fb>Facebook</a></div>\n");
    for (size_t i = 0; i < sizeof STORY / sizeof STORY[0]; i++) {
        fprintf(f, "%s%s%s", open, STORY[i], close);
        if (i == 1)
            fprintf(f, "%s<a href=/r>Read more: how the storm hit the coast</a>%s", open, close);
    }
    fprintf(f, "<div%s>Sign up for our evening newsletter and get the day's news in your "
               "inbox.</div>\n",
            layout == 0 ? " class=\"newsletter\"" : "");
    fprintf(f, "<div%s><b>Most read</b><br><a href=/1>Lighthouse keeper retires</a><br>"
               "<a href=/2>Ferry fares to rise</a><br><a href=/3>Gulls blamed for chips theft</a>"
               "</div>\n",
            layout == 0 ? " class=\"most-read\"" : "");
    fprintf(f, "<div%s><b>What readers say</b><div>anna_b: Not before time, that pier was a "
               "disgrace.</div></div>\n",
            layout == 0 ? " class=\"comments\"" : "");
    fprintf(f, "%s<a href=/c>Contact us</a> <a href=/p>Privacy</a> Copyright 2025 Harbour "
               "Times%s</body></html>\n",
            layout == 0 ? "<footer>" : "<div>", layout == 0 ? "</footer>" : "</div>");
    fclose(f);
    return p;
}

static char *html_text(const char *bytes, size_t len)
{
    char *out;
    size_t n;
    precis_error err = {0};
    ck_assert_msg(precis_html_text(bytes, len, &out, &n, &err) == PRECIS_OK, "%s", err.message);
    ck_assert_uint_eq(strlen(out), n);
    return out;
}

START_TEST(story_kept_furniture_gone)
{
    char *p = page(_i);
    char *t = html_text(p, strlen(p));
    /* The headline: the title without the site's name, on the first line. */
    ck_assert_msg(strncmp(t, "Harbour board backs new north pier\n\n", 36) == 0, "%s", t);
    ck_assert_msg(strstr(t + 36, "Harbour board backs new north pier") == NULL, "twice: %s", t);
    for (size_t i = 0; i < sizeof STORY / sizeof STORY[0]; i++)
        ck_assert_msg(strstr(t, STORY[i]) != NULL, "layout %d lost \"%s\" in:\n%s", _i, STORY[i], t);
    for (size_t i = 0; i < sizeof FURNITURE / sizeof FURNITURE[0]; i++)
        ck_assert_msg(strstr(t + 36, FURNITURE[i]) == NULL, "layout %d kept \"%s\" in:\n%s", _i,
                      FURNITURE[i], t);
    ck_assert_ptr_null(strstr(t, "var x"));
    ck_assert_ptr_null(strstr(t, "color"));
    free(t);
    free(p);
}
END_TEST

START_TEST(charsets)
{
    /* Undeclared and not UTF-8: Windows-1252, as browsers read it. */
    static const char cp1252[] = "<html><body><p>\x93Quoted\x94 caf\xe9 at \x80" "5.</p></body></html>";
    char *t = html_text(cp1252, sizeof cp1252 - 1);
    ck_assert_msg(strstr(t, "\xe2\x80\x9cQuoted\xe2\x80\x9d caf\xc3\xa9 at \xe2\x82\xac" "5.") != NULL,
                  "%s", t);
    free(t);
    /* Declared: the declaration wins. */
    static const char koi8[] = "<html><head><meta charset=\"koi8-r\"></head><body><p>\xf0\xd2\xc9"
                               "</p></body></html>";
    t = html_text(koi8, sizeof koi8 - 1);
    ck_assert_msg(strstr(t, "\xd0\x9f\xd1\x80\xd0\xb8") != NULL, "%s", t); /* При */
    free(t);
}
END_TEST

START_TEST(detection)
{
    ck_assert(precis_is_html("a/page.HTML", "plain", 5));
    ck_assert(precis_is_html("page.htm", "", 0));
    ck_assert(precis_is_html(NULL, "\n  <!DOCTYPE html><p>x", 22));
    ck_assert(precis_is_html(NULL, "<!-- saved --><html><body>x", 27));
    ck_assert(!precis_is_html("story.txt", "The <b> tag is bold; <html> is a tag.", 37));
    ck_assert(!precis_is_html(NULL, "", 0));
    ck_assert(!precis_is_html(NULL, NULL, 3));
}
END_TEST

/* Deep nesting, junk markup and an empty page: no crash, valid output. */
START_TEST(hostile_markup)
{
    size_t depth = 200000, n = depth * 5 + 64;
    char *deep = malloc(n), *p = deep;
    for (size_t i = 0; i < depth; i++)
        p += sprintf(p, "<div>");
    p += sprintf(p, "deep text");
    char *t = html_text(deep, (size_t)(p - deep));
    free(t);
    free(deep);
    static const char *const junk[] = {"", "<", "<html", "</p></div></body>", "<a href=x>",
                                       "<html><title></title></html>", "<script>never",
                                       "<p>a\0b</p>"};
    for (size_t i = 0; i < sizeof junk / sizeof junk[0]; i++) {
        t = html_text(junk[i], i == 7 ? 10 : strlen(junk[i]));
        ck_assert_ptr_null(strstr(t, "never"));
        free(t);
    }
}
END_TEST

/* Non-furniture sentences of a plain-text article, in order, joined by '|'. */
static char *kept_sentences(const char *text)
{
    precis_article *a;
    precis_error err = {0};
    ck_assert_int_eq(precis_article_split(&a, text, strlen(text), &err), PRECIS_OK);
    char *out = calloc(1, strlen(text) + a->n_sentences + 2);
    for (size_t i = 0; i < a->n_sentences; i++)
        if (!a->sentences[i].is_furniture) {
            strncat(out, a->text + a->sentences[i].start, a->sentences[i].len);
            strcat(out, "|");
        }
    precis_article_free(a);
    return out;
}

START_TEST(plain_text_page_copy)
{
    char *k = kept_sentences(
        "Harbour board backs new north pier\n\n"
        "We use cookies to measure how you use this site. By continuing you agree to our use of "
        "cookies.\n\nAccept all cookies\n\n"
        "The harbour board voted on Tuesday to rebuild the old north pier.\n\n"
        "Sign up for our evening newsletter and get the day's news in your inbox.\n\n"
        "Engineers said the work could start in the spring.\n");
    ck_assert_str_eq(k, "The harbour board voted on Tuesday to rebuild the old north pier.|"
                        "Engineers said the work could start in the spring.|");
    free(k);
}
END_TEST

START_TEST(usenet_message)
{
    char *k = kept_sentences(
        "From: kim@harbour.example.org (Kim Lee)\n"
        "Subject: Re: North pier decking\n"
        "Organization: Harbour Sailing Club\n"
        "Lines: 14\n\n"
        "In article <1993Apr5.1@example.org> pat@example.org (Pat Roe) writes:\n"
        ">The decking was rotten long before the storm, and\n"
        ">everyone knew it.\n\n"
        "The timber came from a yard that closed in the seventies.\n"
        "Nobody checked it after that.\n\n"
        "Thanks,\nKim\nkim@harbour.example.org\n\n"
        "-- \n"
        "Kim Lee, Harbour Sailing Club.  Fair winds and following seas.\n");
    ck_assert_str_eq(k, "The timber came from a yard that closed in the seventies.|"
                        "Nobody checked it after that.|");
    free(k);
}
END_TEST

/* precis-infer on a page: the headline, and a summary with no furniture. */
START_TEST(infer_reads_a_page)
{
    char *dir = tu_temp_dir(), path[4096], cmd[16384];
    snprintf(path, sizeof path, "%s/pier.html", dir);
    char *p = page(1);
    ck_assert_int_eq(tu_write_file(path, p, strlen(p)), 0);
    snprintf(cmd, sizeof cmd, "'%s/infer/precis-infer' -m '%s' --summary-only --sentences 10 '%s'",
             getenv("PRECIS_BUILD_DIR"), tu_source_path("datasets/models/news.model"), path);
    char *out = NULL;
    ck_assert_int_eq(tu_shell(cmd, &out), 0);
    for (size_t i = 0; i < sizeof STORY / sizeof STORY[0]; i++)
        ck_assert_msg(strstr(out, STORY[i]) != NULL, "lost \"%s\" in:\n%s", STORY[i], out);
    for (size_t i = 0; i < sizeof FURNITURE / sizeof FURNITURE[0]; i++)
        ck_assert_msg(strstr(out, FURNITURE[i]) == NULL, "summarized \"%s\" in:\n%s",
                      FURNITURE[i], out);
    free(out);
    free(p);
    tu_remove_tree(dir);
    free(dir);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("html");
    TCase *tc = tcase_create("html");
    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, story_kept_furniture_gone, 0, 3);
    tcase_add_test(tc, charsets);
    tcase_add_test(tc, detection);
    tcase_add_test(tc, hostile_markup);
    tcase_add_test(tc, plain_text_page_copy);
    tcase_add_test(tc, usenet_message);
    tcase_add_test(tc, infer_reads_a_page);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
