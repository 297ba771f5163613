/*
 * tokenize.c — Python's str.lower() and scikit-learn's default token pattern.
 *
 * Lowercasing follows CPython: each code point's simple lowercase mapping,
 * except U+0130 (İ -> i + U+0307) and capital sigma, which becomes final sigma
 * when a cased letter precedes it (skipping case-ignorable ones) and none
 * follows. Tokens are maximal runs of \w (letters L*, numbers N*, '_') of at
 * least min_chars code points: exactly what (?u)\b\w\w+\b finds, since the
 * regex consumes a run greedily from its first character.
 * ASCII takes a table-driven fast path; utf8proc answers everything else.
 */
#include "text/text.h"

#include <string.h>
#include <utf8proc.h>

#include "base/error.h"

static int is_word_ascii(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/* What a byte is to the tokenizer, looked up rather than tested. */
enum { NON_WORD = 0, WORD = 1, MULTIBYTE = 2 };
static const unsigned char ascii_class[128] = {
    ['0'] = WORD, ['1'] = WORD, ['2'] = WORD, ['3'] = WORD, ['4'] = WORD, ['5'] = WORD,
    ['6'] = WORD, ['7'] = WORD, ['8'] = WORD, ['9'] = WORD, ['_'] = WORD,
    ['A'] = WORD, ['B'] = WORD, ['C'] = WORD, ['D'] = WORD, ['E'] = WORD, ['F'] = WORD,
    ['G'] = WORD, ['H'] = WORD, ['I'] = WORD, ['J'] = WORD, ['K'] = WORD, ['L'] = WORD,
    ['M'] = WORD, ['N'] = WORD, ['O'] = WORD, ['P'] = WORD, ['Q'] = WORD, ['R'] = WORD,
    ['S'] = WORD, ['T'] = WORD, ['U'] = WORD, ['V'] = WORD, ['W'] = WORD, ['X'] = WORD,
    ['Y'] = WORD, ['Z'] = WORD,
    ['a'] = WORD, ['b'] = WORD, ['c'] = WORD, ['d'] = WORD, ['e'] = WORD, ['f'] = WORD,
    ['g'] = WORD, ['h'] = WORD, ['i'] = WORD, ['j'] = WORD, ['k'] = WORD, ['l'] = WORD,
    ['m'] = WORD, ['n'] = WORD, ['o'] = WORD, ['p'] = WORD, ['q'] = WORD, ['r'] = WORD,
    ['s'] = WORD, ['t'] = WORD, ['u'] = WORD, ['v'] = WORD, ['w'] = WORD, ['x'] = WORD,
    ['y'] = WORD, ['z'] = WORD,
};

static int class_of(unsigned char c)
{
    return c >= 0x80 ? MULTIBYTE : ascii_class[c];
}

int px_is_word_char(int32_t cp)
{
    if (cp < 0x80)
        return is_word_ascii((unsigned char)cp);
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO:
        return 1;
    default:
        return 0;
    }
}

/* Unicode's Cased property: lowercase, uppercase or titlecase letters. */
static int is_cased(int32_t cp)
{
    if (cp < 0x80)
        return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
    return utf8proc_islower(cp) || utf8proc_isupper(cp) ||
           utf8proc_category(cp) == UTF8PROC_CATEGORY_LT;
}

/* Unicode's Case_Ignorable: marks, format characters, modifiers, and the
 * word-break MidLetter / MidNumLet / Single_Quote characters (listed, with
 * the ASCII modifier symbols ^ and `, since the category test below skips
 * ASCII). */
static int is_case_ignorable(int32_t cp)
{
    switch (cp) {
    case '\'': case '.': case ':': case '^': case '`': case 0x00B7: case 0x0387: case 0x055F:
    case 0x05F4: case 0x2018:
    case 0x2019: case 0x2024: case 0x2027: case 0xFE13: case 0xFE52: case 0xFE55:
    case 0xFF07: case 0xFF0E: case 0xFF1A:
        return 1;
    default:
        break;
    }
    if (cp < 0x80)
        return 0;
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_ME:
    case UTF8PROC_CATEGORY_CF:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_SK:
        return 1;
    default:
        return 0;
    }
}

/* Steps back over one code point ending before s[i]; returns its start. */
static size_t prev_start(const char *s, size_t i)
{
    do
        i--;
    while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80);
    return i;
}

