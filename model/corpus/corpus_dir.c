/*
 * corpus_dir.c — the DIR/<label>/<file> corpus: one document per file.
 *
 * The walk: each folder directly under the root is a label (its name, minus
 * surrounding blanks); every regular file in it, or in folders below it, is a
 * document of that label. Names starting with '.' are hidden and passed over
 * silently. Entries of each folder are visited in strcmp order of their
 * names, so the corpus order does not depend on the file system.
 *
 * What is not a document, with a warning (not counted as a skipped record):
 * files directly under the root; anything that is not a regular file (FIFO,
 * socket, device), which is never opened; symbolic links that lead back to a
 * folder on the current path (a loop). What is a skipped record (counted;
 * fatal when strict): files or folders that vanish or cannot be read, files
 * larger than max_doc_bytes (judged from their size, never read whole).
 *
 * FILES, the unlabeled variant for documents to classify: the root may be a
 * folder (every regular file below it, at any depth, is a document), a single
 * file, or "-" (standard input, one document); labels are NULL. A root that
 * is neither a folder nor a regular file (a FIFO, a device) is a skipped
 * record, never opened: it was named as a document and cannot be one.
 *
 * A file (or standard input) that starts with a UTF-16 byte-order mark is
 * transcoded to UTF-8 before it is handed on: the decoding rules downstream
 * (UTF-8, else Latin-1) would read UTF-16 as noise. A file that is not text
 * at all (a PDF, an image, an archive, a precis model: binary.c) is a skipped
 * record whose message names the fix. An HTML page (by name, or by its first
 * bytes) is handed on as its headline and main text, boilerplate removed
 * (html.c).
 *
 * Invariants
 *  - levels[0..depth) are the folders on the current path, root first; each
 *    holds its sorted entries (name and the type the folder listing gave),
 *    read at once. Their (st_dev, st_ino) pairs are what loops are detected
 *    against. The first MAX_HELD levels also hold their folder open (fd,
 *    else -1), so that entries are opened and stat'ed relative to it instead
 *    of walking the whole path again for every file; deeper levels, or when
 *    no handle is left, fall back to the full path.
 *  - w->path holds the path of the entry being visited (for messages, and
 *    the fallback); levels[i].path_len is where folder i's own path ends in it.
 *  - A file is stat'ed before it is opened unless its folder listing already
 *    said it is a regular file; it is opened with O_NONBLOCK (a FIFO swapped
 *    in meanwhile cannot block us) and fstat'ed again, and only a regular
 *    file is read.
 */
#define _DEFAULT_SOURCE /* d_type and DT_*: the file types a folder listing gives */
#include "corpus/corpus.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/alloc.h"
#include "base/error.h"

/* Folders held open at once, at most (the walk's top levels). */
#define MAX_HELD 32

typedef struct dir_entry {
    char *name;
    unsigned char type; /* DT_REG, DT_DIR, ...; DT_UNKNOWN when not said */
} dir_entry;

typedef struct dir_level {
    dir_entry *entries; /* sorted by name, hidden ones left out */
    size_t n, next;     /* next: the next entry to visit */
    dev_t dev;
    ino_t ino;
    size_t path_len;
    int fd;             /* the folder, open; -1: use the path */
} dir_level;

struct px_dir_walk {
    px_buf path;
    dir_level *levels;
    size_t depth, cap;
    int unlabeled;      /* FILES: no label folders */
    int single_done;    /* FILES on one file or stdin: the document was given */
    px_buf utf8;        /* a UTF-16 file's text, transcoded */
    /* Reading one share: files under label folders are numbered in walk
     * order; this share reads numbers [share_first, share_end). counting:
     * the first walk, which only numbers them. */
    unsigned long long file_index, share_first, share_end;
    int counting;
};

/* ---------------------------------------------------------------- listing */

static int compare_entries(const void *a, const void *b)
{
    return strcmp(((const dir_entry *)a)->name, ((const dir_entry *)b)->name);
}

