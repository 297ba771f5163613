/*
 * sentences.c — an article's bytes to headline, paragraphs and sentences.
 *
 * Owns precis_article_split / precis_article_free and the sentence-boundary
 * rules. Page furniture is judged by furniture.c; character classes are
 * text/chars.c.
 *
 * The rules, in the order they apply:
 *  Lines end at LF, CRLF or a lone CR. A blank line holds only whitespace
 *  (ASCII or Unicode spaces, see px_space_len).
 *
 *  Headline: the first non-blank line, trimmed — skipping lines before it that
 *  are unmistakable furniture ("Skip to content", a bare URL, ...) — when it
 *  looks like one. It is NOT a headline, and the whole text is body, when
 *    - no non-blank line follows it (a one-line text is all body), or
 *    - it is longer than HEADLINE_MAX_BYTES, or
 *    - it ends with a full stop (not an ellipsis, nor the dot of initials
 *      such as "U.N."): headlines do not, lead sentences nearly always do,
 *      and an article pasted without its title must keep its lede, or
 *    - it holds two or more sentences AND more than HEADLINE_MAX_WORDS words, or
 *    - the next line follows it with no blank line between and has no more
 *      words than it: a headline stands apart, or heads a longer paragraph.
 *  So "Crisis? What crisis?" is a headline; "Man bites dog." and a first
 *  paragraph of several sentences, or one long sentence, are not.
 *
 *  Paragraphs: if the body has a blank line between two non-blank lines,
 *  paragraphs are separated by blank lines (a paragraph may be hard-wrapped
 *  over several lines); otherwise every non-blank line is a paragraph. The
 *  headline's line separates paragraphs too. paragraph numbers count, from 0,
 *  the paragraphs that yield at least one sentence (furniture included), so
 *  they have no gaps.
 *
 *  Inside a paragraph, a line that is furniture (checked only where a
 *  sentence may start: the previous line ended a sentence, and the next line
 *  does not continue it in lowercase) is a sentence of its own with is_furniture
 *  set; a line opening with a list bullet or a number marker ("- ", "• ",
 *  "3. ", "2) ") starts a new sentence. Bullet glyphs are trimmed off the
 *  sentence; number markers are kept (they are content).
 *
 *  A sentence ends after a run of terminal marks (. ! ? … ‼ ⁇ ⁈ ⁉ ؟ ۔ । ॥) and
 *  any closing quotes or brackets, when whitespace and then a plausible
 *  sentence start follow (or the paragraph ends). A plausible start is not a
 *  lowercase letter (unless the word is camel-cased like "iPod", or the article
 *  has no uppercase letter at all, so case tells nothing), nor a comma, colon,
 *  semicolon, dash, closing mark or terminal mark. Ideographic terminals
 *  (。！？．｡) end a sentence without any space after them.
 *  Straight double quotes right after the terminal belong to the ending
 *  sentence when a quote is open or whitespace follows them; so does a
 *  detached quote standing between spaces (`he said. " Next`): an opening
 *  quote clings to its word. Quote parity is tracked per paragraph.
 *
 *  A single '.' after these words is not a boundary (see abbreviation_class;
 *  case is ignored, except that a word of two or more capitals is an acronym,
 *  not an abbreviation: "patients with MS. Final", "told the FT. But"; but
 *  before another word in capitals, "MR. SMITH", it may be one):
 *    TITLE    (Mr Dr Prof Gen ...) and NEVER (e.g. i.e. vs cf viz): never;
 *    NUMBERED (No Fig Vol and month abbreviations): not before a digit;
 *    POSTFIX  (Inc Ltd Co Corp plc Jr Sr St etc a.m. p.m., single-letter
 *             initials, dotted initials such as U.S. U.K. Ph.D.): only
 *             when the next word is a common sentence opener (The, He, But,
 *             In, ... see STARTERS), so "the U.S. The next" splits and
 *             "the U.S. President" does not;
 *    and a number of one or two digits (or a short roman numeral) that is all
 *    of the sentence so far is a list marker ("1. The first point").
 *  Decimals, amounts, times, versions, URLs and e-mail addresses have no space
 *  after their dots, so they never reach these rules.
 *
 *  Missing space ("end of one.Start of next"): a terminal run with no space
 *  after it ends a sentence only when a lowercase letter, digit or closing
 *  mark precedes it, the next word is a capitalised word (uppercase then
 *  lowercase, or a lone "A"/"I") followed by whitespace, the token holds no
 *  '@', '/' or ':' and is not overly long, and the abbreviation rules allow
 *  it. So "one.Start" splits; "U.S.", "e.g.", "3.5", "www.bbc.co.uk",
 *  "Ph.D.", "One.Tel," and "Mr.Benn" do not.
 *
 *  Datelines: the body's first sentence (not furniture) starts after a
 *  dateline or agency tag ("LONDON (Reuters) - ", "(CNN) -- "; see
 *  skip_dateline): it is where the story was filed, not what it says.
 *
 *  No sentence exceeds SENTENCE_MAX_BYTES: one that reaches
 *  SENTENCE_CUT_BYTES without a boundary is cut at its last whitespace (or,
 *  in one unbroken token, at a character boundary). A sentence with no
 *  letter or digit is dropped.
 *
 * Invariants: every scan moves forward; look-behind and look-ahead are bounded
 * (LOOK_BYTES), so splitting is linear in the text's length. Memory is the
 * decoded text plus one precis_sentence per sentence.
 */
