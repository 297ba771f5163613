#!/usr/bin/python3
"""The scikit-learn side of the benchmarks: read a label-folder corpus with the
same decoding rules as precis (UTF-8 if valid, else Latin-1), vectorize with
TfidfVectorizer(sublinear_tf=True), and optionally fit LogisticRegression and
score a test corpus. Whole process is what the benchmark times."""
import argparse
import os
import time


def read_tree(root):
    docs, labels = [], []
    for label in sorted(os.listdir(root)):
        folder = os.path.join(root, label)
        if label.startswith(".") or not os.path.isdir(folder):
            continue
        for name in sorted(os.listdir(folder)):
            if name.startswith("."):
                continue
            raw = open(os.path.join(folder, name), "rb").read()
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                text = raw.decode("latin-1")
            docs.append(text.lstrip("\ufeff").replace("\0", " "))
            labels.append(label)
    return docs, labels


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("train")
    ap.add_argument("--test")
    ap.add_argument("--fit", action="store_true")
    ap.add_argument("--C", type=float, default=10.0)
    ap.add_argument("--max-iter", type=int, default=100)
    ap.add_argument("--min-df", type=int, default=1)
    args = ap.parse_args()
    t0 = time.time()
    docs, labels = read_tree(args.train)
    from sklearn.feature_extraction.text import TfidfVectorizer
    vec = TfidfVectorizer(sublinear_tf=True, min_df=args.min_df)
    X = vec.fit_transform(docs)
    print("documents %d terms %d nonzeros %d (%.2fs)" % (X.shape[0], X.shape[1], X.nnz, time.time() - t0))
    if not args.fit:
        return
    from sklearn.linear_model import LogisticRegression
    clf = LogisticRegression(C=args.C, max_iter=args.max_iter)
    clf.fit(X, labels)
    print("fit %d iterations (%.2fs)" % (clf.n_iter_[0], time.time() - t0))
    if args.test:
        tdocs, tlabels = read_tree(args.test)
        acc = (clf.predict(vec.transform(tdocs)) == tlabels).mean()
        print("test accuracy %.4f" % acc)


if __name__ == "__main__":
    main()
