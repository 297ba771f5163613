#!/usr/bin/env python3
"""Open Text Summarizer on the CNN-Corpus dev half, scored as bench/summarize_cnn.sh
scores precis: each summary cut to the reference's word count (the DUC
convention), mean ROUGE-1/2/L F1 by shared/tools/rouge.py, against the human
extracts and against the highlights. Also, with --precis, the same check of
precis's own summaries (independent of precis's ROUGE code): precis-infer is
run on each held-out article with its fold's model and --words N.

OTS is given the article's body (the title line dropped, as precis does) and
asked for the smallest ratio (5% steps) whose summary reaches N words ("ots");
the summary is then cut to N words. Words are runs of non-space, as precis
counts. Because OTS lists its picks in article order, a larger ratio cut to N
words drifts toward the lead: "ots-r20" and "ots-r50" (fixed ratios 20%, its
default, and 50%, then cut) show how much the figure depends on that.

Usage: peers_cnn.py DATA_DIR ROUGE_PY_DIR [--precis INFER FOLDS_DIR]
  FOLDS_DIR holds fold<k>.model and fold<k>.list (article numbers held out).
Prints one line per system and reference set: name refs R1 R2 RL."""
import os
import subprocess
import sys


def read(path):
    with open(path, "rb") as f:
        return f.read().decode("utf-8", "replace")


def cut(text, n):
    return " ".join(text.split()[:n])


def ots_summary(body, n):
    words = len(body.split())
    ratio = max(5, min(100, (100 * n // max(words, 1)) // 5 * 5))
    out = ""
    while True:
        out = subprocess.run(["ots", "--ratio", str(ratio)], input=body.encode(),
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL).stdout.decode(
                                 "utf-8", "replace")
        if len(out.split()) >= n or ratio >= 100:
            return out
        ratio += 5


def ots_fixed(body, ratio):
    return subprocess.run(["ots", "--ratio", str(ratio)], input=body.encode(),
                          stdout=subprocess.PIPE, stderr=subprocess.DEVNULL).stdout.decode(
                              "utf-8", "replace")


def precis_summary(infer, model, path, n):
    import json
    out = subprocess.run([infer, "-m", model, "--summary-only", "--format", "json", "--words",
                          str(n), path], stdout=subprocess.PIPE, check=True).stdout
    obj = json.loads(out.decode("utf-8").splitlines()[0])
    return "\n".join(s["text"] for s in obj["summary"])


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    data, tools = sys.argv[1], sys.argv[2]
    sys.path.insert(0, tools)
    import rouge  # noqa: E402  (shared/tools/rouge.py)

    systems = {"ots": None}
    if len(sys.argv) >= 6 and sys.argv[3] == "--precis":
        infer, folds = sys.argv[4], sys.argv[5]
        for name in sorted(os.listdir(folds)):
            if name.endswith(".list"):
                model = os.path.join(folds, name[:-5] + ".model")
                for num in read(os.path.join(folds, name)).split():
                    systems.setdefault("precis", {})[num] = model
    numbers = sorted(f[:-4] for f in os.listdir(os.path.join(data, "articles")))
    totals = {}
    for num in numbers:
        path = os.path.join(data, "articles", num + ".txt")
        body = read(path).split("\n", 1)[1]
        for refs in ("references", "highlights"):
            ref = read(os.path.join(data, refs, num + ".txt"))
            n = len(ref.split())
            cands = {"ots": ots_summary(body, n), "ots-r20": ots_fixed(body, 20),
                     "ots-r50": ots_fixed(body, 50)}
            if systems.get("precis") and num in systems["precis"]:
                cands["precis"] = precis_summary(infer, systems["precis"][num], path, n)
            for name, cand in cands.items():
                s = rouge.score(ref, cut(cand, n))
                t = totals.setdefault((name, refs), [0.0, 0.0, 0.0, 0])
                for k, key in enumerate(("rouge1", "rouge2", "rougeL")):
                    t[k] += s[key][2]
                t[3] += 1
    for (name, refs), t in sorted(totals.items()):
        print("%s %s %.4f %.4f %.4f %d" % (name, refs, t[0] / t[3], t[1] / t[3], t[2] / t[3], t[3]))


if __name__ == "__main__":
    main()
