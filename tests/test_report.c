/*
 * test_report.c — the HTML report (model/report.c).
 *
 * The small model is trained here (a vectorizer from a handful of documents
 * and precis_logreg_train), with labels chosen to attack the page: markup, all
 * five characters HTML escapes, a control character and a malformed byte. The
 * page is checked by structure (string searches and counts of the elements
 * the charts are made of), not against a stored copy of our own output.
 * Models with many labels get hand-set weights: only their size matters.
 */
#include <check.h>
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "precis.h"
#include "testutil.h"

#define N_CLASSES 4

static const char *const LABELS[N_CLASSES] = {
    "<script>alert(1)</script>",
    "sport & \"games\" 'n' <fun>",
    "caf\xc3\xa9 politique",
    "bad\x01" "byte\xff",
};

static const char *const DOCS[] = {
    "the striker scored a goal in the match", "a late goal won the match for the team",
    "parliament passed the budget after debate", "the minister defended the budget",
    "the chip in the phone is faster", "engineers made the chip and screen faster",
    "the festival film won an award", "the actor and the film director",
};
static const uint32_t DOC_CLASS[] = {1, 1, 2, 2, 0, 0, 3, 3};
#define N_DOCS (sizeof DOCS / sizeof DOCS[0])

static const double LOSS[] = {12.5, 7.25, 5.0, 4.5, 4.4};
#define N_LOSS (sizeof LOSS / sizeof LOSS[0])

typedef struct fixture {
    precis_model *model;
    precis_metrics *metrics;
} fixture;

static fixture fx;

/* ------------------------------------------------------------ helpers */

static precis_model *train_small_model(precis_csr *X_out)
{
    precis_feature_options fo;
    precis_feature_options_default(&fo);
    precis_vectorizer_builder *b;
    precis_error err;
    ck_assert_int_eq(precis_vectorizer_builder_new(&b, &fo, &err), PRECIS_OK);
    for (size_t d = 0; d < N_DOCS; d++)
        ck_assert_int_eq(precis_vectorizer_builder_add(b, DOCS[d], strlen(DOCS[d]), &err), PRECIS_OK);
    precis_vectorizer *v;
    ck_assert_int_eq(precis_vectorizer_builder_finish(b, &v, X_out, &err), PRECIS_OK);
    precis_vectorizer_builder_free(b);
    precis_logreg_params lp;
    precis_logreg_params_default(&lp);
    lp.n_threads = 1;
    precis_logreg *lr;
    ck_assert_int_eq(precis_logreg_train(X_out, DOC_CLASS, N_CLASSES, &lp, &lr, &err), PRECIS_OK);
    precis_model *m;
    ck_assert_msg(precis_model_new(&m, v, lr, LABELS, N_CLASSES, NULL, &err) == PRECIS_OK, "%s",
                  err.message);
    return m;
}

static precis_metrics *metrics_on(const precis_model *m, const precis_csr *X)
{
    precis_metrics *mx;
    precis_error err;
    ck_assert_int_eq(precis_metrics_new(&mx, N_CLASSES, &err), PRECIS_OK);
    double proba[N_CLASSES];
    for (size_t i = 0; i < X->n_rows; i++) {
        size_t at = X->row_ptr[i];
        precis_logreg_predict_proba(precis_model_logreg(m), X->col + at, X->val + at,
                                    X->row_ptr[i + 1] - at, proba);
        precis_metrics_add(mx, DOC_CLASS[i], proba);
    }
    /* One document of class 3 given class 0, so the matrix is not diagonal. */
    double wrong[N_CLASSES] = {0.9, 0.05, 0.03, 0.02};
    precis_metrics_add(mx, 3, wrong);
    precis_metrics_finish(mx);
    return mx;
}

static void setup(void)
{
    precis_csr X = {0};
    fx.model = train_small_model(&X);
    fx.metrics = metrics_on(fx.model, &X);
    precis_csr_free(&X);
}

static void teardown(void)
{
    precis_metrics_free(fx.metrics);
    precis_model_free(fx.model);
    memset(&fx, 0, sizeof fx);
}

