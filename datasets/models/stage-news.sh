#!/bin/sh
# Lays out the training corpus of the default news model as label folders,
# from the public corpora in DATASETS (read-only; nothing is copied into
# the project: the full views are symbolic links, the others are made in OUT).
#
# Usage: stage-news.sh [options] DATASETS OUT
#   --views LIST       views of each article to train on, comma-separated, of
#                      full (as published), short (headline + first sentence),
#                      lead (headline + first paragraph), body (no headline)
#                      [full,short,lead,body]
#   --bbc-hold K/N, --cnn-hold K/N
#                      leave out of OUT/train the articles of that source in
#                      fold K of N (0-based; dealt round robin within each
#                      category in file-name order; 0/1 holds out them all)
#                      and write them as OUT/test-SOURCE-full, -short and
#                      -body, one view each, for precis-infer --eval
#   --usenet N         also N posts per label of 20 Newsgroups (training part)
#                      as health, sport, tech and world (see below) [0]
#   --drop-outlets     leave news outlets' own names (CNN, BBC, Reuters, AP,
#                      AFP, UPI, Associated Press, Agence France-Presse) out
#                      of the training text: every view is then a written
#                      copy, not a link (held-out test views stay as they are)
#
# Labels (datasets/models/README.md says why):
#   BBC business, entertainment, sport, tech -> the same; BBC politics (UK
#   politics) -> world. CNN business, health, politics, sport, tech, world ->
#   the same; CNN showbiz -> entertainment; CNN justice, living, opinion,
#   travel, us -> not used.
# Writes OUT/train/<label>/<source>-<category>-<id>[.<view>].txt,
# OUT/summaries/<label>/<source>-<category>-<id>.txt (reference extracts of
# the full views: CNN's human extracts, BBC's summaries) and
# OUT/label-sources.tsv (for precis-train --label-sources).
set -eu

views=full,short,lead,body
usenet=0
drop_outlets=0
bbc_hold='' cnn_hold=''
while [ $# -gt 2 ]; do
  case $1 in
    --views) views=$2; shift 2 ;;
    --bbc-hold) bbc_hold=$2; shift 2 ;;
    --cnn-hold) cnn_hold=$2; shift 2 ;;
    --usenet) usenet=$2; shift 2 ;;
    --drop-outlets) drop_outlets=1; shift ;;
    *) echo "stage-news.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
[ $# -eq 2 ] || { echo "usage: stage-news.sh [options] DATASETS OUT" >&2; exit 2; }
data=$(cd "$1" && pwd)
out=$2
mkdir -p "$out"
out=$(cd "$out" && pwd)
has_view() { case ",$views," in *",$1,"*) return 0 ;; esac; return 1; }

