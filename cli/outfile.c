/*
 * outfile.c — the tools' output files: checked before any work is done (each
 * can be written; none is an input or another output), written whole or not
 * at all through precis_output_write, and their temporary files removed when
 * a signal ends the run.
 *
 * Two paths are "the same file" when they name one existing inode (st_dev,
 * st_ino, which catches hard links and links to an input) or, for a file not
 * created yet, when their folders resolve (realpath) to one folder and their
 * base names match.
 */
#define _DEFAULT_SOURCE /* realpath */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

int cli_output_write(const char *path, cli_output_fill fill, const void *what,
                        precis_error *err)
{
    return precis_output_write(path, fill, what, err);
}

/* path with its folder resolved: "<realpath(dir)>/<base>"; malloc'ed, NULL
 * when the folder does not resolve. */
static char *resolved_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    char *dir = slash ? strndup(path, slash == path ? 1 : (size_t)(slash - path)) : strdup(".");
    char *real = dir ? realpath(dir, NULL) : NULL;
    const char *base = slash ? slash + 1 : path;
    char *out = real ? malloc(strlen(real) + strlen(base) + 2) : NULL;
    if (out)
        sprintf(out, "%s/%s", real, base);
    free(dir);
    free(real);
    return out;
}

int cli_paths_clash(const char *a, const char *b)
{
    if (cli_same_file(a, b))
        return 1;
    char *ra = resolved_name(a), *rb = resolved_name(b);
    int same = ra && rb && strcmp(ra, rb) == 0;
    free(ra);
    free(rb);
    return same;
}

int cli_check_outputs(const char *prog, const char *const *outputs, size_t n_out,
                      const char *const *inputs, size_t n_in)
{
    for (size_t i = 0; i < n_out; i++) {
        if (!outputs[i])
            continue;
        for (size_t j = 0; j < n_in; j++)
            if (inputs[j] && strcmp(inputs[j], "-") != 0 && cli_paths_clash(outputs[i], inputs[j])) {
                cli_fail_usage(prog, "'%s' is an input: refusing to write over it", outputs[i]);
                return 2;
            }
        for (size_t j = 0; j < i; j++)
            if (outputs[j] && cli_paths_clash(outputs[i], outputs[j])) {
                cli_fail_usage(prog, "'%s' and '%s' are the same file: two outputs cannot share "
                               "it", outputs[j], outputs[i]);
                return 2;
            }
    }
    return 0;
}

int cli_check_readable(const char *prog, const char *path)
{
    if (!path || strcmp(path, "-") == 0)
        return 0;
    if (access(path, R_OK) == 0)
        return 0;
    precis_error err = {0};
    cli_error(&err, PRECIS_ERR_IO, "%s: %s", path, strerror(errno));
    return cli_report_error(prog, &err, PRECIS_ERR_IO);
}

int cli_check_writable(const char *prog, const char *path, int is_model)
{
    precis_error err = {0};
    int rc = path ? precis_output_check(path, is_model, &err) : PRECIS_OK;
    return rc == PRECIS_OK ? 0 : cli_report_error(prog, &err, rc);
}

/* A signal that ends the run first removes the temporary file of a save in
 * progress, then ends the process as the signal would have (so the parent
 * sees the signal, not an exit status). */
static void on_fatal_signal(int sig)
{
    precis_temp_files_remove();
    signal(sig, SIG_DFL);
    raise(sig);
}

void cli_signals_install(void)
{
    static const int fatal[] = {SIGINT, SIGTERM, SIGHUP};
    for (size_t i = 0; i < sizeof fatal / sizeof fatal[0]; i++) {
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_fatal_signal;
        sigemptyset(&sa.sa_mask);
        struct sigaction old;
        /* A signal ignored by whoever started us (nohup) stays ignored. */
        if (sigaction(fatal[i], NULL, &old) == 0 && old.sa_handler != SIG_IGN)
            sigaction(fatal[i], &sa, NULL);
    }
    /* A file past `ulimit -f`: the write fails with EFBIG instead of killing
     * the process, and the save's own error path removes its temporary file
     * and says which file could not be written. */
    signal(SIGXFSZ, SIG_IGN);
}
