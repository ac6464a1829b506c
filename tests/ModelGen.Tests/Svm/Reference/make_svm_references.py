#!/usr/bin/python3
"""Regenerates svm_references.json: scikit-learn 1.2's SVC (libsvm's SMO) on standardized breast cancer, one stored
80/20 stratified split, for each kernel: the decision function on the test rows, the number of support vectors, the
intercept and the test ROC-AUC; and OneClassSVM as an anomaly detector (benign rows and every tenth malignant one).
SvmReferenceTests trains ModelGen's SvmModel and OneClassSvmModel with the same settings and compares.

Needs Debian's python3-sklearn (apt-get install python3-sklearn); the tests never run Python.
Run from this folder: /usr/bin/python3 make_svm_references.py
"""
import json
import os

import numpy as np
import sklearn
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC, OneClassSVM

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "..")

with open(os.path.join(ROOT, "samples/BreastCancer/data/breast_cancer.csv")) as f:
    header = f.readline().strip().split(",")
    rows = [line.strip().split(",") for line in f if line.strip()]
at = header.index("diagnosis")
x = np.array([[float(v) for i, v in enumerate(r) if i != at] for r in rows], dtype=np.float32)
y = np.array([1 if r[at] == "M" else 0 for r in rows], dtype=np.int64)
train, test = train_test_split(np.arange(len(y)), test_size=0.2, stratify=y, random_state=42)
train, test = np.sort(train), np.sort(test)
scaler = StandardScaler().fit(x[train])
xt = scaler.transform(x[train]).astype(np.float32).astype(np.float64)
xs = scaler.transform(x[test]).astype(np.float32).astype(np.float64)

cases = []
for name, params in [
    ("rbf", dict(kernel="rbf", C=1.0, gamma="scale")),
    ("rbf_c10_auto", dict(kernel="rbf", C=10.0, gamma="auto")),
    ("linear", dict(kernel="linear", C=0.1)),
    ("poly", dict(kernel="poly", C=1.0, degree=3, gamma="scale", coef0=1.0)),
    ("sigmoid", dict(kernel="sigmoid", C=0.5, gamma=0.01, coef0=0.0)),
    ("rbf_balanced", dict(kernel="rbf", C=1.0, gamma="scale", class_weight="balanced")),
]:
    model = SVC(tol=1e-3, shrinking=True, **params).fit(xt, y[train])
    decision = model.decision_function(xs)
    cases.append({
        "name": name,
        "params": {k: v for k, v in params.items()},
        "gamma": float(model._gamma),
        "supportVectors": int(model.n_support_.sum()),
        "intercept": float(model.intercept_[0]),
        "decision": decision.tolist(),
        "auc": float(roc_auc_score(y[test], decision)),
    })

# The one-class SVM as an anomaly detector, as the isolation forest's reference: benign tumours the normal class, every
# tenth malignant one an anomaly; standardized on those rows; score = -decision_function (high for anomalies).
rows = np.array([i for i in range(len(y)) if y[i] == 0 or i % 10 == 0])
one_scaler = StandardScaler().fit(x[rows])
xo = one_scaler.transform(x[rows]).astype(np.float32).astype(np.float64)
one_class = []
for name, params in [("rbf_nu05", dict(kernel="rbf", nu=0.05, gamma="scale")), ("rbf_nu30", dict(kernel="rbf", nu=0.3, gamma="scale")),
                     ("poly_nu10", dict(kernel="poly", nu=0.1, degree=2, gamma="scale", coef0=1.0))]:
    model = OneClassSVM(tol=1e-3, shrinking=True, **params).fit(xo)
    decision = model.decision_function(xo)
    one_class.append({"name": name, "params": params, "supportVectors": int(len(model.support_)), "decision": decision.tolist(),
                      "auc": float(roc_auc_score(y[rows], -decision))})

with open("svm_references.json", "w") as out:
    json.dump({"sklearn": sklearn.__version__, "train": train.tolist(), "test": test.tolist(),
               "scalerMean": scaler.mean_.tolist(), "scalerScale": scaler.scale_.tolist(), "cases": cases,
               "oneClass": {"rows": rows.tolist(), "scalerMean": one_scaler.mean_.tolist(), "scalerScale": one_scaler.scale_.tolist(), "cases": one_class}}, out)
    out.write("\n")
for c in cases:
    print(c["name"], "SVs", c["supportVectors"], "intercept", round(c["intercept"], 5), "AUC", round(c["auc"], 5))
for c in one_class:
    print("one-class", c["name"], "SVs", c["supportVectors"], "AUC", round(c["auc"], 5))
