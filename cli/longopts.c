/*
 * longopts.c — long options spelled out in full. getopt_long takes any
 * unambiguous prefix ("--summary" for "--summary-only"), so a script that
 * works today breaks, or silently changes meaning, when an option is added
 * later; and it says only "invalid option" for a typo. Both tools check
 * their arguments here first: a long option must be written in full, and an
 * unknown one is named with the nearest real one ("did you mean --ngram?").
 *
 * Invariant: only arguments before "--" that start with "--" are judged; the
 * value following an option that takes one (as a separate word) is skipped.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

/* Levenshtein distance of a and b, bounded (both at most 63 bytes used). */
static size_t distance(const char *a, const char *b)
{
    size_t n = strlen(a), m = strlen(b), row[64];
    if (n > 63)
        n = 63;
    if (m > 63)
        m = 63;
    for (size_t j = 0; j <= m; j++)
        row[j] = j;
    for (size_t i = 1; i <= n; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= m; j++) {
            size_t up = row[j];
            size_t best = diag + (a[i - 1] != b[j - 1]);
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[m];
}

/* The option name nearest to name: a longer name it starts, else the one
 * at the smallest edit distance if that is at most 3; NULL if none. */
static const char *nearest(const struct option *table, const char *name)
{
    const char *best = NULL;
    size_t best_d = 4, len = strlen(name);
    for (const struct option *o = table; o->name; o++) {
        if (strncmp(o->name, name, len) == 0)
            return o->name;
        size_t d = distance(name, o->name);
        if (d < best_d) {
            best_d = d;
            best = o->name;
        }
    }
    return best;
}

int cli_check_long_options(const char *prog, int argc, char **argv, const struct option *table)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--") == 0)
            break;
        if (strncmp(a, "--", 2) != 0)
            continue;
        char name[128];
        size_t n = strcspn(a + 2, "=");
        snprintf(name, sizeof name, "%.*s", (int)(n < 127 ? n : 127), a + 2);
        const struct option *o = table;
        while (o->name && strcmp(o->name, name) != 0)
            o++;
        if (o->name) {
            if (o->has_arg == required_argument && a[2 + n] != '=')
                i++; /* its value */
            continue;
        }
        const char *near = nearest(table, name);
        if (near)
            cli_fail_usage(prog, "unknown option --%s (did you mean --%s?)", name, near);
        else
            cli_fail_usage(prog, "unknown option --%s", name);
        return 2;
    }
    return 0;
}