/* The page in memory; NULL (with *rc set) when writing failed. */
static char *render(const precis_model *m, const precis_metrics *mx, const double *loss, size_t n_loss,
                    int *rc)
{
    char *page = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&page, &len);
    ck_assert_ptr_nonnull(f);
    precis_error err = {0};
    *rc = precis_report_write_html(f, m, "Report <title> & co", mx, "the test set <t.tsv>", loss,
                                   n_loss, &err);
    ck_assert_int_eq(fclose(f), 0);
    if (*rc != PRECIS_OK) {
        free(page);
        return NULL;
    }
    return page;
}

static char *render_ok(const precis_model *m, const precis_metrics *mx, const double *loss,
                       size_t n_loss)
{
    int rc;
    char *page = render(m, mx, loss, n_loss, &rc);
    ck_assert_int_eq(rc, PRECIS_OK);
    return page;
}

static size_t count(const char *hay, const char *needle)
{
    size_t n = 0, len = strlen(needle);
    for (const char *at = strstr(hay, needle); at; at = strstr(at + len, needle))
        n++;
    return n;
}

static size_t count_nocase(const char *hay, const char *needle)
{
    char *low = strdup(hay);
    ck_assert_ptr_nonnull(low);
    for (char *c = low; *c; c++)
        *c = (char)tolower((unsigned char)*c);
    size_t n = count(low, needle);
    free(low);
    return n;
}

/* Occurrences of word not inside a longer word ("nan", but not "dominant"). */
static size_t count_word(const char *hay, const char *word)
{
    size_t n = 0, len = strlen(word);
    for (const char *at = strstr(hay, word); at; at = strstr(at + 1, word))
        n += (at == hay || !isalpha((unsigned char)at[-1])) && !isalpha((unsigned char)at[len]);
    return n;
}

/* An attribute such as onload= or onclick= anywhere in the page. */
static int has_event_attribute(const char *page)
{
    for (const char *at = page; (at = strchr(at, ' ')) != NULL; at++) {
        if (tolower((unsigned char)at[1]) != 'o' || tolower((unsigned char)at[2]) != 'n')
            continue;
        const char *c = at + 3;
        while (isalpha((unsigned char)*c))
            c++;
        if (c > at + 3 && *c == '=')
            return 1;
    }
    return 0;
}

/* The text of the loss chart's <svg> element (malloc'ed). */
static char *loss_chart(const char *page)
{
    const char *start = strstr(page, "class=\"losschart\"");
    ck_assert_ptr_nonnull(start);
    const char *end = strstr(start, "</svg>");
    ck_assert_ptr_nonnull(end);
    return strndup(start, (size_t)(end - start));
}

/* ------------------------------------------------------------ structure */

START_TEST(test_page_structure)
{
    char *page = render_ok(fx.model, fx.metrics, LOSS, N_LOSS);
    ck_assert_msg(strncmp(page, "<!DOCTYPE html>\n<html lang=\"en\">", 31) == 0, "no doctype/lang");
    ck_assert_ptr_nonnull(strstr(page, "<meta charset=\"utf-8\">"));
    size_t len = strlen(page);
    ck_assert_msg(len > 8 && strcmp(page + len - 8, "</html>\n") == 0, "page does not end");
    ck_assert_uint_eq(count(page, "<title>Report &lt;title&gt; &amp; co</title>"), 1);
    ck_assert_uint_eq(count(page, "<svg"), 4); /* heat map, bars, reliability, loss */
    ck_assert_uint_eq(count(page, "</svg>"), 4);
    ck_assert_uint_eq(count(page, "<figure>"), count(page, "<figcaption>"));
    ck_assert_uint_eq(count(page, "<figure>"), 4);
    ck_assert_uint_eq(count(page, "role=\"img\""), 4);
    ck_assert_ptr_nonnull(strstr(page, "the test set &lt;t.tsv&gt;"));
    /* Four labels: every heat-map cell is drawn, with its count; three bars each. */
    ck_assert_uint_eq(count(page, "class=\"cell\""), N_CLASSES * N_CLASSES);
    ck_assert_uint_eq(count(page, "<text class=\"n"), N_CLASSES * N_CLASSES);
    ck_assert_uint_eq(count(page, "class=\"bar\""), 3 * N_CLASSES);
    ck_assert_uint_eq(count(page, "<polyline class=\"loss\""), 1);
    ck_assert_uint_eq(count(page, "<circle"), N_LOSS);
    ck_assert_uint_eq(count(page, "<caption>"), N_CLASSES); /* one term table per label */
    /* The reliability diagram: a bar and a tick per non-empty confidence bin. */
    size_t bins = 0;
    for (size_t b = 0; b < PRECIS_CALIBRATION_BINS; b++)
        bins += fx.metrics->calib_count[b] > 0;
    ck_assert_uint_gt(bins, 0);
    ck_assert_uint_eq(count(page, "<rect class=\"rbin\""), bins);
    ck_assert_uint_eq(count(page, "<rect class=\"rconf\""), bins);
    char ece[96];
    snprintf(ece, sizeof ece, "<dt>Expected calibration error</dt><dd>%.4f</dd>", fx.metrics->ece);
    ck_assert_ptr_nonnull(strstr(page, ece));
    free(page);
}
END_TEST

