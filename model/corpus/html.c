/*
 * html.c — an HTML page as people save it, read as an article: its headline
 * (from <title>, or the <h1> the title repeats), a blank line, then the
 * paragraphs of its main text, one per line with a blank line between, so
 * the article splitter downstream sees what a plain-text article looks like.
 *
 * Parsing is libxml2's HTML parser (chosen by measurement: bench/
 * html_parsers.c, 2.7x gumbo's speed on the bench pages, and it decodes the
 * charset a page declares; lexbor is not in Debian 12). It recovers from
 * any markup, never fetches anything (HTML_PARSE_NONET) and prints nothing.
 *
 * Boilerplate removal in the manner of jusText (Pomikalek, 2011): the body
 * is cut into blocks at block-level elements and <br>; each block is judged
 * by its link density (share of its characters inside <a>), its length, and
 * its stop-word density (share of its words on the English stop-word list),
 * then short and near-good blocks take the verdict of their neighbours.
 * Two signals jusText lacks are added, because they are cheap and certain:
 * a block inside nav/header/footer/aside/form or inside an element whose
 * class or id names furniture (cookie, consent, newsletter, share, related,
 * comments, ...) is boilerplate; and a block whose text the furniture rules
 * (text/furniture.c: "Share this article", "We use cookies...") flag is
 * boilerplate. Scripts, styles, forms' controls and <head> are never text.
 *
 * Invariants
 *  - The walk is iterative (parent pointers, no recursion): any depth of
 *    nesting costs no stack.
 *  - Output is valid UTF-8 (libxml2 hands out UTF-8), NUL-terminated, and
 *    has no NUL byte inside; it is never longer than a few bytes per input
 *    byte (text nodes and entities only shrink or keep their size, plus one
 *    separator per block).
 */
#include "corpus/corpus.h"

#include <ctype.h>
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <limits.h>
#include <pthread.h>
#include <string.h>
#include <strings.h>

#include "base/alloc.h"
#include "base/error.h"
#include "text/furniture.h"

/* jusText's defaults, but for the stop-word densities: jusText's 0.30 and
 * 0.32 suit its longer English list; with precis's 263 words, 5% of the
 * paragraphs of 1,000 BBC and CNN articles fall under 0.30 and 2% under
 * 0.25 (a sports report is mostly names). */
#define LENGTH_LOW 70
#define LENGTH_HIGH 200
#define STOPWORDS_LOW 0.25
#define STOPWORDS_HIGH 0.28
#define MAX_LINK_DENSITY 0.2

/* Bytes of the page's start searched for a charset declaration. */
#define CHARSET_SNIFF 2048

typedef enum { BAD, SHORT, NEARGOOD, GOOD } verdict;

typedef struct block {
    size_t start, len;            /* in the walker's text */
    size_t link_chars, words, stops;
    int furniture_context;
    verdict cls;
    verdict first;                /* the verdict before context */
    int rule_bad;                 /* bad for its furniture or links */
} block;

typedef struct walker {
    px_buf text;                  /* the blocks' text, back to back */
    block *blocks;
    size_t n, cap;
    size_t open_start;            /* where the open block starts in text */
    size_t open_links;            /* its characters inside <a> */
    int open_context;             /* furniture context at its first text */
    int links, context;           /* depth inside <a>, inside furniture */
    int in_h1, h1_done;
    int in_head;                  /* depth inside <head>: no text there */
    px_buf h1, title;
} walker;

/* ---------------------------------------------------------------- tags */

static int tag_in(const xmlChar *name, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcasecmp((const char *)name, list[i]) == 0)
            return 1;
    return 0;
}

#define TAG_IN(name, list) tag_in(name, list, sizeof list / sizeof list[0])

static int is_skipped(const xmlChar *name)
{
    static const char *const skip[] = {"script", "style", "noscript", "template", "svg",
                                       "math", "iframe", "object", "embed", "button",
                                       "select", "option", "textarea", "input",
                                       "canvas", "video", "audio", "map"};
    return TAG_IN(name, skip);
}

