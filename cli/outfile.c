/*
 * outfile.c — writing a result file (figures, a report, exported rows) so
 * that any failure names the file, whichever step failed: the open, a
 * buffered write, the flush or the close. (Model files are written
 * atomically by modelfile.c instead.)
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

static int cannot_write(const char *path, const char *why, precis_error *err)
{
    return cli_error(err, PRECIS_ERR_IO, "%s: cannot write: %s", path, why);
}

int cli_output_write(const char *path, cli_output_fill fill, const void *what,
                        precis_error *err)
{
    err->message[0] = '\0';
    FILE *f = fopen(path, "w");
    if (!f)
        return cannot_write(path, strerror(errno), err);
    errno = 0;
    int rc = fill(f, what, err);
    int errnum = errno; /* a write that failed inside fill */
    int failed = fflush(f) != 0;
    if (failed)
        errnum = errno;
    failed |= ferror(f) != 0;
    if (fclose(f) != 0 && !failed) {
        failed = 1;
        errnum = errno;
    }
    if (rc == PRECIS_ERR_IO || (rc == PRECIS_OK && failed))
        return cannot_write(path, errnum ? strerror(errnum) : "write error", err);
    if (rc != PRECIS_OK && !err->message[0]) /* fill said what failed, or this does */
        return cli_error(err, rc, "%s: cannot write: %s", path, precis_status_string(rc));
    return rc;
}
