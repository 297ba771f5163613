/*
 * precis.h — the whole public API of libprecis: a statistical text classifier
 * (TF-IDF features, multinomial logistic regression) and extractive summarizer.
 *
 * Conventions
 *  - Every function that can fail returns an int status: PRECIS_OK (0) or one of
 *    the precis_status codes, and fills the caller's precis_error with a message
 *    fit to print ("corpus.csv:12: unbalanced quote"). The library never exits,
 *    never prints on its own: warnings go through a precis_warn_fn the caller
 *    supplies (NULL: warnings are dropped).
 *  - Every _new / _load / _open has its _free; _free(NULL) is a no-op.
 *  - Text handed to the library is bytes; it is decoded by precis_text_decode
 *    rules (UTF-8 if valid, else Latin-1; BOM dropped).
 *  - No global state: everything lives in the objects and options you pass.
 */
#ifndef PRECIS_H
#define PRECIS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define PRECIS_VERSION_STRING "0.1.0"

/* ---------------------------------------------------------------- errors */

typedef enum precis_status {
    PRECIS_OK = 0,
    PRECIS_ERR_NOMEM,   /* an allocation failed */
    PRECIS_ERR_IO,      /* open/read/write/rename failed */
    PRECIS_ERR_FORMAT,  /* malformed input record or file */
    PRECIS_ERR_ARG,     /* invalid argument or option value */
    PRECIS_ERR_LIMIT,   /* a documented size limit was exceeded */
    PRECIS_ERR_CORRUPT, /* model file fails a size or checksum check */
    PRECIS_ERR_VERSION, /* model file from a newer format version */
    PRECIS_ERR_EMPTY    /* nothing to work on (no documents, no features) */
} precis_status;

typedef struct precis_error {
    int code;           /* a precis_status */
    char message[512];  /* NUL-terminated, printable */
} precis_error;

const char *precis_status_string(int code);

/* Warnings (skipped records, odd files). `where` names the file and line or
 * byte; `message` says what was wrong and what was done about it. */
typedef void (*precis_warn_fn)(void *ctx, const char *where, const char *message);

/* ---------------------------------------------------------------- text */

/* Decode bytes to UTF-8: valid UTF-8 is kept (minus a leading BOM); anything
 * else is read as Latin-1. NUL bytes become spaces, so the result is a
 * NUL-terminated string of out_len bytes with no NUL inside.
 * *out is malloc'ed; release it with free(). */
int precis_text_decode(const char *bytes, size_t len, char **out, size_t *out_len,
                       precis_error *err);

/* ---------------------------------------------------------------- corpora */

typedef enum precis_format {
    PRECIS_FORMAT_AUTO = 0, /* from the path: directory, .tsv, .csv, .jsonl/.ndjson,
                               else sniffed: __label__ lines -> fastText, tabs -> TSV */
    PRECIS_FORMAT_DIR,      /* DIR/<label>/<file>: one document per file */
    PRECIS_FORMAT_TSV,      /* label<TAB>text per line */
    PRECIS_FORMAT_CSV,      /* RFC 4180 */
    PRECIS_FORMAT_FASTTEXT, /* __label__X [__label__Y] text */
    PRECIS_FORMAT_JSONL     /* {"label": ..., "text": ...} per line */
} precis_format;

const char *precis_format_name(precis_format f);
/* "auto", "dir", "tsv", "csv", "fasttext", "jsonl" -> format; -1 if unknown. */
int precis_format_parse(const char *name);

#define PRECIS_MAX_TEXT_COLUMNS 32
#define PRECIS_DEFAULT_MAX_DOC_BYTES ((size_t)64 << 20) /* 64 MiB */

