/* tu_tool.h — running a built tool as a user runs it, for the Check tests
 * that test the command-line tools (test_cli_bad, test_reliability), and
 * forging model files whose checksums hold.
 *
 * A run forks and execs the tool with its own stdin/stdout/stderr files in
 * the folder given to tu_tool_dir, under the limits `tu_how` asks for, with a
 * deadline; it fails the running test when the tool hangs, dies of a signal,
 * cannot be run, or a sanitizer (or, under tests/valgrind.sh, valgrind)
 * reports an error. */
#ifndef PRECIS_TU_TOOL_H
#define PRECIS_TU_TOOL_H

#include <stddef.h>
#include <stdint.h>

typedef struct tu_how {
    const char *stdin_path;  /* NULL: /dev/null */
    const char *stdout_path; /* NULL: captured into tu_outcome.out */
    int closed_pipe;         /* stdout: a pipe nobody reads any more */
    int as_nobody;           /* drop root, so permissions bite */
    long fsize_limit;        /* > 0: RLIMIT_FSIZE, a disk that fills after this many bytes */
    int keep_sigxfsz;        /* with fsize_limit: SIGXFSZ kills (else writes fail, EFBIG) */
    int cap_memory;          /* ASan: single allocations over 256 MiB abort;
                                else a 4 GiB address-space limit */
    long as_limit_mb;        /* > 0: this address-space limit instead (not under ASan) */
    int deadline;            /* seconds; 0: 120 (x20 under valgrind) */
} tu_how;

typedef struct tu_outcome {
    int exited, status, signal, timed_out;
    long maxrss_kb;
    char *out, *err;
} tu_outcome;

/* The folder for the runs' stdout/stderr files (once, before any run). */
void tu_tool_dir(const char *dir);
/* PRECIS_UNDER_VALGRIND is set (tests/valgrind.sh): tools run under valgrind. */
int tu_under_valgrind(void);
/* Runs argv[0] with argv; h may be NULL (no limits). */
void tu_tool_run_argv(tu_outcome *o, const tu_how *h, char *const argv[]);
/* Runs tool with the NULL-terminated arguments that follow. */
void tu_tool_run(tu_outcome *o, const tu_how *h, const char *tool, ...);
void tu_outcome_free(tu_outcome *o);
/* Runs a shell command line (popen): its stdout into *out (malloc'ed; out
 * may be NULL), its exit status returned (128 + signal when killed). For the
 * tests that build a command with redirections; no limits, no deadline. */
int tu_shell(const char *cmd, char **out);
/* Files in dir whose name holds ".tmp-" (atomic writes' temporaries). */
size_t tu_count_temp_files(const char *dir);

/* Model files (docs/MODEL_FORMAT.md): little-endian words, zlib's CRC-32,
 * and recomputing every section's and the header's CRC after an edit. */
uint32_t tu_get32(const unsigned char *p);
void tu_put32(unsigned char *p, uint32_t x);
uint32_t tu_crc32(const unsigned char *p, size_t n);
void tu_model_reseal(unsigned char *b, size_t len);

#endif