static int is_block(const xmlChar *name)
{
    static const char *const blocks[] = {
        "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd",
        "td", "th", "tr", "table", "tbody", "thead", "tfoot", "caption", "blockquote", "pre",
        "article", "section", "header", "footer", "nav", "aside", "main", "form", "fieldset",
        "figure", "figcaption", "address", "hr", "br", "center", "details", "summary", "body",
        "dialog", "menu", "legend", "label"};
    return TAG_IN(name, blocks);
}

static int is_furniture_tag(const xmlChar *name)
{
    static const char *const tags[] = {"nav", "header", "footer", "aside", "form", "menu",
                                       "dialog"};
    return TAG_IN(name, tags);
}

/* Does a class or id value name page furniture? Its words (split at
 * anything not a letter) are compared with the start of each name here. */
static int names_furniture(const char *v)
{
    static const char *const names[] = {
        "cookie", "consent", "gdpr", "banner", "nav", "menu", "footer", "sidebar", "share",
        "sharing", "social", "related", "comment", "newsletter", "signup", "subscribe",
        "promo", "advert", "adslot", "breadcrumb", "popular", "mostread", "widget", "masthead",
        "topbar", "toolbar", "outbrain", "taboola", "sponsor", "recommend", "trending"};
    static const char *const whole[] = {"ad", "ads", "nav", "skip", "header"};
    const char *p = v;
    while (*p) {
        while (*p && !isalpha((unsigned char)*p))
            p++;
        const char *w = p;
        while (isalpha((unsigned char)*p))
            p++;
        size_t n = (size_t)(p - w);
        for (size_t i = 0; n && i < sizeof names / sizeof names[0]; i++)
            if (n >= strlen(names[i]) && strncasecmp(w, names[i], strlen(names[i])) == 0)
                return 1;
        for (size_t i = 0; n && i < sizeof whole / sizeof whole[0]; i++)
            if (n == strlen(whole[i]) && strncasecmp(w, whole[i], n) == 0)
                return 1;
    }
    return 0;
}

static int attr_names_furniture(xmlNode *e, const char *attr)
{
    xmlChar *v = xmlGetProp(e, (const xmlChar *)attr);
    int hit = v && names_furniture((const char *)v);
    xmlFree(v);
    return hit;
}

static int is_furniture_element(xmlNode *e)
{
    return is_furniture_tag(e->name) || attr_names_furniture(e, "class") ||
           attr_names_furniture(e, "id") || attr_names_furniture(e, "role");
}

/* ---------------------------------------------------------------- text */

