#!/usr/bin/python3
"""Regenerates lbfgs_references.json: PyTorch's LBFGS(line_search_fn="strong_wolfe") training an L2-penalized logistic
regression on standardized breast cancer from zero weights, in double precision, to its optimum; scikit-learn's
LogisticRegression(C=1) on the same data with each of its lbfgs, newton-cg and newton-cholesky solvers (tolerance 1e-10,
1e-8 for newton-cg, which cannot reach 1e-10 in double: each stops at the optimum as closely as it can); and a 30-16-8-1 ReLU network with L2 0.01 on its weights trained from one set of
initial weights (stored) by PyTorch's LBFGS and by scikit-learn's MLPClassifier(solver="lbfgs", alpha = 0.01 * 2N).
FullBatchReferenceTests trains the models declared with the full-batch optimizers and compares the loss and the weights.

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

# scikit-learn's LogisticRegression with C = 1 (its objective C*sum(log loss) + |w|^2/2), with each solver that has a
# ModelGen counterpart: lbfgs (OptimizerKind.Lbfgs), newton-cg (NewtonCg), newton-cholesky (Newton).
solvers = {}
for solver, tolerance in (("lbfgs", 1e-10), ("newton-cg", 1e-8), ("newton-cholesky", 1e-10)):
    fitted = LogisticRegression(C=1.0, solver=solver, tol=tolerance, max_iter=10000).fit(xs.numpy(), y)
    solvers[solver] = {"weights": fitted.coef_[0].tolist(), "bias": float(fitted.intercept_[0]), "iterations": int(fitted.n_iter_[0])}
sk = LogisticRegression(C=1.0, solver="newton-cholesky", tol=1e-10, max_iter=1000).fit(xs.numpy(), y)

# 30-16-8-1, ReLU, sigmoid output, L2 0.01 on the weights (not the biases) as mean BCE + 0.01 * sum(W^2): Glorot-uniform
# initial weights from a seeded NumPy generator, stored in ModelGen's parameter order (each layer's W as [out, in], then b).
MLP_L2 = 0.01
init_rng = np.random.RandomState(7)
sizes = [30, 16, 8, 1]
layers = []
for fan_in, fan_out in zip(sizes[:-1], sizes[1:]):
    bound = np.sqrt(6 / (fan_in + fan_out))
    layers.append((init_rng.uniform(-bound, bound, (fan_out, fan_in)), init_rng.uniform(-bound, bound, fan_out)))
initial = [float(v) for weight, bias in layers for v in list(weight.ravel()) + list(bias)]
mlp = [torch.tensor(v, requires_grad=True) for weight, bias in layers for v in (weight, bias)]


def mlp_loss():
    a = xs
    for k in range(3):
        a = a @ mlp[2 * k].T + mlp[2 * k + 1]
        if k < 2:
            a = torch.relu(a)
    return torch.nn.functional.binary_cross_entropy_with_logits(a[:, 0], yt) + MLP_L2 * sum((mlp[2 * k] ** 2).sum() for k in range(3))


mlp_optimizer = torch.optim.LBFGS(mlp, lr=1, history_size=100, max_iter=1000, line_search_fn="strong_wolfe")


def mlp_closure():
    mlp_optimizer.zero_grad()
    value = mlp_loss()
    value.backward()
    return value


mlp_optimizer.step(mlp_closure)
mlp_state = mlp_optimizer.state[mlp_optimizer._params[0]]
with torch.no_grad():
    torch_mlp_loss = float(mlp_loss())

import warnings
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier
warnings.filterwarnings("ignore", category=ConvergenceWarning)
# warm_start keeps the weights set after a one-iteration fit that creates the fitted attributes.
classifier = MLPClassifier(hidden_layer_sizes=(16, 8), activation="relu", solver="lbfgs", alpha=MLP_L2 * 2 * len(y),
                           max_iter=1, warm_start=True, random_state=0).fit(xs.numpy(), y)
classifier.coefs_ = [weight.T.copy() for weight, _ in layers]
classifier.intercepts_ = [bias.copy() for _, bias in layers]
classifier.set_params(max_iter=1000, tol=1e-10).fit(xs.numpy(), y)
with open("lbfgs_references.json", "w") as out:
    json.dump({"torch": torch.__version__, "l2": L2, "scalerMean": scaler.mean_.tolist(), "scalerScale": scaler.scale_.tolist(),
               "loss": final, "weights": w.detach().tolist(), "bias": float(b.detach()[0]), "iterations": int(state["n_iter"]),
               "evaluations": int(state["func_evals"]),
               "sklearnC1": {"weights": sk.coef_[0].tolist(), "bias": float(sk.intercept_[0]), "iterations": int(sk.n_iter_[0])},
               "sklearnSolversC1": solvers,
               "mlp": {"l2": MLP_L2, "initial": initial, "torchLoss": torch_mlp_loss, "torchIterations": int(mlp_state["n_iter"]),
                       "torchEvaluations": int(mlp_state["func_evals"]), "sklearnLoss": float(classifier.loss_),
                       "sklearnIterations": int(classifier.n_iter_)}}, out)
    out.write("\n")
print("loss", final, "iterations", state["n_iter"], "evaluations", state["func_evals"])
print("scikit-learn C=1 iterations", {k: v["iterations"] for k, v in solvers.items()})
print("30-16-8-1: PyTorch", torch_mlp_loss, mlp_state["n_iter"], "iterations; scikit-learn", classifier.loss_, classifier.n_iter_)
