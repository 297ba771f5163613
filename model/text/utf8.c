/*
 * utf8.c — byte buffers, UTF-8 validation, decoding of raw document bytes.
 *
 * Decoding (px_decode, as Python's bytes.decode would): UTF-8 if the bytes
 * are valid UTF-8 (a UTF-8 BOM dropped), else Windows-1252 (what text that
 * is not UTF-8 almost always is: Latin-1 would turn its curly quotes, dashes
 * and euro signs into C1 controls). UTF-16 is a file
 * encoding, not a text rule: the file readers transcode a file that starts
 * with a UTF-16 byte-order mark (px_utf16_decode) before anything sees it.
 *
 * Invariants: a px_buf's data, once allocated, is always NUL-terminated at
 * data[len]. px_decode's output is valid UTF-8 with no NUL byte inside, so
 * every later stage may treat text as a C string of known length.
 */
#include "text/text.h"

#include <string.h>

#include "base/alloc.h"
#include "base/error.h"

int px_buf_reserve(px_buf *b, size_t extra)
{
    if (extra > SIZE_MAX - b->len - 1)
        return PRECIS_ERR_NOMEM;
    size_t need = b->len + extra + 1;
    if (need <= b->cap)
        return PRECIS_OK;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need)
        cap = cap > SIZE_MAX / 2 ? need : cap * 2;
    char *p = px_realloc_array(b->data, cap, 1);
    if (!p)
        return PRECIS_ERR_NOMEM;
    b->data = p;
    b->cap = cap;
    return PRECIS_OK;
}

int px_buf_append(px_buf *b, const char *s, size_t n)
{
    if (px_buf_reserve(b, n) != PRECIS_OK)
        return PRECIS_ERR_NOMEM;
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
    return PRECIS_OK;
}

void px_buf_free(px_buf *b)
{
    px_free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

/* Length of the well-formed sequence at s, or 0 if it is not one. The ranges
 * are those of the Unicode standard's table 3-7, which is exactly what
 * Python's strict decoder accepts. */
static size_t sequence_length(const unsigned char *s, size_t n)
{
    unsigned char c = s[0];
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF)
        return (n >= 2 && (s[1] & 0xC0) == 0x80) ? 2 : 0;
    if (c >= 0xE0 && c <= 0xEF) {
        if (n < 3 || (s[2] & 0xC0) != 0x80)
            return 0;
        unsigned char lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
        return (s[1] >= lo && s[1] <= hi) ? 3 : 0;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        if (n < 4 || (s[2] & 0xC0) != 0x80 || (s[3] & 0xC0) != 0x80)
            return 0;
        unsigned char lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
        return (s[1] >= lo && s[1] <= hi) ? 4 : 0;
    }
    return 0;
}

int px_utf8_valid(const char *bytes, size_t len)
{
    const unsigned char *s = (const unsigned char *)bytes;
    size_t i = 0;
    while (i < len) {
        /* ASCII runs dominate real text: skip them eight bytes at a time. */
        while (i + 8 <= len) {
            uint64_t w;
            memcpy(&w, s + i, 8);
            if (w & 0x8080808080808080ULL)
                break;
            i += 8;
        }
        if (i >= len)
            break;
        size_t k = sequence_length(s + i, len - i);
        if (k == 0)
            return 0;
        i += k;
    }
    return 1;
}

size_t px_utf8_next(const char *str, size_t n, int32_t *cp)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t k = sequence_length(s, n);
    switch (k) {
    case 1: *cp = s[0]; return 1;
    case 2: *cp = ((s[0] & 0x1F) << 6) | (s[1] & 0x3F); return 2;
    case 3: *cp = ((s[0] & 0x0F) << 12) | ((s[1] & 0x3F) << 6) | (s[2] & 0x3F); return 3;
    case 4:
        *cp = ((s[0] & 0x07) << 18) | ((s[1] & 0x3F) << 12) | ((s[2] & 0x3F) << 6) | (s[3] & 0x3F);
        return 4;
    default: *cp = 0xFFFD; return 1;
    }
}

