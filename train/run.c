/*
 * run.c — precis-train's pipeline, for one process (main.c) or several
 * (mpi_main.c: precis-train-mpi): read, check, fit, save, score.
 *
 * A thin front over libprecis: it parses options (args.c), calls the library,
 * prints. Over several processes every rank runs the same steps on its share
 * of the corpus; rank 0 alone checks the outputs, talks, writes the model and
 * scores it. A rank that fails ends the whole job (o->abort_job) rather than
 * leave the others waiting.
 * Exit status: 0 success, 1 bad input or failure (records skipped count: the
 * model is still written, but the status says the run was not clean), 2 bad usage.
 */
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#ifdef __GLIBC__ /* defined by the headers above */
#include <malloc.h> /* mallopt */
#endif

#include "precis.h"
#include "train.h"

typedef struct progress_line {
    int enabled;
    int shown;             /* the line is on screen (a warning erases it) */
    double cv_C;           /* > 0 while cross-validating: the C being scored */
    size_t cv_grid, cv_grid_n, cv_folds, cv_fold;
    const double *cv_grid_values; /* the C grid, scored fold by fold, each C in turn */
    size_t cv_fits;        /* fits started so far */
    int cv_last_iteration;
    double start;
    int record;            /* keep the objective by iteration (for --report) */
    double *loss;          /* loss[i]: after iteration i + 1 */
    size_t n_loss, cap;
    int out_of_memory;
} progress_line;

/* Status lines come from rank 0 alone (warnings from every rank: each
 * reads its own records). */
static int talks(const options *o) { return !o->quiet && o->comm->rank == 0; }

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}


/* The solver reports iterations 1, 2, ... in order; a repeat overwrites. */
static void record_loss(progress_line *line, size_t iteration, double loss)
{
    if (iteration > line->cap) {
        size_t cap = line->cap ? 2 * line->cap : 64;
        while (cap < iteration)
            cap *= 2;
        double *grown = realloc(line->loss, cap * sizeof *grown);
        if (!grown) {
            line->out_of_memory = 1;
            return;
        }
        line->loss = grown;
        line->cap = cap;
    }
    for (size_t i = line->n_loss; i + 1 < iteration; i++)
        line->loss[i] = NAN;
    line->loss[iteration - 1] = loss;
    if (iteration > line->n_loss)
        line->n_loss = iteration;
}

static void print_progress(void *ctx, const precis_progress *p)
{
    progress_line *line = ctx;
    if (line->record && !p->phase && p->iteration >= 1) /* the fit, not reading */
        record_loss(line, (size_t)p->iteration, p->loss);
    if (!line->enabled)
        return;
    fputs("\r\033[K", stderr); /* each phase's line replaces the last */
    if (p->phase)
        fprintf(stderr, PROG ": %s  %zu documents  %.1fs", p->phase, p->documents, p->elapsed);
    else if (line->cv_C > 0)
        fprintf(stderr, PROG ": cv  C=%g (%zu/%zu)  fold %zu/%zu  iteration %d  loss %.6g",
                line->cv_C, line->cv_grid, line->cv_grid_n, line->cv_fold, line->cv_folds,
                p->iteration, p->loss);
    else
        fprintf(stderr, PROG ": fit  iteration %4d  loss %.6g  |grad| %.3g  %.1fs", p->iteration,
                p->loss, p->grad_norm, p->elapsed);
    line->shown = 1;
    fflush(stderr);
}

/* Takes the status line off the screen, before a line that stays. */
static void erase_progress(progress_line *line)
{
    if (line->enabled && line->shown)
        fputs("\r\033[K", stderr);
    line->shown = 0;
}

/* Cross-validation's fits report their iterations like the final fit; a
 * fold's fit starts again at iteration 1, which is how folds are counted. */
static void print_cv_progress(void *ctx, const precis_progress *p)
{
    progress_line *line = ctx;
    if (!p->phase && (line->cv_fits == 0 || p->iteration <= line->cv_last_iteration))
        line->cv_fits++; /* a fit starts again at iteration 1 */
    if (!p->phase) {
        line->cv_last_iteration = p->iteration;
        size_t fit = line->cv_fits - 1; /* fold by fold, each C of the grid in turn */
        line->cv_fold = fit / line->cv_grid_n + 1;
        line->cv_grid = fit % line->cv_grid_n + 1;
        line->cv_C = line->cv_grid_values[fit % line->cv_grid_n];
    }
    int record = line->record;
    line->record = 0; /* the report's curve is the final fit's */
    print_progress(ctx, p);
    line->record = record;
}


