/*
 * furniture.c — page furniture: the lines of a scraped or exported news page
 * that are not the story ("Share this article", "Image caption ...", bylines,
 * copyright notices, bare URLs, ...). They are kept as sentences, flagged, so
 * summaries never pick them.
 *
 * Principles: furniture is a short line (FURNITURE_MAX_BYTES, and each rule's
 * word limit) that matches one of the patterns in RULES, compared in ASCII
 * lowercase with spaces collapsed and decorations (» • | - : and the like)
 * trimmed from both ends. Unless a rule says otherwise (PROSE), a line that
 * ends with a full stop or holds several sentences is prose, not furniture:
 * "Read more about the plan in our guide, the minister said." is content.
 * Matches are anchored at the start of the line (a long sentence that merely
 * contains "read more" is content), except "all rights reserved".
 * Rules flagged LEAD cannot be mistaken for a headline, so they are also
 * applied to the lines before it; the others ("Watch ...", "By ...") could be
 * a headline's first word and are not.
 *
 * Invariant: bounded work per line (the line is rejected unread when longer
 * than FURNITURE_MAX_BYTES).
 */
#include "text/furniture.h"
#include "text/chars.h"

#include <ctype.h>
#include <string.h>

#include "precis.h"
#include "text/text.h"

#define FURNITURE_MAX_BYTES 300

enum { LEAD = 1, PROSE = 2 };

typedef enum match_kind { WHOLE, PREFIX, CONTAINS, FUNC } match_kind;

/* A line being judged: its original bytes and its normalized form. */
typedef struct furniture_line {
    const char *text;
    size_t len;
    char norm[FURNITURE_MAX_BYTES + 1];
    size_t norm_len;
} furniture_line;

typedef struct furniture_rule {
    match_kind kind;
    const char *phrase;  /* lowercase; WHOLE, PREFIX, CONTAINS */
    int (*match)(const furniture_line *l); /* FUNC */
    size_t max_words;
    unsigned flags;      /* LEAD, PROSE */
} furniture_rule;

/* ------------------------------------------------------------ matchers */

static int starts_with(const char *s, size_t n, const char *prefix)
{
    size_t p = strlen(prefix);
    return n >= p && memcmp(s, prefix, p) == 0;
}

/* "by John Smith", "BY JOHN SMITH Staff Writer", "By Jane Doe, BBC News",
 * "By Ana de la Cruz and Li Wei": "By", then capitalised name words (or name
 * particles) up to the end or a separator (a word ending in ',', "and", "&",
 * "-", "|", "/"). "By Monday the deal was done" fails at "the". */
static int match_byline(const furniture_line *l)
{
    static const char *const particles[] = {"de", "da", "di", "du", "van", "von", "der", "den",
                                            "la", "le", "al", "el", "bin", "ibn", "del", "dos"};
    static const char *const separators[] = {"and", "&", "-", "|", "/", "\xe2\x80\x93"};
    const char *t = l->text;
    size_t n = l->len, i = 0, names = 0;
    if (n < 4 || tolower((unsigned char)t[0]) != 'b' || tolower((unsigned char)t[1]) != 'y' ||
        !px_space_len(t + 2, n - 2))
        return 0;
    i = 2;
    for (;;) {
        size_t k;
        while (i < n && (k = px_space_len(t + i, n - i)) > 0)
            i += k;
        if (i >= n)
            return names > 0;
        size_t w = i;
        while (w < n && !px_space_len(t + w, n - w))
            w++;
        for (size_t s = 0; s < sizeof separators / sizeof separators[0]; s++)
            if (w - i == strlen(separators[s]) && memcmp(t + i, separators[s], w - i) == 0)
                return names > 0;
        int32_t cp;
        px_utf8_next(t + i, w - i, &cp);
        int name = px_char_is_upper(cp);
        for (size_t p = 0; !name && p < sizeof particles / sizeof particles[0]; p++)
            name = w - i == strlen(particles[p]) && memcmp(t + i, particles[p], w - i) == 0;
        if (!name)
            return 0;
        names++;
        if (t[w - 1] == ',')
            return 1;
        i = w;
    }
}

