/*
 * atomic.h — output files written whole or not at all (private; the public
 * face is precis_output_check, precis_output_write, precis_temp_files_remove
 * and precis_model_save).
 */
#ifndef PRECIS_ATOMIC_H
#define PRECIS_ATOMIC_H

#include <stdio.h>

#include "precis.h"

/* What the final name may be when it already exists and is not a regular
 * file: a model refuses it (the rename would replace the device); a result
 * file writes straight into it (--metrics /dev/stderr is a wish). */
typedef enum px_out_kind { PX_OUT_MODEL, PX_OUT_RESULT } px_out_kind;

typedef struct px_atomic {
    int fd;     /* the temporary file, or the existing device when direct */
    int direct; /* writing straight into an existing device or FIFO */
    int slot;   /* the temporary name's registry slot (signals), -1 if none */
    const char *path;
    char *tmp;
} px_atomic;


/* Opens the temporary file beside path (mode: the old file's, else new_mode
 * less the umask). On failure nothing is left behind. */
int px_atomic_open(px_atomic *a, const char *path, px_out_kind kind, unsigned new_mode,
                   precis_error *err);
/* Syncs, closes and renames the temporary file over path; on failure removes
 * it and leaves path as it was. Ends a in every case. */
int px_atomic_commit(px_atomic *a, precis_error *err);
/* Closes and removes the temporary file. */
void px_atomic_abort(px_atomic *a);

#endif
