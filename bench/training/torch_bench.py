#!/usr/bin/python3
"""PyTorch baseline for the Maas training bench.

Reads the JSON written by TrainingBench (training-bench.dll): for each case, the exact preprocessed train/validation/test
splits Maas used, the spec (architecture, optimiser, epochs, batch size) and Maas's results. Trains the same architecture
with the same optimiser, loss, epochs and batch size (shuffled mini-batches, the last batch smaller, PyTorch-default
initialisation), measures the wall time of each epoch (training steps plus the validation pass, as Maas's figure also
includes its validation pass and checkpoint), and prints one JSON line per case.

Hyper-parameters per case (chosen so that both engines clear the issue's bars with the same settings):
  iris_logistic      logistic (one Linear to 3 logits, softmax cross-entropy), Adam lr 0.05 with L2 weight decay 1e-3
                     (a unique optimum, so both engines converge to the same classifier), 200 epochs, batch 16
  breast_cancer_mlp  MLP 30-32-16-1 ReLU, BCE-with-logits, Adam lr 1e-3, 50 epochs, batch 32
  digits_cnn         Conv(1->16,3,p1)-ReLU-MaxPool2, Conv(16->32,3,p1)-ReLU-MaxPool2, Linear(128,64)-ReLU, Linear(64,10);
                     softmax cross-entropy, Adam lr 5e-3, 20 epochs, batch 32
  diabetes_linear    Linear(10,1), MSE, SGD lr 0.01, 100 epochs, batch 32
  breast_cancer_gbdt no PyTorch counterpart: compared with scikit-learn's GradientBoostingClassifier (python3-sklearn,
                     when installed) with the same trees, leaves (max_leaf_nodes), learning rate and min samples per
                     leaf; its "epoch" time is the whole fit, as Maas's is
Each entry of the input is one (case, seed); torch.manual_seed(seed) fixes PyTorch's initialisation and shuffles.
Usage: torch_bench.py results.json [--threads N]
"""
import json
import sys
import time

import torch
from torch import nn


def activation(name):
    return {"relu": nn.ReLU, "tanh": nn.Tanh, "sigmoid": nn.Sigmoid}[name]()


def build(case, outputs):
    model = case["spec"]["model"]
    width = case["train"]["width"]
    act = model.get("activation", "relu")
    dropout = model.get("dropout", 0.0)
    layers = []
    kind = model["kind"]
    if kind == "mlp":
        for hidden in model.get("hidden") or []:
            layers += [nn.Linear(width, hidden), activation(act)]
            if dropout > 0:
                layers.append(nn.Dropout(dropout))
            width = hidden
    elif kind == "cnn":
        c, h, w = model["cnn"]["inputShape"]
        layers.append(nn.Unflatten(1, (c, h, w)))
        for conv in model["cnn"]["conv"]:
            k, s, p = conv.get("kernel", 3), conv.get("stride", 1), conv.get("padding", 0)
            layers += [nn.Conv2d(c, conv["filters"], k, stride=s, padding=p), activation(act)]
            h, w = (h + 2 * p - k) // s + 1, (w + 2 * p - k) // s + 1
            if conv.get("pool"):
                layers.append(nn.MaxPool2d(2))
                h, w = h // 2, w // 2
            c = conv["filters"]
        layers.append(nn.Flatten())
        width = c * h * w
        for hidden in model["cnn"].get("dense") or []:
            layers += [nn.Linear(width, hidden), activation(act)]
            if dropout > 0:
                layers.append(nn.Dropout(dropout))
            width = hidden
    layers.append(nn.Linear(width, outputs))
    return nn.Sequential(*layers)


def optimizer(spec, params):
    o = spec.get("optimizer", {})
    kind, lr = o.get("kind", "adam"), o.get("learningRate", 1e-3)
    wd = o.get("weightDecay", 0.0)
    betas = (o.get("beta1", 0.9), o.get("beta2", 0.999))
    eps = o.get("epsilon", 1e-8)
    if kind == "sgd":
        return torch.optim.SGD(params, lr=lr, weight_decay=wd)
    if kind == "momentum":
        return torch.optim.SGD(params, lr=lr, momentum=o.get("momentum", 0.9), weight_decay=wd)
    if kind == "adamw":
        return torch.optim.AdamW(params, lr=lr, betas=betas, eps=eps, weight_decay=wd)
    return torch.optim.Adam(params, lr=lr, betas=betas, eps=eps, weight_decay=wd)


