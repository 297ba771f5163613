/*
 * report.c — a trained model as one self-contained HTML page for people: the
 * confusion matrix as a heat map, per-class precision/recall/F1 as bars, the
 * training loss by iteration, and each label's heaviest terms.
 *
 * Owns the page's layout and its charts, drawn here as inline SVG. The page
 * fetches nothing and runs no script (its Content-Security-Policy forbids
 * both), so it reads the same offline, as a mail attachment or a CI artifact.
 *
 * Invariants:
 *  - Every string that comes from data (title, source, labels, terms) goes
 *    through put_text(), which escapes & < > " ' and turns control characters
 *    and malformed UTF-8 into U+FFFD: nothing a label holds can open a tag or
 *    leave an attribute.
 *  - The page stays readable and bounded whatever the number of labels: up to
 *    NUMBERED_MAX labels the heat map prints counts in its cells; up to
 *    CHARTED_MAX it shows every label (colour only, counts in each cell's
 *    tooltip, empty cells not drawn); above, the charts and term lists cover
 *    the FOCUS_LABELS labels most involved in errors, and the per-class table
 *    still lists every label.
 *  - stdio's error flag is sticky, so the writes are checked once, at the end
 *    (ferror, then fflush for what is still buffered).
 */
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/error.h"
#include "precis.h"
#include "text/text.h"

#define NUMBERED_MAX 40
#define CHARTED_MAX 200
#define FOCUS_LABELS 40
#define TOP_TERMS 20
#define AXIS_LABEL_CHARS 24 /* longer labels are shortened on chart axes */
#define GLYPH_EM 0.6        /* average sans-serif glyph width, for layout */

typedef struct page {
    FILE *out;
    const precis_model *m;
    const precis_metrics *mx; /* NULL: no evaluation section */
    size_t *shown;            /* the labels charts show, in label order */
    size_t n_shown;
} page;

static const char STYLE[] =
    "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,'Helvetica Neue',Arial,"
    "sans-serif;color:#1a1a1a;background:#fff;margin:1.5rem auto;max-width:1120px;"
    "padding:0 1rem;line-height:1.45}\n"
    "h1{font-size:1.6rem;margin:0 0 .3rem}\n"
    "h2{font-size:1.25rem;margin-top:2.2rem;border-bottom:1px solid #ddd;padding-bottom:.2rem}\n"
    "dl.facts{display:grid;grid-template-columns:max-content auto;gap:.1rem 1.2rem}\n"
    "dl.facts dt{font-weight:600}dl.facts dd{margin:0}\n"
    "figure{margin:1.2rem 0;overflow-x:auto}\n"
    "figcaption{font-size:.92rem;color:#444;margin-top:.3rem;max-width:62rem}\n"
    "svg{display:block}svg text{font-family:inherit;fill:#1a1a1a}\n"
    "svg text.n{pointer-events:none}svg text.light{fill:#fff}\n"
    "table{border-collapse:collapse;font-size:.9rem}\n"
    "th,td{padding:.12rem .5rem;text-align:left;vertical-align:top}\n"
    "thead th{border-bottom:1px solid #bbb}\n"
    ".num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}\n"
    "tbody tr:nth-child(even){background:#f5f6f8}\n"
    "details{margin:.5rem 0}summary{cursor:pointer;color:#0b5394}\n"
    ".scroll{overflow-x:auto}\n"
    ".terms{display:grid;grid-template-columns:repeat(auto-fill,minmax(230px,1fr));gap:1rem}\n"
    ".terms table{width:100%;font-size:.85rem}\n"
    ".terms caption{text-align:left;font-weight:600;padding:.2rem .5rem;overflow-wrap:anywhere}\n"
    ".terms td:first-child{overflow-wrap:anywhere}\n"
    ".barcell{width:44px;padding-right:0}\n"
    ".wbar{display:block;height:.55rem;background:#0072b2;margin-top:.35rem}\n"
    ".note{background:#fff8e1;border-left:4px solid #e0a800;padding:.4rem .8rem}\n"
    "footer{margin-top:2.5rem;font-size:.85rem;color:#666}\n";

/* ------------------------------------------------------------ writing */

static void put(const page *p, const char *s)
{
    fputs(s, p->out);
}

__attribute__((format(printf, 2, 3))) static void putf(const page *p, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfprintf(p->out, fmt, ap);
    va_end(ap);
}

/* One code point of text, safe in HTML text and in quoted attribute values. */
static void put_code_point(FILE *out, int32_t cp, const char *bytes, size_t len)
{
    switch (cp) {
    case '&': fputs("&amp;", out); return;
    case '<': fputs("&lt;", out); return;
    case '>': fputs("&gt;", out); return;
    case '"': fputs("&quot;", out); return;
    case '\'': fputs("&#39;", out); return;
    case '\t': case '\n': case '\r': fputc(' ', out); return;
    default: break;
    }
    if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || cp == 0xFFFD)
        fputs("\xef\xbf\xbd", out); /* also what a malformed byte decodes to */
    else
        fwrite(bytes, 1, len, out);
}

