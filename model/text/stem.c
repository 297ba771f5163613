/*
 * stem.c — the Porter stemmer: M. F. Porter, "An algorithm for suffix
 * stripping", Program 14(3), 1980, as NLTK's PorterStemmer runs it in
 * ORIGINAL_ALGORITHM mode (the stemmer behind ROUGE's scores).
 *
 * That mode is the paper, with these readings made explicit:
 *  - every word is stemmed, however short ("is" -> "i");
 *  - a rule list is searched for the first suffix the word ends with, and
 *    that rule alone decides: if its condition fails the step leaves the word
 *    unchanged ("rational" matches ATIONAL with m = 0, so TIONAL is not tried);
 *  - step 1b tries EED first, and a word ending in EED never falls to ED;
 *  - step 2 has ABLI -> ABLE (Porter's later BLI -> BLE is not used), and no
 *    LOGI or FULLI rule;
 *  - step 1c is (*v*) Y -> I, so "happy" -> "happi" but "sky" stays;
 *  - step 5a removes E if m > 1, or if m = 1 and the stem does not end cvc;
 *    step 5b measures the word without its last L.
 * Letters other than a, e, i, o, u and y (digits too) are consonants; y is a
 * consonant at the start of a word or after a vowel.
 *
 * Invariant: no rule lengthens the word (every replacement is no longer than
 * the suffix it replaces, counting the suffix removed in step 1b), so the
 * stem is built in place in the caller's len + 1 bytes.
 */
#include "precis.h"

#include <string.h>

/* A word being stemmed: its letters in s[0 .. n). */
typedef struct word {
    char *s;
    size_t n;
} word;

static int is_vowel_letter(char c)
{
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

/* Is s[i] a consonant? A y's status alternates along a run of y's, from the
 * letter before the run (a y opening the word is a consonant). Walking back
 * over the run keeps this linear, where the definition's recursion is not. */
static int is_consonant(const char *s, size_t i)
{
    if (is_vowel_letter(s[i]))
        return 0;
    if (s[i] != 'y')
        return 1;
    size_t run_start = i;
    while (run_start > 0 && s[run_start - 1] == 'y')
        run_start--;
    int first_is_consonant = run_start == 0 || is_vowel_letter(s[run_start - 1]);
    return (i - run_start) % 2 == 0 ? first_is_consonant : !first_is_consonant;
}

/* m of s[0 .. n): the number of vowel-to-consonant transitions, which is the
 * paper's m in [C](VC){m}[V]. */
static size_t measure(const char *s, size_t n)
{
    size_t m = 0;
    int prev_consonant = 1;
    for (size_t i = 0; i < n; i++) {
        int consonant;
        if (is_vowel_letter(s[i]))
            consonant = 0;
        else if (s[i] == 'y')
            consonant = i == 0 || !prev_consonant;
        else
            consonant = 1;
        if (consonant && !prev_consonant)
            m++;
        prev_consonant = consonant;
    }
    return m;
}

/* *v*: s[0 .. n) contains a vowel. */
static int contains_vowel(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!is_consonant(s, i))
            return 1;
    return 0;
}

/* *d: s[0 .. n) ends with a double consonant. */
static int ends_double_consonant(const char *s, size_t n)
{
    return n >= 2 && s[n - 1] == s[n - 2] && is_consonant(s, n - 1);
}

/* *o: s[0 .. n) ends consonant-vowel-consonant, the last not w, x or y. */
static int ends_cvc(const char *s, size_t n)
{
    return n >= 3 && is_consonant(s, n - 3) && !is_consonant(s, n - 2) && is_consonant(s, n - 1) &&
           s[n - 1] != 'w' && s[n - 1] != 'x' && s[n - 1] != 'y';
}

static int ends_with(const word *w, const char *suffix, size_t k)
{
    return w->n >= k && memcmp(w->s + w->n - k, suffix, k) == 0;
}

/* Replaces the last k letters with `to` (never longer than k). */
static void replace_suffix(word *w, size_t k, const char *to)
{
    size_t t = strlen(to);
    memcpy(w->s + w->n - k, to, t);
    w->n = w->n - k + t;
}

typedef enum condition {
    ALWAYS,
    M_POSITIVE,          /* (m > 0) */
    M_ABOVE_ONE,         /* (m > 1) */
    M_ABOVE_ONE_S_OR_T   /* (m > 1 and (*S or *T)) */
} condition;

typedef struct rule {
    const char *suffix, *replacement;
    condition when;
} rule;

/* Does the stem s[0 .. n) (the word without the rule's suffix) meet c? */
static int condition_holds(condition c, const char *s, size_t n)
{
    switch (c) {
    case ALWAYS: return 1;
    case M_POSITIVE: return measure(s, n) > 0;
    case M_ABOVE_ONE: return measure(s, n) > 1;
    case M_ABOVE_ONE_S_OR_T: return measure(s, n) > 1 && (s[n - 1] == 's' || s[n - 1] == 't');
    }
    return 0;
}

/* The first rule whose suffix ends the word decides the step. */
static void apply_first_matching(word *w, const rule *rules, size_t n_rules)
{
    for (size_t r = 0; r < n_rules; r++) {
        size_t k = strlen(rules[r].suffix);
        if (!ends_with(w, rules[r].suffix, k))
            continue;
        if (condition_holds(rules[r].when, w->s, w->n - k))
            replace_suffix(w, k, rules[r].replacement);
        return;
    }
}

