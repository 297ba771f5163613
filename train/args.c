/*
 * args.c — precis-train's command line: --help, the option table, and
 * parsing into an options struct. Library options (reader, features,
 * logistic model, summaries) are set through the library's own setters, so
 * their checks and messages are the library's; outputs that would overwrite
 * an input are refused here, before anything runs.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "train.h"

static void usage(FILE *out)
{
    precis_logreg_params lr;
    precis_logreg_params_default(&lr);
    precis_multilabel_params ml;
    precis_multilabel_params_default(&ml);
    fprintf(out,
        "Usage: " PROG " [OPTION]... -o MODEL CORPUS\n"
        "Train a topic classifier (TF-IDF + multinomial logistic regression) on a\n"
        "labeled CORPUS and write it to MODEL.\n"
        "\n"
        "Corpus (format from the path unless forced):\n"
        "      --input-format FMT   auto, dir, tsv, csv, fasttext, jsonl [auto]\n"
        "      --label-column N     CSV column holding the label [1]\n"
        "      --text-columns LIST  CSV text columns, joined by a space [2]\n"
        "      --csv-header         the first CSV row is a header [no]\n"
        "      --csv-delimiter C    CSV field delimiter: ',', ';', '|' or '\\t' [,]\n"
        "  -s, --strict             stop at the first malformed record [skip it, warn]\n"
        "      --max-doc-bytes N    larger documents are skipped (K, M, G) [64M]\n"
        "\n"
        "Features (TF-IDF as scikit-learn's TfidfVectorizer):\n"
        "      --ngram MIN-MAX      word n-gram range [1-1]\n"
        "      --min-df X           ignore terms in fewer documents: a count (2)\n"
        "                           or a proportion (0.01) [1]\n"
        "      --max-df X           ignore terms in more documents [1.0]\n"
        "      --max-features N     keep the N most frequent terms, 0 = all [0]\n"
        "      --no-sublinear-tf    raw term counts instead of 1 + ln(tf)\n"
        "      --single-char-tokens keep one-character tokens too\n"
        "      --stop-words LIST    english or none [none]\n"
        "\n"
        "Classifier (minimizes C * sum of log-losses + ||W||^2 / 2):\n"
        "      --C X                inverse regularization strength [%g]\n"
        "      --max-iter N         solver iterations at most [%d]\n"
        "      --tol X              stop when ||grad|| <= tol * ||grad at 0|| [%g]\n"
        "      --class-weight W     none or balanced [none]\n"
        "      --threads N          threads reading and fitting, 0 = all cores [0]\n"
        "      --weights-f64        store weights as float64 (default float32)\n"
        "\n"
        "Multi-label (a record may carry several labels):\n"
        "      --multi-label        one-vs-rest logistic regressions, one per label,\n"
        "                           with per-label thresholds tuned by cross-validation;\n"
        "                           labels from JSONL \"labels\": [...], repeated\n"
        "                           __label__ prefixes, or split TSV/CSV label fields\n"
        "      --label-separator C  what splits a TSV/CSV label field [,]\n"
        "      --threshold-folds K  folds tuning the thresholds, 0 = 0.5 for all [%zu]\n"
        "      --fallback WHEN      a document no label passes gets its top label:\n"
        "                           auto (when it lifts the CV micro-F1), on, off [auto]\n"
        "      (--C and --threads apply per label, --class-weight defaults to\n"
        "      balanced, --max-iter counts passes over the rows [%d], --tol bounds\n"
        "      every row's dual gradient, in log-odds [%g])\n"
        "\n"
        "Evaluation:\n"
        "      --test CORPUS2       score the model on held-out data after training\n"
        "      --cv K               K-fold cross-validation (stratified; features\n"
        "                           fitted on each fold's training part alone)\n"
        "      --C-grid LIST        with --cv: pick C among LIST (e.g. 0.1,1,10,100)\n"
        "      --autotune           choose n-grams, stop words, min-df, max-df,\n"
        "                           sublinear tf, class weights and C by stratified\n"
        "                           cross-validation on CORPUS alone (K folds of\n"
        "                           --cv, else 3), then train on all of CORPUS\n"
        "      --autotune-time S    its time budget in seconds, the final fit\n"
        "                           included [100]\n"
        "      --metrics FILE       also write the figures as JSON (from --test CORPUS2,\n"
        "                           else the training data)\n"
        "      --report FILE        also write an HTML report: confusion heat map,\n"
        "                           per-label scores, loss by iteration, top terms\n"
        "                           (figures from --test CORPUS2, else training data)\n"
        "\n"
        "Learned summaries:\n"
        "      --summaries DIR      also train the summarizer on reference extracts:\n"
        "                           DIR/<label>/<file>, paired with CORPUS's articles\n"
        "                           by path (needs a CORPUS of label folders)\n"
        "      --summary-corpus DIR the articles of --summaries' extracts, when they are\n"
        "                           not CORPUS's (DIR/<label>/<file>): the classifier is\n"
        "                           trained on CORPUS, the summarizer on DIR [CORPUS]\n"
        "      --summary-C X        its inverse regularization strength [1]\n"
        "      --summary-drop LIST  leave out these sentence features (comma-separated)\n"
        "      --summary-objective O pointwise (each sentence in its reference or not)\n"
        "                           or pairwise (which of two sentences of an article\n"
        "                           is in it: better on human extracts) [pointwise]\n"
        "      --summary-highlights DIR pairwise: a second, shorter reference per article\n"
        "                           (editors' highlights) at the extracts' paths; a pair\n"
        "                           weighs more when its extract sentence holds more of\n"
        "                           the highlights' word pairs (exp of the difference)\n"
        "\n"
        "Model facts:\n"
        "      --label-sources FILE store what each label was trained on: FILE has a\n"
        "                           line per label, the label, a TAB, then its sources;\n"
        "                           --model-info of precis-infer shows them with each\n"
        "                           label's training documents\n"
        "\n"
        "Features only:\n"
        "      --vectorize-only     read and vectorize CORPUS, report, write no model\n"
        "      --export-svmlight F  also write the TF-IDF rows to F in svmlight/libsvm\n"
        "                           format (class k as label k+1, in label order)\n"
        "\n"
        "  -o, --output MODEL       where to write the model (atomically)\n"
        "  -q, --quiet              no progress line, no warnings\n"
        "  -h, --help               this help\n"
        "  -V, --version            version\n"
        "\n"
        "Exit status: 0 success; 1 bad input or failure, or records of CORPUS or\n"
        "CORPUS2 were skipped (the model is still written); 2 bad usage.\n",
        lr.C, lr.max_iter, lr.tol, ml.folds, ml.max_iter, ml.tol);
}

static int parse_grid(const char *s, options *o)
{
    o->n_grid = 0;
    while (*s) {
        char buf[64];
        size_t len = strcspn(s, ",");
        if (len == 0 || len >= sizeof buf || o->n_grid == MAX_GRID)
            return -1;
        memcpy(buf, s, len);
        buf[len] = '\0';
        double v;
        if (cli_parse_double(buf, &v) || !(v >= PRECIS_C_MIN && v <= PRECIS_C_MAX))
            return -1;
        o->grid[o->n_grid++] = v;
        s += len;
        if (*s == ',' && !*++s)
            return -1;
    }
    return o->n_grid ? 0 : -1;
}

enum {
    OPT_FIRST = CLI_OPT_READER_END, OPT_NGRAM, OPT_MIN_DF, OPT_MAX_DF, OPT_MAX_FEATURES,
    OPT_NO_SUBLINEAR, OPT_SINGLE_CHAR, OPT_STOP_WORDS, OPT_C, OPT_MAX_ITER, OPT_TOL,
    OPT_CLASS_WEIGHT, OPT_THREADS, OPT_F64, OPT_TEST, OPT_CV, OPT_C_GRID, OPT_METRICS,
    OPT_VECTORIZE_ONLY, OPT_EXPORT_SVMLIGHT, OPT_REPORT, OPT_SUMMARIES, OPT_SUMMARY_C,
    OPT_SUMMARY_DROP, OPT_LABEL_SOURCES, OPT_SUMMARY_CORPUS, OPT_SUMMARY_OBJECTIVE,
    OPT_SUMMARY_HIGHLIGHTS,
    OPT_MULTI_LABEL, OPT_LABEL_SEPARATOR, OPT_THRESHOLD_FOLDS, OPT_FALLBACK,
    OPT_AUTOTUNE, OPT_AUTOTUNE_TIME
};

static const struct option long_options[] = {
    CLI_READER_LONG_OPTIONS,
    {"ngram", required_argument, 0, OPT_NGRAM},
    {"min-df", required_argument, 0, OPT_MIN_DF},
    {"max-df", required_argument, 0, OPT_MAX_DF},
    {"max-features", required_argument, 0, OPT_MAX_FEATURES},
    {"no-sublinear-tf", no_argument, 0, OPT_NO_SUBLINEAR},
    {"single-char-tokens", no_argument, 0, OPT_SINGLE_CHAR},
    {"stop-words", required_argument, 0, OPT_STOP_WORDS},
    {"C", required_argument, 0, OPT_C},
    {"max-iter", required_argument, 0, OPT_MAX_ITER},
    {"tol", required_argument, 0, OPT_TOL},
    {"class-weight", required_argument, 0, OPT_CLASS_WEIGHT},
    {"threads", required_argument, 0, OPT_THREADS},
    {"weights-f64", no_argument, 0, OPT_F64},
    {"test", required_argument, 0, OPT_TEST},
    {"cv", required_argument, 0, OPT_CV},
    {"C-grid", required_argument, 0, OPT_C_GRID},
    {"autotune", no_argument, 0, OPT_AUTOTUNE},
    {"autotune-time", required_argument, 0, OPT_AUTOTUNE_TIME},
    {"metrics", required_argument, 0, OPT_METRICS},
    {"report", required_argument, 0, OPT_REPORT},
    {"summaries", required_argument, 0, OPT_SUMMARIES},
    {"summary-C", required_argument, 0, OPT_SUMMARY_C},
    {"summary-drop", required_argument, 0, OPT_SUMMARY_DROP},
    {"summary-objective", required_argument, 0, OPT_SUMMARY_OBJECTIVE},
    {"label-sources", required_argument, 0, OPT_LABEL_SOURCES},
    {"summary-corpus", required_argument, 0, OPT_SUMMARY_CORPUS},
    {"summary-highlights", required_argument, 0, OPT_SUMMARY_HIGHLIGHTS},
    {"multi-label", no_argument, 0, OPT_MULTI_LABEL},
    {"label-separator", required_argument, 0, OPT_LABEL_SEPARATOR},
    {"threshold-folds", required_argument, 0, OPT_THRESHOLD_FOLDS},
    {"fallback", required_argument, 0, OPT_FALLBACK},
    {"vectorize-only", no_argument, 0, OPT_VECTORIZE_ONLY},
    {"export-svmlight", required_argument, 0, OPT_EXPORT_SVMLIGHT},
    {"output", required_argument, 0, 'o'},
    {"quiet", no_argument, 0, 'q'},
    {"help", no_argument, 0, 'h'},
    {"version", no_argument, 0, 'V'},
    {0, 0, 0, 0},
};

/* The library's setter for an option, by its long name; -1 if not a library option. */
static int set_library_option(options *o, int id, const char *name, const char *value,
                              precis_error *err)
{
    if (id == OPT_NO_SUBLINEAR)
        return cli_feature_options_set(&o->features, "sublinear-tf", "no", err);
    if (id == OPT_SINGLE_CHAR)
        return cli_feature_options_set(&o->features, name, NULL, err);
    if (id >= OPT_NGRAM && id <= OPT_STOP_WORDS)
        return cli_feature_options_set(&o->features, name, value, err);
    if (id >= OPT_C && id <= OPT_THREADS)
        return cli_logreg_params_set(&o->logreg, name, value, err);
    return -1;
}