static int is_space_byte(unsigned char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

/* Appends s to b with runs of white space (and U+00A0) as one space, none at
 * b's start or after a space already there. 1 for each character appended
 * is added to *chars. */
static int append_collapsed(px_buf *b, const char *s, size_t *chars)
{
    for (size_t i = 0; s[i];) {
        size_t k = 0;
        if (is_space_byte((unsigned char)s[i]))
            k = 1;
        else if ((unsigned char)s[i] == 0xC2 && (unsigned char)s[i + 1] == 0xA0)
            k = 2;
        if (k) {
            if (b->len && b->data[b->len - 1] != ' ' && b->data[b->len - 1] != '\n' &&
                px_buf_append(b, " ", 1) != PRECIS_OK)
                return PRECIS_ERR_NOMEM;
            i += k;
            continue;
        }
        size_t j = i;
        while (s[j] && !is_space_byte((unsigned char)s[j]) &&
               !((unsigned char)s[j] == 0xC2 && (unsigned char)s[j + 1] == 0xA0))
            j++;
        if (px_buf_append(b, s + i, j - i) != PRECIS_OK)
            return PRECIS_ERR_NOMEM;
        if (chars)
            *chars += j - i;
        i = j;
    }
    return PRECIS_OK;
}

/* Words and stop words of [s, s + n): words are runs of letters, digits and
 * non-ASCII bytes; stop words are looked up ASCII-lowercased. */
static void count_words(const char *s, size_t n, size_t *words, size_t *stops)
{
    *words = *stops = 0;
    for (size_t i = 0; i < n;) {
        if (!isalnum((unsigned char)s[i]) && (unsigned char)s[i] < 0x80 && s[i] != '\'') {
            i++;
            continue;
        }
        size_t j = i;
        while (j < n && (isalnum((unsigned char)s[j]) || (unsigned char)s[j] >= 0x80 || s[j] == '\''))
            j++;
        char low[32];
        size_t len = j - i;
        (*words)++;
        if (len < sizeof low) {
            for (size_t k = 0; k < len; k++)
                low[k] = (char)tolower((unsigned char)s[i + k]);
            *stops += px_is_stop_word(low, len);
        }
        i = j;
    }
}

/* ---------------------------------------------------------------- blocks */

/* Ends the open block: kept if it holds any text. */
static int close_block(walker *w)
{
    px_buf *t = &w->text;
    while (t->len > w->open_start && t->data[t->len - 1] == ' ')
        t->len--;
    if (t->len == w->open_start)
        return PRECIS_OK;
    if (w->n == w->cap) {
        size_t cap = w->cap ? 2 * w->cap : 64;
        block *p = px_realloc_array(w->blocks, cap, sizeof *p);
        if (!p)
            return PRECIS_ERR_NOMEM;
        w->blocks = p;
        w->cap = cap;
    }
    block *b = &w->blocks[w->n++];
    memset(b, 0, sizeof *b);
    b->start = w->open_start;
    b->len = t->len - w->open_start;
    b->link_chars = w->open_links;
    b->furniture_context = w->open_context;
    count_words(t->data + b->start, b->len, &b->words, &b->stops);
    if (px_buf_append(t, "\n", 1) != PRECIS_OK)
        return PRECIS_ERR_NOMEM;
    w->open_start = t->len;
    w->open_links = 0;
    return PRECIS_OK;
}

static int add_text(walker *w, const char *s)
{
    if (w->in_head)
        return PRECIS_OK;
    int empty = w->text.len == w->open_start;
    size_t chars = 0;
    int rc = append_collapsed(&w->text, s, &chars);
    if (rc == PRECIS_OK && empty && w->text.len > w->open_start)
        w->open_context = w->context > 0;
    if (w->links)
        w->open_links += chars;
    if (rc == PRECIS_OK && w->in_h1 && !w->h1_done)
        rc = append_collapsed(&w->h1, s, NULL);
    return rc;
}

/* ---------------------------------------------------------------- the walk */

static int enter(walker *w, xmlNode *e, int *descend)
{
    *descend = 0;
    if (is_skipped(e->name))
        return PRECIS_OK;
    if (strcasecmp((const char *)e->name, "title") == 0) {
        if (w->title.len == 0 && e->children) {
            xmlChar *s = xmlNodeGetContent(e);
            int rc = s ? append_collapsed(&w->title, (const char *)s, NULL) : PRECIS_OK;
            xmlFree(s);
            return rc;
        }
        return PRECIS_OK;
    }
    *descend = 1;
    if (strcasecmp((const char *)e->name, "head") == 0)
        w->in_head++;
    if (is_block(e->name) && close_block(w) != PRECIS_OK)
        return PRECIS_ERR_NOMEM;
    if (strcasecmp((const char *)e->name, "a") == 0)
        w->links++;
    if (strcasecmp((const char *)e->name, "h1") == 0)
        w->in_h1 = 1;
    if (is_furniture_element(e))
        w->context++;
    return PRECIS_OK;
}

static int leave(walker *w, xmlNode *e)
{
    if (strcasecmp((const char *)e->name, "head") == 0 && w->in_head > 0)
        w->in_head--;
    if (is_block(e->name) && close_block(w) != PRECIS_OK)
        return PRECIS_ERR_NOMEM;
    if (strcasecmp((const char *)e->name, "a") == 0 && w->links > 0)
        w->links--;
    if (strcasecmp((const char *)e->name, "h1") == 0 && w->in_h1) {
        w->in_h1 = 0;
        w->h1_done = w->h1.len > 0;
    }
    if (is_furniture_element(e) && w->context > 0)
        w->context--;
    return PRECIS_OK;
}

/* Every node below root, in document order, without recursion. */
static int walk(walker *w, xmlNode *root)
{
    xmlNode *n = root;
    while (n) {
        int descend = 0, rc = PRECIS_OK;
        if (n->type == XML_ELEMENT_NODE)
            rc = enter(w, n, &descend);
        else if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) && n->content)
            rc = add_text(w, (const char *)n->content);
        if (rc != PRECIS_OK)
            return rc;
        if (descend && n->children) {
            n = n->children;
            continue;
        }
        if (descend && (rc = leave(w, n)) != PRECIS_OK)
            return rc;
        while (n != root && !n->next) {
            n = n->parent;
            if (n->type == XML_ELEMENT_NODE && (rc = leave(w, n)) != PRECIS_OK)
                return rc;
        }
        n = n == root ? NULL : n->next;
    }
    return close_block(w);
}