#include "text/furniture.h"
#include "text/chars.h"

#include <ctype.h>
#include <string.h>
#include <utf8proc.h>

#include "base/alloc.h"
#include "base/error.h"
#include "precis.h"
#include "text/text.h"

#define HEADLINE_MAX_BYTES 200
#define HEADLINE_MAX_WORDS 12
#define SENTENCE_MAX_BYTES 4096
#define LOOK_BYTES 64
#define DETACHED_GAP 8      /* most whitespace before a detached closing quote */
/* What boundary_at may add past the cut length: a terminal run and closing
 * marks (LOOK_BYTES each, plus a character), whitespace and a quote. */
#define MAX_OVERHANG (2 * (LOOK_BYTES + 4) + DETACHED_GAP + 1)
#define SENTENCE_CUT_BYTES (SENTENCE_MAX_BYTES - MAX_OVERHANG)
#define ABBREV_MAX_LEN 6 /* the longest word in ABBREVIATIONS */
#define NONE ((size_t)-1)

/* ------------------------------------------------------------ characters */

static size_t skip_space(const char *t, size_t i, size_t end)
{
    size_t k;
    while (i < end && (k = px_space_len(t + i, end - i)) > 0)
        i += k;
    return i;
}

static int32_t char_at(const char *t, size_t i, size_t end, size_t *len)
{
    int32_t cp = 0;
    *len = i < end ? px_utf8_next(t + i, end - i, &cp) : 0;
    return cp;
}

static int is_digit(int32_t cp) { return cp >= '0' && cp <= '9'; }

/* Straight quotes count as both: context decides. */
static int is_opener(int32_t cp)
{
    if (cp == '"' || cp == '\'')
        return 1;
    if (cp < 0x80)
        return cp == '(' || cp == '[' || cp == '{';
    int c = utf8proc_category(cp);
    return c == UTF8PROC_CATEGORY_PS || c == UTF8PROC_CATEGORY_PI;
}

static int is_closer(int32_t cp)
{
    if (cp == '"' || cp == '\'')
        return 1;
    if (cp < 0x80)
        return cp == ')' || cp == ']' || cp == '}';
    int c = utf8proc_category(cp);
    return c == UTF8PROC_CATEGORY_PE || c == UTF8PROC_CATEGORY_PF;
}

enum { TERM_NONE, TERM_SPACED, TERM_UNSPACED };

static int terminal_kind(int32_t cp)
{
    switch (cp) {
    case '.': case '!': case '?':
    case 0x2026:                          /* … */
    case 0x203C: case 0x2047: case 0x2048: case 0x2049: /* ‼ ⁇ ⁈ ⁉ */
    case 0x061F: case 0x06D4:             /* Arabic question mark, full stop */
    case 0x0964: case 0x0965:             /* Devanagari danda, double danda */
        return TERM_SPACED;
    case 0x3002: case 0xFF01: case 0xFF1F: case 0xFF0E: case 0xFF61: /* 。！？．｡ */
        return TERM_UNSPACED;
    default:
        return TERM_NONE;
    }
}

static int is_bullet(int32_t cp)
{
    switch (cp) {
    case '-': case '*': case '+':
    case 0x2022: case 0x00B7: case 0x2023: case 0x2043: /* • · ‣ ⁃ */
    case 0x25E6: case 0x25AA: case 0x25A0: case 0x25CF: case 0x25CB: /* ◦ ▪ ■ ● ○ */
    case 0x25BA: case 0x25B6: case 0x2013: case 0x2014: /* ► ▶ – — */
        return 1;
    default:
        return 0;
    }
}

/* ------------------------------------------------------------ abbreviations */

typedef enum abbrev_class {
    AB_NONE,      /* an ordinary word */
    AB_TITLE,     /* precedes a name: never ends a sentence */
    AB_NEVER,     /* e.g., i.e., vs: never ends a sentence */
    AB_NUMBERED,  /* precedes a number: no boundary before a digit */
    AB_POSTFIX    /* may end a sentence: boundary only before a sentence opener */
} abbrev_class;

typedef struct abbrev {
    const char *word;   /* lowercase, without its final '.' */
    abbrev_class cls;
} abbrev;

