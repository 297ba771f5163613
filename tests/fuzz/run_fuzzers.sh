#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan+UBSan) and runs each for a bounded
# time from its committed seeds. Used by .ci/run (short) and
# bench/fuzz_long.sh (long).
#
#   tests/fuzz/run_fuzzers.sh SECONDS [TARGET...]
#
# Environment: FUZZ_BUILD (build folder, default build-fuzz), FUZZ_JOBS
# (targets run side by side, default 1), FUZZ_MAX_LEN (default 16384).
# Each target's growing corpus is kept in $FUZZ_BUILD/fuzz-corpus/<target>
# (the seeds are never written to); crashes land in
# $FUZZ_BUILD/fuzz-artifacts/<target>/. Prints "<target> <runs> runs in <s> s"
# per target, then "fuzz: N passed, N failed", and exits non-zero if any
# target found a crash, a leak, a timeout (10 s per input) or a single
# allocation over 512 MiB.
set -euo pipefail
cd "$(dirname "$0")/../.."

seconds=${1:?usage: $0 SECONDS [TARGET...]}
shift
targets=("$@")
if [ "${#targets[@]}" -eq 0 ]; then
  targets=(decode_tokenize sentences csv tsv fasttext jsonl model_load infer)
fi
build=${FUZZ_BUILD:-build-fuzz}
jobs=${FUZZ_JOBS:-1}
max_len=${FUZZ_MAX_LEN:-16384}

cmake -S . -B "$build" -DCMAKE_C_COMPILER=clang -DPRECIS_FUZZ=ON -DPRECIS_BUILD_TESTS=OFF \
      -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j2 --target $(printf 'fuzz_%s ' "${targets[@]}") >/dev/null

run_one() {
  local t=$1 corpus="$build/fuzz-corpus/$1" artifacts="$build/fuzz-artifacts/$1/"
  local log="$build/fuzz-$1.log"
  mkdir -p "$corpus" "$artifacts"
  local rc=0
  ASAN_OPTIONS="detect_leaks=1:allocator_may_return_null=1" \
  UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1" \
    "$build/tests/fuzz/fuzz_$t" -max_total_time="$seconds" -max_len="$max_len" \
      -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=512 -print_final_stats=1 \
      -artifact_prefix="$artifacts" "$corpus" "tests/fuzz/corpus/$t" >"$log" 2>&1 || rc=$?
  local runs secs
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  secs=$(sed -n 's/.*Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$log" | tail -1)
  if [ "$rc" -ne 0 ]; then
    echo "$t FAILED (exit $rc) after ${runs:-?} runs; log: $log"
    grep -E "ERROR|runtime error|check failed|SUMMARY" "$log" | head -5 || true
    return 1
  fi
  echo "$t ${runs:-?} runs in ${secs:-$seconds} s"
}

passed=0 failed=0
pids=()
reap() {
  if wait "$1"; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
}
for t in "${targets[@]}"; do
  run_one "$t" &
  pids+=($!)
  if [ "${#pids[@]}" -ge "$jobs" ]; then
    reap "${pids[0]}"
    pids=("${pids[@]:1}")
  fi
done
for p in "${pids[@]}"; do
  reap "$p"
done
echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
