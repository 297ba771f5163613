#!/usr/bin/env bash
# The default news model's figures (datasets/models/README.md), made with the
# exact recipe of datasets/models/train-news-model.sh:
#   cv         5-fold cross-validation over BBC and CNN articles together
#              (an article's views are always on the same side), scored on
#              the held-out articles as published (full), as headline + first
#              sentence (short) and without the headline (body): accuracy,
#              macro-F1, expected calibration error;
#   no-cnn     trained without CNN (BBC and the 20 Newsgroups posts), tested
#              on the 728 CNN articles;
#   no-bbc     trained without BBC (CNN and the posts), tested on the 2,225
#              BBC articles;
#   wire       every test set's headline + first sentence again, as a wire
#              service's story starts: "(Reuters) - ", "(AP) - " or
#              "(AFP) - " (in turn) before the sentence; a model that learnt
#              outlets' names files such stories by the wire's name;
#   size       bytes of datasets/models/news.model;
#   latency    precis-infer (load the model, classify, summarize) on one
#              article, median of 21 runs (bench/news_latency.py: wall-clock
#              and CPU time), for a short, a medium and a long article.
# Writes bench/results/news_model.json. Usage: bench/news_model.sh [--quick]
# (--quick: size and latency only, written to news_model_latency.json so that
# the trained figures are kept).
source "$(dirname "$0")/common.sh"
need_build
need_data cnn-corpus-dev
need_data "bbc-news-summary/News Articles"
need_data 20news-bydate/20news-bydate-train
recipe=$ROOT/datasets/models/train-news-model.sh
model=$ROOT/datasets/models/news.model
work=$(mktemp -d "${TMPDIR:-/tmp}/precis-news-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM

# $1 test folder of headline + first sentence views, $2 the same with a wire
# service's credit before the sentence (third line of each file).
wire_copy() {
  local i=0 f rel
  while IFS= read -r f; do
    rel=${f#"$1"/}
    mkdir -p "$2/${rel%/*}"
    awk -v i=$i 'BEGIN { split("(Reuters) - |(AP) - |(AFP) - ", tag, "|") }
      NR == 3 { $0 = tag[i % 3 + 1] $0 } { print }' "$f" >"$2/$rel"
    i=$((i + 1))
  done < <(find "$1" -name '*.txt' | LC_ALL=C sort)
}

# $1 run name, $2 stage options: trains the recipe, scores every test folder.
run() {
  local dir=$work/$1
  echo "== $1 ($2)"
  NEWS_STAGE_OPTIONS=$2 NEWS_STAGE_DIR=$dir/stage NEWS_MODEL=$dir/model \
    nice -n 10 "$recipe" "$DATASETS" "$BUILD/train/precis-train" >"$dir.log" 2>&1 ||
    { cat "$dir.log" >&2; exit 1; }
  for t in "$dir"/stage/test-*-short; do wire_copy "$t" "${t%-short}-wire"; done
  for t in "$dir"/stage/test-*; do
    "$BUILD/infer/precis-infer" -q -m "$dir/model" --eval "$t" --metrics "$dir/${t##*/}.json" >/dev/null
  done
}

# Latency: one process per article, as a pipeline or a newcomer runs it.
mkdir -p "$work/lat"
short=$work/lat/short.txt
printf 'Rebels and army agree truce in border region\n\nBoth sides said on Sunday they would stop fighting for a week to let aid convoys reach the area.\n' >"$short"
medium=$ROOT/datasets/samples/sample-world.txt
long=$(find "$DATASETS"/cnn-corpus-dev/articles -name '*.txt' -printf '%s %p\n' | sort -n | tail -1 | cut -d' ' -f2-)
latency() { "$PY" "$BENCH_DIR/news_latency.py" 21 "$BUILD/infer/precis-infer" "$model" "$1"; }
lat_short=$(latency "$short"); lat_medium=$(latency "$medium"); lat_long=$(latency "$long")
words_long=$(wc -w <"$long")

# The seven trainings run $NEWS_BENCH_JOBS at a time [3] (each is one
# process most of the time; on a shared machine they wait for a core anyway).
if [ "${1:-}" != --quick ]; then
  jobs_max=${NEWS_BENCH_JOBS:-3}
  pids=()
  start() {
    if [ "${#pids[@]}" -ge "$jobs_max" ]; then
      wait "${pids[0]}" || exit 1
      pids=("${pids[@]:1}")
    fi
    run "$@" & pids+=($!)
  }
  for k in 0 1 2 3 4; do start "cv$k" "--bbc-hold $k/5 --cnn-hold $k/5"; done
  start no-cnn "--cnn-hold 0/1"
  start no-bbc "--bbc-hold 0/1"
  for p in "${pids[@]}"; do wait "$p" || exit 1; done
fi

"$PY" "$BENCH_DIR/news_model_figures.py" "$work" "$(stat -c %s "$model")" \
  "$lat_short" "$lat_medium" "$lat_long" "$words_long" >"$work/figures.json"
out=$RESULTS/news_model.json
[ "${1:-}" = --quick ] && out=$RESULTS/news_model_latency.json
mv "$work/figures.json" "$out"
cat "$out"
