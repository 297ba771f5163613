/*
 * precis.h — the public API of libprecis: a statistical text classifier
 * (TF-IDF features, logistic regression) and extractive summarizer.
 *
 * In five minutes (every call returns PRECIS_OK or an error code: check each):
 *
 *     precis_error err;                       // train a model and save it
 *     precis_dataset *d; precis_vectorizer *v; precis_logreg *lr; precis_model *m;
 *     precis_dataset_fit(&d, &v, "corpus/", NULL, NULL, &err);
 *     precis_logreg_train(&d->X, d->y, d->n_labels, NULL, &lr, &err);
 *     precis_model_new(&m, v, lr, (const char *const *)d->labels, d->n_labels, NULL, &err);
 *     precis_model_save(m, "news.model", &err);
 *
 *     precis_model_load(&m, "news.model", &err);         // load it; read an article once,
 *     precis_analysis *a; precis_summary_sentence *s; size_t n;
 *     precis_analysis_new(&a, m, text, len, &err);
 *     precis_analysis_classify(a, &err);                  // classify it
 *     puts(precis_model_label(m, precis_analysis_label(a)));
 *     precis_analysis_summarize(a, NULL, &s, &n, &err);   // and summarize it
 *
 * The header reads top-down: errors; the model and what it does with a
 * document; summaries; training; evaluation; then the building blocks the
 * rest is made of, for tests and power users.
 *
 * Conventions
 *  - Every function that can fail returns an int status: PRECIS_OK (0) or one of
 *    the precis_status codes, and fills the caller's precis_error with a message
 *    fit to print ("corpus.csv:12: unbalanced quote"). The library never exits,
 *    never prints on its own: warnings go through a precis_warn_fn the caller
 *    supplies (NULL: warnings are dropped).
 *  - Every _new / _load / _open / _fit has its _free; _free(NULL) is a no-op.
 *  - Text handed to the library is bytes; it is decoded by precis_text_decode
 *    rules (UTF-8 if valid, else Windows-1252; BOM dropped).
 *  - No global state: everything lives in the objects and options you pass.
 *  - Only the precis_ names below are exported by the shared library.
 */
#ifndef PRECIS_H
#define PRECIS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__) || defined(__clang__)
#define PRECIS_API __attribute__((visibility("default")))
#else
#define PRECIS_API
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

PRECIS_API const char *precis_status_string(int code);

/* Warnings (skipped records, odd files). `where` names the file and line or
 * byte; `message` says what was wrong and what was done about it. */
typedef void (*precis_warn_fn)(void *ctx, const char *where, const char *message);

/* ---------------------------------------------------------------- objects */

/* Each is made by its _new, _load, _open or _fit function below and released
 * by its _free. The ones whose fields are shown are read-only results. */
typedef struct precis_model precis_model;           /* a trained model, as in its file */
typedef struct precis_analysis precis_analysis;     /* one document, read once */
typedef struct precis_article precis_article;       /* a document split into sentences */
typedef struct precis_vectorizer precis_vectorizer; /* vocabulary and idf */
typedef struct precis_logreg precis_logreg;         /* a fitted logistic model */
typedef struct precis_dataset precis_dataset;       /* a labeled corpus, vectorized */
typedef struct precis_metrics precis_metrics;       /* classification figures */
typedef struct precis_reader precis_reader;         /* a corpus, record by record */
typedef struct precis_csr precis_csr;               /* sparse rows */
typedef struct precis_reader_options precis_reader_options;
typedef struct precis_summary_options precis_summary_options;

/* One sentence of a summary (see precis_summarize). */
typedef struct precis_summary_sentence {
    size_t index;         /* body sentence index */
    double score;         /* the summarizer's score (higher: more central) */
} precis_summary_sentence;

/* ---------------------------------------------------------------- the model */

/* A model holds everything precis-infer needs: vectorizer, labels,
 * classifier, and maybe a learned summarizer. Loading checks every size
 * against the file before trusting it. */
PRECIS_API int precis_model_load(precis_model **out, const char *path, precis_error *err);
PRECIS_API void precis_model_free(precis_model *m);

PRECIS_API const precis_vectorizer *precis_model_vectorizer(const precis_model *m);
PRECIS_API const precis_logreg *precis_model_logreg(const precis_model *m);
PRECIS_API size_t precis_model_n_labels(const precis_model *m);
PRECIS_API const char *precis_model_label(const precis_model *m, size_t k);
/* How the training corpus was read (format and CSV fields; the others are
 * defaults, warn is NULL), so new input can be read the same way. */
PRECIS_API const precis_reader_options *precis_model_reader_options(const precis_model *m);

/* Classify one document (raw bytes): proba gets n_labels values. */
PRECIS_API int precis_model_classify(const precis_model *m, const char *text, size_t len,
                                     double *proba, precis_error *err);

/* A term and a number: its contribution to a decision, or its weight. */
typedef struct precis_term_weight {
    const char *term;   /* points into the model's vocabulary */
    double weight;
} precis_term_weight;

/* The terms of one document that pushed most toward class k: tf-idf value x
 * the class's weight, largest first, positive contributions only. Fills up to
 * n entries of out; *n_out says how many. */
PRECIS_API int precis_model_explain(const precis_model *m, const char *text, size_t len, size_t k,
                                    size_t n, precis_term_weight *out, size_t *n_out,
                                    precis_error *err);
/* The n heaviest terms of class k (largest weight first); returns how many. */
PRECIS_API size_t precis_model_top_terms(const precis_model *m, size_t k, size_t n,
                                         precis_term_weight *out);

/* One document read once, for everything precis-infer does with it: decoded
 * once, vectorized and classified once, explained from that row, and split
 * into sentences once for its summary. (precis_model_classify and
 * precis_model_explain do the same work one call at a time.) The model must
 * outlive the analysis. */
PRECIS_API int precis_analysis_new(precis_analysis **out, const precis_model *m, const char *bytes,
                                   size_t len, precis_error *err);
/* Vectorizes and classifies the document (once: later calls return at once). */
PRECIS_API int precis_analysis_classify(precis_analysis *a, precis_error *err);
/* Once classified: n_labels probabilities, and the most probable label's
 * index (the lowest on ties); NULL and 0 before. */
PRECIS_API const double *precis_analysis_proba(const precis_analysis *a);
PRECIS_API size_t precis_analysis_label(const precis_analysis *a);
/* Once classified: precis_model_explain on the document's row. */
PRECIS_API int precis_analysis_explain(const precis_analysis *a, size_t k, size_t n,
                                       precis_term_weight *out, size_t *n_out, precis_error *err);