static void free_entries(dir_entry *entries, size_t n)
{
    for (size_t i = 0; i < n; i++)
        px_free(entries[i].name);
    px_free(entries);
}

static int add_entry(dir_entry **entries, size_t *n, size_t *cap, const struct dirent *e)
{
    if (*n == *cap) {
        size_t ncap = *cap ? *cap * 2 : 16;
        dir_entry *p = px_realloc_array(*entries, ncap, sizeof *p);
        if (!p)
            return PRECIS_ERR_NOMEM;
        *entries = p;
        *cap = ncap;
    }
    char *copy = px_strdup(e->d_name);
    if (!copy)
        return PRECIS_ERR_NOMEM;
    (*entries)[(*n)++] = (dir_entry){copy, e->d_type};
    return PRECIS_OK;
}

/* The visible entries of folder path, sorted. PRECIS_OK, PRECIS_ERR_NOMEM,
 * or PRECIS_ERR_IO with *sys_errno set. */
static int list_dir(const char *path, dir_entry **out, size_t *out_n, int *sys_errno)
{
    *out = NULL;
    *out_n = 0;
    DIR *d = opendir(path);
    if (!d) {
        *sys_errno = errno;
        return PRECIS_ERR_IO;
    }
    dir_entry *entries = NULL;
    size_t n = 0, cap = 0;
    int rc = PRECIS_OK;
    struct dirent *e;
    errno = 0;
    while (rc == PRECIS_OK && (e = readdir(d)) != NULL) {
        if (e->d_name[0] != '.')
            rc = add_entry(&entries, &n, &cap, e);
        errno = 0;
    }
    if (rc == PRECIS_OK && errno) {
        *sys_errno = errno;
        rc = PRECIS_ERR_IO;
    }
    closedir(d);
    if (rc != PRECIS_OK) {
        free_entries(entries, n);
        return rc;
    }
    if (n)
        qsort(entries, n, sizeof *entries, compare_entries);
    *out = entries;
    *out_n = n;
    return PRECIS_OK;
}

/* ---------------------------------------------------------------- the path */

/* w->path = the first len bytes of it, '/', name. */
static int set_path(px_dir_walk *w, size_t len, const char *name)
{
    w->path.len = len;
    if (px_buf_append(&w->path, "/", 1) != PRECIS_OK ||
        px_buf_append(&w->path, name, strlen(name)) != PRECIS_OK)
        return PRECIS_ERR_NOMEM;
    return PRECIS_OK;
}

static int on_current_path(const px_dir_walk *w, const struct stat *st)
{
    for (size_t i = 0; i < w->depth; i++)
        if (w->levels[i].dev == st->st_dev && w->levels[i].ino == st->st_ino)
            return 1;
    return 0;
}

/* The folder at path, open, if it is still the one stat'ed as st; else -1
 * (no handle left, or it changed: the walk then goes by path). */
static int hold_folder(const char *path, const struct stat *st)
{
    int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    struct stat fst;
    if (fd >= 0 && (fstat(fd, &fst) != 0 || fst.st_dev != st->st_dev || fst.st_ino != st->st_ino)) {
        close(fd);
        fd = -1;
    }
    return fd;
}

/* Makes the folder at w->path the deepest level. PRECIS_OK, NOMEM, or IO
 * with *sys_errno. */
static int push_level(px_dir_walk *w, const struct stat *st, int *sys_errno)
{
    if (w->depth == w->cap) {
        size_t ncap = w->cap ? w->cap * 2 : 8;
        dir_level *p = px_realloc_array(w->levels, ncap, sizeof *p);
        if (!p)
            return PRECIS_ERR_NOMEM;
        w->levels = p;
        w->cap = ncap;
    }
    dir_level *lv = &w->levels[w->depth];
    memset(lv, 0, sizeof *lv);
    lv->fd = -1;
    int rc = list_dir(w->path.data, &lv->entries, &lv->n, sys_errno);
    if (rc != PRECIS_OK)
        return rc;
    lv->dev = st->st_dev;
    lv->ino = st->st_ino;
    lv->path_len = w->path.len;
    if (w->depth < MAX_HELD)
        lv->fd = hold_folder(w->path.data, st);
    w->depth++;
    return PRECIS_OK;
}

