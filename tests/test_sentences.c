/*
 * test_sentences.c — model/sentences.c and model/furniture.c: headline,
 * paragraphs, sentence boundaries, page furniture, word counts, and that no
 * input (empty, binary, 10 MB without punctuation, failing allocations) makes
 * the splitter crash, hang or leak.
 *
 * Every expectation is written by hand from the rules documented at the top
 * of model/sentences.c and model/furniture.c, not copied from the splitter's
 * output; fixtures/sentences/scraped-page.expected likewise.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "precis.h"
#include "testutil.h"

/* ------------------------------------------------------------ helpers */

static int is_space_byte(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

/* What must hold for any article: ranges inside the text, in order, without
 * overlap, trimmed, non-empty; paragraphs non-decreasing without gaps.
 * Checked in plain C and asserted once per broken rule, naming the sentence:
 * every passing ck_assert costs Check a write to its parent (its "last
 * point reached"), which over the 2.6 million sentences of the 10 MB cases
 * took most of this program's 47 s (and 120 s under ASan). */
static const char *broken_invariant(const precis_article *a, size_t *at)
{
    size_t prev_end = 0, prev_para = 0;
    for (size_t i = 0; i < a->n_sentences; i++) {
        const precis_sentence *s = &a->sentences[i];
        *at = i;
        if (s->len == 0)
            return "empty sentence";
        if (s->start + s->len > a->len || s->start + s->len < s->start)
            return "sentence past the text";
        if (s->start < prev_end)
            return "sentence overlaps the one before";
        if (is_space_byte(a->text[s->start]) || is_space_byte(a->text[s->start + s->len - 1]))
            return "sentence not trimmed";
        if (i == 0 ? s->paragraph != 0
                   : !(s->paragraph == prev_para || s->paragraph == prev_para + 1))
            return "paragraph number skips or goes back";
        if (s->is_furniture != 0 && s->is_furniture != 1)
            return "is_furniture not 0 or 1";
        if (a->headline_len && s->start == a->headline_start)
            return "the headline is also a body sentence";
        prev_end = s->start + s->len;
        prev_para = s->paragraph;
    }
    return NULL;
}

static void check_invariants(const precis_article *a)
{
    ck_assert_ptr_nonnull(a->text);
    ck_assert_uint_eq(strlen(a->text), a->len);
    ck_assert_uint_le(a->headline_start + a->headline_len, a->len);
    size_t at = 0;
    const char *broken = broken_invariant(a, &at);
    ck_assert_msg(broken == NULL, "sentence %zu of %zu: %s", at, a->n_sentences, broken);
}

/* The longest sentence, for the bounded-length checks (one assertion). */
static size_t longest_sentence(const precis_article *a)
{
    size_t longest = 0;
    for (size_t i = 0; i < a->n_sentences; i++)
        longest = a->sentences[i].len > longest ? a->sentences[i].len : longest;
    return longest;
}

static precis_article *split_ok(const char *bytes, size_t len)
{
    precis_article *a = NULL;
    precis_error err = {0};
    int rc = precis_article_split(&a, bytes, len, &err);
    ck_assert_msg(rc == PRECIS_OK, "split failed: %s", err.message);
    check_invariants(a);
    return a;
}

static precis_article *split_str(const char *s) { return split_ok(s, strlen(s)); }

static int sentence_is(const precis_article *a, size_t i, const char *want)
{
    const precis_sentence *s = &a->sentences[i];
    return s->len == strlen(want) && memcmp(a->text + s->start, want, s->len) == 0;
}

static int headline_is(const precis_article *a, const char *want)
{
    if (!want)
        return a->headline_len == 0;
    return a->headline_len == strlen(want) && memcmp(a->text + a->headline_start, want, a->headline_len) == 0;
}

/* Prints what the splitter made, for failure messages. */
static const char *describe(const precis_article *a)
{
    static char buf[8192];
    size_t o = 0;
    o += (size_t)snprintf(buf + o, sizeof buf - o, "headline [%.*s];", (int)a->headline_len,
                          a->text + a->headline_start);
    for (size_t i = 0; i < a->n_sentences && o < sizeof buf - 1; i++) {
        const precis_sentence *s = &a->sentences[i];
        o += (size_t)snprintf(buf + o, sizeof buf - o, " %zu%s[%.*s]", s->paragraph,
                              s->is_furniture ? "F" : "", (int)s->len, a->text + s->start);
    }
    return buf;
}

/* ------------------------------------------------------------ sentence boundaries */

typedef struct split_case {
    const char *name;
    const char *body;          /* the article body; "Test headline\n\n" is put before it */
    const char *expect[12];    /* its sentences, NULL-terminated */
} split_case;

static const split_case SPLIT_CASES[] = {
    {"plain", "One comes first. Two follows.", {"One comes first.", "Two follows."}},
    {"dateline with agency tag", "LONDON (Reuters) - Shares fell on Monday. Oil rose.",
     {"Shares fell on Monday.", "Oil rose."}},
    {"agency tag alone", "(CNN) -- The storm hit the coast. It rained.",
     {"The storm hit the coast.", "It rained."}},
    {"dateline with a country", "BEIJING, China (CNN) -- Talks began today.", {"Talks began today."}},
    {"dateline with an em dash", "WASHINGTON \xe2\x80\x94 The Senate voted.", {"The Senate voted."}},
    {"agency tag glued to its dash", "(CNN)-- Glued tags go too.", {"Glued tags go too."}},
    {"short capitals then a dash are text", "US - China talks resumed. They ended.",
     {"US - China talks resumed.", "They ended."}},
    {"a capitalized word then a dash is text", "Bread - the staple - costs more.",
     {"Bread - the staple - costs more."}},
    {"a dateline only opens the body", "Rain fell. LONDON - Storms hit.",
     {"Rain fell.", "LONDON - Storms hit."}},
    {"quote after the full stop", "He said \"no.\" Then he left.",
     {"He said \"no.\"", "Then he left."}},
    {"nested quotes", "\"He told me 'I am leaving.'\" Then she wept.",
     {"\"He told me 'I am leaving.'\"", "Then she wept."}},
    {"question inside quotes, lowercase after", "\"Why?\" he asked. \"Because,\" she said.",
     {"\"Why?\" he asked.", "\"Because,\" she said."}},
    {"runs of ?! and !!!", "Really?! Yes. Wow!!! Done.", {"Really?!", "Yes.", "Wow!!!", "Done."}},
    {"ellipsis then capital", "He paused... Then he spoke.", {"He paused...", "Then he spoke."}},
    {"ellipsis then lowercase", "He paused... and then he spoke.", {"He paused... and then he spoke."}},
    {"unicode ellipsis", "Wait\xe2\x80\xa6 Then go. Wait\xe2\x80\xa6 and go.",
     {"Wait\xe2\x80\xa6", "Then go.", "Wait\xe2\x80\xa6 and go."}},
    {"spaced ellipsis", "It was a strange match . . . momentum swings. Next.",
     {"It was a strange match . . . momentum swings.", "Next."}},
    {"titles", "Mr. Smith met Dr. Jones and Prof. Brown. They talked.",
     {"Mr. Smith met Dr. Jones and Prof. Brown.", "They talked."}},
    {"military and civic titles",
     "Gen. Lee, Col. Mustard, Lt. Dan, Sgt. Pepper and Capt. Kirk met Rev. Green. Gov. Brown and "
     "Sen. Warren came. Rep. Lewis spoke.",
     {"Gen. Lee, Col. Mustard, Lt. Dan, Sgt. Pepper and Capt. Kirk met Rev. Green.",
      "Gov. Brown and Sen. Warren came.", "Rep. Lewis spoke."}},
    {"company suffix mid-sentence", "Apple Inc. reported profits. Acme Ltd. said no.",
     {"Apple Inc. reported profits.", "Acme Ltd. said no."}},
    {"company suffix at the end", "He works for Acme Inc. The firm is big.",
     {"He works for Acme Inc.", "The firm is big."}},
    {"U.S. at the end before a sentence opener", "He lives in the U.S. The next day he left.",
     {"He lives in the U.S.", "The next day he left."}},
    {"U.S. before a capitalised name", "The U.S. President spoke. The U.K. Government agreed.",
     {"The U.S. President spoke.", "The U.K. Government agreed."}},
    {"U.N. and E.U.", "The U.N. Security Council and the E.U. Commission met. It rained.",
     {"The U.N. Security Council and the E.U. Commission met.", "It rained."}},
    {"e.g. and i.e. never end", "Fruits, e.g. Apples, are good. Colours, i.e. Red, vary.",
     {"Fruits, e.g. Apples, are good.", "Colours, i.e. Red, vary."}},
    {"etc.", "Pens, pencils, etc. are sold. We sell pens etc. The shop is open.",
     {"Pens, pencils, etc. are sold.", "We sell pens etc.", "The shop is open."}},
    {"vs.", "It was Smith vs. Jones. Jones won.", {"It was Smith vs. Jones.", "Jones won."}},
    {"a.m. and p.m.", "It opens at 9 a.m. Monday. It closes at 5 p.m. The staff go home.",
     {"It opens at 9 a.m. Monday.", "It closes at 5 p.m.", "The staff go home."}},
    {"No. before a number", "He lives at No. 10 Downing Street. He said no. Then he left.",
     {"He lives at No. 10 Downing Street.", "He said no.", "Then he left."}},
    {"month abbreviations", "It began on Jan. 5 and ended in Feb. 2005. Sales rose in Dec. The year ended.",
     {"It began on Jan. 5 and ended in Feb. 2005.", "Sales rose in Dec.", "The year ended."}},
    {"St. Jr.", "He lives on Main St. The house is red. St. Paul's is old. Sammy Davis Jr. sang.",
     {"He lives on Main St.", "The house is red.", "St. Paul's is old.", "Sammy Davis Jr. sang."}},
    {"acronyms are not abbreviations", "It helps patients with MS. Final approval came. He told the FT. But it was denied.",
     {"It helps patients with MS.", "Final approval came.", "He told the FT.", "But it was denied."}},
    {"capitals throughout", "THE ECONOMY GREW. MR. SMITH SAID SO.", {"THE ECONOMY GREW.", "MR. SMITH SAID SO."}},
    {"initials", "J. K. Rowling wrote it. George W. Bush read it.",
     {"J. K. Rowling wrote it.", "George W. Bush read it."}},
    {"single letter before a sentence opener", "He took vitamin C. The cold went.",
     {"He took vitamin C.", "The cold went."}},
    {"decimals", "Growth was 2.5% last year. It sold 3.5m units.",
     {"Growth was 2.5% last year.", "It sold 3.5m units."}},
    {"currency", "Profits hit $1.4bn. Costs were \xc2\xa3" "3.2m. Shares fell.",
     {"Profits hit $1.4bn.", "Costs were \xc2\xa3" "3.2m.", "Shares fell."}},
    {"times", "We met at 10.30am. It was late.", {"We met at 10.30am.", "It was late."}},
    {"versions", "Version v2.0 is out. Upgrade to 3.1.4 now.", {"Version v2.0 is out.", "Upgrade to 3.1.4 now."}},
    {"URLs", "Visit www.example.com for more. See http://bbc.co.uk/news/1.stm today. Go to bbc.co.uk. The end.",
     {"Visit www.example.com for more.", "See http://bbc.co.uk/news/1.stm today.", "Go to bbc.co.uk.", "The end."}},
    {"e-mail addresses", "Write to john.Smith@example.co.uk today. Or call.",
     {"Write to john.Smith@example.co.uk today.", "Or call."}},
    {"missing space after a full stop", "It was the end of one.Start of the next.",
     {"It was the end of one.", "Start of the next."}},
    {"missing space: not in U.S. e.g. Ph.D. names", "The U.S.Army, e.g.Paris, a Ph.D. and One.Tel, and Mr.Benn agreed.",
     {"The U.S.Army, e.g.Paris, a Ph.D. and One.Tel, and Mr.Benn agreed."}},
    {"missing space after a closing quote", "He said \"no.\"Then he left.", {"He said \"no.\"", "Then he left."}},
    {"missing space before an opening quote", "It ended.\"Now we go,\" he said.",
     {"It ended.", "\"Now we go,\" he said."}},
    {"detached closing quote", "He said: \"It is over. \" Then he left.",
     {"He said: \"It is over. \"", "Then he left."}},
    {"lowercase after a full stop", "The price is 5 dollars. and it rose.", {"The price is 5 dollars. and it rose."}},
    {"camel-cased names start sentences", "He founded eBay. iPod sales rose.", {"He founded eBay.", "iPod sales rose."}},
    {"non-English capitals", "Il est arriv\xc3\xa9 \xc3\xa0 l'\xc3\x89lys\xc3\xa9" "e. \xc3\x89lisabeth l'attendait. \xc3\x9c" "ber alles.",
     {"Il est arriv\xc3\xa9 \xc3\xa0 l'\xc3\x89lys\xc3\xa9" "e.", "\xc3\x89lisabeth l'attendait.", "\xc3\x9c" "ber alles."}},
    {"unicode quotes", "\xe2\x80\x9cIt is over.\xe2\x80\x9d Then he left. \xe2\x80\x98Yes.\xe2\x80\x99 She nodded.",
     {"\xe2\x80\x9cIt is over.\xe2\x80\x9d", "Then he left.", "\xe2\x80\x98Yes.\xe2\x80\x99", "She nodded."}},
    {"brackets", "He left (finally.) Then she came. (It was late.) Done.",
     {"He left (finally.)", "Then she came.", "(It was late.)", "Done."}},
    {"number markers within a line", "1. The first point is cost. 2. The second is time. He scored 2. Then he left.",
     {"1. The first point is cost.", "2. The second is time.", "He scored 2.", "Then he left."}},
    {"ideographic full stops need no space", "\xe4\xbb\x8a\xe6\x97\xa5\xe3\x80\x82\xe6\x98\x8e\xe6\x97\xa5\xe3\x80\x82",
     {"\xe4\xbb\x8a\xe6\x97\xa5\xe3\x80\x82", "\xe6\x98\x8e\xe6\x97\xa5\xe3\x80\x82"}},
    {"hard-wrapped paragraph", "This sentence is\nwrapped over lines. And this\none too.\n\nNext part.",
     {"This sentence is\nwrapped over lines.", "And this\none too.", "Next part."}},
    {"bullets", "Key points:\n- Taxes rise\n\xe2\x80\xa2 Spending falls\n\nMore text.",
     {"Key points:", "Taxes rise", "Spending falls", "More text."}},
    {"numbered lines", "Steps:\n1. Open the box\n2) Take it out\n\nEnd.",
     {"Steps:", "1. Open the box", "2) Take it out", "End."}},
    {"punctuation-only sentences dropped", "Hello.\n\n* * *\n\n\xe2\x80\x94\n\nBye.", {"Hello.", "Bye."}},
    {"no full stop at the end of a paragraph", "No full stop here\n\nNext part.", {"No full stop here", "Next part."}},
};

#define N_SPLIT_CASES (sizeof SPLIT_CASES / sizeof SPLIT_CASES[0])

START_TEST(split_cases)
{
    const split_case *c = &SPLIT_CASES[_i];
    char buf[4096];
    snprintf(buf, sizeof buf, "Test headline\n\n%s", c->body);
    precis_article *a = split_str(buf);
    size_t n = 0;
    while (c->expect[n])
        n++;
    ck_assert_msg(headline_is(a, "Test headline"), "%s: %s", c->name, describe(a));
    ck_assert_msg(a->n_sentences == n, "%s: want %zu sentences, got %s", c->name, n, describe(a));
    for (size_t i = 0; i < n; i++) {
        ck_assert_msg(sentence_is(a, i, c->expect[i]), "%s: sentence %zu should be [%s]; got %s", c->name,
                      i, c->expect[i], describe(a));
        ck_assert_msg(!a->sentences[i].is_furniture, "%s: %zu is not furniture", c->name, i);
    }
    precis_article_free(a);
}
END_TEST

/* ------------------------------------------------------------ headline */

typedef struct headline_case {
    const char *name;
    const char *text;
    const char *headline;   /* NULL: none */
    size_t n_sentences;
} headline_case;

static const headline_case HEADLINE_CASES[] = {
    {"ordinary", "Ad sales boost profit\n\nProfits rose. Sales rose.", "Ad sales boost profit", 2},
    {"leading blank lines and spaces", "\n\n \t Padded headline \xc2\xa0 \n\nBody here.", "Padded headline", 1},
    {"one line is all body", "Just one line here. And a second sentence.", NULL, 2},
    {"a title with nothing after it is body", "Title only\n\n  \n", NULL, 1},
    {"question headline with two sentences", "Crisis? What crisis?\n\nThe minister denied it.",
     "Crisis? What crisis?", 1},
    {"a short first line ending with a full stop is body", "Man bites dog.\n\nIt happened on Monday.",
     NULL, 2},
    {"an article that opens with its lede keeps it",
     "The council voted on Tuesday to close the library.\n"
     "The library opened in 1902 and lends 40,000 books a year.",
     NULL, 2},
    {"a headline ending with initials", "Minister flies to the U.S.\n\nThe minister left on Monday.",
     "Minister flies to the U.S.", 1},
    {"a headline glued to a longer paragraph", "Storm hits coast\nA storm hit the coast on Monday, "
     "closing roads and schools.", "Storm hits coast", 1},
    {"a short line glued to a line no longer is body", "Eggs and milk\nFlour and sugar\nButter", NULL, 3},
    {"first line of several sentences", "The firm said profits rose. Shares jumped.\nMore text follows.", NULL, 3},
    {"first line one long sentence with a full stop",
     "Shares in the company rose sharply on Monday after it reported better than expected profits.\n"
     "Analysts were surprised.",
     NULL, 2},
    {"first line too long",
     "An extremely long first line without any final punctuation that goes on and on and on and on and on "
     "and on and on and on and on and on and on and on and on and on and on and on and on and on and on and "
     "on and on\nSecond line.",
     NULL, 2},
    {"leading furniture is skipped", "Skip to content\nReal headline\n\nBody.", "Real headline", 2},
    {"a headline that looks like a promo stays", "Watch out for the robots\n\nThey are coming.",
     "Watch out for the robots", 1},
    {"CRLF", "Headline\r\n\r\nOne. Two.\r\n\r\nThree.", "Headline", 3},
    {"lone CR", "Headline\r\rOne. Two.\r\rThree.", "Headline", 3},
    {"empty", "", NULL, 0},
    {"whitespace only", " \n\t\r\n \xc2\xa0 \xe3\x80\x80\n", NULL, 0},
};

#define N_HEADLINE_CASES (sizeof HEADLINE_CASES / sizeof HEADLINE_CASES[0])

START_TEST(headline_cases)
{
    const headline_case *c = &HEADLINE_CASES[_i];
    precis_article *a = split_str(c->text);
    ck_assert_msg(headline_is(a, c->headline), "%s: want headline [%s]; got %s", c->name,
                  c->headline ? c->headline : "(none)", describe(a));
    ck_assert_msg(a->n_sentences == c->n_sentences, "%s: want %zu sentences; got %s", c->name,
                  c->n_sentences, describe(a));
    precis_article_free(a);
}
END_TEST

START_TEST(headline_decoding)
{
    /* Latin-1 and a NUL: decoded, NUL read as a space. */
    const char bytes[] = "Caf\xe9\0news\n\nThe caf\xe9 opened.";
    precis_article *a = split_ok(bytes, sizeof bytes - 1);
    ck_assert(headline_is(a, "Caf\xc3\xa9 news"));
    ck_assert_uint_eq(a->n_sentences, 1);
    ck_assert(sentence_is(a, 0, "The caf\xc3\xa9 opened."));
    precis_article_free(a);

    /* A UTF-8 BOM is dropped. */
    a = split_str("\xef\xbb\xbfHeadline\n\nBody.");
    ck_assert(headline_is(a, "Headline"));
    ck_assert_uint_eq(a->headline_start, 0);
    precis_article_free(a);
}
END_TEST

/* ------------------------------------------------------------ paragraphs */

static void check_paragraphs(const char *text, const size_t *want, size_t n)
{
    precis_article *a = split_str(text);
    ck_assert_msg(a->n_sentences == n, "want %zu sentences; got %s", n, describe(a));
    for (size_t i = 0; i < n; i++)
        ck_assert_msg(a->sentences[i].paragraph == want[i], "sentence %zu: paragraph %zu, want %zu (%s)", i,
                      a->sentences[i].paragraph, want[i], describe(a));
    precis_article_free(a);
}

START_TEST(paragraph_numbers)
{
    /* Blank lines separate paragraphs; several blank lines count as one. */
    check_paragraphs("H\n\nA one. A two.\n\nB one.\n\n\n\nC one.", (size_t[]){0, 0, 1, 2}, 4);
    /* No blank line in the body: every line is a paragraph. */
    check_paragraphs("H\nA one.\nB one. B two.\nC one.", (size_t[]){0, 1, 1, 2}, 4);
    /* Only the headline's blank line: the body has none, so lines are paragraphs. */
    check_paragraphs("H\n\nA one.\nB one.\nC one.", (size_t[]){0, 1, 2}, 3);
    /* Blank lines in the body: lines between them are one (hard-wrapped) paragraph. */
    check_paragraphs("H\nA one\ncontinues. A two.\n\nB one.", (size_t[]){0, 0, 1}, 3);
    /* Numbers have no gaps where a paragraph yields nothing. */
    check_paragraphs("H\n\nA.\n\n* * *\n\n- - -\n\nB one.", (size_t[]){0, 1}, 2);
    /* Numbered paragraphs keep their numbers as content. */
    check_paragraphs("H\n\n1. First point.\n\n2. Second point. More.\n\n10. Tenth point.",
                     (size_t[]){0, 1, 1, 2}, 4);
    /* A sentence never spans two paragraphs. */
    check_paragraphs("H\nno full stop\nsecond line.", (size_t[]){0, 1}, 2);
}
END_TEST

START_TEST(paragraph_text)
{
    precis_article *a = split_str("H\n\n1. First point.\n\n2. Second point. More.");
    ck_assert(sentence_is(a, 0, "1. First point."));
    ck_assert(sentence_is(a, 1, "2. Second point."));
    ck_assert(sentence_is(a, 2, "More."));
    precis_article_free(a);
}
END_TEST

/* ------------------------------------------------------------ furniture */

typedef struct furniture_case {
    const char *line;
    int furniture;
} furniture_case;

static const furniture_case FURNITURE_CASES[] = {
    {"Share this article", 1},
    {"Share this", 1},
    {"\xc2\xbb Share this page", 1},
    {"Have your say", 1},
    {"Advertisement", 1},
    {"Follow us on Twitter", 1},
    {"Follow BBC News on Facebook and Instagram", 1},
    {"Read more: Why prices are rising", 1},
    {"Related Topics", 1},
    {"Image caption The minister arrives in Brussels", 1},
    {"Media caption Watch the moment the bridge collapsed.", 1},
    {"Sign up for our morning newsletter", 1},
    {"Click here for the full report", 1},
    {"Copyright 2005 Reuters. All rights reserved.", 1},
    {"(c) 2005 Associated Press", 1},
    {"\xc2\xa9 BBC MMV", 1},
    {"All rights reserved.", 1},
    {"By John Smith", 1},
    {"By John Smith, BBC News", 1},
    {"By JOHN SMITH Staff Writer", 1},
    {"By Ana de la Cruz and Li Wei", 1},
    {"Published: 2005/03/14 10:12:44 GMT", 1},
    {"Last updated: 14 March 2005", 1},
    {"Page last updated at 10:12 GMT, Monday, 14 March 2005", 1},
    {"Email this to a friend", 1},
    {"E-mail this to a friend", 1},
    {"Printable version", 1},
    {"Subscribe to our newsletter", 1},
    {"Listen to the interview", 1},
    {"Watch: the moment the roof fell", 1},
    {"Skip to content", 1},
    {"Story from BBC NEWS:", 1},
    {"Reporting by Jane Doe; Editing by John Roe", 1},
    {"http://news.bbc.co.uk/1/hi/business/4340000.stm", 1},
    {"www.example.com", 1},
    /* content that must not be furniture */
    {"Read more about the plan in our guide, the minister said.", 0},
    {"Those who want to read more can visit the library, which opens at nine.", 0},
    {"Readers wrote in to say they liked it.", 0},
    {"Share prices rose sharply on Monday.", 0},
    {"Shares hit by drug suspension", 0},
    {"By Monday the deal was done", 0},
    {"By-election called in Hartlepool", 0},
    {"Watchdog fines bank", 0},
    {"Watch the skies, the astronomer said, because the comet will be bright tonight.", 0},
    {"Watch out for falling prices, the bank warned. Investors listened", 0},
    {"He said you should sign up for the scheme before it closes.", 0},
    {"Copyrights and patents are the firm's main assets, analysts said.", 0},
    {"Published reports suggest growth slowed", 0},
    {"Updated figures show a rise", 0},
    {"The advertisement was banned.", 0},
    {"Advertising revenue fell", 0},
    {"Listening figures rose", 0},
    {"Subscribers grew by 10%", 0},
    {"See the full story at www.example.com today.", 0},
    {"(c) The committee shall meet monthly", 0},
    {"(C)(1) EXCEPT AS PROVIDED IN DIVISION (C)(3)", 0},
    {"Published monthly by the university press", 0},
    {"Posted on Monday", 1},
    {"Updated Sept 12, 2004", 1},
};

#define N_FURNITURE_CASES (sizeof FURNITURE_CASES / sizeof FURNITURE_CASES[0])

START_TEST(furniture_cases)
{
    const furniture_case *c = &FURNITURE_CASES[_i];
    char buf[1024];
    snprintf(buf, sizeof buf, "Headline\n\nSome content here.\n\n%s\n\nMore content.", c->line);
    precis_article *a = split_str(buf);
    if (c->furniture) {
        ck_assert_msg(a->n_sentences == 3, "[%s]: %s", c->line, describe(a));
        ck_assert_msg(sentence_is(a, 1, c->line) && a->sentences[1].is_furniture,
                      "[%s] should be one furniture sentence: %s", c->line, describe(a));
    } else {
        for (size_t i = 0; i < a->n_sentences; i++)
            ck_assert_msg(!a->sentences[i].is_furniture, "[%s] is content: %s", c->line, describe(a));
    }
    ck_assert(!a->sentences[0].is_furniture && !a->sentences[a->n_sentences - 1].is_furniture);
    precis_article_free(a);
}
END_TEST

START_TEST(furniture_only_where_a_sentence_starts)
{
    /* A wrapped line that continues a sentence is not a promo. */
    precis_article *a = split_str("H\n\nThe watchers said\nWatch the skies tonight\nfor the comet.\n\nEnd.");
    for (size_t i = 0; i < a->n_sentences; i++)
        ck_assert_msg(!a->sentences[i].is_furniture, "%s", describe(a));
    precis_article_free(a);
    /* ... nor one continued by the next line in lowercase. */
    a = split_str("H\n\nHe said this.\nWatch the skies for the comet which\npeaks on Tuesday.\n\nEnd.");
    for (size_t i = 0; i < a->n_sentences; i++)
        ck_assert_msg(!a->sentences[i].is_furniture, "%s", describe(a));
    precis_article_free(a);
    /* Lines behind e-mail quoting are someone else's words: furniture
     * (furniture_web.c), whatever they hold. */
    a = split_str("H\n\n> He said this.\n> Listen: this is a known condition with\n> definite signs.\n\nEnd.");
    for (size_t i = 0; i + 1 < a->n_sentences; i++)
        ck_assert_msg(a->sentences[i].is_furniture, "%s", describe(a));
    ck_assert_msg(!a->sentences[a->n_sentences - 1].is_furniture, "%s", describe(a));
    precis_article_free(a);
    /* Furniture inside a paragraph ends the sentence before it. */
    a = split_str("H\n\nThe story ends here\nShare this article\nAnd goes on.");
    ck_assert_msg(a->n_sentences == 3, "%s", describe(a));
    ck_assert(sentence_is(a, 0, "The story ends here") && !a->sentences[0].is_furniture);
    ck_assert(sentence_is(a, 1, "Share this article") && a->sentences[1].is_furniture);
    ck_assert(sentence_is(a, 2, "And goes on.") && !a->sentences[2].is_furniture);
    precis_article_free(a);
}
END_TEST

/* The invented page in fixtures/sentences against its hand-written expectation. */
START_TEST(scraped_page_fixture)
{
    size_t len, elen;
    char *page = tu_read_file(tu_source_path("tests/fixtures/sentences/scraped-page.txt"), &len);
    char *exp = tu_read_file(tu_source_path("tests/fixtures/sentences/scraped-page.expected"), &elen);
    ck_assert_ptr_nonnull(page);
    ck_assert_ptr_nonnull(exp);
    precis_article *a = split_ok(page, len);
    size_t i = 0;
    for (char *line = strtok(exp, "\n"); line; line = strtok(NULL, "\n")) {
        if (line[0] == '#')
            continue;
        if (strncmp(line, "headline\t", 9) == 0) {
            ck_assert_msg(headline_is(a, line + 9), "%s", describe(a));
            continue;
        }
        char *kind = strchr(line, '\t');
        ck_assert_ptr_nonnull(kind);
        char *text = strchr(kind + 1, '\t');
        ck_assert_ptr_nonnull(text);
        ck_assert_msg(i < a->n_sentences, "missing sentence [%s]: %s", text + 1, describe(a));
        ck_assert_msg(sentence_is(a, i, text + 1), "sentence %zu should be [%s]: %s", i, text + 1,
                      describe(a));
        ck_assert_uint_eq(a->sentences[i].paragraph, strtoul(line, NULL, 10));
        ck_assert_int_eq(a->sentences[i].is_furniture, kind[1] == 'F');
        i++;
    }
    ck_assert_msg(i == a->n_sentences, "extra sentences: %s", describe(a));
    precis_article_free(a);
    free(page);
    free(exp);
}
END_TEST

/* ------------------------------------------------------------ words */

START_TEST(count_words)
{
    ck_assert_uint_eq(precis_count_words(NULL, 0), 0);
    ck_assert_uint_eq(precis_count_words("", 0), 0);
    ck_assert_uint_eq(precis_count_words("   \t\n", 5), 0);
    ck_assert_uint_eq(precis_count_words("one", 3), 1);
    ck_assert_uint_eq(precis_count_words(" one  two\tthree\n", 16), 3);
    ck_assert_uint_eq(precis_count_words("a\r\nb\vc\fd", 9), 4);
    ck_assert_uint_eq(precis_count_words("a\xc2\xa0" "b", 4), 2);          /* U+00A0 */
    ck_assert_uint_eq(precis_count_words("a\xe2\x80\x89" "b", 5), 2);      /* U+2009 thin space */
    ck_assert_uint_eq(precis_count_words("a\xe3\x80\x80" "b", 5), 2);      /* U+3000 */
    ck_assert_uint_eq(precis_count_words("a\xe2\x80\x8b" "b", 5), 1);      /* U+200B is not a space */
    ck_assert_uint_eq(precis_count_words("na\xc3\xafve caf\xc3\xa9", 12), 2);
    ck_assert_uint_eq(precis_count_words("\xff\xfe x \xc2", 6), 3);      /* not UTF-8 */
    ck_assert_uint_eq(precis_count_words("$1.4bn - U.S. e-mail", 20), 4);
    ck_assert_uint_eq(precis_count_words("a b c", 3), 2);                 /* only len bytes */
}
END_TEST

/* ------------------------------------------------------------ hostile input */

START_TEST(bad_arguments)
{
    precis_article *a = (precis_article *)1;
    precis_error err = {0};
    ck_assert_int_eq(precis_article_split(NULL, "x", 1, &err), PRECIS_ERR_ARG);
    ck_assert_int_eq(precis_article_split(&a, NULL, 5, &err), PRECIS_ERR_ARG);
    ck_assert_ptr_null(a);
    ck_assert_int_eq(precis_article_split(&a, NULL, 0, NULL), PRECIS_OK);
    ck_assert_uint_eq(a->n_sentences, 0);
    ck_assert_str_eq(a->text, "");
    precis_article_free(a);
    precis_article_free(NULL);
}
END_TEST

/* Deterministic pseudo-random bytes (xorshift), biased towards the characters
 * the splitter reacts to. */
static void hostile_bytes(char *buf, size_t n, unsigned seed)
{
    static const char interesting[] = ".!?\"'()\n\r \t-*\xe2\x80\xa6\xc2\xa0" "AaZz19@/:";
    uint32_t x = seed * 2654435761u + 1;
    for (size_t i = 0; i < n; i++) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        buf[i] = (x & 1) ? interesting[(x >> 8) % (sizeof interesting - 1)] : (char)(x >> 16);
    }
}