/* The multi-label options; 0 or 2 (usage error reported). */
static int multilabel_option(options *o, int c, const char *arg)
{
    switch (c) {
    case OPT_MULTI_LABEL: o->multi_label = 1; o->reader.multi_label = 1; return 0;
    case OPT_LABEL_SEPARATOR:
        if (strlen(arg) != 1 || arg[0] < ' ' || arg[0] > '~') {
            cli_fail_usage(PROG, "--label-separator: '%s' is not one printable ASCII character",
                           arg);
            return 2;
        }
        o->reader.label_separator = arg[0];
        return 0;
    case OPT_THRESHOLD_FOLDS:
        if (cli_parse_size(arg, &o->multilabel.folds) || o->multilabel.folds == 1 ||
            o->multilabel.folds > 100) {
            cli_fail_usage(PROG, "--threshold-folds: '%s' is not valid (expected 0, or a number "
                           "of folds from 2 to 100)", arg);
            return 2;
        }
        return 0;
    default: /* OPT_FALLBACK */
        if (strcmp(arg, "auto") == 0)
            o->multilabel.fallback = -1;
        else if (strcmp(arg, "on") == 0)
            o->multilabel.fallback = 1;
        else if (strcmp(arg, "off") == 0)
            o->multilabel.fallback = 0;
        else {
            cli_fail_usage(PROG, "--fallback: '%s' is not auto, on or off", arg);
            return 2;
        }
        return 0;
    }
}

