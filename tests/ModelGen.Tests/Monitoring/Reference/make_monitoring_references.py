#!/usr/bin/python3
"""Regenerates monitoring_references.json. Drift: breast cancer's first 400 rows are the training data, the other 169
the new batch, in which feature 0 is shifted by one training standard deviation and a seeded fifth of feature 1 is
missing; for each feature scipy's two-sample Kolmogorov-Smirnov statistic and asymptotic p-value (ks_2samp,
method="asymp") and the population stability index over the training deciles (edges sorted[(q(n-1)) // 10], q = 1..9,
duplicates dropped; a value's bin is the number of edges at or below it; shares clipped at 1e-4; bins empty on both
sides skipped). Fairness: seeded scores, labels and three groups; Fairlearn's definitions of the per-group rates and the
gaps (demographic parity difference and ratio, equalized odds difference, true positive rate difference) written out
with NumPy (Fairlearn is not packaged in Debian). DriftMonitorTests and FairnessReportTests compare.

Needs Debian's python3-scipy; the tests never run Python. Run from this folder:
/usr/bin/python3 make_monitoring_references.py
"""
import json
import os

import numpy as np
import scipy
from scipy.stats import ks_2samp

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "..")
with open(os.path.join(ROOT, "samples/BreastCancer/data/breast_cancer.csv")) as f:
    header = f.readline().strip().split(",")
    rows = [line.strip().split(",") for line in f if line.strip()]
at = header.index("diagnosis")
x = np.array([[float(v) for i, v in enumerate(r) if i != at] for r in rows], dtype=np.float32)
train, batch = x[:400].copy(), x[400:].copy()
batch[:, 0] += np.float32(train[:, 0].std())
rng = np.random.RandomState(3)
batch[rng.rand(len(batch)) < 0.2, 1] = np.nan


def psi(expected_values, actual_values):
    s = np.sort(expected_values)
    edges = []
    for q in range(1, 10):
        e = s[(q * (len(s) - 1)) // 10]
        if e not in edges:
            edges.append(e)
    def counts(v):
        c = np.zeros(10)
        for value in v:
            c[sum(1 for e in edges if value >= e)] += 1
        return c
    exp, act = counts(s), counts(actual_values)
    total = 0.0
    for e, a in zip(exp, act):
        if e == 0 and a == 0:
            continue
        pe, pa = max(e / len(s), 1e-4), max(a / len(actual_values), 1e-4)
        total += (pa - pe) * np.log(pa / pe)
    return total


features = []
for f in range(x.shape[1]):
    new = batch[:, f][~np.isnan(batch[:, f])]
    result = ks_2samp(train[:, f].astype(np.float64), new.astype(np.float64), method="asymp")
    features.append({"ks": float(result.statistic), "p": float(result.pvalue), "psi": float(psi(train[:, f], new)),
                     "missing": float(np.isnan(batch[:, f]).mean())})

rng = np.random.RandomState(8)
n = 600
groups = np.array(["a", "b", "c"])[rng.randint(3, size=n)]
labels = (rng.rand(n) < np.where(groups == "c", 0.5, 0.3)).astype(np.float32)
scores = np.clip(0.35 * labels + rng.rand(n) * 0.7 + np.where(groups == "b", 0.1, 0.0), 0, 1).astype(np.float32)
predicted = scores >= 0.5
per_group = {}
for g in ["a", "b", "c"]:
    m = groups == g
    tp = np.sum(predicted & (labels == 1) & m); fp = np.sum(predicted & (labels == 0) & m)
    fn = np.sum(~predicted & (labels == 1) & m); tn = np.sum(~predicted & (labels == 0) & m)
    per_group[g] = {"selection": float((tp + fp) / m.sum()), "tpr": float(tp / (tp + fn)), "fpr": float(fp / (fp + tn)), "precision": float(tp / (tp + fp))}
sel = [v["selection"] for v in per_group.values()]
tpr = [v["tpr"] for v in per_group.values()]
fpr = [v["fpr"] for v in per_group.values()]
fairness = {"scores": scores.tolist(), "labels": labels.tolist(), "groups": groups.tolist(), "threshold": 0.5, "perGroup": per_group,
            "demographicParityDifference": max(sel) - min(sel), "demographicParityRatio": min(sel) / max(sel),
            "equalizedOddsDifference": max(max(tpr) - min(tpr), max(fpr) - min(fpr)), "truePositiveRateDifference": max(tpr) - min(tpr)}

with open("monitoring_references.json", "w") as out:
    json.dump({"scipy": scipy.__version__, "trainRows": 400, "shift": float(train[:, 0].std()), "batch": [None if np.isnan(v) else float(v) for v in batch.ravel()],
               "features": features, "fairness": fairness}, out)
    out.write("\n")
print("feature 0: KS", features[0]["ks"], "PSI", features[0]["psi"], "; feature 5: KS", features[5]["ks"], "PSI", features[5]["psi"])
