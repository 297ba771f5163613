#!/usr/bin/env python3
"""Sentence-model experiments on cnn-corpus-dev, outside C, with the folds of
bench/summarize_cnn.sh: fold k holds out the articles whose (number / 2) % 5
== k, and its rows come from the features that fold's own classifier gives
(bench/summary_features.c, FEATURES_DIR/dump<k>.tsv), so no article is ever in
its own fold's training. Each variant fits a sentence scorer on the four other
folds, selects as precis does with --words (units best first by their mean
score until the budget; a unit that ends past 1.3 x the budget is passed
over), cuts the summary to the reference's word count, and reports the mean
ROUGE-1/2 F1 (shared/tools/rouge.py's tokens) against the human extracts and
the highlights. "base" (pairwise, C = 1) reproduces precis's own figure.

Usage: summarize_cnn_cv.py CNN_DIR ROUGE_PY_DIR FEATURES_DIR [VARIANT]...
Variants: base lead c0.03 c10 overshoot<x> graded<lam> tophl<k> union
pairweight<lam> gbm interactions, each optionally followed by +words<p> or
+wordsany<p> (the word-length selection, see variant()) (default: all), and on
request drop:F1,F2 (the sentence model without those features), only:F1,F2
(with those alone), z:F1,F2 (with their z-scores within the article added).
precis today ships base (with the highlight features of learned.c; the
--summary-highlights weighting and summarize.c's word-length rules are
built and off)."""
import collections
import copy
import csv
import os
import sys

import numpy as np
from sklearn.linear_model import LogisticRegression

DATA, ROUGE_DIR, FEAT = sys.argv[1:4]
sys.path.insert(0, ROUGE_DIR)
import rouge  # noqa: E402

csv.field_size_limit(10**9)


def read(path):
    with open(path, "rb") as f:
        return f.read().decode("utf-8", "replace")


def bigrams(t):
    return collections.Counter(zip(t, t[1:]))


def f1(overlap, ref_n, cand_n):
    p = overlap / cand_n if cand_n else 0.0
    r = overlap / ref_n if ref_n else 0.0
    return 2 * p * r / (p + r) if p + r else 0.0


class Article:
    pass


def load(k):
    arts = collections.OrderedDict()
    with open(os.path.join(FEAT, f"dump{k}.tsv"), newline="") as f:
        rows = csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        names = next(rows)[8:-1]
        for row in rows:
            arts.setdefault(row[0], []).append(row)
    out = {}
    for n, rows in arts.items():
        a = Article()
        a.active = np.array([int(x[2]) for x in rows], bool)
        a.ext = np.array([int(x[3]) for x in rows])
        a.words = np.array([int(x[4]) for x in rows])
        a.last = np.array([int(x[6]) for x in rows])
        a.para = np.array([int(x[7]) for x in rows])
        a.F = np.array([[float(v) for v in x[8:-1]] for x in rows])
        a.text = [x[-1] for x in rows]
        a.refs = {}
        for which, folder in (("ref", "references"), ("hl", "highlights")):
            t = read(os.path.join(DATA, folder, n + ".txt"))
            tok = rouge.tokens(t)
            a.refs[which] = (len(t.split()), collections.Counter(tok), bigrams(tok))
        hl = a.refs["hl"][2]
        total = sum(hl.values()) or 1
        a.hlg = np.array([sum((bigrams(rouge.tokens(s)) & hl).values()) / total for s in a.text])
        out[n] = a
    return names, out


def unit_rank(a, score, r, last, words, budget, penalty):
    """The order of consideration: the unit's mean score; with a length
    penalty (summarize.c's rank_for_words), the logit of its mean probability
    less penalty x (median sentence words / budget) x ln(words)."""
    if penalty is None:
        return score[r:last + 1].mean()
    p = np.clip((1 / (1 + np.exp(-score[r:last + 1]))).mean(), 1e-12, 1 - 1e-12)
    beta = penalty * np.median(a.words[a.active]) / budget
    return np.log(p / (1 - p)) - beta * np.log(max(words, 1))


