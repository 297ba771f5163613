# mpi_corpus.awk — a synthetic labeled corpus for tests/mpi_check.sh, the
# same on every run (a fixed linear congruential generator): DOCS documents
# in LABELS classes, each 30-110 words from a vocabulary of VOCAB words, a
# share LEAN of them (default 0.35; 0: labels are noise, a slow fit) drawn
# from words of its class. Large enough that the solver cuts many row chunks,
# so spreading it over processes moves chunk tails between ranks.
# Output: JSON Lines, or with DIR set, the files DIR/<label>/<n>.txt.
#   awk -v DOCS=2400 -v LABELS=6 -v VOCAB=3000 [-v DIR=path] -f mpi_corpus.awk
function rnd() { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648 }
function pick(n) { return int(rnd() * n) }
BEGIN {
  seed = 17
  if (!DOCS) DOCS = 2400
  if (!LABELS) LABELS = 6
  if (!VOCAB) VOCAB = 3000
  if (LEAN == "") LEAN = 0.35
  for (d = 0; d < DOCS; d++) {
    label = "topic" pick(LABELS)
    n = 30 + pick(80)
    text = ""
    for (i = 0; i < n; i++) {
      if (rnd() < LEAN)
        w = "k" substr(label, 6) "w" pick(VOCAB / 10)
      else
        w = "w" pick(VOCAB)
      text = text (i ? " " : "") w
    }
    if (DIR != "") {
      path = sprintf("%s/%s/%05d.txt", DIR, label, d)
      if (!(label in made)) { system("mkdir -p '" DIR "/" label "'"); made[label] = 1 }
      print text > path
      close(path)
    } else {
      printf "{\"label\": \"%s\", \"text\": \"%s\"}\n", label, text
    }
  }
}