#define N_RULES(table) (sizeof(table) / sizeof(table)[0])

static void step1a(word *w)
{
    static const rule rules[] = {
        {"sses", "ss", ALWAYS}, {"ies", "i", ALWAYS}, {"ss", "ss", ALWAYS}, {"s", "", ALWAYS},
    };
    apply_first_matching(w, rules, N_RULES(rules));
}

/* After ED or ING went: restore an E that later steps may need, or undouble. */
static void step1b_tidy(word *w)
{
    if (ends_with(w, "at", 2) || ends_with(w, "bl", 2) || ends_with(w, "iz", 2)) {
        w->s[w->n++] = 'e';
    } else if (ends_double_consonant(w->s, w->n)) {
        char last = w->s[w->n - 1];
        if (last != 'l' && last != 's' && last != 'z')
            w->n--;
    } else if (measure(w->s, w->n) == 1 && ends_cvc(w->s, w->n)) {
        w->s[w->n++] = 'e';
    }
}

static void step1b(word *w)
{
    if (ends_with(w, "eed", 3)) {
        if (measure(w->s, w->n - 3) > 0)
            w->n--;
        return;
    }
    size_t k = ends_with(w, "ed", 2) ? 2 : ends_with(w, "ing", 3) ? 3 : 0;
    if (k == 0 || !contains_vowel(w->s, w->n - k))
        return;
    w->n -= k;
    step1b_tidy(w);
}

static void step1c(word *w)
{
    if (ends_with(w, "y", 1) && contains_vowel(w->s, w->n - 1))
        w->s[w->n - 1] = 'i';
}

static void step2(word *w)
{
    static const rule rules[] = {
        {"ational", "ate", M_POSITIVE}, {"tional", "tion", M_POSITIVE},
        {"enci", "ence", M_POSITIVE},   {"anci", "ance", M_POSITIVE},
        {"izer", "ize", M_POSITIVE},    {"abli", "able", M_POSITIVE},
        {"alli", "al", M_POSITIVE},     {"entli", "ent", M_POSITIVE},
        {"eli", "e", M_POSITIVE},       {"ousli", "ous", M_POSITIVE},
        {"ization", "ize", M_POSITIVE}, {"ation", "ate", M_POSITIVE},
        {"ator", "ate", M_POSITIVE},    {"alism", "al", M_POSITIVE},
        {"iveness", "ive", M_POSITIVE}, {"fulness", "ful", M_POSITIVE},
        {"ousness", "ous", M_POSITIVE}, {"aliti", "al", M_POSITIVE},
        {"iviti", "ive", M_POSITIVE},   {"biliti", "ble", M_POSITIVE},
    };
    apply_first_matching(w, rules, N_RULES(rules));
}

static void step3(word *w)
{
    static const rule rules[] = {
        {"icate", "ic", M_POSITIVE}, {"ative", "", M_POSITIVE}, {"alize", "al", M_POSITIVE},
        {"iciti", "ic", M_POSITIVE}, {"ical", "ic", M_POSITIVE}, {"ful", "", M_POSITIVE},
        {"ness", "", M_POSITIVE},
    };
    apply_first_matching(w, rules, N_RULES(rules));
}

static void step4(word *w)
{
    /* EMENT before MENT before ENT: the longest of the three decides. */
    static const rule rules[] = {
        {"al", "", M_ABOVE_ONE},   {"ance", "", M_ABOVE_ONE},  {"ence", "", M_ABOVE_ONE},
        {"er", "", M_ABOVE_ONE},   {"ic", "", M_ABOVE_ONE},    {"able", "", M_ABOVE_ONE},
        {"ible", "", M_ABOVE_ONE}, {"ant", "", M_ABOVE_ONE},   {"ement", "", M_ABOVE_ONE},
        {"ment", "", M_ABOVE_ONE}, {"ent", "", M_ABOVE_ONE},   {"ion", "", M_ABOVE_ONE_S_OR_T},
        {"ou", "", M_ABOVE_ONE},   {"ism", "", M_ABOVE_ONE},   {"ate", "", M_ABOVE_ONE},
        {"iti", "", M_ABOVE_ONE},  {"ous", "", M_ABOVE_ONE},   {"ive", "", M_ABOVE_ONE},
        {"ize", "", M_ABOVE_ONE},
    };
    apply_first_matching(w, rules, N_RULES(rules));
}

/* Two conditions on the same suffix: both are tried, unlike a rule list. */
static void step5a(word *w)
{
    if (!ends_with(w, "e", 1))
        return;
    size_t m = measure(w->s, w->n - 1);
    if (m > 1 || (m == 1 && !ends_cvc(w->s, w->n - 1)))
        w->n--;
}

static void step5b(word *w)
{
    if (ends_with(w, "ll", 2) && measure(w->s, w->n - 1) > 1)
        w->n--;
}

size_t precis_porter_stem(const char *text, size_t len, char *out)
{
    if (!out)
        return 0;
    word w = {out, text ? len : 0};
    if (w.n)
        memmove(w.s, text, w.n);
    step1a(&w);
    step1b(&w);
    step1c(&w);
    step2(&w);
    step3(&w);
    step4(&w);
    step5a(&w);
    step5b(&w);
    w.s[w.n] = '\0';
    return w.n;
}
