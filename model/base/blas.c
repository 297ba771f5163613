/*
 * blas.c — keeping OpenBLAS to the calling thread.
 *
 * libprecis runs its own threads and hands OpenBLAS only pieces too small to
 * split. OpenBLAS's pthread build nevertheless starts a pool when it is
 * loaded, whose idle threads spin on sched_yield for about 0.1 s before they
 * sleep: on a small machine they take a core from precis's own threads at
 * the start of every run.
 *
 * Why not only OpenBLAS's public API: openblas_set_num_threads(1) (public,
 * called first) makes later calls single-threaded but leaves the pool's
 * threads alive and spinning; OPENBLAS_NUM_THREADS=1 would stop the pool
 * from starting, but OpenBLAS reads it in a library constructor, before any
 * code of ours runs; and Debian's serial OpenBLAS is chosen system-wide
 * (update-alternatives), not by a program. So the pool's own shutdown,
 * blas_thread_shutdown_ (exported by OpenBLAS's pthread builds, which call
 * it around fork(), but absent from cblas.h), is looked up at run time.
 * Builds without a pool (serial, OpenMP) or without that symbol simply do
 * not have it, and keep the public behaviour. tests/test_blas.c checks that
 * no OpenBLAS thread is left and that BLAS still computes afterwards.
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
