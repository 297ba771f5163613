/*
 * autotune.c — precis-train --autotune: runs the library's search, shows its
 * progress on the status line, prints the table of candidates, and hands
 * the winner's options to the rest of the run, which trains the final model
 * on all of CORPUS exactly as those options given by hand would. The table
 * is also kept as JSON for --metrics.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "train.h"

static void print_autotune_progress(void *ctx, const precis_autotune_progress *p)
{
    int *shown = ctx;
    fputs("\r\033[K", stderr);
    fprintf(stderr, PROG ": autotune  setting %zu/%zu  fold %zu/%zu  ", p->setting, p->n_settings,
            p->fold, p->folds);
    if (p->best >= 0)
        fprintf(stderr, "best %.4f  ", p->best);
    else
        fputs("best -  ", stderr);
    fprintf(stderr, "%.0fs left", p->left);
    *shown = 1;
    fflush(stderr);
}

static const char *loss_name(precis_loss loss)
{
    return loss == PRECIS_LOSS_SQUARED_HINGE ? "sq-hinge" : "multinom";
}

/* "1-2 english min-df 2 max-df 0.5 sublinear balanced loss": a candidate's options. */
static void describe(const precis_autotune_candidate *c, char *buf, size_t size)
{
    const precis_feature_options *f = &c->features;
    snprintf(buf, size, "%d-%d  %-7s  %-3s  %-4g %-4g  %-3s  %-8s  %-8s", f->ngram_min,
             f->ngram_max, f->stop_words ? "english" : "none",
             f->single_char_tokens ? "yes" : "no", f->min_df.value, f->max_df.value,
             f->sublinear_tf ? "yes" : "no", c->class_weight_balanced ? "balanced" : "none",
             loss_name(c->loss));
}

static json_t *candidate_json(const precis_autotune_candidate *c)
{
    const precis_feature_options *f = &c->features;
    return json_pack("{s:i, s:i, s:s, s:b, s:f, s:b, s:f, s:b, s:b, s:s, s:s, s:f, s:f, s:f, "
                     "s:f, s:f}",
                     "ngram_min", f->ngram_min, "ngram_max", f->ngram_max, "stop_words",
                     f->stop_words ? "english" : "none", "single_char_tokens",
                     f->single_char_tokens, "min_df", f->min_df.value,
                     "min_df_is_proportion", f->min_df.is_proportion, "max_df", f->max_df.value,
                     "max_df_is_proportion", f->max_df.is_proportion, "sublinear_tf",
                     f->sublinear_tf, "class_weight",
                     c->class_weight_balanced ? "balanced" : "none", "loss",
                     c->loss == PRECIS_LOSS_SQUARED_HINGE ? "squared_hinge" : "multinomial",
                     "C", c->C, "temperature", c->temperature, "cv_mean", c->mean, "cv_sd",
                     c->sd, "cv_log_loss", c->log_loss);
}

static json_t *table_json(const precis_autotune_result *r)
{
    json_t *rows = json_array();
    for (size_t i = 0; rows && i < r->n_candidates; i++)
        if (json_array_append_new(rows, candidate_json(&r->candidates[i]))) {
            json_decref(rows);
            return NULL;
        }
    return rows ? json_pack("{s:i, s:i, s:i, s:i, s:b, s:f, s:i, s:o}", "folds", (int)r->folds,
                            "settings_scored", (int)r->settings_scored, "settings_planned",
                            (int)r->settings_planned, "settings_unusable",
                            (int)r->settings_unusable, "stopped_early", r->stopped_early,
                            "seconds", r->seconds, "winner", (int)r->best, "candidates", rows)
                : NULL;
}

