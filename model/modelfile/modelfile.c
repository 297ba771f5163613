/*
 * modelfile.c — the model file: a precis_model to bytes and back, and the
 * save that never leaves a half-written file behind.
 *
 * docs/MODEL_FORMAT.md is the specification. In short: a 20-byte header
 * (magic, version, flags, section count), a table of 28-byte section entries,
 * a CRC-32 over header and table, then the sections back to back.
 *
 * Invariants
 *  - Every integer and float is little-endian and goes through put_* / get_*
 *    one byte at a time; no struct is ever written or read whole.
 *  - The sections tile the file from the end of the table to the last byte,
 *    so every byte of a valid file lies under some CRC: a flipped bit is
 *    always caught.
 *  - Loading trusts nothing: the header is checked before the table, the
 *    table before the sections, each CRC before its section is parsed, and
 *    every count is checked against the bytes that must hold it before it
 *    sizes an allocation.
 *  - Saving writes a temporary file beside the target and renames it over the
 *    target only once every byte is written and synced; on any failure the
 *    temporary file is removed and the target is untouched. A target that
 *    exists and is not a regular file (a device, a FIFO) is refused.
 *  - Loading reads regular files only, opened without blocking.
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/alloc.h"
#include "base/atomic.h"
#include "base/crc32.h"
#include "base/error.h"
#include "summarize/learned.h"
#include "modelfile/model.h"
#include "features/vectorizer.h"

#define FORMAT_VERSION 2u       /* the highest this precis reads */
#define FORMAT_VERSION_SINGLE 1u /* written when the model is single-label: such files
                                    stay byte-identical to those of earlier precis */
#define HEADER_BYTES 20u       /* magic, version, flags, section count */
#define ENTRY_BYTES 28u        /* tag, flags, offset, length, crc */
#define SECTION_REQUIRED 0x1u  /* a reader that does not know the tag must refuse */
#define DTYPE_F32 0u
#define DTYPE_F64 1u
#define META_BYTES 236u
#define WGHT_HEAD_BYTES 20u    /* dtype, n_features, n_classes */
#define SUMM_LAYOUT 1u         /* the SUMM section's own layout version */
#define SUMM_HEAD_BYTES 40u    /* layout, n_features, articles, sentences, C, intercept */
#define SUMM_NAME_MAX 64u
#define MAX_SECTIONS 1024      /* this precis writes 10 at most; room for later optional ones */
#define LINF_LAYOUT 1u         /* the LINF section's own layout version */
#define LINF_HEAD_BYTES 8u     /* layout, n_labels */
#define FITP_LAYOUT 1u         /* the FITP section's own layout version */
#define FITP_BYTES 16u         /* layout, class weighting, C */
#define MLBL_LAYOUT 1u         /* the MLBL section's own layout version */
#define MLBL_HEAD_BYTES 16u    /* layout, fallback, label separator, n_labels */
#define TUNE_LAYOUT 2u         /* the TUNE section's own layout version: 1 for a multinomial
                                  winner (as before 2 existed), 2 with the loss */
#define TUNE_BYTES 80u         /* layout, C, balanced, folds, mean, sd, counts, stopped, seconds */
#define TUNE_LOSS_BYTES 12u    /* layout 2 adds: loss, temperature */

/* Not ASCII first (catches 7-bit channels), then CR LF, ^Z, LF (text-mode
 * newline conversion and DOS type), as PNG does. */
static const unsigned char MAGIC[8] = {0x89, 'P', 'R', 'C', '\r', '\n', 0x1A, '\n'};

#define TAG(a, b, c, d) \
    ((uint32_t)(a) | (uint32_t)(b) << 8 | (uint32_t)(c) << 16 | (uint32_t)(d) << 24)

/* The first N_REQUIRED sections are in every file; SUMM (the learned
 * summarizer's model), LINF (what each label was trained on) and FITP (the
 * fit's C) are optional, written only when the model has them. MLBL (a
 * multi-label model's thresholds) is written only for such a model, flagged
 * required (a reader that took its weights for a softmax model would be
 * wrong), and makes the file format version 2. TUNE (how --autotune chose
 * the model) is optional too. */
enum { SEC_META, SEC_LABL, SEC_VOCB, SEC_DFRQ, SEC_WGHT, N_REQUIRED, SEC_SUMM = N_REQUIRED,
       SEC_LINF, SEC_FITP, SEC_MLBL, SEC_TUNE, N_KNOWN };

static const uint32_t KNOWN_TAGS[N_KNOWN] = {
    TAG('M', 'E', 'T', 'A'), TAG('L', 'A', 'B', 'L'), TAG('V', 'O', 'C', 'B'),
    TAG('D', 'F', 'R', 'Q'), TAG('W', 'G', 'H', 'T'), TAG('S', 'U', 'M', 'M'),
    TAG('L', 'I', 'N', 'F'), TAG('F', 'I', 'T', 'P'), TAG('M', 'L', 'B', 'L'),
    TAG('T', 'U', 'N', 'E'),
};

/* ------------------------------------------------------------ bytes out */

typedef struct wbuf {
    unsigned char *p;
    size_t at;
} wbuf;

static void put_u32(wbuf *w, uint32_t x)
{
    for (int i = 0; i < 4; i++)
        w->p[w->at++] = (unsigned char)(x >> (8 * i));
}

static void put_u64(wbuf *w, uint64_t x)
{
    for (int i = 0; i < 8; i++)
        w->p[w->at++] = (unsigned char)(x >> (8 * i));
}

static void put_f64(wbuf *w, double x)
{
    uint64_t bits;
    memcpy(&bits, &x, sizeof bits);
    put_u64(w, bits);
}

static void put_f32(wbuf *w, float x)
{
    uint32_t bits;
    memcpy(&bits, &x, sizeof bits);
    put_u32(w, bits);
}

static void put_bytes(wbuf *w, const void *bytes, size_t n)
{
    memcpy(w->p + w->at, bytes, n);
    w->at += n;
}

/* ------------------------------------------------------------ bytes in */

/* A cursor over one checked range; reading past its end yields zeros and sets
 * `overrun`, which parsers check, though their length checks come first. */
typedef struct rbuf {
    const unsigned char *p;
    size_t len, at;
    int overrun;
} rbuf;

static int has_bytes(rbuf *r, size_t n)
{
    if (r->len - r->at >= n)
        return 1;
    r->overrun = 1;
    r->at = r->len;
    return 0;
}

static uint32_t get_u32(rbuf *r)
{
    if (!has_bytes(r, 4))
        return 0;
    /* Spelled out (not a loop over r->at) so the compiler reads the four
     * bytes as one load: the weights are most of a model file. */
    const unsigned char *b = r->p + r->at;
    r->at += 4;
    return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 |
           (uint32_t)b[3] << 24;
}