START_TEST(test_counts_match_the_metrics)
{
    char *page = render_ok(fx.model, fx.metrics, NULL, 0);
    /* The wrong document: true class 3 given class 0, one of three in its row. */
    ck_assert_ptr_nonnull(
        strstr(page, ", predicted &lt;script&gt;alert(1)&lt;/script&gt;: 1 (33.3% of the row)"));
    char want[64];
    snprintf(want, sizeof want, "<dt>Documents</dt><dd>%zu</dd>", N_DOCS + 1);
    ck_assert_ptr_nonnull(strstr(page, want));
    free(page);
}
END_TEST

START_TEST(test_labels_are_escaped_and_inert)
{
    char *page = render_ok(fx.model, fx.metrics, LOSS, N_LOSS);
    ck_assert_uint_eq(count_nocase(page, "<script"), 0);
    ck_assert_uint_eq(count_nocase(page, "</script"), 0);
    ck_assert_uint_gt(count(page, "&lt;script&gt;alert(1)&lt;/script&gt;"), 0);
    ck_assert_uint_gt(count(page, "sport &amp; &quot;games&quot; &#39;n&#39; &lt;fun&gt;"), 0);
    ck_assert_uint_eq(count(page, "<fun>"), 0);
    ck_assert_uint_gt(count(page, "caf\xc3\xa9 politique"), 0);
    /* The control character and the malformed byte become U+FFFD. */
    ck_assert_uint_gt(count(page, "bad\xef\xbf\xbd" "byte\xef\xbf\xbd"), 0);
    ck_assert_ptr_null(strchr(page, '\x01'));
    ck_assert_ptr_null(strchr(page, '\xff'));
    free(page);
}
END_TEST

START_TEST(test_nothing_fetched_no_script)
{
    char *page = render_ok(fx.model, fx.metrics, LOSS, N_LOSS);
    /* The only URL is SVG's namespace name, which is never fetched. */
    ck_assert_uint_eq(count_nocase(page, "http://") + count_nocase(page, "https://"),
                      count(page, "xmlns=\"http://www.w3.org/2000/svg\""));
    ck_assert_uint_eq(count_nocase(page, "src="), 0);
    ck_assert_uint_eq(count_nocase(page, "href="), 0);
    ck_assert_msg(!has_event_attribute(page), "an on...= attribute");
    ck_assert_ptr_nonnull(strstr(page, "Content-Security-Policy\" content=\"default-src 'none'"));
    free(page);
}
END_TEST

START_TEST(test_heaviest_terms_listed)
{
    char *page = render_ok(fx.model, fx.metrics, NULL, 0);
    /* Words that only one class's documents use must lead its table. */
    const char *sport = strstr(page, "<caption>sport &amp;");
    ck_assert_ptr_nonnull(sport);
    const char *next = strstr(sport + 1, "<caption>");
    const char *goal = strstr(sport, "<td>goal</td>");
    ck_assert_ptr_nonnull(goal);
    ck_assert_msg(!next || goal < next, "goal is not in sport's table");
    const char *tech = strstr(page, "<caption>&lt;script&gt;");
    ck_assert_ptr_nonnull(tech);
    ck_assert_ptr_nonnull(strstr(tech, "<td>chip</td>"));
    free(page);
}
END_TEST

