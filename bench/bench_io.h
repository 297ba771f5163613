/* bench_io.h — what the benchmark programs under bench/ share (included by
 * summarize_bbc.c and summary_features.c, which their scripts compile
 * directly): reading a whole file. */
#ifndef PRECIS_BENCH_IO_H
#define PRECIS_BENCH_IO_H

#include <stdio.h>
#include <stdlib.h>

/* The file's bytes, NUL-terminated, length in *len; NULL when it cannot be
 * read or memory runs out. */
static char *bench_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0, got;
    char *buf = malloc(cap + 1);
    while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            char *b = realloc(buf, 2 * cap + 1);
            if (!b) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = b;
            cap *= 2;
        }
    }
    fclose(f);
    if (buf) {
        buf[n] = '\0';
        *len = n;
    }
    return buf;
}

#endif
