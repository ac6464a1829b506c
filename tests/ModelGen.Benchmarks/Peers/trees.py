#!/usr/bin/python3
"""Tree-model peers on Fashion-MNIST shirt (class 6) against the rest, one thread each: XGBoost 1.7 hist, scikit-learn 1.2
HistGradientBoostingClassifier and RandomForestClassifier, with the settings of samples/FashionShirt (100 trees, depth 6,
learning rate 0.3, 255 bins, lambda 1) and a 100-tree forest. Prints one JSON object: fit seconds (median of `--runs`),
test ROC-AUC and one-row / 10,000-row prediction times.

Needs Debian's python3-xgboost and python3-sklearn, and the IDX files (samples/FashionCnn/fetch-data.sh).
    OMP_NUM_THREADS=1 /usr/bin/python3 trees.py DATA_DIR [--runs N] [--forest]
"""
import gzip
import json
import statistics
import sys
import time

import numpy as np
import sklearn
import xgboost
from sklearn.ensemble import HistGradientBoostingClassifier, RandomForestClassifier
from sklearn.metrics import roc_auc_score


def idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def load(folder, part):
    x = idx(f"{folder}/{part}-images-idx3-ubyte.gz").reshape(-1, 784).astype(np.float32) / 255.0
    y = (idx(f"{folder}/{part}-labels-idx1-ubyte.gz") == 6).astype(np.int64)
    return x, y


def timed(fit, runs):
    times, model = [], None
    for _ in range(runs):
        start = time.perf_counter()
        model = fit()
        times.append(time.perf_counter() - start)
    return statistics.median(times), model


def predict_times(predict, x):
    one = x[:1]
    for _ in range(20):
        predict(one)
    start = time.perf_counter()
    for _ in range(200):
        predict(one)
    single = (time.perf_counter() - start) / 200
    start = time.perf_counter()
    predict(x[:10000])
    return single, time.perf_counter() - start


folder = sys.argv[1]
runs = int(sys.argv[sys.argv.index("--runs") + 1]) if "--runs" in sys.argv else 1
xt, yt = load(folder, "train")
xs, ys = load(folder, "t10k")
out = {"xgboost": xgboost.__version__, "sklearn": sklearn.__version__}

seconds, xgb = timed(lambda: xgboost.XGBClassifier(n_estimators=100, max_depth=6, learning_rate=0.3, tree_method="hist", max_bin=256,
                                                 reg_lambda=1.0, min_child_weight=1.0, n_jobs=1).fit(xt, yt), runs)
booster = xgb.get_booster()
single, batch = predict_times(lambda x: booster.inplace_predict(x), xs)
out["xgboost_hist"] = {"fit_s": seconds, "auc": roc_auc_score(ys, xgb.predict_proba(xs)[:, 1]), "predict1_us": single * 1e6, "predict10000_ms": batch * 1e3}

seconds, hgb = timed(lambda: HistGradientBoostingClassifier(max_iter=100, learning_rate=0.3, max_depth=6, max_leaf_nodes=None, min_samples_leaf=1,
                                                            l2_regularization=1.0, max_bins=255, early_stopping=False).fit(xt, yt), runs)
single, batch = predict_times(lambda x: hgb.predict_proba(x), xs)
out["hist_gradient_boosting"] = {"fit_s": seconds, "auc": roc_auc_score(ys, hgb.predict_proba(xs)[:, 1]), "predict1_us": single * 1e6, "predict10000_ms": batch * 1e3}

if "--forest" in sys.argv:
    seconds, rf = timed(lambda: RandomForestClassifier(n_estimators=100, n_jobs=1, random_state=0).fit(xt, yt), runs)
    out["random_forest"] = {"fit_s": seconds, "auc": roc_auc_score(ys, rf.predict_proba(xs)[:, 1])}

print(json.dumps(out, indent=1))
