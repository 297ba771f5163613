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
# Each run times precis then the peers, back to back (RUNS runs, default 3);
# the medians are reported, and the ratio of each run. The machine is shared,
# so the figures that count are the ratios, reported with the load average
# (/proc/loadavg before and after). CPU seconds are reported too: under heavy
# load precis's threads buy little wall time, and the CPU ratio says what a
# quieter machine would give on one core.
# Writes bench/results/reuters.json and prints a table.
source "$(dirname "$0")/common.sh"
need_data reuters21578
need_packages python3-sklearn
need_build
RUNS=${RUNS:-3}
work=$(mktemp -d "${TMPDIR:-/tmp}/precis-reuters.XXXXXX")
trap 'rm -rf "$work"' EXIT
sh "$ROOT/datasets/fetch-reuters.sh" -m "$work" "$DATASETS" >/dev/null
train=$work/modapte-train.jsonl
test=$work/modapte-test.jsonl


load_before=$(cut -d' ' -f1-3 /proc/loadavg)
precis_runs=()
peer_runs=()
for i in $(seq "$RUNS"); do
  /usr/bin/time -f '%e %U %S' -o "$work/time" \
    "$BUILD/train/precis-train" -q --multi-label -o "$work/m.model" "$train" 2>/dev/null || true
  precis_runs+=("$(awk '{ printf "%s,%.3f", $1, $2 + $3 }' "$work/time")")
  peer_runs+=("$("$PY" "$BENCH_DIR/reuters_peers.py" "$train" "$test")")
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
"$BUILD/infer/precis-infer" -m "$work/m.model" --eval "$test" --metrics "$work/metrics.json" \
  >"$work/eval.txt"
cv=$("$BUILD/train/precis-train" --multi-label -o "$work/m2.model" "$train" 2>&1 | grep 'thresholds by' || true)
cmp -s "$work/m.model" "$work/m2.model" && same=yes || same=no
"$BUILD/train/precis-train" -q --multi-label --threads 1 -o "$work/m1.model" "$train" 2>/dev/null || true
cmp -s "$work/m.model" "$work/m1.model" && threads_same=yes || threads_same=no

"$PY" - "$work/metrics.json" "$same" "$threads_same" "$cv" "$load_before" "$load_after" \
  "$(nproc)" "${precis_runs[*]}" "${peer_runs[@]}" <<'PY' | tee "$RESULTS/reuters.json.tmp"
import json, statistics, sys
m = json.load(open(sys.argv[1]))
precis = [tuple(map(float, r.split(","))) for r in sys.argv[8].split()]
peers = [json.loads(s) for s in sys.argv[9:]]
svc = "sklearn_linearsvc_ovr"
wall = [w for w, _ in precis]
cpu = [c for _, c in precis]
out = {"dataset": "Reuters-21578 ModApte, 90 topics", "train": peers[0]["train"],
       "test": peers[0]["test"], "runs": len(precis),
       "load_average_before": sys.argv[5], "load_average_after": sys.argv[6],
       "cores": int(sys.argv[7]),
       "precis": {"train_seconds_median": round(statistics.median(wall), 3),
                  "train_cpu_seconds_median": round(statistics.median(cpu), 3),
                  "train_seconds": wall, "train_cpu_seconds": cpu,
                  "micro_f1": round(m["micro_f1"], 4),
                  "macro_f1": round(m["macro_f1"], 4),
                  "subset_accuracy": round(m["subset_accuracy"], 4),
                  "hamming_loss": round(m["hamming_loss"], 6),
                  "rerun_byte_identical": sys.argv[2], "threads_1_vs_all_byte_identical": sys.argv[3],
                  "cv_on_train": sys.argv[4].replace("precis-train: ", "")}}
for name in (svc, "sklearn_logreg_ovr"):
    out[name] = {"fit_seconds_median": statistics.median(p[name]["fit_seconds"] for p in peers),
                 "fit_cpu_seconds_median": statistics.median(p[name]["fit_cpu_seconds"]
                                                             for p in peers),
                 "fit_seconds": [p[name]["fit_seconds"] for p in peers],
                 "micro_f1": peers[0][name]["micro_f1"], "macro_f1": peers[0][name]["macro_f1"]}
per_run = [p[svc]["fit_seconds"] / w for p, (w, _) in zip(peers, precis)]
out["speed_ratio_linearsvc_fit_over_precis_train"] = round(
    out[svc]["fit_seconds_median"] / out["precis"]["train_seconds_median"], 3)
out["speed_ratio_per_run"] = [round(r, 3) for r in per_run]
out["cpu_ratio_linearsvc_fit_over_precis_train"] = round(
    out[svc]["fit_cpu_seconds_median"] / out["precis"]["train_cpu_seconds_median"], 3)
out["targets"] = {"micro_f1 >= 0.880": out["precis"]["micro_f1"] >= 0.880,
                  "macro_f1 >= 0.550": out["precis"]["macro_f1"] >= 0.550,
                  "ratio >= 3": out["speed_ratio_linearsvc_fit_over_precis_train"] >= 3}
print(json.dumps(out, indent=2))
PY
mv "$RESULTS/reuters.json.tmp" "$RESULTS/reuters.json"
