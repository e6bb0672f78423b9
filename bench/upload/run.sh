#!/usr/bin/env bash
# Upload throughput: `POST /api/v1/models/{name}/versions` of resnet18.onnx (46.7 MB) against a plain `cp` of the same
# file, and `cp` followed by fsync (what Maas does for durability), measured in one run on the same disk.
# Usage: bench/upload/run.sh [rounds]   (default 10). Needs curl. Prints a Markdown table for bench/RESULTS.md.
# Env:   MAAS_API_KEY  the admin key the server starts with (MAAS_ADMIN_KEY) and curl sends; default: a random one.
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=${1:-10}
model=${MAAS_FIXTURES:-../shared/fixtures}/models/resnet18.onnx
work=$(mktemp -d /tmp/maas-bench-upload.XXXXXX)
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT

key=${MAAS_API_KEY:-maas_bench_$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')}
auth=(-H "Authorization: Bearer $key")

dotnet build src/Maas.Cli -c Release -v q -nologo >/dev/null
MAAS_ADMIN_KEY="$key" dotnet src/Maas.Cli/bin/Release/net10.0/maas.dll serve --data-dir "$work/data" --http 127.0.0.1:0 --grpc none >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 300); do grep -q '^maas: ready' "$work/server.log" && break; sleep 0.1; done
url=$(sed -n 's/^maas: http listening on //p' "$work/server.log")
curl -sf "${auth[@]}" -X POST "$url/api/v1/models" -H 'Content-Type: application/json' -d '{"name":"bench"}' >/dev/null

bytes=$(stat -c %s "$model")
now() { date +%s.%N; }
mbps() { awk -v b="$bytes" -v r="$rounds" -v s="$1" 'BEGIN { printf "%.1f", b * r / s / 1e6 }'; }

# Warm the page cache so every variant reads the source from memory.
cat "$model" >/dev/null

start=$(now)
for i in $(seq 1 "$rounds"); do cp "$model" "$work/copy-$i.onnx"; done
cp_s=$(awk -v a="$start" -v b="$(now)" 'BEGIN { print b - a }')
rm -f "$work"/copy-*.onnx

start=$(now)
for i in $(seq 1 "$rounds"); do dd if="$model" of="$work/copy-$i.onnx" bs=1M conv=fsync status=none; done
sync_s=$(awk -v a="$start" -v b="$(now)" 'BEGIN { print b - a }')
rm -f "$work"/copy-*.onnx

start=$(now)
for i in $(seq 1 "$rounds"); do
  curl -sf "${auth[@]}" -X POST "$url/api/v1/models/bench/versions" -H 'Content-Type: application/octet-stream' \
    --data-binary @"$model" -o /dev/null
done
up_s=$(awk -v a="$start" -v b="$(now)" 'BEGIN { print b - a }')

cp_mb=$(mbps "$cp_s"); sync_mb=$(mbps "$sync_s"); up_mb=$(mbps "$up_s")
echo "| variant | MB/s | ratio to cp | ratio to cp+fsync |"
echo "|---|---|---|---|"
echo "| cp (page cache only) | $cp_mb | 1.00 | - |"
echo "| cp + fsync (dd conv=fsync) | $sync_mb | $(awk -v a="$sync_mb" -v b="$cp_mb" 'BEGIN{printf "%.2f", a/b}') | 1.00 |"
echo "| maas upload (stream, SHA-256, fsync, rename, ONNX validation, SQLite commit) | $up_mb | $(awk -v a="$up_mb" -v b="$cp_mb" 'BEGIN{printf "%.2f", a/b}') | $(awk -v a="$up_mb" -v b="$sync_mb" 'BEGIN{printf "%.2f", a/b}') |"
echo
echo "rounds=$rounds, file=$bytes bytes, $(nproc) cores, $(date -u +%Y-%m-%d)"
