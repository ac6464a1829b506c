#!/usr/bin/python3
"""Regenerates torch_references.json: PyTorch's outputs, losses, gradients and optimizer steps for the models in
ReferenceModels.cs, the independent reference TorchReferenceTests compares the generated code with.

Needs Debian's python3-torch (apt-get install python3-torch); the tests themselves never run Python.
Run from this folder: /usr/bin/python3 make_torch_references.py

Everything is computed in float64 from float32 values (parameters, inputs), so the stored values are PyTorch's math,
not its float32 rounding. Layouts are PyTorch's: Linear [out, in] then bias, Conv2d [out, in, kh, kw] then bias,
BatchNorm weight, bias, running_mean, running_var; images channel-major (C, H, W), flattened in that order.
Conventions ModelGen documents and this script states where PyTorch differs:
  - Padding.Same pads as TensorFlow: total = max((out - 1) * stride + k - in, 0), the odd pixel at the bottom/right.
  - BatchNorm follows Keras: momentum 0.99 on the running values (PyTorch's momentum 0.01) and the *biased* batch
    variance for running_var (PyTorch's nn.BatchNorm uses the unbiased one), epsilon 1e-3.
  - Dropout masks are ModelGen's seeded hash (ModelMath.DropoutStream/DropoutKeeps, reimplemented below); given the
    mask, inverted scaling 1 / (1 - rate) as torch.nn.Dropout.
  - Optimizers: PyTorch's own torch.optim for OptimizerConvention.PyTorch; Keras's documented formulas written out in
    NumPy for OptimizerConvention.Keras (TensorFlow is not packaged in Debian).
"""
import json

import numpy as np
import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)
rng = np.random.default_rng(20261201)


def f32(a):
    return np.asarray(a, dtype=np.float32)


def floats(t):
    return [float(v) for v in np.asarray(t, dtype=np.float64).ravel()]


def draw(*shape, scale=0.5):
    return f32(rng.uniform(-scale, scale, size=shape))


def tensor(a, grad=False):
    return torch.tensor(np.asarray(a, dtype=np.float64), requires_grad=grad)