/* Rows in libsvm's sparse text format, for side-by-side runs with liblinear. */
static int write_svmlight(FILE *f, const void *what, precis_error *err)
{
    const precis_dataset *d = what;
    (void)err;
    for (size_t i = 0; i < d->X.n_rows && !ferror(f); i++) {
        fprintf(f, "%u", d->y[i] + 1);
        for (size_t k = d->X.row_ptr[i]; k < d->X.row_ptr[i + 1]; k++)
            fprintf(f, " %u:%.17g", d->X.col[k] + 1, d->X.val[k]);
        fputc('\n', f);
    }
    return ferror(f) ? PRECIS_ERR_IO : PRECIS_OK;
}

/* Picks C by cross-validation over the grid (or just reports CV at the given
 * C), with the features fitted per fold: the corpus is read once more, its
 * warnings already said. */
static int cross_validate(options *o, progress_line *line, precis_error *err)
{
    double grid_default[1] = {o->logreg.C}, acc[MAX_GRID], loss[MAX_GRID];
    const double *grid = o->n_grid ? o->grid : grid_default;
    size_t n = o->n_grid ? o->n_grid : 1;
    precis_reader_options ro = o->reader;
    ro.warn = NULL;
    ro.progress = NULL;
    precis_logreg_params p = o->logreg;
    p.progress = print_cv_progress;
    p.progress_ctx = line;
    line->cv_grid_values = grid;
    line->cv_grid_n = n;
    line->cv_folds = o->cv;
    line->cv_fits = 0;
    line->cv_last_iteration = 0;
    int rc = precis_cross_validate_corpus_scores(o->corpus, &ro, &o->features, o->cv, &p, grid, n,
                                                 acc, loss, err);
    line->cv_C = 0;
    erase_progress(line);
    if (rc != PRECIS_OK)
        return rc;
    /* The best accuracy; among equal ones, the better (lower) log-loss: on a
     * small or easy corpus several C score alike, and the smallest of them
     * would be the least confident model, not the best. */
    size_t best = 0;
    for (size_t g = 0; g < n; g++) {
        printf("cv  C=%-10g %zu-fold accuracy %.4f  log-loss %.4f\n", grid[g], o->cv, acc[g],
               loss[g]);
        if (acc[g] > acc[best] || (acc[g] == acc[best] && loss[g] < loss[best]))
            best = g;
    }
    if (o->n_grid)
        printf("cv  chose C=%g\n", grid[best]);
    o->logreg.C = grid[best];
    return PRECIS_OK;
}

/* Scores the model on --test: the figures go to *kept (the caller frees
 * them), the number of test records skipped to *skipped. */
static int evaluate(const options *o, const precis_model *m, precis_metrics **kept,
                    size_t *skipped, precis_error *err)
{
    size_t unknown = 0;
    int rc = precis_model_evaluate(m, o->test, &o->reader, kept, &unknown, err);
    if (rc != PRECIS_OK)
        return rc;
    *skipped = (*kept)->skipped;
    printf("\nTest %s\n", cli_esc(o->test));
    if (unknown)
        printf("(%zu documents with labels unknown to the model were not scored)\n", unknown);
    rc = cli_print_figures(*kept, m, stdout);
    if (rc == PRECIS_OK && o->metrics)
        rc = write_metrics_with_table(o, *kept, m, err);
    return rc;
}