static const abbrev ABBREVIATIONS[] = {
    {"mr", AB_TITLE}, {"mrs", AB_TITLE}, {"ms", AB_TITLE}, {"mx", AB_TITLE},
    {"messrs", AB_TITLE}, {"mme", AB_TITLE}, {"mlle", AB_TITLE}, {"dr", AB_TITLE},
    {"prof", AB_TITLE}, {"gen", AB_TITLE}, {"col", AB_TITLE}, {"lt", AB_TITLE},
    {"sgt", AB_TITLE}, {"capt", AB_TITLE}, {"cpl", AB_TITLE}, {"pte", AB_TITLE},
    {"maj", AB_TITLE}, {"brig", AB_TITLE}, {"adm", AB_TITLE}, {"cmdr", AB_TITLE},
    {"cdr", AB_TITLE}, {"rev", AB_TITLE}, {"revd", AB_TITLE}, {"fr", AB_TITLE},
    {"hon", AB_TITLE}, {"rt", AB_TITLE}, {"gov", AB_TITLE}, {"sen", AB_TITLE},
    {"rep", AB_TITLE}, {"pres", AB_TITLE}, {"supt", AB_TITLE}, {"insp", AB_TITLE},
    {"det", AB_TITLE}, {"cllr", AB_TITLE}, {"atty", AB_TITLE}, {"mt", AB_TITLE},
    {"e.g", AB_NEVER}, {"i.e", AB_NEVER}, {"vs", AB_NEVER}, {"viz", AB_NEVER},
    {"cf", AB_NEVER},
    {"no", AB_NUMBERED}, {"nos", AB_NUMBERED}, {"nr", AB_NUMBERED}, {"fig", AB_NUMBERED},
    {"figs", AB_NUMBERED}, {"vol", AB_NUMBERED}, {"pp", AB_NUMBERED}, {"art", AB_NUMBERED},
    {"ch", AB_NUMBERED}, {"sec", AB_NUMBERED}, {"para", AB_NUMBERED}, {"approx", AB_NUMBERED},
    {"est", AB_NUMBERED}, {"ca", AB_NUMBERED}, {"jan", AB_NUMBERED}, {"feb", AB_NUMBERED},
    {"mar", AB_NUMBERED}, {"apr", AB_NUMBERED}, {"jun", AB_NUMBERED}, {"jul", AB_NUMBERED},
    {"aug", AB_NUMBERED}, {"sep", AB_NUMBERED}, {"sept", AB_NUMBERED}, {"oct", AB_NUMBERED},
    {"nov", AB_NUMBERED}, {"dec", AB_NUMBERED},
    {"inc", AB_POSTFIX}, {"ltd", AB_POSTFIX}, {"co", AB_POSTFIX}, {"corp", AB_POSTFIX},
    {"plc", AB_POSTFIX}, {"bros", AB_POSTFIX}, {"jr", AB_POSTFIX}, {"sr", AB_POSTFIX},
    {"st", AB_POSTFIX}, {"ave", AB_POSTFIX}, {"rd", AB_POSTFIX}, {"blvd", AB_POSTFIX},
    {"dept", AB_POSTFIX}, {"univ", AB_POSTFIX}, {"assn", AB_POSTFIX}, {"intl", AB_POSTFIX},
    {"govt", AB_POSTFIX}, {"etc", AB_POSTFIX}, {"al", AB_POSTFIX}, {"ed", AB_POSTFIX},
    {"eds", AB_POSTFIX}, {"a.m", AB_POSTFIX}, {"p.m", AB_POSTFIX}, {"u.s", AB_POSTFIX},
    {"u.k", AB_POSTFIX}, {"u.n", AB_POSTFIX}, {"e.u", AB_POSTFIX},
};

/* Capitalised, these words open sentences far more often than they continue a
 * name after "U.S." or "Inc.": the evidence a POSTFIX abbreviation ended one. */
static const char *const STARTERS[] = {
    "a", "after", "all", "also", "although", "an", "and", "another", "as", "at",
    "because", "before", "both", "but", "by", "during", "each", "even", "for",
    "from", "he", "her", "here", "his", "how", "however", "i", "if", "in", "it",
    "its", "many", "meanwhile", "more", "most", "my", "no", "nor", "now", "of",
    "on", "one", "only", "or", "other", "our", "she", "since", "so", "some",
    "still", "such", "that", "the", "their", "then", "there", "these", "they",
    "this", "those", "though", "thus", "to", "under", "until", "we", "what",
    "when", "where", "whether", "which", "while", "who", "why", "with", "yet",
    "you", "your",
};

/* t[0..len) equals the lowercase word, ignoring ASCII case. */
static int ascii_iequal(const char *t, size_t len, const char *word)
{
    size_t k = 0;
    for (; k < len && word[k]; k++)
        if (tolower((unsigned char)t[k]) != word[k])
            return 0;
    return k == len && word[k] == '\0';
}

/* One letter, or dotted groups of one or two letters: J, U.S, Ph.D, a.m. */
static int is_initials(const char *t, size_t a, size_t b)
{
    size_t group = 0, groups = 0;
    size_t i = a;
    while (i < b) {
        size_t k;
        int32_t cp = char_at(t, i, b, &k);
        if (cp == '.') {
            if (group == 0)
                return 0;
            group = 0;
        } else if (px_char_is_alnum(cp) && !is_digit(cp)) {
            if (group++ == 0)
                groups++;
            if (group > 2)
                return 0;
        } else {
            return 0;
        }
        i += k;
    }
    return group > 0 && (groups > 1 || (groups == 1 && b - a <= 4 && group == 1));
}