START_TEST(binary_garbage)
{
    size_t n = 1 << 16;
    char *buf = malloc(n);
    ck_assert_ptr_nonnull(buf);
    for (unsigned seed = 1; seed <= 20; seed++) {
        hostile_bytes(buf, n, seed);
        precis_article *a = split_ok(buf, n - seed * 97);
        precis_article_free(a);
    }
    free(buf);
}
END_TEST

#define BIG (10u << 20)

/* 10 MB in one line: each must finish (Check's timeout catches a hang). */
static char *big_line(const char *unit)
{
    size_t u = strlen(unit);
    char *buf = malloc(BIG + 1);
    ck_assert_ptr_nonnull(buf);
    for (size_t i = 0; i < BIG; i++)
        buf[i] = unit[i % u];
    buf[BIG] = '\0';
    return buf;
}

START_TEST(ten_megabytes_without_punctuation)
{
    char *buf = big_line("word ");
    precis_article *a = split_ok(buf, BIG);
    ck_assert(headline_is(a, NULL));
    /* Cut at whitespace into sentences of bounded length that keep every word. */
    ck_assert_uint_ge(a->n_sentences, BIG / 4096);
    ck_assert_uint_le(longest_sentence(a), 4096);
    size_t words = 0;
    for (size_t i = 0; i < a->n_sentences; i++)
        words += precis_count_words(a->text + a->sentences[i].start, a->sentences[i].len);
    ck_assert_uint_eq(words, BIG / 5);
    precis_article_free(a);
    free(buf);
}
END_TEST

