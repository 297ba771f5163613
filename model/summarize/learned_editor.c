/*
 * learned_editor.c — sentence traits a news editor would name, for the
 * learned summarizer's features (learned.c): a sentence that leans on one
 * before it (opens with a pronoun or connective), a quotation without its
 * speaker, a question, and the runs of capitalized words that name people,
 * places and bodies.
 *
 * Each reads one sentence's text (valid UTF-8) and nothing else, so the same
 * sentence gets the same value in training and in use. English word lists:
 * in another language the traits are simply 0, which the model then weighs
 * as "absent" (no harm, no help).
 *
 * Invariants: pure functions of their bytes; bounded work (linear in the
 * sentence's length).
 */
#include "summarize/learned.h"

#include <string.h>

#include "text/chars.h"
#include "text/text.h"

/* First words that point back at an earlier sentence: pronouns whose
 * antecedent lies before, and connectives that continue an argument. */
static const char *const LEANERS[] = {
    "he", "she", "it", "they", "his", "her", "its", "their", "them", "him",
    "this", "that", "these", "those", "but", "however", "and", "also", "still",
    "yet", "so", "meanwhile", "instead", "moreover", "furthermore", "then",
    "besides", "nevertheless", "nonetheless", "thus", "therefore", "otherwise",
    "such", "there", "or", "although", "though", "while", "because", NULL,
};

/* Verbs and phrases that attribute a quotation to its speaker. */
static const char *const ATTRIBUTIONS[] = {
    "said", "says", "say", "told", "tells", "tell", "asked", "asks", "added", "adds",
    "according", "explained", "explains", "wrote", "writes", "stated", "states",
    "noted", "notes", "insisted", "insists", "argued", "argues", "recalled",
    "recalls", "warned", "warns", "declared", "announced", "replied", "continued",
    "acknowledged", "admitted", "admits", "claimed", "claims", "commented",
    "tweeted", "posted", NULL,
};

static int in_list(const char *const *list, const char *w, size_t len)
{
    for (size_t k = 0; list[k]; k++)
        if (strlen(list[k]) == len && strncmp(list[k], w, len) == 0)
            return 1;
    return 0;
}

/* The next word's ASCII letters, lowercased, into buf (at most cap - 1;
 * longer words are cut, so they match nothing in the lists). Returns the
 * byte after the word, and *len its letter count (0: not a plain word). */
static size_t next_word(const char *s, size_t n, size_t i, char *buf, size_t cap, size_t *len)
{
    while (i < n && !px_space_len(s + i, n - i) && !(s[i] >= 'A' && s[i] <= 'Z') &&
           !(s[i] >= 'a' && s[i] <= 'z'))
        i++; /* opening quotes, brackets, dashes */
    size_t k = 0;
    while (i < n && ((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' && s[i] <= 'z') ||
                     s[i] == '\'')) {
        if (k + 1 < cap && s[i] != '\'')
            buf[k++] = (char)(s[i] | 0x20);
        else if (s[i] != '\'')
            k = cap; /* too long for any list */
        i++;
    }
    *len = k < cap ? k : 0;
    while (i < n && !px_space_len(s + i, n - i))
        i++;
    return i;
}

int px_sentence_leans_back(const char *s, size_t n)
{
    char w[16];
    size_t len;
    next_word(s, n, 0, w, sizeof w, &len);
    return len > 0 && in_list(LEANERS, w, len);
}

static int is_double_quote_at(const char *s, size_t n)
{
    return s[0] == '"' ||
           (n >= 3 && (unsigned char)s[0] == 0xE2 && (unsigned char)s[1] == 0x80 &&
            ((unsigned char)s[2] == 0x9C || (unsigned char)s[2] == 0x9D));
}

int px_sentence_has_quote(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (is_double_quote_at(s + i, n - i))
            return 1;
    return 0;
}

int px_sentence_attributes(const char *s, size_t n)
{
    char w[16];
    size_t len;
    for (size_t i = 0; i < n;) {
        size_t next = next_word(s, n, i, w, sizeof w, &len);
        if (len > 0 && in_list(ATTRIBUTIONS, w, len))
            return 1;
        i = next > i ? next : i + 1;
    }
    return 0;
}

int px_sentence_is_question(const char *s, size_t n)
{
    int32_t cp;
    size_t k;
    while ((k = px_utf8_prev(s, 0, n, &cp)) > 0 && !px_char_is_alnum(cp) && cp != '?')
        n -= k; /* closing quotes and brackets */
    return k > 0 && cp == '?';
}

/* Runs of words, after the first, that open with a capital letter: "Prime
 * Minister David Cameron" is one run. The first word is skipped because
 * every sentence capitalizes it. */
size_t px_sentence_capitalized_runs(const char *s, size_t n)
{
    size_t runs = 0, word = 0, i = 0;
    int in_run = 0;
    while (i < n) {
        size_t sp = px_space_len(s + i, n - i);
        if (sp) {
            i += sp;
            continue;
        }
        int capital = 0, first = 1;
        while (i < n && !px_space_len(s + i, n - i)) {
            int32_t cp;
            size_t step = px_utf8_next(s + i, n - i, &cp);
            if (first && px_char_is_alnum(cp)) {
                capital = px_char_is_upper(cp);
                first = 0;
            }
            i += step;
        }
        if (word++ > 0 && capital && !in_run)
            runs++;
        in_run = capital && word > 1;
    }
    return runs;
}

/* An ASCII byte that is neither letter nor digit: quotes, brackets, commas. */
static int is_ascii_punct(char c)
{
    return (unsigned char)c < 0x80 && !px_char_is_alnum((unsigned char)c);
}

/* The next whitespace-separated word from i: *start and *len frame its core
 * (opening and closing punctuation and a trailing "'s" left out); returns
 * the byte after the word. */
static size_t word_core(const char *s, size_t n, size_t i, size_t *start, size_t *len)
{
    while (i < n && px_space_len(s + i, n - i))
        i += px_space_len(s + i, n - i);
    size_t end = i;
    while (end < n && !px_space_len(s + end, n - end))
        end++;
    size_t a = i, b = end;
    while (a < b && is_ascii_punct(s[a]))
        a++;
    while (b > a && is_ascii_punct(s[b - 1]))
        b--;
    if (b - a > 2 && s[b - 2] == '\'' && (s[b - 1] | 0x20) == 's')
        b -= 2;
    *start = a;
    *len = b - a;
    return end;
}

/* Whether the word w[0..len) stands in h[0..hn) as a word, ASCII case
 * folded. */
static int in_headline(const char *w, size_t len, const char *h, size_t hn)
{
    for (size_t i = 0; i < hn;) {
        size_t start, n;
        size_t next = word_core(h, hn, i, &start, &n);
        if (n == len) {
            size_t k = 0;
            while (k < len && ((unsigned char)w[k] < 0x80 ? (w[k] | 0x20) == (h[start + k] | 0x20)
                                                          : w[k] == h[start + k]))
                k++;
            if (k == len)
                return 1;
        }
        i = next > i ? next : i + 1;
    }
    return 0;
}

double px_sentence_names_in_headline(const char *s, size_t n, const char *h, size_t hn)
{
    size_t names = 0, shared = 0, word = 0;
    for (size_t i = 0; i < n;) {
        size_t start, len;
        size_t next = word_core(s, n, i, &start, &len);
        if (next == i)
            break;
        i = next;
        if (word++ == 0 || len == 0 || !(s[start] >= 'A' && s[start] <= 'Z'))
            continue;
        names++;
        shared += hn > 0 && in_headline(s + start, len, h, hn);
    }
    return names ? (double)shared / (double)names : 0.0;
}
