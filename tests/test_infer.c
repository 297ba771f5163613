/* test_infer.c — precis-infer as a user runs it: JSON that stays valid
 * whatever bytes the input holds, text and TSV that keep their layout,
 * standard input, length options, evaluation equal to precis-train's, exit
 * statuses, and a reader that goes away. */
#define _GNU_SOURCE
#include <check.h>
#include <jansson.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "precis.h"
#include "testutil.h"
#include "tu_tool.h"

static char *dir;         /* per-test scratch folder */
static char model[4096];  /* a model trained on tiny-news */

static const char *tool(const char *name)
{
    static char path[4096];
    snprintf(path, sizeof path, "%s/%s/%s", getenv("PRECIS_BUILD_DIR"),
             strcmp(name, "precis-train") == 0 ? "train" : "infer", name);
    return path;
}


static void setup(void)
{
    dir = tu_temp_dir();
    ck_assert_ptr_nonnull(dir);
    snprintf(model, sizeof model, "%s/tiny.model", dir);
    char cmd[16384];
    snprintf(cmd, sizeof cmd, "'%s' -q -o '%s' '%s' 2>&1", tool("precis-train"), model,
             tu_source_path("datasets/tiny-news/train"));
    ck_assert_int_eq(tu_shell(cmd, NULL), 0);
}

static void teardown(void)
{
    tu_remove_tree(dir);
    free(dir);
}

/* Every line parses as a JSON object with the required members; returns how many. */
static int check_json_lines(char *out, int want_summary)
{
    int n = 0;
    for (char *line = strtok(out, "\n"); line; line = strtok(NULL, "\n")) {
        json_error_t e;
        json_t *obj = json_loads(line, 0, &e);
        ck_assert_msg(obj != NULL, "not JSON (%s): %s", e.text, line);
        ck_assert(json_is_string(json_object_get(obj, "file")));
        ck_assert(json_is_string(json_object_get(obj, "label")));
        ck_assert(json_is_real(json_object_get(obj, "probability")));
        ck_assert(json_is_object(json_object_get(obj, "probabilities")));
        ck_assert_uint_eq(json_object_size(json_object_get(obj, "probabilities")), 5);
        ck_assert(json_is_array(json_object_get(obj, "explain")));
        /* The figures hang together: the probabilities (printed to 6 significant
         * digits) sum to 1, "label" is their argmax and "probability" its value. */
        const char *label = json_string_value(json_object_get(obj, "label"));
        double p_label = json_real_value(json_object_get(obj, "probability")), sum = 0, best = -1;
        const char *key;
        json_t *value;
        json_object_foreach(json_object_get(obj, "probabilities"), key, value) {
            ck_assert(json_is_number(value));
            double p = json_number_value(value);
            ck_assert(p >= 0 && p <= 1);
            sum += p;
            best = p > best ? p : best;
        }
        ck_assert_msg(sum > 1 - 1e-4 && sum < 1 + 1e-4, "probabilities sum to %g: %s", sum, line);
        json_t *own = json_object_get(json_object_get(obj, "probabilities"), label);
        ck_assert_msg(own != NULL, "label %s is not among the probabilities", label);
        ck_assert(json_number_value(own) == p_label);
        ck_assert_msg(p_label == best, "label %s (%g) is not the most probable (%g)", label, p_label,
                      best);
        /* explain: [term, weight] pairs, positive contributions, largest first. */
        double prev_weight = INFINITY;
        json_t *explain = json_object_get(obj, "explain");
        for (size_t i = 0; i < json_array_size(explain); i++) {
            json_t *pair = json_array_get(explain, i);
            ck_assert(json_is_array(pair) && json_array_size(pair) == 2);
            ck_assert(json_is_string(json_array_get(pair, 0)));
            double w = json_number_value(json_array_get(pair, 1));
            ck_assert_msg(w > 0 && w <= prev_weight, "explain weights not positive and falling: %s",
                          line);
            prev_weight = w;
        }
        json_t *summary = json_object_get(obj, "summary");
        ck_assert(want_summary ? json_is_array(summary) : summary == NULL);
        json_int_t last = -1;
        for (size_t i = 0; summary && i < json_array_size(summary); i++) {
            json_t *s = json_array_get(summary, i);
            json_int_t idx = json_integer_value(json_object_get(s, "index"));
            ck_assert_int_gt(idx, last); /* article order */
            ck_assert(json_is_string(json_object_get(s, "text")));
            last = idx;
        }
        json_decref(obj);
        n++;
    }
    return n;
}