def select(a, score, budget, overshoot=0.3, penalty=None, last_only=False):
    """Units best first until the budget; one that would end past it is taken
    only within the overshoot, and with last_only only when it comes after
    every unit taken (summarize.c's unit_fits)."""
    cand, r = [], 0
    while r < len(a.words):
        last = a.last[r]
        if a.active[r]:
            w = int(a.words[r:last + 1].sum())
            cand.append((-unit_rank(a, score, r, last, w, budget, penalty), r, last, w))
        r = last + 1
    cand.sort()
    words, picked = 0, []
    for c in cand:
        if words >= budget:
            break
        if not picked or words + c[3] <= budget:
            ok = True
        else:
            ok = words + c[3] <= budget * (1 + overshoot) and (
                not last_only or c[1] > max(p[2] for p in picked))
        if ok:
            picked.append(c)
            words += c[3]
    return sorted(i for c in picked for i in range(c[1], c[2] + 1))


def rouge12(a, idx, which):
    budget, ug_ref, bg_ref = a.refs[which]
    text = " ".join("\n".join(a.text[i] for i in idx).split()[:budget])
    t = rouge.tokens(text)
    ug, bg = collections.Counter(t), bigrams(t)
    return (f1(sum((ug & ug_ref).values()), sum(ug_ref.values()), sum(ug.values())),
            f1(sum((bg & bg_ref).values()), sum(bg_ref.values()), sum(bg.values())))


def pair_rows(A, names, target, weigh):
    X, W = [], []
    for n in names:
        a = A[n]
        act = np.where(a.active)[0]
        y = target(a)[act]
        p, q = np.where(y[:, None] - y[None, :] > 1e-9)
        if not len(p):
            continue
        if len(p) > 2000:  # as learned_train.c: every k-th of at most 2,000
            stride = (len(p) + 1999) // 2000
            p, q = p[::stride], q[::stride]
        X.append(a.F[act[p]] - a.F[act[q]])
        W.append(weigh(a, act[p], act[q]))
    return np.vstack(X), np.concatenate(W)


def pairwise(C=1.0, target=lambda a: a.ext, weigh=lambda a, p, q: np.ones(len(p))):
    def make(A, names):
        sd = np.vstack([A[n].F[A[n].active] for n in names]).std(0)
        sd[sd < 1e-12] = 1
        X, w = pair_rows(A, names, target, weigh)
        X /= sd
        w = np.r_[w, w] * len(w) / w.sum()
        # precis fits two softmax columns: one binary column at C' = 2C
        m = LogisticRegression(C=2 * C, fit_intercept=False, max_iter=2000, tol=1e-6)
        m.fit(np.vstack([X, -X]), np.r_[np.ones(len(X)), np.zeros(len(X))], sample_weight=w)
        coef = m.coef_[0] / sd
        return lambda a: a.F @ coef
    return make


def top_hl(k):
    def target(a):
        y, g = np.zeros(len(a.words)), np.where(a.active, a.hlg, -1)
        if g.max() > 0:
            y[np.argsort(-g)[:k]] = 1
        return y
    return target


def gbm(A, names):
    from sklearn.ensemble import HistGradientBoostingClassifier
    X = np.vstack([A[n].F[A[n].active] for n in names])
    y = np.concatenate([A[n].ext[A[n].active] for n in names])
    m = HistGradientBoostingClassifier(max_iter=200, learning_rate=0.05, max_leaf_nodes=15,
                                       random_state=0)
    m.fit(X, y)
    return lambda a: m.predict_proba(a.F)[:, 1]


def with_interactions(names):
    ix = {f: i for i, f in enumerate(names)}

    def add(a):
        L = np.log1p(a.active.sum())
        extra = [a.F[:, ix[f]] * L for f in ("position", "lead", "first", "paragraph_lead", "length")]
        extra += [a.F[:, ix["lead"]] * a.F[:, ix["length"]], a.F[:, ix["headline"]] * a.F[:, ix["lead"]]]
        a.F = np.hstack([a.F, np.array(extra).T])
    return add


def variant(name, names):
    """(scorer maker, selection overshoot, article transform or None, selection
    options). A suffix +words<p> selects as precis does at a word length
    since the word-length selection: length penalty p, an overshooting unit
    only after every unit taken; +wordsany<p> the penalty alone."""
    if "+" in name:
        head, sel = name.split("+", 1)
        make, overshoot, transform, _ = variant(head, names)
        if sel.startswith("wordsany"):
            return make, overshoot, transform, {"penalty": float(sel[8:]), "last_only": False}
        if sel.startswith("words"):
            return make, overshoot, transform, {"penalty": float(sel[5:]), "last_only": True}
        raise SystemExit(f"unknown selection {sel}")
    return variant_model(name, names) + ({},)