START_TEST(ten_megabytes_hostile_lines)
{
    /* One token without whitespace; dots without spaces; glued sentences;
     * abbreviations; quotes; blank lines. */
    static const char *const units[] = {"x", "a.a.", "end.Start ", "U.S. ", "\"", "\n", "\r\n \n", NULL};
    char marks[400];
    /* long runs of terminal and closing marks that never end a sentence */
    memset(marks, '!', 150);
    memset(marks + 150, ')', 150);
    strcpy(marks + 300, " w");
    for (size_t k = 0; k < sizeof units / sizeof units[0]; k++) {
        char *buf = big_line(units[k] ? units[k] : marks);
        precis_article *a = split_ok(buf, BIG);
        ck_assert_uint_le(longest_sentence(a), 4096);
        precis_article_free(a);
        free(buf);
    }
}
END_TEST

START_TEST(many_short_sentences)
{
    char *buf = big_line("Go. ");
    precis_article *a = split_ok(buf, 1u << 20);
    ck_assert_uint_eq(a->n_sentences, (1u << 20) / 4);
    precis_article_free(a);
    free(buf);
}
END_TEST

/* Every allocation in turn fails: PRECIS_ERR_NOMEM, nothing returned, nothing
 * leaked (the sanitizer build checks the leaks). */