/* "Follow us on Twitter", "Follow BBC News on Facebook and Instagram". */
static int match_follow(const furniture_line *l)
{
    static const char *const networks[] = {"twitter", "facebook", "instagram", "linkedin",
                                           "youtube", "tiktok", "bluesky", "mastodon", "threads",
                                           "social media", "rss", "@", " x "};
    if (!starts_with(l->norm, l->norm_len, "follow "))
        return 0;
    for (size_t k = 0; k < sizeof networks / sizeof networks[0]; k++)
        if (strstr(l->norm, networks[k]))
            return 1;
    return 0;
}

/* "Published: 2005/03/14 10:12:44 GMT", "Last updated: 14 March, 2005",
 * "Page last updated at 10:12 GMT, Monday", "Posted on Monday": the key, then
 * a colon, "at"/"on", a number, or a day or month name. */
static int match_dateline(const furniture_line *l)
{
    static const char *const keys[] = {"page last updated", "last updated", "first published",
                                       "last modified", "published", "updated", "posted", "date"};
    static const char *const names[] = {"monday", "tuesday", "wednesday", "thursday", "friday",
                                        "saturday", "sunday", "january", "february", "march",
                                        "april", "may", "june", "july", "august", "september",
                                        "october", "november", "december"};
    for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
        if (!starts_with(l->norm, l->norm_len, keys[k]))
            continue;
        const char *r = l->norm + strlen(keys[k]);
        if (*r == ':')
            return 1;
        if (*r != ' ')
            return 0;
        r++;
        if (isdigit((unsigned char)*r) || strncmp(r, "at ", 3) == 0 || strncmp(r, "on ", 3) == 0)
            return 1;
        /* a day or month name, or a prefix of one of at least 3 letters:
         * "Mon", "Sept", "March" (but not "monthly") */
        size_t w = 0;
        while (isalpha((unsigned char)r[w]))
            w++;
        for (size_t d = 0; w >= 3 && d < sizeof names / sizeof names[0]; d++)
            if (strlen(names[d]) >= w && strncmp(r, names[d], w) == 0)
                return 1;
        return 0;
    }
    return 0;
}

/* "(c) 2005 Associated Press": "(c)" and a year. Not "(c) The committee
 * shall ..." or "(C)(1)", list items of legal text. */
static int match_c_copyright(const furniture_line *l)
{
    return starts_with(l->norm, l->norm_len, "(c) ") && isdigit((unsigned char)l->norm[4]);
}

/* A line that is only a URL: "http://news.bbc.co.uk/1/hi/4340000.stm",
 * "www.example.com", "<https://example.org/x>". */
static int match_url(const furniture_line *l)
{
    for (size_t i = 0; i < l->len; i++)
        if (px_space_len(l->text + i, l->len - i))
            return 0;
    const char *n = l->norm;
    while (*n == '<' || *n == '(' || *n == '[')
        n++;
    return strstr(n, "://") != NULL || strncmp(n, "www.", 4) == 0;
}