/* Splits the article (once) and summarizes it as precis_summarize, with the
 * document's class probabilities when the summarizer uses them (classifying
 * it first if need be). opt NULL: defaults. */
PRECIS_API int precis_analysis_summarize(precis_analysis *a, const precis_summary_options *opt,
                                         precis_summary_sentence **out, size_t *n_out,
                                         precis_error *err);
/* The article as split for the summary; NULL before the first summary. */
PRECIS_API const precis_article *precis_analysis_article(const precis_analysis *a);
/* How many distinct terms of the model's vocabulary the classified document
 * holds; 0 (an empty article, or one in another language) means its label is
 * only the model's prior, not a judgement of the text. */
PRECIS_API size_t precis_analysis_known_terms(const precis_analysis *a);
PRECIS_API void precis_analysis_free(precis_analysis *a);

/* ---------------------------------------------------------------- summaries */

/* One sentence of an article: a byte range of the article's decoded text. */
typedef struct precis_sentence {
    size_t start, len;   /* bytes of precis_article.text, trimmed of surrounding space */
    size_t paragraph;    /* 0-based paragraph of the body it sits in */
    int is_furniture;    /* page furniture ("Share this article", bylines, ...): never summarized */
} precis_sentence;

/* An article split for summarizing: the first non-empty line is its headline
 * (never a summary sentence, but evidence of what matters); the rest is the
 * body, in sentences. Summary indices count body sentences from 0. */
struct precis_article {
    char *text;                  /* decoded UTF-8, NUL-terminated */
    size_t len;
    size_t headline_start, headline_len;   /* headline_len 0: none */
    precis_sentence *sentences;  /* body sentences, in order */
    size_t n_sentences;
};

/* Decodes (precis_text_decode rules) and splits raw article bytes. */
PRECIS_API int precis_article_split(precis_article **out, const char *bytes, size_t len,
                                    precis_error *err);
PRECIS_API void precis_article_free(precis_article *a);

typedef enum precis_summarizer {
    PRECIS_SUMMARIZER_DEFAULT = 0, /* the best measured (see README) */
    PRECIS_SUMMARIZER_CENTROID,
    PRECIS_SUMMARIZER_TEXTRANK,
    PRECIS_SUMMARIZER_LEXRANK,
    PRECIS_SUMMARIZER_LSA,
    PRECIS_SUMMARIZER_LEAD,
    PRECIS_SUMMARIZER_LEARNED      /* needs a model with a summary model */
} precis_summarizer;

PRECIS_API const char *precis_summarizer_name(precis_summarizer s);
PRECIS_API int precis_summarizer_parse(const char *name); /* -1 if unknown */

struct precis_summary_options {
    precis_summarizer method;
    size_t sentences;     /* length in sentences; default 3 */
    double ratio;         /* > 0: this fraction of the body's sentences instead (at least 1) */
    size_t words;         /* > 0: whole sentences, best first: the best one, then each next
                             one that keeps the total within words x 1.3, until at least
                             `words` words or none is left (so words..1.3 x words, unless
                             the article is shorter or its best sentence alone longer) */
    double mmr_lambda;    /* 1: no redundancy control; below 1 trades score for novelty */
    int topic_weighting;  /* weigh terms by their weight for the predicted topic */
    size_t max_words;     /* > 0: a cap on any of the lengths above: a sentence that would
                             take the summary past it is passed over, the best one too
                             (the summary is empty when no sentence is that short) */
};

PRECIS_API void precis_summary_options_default(precis_summary_options *opt);

/* Picks the article's key sentences, returned in article order. `model` gives
 * idf (and topic weights); NULL: idf from the article's own sentences.
 * `proba` (n_labels, may be NULL) is the article's class distribution, used by
 * topic weighting. *out is malloc'ed (free with free()); *n_out may be 0. */
PRECIS_API int precis_summarize(const precis_model *model, const precis_article *a,
                                const double *proba, const precis_summary_options *opt,
                                precis_summary_sentence **out, size_t *n_out, precis_error *err);

/* A model may carry a summary model: a binary logistic model of "is this
 * sentence in the reference extract?" over standardized sentence features
 * (position in the article and in its paragraph, length, similarity to the
 * headline and to the centroid, word frequency, TextRank centrality, idf,
 * the predicted topic's term weights, quotes, numbers, capitals), trained on
 * reference extracts. precis_summarize's PRECIS_SUMMARIZER_LEARNED scores
 * sentences by its probability; with a summary model it is also what
 * PRECIS_SUMMARIZER_DEFAULT means. The model file keeps it (section SUMM). */

/* One feature of a summary model. */
typedef struct precis_summary_feature {
    const char *name;   /* "position", "lead", "centroid", ... (static) */
    double weight;      /* on the standardized feature */
    double mean, scale; /* standardization: (x - mean) / scale */
} precis_summary_feature;

/* Fills up to n entries of out (NULL with n = 0 to count) and *intercept (may
 * be NULL); returns the number of features, 0 when m has no summary model. */
PRECIS_API size_t precis_model_summary_features(const precis_model *m, precis_summary_feature *out,
                                                size_t n, double *intercept);

/* ---------------------------------------------------------------- training */

typedef enum precis_format {
    PRECIS_FORMAT_AUTO = 0, /* from the path: directory, .tsv, .csv, .jsonl/.ndjson,
                               else sniffed: __label__ lines -> fastText, tabs -> TSV */
    PRECIS_FORMAT_DIR,      /* DIR/<label>/<file>: one document per file */
    PRECIS_FORMAT_TSV,      /* label<TAB>text per line */
    PRECIS_FORMAT_CSV,      /* RFC 4180 */
    PRECIS_FORMAT_FASTTEXT, /* __label__X [__label__Y] text */
    PRECIS_FORMAT_JSONL,    /* {"label": ..., "text": ...} per line */
    PRECIS_FORMAT_FILES     /* unlabeled: a file is one document, a directory is walked
                               recursively (every regular file one document), "-" is
                               standard input as one document; label is NULL */
} precis_format;

PRECIS_API const char *precis_format_name(precis_format f);
/* "auto", "dir", "tsv", "csv", "fasttext", "jsonl", "files" -> format; -1 if unknown. */
PRECIS_API int precis_format_parse(const char *name);

/* Progress of a long phase, for a live status line. */
typedef struct precis_progress {
    int iteration;
    double loss;       /* objective value */
    double grad_norm;  /* ||gradient||_2 */
    double elapsed;    /* seconds since the phase started */
    const char *phase; /* "read" (documents counts them) or NULL: the fit */
    size_t documents;
} precis_progress;

typedef void (*precis_progress_fn)(void *ctx, const precis_progress *p);

