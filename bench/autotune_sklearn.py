#!/usr/bin/python3
"""The peer of precis-train --autotune: scikit-learn's GridSearchCV over the
same space, stratified 3-fold, the vectorizer refitted per fold as precis
does: a TfidfVectorizer + LinearSVC (squared hinge, one-vs-rest: precis's
squared-hinge loss) grid over stop words x n-grams x one-character tokens x
min-df x max-df x sublinear tf x class weights x C (0.3, 1, 3), and a
TfidfVectorizer + multinomial LogisticRegression grid over the same features
x C (1, 3, 10, 30, 100).

The whole space (384 + 640 candidates) takes far too long to run here, so a
sample of each grid is run with GridSearchCV itself, timed (wall and this
process's CPU: with N_JOBS 1 every fit runs in this process), and the whole
space's time extrapolated from each sample's mean time per candidate. The
logistic sample is its cheapest corner (unigrams, C = 1), so its share of the
extrapolation is a lower bound.

Usage: autotune_sklearn.py TRAIN_DIR N_JOBS  ->  one JSON object on stdout
"""
import json
import os
import sys
import time

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV, StratifiedKFold
from sklearn.pipeline import Pipeline
from sklearn.svm import LinearSVC


def read_tree(root):
    texts, labels = [], []
    for label in sorted(os.listdir(root)):
        folder = os.path.join(root, label)
        for name in sorted(os.listdir(folder)):
            with open(os.path.join(folder, name), "rb") as f:
                raw = f.read()
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                text = raw.decode("cp1252", errors="replace")
            texts.append(text)
            labels.append(label)
    return texts, labels


FEATURES = {
    "tfidf__stop_words": [None, "english"],
    "tfidf__ngram_range": [(1, 1), (1, 2)],
    "tfidf__token_pattern": [r"(?u)\b\w\w+\b", r"(?u)\b\w+\b"],
    "tfidf__min_df": [1, 2],
    "tfidf__max_df": [1.0, 0.5],
    "tfidf__sublinear_tf": [True, False],
}
SVM_GRID = dict(FEATURES, **{"clf__class_weight": [None, "balanced"], "clf__C": [0.3, 1, 3]})
LR_GRID = dict(FEATURES, **{"clf__class_weight": [None, "balanced"],
                            "clf__C": [1, 3, 10, 30, 100]})
# The samples timed: the defaults' corner and the opposite tokenization at
# the cheapest and the dearest C for the SVMs; the cheapest logistic corner.
SVM_SAMPLE = {
    "tfidf__stop_words": [None, "english"],
    "tfidf__ngram_range": [(1, 1), (1, 2)],
    "tfidf__sublinear_tf": [True],
    "clf__C": [0.3, 3],
}
LR_SAMPLE = {"tfidf__ngram_range": [(1, 1)], "clf__C": [1]}


def grid_size(grid):
    n = 1
    for values in grid.values():
        n *= len(values)
    return n


def timed_search(pipe, grid, texts, labels, n_jobs):
    folds = StratifiedKFold(n_splits=3, shuffle=True, random_state=20061)
    search = GridSearchCV(pipe, grid, cv=folds, n_jobs=n_jobs, refit=False)
    t0, c0 = time.perf_counter(), time.process_time()
    search.fit(texts, labels)
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    res = search.cv_results_
    n = grid_size(grid)
    return {"candidates": n, "seconds": seconds, "cpu_seconds": cpu,
            "cpu_seconds_per_candidate": cpu / n,
            "rows": [{"params": {k: str(v) for k, v in p.items()}, "cv_mean": m, "cv_sd": s}
                     for p, m, s in zip(res["params"], res["mean_test_score"],
                                        res["std_test_score"])]}


def main():
    train, n_jobs = sys.argv[1], int(sys.argv[2])
    texts, labels = read_tree(train)
    svm = timed_search(Pipeline([("tfidf", TfidfVectorizer(sublinear_tf=True)),
                                 ("clf", LinearSVC())]), SVM_SAMPLE, texts, labels, n_jobs)
    lr = timed_search(Pipeline([("tfidf", TfidfVectorizer(sublinear_tf=True)),
                                ("clf", LogisticRegression(max_iter=1000))]),  # multinomial
                      LR_SAMPLE, texts, labels, n_jobs)
    full = (svm["cpu_seconds_per_candidate"] * grid_size(SVM_GRID)
            + lr["cpu_seconds_per_candidate"] * grid_size(LR_GRID))
    print(json.dumps({
        "documents": len(texts),
        "n_jobs": n_jobs,
        "svm_sample": svm,
        "logistic_sample": lr,
        "full_grid_candidates": grid_size(SVM_GRID) + grid_size(LR_GRID),
        "full_grid_cpu_seconds_extrapolated": full,
    }))


if __name__ == "__main__":
    main()