/* CPython's final-sigma rule for the capital sigma at s[at] (2 bytes). */
static int is_final_sigma(const char *s, size_t len, size_t at)
{
    int32_t cp = 0;
    size_t i = at;
    int cased_before = 0;
    while (i > 0) {
        i = prev_start(s, i);
        px_utf8_next(s + i, len - i, &cp);
        if (!is_case_ignorable(cp)) {
            cased_before = is_cased(cp);
            break;
        }
    }
    if (!cased_before)
        return 0;
    for (size_t j = at + 2; j < len;) {
        j += px_utf8_next(s + j, len - j, &cp);
        if (!is_case_ignorable(cp))
            return !is_cased(cp);
    }
    return 1;
}

/* Eight ASCII bytes lowercased at once (0 if any is not ASCII): a byte is
 * upper case when adding 0x80 - 'A' carries into its top bit and adding
 * 0x7F - 'Z' does not; those get 0x20 added. No byte's sum carries into the
 * next, as the top bits are cleared first. */
static int lower_ascii_word(const char *in, char *out)
{
    const uint64_t ones = 0x0101010101010101ULL, tops = 0x8080808080808080ULL;
    uint64_t w;
    memcpy(&w, in, 8);
    if (w & tops)
        return 0;
    uint64_t ge_a = w + (0x80 - 'A') * ones;
    uint64_t gt_z = w + (0x7F - 'Z') * ones;
    w |= (ge_a & ~gt_z & tops) >> 2;
    memcpy(out, &w, 8);
    return 1;
}

int px_lowercase(const char *s, size_t len, px_buf *out)
{
    out->len = 0;
    /* Lowercasing grows valid UTF-8 by at most half (U+023A: 2 -> 3 bytes;
     * U+0130: 2 -> 3); malformed bytes (U+FFFD, 1 -> 3) grow it more, so the
     * slow path checks room before each code point. */
    if (len > (SIZE_MAX - 8) / 2 || px_buf_reserve(out, len + len / 2 + 8) != PRECIS_OK)
        return PRECIS_ERR_NOMEM;
    for (size_t i = 0; i < len;) {
        if (len - i >= 8 && lower_ascii_word(s + i, out->data + out->len)) {
            out->len += 8;
            i += 8;
            continue;
        }
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            out->data[out->len++] = (char)((c >= 'A' && c <= 'Z') ? c + 32 : c);
            i++;
            continue;
        }
        if (out->cap - out->len < len - i + 8 && px_buf_reserve(out, len - i + 8) != PRECIS_OK)
            return PRECIS_ERR_NOMEM;
        char *o = out->data + out->len;
        int32_t cp;
        size_t k = px_utf8_next(s + i, len - i, &cp);
        int32_t lower;
        if (cp == 0x0130) {
            o += px_utf8_encode('i', o);
            lower = 0x0307;
        } else if (cp == 0x03A3) {
            lower = is_final_sigma(s, len, i) ? 0x03C2 : 0x03C3;
        } else {
            lower = utf8proc_tolower(cp);
        }
        o += px_utf8_encode(lower, o);
        out->len = (size_t)(o - out->data);
        i += k;
    }
    out->data[out->len] = '\0';
    return PRECIS_OK;
}

int px_tokenize(const char *s, size_t len, int min_chars, px_token_fn fn, void *ctx)
{
    size_t i = 0;
    while (i < len) {
        /* Skip non-word characters. */
        int32_t cp = 0;
        size_t k = 1;
        while (i < len) {
            int cls = class_of((unsigned char)s[i]);
            if (cls == WORD)
                break;
            if (cls == NON_WORD) {
                i++;
                continue;
            }
            k = px_utf8_next(s + i, len - i, &cp);
            if (px_is_word_char(cp))
                break;
            i += k;
        }
        size_t start = i;
        int chars = 0;
        while (i < len) {
            int cls = class_of((unsigned char)s[i]);
            if (cls == WORD) {
                i++;
            } else if (cls == NON_WORD) {
                break;
            } else {
                k = px_utf8_next(s + i, len - i, &cp);
                if (!px_is_word_char(cp))
                    break;
                i += k;
            }
            chars++;
        }
        if (chars >= min_chars && chars > 0) {
            int rc = fn(ctx, s + start, i - start);
            if (rc)
                return rc;
        }
    }
    return 0;
}