static uint64_t get_u64(rbuf *r)
{
    if (!has_bytes(r, 8))
        return 0;
    const unsigned char *b = r->p + r->at;
    r->at += 8;
    return (uint64_t)b[0] | (uint64_t)b[1] << 8 | (uint64_t)b[2] << 16 |
           (uint64_t)b[3] << 24 | (uint64_t)b[4] << 32 | (uint64_t)b[5] << 40 |
           (uint64_t)b[6] << 48 | (uint64_t)b[7] << 56;
}

static double get_f64(rbuf *r)
{
    uint64_t bits = get_u64(r);
    double x;
    memcpy(&x, &bits, sizeof x);
    return x;
}

static double get_f32(rbuf *r)
{
    uint32_t bits = get_u32(r);
    float x;
    memcpy(&x, &bits, sizeof x);
    return x;
}

/* ------------------------------------------------------------ serializing */

static size_t labels_bytes(const precis_model *m)
{
    size_t n = 4;
    for (size_t k = 0; k < m->n_labels; k++)
        n += 4 + strlen(m->labels[k]);
    return n;
}

static size_t weights_bytes(const precis_model *m)
{
    size_t cells = m->lr->n_features * m->lr->n_classes + m->lr->n_classes;
    return WGHT_HEAD_BYTES + cells * (m->weights_f64 ? 8 : 4);
}

static void write_meta(wbuf *w, const precis_model *m)
{
    const precis_feature_options *f = precis_vectorizer_options(m->v);
    put_u32(w, (uint32_t)f->ngram_min);
    put_u32(w, (uint32_t)f->ngram_max);
    put_f64(w, f->min_df.value);
    put_u32(w, f->min_df.is_proportion != 0);
    put_f64(w, f->max_df.value);
    put_u32(w, f->max_df.is_proportion != 0);
    put_u64(w, f->max_features);
    put_u32(w, f->sublinear_tf != 0);
    put_u32(w, f->single_char_tokens != 0);
    put_u32(w, f->stop_words != 0);
    const precis_reader_options *r = &m->reader;
    put_u32(w, (uint32_t)r->format);
    put_u32(w, (uint32_t)r->csv_label_column);
    put_u32(w, r->csv_header != 0);
    put_u32(w, (uint32_t)r->csv_n_text_columns);
    for (int i = 0; i < PRECIS_MAX_TEXT_COLUMNS; i++)
        put_u32(w, i < r->csv_n_text_columns ? (uint32_t)r->csv_text_columns[i] : 0);
    put_u64(w, precis_vectorizer_n_documents(m->v));
    put_u64(w, precis_vectorizer_size(m->v));
    put_u64(w, m->n_labels);
    put_u32(w, m->lr->iterations > 0 ? (uint32_t)m->lr->iterations : 0);
    put_u32(w, m->lr->converged != 0);
    put_f64(w, m->lr->objective);
}

static void write_labels(wbuf *w, const precis_model *m)
{
    put_u32(w, (uint32_t)m->n_labels);
    for (size_t k = 0; k < m->n_labels; k++) {
        size_t len = strlen(m->labels[k]);
        put_u32(w, (uint32_t)len);
        put_bytes(w, m->labels[k], len);
    }
}

static void write_vocab(wbuf *w, const precis_model *m)
{
    size_t pool_len;
    const char *pool = px_vectorizer_pool(m->v, &pool_len);
    put_bytes(w, pool, pool_len);
}

static void write_dfs(wbuf *w, const precis_model *m)
{
    const uint32_t *df = px_vectorizer_dfs(m->v);
    for (size_t i = 0; i < precis_vectorizer_size(m->v); i++)
        put_u32(w, df[i]);
}

static void write_weights(wbuf *w, const precis_model *m)
{
    const precis_logreg *lr = m->lr;
    put_u32(w, m->weights_f64 ? DTYPE_F64 : DTYPE_F32);
    put_u64(w, lr->n_features);
    put_u64(w, lr->n_classes);
    size_t n_w = lr->n_features * lr->n_classes;
    for (size_t i = 0; i < n_w + lr->n_classes; i++) {
        double x = i < n_w ? lr->W[i] : lr->b[i - n_w];
        if (m->weights_f64)
            put_f64(w, x);
        else
            put_f32(w, (float)x); /* exact: the model rounded its weights */
    }
}

static size_t summary_bytes(const precis_model *m)
{
    const px_summary_model *s = m->summ;
    size_t n = SUMM_HEAD_BYTES;
    for (size_t j = 0; s && j < s->n_features; j++)
        n += 4 + strlen(px_summary_feature_name(s->feature[j])) + 3 * 8;
    return s ? n : 0;
}

static void write_summary(wbuf *w, const precis_model *m)
{
    const px_summary_model *s = m->summ;
    put_u32(w, SUMM_LAYOUT);
    put_u32(w, (uint32_t)s->n_features);
    put_u64(w, s->articles);
    put_u64(w, s->sentences);
    put_f64(w, s->C);
    put_f64(w, s->intercept);
    for (size_t j = 0; j < s->n_features; j++) {
        const char *name = px_summary_feature_name(s->feature[j]);
        put_u32(w, (uint32_t)strlen(name));
        put_bytes(w, name, strlen(name));
        put_f64(w, s->mean[j]);
        put_f64(w, s->scale[j]);
        put_f64(w, s->weight[j]);
    }
}

static size_t label_info_bytes(const precis_model *m)
{
    size_t n = LINF_HEAD_BYTES;
    for (size_t k = 0; m->label_count && k < m->n_labels; k++)
        n += 8 + 4 + strlen(m->label_source[k]);
    return m->label_count ? n : 0;
}

static void write_label_info(wbuf *w, const precis_model *m)
{
    put_u32(w, LINF_LAYOUT);
    put_u32(w, (uint32_t)m->n_labels);
    for (size_t k = 0; k < m->n_labels; k++) {
        size_t len = strlen(m->label_source[k]);
        put_u64(w, m->label_count[k]);
        put_u32(w, (uint32_t)len);
        put_bytes(w, m->label_source[k], len);
    }
}

static size_t fit_params_bytes(const precis_model *m) { return m->fit_C > 0 ? FITP_BYTES : 0; }

static void write_fit_params(wbuf *w, const precis_model *m)
{
    put_u32(w, FITP_LAYOUT);
    put_u32(w, m->fit_balanced ? 1u : 0u);
    put_f64(w, m->fit_C);
}

static size_t multilabel_bytes(const precis_model *m)
{
    return m->threshold ? MLBL_HEAD_BYTES + 8 * m->n_labels : 0;
}

