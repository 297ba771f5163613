/*
 * binary.c — is a document's byte stream text at all? The readers ask before
 * they hand a file on, so a PDF, an image, an archive or a precis model is
 * skipped with the fix named instead of being classified as noise.
 *
 * Two tests, on the first PX_SNIFF_BYTES only (a verdict never costs more
 * than that, whatever the file's size):
 *  1. magic numbers of the files people drop into a folder of articles by
 *     mistake: PDF, PNG, JPEG, GIF, ZIP (and so .docx/.odt/.epub), gzip,
 *     bzip2, xz, zstd, ELF, and precis's own model files;
 *  2. the share of control bytes: text has almost none besides TAB, LF, CR,
 *     FF and VT. UTF-16 without a byte-order mark is told apart (NULs in
 *     every other byte) because its fix differs (iconv, not extraction).
 *
 * Invariants: px_binary_why is pure (no allocation, no state); it returns
 * NULL for any input that is valid UTF-8 or single-byte text with under
 * PX_CONTROL_SHARE of control bytes, so ordinary articles are never refused.
 */
#include "corpus/corpus.h"

#include <string.h>

/* Bytes looked at, at most. */
#define PX_SNIFF_BYTES 4096
/* A sample with at least this share of control bytes is binary (percent). */
#define PX_CONTROL_SHARE 10

typedef struct magic {
    const char *bytes;
    size_t len;
    const char *why;
} magic;

static const magic magics[] = {
    {"\x89PRC\r\n\x1A\n", 8, "a precis model file, not an article: did you mean -m?"},
    {"%PDF-", 5, "a PDF document: extract the text first (e.g. pdftotext)"},
    {"\x89PNG\r\n\x1A\n", 8, "a PNG image, not text"},
    {"\xFF\xD8\xFF", 3, "a JPEG image, not text"},
    {"GIF87a", 6, "a GIF image, not text"},
    {"GIF89a", 6, "a GIF image, not text"},
    {"PK\x03\x04", 4, "a ZIP archive (or .docx, .odt, .epub): extract the text first"},
    {"PK\x05\x06", 4, "an empty ZIP archive, not text"},
    {"\x1F\x8B", 2, "gzip-compressed: decompress it first (gunzip)"},
    {"BZh", 3, NULL}, /* checked with its block-size digit below */
    {"\xFD" "7zXZ\x00", 6, "xz-compressed: decompress it first (unxz)"},
    {"\x28\xB5\x2F\xFD", 4, "zstd-compressed: decompress it first (unzstd)"},
    {"\x7F" "ELF", 4, "an executable (ELF), not text"},
};

static const char *by_magic(const unsigned char *s, size_t n)
{
    for (size_t i = 0; i < sizeof magics / sizeof magics[0]; i++) {
        const magic *m = &magics[i];
        if (n < m->len || memcmp(s, m->bytes, m->len) != 0)
            continue;
        if (m->why)
            return m->why;
        /* "BZh1".."BZh9": a bare "BZh" may start an English word. */
        if (n >= 4 && s[3] >= '1' && s[3] <= '9')
            return "bzip2-compressed: decompress it first (bunzip2)";
    }
    return NULL;
}

static int is_control(unsigned char c)
{
    return (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v' &&
            c != 0x1B /* ESC: terminal colour codes in captured text */) ||
           c == 0x7F;
}

/* UTF-16 without a byte-order mark: most ASCII characters carry a NUL in the
 * same half of their 2-byte unit. "LE", "BE" or NULL. */
static const char *utf16_order(const unsigned char *s, size_t n)
{
    size_t even = 0, odd = 0, pairs = n / 2;
    if (pairs < 4)
        return NULL;
    for (size_t i = 0; i + 1 < n; i += 2) {
        even += s[i] == 0;
        odd += s[i + 1] == 0;
    }
    if (odd * 10 >= pairs * 4 && even * 10 < pairs)
        return "LE";
    if (even * 10 >= pairs * 4 && odd * 10 < pairs)
        return "BE";
    return NULL;
}

const char *px_binary_why(const char *bytes, size_t len)
{
    const unsigned char *s = (const unsigned char *)bytes;
    size_t n = len < PX_SNIFF_BYTES ? len : PX_SNIFF_BYTES;
    if (n == 0)
        return NULL;
    const char *why = by_magic(s, n);
    if (why)
        return why;
    const char *order = utf16_order(s, n);
    if (order)
        return order[0] == 'L' ? "UTF-16 text without a byte-order mark: convert it to UTF-8 "
                                 "first (iconv -f UTF-16LE -t UTF-8)"
                               : "UTF-16 text without a byte-order mark: convert it to UTF-8 "
                                 "first (iconv -f UTF-16BE -t UTF-8)";
    size_t controls = 0;
    for (size_t i = 0; i < n; i++)
        controls += is_control(s[i]);
    if (controls * 100 >= n * PX_CONTROL_SHARE)
        return "binary data, not text (control bytes throughout): extract the text first";
    return NULL;
}