static void print_table(const precis_autotune_result *r)
{
    char unusable[96] = "";
    if (r->settings_unusable)
        snprintf(unusable, sizeof unusable, "; %zu left a fold's training part no terms",
                 r->settings_unusable);
    printf("autotune: %zu-fold cross-validation on the training corpus, %zu candidates "
           "(%zu of %zu settings%s) in %.1fs%s\n",
           r->folds, r->n_candidates, r->settings_scored, r->settings_planned, unusable,
           r->seconds, r->stopped_early ? ", stopped by the time budget" : "");
    printf("   #  ngram  stop     1ch  min  max   sub  weights   loss      C         "
           "cv accuracy        log-loss\n");
    for (size_t i = 0; i < r->n_candidates; i++) {
        char what[128];
        describe(&r->candidates[i], what, sizeof what);
        printf("%4zu  %s  %-8g  %.4f +- %.4f  %.4f%s\n", i + 1, what, r->candidates[i].C,
               r->candidates[i].mean, r->candidates[i].sd, r->candidates[i].log_loss,
               i == r->best ? "  <- winner" : "");
    }
}

int run_autotune(options *o, int *progress_shown, precis_error *err)
{
    precis_autotune_options ao;
    precis_autotune_options_default(&ao);
    if (o->cv)
        ao.folds = o->cv;
    if (o->autotune_seconds >= 0)
        ao.seconds = o->autotune_seconds;
    int enabled = !o->quiet && isatty(STDERR_FILENO);
    ao.progress = enabled ? print_autotune_progress : NULL;
    ao.progress_ctx = progress_shown;
    precis_reader_options ro = o->reader;
    ro.progress = NULL; /* the autotune line says where the search is */
    precis_logreg_params p = o->logreg;
    p.progress = NULL;
    precis_autotune_result *r = NULL;
    int rc = precis_autotune(o->corpus, &ro, &o->features, &p, &ao, &r, err);
    if (enabled && *progress_shown)
        fputs("\r\033[K", stderr);
    *progress_shown = 0;
    if (rc != PRECIS_OK)
        return rc;
    print_table(r);
    const precis_autotune_candidate *w = &r->candidates[r->best];
    o->features = w->features;
    o->logreg.C = w->C;
    o->logreg.class_weight_balanced = w->class_weight_balanced;
    o->logreg.loss = w->loss;
    o->logreg.temperature = w->loss == PRECIS_LOSS_SQUARED_HINGE ? w->temperature : 0;
    o->tuning = (precis_tuning){w->C, w->class_weight_balanced, r->folds, w->mean, w->sd,
                                r->n_candidates, r->settings_scored, r->settings_planned,
                                r->stopped_early, r->seconds, w->loss, w->temperature};
    o->have_tuning = 1;
    o->autotune_json = table_json(r);
    precis_autotune_result_free(r);
    return o->autotune_json ? PRECIS_OK : PRECIS_ERR_NOMEM;
}

/* The --metrics object (or NULL): the test figures if any, and the table. */
typedef struct metrics_file {
    const precis_metrics *metrics;
    const precis_model *m;
    json_t *table;
} metrics_file;

static int fill_metrics(FILE *f, const void *what, precis_error *err)
{
    const metrics_file *mf = what;
    json_t *root = NULL;
    if (mf->metrics) {
        char *text = NULL;
        size_t len = 0;
        FILE *mem = open_memstream(&text, &len);
        const char **labels = cli_model_labels(mf->m);
        int rc = mem && labels ? precis_metrics_write_json(mf->metrics, labels, mem)
                               : PRECIS_ERR_NOMEM;
        free(labels);
        if (mem)
            fclose(mem);
        root = rc == PRECIS_OK && text ? json_loadb(text, len, 0, NULL) : NULL;
        free(text);
    } else {
        root = json_object();
    }
    if (!root || (mf->table && json_object_set(root, "autotune", mf->table))) {
        json_decref(root);
        return cli_error(err, PRECIS_ERR_NOMEM, "out of memory");
    }
    int rc = json_dumpf(root, f, JSON_INDENT(2)) ? PRECIS_ERR_IO : PRECIS_OK;
    fputc('\n', f);
    json_decref(root);
    return rc;
}

int write_metrics_with_table(const options *o, const precis_metrics *metrics,
                             const precis_model *m, precis_error *err)
{
    metrics_file mf = {metrics, m, o->autotune_json};
    return cli_output_write(o->metrics, fill_metrics, &mf, err);
}

void autotune_free(options *o)
{
    json_decref(o->autotune_json);
    o->autotune_json = NULL;
}