START_TEST(test_optional_parts)
{
    char *page = render_ok(fx.model, NULL, NULL, 0);
    ck_assert_uint_eq(count(page, "<svg"), 0);
    ck_assert_ptr_null(strstr(page, "Evaluation"));
    ck_assert_uint_eq(count(page, "<caption>"), N_CLASSES);
    free(page);
    page = render_ok(fx.model, NULL, LOSS, 1);
    ck_assert_uint_eq(count(page, "<svg"), 1);
    ck_assert_uint_eq(count(page, "<circle"), 1);
    free(page);
    double odd[] = {NAN, INFINITY, 3.0};
    page = render_ok(fx.model, NULL, odd, 3);
    ck_assert_uint_eq(count(page, "<circle"), 1);
    char *chart = loss_chart(page);
    ck_assert_uint_eq(count_word(chart, "nan") + count_word(chart, "-nan"), 0);
    ck_assert_uint_eq(count_word(chart, "inf") + count_word(chart, "-inf"), 0);
    ck_assert_ptr_nonnull(strstr(chart, "went from 3 at iteration 3 to 3 at iteration 3"));
    free(chart);
    free(page);
}
END_TEST

/* ------------------------------------------------------------ many labels */

/* K labels (`names`, or "L000".. when NULL), one term each ("termN" weighs 1
 * for label N). */
static precis_model *hand_model_named(size_t K, const char *const *names)
{
    precis_feature_options fo;
    precis_feature_options_default(&fo);
    precis_vectorizer_builder *b;
    precis_error err;
    ck_assert_int_eq(precis_vectorizer_builder_new(&b, &fo, &err), PRECIS_OK);
    char **labels = calloc(K, sizeof *labels);
    for (size_t k = 0; k < K; k++) {
        char doc[32];
        snprintf(doc, sizeof doc, "term%zu", k);
        ck_assert_int_eq(precis_vectorizer_builder_add(b, doc, strlen(doc), &err), PRECIS_OK);
        labels[k] = malloc(names ? strlen(names[k]) + 1 : 32);
        if (names)
            strcpy(labels[k], names[k]);
        else
            snprintf(labels[k], 32, "L%03zu", k);
    }
    precis_vectorizer *v;
    ck_assert_int_eq(precis_vectorizer_builder_finish(b, &v, NULL, &err), PRECIS_OK);
    precis_vectorizer_builder_free(b);
    precis_logreg *lr = px_calloc(1, sizeof *lr);
    lr->n_features = precis_vectorizer_size(v);
    lr->n_classes = K;
    lr->W = px_calloc(lr->n_features * K, sizeof *lr->W);
    lr->b = px_calloc(K, sizeof *lr->b);
    for (size_t k = 0; k < K; k++) {
        char term[32];
        snprintf(term, sizeof term, "term%zu", k);
        long j = precis_vectorizer_lookup(v, term, strlen(term));
        ck_assert_int_ge(j, 0);
        lr->W[(size_t)j * K + k] = 1.0;
    }
    precis_model *m;
    ck_assert_int_eq(precis_model_new(&m, v, lr, (const char *const *)labels, K, NULL, &err),
                     PRECIS_OK);
    for (size_t k = 0; k < K; k++)
        free(labels[k]);
    free(labels);
    return m;
}

static precis_model *hand_model(size_t K)
{
    return hand_model_named(K, NULL);
}

/* Every label's one document right, then the `errors` pairs (true a, given b). */
static precis_metrics *hand_metrics(size_t K, const size_t (*errors)[2], size_t n_errors)
{
    precis_metrics *mx;
    precis_error err;
    ck_assert_int_eq(precis_metrics_new(&mx, K, &err), PRECIS_OK);
    double *proba = calloc(K, sizeof *proba);
    for (size_t k = 0; k < K; k++) {
        proba[k] = 1;
        precis_metrics_add(mx, (uint32_t)k, proba);
        proba[k] = 0;
    }
    for (size_t e = 0; e < n_errors; e++) {
        proba[errors[e][1]] = 1;
        precis_metrics_add(mx, (uint32_t)errors[e][0], proba);
        proba[errors[e][1]] = 0;
    }
    free(proba);
    precis_metrics_finish(mx);
    return mx;
}