START_TEST(test_json_valid_with_hostile_bytes)
{
    char path[4096];
    /* A file name with a quote, a backslash, a newline and a byte that is not UTF-8. */
    snprintf(path, sizeof path, "%s/bad \"name\\\n\xff.txt", dir);
    static const char hostile[] =
        "Headline with \"quotes\" and \\backslashes\\\n\nA sentence with a NUL \0 byte. "
        "Another with \x01\x02 control bytes and \xff\xfe invalid UTF-8. "
        "A third about the election and the government minister.\n";
    ck_assert_int_eq(tu_write_file(path, hostile, sizeof hostile - 1), 0);
    char cmd[16384], *out;
    snprintf(cmd, sizeof cmd, "'%s' -q -m '%s' --format json '%s'", tool("precis-infer"), model, dir);
    /* The model file beside it is skipped as "a precis model" (exit 1). */
    ck_assert_int_eq(tu_shell(cmd, &out), 1);
    ck_assert_int_eq(check_json_lines(out, 1), 1);
    free(out);
}
END_TEST

START_TEST(test_stdin_and_dash)
{
    char cmd[16384], *out;
    const char *sample = tu_source_path("datasets/samples/sample-sport.txt");
    snprintf(cmd, sizeof cmd, "'%s' -m '%s' --format json < '%s'", tool("precis-infer"), model, sample);
    ck_assert_int_eq(tu_shell(cmd, &out), 0);
    /* The sample is a match report: its label must be "sport" (every output
     * line names "sport" among the probabilities, so look at the label itself). */
    json_t *obj = json_loads(out, JSON_DISABLE_EOF_CHECK, NULL);
    ck_assert_ptr_nonnull(obj);
    ck_assert_str_eq(json_string_value(json_object_get(obj, "label")), "sport");
    ck_assert_str_eq(json_string_value(json_object_get(obj, "file")), "<stdin>");
    json_decref(obj);
    ck_assert_int_eq(check_json_lines(out, 1), 1);
    free(out);
    snprintf(cmd, sizeof cmd, "cat '%s' | '%s' -m '%s' --format tsv --no-summary -", sample,
             tool("precis-infer"), model);
    ck_assert_int_eq(tu_shell(cmd, &out), 0);
    ck_assert_ptr_nonnull(strstr(out, "<stdin>\tsport\t"));
    free(out);
}
END_TEST

static int count_summary_sentences(const char *options)
{
    char cmd[16384], *out;
    snprintf(cmd, sizeof cmd, "'%s' -m '%s' --format json %s '%s'", tool("precis-infer"), model,
             options, tu_source_path("datasets/samples/sample-tech.txt"));
    ck_assert_int_eq(tu_shell(cmd, &out), 0);
    json_t *obj = json_loads(out, 0, NULL);
    ck_assert_ptr_nonnull(obj);
    int n = (int)json_array_size(json_object_get(obj, "summary"));
    json_decref(obj);
    free(out);
    return n;
}

START_TEST(test_length_options)
{
    ck_assert_int_eq(count_summary_sentences(""), 3);
    ck_assert_int_eq(count_summary_sentences("--sentences 1"), 1);
    ck_assert_int_eq(count_summary_sentences("--sentences 5"), 5);
    int half = count_summary_sentences("--ratio 0.5");
    int all = count_summary_sentences("--ratio 1");
    ck_assert_int_gt(all, 5);
    ck_assert(half >= all / 2 - 1 && half <= all / 2 + 1);
    ck_assert_int_eq(count_summary_sentences("--words 1"), 1);
    ck_assert_int_gt(count_summary_sentences("--words 120"), 2);
}
END_TEST

/* One sample's JSON line from precis-infer with these options (parsed). */
static json_t *classify_json(const char *options, const char *sample)
{
    char cmd[16384], *out;
    snprintf(cmd, sizeof cmd, "'%s' -m '%s' --format json --no-summary %s '%s'", tool("precis-infer"),
             model, options, tu_source_path(sample));
    ck_assert_int_eq(tu_shell(cmd, &out), 0);
    json_t *obj = json_loads(out, 0, NULL);
    ck_assert_ptr_nonnull(obj);
    free(out);
    return obj;
}

