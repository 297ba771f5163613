#!/usr/bin/env python3
"""Scores a folder of summaries written by summarize_bbc (dump=DIR: one file
<topic>_<NNN>.txt per article) against the BBC News Summary reference extracts
with an independent ROUGE (shared/tools/rouge.py, the rouge-score rules), so
the C figures can be checked. Prints: articles, mean ROUGE-1/2/L F1.

Usage: summarize_eval.py DUMP_DIR DATASET_DIR [ROUGE_PY_DIR]"""
import os
import sys


def read(path):
    data = open(path, "rb").read()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    dump, dataset = sys.argv[1], sys.argv[2]
    tools = sys.argv[3] if len(sys.argv) > 3 else os.path.join(dataset, "..", "..", "tools")
    sys.path.insert(0, tools)
    import rouge  # noqa: E402  (shared/tools/rouge.py)

    totals, n = [0.0, 0.0, 0.0], 0
    for name in sorted(os.listdir(dump)):
        topic, number = name.split("_", 1)
        ref = read(os.path.join(dataset, "Summaries", topic, number))
        cand = read(os.path.join(dump, name))
        s = rouge.score(ref, cand)
        for k, key in enumerate(("rouge1", "rouge2", "rougeL")):
            totals[k] += s[key][2]
        n += 1
    if not n:
        sys.exit("no summaries in " + dump)
    print("%d\t%.4f\t%.4f\t%.4f" % (n, totals[0] / n, totals[1] / n, totals[2] / n))


if __name__ == "__main__":
    main()