START_TEST(test_sixty_labels_cells_without_numbers)
{
    const size_t K = 60;
    static const size_t errors[][2] = {{3, 4}, {3, 4}, {59, 0}};
    precis_model *m = hand_model(K);
    precis_metrics *mx = hand_metrics(K, errors, 3);
    char *page = render_ok(m, mx, NULL, 0);
    /* Drawn: the 60 diagonal cells and the two off-diagonal ones that are not empty. */
    ck_assert_uint_eq(count(page, "class=\"cell\""), K + 2);
    ck_assert_uint_eq(count(page, "<text class=\"n"), 0);
    ck_assert_uint_eq(count(page, "class=\"bar\""), 3 * K);
    ck_assert_uint_eq(count(page, "<caption>"), K);
    ck_assert_ptr_null(strstr(page, "class=\"note\""));
    ck_assert_ptr_null(strstr(page, "Confusion matrix as a table"));
    free(page);
    precis_metrics_free(mx);
    precis_model_free(m);
}
END_TEST

START_TEST(test_many_labels_focus_on_errors)
{
    const size_t K = 250;
    static const size_t errors[][2] = {{249, 248}, {120, 7}, {120, 7}};
    precis_model *m = hand_model(K);
    precis_metrics *mx = hand_metrics(K, errors, 3);
    char *page = render_ok(m, mx, NULL, 0);
    ck_assert_ptr_nonnull(strstr(page, "class=\"note\">This model has 250 labels"));
    /* 40 labels charted, with numbers; the four in errors among them. */
    ck_assert_uint_eq(count(page, "class=\"cell\""), 40 * 40);
    ck_assert_uint_eq(count(page, "class=\"bar\""), 3 * 40);
    ck_assert_uint_eq(count(page, "<caption>"), 40);
    const char *in_errors[] = {"L249", "L248", "L120", "L007"};
    for (size_t i = 0; i < 4; i++) {
        char caption[32];
        snprintf(caption, sizeof caption, "<caption>%s</caption>", in_errors[i]);
        ck_assert_msg(strstr(page, caption), "%s not charted", in_errors[i]);
    }
    /* The other 36 are the lowest-numbered: L000..L036 without L007. */
    ck_assert_ptr_nonnull(strstr(page, "<caption>L036</caption>"));
    ck_assert_ptr_null(strstr(page, "<caption>L037</caption>"));
    /* The per-label table still lists all 250 (one row header each). */
    ck_assert_uint_eq(count(page, "<tr><th scope=\"row\">L"), K);
    free(page);
    precis_metrics_free(mx);
    precis_model_free(m);
}
END_TEST

START_TEST(test_long_labels_shortened_on_axes)
{
    /* 32 code points, the first two two bytes long. */
    static const char *const names[] = {"\xc3\xa9\xc3\xa9" "abcdefghijklmnopqrstuvwxyz0123", "short"};
    precis_model *m = hand_model_named(2, names);
    precis_metrics *mx = hand_metrics(2, NULL, 0);
    char *page = render_ok(m, mx, NULL, 0);
    ck_assert_uint_eq(count(page, "class=\"cell\""), 4);
    /* On each axis and beside its bars: the first 11 and the last 12 code points
     * around an ellipsis, the full name in a tooltip. */
    const char *cut = ">\xc3\xa9\xc3\xa9" "abcdefghi\xe2\x80\xa6" "stuvwxyz0123<title>"
                      "\xc3\xa9\xc3\xa9" "abcdefghijklmnopqrstuvwxyz0123</title>";
    ck_assert_uint_eq(count(page, cut), 3);
    ck_assert_uint_eq(count(page, ">short<title>short</title>"), 3);
    /* Tables keep the whole name. */
    ck_assert_ptr_nonnull(
        strstr(page, "<caption>\xc3\xa9\xc3\xa9" "abcdefghijklmnopqrstuvwxyz0123</caption>"));
    free(page);
    precis_metrics_free(mx);
    precis_model_free(m);
}
END_TEST

/* ------------------------------------------------------------ failures */

START_TEST(test_full_device_fails_cleanly)
{
    FILE *f = fopen("/dev/full", "w");
    if (!f) {
        fprintf(stderr, "NOTE: no /dev/full here: test_full_device_fails_cleanly skipped\n");
        return;
    }
    precis_error err = {0};
    int rc = precis_report_write_html(f, fx.model, NULL, fx.metrics, "x", LOSS, N_LOSS, &err);
    ck_assert_int_eq(rc, PRECIS_ERR_IO);
    ck_assert_int_eq(err.code, PRECIS_ERR_IO);
    ck_assert_uint_gt(strlen(err.message), 0);
    fclose(f);
}
END_TEST