/* ---------------------------------------------------------------- judging */

static verdict judge(const walker *w, block *b)
{
    const char *s = w->text.data + b->start;
    b->rule_bad = b->furniture_context ||
                  (double)b->link_chars > MAX_LINK_DENSITY * (double)b->len ||
                  px_is_furniture(s, b->len, 0);
    if (b->rule_bad)
        return BAD;
    double stop = b->words ? (double)b->stops / (double)b->words : 0;
    if (b->len < LENGTH_LOW)
        return SHORT;
    if (stop >= STOPWORDS_HIGH)
        return b->len > LENGTH_HIGH ? GOOD : NEARGOOD;
    return stop >= STOPWORDS_LOW ? NEARGOOD : BAD;
}

/* A short link line ("Read more: ...", "Share", "Next page"): bad, but no
 * evidence about the blocks around it, since pages put such lines inside
 * stories as well as around them. */
static int is_link_line(const block *b)
{
    return b->cls == BAD && b->len < LENGTH_LOW && 2 * b->link_chars > b->len;
}

/* The verdict of the nearest block on side dir (-1, +1) that is GOOD or BAD
 * and not a link line (with skip_near, NEARGOOD blocks are passed over too);
 * BAD past the ends. */
static verdict neighbour(const block *b, size_t n, size_t i, int dir, int skip_near)
{
    for (size_t j = i; dir < 0 ? j-- > 0 : ++j < n;) {
        verdict c = b[j].cls;
        if (is_link_line(&b[j]))
            continue;
        if (c == GOOD || c == BAD || (c == NEARGOOD && !skip_near))
            return c;
    }
    return BAD;
}

/* A story told in short paragraphs (news agencies write 1-2 sentences per
 * paragraph) has no block over LENGTH_HIGH: a run of at least
 * DENSE_RUN_BLOCKS near-good blocks (short ones and link lines between them
 * allowed) with
 * DENSE_RUN_CHARS of text between them is such a story, so its near-good
 * blocks are good (boilerpipe's text density, at the scale of the run). */
#define DENSE_RUN_BLOCKS 3
#define DENSE_RUN_CHARS 400

static void promote_dense_runs(block *b, size_t n)
{
    for (size_t i = 0; i < n;) {
        size_t j = i, near = 0, chars = 0;
        while (j < n && (b[j].cls == NEARGOOD || b[j].cls == SHORT || b[j].cls == GOOD ||
                         is_link_line(&b[j]))) {
            if (b[j].cls == NEARGOOD || b[j].cls == GOOD) {
                near++;
                chars += b[j].len;
            }
            j++;
        }
        for (size_t k = i; near >= DENSE_RUN_BLOCKS && chars >= DENSE_RUN_CHARS && k < j; k++)
            if (b[k].cls == NEARGOOD)
                b[k].cls = GOOD;
        i = j > i ? j : i + 1;
    }
}

/* jusText's context step: a short block between good ones is good, between
 * bad ones bad, else near-good; a near-good block with a good one as its
 * nearest judged neighbour on either side is good, else bad. */
