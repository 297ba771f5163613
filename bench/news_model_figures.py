"""Figures of bench/news_model.sh from precis-infer --eval --metrics files.

Out-of-fold predictions of all folds are pooled: confusion matrices are
summed (accuracy, macro-F1 from the sum) and the calibration bins too (ECE
from the pooled bins), so each held-out article counts once.
Usage: news_model_figures.py WORK SIZE LAT_SHORT LAT_MEDIUM LAT_LONG LONG_WORDS
"""
import glob
import json
import os
import sys


def pool(files):
    labels, conf, bins = None, None, {}
    for path in files:
        m = json.load(open(path))
        if labels is None:
            labels = m["labels"]
            conf = [[0] * len(labels) for _ in labels]
        assert m["labels"] == labels, path
        for i, row in enumerate(m["confusion"]):
            for j, c in enumerate(row):
                conf[i][j] += c
        for b in m["reliability"]:
            key = round(b["from"], 3)
            n, cs, ok = bins.get(key, (0, 0.0, 0.0))
            bins[key] = (n + b["documents"], cs + b["confidence"] * b["documents"],
                         ok + b["accuracy"] * b["documents"])
    return labels, conf, bins


def figures(files):
    labels, conf, bins = pool(files)
    n = sum(map(sum, conf))
    right = sum(conf[i][i] for i in range(len(labels)))
    f1s = []
    for k in range(len(labels)):
        truth, pred = sum(conf[k]), sum(row[k] for row in conf)
        if truth + pred == 0:
            continue
        p = conf[k][k] / pred if pred else 0.0
        r = conf[k][k] / truth if truth else 0.0
        f1s.append(2 * p * r / (p + r) if p + r else 0.0)
    ece = sum(abs(ok - cs) for _, cs, ok in bins.values()) / n
    recall = {labels[k]: round(conf[k][k] / sum(conf[k]), 4) for k in range(len(labels)) if sum(conf[k])}
    return {"documents": n, "accuracy": round(right / n, 4),
            "macro_f1": round(sum(f1s) / len(f1s), 4), "ece": round(ece, 4), "recall": recall}


def main():
    work, size, short, medium, long_, words = sys.argv[1:7]
    out = {}
    for name, pattern in (("cv", "cv[0-9]"), ("no-cnn", "no-cnn"), ("no-bbc", "no-bbc")):
        runs = sorted(glob.glob(os.path.join(work, pattern)))
        if not runs:
            continue
        res = {}
        for src in ("bbc", "cnn"):
            for view in ("full", "short", "body", "wire"):
                files = [f for r in runs for f in glob.glob(os.path.join(r, "test-%s-%s.json" % (src, view)))]
                if files:
                    res["%s-%s" % (src, view)] = figures(files)
        full = [f for r in runs for f in glob.glob(os.path.join(r, "test-*-full.json"))]
        if name == "cv":
            res["all-full"] = figures(full)
        out[name] = res
    out["model_bytes"] = int(size)
    out["latency"] = {"short (headline + 1 sentence)": json.loads(short),
                      "medium (sample-world.txt)": json.loads(medium),
                      "long (%s words)" % words: json.loads(long_)}
    json.dump(out, sys.stdout, indent=1)
    print()


main()