/* The model's figures on its own training rows, for a report without --test. */
static int training_metrics(const precis_model *m, const precis_dataset *d, precis_metrics **out,
                            precis_error *err)
{
    size_t K = precis_model_n_labels(m);
    int multi = d->label_ptr != NULL;
    double *proba = malloc(K * sizeof *proba);
    size_t *said = malloc(K * sizeof *said);
    int rc = proba && said ? (multi ? precis_metrics_new_multilabel : precis_metrics_new)(out, K, err)
                           : PRECIS_ERR_NOMEM;
    for (size_t i = 0; rc == PRECIS_OK && i < d->X.n_rows; i++) {
        size_t at = d->X.row_ptr[i];
        precis_logreg_predict_proba(precis_model_logreg(m), d->X.col + at, d->X.val + at,
                                    d->X.row_ptr[i + 1] - at, proba);
        if (!multi) {
            precis_metrics_add(*out, d->y[i], proba);
            continue;
        }
        /* Every label over its threshold, by increasing id (no fallback needed to sort). */
        size_t n = 0;
        for (size_t k = 0; k < K; k++)
            if (proba[k] >= precis_model_threshold(m, k))
                said[n++] = k;
        if (n == 0 && precis_model_fallback(m))
            n = precis_model_decide(m, proba, said);
        precis_metrics_add_multilabel(*out, d->label_ids + d->label_ptr[i],
                                      d->label_ptr[i + 1] - d->label_ptr[i], said, n);
    }
    if (rc == PRECIS_OK)
        precis_metrics_finish(*out);
    free(proba);
    free(said);
    return rc;
}

typedef struct report_page {
    const options *o;
    const precis_model *m;
    const precis_metrics *metrics;
    const progress_line *line;
} report_page;

static int write_report_page(FILE *f, const void *what, precis_error *err)
{
    const report_page *r = what;
    char title[512], source[512];
    snprintf(title, sizeof title, "precis model trained on %s", r->o->corpus);
    if (r->o->test)
        snprintf(source, sizeof source, "the test set %s", r->o->test);
    else
        snprintf(source, sizeof source, "the training data %s (no --test given)", r->o->corpus);
    return precis_report_write_html(f, r->m, title, r->metrics, source, r->line->loss,
                                    r->line->n_loss, err);
}

static int write_report(const options *o, const precis_model *m, const precis_metrics *metrics,
                        const progress_line *line, precis_error *err)
{
    if (line->out_of_memory)
        return PRECIS_ERR_NOMEM;
    report_page page = {o, m, metrics, line};
    return cli_output_write(o->report, write_report_page, &page, err);
}

/* --summaries: the learned summarizer, trained on the same articles (or on
 * --summary-corpus's). */
static int train_summaries(options *o, precis_model *m, precis_error *err)
{
    if (!o->summaries)
        return PRECIS_OK;
    double start = now();
    precis_summary_train_stats st;
    memset(&st, 0, sizeof st);
    int rc = precis_model_train_summary(m, o->summary_corpus ? o->summary_corpus : o->corpus,
                                        o->summaries, &o->reader, &o->summary, &st, err);
    o->references_skipped = st.references_skipped;
    if (rc != PRECIS_OK || !talks(o))
        return rc;
    fprintf(stderr,
            PROG ": summaries: %zu articles with a reference (%zu without one; %zu references "
                 "without an article)\n"
            PROG ": summaries: %zu reference sentences, %zu not aligned (%.2f%%); %zu of %zu "
                 "sentences in a reference\n"
            PROG ": summaries: %zu articles with highlights weighing their pairs\n"
            PROG ": summaries: fit %s in %d iterations, %.2fs\n",
            st.articles, st.articles_without_reference, st.references_without_article,
            st.reference_sentences, st.unaligned,
            st.reference_sentences ? 100.0 * (double)st.unaligned / (double)st.reference_sentences
                                   : 0.0,
            st.positives, st.sentences, st.highlights,
            st.converged ? "converged" : "stopped", st.iterations,
            now() - start);
    return rc;
}

/* --multi-label: one-vs-rest fits and their thresholds, as the model *out
 * (v is taken over, freed too when this fails). */