static void judge_in_context(block *b, size_t n)
{
    promote_dense_runs(b, n);
    for (size_t i = 0; i < n; i++) {
        if (b[i].cls != SHORT)
            continue;
        verdict p = neighbour(b, n, i, -1, 1), q = neighbour(b, n, i, +1, 1);
        b[i].cls = p == GOOD && q == GOOD ? GOOD : p == BAD && q == BAD ? BAD : NEARGOOD;
    }
    for (size_t i = 0; i < n; i++)
        if (b[i].cls == NEARGOOD)
            b[i].cls = (neighbour(b, n, i, -1, 1) == GOOD || neighbour(b, n, i, +1, 1) == GOOD)
                           ? GOOD
                           : BAD;
}

/* A page with no good block is not all furniture: its longest block that
 * is not bad by rule (furniture, links) is taken as the story, and the
 * context step is run again around it; a page of short notes keeps every
 * block that is not bad by rule. */
static void keep_something(block *b, size_t n)
{
    size_t best = n;
    for (size_t i = 0; i < n; i++) {
        if (b[i].cls == GOOD)
            return;
        if (!b[i].rule_bad && (best == n || b[i].len > b[best].len))
            best = i;
    }
    if (best == n)
        return;
    if (b[best].len < LENGTH_LOW) {
        for (size_t i = 0; i < n; i++)
            if (!b[i].rule_bad)
                b[i].cls = GOOD;
        return;
    }
    for (size_t i = 0; i < n; i++)
        b[i].cls = b[i].first;
    b[best].cls = GOOD;
    judge_in_context(b, n);
}

/* ---------------------------------------------------------------- the headline */

/* A title's site name, after the last " | ", " - ", " – ", " — " or " :: ",
 * when it is short: "Ink helps drive democracy in Asia - BBC News". */
static size_t strip_site_name(const char *t, size_t n)
{
    static const char *const seps[] = {" | ", " - ", " \xe2\x80\x93 ", " \xe2\x80\x94 ", " :: ",
                                       " \xc2\xbb "};
    size_t best = 0;
    for (size_t s = 0; s < sizeof seps / sizeof seps[0]; s++) {
        size_t m = strlen(seps[s]);
        for (size_t i = n; i-- > 0;)
            if (i + m <= n && memcmp(t + i, seps[s], m) == 0) {
                if (i > best)
                    best = i;
                break;
            }
    }
    if (best == 0)
        return n;
    size_t tail_words, tail_stops, head_words, head_stops;
    count_words(t + best, n - best, &tail_words, &tail_stops);
    count_words(t, best, &head_words, &head_stops);
    return tail_words <= 4 && head_words >= 2 ? best : n;
}

/* The headline: the <h1> when the title holds it (the title then only adds
 * the site's name), else the title without a short site name, else the h1. */
static int put_headline(const walker *w, px_buf *out)
{
    const px_buf *t = &w->title, *h = &w->h1;
    if (h->len && t->len && strstr(t->data, h->data))
        return px_buf_append(out, h->data, h->len);
    if (t->len)
        return px_buf_append(out, t->data, strip_site_name(t->data, t->len));
    if (h->len)
        return px_buf_append(out, h->data, h->len);
    return PRECIS_OK;
}

/* ---------------------------------------------------------------- detection */

static int starts_with_ci(const char *s, size_t n, const char *p)
{
    size_t m = strlen(p);
    return n >= m && strncasecmp(s, p, m) == 0;
}