static void pop_level(px_dir_walk *w)
{
    dir_level *lv = &w->levels[--w->depth];
    free_entries(lv->entries, lv->n);
    lv->entries = NULL;
    if (lv->fd >= 0)
        close(lv->fd);
    lv->fd = -1;
}

/* ---------------------------------------------------------------- visiting */

static int enter_dir(precis_reader *r, const struct stat *st, const char *name,
                     precis_error *err)
{
    px_dir_walk *w = r->dir;
    if (on_current_path(w, st)) {
        px_reader_warn(r, w->path.data,
                       "symbolic link loop: this leads back to a folder above it; not followed");
        return 0;
    }
    if (w->depth == 1 && !w->unlabeled) { /* a label folder */
        const char *label = name;
        size_t len = strlen(name);
        const char *why = px_label_clean(&label, &len);
        if (why) {
            px_reader_warn(r, w->path.data, "folder name is not a usable label (%s); skipped",
                           why);
            return 0;
        }
        r->label.len = 0;
        if (px_buf_append(&r->label, label, len) != PRECIS_OK)
            return -px_error(err, PRECIS_ERR_NOMEM, "out of memory reading %s", r->display);
    }
    int sys_errno = 0;
    int rc = push_level(w, st, &sys_errno);
    if (rc == PRECIS_ERR_IO)
        return px_reader_reject(r, PRECIS_ERR_IO, w->path.data, err, "cannot read folder: %s",
                                strerror(sys_errno));
    if (rc != PRECIS_OK)
        return -px_error(err, rc, "out of memory reading %s", r->display);
    return 0;
}

static void warn_not_regular(precis_reader *r)
{
    px_reader_warn(r, r->dir->path.data,
                   "not a regular file (FIFO, socket or device): skipped without opening it");
}

/* Reads the rest of fd into t, after `size` bytes were expected (a regular
 * file's stat size, else 0). PRECIS_OK,
 * LIMIT (more than max bytes), NOMEM, or IO with *sys_errno. */
static int read_all(int fd, px_buf *t, size_t size, size_t max, int *sys_errno)
{
    t->len = 0;
    if (px_buf_grow_bounded(t, size, max) != PRECIS_OK)
        return PRECIS_ERR_NOMEM;
    for (;;) {
        char probe[4096];
        int room = t->len + 1 < t->cap;
        char *dst = room ? t->data + t->len : probe;
        size_t want = room ? t->cap - 1 - t->len : sizeof probe;
        ssize_t n = read(fd, dst, want);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            *sys_errno = errno;
            return PRECIS_ERR_IO;
        }
        if (n == 0)
            break;
        if (!room) { /* the file grew past its stat size */
            if ((size_t)n > max - t->len)
                return PRECIS_ERR_LIMIT;
            if (px_buf_grow_bounded(t, t->len + (size_t)n, max) != PRECIS_OK)
                return PRECIS_ERR_NOMEM;
            memcpy(t->data + t->len, probe, (size_t)n);
        }
        t->len += (size_t)n;
        /* A regular file's short read that ends at its stat size is its end:
         * no second read() just to be told so. */
        if (room && (size_t)n < want && size > 0 && t->len == size)
            break;
    }
    t->data[t->len] = '\0';
    return PRECIS_OK;
}

static int reject_too_large(precis_reader *r, precis_error *err)
{
    return px_reader_reject(r, PRECIS_ERR_LIMIT, r->dir->path.data, err,
                            "file larger than %zu bytes (max_doc_bytes)", r->opt.max_doc_bytes);
}

