#!/bin/sh
# mpi_check.sh MODE TRAIN TRAIN_MPI MPIEXEC SOURCE_DIR WORK_DIR
# precis-train-mpi against precis-train: the model written by mpirun -np P
# must be byte-identical (cmp) to the one-process model, whatever P, the
# threads, the options, and the collective algorithms and transport Open MPI
# is made to use. Modes:
#   tiny         tiny-news: P = 1..4 x {defaults, --ngram 1-2 --min-df 2
#                --max-features 5000 --class-weight balanced} x --threads 1, 2
#   synthetic    a generated corpus big enough for several row chunks (so
#                rows move between ranks), as JSON Lines (P = 2..4, both
#                option sets) and as a folder (P = 3, 4); and 5 records over
#                4 ranks (ranks without rows)
#   collectives  the synthetic corpus at P = 4 with Open MPI forced through
#                allreduce and bcast algorithms 1..6, and over --mca btl self,tcp
#   20news       one run on 20news (a JSON Lines copy, P = 3, both option
#                sets at once); 77 (skipped) without the data set
#   20news-full  the whole matrix on 20news, folder and JSON Lines copy
#                (bench/mpi_matrix.sh runs it: long on 2 cores)
#   kill         one rank killed mid-fit: mpirun exits non-zero within 10 s,
#                the model already at -o is unchanged, no temporary file left
#   launch       a scheduler counting several tasks where MPI sees one: refused
# Exit 0 when all hold; else what failed is printed and exit 1.
set -u
mode=$1 train=$2 train_mpi=$3 mpiexec=$4 src=$5 work=$6
data=${PRECIS_DATASETS:-${PRECIS_DATASETS_DEFAULT:-$src/../shared/datasets}}
# CI runs as root in a container; Open MPI refuses root unless told.
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
rm -rf "$work"
mkdir -p "$work"
status=0
runs=0
fail() { echo "FAIL: $*"; status=1; }

mpi() { # P ARGS...: the tool over P ranks, on however few cores there are
  p=$1; shift
  "$mpiexec" --oversubscribe --bind-to none -np "$p" "$train_mpi" "$@"
}

# same CORPUS P THREADS [OPTIONS...]: the P-rank model equals the reference
# (one process, same options, made once per corpus and option set).
same() {
  corpus=$1 p=$2 t=$3; shift 3
  key=$(echo "$corpus $*" | cksum | cut -d' ' -f1)
  ref="$work/ref-$key.model"
  if [ ! -f "$ref" ]; then
    "$train" -q --threads 2 -o "$ref" "$@" "$corpus" || { fail "precis-train $* $corpus"; return; }
  fi
  out="$work/mpi.model"
  rm -f "$out"
  started=$(date +%s.%N)
  outcome=PASS
  if ! mpi "$p" -q --threads "$t" -o "$out" "$@" "$corpus"; then
    fail "mpirun -np $p precis-train-mpi --threads $t $* $corpus: exit status"
    outcome=FAIL
  elif ! cmp -s "$ref" "$out"; then
    fail "mpirun -np $p precis-train-mpi --threads $t $* $corpus: model differs from precis-train's"
    outcome=FAIL
  fi
  runs=$((runs + 1))
  # one line per configuration: the outcome and its wall time (a record for
  # bench/mpi_matrix.sh; never part of the verdict)
  [ "${PRECIS_MPI_LOG:-0}" = 1 ] && echo "$outcome P=$p threads=$t ${OMPI_MCA_coll_tuned_allreduce_algorithm:+alg=$OMPI_MCA_coll_tuned_allreduce_algorithm }${OMPI_MCA_btl:+btl=$OMPI_MCA_btl }$(basename "$corpus") ${*:-defaults} $(echo "$(date +%s.%N) $started" | awk '{printf "%.1f s", $1 - $2}')"
  return 0
}

OPTS="--ngram 1-2 --min-df 2 --max-features 5000 --class-weight balanced"

# 1200 documents: about 9 row chunks, so every rank boundary moves rows.
synthetic() {
  awk -v DOCS=1200 -f "$src/tests/mpi_corpus.awk" > "$work/syn.jsonl"
  awk -v DOCS=1200 -v DIR="$work/syn" -f "$src/tests/mpi_corpus.awk"
}

