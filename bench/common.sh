# Sourced by the benchmark scripts: finds the build and the data sets, and
# installs the peers we measure against (never needed by CI's tests).
set -euo pipefail
BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH_DIR/.." && pwd)
BUILD=${PRECIS_BUILD:-$ROOT/build}
DATASETS=${PRECIS_DATASETS:-$ROOT/../shared/datasets}
RESULTS=$BENCH_DIR/results
mkdir -p "$RESULTS"
PY=/usr/bin/python3

need_packages() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    echo "== installing peers: ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/dev/null
  fi
}

need_build() {
  if [ ! -x "$BUILD/train/precis-train" ]; then
    cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release >/dev/null
  fi
  cmake --build "$BUILD" -j"$(nproc)" >/dev/null
}

need_data() {
  if [ ! -d "$DATASETS/$1" ]; then
    echo "data set $DATASETS/$1 is absent (set PRECIS_DATASETS); nothing measured" >&2
    exit 1
  fi
}

# The BBC standard split as two label trees of symlinks (test: number % 5 == 0).
bbc_split() {
  local out=$1 src="$DATASETS/bbc-news-summary/News Articles"
  [ -d "$out/train" ] && return 0
  for d in "$src"/*/; do
    local topic
    topic=$(basename "$d")
    mkdir -p "$out/train/$topic" "$out/test/$topic"
    for f in "$d"*.txt; do
      local n
      n=$(basename "$f" .txt)
      if [ $((10#$n % 5)) -eq 0 ]; then ln -s "$f" "$out/test/$topic/"; else ln -s "$f" "$out/train/$topic/"; fi
    done
  done
}