START_TEST(allocation_failures)
{
    size_t len;
    char *page = tu_read_file(tu_source_path("tests/fixtures/sentences/scraped-page.txt"), &len);
    ck_assert_ptr_nonnull(page);
    /* Enough sentences that the array grows several times. */
    size_t big_len = len * 20;
    char *big = malloc(big_len);
    ck_assert_ptr_nonnull(big);
    for (size_t i = 0; i < 20; i++)
        memcpy(big + i * len, page, len);

    precis_article *a = NULL;
    precis_error err = {0};
    px_alloc_fail_after(0, 0);
    ck_assert_int_eq(precis_article_split(&a, big, big_len, &err), PRECIS_OK);
    long total = px_alloc_count();
    size_t want = a->n_sentences;
    precis_article_free(a);
    ck_assert_int_ge(total, 4);

    for (long k = 1; k <= total + 1; k++) {
        a = (precis_article *)1;
        err.code = PRECIS_OK;
        px_alloc_fail_after(k, 1);
        int rc = precis_article_split(&a, big, big_len, &err);
        px_alloc_fail_after(0, 0);
        if (k <= total) {
            ck_assert_msg(rc == PRECIS_ERR_NOMEM, "k=%ld: status %d", k, rc);
            ck_assert_int_eq(err.code, PRECIS_ERR_NOMEM);
            ck_assert_ptr_null(a);
        } else {
            ck_assert_int_eq(rc, PRECIS_OK);
            ck_assert_uint_eq(a->n_sentences, want);
            precis_article_free(a);
        }
    }
    free(big);
    free(page);
}
END_TEST