def same_padding(size, k, s):
    out = -(-size // s)
    total = max((out - 1) * s + k - size, 0)
    return total // 2, total - total // 2


class Dense:
    def __init__(self, inputs, units, activation):
        self.w, self.b, self.activation = draw(units, inputs), draw(units, scale=0.1), activation

    def params(self):
        return [self.w, self.b]

    def forward(self, x, p, training):
        return activate(F.linear(x, p[0], p[1]), self.activation)


class Conv:
    def __init__(self, channels, filters, k, stride=1, same=False, activation="linear"):
        self.w, self.b = draw(filters, channels, k, k), draw(filters, scale=0.1)
        self.k, self.stride, self.same, self.activation = k, stride, same, activation

    def params(self):
        return [self.w, self.b]

    def forward(self, x, p, training):
        if self.same:
            top, bottom = same_padding(x.shape[2], self.k, self.stride)
            left, right = same_padding(x.shape[3], self.k, self.stride)
            x = F.pad(x, (left, right, top, bottom))
        return activate(F.conv2d(x, p[0], p[1], stride=self.stride), self.activation)


class Pool:
    def __init__(self, kind, size, stride=None):
        self.kind, self.size, self.stride = kind, size, stride or size

    def params(self):
        return []

    def forward(self, x, p, training):
        pool = F.max_pool2d if self.kind == "max" else F.avg_pool2d
        return pool(x, self.size, self.stride)


class Flatten:
    def params(self):
        return []

    def forward(self, x, p, training):
        return torch.flatten(x, 1)


class BatchNorm:
    def __init__(self, channels):
        self.gamma, self.beta = f32(rng.uniform(0.5, 1.5, channels)), draw(channels, scale=0.2)
        self.mean, self.var = draw(channels, scale=0.3), f32(rng.uniform(0.5, 2.0, channels))
        self.batch_mean = self.batch_var = None

    def params(self):
        return [self.gamma, self.beta, self.mean, self.var]

    def forward(self, x, p, training):
        dims = [0] if x.dim() == 2 else [0, 2, 3]
        shape = [1, -1] if x.dim() == 2 else [1, -1, 1, 1]
        if training:
            mean = x.mean(dim=dims)
            var = x.var(dim=dims, unbiased=False)
            self.batch_mean, self.batch_var = mean.detach().numpy(), var.detach().numpy()
        else:
            mean, var = p[2], p[3]
        return (x - mean.reshape(shape)) / torch.sqrt(var.reshape(shape) + 1e-3) * p[0].reshape(shape) + p[1].reshape(shape)


MASK = (1 << 64) - 1


def mix(z):
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return z ^ (z >> 31)


def dropout_keeps(seed, step, sample, unit, rate):
    stream = mix(mix(seed ^ 0x9E3779B97F4A7C15) ^ ((step * 0xD1B54A32D192ED03) & MASK) ^ ((sample * 0xAEF17502108EF2D9) & MASK))
    value = mix((stream + unit * 0x9E3779B97F4A7C15) & MASK) >> 40
    return np.float32(value) * np.float32(1.0 / (1 << 24)) >= np.float32(rate)


class Dropout:
    def __init__(self, rate):
        self.rate = rate

    def params(self):
        return []

    def forward(self, x, p, training):
        if not training:
            return x
        mask = torch.tensor([[1.0 if dropout_keeps(0, 0, n, k, self.rate) else 0.0 for k in range(x.shape[1])] for n in range(x.shape[0])])
        return x * mask * float(np.float32(1.0 / (1.0 - self.rate)))


def activate(z, kind):
    return {"linear": z, "relu": torch.relu(z), "tanh": torch.tanh(z), "sigmoid": z}[kind]


def net_forward(layers, x, flat, training):
    out, at = x, 0
    for layer in layers:
        count = len(layer.params())
        out = layer.forward(out, flat[at:at + count], training)
        at += count
    return out  # the output layer's logit: BCE is computed from it, predictions apply the sigmoid


def layer_case(name, shape, layers, batch=6, tie_inputs=False):
    params = [p for layer in layers for p in layer.params()]
    if tie_inputs:  # few distinct values, so pooling windows hold ties
        x = f32(rng.integers(0, 3, size=(batch, *shape)) * 0.5)
    else:
        x = draw(batch, *shape, scale=1.0)
    y = f32(rng.integers(0, 2, size=batch))
    y[0], y[1] = 0, 1
    flat = [tensor(p, grad=True) for p in params]
    logits = net_forward(layers, tensor(x), flat, training=True).reshape(-1)
    loss = F.binary_cross_entropy_with_logits(logits, tensor(y))
    loss.backward()
    case = {
        "name": name,
        "parameters": floats(np.concatenate([p.ravel() for p in params])),
        "features": floats(x),
        "labels": floats(y),
        "loss": float(loss),
        "gradients": floats(np.concatenate([(t.grad.numpy() if t.grad is not None else np.zeros(t.shape)).ravel() for t in flat])),
    }
    with torch.no_grad():
        inference = torch.sigmoid(net_forward(layers, tensor(x), [tensor(p) for p in params], training=False)).reshape(-1)
    case["predictions"] = floats(inference)
    norms = [l for l in layers if isinstance(l, BatchNorm)]
    if norms:  # running statistics after one training step, Keras's rule with the biased batch variance
        case["runningStatistics"] = floats(np.concatenate([np.concatenate([0.99 * l.mean + 0.01 * l.batch_mean, 0.99 * l.var + 0.01 * l.batch_var]) for l in norms]))
    return case


cases = [
    layer_case("ConvValid", (2, 6, 6), [Conv(2, 3, 3, activation="relu"), Flatten(), Dense(48, 1, "sigmoid")]),
    layer_case("ConvValidStride2", (1, 7, 7), [Conv(1, 2, 3, stride=2), Flatten(), Dense(18, 1, "sigmoid")]),
    layer_case("ConvSameOdd", (1, 5, 5), [Conv(1, 2, 3, same=True), Flatten(), Dense(50, 1, "sigmoid")]),
    layer_case("ConvSameStride2Even", (2, 7, 7), [Conv(2, 2, 4, stride=2, same=True, activation="tanh"), Flatten(), Dense(32, 1, "sigmoid")]),
    layer_case("MaxPoolTies", (2, 4, 4), [Pool("max", 2), Flatten(), Dense(8, 1, "sigmoid")], tie_inputs=True),
    layer_case("MaxPoolOverlapping", (1, 5, 5), [Pool("max", 3, 2), Flatten(), Dense(4, 1, "sigmoid")], tie_inputs=True),
    layer_case("AvgPool", (2, 4, 6), [Pool("avg", 2), Flatten(), Dense(12, 1, "sigmoid")]),
    layer_case("BatchNormDense", (5,), [Dense(5, 4, "relu"), BatchNorm(4), Dense(4, 1, "sigmoid")], batch=8),
    layer_case("BatchNormConv", (2, 4, 4), [Conv(2, 3, 3, same=True), BatchNorm(3), Flatten(), Dense(48, 1, "sigmoid")], batch=5),
    layer_case("DropoutDense", (6,), [Dense(6, 8, "relu"), Dropout(0.4), Dense(8, 1, "sigmoid")], batch=7),
]


def optimizer_case(name, kind, convention, steps=3, **h):
    layers = [Dense(4, 3, "tanh"), Dense(3, 1, "sigmoid")]
    params = [p for layer in layers for p in layer.params()]
    batches = [(draw(5, 4, scale=1.0), f32([0, 1, 1, 0, 1])) for _ in range(steps)]
    lr = h["lr"]

    # PyTorch: torch.optim itself.
    flat = [tensor(p, grad=True) for p in params]
    if convention == "PyTorch":
        if kind == "Adam":
            optimizer = torch.optim.Adam(flat, lr=lr, betas=(h["beta1"], h["beta2"]), eps=h["eps"])
        elif kind == "AdamW":
            optimizer = torch.optim.AdamW(flat, lr=lr, betas=(h["beta1"], h["beta2"]), eps=h["eps"], weight_decay=h["wd"])
        elif kind == "RmsProp":
            optimizer = torch.optim.RMSprop(flat, lr=lr, alpha=h["rho"], eps=h["eps"], momentum=h.get("momentum", 0.0), centered=h.get("centered", False))
        else:
            optimizer = torch.optim.SGD(flat, lr=lr, momentum=h.get("momentum", 0.0), nesterov=h.get("nesterov", False))
        after = []
        for x, y in batches:
            optimizer.zero_grad()
            loss = F.binary_cross_entropy_with_logits(net_forward(layers, tensor(x), flat, True).reshape(-1), tensor(y))
            loss.backward()
            optimizer.step()
            after.append(floats(np.concatenate([t.detach().numpy().ravel() for t in flat])))
    else:
        # Keras's formulas (keras.optimizers source), written out; gradients from autograd.
        w = [np.asarray(p, dtype=np.float64).copy() for p in params]
        m = [np.zeros_like(p) for p in w]
        v = [np.zeros_like(p) for p in w]
        a = [np.zeros_like(p) for p in w]
        after = []
        for t, (x, y) in enumerate(batches, start=1):
            flat = [tensor(p, grad=True) for p in w]
            F.binary_cross_entropy_with_logits(net_forward(layers, tensor(x), flat, True).reshape(-1), tensor(y)).backward()
            for i, g in enumerate(tg.grad.numpy() for tg in flat):
                if kind in ("Adam", "AdamW"):
                    if kind == "AdamW":
                        w[i] -= w[i] * h["wd"] * lr
                    m[i] += (g - m[i]) * (1 - h["beta1"])
                    v[i] += (g * g - v[i]) * (1 - h["beta2"])
                    alpha = lr * np.sqrt(1 - h["beta2"] ** t) / (1 - h["beta1"] ** t)
                    w[i] -= alpha * m[i] / (np.sqrt(v[i]) + h["eps"])
                else:  # RMSprop
                    rho = h["rho"]
                    v[i] = rho * v[i] + (1 - rho) * g * g
                    denominator = v[i]
                    if h.get("centered", False):
                        a[i] = rho * a[i] + (1 - rho) * g
                        denominator = v[i] - a[i] * a[i]
                    step = lr * g / np.sqrt(denominator + h["eps"])
                    if h.get("momentum", 0.0):
                        m[i] = h["momentum"] * m[i] + step
                        w[i] -= m[i]
                    else:
                        w[i] -= step
            after.append(floats(np.concatenate([p.ravel() for p in w])))
    return {
        "name": name,
        "parameters": floats(np.concatenate([p.ravel() for p in params])),
        "batches": [{"features": floats(x), "labels": floats(y)} for x, y in batches],
        "parametersAfterEachStep": after,
    }


ADAM = dict(lr=0.05, beta1=0.9, beta2=0.999)
optimizers = [
    optimizer_case("AdamKeras", "Adam", "Keras", eps=1e-3, **ADAM),
    optimizer_case("AdamPyTorch", "Adam", "PyTorch", eps=1e-3, **ADAM),
    optimizer_case("AdamPyTorchDefaults", "Adam", "PyTorch", eps=1e-8, **ADAM),
    optimizer_case("AdamWKeras", "AdamW", "Keras", eps=1e-3, wd=0.1, **ADAM),
    optimizer_case("AdamWPyTorch", "AdamW", "PyTorch", eps=1e-3, wd=0.1, **ADAM),
    optimizer_case("RmsPropKeras", "RmsProp", "Keras", lr=0.01, rho=0.9, eps=1e-3),
    optimizer_case("RmsPropPyTorch", "RmsProp", "PyTorch", lr=0.01, rho=0.9, eps=1e-3),
    optimizer_case("RmsPropCenteredMomentumKeras", "RmsProp", "Keras", lr=0.01, rho=0.9, eps=1e-3, momentum=0.5, centered=True),
    optimizer_case("RmsPropCenteredMomentumPyTorch", "RmsProp", "PyTorch", lr=0.01, rho=0.9, eps=1e-3, momentum=0.5, centered=True),
    optimizer_case("SgdNesterov", "Sgd", "PyTorch", lr=0.1, momentum=0.9, nesterov=True),
]

# Drawn after the optimizer cases, so the cases above keep their random values. Convolutions over 8 and 10 channels
# take the channel-last weight gradient (the second one after a layer, with Same padding, its input gradient too).
cases.append(layer_case("ConvChannelLast", (8, 6, 6), [Conv(8, 10, 3, activation="relu"), Pool("max", 2), Conv(10, 9, 2, same=True, activation="tanh"),
                                                       Flatten(), Dense(36, 1, "sigmoid")]))
# Pooling that leaves the convolution's last row and column out: prediction computes only the rows the windows read.
cases.append(layer_case("ConvPoolDropsRow", (2, 7, 7), [Conv(2, 4, 3, activation="relu"), Pool("max", 2), Flatten(), Dense(16, 1, "sigmoid")]))

with open("torch_references.json", "w") as out:
    json.dump({"torch": torch.__version__, "layers": cases, "optimizers": optimizers}, out, indent=1)
    out.write("\n")
print(f"wrote {len(cases)} layer cases and {len(optimizers)} optimizer cases (PyTorch {torch.__version__})")
