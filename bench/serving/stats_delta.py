#!/usr/bin/python3
"""Summarises what Maas's batcher did during one measurement, from two snapshots of GET /v2/models/{name}/stats.

Prints e.g. "7.9 rows/run, queue 1.23 ms, compute 0.45 ms": rows per ONNX Runtime execution (inference_count over
execution_count), and the mean queue and compute_infer time per request, all over the versions in the snapshots.
Prints "-" when a snapshot is missing or nothing ran. Usage: stats_delta.py BEFORE.json AFTER.json
"""
import json
import sys


def totals(path):
    try:
        with open(path) as f:
            stats = json.load(f)["model_stats"]
    except (OSError, ValueError, KeyError):
        return None
    keys = ("inference_count", "execution_count")
    sums = {k: sum(s.get(k, 0) for s in stats) for k in keys}
    for part in ("queue", "compute_infer"):
        sums[part + "_count"] = sum(s["inference_stats"][part]["count"] for s in stats)
        sums[part + "_ns"] = sum(s["inference_stats"][part]["ns"] for s in stats)
    return sums


before, after = totals(sys.argv[1]), totals(sys.argv[2])
if before is None or after is None:
    print("-")
    sys.exit(0)
d = {k: after[k] - before[k] for k in after}
if d["execution_count"] <= 0:
    print("-")
    sys.exit(0)


def mean_ms(part):
    return d[part + "_ns"] / d[part + "_count"] / 1e6 if d[part + "_count"] > 0 else float("nan")


print(f"{d['inference_count'] / d['execution_count']:.1f} rows/run, queue {mean_ms('queue'):.2f} ms, "
      f"compute {mean_ms('compute_infer'):.2f} ms")