/* The table. Each row says what it catches; the flags are explained above. */
static const furniture_rule RULES[] = {
    /* Site chrome before the story: "Skip to content", "Skip to main navigation". */
    {PREFIX, "skip to", NULL, 6, LEAD},
    /* "Jump to navigation", "Jump to media player". */
    {PREFIX, "jump to", NULL, 5, 0},
    /* Sharing buttons: "Share this article", "Share this page", "Share". */
    {PREFIX, "share this", NULL, 4, LEAD},
    {WHOLE, "share", NULL, 1, LEAD},
    {WHOLE, "share article", NULL, 2, LEAD},
    /* "Share on Facebook", "Share via email". */
    {PREFIX, "share on", NULL, 5, LEAD},
    {PREFIX, "share via", NULL, 4, LEAD},
    /* Advertising slots. */
    {WHOLE, "advertisement", NULL, 1, LEAD},
    {WHOLE, "advert", NULL, 1, LEAD},
    {WHOLE, "sponsored", NULL, 1, LEAD},
    {WHOLE, "sponsored content", NULL, 2, LEAD},
    /* "Story continues below advertisement", "Continue reading the main story". */
    {PREFIX, "story continues below", NULL, 5, LEAD},
    {PREFIX, "continue reading", NULL, 6, LEAD},
    /* Reader-comment prompts: "Have your say", "Have your say: is the ban fair?". */
    {PREFIX, "have your say", NULL, 12, 0},
    /* "Follow us on Twitter", "Follow Jane on Facebook" (see match_follow). */
    {FUNC, NULL, match_follow, 15, 0},
    {PREFIX, "like us on facebook", NULL, 8, 0},
    /* Links to other stories: "Read more: Why prices rose", "Find out more". */
    {PREFIX, "read more", NULL, 20, 0},
    {PREFIX, "read the full story", NULL, 10, 0},
    {PREFIX, "find out more", NULL, 12, 0},
    {PREFIX, "see also", NULL, 12, 0},
    /* Headings of link boxes: "Related Topics", "More on this story". */
    {WHOLE, "related topics", NULL, 2, LEAD},
    {WHOLE, "related stories", NULL, 2, LEAD},
    {WHOLE, "related links", NULL, 2, LEAD},
    {WHOLE, "related articles", NULL, 2, LEAD},
    {WHOLE, "related content", NULL, 2, LEAD},
    {WHOLE, "related internet links", NULL, 3, LEAD},
    {WHOLE, "more on this story", NULL, 4, LEAD},
    {WHOLE, "top stories", NULL, 2, LEAD},
    {WHOLE, "most popular", NULL, 2, LEAD},
    {WHOLE, "most read", NULL, 2, LEAD},
    /* Picture and video captions and credits; captions may be whole sentences. */
    {PREFIX, "image caption", NULL, 40, LEAD | PROSE},
    {PREFIX, "media caption", NULL, 40, LEAD | PROSE},
    {PREFIX, "video caption", NULL, 40, LEAD | PROSE},
    {PREFIX, "image copyright", NULL, 10, LEAD | PROSE},
    {PREFIX, "image source", NULL, 10, LEAD | PROSE},
    {PREFIX, "photo:", NULL, 30, LEAD | PROSE},
    {PREFIX, "photograph:", NULL, 30, LEAD | PROSE},
    {PREFIX, "picture:", NULL, 30, LEAD | PROSE},
    {WHOLE, "getty images", NULL, 2, LEAD},
    /* Newsletter prompts: "Sign up for our morning briefing", "Subscribe now". */
    {PREFIX, "sign up", NULL, 15, 0},
    {PREFIX, "subscribe", NULL, 12, 0},
    /* "Click here to see the full report". */
    {PREFIX, "click here", NULL, 20, LEAD},
    /* Copyright notices: "Copyright 2005 Reuters. All rights reserved.",
     * "(c) 2005 Associated Press", "© BBC MMV". */
    {PREFIX, "copyright", NULL, 25, LEAD | PROSE},
    {FUNC, NULL, match_c_copyright, 25, LEAD | PROSE},
    {PREFIX, "\xc2\xa9", NULL, 25, LEAD | PROSE},
    {CONTAINS, "all rights reserved", NULL, 25, LEAD | PROSE},
    /* Bylines (see match_byline) and agency credits. */
    {FUNC, NULL, match_byline, 12, 0},
    {PREFIX, "reporting by", NULL, 20, PROSE},
    {PREFIX, "additional reporting by", NULL, 20, PROSE},
    {PREFIX, "editing by", NULL, 20, PROSE},
    {PREFIX, "compiled by", NULL, 12, 0},
    /* Datelines: "Published: ...", "Last updated: ..." (see match_dateline). */
    {FUNC, NULL, match_dateline, 15, LEAD},
    /* Mail and print tools. */
    {WHOLE, "email this to a friend", NULL, 5, LEAD},
    {WHOLE, "e-mail this to a friend", NULL, 5, LEAD},
    {PREFIX, "email this", NULL, 5, LEAD},
    {PREFIX, "e-mail this", NULL, 5, LEAD},
    {WHOLE, "printable version", NULL, 2, LEAD},
    {PREFIX, "print this", NULL, 4, LEAD},
    {WHOLE, "print", NULL, 1, LEAD},
    /* Audio and video promos: "Listen to the interview", "Watch: the moment ...". */
    {PREFIX, "listen", NULL, 12, 0},
    {PREFIX, "watch", NULL, 12, 0},
    /* The old BBC page footer "Story from BBC NEWS:". */
    {PREFIX, "story from", NULL, 6, LEAD},
    /* Page navigation and tagging. */
    {WHOLE, "back to top", NULL, 3, LEAD},
    {WHOLE, "next page", NULL, 2, LEAD},
    {WHOLE, "previous page", NULL, 2, LEAD},
    {PREFIX, "tags:", NULL, 20, LEAD},
    {PREFIX, "filed under", NULL, 20, LEAD},
    /* A line that is only a URL (see match_url). */
    {FUNC, NULL, match_url, 1, LEAD | PROSE},
};

/* ------------------------------------------------------------ normalizing */