#define PRECIS_MAX_TEXT_COLUMNS 32
/* Bounds on what the input decides. A CSV record of more columns is
 * rejected (its columns are counted, and 2^31 of them overflowed an int). A
 * label longer than PRECIS_MAX_LABEL_BYTES is rejected: every label appears
 * in every row of a report's tables, so long labels grow it quadratically. */
#define PRECIS_CSV_MAX_COLUMNS 1000000
#define PRECIS_MAX_LABEL_BYTES 1024
/* Labels one record of a multi-label corpus may carry; a record with more is
 * malformed (rejected, or skipped with a warning, as any other). */
#define PRECIS_MAX_RECORD_LABELS 1000
/* The highest n-gram order: each order adds a term per token, and the
 * vocabulary grows with it (--ngram 1-16 on 6.9 MB took 3.4 GB). */
#define PRECIS_MAX_NGRAM 5
/* The range of C (inverse regularization) the solver handles: from 1e6 up
 * its steps lose precision against a loss scaled by C (at 1e50 the fit
 * stopped at an all-zero model), and below 1e-8 every weight is zero. */
#define PRECIS_C_MIN 1e-8
#define PRECIS_C_MAX 1e6
#define PRECIS_DEFAULT_MAX_DOC_BYTES ((size_t)64 << 20) /* 64 MiB */

struct precis_reader_options {
    precis_format format;
    int csv_label_column;                      /* 1-based; default 1 */
    int csv_text_columns[PRECIS_MAX_TEXT_COLUMNS]; /* 1-based; joined by a space */
    int csv_n_text_columns;                    /* 0: default, column 2 */
    int csv_header;                            /* first row is a header */
    int strict;                /* malformed record: fail (1) or skip with a warning (0) */
    size_t max_doc_bytes;      /* larger documents are skipped (or fail when strict) */
    precis_warn_fn warn;
    void *warn_ctx;
    precis_progress_fn progress; /* called every few hundred documents while reading */
    void *progress_ctx;
    int n_threads;             /* threads tokenizing a corpus for training; 0: one per core */
    int csv_delimiter;         /* CSV field delimiter: 0 (','), ';', '\t', '|'; not kept in the model */
    /* Multi-label corpora: a record carries a set of labels (JSONL "labels":
     * [...], fastText's repeated __label__ prefixes, a TSV or CSV label field
     * split at label_separator). Each label is cleaned as a single label is
     * and must not hold a TAB, CR or LF; a record with no label or more than
     * PRECIS_MAX_RECORD_LABELS is malformed. 0: one label per record. */
    int multi_label;
    int label_separator;       /* TSV/CSV label fields, multi_label only; 0: ',' */
    /* Reading share `share` of `n_shares` (n_shares 0 or 1: everything), for
     * training over several processes: a folder's documents are numbered in
     * walk order and share s gets a contiguous range of them; a TSV,
     * fastText or JSONL file is cut into n_shares byte ranges, each moved to
     * the next record start. CSV and standard input cannot be shared
     * (PRECIS_ERR_ARG). Not kept in the model. */
    unsigned share, n_shares;
};

PRECIS_API void precis_reader_options_default(precis_reader_options *opt);

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

PRECIS_API void precis_feature_options_default(precis_feature_options *opt);

/* What the linear classifier minimizes. Multinomial: the softmax log-loss
 * (the default). Squared hinge: one L2-loss linear SVM per class against the
 * rest (liblinear's -s 1, by dual coordinate descent), C * sum of
 * max(0, 1 - t (x w + b))^2 + (||w||^2 + b^2) / 2 per class; its
 * probabilities are softmax(temperature * decision values), the temperature
 * fitted by --autotune on the held-out folds' decision values (a
 * one-parameter Platt scaling: the argmax is kept, the values sum to 1), and
 * the weights are stored already multiplied by it, so the model classifies
 * as any softmax model does. */
typedef enum precis_loss {
    PRECIS_LOSS_MULTINOMIAL = 0,
    PRECIS_LOSS_SQUARED_HINGE = 1,
} precis_loss;

typedef struct precis_logreg_params {
    double C;              /* inverse regularization; default 10 */
    int max_iter;          /* default 1000 */
    double tol;            /* stop when ||g||_2 <= tol * ||g0||_2; default 1e-4 */
    int class_weight_balanced; /* weight class k by n / (K * n_k) */
    int n_threads;         /* 0: all cores */
    precis_progress_fn progress;
    void *progress_ctx;
    precis_loss loss;      /* default multinomial */
    double temperature;    /* squared hinge: W and b are multiplied by it after the fit
                              (0: 1); tol and max_iter do not apply (the solver stops
                              as liblinear's -s 1 does) */
} precis_logreg_params;

PRECIS_API void precis_logreg_params_default(precis_logreg_params *p);

/* Compressed sparse rows. Column indices strictly increase within a row. */
struct precis_csr {
    size_t n_rows, n_cols, nnz;
    size_t *row_ptr;  /* n_rows + 1 */
    uint32_t *col;    /* nnz */
    double *val;      /* nnz */
};

PRECIS_API void precis_csr_free(precis_csr *m);

/* A labeled corpus, vectorized: row i of X has class y[i]; classes are the
 * distinct labels sorted by code point. */
struct precis_dataset {
    precis_csr X;
    uint32_t *y;       /* with multi-label data, each row's first label */
    char **labels;
    size_t n_labels;
    size_t skipped;    /* records the reader skipped (malformed, too large, unreadable) */
    /* Read with reader->multi_label: row i's labels are label_ids[label_ptr[i] ..
     * label_ptr[i + 1]), increasing; both NULL otherwise. */
    size_t *label_ptr;
    uint32_t *label_ids;
};

/* Reads a labeled corpus and fits a vectorizer on it: the training path.
 * Documents are tokenized and counted by one thread per core; the result does
 * not depend on their number. */
PRECIS_API int precis_dataset_fit(precis_dataset **out, precis_vectorizer **vectorizer,
                                  const char *path, const precis_reader_options *reader,
                                  const precis_feature_options *features, precis_error *err);
PRECIS_API void precis_dataset_free(precis_dataset *d);

/* Stratified k-fold cross-validation of the classifier on a vectorized
 * dataset (the vectorizer is shared by the folds). Folds are dealt class by
 * class after a shuffle with a fixed seed, so results are reproducible. Fills
 * *accuracy (mean over the folds that hold documents) and, if non-NULL,
 * per-document out-of-fold predictions into metrics (created with
 * dataset->n_labels classes). */
PRECIS_API int precis_cross_validate(const precis_dataset *d, size_t k,
                                     const precis_logreg_params *params, double *accuracy,
                                     precis_metrics *metrics, precis_error *err);
