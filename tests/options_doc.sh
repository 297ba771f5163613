#!/bin/sh
# options_doc.sh SOURCE_DIR TRAIN INFER — every option a tool's --help lists
# is in its man page; -s means --strict in both tools; long options must be
# written in full ("--summary" is not "--summary-only") and a typo is
# answered with the nearest option.
set -eu
src=$1
train=$2
infer=$3
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
for tool in "$train" "$infer"; do
    name=$(basename "$tool")
    man="$src/docs/$name.1"
    for opt in $("$tool" --help | grep -o -- '--[A-Za-z][A-Za-z0-9-]*' | sort -u); do
        esc=$(printf '%s' "$opt" | sed 's/-/\\\\-/g')
        grep -q -- "$esc" "$man" || fail "$name --help lists $opt; docs/$name.1 does not"
    done
    "$tool" --help | grep -q -- '-s, --strict' || fail "$name: no -s for --strict"
done
tmp=$(mktemp -d "${TMPDIR:-/tmp}/precis-opts.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
printf 'a\tone two\nb\tthree four\nno tab here\na\tfive six\nb\tseven\n' >"$tmp/c.tsv"
if "$train" -q -s -o "$tmp/m.model" "$tmp/c.tsv" 2>/dev/null || [ -e "$tmp/m.model" ]; then
    fail "precis-train -s did not stop at the malformed record"
fi
# Long options in full only, and a typo answered with the nearest option.
check_unknown() { # tool, option, expected message
    out=$("$1" "$2" x 2>&1) && fail "$(basename "$1") $2 was accepted"
    case $out in *"$3"*) ;; *) fail "$(basename "$1") $2 said: $out" ;; esac
}
check_unknown "$infer" --summary "unknown option --summary (did you mean --summary-only?)"
check_unknown "$train" --ngrams "unknown option --ngrams (did you mean --ngram?)"
check_unknown "$infer" --frobnicate "unknown option --frobnicate"
"$infer" --summary-only --sentences=1 - </dev/null >/dev/null || fail "--sentences=1 refused"

[ "$failures" -eq 0 ] || exit 1
echo "options_doc: every --help option is in the man pages; -s is --strict in both tools"