/* An all-capitals word of two or more letters: an acronym ("MS", "FT", "CO"),
 * not the abbreviation it spells ("patients with MS. Final") unless the next
 * word is in capitals too. */
static int is_acronym(const char *t, size_t a, size_t b)
{
    if (b - a < 2)
        return 0;
    for (size_t i = a; i < b; i++)
        if (!isupper((unsigned char)t[i]))
            return 0;
    return 1;
}

/* `shouting`: the text around is in capitals ("MR. SMITH SAID"), where a word
 * of capitals may well be an abbreviation. */
static abbrev_class abbreviation_class(const char *t, size_t a, size_t b, int shouting)
{
    if (!shouting && is_acronym(t, a, b))
        return AB_NONE;
    if (b - a <= ABBREV_MAX_LEN) {
        char low[ABBREV_MAX_LEN + 1];
        for (size_t i = a; i < b; i++)
            low[i - a] = (char)tolower((unsigned char)t[i]);
        low[b - a] = '\0';
        for (size_t k = 0; k < sizeof ABBREVIATIONS / sizeof ABBREVIATIONS[0]; k++)
            if (ABBREVIATIONS[k].word[0] == low[0] && strcmp(ABBREVIATIONS[k].word, low) == 0)
                return ABBREVIATIONS[k].cls;
    }
    return is_initials(t, a, b) ? AB_POSTFIX : AB_NONE;
}

static size_t skip_openers(const char *t, size_t a, size_t b)
{
    size_t k;
    while (a < b && is_opener(char_at(t, a, b, &k)))
        a += k;
    return a;
}

/* Is the word at m (after opening marks) a capitalised sentence opener? */
static int starts_with_starter(const char *t, size_t m, size_t end)
{
    size_t k;
    m = skip_openers(t, m, end);
    size_t w = m;
    while (w < end && w - m < LOOK_BYTES && isalpha((unsigned char)t[w]))
        w++;
    if (w == m || !isupper((unsigned char)t[m]))
        return 0;
    if (w < end && px_char_is_alnum(char_at(t, w, end, &k)))
        return 0;
    for (size_t s = 0; s < sizeof STARTERS / sizeof STARTERS[0]; s++)
        if (ascii_iequal(t + m, w - m, STARTERS[s]))
            return 1;
    return 0;
}

/* Start of the whitespace-delimited token ending at `end`, no earlier than
 * `floor`; NONE when it is longer than LOOK_BYTES (a URL, code, garbage). */
static size_t token_start(const char *t, size_t floor, size_t end)
{
    size_t s = end;
    while (s > floor && !px_space_len_before(t, floor, s)) {
        if (end - s >= LOOK_BYTES)
            return NONE;
        int32_t cp;
        s -= px_utf8_prev(t, floor, s, &cp);
    }
    return s;
}

/* "1", "12", "iv": a list marker when it is all the sentence holds so far. */
static int is_list_marker(const char *t, size_t a, size_t b)
{
    if (b - a >= 1 && b - a <= 2 && is_digit(t[a]) && is_digit(t[b - 1]))
        return 1;
    if (b - a < 2 || b - a > 4)
        return 0;
    for (size_t i = a; i < b; i++)
        if (!strchr("ivxIVX", t[i]))
            return 0;
    return 1;
}

/* May a single '.' at `dot` end the sentence [start, ...) given that the next
 * sentence would start at m (m == NONE: unknown, just judge the word)? */
static int period_may_end(const char *t, size_t start, size_t dot, size_t m, size_t end)
{
    size_t ts = token_start(t, start, dot);
    if (ts == NONE)
        return 1;
    ts = skip_openers(t, ts, dot);
    if (ts == start && is_list_marker(t, ts, dot))
        return 0;
    size_t w = skip_openers(t, m, end), e = w;
    while (e < end && e - w < LOOK_BYTES && isalpha((unsigned char)t[e]))
        e++;
    switch (abbreviation_class(t, ts, dot, is_acronym(t, w, e))) {
    case AB_TITLE:
    case AB_NEVER:
        return 0;
    case AB_NUMBERED:
        return !is_digit(t[m]);
    case AB_POSTFIX:
        return starts_with_starter(t, m, end);
    default:
        return 1;
    }
}

/* ------------------------------------------------------------ the splitter */

typedef struct splitter {
    const char *t;
    int caseless;            /* no uppercase letter anywhere: case tells nothing */
    int counting;            /* only count sentences (headline test) */
    precis_sentence *out;
    size_t n, cap;
    size_t paragraph;        /* number of the paragraph being split */
    int paragraph_used;      /* it has produced a sentence */
    int quote_open;          /* straight double quotes seen in this paragraph: odd */
    int body_started;        /* a sentence that is not furniture was emitted */
} splitter;

static int has_alnum(const char *t, size_t a, size_t b)
{
    size_t k;
    for (size_t i = a; i < b; i += k)
        if (px_char_is_alnum(char_at(t, i, b, &k)))
            return 1;
    return 0;
}