def variant_model(name, names):
    """(scorer maker, selection overshoot, article transform or None)"""
    if name == "base":
        return pairwise(), 0.3, None
    if name == "lead":
        return (lambda A, tr: lambda a: -np.arange(len(a.words), dtype=float)), 0.3, None
    if name.startswith("c"):
        return pairwise(C=float(name[1:])), 0.3, None
    if name.startswith("overshoot"):
        return pairwise(), float(name[9:]), None
    if name.startswith("graded"):
        lam = float(name[6:])
        return pairwise(target=lambda a: a.ext + lam * a.hlg / (a.hlg.max() or 1)), 0.3, None
    if name.startswith("tophl"):
        return pairwise(target=top_hl(int(name[5:]))), 0.3, None
    if name == "union":
        return pairwise(target=lambda a: np.maximum(a.ext, top_hl(2)(a))), 0.3, None
    if name.startswith("pairweight"):
        lam = float(name[10:])
        return pairwise(weigh=lambda a, p, q: np.exp(
            lam * (a.hlg[p] - a.hlg[q]) / (a.hlg.max() or 1))), 0.3, None
    if name == "gbm":
        return gbm, 0.3, None
    if name == "interactions":
        return pairwise(), 0.3, with_interactions(names)
    if name.startswith("z:"):
        cols = [names.index(f) for f in name[2:].split(",")]

        def zs(a):
            X = np.zeros((len(a.words), len(cols)))
            act = a.active
            if act.any():
                v = a.F[act][:, cols]
                sd = v.std(0)
                X[act] = np.where(sd > 1e-12, (v - v.mean(0)) / np.where(sd > 1e-12, sd, 1), 0)
            a.F = np.hstack([a.F, X])
        return pairwise(), 0.3, zs
    if name.startswith("drop:") or name.startswith("only:"):
        listed = name[5:].split(",") if len(name) > 5 else []
        unknown = [f for f in listed if f not in names]
        if unknown:
            raise SystemExit(f"unknown features {unknown}")
        keep = [i for i, f in enumerate(names) if (f in listed) == name.startswith("only:")]

        def pick(a):
            a.F = a.F[:, keep]
        return pairwise(), 0.3, pick
    raise SystemExit(f"unknown variant {name}")


def main():
    folds = [load(k) for k in range(5)]
    names = folds[0][0]
    which = sys.argv[4:] or ["base", "lead", "c0.03", "c10", "overshoot0.2", "overshoot0.5",
                             "graded0.5", "tophl2", "union", "pairweight1", "pairweight2",
                             "gbm", "interactions", "base+words0", "base+words0.5",
                             "base+wordsany0.5", "pairweight1+words0", "pairweight1+words0.3",
                             "pairweight1+words0.4", "pairweight1+words0.5", "pairweight1+words0.6",
                             "pairweight1+words0.8", "pairweight1+wordsany0.5"]
    print("variant\textracts_r1\textracts_r2\thighlights_r1\thighlights_r2")
    for v in which:
        make, overshoot, transform, sel = variant(v, names)
        got = {"ref": [], "hl": []}
        for k, (_, A) in enumerate(folds):
            held = [n for n in A if (int(n) // 2) % 5 == k]
            fit = [n for n in A if (int(n) // 2) % 5 != k]
            if transform:
                A = {n: copy.copy(a) for n, a in A.items()}
                for a in A.values():
                    transform(a)
            score = make(A, fit)
            for w in got:
                got[w].append(np.mean([rouge12(A[n], select(A[n], score(A[n]), A[n].refs[w][0],
                                                            overshoot, **sel), w) for n in held], 0))
        e, h = np.mean(got["ref"], 0), np.mean(got["hl"], 0)
        print(f"{v}\t{e[0]:.5f}\t{e[1]:.5f}\t{h[0]:.5f}\t{h[1]:.5f}", flush=True)


if __name__ == "__main__":
    main()
