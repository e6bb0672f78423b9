#!/usr/bin/env bash
# A/B probe of the tiny-model REST path: two Maas builds (or a Maas build and the naive peer) measured alternately,
# so that both see the same machine minute by minute. Each measurement starts a fresh server on 127.0.0.1, registers
# breast_cancer_mlp, warms up under load (the JIT needs 10-15 s on 2 saturated cores), then runs wrk and reads the
# server's CPU time from /proc: "µs of server CPU per request" is steadier than throughput on a noisy machine.
#
# Usage: bench/serving/ab.sh BUILD...        BUILD: a maas.dll path, a git revision (built into a worktree), or "naive"
# Env:   ROUNDS=2  WARMUP=20  DURATION=10  CONNECTIONS=64  PORT=18080
# Example: bench/serving/ab.sh HEAD~3 HEAD naive
# Needs: bench/setup.sh once; the naive peer built (bench/serving/run.sh builds it, or dotnet build bench/Bench.slnx -c Release).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
MODELS=$(cd "${MAAS_FIXTURES:-$ROOT/../shared/fixtures}/models" && pwd)
ROUNDS=${ROUNDS:-2} WARMUP=${WARMUP:-20} DURATION=${DURATION:-10} CONNECTIONS=${CONNECTIONS:-64} PORT=${PORT:-18080}
URL=http://127.0.0.1:$PORT
WORK=$(mktemp -d /tmp/maas-ab.XXXXXX)
export MAAS_API_KEY=maas_abprobe_$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')
auth=(-H "Authorization: Bearer $MAAS_API_KEY")
PID=""
trap '[ -z "$PID" ] || kill "$PID" 2>/dev/null; for w in "$WORK"/wt-*; do [ -d "$w" ] && git -C "$ROOT" worktree remove --force "$w"; done; rm -rf "$WORK"' EXIT
[ $# -gt 0 ] || { sed -n '2,9p' "$0"; exit 2; }

/usr/bin/python3 "$ROOT/bench/serving/make_bodies.py" "$MODELS" "$WORK/bodies" >/dev/null
echo "/v2/models/breast_cancer_mlp/infer $WORK/bodies/tiny.json" >"$WORK/manifest"

# resolve BUILD -> "maas DLL" or "naive DLL"
declare -A TARGET=()
for build in "$@"; do
  if [ "$build" = naive ]; then
    TARGET[$build]="naive $ROOT/bench/peers/naive-aspnet/bin/Release/net10.0/naive-aspnet.dll"
  elif [ -f "$build" ]; then
    TARGET[$build]="maas $build"
  else
    tree=$WORK/wt-$(git -C "$ROOT" rev-parse --short "$build")
    git -C "$ROOT" worktree add -f -q "$tree" "$build"
    echo "building $build" >&2
    dotnet build "$tree/src/Maas.Cli" -c Release -v q -nologo >"$WORK/build.log" 2>&1 || { cat "$WORK/build.log" >&2; exit 1; }
    TARGET[$build]="maas $tree/src/Maas.Cli/bin/Release/net10.0/maas.dll"
  fi
done

alive() { kill -0 "$PID" 2>/dev/null || { echo "the server exited: $(tail -n 3 "$WORK/server.log")" >&2; PID=""; exit 1; }; }

start() { # KIND DLL
  if [ "$1" = naive ]; then
    dotnet "$2" --model "$MODELS/breast_cancer_mlp.onnx" --urls "$URL" >"$WORK/server.log" 2>&1 &
    PID=$!
    until curl -s -o /dev/null "$URL/"; do alive; sleep 0.2; done
    return
  fi
  rm -rf "$WORK/data"
  MAAS_ADMIN_KEY=$MAAS_API_KEY dotnet "$2" serve --data-dir "$WORK/data" --http "127.0.0.1:$PORT" --grpc none \
    --rate-limit 10000000 --rate-burst 10000000 >"$WORK/server.log" 2>&1 &
  PID=$!
  until grep -q '^maas: ready' "$WORK/server.log"; do alive; sleep 0.2; done
  curl -sf "${auth[@]}" -X POST "$URL/api/v1/models" -H 'Content-Type: application/json' -d '{"name":"breast_cancer_mlp"}' -o /dev/null
  curl -sf "${auth[@]}" -X POST "$URL/api/v1/models/breast_cancer_mlp/versions" -H 'Content-Type: application/octet-stream' \
    --data-binary @"$MODELS/breast_cancer_mlp.onnx" -o /dev/null
}

load() { wrk -t2 -c"$CONNECTIONS" -d"$1s" -s "$ROOT/bench/serving/oip.lua" "$URL" -- "$WORK/manifest" cycle 2>&1; }
cpu() { awk '{ print $14 + $15 }' "/proc/$PID/stat"; }
HZ=$(getconf CLK_TCK)

echo "| round | build | req/s | p50 ms | server cores | server CPU µs per request |"
echo "|---|---|---|---|---|---|"
for round in $(seq "$ROUNDS"); do
  for build in "$@"; do
    read -r kind dll <<<"${TARGET[$build]}"
    start "$kind" "$dll"
    load "$WARMUP" >/dev/null
    before=$(cpu)
    result=$(load "$DURATION" | grep '^RESULT')
    after=$(cpu)
    kill "$PID"; wait "$PID" 2>/dev/null || true; PID=""
    awk -v r="$round" -v b="$build" -v line="$result" -v t=$((after - before)) -v d="$DURATION" -v hz="$HZ" 'BEGIN {
      match(line, /requests=[0-9]+/); n = substr(line, RSTART + 9, RLENGTH - 9)
      match(line, /rps=[0-9.]+/); rps = substr(line, RSTART + 4, RLENGTH - 4)
      match(line, /p50_us=[0-9]+/); p50 = substr(line, RSTART + 7, RLENGTH - 7)
      printf "| %s | %s | %.0f | %.2f | %.2f | %.1f |\n", r, b, rps, p50 / 1000, t / hz / d, (n > 0 ? t * 1e6 / hz / n : 0) }'
  done
done
