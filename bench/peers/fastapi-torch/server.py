#!/usr/bin/python3
"""Peer baseline "FastAPI + uvicorn + PyTorch" (docs BENCHMARKS.md): what a Python team writes by hand.

Serves breast_cancer_mlp at POST /v2/models/{name}/infer with Open Inference Protocol JSON. The PyTorch module is
rebuilt from the ONNX file's initializers (python3-onnx), mirroring the graph's ops one for one, and is checked against
NAME.io.json at start-up: the server refuses to start unless every output is within 1e-4 of the reference.

Debian packages: python3-fastapi python3-uvicorn python3-torch python3-onnx (python3-uvloop python3-httptools are
picked up by uvicorn when present, as `pip install uvicorn[standard]` would). Run with Debian's interpreter:
    /usr/bin/python3 server.py --model breast_cancer_mlp.onnx --port 8001
"""
import argparse
import importlib.util
import json
import os
import sys
from typing import List, Optional

import onnx
import onnx.numpy_helper
import torch
import uvicorn
from fastapi import FastAPI, HTTPException
from pydantic import BaseModel

# The exported graph of breast_cancer_mlp: Standardize, then Linear/ReLU/Linear/ReLU/Linear, then Sigmoid.
EXPECTED_OPS = ["Sub", "Div", "Gemm", "Relu", "Gemm", "Relu", "Gemm", "Sigmoid"]


class Standardize(torch.nn.Module):
    def __init__(self, mean, std):
        super().__init__()
        self.register_buffer("mean", mean)
        self.register_buffer("std", std)

    def forward(self, x):
        return (x - self.mean) / self.std


def build_module(path):
    """Mirrors the ONNX graph op for op with torch layers carrying the graph's own initializers."""
    graph = onnx.load(path).graph
    ops = [n.op_type for n in graph.node]
    if ops != EXPECTED_OPS:
        sys.exit(f"fastapi-torch: {path} has ops {ops}; this peer mirrors only {EXPECTED_OPS} (breast_cancer_mlp)")
    weights = {t.name: torch.from_numpy(onnx.numpy_helper.to_array(t).copy()) for t in graph.initializer}
    layers = []
    for node in graph.node:
        attrs = {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}
        if node.op_type == "Sub":
            mean = weights[node.input[1]]
        elif node.op_type == "Div":
            layers.append(Standardize(mean, weights[node.input[1]]))
        elif node.op_type == "Gemm":
            if attrs.get("transB") != 1 or attrs.get("alpha", 1.0) != 1.0 or attrs.get("beta", 1.0) != 1.0 or attrs.get("transA", 0):
                sys.exit(f"fastapi-torch: unexpected Gemm attributes {attrs}")
            w, b = weights[node.input[1]], weights[node.input[2]]
            linear = torch.nn.Linear(w.shape[1], w.shape[0])
            with torch.no_grad():
                linear.weight.copy_(w)
                linear.bias.copy_(b)
            layers.append(linear)
        elif node.op_type == "Relu":
            layers.append(torch.nn.ReLU())
        elif node.op_type == "Sigmoid":
            layers.append(torch.nn.Sigmoid())
    return torch.nn.Sequential(*layers).eval(), graph.input[0].name, graph.output[0].name


def verify(module, io_json):
    with open(io_json) as f:
        ref = json.load(f)
    (spec,) = ref["inputs"].values()
    x = torch.tensor(spec["data"], dtype=torch.float32).reshape(spec["shape"])
    with torch.no_grad():
        got = module(x).reshape(-1)
    want = torch.tensor(ref["outputs"][0]["data"], dtype=torch.float32)
    worst = float((got - want).abs().max())
    if got.shape != want.shape or worst > 1e-4:
        sys.exit(f"fastapi-torch: outputs differ from {io_json} by {worst:g} (limit 1e-4); refusing to start")
    return worst


class InferInput(BaseModel):
    name: str
    shape: List[int]
    datatype: str
    data: List[float]


class InferRequest(BaseModel):
    id: Optional[str] = None
    inputs: List[InferInput]


def create_app(module, output_name):
    app = FastAPI()

    @app.post("/v2/models/{name}/infer")
    async def infer(name: str, request: InferRequest):
        if len(request.inputs) != 1 or request.inputs[0].datatype != "FP32":
            raise HTTPException(status_code=400, detail="expected one FP32 input")
        tensor = request.inputs[0]
        x = torch.tensor(tensor.data, dtype=torch.float32).reshape(tensor.shape)
        with torch.no_grad():
            y = module(x)
        response = {"model_name": name, "model_version": "1",
                    "outputs": [{"name": output_name, "shape": list(y.shape), "datatype": "FP32",
                                 "data": y.reshape(-1).tolist()}]}
        if request.id:
            response["id"] = request.id
        return response

    return app


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", required=True)
    parser.add_argument("--io-json", help="reference inputs/outputs; default: NAME.io.json beside the model")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8001)
    args = parser.parse_args()
    module, _, output_name = build_module(args.model)
    worst = verify(module, args.io_json or os.path.splitext(args.model)[0] + ".io.json")
    loop = "uvloop" if importlib.util.find_spec("uvloop") else "asyncio"
    http = "httptools" if importlib.util.find_spec("httptools") else "h11"
    print(f"fastapi-torch: torch {torch.__version__} ({torch.get_num_threads()} threads), uvicorn {uvicorn.__version__} "
          f"({loop}, {http}), max |diff| vs reference {worst:.2e}", flush=True)
    # Access logging off, like the ASP.NET peers (whose template logs no line per request).
    uvicorn.run(create_app(module, output_name), host=args.host, port=args.port, log_level="warning", access_log=False)


if __name__ == "__main__":
    main()