/* --min-probability P: a top probability below P prints "uncertain" with the
 * likeliest labels that together reach P; at P or above the label stands. */
START_TEST(test_min_probability)
{
    const char *sample = "datasets/samples/sample-politics.txt";
    json_t *plain = classify_json("", sample);
    const char *label = json_string_value(json_object_get(plain, "label"));
    double top = json_real_value(json_object_get(plain, "probability"));
    json_t *probs = json_object_get(plain, "probabilities");
    ck_assert(top > 0 && top < 1);
    char opt[64];
    snprintf(opt, sizeof opt, "--min-probability %.17g", top);
    json_t *same = classify_json(opt, sample);
    ck_assert_str_eq(json_string_value(json_object_get(same, "label")), label);
    ck_assert_ptr_null(json_object_get(same, "candidates"));
    double want = top + (1 - top) / 2;
    snprintf(opt, sizeof opt, "--min-probability %.17g", want);
    json_t *unsure = classify_json(opt, sample);
    ck_assert_str_eq(json_string_value(json_object_get(unsure, "label")), "uncertain");
    json_t *cand = json_object_get(unsure, "candidates");
    ck_assert_uint_ge(json_array_size(cand), 2);
    ck_assert_str_eq(json_string_value(json_array_get(cand, 0)), label);
    double sum = 0, before_last = 0, prev = 2;
    for (size_t i = 0; i < json_array_size(cand); i++) {
        double p = json_real_value(json_object_get(probs, json_string_value(json_array_get(cand, i))));
        ck_assert(p <= prev); /* likeliest first */
        prev = p;
        before_last = sum;
        sum += p;
    }
    ck_assert_msg(sum >= want - 1e-6, "candidates reach %g, not %g", sum, want);
    ck_assert_msg(json_array_size(cand) == 2 || before_last < want, "one candidate too many");
    json_decref(plain);
    json_decref(same);
    json_decref(unsure);
    char cmd[16384];
    snprintf(cmd, sizeof cmd, "'%s' -m '%s' --min-probability 1.5 '%s' 2>/dev/null", tool("precis-infer"),
             model, tu_source_path(sample));
    ck_assert_int_eq(tu_shell(cmd, NULL), 2);
}
END_TEST

/* --format tsv: a header row, then one row per article with the same five
 * columns whatever the options; a column the options leave out is empty. */
START_TEST(test_tsv_header_and_fixed_columns)
{
    static const char *const options[] = {"", "--no-summary", "--summary-only",
                                          "--min-probability 0.99 --explain 0", "--top-k 1 --words 30"};
    const char *test = tu_source_path("datasets/tiny-news/test");
    for (size_t i = 0; i < sizeof options / sizeof options[0]; i++) {
        char cmd[16384], *out;
        snprintf(cmd, sizeof cmd, "'%s' -m '%s' --format tsv %s '%s'", tool("precis-infer"), model,
                 options[i], test);
        ck_assert_int_eq(tu_shell(cmd, &out), 0);
        const char *header = "file\tlabel\tprobability\tcandidates\tsummary\n";
        ck_assert_msg(strncmp(out, header, strlen(header)) == 0, "%s: no header:\n%.300s",
                      options[i], out);
        size_t rows = 0, uncertain = 0;
        for (char *line = strtok(out + strlen(header), "\n"); line; line = strtok(NULL, "\n")) {
            char *col[6] = {line};
            size_t n = 1;
            for (char *p = line; *p; p++)
                if (*p == '\t') {
                    *p = '\0';
                    ck_assert_msg(n < 5, "%s: more than 5 columns", options[i]);
                    col[n++] = p + 1;
                }
            ck_assert_msg(n == 5, "%s: %zu columns in row %zu", options[i], n, rows + 1);
            ck_assert(strstr(col[0], "/tiny-news/test/") != NULL);
            int classified = strcmp(options[i], "--summary-only") != 0;
            ck_assert_int_eq(col[1][0] != '\0', classified);
            ck_assert_int_eq(col[2][0] != '\0', classified);
            if (classified) {
                double p = strtod(col[2], NULL);
                ck_assert(p > 0 && p <= 1);
            }
            uncertain += strcmp(col[1], "uncertain") == 0;
            ck_assert_int_eq(col[3][0] != '\0', strcmp(col[1], "uncertain") == 0);
            ck_assert_int_eq(col[4][0] != '\0', strcmp(options[i], "--no-summary") != 0);
            rows++;
        }
        ck_assert_uint_ge(rows, 5);
        if (strstr(options[i], "--min-probability"))
            ck_assert_uint_gt(uncertain, 0);
        free(out);
    }
}
END_TEST

