/* testutil.h — helpers shared by the Check tests. */
#ifndef PRECIS_TESTUTIL_H
#define PRECIS_TESTUTIL_H

#include <stddef.h>

/* 1 in an AddressSanitizer build (gcc's macro or clang's feature test). */
#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif
#ifndef UNDER_ASAN
#define UNDER_ASAN 0
#endif

/* printf into one of 256 rotating static buffers of 4096 bytes: a path
 * that lives until 255 more calls have been made. */
const char *tu_pathf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* $PRECIS_SOURCE_DIR/rel (the source tree), into a static buffer. */
const char *tu_source_path(const char *rel);
/* $PRECIS_BUILD_DIR/rel. */
const char *tu_build_path(const char *rel);
/* The datasets folder: $PRECIS_DATASETS, else the build's default
 * (../shared/datasets beside the source tree). NULL, with a message on stderr
 * naming the folder, when `sub` is absent there; the test is then recorded
 * as skipped (tu_skip). */
const char *tu_dataset(const char *sub);
/* Records that the running test checked nothing, and why (printed): the
 * program's exit status from tu_run is then TU_SKIPPED unless a test failed.
 * Works from Check's forked test processes (the record is a file). */
void tu_skip(const char *why);
/* ctest's SKIP_RETURN_CODE for these programs. */
#define TU_SKIPPED 77
/* Runs the suite (CK_NORMAL) and returns the exit status: EXIT_FAILURE if
 * a test failed, else TU_SKIPPED if one called tu_skip, else EXIT_SUCCESS.
 * The tests whose data may be absent sit in a TCase tagged "datasets", which
 * tests/CMakeLists.txt registers as a ctest of its own (NAME_datasets). */
struct Suite;
int tu_run(struct Suite *suite);
/* Whole file into a malloc'ed, NUL-terminated buffer; NULL on failure. */
char *tu_read_file(const char *path, size_t *len);
/* Writes bytes to path (creating it); 0 on success. */
int tu_write_file(const char *path, const void *data, size_t len);
/* A fresh empty temporary directory (malloc'ed path). */
char *tu_temp_dir(void);
/* rm -rf of a tree made by the test. */
void tu_remove_tree(const char *path);

#endif