/* An HTML page is handed on as its headline and main text (html.c). */
static int hand_on_html(precis_reader *r, precis_document *doc, const char *source,
                        precis_error *err)
{
    px_buf *u = &r->dir->utf8;
    u->len = 0;
    int rc = px_html_to_text(doc->text, doc->text_len, u);
    if (rc == PRECIS_ERR_LIMIT)
        return px_reader_reject(r, rc, source, err, "HTML page too large to parse");
    if (rc != PRECIS_OK || px_buf_reserve(u, 0) != PRECIS_OK)
        return -px_error(err, PRECIS_ERR_NOMEM, "out of memory reading %s", source);
    doc->text = u->data;
    doc->text_len = u->len;
    return 1;
}

/* A file that starts with a UTF-16 byte-order mark is handed on as UTF-8;
 * one that is not text (px_binary_why) is a skipped record, with the fix
 * named. 1, 0 (skipped), or <0 (strict, or memory ran out). */
static int hand_on(precis_reader *r, precis_document *doc, const char *label,
                   const char *source, precis_error *err)
{
    px_buf *t = &r->text, *u = &r->dir->utf8;
    doc->label = label;
    doc->text = t->data;
    doc->text_len = t->len;
    doc->source = source;
    if (!px_utf16_bom(t->data, t->len)) {
        const char *why = px_binary_why(t->data, t->len);
        if (why)
            return px_reader_reject(r, PRECIS_ERR_FORMAT, source, err, "%s", why);
        return px_html_sniff(source, t->data, t->len) ? hand_on_html(r, doc, source, err) : 1;
    }
    u->len = 0;
    if (px_utf16_decode(t->data, t->len, u) != PRECIS_OK || px_buf_reserve(u, 0) != PRECIS_OK)
        return -px_error(err, PRECIS_ERR_NOMEM, "out of memory reading %s", source);
    doc->text = u->data;
    doc->text_len = u->len;
    return 1;
}

/* The file at w->path (named `name` in the folder at_fd, if that is open),
 * stat'ed as st if it was (NULL: only its listing said it is a file). */
static int read_document(precis_reader *r, const struct stat *st, int at_fd, const char *name,
                         precis_document *doc, precis_error *err)
{
    const char *path = r->dir->path.data;
    size_t max = r->opt.max_doc_bytes;
    if (st && (unsigned long long)st->st_size > max)
        return reject_too_large(r, err);
    int flags = O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC;
    int fd = at_fd >= 0 ? openat(at_fd, name, flags) : open(path, flags);
    if (fd < 0 && errno == ENOENT) /* listed, then gone */
        return px_reader_reject(r, PRECIS_ERR_IO, path, err, "cannot read: %s (vanished?)",
                                strerror(errno));
    if (fd < 0)
        return px_reader_reject(r, PRECIS_ERR_IO, path, err, "cannot open: %s", strerror(errno));
    struct stat fst;
    int rc, sys_errno = 0;
    if (fstat(fd, &fst) != 0) {
        sys_errno = errno;
        rc = PRECIS_ERR_IO;
    } else if (!S_ISREG(fst.st_mode)) {
        close(fd);
        warn_not_regular(r);
        return 0;
    } else if ((unsigned long long)fst.st_size > max) {
        rc = PRECIS_ERR_LIMIT;
    } else {
        rc = read_all(fd, &r->text, (size_t)fst.st_size, max, &sys_errno);
    }
    close(fd);
    if (rc == PRECIS_ERR_LIMIT)
        return reject_too_large(r, err);
    if (rc == PRECIS_ERR_IO)
        return px_reader_reject(r, PRECIS_ERR_IO, path, err, "cannot read: %s",
                                strerror(sys_errno));
    if (rc != PRECIS_OK)
        return -px_error(err, rc, "out of memory reading %s", path);
    return hand_on(r, doc, r->dir->unlabeled ? NULL : r->label.data, path, err);
}

/* A regular file (as its stat, or only its listing, says): a document unless
 * it lies directly under a labeled corpus's root. */