typedef struct precis_reader_options {
    precis_format format;
    int csv_label_column;                      /* 1-based; default 1 */
    int csv_text_columns[PRECIS_MAX_TEXT_COLUMNS]; /* 1-based; joined by a space */
    int csv_n_text_columns;                    /* 0: default, column 2 */
    int csv_header;                            /* first row is a header */
    int strict;                /* malformed record: fail (1) or skip with a warning (0) */
    size_t max_doc_bytes;      /* larger documents are skipped (or fail when strict) */
    precis_warn_fn warn;
    void *warn_ctx;
} precis_reader_options;

void precis_reader_options_default(precis_reader_options *opt);

/* One record. Valid until the next precis_reader_next or precis_reader_free.
 * `text` is raw bytes (not yet decoded), NUL-terminated for convenience. */
typedef struct precis_document {
    const char *label;   /* NULL when the input has no label (precis-infer input) */
    const char *text;
    size_t text_len;
    const char *source;  /* "path" or "path:line": where the record came from */
} precis_document;

typedef struct precis_reader precis_reader;

int precis_reader_open(precis_reader **out, const char *path,
                       const precis_reader_options *opt, precis_error *err);
/* 1: *doc filled; 0: end of corpus; <0: -(precis_status), err filled. */
int precis_reader_next(precis_reader *r, precis_document *doc, precis_error *err);
/* Records skipped so far (malformed, too large, unreadable). */
size_t precis_reader_skipped(const precis_reader *r);
precis_format precis_reader_format(const precis_reader *r);
void precis_reader_free(precis_reader *r);

/* ---------------------------------------------------------------- features */

/* A document-frequency bound, as scikit-learn's min_df/max_df: an absolute
 * count of documents, or a proportion of them. */
typedef struct precis_df_bound {
    double value;
    int is_proportion;
} precis_df_bound;

typedef struct precis_feature_options {
    int ngram_min, ngram_max;   /* word n-grams; default 1..1 */
    precis_df_bound min_df;     /* default 1 document */
    precis_df_bound max_df;     /* default proportion 1.0 */
    size_t max_features;        /* 0: no limit; else keep the most frequent in the corpus */
    int sublinear_tf;           /* 1 + ln(tf); default 1 */
    int single_char_tokens;     /* also keep one-character tokens; default 0 */
    int stop_words;             /* drop the built-in English stop words; default 0 */
} precis_feature_options;

void precis_feature_options_default(precis_feature_options *opt);

/* Compressed sparse rows. Column indices strictly increase within a row. */
typedef struct precis_csr {
    size_t n_rows, n_cols, nnz;
    size_t *row_ptr;  /* n_rows + 1 */
    uint32_t *col;    /* nnz */
    double *val;      /* nnz */
} precis_csr;

void precis_csr_free(precis_csr *m);

/* The vocabulary (terms sorted by code point, as scikit-learn sorts them), idf
 * and the options that made them: everything needed to turn text into a row. */
typedef struct precis_vectorizer precis_vectorizer;

/* Building a vectorizer: add documents one by one (each is tokenized and
 * counted at once; no text is kept), then finish, which prunes the vocabulary,
 * computes idf and gives the TF-IDF rows of the documents added. */
typedef struct precis_vectorizer_builder precis_vectorizer_builder;

int precis_vectorizer_builder_new(precis_vectorizer_builder **out,
                                  const precis_feature_options *opt, precis_error *err);
/* `text` is raw bytes, decoded with precis_text_decode rules. */
int precis_vectorizer_builder_add(precis_vectorizer_builder *b, const char *text, size_t len,
                                  precis_error *err);
/* Consumes the builder's counts. *X gets one L2-normalized TF-IDF row per document
 * added (pass NULL to skip it). The builder must still be freed. */
int precis_vectorizer_builder_finish(precis_vectorizer_builder *b, precis_vectorizer **out,
                                     precis_csr *X, precis_error *err);
void precis_vectorizer_builder_free(precis_vectorizer_builder *b);