/* Refuses what --multi-label cannot go with, and what needs it. */
static int check_multilabel(const options *o)
{
    const char *lone = o->reader.label_separator ? "--label-separator"
                       : o->multilabel.fallback != -1 ? "--fallback" : NULL;
    if (!o->multi_label && lone) {
        cli_fail_usage(PROG, "%s needs --multi-label", lone);
        return 2;
    }
    if (!o->multi_label)
        return 0;
    const char *clash = o->cv ? "--cv" : o->summaries ? "--summaries" : NULL;
    if (clash) {
        cli_fail_usage(PROG, "%s cannot go with --multi-label (thresholds are cross-validated "
                       "by --threshold-folds)", clash);
        return 2;
    }
    return 0;
}

/* 0: go on; 1: done (help/version printed); 2: usage error (reported). */
int parse_args(int argc, char **argv, options *o)
{
    int c;
    precis_error err;
    opterr = 0;
    if (cli_check_long_options(PROG, argc, argv, long_options))
        return 2;
    while ((c = getopt_long(argc, argv, "o:sqhV", long_options, NULL)) != -1) {
        int rc = cli_reader_option(PROG, long_options, &o->reader, c, optarg);
        if (rc == 2)
            return 2;
        if (rc == 0)
            continue;
        rc = set_library_option(o, c, cli_long_name(long_options, c), optarg, &err);
        if (rc > 0) {
            cli_fail_usage(PROG, "%s", err.message);
            return 2;
        }
        if (rc == 0) {
            o->max_iter_set |= c == OPT_MAX_ITER;
            o->tol_set |= c == OPT_TOL;
            o->class_weight_set |= c == OPT_CLASS_WEIGHT;
            continue;
        }
        if (c >= OPT_MULTI_LABEL && c <= OPT_FALLBACK) {
            if (multilabel_option(o, c, optarg))
                return 2;
            continue;
        }
        switch (c) {
        case 'o': o->output = optarg; break;
        case 'q': o->quiet = 1; break;
        case 'h': usage(stdout); return 1;
        case 'V': printf(PROG " %s\n", PRECIS_VERSION_STRING); return 1;
        case OPT_F64: o->weights_f64 = 1; break;
        case OPT_TEST: o->test = optarg; break;
        case OPT_METRICS: o->metrics = optarg; break;
        case OPT_REPORT: o->report = optarg; break;
        case OPT_SUMMARIES: o->summaries = optarg; break;
        case OPT_SUMMARY_DROP: o->summary.drop_features = optarg; break;
        case OPT_LABEL_SOURCES: o->label_sources = optarg; break;
        case OPT_SUMMARY_CORPUS: o->summary_corpus = optarg; break;
        case OPT_SUMMARY_HIGHLIGHTS: o->summary.highlights = optarg; break;
        case OPT_SUMMARY_OBJECTIVE:
            if (strcmp(optarg, "pointwise") == 0) {
                o->summary.objective = PRECIS_SUMMARY_POINTWISE;
            } else if (strcmp(optarg, "pairwise") == 0) {
                o->summary.objective = PRECIS_SUMMARY_PAIRWISE;
            } else {
                cli_fail_usage(PROG, "--summary-objective: '%s' is not pointwise or pairwise",
                               optarg);
                return 2;
            }
            break;
        case OPT_SUMMARY_C:
            if (cli_parse_double(optarg, &o->summary.C) ||
                !(o->summary.C >= PRECIS_C_MIN && o->summary.C <= PRECIS_C_MAX)) {
                cli_fail_usage(PROG, "--summary-C: '%s' is not a number from 1e-8 to 1e6", optarg);
                return 2;
            }
            break;
        case OPT_VECTORIZE_ONLY: o->vectorize_only = 1; break;
        case OPT_AUTOTUNE: o->autotune = 1; break;
        case OPT_AUTOTUNE_TIME:
            if (cli_parse_double(optarg, &o->autotune_seconds) || !(o->autotune_seconds >= 0) ||
                !(o->autotune_seconds <= 1e9)) {
                cli_fail_usage(PROG, "--autotune-time: '%s' is not a number of seconds (0 or more)",
                               optarg);
                return 2;
            }
            break;
        case OPT_EXPORT_SVMLIGHT: o->export_svmlight = optarg; break;
        case OPT_CV:
            if (cli_parse_size(optarg, &o->cv) || o->cv < 2 || o->cv > 1000) {
                cli_fail_usage(PROG, "--cv: '%s' is not valid (expected a number of folds from 2 to 1000)", optarg);
                return 2;
            }
            break;
        case OPT_C_GRID:
            if (parse_grid(optarg, o)) {
                cli_fail_usage(PROG, "--C-grid: '%s' is not valid (expected numbers from 1e-8 to 1e6 separated by commas)",
                           optarg);
                return 2;
            }
            break;
        case '?':
        default:
            cli_bad_option(PROG, argv, OPT_FIRST);
            return 2;
        }
    }
    if (optind != argc - 1) {
        cli_fail_usage(PROG, optind >= argc ? "missing CORPUS" : "expected one CORPUS, got %d arguments",
                   argc - optind);
        return 2;
    }
    o->corpus = argv[optind];
    if (!o->output && !o->vectorize_only) {
        cli_fail_usage(PROG, "missing -o MODEL");
        return 2;
    }
    if (o->report && o->vectorize_only) {
        cli_fail_usage(PROG, "--report needs a model: it cannot go with --vectorize-only");
        return 2;
    }
    if (o->metrics && o->vectorize_only) {
        cli_fail_usage(PROG, "--metrics needs a model: it cannot go with --vectorize-only");
        return 2;
    }
    if (o->label_sources && o->vectorize_only) {
        cli_fail_usage(PROG, "--label-sources needs a model: it cannot go with --vectorize-only");
        return 2;
    }
    if (o->summary_corpus && !o->summaries) {
        cli_fail_usage(PROG, "--summary-corpus needs --summaries DIR");
        return 2;
    }
    if (o->summary.highlights && !o->summaries) {
        cli_fail_usage(PROG, "--summary-highlights needs --summaries DIR");
        return 2;
    }
    if (o->summaries && o->vectorize_only) {
        cli_fail_usage(PROG, "--summaries needs a model: it cannot go with --vectorize-only");
        return 2;
    }
    if (o->autotune_seconds >= 0 && !o->autotune) {
        cli_fail_usage(PROG, "--autotune-time needs --autotune");
        return 2;
    }
    if (o->autotune && (o->n_grid || o->vectorize_only)) {
        cli_fail_usage(PROG, "--autotune chooses C itself: it cannot go with %s",
                       o->n_grid ? "--C-grid" : "--vectorize-only");
        return 2;
    }
    if (o->autotune && o->multi_label) {
        cli_fail_usage(PROG, "--autotune scores single-label accuracy: it cannot go with "
                             "--multi-label (whose thresholds are chosen by CV already)");
        return 2;
    }
    if (o->n_grid && !o->cv) {
        cli_fail_usage(PROG, "--C-grid needs --cv K");
        return 2;
    }
    if (check_multilabel(o))
        return 2;
    /* Never write over an input (-o corpus.tsv corpus.tsv would replace the
     * corpus), nor one output over another (--report m.model -o m.model). */
    const char *outputs[] = {o->output, o->metrics, o->report, o->export_svmlight};
    const char *inputs[] = {o->corpus, o->test, o->summaries, o->summary_corpus,
                            o->label_sources, o->summary.highlights};
    if (cli_check_outputs(PROG, outputs, 4, inputs, 6) != 0)
        return 2;
    return 0;
}
