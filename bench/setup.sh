#!/usr/bin/env bash
# Installs what the serving and training benchmarks need and is missing: Debian's wrk, h2load, FastAPI/uvicorn/PyTorch/onnx (for the
# Python peer, run by /usr/bin/python3), and onnxruntime-node for the Node peer (npm ci --ignore-scripts: its install
# script only downloads GPU binaries; the CPU binaries ship inside the package). The .NET SDK is assumed (global.json).
# Usage: bench/setup.sh   (as root, or with sudo available)
set -euo pipefail
cd "$(dirname "$0")"
APT_PACKAGES=(wrk nghttp2-client curl python3 python3-fastapi python3-uvicorn python3-uvloop python3-httptools
  python3-torch python3-onnx python3-numpy python3-sklearn)

missing=()
for p in "${APT_PACKAGES[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
# Node.js may come from elsewhere than Debian (with its own npm): only ask apt when the commands are missing.
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
if [ ${#missing[@]} -gt 0 ]; then
  sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  echo "installing: ${missing[*]}"
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "${missing[@]}"
fi

if [ ! -d peers/node-ort/node_modules/onnxruntime-node ]; then
  (cd peers/node-ort && npm ci --ignore-scripts --no-audit --no-fund)
fi

/usr/bin/python3 -c 'import fastapi, uvicorn, torch, onnx' && echo "bench prerequisites are in place"
