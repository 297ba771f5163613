/*
 * model_path.c — where precis-infer finds its model when given no -m:
 * $PRECIS_MODEL; else the model installed beside this executable
 * (<bindir>/../share/precis/news.model, found from /proc/self/exe, so an
 * installed tree still works after it is moved or installed with
 * --prefix); else the configure-time install path; else, only for the
 * precis-infer of the build tree itself, the source tree's model. An
 * installed precis-infer never falls back to the source tree.
 */
#define _DEFAULT_SOURCE /* realpath */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "infer.h"

#ifndef PRECIS_DEFAULT_MODEL
#define PRECIS_DEFAULT_MODEL "news.model"
#endif
#ifndef PRECIS_MODEL_FROM_BINDIR
#define PRECIS_MODEL_FROM_BINDIR "../share/precis/news.model"
#endif

/* This executable's folder into dir; 0, or -1 when it cannot be told. */
static int exe_dir(char *dir, size_t size)
{
    ssize_t n = readlink("/proc/self/exe", dir, size - 1);
    if (n <= 0 || (size_t)n >= size - 1)
        return -1;
    dir[n] = '\0';
    char *slash = strrchr(dir, '/');
    if (!slash)
        return -1;
    *slash = '\0';
    return 0;
}

const char *default_model_path(void)
{
    static char beside[PATH_MAX + 64];
    const char *env = getenv("PRECIS_MODEL");
    if (env && *env)
        return env;
    char dir[PATH_MAX];
    if (exe_dir(dir, sizeof dir) == 0) {
        snprintf(beside, sizeof beside, "%s/%s", dir, PRECIS_MODEL_FROM_BINDIR);
        if (access(beside, R_OK) == 0)
            return beside;
#if defined(PRECIS_BUILD_BINDIR) && defined(PRECIS_SOURCE_MODEL)
        char build[PATH_MAX];
        if (realpath(PRECIS_BUILD_BINDIR, build) && strcmp(dir, build) == 0 &&
            access(PRECIS_DEFAULT_MODEL, R_OK) != 0)
            return PRECIS_SOURCE_MODEL;
#endif
    }
    return PRECIS_DEFAULT_MODEL;
}
