/*
 * chars.c — character-level text primitives the splitter, the furniture
 * rules and the summarizers share: Unicode whitespace, trimming, stepping
 * back one code point, letter classes and word counts.
 *
 * Invariants: every function reads only inside the range it is given; the
 * classes are Unicode-aware (utf8proc) with an ASCII fast path.
 */
#include "text/chars.h"

#include <ctype.h>
#include <utf8proc.h>

#include "precis.h"
#include "text/text.h"

size_t px_space_len(const char *str, size_t n)
{
    const unsigned char *s = (const unsigned char *)str;
    if (n == 0)
        return 0;
    if (s[0] < 0x80)
        return (s[0] == ' ' || (s[0] >= '\t' && s[0] <= '\r')) ? 1 : 0;
    if (s[0] == 0xC2 && n >= 2)
        return (s[1] == 0x85 || s[1] == 0xA0) ? 2 : 0;
    if (n < 3)
        return 0;
    if (s[0] == 0xE1)
        return (s[1] == 0x9A && s[2] == 0x80) ? 3 : 0;
    if (s[0] == 0xE2 && s[1] == 0x80)
        return (s[2] <= 0x8A || s[2] == 0xA8 || s[2] == 0xA9 || s[2] == 0xAF) && s[2] >= 0x80 ? 3 : 0;
    if (s[0] == 0xE2 && s[1] == 0x81)
        return s[2] == 0x9F ? 3 : 0;
    if (s[0] == 0xE3)
        return (s[1] == 0x80 && s[2] == 0x80) ? 3 : 0;
    return 0;
}

/* Length of the whitespace character ending at t[end], 0 if none. */
size_t px_space_len_before(const char *t, size_t floor, size_t end)
{
    for (size_t k = 1; k <= 3 && k <= end - floor; k++)
        if (px_space_len(t + end - k, k) == k)
            return k;
    return 0;
}

void px_trim(const char *t, size_t *a, size_t *b)
{
    size_t k;
    while (*a < *b && (k = px_space_len(t + *a, *b - *a)) > 0)
        *a += k;
    while (*b > *a && (k = px_space_len_before(t, *a, *b)) > 0)
        *b -= k;
}

size_t px_utf8_prev(const char *t, size_t floor, size_t end, int32_t *cp)
{
    if (end <= floor) {
        *cp = 0;
        return 0;
    }
    size_t s = end - 1;
    while (s > floor && end - s < 4 && ((unsigned char)t[s] & 0xC0) == 0x80)
        s--;
    px_utf8_next(t + s, end - s, cp);
    return end - s;
}

int px_char_is_upper(int32_t cp)
{
    if (cp < 0x80)
        return cp >= 'A' && cp <= 'Z';
    int c = utf8proc_category(cp);
    return c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LT;
}

int px_char_is_lower(int32_t cp)
{
    if (cp < 0x80)
        return cp >= 'a' && cp <= 'z';
    return utf8proc_category(cp) == UTF8PROC_CATEGORY_LL;
}

int px_char_is_alnum(int32_t cp)
{
    if (cp < 0x80)
        return isalnum(cp) != 0;
    int c = utf8proc_category(cp);
    return c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_NO &&
           (c <= UTF8PROC_CATEGORY_LO || c >= UTF8PROC_CATEGORY_ND);
}

size_t precis_count_words(const char *text, size_t len)
{
    size_t words = 0, i = 0;
    int in_word = 0;
    if (!text)
        return 0;
    while (i < len) {
        size_t k = px_space_len(text + i, len - i);
        if (k) {
            in_word = 0;
            i += k;
        } else {
            words += !in_word;
            in_word = 1;
            i++;
        }
    }
    return words;
}

size_t precis_prefix_words(const char *text, size_t len, size_t n)
{
    size_t words = 0, i = 0, end = 0;
    int in_word = 0;
    if (!text || n == 0)
        return 0;
    while (i < len) {
        size_t k = px_space_len(text + i, len - i);
        if (k) {
            if (in_word && words == n)
                return end;
            in_word = 0;
            i += k;
        } else {
            words += !in_word;
            in_word = 1;
            end = ++i;
        }
    }
    return words < n ? len : end;
}
