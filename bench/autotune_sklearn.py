#!/usr/bin/python3
"""The peer of precis-train --autotune: scikit-learn's GridSearchCV over the
same space (stop words x n-grams x min-df x max-df x sublinear tf x class
weights x C, a TfidfVectorizer + multinomial LogisticRegression pipeline, so
the vectorizer is refitted per fold as precis does), stratified 3-fold.

The whole grid (320 candidates, 960 fits) takes far too long to run here, so
a sample of it is run with GridSearchCV itself, timed (wall and this
process's CPU: with N_JOBS 1 every fit runs in this process), and the whole
grid's time extrapolated from the mean time per candidate (the sample mixes
cheap and dear candidates: unigrams and 1-2-grams, C low and high).

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


FULL_GRID = {
    "tfidf__stop_words": [None, "english"],
    "tfidf__ngram_range": [(1, 1), (1, 2)],
    "tfidf__min_df": [1, 2],
    "tfidf__max_df": [1.0, 0.5],
    "tfidf__sublinear_tf": [True, False],
    "clf__class_weight": [None, "balanced"],
    "clf__C": [1, 3, 10, 30, 100],
}
# The sample timed: the defaults' corner and the opposite tokenization, at
# the cheapest and the dearest C.
SAMPLE_GRID = {
    "tfidf__stop_words": [None, "english"],
    "tfidf__ngram_range": [(1, 1), (1, 2)],
    "tfidf__sublinear_tf": [True],
    "clf__C": [1, 100],
}


def grid_size(grid):
    n = 1
    for values in grid.values():
        n *= len(values)
    return n


def main():
    train, n_jobs = sys.argv[1], int(sys.argv[2])
    texts, labels = read_tree(train)
    pipe = Pipeline([
        ("tfidf", TfidfVectorizer(sublinear_tf=True)),
        ("clf", LogisticRegression(max_iter=1000)),  # lbfgs, multinomial: precis's objective
    ])
    folds = StratifiedKFold(n_splits=3, shuffle=True, random_state=20061)
    search = GridSearchCV(pipe, SAMPLE_GRID, cv=folds, n_jobs=n_jobs, refit=False)
    t0, c0 = time.perf_counter(), time.process_time()
    search.fit(texts, labels)
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    n_sample = grid_size(SAMPLE_GRID)
    per_candidate = seconds / n_sample
    res = search.cv_results_
    print(json.dumps({
        "documents": len(texts),
        "n_jobs": n_jobs,
        "sample_candidates": n_sample,
        "sample_seconds": seconds,
        "sample_cpu_seconds": cpu,
        "cpu_seconds_per_candidate": cpu / n_sample,
        "seconds_per_candidate": per_candidate,
        "full_grid_candidates": grid_size(FULL_GRID),
        "full_grid_seconds_extrapolated": per_candidate * grid_size(FULL_GRID),
        "sample": [{"params": {k: str(v) for k, v in p.items()}, "cv_mean": m, "cv_sd": s}
                   for p, m, s in zip(res["params"], res["mean_test_score"],
                                      res["std_test_score"])],
    }))


if __name__ == "__main__":
    main()
