#!/usr/bin/env bash
# The learned summarizer on the BBC News Summary data set: trained on the
# train split's articles and reference extracts, scored on the test split at
# the reference's length (--budget reference), mean ROUGE-1/2/L F1 of whole
# sentences, and (one row) of the same summaries cut to the reference's word
# count.
#
#   bench/learned_bbc.sh          all of it: C by 4-fold cross-validation on
#                                 the train split, the drop-one ablation (also
#                                 cross-validated on train), the time of the
#                                 whole precis-train --summaries process, then
#                                 the test figures, once, checked with
#                                 shared/tools/rouge.py
#   bench/learned_bbc.sh quick    C fixed at the default, no ablation
#
# Folds: train files whose number % 5 == r (r = 1..4) are held out in turn
# (the test split is % 5 == 0 and is never seen before the end).
# Builds the library (PRECIS_BUILD, default build/). Results go to
# bench/results/learned_bbc.tsv.
source "$(dirname "$0")/common.sh"
MODE=${1:-all}
need_build
need_data bbc-news-summary
DATA="$DATASETS/bbc-news-summary"
SUMM="$DATA/Summaries"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
TRAIN_BIN="$BUILD/train/precis-train"
INFER_BIN="$BUILD/infer/precis-infer"
OUT="$RESULTS/learned_bbc.tsv"

