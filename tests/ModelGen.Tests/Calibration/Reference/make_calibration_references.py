#!/usr/bin/python3
"""Regenerates calibration_references.json: scikit-learn's Platt scaling, isotonic regression and calibration
curve for the cases CalibrationReferenceTests checks.

Needs Debian's python3-sklearn (apt-get install python3-sklearn); the tests themselves never run Python.
Run from this folder: /usr/bin/python3 make_calibration_references.py
"""
import json

import numpy as np
import sklearn
from sklearn.calibration import _sigmoid_calibration, calibration_curve
from sklearn.isotonic import IsotonicRegression


def case(name, scores, labels, queries, bins):
    scores = np.asarray(scores, dtype=np.float32)
    labels = np.asarray(labels, dtype=np.int64)
    queries = np.asarray(queries, dtype=np.float32)
    a, b = _sigmoid_calibration(scores.astype(np.float64), labels)
    isotonic = IsotonicRegression(out_of_bounds="clip").fit(scores.astype(np.float64), labels)
    out = {
        "name": name,
        "scores": [float(s) for s in scores],
        "labels": [int(y) for y in labels],
        "platt_a": float(a),
        "platt_b": float(b),
        "queries": [float(q) for q in queries],
        "isotonic": [float(p) for p in isotonic.predict(queries.astype(np.float64))],
        "bins": bins,
    }
    if scores.min() >= 0 and scores.max() <= 1:
        fraction, mean = calibration_curve(labels, scores, n_bins=bins, strategy="uniform")
        out["curve_fraction_positive"] = fraction.tolist()
        out["curve_mean_predicted"] = mean.tolist()
    return out


rng = np.random.default_rng(7)
labels = rng.integers(0, 2, 300)
# An overconfident model: probabilities pushed towards 0 and 1.
logits = 3.0 * (labels - 0.5) + rng.normal(0, 1.5, 300)
overconfident = 1 / (1 + np.exp(-2.5 * logits))
margins = logits  # hinge-like margins, not probabilities
grid = np.linspace(-0.2, 1.2, 29)
cases = [
    case("overconfident probabilities", overconfident, labels, grid, 10),
    case("tied scores rounded to one decimal", np.round(overconfident, 1), labels, grid, 5),
    case("margins on the real line", margins, labels, np.linspace(-6, 6, 25), 10),
    case("small hand case", [0.1, 0.2, 0.3, 0.4, 0.6, 0.7, 0.8, 0.9], [0, 1, 0, 0, 1, 0, 1, 1], [0.0, 0.15, 0.35, 0.5, 0.65, 0.85, 1.0], 4),
]
with open("calibration_references.json", "w") as f:
    json.dump({"sklearn": sklearn.__version__, "numpy": np.__version__, "cases": cases}, f, indent=1)
print(f"wrote {len(cases)} cases with scikit-learn {sklearn.__version__}")
