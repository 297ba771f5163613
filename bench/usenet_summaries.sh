#!/usr/bin/env bash
# usenet_summaries.sh — how many summary sentences of the 20 Newsgroups test
# messages are message furniture: header lines (Subject:, From:, ...), quoted
# "> " lines, e-mail addresses, signature delimiters. Issue 19 counted 3,595
# of 22,544 starting with Subject:/From:/Organization: before furniture_web.c
# and message.c. Result: bench/results/usenet_summaries.txt.
source "$(dirname "$0")/common.sh"
need_build
need_data 20news-bydate
out=$(mktemp)
trap 'rm -f "$out"' EXIT
"$BUILD/infer/precis-infer" -q --summary-only --format json \
  "$DATASETS/20news-bydate/20news-bydate-test" > "$out" || true
$PY - "$out" <<'PY' | tee "$RESULTS/usenet_summaries.txt"
import json, re, sys
HEADER = re.compile(r"^(Subject|From|Organization|Lines|Reply-To|NNTP-Posting-Host|Distribution|"
                    r"Keywords|Summary|Article-I\.D\.|In-Reply-To|X-[A-Za-z-]+):")
docs = total = header = quoted = address = signature = 0
for line in open(sys.argv[1], encoding="utf-8"):
    docs += 1
    for s in json.loads(line).get("summary", []):
        t = s["text"]
        total += 1
        header += bool(HEADER.match(t))
        quoted += bool(re.search(r"(^|\n)\s*(>|\|>)", t))
        address += bool(re.search(r"[\w.]@\w+\.\w", t))
        signature += bool(re.search(r"(^|\n)--\s*(\n|$)", t))
print("20news test: %d messages, %d summary sentences: %d header lines, %d with quoted lines, "
      "%d with an e-mail address, %d with a signature delimiter"
      % (docs, total, header, quoted, address, signature))
PY
