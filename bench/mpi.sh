#!/usr/bin/env bash
# precis-train-mpi on 20news-bydate train (folder), side by side in one run
# with precis-train on the same machine:
#   1. peak resident memory of each rank at P = 1, 2, 4 (--threads 1), and
#      that every model is byte-identical to precis-train's;
#   2. bytes each rank sends (PRECIS_MPI_STATS: point-to-point, broadcasts
#      counted at the root times the receivers), per Newton iteration;
#   3. wall-clock time, RUNS interleaved rounds: precis-train --threads 1
#      and 2, precis-train-mpi at P = 1 (--threads 2) and P = 2 (--threads 1,
#      with Open MPI's default busy waiting and with mpi_yield_when_idle),
#      medians and ratios to precis-train --threads 2.
# Writes bench/results/mpi.txt. Usage: bench/mpi.sh [RUNS]
source "$(dirname "$0")/common.sh"
RUNS=${1:-3}
need_packages time libopenmpi-dev openmpi-bin
need_build
need_data 20news-bydate
if [ ! -x "$BUILD/train/precis-train-mpi" ]; then
  echo "precis-train-mpi was not built (MPI not found, or -DPRECIS_MPI=OFF)" >&2
  exit 1
fi
TRAIN="$DATASETS/20news-bydate/20news-bydate-train"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
MPIRUN=(mpirun --oversubscribe --bind-to none)
OUT="$RESULTS/mpi.txt"
{
echo "# bench/mpi.sh, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
"$BUILD/train/precis-train" -q --threads 2 -o "$TMP/ref.model" "$TRAIN"

echo "## the problem: $("$BUILD/train/precis-train" -q --vectorize-only "$TRAIN")"
echo "## peak resident memory per rank (--threads 1), model identical to precis-train's"
/usr/bin/time -f "%M" "$BUILD/train/precis-train" --threads 1 -o "$TMP/one.model" "$TRAIN" \
  2> "$TMP/one.rss"
echo "precis-train: $(( $(tail -1 "$TMP/one.rss") / 1024 )) MB"
# what an MPI process costs before any data: the same run on tiny-news
"${MPIRUN[@]}" -np 4 sh -c '/usr/bin/time -f "rank $OMPI_COMM_WORLD_RANK %M" "$@"' sh \
  "$BUILD/train/precis-train-mpi" -q --threads 1 -o "$TMP/tiny.model" "$ROOT/datasets/tiny-news/train" \
  2> "$TMP/rss-tiny"
echo "floor (P=4 on tiny-news: Open MPI and the program): $(grep '^rank' "$TMP/rss-tiny" | sort -k2n | awk '{printf "%d ", $3 / 1024}')MB"
for p in 1 2 4; do
  "${MPIRUN[@]}" -np "$p" sh -c '/usr/bin/time -f "rank $OMPI_COMM_WORLD_RANK %M" "$@"' sh \
    "$BUILD/train/precis-train-mpi" -q --threads 1 -o "$TMP/m$p.model" "$TRAIN" 2> "$TMP/rss$p"
  same=$(cmp -s "$TMP/ref.model" "$TMP/m$p.model" && echo identical || echo DIFFERENT)
  echo "P=$p: $(grep '^rank' "$TMP/rss$p" | sort -k2n | awk '{printf "rank %s %d MB; ", $2, $3 / 1024}')model $same"
done

echo "## bytes sent per Newton iteration"
for p in 2 4; do
  PRECIS_MPI_STATS=1 "${MPIRUN[@]}" -np "$p" "$BUILD/train/precis-train-mpi" --threads 1 \
    -o "$TMP/s$p.model" "$TRAIN" 2> "$TMP/stats$p"
  iters=$(sed -n 's/.*fit converged in \([0-9]*\) iterations.*/\1/p; s/.*fit stopped at --max-iter in \([0-9]*\) iterations.*/\1/p' "$TMP/stats$p")
  awk -v p="$p" -v it="$iters" '/rank [0-9]* of/ { r[$3] = $7; m[$3] = $10; t += $7 }
    END { printf "P=%d: %d Newton iterations; ", p, it
          for (k = 0; k < p; k++) printf "rank %d %.1f MB/iteration (%d messages in all); ", k, r[k] / it / 1e6, m[k]
          printf "all ranks %.1f MB/iteration\n", t / it / 1e6 }' "$TMP/stats$p"
done
echo "## the fit (status lines, --threads 1; the machine's load applies)"
echo "precis-train: $(grep -o 'fit .*' "$TMP/one.rss")"
for p in 2 4; do echo "P=$p: $(grep -o 'fit .*' "$TMP/stats$p")"; done

echo "## wall-clock seconds, $RUNS interleaved rounds (median; ratio to precis-train --threads 2)"
names=("precis-train --threads 2" "precis-train --threads 1" "mpi P=1 --threads 2" "mpi P=2 --threads 1"
       "mpi P=2 --threads 1, --mca mpi_yield_when_idle 1")
for r in $(seq "$RUNS"); do
  for i in 0 1 2 3 4; do
    case $i in
      0) cmd=("$BUILD/train/precis-train" -q --threads 2) ;;
      1) cmd=("$BUILD/train/precis-train" -q --threads 1) ;;
      2) cmd=("${MPIRUN[@]}" -np 1 "$BUILD/train/precis-train-mpi" -q --threads 2) ;;
      3) cmd=("${MPIRUN[@]}" -np 2 "$BUILD/train/precis-train-mpi" -q --threads 1) ;;
      4) cmd=("${MPIRUN[@]}" --mca mpi_yield_when_idle 1 -np 2 "$BUILD/train/precis-train-mpi" -q --threads 1) ;;
    esac
    /usr/bin/time -f "%e" -o "$TMP/t" "${cmd[@]}" -o "$TMP/t.model" "$TRAIN"
    echo "$i $(cat "$TMP/t")" >> "$TMP/times"
  done
done
for i in 0 1 2 3 4; do
  awk -v i=$i '$1 == i { print $2 }' "$TMP/times" | sort -n |
    awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }' > "$TMP/med$i"
done
base=$(cat "$TMP/med0")
for i in 0 1 2 3 4; do
  m=$(cat "$TMP/med$i")
  echo "${names[$i]}: $m s (x$(awk -v a="$m" -v b="$base" 'BEGIN { printf "%.2f", a / b }')); runs: $(awk -v i=$i '$1 == i { printf "%s ", $2 }' "$TMP/times")"
done
} | tee "$OUT"
