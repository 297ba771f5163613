/*
 * blas.c — keeping OpenBLAS to the calling thread.
 *
 * libprecis runs its own threads and hands OpenBLAS only pieces too small to
 * split. OpenBLAS's pthread build nevertheless starts a pool when it is
 * loaded, whose idle threads spin on sched_yield for about 0.1 s before they
 * sleep: on a small machine they take a core from precis's own threads at
 * the start of every run. The pool's shutdown function is not part of
 * OpenBLAS's public header, so it is looked up at run time; builds without
 * a pool (serial, OpenMP) simply do not have it.
 */
#define _GNU_SOURCE
#include <cblas.h>
#include <dlfcn.h>

#include "precis.h"

void precis_blas_single_thread(void)
{
    openblas_set_num_threads(1);
    int (*shutdown)(void);
    void *sym = dlsym(RTLD_DEFAULT, "blas_thread_shutdown_");
    /* POSIX allows this conversion of dlsym's result; ISO C does not say. */
    *(void **)&shutdown = sym;
    if (shutdown)
        shutdown();
}
