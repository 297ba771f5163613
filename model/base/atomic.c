/*
 * atomic.c — every output file (a model, a report, figures, exported rows)
 * is written to a temporary file beside its final name, synced, then renamed
 * over it, so a reader sees the old file or the new one, never a part.
 *
 * Invariants
 *  - The final name is never followed: a symbolic link there is refused
 *    (lstat), so an output can neither write into the link's target nor
 *    silently turn the link into a regular file. The rename itself never
 *    follows a link either.
 *  - A file that is replaced keeps its permission bits (and, run as root,
 *    its owner): retraining does not widen a 0600 model to 0644.
 *  - The temporary name fits NAME_MAX whatever the final name's length: the
 *    final base name is cut, the ".tmp-XXXXXX" suffix kept.
 *  - Every temporary file being written is in a fixed table of names that
 *    precis_temp_files_remove, run from a signal handler, unlinks with nothing
 *    but atomic loads and unlink(2); on every other path the writer itself
 *    removes it.
 *  - An existing device or FIFO is written straight into for a result file
 *    (--metrics /dev/stdout is not a wish to replace /dev/stdout) and
 *    refused for a model.
 */
#include "base/atomic.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdatomic.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/alloc.h"
#include "base/error.h"
#include "base/splitmix.h"

#define TEMP_SUFFIX_BYTES 11 /* ".tmp-XXXXXX" */
#define MAX_BASE_BYTES 200   /* of the final name kept in the temporary one */
#define MAX_TEMPS 32

/* 0: free; 1: claimed, its name not complete; 2: its name is complete and
 * the file may exist. A name is published (2) before the file is created,
 * so no signal can fall between the creation and the registration. */
static atomic_int temp_state[MAX_TEMPS];
static char temp_name[MAX_TEMPS][PATH_MAX];

/* A slot in state 1, or -1 (more than MAX_TEMPS saves at once, or a name too
 * long: such a file is removed on errors only, not on signals). */
static int claim_slot(size_t name_len)
{
    if (name_len >= PATH_MAX)
        return -1;
    for (int i = 0; i < MAX_TEMPS; i++) {
        int expected = 0;
        if (atomic_compare_exchange_strong(&temp_state[i], &expected, 1))
            return i;
    }
    return -1;
}

static void publish_name(int slot, const char *tmp)
{
    if (slot < 0)
        return;
    strcpy(temp_name[slot], tmp);
    atomic_store(&temp_state[slot], 2);
}

static void unregister_temp(int slot)
{
    if (slot >= 0)
        atomic_store(&temp_state[slot], 0);
}

/* Removes every temporary file still being written; async-signal-safe. */
void precis_temp_files_remove(void)
{
    int saved = errno;
    for (int i = 0; i < MAX_TEMPS; i++)
        if (atomic_load(&temp_state[i]) == 2)
            unlink(temp_name[i]);
    errno = saved;
}

static void close_quietly(int fd)
{
    int saved = errno;
    close(fd);
    errno = saved;
}

static int cannot(precis_error *err, const char *path, const char *why)
{
    return px_error(err, PRECIS_ERR_IO, "%s: cannot write: %s", path, why);
}

/* The final name's state: 0 absent, 1 regular (*st filled), 2 special; or
 * an error already reported. */
static int final_name(const char *path, px_out_kind kind, struct stat *st, precis_error *err)
{
    if (lstat(path, st) != 0) {
        if (errno == ENOENT)
            return 0;
        return -cannot(err, path, strerror(errno));
    }
    if (S_ISLNK(st->st_mode))
        return -cannot(err, path,
                       "a symbolic link: outputs do not follow links (give the path of the "
                       "file it points to, or remove the link)");
    if (S_ISDIR(st->st_mode))
        return -cannot(err, path, "is a directory");
    if (S_ISREG(st->st_mode))
        return 1;
    if (kind == PX_OUT_MODEL)
        return -cannot(err, path,
                       "a device, FIFO or socket, not a regular file: a model is written "
                       "to a new or regular file only (it is renamed into place)");
    return 2;
}