/* Stratified k-fold cross-validation of a corpus (read from path as
 * precis_dataset_fit reads it), with the features fitted per fold: each
 * fold's vocabulary, document frequencies, min/max-df, max-features and idf
 * come from its training part only, so nothing of a held-out document
 * reaches the model that scores it. Folds as precis_cross_validate deals
 * them. accuracy[g] gets the mean accuracy over the folds at C_grid[g]
 * (C_grid NULL: params->C alone, one value); params NULL: defaults. The
 * reader's warnings come as they do when reading the corpus. */
PRECIS_API int precis_cross_validate_corpus(const char *path, const precis_reader_options *reader,
                                            const precis_feature_options *features, size_t k,
                                            const precis_logreg_params *params,
                                            const double *C_grid, size_t n_grid, double *accuracy,
                                            precis_error *err);
/* As precis_cross_validate_corpus, and log_loss[g] (if not NULL) gets the
 * mean over the folds of the held-out documents' mean log-loss at C_grid[g]
 * (a probability below 1e-15 counted as 1e-15), to break ties in accuracy. */
PRECIS_API int precis_cross_validate_corpus_scores(const char *path,
                                                   const precis_reader_options *reader,
                                                   const precis_feature_options *features,
                                                   size_t k, const precis_logreg_params *params,
                                                   const double *C_grid, size_t n_grid,
                                                   double *accuracy, double *log_loss,
                                                   precis_error *err);

/* Model selection by cross-validation on the training corpus alone
 * (precis-train --autotune). The search is staged, each stage from the best
 * setting so far: (1) stop words none/English x n-grams 1-1/1-2 (the
 * defaults, then English with 1-2-grams, then one-character tokens flipped
 * on the better of the two, then the other two); (2) min-df 1/2 x max-df 1.0/0.5; (3)
 * sublinear tf on/off, then class weights none/balanced; these with the
 * squared-hinge loss (cheap: one-vs-rest SVMs by dual coordinate descent)
 * at C = 1; (4) the best setting at the rest of the squared hinge's C path;
 * (5) the multinomial loss on the best features at each C of its path.
 * Paths ascend, each fit warm-started from the last. Every candidate is
 * scored by stratified k-fold CV with the features fitted on each fold's
 * training part alone. Each document is read and counted once per
 * tokenization (with 1-2-grams); the other feature options are refitted
 * from those counts. A setting is a candidate per C; the winner has the
 * highest mean accuracy; on ties, the lowest held-out log-loss (the
 * squared hinge's from its calibrated probabilities over the pooled
 * held-out folds), then the earliest scored. */
typedef struct precis_autotune_progress {
    size_t setting, n_settings; /* 1-based: the setting being scored, of those planned */
    size_t fold, folds;         /* 1-based */
    double best;                /* best CV mean accuracy so far; -1 before the first */
    double elapsed, left;       /* seconds spent, and left of the budget */
} precis_autotune_progress;

typedef struct precis_autotune_options {
    size_t folds;        /* k; default 3 */
    double seconds;      /* time budget in seconds of the search (reading and CV) and of
                            the final model after it (reckoned as one more read and the
                            costliest fold); default 100. Before a setting whose cost (the
                            dearest setting so far) would overrun it, and when it is spent,
                            the search stops and keeps the best so far; the first setting is
                            always scored whole */
    const double *C_path; /* the multinomial's, ascending; NULL: 1, 3, 10, 30, 100 */
    size_t n_C;
    const double *svm_C_path; /* the squared hinge's, ascending, for its best setting (the
                                 feature stages score C = 1); NULL: 0.3, 3, 10 */
    size_t n_svm_C;
    double tol;          /* the CV fits' tolerance, if looser than the params' (ranking
                            candidates needs less than the final fit); default 1e-3 */
    void (*progress)(void *ctx, const precis_autotune_progress *p); /* per fold; may be NULL */
    void *progress_ctx;
} precis_autotune_options;

PRECIS_API void precis_autotune_options_default(precis_autotune_options *opt);

typedef struct precis_autotune_candidate {
    precis_feature_options features;
    double C;
    int class_weight_balanced;
    precis_loss loss;
    double temperature;  /* squared hinge: fitted on the held-out decision values; else 1 */
    double mean, sd;     /* accuracy over the folds: mean, population standard deviation */
    double log_loss;     /* held-out log-loss, mean over the folds */
} precis_autotune_candidate;

typedef struct precis_autotune_result {
    precis_autotune_candidate *candidates; /* in the order scored */
    size_t n_candidates;
    size_t best;                 /* index of the winner */
    size_t folds;
    size_t settings_scored, settings_planned;
    size_t settings_unusable;    /* of those scored: a fold's training part kept no terms */
    int stopped_early;           /* the budget ran out before the plan was done */
    double seconds;              /* the search's wall time */
} precis_autotune_result;

/* Searches from `features` and `params` (NULL: defaults; their other fields,
 * such as max-features, one-character tokens, tol, threads, are kept in every
 * candidate). Reads the corpus as precis_dataset_fit does; reader warnings
 * come as they do there. *out is freed with precis_autotune_result_free. The
 * winner: (*out)->candidates[(*out)->best]. With an ample budget the result
 * is deterministic. */
PRECIS_API int precis_autotune(const char *path, const precis_reader_options *reader,
                               const precis_feature_options *features,
                               const precis_logreg_params *params,
                               const precis_autotune_options *opt,
                               precis_autotune_result **out, precis_error *err);
PRECIS_API void precis_autotune_result_free(precis_autotune_result *r);

/* Takes ownership of v and lr (freed, too, when it fails) and copies labels and
 * the reader's format and CSV fields (reader NULL: defaults). n_labels must be
 * lr->n_classes, lr->n_features the vocabulary size, labels distinct and
 * non-empty, weights finite: else PRECIS_ERR_ARG. The file stores weights as
 * float32, so this rounds lr's W and b to float precision in place: the model
 * classifies exactly as the model later loaded from its file. */
PRECIS_API int precis_model_new(precis_model **out, precis_vectorizer *v, precis_logreg *lr,
                                const char *const *labels, size_t n_labels,
                                const precis_reader_options *reader, precis_error *err);
/* As precis_model_new, but the weights keep double precision, unrounded, and
 * the file stores them as float64 (the weights take twice the space). */
PRECIS_API int precis_model_new_f64(precis_model **out, precis_vectorizer *v, precis_logreg *lr,
                                    const char *const *labels, size_t n_labels,
                                    const precis_reader_options *reader, precis_error *err);
