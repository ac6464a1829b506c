#!/usr/bin/python3
"""Regenerates permutation_references.json: scikit-learn 1.2's permutation_importance of a fixed logistic regression
(LogisticRegression(C=1) on four standardized breast-cancer columns that overlap little — mean texture, worst area,
worst smoothness, mean concave points — so each matters; its weights are stored so ModelGen scores the same model)
on the same rows, ROC-AUC, 300 repeats: importances_mean and importances_std per feature. The shuffles are random on
both sides, so the means agree only up to their standard errors (about std/sqrt(300)); PermutationImportanceReferenceTests
allows four of them.

Needs Debian's python3-sklearn; the tests never run Python. Run from this folder:
/usr/bin/python3 make_permutation_references.py
"""
import json
import os

import numpy as np
import sklearn
from sklearn.inspection import permutation_importance
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "..")
with open(os.path.join(ROOT, "samples/BreastCancer/data/breast_cancer.csv")) as f:
    header = f.readline().strip().split(",")
    rows = [line.strip().split(",") for line in f if line.strip()]
at = header.index("diagnosis")
x = np.array([[float(v) for i, v in enumerate(r) if i != at] for r in rows], dtype=np.float32)
y = np.array([1 if r[at] == "M" else 0 for r in rows])
scaler = StandardScaler().fit(x)
COLUMNS = ["mean_texture", "worst_area", "worst_smoothness", "mean_concave_points"]
names = [h for h in header if h != "diagnosis"]
x = x[:, [names.index(c) for c in COLUMNS]]
scaler = StandardScaler().fit(x)
xs = scaler.transform(x).astype(np.float32)
model = LogisticRegression(C=1.0).fit(xs.astype(np.float64), y)
result = permutation_importance(model, xs.astype(np.float64), y, scoring="roc_auc", n_repeats=300, random_state=0)
with open("permutation_references.json", "w") as out:
    json.dump({"sklearn": sklearn.__version__, "columns": COLUMNS, "scalerMean": scaler.mean_.tolist(), "scalerScale": scaler.scale_.tolist(),
               "weights": model.coef_[0].tolist(), "bias": float(model.intercept_[0]), "repeats": 300,
               "mean": result.importances_mean.tolist(), "std": result.importances_std.tolist()}, out)
    out.write("\n")
print("largest", float(result.importances_mean.max()))
