/*
 * alloc.c — checked allocation with failure injection for tests.
 *
 * Invariant: with injection off (the default) these are plain malloc/realloc,
 * plus overflow checks on n * size. The injection counters are atomics, so the
 * hook is safe while worker threads allocate.
 */
#include "base/alloc.h"

#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static atomic_long fail_countdown; /* 0: off */
static atomic_int fail_sticky;
static atomic_long alloc_count;

static int should_fail(void)
{
    atomic_fetch_add(&alloc_count, 1);
    long c = atomic_load(&fail_countdown);
    if (c <= 0)
        return 0;
    c = atomic_fetch_sub(&fail_countdown, 1);
    if (c == 1) {
        if (atomic_load(&fail_sticky))
            atomic_store(&fail_countdown, 1); /* stays at "fail next" */
        else
            atomic_store(&fail_countdown, 0);
        return 1;
    }
    return 0;
}

void px_alloc_fail_after(long countdown, int sticky)
{
    atomic_store(&alloc_count, 0);
    atomic_store(&fail_sticky, sticky);
    atomic_store(&fail_countdown, countdown > 0 ? countdown : 0);
}

long px_alloc_count(void) { return atomic_load(&alloc_count); }

void *px_malloc(size_t size)
{
    if (should_fail())
        return NULL;
    return malloc(size ? size : 1);
}

void *px_calloc(size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size)
        return NULL;
    if (should_fail())
        return NULL;
    return calloc(n ? n : 1, size ? size : 1);
}

void *px_malloc_array(size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size)
        return NULL;
    return px_malloc(n * size);
}

void *px_realloc_array(void *p, size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size)
        return NULL;
    if (should_fail())
        return NULL;
    size_t bytes = n * size;
    return realloc(p, bytes ? bytes : 1);
}

char *px_strndup(const char *s, size_t n)
{
    char *d = px_malloc(n + 1);
    if (d) {
        memcpy(d, s, n);
        d[n] = '\0';
    }
    return d;
}

char *px_strdup(const char *s) { return px_strndup(s, strlen(s)); }

void px_free(void *p) { free(p); }