static int fit_multilabel(options *o, const precis_dataset *d, precis_vectorizer *v,
                          progress_line *line, precis_model **out, precis_error *err)
{
    precis_multilabel_params p = o->multilabel;
    p.C = o->logreg.C;
    /* Balanced by default: on ModApte's training split, 3-fold CV gave
     * out-of-fold micro/macro-F1 0.899/0.615 balanced, 0.895/0.601 not
     * (0.906/0.625 and 0.900/0.590 with the former Newton fits). */
    p.class_weight_balanced = o->class_weight_set ? o->logreg.class_weight_balanced : 1;
    p.n_threads = o->logreg.n_threads;
    if (o->max_iter_set)
        p.max_iter = o->logreg.max_iter;
    if (o->tol_set)
        p.tol = o->logreg.tol;
    double fit_start = now();
    precis_multilabel_model ml;
    int rc = precis_multilabel_train(&d->X, d->label_ptr, d->label_ids, d->n_labels, &p, &ml,
                                     err);
    erase_progress(line);
    if (rc != PRECIS_OK) {
        precis_vectorizer_free(v);
        return rc;
    }
    if (!o->quiet) {
        fprintf(stderr, PROG ": fit %zu labels one-vs-rest (%zu fits with the CV's refits, "
                "%zu passes over the rows, %zu stopped at --max-iter), %.2fs\n", d->n_labels,
                ml.fits, ml.iterations, ml.not_converged, now() - fit_start);
        if (p.folds)
            fprintf(stderr, PROG ": thresholds by %zu-fold CV: out-of-fold micro-F1 %.4f, "
                    "macro-F1 %.4f; top-label fallback %s (micro-F1 %.4f %s it)\n",
                    p.folds, ml.cv_micro_f1, ml.cv_macro_f1, ml.fallback ? "on" : "off",
                    ml.cv_micro_f1_other, ml.fallback ? "without" : "with");
    }
    precis_logreg *lr = ml.lr;
    ml.lr = NULL;
    rc = (o->weights_f64 ? precis_model_new_f64 : precis_model_new)(
        out, v, lr, (const char *const *)d->labels, d->n_labels, &o->reader, err);
    if (rc == PRECIS_OK)
        rc = precis_model_set_multilabel(*out, ml.threshold, ml.fallback,
                                         o->reader.label_separator, err);
    precis_multilabel_model_clear(&ml);
    return rc;
}

/* A model fitted with the default C and weights leaves them unrecorded (no FITP
 * section), so default training keeps writing the same bytes as before FITP
 * existed; --model-info then reports the default. */
static int fit_is_default(const precis_logreg_params *p)
{
    precis_logreg_params d;
    precis_logreg_params_default(&d);
    return p->C == d.C && p->class_weight_balanced == d.class_weight_balanced;
}

/* A classifier for d, saved to -o: *out gets the model (v is taken over,
 * freed too when this fails). */
static int fit_and_save(options *o, const precis_dataset *d, precis_vectorizer *v,
                        progress_line *line, precis_model **out, precis_error *err)
{
    if (d->n_labels < 2) {
        precis_vectorizer_free(v);
        snprintf(err->message, sizeof err->message,
                 "%s: only one label (\"%s\"): a classifier needs at least two", o->corpus,
                 d->labels[0]);
        return PRECIS_ERR_ARG;
    }
    int rc;
    if (o->multi_label) {
        rc = fit_multilabel(o, d, v, line, out, err);
    } else {
        rc = o->cv && !o->autotune ? cross_validate(o, line, err) : PRECIS_OK;
        double fit_start = now();
        precis_logreg *lr = NULL;
        if (rc == PRECIS_OK)
            rc = precis_logreg_train_comm(&d->X, d->y, d->n_labels, &o->logreg, o->comm, &lr,
                                          err);
        erase_progress(line);
        if (rc != PRECIS_OK) {
            precis_logreg_free(lr);
            precis_vectorizer_free(v);
            return rc;
        }
        if (talks(o))
            fprintf(stderr, PROG ": fit %s in %d iterations, objective %.8g, %.2fs\n",
                    lr->converged ? "converged" : "stopped at --max-iter", lr->iterations,
                    lr->objective, now() - fit_start);
        rc = (o->weights_f64 ? precis_model_new_f64 : precis_model_new)(
            out, v, lr, (const char *const *)d->labels, d->n_labels, &o->reader, err);
        if (rc == PRECIS_OK && !fit_is_default(&o->logreg)) /* for --model-info */
            rc = precis_model_set_fit_params(*out, o->logreg.C, o->logreg.class_weight_balanced,
                                             err);
    }
    if (rc == PRECIS_OK)
        rc = set_label_sources(o, d, *out, err);
    if (rc == PRECIS_OK && o->have_tuning)
        rc = precis_model_set_tuning(*out, &o->tuning, err);
    if (rc == PRECIS_OK)
        rc = train_summaries(o, *out, err);
    if (rc == PRECIS_OK && o->comm->rank == 0) /* every rank holds the same model */
        rc = precis_model_save(*out, o->output, err);
    if (rc == PRECIS_OK && talks(o))
        fprintf(stderr, PROG ": wrote %s, %.2fs in all\n", cli_esc(o->output),
                now() - line->start);
    return rc;
}

