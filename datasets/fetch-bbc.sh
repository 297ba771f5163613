#!/bin/sh
# fetch-bbc.sh - fetch the BBC News corpus of D. Greene and P. Cunningham, or
# unpack the "BBC News Summary" data set built on it, and check the file counts.
#
#  * BBC News (2,225 articles in 5 topics) from its official site,
#    http://mlg.ucd.ie/datasets/bbc.html, unpacked as TARGET/bbc/<topic>/NNN.txt.
#  * BBC News Summary (the same articles, each with a reference extractive
#    summary) is published only on Kaggle, which needs a login: there is no
#    official direct URL, so this script cannot download it. Download the zip
#    yourself and pass it with -s; it is unpacked as
#    TARGET/bbc-news-summary/{News Articles,Summaries}/<topic>/NNN.txt,
#    the layout precis's tests and benchmarks expect under PRECIS_DATASETS.
#
# Counts checked, per topic: business 510, entertainment 386, politics 417,
# sport 511, tech 401 (2,225 in all); for the summary set, as many summaries.
# Nothing is moved into place unless every count matches.

set -eu

prog=fetch-bbc.sh
url=${PRECIS_BBC_URL:-http://mlg.ucd.ie/files/datasets/bbc-fulltext.zip}
kaggle=https://www.kaggle.com/datasets/pariza/bbc-news-summary

usage() {
    cat <<EOF
Usage: $prog [-a ARCHIVE] [TARGET]
       $prog -s SUMMARY_ZIP [TARGET]

Without -s: downloads the BBC News raw text files from
  $url
checks them and unpacks them into TARGET/bbc (TARGET defaults to ./data).

  -a ARCHIVE      use an already downloaded bbc-fulltext.zip instead
  -s SUMMARY_ZIP  unpack the "BBC News Summary" zip downloaded from Kaggle
                  into TARGET/bbc-news-summary (nothing is downloaded)
  -h              show this help

The summary set has no official direct download: Kaggle needs a (free) login.
Get it from
  $kaggle
with a browser ("Download"), or with the Kaggle command-line tool and your
own API token:  kaggle datasets download -d pariza/bbc-news-summary
then run:       $prog -s bbc-news-summary.zip [TARGET]

Environment: PRECIS_BBC_URL overrides the download address (for a mirror).
EOF
}

# die, download and sha256, shared by the fetch scripts.
. "$(dirname "$0")/fetch-lib.sh"

# unzip_into ZIP DIR: with unzip, python3 or bsdtar, whichever exists.
unzip_into() {
    if command -v unzip >/dev/null 2>&1; then
        unzip -q "$1" -d "$2" || die "cannot unpack $1"
    elif command -v python3 >/dev/null 2>&1; then
        python3 -m zipfile -e "$1" "$2" || die "cannot unpack $1"
    elif command -v bsdtar >/dev/null 2>&1; then
        bsdtar -xf "$1" -C "$2" || die "cannot unpack $1"
    else
        die "need unzip, python3 or bsdtar to unpack $1"
    fi
}

# count_txt DIR: .txt files directly in DIR (0 if DIR is missing).
count_txt() {
    if [ -d "$1" ]; then
        find "$1" -type f -name '*.txt' | wc -l | tr -d ' '
    else
        echo 0
    fi
}

# check_topics DIR: DIR/<topic> holds the expected number of articles for
# each of the five topics; prints every mismatch, returns non-zero if any.
check_topics() {
    bad=0
    while read -r topic want; do
        got=$(count_txt "$1/$topic")
        if [ "$got" -ne "$want" ]; then
            printf '%s: %s/%s has %s .txt files, expected %s\n' \
                "$prog" "$1" "$topic" "$got" "$want" >&2
            bad=1
        fi
    done <<EOF
business 510
entertainment 386
politics 417
sport 511
tech 401
EOF
    return "$bad"
}

# find_dir ROOT NAME: the first directory called NAME under ROOT, in sorted
# order (the Kaggle archive has been seen to hold the data set twice).
find_dir() {
    find "$1" -type d -name "$2" | LC_ALL=C sort | head -n 1
}

archive=
summary=
while getopts a:s:h opt; do
    case $opt in
    a) archive=$OPTARG ;;
    s) summary=$OPTARG ;;
    h) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
    esac
done
shift $((OPTIND - 1))
if [ $# -gt 1 ] || { [ -n "$archive" ] && [ -n "$summary" ]; }; then
    usage >&2
    exit 2
fi
target=${1:-./data}
mkdir -p "$target"

work=
trap 'if [ -n "$work" ]; then rm -rf "$work"; fi' EXIT
trap 'exit 1' HUP INT TERM

if [ -n "$summary" ]; then
    dest=$target/bbc-news-summary
    if [ -e "$dest" ]; then
        echo "$dest already exists; checking it"
        if ! { check_topics "$dest/News Articles" && check_topics "$dest/Summaries"; }; then
            die "$dest is incomplete; remove it and run $prog again"
        fi
        echo "BBC News Summary is in $dest"
        exit 0
    fi
    [ -f "$summary" ] || die "no such file: $summary (download it from $kaggle)"
    digest=$(sha256 "$summary")
    if [ -n "$digest" ]; then
        echo "sha256 $digest  $summary (for your records: Kaggle publishes no digest)"
    fi

    work=$target/.fetch-bbc.$$
    mkdir "$work"
    echo "unpacking $summary"
    unzip_into "$summary" "$work"
    articles=$(find_dir "$work" "News Articles")
    [ -n "$articles" ] || die "$summary holds no 'News Articles' folder: is it the BBC News Summary zip?"
    root=$(dirname "$articles")
    if ! { check_topics "$root/News Articles" && check_topics "$root/Summaries"; }; then
        die "$summary does not hold the expected files"
    fi

    mkdir "$dest"
    mv "$root/News Articles" "$root/Summaries" "$dest/"
    echo "BBC News Summary is in $dest: 2225 articles and their reference summaries"
    echo "For the tests and benchmarks: export PRECIS_DATASETS=$target"
    exit 0
fi

dest=$target/bbc
if [ -e "$dest" ]; then
    echo "$dest already exists; checking it"
    check_topics "$dest" || die "$dest is incomplete; remove it and run $prog again"
    echo "BBC News is in $dest"
    exit 0
fi

if [ -z "$archive" ]; then
    archive=$target/bbc-fulltext.zip
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

work=$target/.fetch-bbc.$$
mkdir "$work"
echo "unpacking $archive"
unzip_into "$archive" "$work"
business=$(find_dir "$work" business)
[ -n "$business" ] || die "$archive holds no business/ folder: is it bbc-fulltext.zip?"
root=$(dirname "$business")
check_topics "$root" || die "$archive does not hold the expected files (truncated download?); delete it and try again"

mv "$root" "$dest"
echo "BBC News is in $dest: 2225 articles, one folder per topic (a directory corpus)"
echo "The reference summaries are a separate data set; see: $prog -h"
