#!/usr/bin/env bash
# precis-infer on 20news-bydate test (7,532 files), this build side by side
# with another (say, the previous main), hyperfine alternating the two, and
# a check that both print the same bytes.
# On a shared, noisy machine the wall-clock ratio wanders; CALLGRIND=1 counts
# instructions instead (valgrind's callgrind: the same count for the same
# binary and input, whatever else runs), on the first 1,500 test files.
# Usage: [CALLGRIND=1] bench/compare_builds.sh OTHER_BUILD_DIR [RUNS]
#   e.g. git worktree add /tmp/prev HEAD~5 && cmake -S /tmp/prev -B /tmp/prev/build
#        && cmake --build /tmp/prev/build -j && bench/compare_builds.sh /tmp/prev/build
source "$(dirname "$0")/common.sh"
OTHER=${1:?usage: bench/compare_builds.sh OTHER_BUILD_DIR [RUNS]}
RUNS=${2:-10}
need_packages hyperfine
need_build
need_data 20news-bydate
TRAIN="$DATASETS/20news-bydate/20news-bydate-train"
TEST="$DATASETS/20news-bydate/20news-bydate-test"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
"$BUILD/train/precis-train" --quiet -o "$TMP/20n.model" "$TRAIN"

declare -A ARGS=(
  ["classify"]="--no-summary --explain 0 --format tsv"
  ["classify+explain"]="--no-summary --format json"
  ["classify+explain+summarize"]="--format json"
)
if [ "${CALLGRIND:-0}" = 1 ]; then
  need_packages valgrind
  mkdir "$TMP/sub"
  find "$TEST" -type f | sort | sed -n '1,1500p' | nl -nrz | while read -r n f; do ln -s "$f" "$TMP/sub/$n.txt"; done
  TEST="$TMP/sub"
fi
count() { # instructions of one run
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null |
    sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
for what in classify classify+explain classify+explain+summarize; do
  a=${ARGS[$what]}
  "$BUILD/infer/precis-infer" -m "$TMP/20n.model" $a "$TEST" > "$TMP/this.out"
  "$OTHER/infer/precis-infer" -m "$TMP/20n.model" $a "$TEST" > "$TMP/other.out"
  cmp -s "$TMP/this.out" "$TMP/other.out" && same=identical || same=DIFFERENT
  echo "== $what: outputs $same"
  if [ "${CALLGRIND:-0}" = 1 ]; then
    # shellcheck disable=SC2086
    t=$(count "$BUILD/infer/precis-infer" -m "$TMP/20n.model" $a "$TEST")
    # shellcheck disable=SC2086
    o=$(count "$OTHER/infer/precis-infer" -m "$TMP/20n.model" $a "$TEST")
    printf '%-28s instructions: this %d  other %d  this/other %.4f\n' "$what" "$t" "$o" \
      "$(echo "$t / $o" | bc -l)"
    continue
  fi
  hyperfine -N --warmup 1 --runs "$RUNS" --export-json "$TMP/$what.json" \
    -n "this" "$BUILD/infer/precis-infer -m $TMP/20n.model $a $TEST" \
    -n "other" "$OTHER/infer/precis-infer -m $TMP/20n.model $a $TEST" > /dev/null
  $PY - "$TMP/$what.json" "$what" <<'PY'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
t, o = r["this"]["median"], r["other"]["median"]
print("%-28s this %.3f s  other %.3f s  other/this %.3f" % (sys.argv[2], t, o, o / t))
PY
done
