/*
 * precis-infer — classify articles, explain the label, and summarize them.
 *
 * A thin front over libprecis: options, the walk over inputs, and printing in
 * three formats (output.c). Exit status: 0 success, 1 bad input or failure
 * (some input could not be read, or --strict and a record was bad), 2 bad usage.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "infer.h"

static void usage(FILE *out)
{
    fprintf(out,
        "Usage: " PROG " [-m MODEL] [OPTION]... [FILE | DIR | -]...\n"
        "Classify articles with a precis model, say which terms decided, and\n"
        "summarize them. Directories are walked recursively (hidden files skipped);\n"
        "no input, or -, reads one article from standard input.\n"
        "\n"
        "  -m, --model MODEL        the model file [%s]\n"
        "      --model-info         describe the model: labels, settings, top terms\n"
        "\n"
        "Output:\n"
        "      --format FMT         text, json (one object per line) or tsv [text]\n"
        "      --top-k K            labels to show with their probabilities [3]\n"
        "      --explain N          terms that contributed most to the label [5]\n"
        "      --min-probability P  below P the label is 'uncertain', with the candidates:\n"
        "                           the likeliest labels that together reach P [0: off]\n"
        "      --no-summary         classify only\n"
        "      --summary-only       summarize only\n"
        "\n"
        "Summaries (sentences of the article, in article order):\n"
        "      --sentences N        length in sentences [3]\n"
        "      --ratio R            length as a fraction of the article's sentences\n"
        "      --words N            whole sentences, best first, until at least N words:\n"
        "                           the best one, then each next one that keeps the total\n"
        "                           within 1.3 N; so N to 1.3 N words, unless the article\n"
        "                           is shorter or its best sentence alone is longer\n"
        "      --max-words N        never more than N words: a sentence that would pass\n"
        "                           N is left out, the best one too (empty summary when\n"
        "                           none is that short); caps any length option\n"
        "      --summarizer NAME    default, centroid, textrank, lexrank, lsa, lead, learned\n"
        "      --mmr LAMBDA         redundancy control: 1 off, lower favours novelty [1]\n"
        "      --topic-weighting    weigh terms by their weight for the predicted topic\n"
        "\n"
        "Evaluation:\n"
        "      --eval CORPUS        accuracy, macro-F1, per-class table, confusion matrix\n"
        "      --eval-summaries ARTICLES SUMMARIES\n"
        "                           ROUGE-1/2/L of summaries against reference summaries\n"
        "                           with the same relative paths: each summary cut to its\n"
        "                           reference's word count, and as whole sentences\n"
        "      --budget MODE        with --eval-summaries: 'reference' gives each summary\n"
        "                           the reference's word count; 'options' uses the length\n"
        "                           options [options]\n"
        "      --metrics FILE       also write the figures as JSON\n"
        "      --input-format FMT, --label-column N, --text-columns LIST, --csv-header,\n"
        "      --csv-delimiter C\n"
        "                           how to read CORPUS (as precis-train)\n"
        "\n"
        "  -s, --strict             a bad input file is an error, not a warning\n"
        "      --max-doc-bytes N    larger inputs are skipped (K, M, G) [64M]\n"
        "  -q, --quiet              no warnings\n"
        "  -h, --help               this help\n"
        "  -V, --version            version\n"
        "\n"
        "Exit status: 0 success; 1 bad input or failure, or an input or record was\n"
        "skipped (the others are still processed); 2 bad usage.\n",
        default_model_path());
}

enum {
    OPT_FIRST = CLI_OPT_READER_END, OPT_MODEL_INFO, OPT_FORMAT, OPT_TOP_K, OPT_EXPLAIN, OPT_NO_SUMMARY,
    OPT_SUMMARY_ONLY, OPT_SENTENCES, OPT_RATIO, OPT_WORDS, OPT_MAX_WORDS, OPT_SUMMARIZER, OPT_MMR,
    OPT_TOPIC_WEIGHTING, OPT_EVAL, OPT_EVAL_SUMMARIES, OPT_BUDGET, OPT_METRICS, OPT_MIN_PROBABILITY
};

static const struct option long_options[] = {
    {"model", required_argument, 0, 'm'},
    {"model-info", no_argument, 0, OPT_MODEL_INFO},
    {"format", required_argument, 0, OPT_FORMAT},
    {"top-k", required_argument, 0, OPT_TOP_K},
    {"explain", required_argument, 0, OPT_EXPLAIN},
    {"min-probability", required_argument, 0, OPT_MIN_PROBABILITY},
    {"no-summary", no_argument, 0, OPT_NO_SUMMARY},
    {"summary-only", no_argument, 0, OPT_SUMMARY_ONLY},
    {"sentences", required_argument, 0, OPT_SENTENCES},
    {"ratio", required_argument, 0, OPT_RATIO},
    {"words", required_argument, 0, OPT_WORDS},
    {"max-words", required_argument, 0, OPT_MAX_WORDS},
    {"summarizer", required_argument, 0, OPT_SUMMARIZER},
    {"mmr", required_argument, 0, OPT_MMR},
    {"topic-weighting", no_argument, 0, OPT_TOPIC_WEIGHTING},
    {"eval", required_argument, 0, OPT_EVAL},
    {"eval-summaries", required_argument, 0, OPT_EVAL_SUMMARIES},
    {"budget", required_argument, 0, OPT_BUDGET},
    {"metrics", required_argument, 0, OPT_METRICS},
    CLI_READER_LONG_OPTIONS,
    {"quiet", no_argument, 0, 'q'},
    {"help", no_argument, 0, 'h'},
    {"version", no_argument, 0, 'V'},
    {0, 0, 0, 0},
};

static int bad_value(int id, const char *value, const char *want)
{
    cli_fail_usage(PROG, "--%s: '%s' is not valid (expected %s)", cli_long_name(long_options, id), value, want);
    return 2;
}

/* Options with a number or a name as value; 0 or 2 (reported). */
static int parse_value(infer_options *o, int c, const char *arg)
{
    double d;
    switch (c) {
    case OPT_FORMAT:
        if (!strcmp(arg, "text"))
            o->format = OUT_TEXT;
        else if (!strcmp(arg, "json"))
            o->format = OUT_JSON;
        else if (!strcmp(arg, "tsv"))
            o->format = OUT_TSV;
        else
            return bad_value(c, arg, "text, json or tsv");
        return 0;
    case OPT_TOP_K:
        return cli_parse_size(arg, &o->top_k) || o->top_k < 1 ? bad_value(c, arg, "1 or more") : 0;
    case OPT_EXPLAIN:
        return cli_parse_size(arg, &o->explain) || o->explain > 1000
                   ? bad_value(c, arg, "0 to 1000")
                   : 0;
    case OPT_SENTENCES:
        return cli_parse_size(arg, &o->summary.sentences) || o->summary.sentences < 1
                   ? bad_value(c, arg, "1 or more")
                   : 0;
    case OPT_RATIO:
        if (cli_parse_double(arg, &d) || !(d > 0) || d > 1)
            return bad_value(c, arg, "a fraction in (0, 1]");
        o->summary.ratio = d;
        return 0;
    case OPT_WORDS:
        return cli_parse_size(arg, &o->summary.words) || o->summary.words < 1
                   ? bad_value(c, arg, "1 or more")
                   : 0;
    case OPT_MAX_WORDS:
        return cli_parse_size(arg, &o->summary.max_words) || o->summary.max_words < 1
                   ? bad_value(c, arg, "1 or more")
                   : 0;
    case OPT_SUMMARIZER: {
        int s = precis_summarizer_parse(arg);
        if (s < 0)
            return bad_value(c, arg, "default, centroid, textrank, lexrank, lsa, lead or learned");
        o->summary.method = (precis_summarizer)s;
        return 0;
    }
    case OPT_MIN_PROBABILITY:
        if (cli_parse_double(arg, &d) || d < 0 || d > 1)
            return bad_value(c, arg, "a probability in [0, 1]");
        o->min_probability = d;
        return 0;
    case OPT_MMR:
        if (cli_parse_double(arg, &d) || d < 0 || d > 1)
            return bad_value(c, arg, "a number in [0, 1]");
        o->summary.mmr_lambda = d;
        return 0;
    case OPT_BUDGET:
        if (!strcmp(arg, "reference"))
            o->budget_reference = 1;
        else if (!strcmp(arg, "options"))
            o->budget_reference = 0;
        else
            return bad_value(c, arg, "reference or options");
        return 0;
    default:
        return -1;
    }
}

