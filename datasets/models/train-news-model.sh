#!/bin/sh
# Trains the default news-topic model that precis ships: business,
# entertainment, health, politics, sport, tech, world. From BBC News
# (bbc-news-summary, 2,225 articles), the CNN sections of cnn-corpus-dev
# (728 of its 999 articles) and 400 posts of 20 Newsgroups (100 per label for
# health, sport, tech, world: a third kind of writer, which helped on outlets
# left out of training), each also as three shorter views (headline + first
# sentence, headline + first paragraph, body without the headline) so that
# short stories and headline-less text from other outlets are read as the
# full articles were; stage-news.sh lays them out and says how labels are
# mapped. Outlets' names (CNN, BBC, Reuters, AP, ...) are left out of the
# training text (--drop-outlets): they say who wrote a story, not its topic,
# and wire stories carry "(Reuters)" or "(AP)" in every section. Settings (C 30, balanced class weights, sublinear tf, English stop
# words, the 20,000 most frequent terms, min-df 1) were chosen by
# cross-validation across sources: datasets/models/README.md has the figures,
# bench/news_xsource.py and bench/news_model.sh make them.
# The learned summarizer is trained on CNN's human extracts alone, on their own
# articles (--summary-corpus), fitted to pairs of an article's sentences
# (--summary-objective pairwise): chosen by 5-fold CV on cnn-corpus-dev
# (bench/summarize_cnn.sh; figures in README's "Summaries against what people
# pick"). BBC's machine-made summaries lowered it, and so did weighting the
# pairs by the CNN highlights (--summary-highlights) once the sentence model
# had its highlight features.
#
# Usage: datasets/models/train-news-model.sh [DATASETS-DIR] [PRECIS-TRAIN]
# For measuring this recipe (bench/news_model.sh): $NEWS_STAGE_OPTIONS are
# passed to stage-news.sh (hold-outs), $NEWS_MODEL is the model to write
# [datasets/models/news.model], and $NEWS_STAGE_DIR, if set, is where to
# stage (kept, with the held-out test folders).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
data=${1:-${PRECIS_DATASETS:-$root/../shared/datasets}}
train=${2:-$root/build/train/precis-train}
for need in bbc-news-summary/"News Articles" cnn-corpus-dev/index.tsv 20news-bydate/20news-bydate-train; do
  if [ ! -e "$data/$need" ]; then
    echo "no $need under $data (see datasets/README.md)" >&2
    exit 1
  fi
done
model=${NEWS_MODEL:-$here/news.model}
if [ -n "${NEWS_STAGE_DIR:-}" ]; then
  tmp=$NEWS_STAGE_DIR
else
  tmp=$(mktemp -d "${TMPDIR:-/tmp}/precis-news.XXXXXX")
  trap 'rm -rf "$tmp"' EXIT INT TERM
fi
# shellcheck disable=SC2086 # options, split on purpose
"$here/stage-news.sh" --usenet 100 --drop-outlets ${NEWS_STAGE_OPTIONS:-} "$data" "$tmp"
cnn=$(cd "$data/cnn-corpus-dev" && pwd)
tab=$(printf '\t')
while IFS=$tab read -r n section; do
  mkdir -p "$tmp/summary-articles/$section" "$tmp/summary-extracts/$section"
  ln -s "$cnn/articles/$n.txt" "$tmp/summary-articles/$section/"
  ln -s "$cnn/references/$n.txt" "$tmp/summary-extracts/$section/"
done < "$cnn/index.tsv"
"$train" --C 30 --class-weight balanced --stop-words english --max-features 20000 \
  --label-sources "$tmp/label-sources.tsv" \
  --summaries "$tmp/summary-extracts" --summary-corpus "$tmp/summary-articles" \
  --summary-objective pairwise \
  -o "$model" "$tmp/train"
ls -l "$model"
