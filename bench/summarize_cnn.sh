#!/usr/bin/env bash
# Summaries against what people pick: the CNN-Corpus development half
# (cnn-corpus-dev: 999 articles, a human extract and the editors' highlights
# for each), 5-fold cross-validation: articles whose (number / 2) % 5 == k are
# held out in fold k, the model is trained on the other four folds (precis-train
# --summaries on their human extracts, --summary-objective pairwise, as the
# shipped model; a second row with its pairs weighted by the highlights,
# --summary-highlights) and never sees its held-out articles.
# Every summary is cut to its reference's word count (the DUC convention,
# precis-infer --eval-summaries --budget reference, "cut" figures); mean
# ROUGE-1/2/L F1 over the held-out articles, averaged over the folds.
#
#   bench/summarize_cnn.sh           precis (learned), lead, TextRank, precis's
#                                    default without a summary model, and Open
#                                    Text Summarizer in the same run, against
#                                    the extracts and the highlights; then the
#                                    precis and OTS summaries scored again by
#                                    shared/tools/rouge.py
#   bench/summarize_cnn.sh ablation  also: C in {0.1, 1, 10}, and the F1 without
#                                    each feature (drop-one, same folds)
#
# Results: bench/results/summarize_cnn.tsv. Needs the data set under
# $PRECIS_DATASETS (default ../shared/datasets) and the ots package.
source "$(dirname "$0")/common.sh"
MODE=${1:-peers}
need_build
need_data cnn-corpus-dev
need_packages ots
DATA="$DATASETS/cnn-corpus-dev"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
TRAIN_BIN="$BUILD/train/precis-train"
INFER_BIN="$BUILD/infer/precis-infer"
OUT="$RESULTS/summarize_cnn.tsv"
FOLDS="0 1 2 3 4"

# Label trees of symlinks: fold<k>/{fit,held}/<category>/NNNN.txt, and the
# references and highlights as refs/ and hl/ trees of the same paths.
while IFS=$'\t' read -r n cat; do
  f=$((10#$n / 2 % 5))
  for k in $FOLDS; do
    if [ "$k" -eq "$f" ]; then t=held; else t=fit; fi
    mkdir -p "$WORK/fold$k/$t/$cat"
    ln -s "$DATA/articles/$n.txt" "$WORK/fold$k/$t/$cat/"
  done
  echo "$n" >>"$WORK/fold$f.list"
  mkdir -p "$WORK/refs/$cat" "$WORK/hl/$cat"
  ln -s "$DATA/references/$n.txt" "$WORK/refs/$cat/"
  ln -s "$DATA/highlights/$n.txt" "$WORK/hl/$cat/"
done <"$DATA/index.tsv"

# score MODEL ARTICLES REFS SUMMARIZER -> "R1 R2 RL" (cut F1) "R1 R2 RL" (whole)
score() {
  "$INFER_BIN" -m "$1" --summarizer "$4" --eval-summaries "$2" "$3" --budget reference \
    --metrics "$WORK/m.json" >/dev/null
  $PY -c 'import json,sys; m=json.load(open(sys.argv[1]))
f=lambda d: " ".join("%.4f" % d[k]["f1"] for k in ("rouge1","rouge2","rougeL"))
print(f(m["cut"]), f(m))' "$WORK/m.json"
}
# cv SUMMARIZER REFS [precis-train options]... -> mean cut "R1 R2 RL" and whole "R1 R2 RL"
cv() {
  local summ=$1 refs=$2
  shift 2
  for k in $FOLDS; do
    "$TRAIN_BIN" -q "$@" -o "$WORK/cv.model" "$WORK/fold$k/fit"
    score "$WORK/cv.model" "$WORK/fold$k/held" "$WORK/$refs" "$summ"
  done | awk '{for (i = 1; i <= 6; i++) s[i] += $i} END {printf "%.4f %.4f %.4f %.4f %.4f %.4f\n", s[1]/NR, s[2]/NR, s[3]/NR, s[4]/NR, s[5]/NR, s[6]/NR}'
}

printf 'what\treference\tsystem\trouge1_f1\trouge2_f1\trougeL_f1\twhole_rouge1_f1\twhole_rouge2_f1\twhole_rougeL_f1\n' >"$OUT"
row() { printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$(echo "$4" | tr ' ' '\t')" | tee -a "$OUT"; }

C=1
OBJ=(--summary-objective pairwise)
if [ "$MODE" = ablation ]; then
  echo "== C by 5-fold cross-validation (ROUGE-2 F1 against the extracts, cut)"
  best=-1
  for c in 0.1 1 10; do
    fig=$(cv learned refs --summaries "$WORK/refs" "${OBJ[@]}" --summary-C "$c")
    row cv extracts "learned, C=$c" "$fig"
    r2=$(echo "$fig" | cut -d' ' -f2)
    if awk -v a="$r2" -v b="$best" 'BEGIN {exit !(a > b)}'; then best=$r2; C=$c; fi
  done
  echo "   chose C=$C"
  echo "== drop-one ablation (5-fold, C=$C): F1 without the feature"
  "$TRAIN_BIN" -q --summaries "$WORK/refs" -o "$WORK/full.model" "$WORK/fold0/fit"
  for f in $("$INFER_BIN" -m "$WORK/full.model" --model-info | awk '/^    [a-z_]+ +weight/ {print $1}'); do
    row ablation extracts "-$f" "$(cv learned refs --summaries "$WORK/refs" "${OBJ[@]}" --summary-C "$C" --summary-drop "$f")"
  done
fi

echo "== 5-fold cross-validation, each summary cut to its reference's word count (then: whole sentences)"
for refs in refs hl; do
  name=$([ "$refs" = refs ] && echo extracts || echo highlights)
  row cv "$name" "precis learned, pairwise (C=$C)" "$(cv learned "$refs" --summaries "$WORK/refs" "${OBJ[@]}" --summary-C "$C")"
  row cv "$name" "precis learned, pairwise + highlights (C=$C)" "$(cv learned "$refs" --summaries "$WORK/refs" "${OBJ[@]}" --summary-highlights "$WORK/hl" --summary-C "$C")"
  row cv "$name" "precis learned, pointwise (C=$C)" "$(cv learned "$refs" --summaries "$WORK/refs" --summary-C "$C")"
  row cv "$name" "lead" "$(cv lead "$refs")"
  row cv "$name" "textrank (precis)" "$(cv textrank "$refs")"
  row cv "$name" "precis default, no summary model" "$(cv default "$refs")"
done

echo "== Open Text Summarizer, and the precis summaries checked by shared/tools/rouge.py"
mkdir -p "$WORK/models"
for k in $FOLDS; do
  "$TRAIN_BIN" -q --summaries "$WORK/refs" "${OBJ[@]}" --summary-C "$C" -o "$WORK/models/fold$k.model" \
    "$WORK/fold$k/fit"
  cp "$WORK/fold$k.list" "$WORK/models/"
done
$PY "$BENCH_DIR/peers_cnn.py" "$DATA" "$DATASETS/../tools" --precis "$INFER_BIN" "$WORK/models" |
  while read -r sys refs r1 r2 rl n; do
    name=$([ "$refs" = references ] && echo extracts || echo highlights)
    row rouge.py "$name" "$sys ($n articles)" "$r1 $r2 $rl - - -"
  done
echo "(written to $OUT)"
