#!/usr/bin/env python3
"""reuters-modapte.py - the ModApte split of Reuters-21578 as JSON Lines.

Reads reut2-000.sgm .. reut2-021.sgm from SGML_DIR and writes
OUT_DIR/modapte-train.jsonl and OUT_DIR/modapte-test.jsonl, one story a line:

    {"labels": ["grain", "trade"], "text": "TITLE\\n\\nBODY", "id": "NEWID"}

The split is the usual "ModApte, 90 categories" one (Yang & Liu 1999; NLTK's
reuters corpus): stories marked TOPICS="YES" with LEWISSPLIT="TRAIN" train,
with LEWISSPLIT="TEST" test; the topics kept are those with at least one
training and one test story (90 of them), and stories left with none of those
topics are dropped: 7,769 training and 3,019 test stories. The counts are
checked; anything else exits non-zero without writing.

Standard library only. The files are ASCII but for one Latin-1 byte in
reut2-017.sgm, so they are read as Latin-1; the SGML entities (&lt;, &#3;)
are decoded and control characters become spaces.
"""
import html
import json
import os
import re
import sys

WANT = {"train": 7770, "test": 3019, "topics": 90}
STORY = re.compile(r"<REUTERS\b([^>]*)>(.*?)</REUTERS>", re.S)
ATTR = re.compile(r'(\w+)="([^"]*)"')
TOPIC = re.compile(r"<D>(.*?)</D>", re.S)


def field(body, tag):
    m = re.search(r"<%s\b[^>]*>(.*?)</%s>" % (tag, tag), body, re.S)
    return m.group(1) if m else ""


def clean(s):
    s = re.sub(r"<[^>]*>", " ", s)
    s = html.unescape(s)
    return "".join(" " if (ord(c) < 32 and c not in "\n") or c == "\x7f" else c for c in s).strip()


def stories(sgml_dir):
    for i in range(22):
        path = os.path.join(sgml_dir, "reut2-%03d.sgm" % i)
        with open(path, encoding="latin-1") as f:
            data = f.read()
        for m in STORY.finditer(data):
            attrs = dict(ATTR.findall(m.group(1)))
            body = m.group(2)
            topics = [t.strip() for t in TOPIC.findall(field(body, "TOPICS"))]
            text = field(body, "TEXT")
            title, main = clean(field(text, "TITLE")), clean(field(text, "BODY"))
            if not main:  # TYPE="BRIEF" or "UNPROC": the whole TEXT element
                main = clean(text) if not title else ""
            yield attrs, topics, (title + "\n\n" + main).strip()


def main():
    if len(sys.argv) != 3:
        sys.stderr.write("usage: reuters-modapte.py SGML_DIR OUT_DIR\n")
        return 2
    sgml_dir, out_dir = sys.argv[1], sys.argv[2]
    split = {"train": [], "test": []}
    for attrs, topics, text in stories(sgml_dir):
        if attrs.get("TOPICS") != "YES":
            continue
        part = {"TRAIN": "train", "TEST": "test"}.get(attrs.get("LEWISSPLIT"))
        if part and topics:
            split[part].append((attrs.get("NEWID", ""), topics, text))
    seen = {p: {t for _, ts, _ in split[p] for t in ts} for p in split}
    keep = seen["train"] & seen["test"]
    rows = {}
    for part in split:
        rows[part] = []
        for newid, topics, text in split[part]:
            labels = sorted(set(t for t in topics if t in keep))
            if labels:
                rows[part].append({"labels": labels, "text": text, "id": newid})
    got = {"train": len(rows["train"]), "test": len(rows["test"]), "topics": len(keep)}
    if got != WANT:
        sys.stderr.write("reuters-modapte.py: found %s, expected %s\n" % (got, WANT))
        return 1
    os.makedirs(out_dir, exist_ok=True)
    for part in rows:
        path = os.path.join(out_dir, "modapte-%s.jsonl" % part)
        tmp = path + ".tmp"
        with open(tmp, "w", encoding="utf-8") as f:
            for r in rows[part]:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
        os.replace(tmp, path)
    print("ModApte: %d training, %d test stories, %d topics in %s"
          % (got["train"], got["test"], got["topics"], out_dir))
    return 0


if __name__ == "__main__":
    sys.exit(main())
