#!/bin/sh
# Trains the default news-topic model that precis ships (business,
# entertainment, politics, sport, tech) on the whole BBC News corpus, with the
# learned summarizer when the corpus's reference summaries are there.
#
# The corpus: BBC News (D. Greene and P. Cunningham, ICML 2006) with the
# "BBC News Summary" reference extracts; ../fetch-bbc.sh says where to get it.
# Usage: datasets/models/train-news-model.sh [BBC-NEWS-SUMMARY-DIR] [PRECIS-TRAIN]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
data=${1:-${PRECIS_DATASETS:-$root/../shared/datasets}/bbc-news-summary}
train=${2:-$root/build/train/precis-train}
articles="$data/News Articles"
summaries="$data/Summaries"
if [ ! -d "$articles" ]; then
  echo "no BBC corpus at $data (see datasets/fetch-bbc.sh)" >&2
  exit 1
fi
set -- -o "$here/news.model" "$articles"
if [ -d "$summaries" ] && "$train" --help | grep -q -- '--summaries'; then
  set -- --summaries "$summaries" "$@"
fi
"$train" "$@"
ls -l "$here/news.model"
