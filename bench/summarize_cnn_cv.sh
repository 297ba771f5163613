#!/usr/bin/env bash
# Sentence-model experiments on cnn-corpus-dev outside C, with the folds of
# bench/summarize_cnn.sh (fold k holds out the articles whose (number / 2) % 5
# == k). For each fold, precis-train fits the classifier on the other four
# folds, and bench/summary_features.c writes every sentence's learned-summarizer
# features under that model (exactly what precis-train --summaries fits on);
# bench/summarize_cnn_cv.py then fits and scores variants of the sentence model
# and of the selection in Python, each summary cut to its reference's word
# count. Its "base" variant reproduces bench/summarize_cnn.sh's precis learned
# pairwise figures, so a variant that wins here is worth building in C.
#
#   bench/summarize_cnn_cv.sh [VARIANT]...   (see summarize_cnn_cv.py; default all)
#
# Results: bench/results/summarize_cnn_cv.tsv (all variants), or
# summarize_cnn_cv_chosen.tsv (those named; OUT=FILE names another). With KEEP=DIR the folds' feature
# dumps are written to DIR (and reused when already there), so variants can
# be tried again without retraining.
source "$(dirname "$0")/common.sh"
need_build
need_data cnn-corpus-dev
DATA="$DATASETS/cnn-corpus-dev"
if [ -n "${KEEP:-}" ]; then
  WORK=$KEEP
  mkdir -p "$WORK"
else
  WORK=$(mktemp -d)
  trap 'rm -rf "$WORK"' EXIT
fi
[ -s "$WORK/all.list" ] || while IFS=$'\t' read -r n cat; do
  f=$((10#$n / 2 % 5))
  for k in 0 1 2 3 4; do
    [ "$k" -eq "$f" ] && continue
    mkdir -p "$WORK/fold$k/$cat"
    ln -s "$DATA/articles/$n.txt" "$WORK/fold$k/$cat/"
  done
  echo "$n" >>"$WORK/all.list"
done <"$DATA/index.tsv"
# shellcheck disable=SC2046
cc -O2 -std=c11 -D_POSIX_C_SOURCE=200809L -I"$ROOT/model" $(pkg-config --cflags openblas) \
  "$BENCH_DIR/summary_features.c" "$BUILD/model/libprecis.a" \
  $(pkg-config --libs openblas libutf8proc jansson libxml-2.0 zlib) -lgsl -lm -lpthread \
  -o "$WORK/summary_features"
for k in 0 1 2 3 4; do
  [ -s "$WORK/dump$k.tsv" ] && continue
  "$BUILD/train/precis-train" -q -o "$WORK/fold$k.model" "$WORK/fold$k"
  "$WORK/summary_features" "$WORK/fold$k.model" "$DATA" <"$WORK/all.list" >"$WORK/dump$k.tsv"
done
# Every variant (no arguments) rewrites the results file; a chosen few go to
# their own file (OUT=FILE to name it), so the full table is not lost.
if [ $# -eq 0 ]; then
  OUT=${OUT:-$RESULTS/summarize_cnn_cv.tsv}
else
  OUT=${OUT:-$RESULTS/summarize_cnn_cv_chosen.tsv}
fi
$PY "$BENCH_DIR/summarize_cnn_cv.py" "$DATA" "$DATASETS/../tools" "$WORK" "$@" | tee "$OUT"
echo "(written to $OUT)"