/* --test figures, --metrics and --report, once the model is saved. Without
 * --test, --metrics and --report have the figures on the training data
 * (said on stdout, as they are no estimate of accuracy on new documents). */
static int score(const options *o, const precis_model *m, const precis_dataset *d,
                 const progress_line *line, size_t *test_skipped, precis_error *err)
{
    precis_metrics *metrics = NULL;
    int rc = o->test ? evaluate(o, m, &metrics, test_skipped, err) : PRECIS_OK;
    if (rc == PRECIS_OK && (o->report || o->metrics) && !metrics) {
        rc = training_metrics(m, d, &metrics, err);
        if (rc == PRECIS_OK && o->metrics) {
            printf("Figures on the training data (no --test) written to %s\n", cli_esc(o->metrics));
            rc = write_metrics_with_table(o, metrics, m, err);
        }
    }
    if (rc == PRECIS_OK && o->report)
        rc = write_report(o, m, metrics, line, err);
    precis_metrics_free(metrics);
    return rc;
}

/* Skipped records make a run that finished a partial success: the model is
 * written, but the exit status (1) and one last line say it was not trained
 * or scored on everything it was given. Printed even with -q, as errors are. */
static int report_skipped(const options *o, size_t in_corpus, size_t in_test)
{
    size_t n = in_corpus + in_test;
    if (n == 0)
        return 0;
    const char *were = n == 1 ? "record was" : "records were";
    if (o->vectorize_only)
        fprintf(stderr, PROG ": %zu %s skipped", n, were);
    else
        fprintf(stderr, PROG ": model written to %s, but %zu %s skipped", cli_esc(o->output), n,
                were);
    if (in_test)
        fprintf(stderr, " (%zu in %s, %zu in %s)", in_corpus, cli_esc(o->corpus), in_test,
                cli_esc(o->test));
    fputc('\n', stderr);
    return 1;
}

/* A failure on one rank: over several processes the others would wait for
 * it, so the job ends here (non-zero) and rank 0 writes no model. */
static int job_failed(const options *o, int status)
{
    if (o->comm->size > 1 && o->abort_job)
        o->abort_job(status ? status : 1);
    return status;
}

static int train(options *o)
{
    precis_error err = {0};
    progress_line line = {.enabled = talks(o) && isatty(STDERR_FILENO), .start = now(),
                          .record = o->report != NULL};
    cli_warnings warn = {.prog = PROG, .quiet = o->quiet, .progress_shown = &line.shown};
    o->reader.warn = cli_warn;
    o->reader.warn_ctx = &warn;
    o->logreg.progress = print_progress;
    o->logreg.progress_ctx = &line;
    o->reader.progress = print_progress;
    o->reader.progress_ctx = &line;

    /* Every output is checked before the input is read: a typo in -o must
     * not cost the whole fit. */
    if (o->comm->rank == 0 &&
        (cli_check_writable(PROG, o->output, 1) || cli_check_writable(PROG, o->metrics, 0) ||
         cli_check_writable(PROG, o->report, 0) || cli_check_writable(PROG, o->export_svmlight, 0) ||
         cli_check_readable(PROG, o->test) || cli_check_readable(PROG, o->summaries) ||
         cli_check_readable(PROG, o->summary.highlights)))
        return job_failed(o, 1);
    if (o->summaries && precis_summary_train_options_check(&o->summary, &err) != PRECIS_OK)
        return job_failed(o, cli_report_error(PROG, &err, PRECIS_ERR_ARG));
    precis_dataset *d = NULL;
    precis_vectorizer *v = NULL;
    precis_model *m = NULL;
    size_t test_skipped = 0, n_total = 0;
    /* --autotune: the search reads CORPUS itself and its winner's options
     * then train the model below, as if given by hand. */
    int rc = o->autotune ? run_autotune(o, &line.shown, &err) : PRECIS_OK;
    precis_reader_options ro = o->reader;
    if (o->autotune)
        ro.warn = NULL; /* the search's reading said them */
    if (rc == PRECIS_OK)
        rc = precis_dataset_fit_comm(&d, &v, &n_total, o->corpus, &ro, &o->features, o->comm,
                                     &err);
    if (rc == PRECIS_OK) {
        erase_progress(&line);
        if (talks(o))
            fprintf(stderr, PROG ": read %zu documents in %zu classes (%zu skipped), %zu terms, %.2fs\n",
                    n_total, d->n_labels, d->skipped, precis_vectorizer_size(v),
                    now() - line.start);
        if (o->export_svmlight)
            rc = cli_output_write(o->export_svmlight, write_svmlight, d, &err);
        if (rc == PRECIS_OK && !o->vectorize_only)
            rc = check_corpus(o, d, n_total, &warn, &err);
    }
    if (rc == PRECIS_OK && o->vectorize_only)
        printf("documents %zu  classes %zu  terms %zu  nonzeros %zu\n", d->X.n_rows, d->n_labels,
               precis_vectorizer_size(v), d->X.nnz);
    else if (rc == PRECIS_OK) {
        rc = fit_and_save(o, d, v, &line, &m, &err);
        v = NULL;
    }
    if (rc == PRECIS_OK && m && o->comm->rank == 0)
        rc = score(o, m, d, &line, &test_skipped, &err);
    cli_warnings_total(&warn);
    int status = rc != PRECIS_OK ? job_failed(o, cli_report_error(PROG, &err, rc))
                 : o->comm->rank == 0 ? report_skipped(o, d->skipped + o->references_skipped,
                                                       test_skipped)
                                      : (d->skipped + o->references_skipped > 0);
    free(line.loss);
    autotune_free(o);
    precis_model_free(m);
    precis_vectorizer_free(v);
    precis_dataset_free(d);
    return status;
}

