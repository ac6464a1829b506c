#!/usr/bin/python3
"""Regenerates svm_references.json: scikit-learn 1.2's SVC (libsvm's SMO) on standardized breast cancer, one stored
80/20 stratified split, for each kernel: the decision function on the test rows, the number of support vectors, the
intercept and the test ROC-AUC; the RBF machine's test probabilities with probability=True; every kernel again at tolerance 1e-5 on breast cancer and on digits 5-vs-rest (the
decision function and the training rows that are support vectors, for the parity at a tolerance where two solvers must
agree); and OneClassSVM as an anomaly detector (benign rows and every tenth malignant one).
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


def load(path, label, positive):
    with open(os.path.join(ROOT, path)) as f:
        names = f.readline().strip().split(",")
        table = [line.strip().split(",") for line in f if line.strip()]
    column = names.index(label)
    features = np.array([[float(v) for i, v in enumerate(r) if i != column] for r in table], dtype=np.float32)
    return features, np.array([1 if r[column] == positive else 0 for r in table], dtype=np.int64)


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

# Probabilities: SVC(probability=True) fits libsvm's Platt sigmoid on five-fold cross-validated decision values (its own
# random folds, so ModelGen's seeded folds give a close, not equal, sigmoid).
probable = SVC(kernel="rbf", C=1.0, gamma="scale", probability=True, random_state=0).fit(xt, y[train])
probability = {"proba": probable.predict_proba(xs)[:, 1].tolist(), "probA": float(probable.probA_[0]), "probB": float(probable.probB_[0])}

# Parity at tolerance 1e-5: each kernel on breast cancer (the split above) and on digits 5-vs-rest (its own stored
# 80/20 stratified split), standardized on the training rows.
digits_x, digits_y = load("samples/DigitFive/data/digits.csv", "digit", "5")
digits_train, digits_test = train_test_split(np.arange(len(digits_y)), test_size=0.2, stratify=digits_y, random_state=42)
digits_train, digits_test = np.sort(digits_train), np.sort(digits_test)
digits_scaler = StandardScaler().fit(digits_x[digits_train])
sets = {"cancer": (xt, y[train], xs), "digits": (digits_scaler.transform(digits_x[digits_train]).astype(np.float32).astype(np.float64),
                                             digits_y[digits_train],
                                             digits_scaler.transform(digits_x[digits_test]).astype(np.float32).astype(np.float64))}
parity = []
for data_name, (fit_x, fit_y, test_x) in sets.items():
    for name, params in [("linear", dict(kernel="linear", C=0.1)), ("rbf", dict(kernel="rbf", C=1.0, gamma="scale")),
                         ("poly", dict(kernel="poly", C=1.0, degree=3, gamma="scale", coef0=1.0)),
                         ("sigmoid", dict(kernel="sigmoid", C=0.5, gamma=0.01, coef0=0.0))]:
        model = SVC(tol=1e-5, shrinking=True, **params).fit(fit_x, fit_y)
        parity.append({"data": data_name, "name": name, "params": params, "gamma": float(model._gamma),
                       "support": sorted(int(i) for i in model.support_), "decision": model.decision_function(test_x).tolist()})

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
               "digits": {"train": digits_train.tolist(), "test": digits_test.tolist(), "scalerMean": digits_scaler.mean_.tolist(),
                          "scalerScale": digits_scaler.scale_.tolist()},
               "parity": parity, "probability": probability,
               "oneClass": {"rows": rows.tolist(), "scalerMean": one_scaler.mean_.tolist(), "scalerScale": one_scaler.scale_.tolist(), "cases": one_class}}, out)
    out.write("\n")
for c in cases:
    print(c["name"], "SVs", c["supportVectors"], "intercept", round(c["intercept"], 5), "AUC", round(c["auc"], 5))
for c in parity:
    print("parity", c["data"], c["name"], "SVs", len(c["support"]))
for c in one_class:
    print("one-class", c["name"], "SVs", c["supportVectors"], "AUC", round(c["auc"], 5))