START_TEST(test_read_only_stream_fails_cleanly)
{
    char *dir = tu_temp_dir();
    char path[4096];
    snprintf(path, sizeof path, "%s/page.html", dir);
    ck_assert_int_eq(tu_write_file(path, "", 0), 0);
    FILE *f = fopen(path, "r");
    ck_assert_ptr_nonnull(f);
    precis_error err = {0};
    ck_assert_int_eq(precis_report_write_html(f, fx.model, NULL, NULL, NULL, NULL, 0, &err),
                     PRECIS_ERR_IO);
    fclose(f);
    tu_remove_tree(dir);
    free(dir);
}
END_TEST

START_TEST(test_bad_arguments)
{
    precis_error err;
    FILE *f = fopen("/dev/null", "w");
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(precis_report_write_html(NULL, fx.model, NULL, NULL, NULL, NULL, 0, &err),
                     PRECIS_ERR_ARG);
    ck_assert_int_eq(precis_report_write_html(f, NULL, NULL, NULL, NULL, NULL, 0, &err),
                     PRECIS_ERR_ARG);
    ck_assert_int_eq(precis_report_write_html(f, fx.model, NULL, NULL, NULL, NULL, 3, &err),
                     PRECIS_ERR_ARG);
    precis_metrics *three;
    ck_assert_int_eq(precis_metrics_new(&three, 3, &err), PRECIS_OK);
    ck_assert_int_eq(precis_report_write_html(f, fx.model, NULL, three, NULL, NULL, 0, &err),
                     PRECIS_ERR_ARG);
    ck_assert_ptr_nonnull(strstr(err.message, "3 classes"));
    precis_metrics_free(three);
    fclose(f);
}
END_TEST

static void alloc_sweep(const precis_model *m, const precis_metrics *mx)
{
    FILE *f = fopen("/dev/null", "w");
    ck_assert_ptr_nonnull(f);
    precis_error err;
    int failures = 0;
    for (long k = 1; k < 100; k++) {
        px_alloc_fail_after(k, 1);
        int rc = precis_report_write_html(f, m, NULL, mx, NULL, LOSS, N_LOSS, &err);
        px_alloc_fail_after(0, 0);
        ck_assert_msg(rc == PRECIS_OK || rc == PRECIS_ERR_NOMEM, "allocation %ld: status %d", k, rc);
        if (rc == PRECIS_OK)
            break;
        failures++;
    }
    ck_assert_int_gt(failures, 0);
    fclose(f);
}

START_TEST(test_allocation_failures)
{
    alloc_sweep(fx.model, fx.metrics);
    precis_model *m = hand_model(250);
    precis_metrics *mx = hand_metrics(250, NULL, 0);
    alloc_sweep(m, mx);
    precis_metrics_free(mx);
    precis_model_free(m);
}
END_TEST

static Suite *report_suite(void)
{
    Suite *s = suite_create("report");
    TCase *page = tcase_create("page");
    tcase_add_checked_fixture(page, setup, teardown);
    tcase_add_test(page, test_page_structure);
    tcase_add_test(page, test_counts_match_the_metrics);
    tcase_add_test(page, test_labels_are_escaped_and_inert);
    tcase_add_test(page, test_nothing_fetched_no_script);
    tcase_add_test(page, test_heaviest_terms_listed);
    tcase_add_test(page, test_optional_parts);
    suite_add_tcase(s, page);
    TCase *many = tcase_create("many_labels");
    tcase_add_test(many, test_sixty_labels_cells_without_numbers);
    tcase_add_test(many, test_many_labels_focus_on_errors);
    tcase_add_test(many, test_long_labels_shortened_on_axes);
    suite_add_tcase(s, many);
    TCase *fail = tcase_create("failures");
    tcase_add_checked_fixture(fail, setup, teardown);
    tcase_add_test(fail, test_full_device_fails_cleanly);
    tcase_add_test(fail, test_read_only_stream_fails_cleanly);
    tcase_add_test(fail, test_bad_arguments);
    tcase_add_test(fail, test_allocation_failures);
    suite_add_tcase(s, fail);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(report_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