static void write_multilabel(wbuf *w, const precis_model *m)
{
    put_u32(w, MLBL_LAYOUT);
    put_u32(w, (uint32_t)m->fallback);
    put_u32(w, (uint32_t)m->reader.label_separator);
    put_u32(w, (uint32_t)m->n_labels);
    for (size_t k = 0; k < m->n_labels; k++)
        put_f64(w, m->threshold[k]);
}

static size_t tuning_bytes(const precis_model *m)
{
    if (!m->tuning)
        return 0;
    return m->tuning->loss == PRECIS_LOSS_MULTINOMIAL ? TUNE_BYTES : TUNE_BYTES + TUNE_LOSS_BYTES;
}

static void write_tuning(wbuf *w, const precis_model *m)
{
    const precis_tuning *t = m->tuning;
    int with_loss = t->loss != PRECIS_LOSS_MULTINOMIAL;
    put_u32(w, with_loss ? 2u : 1u);
    put_f64(w, t->C);
    put_u32(w, (uint32_t)t->class_weight_balanced);
    put_u64(w, t->folds);
    put_f64(w, t->cv_mean);
    put_f64(w, t->cv_sd);
    put_u64(w, t->candidates);
    put_u64(w, t->settings_scored);
    put_u64(w, t->settings_planned);
    put_u32(w, (uint32_t)t->stopped_early);
    put_f64(w, t->seconds);
    if (with_loss) {
        put_u32(w, (uint32_t)t->loss);
        put_f64(w, t->temperature);
    }
}

typedef void (*section_writer)(wbuf *w, const precis_model *m);

/* The whole file in memory: *out is px_malloc'ed. */
static int serialize(const precis_model *m, unsigned char **out, size_t *out_len)
{
    static const section_writer writers[N_KNOWN] = {
        write_meta, write_labels, write_vocab, write_dfs, write_weights, write_summary,
        write_label_info, write_fit_params, write_multilabel, write_tuning,
    };
    size_t pool_len;
    px_vectorizer_pool(m->v, &pool_len);
    size_t sizes[N_KNOWN] = {
        META_BYTES, labels_bytes(m), pool_len, 4 * precis_vectorizer_size(m->v),
        weights_bytes(m), summary_bytes(m), label_info_bytes(m), fit_params_bytes(m),
        multilabel_bytes(m), tuning_bytes(m),
    };
    /* The required sections, then each optional one the model has (size > 0). */
    int written[N_KNOWN], n_sections = 0;
    for (int s = 0; s < N_KNOWN; s++)
        if (s < N_REQUIRED || sizes[s] > 0)
            written[n_sections++] = s;
    size_t table_end = HEADER_BYTES + (size_t)n_sections * ENTRY_BYTES + 4;
    size_t total = table_end;
    for (int i = 0; i < n_sections; i++)
        total += sizes[written[i]];
    wbuf w = {px_malloc(total), 0};
    if (!w.p)
        return PRECIS_ERR_NOMEM;
    put_bytes(&w, MAGIC, sizeof MAGIC);
    put_u32(&w, m->threshold ? FORMAT_VERSION : FORMAT_VERSION_SINGLE);
    put_u32(&w, 0);
    put_u32(&w, (uint32_t)n_sections);
    size_t offset = table_end;
    for (int i = 0; i < n_sections; i++) {
        int s = written[i];
        wbuf body = {w.p, offset};
        writers[s](&body, m);
        put_u32(&w, KNOWN_TAGS[s]);
        put_u32(&w, s < N_REQUIRED || s == SEC_MLBL ? SECTION_REQUIRED : 0);
        put_u64(&w, offset);
        put_u64(&w, sizes[s]);
        put_u32(&w, px_crc32(0, w.p + offset, sizes[s]));
        offset += sizes[s];
    }
    put_u32(&w, px_crc32(0, w.p, w.at));
    *out = w.p;
    *out_len = total;
    return PRECIS_OK;
}

/* ------------------------------------------------------------ saving */

static int write_all(int fd, const unsigned char *p, size_t n)
{
    while (n > 0) {
        ssize_t k = write(fd, p, n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0) {
            if (k == 0)
                errno = EIO;
            return -1;
        }
        p += k;
        n -= (size_t)k;
    }
    return 0;
}

/* base/atomic.c does the temporary file, the sync, the rename and the
 * refusals (a link, a device or FIFO at path); a model is created 0644 less
 * the umask, as any new file. */
static int write_atomically(const char *path, const unsigned char *bytes, size_t len,
                            precis_error *err)
{
    px_atomic a;
    int rc = px_atomic_open(&a, path, PX_OUT_MODEL, 0644, err);
    if (rc != PRECIS_OK)
        return rc;
    if (write_all(a.fd, bytes, len) != 0) {
        rc = px_error(err, PRECIS_ERR_IO, "%s: writing: %s (the existing file, if any, is "
                      "unchanged)", path, strerror(errno));
        px_atomic_abort(&a);
        return rc;
    }
    return px_atomic_commit(&a, err);
}

int precis_model_save(const precis_model *m, const char *path, precis_error *err)
{
    if (!m || !path || !*path)
        return px_error(err, PRECIS_ERR_ARG, "saving a model needs a model and a path");
    unsigned char *bytes;
    size_t len;
    if (serialize(m, &bytes, &len) != PRECIS_OK)
        return px_error(err, PRECIS_ERR_NOMEM, "%s: out of memory saving the model", path);
    int rc = write_atomically(path, bytes, len, err);
    px_free(bytes);
    return rc;
}

/* ------------------------------------------------------------ reading the file */

static const char *tag_name(uint32_t tag, char buf[12]);

static int read_at(int fd, unsigned char *buf, size_t n, uint64_t at)
{
    while (n > 0) {
        ssize_t k = pread(fd, buf, n, (off_t)at);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return -1;
        buf += k;
        n -= (size_t)k;
        at += (uint64_t)k;
    }
    return 0;
}

/* Before the file is read whole (a 4 GB file of zeros once took 23 s and
 * 4.2 GB to refuse): the magic, the version, and the section table, which
 * must fit the file and whose sections must end exactly where the file
 * does. The full checks (CRCs, every field) follow on the whole file. */
