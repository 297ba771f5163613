#!/usr/bin/python3
"""reuters_peers.py TRAIN.jsonl TEST.jsonl - scikit-learn's one-vs-rest peers
on Reuters-21578 ModApte (90 topics), for bench/reuters.sh.

TF-IDF as precis computes it by default (TfidfVectorizer, sublinear tf, no
stop words), fitted on the training split; then one-vs-rest LinearSVC (C=1)
and LogisticRegression (liblinear, C=100), each with scikit-learn's own
decision rule (score > 0, probability > 0.5): no threshold is tuned, on
either split. The fit alone is timed (vectorizing is not), wall and CPU.
Prints one JSON object.
"""
import json
import sys
import time

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.multiclass import OneVsRestClassifier
from sklearn.preprocessing import MultiLabelBinarizer
from sklearn.svm import LinearSVC


def load(path):
    texts, labels = [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            texts.append(r["text"])
            labels.append(r["labels"])
    return texts, labels


def main():
    train_x, train_y = load(sys.argv[1])
    test_x, test_y = load(sys.argv[2])
    vec = TfidfVectorizer(sublinear_tf=True)
    Xtr = vec.fit_transform(train_x)
    Xte = vec.transform(test_x)
    mlb = MultiLabelBinarizer()
    Ytr = mlb.fit_transform(train_y)
    Yte = mlb.transform(test_y)
    out = {"labels": len(mlb.classes_), "train": len(train_x), "test": len(test_x)}
    peers = {
        "sklearn_linearsvc_ovr": LinearSVC(C=1.0),
        "sklearn_logreg_ovr": LogisticRegression(C=100.0, solver="liblinear"),
    }
    for name, est in peers.items():
        clf = OneVsRestClassifier(est)
        t0, c0 = time.perf_counter(), time.process_time()
        clf.fit(Xtr, Ytr)
        fit, cpu = time.perf_counter() - t0, time.process_time() - c0
        pred = clf.predict(Xte)
        out[name] = {
            "fit_seconds": round(fit, 3),
            "fit_cpu_seconds": round(cpu, 3),
            "micro_f1": round(f1_score(Yte, pred, average="micro", zero_division=0), 4),
            "macro_f1": round(f1_score(Yte, pred, average="macro", zero_division=0), 4),
        }
    print(json.dumps(out))


if __name__ == "__main__":
    main()