bbc_split "$WORK/split"
for r in 1 2 3 4; do
  for d in "$DATA/News Articles"/*/; do
    topic=$(basename "$d")
    mkdir -p "$WORK/fold$r/fit/$topic" "$WORK/fold$r/held/$topic"
    for f in "$d"*.txt; do
      n=$((10#$(basename "$f" .txt) % 5))
      [ "$n" -eq 0 ] && continue
      if [ "$n" -eq "$r" ]; then ln -s "$f" "$WORK/fold$r/held/$topic/"; else ln -s "$f" "$WORK/fold$r/fit/$topic/"; fi
    done
  done
done

# train MODEL CORPUS [precis-train options]...
train() {
  local model=$1 corpus=$2
  shift 2
  "$TRAIN_BIN" -q "$@" --summaries "$SUMM" -o "$model" "$corpus"
}
# score MODEL ARTICLES -> "R1 R2 RL" (mean F1)
score() {
  "$INFER_BIN" -m "$1" --summarizer learned --eval-summaries "$2" "$SUMM" --budget reference \
    --metrics "$WORK/m.json" >/dev/null
  $PY -c 'import json,sys; m=json.load(open(sys.argv[1])); print("%.4f %.4f %.4f" % tuple(m[k]["f1"] for k in ("rouge1","rouge2","rougeL")))' "$WORK/m.json"
}
# cv [precis-train options]... -> mean "R1 R2 RL" over the four folds
cv() {
  for r in 1 2 3 4; do
    train "$WORK/cv.model" "$WORK/fold$r/fit" "$@"
    score "$WORK/cv.model" "$WORK/fold$r/held"
  done | awk '{a+=$1; b+=$2; c+=$3} END {printf "%.4f %.4f %.4f\n", a/NR, b/NR, c/NR}'
}

printf 'what\tsetting\trouge1_f1\trouge2_f1\trougeL_f1\n' >"$OUT"
row() { printf '%s\t%s\t%s\n' "$1" "$2" "$(echo "$3" | tr ' ' '\t')" | tee -a "$OUT"; }

C=1
if [ "$MODE" = all ]; then
  echo "== C by 4-fold cross-validation on the train split (mean F1 on held-out folds)"
  best=-1
  for c in 0.1 1 10; do
    fig=$(cv --summary-C "$c")
    row cv "C=$c" "$fig"
    r2=$(echo "$fig" | cut -d' ' -f2)
    if awk -v a="$r2" -v b="$best" 'BEGIN {exit !(a > b)}'; then best=$r2; C=$c; fi
  done
  echo "   chose C=$C"
  echo "== drop-one ablation (cross-validated on train, C=$C): F1 without the feature"
  train "$WORK/full.model" "$WORK/split/train" --summary-C "$C"
  base=$(cv --summary-C "$C")
  row ablation "all features" "$base"
  for f in $("$INFER_BIN" -m "$WORK/full.model" --model-info | awk '/^    [a-z_]+ +weight/ {print $1}'); do
    fig=$(cv --summary-C "$C" --summary-drop "$f")
    row ablation "-$f" "$fig"
  done
fi

echo "== time of the whole precis-train --summaries process on the train split (3 runs)"
for i in 1 2 3; do
  s=$(date +%s.%N)
  train "$WORK/final.model" "$WORK/split/train" --summary-C "$C"
  e=$(date +%s.%N)
  awk -v s="$s" -v e="$e" 'BEGIN {printf "%.2f\n", e - s}'
done | sort -n | tee "$WORK/times" | tr '\n' ' '
echo
row time "train split, seconds (median of 3)" "$(sed -n 2p "$WORK/times") - -"

echo "== test split (444 articles), budget = the reference's word count"
fig=$(score "$WORK/final.model" "$WORK/split/test")
row test "learned, C=$C" "$fig"
# The same summaries cut to the reference's word count (the DUC convention,
# the protocol of bench/summarize_cnn.sh); the rows above are whole sentences.
row test "learned, C=$C, cut to the reference's word count" "$($PY -c 'import json,sys; m=json.load(open(sys.argv[1]))["cut"]; print("%.4f %.4f %.4f" % tuple(m[k]["f1"] for k in ("rouge1","rouge2","rougeL")))' "$WORK/m.json")"
# The pairwise objective (precis-train --summary-objective pairwise, the
# shipped model's), same split and C, both protocols.
train "$WORK/pairwise.model" "$WORK/split/train" --summary-C "$C" --summary-objective pairwise
row test "learned pairwise, C=$C" "$(score "$WORK/pairwise.model" "$WORK/split/test")"
row test "learned pairwise, C=$C, cut to the reference's word count" "$($PY -c 'import json,sys; m=json.load(open(sys.argv[1]))["cut"]; print("%.4f %.4f %.4f" % tuple(m[k]["f1"] for k in ("rouge1","rouge2","rougeL")))' "$WORK/m.json")"
row test "default without a summary model (for comparison)" \
  "$("$TRAIN_BIN" -q -o "$WORK/plain.model" "$WORK/split/train" && \
     "$INFER_BIN" -m "$WORK/plain.model" --eval-summaries "$WORK/split/test" "$SUMM" \
       --budget reference --metrics "$WORK/m.json" >/dev/null && \
     $PY -c 'import json,sys; m=json.load(open(sys.argv[1])); print("%.4f %.4f %.4f" % tuple(m[k]["f1"] for k in ("rouge1","rouge2","rougeL")))' "$WORK/m.json")"

if [ -f "$DATASETS/../tools/rouge.py" ]; then
  DRIVER="$WORK/summarize_bbc"
  # shellcheck disable=SC2046
  cc -O2 -std=c11 -D_POSIX_C_SOURCE=200809L -I"$ROOT/model" $(pkg-config --cflags openblas) \
    "$BENCH_DIR/summarize_bbc.c" "$BUILD/model/libprecis.a" \
    $(pkg-config --libs openblas libutf8proc jansson libxml-2.0 zlib) -lgsl -lm -lpthread -o "$DRIVER"
  mkdir -p "$WORK/dump"
  "$DRIVER" "$DATA" test "$WORK/final.model" method=learned dump="$WORK/dump" >/dev/null
  check=$($PY "$BENCH_DIR/summarize_eval.py" "$WORK/dump" "$DATA" "$DATASETS/../tools")
  echo "== check: the same summaries scored by shared/tools/rouge.py: $check"
  row rouge.py "learned, test (articles R1 R2 RL)" "$(echo "$check" | cut -f2-)"
fi
echo "(written to $OUT)"
