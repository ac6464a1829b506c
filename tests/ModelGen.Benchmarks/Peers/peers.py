"""The Python side of ModelGen's side-by-side benchmark: PyTorch (eager and TorchScript) and scikit-learn on the same workloads as
tests/ModelGen.Benchmarks/PeerBenchmarks.cs (same models, batch sizes, sample counts; random data, balanced labels).

Usage: /usr/bin/python3 peers.py THREADS OUTPUT.json [eager]
Prints the BLAS and threading configuration first, then one JSON object per workload to OUTPUT.json:
{"workload", "system", "median_ns", "q1_ns", "q3_ns"} - times per call. With "eager", only PyTorch eager: the rows
run-peers.sh repeats with PyTorch held to a narrower SIMD level (ATEN_CPU_CAPABILITY, OPENBLAS_CORETYPE,
DNNL_MAX_CPU_ISA), beside ModelGen at that level. Run by run-peers.sh, not by the tests.
"""
import json
import statistics
import sys
import time

import numpy as np
import torch
from torch import nn

THREADS = int(sys.argv[1])
OUTPUT = sys.argv[2]
EAGER_ONLY = len(sys.argv) > 3 and sys.argv[3] == "eager"
torch.set_num_threads(THREADS)
torch.set_num_interop_threads(1)
torch.manual_seed(1)
rng = np.random.default_rng(1)
EPOCH_SAMPLES = 4096
PREDICTION_BATCH = 1024
results = []


def measure(workload, system, call, repeats=15, block_seconds=0.05):
    """Median and quartiles of the time per call, over blocks of calls long enough to time reliably."""
    for _ in range(3):
        call()
    count = 1
    while True:
        start = time.perf_counter_ns()
        for _ in range(count):
            call()
        elapsed = time.perf_counter_ns() - start
        if elapsed >= block_seconds * 1e9 or count >= 1 << 20:
            break
        count *= 2
    per_call = []
    for _ in range(repeats):
        start = time.perf_counter_ns()
        for _ in range(count):
            call()
        per_call.append((time.perf_counter_ns() - start) / count)
    q1, median, q3 = statistics.quantiles(per_call, n=4)
    results.append({"workload": workload, "system": system, "median_ns": median, "q1_ns": q1, "q3_ns": q3})
    print(f"{workload:32} {system:40} {median / 1e3:12.2f} us", flush=True)


def mlp(sizes):
    layers = []
    for i in range(len(sizes) - 1):
        layers.append(nn.Linear(sizes[i], sizes[i + 1]))
        if i < len(sizes) - 2:
            layers.append(nn.ReLU())
    return nn.Sequential(*layers)


def cnn():
    return nn.Sequential(
        nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(1600, 128), nn.ReLU(), nn.Linear(128, 1))


class WithSigmoid(nn.Module):
    """The network and its output sigmoid, as one module to trace: the probability ModelGen's Predict returns."""

    def __init__(self, network):
        super().__init__()
        self.network = network

    def forward(self, x):
        return torch.sigmoid(self.network(x))


def torchscript(model, example):
    """What a team serving PyTorch without Python deploys: traced, frozen and optimized for inference."""
    with torch.no_grad():
        return torch.jit.optimize_for_inference(torch.jit.freeze(torch.jit.trace(WithSigmoid(model).eval(), example)))


def torchscript_workloads(system):
    """Prediction only (TorchScript is a deployment form): the same shapes and inputs as the eager rows."""
    for name, sizes in (("mlp30", [30, 16, 8, 1]), ("mlp64", [64, 32, 1]), ("mlp784", [784, 128, 64, 1])):
        x = torch.rand(PREDICTION_BATCH, sizes[0]) * 2 - 1
        traced = torchscript(mlp(sizes), x[:1])
        with torch.no_grad():
            measure(f"{name}.predict1", system, lambda: traced(x[:1]))
            measure(f"{name}.predict1024", system, lambda: traced(x))
    images = torch.rand(1, 1, 28, 28) * 2 - 1
    traced = torchscript(cnn(), images)
    with torch.no_grad():
        measure("cnn.predict1", system, lambda: traced(images))


def torch_workloads(system):
    labels = (torch.arange(EPOCH_SAMPLES) % 2).float().unsqueeze(1)
    loss_fn = nn.BCEWithLogitsLoss()
    for name, sizes, batch in (("mlp30", [30, 16, 8, 1], 32), ("mlp64", [64, 32, 1], 32), ("mlp784", [784, 128, 64, 1], 64)):
        model = mlp(sizes)
        optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
        x = torch.rand(EPOCH_SAMPLES, sizes[0]) * 2 - 1
        one = x[:1]
        many = x[:PREDICTION_BATCH]

        def predict(sample=one):
            with torch.no_grad():
                return torch.sigmoid(model(sample))

        def step(start=0):
            optimizer.zero_grad()
            loss = loss_fn(model(x[start:start + batch]), labels[start:start + batch])
            loss.backward()
            optimizer.step()
            return loss

        def epoch():
            for start in range(0, EPOCH_SAMPLES, batch):
                step(start)

        measure(f"{name}.predict1", system, predict)
        measure(f"{name}.predict1024", system, lambda: predict(many))
        measure(f"{name}.train{batch}", system, step)
        measure(f"{name}.epoch{EPOCH_SAMPLES}x{batch}", system, epoch, repeats=7)

    model = cnn()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    images = torch.rand(32, 1, 28, 28) * 2 - 1

    def cnn_predict():
        with torch.no_grad():
            return torch.sigmoid(model(images[:1]))

    def cnn_step():
        optimizer.zero_grad()
        loss = loss_fn(model(images), labels[:32])
        loss.backward()
        optimizer.step()

    measure("cnn.predict1", system, cnn_predict)
    measure("cnn.train32", system, cnn_step, repeats=9)

    a = torch.rand(1024, 1024)
    b = torch.rand(1024, 1024)
    measure("matmul1024", system, lambda: a @ b)


def sklearn_workloads(system):
    from sklearn.linear_model import LogisticRegression
    from sklearn.neural_network import MLPClassifier

    x = (rng.random((455, 30), dtype=np.float32) * 2 - 1)
    y = np.arange(455) % 2
    one = x[:1]
    regression = LogisticRegression(max_iter=1000).fit(x, y)
    measure("logreg.predict1", system, lambda: regression.predict_proba(one))
    measure("logreg.fit455", system, lambda: LogisticRegression(max_iter=1000).fit(x, y), repeats=9)

    network = MLPClassifier(hidden_layer_sizes=(16, 8), batch_size=32, random_state=1)
    batch = x[:32]
    network.partial_fit(batch, y[:32], classes=[0, 1])
    measure("mlp30.predict1", system, lambda: network.predict_proba(one))
    measure("mlp30.train32", system, lambda: network.partial_fit(batch, y[:32]))


print(f"PyTorch {torch.__version__}, scikit-learn (Debian), NumPy {np.__version__}; {THREADS} thread(s)")
print(torch.__config__.show())
print(torch.__config__.parallel_info())
np.show_config()
torch_system = f"PyTorch {torch.__version__.split('a')[0]} eager, {THREADS} thread{'s' if THREADS > 1 else ''}"
torch_workloads(torch_system)
if not EAGER_ONLY:
    torchscript_workloads(f"PyTorch {torch.__version__.split('a')[0]} TorchScript, {THREADS} thread{'s' if THREADS > 1 else ''}")
    if THREADS == 1:
        import sklearn
        sklearn_workloads(f"scikit-learn {sklearn.__version__}, 1 thread")

with open(OUTPUT, "w") as output:
    json.dump(results, output, indent=1)