/* Options that need every row in one process: refused over several, before
 * any work (every rank sees the same options; rank 0 says why). */
static int spread_refuses(const options *o)
{
    const char *what = o->cv                    ? "--cv"
                       : o->autotune            ? "--autotune"
                       : o->multi_label         ? "--multi-label"
                       : o->summaries           ? "--summaries"
                       : o->label_sources       ? "--label-sources"
                       : o->export_svmlight     ? "--export-svmlight"
                       : o->vectorize_only      ? "--vectorize-only"
                       : o->report && !o->test  ? "--report without --test"
                       : o->metrics && !o->test ? "--metrics without --test"
                                                : NULL;
    if (!what || o->comm->size == 1)
        return 0;
    if (o->comm->rank == 0)
        cli_fail_usage(PROG, "%s needs every document in one process: run precis-train for it "
                             "(or precis-train-mpi with one process)", what);
    return 1;
}

int train_main(int argc, char **argv, const precis_comm *comm, void (*abort_job)(int status))
{
    precis_blas_single_thread(); /* its idle pool would take a core from ours */
#ifdef __GLIBC__
    /* A fixed threshold: every large array (counts, weights, the solver's
     * work arrays) gets its own mapping and goes back to the system when
     * freed. glibc's default raises the threshold as large blocks are freed,
     * and the solver's arrays then fragment the heap: 20news training peaked
     * at 158-171 MB from run to run instead of 156 MB. */
    mallopt(M_MMAP_THRESHOLD, 128 * 1024);
#endif
    options o;
    memset(&o, 0, sizeof o);
    precis_reader_options_default(&o.reader);
    precis_feature_options_default(&o.features);
    precis_logreg_params_default(&o.logreg);
    precis_summary_train_options_default(&o.summary);
    precis_multilabel_params_default(&o.multilabel);
    o.comm = comm;
    o.abort_job = abort_job;
    o.autotune_seconds = -1;
    int rc = parse_args(argc, argv, &o);
    o.reader.n_threads = o.logreg.n_threads; /* --threads bounds reading too */
    if (rc == 1)
        return 0;
    if (rc == 2 || spread_refuses(&o))
        return 2;
    /* A closed stdout (| head) must not kill us before the report is written:
     * writes then fail with EPIPE, which ends quietly below. */
    signal(SIGPIPE, SIG_IGN);
    cli_signals_install(); /* no temporary file left by ^C */
    rc = train(&o);
    return cli_finish_output(PROG, stdout) | rc;
}