# 20news as JSON Lines: each file's text, decoded as UTF-8 or else Latin-1.
news_jsonl() {
  if [ ! -x /usr/bin/python3 ]; then
    echo "no /usr/bin/python3 to write the JSON Lines copy (.ci/run installs python3): skipped"
    exit 77
  fi
  /usr/bin/python3 - "$1" "$2" <<'PY'
import json, os, sys
root, out = sys.argv[1], sys.argv[2]
with open(out, "w", encoding="utf-8") as f:
    for label in sorted(os.listdir(root)):
        for name in sorted(os.listdir(os.path.join(root, label))):
            b = open(os.path.join(root, label, name), "rb").read()
            try:
                t = b.decode("utf-8")
            except UnicodeDecodeError:
                t = b.decode("latin-1")
            f.write(json.dumps({"label": label, "text": t}) + "\n")
PY
}

news_dir() {
  d="$data/20news-bydate/20news-bydate-train"
  if [ ! -d "$d" ]; then
    echo "20news not found at $d (set PRECIS_DATASETS): skipped"
    exit 77
  fi
  echo "$d"
}

case $mode in
tiny)
  # Under the sanitizers (PRECIS_MPI_QUICK=1) each P runs at one thread
  # count, alternating, to keep CI's time; the Release build runs them all.
  for p in 1 2 3 4; do
    for t in 1 2; do
      [ "${PRECIS_MPI_QUICK:-0}" = 1 ] && [ $t -ne $((p % 2 + 1)) ] && continue
      same "$src/datasets/tiny-news/train" $p $t
      same "$src/datasets/tiny-news/train" $p $t $OPTS
    done
  done ;;
synthetic)
  synthetic
  for p in 2 3 4; do
    t=$((p == 2 ? 2 : 1))
    same "$work/syn.jsonl" $p $t
    same "$work/syn.jsonl" $p $t $OPTS
  done
  same "$work/syn" 3 1
  same "$work/syn" 4 2 $OPTS
  head -5 "$work/syn.jsonl" > "$work/five.jsonl"
  same "$work/five.jsonl" 4 1 ;;
collectives)
  awk -v DOCS=1200 -f "$src/tests/mpi_corpus.awk" > "$work/syn.jsonl"
  for a in 1 2 3 4 5 6; do
    OMPI_MCA_coll_tuned_use_dynamic_rules=1 OMPI_MCA_coll_tuned_allreduce_algorithm=$a \
      OMPI_MCA_coll_tuned_bcast_algorithm=$a same "$work/syn.jsonl" 4 1
  done
  OMPI_MCA_btl=self,tcp same "$work/syn.jsonl" 4 1 $OPTS ;;
20news)
  d=$(news_dir) || exit 77
  news_jsonl "$d" "$work/20news.jsonl"
  same "$work/20news.jsonl" 3 1 $OPTS ;;
20news-full)
  d=$(news_dir) || exit 77
  news_jsonl "$d" "$work/20news.jsonl"
  for corpus in "$d" "$work/20news.jsonl"; do
    for p in 1 2 3 4; do
      for t in 1 2; do
        same "$corpus" $p $t
        same "$corpus" $p $t $OPTS
      done
    done
  done
  for a in 1 2 3 4 5 6; do
    OMPI_MCA_coll_tuned_use_dynamic_rules=1 OMPI_MCA_coll_tuned_allreduce_algorithm=$a \
      OMPI_MCA_coll_tuned_bcast_algorithm=$a same "$d" 4 1
  done
  OMPI_MCA_btl=self,tcp same "$d" 4 1 $OPTS ;;
kill)
  . "$src/tests/mpi_kill.sh" ;;
launch)
  for var in SLURM_NTASKS=4 SLURM_STEP_NUM_TASKS=2 PMI_SIZE=3 OMPI_COMM_WORLD_SIZE=2; do
    rm -f "$work/one.model"
    if env "$var" "$train_mpi" -q -o "$work/one.model" "$src/datasets/tiny-news/train" \
         2> "$work/launch.err"; then
      fail "$var with one MPI process: ran"
    fi
    grep -q "${var%%=*} says this job has ${var#*=} tasks, but MPI sees 1 process" \
      "$work/launch.err" || fail "$var: no message naming it ($(cat "$work/launch.err"))"
    [ ! -e "$work/one.model" ] || fail "$var: a model was written"
    runs=$((runs + 1))
  done
  # and without a scheduler's word, one MPI process is simply precis-train
  same "$src/datasets/tiny-news/train" 1 1 ;;
*)
  echo "mpi_check.sh: unknown mode $mode"
  exit 2 ;;
esac
echo "mpi_check $mode: $runs runs, $([ $status = 0 ] && echo all held || echo FAILED)"
exit $status
