#!/usr/bin/python3
"""Regenerates metric_references.json: scikit-learn's values for the cases MetricReferenceTests checks.

Needs Debian's python3-sklearn (apt-get install python3-sklearn); the tests themselves never run Python.
Run from this folder: /usr/bin/python3 make_metric_references.py
"""
import json

import numpy as np
import sklearn
from sklearn import metrics


def case(name, scores, labels, threshold):
    scores = np.asarray(scores, dtype=np.float32)
    labels = np.asarray(labels, dtype=np.int64)
    predicted = (scores >= threshold).astype(np.int64)
    both = len(set(labels.tolist())) == 2
    tn, fp, fn, tp = metrics.confusion_matrix(labels, predicted, labels=[0, 1]).ravel()
    out = {
        "name": name,
        "threshold": threshold,
        "scores": [float(s) for s in scores],
        "labels": [int(y) for y in labels],
        "confusion": {"tp": int(tp), "fp": int(fp), "tn": int(tn), "fn": int(fn)},
        "accuracy": metrics.accuracy_score(labels, predicted),
        "precision": metrics.precision_score(labels, predicted, zero_division=0),
        "recall": metrics.recall_score(labels, predicted, zero_division=0),
        "specificity": metrics.recall_score(labels, predicted, pos_label=0, zero_division=0),
        "f1": metrics.f1_score(labels, predicted, zero_division=0),
        "f2": metrics.fbeta_score(labels, predicted, beta=2, zero_division=0),
        "f05": metrics.fbeta_score(labels, predicted, beta=0.5, zero_division=0),
        "mcc": metrics.matthews_corrcoef(labels, predicted),
        "brier": metrics.brier_score_loss(labels, scores),
        "log_loss": metrics.log_loss(labels, scores, labels=[0, 1]),
        "roc_auc": metrics.roc_auc_score(labels, scores) if both else None,
        "average_precision": metrics.average_precision_score(labels, scores) if labels.sum() > 0 else None,
    }
    if both:
        out["balanced_accuracy"] = metrics.balanced_accuracy_score(labels, predicted)
        fpr, tpr, _ = metrics.roc_curve(labels, scores, drop_intermediate=False)
        out["roc_fpr"] = fpr.tolist()
        out["roc_tpr"] = tpr.tolist()
        out["report"] = metrics.classification_report(labels, predicted, target_names=["negative", "positive"], zero_division=0)
    return out


rng = np.random.default_rng(42)
labels = rng.integers(0, 2, 200)
noisy = np.clip(0.35 * labels + rng.normal(0.35, 0.2, 200), 0, 1)
cases = [
    case("ties from rounding to one decimal", np.round(noisy, 1), labels, 0.5),
    case("continuous scores", noisy, labels, 0.45),
    case("perfect separation", [0.9, 0.8, 0.7, 0.3, 0.2, 0.1], [1, 1, 1, 0, 0, 0], 0.5),
    case("reversed order", [0.1, 0.2, 0.3, 0.7, 0.8, 0.9], [1, 1, 1, 0, 0, 0], 0.5),
    case("every score tied", [0.4] * 6, [1, 0, 1, 0, 0, 1], 0.5),
    case("no positive prediction", [0.1, 0.2, 0.3, 0.4], [1, 0, 1, 0], 0.5),
    case("only positives", [0.9, 0.4, 0.6], [1, 1, 1], 0.5),
    case("only negatives", [0.9, 0.4, 0.6], [0, 0, 0], 0.5),
    case("saturated probabilities", [1.0, 0.0, 1.0, 0.0], [1, 0, 0, 1], 0.5),
]
with open("metric_references.json", "w") as f:
    json.dump({"sklearn": sklearn.__version__, "numpy": np.__version__, "cases": cases}, f, indent=1)
print(f"wrote {len(cases)} cases with scikit-learn {sklearn.__version__}")