int px_html_sniff(const char *path, const char *bytes, size_t len)
{
    static const char *const exts[] = {".html", ".htm", ".xhtml", ".shtml"};
    static const char *const marks[] = {"<!doctype html", "<html", "<head", "<body"};
    const char *slash = path ? strrchr(path, '/') : NULL;
    const char *dot = path ? strrchr(slash ? slash + 1 : path, '.') : NULL;
    for (size_t i = 0; dot && i < sizeof exts / sizeof exts[0]; i++)
        if (strcasecmp(dot, exts[i]) == 0)
            return 1;
    /* Else markup first (after a BOM, blanks, maybe a comment) and one of the
     * marks of a page near the start. */
    size_t i = len >= 3 && memcmp(bytes, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    while (i < len && is_space_byte((unsigned char)bytes[i]))
        i++;
    if (i == len || bytes[i] != '<')
        return 0;
    size_t n = len - i < 1024 ? len - i : 1024;
    for (size_t k = 0; k < sizeof marks / sizeof marks[0]; k++)
        for (size_t j = 0; j + strlen(marks[k]) <= n; j++)
            if (starts_with_ci(bytes + i + j, n - j, marks[k]))
                return 1;
    return 0;
}

/* The encoding to parse with: none (NULL) when the page declares one, else
 * UTF-8 when the bytes are UTF-8, else Windows-1252, as browsers assume. */
static const char *parse_encoding(const char *bytes, size_t len)
{
    size_t n = len < CHARSET_SNIFF ? len : CHARSET_SNIFF;
    for (size_t i = 0; i + 8 <= n; i++)
        if (strncasecmp(bytes + i, "charset=", 8) == 0)
            return NULL;
    return px_utf8_valid(bytes, len) ? "UTF-8" : "windows-1252";
}

static pthread_once_t init_once = PTHREAD_ONCE_INIT;
static void init_libxml(void) { xmlInitParser(); }

int px_html_to_text(const char *bytes, size_t len, px_buf *out)
{
    if (len > INT_MAX)
        return PRECIS_ERR_LIMIT;
    pthread_once(&init_once, init_libxml);
    htmlDocPtr doc = htmlReadMemory(bytes, (int)len, NULL, parse_encoding(bytes, len),
                                    HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
                                        HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
    walker w = {0};
    int rc = PRECIS_OK;
    xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;
    if (root)
        rc = walk(&w, root);
    if (rc == PRECIS_OK) {
        for (size_t i = 0; i < w.n; i++)
            w.blocks[i].cls = w.blocks[i].first = judge(&w, &w.blocks[i]);
        judge_in_context(w.blocks, w.n);
        keep_something(w.blocks, w.n);
        rc = put_headline(&w, out);
    }
    size_t head = out->len, said = 0;
    for (size_t i = 0; rc == PRECIS_OK && i < w.n; i++) {
        const block *b = &w.blocks[i];
        if (b->cls != GOOD)
            continue;
        /* the headline again as the story's first block: said once */
        if (!said && head && b->len == head && memcmp(out->data, w.text.data + b->start, head) == 0)
            continue;
        said = 1;
        if ((rc = px_buf_append(out, "\n\n", 2)) == PRECIS_OK)
            rc = px_buf_append(out, w.text.data + b->start, b->len);
    }
    if (rc == PRECIS_OK)
        rc = px_buf_append(out, "\n", 1);
    xmlFreeDoc(doc);
    px_free(w.blocks);
    px_buf_free(&w.text);
    px_buf_free(&w.h1);
    px_buf_free(&w.title);
    return rc;
}

/* ---------------------------------------------------------------- public */

int precis_html_text(const char *bytes, size_t len, char **out, size_t *out_len,
                     precis_error *err)
{
    if (!out || (!bytes && len))
        return px_error(err, PRECIS_ERR_ARG, "precis_html_text: NULL argument");
    px_buf b = {0};
    int rc = px_html_to_text(bytes ? bytes : "", len, &b);
    if (rc == PRECIS_OK)
        rc = px_buf_reserve(&b, 0);
    if (rc != PRECIS_OK) {
        px_buf_free(&b);
        return px_error(err, rc, rc == PRECIS_ERR_LIMIT ? "HTML page of %zu bytes: too large"
                                                        : "out of memory reading %zu bytes of HTML",
                        len);
    }
    *out = b.data;
    if (out_len)
        *out_len = b.len;
    return PRECIS_OK;
}

int precis_is_html(const char *path, const char *bytes, size_t len)
{
    return px_html_sniff(path, bytes ? bytes : "", bytes ? len : 0);
}
