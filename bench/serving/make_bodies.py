#!/usr/bin/python3
"""Writes the request bodies of the serving scenarios into OUT_DIR (standard library only).

  tiny.json             breast_cancer_mlp, 1 row (the first reference row of breast_cancer_mlp.io.json), OIP JSON
  tiny.bin   (+ .hlen)  the same row with the binary tensor extension (binary input, binary output)
  tiny.raw              the row's 120 bytes: gRPC raw_input_contents
  resnet18.bin (+.hlen) 1 image [1,3,224,224] FP32 (the reference input), binary extension, binary output
  resnet18.json         the same image as OIP JSON (for the JSON-only peers)
  resnet18.raw          the image's 602,112 bytes
  seq-NN.json           text_encoder, batch 1, NN = 16..64 random token ids (seeded), INT64 JSON
  digits.json           digits_cnn, 1 image [1,1,8,8] (the first reference image)

A .hlen file holds the Inference-Header-Content-Length of its .bin body.
Usage: /usr/bin/python3 make_bodies.py FIXTURE_MODELS_DIR OUT_DIR
"""
import json
import os
import random
import struct
import sys

models, out = sys.argv[1], sys.argv[2]
os.makedirs(out, exist_ok=True)


def reference_input(name, rows=None):
    with open(os.path.join(models, name + ".io.json")) as f:
        (tensor_name, spec), = json.load(f)["inputs"].items()
    shape, data = spec["shape"], spec["data"]
    if rows is not None:
        per_row = len(data) // shape[0]
        shape, data = [rows] + shape[1:], data[:rows * per_row]
    return tensor_name, shape, data


def write(name, content):
    with open(os.path.join(out, name), "wb" if isinstance(content, bytes) else "w") as f:
        f.write(content)


def json_body(tensor, shape, datatype, data):
    return json.dumps({"inputs": [{"name": tensor, "shape": shape, "datatype": datatype, "data": data}]},
                      separators=(",", ":"))


def binary_body(stem, tensor, shape, data, output):
    raw = struct.pack("<%df" % len(data), *data)
    header = json.dumps({"inputs": [{"name": tensor, "shape": shape, "datatype": "FP32",
                                     "parameters": {"binary_data_size": len(raw)}}],
                         "outputs": [{"name": output, "parameters": {"binary_data": True}}]},
                        separators=(",", ":")).encode()
    write(stem + ".bin", header + raw)
    write(stem + ".hlen", str(len(header)))
    write(stem + ".raw", raw)


name, shape, data = reference_input("breast_cancer_mlp", rows=1)
write("tiny.json", json_body(name, shape, "FP32", data))
binary_body("tiny", name, shape, data, "probability")

name, shape, data = reference_input("resnet18")
write("resnet18.json", json_body(name, shape, "FP32", data))
binary_body("resnet18", name, shape, data, "logits")

rng = random.Random(16)
for length in range(16, 65):
    write("seq-%d.json" % length, json_body("input_ids", [1, length], "INT64", [rng.randrange(8000) for _ in range(length)]))

name, shape, data = reference_input("digits_cnn", rows=1)
write("digits.json", json_body(name, shape, "FP32", data))
print("bodies in", out)