static int visit_file(precis_reader *r, const struct stat *st, int at_fd, const char *name,
                      precis_document *doc, precis_error *err)
{
    px_dir_walk *w = r->dir;
    if (w->depth == 1 && !w->unlabeled) {
        if (r->opt.share == 0) /* said once, by the first share */
            px_reader_warn(r, w->path.data,
                           "file outside any label folder (DIR/<label>/<file>); skipped");
        return 0;
    }
    if (px_reader_shared(r)) {
        unsigned long long i = w->file_index++;
        if (w->counting || i < w->share_first || i >= w->share_end)
            return 0;
    }
    return read_document(r, st, at_fd, name, doc, err);
}

static int is_special(unsigned char type)
{
    return type == DT_FIFO || type == DT_SOCK || type == DT_CHR || type == DT_BLK;
}

/* One entry at w->path, in the folder at_fd (if open): 1 with a document,
 * 0 to go on, <0. */
static int visit(precis_reader *r, const dir_entry *e, int at_fd, precis_document *doc,
                 precis_error *err)
{
    px_dir_walk *w = r->dir;
    if (e->type == DT_REG) /* no stat needed: read_document checks what it opened */
        return visit_file(r, NULL, at_fd, e->name, doc, err);
    if (is_special(e->type)) {
        warn_not_regular(r);
        return 0;
    }
    struct stat st;
    int failed = at_fd >= 0 ? fstatat(at_fd, e->name, &st, 0) : stat(w->path.data, &st);
    if (failed) {
        if (errno == ELOOP) {
            px_reader_warn(r, w->path.data, "symbolic link loop; not followed");
            return 0;
        }
        return px_reader_reject(r, PRECIS_ERR_IO, w->path.data, err,
                                "cannot read: %s (vanished, or a dangling link?)",
                                strerror(errno));
    }
    if (S_ISDIR(st.st_mode))
        return enter_dir(r, &st, e->name, err);
    if (!S_ISREG(st.st_mode)) {
        warn_not_regular(r);
        return 0;
    }
    return visit_file(r, &st, at_fd, e->name, doc, err);
}

static int dir_next(precis_reader *r, precis_document *doc, precis_error *err)
{
    px_dir_walk *w = r->dir;
    while (w->depth > 0) {
        if (px_reader_shared(r) && !w->counting && w->file_index >= w->share_end)
            return 0; /* the rest is the next shares' */
        dir_level *lv = &w->levels[w->depth - 1];
        if (lv->next == lv->n) {
            pop_level(w);
            continue;
        }
        const dir_entry *e = &lv->entries[lv->next++];
        if (set_path(w, lv->path_len, e->name) != PRECIS_OK)
            return -px_error(err, PRECIS_ERR_NOMEM, "out of memory reading %s", r->display);
        int rc = visit(r, e, lv->fd, doc, err);
        if (rc != 0)
            return rc;
    }
    return 0;
}

/* ---------------------------------------------------------------- lifetime */

/* The root's path without trailing slashes ("/" stays "/"). */
static size_t root_length(const char *path)
{
    size_t n = strlen(path);
    while (n > 1 && path[n - 1] == '/')
        n--;
    return n;
}

/* FILES on standard input: all of it, up to max_doc_bytes, is one document. */
static int stdin_next(precis_reader *r, precis_document *doc, precis_error *err)
{
    if (r->dir->single_done)
        return 0;
    r->dir->single_done = 1;
    struct stat st;
    size_t expect = (fstat(STDIN_FILENO, &st) == 0 && S_ISREG(st.st_mode) &&
                     (unsigned long long)st.st_size <= r->opt.max_doc_bytes)
                        ? (size_t)st.st_size
                        : 0;
    int sys_errno = 0;
    int rc = read_all(STDIN_FILENO, &r->text, expect, r->opt.max_doc_bytes, &sys_errno);
    if (rc == PRECIS_ERR_LIMIT)
        return px_reader_reject(r, PRECIS_ERR_LIMIT, r->display, err,
                                "input larger than %zu bytes (max_doc_bytes)", r->opt.max_doc_bytes);
    if (rc == PRECIS_ERR_IO)
        return px_reader_reject(r, PRECIS_ERR_IO, r->display, err, "cannot read: %s",
                                strerror(sys_errno));
    if (rc != PRECIS_OK)
        return -px_error(err, rc, "out of memory reading %s", r->display);
    return hand_on(r, doc, NULL, r->display, err);
}

