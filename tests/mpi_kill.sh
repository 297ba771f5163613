# mpi_kill.sh — sourced by mpi_check.sh (mode kill): rank 1 of 3 is killed
# (SIGKILL) while the fit runs. mpirun must end non-zero within 10 s, the
# model that was already at -o must be unchanged, and no temporary file may
# be left beside it. The corpus has noise for labels and C is large, so the
# fit lasts many seconds: the kill lands in it, after rank 0 says reading
# is done.
awk -v DOCS=16000 -v LEAN=0 -f "$src/tests/mpi_corpus.awk" > "$work/noise.jsonl"
mkdir -p "$work/out"
"$train" -q -o "$work/out/m.model" "$src/datasets/tiny-news/train" || fail "previous model"
cp "$work/out/m.model" "$work/before.model"
"$mpiexec" --oversubscribe --bind-to none -np 3 "$train_mpi" --threads 1 --C 1e6 --tol 1e-12 \
  -o "$work/out/m.model" "$work/noise.jsonl" 2> "$work/kill.err" &
launcher=$!

# rank R's process: a child of mpirun whose environment names its rank
rank_pid() {
  for pid in $(ps -o pid= --ppid "$launcher"); do
    if tr '\0' '\n' < "/proc/$pid/environ" 2>/dev/null | grep -qx "OMPI_COMM_WORLD_RANK=$1"; then
      echo "$pid"
      return
    fi
  done
}

waited=0
while ! grep -q "read .* documents" "$work/kill.err" && kill -0 "$launcher" 2>/dev/null &&
      [ $waited -lt 1200 ]; do
  sleep 0.1
  waited=$((waited + 1))
done
sleep 1
victim=$(rank_pid 1)
if [ -z "$victim" ] || ! grep -q "read .* documents" "$work/kill.err" || grep -q "wrote" "$work/kill.err"; then
  fail "no fit under way to kill (rank 1: '${victim}'): $(cat "$work/kill.err")"
  kill "$launcher" 2>/dev/null
  wait "$launcher"
else
  kill -KILL "$victim"
  start=$(date +%s)
  while kill -0 "$launcher" 2>/dev/null && [ $(($(date +%s) - start)) -le 10 ]; do
    sleep 0.1
  done
  if kill -0 "$launcher" 2>/dev/null; then
    fail "mpirun still running 10 s after rank 1 was killed"
    kill "$launcher"
  fi
  wait "$launcher"
  rc=$?
  [ $rc -ne 0 ] || fail "mpirun exited 0 after a rank was killed"
  echo "rank 1 killed mid-fit: mpirun exit status $rc after $(($(date +%s) - start)) s or less"
fi
cmp -s "$work/before.model" "$work/out/m.model" || fail "the model at -o changed"
left=$(ls -A "$work/out" | grep -v '^m\.model$')
[ -z "$left" ] || fail "left beside the model: $left"
runs=$((runs + 1))