size_t precis_vectorizer_size(const precis_vectorizer *v);
const char *precis_vectorizer_term(const precis_vectorizer *v, size_t index);
/* Index of a term, or -1. */
long precis_vectorizer_lookup(const precis_vectorizer *v, const char *term, size_t len);
double precis_vectorizer_idf(const precis_vectorizer *v, size_t index);
size_t precis_vectorizer_df(const precis_vectorizer *v, size_t index);
size_t precis_vectorizer_n_documents(const precis_vectorizer *v);
const precis_feature_options *precis_vectorizer_options(const precis_vectorizer *v);

/* One document's TF-IDF row (raw bytes in), appended as row to *X, which may
 * start zeroed ({0}). Terms not in the vocabulary are ignored. */
int precis_vectorizer_transform(const precis_vectorizer *v, const char *text, size_t len,
                                precis_csr *X, precis_error *err);
void precis_vectorizer_free(precis_vectorizer *v);

/* ---------------------------------------------------------------- classifier */

typedef struct precis_progress {
    int iteration;
    double loss;       /* objective value */
    double grad_norm;  /* ||gradient||_2 */
    double elapsed;    /* seconds since the fit started */
} precis_progress;

typedef void (*precis_progress_fn)(void *ctx, const precis_progress *p);

typedef struct precis_logreg_params {
    double C;              /* inverse regularization; default 10 */
    int max_iter;          /* default 1000 */
    double tol;            /* stop when ||g||_2 <= tol * ||g0||_2; default 1e-4 */
    int class_weight_balanced; /* weight class k by n / (K * n_k) */
    int n_threads;         /* 0: all cores */
    precis_progress_fn progress;
    void *progress_ctx;
} precis_logreg_params;

void precis_logreg_params_default(precis_logreg_params *p);

/* A multinomial logistic model: W is n_features x n_classes, row-major. */
typedef struct precis_logreg {
    size_t n_features, n_classes;
    double *W;
    double *b;          /* n_classes intercepts */
    int iterations;     /* what the fit took */
    double objective;   /* C * sum of weighted log-losses + ||W||^2 / 2 at the end */
    int converged;
} precis_logreg;

/* Minimize C * sum_i s_i * logloss_i + ||W||^2 / 2 (intercepts not penalized).
 * y[i] in 0..n_classes-1; the model is deterministic whatever n_threads. */
int precis_logreg_train(const precis_csr *X, const uint32_t *y, size_t n_classes,
                        const precis_logreg_params *params, precis_logreg **out,
                        precis_error *err);
/* proba[n_classes] for one sparse row. */
void precis_logreg_predict_proba(const precis_logreg *m, const uint32_t *col,
                                 const double *val, size_t nnz, double *proba);
void precis_logreg_free(precis_logreg *m);

/* ---------------------------------------------------------------- model file */

/* Everything precis-infer needs: vectorizer, labels, classifier. */
typedef struct precis_model precis_model;

/* Takes ownership of v and lr and copies labels. */
int precis_model_new(precis_model **out, precis_vectorizer *v, precis_logreg *lr,
                     const char *const *labels, size_t n_labels,
                     const precis_reader_options *reader, precis_error *err);
/* Written to a temporary file beside `path`, flushed, then renamed over it. */
int precis_model_save(const precis_model *m, const char *path, precis_error *err);
/* Every size is checked against the file before it is trusted. */
int precis_model_load(precis_model **out, const char *path, precis_error *err);
void precis_model_free(precis_model *m);

const precis_vectorizer *precis_model_vectorizer(const precis_model *m);
const precis_logreg *precis_model_logreg(const precis_model *m);
size_t precis_model_n_labels(const precis_model *m);
const char *precis_model_label(const precis_model *m, size_t k);

/* Classify one document (raw bytes): proba gets n_labels values. */
int precis_model_classify(const precis_model *m, const char *text, size_t len,
                          double *proba, precis_error *err);

#ifdef __cplusplus
}
#endif
#endif /* PRECIS_H */
