#!/bin/sh
# skip_check.sh BUILD TEST... — a Check program whose data sets are absent
# says so to ctest: its "datasets" cases (CK_INCLUDE_TAGS=datasets, as
# ctest's NAME_datasets runs them) exit 77, which ctest reports as skipped
# rather than passed, and its other cases (CK_EXCLUDE_TAGS) still run and
# pass (exit 0). PRECIS_DATASETS points at an empty folder for the run.
set -u
build=${1:?usage: skip_check.sh BUILD TEST...}
shift
empty=$(mktemp -d "${TMPDIR:-/tmp}/precis-nodata.XXXXXX")
trap 'rmdir "$empty"' EXIT INT TERM
failures=0
for t in "$@"; do
    prog=$build/tests/$t
    PRECIS_DATASETS=$empty PRECIS_BUILD_DIR=$build CK_INCLUDE_TAGS=datasets \
        "$prog" >/dev/null 2>"$empty.err"
    rc=$?
    grep -q "SKIPPED: data set $empty/" "$empty.err" || { echo "FAIL: $t: no SKIPPED line naming the absent data set"; failures=$((failures + 1)); }
    [ $rc -eq 77 ] || { echo "FAIL: $t: datasets cases without data exit $rc, not 77 (skipped)"; failures=$((failures + 1)); }
    PRECIS_DATASETS=$empty PRECIS_BUILD_DIR=$build CK_EXCLUDE_TAGS=datasets \
        "$prog" >/dev/null 2>"$empty.err"
    rc=$?
    [ $rc -eq 0 ] || { echo "FAIL: $t: the other cases exit $rc without data sets, not 0"; cat "$empty.err"; failures=$((failures + 1)); }
    rm -f "$empty.err"
done
[ $failures -eq 0 ] && echo "skip_check: $# programs report absent data sets as skipped"
exit $((failures > 0))
