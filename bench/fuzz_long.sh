#!/usr/bin/env bash
# fuzz_long.sh [MINUTES] [TARGET...] — the long fuzzing run: every libFuzzer
# target (tests/fuzz) for a share of MINUTES of wall time (default 60), two
# at a time (FUZZ_JOBS, default 2), each from its committed seeds plus the
# corpus grown by earlier runs (build-fuzz/fuzz-corpus/<target>, kept between
# runs). Prints each target's executions; crashes go to
# build-fuzz/fuzz-artifacts/<target>/. Aim: 10 million executions per target
# (at 2 jobs, about MINUTES=240 on two cores).
#
#   bench/fuzz_long.sh 20          # 20 minutes in all
#   bench/fuzz_long.sh 10 csv jsonl
set -euo pipefail
cd "$(dirname "$0")/.."
minutes=${1:-60}
shift || true
targets=("$@")
if [ "${#targets[@]}" -eq 0 ]; then
  targets=(decode_tokenize sentences csv tsv fasttext jsonl model_load infer)
fi
jobs=${FUZZ_JOBS:-2}
# Targets run in ceil(n / jobs) rounds; each round gets an equal share.
rounds=$(( (${#targets[@]} + jobs - 1) / jobs ))
seconds=$(( minutes * 60 / rounds ))
echo "== fuzzing ${#targets[@]} targets, $jobs at a time, $seconds s each ($(date -u +%FT%TZ))"
FUZZ_JOBS=$jobs FUZZ_MAX_LEN=${FUZZ_MAX_LEN:-65536} tests/fuzz/run_fuzzers.sh "$seconds" "${targets[@]}"
