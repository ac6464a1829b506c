#!/usr/bin/python3
"""scikit-learn 1.2's KNNImputer (k = 5) beside ImputationBenchmarks, on a table built the same way in spirit:
standardized breast-cancer rows repeated to 60,000 with noise, 5% of the rows missing one to three cells (NumPy's
seeded generator, so not the same cells as the C# table). Fit and transform every row; one thread.
    OMP_NUM_THREADS=1 /usr/bin/python3 imputer.py REPOSITORY_ROOT [--runs N]
"""
import json
import statistics
import sys
import time

import numpy as np
import sklearn
from sklearn.impute import KNNImputer
from sklearn.preprocessing import StandardScaler

root = sys.argv[1]
runs = int(sys.argv[sys.argv.index("--runs") + 1]) if "--runs" in sys.argv else 3
with open(f"{root}/samples/BreastCancer/data/breast_cancer.csv") as f:
    header = f.readline().strip().split(",")
    rows = [line.strip().split(",") for line in f if line.strip()]
at = header.index("diagnosis")
x = StandardScaler().fit_transform(np.array([[float(v) for i, v in enumerate(r) if i != at] for r in rows], dtype=np.float32))
rng = np.random.RandomState(17)
table = (x[rng.randint(len(x), size=60000)] + 0.05 * (rng.rand(60000, 30) - 0.5)).astype(np.float32)
for r in np.flatnonzero(rng.rand(60000) < 0.05):
    table[r, rng.randint(30, size=1 + rng.randint(3))] = np.nan
times = []
for _ in range(runs):
    start = time.perf_counter()
    KNNImputer(n_neighbors=5).fit_transform(table)
    times.append(time.perf_counter() - start)
print(json.dumps({"sklearn": sklearn.__version__, "knn_imputer_60000x30_s": statistics.median(times), "rows_with_gaps": int(np.isnan(table).any(axis=1).sum())}, indent=1))