/* 0: go on; 1: done (help/version); 2: usage error (reported). */
static int parse_args(int argc, char **argv, infer_options *o)
{
    int c;
    opterr = 0;
    if (cli_check_long_options(PROG, argc, argv, long_options))
        return 2;
    while ((c = getopt_long(argc, argv, "m:sqhV", long_options, NULL)) != -1) {
        int rc = cli_reader_option(PROG, long_options, &o->reader, c, optarg);
        if (rc == 2)
            return 2;
        if (rc == 0)
            continue;
        rc = parse_value(o, c, optarg);
        if (rc == 2)
            return 2;
        if (rc == 0)
            continue;
        switch (c) {
        case 'm': o->model_path = optarg; break;
        case 'q': o->quiet = o->warnings.quiet = 1; break;
        case 'h': usage(stdout); return 1;
        case 'V': printf(PROG " %s\n", PRECIS_VERSION_STRING); return 1;
        case OPT_MODEL_INFO: o->model_info = 1; break;
        case OPT_NO_SUMMARY: o->no_summary = 1; break;
        case OPT_SUMMARY_ONLY: o->summary_only = 1; break;
        case OPT_TOPIC_WEIGHTING: o->summary.topic_weighting = 1; break;
        case OPT_EVAL: o->eval = optarg; break;
        case OPT_METRICS: o->metrics = optarg; break;
        case OPT_EVAL_SUMMARIES:
            if (optind >= argc) {
                cli_fail_usage(PROG, "--eval-summaries needs two folders: ARTICLES SUMMARIES");
                return 2;
            }
            o->eval_articles = optarg;
            o->eval_summaries = argv[optind++];
            break;
        default:
            cli_bad_option(PROG, argv, OPT_FIRST);
            return 2;
        }
    }
    /* --metrics may be neither the model nor any input. */
    const char *model = o->model_path ? o->model_path : default_model_path();
    const char *inputs[] = {model, o->eval, o->eval_articles, o->eval_summaries};
    if (cli_check_outputs(PROG, &o->metrics, 1, inputs, 4) != 0 ||
        cli_check_outputs(PROG, &o->metrics, 1, (const char *const *)argv + optind,
                          (size_t)(argc - optind)) != 0)
        return 2;
    if (o->no_summary && o->summary_only) {
        cli_fail_usage(PROG, "--no-summary and --summary-only exclude each other");
        return 2;
    }
    o->inputs = (const char *const *)argv + optind;
    o->n_inputs = (size_t)(argc - optind);
    return 0;
}

