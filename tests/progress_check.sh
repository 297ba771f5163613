#!/bin/sh
# progress_check.sh PRECIS_TRAIN — precis-train's status line on a terminal
# (script(1) gives it one): one line per phase ("read N documents", "cv C=..
# fold k/K", "fit iteration"), never a fit line while reading, and warnings
# that start on a clean line instead of being printed over the status line.
# 77 (skipped) without script(1).
set -eu
train=${1:?usage: progress_check.sh PRECIS_TRAIN}
command -v script >/dev/null 2>&1 || { echo "SKIPPED: script(1) not installed"; exit 77; }
command -v perl >/dev/null 2>&1 || { echo "SKIPPED: perl not installed"; exit 77; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/precis-progress.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

# 1,500 records in 3 labels; two malformed (no TAB) after the first 512 read,
# so their warnings come while the read line is on screen.
awk 'BEGIN { split("sport tech politics", L, " "); srand(2);
             for (i = 1; i <= 1500; i++) {
               if (i == 700 || i == 1100) { print "no tab on this line"; continue }
               k = i % 3 + 1; printf "%s\t", L[k];
               for (j = 0; j < 10; j++) printf " %s%d", L[k], int(rand() * 40); printf "\n" } }' \
    >"$tmp/corpus.tsv"

script -qec "'$train' -o '$tmp/m.model' --cv 2 --C-grid 1,10 '$tmp/corpus.tsv'" /dev/null \
    >"$tmp/out" 2>&1 || true
perl -e '
    local $/; my $s = <STDIN>;
    my $failed = 0;
    sub nope { print STDERR "FAIL: @_\n"; $failed++ }
    $s =~ /precis-train: read  \d+ documents/ or nope("no read line");
    $s =~ /read  \d+ documents[^\r\n]*iteration/ and nope("a fit figure on the read line");
    $s =~ /fit +iteration +0 +loss 0/ and nope("fit iteration 0 loss 0 while reading");
    $s =~ /cv  C=1 \(1\/2\)  fold 1\/2/ or nope("no cv fold 1/2 line");
    $s =~ /cv  C=10 \(2\/2\)  fold 2\/2/ or nope("no cv C=10 fold 2/2 line");
    $s =~ /fit  iteration +1 / or nope("no fit line");
    my $warnings = 0;
    while ($s =~ /(.{0,3})precis-train: warning:/sg) {
        $warnings++;
        my $before = $1;
        $before eq "" || $before =~ /(\n|\e\[K)$/ or nope("a warning printed over the status line");
    }
    $warnings == 2 or nope("$warnings warnings, not 2");
    exit($failed ? 1 : 0);
' <"$tmp/out" || { failures=$((failures + 1)); cat -v "$tmp/out" | head -c 3000 >&2; }

[ "$failures" -eq 0 ] || exit 1
echo "progress_check: one status line per phase; warnings on clean lines"