/* ------------------------------------------------------------ suite */

static Suite *sentences_suite(void)
{
    Suite *s = suite_create("sentences");
    TCase *tc = tcase_create("rules");
    tcase_set_timeout(tc, 60);
    tcase_add_loop_test(tc, split_cases, 0, N_SPLIT_CASES);
    tcase_add_loop_test(tc, headline_cases, 0, N_HEADLINE_CASES);
    tcase_add_test(tc, headline_decoding);
    tcase_add_test(tc, paragraph_numbers);
    tcase_add_test(tc, paragraph_text);
    tcase_add_loop_test(tc, furniture_cases, 0, N_FURNITURE_CASES);
    tcase_add_test(tc, furniture_only_where_a_sentence_starts);
    tcase_add_test(tc, scraped_page_fixture);
    tcase_add_test(tc, count_words);
    tcase_add_test(tc, bad_arguments);
    suite_add_tcase(s, tc);

    TCase *hostile = tcase_create("hostile");
    tcase_set_timeout(hostile, 300);
    tcase_add_test(hostile, binary_garbage);
    tcase_add_test(hostile, ten_megabytes_without_punctuation);
    tcase_add_test(hostile, ten_megabytes_hostile_lines);
    tcase_add_test(hostile, many_short_sentences);
    tcase_add_test(hostile, allocation_failures);
    suite_add_tcase(s, hostile);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(sentences_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