static int load_model(infer_options *o)
{
    precis_error err = {0};
    const char *path = o->model_path ? o->model_path : default_model_path();
    int rc = precis_model_load(&o->model, path, &err);
    if (rc != PRECIS_OK) {
        cli_report_error(PROG, &err, rc);
        if (!o->model_path)
            fprintf(stderr, PROG ": (no -m MODEL given; the default model is %s)\n",
                    cli_esc(path));
        return 1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    precis_blas_single_thread(); /* its idle pool would take a core from ours */
    infer_options o;
    memset(&o, 0, sizeof o);
    precis_reader_options_default(&o.reader);
    precis_summary_options_default(&o.summary);
    o.warnings.prog = PROG;
    o.reader.warn = cli_warn;
    o.reader.warn_ctx = &o.warnings;
    o.top_k = 3;
    o.explain = 5;
    int rc = parse_args(argc, argv, &o);
    if (rc == 1)
        return 0;
    if (rc == 2)
        return 2;
    /* A closed pipe shows up as EPIPE on write, handled where output is flushed. */
    signal(SIGPIPE, SIG_IGN);
    cli_signals_install();
    if (cli_check_writable(PROG, o.metrics, 0) != 0 || cli_check_readable(PROG, o.eval) ||
        cli_check_readable(PROG, o.eval_articles) || cli_check_readable(PROG, o.eval_summaries))
        return 1; /* before the work: a typo must not cost a run */
    if (load_model(&o) != 0)
        return 1;
    if (o.model_info)
        rc = print_model_info(&o);
    else if (o.eval)
        rc = run_eval(&o);
    else if (o.eval_articles)
        rc = run_eval_summaries(&o);
    else
        rc = run_inputs(&o);
    cli_warnings_total(&o.warnings);
    precis_model_free(o.model);
    return rc;
}
