#!/bin/sh
# news_model_check.sh PRECIS_INFER SOURCE_DIR
#
# The shipped default model (datasets/models/news.model) as a newcomer meets
# it: --model-info lists the seven labels of the news taxonomy, each with its
# training documents and sources, the project's own sample articles (one
# per label but politics, written for precis) get their labels, and outlets'
# names in a story change nothing. Then
# stage-news.sh, which lays out its training corpus, on a made-up miniature of
# the two corpora: the label mapping, the views, the held-out folders.
set -eu
infer=${1:?usage: news_model_check.sh PRECIS_INFER SOURCE_DIR}
src=${2:?usage: news_model_check.sh PRECIS_INFER SOURCE_DIR}
model=$src/datasets/models/news.model
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

info=$("$infer" -m "$model" --model-info)
for label in business entertainment health politics sport tech world; do
  echo "$info" | grep -Eq "^    $label: [1-9][0-9]* training documents; .*articles" ||
    fail "--model-info: no training documents and sources for '$label'"
done
for label in business entertainment health sport tech world; do
  got=$("$infer" -m "$model" --no-summary --format tsv "$src/datasets/samples/sample-$label.txt" | sed 1d | cut -f2)
  [ "$got" = "$label" ] || fail "sample-$label.txt labelled '$got'"
done

# Outlets' names were left out of training (stage-news.sh --drop-outlets), so
# a wire credit before the first sentence changes no probability at all.
tmpw=$(mktemp "${TMPDIR:-/tmp}/precis-wire.XXXXXX")
awk 'NR == 3 { $0 = "(Reuters) - (AP) AFP CNN BBC " $0 } { print }' "$src/datasets/samples/sample-tech.txt" >"$tmpw"
plain=$("$infer" -m "$model" --no-summary --format json --top-k 7 "$src/datasets/samples/sample-tech.txt" | sed 's/"file":"[^"]*"//')
wire=$("$infer" -m "$model" --no-summary --format json --top-k 7 "$tmpw" | sed 's/"file":"[^"]*"//')
rm -f "$tmpw"
[ "$plain" = "$wire" ] || fail "a wire credit changed the probabilities: $plain / $wire"