/* Written to a temporary file beside `path`, synced, then renamed over it;
 * a file replaced keeps its permission bits. A symbolic link at `path` is
 * refused (never followed, never replaced), as are a folder, a device and a
 * FIFO. */
PRECIS_API int precis_model_save(const precis_model *m, const char *path, precis_error *err);

/* Output files (models, reports, figures), checked before any work and
 * written whole or not at all. */
/* Could `path` be written? Refuses a symbolic link at the final name, a
 * folder, a missing folder or one that is not writable (proved by creating
 * and removing a temporary file beside it), and, when is_model, a device or
 * FIFO. Messages: "PATH: cannot write: REASON". */
PRECIS_API int precis_output_check(const char *path, int is_model, precis_error *err);
/* Writes a result file as precis_model_save writes a model: fill writes into
 * a temporary file, which is synced and renamed over `path` only when fill
 * and every write succeeded (else it is removed, `path` untouched). An
 * existing device or FIFO at `path` is written into directly. Failures to
 * write are PRECIS_ERR_IO, "PATH: cannot write: REASON"; fill's other
 * failures keep fill's message. */
typedef int (*precis_output_fill)(FILE *f, const void *what, precis_error *err);
PRECIS_API int precis_output_write(const char *path, precis_output_fill fill, const void *what,
                                   precis_error *err);
/* Removes the temporary files of saves still in progress. Async-signal-safe:
 * for a SIGINT/SIGTERM/SIGHUP handler, before the process dies. */
PRECIS_API void precis_temp_files_remove(void);

/* What the summary model is fitted to: pointwise, each sentence in or out of
 * its reference (a logistic regression on the sentences); pairwise, which of
 * two sentences of one article is in the reference (a logistic regression on
 * their feature differences: a ranking within the article, what selection
 * uses; no intercept, so its scores rank but are not probabilities). */
typedef enum precis_summary_objective {
    PRECIS_SUMMARY_POINTWISE = 0,
    PRECIS_SUMMARY_PAIRWISE = 1,
} precis_summary_objective;

typedef struct precis_summary_train_options {
    double C;                  /* inverse regularization (as precis_logreg_params); default 1 */
    const char *drop_features; /* comma-separated feature names to leave out; NULL: none */
    precis_summary_objective objective; /* default pointwise */
    const char *highlights;    /* pairwise only: a folder of a second, shorter reference per
                                  article (the editors' highlights), at the summaries' relative
                                  paths; each pair of sentences is weighted by exp(gain of the
                                  one in the extract - gain of the other), a gain being the
                                  share of the highlights' bigrams the sentence holds over the
                                  article's best. NULL: every pair weighs 1 */
} precis_summary_train_options;

PRECIS_API void precis_summary_train_options_default(precis_summary_train_options *opt);
/* PRECIS_OK, or PRECIS_ERR_ARG when C is outside [PRECIS_C_MIN, PRECIS_C_MAX],
 * the objective is unknown, highlights go with the pointwise objective, or
 * drop_features names an unknown feature or every feature: for a tool to
 * say so before any work, not after the classifier's fit. */
PRECIS_API int precis_summary_train_options_check(const precis_summary_train_options *opt,
                                                  precis_error *err);

typedef struct precis_summary_train_stats {
    size_t articles;                   /* articles with a reference: trained on */
    size_t articles_without_reference; /* articles of the corpus with none */
    size_t references_without_article; /* files under the summaries folder with no article */
    size_t reference_sentences;        /* sentences the references hold */
    size_t unaligned;                  /* of those, matched to no sentence of their article */
    size_t sentences, positives;       /* training rows (body sentences, not furniture),
                                          and those in their reference */
    int iterations, converged;         /* the fit */
    size_t references_skipped;         /* references that could not be read (a FIFO, a
                                          device, a folder, a link loop): skipped, each
                                          with a warning, their articles not trained on */
    size_t highlights;                 /* articles trained on with highlights too */
} precis_summary_train_stats;

/* Trains m's summary model (replacing any). `corpus` is a labeled folder,
 * DIR/<label>/<file>, read with `reader` (NULL: defaults); each article is
 * paired with the reference extract at the same relative path under
 * `summaries` (DIR/<label>/<file> too) and the reference is aligned with the
 * article's sentences, whatever its order and spacing. Articles without a
 * reference and references without an article are counted in *stats (may be
 * NULL), not errors, so one summaries folder serves every split. m supplies
 * idf and topic weights. opt NULL: defaults. Errors: PRECIS_ERR_ARG (corpus
 * not a folder of labels, unknown feature name), PRECIS_ERR_EMPTY (no
 * reference aligned), _IO, _NOMEM. */
PRECIS_API int precis_model_train_summary(precis_model *m, const char *corpus,
                                          const char *summaries,
                                          const precis_reader_options *reader,
                                          const precis_summary_train_options *opt,
                                          precis_summary_train_stats *stats, precis_error *err);

/* ---------------------------------------------------------------- multi-label */

/* One-vs-rest: an L2 logistic regression per label over shared TF-IDF rows,
 * fitted in parallel across labels (each fit on one thread: the result does
 * not depend on n_threads), then per-label thresholds chosen by k-fold
 * cross-validation on the same rows: each label's F1-optimal cut of its
 * out-of-fold probabilities (0.5 for a label no cut gives any F1). */
typedef struct precis_multilabel_params {
    double C;                  /* inverse regularization per label; default 10 */
    int max_iter;              /* passes over the rows per fit; default 1000 */
    double tol;                /* stop when no row's dual gradient (log-odds) exceeds
                                  tol; default 0.5 */
    int class_weight_balanced; /* weigh a label's positives n/(2 n_pos), negatives n/(2 n_neg) */
    int n_threads;             /* 0: one per core */
    size_t folds;              /* threshold tuning folds; default 3; 0: every threshold 0.5 */
    int fallback;              /* a document no label passes gets its top label: 1 always,
                                  0 never, -1 (default) when it lifts the CV micro-F1 */
} precis_multilabel_params;

PRECIS_API void precis_multilabel_params_default(precis_multilabel_params *p);

typedef struct precis_multilabel_model {
    precis_logreg *lr;         /* one_vs_rest, n_classes = labels */
    double *threshold;         /* per label */
    int fallback;              /* chosen (or imposed) top-label fallback */
    double cv_micro_f1, cv_macro_f1; /* out of fold, with these thresholds (which were
                                        chosen on the same scores: optimistic) */
    double cv_micro_f1_other;  /* the micro-F1 with the other fallback choice */
    size_t fits, iterations;   /* fits and their passes, CV's refits included */
    size_t not_converged;      /* full fits stopped at max_iter (CV's refits make a
                                  fixed number of passes) */
} precis_multilabel_model;

