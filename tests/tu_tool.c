/* tu_tool.c — runs a built tool for the Check tests (tu_tool.h) and forges
 * model files. Owns: the child's descriptors and limits, the deadline, the
 * checks every run makes (no hang, no signal, no sanitizer or valgrind
 * report), and the model file's CRC arithmetic. One copy, so that the tool
 * tests cannot drift apart in what "ran cleanly" means. */
#define _GNU_SOURCE /* wait4 */
#include "tu_tool.h"

#include <check.h>
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "testutil.h"

#define MAX_ARGS 32

static const char *g_run_dir = "/tmp";

void tu_tool_dir(const char *dir) { g_run_dir = dir; }

int tu_under_valgrind(void) { return getenv("PRECIS_UNDER_VALGRIND") != NULL; }

static void limit(int resource, rlim_t bytes)
{
    struct rlimit rl = {bytes, bytes};
    if (setrlimit(resource, &rl) != 0)
        _exit(126);
}

static void child(const tu_how *h, char *const argv[], const char *out_path,
                  const char *err_path, int pipe_write)
{
    static const tu_how none;
    if (!h)
        h = &none;
    int in = open(h->stdin_path ? h->stdin_path : "/dev/null", O_RDONLY);
    int out = pipe_write >= 0 ? pipe_write
                              : open(h->stdout_path ? h->stdout_path : out_path,
                                     O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int err = open(err_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (in < 0 || out < 0 || err < 0 || dup2(in, 0) < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0)
        _exit(126);
    if (h->fsize_limit > 0) {
        /* Ignored SIGXFSZ stays ignored across exec: writes past the limit
         * then fail with EFBIG, as they fail with ENOSPC on a full disk. */
        signal(SIGXFSZ, h->keep_sigxfsz ? SIG_DFL : SIG_IGN);
        limit(RLIMIT_FSIZE, (rlim_t)h->fsize_limit);
    }
    /* Valgrind and ASan reserve address space of their own: a limit would
     * fail them, not the tool. */
    if (!tu_under_valgrind()) {
        if (h->cap_memory && UNDER_ASAN)
            setenv("ASAN_OPTIONS", "detect_leaks=1:max_allocation_size_mb=256:"
                                   "allocator_may_return_null=0", 1);
        else if (h->cap_memory)
            limit(RLIMIT_AS, (rlim_t)4 << 30);
        else if (h->as_limit_mb > 0 && !UNDER_ASAN)
            limit(RLIMIT_AS, (rlim_t)h->as_limit_mb << 20);
    }
    if (h->as_nobody && geteuid() == 0 && (setgid(65534) != 0 || setuid(65534) != 0))
        _exit(126);
    execv(argv[0], argv);
    _exit(127);
}

/* Removes valgrind's own lines ("==PID== ...") from a tool's stderr, so the
 * checks see what the tool said. */
static void drop_valgrind_lines(char *text)
{
    char *out = text;
    for (char *line = text; *line;) {
        char *end = strchr(line, '\n');
        size_t len = end ? (size_t)(end - line) + 1 : strlen(line);
        size_t digits = strspn(line + 2, "0123456789");
        int ours = strncmp(line, "==", 2) == 0 && digits > 0 && strncmp(line + 2 + digits, "==", 2) == 0;
        if (!ours) {
            memmove(out, line, len);
            out += len;
        }
        line += len;
    }
    *out = '\0';
}

/* Waits for pid, killing it at the deadline; its status and rusage. */
static void wait_with_deadline(tu_outcome *o, pid_t pid, int deadline)
{
    struct timespec start, now, nap = {0, 5 * 1000 * 1000};
    clock_gettime(CLOCK_MONOTONIC, &start);
    int status = 0;
    struct rusage ru;
    for (;;) {
        pid_t got = wait4(pid, &status, WNOHANG, &ru);
        ck_assert_int_ge(got, 0);
        if (got == pid)
            break;
        clock_gettime(CLOCK_MONOTONIC, &now);
        if (now.tv_sec - start.tv_sec > deadline && !o->timed_out) {
            o->timed_out = 1;
            kill(pid, SIGKILL);
        }
        nanosleep(&nap, NULL);
    }
    o->exited = WIFEXITED(status);
    o->status = o->exited ? WEXITSTATUS(status) : -1;
    o->signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
    o->maxrss_kb = ru.ru_maxrss;
}

static void check_ran_cleanly(const tu_outcome *o, char *const argv[], int deadline)
{
    ck_assert_msg(!o->timed_out, "%s hung (killed after %d s); stderr:\n%s", argv[0], deadline,
                  o->err);
    ck_assert_msg(o->exited, "%s died of signal %d; stderr:\n%s", argv[0], o->signal, o->err);
    ck_assert_msg(o->status != 126 && o->status != 127, "could not run %s", argv[0]);
    ck_assert_msg(!strstr(o->err, "ERROR: AddressSanitizer") && !strstr(o->err, "runtime error:") &&
                      !strstr(o->err, "ERROR: LeakSanitizer"),
                  "%s: sanitizer report:\n%s", argv[0], o->err);
    if (tu_under_valgrind()) {
        for (const char *p = o->err; (p = strstr(p, "ERROR SUMMARY: ")) != NULL; p++)
            ck_assert_msg(p[15] == '0', "%s: valgrind report:\n%s", argv[0], o->err);
        drop_valgrind_lines(o->err);
    }
}

void tu_tool_run_argv(tu_outcome *o, const tu_how *h, char *const argv[])
{
    static int counter;
    memset(o, 0, sizeof *o);
    const char *out_path = tu_pathf("%s/run%d.out", g_run_dir, counter);
    const char *err_path = tu_pathf("%s/run%d.err", g_run_dir, counter++);
    int fds[2] = {-1, -1};
    if (h && h->closed_pipe) {
        ck_assert_int_eq(pipe(fds), 0);
        close(fds[0]); /* the reader has gone before the first write */
    }
    fflush(NULL);
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0)
        child(h, argv, out_path, err_path, fds[1]);
    if (fds[1] >= 0)
        close(fds[1]);
    int deadline = (h && h->deadline ? h->deadline : 120) * (tu_under_valgrind() ? 20 : 1);
    wait_with_deadline(o, pid, deadline);
    int no_out = h && (h->stdout_path || h->closed_pipe);
    o->out = no_out ? strdup("") : tu_read_file(out_path, NULL);
    o->err = tu_read_file(err_path, NULL);
    ck_assert_ptr_nonnull(o->out);
    ck_assert_ptr_nonnull(o->err);
    check_ran_cleanly(o, argv, deadline);
}

void tu_tool_run(tu_outcome *o, const tu_how *h, const char *tool, ...)
{
    char *argv[MAX_ARGS];
    int n = 0;
    argv[n++] = (char *)tool;
    va_list ap;
    va_start(ap, tool);
    const char *a;
    while ((a = va_arg(ap, const char *)) != NULL) {
        ck_assert_int_lt(n, MAX_ARGS - 1);
        argv[n++] = (char *)a;
    }
    va_end(ap);
    argv[n] = NULL;
    tu_tool_run_argv(o, h, argv);
}

void tu_outcome_free(tu_outcome *o)
{
    free(o->out);
    free(o->err);
}

int tu_shell(const char *cmd, char **out)
{
    fflush(NULL);
    FILE *p = popen(cmd, "r");
    ck_assert_ptr_nonnull(p);
    size_t cap = 1 << 16, n = 0, got;
    char *buf = malloc(cap);
    ck_assert_ptr_nonnull(buf);
    while ((got = fread(buf + n, 1, cap - n - 1, p)) > 0) {
        n += got;
        if (cap - n - 1 == 0) {
            buf = realloc(buf, cap *= 2);
            ck_assert_ptr_nonnull(buf);
        }
    }
    buf[n] = '\0';
    int status = pclose(p);
    if (out)
        *out = buf;
    else
        free(buf);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

size_t tu_count_temp_files(const char *dir)
{
    DIR *d = opendir(dir);
    ck_assert_ptr_nonnull(d);
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        n += strstr(e->d_name, ".tmp-") != NULL;
    closedir(d);
    return n;
}

uint32_t tu_get32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

void tu_put32(unsigned char *p, uint32_t x)
{
    for (int i = 0; i < 4; i++)
        p[i] = (unsigned char)(x >> (8 * i));
}

/* zlib's CRC-32, bit by bit: the tests forge files, they need no speed. */
uint32_t tu_crc32(const unsigned char *p, size_t n)
{
    uint32_t c = 0xFFFFFFFFu;
    for (size_t i = 0; i < n; i++) {
        c ^= p[i];
        for (int k = 0; k < 8; k++)
            c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1)));
    }
    return ~c;
}

/* Header 20 bytes, n 28-byte entries (tag, flags, offset u64, length u64,
 * crc), then the header CRC (docs/MODEL_FORMAT.md). Entries whose range
 * lies outside the file keep their CRC (a test forged them so). */
void tu_model_reseal(unsigned char *b, size_t len)
{
    uint32_t n = tu_get32(b + 16);
    for (uint32_t i = 0; i < n; i++) {
        unsigned char *e = b + 20 + 28 * i;
        uint64_t off = tu_get32(e + 8) | (uint64_t)tu_get32(e + 12) << 32;
        uint64_t sz = tu_get32(e + 16) | (uint64_t)tu_get32(e + 20) << 32;
        if (off <= len && sz <= len - off)
            tu_put32(e + 24, tu_crc32(b + off, (size_t)sz));
    }
    size_t table_end = 20 + 28 * (size_t)n;
    tu_put32(b + table_end, tu_crc32(b, table_end));
}
