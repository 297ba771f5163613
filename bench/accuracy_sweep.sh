#!/usr/bin/env bash
# Test accuracy on 20news-bydate and on BBC (standard split) for every
# combination of the feature defaults that issues 2 and 3 leave free: stop
# words {none, english} x max-df {1, 0.5, 0.3, 0.2, 0.1} x n-grams {1, 1-2}
# x min-df {1, 2} (40 settings; tokens, objective and C stay the defaults).
# It documents why 0.858 on 20news is out of reach of the defaults: choosing
# among these on the test splits is tuning to them, and is shown only to
# bound what a change of defaults could give.
# Usage: bench/accuracy_sweep.sh   -> bench/results/accuracy_sweep.tsv
source "$(dirname "$0")/common.sh"
need_build
need_data 20news-bydate
need_data bbc-news-summary
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
bbc_split "$TMP/bbc"
NEWS="$DATASETS/20news-bydate"
OUT="$RESULTS/accuracy_sweep.tsv"
accuracy() { # CORPUS TEST options... -> test accuracy
  local corpus=$1 test=$2
  shift 2
  "$BUILD/train/precis-train" --quiet "$@" -o "$TMP/m.model" --test "$test" "$corpus" |
    awk '/^documents/ {print $4; exit}'
}
printf 'stop_words\tmax_df\tngram\tmin_df\t20news\tbbc\n' > "$OUT"
for sw in none english; do
  for mx in 1.0 0.5 0.3 0.2 0.1; do
    for ng in 1-1 1-2; do
      for mn in 1 2; do
        opts=(--max-df "$mx" --ngram "$ng" --min-df "$mn")
        [ "$sw" = english ] && opts+=(--stop-words english)
        news=$(accuracy "$NEWS/20news-bydate-train" "$NEWS/20news-bydate-test" "${opts[@]}")
        bbc=$(accuracy "$TMP/bbc/train" "$TMP/bbc/test" "${opts[@]}")
        printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$sw" "$mx" "$ng" "$mn" "$news" "$bbc" | tee -a "$OUT"
      done
    done
  done
done
echo "(written to $OUT)"
