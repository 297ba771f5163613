#!/usr/bin/env bash
# Extractive summarizers on the BBC News Summary data set: ROUGE-1/2/L F1 of
# every method and variant, each summary as long as its reference extract
# (the words budget), with idf from a model trained on the train split.
#
#   bench/summarize_bbc.sh          the table on the test split (444 articles)
#   bench/summarize_bbc.sh train    the same on the train split, where the
#                                   defaults were chosen
#   bench/summarize_bbc.sh dev      model on train folds 1-3, scored on fold 4
#                                   (numbers % 5 == 4): the honest train-side
#                                   check, with terms the model has not seen
#
# Builds the library (PRECIS_BUILD, default build/), trains the model with
# precis-train, compiles the driver bench/summarize_bbc.c against the static
# library, and checks the default's figures with an independent ROUGE
# (bench/summarize_eval.py over shared/tools/rouge.py) when it is there.
source "$(dirname "$0")/common.sh"
WHICH=${1:-test}
need_build
need_data bbc-news-summary
DATA="$DATASETS/bbc-news-summary"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# Train trees (symlinks): the whole train split, and train folds 1-3 for dev.
bbc_split "$WORK/split"
mkdir -p "$WORK/dev"
for d in "$DATA/News Articles"/*/; do
  topic=$(basename "$d")
  mkdir -p "$WORK/dev/$topic"
  for f in "$d"*.txt; do
    n=$(basename "$f" .txt)
    r=$((10#$n % 5))
    if [ "$r" -ne 0 ] && [ "$r" -ne 4 ]; then ln -s "$f" "$WORK/dev/$topic/"; fi
  done
done
case "$WHICH" in
  test) SPLIT=test; CORPUS="$WORK/split/train" ;;
  train) SPLIT=train; CORPUS="$WORK/split/train" ;;
  dev) SPLIT=r4; CORPUS="$WORK/dev" ;;
  *) echo "usage: $0 [test|train|dev]" >&2; exit 2 ;;
esac
"$BUILD/train/precis-train" --quiet -o "$WORK/bbc.model" "$CORPUS"

DRIVER="$WORK/summarize_bbc"
# shellcheck disable=SC2046
cc -O2 -std=c11 -D_POSIX_C_SOURCE=200809L -I"$ROOT/model" $(pkg-config --cflags openblas) \
  "$BENCH_DIR/summarize_bbc.c" "$BUILD/model/libprecis.a" \
  $(pkg-config --libs openblas libutf8proc jansson libxml-2.0 zlib) -lgsl -lm -lpthread -o "$DRIVER"

OUT="$RESULTS/summarize_bbc_$WHICH.tsv"
printf 'variant\tarticles\trouge1_f1\trouge2_f1\trougeL_f1\tsentences\twords\n' >"$OUT"
run() { # NAME MODEL [KEY=VALUE]...
  local name=$1 model=$2
  shift 2
  printf '%s\t%s\n' "$name" "$("$DRIVER" "$DATA" "$SPLIT" "$model" "$@")" | tee -a "$OUT"
}
M="$WORK/bbc.model"
echo "== BBC News Summary, split $SPLIT, budget = reference words (mean F1)"
printf 'variant\tarticles\tR1\tR2\tRL\tsentences\twords\n'
run default "$M" method=default
run default-no-model - method=default
for m in centroid textrank lexrank lsa lead; do run "$m" "$M" method=$m; done
run centroid-no-model - method=centroid
run textrank-no-model - method=textrank
for m in default centroid textrank lexrank lsa; do
  run "$m+topic" "$M" method=$m topic=1
  run "$m+topic-mix" "$M" method=$m topic=1 topic_argmax=0
  run "$m+mmr0.7" "$M" method=$m mmr=0.7
  run "$m+headline-mix0.1" "$M" method=$m headline_mix=0.1
done
run centroid+headline-in-centroid "$M" method=centroid headline_weight=1
run default+mmr0.9 "$M" method=default mmr=0.9
run lsa-dims2 "$M" method=lsa lsa_dims=2
run lsa-dims-auto "$M" method=lsa lsa_dims=0
run frequency-only "$M" method=default default_centroid=0
run frequency-mean "$M" method=default default_centroid=0 freq_exp=1

if [ -f "$DATASETS/../tools/rouge.py" ]; then
  mkdir -p "$WORK/dump"
  "$DRIVER" "$DATA" "$SPLIT" "$M" method=default dump="$WORK/dump" >/dev/null
  echo "== check: default scored by shared/tools/rouge.py: $($PY "$BENCH_DIR/summarize_eval.py" "$WORK/dump" "$DATA" "$DATASETS/../tools")"
fi
echo "(written to $OUT)"
