/* test_blas.c — precis_blas_single_thread leaves the process with no
 * OpenBLAS threads (its idle pool would spin on a core precis's own threads
 * need), and BLAS still computes, level 1 to level 3, afterwards. Runs
 * without Check's fork, since a forked child has one thread whatever the
 * parent had. */
#include <cblas.h>
#include <check.h>
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "precis.h"

/* Threads of this process, from /proc/self/task; -1 where there is no /proc. */
static int thread_count(void)
{
    DIR *d = opendir("/proc/self/task");
    if (!d)
        return -1;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        n += e->d_name[0] != '.';
    closedir(d);
    return n;
}

/* The thread count once it has come down to `want`, waiting up to 10 s: an
 * OpenBLAS thread that pthread_join has seen exit can still be listed in
 * /proc for a moment while the kernel reaps it (a count read at once failed
 * about one run in six under ctest -j2). */
static int settled_thread_count(int want)
{
    struct timespec tick = {0, 1000000}; /* 1 ms */
    int n = thread_count();
    for (int i = 0; i < 10000 && n > want; i++) {
        nanosleep(&tick, NULL);
        n = thread_count();
    }
    return n;
}

START_TEST(test_no_blas_threads_left)
{
    int before = thread_count();
    if (before < 0) {
        fprintf(stderr, "NOTE: no /proc/self/task: thread counts not checked\n");
        return;
    }
    if (before == 1)
        fprintf(stderr, "NOTE: this OpenBLAS started no thread pool (serial build?)\n");
    precis_blas_single_thread();
    ck_assert_int_eq(settled_thread_count(1), 1);
    precis_blas_single_thread(); /* twice is harmless */
    ck_assert_int_eq(settled_thread_count(1), 1);
}
END_TEST

START_TEST(test_blas_computes_afterwards)
{
    precis_blas_single_thread();
    enum { N = 300 }; /* large enough that a threaded OpenBLAS would split it */
    static double a[N * N], b[N * N], c[N * N];
    for (int i = 0; i < N * N; i++) {
        a[i] = (double)(i % 7) - 3.0;
        b[i] = (double)(i % 5) - 2.0;
    }
    double dot = 0;
    for (int i = 0; i < N; i++)
        dot += a[i] * b[i];
    ck_assert(fabs(cblas_ddot(N, a, 1, b, 1) - dot) < 1e-9);
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, N, N, N, 1.0, a, N, b, N, 0.0, c, N);
    for (int i = 0; i < N; i += 37)
        for (int j = 0; j < N; j += 41) {
            double want = 0;
            for (int k = 0; k < N; k++)
                want += a[i * N + k] * b[k * N + j];
            ck_assert_msg(fabs(c[i * N + j] - want) < 1e-9, "c[%d][%d] = %g, want %g", i, j,
                          c[i * N + j], want);
        }
    int n = settled_thread_count(1);
    ck_assert(n == 1 || n == -1);
}
END_TEST

static Suite *blas_suite(void)
{
    Suite *s = suite_create("blas");
    TCase *tc = tcase_create("blas");
    tcase_add_test(tc, test_no_blas_threads_left);
    tcase_add_test(tc, test_blas_computes_afterwards);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(blas_suite());
    srunner_set_fork_status(sr, CK_NOFORK);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
