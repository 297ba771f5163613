/* testutil.h — helpers shared by the Check tests. */
#ifndef PRECIS_TESTUTIL_H
#define PRECIS_TESTUTIL_H

#include <stddef.h>

/* $PRECIS_SOURCE_DIR/rel (the source tree), into a static buffer. */
const char *tu_source_path(const char *rel);
/* $PRECIS_BUILD_DIR/rel. */
const char *tu_build_path(const char *rel);
/* The datasets folder: $PRECIS_DATASETS, else the build's default
 * (../shared/datasets beside the source tree). NULL, with a message on stderr
 * naming the folder, when `sub` is absent there. */
const char *tu_dataset(const char *sub);
/* Whole file into a malloc'ed, NUL-terminated buffer; NULL on failure. */
char *tu_read_file(const char *path, size_t *len);
/* Writes bytes to path (creating it); 0 on success. */
int tu_write_file(const char *path, const void *data, size_t len);
/* A fresh empty temporary directory (malloc'ed path). */
char *tu_temp_dir(void);
/* rm -rf of a tree made by the test. */
void tu_remove_tree(const char *path);

#endif