/* Is [a, b) a dash token: - -- — – ― (one or two)? */
static int is_dash_token(const char *t, size_t a, size_t b)
{
    size_t n = 0, k;
    for (size_t i = a; i < b; i += k, n++) {
        int32_t cp = char_at(t, i, b, &k);
        if (cp != '-' && cp != 0x2014 && cp != 0x2013 && cp != 0x2015)
            return 0;
    }
    return n >= 1 && n <= 2;
}

/* Letters of [a, b), and whether each is a capital (ASCII and beyond). */
static void letter_case(const char *t, size_t a, size_t b, size_t *letters, size_t *capitals)
{
    size_t k;
    *letters = *capitals = 0;
    for (size_t i = a; i < b; i += k) {
        int32_t cp = char_at(t, i, b, &k);
        *letters += px_char_is_upper(cp) || px_char_is_lower(cp);
        *capitals += px_char_is_upper(cp);
    }
}

/* Where the text starts after a dateline or agency tag at a, or a itself:
 * "LONDON (Reuters) - ", "(CNN) -- ", "BEIJING, China (CNN) -- ",
 * "WASHINGTON — ". Before the dash: capitalized place words and at most one
 * parenthesized tag; the first is a tag or a word of DATELINE_MIN_CAPS or
 * more capitals ("US - China talks" is not a dateline); a sentence must
 * follow. */
#define DATELINE_MAX_BYTES 64
#define DATELINE_MAX_WORDS 6
#define DATELINE_MIN_CAPS 3
static size_t skip_dateline(const char *t, size_t a, size_t b)
{
    size_t i = a, words = 0, k;
    int tag = 0, caps_first = 0;
    while (i < b && i - a < DATELINE_MAX_BYTES && words <= DATELINE_MAX_WORDS) {
        size_t e = i;
        while (e < b && !px_space_len(t + e, b - e))
            e++;
        if (is_dash_token(t, i, e))
            return words && (tag || caps_first) && e < b ? skip_space(t, e, b) : a;
        if (t[i] == '(') {
            size_t span = b - i < 40 ? b - i : 40;
            const char *close = memchr(t + i, ')', span);
            if (tag++ || !close)
                return a;
            e = (size_t)(close - t) + 1;
            size_t end = e;
            while (end < b && !px_space_len(t + end, b - end))
                end++;
            if (end > e) /* "(CNN)--" glued: the dash ends the dateline */
                return is_dash_token(t, e, end) && end < b ? skip_space(t, end, b) : a;
        } else {
            size_t letters, capitals;
            letter_case(t, i, e, &letters, &capitals);
            if (!letters || !px_char_is_upper(char_at(t, i, e, &k)))
                return a;
            if (words == 0)
                caps_first = capitals == letters && letters >= DATELINE_MIN_CAPS;
        }
        words++;
        i = skip_space(t, e, b);
    }
    return a;
}

static int emit(splitter *sp, size_t a, size_t b, int furniture)
{
    const char *t = sp->t;
    size_t k;
    px_trim(t, &a, &b);
    if (!furniture && a < b && is_bullet(char_at(t, a, b, &k)) && px_space_len(t + a + k, b - a - k))
        a = skip_space(t, a + k, b);
    if (!furniture && !sp->body_started)
        a = skip_dateline(t, a, b);
    if (a >= b || !has_alnum(t, a, b))
        return PRECIS_OK;
    if (sp->counting) {
        sp->n++;
        return PRECIS_OK;
    }
    if (sp->n == sp->cap) {
        size_t cap = sp->cap ? sp->cap * 2 : 32;
        precis_sentence *p = px_realloc_array(sp->out, cap, sizeof *p);
        if (!p)
            return PRECIS_ERR_NOMEM;
        sp->out = p;
        sp->cap = cap;
    }
    sp->out[sp->n++] = (precis_sentence){a, b - a, sp->paragraph, furniture};
    sp->paragraph_used = 1;
    sp->body_started |= !furniture;
    return PRECIS_OK;
}

/* Could a sentence start at m? */
static int plausible_start(const splitter *sp, size_t m, size_t end)
{
    size_t k;
    int32_t cp = char_at(sp->t, m, end, &k);
    if (is_opener(cp) || px_char_is_upper(cp) || is_digit(cp))
        return 1;
    if (px_char_is_lower(cp)) /* "iPod", "eBay" are names, and start sentences */
        return sp->caseless || (m + k < end && px_char_is_upper(char_at(sp->t, m + k, end, &k)));
    if (cp == ',' || cp == ';' || cp == ':' || is_closer(cp) || terminal_kind(cp))
        return 0;
    if (cp >= 0x80 && utf8proc_category(cp) == UTF8PROC_CATEGORY_PD)
        return 0;
    return cp != '-';
}

/* The missing-space rule (see the file comment): may the terminal run
 * [run, run_end) followed at once by k, with no whitespace, end a sentence? */
