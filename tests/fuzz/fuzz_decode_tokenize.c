/*
 * fuzz_decode_tokenize.c — bytes to text to tokens to terms on arbitrary
 * input: precis_text_decode (UTF-8, else Latin-1), the readers' UTF-16
 * transcoding (after a byte-order mark), Python's
 * lowercase, the token pattern, and the n-gram terms the features count.
 *
 * Checked: the decoder's output is valid UTF-8 with no NUL inside and
 * NUL-terminated at its length; lowercasing keeps it valid; every token lies
 * inside the text and is at least min_chars code points of word characters.
 */
#include "fuzz_common.h"
#include "precis.h"
#include "text/terms.h"
#include "text/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct span_check {
    const char *text;
    size_t len;
    int min_chars;
    size_t n;
} span_check;

static int check_token(void *ctx, const char *tok, size_t len)
{
    span_check *c = ctx;
    FUZZ_CHECK(tok >= c->text && len > 0 && (size_t)(tok - c->text) + len <= c->len);
    size_t chars = 0;
    for (size_t i = 0; i < len;) {
        int32_t cp;
        i += px_utf8_next(tok + i, len - i, &cp);
        FUZZ_CHECK(px_is_word_char(cp));
        chars++;
    }
    FUZZ_CHECK(chars >= (size_t)c->min_chars);
    c->n++;
    return 0;
}

static int check_term(void *ctx, const char *term, size_t len)
{
    size_t *n = ctx;
    FUZZ_CHECK(len > 0 && fuzz_clean_utf8(term, len));
    (*n)++;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *bytes = (const char *)data;
    precis_error err;
    char *text;
    size_t len;
    if (precis_text_decode(bytes, size, &text, &len, &err) != PRECIS_OK)
        return 0;
    FUZZ_CHECK(text[len] == '\0');
    FUZZ_CHECK(fuzz_clean_utf8(text, len));

    px_buf lower = {0};
    if (px_lowercase(text, len, &lower) == PRECIS_OK) {
        FUZZ_CHECK(fuzz_clean_utf8(lower.data, lower.len));
        for (int min_chars = 1; min_chars <= 2; min_chars++) {
            span_check c = {lower.data, lower.len, min_chars, 0};
            px_tokenize(lower.data, lower.len, min_chars, check_token, &c);
        }
    }
    px_buf_free(&lower);
    free(text);

    /* UTF-16 as the file readers transcode it. */
    if (px_utf16_bom(bytes, size)) {
        px_buf u = {0};
        if (px_utf16_decode(bytes, size, &u) == PRECIS_OK) {
            FUZZ_CHECK(u.len <= 3 * (size / 2 + 1));
            FUZZ_CHECK(fuzz_clean_utf8(u.data, u.len) && u.data[u.len] == '\0');
        }
        px_buf_free(&u);
    }

    /* The feature path, options picked by the input's first byte. */
    precis_feature_options opt;
    precis_feature_options_default(&opt);
    if (size > 0) {
        opt.ngram_min = 1 + (data[0] & 1);
        opt.ngram_max = opt.ngram_min + ((data[0] >> 1) & 1);
        opt.stop_words = (data[0] >> 2) & 1;
        opt.single_char_tokens = (data[0] >> 3) & 1;
    }
    px_term_scratch scratch = {0};
    size_t n_terms = 0;
    px_document_terms(&opt, bytes, size, &scratch, check_term, &n_terms);
    px_term_scratch_free(&scratch);
    return 0;
}
