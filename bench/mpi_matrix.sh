#!/usr/bin/env bash
# The whole 20news matrix of precis-train-mpi against precis-train, byte for
# byte (tests/mpi_check.sh 20news-full): folder and JSON Lines copy, P = 1..4,
# --threads 1 and 2, defaults and --ngram 1-2 --min-df 2 --max-features 5000
# --class-weight balanced, then Open MPI forced through allreduce and bcast
# algorithms 1..6 and over --mca btl self,tcp. 39 runs: long on 2 cores, so
# not in the default ctest (which runs the cheap corpora and one 20news run).
source "$(dirname "$0")/common.sh"
need_build
need_data 20news-bydate
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
PRECIS_MPI_LOG=1 PRECIS_DATASETS=$DATASETS sh "$ROOT/tests/mpi_check.sh" 20news-full "$BUILD/train/precis-train" \
  "$BUILD/train/precis-train-mpi" "$(command -v mpirun)" "$ROOT" "$work/m" |
  tee "$RESULTS/mpi_matrix.txt"
