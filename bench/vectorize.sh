#!/usr/bin/env bash
# Reading + vectorizing 20news-bydate train, whole process, precis against
# scikit-learn's TfidfVectorizer in the same run (hyperfine, alternating).
# Usage: bench/vectorize.sh [RUNS]
source "$(dirname "$0")/common.sh"
RUNS=${1:-5}
need_packages python3-sklearn hyperfine
need_build
need_data 20news-bydate
TRAIN="$DATASETS/20news-bydate/20news-bydate-train"
hyperfine --warmup 1 --runs "$RUNS" --export-json "$RESULTS/vectorize.json" \
  -n precis "$BUILD/train/precis-train --quiet --vectorize-only '$TRAIN'" \
  -n scikit-learn "$PY $BENCH_DIR/sklearn_tfidf.py '$TRAIN'"
$PY - "$RESULTS/vectorize.json" <<'PY'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
p, s = r["precis"]["median"], r["scikit-learn"]["median"]
print("vectorize 20news train (median of runs): precis %.3fs, scikit-learn %.3fs: precis is %.1fx faster" % (p, s, s / p))
PY