/* X's rows with labels label_ids[label_ptr[i] .. label_ptr[i + 1]) (increasing
 * ids < n_labels); params NULL: defaults. out is filled (clear it with
 * precis_multilabel_model_clear). */
PRECIS_API int precis_multilabel_train(const precis_csr *X, const size_t *label_ptr,
                                       const uint32_t *label_ids, size_t n_labels,
                                       const precis_multilabel_params *params,
                                       precis_multilabel_model *out, precis_error *err);
PRECIS_API void precis_multilabel_model_clear(precis_multilabel_model *m);

/* A multi-label model: m's classifier is one-vs-rest (its lr becomes
 * one_vs_rest: precis_model_classify gives one probability per label) and
 * label k is assigned when its probability reaches threshold[k]; with
 * fallback, a document no label reaches gets its most probable label. The
 * model file keeps it (section MLBL, format version 2; single-label models
 * stay version 1). label_separator: how TSV/CSV label fields were split (0:
 * ','), kept with the reader options. PRECIS_ERR_ARG: a threshold outside
 * (0, 1) or not finite. */
PRECIS_API int precis_model_set_multilabel(precis_model *m, const double *threshold, int fallback,
                                           int label_separator, precis_error *err);
PRECIS_API int precis_model_is_multilabel(const precis_model *m);
/* Label k's threshold (0.5 for a label of a single-label model). */
PRECIS_API double precis_model_threshold(const precis_model *m, size_t k);
PRECIS_API int precis_model_fallback(const precis_model *m);
/* The labels a multi-label model assigns for these probabilities, most
 * probable first, into out (n_labels entries); returns how many. For a
 * single-label model: the top label alone. */
PRECIS_API size_t precis_model_decide(const precis_model *m, const double *proba, size_t *out);

/* ---------------------------------------------------------------- evaluation */

/* Classification figures against true labels: accuracy, macro-F1, log-loss
 * (natural log, probabilities clipped at 1e-15), per-class precision, recall,
 * F1 and support, the confusion matrix (row: true class, column: predicted),
 * and the expected calibration error over ten equal-width confidence bins.
 * The matrix takes K^2 counts, so it is kept only up to
 * PRECIS_CONFUSION_MAX_CLASSES classes (confusion is NULL above); the
 * per-class figures come from true_positives, predicted and support, which
 * every size keeps. */
#define PRECIS_CONFUSION_MAX_CLASSES 2048
#define PRECIS_CALIBRATION_BINS 10

struct precis_metrics {
    size_t n_classes;
    size_t n;                 /* documents counted */
    size_t *confusion;        /* n_classes x n_classes */
    double *precision, *recall, *f1;
    size_t *support;
    double accuracy, macro_f1, log_loss;
    double log_loss_sum;      /* running sum; log_loss = sum / n */
    size_t skipped;           /* malformed records skipped (precis_model_evaluate) */
    size_t *true_positives;   /* per class: documents of the class predicted as it */
    size_t *predicted;        /* per class: documents predicted as it */
    /* Calibration: documents binned by the top probability (bin b holds
     * confidences in (b/B, (b+1)/B]); per bin the count, the sum of top
     * probabilities and the count predicted right. ece = sum over bins of
     * count/n * |accuracy - mean confidence| (after precis_metrics_finish). */
    size_t calib_count[PRECIS_CALIBRATION_BINS];
    double calib_confidence[PRECIS_CALIBRATION_BINS];
    size_t calib_correct[PRECIS_CALIBRATION_BINS];
    double ece;
    /* Multi-label figures (precis_metrics_new_multilabel; multi_label 1): per
     * label, support counts documents carrying it, predicted those assigned
     * it; no confusion matrix, log-loss or calibration. Micro figures pool
     * every (document, label) decision; subset_accuracy counts documents
     * whose assigned set is exactly their set; hamming_loss is the share of
     * wrong (document, label) decisions; accuracy is subset_accuracy. */
    int multi_label;
    double micro_precision, micro_recall, micro_f1, subset_accuracy, hamming_loss;
    size_t exact_sets;        /* documents with their set exactly */
    size_t label_errors;      /* wrong (document, label) decisions */
};

PRECIS_API int precis_metrics_new(precis_metrics **out, size_t n_classes, precis_error *err);
/* One document: its true class and the predicted probabilities (argmax,
 * lowest index on ties, is the predicted class). */
PRECIS_API void precis_metrics_add(precis_metrics *m, uint32_t truth, const double *proba);
/* Multi-label counting: truth and said are increasing label ids (said from
 * precis_model_decide, sorted). */
PRECIS_API int precis_metrics_new_multilabel(precis_metrics **out, size_t n_labels,
                                             precis_error *err);
PRECIS_API void precis_metrics_add_multilabel(precis_metrics *m, const uint32_t *truth,
                                              size_t n_truth, const size_t *said, size_t n_said);
/* Computes the summary figures from the counts (call after the last add). */
PRECIS_API void precis_metrics_finish(precis_metrics *m);
PRECIS_API void precis_metrics_free(precis_metrics *m);

/* Classifies every document of a labeled corpus and counts the results into
 * *out (new, n_labels classes). Documents whose label the model does not know
 * cannot be scored: they are counted in *unknown_labels and reported through
 * the reader's warn function. */
PRECIS_API int precis_model_evaluate(const precis_model *m, const char *path,
                                     const precis_reader_options *reader, precis_metrics **out,
                                     size_t *unknown_labels, precis_error *err);

/* The figures as a readable table (accuracy, macro-F1, log-loss, per-class
 * precision/recall/F1/support, confusion matrix) or as one JSON object. */
PRECIS_API int precis_metrics_write_text(const precis_metrics *m, const char *const *labels,
                                         FILE *out);
PRECIS_API int precis_metrics_write_json(const precis_metrics *m, const char *const *labels,
                                         FILE *out);

/* One self-contained HTML page about a model (inline SVG, no script, nothing
 * fetched): its facts; if metrics is given, the confusion matrix as a heat map
 * and per-label precision/recall/F1 bars, with `metrics_source` saying what
 * they were measured on ("test set news/test"); if n_loss > 0, the objective
 * by iteration (loss[i] after iteration i + 1); each label's 20 heaviest
 * terms. title may be NULL. Labels and terms are HTML-escaped. Above 200
 * labels the charts cover the 40 labels most involved in errors. Writes to
 * out and flushes it (the caller closes it): PRECIS_ERR_IO if any write failed. */
PRECIS_API int precis_report_write_html(FILE *out, const precis_model *m, const char *title,
                                        const precis_metrics *metrics, const char *metrics_source,
                                        const double *loss, size_t n_loss, precis_error *err);

