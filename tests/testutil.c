/* testutil.c — file and path helpers for the Check tests. */
#define _XOPEN_SOURCE 700
#include "testutil.h"

#include <check.h>
#include <fcntl.h>
#include <stdarg.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

const char *tu_pathf(const char *fmt, ...)
{
    static char buf[256][4096];
    static int slot;
    char *out = buf[slot++ % 256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(out, 4096, fmt, ap);
    va_end(ap);
    return out;
}

static const char *join(const char *base, const char *rel)
{
    static char buf[8][4096];
    static int slot;
    char *out = buf[slot++ % 8];
    snprintf(out, 4096, "%s/%s", base ? base : ".", rel);
    return out;
}

const char *tu_source_path(const char *rel) { return join(getenv("PRECIS_SOURCE_DIR"), rel); }
const char *tu_build_path(const char *rel) { return join(getenv("PRECIS_BUILD_DIR"), rel); }

const char *tu_dataset(const char *sub)
{
    const char *base = getenv("PRECIS_DATASETS");
    if (!base || !*base)
        base = getenv("PRECIS_DATASETS_DEFAULT");
    if (!base)
        base = "../shared/datasets";
    const char *p = join(base, sub);
    struct stat st;
    if (stat(p, &st) != 0) {
        char why[4200];
        snprintf(why, sizeof why, "data set %s is absent (set PRECIS_DATASETS)", p);
        tu_skip(why);
        return NULL;
    }
    return p;
}

#define SKIP_RECORD_ENV "PRECIS_TEST_SKIP_RECORD"

void tu_skip(const char *why)
{
    fprintf(stderr, "SKIPPED: %s\n", why);
    const char *record = getenv(SKIP_RECORD_ENV);
    if (record && *record) {
        int fd = open(record, O_WRONLY | O_CREAT | O_APPEND, 0600);
        if (fd >= 0) {
            (void)!write(fd, "s", 1);
            close(fd);
        }
    }
}

int tu_run(Suite *suite)
{
    /* The record is made by tu_skip in the (forked) test process and looked
     * for here, after the run. */
    char *dir = tu_temp_dir();
    char record[4200];
    snprintf(record, sizeof record, "%s/skipped", dir ? dir : "/nonexistent");
    setenv(SKIP_RECORD_ENV, record, 1);
    SRunner *sr = srunner_create(suite);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    struct stat st;
    int skipped = stat(record, &st) == 0;
    unsetenv(SKIP_RECORD_ENV);
    tu_remove_tree(dir);
    free(dir);
    if (failed)
        return EXIT_FAILURE;
    if (skipped)
        fprintf(stderr, "SKIPPED: some tests checked nothing (see the lines above)\n");
    return skipped ? TU_SKIPPED : EXIT_SUCCESS;
}

char *tu_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    size_t got;
    while (buf && (got = fread(buf + n, 1, cap - n - 1, f)) > 0) {
        n += got;
        if (cap - n - 1 == 0) {
            char *nb = realloc(buf, cap * 2);
            if (!nb) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = nb;
            cap *= 2;
        }
    }
    fclose(f);
    if (!buf)
        return NULL;
    buf[n] = '\0';
    if (len)
        *len = n;
    return buf;
}

int tu_write_file(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    int ok = fwrite(data, 1, len, f) == len;
    return (fclose(f) == 0 && ok) ? 0 : -1;
}

char *tu_temp_dir(void)
{
    const char *tmp = getenv("TMPDIR");
    char tmpl[4096];
    snprintf(tmpl, sizeof tmpl, "%s/precis-test-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(tmpl))
        return NULL;
    return strdup(tmpl);
}

static int remove_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    return remove(path);
}

void tu_remove_tree(const char *path)
{
    if (path)
        nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}
