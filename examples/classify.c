/*
 * classify.c — libprecis from a program of your own: load a model, read an
 * article from standard input, print its label, its probability and a
 * two-sentence summary.
 *
 *   cc classify.c $(pkg-config --cflags --libs precis) -o classify
 *   ./classify /usr/local/share/precis/news.model < article.txt
 *
 * (With a prefix the dynamic linker does not search, add
 * -Wl,-rpath,$(pkg-config --variable=libdir precis), or run ldconfig after
 * installing to /usr/local.)
 */
#include <precis.h>
#include <stdio.h>
#include <stdlib.h>

static char *read_stdin(size_t *len)
{
    size_t cap = 1 << 16, n = 0, got;
    char *buf = malloc(cap);
    while (buf && (got = fread(buf + n, 1, cap - n, stdin)) > 0)
        if ((n += got) == cap) {
            char *grown = realloc(buf, cap *= 2);
            if (!grown)
                free(buf);
            buf = grown;
        }
    *len = n;
    return buf;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s MODEL < ARTICLE\n", argv[0]);
        return 2;
    }
    precis_error err = {0};
    precis_model *m = NULL;
    precis_analysis *a = NULL;
    precis_summary_sentence *s = NULL;
    size_t len, n = 0;
    char *text = read_stdin(&len);
    precis_summary_options so;
    precis_summary_options_default(&so);
    so.sentences = 2;
    int rc = text ? precis_model_load(&m, argv[1], &err) : PRECIS_ERR_NOMEM;
    if (rc == PRECIS_OK)
        rc = precis_analysis_new(&a, m, text, len, &err);
    if (rc == PRECIS_OK)
        rc = precis_analysis_classify(a, &err);
    if (rc == PRECIS_OK)
        rc = precis_analysis_summarize(a, &so, &s, &n, &err);
    if (rc == PRECIS_OK) {
        size_t k = precis_analysis_label(a);
        printf("%s %.3f\n", precis_model_label(m, k), precis_analysis_proba(a)[k]);
        const precis_article *art = precis_analysis_article(a);
        for (size_t i = 0; i < n; i++) {
            const precis_sentence *t = &art->sentences[s[i].index];
            printf("  %.*s\n", (int)t->len, art->text + t->start);
        }
    } else {
        fprintf(stderr, "%s: %s\n", argv[0], err.message);
    }
    free(s);
    precis_analysis_free(a);
    precis_model_free(m);
    free(text);
    return rc == PRECIS_OK ? 0 : 1;
}
