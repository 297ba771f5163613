#!/bin/sh
# fetch-reuters.sh - download Reuters-21578 (Distribution 1.0) from the UCI KDD
# archive, check it, and unpack it as TARGET/reuters21578/ (reut2-000.sgm ..
# reut2-021.sgm, lewis.dtd, README.txt and the category lists), the layout
# precis's tests and benchmarks expect under PRECIS_DATASETS.
#
# The archive is checked by counting: 22 SGML files holding 21,578 <REUTERS>
# records (1,000 per file, 578 in the last), LEWISSPLIT TRAIN 14,668 / TEST
# 6,188 / NOT-USED 722, and the ModApte split (TOPICS="YES") 9,603 / 3,299.
# Nothing is moved into place unless every count matches.
#
# Then reuters-modapte.py (Python 3, standard library) writes the ModApte
# split, 90 topics, as JSON Lines with a "labels" list per story:
# MODAPTE/modapte-train.jsonl and MODAPTE/modapte-test.jsonl (MODAPTE is -m,
# default TARGET/reuters21578-modapte), for precis-train --multi-label. The
# stories are never part of precis's repository.

set -eu

prog=fetch-reuters.sh
url=${PRECIS_REUTERS_URL:-https://kdd.ics.uci.edu/databases/reuters21578/reuters21578.tar.gz}

usage() {
    cat <<EOF
Usage: $prog [-a ARCHIVE] [-m MODAPTE] [TARGET]

Downloads reuters21578.tar.gz from
  $url
checks it and unpacks it into TARGET/reuters21578 (TARGET defaults to ./data).

  -a ARCHIVE  use an already downloaded reuters21578.tar.gz instead
  -m MODAPTE  where to write modapte-train.jsonl and modapte-test.jsonl, the
              ModApte split on its 90 topics (default TARGET/reuters21578-modapte);
              TARGET may then be read-only when it already holds reuters21578
  -h          show this help

Environment: PRECIS_REUTERS_URL overrides the download address (for a mirror).
EOF
}

# die, download and sha256, shared by the fetch scripts.
. "$(dirname "$0")/fetch-lib.sh"

# count PATTERN FILE...: lines matching a fixed string. The C locale because
# reut2-017.sgm holds one Latin-1 byte that is not valid UTF-8.
count() {
    pattern=$1
    shift
    cat "$@" | LC_ALL=C grep -c -F -- "$pattern" || true
}

# expect WHAT GOT WANT: prints a mismatch and sets bad.
expect() {
    if [ "$2" -ne "$3" ]; then
        printf '%s: %s: %s, expected %s\n' "$prog" "$1" "$2" "$3" >&2
        bad=1
    fi
}

# check_counts DIR: prints every mismatch and returns non-zero if there was one.
check_counts() {
    bad=0
    for f in lewis.dtd README.txt all-topics-strings.lc.txt; do
        if [ ! -f "$1/$f" ]; then
            printf '%s: %s is missing\n' "$prog" "$f" >&2
            bad=1
        fi
    done
    i=0
    while [ "$i" -le 21 ]; do
        f=$1/$(printf 'reut2-%03d.sgm' "$i")
        if [ "$i" -eq 21 ]; then want=578; else want=1000; fi
        if [ -f "$f" ]; then
            expect "$(basename "$f") records" "$(count '<REUTERS ' "$f")" "$want"
        else
            printf '%s: %s is missing\n' "$prog" "$(basename "$f")" >&2
            bad=1
        fi
        i=$((i + 1))
    done
    [ "$bad" -eq 0 ] || return 1

    expect "SGML files" "$(find "$1" -name 'reut2-*.sgm' -type f | wc -l | tr -d ' ')" 22
    expect "topic categories" "$(LC_ALL=C grep -c . "$1/all-topics-strings.lc.txt")" 135
    set -- "$1"/reut2-*.sgm
    expect "<REUTERS> records" "$(count '<REUTERS ' "$@")" 21578
    expect 'LEWISSPLIT="TRAIN"' "$(count 'LEWISSPLIT="TRAIN"' "$@")" 14668
    expect 'LEWISSPLIT="TEST"' "$(count 'LEWISSPLIT="TEST"' "$@")" 6188
    expect 'LEWISSPLIT="NOT-USED"' "$(count 'LEWISSPLIT="NOT-USED"' "$@")" 722
    expect "ModApte training (TOPICS=YES, TRAIN)" \
        "$(count '<REUTERS TOPICS="YES" LEWISSPLIT="TRAIN"' "$@")" 9603
    expect "ModApte test (TOPICS=YES, TEST)" \
        "$(count '<REUTERS TOPICS="YES" LEWISSPLIT="TEST"' "$@")" 3299
    return "$bad"
}

# modapte SGML_DIR: the ModApte JSON Lines files into $modapte.
modapte() {
    py=$(command -v python3 || true)
    [ -n "$py" ] || die "python3 is needed to write the ModApte files"
    "$py" "$(dirname "$0")/reuters-modapte.py" "$1" "$modapte" ||
        die "could not write the ModApte files into $modapte"
}

archive=
modapte=
while getopts a:m:h opt; do
    case $opt in
    a) archive=$OPTARG ;;
    m) modapte=$OPTARG ;;
    h) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
    esac
done
shift $((OPTIND - 1))
if [ $# -gt 1 ]; then
    usage >&2
    exit 2
fi
target=${1:-./data}
dest=$target/reuters21578
modapte=${modapte:-$target/reuters21578-modapte}

if [ -e "$dest" ]; then
    echo "$dest already exists; checking it"
    check_counts "$dest" || die "$dest is incomplete; remove it and run $prog again"
    echo "Reuters-21578 is in $dest"
    modapte "$dest"
    exit 0
fi
mkdir -p "$target"

if [ -z "$archive" ]; then
    archive=$target/reuters21578.tar.gz
    if [ -f "$archive" ]; then
        echo "using the archive already downloaded: $archive"
    else
        echo "downloading $url"
        download "$url" "$archive"
    fi
fi
[ -f "$archive" ] || die "no such archive: $archive"

digest=$(sha256 "$archive")
if [ -n "$digest" ]; then
    echo "sha256 $digest  $archive (for your records: no official digest is published)"
fi

work=
trap 'if [ -n "$work" ]; then rm -rf "$work"; fi' EXIT
trap 'exit 1' HUP INT TERM
work=$target/.fetch-reuters.$$
mkdir "$work" "$work/x"

echo "unpacking $archive"
gzip -dc "$archive" >"$work/archive.tar" || die "$archive is not a readable gzip file"
(cd "$work/x" && tar -xf ../archive.tar) || die "$archive is not a readable tar archive"
rm -f "$work/archive.tar"

# The official archive has no top folder; a repacked one may have.
first=$(find "$work/x" -type f -name reut2-000.sgm | head -n 1)
[ -n "$first" ] || die "$archive holds no reut2-000.sgm"
root=$(dirname "$first")
check_counts "$root" || die "$archive does not hold the expected files (truncated download?); delete it and try again"

mv "$root" "$dest"
echo "Reuters-21578 is in $dest: 21578 stories; ModApte split 9603 training, 3299 test"
modapte "$dest"
echo "For the tests and benchmarks: export PRECIS_DATASETS=$target"
echo "The archive $archive can be deleted."
