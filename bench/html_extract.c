/*
 * html_extract.c — precis_html_text on each page named, written to
 * OUT_DIR/<page name>.txt, for bench/boilerplate.sh to score.
 *
 *   html_extract OUT_DIR PAGE...
 */
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "precis.h"

static char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16;
    char *b = malloc(cap);
    *n = 0;
    size_t got;
    while ((got = fread(b + *n, 1, cap - *n, f)) > 0)
        if ((*n += got) == cap)
            b = realloc(b, cap *= 2);
    fclose(f);
    return b;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: html_extract OUT_DIR PAGE...\n");
        return 2;
    }
    for (int i = 2; i < argc; i++) {
        size_t n, out_len;
        char *page = slurp(argv[i], &n), *text;
        precis_error err = {0};
        if (!page || precis_html_text(page, n, &text, &out_len, &err) != PRECIS_OK) {
            fprintf(stderr, "%s: %s\n", argv[i], page ? err.message : "cannot read");
            return 1;
        }
        char *copy = strdup(argv[i]), path[4096];
        snprintf(path, sizeof path, "%s/%s.txt", argv[1], basename(copy));
        FILE *f = fopen(path, "wb");
        if (!f || fwrite(text, 1, out_len, f) != out_len || fclose(f) != 0) {
            fprintf(stderr, "%s: cannot write\n", path);
            return 1;
        }
        free(copy);
        free(text);
        free(page);
    }
    return 0;
}
