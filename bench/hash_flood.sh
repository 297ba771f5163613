#!/usr/bin/env bash
# Hash flooding (issue 18, item 2): precis-train on 20,000 terms whose old,
# unkeyed hashes share their low 16 bits, against 20,000 ordinary terms.
# Prints both times and their ratio; the keyed hash must keep the ratio
# within 3x (before: 46 s against 0.11 s, 420x). Each is the best of 3 runs.
#
#   bench/hash_flood.sh            (the build in ./build, or $PRECIS_BUILD)
source "$(dirname "$0")/common.sh"
need_build
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cc -O2 -o "$work/hash_flood" "$BENCH_DIR/hash_flood.c"
echo "== finding 20,000 colliding terms (brute force, ~10-40 s)"
"$work/hash_flood" "$work/colliding.tsv" "$work/ordinary.tsv"

best_of_3() {
  local best=
  for _ in 1 2 3; do
    local s e
    s=$(date +%s.%N)
    "$BUILD/train/precis-train" -q --min-df 1 -o "$work/m.model" "$1"
    e=$(date +%s.%N)
    best=$(echo "$e - $s" | bc -l | awk -v b="$best" '{ if (b == "" || $1 < b) print $1; else print b }')
  done
  echo "$best"
}
ordinary=$(best_of_3 "$work/ordinary.tsv")
colliding=$(best_of_3 "$work/colliding.tsv")
ratio=$(echo "$colliding / $ordinary" | bc -l)
printf 'ordinary terms   %.3f s\ncolliding terms  %.3f s\nratio            %.2fx (must be < 3)\n' \
  "$ordinary" "$colliding" "$ratio"
awk -v r="$ratio" 'BEGIN { exit !(r < 3) }'