static int glued_boundary(const splitter *sp, size_t start, size_t run, size_t run_end,
                          size_t k, size_t end)
{
    const char *t = sp->t;
    int32_t prev, cp;
    size_t len;
    if (!px_utf8_prev(t, start, run, &prev) ||
        !(px_char_is_lower(prev) || is_digit(prev) || is_closer(prev)))
        return 0;
    size_t m = k;
    cp = char_at(t, m, end, &len);
    if (cp != '\'' && is_opener(cp))
        m += len;
    if (!px_char_is_upper(char_at(t, m, end, &len)))
        return 0;
    size_t w = m + len;
    int32_t second = char_at(t, w, end, &len);
    if (px_space_len(t + w, end - w)) {
        if (t[m] != 'A' && t[m] != 'I')
            return 0;
    } else if (!px_char_is_lower(second)) {
        return 0;
    }
    while (w < end && w - m < LOOK_BYTES && (px_char_is_alnum(cp = char_at(t, w, end, &len)) ||
                                             cp == '\'' || cp == 0x2019))
        w += len;
    if (w < end && !px_space_len(t + w, end - w))
        return 0;
    /* the token before: checked last, as the dearest test */
    size_t ts = token_start(t, start, run);
    if (ts == NONE)
        return 0;
    for (size_t i = ts; i < run; i++)
        if (t[i] == '@' || t[i] == '/' || t[i] == ':')
            return 0;
    if (run_end - run == 1 && t[run] == '.')
        return period_may_end(t, start, run, m, end);
    return 1;
}

/* Sentence end at the terminal run starting at i? Fills *end (after closing
 * marks) and *next (where the next sentence starts) and returns 1; else
 * returns 0 with *end set to just after the run. */
static int boundary_at(splitter *sp, size_t start, size_t i, size_t b, size_t *end, size_t *next)
{
    const char *t = sp->t;
    size_t j = i, k, len, marks = 0;
    int unspaced = 0;
    int32_t cp;
    /* Runs and closing marks are read LOOK_BYTES at a time, so a sentence
     * overhangs the cut length by at most MAX_OVERHANG bytes. */
    while (j < b && j - i < LOOK_BYTES && (cp = char_at(t, j, b, &len), terminal_kind(cp))) {
        unspaced |= terminal_kind(cp) == TERM_UNSPACED;
        marks++;
        j += len;
    }
    *end = j;
    int open = sp->quote_open;
    for (k = j; k < b && k - j < LOOK_BYTES && is_closer(cp = char_at(t, k, b, &len)); k += len) {
        if (cp == '"') {
            if (!open && !(k + 1 >= b || px_space_len(t + k + 1, b - k - 1)))
                break; /* an opening quote glued on: it starts the next sentence */
            open = !open;
        }
    }
    int single_period = marks == 1 && t[i] == '.';
    size_t m = skip_space(t, k, b);
    if (m > k && m - k <= DETACHED_GAP && m < b && t[m] == '"' &&
        (m + 1 == b || px_space_len(t + m + 1, b - m - 1))) {
        k = m + 1; /* a detached quote, `he said. " Next`, closes this sentence */
        open = 0;
        m = skip_space(t, k, b);
    }
    if (m >= b || unspaced) {
        *next = m;
    } else if (m == k) {
        if (!glued_boundary(sp, start, i, j, k, b))
            return 0;
        *next = k;
    } else {
        if (!plausible_start(sp, m, b))
            return 0;
        if (single_period && !period_may_end(t, start, i, m, b))
            return 0;
        *next = m;
    }
    *end = k;
    sp->quote_open = open;
    return 1;
}

/* Splits [a, b), which lies inside one paragraph, into sentences. */
static int split_segment(splitter *sp, size_t a, size_t b)
{
    const char *t = sp->t;
    size_t start = skip_space(t, a, b), i = start, last_space = NONE;
    int rc;
    while (i < b) {
        if (i - start >= SENTENCE_CUT_BYTES) {
            size_t cut = (last_space != NONE && last_space > start) ? last_space : i;
            if ((rc = emit(sp, start, cut, 0)) != PRECIS_OK)
                return rc;
            start = skip_space(t, cut, b);
            last_space = NONE;
            if (start > i)
                i = start;
            continue;
        }
        size_t k = px_space_len(t + i, b - i);
        if (k) {
            last_space = i;
            i += k;
            continue;
        }
        int32_t cp = char_at(t, i, b, &k);
        if (cp == '"')
            sp->quote_open = !sp->quote_open;
        if (terminal_kind(cp)) {
            size_t end, next;
            if (boundary_at(sp, start, i, b, &end, &next)) {
                if ((rc = emit(sp, start, end, 0)) != PRECIS_OK)
                    return rc;
                start = i = next;
                last_space = NONE;
            } else {
                i = end;
            }
            continue;
        }
        i += k;
    }
    return emit(sp, start, b, 0);
}

/* ------------------------------------------------------------ lines */

typedef struct line {
    size_t start, end;  /* content, without its terminator */
    size_t next;        /* where the next line starts */
} line;

/* The line starting at pos (< limit); 0 when there is none. */
static int line_at(const char *t, size_t limit, size_t pos, line *ln)
{
    if (pos >= limit)
        return 0;
    size_t e = pos;
    while (e < limit && t[e] != '\n' && t[e] != '\r')
        e++;
    ln->start = pos;
    ln->end = e;
    ln->next = e;
    if (e < limit)
        ln->next += (t[e] == '\r' && e + 1 < limit && t[e + 1] == '\n') ? 2 : 1;
    return 1;
}

