#!/bin/sh
# report_check.sh PRECIS_TRAIN SOURCE_DIR OUT_DIR
#
# Renders an HTML report of precis-train in headless Chromium and checks what
# the browser built from it: the four charts are <svg> elements, the heat map
# has labels x labels cells and the score chart three bars per label, and no
# <script> element exists. Also takes a screenshot (OUT_DIR/report.png) for
# people to look at. The report is of the tiny-news corpus in the source tree.
#
# Without Chromium it prints "SKIPPED: chromium not installed" and exits 77,
# which ctest reports as skipped (SKIP_RETURN_CODE), not as passed.
set -eu

train=${1:?usage: report_check.sh PRECIS_TRAIN SOURCE_DIR OUT_DIR}
source=${2:?usage: report_check.sh PRECIS_TRAIN SOURCE_DIR OUT_DIR}
out=${3:?usage: report_check.sh PRECIS_TRAIN SOURCE_DIR OUT_DIR}

browser=
for name in chromium chromium-browser; do
    if command -v "$name" >/dev/null 2>&1; then
        browser=$name
        break
    fi
done
if [ -z "$browser" ]; then
    echo "SKIPPED: chromium not installed"
    exit 77
fi

corpus=$source/datasets/tiny-news
tmp=$(mktemp -d "${TMPDIR:-/tmp}/precis-report.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
mkdir -p "$out"
page=$out/report.html

"$train" -q -o "$tmp/tiny.model" --test "$corpus/test" --report "$page" "$corpus/train" \
    >"$tmp/train.log" 2>&1 || { cat "$tmp/train.log" >&2; echo "FAIL: precis-train" >&2; exit 1; }
labels=$(find "$corpus/train" -mindepth 1 -maxdepth 1 -type d ! -name '.*' | wc -l)

# $1: what to make (--dump-dom or --screenshot=FILE). A fresh profile each run;
# nothing to fetch, and every background service that would is off.
browse() {
    profile=$(mktemp -d "$tmp/profile.XXXXXX")
    timeout 120 "$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --hide-scrollbars --user-data-dir="$profile" --window-size=1200,2000 "$1" "file://$page"
}

if ! browse --dump-dom >"$tmp/dom.html" 2>"$tmp/browser.log"; then
    cat "$tmp/browser.log" >&2
    echo "FAIL: $browser --dump-dom" >&2
    exit 1
fi

failures=0
# $1: what; $2: pattern (grep -o, extended); $3: expected count.
expect_count() {
    got=$(grep -oE "$2" "$tmp/dom.html" | wc -l)
    if [ "$got" -ne "$3" ]; then
        echo "FAIL: $1: $got in the DOM, expected $3" >&2
        failures=$((failures + 1))
    else
        echo "ok: $1: $got"
    fi
}

expect_count "svg charts" '<svg[ >]' 4
expect_count "heat-map cells ($labels labels)" '<rect class="cell"' $((labels * labels))
expect_count "heat-map counts" '<text class="n' $((labels * labels))
expect_count "score bars" '<rect class="bar"' $((3 * labels))
expect_count "loss lines" '<polyline class="loss"' 1
expect_count "figures with captions" '<figcaption>' 4
expect_count "term tables" '<caption>' "$labels"
expect_count "script elements" '<script' 0

if ! browse --screenshot="$out/report.png" >"$tmp/shot.log" 2>&1; then
    cat "$tmp/shot.log" >&2
    echo "FAIL: $browser --screenshot" >&2
    exit 1
fi
# A PNG, and not a blank one: a white 1200x2000 page compresses to a few KB.
if [ "$(head -c 8 "$out/report.png" | od -An -tx1 | tr -d ' \n')" != 89504e470d0a1a0a ]; then
    echo "FAIL: $out/report.png is not a PNG" >&2
    failures=$((failures + 1))
elif [ "$(wc -c <"$out/report.png")" -lt 30000 ]; then
    echo "FAIL: $out/report.png looks blank" >&2
    failures=$((failures + 1))
else
    echo "ok: screenshot $out/report.png"
fi

[ "$failures" -eq 0 ] || exit 1
