/*
 * error.h — filling a caller's precis_error (private).
 */
#ifndef PRECIS_ERROR_H
#define PRECIS_ERROR_H

#include <stdarg.h>

#include "precis.h"

/* Sets err (if non-NULL) and returns code, so callers can `return px_error(...)`. */
int px_error(precis_error *err, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Formats a warning and hands it to the caller's precis_warn_fn, if any. */
void px_warn(precis_warn_fn fn, void *ctx, const char *where, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* px_warn with the arguments as a va_list. */
void px_vwarn(precis_warn_fn fn, void *ctx, const char *where, const char *fmt, va_list ap);

#endif