static int line_is_blank(const char *t, const line *ln)
{
    return skip_space(t, ln->start, ln->end) == ln->end;
}

/* Does the line end a sentence (terminal mark, maybe closing marks)? */
static int line_ends_sentence(const char *t, size_t a, size_t b)
{
    int32_t cp;
    size_t k;
    while ((k = px_utf8_prev(t, a, b, &cp)) > 0 && is_closer(cp))
        b -= k;
    return k > 0 && terminal_kind(cp);
}

/* Does the line read as the continuation of a hard-wrapped sentence: it
 * starts in lowercase (after any e-mail quoting marks '>') and is not
 * furniture itself (a bare URL)? */
static int line_continues(const char *t, const line *ln)
{
    size_t a = ln->start, b = ln->end, k;
    px_trim(t, &a, &b);
    size_t w = a;
    while (w < b && (t[w] == '>' || px_space_len(t + w, b - w)))
        w += t[w] == '>' ? 1 : px_space_len(t + w, b - w);
    return w < b && px_char_is_lower(char_at(t, w, b, &k)) && !px_is_furniture(t + a, b - a, 0);
}

/* "- ", "• ", "12. ", "3) ", "(a) ": the line opens a list item. */
static int line_starts_item(const char *t, size_t a, size_t b)
{
    size_t k;
    int32_t cp = char_at(t, a, b, &k);
    if (is_bullet(cp))
        return a + k < b && px_space_len(t + a + k, b - a - k) > 0;
    size_t i = a + (cp == '(');
    size_t d = i;
    while (d < b && d - i < 3 && (is_digit(t[d]) || (d == i && isalpha((unsigned char)t[d]))))
        d++;
    if (d == i || d + 1 >= b || !(t[d] == '.' || t[d] == ')'))
        return 0;
    if (isalpha((unsigned char)t[i]) && (d - i != 1 || t[d] != ')'))
        return 0;
    return px_space_len(t + d + 1, b - d - 1) > 0;
}

/* Splits the paragraph [a, b) (one or more lines). */
static int split_paragraph(splitter *sp, size_t a, size_t b)
{
    const char *t = sp->t;
    size_t seg = a;
    int at_sentence_start = 1, rc;
    line ln, nx;
    int has = line_at(t, b, a, &ln);
    sp->quote_open = 0;
    while (has) {
        int has_next = line_at(t, b, ln.next, &nx);
        size_t ls = ln.start, le = ln.end;
        px_trim(t, &ls, &le);
        if (ls < le) {
            int furniture = at_sentence_start && !(has_next && line_continues(t, &nx)) &&
                            px_is_furniture(t + ls, le - ls, 0);
            if (furniture || (ln.start > seg && line_starts_item(t, ls, le))) {
                if (ln.start > seg && (rc = split_segment(sp, seg, ln.start)) != PRECIS_OK)
                    return rc;
                seg = ln.start;
            }
            if (furniture) {
                if ((rc = emit(sp, ls, le, 1)) != PRECIS_OK)
                    return rc;
                seg = ln.next;
            }
            at_sentence_start = furniture || line_ends_sentence(t, ls, le);
        }
        ln = nx;
        has = has_next;
    }
    if (seg < b && (rc = split_segment(sp, seg, b)) != PRECIS_OK)
        return rc;
    if (sp->paragraph_used)
        sp->paragraph++;
    sp->paragraph_used = 0;
    return PRECIS_OK;
}

/* ------------------------------------------------------------ the article */

static size_t count_words_in(const char *t, size_t a, size_t b)
{
    return precis_count_words(t + a, b - a);
}

/* Does [a, b) end with one '.' (not an ellipsis), maybe inside closing marks? */
static int ends_with_full_stop(const char *t, size_t a, size_t b)
{
    int32_t cp;
    size_t k;
    while ((k = px_utf8_prev(t, a, b, &cp)) > 0 && is_closer(cp))
        b -= k;
    return k > 0 && cp == '.' && (b - 1 == a || t[b - 2] != '.');
}

/* Could the trimmed line [a, b), followed by more text, be a headline? */
static int headline_acceptable(splitter *sp, size_t a, size_t b)
{
    if (b - a > HEADLINE_MAX_BYTES)
        return 0;
    if (ends_with_full_stop(sp->t, a, b)) {
        /* "... tells U.N." ends with initials, not a full stop. */
        size_t w = token_start(sp->t, a, b - 1);
        if (w == NONE || !is_initials(sp->t, w, b - 1))
            return 0;
    }
    splitter counter = {.t = sp->t, .caseless = sp->caseless, .counting = 1};
    split_segment(&counter, a, b); /* counting never allocates */
    return counter.n < 2 || count_words_in(sp->t, a, b) <= HEADLINE_MAX_WORDS;
}

/* A headline stands apart from what follows (blank lines between), or the
 * line right under it is longer: a short first line glued to a line no
 * longer than itself is the start of the text (a list, a verse, a wrapped
 * paragraph), not a title. */
