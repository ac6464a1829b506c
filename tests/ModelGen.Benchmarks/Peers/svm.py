#!/usr/bin/python3
"""scikit-learn 1.2's SVC (libsvm, RBF, C 1, gamma scale) beside SvmBenchmarks: fit on standardized breast cancer and
digits 5-vs-rest, and one-row decision_function. Prints one JSON object of medians over --runs.
    /usr/bin/python3 svm.py REPOSITORY_ROOT [--runs N]
"""
import json
import statistics
import sys
import time

import numpy as np
import sklearn
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC


def load(path, label, positive):
    with open(path) as f:
        header = f.readline().strip().split(",")
        rows = [line.strip().split(",") for line in f if line.strip()]
    at = header.index(label)
    x = np.array([[float(v) for i, v in enumerate(r) if i != at] for r in rows], dtype=np.float32)
    y = np.array([1 if r[at] == positive else 0 for r in rows])
    return StandardScaler().fit_transform(x), y


root = sys.argv[1]
runs = int(sys.argv[sys.argv.index("--runs") + 1]) if "--runs" in sys.argv else 15
result = {"sklearn": sklearn.__version__}
for name, (x, y) in {"cancer": load(f"{root}/samples/BreastCancer/data/breast_cancer.csv", "diagnosis", "M"),
                     "digits": load(f"{root}/samples/DigitFive/data/digits.csv", "digit", "5")}.items():
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        model = SVC().fit(x, y)
        times.append(time.perf_counter() - start)
    result[f"fit_{name}_ms"] = statistics.median(times) * 1000
    if name == "cancer":
        one = x[:1]
        for _ in range(100):
            model.decision_function(one)
        start = time.perf_counter()
        for _ in range(2000):
            model.decision_function(one)
        result["predict1_us"] = (time.perf_counter() - start) / 2000 * 1e6
print(json.dumps(result, indent=1))
