/*
 * alloc.h — the library's only way to get memory (private).
 *
 * Every allocation in libprecis goes through these wrappers so that tests can
 * make the Nth allocation fail and check that each path unwinds cleanly with
 * PRECIS_ERR_NOMEM and no leak. Sizes are overflow-checked here, once.
 */
#ifndef PRECIS_ALLOC_H
#define PRECIS_ALLOC_H

#include <stddef.h>

void *px_malloc(size_t size);
void *px_calloc(size_t n, size_t size);
/* n * size bytes, NULL on overflow. */
void *px_malloc_array(size_t n, size_t size);
void *px_realloc_array(void *p, size_t n, size_t size);
char *px_strndup(const char *s, size_t n);
char *px_strdup(const char *s);
void px_free(void *p);

/* Test hook: the countdown-th allocation from now on fails (and every one after
 * it while `sticky`); a countdown of 0 disables injection. Thread-safe. */
void px_alloc_fail_after(long countdown, int sticky);
/* Allocations made since the hook was last set (to size an injection sweep). */
long px_alloc_count(void);

#endif