static int headline_stands_apart(const char *t, size_t head_a, size_t head_b, int blank_after,
                                 const line *next)
{
    if (blank_after)
        return 1;
    size_t a = next->start, b = next->end;
    px_trim(t, &a, &b);
    return count_words_in(t, a, b) > count_words_in(t, head_a, head_b);
}

/* The headline line, or 0 with none. */
static int find_headline(splitter *sp, size_t n, line *head)
{
    const char *t = sp->t;
    line ln;
    size_t pos = 0;
    while (line_at(t, n, pos, &ln)) {
        pos = ln.next;
        size_t a = ln.start, b = ln.end;
        px_trim(t, &a, &b);
        if (a == b || px_is_furniture(t + a, b - a, 1))
            continue;
        line rest;
        int blank_after = 0;
        while (line_at(t, n, pos, &rest) && line_is_blank(t, &rest)) {
            pos = rest.next;
            blank_after = 1;
        }
        if (pos >= n || !headline_acceptable(sp, a, b) ||
            !headline_stands_apart(t, a, b, blank_after, &rest))
            return 0;
        *head = ln;
        return 1;
    }
    return 0;
}

/* Does a blank line separate two non-blank body lines? */
static int body_has_blank_lines(const char *t, size_t n, const line *head)
{
    line ln;
    int seen_text = 0, blank_after_text = 0;
    for (size_t pos = 0; line_at(t, n, pos, &ln); pos = ln.next) {
        if (head && ln.start == head->start)
            continue;
        if (line_is_blank(t, &ln)) {
            blank_after_text = seen_text;
        } else {
            if (blank_after_text)
                return 1;
            seen_text = 1;
        }
    }
    return 0;
}

/* Hands each body paragraph to split_paragraph: a run of non-blank lines, or
 * each line when the body has no blank lines; the headline separates too. */
static int split_body(splitter *sp, size_t n, const line *head)
{
    const char *t = sp->t;
    int by_blank = body_has_blank_lines(t, n, head), rc = PRECIS_OK;
    size_t para = NONE; /* start of the paragraph being gathered */
    line ln;
    for (size_t pos = 0; rc == PRECIS_OK && line_at(t, n, pos, &ln); pos = ln.next) {
        if ((head && ln.start == head->start) || line_is_blank(t, &ln)) {
            if (para != NONE)
                rc = split_paragraph(sp, para, ln.start);
            para = NONE;
        } else if (!by_blank) {
            rc = split_paragraph(sp, ln.start, ln.end);
        } else if (para == NONE) {
            para = ln.start;
        }
    }
    if (rc == PRECIS_OK && para != NONE)
        rc = split_paragraph(sp, para, n);
    return rc;
}

static int has_uppercase(const char *t, size_t n)
{
    size_t k;
    for (size_t i = 0; i < n; i += k) {
        if ((unsigned char)t[i] < 0x80) {
            k = 1;
            if (t[i] >= 'A' && t[i] <= 'Z')
                return 1;
        } else if (px_char_is_upper(char_at(t, i, n, &k))) {
            return 1;
        }
    }
    return 0;
}

int precis_article_split(precis_article **out, const char *bytes, size_t len, precis_error *err)
{
    if (!out)
        return px_error(err, PRECIS_ERR_ARG, "precis_article_split: NULL output");
    *out = NULL;
    if (!bytes && len)
        return px_error(err, PRECIS_ERR_ARG, "precis_article_split: NULL bytes");
    px_buf text = {0};
    if (px_decode(bytes ? bytes : "", len, &text) != PRECIS_OK ||
        px_buf_reserve(&text, 0) != PRECIS_OK) {
        px_buf_free(&text);
        return px_error(err, PRECIS_ERR_NOMEM, "out of memory decoding a %zu-byte article", len);
    }
    return px_article_split_decoded(out, text.data, text.len, err);
}

int px_article_split_decoded(precis_article **out, char *text, size_t len, precis_error *err)
{
    *out = NULL;
    precis_article *a = px_calloc(1, sizeof *a);
    if (!a) {
        px_free(text);
        return px_error(err, PRECIS_ERR_NOMEM, "out of memory splitting a %zu-byte article", len);
    }
    a->text = text;
    a->len = len;
    splitter sp = {.t = a->text, .caseless = !has_uppercase(a->text, a->len)};
    line head;
    int has_head = find_headline(&sp, a->len, &head);
    if (has_head) {
        size_t hs = head.start, he = head.end;
        px_trim(a->text, &hs, &he);
        a->headline_start = hs;
        a->headline_len = he - hs;
    }
    if (split_body(&sp, a->len, has_head ? &head : NULL) != PRECIS_OK) {
        px_free(sp.out);
        precis_article_free(a);
        return px_error(err, PRECIS_ERR_NOMEM, "out of memory splitting a %zu-byte article", len);
    }
    a->sentences = sp.out;
    a->n_sentences = sp.n;
    px_flag_message_furniture(a->text, a->sentences, a->n_sentences);
    *out = a;
    return PRECIS_OK;
}

void precis_article_free(precis_article *a)
{
    if (!a)
        return;
    px_free(a->text);
    px_free(a->sentences);
    px_free(a);
}

