/*
 * train.h — what precis-train's files share: its options and their parsing.
 */
#ifndef PRECIS_TRAIN_H
#define PRECIS_TRAIN_H

#include "cli.h"
#include "precis.h"

#ifndef PROG /* precis-train-mpi builds the same files under its own name */
#define PROG "precis-train"
#endif
#define MAX_GRID 64

typedef struct options {
    precis_reader_options reader;
    precis_feature_options features;
    precis_logreg_params logreg;
    const char *output, *corpus, *test, *metrics, *export_svmlight, *report;
    int vectorize_only;
    size_t cv;
    double grid[MAX_GRID];
    size_t n_grid;
    int quiet, weights_f64;
    const char *summaries;                /* --summaries: reference extracts */
    const char *summary_corpus;           /* --summary-corpus: their articles (NULL: CORPUS) */
    precis_summary_train_options summary; /* --summary-C, --summary-drop */
    size_t references_skipped;            /* unreadable references, counted as skipped */
    const char *label_sources;            /* --label-sources: label TAB text per line */
    int multi_label;                      /* --multi-label */
    precis_multilabel_params multilabel;  /* --threshold-folds, --fallback; C etc. from logreg */
    int max_iter_set, tol_set, class_weight_set; /* given on the command line */
    int autotune;                         /* --autotune */
    double autotune_seconds;              /* --autotune-time; < 0: the library's default */
    precis_tuning tuning;                 /* what --autotune chose, for the model */
    int have_tuning;
    struct json_t *autotune_json;         /* its table, for --metrics */
    const precis_comm *comm;              /* the processes of the job (one for precis-train) */
    void (*abort_job)(int status);        /* ends every process of the job; NULL: one */
} options;

/* Fills o from the command line (o's library parts hold their defaults).
 * 0: go on; 1: done (--help, --version); 2: bad usage (already reported). */
int parse_args(int argc, char **argv, options *o);
/* --label-sources: stores each label's training documents in d and the
 * file's text about its sources in m (label_sources.c); nothing without it. */
int set_label_sources(const options *o, const precis_dataset *d, precis_model *m, precis_error *err);

/* Refuses a corpus that cannot make a useful model (labels unique to each
 * document, "train"/"test" labels) and warns of a header row (sanity.c). */
/* n_total: documents over every process (d holds this process's rows). */
int check_corpus(const options *o, const precis_dataset *d, size_t n_total, void *warn_ctx,
                 precis_error *err);

/* The whole of precis-train over the processes of comm (run.c);
 * abort_job ends them all when one fails. */
int train_main(int argc, char **argv, const precis_comm *comm, void (*abort_job)(int status));

/* --autotune (autotune.c): the search, its table on stdout, and the winner's
 * options put into o (features, C, class weights, o->tuning). */
int run_autotune(options *o, int *progress_shown, precis_error *err);
/* --metrics: the test figures (metrics may be NULL) with the autotune table. */
int write_metrics_with_table(const options *o, const precis_metrics *metrics,
                             const precis_model *m, precis_error *err);
void autotune_free(options *o);

#endif