static int check_head(int fd, const char *path, uint64_t size, precis_error *err)
{
    unsigned char head[HEADER_BYTES], entry[ENTRY_BYTES];
    if (size < HEADER_BYTES || size > SIZE_MAX / 2)
        return PRECIS_OK; /* the full checks say what is wrong with it */
    if (read_at(fd, head, HEADER_BYTES, 0) != 0)
        return px_error(err, PRECIS_ERR_IO, "%s: %s", path, strerror(errno ? errno : EIO));
    if (memcmp(head, MAGIC, sizeof MAGIC) != 0)
        return px_error(err, PRECIS_ERR_CORRUPT, "%s: not a precis model file", path);
    rbuf r = {head, HEADER_BYTES, sizeof MAGIC, 0};
    uint32_t version = get_u32(&r);
    get_u32(&r);
    uint64_t n = get_u32(&r), end = HEADER_BYTES + n * ENTRY_BYTES + 4;
    if (version == 0 || version > FORMAT_VERSION || end > size)
        return PRECIS_OK; /* refused below, with the full message */
    if (n > MAX_SECTIONS)
        return px_error(err, PRECIS_ERR_CORRUPT, "%s: %llu sections: more than the %d a model "
                        "file may have", path, (unsigned long long)n, MAX_SECTIONS);
    for (uint64_t i = 0; i < n; i++) {
        if (read_at(fd, entry, ENTRY_BYTES, HEADER_BYTES + i * ENTRY_BYTES) != 0)
            return px_error(err, PRECIS_ERR_IO, "%s: %s", path, strerror(errno ? errno : EIO));
        rbuf e = {entry, ENTRY_BYTES, 0, 0};
        char name[12];
        const char *tn = tag_name(get_u32(&e), name);
        get_u32(&e);
        uint64_t offset = get_u64(&e), length = get_u64(&e);
        if (offset != end)
            return px_error(err, PRECIS_ERR_CORRUPT, "%s: section %s: starts at byte %llu, not "
                            "%llu where the previous one ends", path, tn,
                            (unsigned long long)offset, (unsigned long long)end);
        if (length > size - end)
            return px_error(err, PRECIS_ERR_CORRUPT, "%s: section %s: %llu bytes at byte %llu "
                            "run past the end of the file (%llu bytes): truncated?", path, tn,
                            (unsigned long long)length, (unsigned long long)end,
                            (unsigned long long)size);
        end += length;
    }
    if (end != size)
        return px_error(err, PRECIS_ERR_CORRUPT, "%s: %llu bytes after the last section", path,
                        (unsigned long long)(size - end));
    return PRECIS_OK;
}

static int read_whole_file(const char *path, unsigned char **out, size_t *out_len,
                           precis_error *err)
{
    /* O_NONBLOCK: opening a FIFO must not wait for a writer. Only regular
     * files are read: a device or pipe has no size to check, and /dev/zero
     * would grow the buffer until memory ran out. */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0)
        return px_error(err, PRECIS_ERR_IO, "%s: %s", path, strerror(errno));
    struct stat st;
    const char *why = fstat(fd, &st) != 0 ? strerror(errno)
                      : S_ISDIR(st.st_mode) ? "is a directory"
                      : !S_ISREG(st.st_mode) ? "not a regular file (a device, FIFO or socket)"
                      : NULL;
    if (why) {
        int rc = px_error(err, PRECIS_ERR_IO, "%s: %s", path, why);
        close(fd);
        return rc;
    }
    int rc = check_head(fd, path, (uint64_t)st.st_size, err);
    if (rc != PRECIS_OK) {
        close(fd);
        return rc;
    }
    /* A regular file arrives in one read; one that grows meanwhile grows
     * the buffer. */
    size_t cap = (uint64_t)st.st_size < SIZE_MAX ? (size_t)st.st_size + 1 : 65536;
    size_t len = 0;
    unsigned char *buf = px_malloc(cap);
    rc = buf ? PRECIS_OK : PRECIS_ERR_NOMEM;
    while (rc == PRECIS_OK) {
        if (len == cap) {
            unsigned char *bigger = cap < SIZE_MAX / 2 ? px_realloc_array(buf, 2, cap) : NULL;
            if (!bigger) {
                rc = PRECIS_ERR_NOMEM;
                break;
            }
            buf = bigger;
            cap *= 2;
        }
        ssize_t k = read(fd, buf + len, cap - len);
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0)
            rc = px_error(err, PRECIS_ERR_IO, "%s: %s", path, strerror(errno));
        else if (k == 0)
            break;
        else
            len += (size_t)k;
    }
    close(fd);
    if (rc == PRECIS_ERR_NOMEM)
        px_error(err, rc, "%s: out of memory reading %zu bytes", path, cap);
    if (rc != PRECIS_OK) {
        px_free(buf);
        return rc;
    }
    *out = buf;
    *out_len = len;
    return PRECIS_OK;
}

/* ------------------------------------------------------------ checking the file */

typedef struct section {
    const unsigned char *p;
    size_t len;
    int present;
    uint32_t flags;
} section;

typedef struct loader {
    const char *path;
    const unsigned char *data;
    size_t len;
    size_t table_end;         /* header + table + CRC */
    uint32_t n_sections;
    section known[N_KNOWN];
    precis_error *err;
} loader;

