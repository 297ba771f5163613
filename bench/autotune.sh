#!/usr/bin/env bash
# precis-train --autotune against scikit-learn's GridSearchCV over the same
# space, in one run:
#  1. 20 Newsgroups by-date, --autotune (default budget) on train only,
#     scored once on test; wall and CPU seconds of the whole run;
#  2. the BBC standard split (test = file number divisible by 5), the same;
#  3. speed against the peer on a quarter of 20news train (every 4th file
#     of each newsgroup): precis's whole search (no budget) and timed
#     samples of GridSearchCV over the same space (LinearSVC and multinomial
#     LogisticRegression pipelines, bench/autotune_sklearn.py, one process),
#     compared as CPU seconds (the machine is shared: wall clocks are noisy,
#     CPU seconds much less so), and scikit-learn's whole space extrapolated.
# Usage: bench/autotune.sh [extra precis-train options...]
source "$(dirname "$0")/common.sh"
need_build
need_data 20news-bydate
need_data bbc-news-summary
need_packages python3-sklearn
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
OUT=$RESULTS/autotune.txt
N20=$DATASETS/20news-bydate
bbc_split "$TMP/bbc"
for d in "$N20/20news-bydate-train"/*/; do
  g=$(basename "$d")
  mkdir -p "$TMP/quarter/$g"
  ls "$d" | sort | awk 'NR % 4 == 0' | while read -r f; do ln -s "$d$f" "$TMP/quarter/$g/$f"; done
done

# name train test [options]: one --autotune run, its figures and times
run_precis() {
  local name=$1 train=$2 test=$3
  shift 3
  /usr/bin/time -f "%e %U %S" -o "$TMP/$name.time" "$BUILD/train/precis-train" --quiet \
    --autotune "$@" --metrics "$RESULTS/autotune-$name.json" -o "$TMP/$name.model" \
    --test "$test" "$train" > "$TMP/$name.out"
  local acc wall user sys
  acc=$(sed -n 's/^documents.*accuracy \([0-9.]*\).*/\1/p' "$TMP/$name.out")
  read -r wall user sys < "$TMP/$name.time"
  head -1 "$TMP/$name.out" | sed "s/^/$name /"
  grep '<- winner' "$TMP/$name.out" | sed "s/^/$name winner: /"
  echo "$name: precis --autotune test accuracy $acc  wall ${wall}s  cpu $(echo "$user + $sys" | bc)s"
}

{
  echo "# bench/autotune.sh, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
  run_precis 20news "$N20/20news-bydate-train" "$N20/20news-bydate-test" "$@"
  "$BUILD/infer/precis-infer" -m "$TMP/20news.model" --model-info | sed -n '/chosen by/,/winner/p'
  run_precis bbc "$TMP/bbc/train" "$TMP/bbc/test" "$@"
  run_precis quarter "$TMP/quarter" "$N20/20news-bydate-test" --autotune-time 100000 "$@"
  /usr/bin/time -f "%e %U %S" -o "$TMP/sk.time" "$PY" "$BENCH_DIR/autotune_sklearn.py" \
    "$TMP/quarter" 1 > "$TMP/sk.json"
  "$PY" - "$TMP/sk.json" "$TMP/quarter.time" "$RESULTS/autotune-quarter.json" <<'PYEOF'
import json, sys
sk = json.load(open(sys.argv[1]))
wall, user, system = map(float, open(sys.argv[2]).read().split())
table = json.load(open(sys.argv[3]))["autotune"]
n = len(table["candidates"])
precis_cpu = (user + system) / n
print(f"quarter ({sk['documents']} documents): precis whole run {wall:.0f}s wall, {user + system:.0f}s CPU "
      f"for {n} candidates: {precis_cpu:.2f} CPU s per candidate (reads and final fit included)")
for name in ("svm_sample", "logistic_sample"):
    smp = sk[name]
    print(f"quarter: sklearn GridSearchCV {name} of {smp['candidates']} candidates x 3 folds: "
          f"{smp['seconds']:.0f}s wall, {smp['cpu_seconds']:.0f}s CPU: "
          f"{smp['cpu_seconds_per_candidate']:.2f} CPU s per candidate")
    for row in smp["rows"]:
        print(f"quarter:   sklearn cv {row['cv_mean']:.4f} +- {row['cv_sd']:.4f}  {row['params']}")
full = sk["full_grid_cpu_seconds_extrapolated"]
print(f"quarter: sklearn's whole space ({sk['full_grid_candidates']} candidates), extrapolated: "
      f"{full:.0f} CPU s = {full / (user + system):.0f}x precis's whole --autotune run")
PYEOF
} | tee "$OUT"
