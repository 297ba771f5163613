/*
 * hash_flood.c — writes the two corpora of bench/hash_flood.sh: 20,000
 * eight-letter terms whose old (unkeyed) hashes share their low 16 bits, and
 * 20,000 ordinary eight-letter terms, each as a TSV corpus of 2,000
 * documents of 100 terms in two labels (every term in 10 documents: each
 * occurrence after the first is a lookup, which probes like an insert).
 *
 *   hash_flood COLLIDING.tsv ORDINARY.tsv
 */
#include <stdio.h>
#include <stdlib.h>

#include "flood_terms.h"

enum { N_TERMS = 20000, PER_DOC = 100, N_DOCS = 2000 };

static void write_corpus(const char *path, char (*terms)[9])
{
    FILE *f = fopen(path, "w");
    if (!f) {
        perror(path);
        exit(1);
    }
    for (size_t d = 0; d < N_DOCS; d++) {
        fputs(d % 2 ? "tech\t" : "sport\t", f);
        for (size_t i = 0; i < PER_DOC; i++)
            fprintf(f, "%s%c", terms[(d * PER_DOC + i * 7919) % N_TERMS],
                    i + 1 < PER_DOC ? ' ' : '\n');
    }
    if (fclose(f) != 0) {
        perror(path);
        exit(1);
    }
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: %s COLLIDING.tsv ORDINARY.tsv\n", argv[0]);
        return 2;
    }
    static char terms[N_TERMS][9];
    flood_terms(terms, N_TERMS, 16);
    write_corpus(argv[1], terms);
    /* Ordinary: every 7th word in counting order, whatever its hash. */
    for (size_t t = 0; t < N_TERMS; t++) {
        uint64_t y = t * 7 + 1000003;
        for (int i = 0; i < 8; i++, y /= 26)
            terms[t][i] = (char)('a' + y % 26);
        terms[t][8] = '\0';
    }
    write_corpus(argv[2], terms);
    return 0;
}