size_t px_utf8_encode(int32_t cp, char *out)
{
    unsigned char *o = (unsigned char *)out;
    if (cp < 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        cp = 0xFFFD;
    if (cp < 0x80) {
        o[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (unsigned char)(0xC0 | (cp >> 6));
        o[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (unsigned char)(0xE0 | (cp >> 12));
        o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (unsigned char)(0xF0 | (cp >> 18));
    o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Appends bytes (known valid UTF-8) with NULs turned into spaces. */
static void copy_replacing_nul(char *dst, const char *src, size_t n)
{
    memcpy(dst, src, n);
    for (char *p = memchr(dst, '\0', n); p; p = memchr(p + 1, '\0', n - (size_t)(p + 1 - dst)))
        *p = ' ';
}

int px_utf16_bom(const char *bytes, size_t len)
{
    const unsigned char *u = (const unsigned char *)bytes;
    return len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF));
}

/* Each 2-byte unit takes at most 3 bytes out (a surrogate pair, 4 for 4). */
static int decode_utf16(const unsigned char *s, size_t len, int big_endian, px_buf *out)
{
    size_t units = len / 2 + (len & 1);
    if (units > (SIZE_MAX - 1) / 3 || px_buf_reserve(out, 3 * units) != PRECIS_OK)
        return PRECIS_ERR_NOMEM;
    char *o = out->data + out->len;
    for (size_t i = 0; i < len;) {
        if (len - i < 2) {
            o += px_utf8_encode(0xFFFD, o);
            break;
        }
        int32_t u = big_endian ? (s[i] << 8 | s[i + 1]) : (s[i + 1] << 8 | s[i]);
        i += 2;
        if (u >= 0xD800 && u <= 0xDBFF && len - i >= 2) {
            int32_t lo = big_endian ? (s[i] << 8 | s[i + 1]) : (s[i + 1] << 8 | s[i]);
            if (lo >= 0xDC00 && lo <= 0xDFFF) {
                u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
                i += 2;
            }
        }
        if (u == 0)
            *o++ = ' ';
        else
            o += px_utf8_encode(u, o); /* a lone surrogate encodes as U+FFFD */
    }
    out->len = (size_t)(o - out->data);
    out->data[out->len] = '\0';
    return PRECIS_OK;
}

int px_utf16_decode(const char *bytes, size_t len, px_buf *out)
{
    const unsigned char *u = (const unsigned char *)bytes;
    if (!px_utf16_bom(bytes, len))
        return PRECIS_ERR_ARG;
    return decode_utf16(u + 2, len - 2, u[0] == 0xFE, out);
}

/* Windows-1252's 0x80-0x9F; its five unassigned bytes (81 8D 8F 90 9D)
 * keep their Latin-1 code points, as browsers and the WHATWG table do. */
static const uint16_t cp1252_c1[32] = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
    0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
};

int px_decode(const char *bytes, size_t len, px_buf *out)
{
    static const char bom[3] = {'\xEF', '\xBB', '\xBF'};
    if (px_utf8_valid(bytes, len)) {
        if (len >= 3 && memcmp(bytes, bom, 3) == 0) {
            bytes += 3;
            len -= 3;
        }
        if (px_buf_reserve(out, len) != PRECIS_OK)
            return PRECIS_ERR_NOMEM;
        copy_replacing_nul(out->data + out->len, bytes, len);
        out->len += len;
        out->data[out->len] = '\0';
        return PRECIS_OK;
    }
    /* Windows-1252: Latin-1 but for 0x80-0x9F, where it has the curly
     * quotes, dashes and euro sign that Latin-1 leaves as C1 controls. */
    if (len > (SIZE_MAX - 1) / 3 || px_buf_reserve(out, 3 * len) != PRECIS_OK)
        return PRECIS_ERR_NOMEM;
    char *o = out->data + out->len;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)bytes[i];
        if (c == 0)
            *o++ = ' ';
        else
            o += px_utf8_encode(c >= 0x80 && c <= 0x9F ? cp1252_c1[c - 0x80] : c, o);
    }
    out->len = (size_t)(o - out->data);
    out->data[out->len] = '\0';
    return PRECIS_OK;
}

int precis_text_decode(const char *bytes, size_t len, char **out, size_t *out_len,
                       precis_error *err)
{
    px_buf b = {0};
    if (!bytes && len)
        return px_error(err, PRECIS_ERR_ARG, "precis_text_decode: NULL bytes");
    if (px_decode(bytes ? bytes : "", len, &b) != PRECIS_OK || px_buf_reserve(&b, 0) != PRECIS_OK) {
        px_buf_free(&b);
        return px_error(err, PRECIS_ERR_NOMEM, "out of memory decoding %zu bytes", len);
    }
    *out = b.data;
    if (out_len)
        *out_len = b.len;
    return PRECIS_OK;
}
