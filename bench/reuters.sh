#!/usr/bin/env bash
# reuters.sh — multi-label topics on Reuters-21578 ModApte (90 topics), precis
# beside scikit-learn's one-vs-rest peers, in one run (issue 16).
#
# The ModApte split comes from the SGML copy under PRECIS_DATASETS through
# datasets/fetch-reuters.sh -m (into a temporary folder; never committed).
# precis: `precis-train --multi-label` timed whole (read, vectorize, fit 90
# labels, tune the thresholds by 3-fold CV on the training split, save), then
# scored on the test split by `precis-infer --eval`. Peers: bench/reuters_peers.py
# (LinearSVC and LogisticRegression one-vs-rest, their fit alone timed).
# Each tool runs RUNS times (default 1: the LogisticRegression peer alone takes minutes) and the median time is reported;
# the machine is shared, so the figures that count are the ratios.
# Writes bench/results/reuters.json and prints a table.
source "$(dirname "$0")/common.sh"
need_data reuters21578
need_packages python3-sklearn
need_build
RUNS=${RUNS:-1}
work=$(mktemp -d "${TMPDIR:-/tmp}/precis-reuters.XXXXXX")
trap 'rm -rf "$work"' EXIT
sh "$ROOT/datasets/fetch-reuters.sh" -m "$work" "$DATASETS" >/dev/null
train=$work/modapte-train.jsonl
test=$work/modapte-test.jsonl

median() { sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

precis_times=()
for i in $(seq "$RUNS"); do
  t0=$(date +%s.%N)
  "$BUILD/train/precis-train" -q --multi-label -o "$work/m.model" "$train" 2>/dev/null || true
  t1=$(date +%s.%N)
  precis_times+=("$(echo "$t1 - $t0" | bc -l)")
done
precis_s=$(printf '%s\n' "${precis_times[@]}" | median)
"$BUILD/infer/precis-infer" -m "$work/m.model" --eval "$test" --metrics "$work/metrics.json" \
  >"$work/eval.txt"
cv=$("$BUILD/train/precis-train" --multi-label -o "$work/m2.model" "$train" 2>&1 | grep 'thresholds by' || true)
cmp -s "$work/m.model" "$work/m2.model" && same=yes || same=no
"$BUILD/train/precis-train" -q --multi-label --threads 1 -o "$work/m1.model" "$train" 2>/dev/null || true
cmp -s "$work/m.model" "$work/m1.model" && threads_same=yes || threads_same=no

peer_runs=()
for i in $(seq "$RUNS"); do
  peer_runs+=("$("$PY" "$BENCH_DIR/reuters_peers.py" "$train" "$test")")
done

"$PY" - "$work/metrics.json" "$precis_s" "$same" "$threads_same" "$cv" "${peer_runs[@]}" <<'PY' | tee "$RESULTS/reuters.json.tmp"
import json, statistics, sys
m = json.load(open(sys.argv[1]))
precis_s = float(sys.argv[2])
peers = [json.loads(s) for s in sys.argv[6:]]
out = {"dataset": "Reuters-21578 ModApte, 90 topics", "train": peers[0]["train"],
       "test": peers[0]["test"],
       "precis": {"train_seconds_median": round(precis_s, 3), "micro_f1": round(m["micro_f1"], 4),
                  "macro_f1": round(m["macro_f1"], 4),
                  "subset_accuracy": round(m["subset_accuracy"], 4),
                  "hamming_loss": round(m["hamming_loss"], 6),
                  "rerun_byte_identical": sys.argv[3], "threads_1_vs_all_byte_identical": sys.argv[4],
                  "cv_on_train": sys.argv[5].replace("precis-train: ", "")}}
for name in ("sklearn_linearsvc_ovr", "sklearn_logreg_ovr"):
    out[name] = {"fit_seconds_median": statistics.median(p[name]["fit_seconds"] for p in peers),
                 "micro_f1": peers[0][name]["micro_f1"], "macro_f1": peers[0][name]["macro_f1"]}
out["speed_ratio_linearsvc_fit_over_precis_train"] = round(
    out["sklearn_linearsvc_ovr"]["fit_seconds_median"] / precis_s, 3)
out["targets"] = {"micro_f1 >= 0.880": out["precis"]["micro_f1"] >= 0.880,
                  "macro_f1 >= 0.550": out["precis"]["macro_f1"] >= 0.550,
                  "ratio >= 3": out["speed_ratio_linearsvc_fit_over_precis_train"] >= 3}
print(json.dumps(out, indent=2))
PY
mv "$RESULTS/reuters.json.tmp" "$RESULTS/reuters.json"