/* Words of a JSON summary line's sentences, as summary budgets count them. */
static size_t summary_words(json_t *obj)
{
    size_t words = 0;
    json_t *summary = json_object_get(obj, "summary");
    for (size_t i = 0; i < json_array_size(summary); i++) {
        const char *t = json_string_value(json_object_get(json_array_get(summary, i), "text"));
        words += precis_count_words(t, strlen(t));
    }
    return words;
}

/* --words N: N to 1.3 N words unless the best sentence alone is longer or
 * the article shorter; --max-words N: never more than N, with --words too. */
START_TEST(test_words_and_max_words)
{
    const char *test = tu_source_path("datasets/tiny-news/test");
    static const size_t lengths[] = {5, 20, 40, 60, 100};
    for (size_t i = 0; i < sizeof lengths / sizeof lengths[0]; i++)
        for (int variant = 0; variant < 3; variant++) {
            size_t n = lengths[i];
            char cmd[16384], *out;
            const char *opt = variant == 0 ? "--words" : variant == 1 ? "--max-words" : "--words";
            snprintf(cmd, sizeof cmd, "'%s' -m '%s' --format json --summary-only %s %zu %s '%s'",
                     tool("precis-infer"), model, opt, n, variant == 2 ? "--max-words" : "", test);
            if (variant == 2) /* --words N --max-words N */
                snprintf(cmd, sizeof cmd,
                         "'%s' -m '%s' --format json --summary-only --words %zu --max-words %zu '%s'",
                         tool("precis-infer"), model, n, n, test);
            ck_assert_int_eq(tu_shell(cmd, &out), 0);
            size_t docs = 0, nonempty = 0;
            for (char *line = strtok(out, "\n"); line; line = strtok(NULL, "\n")) {
                json_t *obj = json_loads(line, 0, NULL);
                ck_assert_ptr_nonnull(obj);
                size_t words = summary_words(obj);
                size_t sentences = json_array_size(json_object_get(obj, "summary"));
                if (variant == 0)
                    ck_assert_msg(sentences == 1 || (double)words <= 1.3 * (double)n,
                                  "--words %zu gave %zu words in %zu sentences", n, words, sentences);
                else
                    ck_assert_msg(words <= n, "%s %zu gave %zu words", opt, n, words);
                nonempty += sentences > 0;
                docs++;
                json_decref(obj);
            }
            ck_assert_uint_ge(docs, 5);
            if (n >= 40)
                ck_assert_uint_gt(nonempty, 0);
            free(out);
        }
}
END_TEST

/* --metrics without --test: the figures on the training data, said so;
 * with --vectorize-only (no model): a usage error. */
START_TEST(test_train_metrics_without_test)
{
    char cmd[16384], *out, path[4200];
    snprintf(path, sizeof path, "%s/train-figures.json", dir);
    snprintf(cmd, sizeof cmd, "'%s' -q -o '%s/m3.model' --metrics '%s' '%s'", tool("precis-train"),
             dir, path, tu_source_path("datasets/tiny-news/train"));
    ck_assert_int_eq(tu_shell(cmd, &out), 0);
    ck_assert_ptr_nonnull(strstr(out, "training data"));
    free(out);
    json_t *fig = json_load_file(path, 0, NULL);
    ck_assert_msg(fig != NULL, "no figures in %s", path);
    ck_assert(json_is_real(json_object_get(fig, "accuracy")));
    ck_assert(json_integer_value(json_object_get(fig, "documents")) > 0);
    json_decref(fig);
    snprintf(cmd, sizeof cmd, "'%s' -q --vectorize-only --metrics '%s/x.json' '%s' 2>/dev/null",
             tool("precis-train"), dir, tu_source_path("datasets/tiny-news/train"));
    ck_assert_int_eq(tu_shell(cmd, NULL), 2);
}
END_TEST

/* --cv with --C-grid: equal accuracies are decided by the lower held-out
 * log-loss, in whichever order the grid lists them (it used to be the first,
 * the smallest C). tiny-news is easy: every C of this grid scores alike. */
