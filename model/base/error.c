/*
 * error.c — status strings and the formatting of errors and warnings.
 */
#include "base/error.h"

#include <stdarg.h>
#include <stdio.h>

const char *precis_status_string(int code)
{
    switch (code) {
    case PRECIS_OK: return "success";
    case PRECIS_ERR_NOMEM: return "out of memory";
    case PRECIS_ERR_IO: return "input/output error";
    case PRECIS_ERR_FORMAT: return "malformed input";
    case PRECIS_ERR_ARG: return "invalid argument";
    case PRECIS_ERR_LIMIT: return "size limit exceeded";
    case PRECIS_ERR_CORRUPT: return "corrupt model file";
    case PRECIS_ERR_VERSION: return "unsupported model file version";
    case PRECIS_ERR_EMPTY: return "nothing to work on";
    default: return "unknown error";
    }
}

int px_error(precis_error *err, int code, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->message, sizeof err->message, fmt, ap);
        va_end(ap);
        err->code = code;
    }
    return code;
}

void px_warn(precis_warn_fn fn, void *ctx, const char *where, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    px_vwarn(fn, ctx, where, fmt, ap);
    va_end(ap);
}

void px_vwarn(precis_warn_fn fn, void *ctx, const char *where, const char *fmt, va_list ap)
{
    if (!fn)
        return;
    char msg[512];
    vsnprintf(msg, sizeof msg, fmt, ap);
    fn(ctx, where ? where : "", msg);
}
