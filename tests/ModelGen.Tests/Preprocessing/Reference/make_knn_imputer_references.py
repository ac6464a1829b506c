#!/usr/bin/python3
"""Regenerates knn_imputer_references.json: scikit-learn 1.2's KNNImputer on standardized breast cancer with gaps. A seeded tenth of
the cells is removed (and all but three columns of two rows, so a row can share little with its neighbours); the
first 400 rows fit the imputer, which then imputes them and the other 169. Cases: k = 5 uniform, k = 3 distance-weighted,
k = 1; the filled cells are stored. KNearestNeighborsImputerTests imputes the same rows and compares within 1e-6
(relative).

Needs Debian's python3-sklearn; the tests never run Python. Run from this folder:
/usr/bin/python3 make_knn_imputer_references.py
"""
import json
import os

import numpy as np
import sklearn
from sklearn.impute import KNNImputer

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "..")
with open(os.path.join(ROOT, "samples/BreastCancer/data/breast_cancer.csv")) as f:
    header = f.readline().strip().split(",")
    rows = [line.strip().split(",") for line in f if line.strip()]
at = header.index("diagnosis")
x = np.array([[float(v) for i, v in enumerate(r) if i != at] for r in rows], dtype=np.float32)
rng = np.random.RandomState(11)
gaps = rng.rand(*x.shape) < 0.1
gaps[7, 3:] = True
gaps[450, :-3] = True
x[gaps] = np.nan
# Standardized with the training rows' NaN-aware statistics, as one would before a distance-based imputer: on raw
# columns of size 1e3 scikit-learn's expanded distance (|x|² − 2x·y + |y|²) loses five digits for near neighbours,
# which the inverse-distance weights then show.
x = ((x - np.nanmean(x[:400], axis=0)) / np.nanstd(x[:400], axis=0)).astype(np.float32)
train, test = x[:400], x[400:]
cases = []
for name, params in [("k5_uniform", dict(n_neighbors=5, weights="uniform")), ("k3_distance", dict(n_neighbors=3, weights="distance")),
                     ("k1", dict(n_neighbors=1))]:
    imputer = KNNImputer(**params).fit(train.astype(np.float64))
    # Only the filled cells, in row-major order: the others are the input.
    cases.append({"name": name, "params": params,
                  "train": imputer.transform(train.astype(np.float64))[np.isnan(train)].tolist(),
                  "test": imputer.transform(test.astype(np.float64))[np.isnan(test)].tolist()})


def boundary_ties(fit, rows, k):
    """Cells whose k-th and (k+1)-th nearest donors are equally far: scikit-learn's argpartition picks among them in an
    order of its own, so the reference must have none."""
    count = 0
    width = fit.shape[1]
    for row in rows:
        for c in np.flatnonzero(np.isnan(row)):
            donors = fit[~np.isnan(fit[:, c])]
            common = ~np.isnan(row) & ~np.isnan(donors)
            n = common.sum(axis=1)
            d = np.where(n > 0, width / np.maximum(n, 1) * np.nansum(np.where(common, (donors - row) ** 2, 0), axis=1), np.inf)
            d = np.sort(d)
            count += len(d) > k and d[k - 1] == d[k]
    return count


ties = sum(boundary_ties(train.astype(np.float64), part.astype(np.float64), k) for part in (train, test) for k in (1, 3, 5))
assert ties == 0, f"{ties} cells have tied neighbours at the k-th place"

with open("knn_imputer_references.json", "w") as out:
    json.dump({"sklearn": sklearn.__version__, "width": x.shape[1], "trainRows": 400,
               "data": [None if np.isnan(v) else float(v) for v in x.ravel()], "cases": cases}, out)
    out.write("\n")
print("missing cells:", int(gaps.sum()), "of", gaps.size)
