#!/usr/bin/env bash
# Maas training vs PyTorch on the fixture datasets: same splits (Maas writes them), same architecture, optimiser,
# epochs and batch size. Prints a comparison table; the figures go into bench/RESULTS.md ("Training").
#   bench/training/run.sh                  # all cases, 1 thread each (THREADS=2 for two)
#   CASES="digits_cnn" REPEAT=3 SEEDS=5 bench/training/run.sh
# Accuracy / R² are the mean over SEEDS seeds (default 5; the seed picks the split, initial weights and shuffles, and
# both engines see the same split per seed); ms/epoch is the median epoch (the first excluded) of the median seed,
# the best of REPEAT runs.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
fixtures="${MAAS_FIXTURES:-$repo/../shared/fixtures}/datasets"
threads="${THREADS:-1}"
repeat="${REPEAT:-1}"
seeds="${SEEDS:-5}"
out="${OUT:-$(mktemp -d)}"
/usr/bin/python3 -c "import torch" 2>/dev/null || { echo "python3-torch is missing: sudo apt-get install -y python3-torch" >&2; exit 1; }
dotnet build -c Release "$here/TrainingBench/TrainingBench.csproj" -v quiet -nologo >/dev/null
bench="$here/TrainingBench/bin/Release/net10.0/training-bench.dll"
for i in $(seq 1 "$repeat"); do
  # shellcheck disable=SC2086
  dotnet "$bench" "$fixtures" "$out/maas-$i.json" ${CASES:-} --threads "$threads" --seeds "$seeds" >&2
  /usr/bin/python3 "$here/torch_bench.py" "$out/maas-$i.json" --threads "$threads" > "$out/torch-$i.jsonl"
done
/usr/bin/python3 - "$out" "$repeat" <<'PY'
import json, statistics, sys
out, repeat = sys.argv[1], int(sys.argv[2])
rows = {}
for i in range(1, repeat + 1):
    runs = {}
    for c in json.load(open(f"{out}/maas-{i}.json")):
        metric = "r2" if c["task"] == "regression" else "accuracy"
        r = runs.setdefault(c["name"], {"metric": metric, "maas": [], "maas_ms": [], "torch": [], "torch_ms": [], "threads": c["threads"]})
        r["maas"].append(c["maas"]["metrics"]["test"][metric])
        r["maas_ms"].append(c["maas"]["medianEpochSeconds"] * 1000)
    for line in open(f"{out}/torch-{i}.jsonl"):
        t = json.loads(line)
        runs[t["name"]]["baseline"] = t.get("baseline", "PyTorch")
        runs[t["name"]]["torch"].append(t["value"])
        runs[t["name"]]["torch_ms"].append(t["medianEpochSeconds"] * 1000)
    for name, r in runs.items():
        row = rows.setdefault(name, dict(r, maas_ms=float("inf"), torch_ms=float("inf"), seeds=len(r["maas"])))
        row["maas_ms"] = min(row["maas_ms"], statistics.median(r["maas_ms"]))
        if r["torch_ms"]:
            row["torch_ms"] = min(row["torch_ms"], statistics.median(r["torch_ms"]))
print("| case | metric (test, mean of seeds) | Maas | baseline | Maas − baseline (points) | Maas ms/epoch | baseline ms/epoch | time ratio Maas/baseline | baseline | seeds | threads |")
print("|---|---|---|---|---|---|---|---|---|---|---|")
for name, r in rows.items():
    maas = statistics.mean(r["maas"])
    spread = f"{min(r['maas']):.4f}–{max(r['maas']):.4f}"
    if not r["torch"]:
        print(f"| {name} | {r['metric']} | {maas:.4f} ({spread}) | – | – | {r['maas_ms']:.0f} (whole run) | – | – | – | {r['seeds']} | {r['threads']} |")
        continue
    torch = statistics.mean(r["torch"])
    tspread = f"{min(r['torch']):.4f}–{max(r['torch']):.4f}"
    print(f"| {name} | {r['metric']} | {maas:.4f} ({spread}) | {torch:.4f} ({tspread}) | {(maas - torch) * 100:+.1f} | {r['maas_ms']:.2f} | {r['torch_ms']:.2f} | {r['maas_ms'] / r['torch_ms']:.2f} | {r.get('baseline', 'PyTorch')} | {r['seeds']} | {r['threads']} |")
print(f"\n(times: best of {repeat} run(s); raw results in {out})")
PY