/* "<dir>/<base, cut to MAX_BASE_BYTES>.tmp-" into a new buffer with room for
 * the six characters and the NUL. */
static char *temp_prefix(const char *path)
{
    const char *slash = strrchr(path, '/');
    size_t dir_len = slash ? (size_t)(slash - path) + 1 : 0;
    size_t base_len = strlen(path + dir_len);
    if (base_len > MAX_BASE_BYTES)
        base_len = MAX_BASE_BYTES;
    char *tmp = px_malloc(dir_len + base_len + TEMP_SUFFIX_BYTES + 1);
    if (tmp) {
        memcpy(tmp, path, dir_len + base_len);
        strcpy(tmp + dir_len + base_len, ".tmp-");
    }
    return tmp;
}

/* Creates the temporary file with O_EXCL (mkstemp would force 0600, and
 * reading the umask means changing it, which is not thread-safe). The name
 * only needs to be unlikely to collide: a collision is a retry. Each name is
 * published in slot before it is tried (see temp_state). */
static int create_temp(char *tmp, unsigned mode, int slot)
{
    static const char digits[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    static atomic_uint_fast64_t counter;
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    uint64_t seed = (uint64_t)ts.tv_nsec ^ ((uint64_t)ts.tv_sec << 30) ^
                    ((uint64_t)getpid() << 16) ^ (uint64_t)(uintptr_t)&ts ^
                    (atomic_fetch_add(&counter, 1) << 40);
    char *x = tmp + strlen(tmp);
    for (int attempt = 0; attempt < 100; attempt++) {
        uint64_t z = px_splitmix64(&seed);
        for (int i = 0; i < 6; i++, z /= 62)
            x[i] = digits[z % 62];
        x[6] = '\0';
        publish_name(slot, tmp);
        int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
        if (fd >= 0 || errno != EEXIST)
            return fd;
        if (slot >= 0) /* not ours: never to be removed */
            atomic_store(&temp_state[slot], 1);
        x[0] = '\0';
    }
    return -1;
}

/* Can path be written? Refuses a symbolic link at the final name, a folder,
 * and (for a model) a device or FIFO; proves the rest by creating and
 * removing a temporary file beside it. Messages "PATH: cannot write: ...". */
static int atomic_check(const char *path, px_out_kind kind, precis_error *err)
{
    struct stat st;
    int state = final_name(path, kind, &st, err);
    if (state < 0)
        return -state;
    if (state == 2)
        return access(path, W_OK) == 0 ? PRECIS_OK : cannot(err, path, strerror(errno));
    px_atomic a;
    int rc = px_atomic_open(&a, path, kind, 0600, err);
    if (rc == PRECIS_OK)
        px_atomic_abort(&a);
    return rc;
}

/* The replaced file's mode and owner carried over to the temporary file. */
static void keep_mode(int fd, const struct stat *old)
{
    if (geteuid() == 0 && (old->st_uid != 0 || old->st_gid != 0))
        (void)!fchown(fd, old->st_uid, old->st_gid);
    (void)!fchmod(fd, old->st_mode & 07777);
}

static int open_direct(px_atomic *a, const char *path, precis_error *err)
{
    a->fd = open(path, O_WRONLY | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC);
    if (a->fd < 0)
        return cannot(err, path, strerror(errno));
    a->direct = 1;
    return PRECIS_OK;
}

int px_atomic_open(px_atomic *a, const char *path, px_out_kind kind, unsigned new_mode,
                   precis_error *err)
{
    memset(a, 0, sizeof *a);
    a->fd = -1;
    a->slot = -1;
    a->path = path;
    struct stat st;
    int state = final_name(path, kind, &st, err);
    if (state < 0)
        return -state;
    if (state == 2)
        return open_direct(a, path, err);
    a->tmp = temp_prefix(path);
    if (!a->tmp)
        return px_error(err, PRECIS_ERR_NOMEM, "%s: out of memory", path);
    a->slot = claim_slot(strlen(a->tmp) + 6);
    a->fd = create_temp(a->tmp, state == 1 ? 0600 : new_mode, a->slot);
    if (a->fd < 0) {
        int rc = cannot(err, path, strerror(errno)); /* the folder's fault, not the name's */
        unregister_temp(a->slot);
        px_free(a->tmp);
        a->tmp = NULL;
        a->slot = -1;
        return rc;
    }
    if (state == 1)
        keep_mode(a->fd, &st);
    return PRECIS_OK;
}

/* The rename is only durable once the directory entry is synced; a failure
 * here cannot lose the new file, so it is not an error. */
static void sync_parent_dir(const char *path)
{
    const char *slash = strrchr(path, '/');
    char dir[PATH_MAX];
    if (!slash)
        strcpy(dir, ".");
    else if ((size_t)(slash - path) < sizeof dir)
        snprintf(dir, sizeof dir, "%.*s", slash == path ? 1 : (int)(slash - path), path);
    else
        return;
    int fd = open(dir, O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
}

void px_atomic_abort(px_atomic *a)
{
    if (a->fd >= 0)
        close_quietly(a->fd);
    if (a->tmp) {
        int saved = errno;
        unlink(a->tmp);
        errno = saved;
    }
    unregister_temp(a->slot);
    px_free(a->tmp);
    memset(a, 0, sizeof *a);
    a->fd = -1;
    a->slot = -1;
}

int px_atomic_commit(px_atomic *a, precis_error *err)
{
    const char *step = NULL;
    if (a->direct) {
        step = close(a->fd) != 0 ? "closing" : NULL;
        a->fd = -1;
    } else if (fsync(a->fd) != 0) {
        step = "flushing to disk";
    } else {
        int fd = a->fd;
        a->fd = -1;
        if (close(fd) != 0)
            step = "closing";
        else if (rename(a->tmp, a->path) != 0)
            step = "renaming the temporary file over it";
    }
    if (step) {
        int rc = px_error(err, PRECIS_ERR_IO, "%s: cannot write: %s: %s%s", a->path, step,
                          strerror(errno), a->direct ? "" : " (the existing file, if any, is unchanged)");
        px_atomic_abort(a);
        return rc;
    }
    if (!a->direct)
        sync_parent_dir(a->path);
    unregister_temp(a->slot);
    px_free(a->tmp);
    memset(a, 0, sizeof *a);
    a->fd = -1;
    a->slot = -1;
    return PRECIS_OK;
}

int precis_output_check(const char *path, int is_model, precis_error *err)
{
    if (!path || !*path)
        return px_error(err, PRECIS_ERR_ARG, "an output needs a file name");
    return atomic_check(path, is_model ? PX_OUT_MODEL : PX_OUT_RESULT, err);
}

/* fill's stream failures (a write that failed inside it, the flush) as the
 * errno that caused them, 0 if none. */
static int finish_stream(FILE *f, int *errnum)
{
    int failed = fflush(f) != 0;
    if (failed)
        *errnum = errno;
    failed |= ferror(f) != 0;
    return failed;
}

int precis_output_write(const char *path, precis_output_fill fill, const void *what,
                        precis_error *err)
{
    err->message[0] = '\0';
    px_atomic a;
    int rc = px_atomic_open(&a, path, PX_OUT_RESULT, 0666, err);
    if (rc != PRECIS_OK)
        return rc;
    int fd = dup(a.fd);
    FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
    if (!f) {
        rc = cannot(err, path, strerror(errno));
        if (fd >= 0)
            close(fd);
        px_atomic_abort(&a);
        return rc;
    }
    errno = 0;
    rc = fill(f, what, err);
    int errnum = errno; /* a write that failed inside fill */
    int failed = finish_stream(f, &errnum);
    if (fclose(f) != 0 && !failed) {
        failed = 1;
        errnum = errno;
    }
    if (rc == PRECIS_ERR_IO || (rc == PRECIS_OK && failed))
        rc = cannot(err, path, errnum ? strerror(errnum) : "write error");
    else if (rc != PRECIS_OK && !err->message[0])
        rc = px_error(err, rc, "%s: cannot write: %s", path, precis_status_string(rc));
    if (rc != PRECIS_OK) {
        px_atomic_abort(&a);
        return rc;
    }
    return px_atomic_commit(&a, err);
}
