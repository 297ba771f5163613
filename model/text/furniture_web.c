/*
 * furniture_web.c — furniture that web pages and Usenet/e-mail messages add
 * around a story, beyond furniture.c's short lines: cookie notices and
 * newsletter prompts (whole sentences, so furniture.c's "prose is content"
 * principle would keep them), and message headers, quoted "> " lines,
 * attribution lines ("bob@x.edu (Bob) writes:") and address lines.
 *
 * px_is_furniture asks px_is_web_furniture first, so plain-text copies of
 * pages and messages lose these in every reader; html.c's boilerplate
 * removal asks the same question of each block of a page.
 *
 * Invariant: bounded work per line (WEB_MAX_BYTES; longer lines are judged
 * content unread), no allocation.
 */
#include "text/furniture.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "precis.h"

#define WEB_MAX_BYTES 600

/* Case-insensitive search for needle (lowercase ASCII) in [s, s + n). */
static int contains(const char *s, size_t n, const char *needle)
{
    size_t m = strlen(needle);
    /* The first byte is compared here, so that strncasecmp (a call) runs
     * only where a match can start: this ran at every byte of every line. */
    for (size_t i = 0; i + m <= n; i++)
        if (tolower((unsigned char)s[i]) == needle[0] && strncasecmp(s + i, needle, m) == 0)
            return 1;
    return 0;
}

static int starts(const char *s, size_t n, const char *prefix)
{
    size_t m = strlen(prefix);
    return n >= m && strncasecmp(s, prefix, m) == 0;
}

/* "We use cookies to ...", "By continuing to browse you agree to our use of
 * cookies", and the buttons: "Accept all cookies", "Manage preferences". */
static int cookie_notice(const char *s, size_t n, size_t words)
{
    static const char *const phrases[] = {"we use cookies", "use of cookies", "uses cookies",
                                          "accept all cookies", "accept cookies",
                                          "cookie settings", "cookie preferences",
                                          "cookie policy", "manage cookies", "reject cookies",
                                          "this site uses cookies", "we and our partners"};
    static const char *const buttons[] = {"accept all", "reject all", "manage preferences",
                                          "manage settings", "accept and close",
                                          "i accept", "got it"};
    for (size_t i = 0; words <= 80 && i < sizeof phrases / sizeof phrases[0]; i++)
        if (contains(s, n, phrases[i]))
            return 1;
    for (size_t i = 0; words <= 3 && i < sizeof buttons / sizeof buttons[0]; i++)
        if (n == strlen(buttons[i]) && strncasecmp(s, buttons[i], n) == 0)
            return 1;
    return 0;
}

/* "Sign up for our morning newsletter and get ... in your inbox". */
static int newsletter_prompt(const char *s, size_t n, size_t words)
{
    static const char *const asks[] = {"sign up", "subscribe", "get our", "join ",
                                       "enter your email", "want the", "don't miss",
                                       "get the latest", "get the best"};
    if (words > 40 || !(contains(s, n, "newsletter") || contains(s, n, "inbox")))
        return 0;
    for (size_t i = 0; i < sizeof asks / sizeof asks[0]; i++)
        if (contains(s, n, asks[i]))
            return 1;
    return 0;
}

/* A message header: "Subject: Re: ...", "Organization: ...", "X-Newsreader:". */
static int message_header(const char *s, size_t n)
{
    static const char *const keys[] = {
        "from", "subject", "organization", "organisation", "lines", "reply-to",
        "nntp-posting-host", "distribution", "keywords", "article-i.d.", "message-id",
        "newsgroups", "path", "references", "sender", "expires", "followup-to",
        "in-reply-to", "approved", "originator", "news-software", "to", "cc", "summary",
        "nf-id", "nf-from", "mime-version", "content-type", "content-transfer-encoding",
        "return-path", "received", "x-"};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        size_t m = strlen(keys[i]);
        if (!starts(s, n, keys[i]))
            continue;
        if (keys[i][m - 1] == '-') { /* "X-anything:" */
            size_t j = m;
            while (j < n && (isalnum((unsigned char)s[j]) || s[j] == '-'))
                j++;
            return j > m && j < n && s[j] == ':';
        }
        if (n > m && s[m] == ':' && (n == m + 1 || s[m + 1] == ' ' || s[m + 1] == '\t'))
            return 1;
    }
    return 0;
}

/* "> quoted text", "|> quoted", ": > quoted", "bob> quoted" (supercite). */
static int quoted_line(const char *s, size_t n)
{
    if (n && (s[0] == '>' || (n > 1 && (s[0] == '|' || s[0] == ':') && s[1] == '>')))
        return 1;
    if (n > 2 && s[0] == ':' && s[1] == ' ' && s[2] == '>')
        return 1;
    /* supercite's initials: "jb> quoted" */
    size_t i = 0;
    while (i < n && i < 4 && islower((unsigned char)s[i]))
        i++;
    return i > 0 && i + 1 < n && s[i] == '>' && s[i + 1] == ' ';
}

/* "In article <1993Apr5.1@x.edu> bob@x.edu (Bob Smith) writes:". */
static int attribution(const char *s, size_t n, size_t words)
{
    if (starts(s, n, "in article <"))
        return 1;
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    return words <= 30 && n > 7 &&
           (strncasecmp(s + n - 7, "writes:", 7) == 0 || strncasecmp(s + n - 6, "wrote:", 6) == 0 ||
            (n > 8 && strncasecmp(s + n - 8, "writes :", 8) == 0));
}

/* A short line with an e-mail address that is not a sentence: a signature's
 * "kim@x.org", "Internet: kim@x.org  Voice: 555-0100". A sentence that merely
 * gives an address ("Write to kim@x.org today.") is content. */
static int address_line(const char *s, size_t n, size_t words)
{
    size_t e = n;
    while (e && strchr(" \t\r\"')]", s[e - 1]))
        e--;
    if (words > 15 || (e && strchr(".!?", s[e - 1])))
        return 0;
    for (const char *at = memchr(s, '@', n); at; at = memchr(at + 1, '@', n - (size_t)(at + 1 - s))) {
        const char *p = at + 1, *end = s + n;
        if (at == s || !(isalnum((unsigned char)at[-1]) || at[-1] == '.' || at[-1] == '_'))
            continue;
        int dot = 0;
        while (p < end && (isalnum((unsigned char)*p) || *p == '.' || *p == '-')) {
            dot |= *p == '.' && p + 1 < end && isalpha((unsigned char)p[1]);
            p++;
        }
        if (dot)
            return 1;
    }
    return 0;
}

int px_is_web_furniture(const char *line, size_t len, int before_headline)
{
    if (len == 0 || len > WEB_MAX_BYTES)
        return 0;
    size_t words = precis_count_words(line, len);
    if (cookie_notice(line, len, words) || newsletter_prompt(line, len, words) ||
        quoted_line(line, len))
        return 1;
    /* A message's first header line may be all it has for a headline. */
    if (before_headline)
        return 0;
    return message_header(line, len) || attribution(line, len, words) ||
           address_line(line, len, words);
}