# A miniature corpus in the two layouts (text made up here).
tmp=$(mktemp -d "${TMPDIR:-/tmp}/precis-stage.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
d=$tmp/data
mkdir -p "$d/bbc-news-summary/News Articles/politics" "$d/bbc-news-summary/Summaries/politics" \
         "$d/cnn-corpus-dev/articles" "$d/cnn-corpus-dev/references"
for t in business entertainment sport tech; do mkdir -p "$d/bbc-news-summary/News Articles/$t"; done
printf 'Vote on the budget\n\nMPs backed the plan. It passed by ten votes.\n\nThe opposition objected.\n' \
  >"$d/bbc-news-summary/News Articles/politics/001.txt"
printf 'MPs backed the plan.' >"$d/bbc-news-summary/Summaries/politics/001.txt"
printf 'Star opens gallery\n\n"It is a dream," she said. Crowds came.\n' >"$d/cnn-corpus-dev/articles/0002.txt"
printf 'Harbour reopens\n\nShips sailed again. Fishermen cheered.\n' >"$d/cnn-corpus-dev/articles/0004.txt"
printf 'Ships sailed again.\n' >"$d/cnn-corpus-dev/references/0004.txt"
printf 'Judge rules\n\nA ruling came.\n' >"$d/cnn-corpus-dev/articles/0006.txt"
printf '0002\tshowbiz\n0004\tworld\n0006\tjustice\n' >"$d/cnn-corpus-dev/index.tsv"

sh "$src/datasets/models/stage-news.sh" "$d" "$tmp/out"
o=$tmp/out/train
[ "$(cat "$o/world/bbc-politics-001.short.txt")" = "$(printf 'Vote on the budget\n\nMPs backed the plan.')" ] ||
  fail "short view of a BBC politics article (as world)"
[ "$(cat "$o/world/bbc-politics-001.lead.txt")" = "$(printf 'Vote on the budget\n\nMPs backed the plan. It passed by ten votes.')" ] ||
  fail "lead view"
[ "$(head -1 "$o/world/bbc-politics-001.body.txt")" = "MPs backed the plan. It passed by ten votes." ] ||
  fail "body view keeps the headline"
[ "$(cat "$o/entertainment/cnn-showbiz-0002.short.txt")" = "$(printf 'Star opens gallery\n\n"It is a dream," she said.')" ] ||
  fail "short view of a CNN showbiz article (as entertainment)"
[ -L "$o/world/cnn-world-0004.txt" ] || fail "full view is not a link to the article"
[ -L "$tmp/out/summaries/world/cnn-world-0004.txt" ] || fail "CNN reference not paired"
[ -L "$tmp/out/summaries/world/bbc-politics-001.txt" ] || fail "BBC summary not paired"
[ -z "$(find "$o" -name '*0006*')" ] || fail "CNN justice was used"
grep -q "^world	BBC politics 1, CNN world 1 articles" "$tmp/out/label-sources.tsv" ||
  fail "label-sources.tsv: $(cat "$tmp/out/label-sources.tsv")"

# Usenet posts: the subject as headline, no headers, quotes or attributions.
u=$d/20news-bydate/20news-bydate-train
mkdir -p "$u/sci.med" "$u/rec.sport.hockey"
printf 'From: a@b.edu\nSubject: Re: Re: Flu shots this winter\nLines: 5\n\nbob@c.edu writes:\n> Are they safe?\n\nThey are, said my\n  doctor.\n\nAsk a nurse.\n' >"$u/sci.med/1001"
printf 'From: c@d.edu\nSubject: Playoff game\n\nThe home team won.\n' >"$u/rec.sport.hockey/2001"
printf 'From: c@d.edu\nSubject: Second game\n\nThey lost.\n' >"$u/rec.sport.hockey/2002"
sh "$src/datasets/models/stage-news.sh" --views full,short --usenet 1 "$d" "$tmp/usenet"
[ "$(cat "$tmp/usenet/train/health/usenet-sci.med-1001.txt")" = "$(printf 'Flu shots this winter\n\nThey are, said my doctor.\n\nAsk a nurse.')" ] ||
  fail "Usenet post staged as: $(cat "$tmp/usenet/train/health/usenet-sci.med-1001.txt")"
[ -e "$tmp/usenet/train/health/usenet-sci.med-1001.short.txt" ] || fail "no short view of a Usenet post"
[ "$(find "$tmp/usenet/train/sport" -name 'usenet-*[0-9].txt' | wc -l)" -eq 1 ] || fail "--usenet 1 kept other than one sport post"
grep -q "^health	CNN.*20news sci.med 1 articles" "$tmp/usenet/label-sources.tsv" ||
  grep -q "^health	20news sci.med 1 articles" "$tmp/usenet/label-sources.tsv" ||
  fail "label-sources.tsv: $(cat "$tmp/usenet/label-sources.tsv")"

sh "$src/datasets/models/stage-news.sh" --views full --cnn-hold 0/1 "$d" "$tmp/held"
[ -z "$(find "$tmp/held/train" -name 'cnn-*')" ] || fail "--cnn-hold 0/1 left CNN articles in train"
[ -z "$(find "$tmp/held/train" -name '*.short.txt')" ] || fail "--views full made short views"
[ -e "$tmp/held/test-cnn-short/world/cnn-world-0004.txt" ] || fail "no held-out short view"

# --drop-outlets: outlets' names out of every training view (whole words,
# any case), the held-out views as published.
printf 'Wall St gains\n\nNEW YORK (Reuters) - Shares rose, the AP and cnn said. Apple gained.\n\nAnalysts at BBCX agreed.\n' \
  >"$d/cnn-corpus-dev/articles/0008.txt"
printf '0002\tshowbiz\n0004\tworld\n0006\tjustice\n0008\tbusiness\n' >"$d/cnn-corpus-dev/index.tsv"
sh "$src/datasets/models/stage-news.sh" --drop-outlets "$d" "$tmp/dropped"
b=$tmp/dropped/train/business/cnn-business-0008
[ ! -L "$b.txt" ] || fail "--drop-outlets: the full view is still a link"
[ "$(sed -n 3p "$b.txt")" = "NEW YORK ( ) - Shares rose, the   and   said. Apple gained." ] ||
  fail "--drop-outlets: full view line 3 is '$(sed -n 3p "$b.txt")'"
[ "$(sed -n 5p "$b.txt")" = "Analysts at BBCX agreed." ] || fail "--drop-outlets: a longer word was cut"
[ "$(cat "$b.short.txt")" = "$(printf 'Wall St gains\n\nNEW YORK ( ) - Shares rose, the   and   said.')" ] ||
  fail "--drop-outlets: short view '$(cat "$b.short.txt")'"
sh "$src/datasets/models/stage-news.sh" --drop-outlets --views short "$d" "$tmp/dropped-short"
b=$tmp/dropped-short/train/business/cnn-business-0008
[ ! -e "$b.txt" ] && [ "$(sed -n 3p "$b.short.txt")" = "NEW YORK ( ) - Shares rose, the   and   said." ] ||
  fail "--drop-outlets --views short: $(ls "$tmp/dropped-short/train/business")"
sh "$src/datasets/models/stage-news.sh" --drop-outlets --cnn-hold 0/1 "$d" "$tmp/dropped-held"
grep -q "(Reuters)" "$tmp/dropped-held/test-cnn-full/business/cnn-business-0008.txt" ||
  fail "--drop-outlets changed a held-out article"

[ "$failures" -eq 0 ] || exit 1
echo "ok: shipped model and staging"