/* "path: <message>" with the given code. */
static int fail(const loader *L, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int fail(const loader *L, int code, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return px_error(L->err, code, "%s: %s", L->path, msg);
}

/* A tag as its four characters when they are printable, else in hex. */
static const char *tag_name(uint32_t tag, char buf[12])
{
    for (int i = 0; i < 4; i++) {
        unsigned char c = (unsigned char)(tag >> (8 * i));
        if (c < 0x20 || c > 0x7E) {
            snprintf(buf, 12, "0x%08X", (unsigned)tag);
            return buf;
        }
        buf[i] = (char)c;
    }
    buf[4] = '\0';
    return buf;
}

static int check_header(loader *L)
{
    size_t head = L->len < sizeof MAGIC ? L->len : sizeof MAGIC;
    if (L->len == 0)
        return fail(L, PRECIS_ERR_CORRUPT, "file is empty, not a precis model file");
    if (memcmp(L->data, MAGIC, head) != 0)
        return fail(L, PRECIS_ERR_CORRUPT, "not a precis model file");
    if (L->len < HEADER_BYTES)
        return fail(L, PRECIS_ERR_CORRUPT, "truncated: %zu bytes, shorter than the header",
                    L->len);
    rbuf r = {L->data, L->len, sizeof MAGIC, 0};
    uint32_t version = get_u32(&r);
    uint32_t flags = get_u32(&r);
    L->n_sections = get_u32(&r);
    if (version == 0)
        return fail(L, PRECIS_ERR_CORRUPT, "format version 0 is invalid");
    if (version > FORMAT_VERSION)
        return fail(L, PRECIS_ERR_VERSION,
                    "model format version %u is newer than this precis (max %u)",
                    (unsigned)version, FORMAT_VERSION);
    uint64_t table_end = HEADER_BYTES + (uint64_t)L->n_sections * ENTRY_BYTES + 4;
    if (table_end > L->len)
        return fail(L, PRECIS_ERR_CORRUPT,
                    "truncated: %zu bytes cannot hold the table of %u sections", L->len,
                    (unsigned)L->n_sections);
    L->table_end = (size_t)table_end;
    rbuf crc = {L->data, L->len, L->table_end - 4, 0};
    if (get_u32(&crc) != px_crc32(0, L->data, L->table_end - 4))
        return fail(L, PRECIS_ERR_CORRUPT, "header CRC mismatch");
    if (flags != 0)
        return fail(L, PRECIS_ERR_VERSION,
                    "header flags 0x%08X name features this precis does not know",
                    (unsigned)flags);
    return PRECIS_OK;
}

static int known_index(uint32_t tag)
{
    for (int s = 0; s < N_KNOWN; s++)
        if (KNOWN_TAGS[s] == tag)
            return s;
    return -1;
}

/* Places, CRCs and tags of the sections; fills L->known. */
static int check_sections(loader *L)
{
    rbuf r = {L->data, L->table_end, HEADER_BYTES, 0};
    size_t expected = L->table_end; /* sections tile the rest of the file */
    for (uint32_t i = 0; i < L->n_sections; i++) {
        char name[12];
        uint32_t tag = get_u32(&r);
        uint32_t flags = get_u32(&r);
        uint64_t offset = get_u64(&r);
        uint64_t length = get_u64(&r);
        uint32_t crc = get_u32(&r);
        const char *tn = tag_name(tag, name);
        if (offset != expected)
            return fail(L, PRECIS_ERR_CORRUPT,
                        "section %s: starts at byte %llu, not %zu where the previous one ends",
                        tn, (unsigned long long)offset, expected);
        if (length > L->len - expected)
            return fail(L, PRECIS_ERR_CORRUPT,
                        "section %s: %llu bytes at byte %zu run past the end of the file "
                        "(%zu bytes): truncated?", tn, (unsigned long long)length, expected,
                        L->len);
        const unsigned char *body = L->data + expected;
        expected += (size_t)length;
        if (px_crc32(0, body, (size_t)length) != crc)
            return fail(L, PRECIS_ERR_CORRUPT, "section %s: CRC mismatch", tn);
        int s = known_index(tag);
        if (s < 0 && (flags & SECTION_REQUIRED))
            return fail(L, PRECIS_ERR_VERSION,
                        "section %s is required but unknown to this precis: "
                        "the file needs a newer precis", tn);
        if (s < 0)
            continue; /* optional and unknown: skipped */
        if (L->known[s].present)
            return fail(L, PRECIS_ERR_CORRUPT, "section %s appears twice", tn);
        L->known[s] = (section){body, (size_t)length, 1, flags};
    }
    if (expected != L->len)
        return fail(L, PRECIS_ERR_CORRUPT, "%zu bytes after the last section",
                    L->len - expected);
    for (int s = 0; s < N_REQUIRED; s++) {
        char name[12];
        if (!L->known[s].present)
            return fail(L, PRECIS_ERR_CORRUPT, "section %s is missing",
                        tag_name(KNOWN_TAGS[s], name));
    }
    return PRECIS_OK;
}

/* ------------------------------------------------------------ parsing sections */

typedef struct meta {
    precis_feature_options features;
    precis_reader_options reader;
    size_t n_documents, n_terms, n_labels;
    int iterations, converged;
    double objective;
} meta;

static int get_flag(rbuf *r, int *bad)
{
    uint32_t x = get_u32(r);
    if (x > 1)
        *bad = 1;
    return x != 0;
}

static int get_int(rbuf *r, int *bad)
{
    uint32_t x = get_u32(r);
    if (x > INT32_MAX)
        *bad = 1;
    return x > INT32_MAX ? 0 : (int)x;
}

static size_t get_size(rbuf *r, int *bad)
{
    uint64_t x = get_u64(r);
    if (x > SIZE_MAX)
        *bad = 1;
    return (size_t)x;
}

static int parse_meta(const loader *L, meta *mt)
{
    const section *s = &L->known[SEC_META];
    if (s->len != META_BYTES)
        return fail(L, PRECIS_ERR_CORRUPT, "section META: %zu bytes, expected %u", s->len,
                    META_BYTES);
    rbuf r = {s->p, s->len, 0, 0};
    int bad = 0;
    precis_feature_options *f = &mt->features;
    precis_feature_options_default(f);
    f->ngram_min = get_int(&r, &bad);
    f->ngram_max = get_int(&r, &bad);
    f->min_df.value = get_f64(&r);
    f->min_df.is_proportion = get_flag(&r, &bad);
    f->max_df.value = get_f64(&r);
    f->max_df.is_proportion = get_flag(&r, &bad);
    f->max_features = get_size(&r, &bad);
    f->sublinear_tf = get_flag(&r, &bad);
    f->single_char_tokens = get_flag(&r, &bad);
    f->stop_words = get_flag(&r, &bad);
    precis_reader_options *o = &mt->reader;
    precis_reader_options_default(o);
    o->format = (precis_format)get_int(&r, &bad);
    o->csv_label_column = get_int(&r, &bad);
    o->csv_header = get_flag(&r, &bad);
    o->csv_n_text_columns = get_int(&r, &bad);
    for (int i = 0; i < PRECIS_MAX_TEXT_COLUMNS; i++)
        o->csv_text_columns[i] = get_int(&r, &bad);
    mt->n_documents = get_size(&r, &bad);
    mt->n_terms = get_size(&r, &bad);
    mt->n_labels = get_size(&r, &bad);
    mt->iterations = get_int(&r, &bad);
    mt->converged = get_flag(&r, &bad);
    mt->objective = get_f64(&r);
    if (bad || r.overrun)
        return fail(L, PRECIS_ERR_CORRUPT, "section META: a field is out of range");
    precis_error inner;
    if (px_feature_options_check(f, &inner) != PRECIS_OK ||
        px_model_reader_check(o, &inner) != PRECIS_OK)
        return fail(L, PRECIS_ERR_CORRUPT, "section META: %s", inner.message);
    if (mt->n_documents == 0 || mt->n_terms == 0 || mt->n_labels == 0)
        return fail(L, PRECIS_ERR_CORRUPT,
                    "section META: %zu documents, %zu terms, %zu labels: none may be 0",
                    mt->n_documents, mt->n_terms, mt->n_labels);
    return PRECIS_OK;
}

typedef struct label_set {
    char **labels;
    char *pool;
} label_set;

static void label_set_free(label_set *ls)
{
    px_free(ls->labels);
    px_free(ls->pool);
}

static int parse_labels(const loader *L, size_t n_labels, label_set *ls)
{
    const section *s = &L->known[SEC_LABL];
    rbuf r = {s->p, s->len, 0, 0};
    uint32_t count = get_u32(&r);
    if (r.overrun || count != n_labels)
        return fail(L, PRECIS_ERR_CORRUPT, "section LABL: %u labels, META says %zu",
                    (unsigned)count, n_labels);
    /* Each label takes at least 5 bytes (length and one byte). */
    if (count > (s->len - 4) / 5)
        return fail(L, PRECIS_ERR_CORRUPT, "section LABL: %zu bytes cannot hold %u labels",
                    s->len, (unsigned)count);
    /* The pool needs no more bytes than the section: each 4-byte length
     * becomes a 1-byte NUL. */
    ls->labels = px_malloc_array(count, sizeof *ls->labels);
    ls->pool = px_malloc(s->len);
    if (!ls->labels || !ls->pool)
        return fail(L, PRECIS_ERR_NOMEM, "out of memory reading %u labels", (unsigned)count);
    char *at = ls->pool;
    for (uint32_t k = 0; k < count; k++) {
        uint32_t len = get_u32(&r);
        if (r.overrun || len == 0 || len > r.len - r.at)
            return fail(L, PRECIS_ERR_CORRUPT, "section LABL: label %u has a bad length",
                        (unsigned)k);
        if (memchr(r.p + r.at, '\0', len))
            return fail(L, PRECIS_ERR_CORRUPT, "section LABL: label %u holds a NUL byte",
                        (unsigned)k);
        memcpy(at, r.p + r.at, len);
        at[len] = '\0';
        ls->labels[k] = at;
        at += len + 1;
        r.at += len;
    }
    if (r.at != r.len)
        return fail(L, PRECIS_ERR_CORRUPT, "section LABL: %zu stray bytes at the end",
                    r.len - r.at);
    return PRECIS_OK;
}

static int parse_vectorizer(const loader *L, const meta *mt, precis_vectorizer **out)
{
    const section *dfs = &L->known[SEC_DFRQ], *voc = &L->known[SEC_VOCB];
    if (dfs->len / 4 != mt->n_terms || dfs->len % 4 != 0)
        return fail(L, PRECIS_ERR_CORRUPT, "section DFRQ: %zu bytes for %zu terms", dfs->len,
                    mt->n_terms);
    /* Each term takes at least 2 bytes: one character and its NUL. */
    if (voc->len / 2 < mt->n_terms)
        return fail(L, PRECIS_ERR_CORRUPT, "section VOCB: %zu bytes cannot hold %zu terms",
                    voc->len, mt->n_terms);
    uint32_t *df = px_malloc_array(mt->n_terms, sizeof *df);
    if (!df)
        return fail(L, PRECIS_ERR_NOMEM, "out of memory reading %zu terms", mt->n_terms);
    rbuf r = {dfs->p, dfs->len, 0, 0};
    for (size_t i = 0; i < mt->n_terms; i++)
        df[i] = get_u32(&r);
    precis_error inner;
    int rc = px_vectorizer_from_parts(out, &mt->features, mt->n_documents,
                                      (const char *)voc->p, voc->len, mt->n_terms, df, &inner);
    px_free(df);
    if (rc == PRECIS_ERR_NOMEM)
        return fail(L, rc, "%s", inner.message);
    if (rc != PRECIS_OK)
        return fail(L, PRECIS_ERR_CORRUPT, "section VOCB: %s", inner.message);
    return PRECIS_OK;
}

static int parse_weights(const loader *L, const meta *mt, precis_logreg **out, int *is_f64)
{
    const section *s = &L->known[SEC_WGHT];
    if (s->len < WGHT_HEAD_BYTES)
        return fail(L, PRECIS_ERR_CORRUPT, "section WGHT: %zu bytes, shorter than its header",
                    s->len);
    rbuf r = {s->p, s->len, 0, 0};
    uint32_t dtype = get_u32(&r);
    uint64_t nf = get_u64(&r), nc = get_u64(&r);
    if (dtype > DTYPE_F64)
        return fail(L, PRECIS_ERR_CORRUPT, "section WGHT: unknown weight type %u",
                    (unsigned)dtype);
    if (nf != mt->n_terms || nc != mt->n_labels)
        return fail(L, PRECIS_ERR_CORRUPT,
                    "section WGHT: %llu x %llu weights for %zu terms and %zu labels",
                    (unsigned long long)nf, (unsigned long long)nc, mt->n_terms, mt->n_labels);
    /* Sizes are checked by division, so no product can overflow. */
    size_t width = dtype == DTYPE_F64 ? 8 : 4;
    size_t cells = (s->len - WGHT_HEAD_BYTES) / width;
    size_t rows = cells / mt->n_labels; /* n_features rows of W, then b */
    if ((s->len - WGHT_HEAD_BYTES) % width != 0 || cells % mt->n_labels != 0 || rows == 0 ||
        rows - 1 != mt->n_terms)
        return fail(L, PRECIS_ERR_CORRUPT, "section WGHT: %zu bytes do not hold %zu x %zu weights",
                    s->len, mt->n_terms, mt->n_labels);
    precis_logreg *lr = px_calloc(1, sizeof *lr);
    if (lr) {
        lr->W = px_malloc_array(cells - mt->n_labels, sizeof *lr->W);
        lr->b = px_malloc_array(mt->n_labels, sizeof *lr->b);
    }
    if (!lr || !lr->W || !lr->b) {
        precis_logreg_free(lr);
        return fail(L, PRECIS_ERR_NOMEM, "out of memory reading %zu weights", cells);
    }
    lr->n_features = mt->n_terms;
    lr->n_classes = mt->n_labels;
    lr->iterations = mt->iterations;
    lr->converged = mt->converged;
    lr->objective = mt->objective;
    size_t n_w = cells - mt->n_labels;
    for (size_t i = 0; i < cells; i++) {
        double x = dtype == DTYPE_F64 ? get_f64(&r) : get_f32(&r);
        if (!isfinite(x)) {
            precis_logreg_free(lr);
            return fail(L, PRECIS_ERR_CORRUPT, "section WGHT: weight %zu is not finite", i);
        }
        if (i < n_w)
            lr->W[i] = x;
        else
            lr->b[i - n_w] = x;
    }
    *is_f64 = dtype == DTYPE_F64;
    *out = lr;
    return PRECIS_OK;
}

/* A SUMM written by a newer precis (a later layout, or a feature this one
 * does not know): skipped as an unknown section would be, so the model loads
 * without its summary model; refused if its writer marked it REQUIRED. */
static int newer_summary(const loader *L, const char *what)
{
    if (!(L->known[SEC_SUMM].flags & SECTION_REQUIRED))
        return PRECIS_OK;
    return fail(L, PRECIS_ERR_VERSION,
                "section SUMM is required but holds %s unknown to this precis: "
                "the file needs a newer precis", what);
}

/* SUMM, the learned summarizer's model. *out stays NULL when the section is
 * absent or newer than this precis (newer_summary). */
static int parse_summary(const loader *L, px_summary_model **out)
{
    *out = NULL;
    const section *sec = &L->known[SEC_SUMM];
    if (!sec->present)
        return PRECIS_OK;
    rbuf r = {sec->p, sec->len, 0, 0};
    uint32_t layout = get_u32(&r);
    if (!r.overrun && layout > SUMM_LAYOUT)
        return newer_summary(L, "a later layout");
    if (sec->len < SUMM_HEAD_BYTES)
        return fail(L, PRECIS_ERR_CORRUPT, "section SUMM: %zu bytes, shorter than its header",
                    sec->len);
    uint32_t n = get_u32(&r);
    if (layout == 0)
        return fail(L, PRECIS_ERR_CORRUPT, "section SUMM: layout version 0 is invalid");
    /* Each feature takes at least 29 bytes: a length, one character, 3 numbers. */
    if (n == 0 || n > (sec->len - SUMM_HEAD_BYTES) / 29)
        return fail(L, PRECIS_ERR_CORRUPT, "section SUMM: %zu bytes cannot hold %u features",
                    sec->len, (unsigned)n);
    px_summary_model *s = px_summary_model_alloc(n);
    if (!s)
        return fail(L, PRECIS_ERR_NOMEM, "out of memory reading the summary model");
    s->articles = get_u64(&r);
    s->sentences = get_u64(&r);
    s->C = get_f64(&r);
    s->intercept = get_f64(&r);
    int unknown = 0;
    for (uint32_t j = 0; j < n; j++) {
        uint32_t len = get_u32(&r);
        if (r.overrun || len == 0 || len > SUMM_NAME_MAX || len > r.len - r.at) {
            px_summary_model_free(s);
            return fail(L, PRECIS_ERR_CORRUPT, "section SUMM: feature %u has a bad name length",
                        (unsigned)j);
        }
        long f = px_summary_feature_lookup((const char *)r.p + r.at, len);
        r.at += len;
        unknown |= f < 0;
        s->feature[j] = f < 0 ? 0 : (uint32_t)f;
        s->mean[j] = get_f64(&r);
        s->scale[j] = get_f64(&r);
        s->weight[j] = get_f64(&r);
    }
    precis_error inner;
    int rc = PRECIS_OK;
    if (r.overrun || r.at != r.len)
        rc = fail(L, PRECIS_ERR_CORRUPT, "section SUMM: %zu bytes do not match its %u features",
                  sec->len, (unsigned)n);
    else if (!unknown && px_summary_model_check(s, &inner) != PRECIS_OK)
        rc = fail(L, PRECIS_ERR_CORRUPT, "section SUMM: %s", inner.message);
    if (rc == PRECIS_OK && unknown)
        rc = newer_summary(L, "a feature");
    if (rc != PRECIS_OK || unknown)
        px_summary_model_free(s);
    else
        *out = s;
    return rc;
}

/* An optional section of layout 1..max_layout, opened at the word after its
 * layout: *r reads it and *readable is 1. Absent, or of a later layout
 * without the REQUIRED flag (skipped, as an unknown optional section would
 * be): *readable is 0. A missing layout word, layout 0, or a later layout
 * that is required fails, naming the section. */
static int open_optional(const loader *L, int id, const char *name, uint32_t max_layout,
                         rbuf *r, int *readable)
{
    const section *sec = &L->known[id];
    *readable = 0;
    if (!sec->present)
        return PRECIS_OK;
    *r = (rbuf){sec->p, sec->len, 0, 0};
    uint32_t layout = get_u32(r);
    if (r->overrun || layout == 0)
        return fail(L, PRECIS_ERR_CORRUPT, "section %s: no valid layout", name);
    if (layout > max_layout)
        return (sec->flags & SECTION_REQUIRED)
                   ? fail(L, PRECIS_ERR_VERSION, "section %s is required but of a later layout: "
                                                 "the file needs a newer precis", name)
                   : PRECIS_OK;
    *readable = 1;
    return PRECIS_OK;
}

/* LINF, what each label was trained on, into m. Absent, or of a later
 * layout (skipped as an unknown optional section would be): m has none. */
static int parse_label_info(const loader *L, precis_model *m)
{
    const section *sec = &L->known[SEC_LINF];
    rbuf r;
    int readable, rc = open_optional(L, SEC_LINF, "LINF", LINF_LAYOUT, &r, &readable);
    if (rc != PRECIS_OK || !readable)
        return rc;
    uint32_t n = get_u32(&r);
    if (r.overrun)
        return fail(L, PRECIS_ERR_CORRUPT, "section LINF: no valid layout");
    if (n != m->n_labels)
        return fail(L, PRECIS_ERR_CORRUPT, "section LINF: %u labels, the model has %zu",
                    (unsigned)n, m->n_labels);
    uint64_t *counts = px_malloc_array(n, sizeof *counts);
    const char **sources = px_calloc(n, sizeof *sources);
    char *pool = px_malloc(sec->len + 1); /* each text NUL-terminated; they take less than the section */
    rc = counts && sources && pool ? PRECIS_OK
                                   : fail(L, PRECIS_ERR_NOMEM, "out of memory reading LINF");
    for (uint32_t k = 0, at = 0; rc == PRECIS_OK && k < n; k++) {
        counts[k] = get_u64(&r);
        uint32_t len = get_u32(&r);
        if (r.overrun || len > PRECIS_LABEL_SOURCE_MAX || len > r.len - r.at ||
            memchr(r.p + r.at, 0, len)) {
            rc = fail(L, PRECIS_ERR_CORRUPT, "section LINF: label %u has a bad source text", (unsigned)k);
            break;
        }
        memcpy(pool + at, r.p + r.at, len);
        pool[at + len] = '\0';
        sources[k] = pool + at;
        at += len + 1;
        r.at += len;
    }
    if (rc == PRECIS_OK && r.at != r.len)
        rc = fail(L, PRECIS_ERR_CORRUPT, "section LINF: %zu stray bytes at the end", r.len - r.at);
    precis_error inner;
    if (rc == PRECIS_OK && precis_model_set_label_info(m, counts, sources, &inner) != PRECIS_OK)
        rc = fail(L, inner.code, "section LINF: %s", inner.message);
    px_free(counts);
    px_free(sources);
    px_free(pool);
    return rc;
}

/* FITP, the fit's C and class weighting, into m. Absent, or of a later
 * layout (skipped as an unknown optional section would be): m has none. */
static int parse_fit_params(const loader *L, precis_model *m)
{
    rbuf r;
    int readable, rc = open_optional(L, SEC_FITP, "FITP", FITP_LAYOUT, &r, &readable);
    if (rc != PRECIS_OK || !readable)
        return rc;
    uint32_t weighting = get_u32(&r);
    double C = get_f64(&r);
    if (r.overrun || r.at != r.len || weighting > 1)
        return fail(L, PRECIS_ERR_CORRUPT, "section FITP: %zu bytes, class weighting %u",
                    r.len, (unsigned)weighting);
    precis_error inner;
    if (precis_model_set_fit_params(m, C, (int)weighting, &inner) != PRECIS_OK)
        return fail(L, PRECIS_ERR_CORRUPT, "section FITP: %s", inner.message);
    return PRECIS_OK;
}

/* MLBL, a multi-label model's thresholds, into m. */
static int parse_multilabel(const loader *L, precis_model *m)
{
    const section *sec = &L->known[SEC_MLBL];
    if (!sec->present)
        return PRECIS_OK;
    rbuf r = {sec->p, sec->len, 0, 0};
    uint32_t layout = get_u32(&r), fallback = get_u32(&r), sep = get_u32(&r), n = get_u32(&r);
    if (r.overrun || layout == 0)
        return fail(L, PRECIS_ERR_CORRUPT, "section MLBL: no valid layout");
    if (layout > MLBL_LAYOUT)
        return fail(L, PRECIS_ERR_VERSION, "section MLBL is of a later layout: the file needs "
                                           "a newer precis");
    if (n != m->n_labels || fallback > 1 || sep > 126 ||
        sec->len != MLBL_HEAD_BYTES + 8 * (size_t)n)
        return fail(L, PRECIS_ERR_CORRUPT, "section MLBL: %zu bytes for %u labels (the model "
                    "has %zu), fallback %u, separator %u", sec->len, (unsigned)n, m->n_labels,
                    (unsigned)fallback, (unsigned)sep);
    double *t = px_malloc_array(n ? n : 1, sizeof *t);
    if (!t)
        return fail(L, PRECIS_ERR_NOMEM, "out of memory reading MLBL");
    for (uint32_t k = 0; k < n; k++)
        t[k] = get_f64(&r);
    precis_error inner;
    int rc = precis_model_set_multilabel(m, t, (int)fallback, (int)sep, &inner);
    px_free(t);
    if (rc != PRECIS_OK)
        return fail(L, rc == PRECIS_ERR_NOMEM ? rc : PRECIS_ERR_CORRUPT, "section MLBL: %s",
                    inner.message);
    return PRECIS_OK;
}

/* TUNE, how --autotune chose the model, into m. Absent, or of a later
 * layout (skipped as an unknown optional section would be): m has none. */
static int parse_tuning(const loader *L, precis_model *m)
{
    rbuf r;
    int readable, rc = open_optional(L, SEC_TUNE, "TUNE", TUNE_LAYOUT, &r, &readable);
    if (rc != PRECIS_OK || !readable)
        return rc;
    rbuf head = r;
    head.at = 0;
    uint32_t layout = get_u32(&head);
    size_t expected = layout == 1 ? TUNE_BYTES : TUNE_BYTES + TUNE_LOSS_BYTES;
    if (r.len != expected)
        return fail(L, PRECIS_ERR_CORRUPT, "section TUNE: %zu bytes, expected %zu for layout %u",
                    r.len, expected, (unsigned)layout);
    precis_tuning t;
    t.C = get_f64(&r);
    t.class_weight_balanced = (int)get_u32(&r);
    t.folds = (size_t)get_u64(&r);
    t.cv_mean = get_f64(&r);
    t.cv_sd = get_f64(&r);
    t.candidates = (size_t)get_u64(&r);
    t.settings_scored = (size_t)get_u64(&r);
    t.settings_planned = (size_t)get_u64(&r);
    t.stopped_early = (int)get_u32(&r);
    t.seconds = get_f64(&r);
    t.loss = PRECIS_LOSS_MULTINOMIAL;
    t.temperature = 1.0;
    if (layout >= 2) {
        uint32_t loss = get_u32(&r);
        if (loss > PRECIS_LOSS_SQUARED_HINGE)
            return fail(L, PRECIS_ERR_CORRUPT, "section TUNE: unknown loss %u", (unsigned)loss);
        t.loss = (precis_loss)loss;
        t.temperature = get_f64(&r);
    }
    precis_error inner;
    if (precis_model_set_tuning(m, &t, &inner) != PRECIS_OK)
        return fail(L, inner.code == PRECIS_ERR_NOMEM ? inner.code : PRECIS_ERR_CORRUPT,
                    "section TUNE: %s", inner.message);
    return PRECIS_OK;
}

static int build_model(const loader *L, precis_model **out)
{
    meta mt;
    int rc = parse_meta(L, &mt);
    if (rc != PRECIS_OK)
        return rc;
    label_set ls = {0};
    precis_vectorizer *v = NULL;
    precis_logreg *lr = NULL;
    int f64 = 0;
    rc = parse_labels(L, mt.n_labels, &ls);
    if (rc == PRECIS_OK)
        rc = parse_weights(L, &mt, &lr, &f64);
    if (rc == PRECIS_OK)
        rc = parse_vectorizer(L, &mt, &v);
    if (rc == PRECIS_OK) {
        precis_error inner;
        rc = px_model_assemble(out, v, lr, (const char *const *)ls.labels, mt.n_labels,
                               &mt.reader, f64, &inner);
        v = NULL; /* owned, or freed, by the model now */
        lr = NULL;
        if (rc != PRECIS_OK)
            rc = fail(L, rc == PRECIS_ERR_NOMEM ? rc : PRECIS_ERR_CORRUPT, "%s", inner.message);
    }
    if (rc == PRECIS_OK) {
        px_summary_model *s;
        rc = parse_summary(L, &s);
        if (rc == PRECIS_OK)
            px_model_set_summary(*out, s);
        if (rc == PRECIS_OK)
            rc = parse_label_info(L, *out);
        if (rc == PRECIS_OK)
            rc = parse_fit_params(L, *out);
        if (rc == PRECIS_OK)
            rc = parse_multilabel(L, *out);
        if (rc == PRECIS_OK)
            rc = parse_tuning(L, *out);
        if (rc != PRECIS_OK) {
            precis_model_free(*out);
            *out = NULL;
        }
    }
    precis_vectorizer_free(v);
    precis_logreg_free(lr);
    label_set_free(&ls);
    return rc;
}

int precis_model_load(precis_model **out, const char *path, precis_error *err)
{
    *out = NULL;
    if (!path || !*path)
        return px_error(err, PRECIS_ERR_ARG, "loading a model needs a path");
    loader L = {.path = path, .err = err};
    unsigned char *data = NULL;
    int rc = read_whole_file(path, &data, &L.len, err);
    if (rc != PRECIS_OK)
        return rc;
    L.data = data;
    rc = check_header(&L);
    if (rc == PRECIS_OK)
        rc = check_sections(&L);
    if (rc == PRECIS_OK)
        rc = build_model(&L, out);
    px_free(data);
    return rc;
}
