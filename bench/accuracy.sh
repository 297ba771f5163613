#!/usr/bin/env bash
# Test accuracy of precis-train with default options on the standard splits:
# BBC News (test = file number divisible by 5) and 20 Newsgroups by-date.
# Usage: bench/accuracy.sh [extra precis-train options...]
source "$(dirname "$0")/common.sh"
need_build
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
run() {
  local name=$1 train=$2 test=$3
  shift 3
  "$BUILD/train/precis-train" --quiet "$@" -o "$TMP/$name.model" --metrics "$RESULTS/accuracy-$name.json" \
    --test "$test" "$train" | sed -n 's/^documents/'"$name"': documents/p'
}
if [ -d "$DATASETS/bbc-news-summary" ]; then
  bbc_split "$TMP/bbc"
  run bbc "$TMP/bbc/train" "$TMP/bbc/test" "$@"
else
  echo "bbc-news-summary absent in $DATASETS: skipped" >&2
fi
if [ -d "$DATASETS/20news-bydate" ]; then
  run 20news "$DATASETS/20news-bydate/20news-bydate-train" "$DATASETS/20news-bydate/20news-bydate-test" "$@"
else
  echo "20news-bydate absent in $DATASETS: skipped" >&2
fi
