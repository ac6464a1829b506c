#!/usr/bin/python3
"""Regenerates lbfgs_references.json: PyTorch's LBFGS(line_search_fn="strong_wolfe") training an L2-penalized logistic
regression on standardized breast cancer from zero weights, in double precision, to its optimum; and scikit-learn's
LogisticRegression(C=1) on the same data. FullBatchReferenceTests trains the models declared with the full-batch
optimizers and compares the loss and the weights.

Needs Debian's python3-torch and python3-sklearn; the tests never run Python. Run from this folder:
/usr/bin/python3 make_lbfgs_references.py
"""
import json
import os

import numpy as np
import torch
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "..")
with open(os.path.join(ROOT, "samples/BreastCancer/data/breast_cancer.csv")) as f:
    header = f.readline().strip().split(",")
    rows = [line.strip().split(",") for line in f if line.strip()]
at = header.index("diagnosis")
x = np.array([[float(v) for i, v in enumerate(r) if i != at] for r in rows], dtype=np.float32)
y = np.array([1.0 if r[at] == "M" else 0.0 for r in rows])
scaler = StandardScaler().fit(x)
xs = torch.tensor(scaler.transform(x).astype(np.float32).astype(np.float64))
yt = torch.tensor(y)

L2 = 0.01
w = torch.zeros(30, dtype=torch.float64, requires_grad=True)
b = torch.zeros(1, dtype=torch.float64, requires_grad=True)
optimizer = torch.optim.LBFGS([w, b], lr=1, history_size=100, max_iter=500, tolerance_grad=1e-9, tolerance_change=1e-12,
                              line_search_fn="strong_wolfe")


def loss_of():
    logits = xs @ w + b
    return torch.nn.functional.binary_cross_entropy_with_logits(logits, yt) + L2 * (w * w).sum()


def closure():
    optimizer.zero_grad()
    loss = loss_of()
    loss.backward()
    return loss


optimizer.step(closure)
with torch.no_grad():
    final = float(loss_of())
state = optimizer.state[optimizer._params[0]]

# scikit-learn's LogisticRegression with C = 1 (its objective C*sum(log loss) + |w|^2/2), its Newton-Cholesky solver (scikit-learn 1.2), the Newton solver's reference.
sk = LogisticRegression(C=1.0, solver="newton-cholesky", tol=1e-10, max_iter=1000).fit(xs.numpy(), y)
with open("lbfgs_references.json", "w") as out:
    json.dump({"torch": torch.__version__, "l2": L2, "scalerMean": scaler.mean_.tolist(), "scalerScale": scaler.scale_.tolist(),
               "loss": final, "weights": w.detach().tolist(), "bias": float(b.detach()[0]), "iterations": int(state["n_iter"]),
               "evaluations": int(state["func_evals"]),
               "sklearnC1": {"weights": sk.coef_[0].tolist(), "bias": float(sk.intercept_[0]), "iterations": int(sk.n_iter_[0])}}, out)
    out.write("\n")
print("loss", final, "iterations", state["n_iter"], "evaluations", state["func_evals"])
