#!/usr/bin/python3
"""scikit-learn 1.2 and PyTorch beside FullBatchBenchmarks, on standardized breast cancer: LogisticRegression(C=1) with
solver="newton-cholesky" (its defaults, and tol=1e-7 as ModelGen's default gradient tolerance), and PyTorch's
LBFGS(line_search_fn="strong_wolfe", history_size=100) training the 30-16-8-1 network (ReLU, L2 0.01 on the weights)
from the initial weights the reference test stores, in float32 (as ModelGen trains) to its own convergence. One thread.
Prints one JSON object of medians over --runs.
    OMP_NUM_THREADS=1 /usr/bin/python3 fullbatch.py REPOSITORY_ROOT [--runs N]
"""
import json
import statistics
import sys
import time

import numpy as np
import sklearn
import torch
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler

torch.set_num_threads(1)
root = sys.argv[1]
runs = int(sys.argv[sys.argv.index("--runs") + 1]) if "--runs" in sys.argv else 15
with open(f"{root}/samples/BreastCancer/data/breast_cancer.csv") as f:
    header = f.readline().strip().split(",")
    rows = [line.strip().split(",") for line in f if line.strip()]
at = header.index("diagnosis")
x = np.array([[float(v) for i, v in enumerate(r) if i != at] for r in rows], dtype=np.float32)
y = np.array([1.0 if r[at] == "M" else 0.0 for r in rows])
xs = StandardScaler().fit_transform(x).astype(np.float32)


def median_ms(fit):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fit()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


result = {"sklearn": sklearn.__version__, "torch": torch.__version__}
x64 = xs.astype(np.float64)
result["newton_cholesky_ms"] = median_ms(lambda: LogisticRegression(C=1.0, solver="newton-cholesky").fit(x64, y))
result["newton_cholesky_tol1e-7_ms"] = median_ms(lambda: LogisticRegression(C=1.0, solver="newton-cholesky", tol=1e-7).fit(x64, y))

with open(f"{root}/tests/ModelGen.Tests/Training/Reference/lbfgs_references.json") as f:
    reference = json.load(f)["mlp"]
initial = np.array(reference["initial"], dtype=np.float32)
xt, yt = torch.tensor(xs), torch.tensor(y, dtype=torch.float32)
sizes = [30, 16, 8, 1]


def lbfgs():
    parameters, at = [], 0
    for fan_in, fan_out in zip(sizes[:-1], sizes[1:]):
        parameters.append(torch.tensor(initial[at:at + fan_in * fan_out].reshape(fan_out, fan_in), requires_grad=True))
        at += fan_in * fan_out
        parameters.append(torch.tensor(initial[at:at + fan_out], requires_grad=True))
        at += fan_out
    optimizer = torch.optim.LBFGS(parameters, lr=1, history_size=100, max_iter=1000, line_search_fn="strong_wolfe")

    def loss():
        a = xt
        for k in range(3):
            a = a @ parameters[2 * k].T + parameters[2 * k + 1]
            if k < 2:
                a = torch.relu(a)
        return torch.nn.functional.binary_cross_entropy_with_logits(a[:, 0], yt) + reference["l2"] * sum((parameters[2 * k] ** 2).sum() for k in range(3))

    def closure():
        optimizer.zero_grad()
        value = loss()
        value.backward()
        return value

    optimizer.step(closure)
    with torch.no_grad():
        result["lbfgs_loss"] = float(loss())
    result["lbfgs_iterations"] = optimizer.state[optimizer._params[0]]["n_iter"]


result["lbfgs_30_16_8_1_ms"] = median_ms(lbfgs)
print(json.dumps(result, indent=1))