/* Roughly how many average glyphs wide a code point is: East Asian wide
 * characters take two. */
static size_t glyph_units(int32_t cp)
{
    int wide = (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
               (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
               (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
               (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD);
    return wide ? 2 : 1;
}

static size_t count_chars(const char *s)
{
    size_t n = strlen(s), chars = 0;
    int32_t cp;
    for (size_t i = 0; i < n; chars++)
        i += px_utf8_next(s + i, n - i, &cp);
    return chars;
}

/* Data text, escaped. Longer than max_chars code points (0: no limit), its
 * middle gives way to an ellipsis: labels often differ only at their start
 * ("comp.sys.mac...") or their end ("...hardware"), so both ends are kept. */
static void put_text(const page *p, const char *s, size_t max_chars)
{
    size_t n = strlen(s), chars = 0, total = count_chars(s);
    size_t head = total, tail_from = total;
    if (max_chars && total > max_chars) {
        head = (max_chars - 1) / 2;
        tail_from = total - (max_chars - 1 - head);
    }
    for (size_t i = 0; i < n; chars++) {
        int32_t cp;
        size_t len = px_utf8_next(s + i, n - i, &cp);
        if (chars == head && head < tail_from)
            fputs("\xe2\x80\xa6", p->out);
        if (chars < head || chars >= tail_from)
            put_code_point(p->out, cp, s + i, len);
        i += len;
    }
}

static void put_label(const page *p, size_t k, size_t max_chars)
{
    put_text(p, precis_model_label(p->m, k), max_chars);
}

/* Glyph units of s as put_text(s, max_chars) shows it (at most: the
 * widest max_chars of its characters). */
static size_t text_units(const char *s, size_t max_chars)
{
    size_t n = strlen(s), chars = 0, wide = 0;
    int32_t cp;
    for (size_t i = 0; i < n; chars++) {
        i += px_utf8_next(s + i, n - i, &cp);
        wide += glyph_units(cp) - 1;
    }
    size_t shown = chars < max_chars ? chars : max_chars;
    return shown + (wide < shown ? wide : shown);
}

/* Width in pixels of the widest shown label on an axis, at font size `font`. */
static double label_width(const page *p, double font)
{
    size_t widest = 1;
    for (size_t i = 0; i < p->n_shown; i++) {
        size_t u = text_units(precis_model_label(p->m, p->shown[i]), AXIS_LABEL_CHARS);
        if (u > widest)
            widest = u;
    }
    return (double)widest * font * GLYPH_EM;
}

static double finite_or_zero(double x)
{
    return isfinite(x) ? x : 0.0;
}

/* ------------------------------------------------------------ which labels */

typedef struct ranked {
    size_t score, index;
} ranked;

static int by_score_then_index(const void *a, const void *b)
{
    const ranked *x = a, *y = b;
    if (x->score != y->score)
        return x->score < y->score ? 1 : -1;
    return (x->index > y->index) - (x->index < y->index);
}

static int by_index(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return (x > y) - (x < y);
}

/* How often label k took part in an error: its documents given another label,
 * plus other labels' documents given k. */
static size_t errors_involving(const precis_metrics *mx, size_t k)
{
    /* From the per-class counts, so it holds without the K^2 matrix too. */
    return (mx->support[k] - mx->true_positives[k]) + (mx->predicted[k] - mx->true_positives[k]);
}

/* Every label when they are few enough to draw, else the FOCUS_LABELS most
 * involved in errors (without figures: the first FOCUS_LABELS). */
static int pick_shown(page *p, precis_error *err)
{
    size_t K = precis_model_n_labels(p->m);
    p->n_shown = K <= CHARTED_MAX ? K : FOCUS_LABELS;
    p->shown = px_malloc_array(p->n_shown, sizeof *p->shown);
    ranked *r = K > CHARTED_MAX ? px_malloc_array(K, sizeof *r) : NULL;
    if (!p->shown || (K > CHARTED_MAX && !r)) {
        px_free(r);
        px_free(p->shown);
        p->shown = NULL;
        return px_error(err, PRECIS_ERR_NOMEM, "out of memory");
    }
    if (!r) {
        for (size_t k = 0; k < K; k++)
            p->shown[k] = k;
        return PRECIS_OK;
    }
    for (size_t k = 0; k < K; k++)
        r[k] = (ranked){p->mx ? errors_involving(p->mx, k) : 0, k};
    qsort(r, K, sizeof *r, by_score_then_index);
    for (size_t i = 0; i < p->n_shown; i++)
        p->shown[i] = r[i].index;
    qsort(p->shown, p->n_shown, sizeof *p->shown, by_index);
    px_free(r);
    return PRECIS_OK;
}

static void put_focus_note(const page *p)
{
    size_t K = precis_model_n_labels(p->m);
    if (p->n_shown == K)
        return;
    if (!p->mx) {
        putf(p, "<p class=\"note\">This model has %zu labels: the term lists below show the first "
                "%zu.</p>\n", K, p->n_shown);
        return;
    }
    putf(p, "<p class=\"note\">This model has %zu labels: the charts and term lists below show the "
            "%zu labels most involved in errors (the heat map's columns are those labels only; "
            "its colours are still shares of whole rows). The table of per-label figures lists "
            "every label.</p>\n", K, p->n_shown);
}

/* ------------------------------------------------------------ page frame */

static void put_head(const page *p, const char *title)
{
    put(p, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
           "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
           "style-src 'unsafe-inline'\">\n"
           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
           "<meta name=\"generator\" content=\"precis " PRECIS_VERSION_STRING "\">\n<title>");
    put_text(p, title, 0);
    putf(p, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<main>\n<h1>", STYLE);
    put_text(p, title, 0);
    put(p, "</h1>\n");
}

static void put_model_facts(const page *p)
{
    const precis_vectorizer *v = precis_model_vectorizer(p->m);
    const precis_feature_options *fo = precis_vectorizer_options(v);
    const precis_logreg *lr = precis_model_logreg(p->m);
    put(p, "<section aria-labelledby=\"model\">\n<h2 id=\"model\">Model</h2>\n<dl class=\"facts\">\n");
    putf(p, "<dt>Labels</dt><dd>%zu</dd>\n", precis_model_n_labels(p->m));
    putf(p, "<dt>Vocabulary</dt><dd>%zu terms (word %d- to %d-grams)</dd>\n", precis_vectorizer_size(v),
         fo->ngram_min, fo->ngram_max);
    putf(p, "<dt>Training documents</dt><dd>%zu</dd>\n", precis_vectorizer_n_documents(v));
    const char *unit = precis_model_fit_unit(p->m);
    if (unit)
        putf(p, "<dt>Solver</dt><dd>one-vs-rest dual coordinate descent, %s; at most %d passes "
                "for a %s</dd>\n",
             lr->converged ? "converged" : "some stopped at the pass limit", lr->iterations, unit);
    else
        putf(p, "<dt>Solver</dt><dd>%s after %d iterations, objective %.6g</dd>\n",
             lr->converged ? "converged" : "stopped (iteration limit)", lr->iterations,
             lr->objective);
    put(p, "</dl>\n</section>\n");
}

static void put_footer(const page *p)
{
    put(p, "</main>\n<footer>Made by precis " PRECIS_VERSION_STRING
           ". Charts are drawn in the page; it loads nothing and runs no script.</footer>\n"
           "</body>\n</html>\n");
}

/* ------------------------------------------------------------ heat map */

/* Share of a row, 0..1, to a sequential blue (ColorBrewer Blues' ends and middle). */
static void heat_colour(double v, char out[8])
{
    static const double stops[3][3] = {{247, 251, 255}, {107, 174, 214}, {8, 48, 107}};
    v = v < 0 ? 0 : v > 1 ? 1 : v;
    int s = v < 0.5 ? 0 : 1;
    double t = v < 0.5 ? v * 2 : (v - 0.5) * 2;
    int rgb[3];
    for (int c = 0; c < 3; c++)
        rgb[c] = (int)lround(stops[s][c] + t * (stops[s + 1][c] - stops[s][c]));
    snprintf(out, 8, "#%02x%02x%02x", rgb[0], rgb[1], rgb[2]);
}

typedef struct grid_geometry {
    double cell, left, top, font, size;
    int numbered;
} grid_geometry;

static void put_heat_cell(const page *p, const grid_geometry *g, size_t row, size_t col)
{
    size_t K = p->mx->n_classes, t = p->shown[row], c = p->shown[col];
    size_t count = p->mx->confusion[t * K + c], total = p->mx->support[t];
    if (count == 0 && !g->numbered)
        return; /* the background shows through */
    double share = total ? (double)count / (double)total : 0.0, x = g->left + col * g->cell,
           y = g->top + row * g->cell;
    char fill[8];
    heat_colour(share, fill);
    putf(p, "<rect class=\"cell\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\">"
            "<title>true ", x, y, g->cell, g->cell, fill);
    put_label(p, t, 0);
    put(p, ", predicted ");
    put_label(p, c, 0);
    putf(p, ": %zu (%.1f%% of the row)</title></rect>\n", count, 100 * share);
    if (!g->numbered)
        return;
    int digits = snprintf(NULL, 0, "%zu", count);
    double font = fmin(g->font, (g->cell - 4) / (digits * GLYPH_EM));
    putf(p, "<text class=\"n%s\" x=\"%.1f\" y=\"%.1f\" font-size=\"%.1f\" text-anchor=\"middle\" "
            "dominant-baseline=\"central\">%zu</text>\n",
         share > 0.55 ? " light" : "", x + g->cell / 2, y + g->cell / 2, font, count);
}

static void put_heat_axes(const page *p, const grid_geometry *g)
{
    putf(p, "<g font-size=\"%.0f\">\n", g->font);
    for (size_t i = 0; i < p->n_shown; i++) {
        double mid = g->top + (i + 0.5) * g->cell;
        putf(p, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" dominant-baseline=\"central\">",
             g->left - 6, mid);
        put_label(p, p->shown[i], AXIS_LABEL_CHARS);
        put(p, "<title>");
        put_label(p, p->shown[i], 0);
        put(p, "</title></text>\n");
        double x = g->left + (i + 0.5) * g->cell, y = g->top + g->size + 6;
        putf(p, "<text transform=\"translate(%.1f %.1f) rotate(-45)\" text-anchor=\"end\" "
                "dominant-baseline=\"central\">", x, y);
        put_label(p, p->shown[i], AXIS_LABEL_CHARS);
        put(p, "<title>");
        put_label(p, p->shown[i], 0);
        put(p, "</title></text>\n");
    }
    put(p, "</g>\n");
}

static void put_heat_legend(const page *p, const grid_geometry *g)
{
    double x = g->left + g->size + 24, h = fmin(g->size, 220);
    char lo[8], mid[8], hi[8];
    heat_colour(0, lo);
    heat_colour(0.5, mid);
    heat_colour(1, hi);
    putf(p, "<defs><linearGradient id=\"heat-scale\" x1=\"0\" y1=\"1\" x2=\"0\" y2=\"0\">"
            "<stop offset=\"0\" stop-color=\"%s\"/><stop offset=\"0.5\" stop-color=\"%s\"/>"
            "<stop offset=\"1\" stop-color=\"%s\"/></linearGradient></defs>\n", lo, mid, hi);
    putf(p, "<rect x=\"%.1f\" y=\"%.1f\" width=\"14\" height=\"%.1f\" fill=\"url(#heat-scale)\" "
            "stroke=\"#999\"/>\n", x, g->top, h);
    for (int i = 0; i <= 4; i++)
        putf(p, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" dominant-baseline=\"central\">%d%%"
                "</text>\n", x + 19, g->top + h * (1 - i / 4.0), 25 * i);
    putf(p, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\">of row</text>\n", x, g->top + h + 16);
}

static void put_heatmap(const page *p)
{
    if (!p->mx->confusion) {
        putf(p, "<p>No confusion heat map: %zu labels are more than the %d a confusion matrix "
                "is kept for.</p>\n", p->mx->n_classes, PRECIS_CONFUSION_MAX_CLASSES);
        return;
    }
    grid_geometry g;
    size_t n = p->n_shown;
    g.numbered = n <= NUMBERED_MAX;
    g.font = g.numbered ? 12 : 10;
    g.cell = g.numbered ? fmax(20, fmin(64, 720.0 / n)) : fmax(12, 640.0 / n);
    g.size = g.cell * n;
    double label_w = label_width(p, g.font);
    g.left = label_w + 40;
    g.top = 12;
    double width = g.left + g.size + 90, height = g.top + g.size + label_w * 0.72 + 44;
    putf(p, "<figure>\n<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"heatmap\" width=\"%.0f\" "
            "height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" role=\"img\" aria-labelledby=\"heat-title "
            "heat-desc\">\n", width, height, width, height);
    put(p, "<title id=\"heat-title\">Confusion matrix</title>\n<desc id=\"heat-desc\">Rows are the "
           "true labels, columns the predicted labels; a cell's colour is its share of the row's "
           "documents. The same counts are in the table below the figure.</desc>\n");
    putf(p, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#f7fbff\" "
            "stroke=\"#bbb\"/>\n", g.left, g.top, g.size, g.size);
    for (size_t r = 0; r < n; r++)
        for (size_t c = 0; c < n; c++)
            put_heat_cell(p, &g, r, c);
    put_heat_axes(p, &g);
    putf(p, "<text transform=\"translate(14 %.1f) rotate(-90)\" text-anchor=\"middle\" "
            "font-size=\"13\" font-weight=\"600\">True label</text>\n", g.top + g.size / 2);
    putf(p, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" font-size=\"13\" "
            "font-weight=\"600\">Predicted label</text>\n", g.left + g.size / 2, height - 8);
    put_heat_legend(p, &g);
    put(p, "</svg>\n<figcaption>Confusion matrix: each row is a true label, each column the label "
           "the model gave; colour is the share of the row's documents");
    put(p, g.numbered ? ", and the numbers are document counts."
                      : " (counts in each cell's tooltip and in the table below).");
    put(p, " A good model is dark on the diagonal.</figcaption>\n</figure>\n");
}

/* ------------------------------------------------------------ bars */

static const char *const SCORE_NAMES[3] = {"precision", "recall", "F1"};
static const char *const SCORE_COLOURS[3] = {"#0072b2", "#e69f00", "#009e73"}; /* Okabe-Ito */

static double score_of(const precis_metrics *mx, int s, size_t k)
{
    const double *v = s == 0 ? mx->precision : s == 1 ? mx->recall : mx->f1;
    return finite_or_zero(v[k]);
}

static void put_bar_group(const page *p, size_t i, double left, double y, double plot, double bar)
{
    size_t k = p->shown[i];
    putf(p, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" dominant-baseline=\"central\">",
         left - 8, y + 1.5 * bar);
    put_label(p, k, AXIS_LABEL_CHARS);
    put(p, "<title>");
    put_label(p, k, 0);
    put(p, "</title></text>\n");
    for (int s = 0; s < 3; s++) {
        double v = score_of(p->mx, s, k);
        v = v < 0 ? 0 : v > 1 ? 1 : v;
        putf(p, "<rect class=\"bar\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.0f\" fill=\"%s\">"
                "<title>", left, y + bar * s, v * plot, bar, SCORE_COLOURS[s]);
        put_label(p, k, 0);
        putf(p, ": %s %.4f</title></rect>\n", SCORE_NAMES[s], v);
    }
    putf(p, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" dominant-baseline=\"central\">F1 %.3f"
            "</text>\n", left + plot + 8, y + 1.5 * bar, score_of(p->mx, 2, k));
}

static void put_bars(const page *p)
{
    const double bar = p->n_shown <= NUMBERED_MAX ? 7 : 5, group = 3 * bar + 10, plot = 520,
                 top = 40, font = 12;
    double left = label_width(p, font) + 16, width = left + plot + 70,
           height = top + group * p->n_shown + 44;
    putf(p, "<figure>\n<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"bars\" width=\"%.0f\" "
            "height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" role=\"img\" aria-labelledby=\"bars-title "
            "bars-desc\" font-size=\"%.0f\">\n", width, height, width, height, font);
    put(p, "<title id=\"bars-title\">Precision, recall and F1 by label</title>\n<desc id=\"bars-desc\">"
           "Three horizontal bars per label, from 0 to 1: precision, recall and F1. The same "
           "figures are in the table below the figure.</desc>\n");
    for (int s = 0; s < 3; s++) {
        double x = left + 130.0 * s;
        putf(p, "<rect x=\"%.1f\" y=\"8\" width=\"14\" height=\"14\" fill=\"%s\"/>"
                "<text x=\"%.1f\" y=\"15\" dominant-baseline=\"central\">%s</text>\n",
             x, SCORE_COLOURS[s], x + 20, SCORE_NAMES[s]);
    }
    double bottom = top + group * p->n_shown;
    for (int t = 0; t <= 5; t++) {
        double x = left + plot * t / 5.0;
        putf(p, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>"
                "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%.1f</text>\n",
             x, top - 4, x, bottom, t ? "#e3e3e3" : "#888", x, bottom + 16, t / 5.0);
    }
    for (size_t i = 0; i < p->n_shown; i++)
        put_bar_group(p, i, left, top + group * i, plot, bar);
    putf(p, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" font-weight=\"600\">score</text>\n",
         left + plot / 2, bottom + 36);
    put(p, "</svg>\n<figcaption>Per-label precision (of the documents given the label, the share "
           "that had it), recall (of the documents that had it, the share found) and F1 (their "
           "harmonic mean).</figcaption>\n</figure>\n");
}

/* ------------------------------------------------------------ tables */

static void put_class_table(const page *p)
{
    const precis_metrics *mx = p->mx;
    put(p, "<details>\n<summary>Per-label figures as a table</summary>\n<div class=\"scroll\">"
           "<table>\n<thead><tr><th scope=\"col\">label</th><th scope=\"col\" class=\"num\">"
           "precision</th><th scope=\"col\" class=\"num\">recall</th><th scope=\"col\" "
           "class=\"num\">F1</th><th scope=\"col\" class=\"num\">support</th></tr></thead>\n<tbody>\n");
    for (size_t k = 0; k < mx->n_classes; k++) {
        put(p, "<tr><th scope=\"row\">");
        put_label(p, k, 0);
        putf(p, "</th><td class=\"num\">%.4f</td><td class=\"num\">%.4f</td><td class=\"num\">%.4f"
                "</td><td class=\"num\">%zu</td></tr>\n", score_of(mx, 0, k), score_of(mx, 1, k),
             score_of(mx, 2, k), mx->support[k]);
    }
    put(p, "</tbody>\n</table></div>\n</details>\n");
}

static void put_confusion_table(const page *p)
{
    size_t K = p->mx->n_classes;
    put(p, "<details>\n<summary>Confusion matrix as a table</summary>\n<div class=\"scroll\">"
           "<table>\n<thead><tr><th scope=\"col\">true \\ predicted</th>");
    for (size_t c = 0; c < K; c++) {
        put(p, "<th scope=\"col\" class=\"num\">");
        put_label(p, c, 0);
        put(p, "</th>");
    }
    put(p, "</tr></thead>\n<tbody>\n");
    for (size_t t = 0; t < K; t++) {
        put(p, "<tr><th scope=\"row\">");
        put_label(p, t, 0);
        put(p, "</th>");
        for (size_t c = 0; c < K; c++)
            putf(p, "<td class=\"num\">%zu</td>", p->mx->confusion[t * K + c]);
        put(p, "</tr>\n");
    }
    put(p, "</tbody>\n</table></div>\n</details>\n");
}

static void put_reliability(const page *p);

static void put_evaluation(const page *p, const char *source)
{
    const precis_metrics *mx = p->mx;
    put(p, "<section aria-labelledby=\"evaluation\">\n<h2 id=\"evaluation\">Evaluation</h2>\n"
           "<dl class=\"facts\">\n<dt>Measured on</dt><dd>");
    put_text(p, source ? source : "(not stated)", 0);
    if (mx->multi_label) { /* label sets: no confusion cell, no single confidence */
        putf(p, "</dd>\n<dt>Documents</dt><dd>%zu</dd>\n<dt>Micro-F1</dt><dd>%.4f "
                "(precision %.4f, recall %.4f)</dd>\n<dt>Macro-F1</dt><dd>%.4f</dd>\n"
                "<dt>Subset accuracy</dt><dd>%.4f</dd>\n<dt>Hamming loss</dt><dd>%.6f</dd>\n"
                "</dl>\n", mx->n, finite_or_zero(mx->micro_f1),
             finite_or_zero(mx->micro_precision), finite_or_zero(mx->micro_recall),
             finite_or_zero(mx->macro_f1), finite_or_zero(mx->subset_accuracy),
             finite_or_zero(mx->hamming_loss));
        put_bars(p);
        put_class_table(p);
        put(p, "</section>\n");
        return;
    }
    putf(p, "</dd>\n<dt>Documents</dt><dd>%zu</dd>\n<dt>Accuracy</dt><dd>%.4f</dd>\n"
            "<dt>Macro-F1</dt><dd>%.4f</dd>\n<dt>Log-loss</dt><dd>%.4f</dd>\n"
            "<dt>Expected calibration error</dt><dd>%.4f</dd>\n</dl>\n",
         mx->n, finite_or_zero(mx->accuracy), finite_or_zero(mx->macro_f1),
         finite_or_zero(mx->log_loss), finite_or_zero(mx->ece));
    put_focus_note(p);
    put_heatmap(p);
    if (mx->n_classes <= NUMBERED_MAX && mx->confusion)
        put_confusion_table(p);
    put_bars(p);
    put_class_table(p);
    put_reliability(p);
    put(p, "</section>\n");
}

/* ------------------------------------------------------------ loss chart */

typedef struct axis {
    double lo, hi, step;
} axis;

/* A step of 1, 2 or 5 times a power of ten giving about `ticks` intervals. */
static axis nice_axis(double lo, double hi, int ticks, double min_step)
{
    if (!(hi > lo)) {
        double pad = lo != 0 ? fabs(lo) * 0.05 : 1;
        lo -= pad;
        hi += pad;
    }
    double raw = (hi - lo) / ticks, mag = pow(10, floor(log10(raw))), f = raw / mag;
    axis a;
    a.step = fmax(min_step, (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10) * mag);
    a.lo = floor(lo / a.step) * a.step;
    a.hi = ceil(hi / a.step) * a.step;
    return a;
}

static int axis_ticks(const axis *a)
{
    return (int)lround((a->hi - a->lo) / a->step);
}

typedef struct plot_area {
    double left, top, width, height;
    axis x, y;
} plot_area;

static double px_x(const plot_area *pa, double v)
{
    return pa->left + (v - pa->x.lo) / (pa->x.hi - pa->x.lo) * pa->width;
}

static double px_y(const plot_area *pa, double v)
{
    return pa->top + (pa->y.hi - v) / (pa->y.hi - pa->y.lo) * pa->height;
}

static void put_loss_axes(const page *p, const plot_area *pa)
{
    double bottom = pa->top + pa->height;
    for (int i = 0; i <= axis_ticks(&pa->y); i++) {
        double v = pa->y.lo + i * pa->y.step, y = px_y(pa, v);
        putf(p, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#e3e3e3\"/>"
                "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" dominant-baseline=\"central\">%g"
                "</text>\n", pa->left, y, pa->left + pa->width, y, pa->left - 6, y,
             fabs(v) < pa->y.step * 1e-9 ? 0.0 : v);
    }
    for (int i = 0; i <= axis_ticks(&pa->x); i++) {
        double v = pa->x.lo + i * pa->x.step, x = px_x(pa, v);
        putf(p, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#888\"/>"
                "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%g</text>\n",
             x, bottom, x, bottom + 5, x, bottom + 18, v);
    }
    putf(p, "<path d=\"M%.1f %.1fV%.1fH%.1f\" fill=\"none\" stroke=\"#888\"/>\n", pa->left, pa->top,
         bottom, pa->left + pa->width);
    putf(p, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" font-weight=\"600\">iteration</text>\n",
         pa->left + pa->width / 2, bottom + 38);
    putf(p, "<text transform=\"translate(16 %.1f) rotate(-90)\" text-anchor=\"middle\" "
            "font-weight=\"600\">objective</text>\n", pa->top + pa->height / 2);
}

static void put_loss_line(const page *p, const plot_area *pa, const double *loss, size_t n)
{
    put(p, "<polyline class=\"loss\" fill=\"none\" stroke=\"#0072b2\" stroke-width=\"2\" points=\"");
    for (size_t i = 0; i < n; i++)
        if (isfinite(loss[i]))
            putf(p, "%s%.1f,%.1f", i ? " " : "", px_x(pa, (double)(i + 1)), px_y(pa, loss[i]));
    put(p, "\"/>\n");
    for (size_t i = 0; n <= 60 && i < n; i++)
        if (isfinite(loss[i]))
            putf(p, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"#0072b2\"><title>iteration %zu: "
                    "%.6g</title></circle>\n", px_x(pa, (double)(i + 1)), px_y(pa, loss[i]), i + 1,
                 loss[i]);
}

static void put_loss_chart(const page *p, const double *loss, size_t n)
{
    double lo = INFINITY, hi = -INFINITY;
    size_t first = n, last = 0;
    for (size_t i = 0; i < n; i++)
        if (isfinite(loss[i])) {
            lo = fmin(lo, loss[i]);
            hi = fmax(hi, loss[i]);
            first = first < i ? first : i;
            last = i;
        }
    put(p, "<section aria-labelledby=\"training\">\n<h2 id=\"training\">Training</h2>\n");
    if (!isfinite(lo)) {
        put(p, "<p>No finite objective values were recorded.</p>\n</section>\n");
        return;
    }
    plot_area pa = {80, 14, 600, 280, nice_axis(1, (double)n, 8, 1), nice_axis(lo, hi, 5, 0)};
    double width = pa.left + pa.width + 24, height = pa.top + pa.height + 50;
    putf(p, "<figure>\n<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"losschart\" width=\"%.0f\" "
            "height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" role=\"img\" aria-labelledby=\"loss-title "
            "loss-desc\" font-size=\"11\">\n", width, height, width, height);
    putf(p, "<title id=\"loss-title\">Training objective by iteration</title>\n<desc id=\"loss-desc\">"
            "The objective went from %.6g at iteration %zu to %.6g at iteration %zu.</desc>\n",
         loss[first], first + 1, loss[last], last + 1);
    put_loss_axes(p, &pa);
    put_loss_line(p, &pa, loss, n);
    putf(p, "</svg>\n<figcaption>The solver's objective (C &#215; the sum of log-losses + "
            "&#8214;W&#8214;&#178;/2) after each of its %zu iterations: it should fall and "
            "level off.</figcaption>\n</figure>\n</section>\n", n);
}

/* ------------------------------------------------------------ reliability diagram */

/* One bin of the reliability diagram: a bar as high as the share predicted
 * right, and a tick at the mean top probability (where the bar would end if
 * the probabilities meant what they say). Empty bins draw nothing. */
static void put_reliability_bin(const page *p, const plot_area *pa, size_t b)
{
    const precis_metrics *mx = p->mx;
    size_t n = mx->calib_count[b];
    if (!n)
        return;
    double lo = (double)b / PRECIS_CALIBRATION_BINS, hi = (double)(b + 1) / PRECIS_CALIBRATION_BINS;
    double acc = (double)mx->calib_correct[b] / (double)n, conf = mx->calib_confidence[b] / (double)n;
    double x0 = px_x(pa, lo) + 1, x1 = px_x(pa, hi) - 1, y = px_y(pa, acc);
    putf(p, "<rect class=\"rbin\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#0072b2\">"
            "<title>top probability %.1f-%.1f: %zu documents, mean %.3f, right %.3f</title></rect>\n",
         x0, y, x1 - x0, pa->top + pa->height - y, lo, hi, n, conf, acc);
    putf(p, "<rect class=\"rconf\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"3\" fill=\"#d55e00\"/>\n",
         x0, px_y(pa, conf) - 1.5, x1 - x0);
}

static void put_reliability_axes(const page *p, const plot_area *pa)
{
    double bottom = pa->top + pa->height;
    for (int i = 0; i <= 5; i++) {
        double v = i / 5.0;
        putf(p, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#e3e3e3\"/>"
                "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" dominant-baseline=\"central\">%g</text>"
                "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%g</text>\n",
             pa->left, px_y(pa, v), pa->left + pa->width, px_y(pa, v), pa->left - 6, px_y(pa, v), v,
             px_x(pa, v), bottom + 18, v);
    }
    putf(p, "<path d=\"M%.1f %.1fV%.1fH%.1f\" fill=\"none\" stroke=\"#888\"/>\n", pa->left, pa->top,
         bottom, pa->left + pa->width);
    putf(p, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#888\" "
            "stroke-dasharray=\"4 3\"/>\n", px_x(pa, 0), px_y(pa, 0), px_x(pa, 1), px_y(pa, 1));
    putf(p, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" font-weight=\"600\">top probability"
            "</text>\n", pa->left + pa->width / 2, bottom + 38);
    putf(p, "<text transform=\"translate(16 %.1f) rotate(-90)\" text-anchor=\"middle\" "
            "font-weight=\"600\">share right</text>\n", pa->top + pa->height / 2);
}

static void put_reliability(const page *p)
{
    axis unit = {0, 1, 0.2};
    plot_area pa = {60, 14, 320, 260, unit, unit};
    double width = pa.left + pa.width + 24, height = pa.top + pa.height + 50;
    putf(p, "<figure>\n<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"reliability\" width=\"%.0f\" "
            "height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" role=\"img\" aria-labelledby=\"rel-title "
            "rel-desc\" font-size=\"11\">\n", width, height, width, height);
    putf(p, "<title id=\"rel-title\">Reliability diagram</title>\n<desc id=\"rel-desc\">Expected "
            "calibration error %.4f over %zu documents.</desc>\n", finite_or_zero(p->mx->ece), p->mx->n);
    put_reliability_axes(p, &pa);
    for (size_t b = 0; b < PRECIS_CALIBRATION_BINS; b++)
        put_reliability_bin(p, &pa, b);
    putf(p, "</svg>\n<figcaption>Reliability: documents binned by their top probability; each bar "
            "is the share of its bin given the right label, the orange tick the bin's mean top "
            "probability. Calibrated probabilities put the bars on the dashed diagonal; expected "
            "calibration error (the documents' mean gap) %.4f.</figcaption>\n</figure>\n",
         finite_or_zero(p->mx->ece));
}

/* ------------------------------------------------------------ terms */

static void put_term_card(const page *p, size_t k)
{
    precis_term_weight top[TOP_TERMS];
    size_t n = precis_model_top_terms(p->m, k, TOP_TERMS, top);
    double heaviest = n ? fmax(top[0].weight, 1e-300) : 1;
    put(p, "<table>\n<caption>");
    put_label(p, k, 0);
    put(p, "</caption>\n<thead><tr><th scope=\"col\">term</th><th scope=\"col\" class=\"num\" "
           "colspan=\"2\">weight</th></tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < n; i++) {
        double w = finite_or_zero(top[i].weight), bar = w > 0 ? 44 * w / heaviest : 0;
        put(p, "<tr><td>");
        put_text(p, top[i].term, 0);
        putf(p, "</td><td class=\"barcell\"><span class=\"wbar\" style=\"width:%.0fpx\"></span></td>"
                "<td class=\"num\">%.3f</td></tr>\n", bar, w);
    }
    if (n == 0)
        put(p, "<tr><td colspan=\"3\">(no terms)</td></tr>\n");
    put(p, "</tbody>\n</table>\n");
}

static void put_terms(const page *p)
{
    putf(p, "<section aria-labelledby=\"terms\">\n<h2 id=\"terms\">Heaviest terms</h2>\n<p>For each "
            "label, the %d terms with the largest weights: the words and phrases whose presence "
            "most pulls a document toward it.</p>\n", TOP_TERMS);
    if (!p->mx)
        put_focus_note(p);
    put(p, "<div class=\"terms\">\n");
    for (size_t i = 0; i < p->n_shown; i++)
        put_term_card(p, p->shown[i]);
    put(p, "</div>\n</section>\n");
}

/* ------------------------------------------------------------ the page */

int precis_report_write_html(FILE *out, const precis_model *m, const char *title,
                             const precis_metrics *metrics, const char *metrics_source,
                             const double *loss, size_t n_loss, precis_error *err)
{
    if (!out || !m || (n_loss && !loss))
        return px_error(err, PRECIS_ERR_ARG, "report: no stream, model or loss values");
    if (metrics && metrics->n_classes != precis_model_n_labels(m))
        return px_error(err, PRECIS_ERR_ARG, "report: figures for %zu classes, model has %zu labels",
                        metrics->n_classes, precis_model_n_labels(m));
    page p = {out, m, metrics, NULL, 0};
    int rc = pick_shown(&p, err);
    if (rc != PRECIS_OK)
        return rc;
    put_head(&p, title ? title : "precis model report");
    put_model_facts(&p);
    if (metrics)
        put_evaluation(&p, metrics_source);
    if (n_loss)
        put_loss_chart(&p, loss, n_loss);
    put_terms(&p);
    put_footer(&p);
    px_free(p.shown);
    if (ferror(out) || fflush(out) != 0)
        return px_error(err, PRECIS_ERR_IO, "writing the HTML report failed");
    return PRECIS_OK;
}
