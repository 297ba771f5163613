/*
 * html_parsers.c — the measurement behind precis's choice of HTML parser:
 * libxml2's HTML parser against gumbo, on the pages bench/html_pages.py
 * builds. For each: parse + walk every text node, R times over all pages
 * (pages per second), the text characters each finds (they should agree),
 * and whether a page saved as windows-1252 (declared in a <meta>) comes out
 * as the right UTF-8 ("caf\u00e9"). lexbor is not packaged in Debian 12.
 *
 *   cc -O2 bench/html_parsers.c $(pkg-config --cflags --libs libxml-2.0 gumbo) \
 *      -o html_parsers && ./html_parsers 20 /tmp/pages/[0-9]*.html
 */
#define _POSIX_C_SOURCE 200809L
#include <gumbo.h>
#include <libxml/HTMLparser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long len = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *b = malloc((size_t)len + 1);
    *n = fread(b, 1, (size_t)len, f);
    b[*n] = 0;
    fclose(f);
    return b;
}

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static size_t xml_text(xmlNode *n, int want_cafe, int *cafe)
{
    size_t total = 0;
    for (; n; n = n->next) {
        if (n->type == XML_TEXT_NODE && n->content) {
            total += strlen((const char *)n->content);
            if (want_cafe && strstr((const char *)n->content, "caf\xc3\xa9"))
                *cafe = 1;
        }
        total += xml_text(n->children, want_cafe, cafe);
    }
    return total;
}

static size_t gumbo_text(const GumboNode *n, int want_cafe, int *cafe)
{
    if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_WHITESPACE) {
        if (want_cafe && strstr(n->v.text.text, "caf\xc3\xa9"))
            *cafe = 1;
        return strlen(n->v.text.text);
    }
    if (n->type != GUMBO_NODE_ELEMENT && n->type != GUMBO_NODE_DOCUMENT)
        return 0;
    const GumboVector *c = n->type == GUMBO_NODE_ELEMENT ? &n->v.element.children
                                                         : &n->v.document.children;
    size_t total = 0;
    for (unsigned i = 0; i < c->length; i++)
        total += gumbo_text(c->data[i], want_cafe, cafe);
    return total;
}

static size_t parse_xml(const char *b, size_t n, int want_cafe, int *cafe)
{
    htmlDocPtr d = htmlReadMemory(b, (int)n, NULL, NULL,
                                  HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                                      HTML_PARSE_NONET);
    size_t t = d ? xml_text(xmlDocGetRootElement(d), want_cafe, cafe) : 0;
    xmlFreeDoc(d);
    return t;
}

static size_t parse_gumbo(const char *b, size_t n, int want_cafe, int *cafe)
{
    GumboOutput *o = gumbo_parse_with_options(&kGumboDefaultOptions, b, n);
    size_t t = gumbo_text(o->root, want_cafe, cafe);
    gumbo_destroy_output(&kGumboDefaultOptions, o);
    return t;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: html_parsers REPEATS PAGE...\n");
        return 2;
    }
    int reps = atoi(argv[1]);
    int npages = argc - 2;
    char **pages = malloc(npages * sizeof *pages);
    size_t *lens = malloc(npages * sizeof *lens), bytes = 0;
    for (int i = 0; i < npages; i++) {
        pages[i] = slurp(argv[i + 2], &lens[i]);
        bytes += lens[i];
    }
    static const char cp1252[] =
        "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; "
        "charset=windows-1252\"><title>t</title></head><body><p>caf\xe9 \x93quoted\x94</p>"
        "</body></html>";
    const char *names[] = {"libxml2", "gumbo"};
    size_t (*fns[])(const char *, size_t, int, int *) = {parse_xml, parse_gumbo};
    for (int p = 0; p < 2; p++) {
        size_t chars = 0;
        int dummy = 0, cafe = 0;
        double t0 = now();
        for (int r = 0; r < reps; r++)
            for (int i = 0; i < npages; i++)
                chars += fns[p](pages[i], lens[i], 0, &dummy);
        double dt = now() - t0;
        fns[p](cp1252, sizeof cp1252 - 1, 1, &cafe);
        printf("%-8s %d pages (%.1f MB) x %d: %.3f s, %.0f pages/s, %.1f MB/s, "
               "text chars per pass %zu, windows-1252 page decoded: %s\n",
               names[p], npages, bytes / 1e6, reps, dt, npages * reps / dt,
               bytes * reps / dt / 1e6, chars / reps, cafe ? "yes" : "no");
    }
    return 0;
}