static double cv_choice(const char *grid, double *acc, double *loss, size_t *n)
{
    char cmd[16384], *out;
    snprintf(cmd, sizeof cmd, "'%s' -q --cv 3 --C-grid %s -o '%s/cv.model' '%s'",
             tool("precis-train"), grid, dir, tu_source_path("datasets/tiny-news/train"));
    ck_assert_int_eq(tu_shell(cmd, &out), 0);
    *n = 0;
    for (const char *p = out; (p = strstr(p, "3-fold accuracy ")) != NULL; p++) {
        ck_assert_int_eq(sscanf(p, "3-fold accuracy %lf  log-loss %lf", &acc[*n], &loss[*n]), 2);
        (*n)++;
    }
    const char *chose = strstr(out, "cv  chose C=");
    ck_assert_msg(chose != NULL, "%s", out);
    double C = strtod(chose + strlen("cv  chose C="), NULL);
    free(out);
    return C;
}

START_TEST(test_cv_ties_go_to_the_better_log_loss)
{
    double acc[2], loss[2];
    size_t n;
    double C = cv_choice("1,100", acc, loss, &n);
    ck_assert_uint_eq(n, 2);
    ck_assert_msg(acc[0] == acc[1], "no tie to break: %g %g", acc[0], acc[1]);
    ck_assert_msg(loss[0] != loss[1], "log-losses equal too");
    ck_assert_double_eq(C, loss[1] < loss[0] ? 100 : 1);
    double C_reversed = cv_choice("100,1", acc, loss, &n);
    ck_assert_double_eq(C_reversed, C);
    /* --model-info shows the C the model was fitted with. */
    char cmd[16384], *out;
    snprintf(cmd, sizeof cmd, "'%s' -m '%s/cv.model' --model-info", tool("precis-infer"), dir);
    ck_assert_int_eq(tu_shell(cmd, &out), 0);
    const char *line = strstr(out, "\n  C ");
    ck_assert_msg(line != NULL, "no C in:\n%.1500s", out);
    ck_assert_double_eq(strtod(line + strlen("\n  C "), NULL), C);
    free(out);
}
END_TEST

/* A model fitted with the default C records none, so default training writes
 * the bytes it wrote before C was recorded; --model-info says so. */
START_TEST(test_default_fit_is_not_recorded)
{
    char cmd[16384], *out;
    const char *train = tu_source_path("datasets/tiny-news/train");
    snprintf(cmd, sizeof cmd, "'%s' -q -o '%s/d1.model' '%s' && '%s' -q --C 10 -o '%s/d2.model' '%s'",
             tool("precis-train"), dir, train, tool("precis-train"), dir, train);
    ck_assert_int_eq(tu_shell(cmd, &out), 0);
    free(out);
    size_t n1, n2;
    char *p1, *p2;
    snprintf(cmd, sizeof cmd, "%s/d1.model", dir);
    p1 = tu_read_file(cmd, &n1);
    snprintf(cmd, sizeof cmd, "%s/d2.model", dir);
    p2 = tu_read_file(cmd, &n2);
    ck_assert(p1 && p2 && n1 == n2 && memcmp(p1, p2, n1) == 0);
    ck_assert_ptr_null(memmem(p1, n1, "FITP", 4));
    free(p1);
    free(p2);
    snprintf(cmd, sizeof cmd, "'%s' -m '%s/d1.model' --model-info", tool("precis-infer"), dir);
    ck_assert_int_eq(tu_shell(cmd, &out), 0);
    ck_assert_msg(strstr(out, "\n  C                not recorded: the default, 10 ") != NULL, "%.1500s",
                  out);
    free(out);
}
END_TEST

START_TEST(test_eval_equals_training_test_figures)
{
    char cmd[16384], *train_out, *infer_out;
    const char *test = tu_source_path("datasets/tiny-news/test");
    snprintf(cmd, sizeof cmd, "'%s' -q -o '%s/m2.model' --test '%s' '%s'", tool("precis-train"), dir,
             test, tu_source_path("datasets/tiny-news/train"));
    ck_assert_int_eq(tu_shell(cmd, &train_out), 0);
    snprintf(cmd, sizeof cmd, "'%s' -m '%s/m2.model' --eval '%s'", tool("precis-infer"), dir, test);
    ck_assert_int_eq(tu_shell(cmd, &infer_out), 0);
    const char *a = strstr(train_out, "documents "), *b = strstr(infer_out, "documents ");
    ck_assert_ptr_nonnull(a);
    ck_assert_ptr_nonnull(b);
    ck_assert_str_eq(a, b); /* the same table, figure for figure */
    free(train_out);
    free(infer_out);
}
END_TEST

