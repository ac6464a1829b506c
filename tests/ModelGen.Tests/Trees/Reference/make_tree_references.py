#!/usr/bin/python3
"""Regenerates tree_references.json: scikit-learn's and XGBoost's test ROC-AUCs, on stored splits, for the tree models
TreeReferenceTests trains with matched settings; and the splits of a depth-3 decision tree.

Needs Debian's python3-sklearn and python3-xgboost (apt-get install python3-sklearn python3-xgboost); the tests never
run Python. Run from this folder: /usr/bin/python3 make_tree_references.py
Data: the copies the tests ship (samples/BreastCancer/data/breast_cancer.csv, samples/DigitFive/data/digits.csv), and
Fashion-MNIST's IDX files where samples/FashionCnn/fetch-data.sh puts them (shirt, class 6, against the rest, on the
official 60,000 / 10,000 split; one forest seed, since 10,000 test images vary less than the small sets' forests).
Random forests and isolation forests are averaged over five seeds, since one forest's test AUC varies by more than the
tolerance the tests hold ModelGen to. A single tree's splits of equal gain are broken by scikit-learn's random feature
order, so its AUC is stored as the range over 20 random states besides random_state=0's.
"""
import gzip
import json
import os

import numpy as np
import sklearn
import xgboost
from sklearn.ensemble import HistGradientBoostingClassifier, IsolationForest, RandomForestClassifier
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import train_test_split
from sklearn.tree import DecisionTreeClassifier

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "..")


def load(path, label, positive):
    with open(os.path.join(ROOT, path)) as f:
        header = f.readline().strip().split(",")
        rows = [line.strip().split(",") for line in f if line.strip()]
    at = header.index(label)
    x = np.array([[float(v) for i, v in enumerate(r) if i != at] for r in rows], dtype=np.float32)
    y = np.array([1 if r[at] == positive else 0 for r in rows], dtype=np.int64)
    return x, y


def auc(model, x, y, anomaly=False):
    scores = -model.score_samples(x) if anomaly else model.predict_proba(x)[:, 1]
    return float(roc_auc_score(y, scores))


def case(name, x, y, seed=42):
    train, test = train_test_split(np.arange(len(y)), test_size=0.2, stratify=y, random_state=seed)
    train, test = np.sort(train), np.sort(test)
    xt, yt, xs, ys = x[train], y[train], x[test], y[test]
    tree = DecisionTreeClassifier(max_depth=3, random_state=0).fit(xt, yt)
    t = tree.tree_
    forests = [auc(RandomForestClassifier(n_estimators=100, random_state=s, n_jobs=1).fit(xt, yt), xs, ys) for s in range(5)]
    hgb = HistGradientBoostingClassifier(max_iter=100, learning_rate=0.3, max_depth=6, max_leaf_nodes=None, min_samples_leaf=1,
                                         l2_regularization=1.0, max_bins=255, early_stopping=False, random_state=0).fit(xt, yt)
    xgb = xgboost.XGBClassifier(n_estimators=100, max_depth=6, learning_rate=0.3, tree_method="hist", max_bin=256,
                                reg_lambda=1.0, min_child_weight=1.0, n_jobs=1, random_state=0).fit(xt, yt)
    return {
        "name": name,
        "train": train.tolist(),
        "test": test.tolist(),
        "decisionTreeDepth3": auc(tree, xs, ys),
        # Splits of equal gain are broken by scikit-learn's random feature order; these are the AUCs over 20 orders.
        "decisionTreeDepth3Range": [min(a := [auc(DecisionTreeClassifier(max_depth=3, random_state=s).fit(xt, yt), xs, ys) for s in range(20)]), max(a)],
        "decisionTreeDepth3Splits": [{"feature": int(t.feature[i]), "threshold": float(t.threshold[i])} for i in range(t.node_count) if t.feature[i] >= 0],
        "randomForest": float(np.mean(forests)),
        "randomForestSeeds": forests,
        "histGradientBoosting": auc(hgb, xs, ys),
        "xgboostHist": auc(xgb, xs, ys),
    }


cancer_x, cancer_y = load("samples/BreastCancer/data/breast_cancer.csv", "diagnosis", "M")
digits_x, digits_y = load("samples/DigitFive/data/digits.csv", "digit", "5")
cases = [case("breast_cancer", cancer_x, cancer_y), case("digits_5_vs_rest", digits_x, digits_y)]

def idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def fashion(part):
    folder = os.path.join(ROOT, "samples", "FashionCnn", "data")
    x = idx(f"{folder}/{part}-images-idx3-ubyte.gz").reshape(-1, 784).astype(np.float32) / 255.0
    return x, (idx(f"{folder}/{part}-labels-idx1-ubyte.gz") == 6).astype(np.int64)


fx, fy = fashion("train")
fxs, fys = fashion("t10k")
fashion_shirt = {
    "randomForest": auc(RandomForestClassifier(n_estimators=100, random_state=0, n_jobs=1).fit(fx, fy), fxs, fys),
    "histGradientBoosting": auc(HistGradientBoostingClassifier(max_iter=100, learning_rate=0.3, max_depth=6, max_leaf_nodes=None, min_samples_leaf=1,
                                                               l2_regularization=1.0, max_bins=255, early_stopping=False, random_state=0).fit(fx, fy), fxs, fys),
    "xgboostHist": auc(xgboost.XGBClassifier(n_estimators=100, max_depth=6, learning_rate=0.3, tree_method="hist", max_bin=256,
                                             reg_lambda=1.0, min_child_weight=1.0, n_jobs=1, random_state=0).fit(fx, fy), fxs, fys),
}

# Isolation forest as an anomaly detector: benign tumours as the normal class, every tenth malignant one as an anomaly.
rows = np.array([i for i in range(len(cancer_y)) if cancer_y[i] == 0 or i % 10 == 0])
isolation = [auc(IsolationForest(n_estimators=100, random_state=s, contamination=0.05).fit(cancer_x[rows]), cancer_x[rows], cancer_y[rows], anomaly=True) for s in range(5)]

with open("tree_references.json", "w") as out:
    json.dump({"sklearn": sklearn.__version__, "xgboost": xgboost.__version__, "cases": cases,
               "isolationForest": {"rows": rows.tolist(), "auc": float(np.mean(isolation)), "seeds": isolation},
               "fashionShirt": fashion_shirt}, out)
    out.write("\n")
for c in cases:
    print(c["name"], {k: round(v, 4) for k, v in c.items() if isinstance(v, float)})
print("isolation forest", round(float(np.mean(isolation)), 4), [round(v, 4) for v in isolation])
print("fashion shirt", {k: round(v, 4) for k, v in fashion_shirt.items()})
