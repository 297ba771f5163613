#!/usr/bin/env python3
"""Writes tests/fixtures/logreg/: small sparse classification problems and the
optimum that scikit-learn's LogisticRegression(multi_class="multinomial",
solver="lbfgs") reaches on them, for tests/test_logreg.c.

Each problem is deterministic from its seed. The objective is the one precis
minimizes, computed here from scikit-learn's coef_ and intercept_:

    C * sum_i s_i * (logsumexp_k z_ik - z_i,y_i) + ||W||_F^2 / 2,   z = X W + b

with s_i = 1, or n / (K * n_{y_i}) for class_weight="balanced". Each optimum
is checked against two other minimizations (scikit-learn's newton-cg, and
scipy's L-BFGS-B on the formula itself) before it is written. lbfgs stops on
a relative decrease of 64 machine epsilons, which can leave it ~1e-9 above
the optimum, so the lowest of the three is recorded too: the tests compare
with scikit-learn's lbfgs value, and check that precis does not go below the
best known optimum (which would mean it computes a different objective).

Usage: /usr/bin/python3 tests/gen_logreg_expected.py   (from anywhere)

Files, for problem NAME:
  NAME.csr       "n_rows n_cols nnz n_classes", then one line per document:
                 "label nnz col:value col:value ..." (0-based columns,
                 values written with 17 significant digits)
  NAME.expected  one line per fit: "fit C balanced lbfgs_objective best_objective"
"""
import os
import warnings

import numpy as np
import scipy.optimize
import scipy.sparse as sp
from scipy.special import logsumexp
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "fixtures", "logreg")


def make_problem(seed, n, d, K, density, class_logits):
    """Sparse nonnegative rows, L2-normalized like TF-IDF, one left empty;
    labels drawn from a random linear model plus Gumbel noise (so the
    classes overlap and the optimum is finite)."""
    rng = np.random.RandomState(seed)
    X = sp.random(n, d, density=density, random_state=rng, format="csr")
    X.data = 0.1 + X.data
    X = sp.csr_matrix(X.multiply(1.0 / np.maximum(sp.linalg.norm(X, axis=1), 1e-300)[:, None]))
    X = X.tolil()
    X[n // 2, :] = 0  # an empty document
    X = sp.csr_matrix(X)
    X.eliminate_zeros()
    X.sort_indices()
    W = 3.0 * rng.randn(d, K)
    scores = X @ W + rng.gumbel(size=(n, K)) + np.asarray(class_logits)
    y = np.argmax(scores, axis=1)
    assert len(np.unique(y)) == K, "every class must have documents"
    return X, y


def sample_weights(y, K, balanced):
    if not balanced:
        return np.ones(len(y))
    counts = np.bincount(y, minlength=K)
    return len(y) / (K * counts[y])


def objective(X, y, W, b, C, s):
    Z = X @ W + b
    return C * np.sum(s * (logsumexp(Z, axis=1) - Z[np.arange(len(y)), y])) + 0.5 * np.sum(W * W)


def sklearn_optimum(X, y, K, C, balanced, solver="lbfgs"):
    m = LogisticRegression(C=C, multi_class="multinomial", solver=solver, tol=1e-12,
                           max_iter=100000, class_weight="balanced" if balanced else None)
    m.fit(X, y)
    if K == 2:
        # scikit-learn keeps only the second class's row; the multinomial
        # optimum is symmetric (W_0 = -W_1), which predict_proba relies on too.
        W = np.vstack([-m.coef_[0], m.coef_[0]]).T
        b = np.array([-m.intercept_[0], m.intercept_[0]])
    else:
        W = m.coef_.T
        b = m.intercept_
    Z = X @ W + b
    P = np.exp(Z - logsumexp(Z, axis=1)[:, None])
    assert np.allclose(P, m.predict_proba(X), rtol=0, atol=1e-12)
    return objective(X, y, W, b, C, sample_weights(y, K, balanced))


def independent_optimum(X, y, K, C, balanced):
    """L-BFGS-B on the formula itself, with its analytic gradient."""
    n, d = X.shape
    s = sample_weights(y, K, balanced)
    Y = np.zeros((n, K))
    Y[np.arange(n), y] = 1

    def fg(theta):
        W = theta[: d * K].reshape(d, K)
        b = theta[d * K:]
        Z = X @ W + b
        lse = logsumexp(Z, axis=1)
        P = np.exp(Z - lse[:, None])
        R = C * s[:, None] * (P - Y)
        f = C * np.sum(s * (lse - Z[np.arange(n), y])) + 0.5 * np.sum(W * W)
        g = np.concatenate([(X.T @ R + W).ravel(), R.sum(axis=0)])
        return f, g

    res = scipy.optimize.minimize(fg, np.zeros((d + 1) * K), jac=True, method="L-BFGS-B",
                                  options={"maxiter": 100000, "gtol": 1e-11, "ftol": 1e-16,
                                           "maxcor": 30})
    return res.fun


def write_problem(name, X, y, K):
    n, d = X.shape
    with open(os.path.join(OUT, name + ".csr"), "w") as f:
        f.write("%d %d %d %d\n" % (n, d, X.nnz, K))
        for i in range(n):
            lo, hi = X.indptr[i], X.indptr[i + 1]
            cells = " ".join("%d:%.17g" % (X.indices[p], X.data[p]) for p in range(lo, hi))
            f.write(("%d %d %s" % (y[i], hi - lo, cells)).rstrip() + "\n")


def main():
    os.makedirs(OUT, exist_ok=True)
    problems = [
        # name, seed, n, d, K, density, class logits, fits (C, balanced)
        ("three", 20240601, 60, 40, 3, 0.2, [0.8, 0.2, -0.6],
         [(1.0, 0), (10.0, 1), (0.1, 0)]),
        ("two", 20240602, 50, 30, 2, 0.25, [0.5, -0.5], [(1.0, 0), (5.0, 1)]),
    ]
    for name, seed, n, d, K, density, logits, fits in problems:
        X, y = make_problem(seed, n, d, K, density, logits)
        write_problem(name, X, y, K)
        with open(os.path.join(OUT, name + ".expected"), "w") as f:
            for C, balanced in fits:
                sk = sklearn_optimum(X, y, K, C, balanced)
                with warnings.catch_warnings():
                    # tol=1e-12 is below what newton-cg's own test can certify;
                    # it is only a cross-check, compared just below.
                    warnings.simplefilter("ignore", ConvergenceWarning)
                    ncg = sklearn_optimum(X, y, K, C, balanced, solver="newton-cg")
                ref = independent_optimum(X, y, K, C, balanced)
                best = min(sk, ncg, ref)
                for other in (sk, ncg, ref):
                    assert (other - best) / best < 1e-8, (name, C, balanced, sk, ncg, ref)
                f.write("fit %r %d %.17g %.17g\n" % (C, balanced, sk, best))
                print("%s C=%g balanced=%d: lbfgs %.15g newton-cg %+.1e L-BFGS-B %+.1e"
                      % (name, C, balanced, sk, (ncg - sk) / sk, (ref - sk) / sk))


if __name__ == "__main__":
    main()
