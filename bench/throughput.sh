#!/usr/bin/env bash
# precis-infer throughput over 20news-bydate test (7,532 files), whole process,
# next to the floor (wc -w over the same files), fastText's predict (on the
# same texts as one-line records, prepared beforehand) and Open Text
# Summarizer (one process per file, as it is used; timed on the first 500).
# "precis news model" is the shipped model (datasets/models/news.model), whose
# summaries come from its learned sentence model, on the same files.
# Usage: bench/throughput.sh [RUNS]
source "$(dirname "$0")/common.sh"
RUNS=${1:-3}
need_packages hyperfine fasttext ots
need_build
need_data 20news-bydate
TRAIN="$DATASETS/20news-bydate/20news-bydate-train"
TEST="$DATASETS/20news-bydate/20news-bydate-test"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
N=$(find "$TEST" -type f | wc -l)

"$BUILD/train/precis-train" --quiet -o "$TMP/20n.model" "$TRAIN"
$PY "$BENCH_DIR/to_fasttext.py" "$TRAIN" "$TMP/train.ft"
$PY "$BENCH_DIR/to_fasttext.py" "$TEST" "$TMP/test.ft"
fasttext supervised -input "$TMP/train.ft" -output "$TMP/ft" -verbose 0
find "$TEST" -type f | sort > "$TMP/all-files"
head -500 "$TMP/all-files" > "$TMP/ots-files"

hyperfine --warmup 1 --runs "$RUNS" --export-json "$RESULTS/throughput.json" \
  -n "wc -w" "find '$TEST' -type f -print0 | xargs -0 wc -w > /dev/null" \
  -n "precis classify" "$BUILD/infer/precis-infer -m $TMP/20n.model --no-summary --explain 0 --format tsv '$TEST' > /dev/null" \
  -n "precis classify+summarize" "$BUILD/infer/precis-infer -m $TMP/20n.model --explain 0 --format tsv '$TEST' > /dev/null" \
  -n "precis news model (learned summaries)" "$BUILD/infer/precis-infer -m $ROOT/datasets/models/news.model --explain 0 --format tsv '$TEST' > /dev/null" \
  -n "fasttext predict" "fasttext predict $TMP/ft.bin $TMP/test.ft > /dev/null" \
  -n "ots (500 files)" "while read -r f; do ots --ratio 20 \"\$f\" > /dev/null; done < $TMP/ots-files"

$PY - "$RESULTS/throughput.json" "$N" <<'PY'
import json, sys
r = {x["command"]: x["median"] for x in json.load(open(sys.argv[1]))["results"]}
n = int(sys.argv[2])
rate = {k: (500 if k.startswith("ots") else n) / v for k, v in r.items()}
floor = rate["wc -w"]
for k, v in rate.items():
    print("%-26s %9.0f documents/s   %.2fx the time of wc -w" % (k, v, floor / v))
PY