/* FILES on one regular file: that file is the one document. */
static int single_file_next(precis_reader *r, precis_document *doc, precis_error *err)
{
    if (r->dir->single_done)
        return 0;
    r->dir->single_done = 1;
    struct stat st;
    if (stat(r->dir->path.data, &st) != 0)
        return px_reader_reject(r, PRECIS_ERR_IO, r->display, err, "cannot read: %s",
                                strerror(errno));
    /* Named on its own, it was meant as a document: a counted skip. */
    if (!S_ISREG(st.st_mode))
        return px_reader_reject(r, PRECIS_ERR_IO, r->display, err,
                                "not a regular file (FIFO, socket or device): not read");
    return read_document(r, &st, -1, NULL, doc, err);
}

/* For a share: a first walk numbers the files (reading none, saying
 * nothing), then the walk starts again from the root. */
static int count_files(precis_reader *r, const struct stat *root, precis_error *err)
{
    px_dir_walk *w = r->dir;
    precis_reader_options opt = r->opt;
    r->opt.warn = NULL;
    r->opt.strict = 0;
    w->counting = 1;
    precis_document doc;
    int rc = dir_next(r, &doc, err);
    r->opt = opt;
    w->counting = 0;
    r->skipped = 0;
    if (rc < 0)
        return -rc;
    px_share_range(w->file_index, opt.share, opt.n_shares, &w->share_first, &w->share_end);
    w->file_index = 0;
    while (w->depth > 0)
        pop_level(w);
    int sys_errno = 0;
    w->path.len = root_length(r->path);
    w->path.data[w->path.len] = '\0';
    rc = push_level(w, root, &sys_errno);
    if (rc == PRECIS_ERR_IO)
        return px_error(err, rc, "%s: %s", r->display, strerror(sys_errno));
    if (rc != PRECIS_OK)
        return px_error(err, rc, "out of memory opening %s", r->display);
    return PRECIS_OK;
}

int px_dir_start(precis_reader *r, precis_error *err)
{
    int unlabeled = r->format == PRECIS_FORMAT_FILES;
    px_dir_walk *w = px_calloc(1, sizeof *w);
    if (!w)
        return px_error(err, PRECIS_ERR_NOMEM, "out of memory opening %s", r->display);
    r->dir = w;
    w->unlabeled = unlabeled;
    if (unlabeled && strcmp(r->path, "-") == 0) {
        r->next = stdin_next;
        return PRECIS_OK;
    }
    struct stat st;
    if (stat(r->path, &st) != 0)
        return px_error(err, PRECIS_ERR_IO, "%s: %s", r->display, strerror(errno));
    if (px_buf_append(&w->path, r->path, root_length(r->path)) != PRECIS_OK)
        return px_error(err, PRECIS_ERR_NOMEM, "out of memory opening %s", r->display);
    if (unlabeled && !S_ISDIR(st.st_mode)) {
        r->next = single_file_next;
        return PRECIS_OK;
    }
    if (!S_ISDIR(st.st_mode))
        return px_error(err, PRECIS_ERR_ARG, "%s is not a directory", r->display);
    int sys_errno = 0;
    int rc = push_level(w, &st, &sys_errno);
    if (rc == PRECIS_ERR_IO)
        return px_error(err, rc, "%s: %s", r->display, strerror(sys_errno));
    if (rc != PRECIS_OK)
        return px_error(err, rc, "out of memory opening %s", r->display);
    r->next = dir_next;
    return px_reader_shared(r) ? count_files(r, &st, err) : PRECIS_OK;
}

void px_dir_free(px_dir_walk *w)
{
    if (!w)
        return;
    while (w->depth > 0)
        pop_level(w);
    px_free(w->levels);
    px_buf_free(&w->path);
    px_buf_free(&w->utf8);
    px_free(w);
}
