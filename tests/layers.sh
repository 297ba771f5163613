#!/bin/sh
# layers.sh SOURCE_DIR OBJECT_DIR — the library's layers depend only downward.
#
# model/ is laid out in layers, lowest first:
#   base text corpus features classify summarize modelfile
# A file may include, and call, only its own layer and the ones below it
# (precis.h, the public header, is open to all). Two checks:
#  1. includes: every '#include "layer/x.h"' in model/<layer>/ names a layer
#     at or below its own;
#  2. calls: from the compiled objects (nm), every symbol a file uses that
#     another library file defines is defined at or below the user's layer;
#     and within a layer, no two files call each other (a circle), except
#     the reader dispatcher corpus/corpus.c with its readers.
# Exit 0 when both hold; else each offending edge is printed and exit 1.
set -eu
src=$1
obj=$2
layers="base text corpus features classify summarize modelfile"
rank() { i=0; for l in $layers; do [ "$l" = "$1" ] && { echo $i; return; }; i=$((i + 1)); done; echo 99; }
status=0

for f in $(cd "$src/model" && find . -mindepth 2 -name '*.[ch]' | sed 's|^\./||' | sort); do
  own=$(rank "${f%%/*}")
  for inc in $(sed -n 's/^#include "\([a-z]*\)\/[a-z_]*\.h".*/\1/p' "$src/model/$f"); do
    if [ "$(rank "$inc")" -gt "$own" ]; then
      echo "include upward: model/$f includes $inc/"
      status=1
    fi
  done
done

command -v nm >/dev/null || { echo "layers: nm not found: calls not checked"; exit $status; }
tab=$(mktemp)
trap 'rm -f "$tab"' EXIT
# "DEF file symbol" and "USE file symbol" for every object of the library.
for o in $(find "$obj" -name '*.c.o' | sort); do
  file=$(echo "$o" | sed 's|.*/precis_objects.dir/||; s|\.c\.o$||')
  nm "$o" | awk -v f="$file" '$1 == "U" { print "USE", f, $2 } NF == 3 && $2 ~ /^[TDRB]$/ { print "DEF", f, $3 }'
done > "$tab"
awk -v layers="$layers" '
  BEGIN { n = split(layers, l, " "); for (i = 1; i <= n; i++) rank[l[i]] = i }
  function layer(f) { sub(/\/.*/, "", f); return f }
  $1 == "DEF" { def[$3] = $2; next }
  { use[++u] = $2 " " $3 }
  END {
    bad = 0
    for (i = 1; i <= u; i++) {
      split(use[i], a, " "); from = a[1]; sym = a[2]
      if (!(sym in def) || def[sym] == from) continue
      to = def[sym]
      if (rank[layer(to)] > rank[layer(from)]) { print "call upward: " from " -> " to " (" sym ")"; bad = 1 }
      edge[from " " to] = 1
    }
    for (e in edge) {
      split(e, a, " ")
      if ((a[2] " " a[1]) in edge && a[1] < a[2] && a[1] != "corpus/corpus" && a[2] != "corpus/corpus") {
        print "call circle: " a[1] " <-> " a[2]; bad = 1
      }
    }
    exit bad
  }' "$tab" || status=1
[ $status -eq 0 ] && echo "layers: includes and calls all point downward; no circles"
exit $status