/* ---------------------------------------------------------------- what each label was trained on */

/* A model may say, per label, how many training documents it had and where
 * they came from (free text: "BBC business 510 articles; CNN business 69"),
 * for precis-infer --model-info. The model file keeps it in the optional
 * section LINF; models without it simply have none. */
#define PRECIS_LABEL_SOURCE_MAX 4096 /* bytes of one label's source text */

/* counts and sources hold precis_model_n_labels(m) entries (a NULL source is
 * ""); replaces any label facts m had. PRECIS_ERR_ARG: a source longer than
 * PRECIS_LABEL_SOURCE_MAX. */
PRECIS_API int precis_model_set_label_info(precis_model *m, const uint64_t *counts,
                                           const char *const *sources, precis_error *err);
/* 1 with *count and *source (into the model) when m has label facts and k is
 * a label; else 0. */
PRECIS_API int precis_model_label_info(const precis_model *m, size_t k, uint64_t *count,
                                       const char **source);

/* ---------------------------------------------------------------- how the classifier was fitted */

/* The C the classifier was fitted with and its class weighting, for
 * precis-infer --model-info (precis-train records them; the file keeps them
 * in the optional section FITP). Models made before it have none. */
/* PRECIS_ERR_ARG when C is outside [PRECIS_C_MIN, PRECIS_C_MAX]. */
PRECIS_API int precis_model_set_fit_params(precis_model *m, double C, int class_weight_balanced,
                                           precis_error *err);
/* 1 with *C and *class_weight_balanced when m has them; else 0. */
PRECIS_API int precis_model_fit_params(const precis_model *m, double *C,
                                       int *class_weight_balanced);
/* ---------------------------------------------------------------- how the model was chosen */

/* What precis-train --autotune chose and how it scored, kept in the model's
 * optional section TUNE for precis-infer --model-info (the feature options
 * chosen are the vectorizer's own, precis_vectorizer_options). Models
 * trained without it have none, and their files are as before. */
typedef struct precis_tuning {
    double C;                    /* the winner's C */
    int class_weight_balanced;   /* and class weights */
    size_t folds;                /* k of the cross-validation */
    double cv_mean, cv_sd;       /* the winner's accuracy over the folds */
    size_t candidates;           /* candidates scored */
    size_t settings_scored, settings_planned;
    int stopped_early;           /* the time budget cut the search short */
    double seconds;              /* the search's wall time */
    precis_loss loss;            /* the winner's loss (squared hinge: the file's TUNE
                                    section is of layout 2, which precis before it skips) */
    double temperature;          /* its softmax temperature (1 for multinomial) */
} precis_tuning;

/* Replaces any tuning facts m had. PRECIS_ERR_ARG: C outside [PRECIS_C_MIN,
 * PRECIS_C_MAX], or a figure not finite or out of range. */
PRECIS_API int precis_model_set_tuning(precis_model *m, const precis_tuning *t, precis_error *err);
/* 1 with *out filled when m has tuning facts; else 0. */
PRECIS_API int precis_model_tuning(const precis_model *m, precis_tuning *out);
/* How the weights were fitted: NULL for the multinomial Newton fit (its
 * precis_logreg has the objective), else the unit each one-vs-rest dual
 * coordinate descent fitted, "label" (multi-label) or "class" (squared
 * hinge), whose precis_logreg has the most passes any one of them needed and
 * no objective. */
PRECIS_API const char *precis_model_fit_unit(const precis_model *m);

/* ---------------------------------------------------------------- building blocks */

/* Decode bytes to UTF-8: valid UTF-8 is kept (minus a leading BOM); anything
 * else is read as Windows-1252 (Latin-1 with curly quotes, dashes and the
 * euro sign at 0x80-0x9F). NUL bytes become spaces, so the result is a
 * NUL-terminated string of out_len bytes with no NUL inside.
 * *out is malloc'ed; release it with free(). */
PRECIS_API int precis_text_decode(const char *bytes, size_t len, char **out, size_t *out_len,
                                  precis_error *err);

/* An HTML page as the readers hand it on: its headline, a blank line, then
 * its main text's paragraphs separated by blank lines, with navigation,
 * cookie notices, link lists and other boilerplate removed (libxml2's
 * parser; the page's declared charset, else UTF-8, else Windows-1252).
 * *out is malloc'ed UTF-8 with no NUL inside; release it with free(). */
PRECIS_API int precis_html_text(const char *bytes, size_t len, char **out, size_t *out_len,
                                precis_error *err);
/* Does this look like an HTML page: by its name (path may be NULL) or its
 * first bytes? The readers then read it with precis_html_text. */
PRECIS_API int precis_is_html(const char *path, const char *bytes, size_t len);

/* Words of a text as summary budgets count them: runs of non-space. */
PRECIS_API size_t precis_count_words(const char *text, size_t len);
/* The bytes of text up to the end of its n-th word (words as
 * precis_count_words counts them); len when it has fewer than n words. Cuts
 * a summary to a reference's word count (the DUC convention). */
PRECIS_API size_t precis_prefix_words(const char *text, size_t len, size_t n);

/* One record. Valid until the next precis_reader_next or precis_reader_free.
 * `text` is raw bytes (not yet decoded), NUL-terminated for convenience. */
typedef struct precis_document {
    const char *label;   /* NULL when the input has no label (precis-infer input); with
                            multi_label, the record's labels sorted by code point,
                            duplicates dropped, joined by TAB */
    size_t n_labels;     /* labels in label: 0 (none), 1, or more with multi_label */
    const char *text;
    size_t text_len;
    const char *source;  /* "path" or "path:line": where the record came from */
} precis_document;

PRECIS_API int precis_reader_open(precis_reader **out, const char *path,
                                  const precis_reader_options *opt, precis_error *err);
/* 1: *doc filled; 0: end of corpus; <0: -(precis_status), err filled. */
PRECIS_API int precis_reader_next(precis_reader *r, precis_document *doc, precis_error *err);
/* Records skipped so far (malformed, too large, unreadable). */
PRECIS_API size_t precis_reader_skipped(const precis_reader *r);
PRECIS_API precis_format precis_reader_format(const precis_reader *r);
PRECIS_API void precis_reader_free(precis_reader *r);

/* The vocabulary (terms sorted by code point, as scikit-learn sorts them), idf
 * and the options that made them: everything needed to turn text into a row. */

/* Building a vectorizer: add documents one by one (each is tokenized and
 * counted at once; no text is kept), then finish, which prunes the vocabulary,
 * computes idf and gives the TF-IDF rows of the documents added. */
typedef struct precis_vectorizer_builder precis_vectorizer_builder;

