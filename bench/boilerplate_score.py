#!/usr/bin/env python3
"""boilerplate_score.py PAGES_DIR TOOL=TEXT_DIR[:SUMMARY_JSONL]... — how much
of each page's article survives each tool's extraction, and how much of its
furniture goes (bench/boilerplate.sh runs it).

Words are lowercased runs of letters and digits, compared as multisets: article words kept =
sum(min(out, article)) / |article|; furniture words removed = 1 - (the
output's words beyond the article's, capped by the furniture's) / |furniture|.
With summaries (precis-infer --format json, one object per page), also the
share of summary sentences that are not article text (furniture picked).
"""
import collections
import json
import os
import re
import sys

WORD = re.compile(r"[^\W_]+")  # html2text joins link words with "_"


def bag(text):
    return collections.Counter(w.lower() for w in WORD.findall(text))


def norm(text):
    return " ".join(WORD.findall(text.lower()))


def main():
    pages = sys.argv[1]
    ids = sorted(f[:-5] for f in os.listdir(pages) if f.endswith(".html"))
    truth = {}
    for i in ids:
        with open(os.path.join(pages, i + ".article.txt"), encoding="utf-8") as f:
            art = f.read()
        with open(os.path.join(pages, i + ".furniture.txt"), encoding="utf-8") as f:
            furn = f.read()
        truth[i] = (bag(art), bag(furn), norm(art))
    layouts = ["semantic", "classes", "no-classes", "tables"]
    print("%-12s %-11s %7s %9s %9s %s" % ("tool", "layout", "pages", "kept", "removed",
                                          "furniture sentences in summaries"))
    for spec in sys.argv[2:]:
        tool, rest = spec.split("=", 1)
        text_dir, _, summaries = rest.partition(":")
        per = collections.defaultdict(lambda: [0, 0, 0, 0, 0])
        for n, i in enumerate(ids):
            art, furn, _ = truth[i]
            with open(os.path.join(text_dir, i + ".html.txt"), encoding="utf-8",
                      errors="replace") as f:
                out = bag(f.read())
            kept = sum(min(c, art[w]) for w, c in out.items())
            extra = sum(min(max(c - art[w], 0), furn[w]) for w, c in out.items())
            for key in (layouts[int(i) % 4], "all"):
                p = per[key]
                p[0] += 1
                p[1] += kept
                p[2] += sum(art.values())
                p[3] += extra
                p[4] += sum(furn.values())
        leaked = total = 0
        if summaries:
            with open(summaries, encoding="utf-8") as f:
                for line in f:
                    obj = json.loads(line)
                    key = os.path.basename(obj["file"]).split(".")[0]
                    for s in obj.get("summary", []):
                        total += 1
                        if norm(s["text"]) not in truth[key][2]:
                            leaked += 1
        for key in layouts + ["all"]:
            p = per[key]
            if not p[0]:
                continue
            summ = ("%d of %d (%.1f%%)" % (leaked, total, 100.0 * leaked / total)
                    if key == "all" and total else "")
            print("%-12s %-11s %7d %8.1f%% %8.1f%% %s" % (tool, key, p[0], 100.0 * p[1] / p[2],
                                                         100.0 * (1 - p[3] / p[4]), summ))


if __name__ == "__main__":
    main()