/* Length of a decoration character at s: marks that frame furniture
 * ("» Share", "Read more >", "• Related") but carry no words. */
static size_t decoration_len(const char *s, size_t n)
{
    static const char *const marks[] = {"\xc2\xbb", "\xc2\xab", "\xc2\xb7", "\xe2\x80\xba",
                                        "\xe2\x80\xb9", "\xe2\x80\xa2", "\xe2\x96\xb6",
                                        "\xe2\x96\xba", "\xe2\x86\x92", "\xe2\x80\x94",
                                        "\xe2\x80\x93"};
    if (n && s[0] && strchr(" -|>*:.,;!~=_", s[0]))
        return 1;
    for (size_t k = 0; k < sizeof marks / sizeof marks[0]; k++) {
        size_t m = strlen(marks[k]);
        if (n >= m && memcmp(s, marks[k], m) == 0)
            return m;
    }
    return 0;
}

/* ASCII-lowercased, spaces collapsed, decorations trimmed off both ends. */
static void normalize(furniture_line *l)
{
    size_t o = 0, i = 0;
    while (i < l->len) {
        size_t k = px_space_len(l->text + i, l->len - i);
        if (k) {
            if (o && l->norm[o - 1] != ' ')
                l->norm[o++] = ' ';
            i += k;
        } else {
            l->norm[o++] = (char)tolower((unsigned char)l->text[i++]);
        }
    }
    size_t a = 0, k;
    while (a < o && (k = decoration_len(l->norm + a, o - a)) > 0)
        a += k;
    for (;;) {
        size_t before = o;
        for (size_t m = 1; m <= 3 && m <= o - a; m++)
            if (decoration_len(l->norm + o - m, m) == m) {
                o -= m;
                break;
            }
        if (o == before)
            break;
    }
    memmove(l->norm, l->norm + a, o - a);
    l->norm_len = o - a;
    l->norm[l->norm_len] = '\0';
}

/* ------------------------------------------------------------ judging */

static int ends_with_full_stop(const char *t, size_t n)
{
    while (n && (t[n - 1] == '"' || t[n - 1] == '\'' || t[n - 1] == ')'))
        n--;
    return n && t[n - 1] == '.' && (n == 1 || t[n - 2] != '.');
}

/* A terminal mark, whitespace, then an uppercase letter: a second sentence. */
static int several_sentences(const char *t, size_t n)
{
    for (size_t i = 0; i + 2 < n; i++) {
        if (t[i] != '.' && t[i] != '!' && t[i] != '?')
            continue;
        size_t k = px_space_len(t + i + 1, n - i - 1);
        if (k && i + 1 + k < n) {
            int32_t cp;
            px_utf8_next(t + i + 1 + k, n - i - 1 - k, &cp);
            if (px_char_is_upper(cp))
                return 1;
        }
    }
    return 0;
}

static int rule_matches(const furniture_rule *r, const furniture_line *l)
{
    const char *s = l->norm;
    size_t n = l->norm_len, p = r->phrase ? strlen(r->phrase) : 0;
    switch (r->kind) {
    case WHOLE:
        return n == p && memcmp(s, r->phrase, p) == 0;
    case PREFIX:
        /* a phrase ending in a letter must end a word there: "watch", not "watchdog" */
        return starts_with(s, n, r->phrase) &&
               (n == p || !isalnum((unsigned char)r->phrase[p - 1]) || !isalpha((unsigned char)s[p]));
    case CONTAINS:
        return strstr(s, r->phrase) != NULL;
    case FUNC:
        return r->match(l);
    }
    return 0;
}

int px_is_furniture(const char *line, size_t len, int before_headline)
{
    if (px_is_web_furniture(line, len, before_headline))
        return 1;
    if (len == 0 || len > FURNITURE_MAX_BYTES)
        return 0;
    furniture_line l = {.text = line, .len = len};
    normalize(&l);
    if (l.norm_len == 0)
        return 0;
    size_t words = precis_count_words(line, len);
    int prose = ends_with_full_stop(line, len) || several_sentences(line, len);
    for (size_t k = 0; k < sizeof RULES / sizeof RULES[0]; k++) {
        const furniture_rule *r = &RULES[k];
        if ((before_headline && !(r->flags & LEAD)) || words > r->max_words ||
            (prose && !(r->flags & PROSE)))
            continue;
        if (rule_matches(r, &l))
            return 1;
    }
    return 0;
}
