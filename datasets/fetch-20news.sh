#!/bin/sh
# fetch-20news.sh - download the 20 Newsgroups "bydate" corpus from its official
# site, check it, and unpack it as
#     TARGET/20news-bydate/20news-bydate-train/<group>/<message>
#     TARGET/20news-bydate/20news-bydate-test/<group>/<message>
# which is the layout precis's tests and benchmarks expect under PRECIS_DATASETS.
#
# The archive is checked by counting files: 11,314 training and 7,532 test
# messages in 20 groups, group by group. Nothing is moved into place unless
# every count matches, so TARGET/20news-bydate is either complete or absent.

set -eu

prog=fetch-20news.sh
url=${PRECIS_20NEWS_URL:-http://qwone.com/~jason/20Newsgroups/20news-bydate.tar.gz}
# The sha256 scikit-learn records for its copy of 20news-bydate.tar.gz (a
# figshare mirror). Not published by the official site, so a mismatch is only
# reported: the file counts decide.
sklearn_sha256=8f1b2514ca22a5ade8fbb9cfa5727df95fa587f4c87b786e15c759fa66d95610

usage() {
    cat <<EOF
Usage: $prog [-a ARCHIVE] [TARGET]

Downloads 20news-bydate.tar.gz from
  $url
checks it and unpacks it into TARGET/20news-bydate (TARGET defaults to ./data).

  -a ARCHIVE  use an already downloaded 20news-bydate.tar.gz instead
  -h          show this help

Environment: PRECIS_20NEWS_URL overrides the download address (for a mirror).
EOF
}

# die, download and sha256, shared by the fetch scripts.
. "$(dirname "$0")/fetch-lib.sh"

# count_files DIR: regular files under DIR (0 if DIR is missing).
count_files() {
    if [ -d "$1" ]; then
        find "$1" -type f | wc -l | tr -d ' '
    else
        echo 0
    fi
}

# check_counts ROOT: ROOT holds 20news-bydate-train and 20news-bydate-test;
# prints every mismatch and returns non-zero if there was one.
check_counts() {
    bad=0
    while read -r group ntrain ntest; do
        for part in train test; do
            if [ "$part" = train ]; then want=$ntrain; else want=$ntest; fi
            got=$(count_files "$1/20news-bydate-$part/$group")
            if [ "$got" -ne "$want" ]; then
                printf '%s: 20news-bydate-%s/%s has %s files, expected %s\n' \
                    "$prog" "$part" "$group" "$got" "$want" >&2
                bad=1
            fi
        done
    done <<EOF
alt.atheism 480 319
comp.graphics 584 389
comp.os.ms-windows.misc 591 394
comp.sys.ibm.pc.hardware 590 392
comp.sys.mac.hardware 578 385
comp.windows.x 593 395
misc.forsale 585 390
rec.autos 594 396
rec.motorcycles 598 398
rec.sport.baseball 597 397
rec.sport.hockey 600 399
sci.crypt 595 396
sci.electronics 591 393
sci.med 594 396
sci.space 593 394
soc.religion.christian 599 398
talk.politics.guns 546 364
talk.politics.mideast 564 376
talk.politics.misc 465 310
talk.religion.misc 377 251
EOF
    for part in train test; do
        got=$(count_files "$1/20news-bydate-$part")
        if [ "$part" = train ]; then want=11314; else want=7532; fi
        if [ "$got" -ne "$want" ]; then
            printf '%s: 20news-bydate-%s has %s files in all, expected %s\n' \
                "$prog" "$part" "$got" "$want" >&2
            bad=1
        fi
    done
    return "$bad"
}

archive=
while getopts a:h opt; do
    case $opt in
    a) archive=$OPTARG ;;
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
dest=$target/20news-bydate

mkdir -p "$target"
if [ -e "$dest" ]; then
    echo "$dest already exists; checking it"
    check_counts "$dest" || die "$dest is incomplete; remove it and run $prog again"
    echo "20 Newsgroups (bydate) is in $dest"
    exit 0
fi

if [ -z "$archive" ]; then
    archive=$target/20news-bydate.tar.gz
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
    echo "sha256 $digest  $archive"
    if [ "$digest" = "$sklearn_sha256" ]; then
        echo "(the same file scikit-learn downloads for fetch_20newsgroups)"
    else
        echo "(not the digest scikit-learn records for its mirror; the file counts decide)"
    fi
fi

work=
trap 'if [ -n "$work" ]; then rm -rf "$work"; fi' EXIT
trap 'exit 1' HUP INT TERM
work=$target/.fetch-20news.$$
mkdir "$work"

echo "unpacking $archive"
gzip -dc "$archive" >"$work/archive.tar" || die "$archive is not a readable gzip file"
(cd "$work" && tar -xf archive.tar) || die "$archive is not a readable tar archive"
rm -f "$work/archive.tar"

train=$(find "$work" -type d -name 20news-bydate-train | head -n 1)
[ -n "$train" ] || die "$archive holds no 20news-bydate-train folder"
root=$(dirname "$train")
check_counts "$root" || die "$archive does not hold the expected files (truncated download?); delete it and try again"

mkdir "$dest"
mv "$root/20news-bydate-train" "$root/20news-bydate-test" "$dest/"
echo "20 Newsgroups (bydate) is in $dest: 11314 training, 7532 test messages"
echo "For the tests and benchmarks: export PRECIS_DATASETS=$target"
echo "The archive $archive can be deleted."