START_TEST(test_exit_statuses)
{
    char cmd[16384];
    snprintf(cmd, sizeof cmd, "'%s' -m '%s' --top-k abc x 2>/dev/null", tool("precis-infer"), model);
    ck_assert_int_eq(tu_shell(cmd, NULL), 2);
    snprintf(cmd, sizeof cmd, "'%s' -m '%s' '%s/missing.txt' 2>/dev/null", tool("precis-infer"), model,
             dir);
    ck_assert_int_eq(tu_shell(cmd, NULL), 1);
    snprintf(cmd, sizeof cmd, "'%s' -m '%s/missing.model' x 2>/dev/null", tool("precis-infer"), dir);
    ck_assert_int_eq(tu_shell(cmd, NULL), 1);
    snprintf(cmd, sizeof cmd, "'%s' --C -1 -o x y 2>/dev/null", tool("precis-train"));
    ck_assert_int_eq(tu_shell(cmd, NULL), 2);
    /* An output that is an input is refused, and the input is left as it was. */
    char corpus[1024];
    static const char tsv[] = "sport\tA match report\nbusiness\tShares fell\n";
    snprintf(corpus, sizeof corpus, "%s/c.tsv", dir);
    ck_assert_int_eq(tu_write_file(corpus, tsv, sizeof tsv - 1), 0);
    snprintf(cmd, sizeof cmd, "'%s' -o '%s' '%s' 2>/dev/null", tool("precis-train"), corpus, corpus);
    ck_assert_int_eq(tu_shell(cmd, NULL), 2);
    snprintf(cmd, sizeof cmd, "'%s' -m '%s' --eval '%s' --metrics '%s' 2>/dev/null",
             tool("precis-infer"), model, corpus, corpus);
    ck_assert_int_eq(tu_shell(cmd, NULL), 2);
    size_t len;
    char *after = tu_read_file(corpus, &len);
    ck_assert_ptr_nonnull(after);
    ck_assert_str_eq(after, tsv);
    free(after);
}
END_TEST

START_TEST(test_closed_pipe_is_quiet)
{
    char cmd[16384], *err_text;
    /* Many documents, a reader that takes one line and leaves. */
    char script[4096];
    snprintf(script, sizeof script, "%s/pipe.sh", dir);
    FILE *f = fopen(script, "w");
    ck_assert_ptr_nonnull(f);
    fprintf(f, "'%s' -m '%s' --no-summary '%s' 2>'%s/err' | head -1 >/dev/null\nexit ${PIPESTATUS[0]}\n",
            tool("precis-infer"), model, tu_source_path("datasets/tiny-news"), dir);
    fclose(f);
    snprintf(cmd, sizeof cmd, "bash '%s'", script);
    ck_assert_int_eq(tu_shell(cmd, NULL), 0);
    char errpath[4096];
    snprintf(errpath, sizeof errpath, "%s/err", dir);
    err_text = tu_read_file(errpath, NULL);
    ck_assert_ptr_nonnull(err_text);
    ck_assert_str_eq(err_text, "");
    free(err_text);
}
END_TEST

/* Labels, terms and file names come from the input: in text output their
 * control characters are spelled C-style, so a label with a TAB or an escape
 * sequence, or a file name with a newline, cannot break the layout or drive
 * the terminal; TSV keeps its columns the same way. */