PRECIS_API int precis_vectorizer_builder_new(precis_vectorizer_builder **out,
                                             const precis_feature_options *opt, precis_error *err);
/* `text` is raw bytes, decoded with precis_text_decode rules. */
PRECIS_API int precis_vectorizer_builder_add(precis_vectorizer_builder *b, const char *text,
                                             size_t len, precis_error *err);
/* Consumes the builder's counts. *X gets one L2-normalized TF-IDF row per document
 * added (pass NULL to skip it). The builder must still be freed. */
PRECIS_API int precis_vectorizer_builder_finish(precis_vectorizer_builder *b,
                                                precis_vectorizer **out, precis_csr *X,
                                                precis_error *err);
PRECIS_API void precis_vectorizer_builder_free(precis_vectorizer_builder *b);

PRECIS_API size_t precis_vectorizer_size(const precis_vectorizer *v);
PRECIS_API const char *precis_vectorizer_term(const precis_vectorizer *v, size_t index);
/* Index of a term, or -1. */
PRECIS_API long precis_vectorizer_lookup(const precis_vectorizer *v, const char *term, size_t len);
PRECIS_API double precis_vectorizer_idf(const precis_vectorizer *v, size_t index);
PRECIS_API size_t precis_vectorizer_df(const precis_vectorizer *v, size_t index);
PRECIS_API size_t precis_vectorizer_n_documents(const precis_vectorizer *v);
PRECIS_API const precis_feature_options *precis_vectorizer_options(const precis_vectorizer *v);

/* One document's TF-IDF row (raw bytes in), appended as row to *X, which may
 * start zeroed ({0}). Terms not in the vocabulary are ignored. */
PRECIS_API int precis_vectorizer_transform(const precis_vectorizer *v, const char *text, size_t len,
                                           precis_csr *X, precis_error *err);
PRECIS_API void precis_vectorizer_free(precis_vectorizer *v);

/* A multinomial logistic model: W is n_features x n_classes, row-major. */
struct precis_logreg {
    size_t n_features, n_classes;
    double *W;
    double *b;          /* n_classes intercepts */
    int iterations;     /* what the fit took */
    double objective;   /* C * sum of weighted log-losses + ||W||^2 / 2 at the end */
    int converged;
    int one_vs_rest;    /* 1: each class is its own binary model (multi-label): proba[k]
                           = sigmoid(x W[:,k] + b[k]), and the values need not sum to 1 */
};

/* Minimize C * sum_i s_i * logloss_i + ||W||^2 / 2 (intercepts not penalized).
 * y[i] in 0..n_classes-1; params NULL: defaults. The model is deterministic
 * whatever n_threads. */
PRECIS_API int precis_logreg_train(const precis_csr *X, const uint32_t *y, size_t n_classes,
                                   const precis_logreg_params *params, precis_logreg **out,
                                   precis_error *err);
/* ---------------------------------------------------------------- several processes */

/* How the processes of one training job talk (precis-train-mpi fills it from
 * MPI; precis_comm_single is one process alone). The library does all the
 * arithmetic itself, in a fixed order: a comm only moves bytes, so a model
 * trained over any number of processes equals the one-process model, byte
 * for byte. Every function returns 0 on success; a failure ends the job
 * (the library reports PRECIS_ERR_IO). Sizes are in bytes. */
typedef struct precis_comm {
    int rank, size;
    void *ctx;
    int (*send)(void *ctx, int to, const void *buf, size_t len);
    int (*recv)(void *ctx, int from, void *buf, size_t len);
    int (*bcast)(void *ctx, int root, void *buf, size_t len);
    /* all[r * len ..] gets rank r's `mine`, for every rank. */
    int (*allgather)(void *ctx, const void *mine, size_t len, void *all);
} precis_comm;

/* One process: rank 0 of 1. */
PRECIS_API void precis_comm_single(precis_comm *c);

/* precis_dataset_fit over several processes: each reads share comm->rank of
 * the corpus (reader->share and n_shares are set from comm) and gets its rows,
 * in corpus order; the labels and the vectorizer (vocabulary, df, min-df,
 * max-df, max-features, idf) are agreed from every process's counts, so they
 * equal the one-process ones. A process may end with no rows. *n_total gets
 * the number of rows over all processes, (*out)->skipped the records skipped
 * by all. Every process must call it. */
PRECIS_API int precis_dataset_fit_comm(precis_dataset **out, precis_vectorizer **vectorizer,
                                       size_t *n_total, const char *path,
                                       const precis_reader_options *reader,
                                       const precis_feature_options *features,
                                       const precis_comm *comm, precis_error *err);

/* precis_logreg_train over several processes, each holding its rows (in
 * corpus order: rank 0's first). Every process gets the same model, equal
 * to the one precis_logreg_train gives on all the rows. params->progress is
 * called on every process. */
PRECIS_API int precis_logreg_train_comm(const precis_csr *X, const uint32_t *y, size_t n_classes,
                                        const precis_logreg_params *params,
                                        const precis_comm *comm, precis_logreg **out,
                                        precis_error *err);

/* proba[n_classes] for one sparse row (softmax, or sigmoids when one_vs_rest). */
PRECIS_API void precis_logreg_predict_proba(const precis_logreg *m, const uint32_t *col,
                                            const double *val, size_t nnz, double *proba);
PRECIS_API void precis_logreg_free(precis_logreg *m);

/* ROUGE-1, ROUGE-2 and ROUGE-L (precision, recall, F1), as Google's
 * rouge-score computes them: lowercase, non-alphanumerics to spaces, Porter
 * stemming (the original algorithm) of tokens longer than 3 characters. */
typedef struct precis_rouge {
    double precision[3], recall[3], f1[3];  /* [0] ROUGE-1, [1] ROUGE-2, [2] ROUGE-L */
} precis_rouge;

/* PRECIS_ERR_LIMIT when reference tokens x candidate tokens exceed 1e11. */
PRECIS_API int precis_rouge_score(const char *reference, size_t ref_len, const char *candidate,
                                  size_t cand_len, precis_rouge *out, precis_error *err);
/* The Porter stemmer (original algorithm) on one lowercase ASCII word: writes
 * the stem into out (at least len + 1 bytes) and returns its length. */
PRECIS_API size_t precis_porter_stem(const char *word, size_t len, char *out);

/* Makes OpenBLAS run on the calling thread only and stops its idle thread
 * pool, if it has one: libprecis threads its own work. For programs, once,
 * at start; later BLAS calls still work (single-threaded). */
PRECIS_API void precis_blas_single_thread(void);

#ifdef __cplusplus
}
#endif
#endif /* PRECIS_H */

