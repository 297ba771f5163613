#!/usr/bin/env bash
# boilerplate.sh [N] — boilerplate removal on news pages built at bench time
# from N BBC and N CNN articles (bench/html_pages.py: navigation, cookie
# banner, share buttons, related and "Most read" links, newsletter prompt,
# comments, footer; four layouts). Scores precis's HTML reading (libxml2 +
# jusText-style block judging, bench/html_extract.c) side by side with
# html2text and lynx -dump: share of article words kept, of furniture words
# removed, and of summary sentences that are furniture when precis-infer
# summarizes each tool's text. Results: bench/results/boilerplate.txt.
source "$(dirname "$0")/common.sh"
N=${1:-200}
need_packages html2text lynx
need_build
need_data bbc-news-summary
need_data cnn-corpus-dev
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cc -O2 -I"$ROOT/model" "$BENCH_DIR/html_extract.c" -L"$BUILD/model" -lprecis \
   -Wl,-rpath,"$BUILD/model" -o "$WORK/html_extract"
MODEL="$ROOT/datasets/models/news.model"
out="$RESULTS/boilerplate.txt"
{
  echo "# bench/boilerplate.sh $N ($(date -u +%F))"
  for corpus in bbc cnn; do
    case $corpus in
      bbc) src="$DATASETS/bbc-news-summary/News Articles" ;;
      cnn) src="$DATASETS/cnn-corpus-dev/articles" ;;
    esac
    pages="$WORK/$corpus"
    $PY "$BENCH_DIR/html_pages.py" "$src" "$pages" "$N"
    for tool in precis html2text lynx; do mkdir -p "$WORK/$corpus-$tool"; done
    "$WORK/html_extract" "$WORK/$corpus-precis" "$pages"/*.html
    for page in "$pages"/*.html; do
      name=$(basename "$page")
      html2text -utf8 -nobs "$page" > "$WORK/$corpus-html2text/$name.txt"
      lynx -dump -nolist -assume_charset=utf-8 -display_charset=utf-8 "$page" \
        > "$WORK/$corpus-lynx/$name.txt"
    done
    # Summaries: precis reads the pages themselves; the peers' text as .txt.
    "$BUILD/infer/precis-infer" -q -m "$MODEL" --format json --explain 0 "$pages"/*.html \
      > "$WORK/$corpus-precis.jsonl"
    for tool in html2text lynx; do
      "$BUILD/infer/precis-infer" -q -m "$MODEL" --format json --explain 0 \
        "$WORK/$corpus-$tool" > "$WORK/$corpus-$tool.jsonl"
    done
    echo "## $corpus: $N pages"
    $PY "$BENCH_DIR/boilerplate_score.py" "$pages" \
      "precis=$WORK/$corpus-precis:$WORK/$corpus-precis.jsonl" \
      "html2text=$WORK/$corpus-html2text:$WORK/$corpus-html2text.jsonl" \
      "lynx=$WORK/$corpus-lynx:$WORK/$corpus-lynx.jsonl"
  done
} | tee "$out"