def tensors(split):
    x = torch.tensor(split["x"], dtype=torch.float32).reshape(split["rows"], split["width"])
    y = torch.tensor(split["y"], dtype=torch.float32)
    return x, y


def run(case):
    task, classes = case["task"], case["classes"]
    spec = case["spec"]
    torch.manual_seed(spec.get("seed", 42))
    outputs = 1 if task in ("regression", "binary") else classes
    model = build(case, outputs)
    opt = optimizer(spec, model.parameters())
    if task == "regression":
        loss_fn = nn.MSELoss()
        target = lambda y: y.unsqueeze(1)
    elif task == "binary":
        loss_fn = nn.BCEWithLogitsLoss()
        target = lambda y: y.unsqueeze(1)
    else:
        loss_fn = nn.CrossEntropyLoss()
        target = lambda y: y.long()
    xt, yt = tensors(case["train"])
    xv, yv = tensors(case["validation"])
    xs, ys = tensors(case["test"])
    batch = min(spec.get("batchSize", 32), xt.shape[0])
    times = []
    for _ in range(spec.get("epochs", 20)):
        started = time.perf_counter()
        model.train()
        order = torch.randperm(xt.shape[0])
        for start in range(0, xt.shape[0], batch):
            idx = order[start:start + batch]
            opt.zero_grad()
            loss = loss_fn(model(xt[idx]), target(yt[idx]))
            loss.backward()
            opt.step()
        model.eval()
        with torch.no_grad():
            loss_fn(model(xv), target(yv)).item()
        times.append(time.perf_counter() - started)
    model.eval()
    with torch.no_grad():
        out = model(xs)
    if task == "regression":
        pred = out.squeeze(1)
        metric = 1 - ((pred - ys) ** 2).sum().item() / ((ys - ys.mean()) ** 2).sum().item()
        name = "r2"
    else:
        label = (out.squeeze(1) > 0).long() if task == "binary" else out.argmax(1)
        metric = (label == ys.long()).float().mean().item()
        name = "accuracy"
    steady = sorted(times[1:]) or times
    return {"name": case["name"], "seed": spec.get("seed", 42), "metric": name, "value": metric, "medianEpochSeconds": steady[len(steady) // 2], "epochs": len(times)}


def run_gbdt(case):
    try:
        from sklearn.ensemble import GradientBoostingClassifier, GradientBoostingRegressor
    except ImportError:
        return None
    spec = case["spec"]
    gbdt = spec["model"].get("gbdt") or {}
    args = dict(n_estimators=gbdt.get("trees", 100), learning_rate=gbdt.get("learningRate", 0.1),
                max_leaf_nodes=gbdt.get("leaves", 20), min_samples_leaf=gbdt.get("minSamplesPerLeaf", 10),
                max_depth=None, random_state=spec.get("seed", 42))
    xt, yt = tensors(case["train"])
    xs, ys = tensors(case["test"])
    regression = case["task"] == "regression"
    model = GradientBoostingRegressor(**args) if regression else GradientBoostingClassifier(**args)
    started = time.perf_counter()
    model.fit(xt.numpy(), yt.numpy() if regression else yt.long().numpy())
    seconds = time.perf_counter() - started
    pred = model.predict(xs.numpy())
    if regression:
        y = ys.numpy()
        value, name = 1 - ((pred - y) ** 2).sum() / ((y - y.mean()) ** 2).sum(), "r2"
    else:
        value, name = float((pred == ys.long().numpy()).mean()), "accuracy"
    return {"name": case["name"], "seed": spec.get("seed", 42), "metric": name, "value": float(value),
            "medianEpochSeconds": seconds, "epochs": 1, "baseline": "scikit-learn"}


def main():
    threads = int(sys.argv[sys.argv.index("--threads") + 1]) if "--threads" in sys.argv else 1
    torch.set_num_threads(threads)
    with open(sys.argv[1]) as f:
        cases = json.load(f)
    for case in cases:
        result = run_gbdt(case) if case["spec"]["model"]["kind"] == "gbdt" else run(case)
        if result is None:
            continue
        result["threads"] = threads
        print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
