#!/bin/sh
# make_bad_fixtures.sh OUT — the hostile inputs too large or too odd to commit
# (tests/fixtures/bad/ holds the small ones; see its README.md). test_cli_bad
# runs this once into a temporary folder; nothing here is ever committed.
#
#   long-line.tsv    one 200 MB line (a TSV record of one 200 MB "word"), then
#                    the training corpus
#   word.txt         a document of a single 100 KB word; word.tsv: as a record
#   many-labels.tsv  1,000 labels, two documents each (words from 300; one
#                    each would be refused: a label per document). Not more:
#                    the fit holds five documents x labels matrices of doubles,
#                    so 10,000 labels (20,000 documents) peaked at 7.9 GB
#   latin1.tsv       the training corpus in Latin-1, one label "café"
#   tree/            a DIR corpus (politics, sport, tech) holding a directory
#                    symlink loop (sport/loop -> ..), a file that vanished after
#                    the folder was listed (tech/vanished.txt, a dangling link:
#                    what the walk then meets), and a FIFO (tech/fifo)
#   fifo             a FIFO nobody writes to
#   unreadable.txt, unreadable.tsv   mode 000 (bites only as a user other than root)
#   readable.txt     a document beside them
set -eu
out=$1
src=$(cd "$(dirname "$0")" && pwd)/fixtures/bad
mkdir -p "$out"

{ printf 'sport\t'; head -c 200000000 /dev/zero | tr '\0' 'a'; printf '\n'; cat "$src/train.tsv"; } \
  > "$out/long-line.tsv"

head -c 102400 /dev/zero | tr '\0' 'w' > "$out/word.txt"
{ cat "$src/train.tsv"; printf 'sport\t'; cat "$out/word.txt"; printf '\n'; } > "$out/word.tsv"

awk 'BEGIN { srand(1); for (i = 0; i < 2000; i++) { printf "label %05d\t", i % 1000;
             for (j = 0; j < 8; j++) printf " w%03d", int(rand() * 300); printf "\n" } }' \
  > "$out/many-labels.tsv"

{ cat "$src/train.tsv"; printf 'caf\351\tThe caf\351 served coffee and cake to the tourists.\n';
  printf 'caf\351\tA waiter brought tea and croissants on the terrace.\n'; } > "$out/latin1.tsv"

mkdir -p "$out/tree/politics" "$out/tree/sport" "$out/tree/tech"
awk -F '\t' -v dir="$out/tree" '{ f = dir "/" $1 "/doc" NR ".txt"; print $2 > f; close(f) }' \
  "$src/train.tsv"
ln -s .. "$out/tree/sport/loop"
ln -s gone.txt "$out/tree/tech/vanished.txt"
mkfifo "$out/tree/tech/fifo"
mkfifo "$out/fifo"

cp "$src/utf8.txt" "$out/readable.txt"
cp "$src/utf8.txt" "$out/unreadable.txt"
cp "$src/train.tsv" "$out/unreadable.tsv"
chmod -R a+rX "$out"
chmod 000 "$out/unreadable.txt" "$out/unreadable.tsv"
