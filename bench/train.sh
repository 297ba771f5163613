#!/usr/bin/env bash
# Training speed on 20news-bydate train, side by side in one run:
#   precis-train, whole process (read, vectorize, fit, save);
#   scikit-learn, whole process (read, TfidfVectorizer, LogisticRegression C=10);
#   liblinear-train -s 0 -c 10, fit only, on the same TF-IDF rows exported by precis.
# Also precis-train's peak resident memory against the size of W plus the CSR matrix.
# Usage: bench/train.sh [RUNS]
source "$(dirname "$0")/common.sh"
RUNS=${1:-3}
need_packages python3-sklearn liblinear-tools hyperfine time
need_build
need_data 20news-bydate
TRAIN="$DATASETS/20news-bydate/20news-bydate-train"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

echo "== exporting precis's TF-IDF rows for liblinear"
"$BUILD/train/precis-train" --quiet --vectorize-only --export-svmlight "$TMP/train.svm" "$TRAIN"

echo "== timing (precis and liblinear: $RUNS runs each; scikit-learn: 1 run, it is slow)"
hyperfine --warmup 1 --runs "$RUNS" --export-json "$RESULTS/train-fast.json" \
  -n precis "$BUILD/train/precis-train --quiet -o $TMP/p.model '$TRAIN'" \
  -n liblinear "liblinear-train -q -s 0 -c 10 $TMP/train.svm $TMP/l.model"
hyperfine --runs 1 --export-json "$RESULTS/train-sklearn.json" \
  -n scikit-learn "$PY $BENCH_DIR/sklearn_tfidf.py --fit --C 10 '$TRAIN'"

/usr/bin/time -v "$BUILD/train/precis-train" -o "$TMP/p.model" "$TRAIN" 2> "$TMP/time.txt" >/dev/null || true
rss_kb=$(awk -F: '/Maximum resident set size/ {gsub(/ /, "", $2); print $2}' "$TMP/time.txt")
read -r terms nnz < <("$BUILD/train/precis-train" --quiet --vectorize-only "$TRAIN" |
  awk '{print $6, $8}')

$PY - "$RESULTS" "$rss_kb" "$terms" "$nnz" <<'PY'
import json, sys
res, rss_kb, terms, nnz = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
fast = {x["command"]: x["median"] for x in json.load(open(res + "/train-fast.json"))["results"]}
sk = json.load(open(res + "/train-sklearn.json"))["results"][0]["median"]
p, l = fast["precis"], fast["liblinear"]
print("precis-train whole process %.2fs | liblinear fit only %.2fs | scikit-learn %.2fs" % (p, l, sk))
print("precis is %.1fx faster than scikit-learn and %.2fx faster than liblinear's fit" % (sk / p, l / p))
w = terms * 20 * 8 + 20 * 8
csr = nnz * (4 + 8) + 11315 * 8
print("peak RSS %.1f MB = %.2f x (W %.1f MB + CSR %.1f MB)" % (rss_kb / 1024, rss_kb * 1024 / (w + csr), w / 2**20, csr / 2**20))
PY