# The derived views of article $1 written to $2.<view>.txt (only those in
# $views besides full). An article is a headline line, then paragraphs, one
# per line, with blank lines between (both corpora's layout).
derive() {
  awk -v base="$2" -v views=",$views," '
    function trim(s) { sub(/^[ \t\r]+/, "", s); sub(/[ \t\r]+$/, "", s); return s }
    NR == 1 { title = trim($0); next }
    { line = trim($0); if (line == "") next
      body = body (body == "" ? "" : "\n\n") line
      if (first == "") first = line }
    END {
      s = first
      # The first sentence: up to a stop (and closing quotes) before a space
      # and a capital or digit.
      if (match(s, /[.!?]["\047)]*[ \t]+["\047(]?[A-Z0-9]/)) {
        s = substr(s, 1, RSTART + RLENGTH - 1)
        sub(/[ \t]+["\047(]?[A-Z0-9]$/, "", s)
      }
      if (index(views, ",short,")) { printf "%s\n\n%s\n", title, s > (base ".short.txt") }
      if (index(views, ",lead,")) { printf "%s\n\n%s\n", title, first > (base ".lead.txt") }
      if (index(views, ",body,")) { printf "%s\n", body > (base ".body.txt") }
    }' "$1"
}

# Standard input to standard output without the outlets' names (whole words,
# any case), each replaced by a space. An outlet's name says who wrote a
# story, not what it is about: BBC business stories cite Reuters, CNN's
# carry "(CNN)" datelines, wire stories from elsewhere "(AP)" or "(Reuters)"
# in any section, so a model that learnt them would file stories by outlet.
drop_outlets() {
  awk '
    { s = $0; low = tolower(s); o = ""
      while (match(low, /(^|[^a-z0-9_])(cnn|bbc|reuters|reuter|ap|afp|upi|associated press|agence france-presse)([^a-z0-9_]|$)/)) {
        lead = substr(low, RSTART, 1) ~ /[^a-z0-9_]/
        trail = substr(low, RSTART + RLENGTH - 1, 1) ~ /[^a-z0-9_]/ && RLENGTH > 1
        o = o substr(s, 1, RSTART - 1 + lead) " "
        s = substr(s, RSTART + RLENGTH - trail); low = substr(low, RSTART + RLENGTH - trail)
      }
      print o s }'
}

# One article: $1 file, $2 label, $3 name, $4 reference extract (may be "").
add() {
  mkdir -p "$out/train/$2"
  src=$1
  if [ "$drop_outlets" -eq 1 ]; then
    src=$out/.dropped.txt
    drop_outlets <"$1" >"$src"
  fi
  derive "$src" "$out/train/$2/$3"
  if has_view full && [ "$drop_outlets" -eq 1 ]; then
    mv "$src" "$out/train/$2/$3.txt"
  elif has_view full; then
    ln -sf "$1" "$out/train/$2/$3.txt"
  fi
  rm -f "$out/.dropped.txt"
  if [ -n "$4" ] && [ -f "$4" ] && has_view full; then
    mkdir -p "$out/summaries/$2"
    ln -sf "$4" "$out/summaries/$2/$3.txt"
  fi
}

# A held-out article as one view per test folder: $1 file, $2 label, $3 name, $4 source.
add_test() {
  tmp=$out/.views/$3
  t=$out/test-$4
  mkdir -p "$out/.views" "$t-full/$2" "$t-short/$2" "$t-body/$2"
  ln -sf "$1" "$t-full/$2/$3.txt"
  views=short,body derive "$1" "$tmp"
  mv "$tmp.short.txt" "$t-short/$2/$3.txt"
  mv "$tmp.body.txt" "$t-body/$2/$3.txt"
}

counts=$out/.counts
: >"$counts"
# Is the i-th article (0-based) of a category held out under K/N ($2)?
held() { [ -n "$2" ] && [ $(($1 % ${2#*/})) -eq "${2%/*}" ]; }

for topic in business entertainment politics sport tech; do
  label=$topic
  [ "$topic" = politics ] && label=world
  i=0 n=0
  for f in "$data/bbc-news-summary/News Articles/$topic"/*.txt; do
    [ -e "$f" ] || continue # an empty topic folder
    id=$(basename "$f" .txt)
    if held "$i" "$bbc_hold"; then
      add_test "$f" "$label" "bbc-$topic-$id" bbc
    else
      add "$f" "$label" "bbc-$topic-$id" "$data/bbc-news-summary/Summaries/$topic/$id.txt"
      n=$((n + 1))
    fi
    i=$((i + 1))
  done
  [ "$n" -gt 0 ] && printf '%s\tBBC %s %d\n' "$label" "$topic" "$n" >>"$counts"
done

sort "$data/cnn-corpus-dev/index.tsv" | awk -F '\t' '
  { m = $2 == "showbiz" ? "entertainment" : $2
    if (m ~ /^(business|health|politics|sport|tech|world|entertainment)$/) print $1, $2, m, seen[$2]++ }' |
while read -r id cat label i; do
  f=$data/cnn-corpus-dev/articles/$id.txt
  if held "$i" "$cnn_hold"; then
    add_test "$f" "$label" "cnn-$cat-$id" cnn
  else
    add "$f" "$label" "cnn-$cat-$id" "$data/cnn-corpus-dev/references/$id.txt"
    printf '%s\tCNN %s\n' "$label" "$cat" >>"$counts"
  fi
done
rm -rf "$out/.views"

# 20 Newsgroups posts (training part, 20news-bydate-train), $usenet per label,
# spread evenly over the label's files in name order: the subject line as the
# headline, then the body without quoted lines ("> ...") and attribution
# lines ("... writes:"), each paragraph on one line. Their views are made as
# for articles. They are never held out (they are not what the figures score).
usenet_post() {
  awk '
    !body { if ($0 ~ /^[ \t]*$/) { body = 1; next }
            if (subject == "" && sub(/^Subject:[ \t]*/, "")) {
              while (sub(/^[Rr][Ee]:[ \t]*/, "")) ; subject = $0 }
            next }
    /^[ \t]*$/ { flush(); next }
    { line = $0; sub(/^[ \t]+/, "", line); sub(/[ \t\r]+$/, "", line)
      if (line ~ /^[>|]/ || line ~ /writes:$/ || line ~ /wrote:$/) next
      para = para (para == "" ? "" : " ") line }
    function flush() { if (para != "") text = text "\n\n" para; para = "" }
    END { flush(); if (text != "") printf "%s%s\n", subject, text }' "$1"
}
if [ "$usenet" -gt 0 ] && [ -d "$data/20news-bydate/20news-bydate-train" ]; then
  for pair in health:sci.med sport:rec.sport.baseball,rec.sport.hockey \
              tech:comp.graphics,comp.os.ms-windows.misc,comp.sys.ibm.pc.hardware,comp.sys.mac.hardware,comp.windows.x \
              world:talk.politics.mideast; do
    label=${pair%%:*}
    for g in $(echo "${pair#*:}" | tr ',' ' '); do
      if [ -d "$data/20news-bydate/20news-bydate-train/$g" ]; then
        find "$data/20news-bydate/20news-bydate-train/$g" -type f
      fi
    done | LC_ALL=C sort | awk -v n="$usenet" '{ f[NR - 1] = $0 }
      END { for (k = 0; k < NR; k++) if (int((k + 1) * n / NR) > int(k * n / NR)) print f[k] }' |
    while read -r f; do
      g=$(basename "$(dirname "$f")")
      name=usenet-$g-$(basename "$f")
      mkdir -p "$out/train/$label"
      if [ "$drop_outlets" -eq 1 ]; then
        usenet_post "$f" | drop_outlets >"$out/train/$label/$name.txt"
      else
        usenet_post "$f" >"$out/train/$label/$name.txt"
      fi
      if [ -s "$out/train/$label/$name.txt" ]; then
        derive "$out/train/$label/$name.txt" "$out/train/$label/$name"
        printf '%s\t20news %s\n' "$label" "$g" >>"$counts"
      else
        rm -f "$out/train/$label/$name.txt"
      fi
    done
  done
fi

# label-sources.tsv: per label, its sources with their article counts.
awk -F '\t' -v views="$views" '
  NF == 2 { split($2, w, " ")
            key = $1 "\t" w[1] " " w[2]; if (!(key in n)) order[++m] = key
            n[key] += (w[3] == "" ? 1 : w[3]) }
  END { for (i = 1; i <= m; i++) { split(order[i], p, "\t")
          text[p[1]] = text[p[1]] (text[p[1]] == "" ? "" : ", ") p[2] " " n[order[i]]
          if (!(p[1] in seen)) { seen[p[1]] = 1; labels[++L] = p[1] } }
        for (i = 1; i <= L; i++)
          printf "%s\t%s articles; views: %s\n", labels[i], text[labels[i]], views }' \
  "$counts" | sort >"$out/label-sources.tsv"
rm -f "$counts"