START_TEST(test_text_output_escapes_control_characters)
{
    static const char corpus[] =
        "{\"label\": \"a\\tb\", \"text\": \"football match goal team player score\"}\n"
        "{\"label\": \"a\\tb\", \"text\": \"team won the football match with a late goal\"}\n"
        "{\"label\": \"red\\u001b[31m\", \"text\": \"shares market profit bank economy\"}\n"
        "{\"label\": \"red\\u001b[31m\", \"text\": \"bank profits rose as the market rallied\"}\n"
        "{\"label\": \"back\\\\slash\", \"text\": \"election minister government vote\"}\n"
        "{\"label\": \"back\\\\slash\", \"text\": \"the minister called an election\"}\n";
    char path[4096], article[4096], m[4096], cmd[16384], *out;
    snprintf(path, sizeof path, "%s/odd.jsonl", dir);
    snprintf(m, sizeof m, "%s/odd.model", dir);
    snprintf(article, sizeof article, "%s/new\nline\x1b.txt", dir);
    ck_assert_int_eq(tu_write_file(path, corpus, sizeof corpus - 1), 0);
    static const char text[] = "Match report\n\nThe football team scored\ta goal.\x07 It won.\n";
    ck_assert_int_eq(tu_write_file(article, text, sizeof text - 1), 0);
    snprintf(cmd, sizeof cmd, "'%s' -q -o '%s' '%s'", tool("precis-train"), m, path);
    ck_assert_int_eq(tu_shell(cmd, NULL), 0);

    snprintf(cmd, sizeof cmd, "'%s' -m '%s' '%s'", tool("precis-infer"), m, article);
    ck_assert_int_eq(tu_shell(cmd, &out), 0);
    ck_assert_ptr_nonnull(strstr(out, "new\\nline\\x1b.txt\n  label: a\\tb ("));
    ck_assert_ptr_nonnull(strstr(out, "red\\x1b[31m"));
    ck_assert_ptr_nonnull(strstr(out, "back\\\\slash"));
    ck_assert_ptr_nonnull(strstr(out, "scored a goal.\\x07 It won.")); /* summary: TAB to space */
    ck_assert_ptr_null(strpbrk(out, "\t\x1b\x07"));
    free(out);

    snprintf(cmd, sizeof cmd, "'%s' -m '%s' --format tsv '%s'", tool("precis-infer"), m, article);
    ck_assert_int_eq(tu_shell(cmd, &out), 0);
    char *fields = strstr(out, "new\\nline\\x1b.txt\ta\\tb\t0.");
    ck_assert_msg(fields != NULL, "TSV: %s", out);
    ck_assert_ptr_nonnull(strstr(fields, "\tThe football team scored a goal.\\x07 It won.\n"));
    free(out);

    snprintf(cmd, sizeof cmd, "'%s' -m '%s' --eval '%s'", tool("precis-infer"), m, path);
    ck_assert_int_eq(tu_shell(cmd, &out), 0);
    ck_assert_ptr_nonnull(strstr(out, "\n  a\\tb "));
    ck_assert_ptr_null(strpbrk(out, "\t\x1b"));
    free(out);
}
END_TEST

/* A warning names its file on one line, whatever bytes the name holds. */
START_TEST(test_warnings_stay_on_one_line)
{
    char path[4096], m[4096], cmd[16384], *err;
    snprintf(path, sizeof path, "%s/bad\nname.tsv", dir);
    snprintf(m, sizeof m, "%s/w.model", dir);
    static const char tsv[] = "sport\tA match report\nno tab here\nbusiness\tShares fell\n";
    ck_assert_int_eq(tu_write_file(path, tsv, sizeof tsv - 1), 0);
    snprintf(cmd, sizeof cmd, "'%s' -o '%s' --input-format tsv '%s' 2>&1 >/dev/null",
             tool("precis-train"), m, path);
    ck_assert_int_eq(tu_shell(cmd, &err), 1);
    ck_assert_msg(strstr(err, "precis-train: warning: ") && strstr(err, "/bad\\nname.tsv:2: "),
                  "%s", err);
    ck_assert_ptr_null(strstr(err, "bad\nname"));
    free(err);
}
END_TEST

int main(void)
{
    signal(SIGPIPE, SIG_IGN);
    Suite *s = suite_create("infer");
    TCase *tc = tcase_create("cli");
    tcase_set_timeout(tc, 300);
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_json_valid_with_hostile_bytes);
    tcase_add_test(tc, test_stdin_and_dash);
    tcase_add_test(tc, test_length_options);
    tcase_add_test(tc, test_tsv_header_and_fixed_columns);
    tcase_add_test(tc, test_words_and_max_words);
    tcase_add_test(tc, test_train_metrics_without_test);
    tcase_add_test(tc, test_cv_ties_go_to_the_better_log_loss);
    tcase_add_test(tc, test_default_fit_is_not_recorded);
    tcase_add_test(tc, test_min_probability);
    tcase_add_test(tc, test_eval_equals_training_test_figures);
    tcase_add_test(tc, test_exit_statuses);
    tcase_add_test(tc, test_closed_pipe_is_quiet);
    tcase_add_test(tc, test_text_output_escapes_control_characters);
    tcase_add_test(tc, test_warnings_stay_on_one_line);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
