#!/usr/bin/env bash
# valgrind.sh [BUILD] [TEST-REGEX] — the test suite under valgrind memcheck
# with --leak-check=full: each ctest test's command runs under valgrind, as do
# the precis-train / precis-infer processes the tests start
# (--trace-children=yes). A test passes if it passes, and no process it ran
# (itself, or a tool) shows a memory error or a definite/indirect leak in its
# log (BUILD/valgrind/<test>/<pid>.log). Check runs tests in-process
# (CK_FORK=no) so that valgrind sees them. Prints "valgrind: N passed, N
# failed" and exits 1 on a failure.
#
# BUILD: a plain (not sanitizer) build folder, default build-valgrind,
# configured and built here (RelWithDebInfo).
#
# Everything runs by default: the data-set cases (PRECIS_DATASETS, default
# ../shared/datasets), the 1,000-label training, test_install (cmake, the compiler and pkg-config are not
# traced; the installed tools and the program built against the installed
# library are) and report_check (precis-train traced, Chromium not).
# VALGRIND_QUICK=1 leaves out those four for a run of minutes: the data-set
# cases then skip with a NOTE (PRECIS_DATASETS points at an empty folder) and
# test_cli_bad skips the 1,000 labels (PRECIS_UNDER_VALGRIND=quick).
set -uo pipefail
cd "$(dirname "$0")/.."
build=${1:-build-valgrind}
only=${2:-.}
command -v valgrind >/dev/null || { echo "valgrind not found: apt-get install valgrind"; exit 1; }
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPRECIS_SANITIZE=OFF >/dev/null || exit 1
cmake --build "$build" -j2 >/dev/null || exit 1

empty=$(mktemp -d)
if [ -n "${VALGRIND_QUICK:-}" ]; then
  datasets=$empty under=quick
else
  datasets=${PRECIS_DATASETS:-$(realpath -m ../shared/datasets)} under=full
fi
logs="$build/valgrind"
rm -rf "$logs" && mkdir -p "$logs"
trap 'rm -rf "$empty"' EXIT

# name<TAB>env (;-separated)<TAB>command (\x1f-separated), from ctest's JSON.
ctest --test-dir "$build" --show-only=json-v1 | /usr/bin/python3 -c '
import json, sys, re
import os
skip = {"test_install", "report_check"} if os.environ.get("VALGRIND_QUICK") else set()
for t in json.load(sys.stdin)["tests"]:
    if t["name"] in skip or not re.search(sys.argv[1], t["name"]):
        continue
    env = next((p["value"] for p in t.get("properties", []) if p["name"] == "ENVIRONMENT"), [])
    # "-" for no environment: read would merge an empty field into the next
    print(t["name"], ";".join(env) or "-", "\x1f".join(t["command"]), sep="\t")
' "$only" > "$logs/tests.tsv"

# Programs that are not ours and would only slow the run down (the compiler
# and the browser above all); their children are not traced either.
untraced=$(printf '*/%s,' tr head awk mawk gawk cat cp ln mkdir mkfifo chmod rm 'python3*' \
  cmake ctest cc gcc 'gcc-*' cc1 collect2 ld as pkg-config pkgconf readelf nm grep sed find \
  wc cmp sort mktemp timeout 'chromium*' chrome)
untraced=${untraced%,}

run_one() {
  local name=$1 envs=$2 cmd=$3 dir="$logs/$1"
  local -a argv env_args
  IFS=$'\x1f' read -r -a argv <<< "$cmd"
  IFS=';' read -r -a env_args <<< "${envs#-}"
  mkdir -p "$dir"
  chmod 1777 "$dir" # tools that tests run as another user log here too
  # One log per process (%p), so the tools' stderr stays theirs. Leaks do not
  # set the exit code (--errors-for-leak-kinds=none): a forked test child that
  # _exits on purpose would flip it; the logs are read below instead. Shells
  # are traced (tests start the tools through them), the heavy utilities the
  # fixture script runs are not.
  env "${env_args[@]}" PRECIS_DATASETS="$datasets" PRECIS_UNDER_VALGRIND=$under CK_FORK=no \
      CK_DEFAULT_TIMEOUT=36000 \
    valgrind --tool=memcheck --leak-check=full --show-leak-kinds=definite,indirect \
      --errors-for-leak-kinds=none --error-exitcode=1 --trace-children=yes \
      --trace-children-skip="$untraced" \
      --child-silent-after-fork=yes \
      --num-callers=30 --vgdb=no --log-file="$dir/%p.log" \
      "${argv[@]}" > "$dir/output.txt" 2>&1 || return 1
  # Any memory error or definite/indirect leak in a process of ours (the test
  # or a tool: "Command:" under the build folder; not sh and the like).
  local ours bad
  # (test_install's tools and programs live in its own temporary prefix.)
  ours=$(grep -lE "^==[0-9]+== Command: ($(realpath "$build")/|\S*/precis-install\.)" "$dir"/*.log)
  [ -n "$ours" ] || return 1
  bad=$(grep -lE 'ERROR SUMMARY: [1-9]|(definitely|indirectly) lost: [1-9]' $ours)
  [ -z "$bad" ] || { echo "$bad"; return 1; }
}

passed=0 failed=0
while IFS=$'\t' read -r name envs cmd; do
  start=$(date +%s)
  if run_one "$name" "$envs" "$cmd"; then
    passed=$((passed + 1)); verdict=ok
  else
    failed=$((failed + 1)); verdict="FAILED (see $logs/$name/)"
  fi
  echo "$name: $verdict, $(( $(date +%s) - start )) s"
done < "$logs/tests.tsv"
echo "valgrind: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
