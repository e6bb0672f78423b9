#!/usr/bin/env bash
# Serving benchmarks (method: ../shared/docs/BENCHMARKS.md). Every server of a scenario is measured in this one run,
# one after the other on the same cores, with the load generator on the same machine, against the scenario's
# baseline; the output is one Markdown table per scenario for bench/RESULTS.md.
#
# Usage: bench/serving/run.sh [tiny] [resnet18] [sequence] [many]      (no argument: all four)
# Env:   DURATION=15   seconds measured per row      WARMUP=20       seconds of load before each measurement
#        WRK_THREADS=2 wrk threads                   LIMIT_SECONDS=5 seconds per batch size in the limit tool
#        MAAS_API_KEY  Maas's admin key (MAAS_ADMIN_KEY), sent as "Authorization: Bearer …"; default: a random one
#        MAAS_CONFIG   per-model batching JSON (see below)
#        MAAS_CONFIG_RESNET18  resnet18's own (default: two single-threaded instances, see below)
#        MAAS_ENV      NAME=VALUE words put in Maas's environment, e.g. 'Logging__LogLevel__Microsoft.AspNetCore=Warning'
#        SKIP_BUILD=1  use the existing Release builds               SKIP_PEERS=1 Maas (and limit) rows only
#        PEERS="hello naive fastapi node"  which peers run (default all)  REPEAT=1 measurements per row, best kept
#        MANY_CONCURRENCY="16 4"  connections for the many-models rows
#        KEEP=1        keep the work folder (bodies, server logs, raw load-generator output)
# Needs: bench/setup.sh once (wrk, Debian's FastAPI/PyTorch/onnx, onnxruntime-node).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
BENCH=$ROOT/bench
MODELS=$(cd "${MAAS_FIXTURES:-$ROOT/../shared/fixtures}/models" && pwd)
DURATION=${DURATION:-15}
# 20 s: on 2 saturated cores the JIT's tiering takes 10-15 s to finish Maas's request path (throughput sampled every
# 2 s after a start climbs for that long; the naive peer's smaller path settles sooner), and the steady state is what
# a server lives in.
WARMUP=${WARMUP:-20}
WRK_THREADS=${WRK_THREADS:-2}
LIMIT_SECONDS=${LIMIT_SECONDS:-5}
REPEAT=${REPEAT:-1}
PEERS=${PEERS:-hello naive fastapi node}
MANY_CONCURRENCY=${MANY_CONCURRENCY:-16 4}
MAAS_CONFIG=${MAAS_CONFIG:-'{"maxBatchSize":32,"maxQueueDelayMs":0,"instanceCount":1,"intraOpThreads":0}'}
# A compute-bound model on 2 cores: two executions of one ONNX Runtime thread each keep both cores busy without the
# per-operator hand-offs of one two-thread execution, which stall whenever Kestrel's threads take a core (measured:
# about 0.90x of the in-process best batch against 0.75-0.80x with one two-thread instance). docs/inference.md.
MAAS_CONFIG_RESNET18=${MAAS_CONFIG_RESNET18:-'{"maxBatchSize":32,"maxQueueDelayMs":0,"instanceCount":2,"intraOpThreads":1}'}
PY=/usr/bin/python3
MAAS_DLL=$ROOT/src/Maas.Cli/bin/Release/net10.0/maas.dll
NAIVE_DLL=$BENCH/peers/naive-aspnet/bin/Release/net10.0/naive-aspnet.dll
HELLO_DLL=$BENCH/peers/kestrel-hello/bin/Release/net10.0/kestrel-hello.dll
LIMIT_DLL=$BENCH/limit/bin/Release/net10.0/limit.dll
LOAD_DLL=$BENCH/grpc-load/bin/Release/net10.0/grpc-load.dll
scenarios=("$@")
[ ${#scenarios[@]} -gt 0 ] || scenarios=(tiny resnet18 sequence many)
for scenario in "${scenarios[@]}"; do
  case $scenario in tiny | resnet18 | sequence | many) ;; *) echo "unknown scenario '$scenario' (tiny, resnet18, sequence, many)" >&2; exit 2 ;; esac
done

WORK=$(mktemp -d /tmp/maas-bench-serving.XXXXXX)
RESULTS=$WORK/results.tsv
SERVER_PID=""
: >"$RESULTS"
cleanup() { stop_server; if [ -z "${KEEP:-}" ]; then rm -rf "$WORK"; fi; }
trap cleanup EXIT
log() { echo "[$(date +%H:%M:%S)] $*" >&2; }
# Maas answers nothing but its health probes without a key: it starts with this admin key, curl sends it, and
# oip.lua (wrk) and grpc-load read it from the environment.
export MAAS_API_KEY=${MAAS_API_KEY:-maas_bench_$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')}
auth=(-H "Authorization: Bearer $MAAS_API_KEY")

for tool in wrk curl node; do
  command -v "$tool" >/dev/null || { echo "$tool is missing: run bench/setup.sh" >&2; exit 1; }
done

# ---- build and bodies ----------------------------------------------------------------------------------------------
if [ -z "${SKIP_BUILD:-}" ]; then
  log "building bench/Bench.slnx and src/Maas.Cli (Release)"
  dotnet build "$BENCH/Bench.slnx" -c Release -v q -nologo >"$WORK/build-bench.log" 2>&1 \
    || { cat "$WORK/build-bench.log" >&2; exit 1; }
  dotnet build "$ROOT/src/Maas.Cli" -c Release -v q -nologo >"$WORK/build-maas.log" 2>&1 \
    || log "Maas does not build now (see $WORK/build-maas.log): its rows will be pending"
fi
$PY "$BENCH/serving/make_bodies.py" "$MODELS" "$WORK/bodies" >/dev/null
B=$WORK/bodies

# ---- servers --------------------------------------------------------------------------------------------------------
want() { [[ " $PEERS " == *" $1 "* ]]; }
free_port() { $PY -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# start NAME PROBE_URL COMMAND...: starts a server in the background and waits (60 s at most) until it answers HTTP.
start() {
  local name=$1 probe=$2
  shift 2
  "$@" >"$WORK/$name.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 600); do
    if curl -s -o /dev/null --max-time 1 "$probe"; then return 0; fi
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
      log "$name exited: $(tail -n 3 "$WORK/$name.log")"
      SERVER_PID=""
      return 1
    fi
    sleep 0.1
  done
  log "$name did not answer within 60 s"
  stop_server
  return 1
}

stop_server() {
  STATS_URL=""
  if [ -n "$SERVER_PID" ]; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=""
  fi
}

# maas_start [serve options…]: sets MAAS_HTTP and MAAS_GRPC (empty when gRPC is unavailable).
maas_start() {
  MAAS_HTTP="" MAAS_GRPC=""
  [ -f "$MAAS_DLL" ] || { log "maas is not built"; return 1; }
  rm -rf "$WORK/maas-data"
  # The per-key rate limit stays on (its cost is part of the measurement) but far above any rate reached here.
  local rate=()
  if maas_supports --rate-limit; then rate=(--rate-limit 10000000 --rate-burst 10000000); fi
  # shellcheck disable=SC2086 # MAAS_ENV is a list of words on purpose
  env ${MAAS_ENV:-} MAAS_ADMIN_KEY="$MAAS_API_KEY" dotnet "$MAAS_DLL" serve --data-dir "$WORK/maas-data" --http 127.0.0.1:0 --grpc 127.0.0.1:0 \
    "${rate[@]}" "$@" >"$WORK/maas.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 600); do
    grep -q '^maas: ready' "$WORK/maas.log" && break
    kill -0 "$SERVER_PID" 2>/dev/null || { log "maas exited: $(tail -n 3 "$WORK/maas.log")"; SERVER_PID=""; return 1; }
    sleep 0.1
  done
  MAAS_HTTP=$(sed -n 's/^maas: http listening on //p' "$WORK/maas.log")
  MAAS_GRPC=$(sed -n 's/^maas: grpc listening on //p' "$WORK/maas.log")
  [ -n "$MAAS_HTTP" ] || { log "maas did not report ready"; stop_server; return 1; }
}

maas_supports() { dotnet "$MAAS_DLL" serve --help 2>/dev/null | grep -q -- "$1"; }

# maas_register MODEL FILE…: creates MODEL, uploads each FILE as its next version and sets its config (MODEL_CONFIG,
# else MAAS_CONFIG).
maas_register() {
  local model=$1 config=${MODEL_CONFIG:-$MAAS_CONFIG}
  shift
  curl -sf "${auth[@]}" -X POST "$MAAS_HTTP/api/v1/models" -H 'Content-Type: application/json' \
    -d "{\"name\":\"$model\"}" -o /dev/null || { log "cannot create model $model"; return 1; }
  for file in "$@"; do
    curl -sf "${auth[@]}" -X POST "$MAAS_HTTP/api/v1/models/$model/versions" -H 'Content-Type: application/octet-stream' \
      --data-binary @"$file" -o /dev/null || { log "cannot upload $file"; return 1; }
  done
  local status
  status=$(curl -s "${auth[@]}" -o "$WORK/config.out" -w '%{http_code}' -X PUT "$MAAS_HTTP/api/v1/models/$model/config" \
    -H 'Content-Type: application/json' -d "$config" || true)
  case $status in
    2*) log "maas: $model config $config" ;;
    *) log "maas: PUT /api/v1/models/$model/config answered $status; running with the server's defaults" ;;
  esac
}

# maas_infer_status PATH BODY [HEADER_LENGTH]: the HTTP status of one inference request.
maas_infer_status() {
  local extra=(-H 'Content-Type: application/json')
  if [ -n "${3:-}" ]; then extra=(-H 'Content-Type: application/octet-stream' -H "Inference-Header-Content-Length: $3"); fi
  curl -s "${auth[@]}" "${extra[@]}" -o "$WORK/infer.out" -w '%{http_code}' -X POST "$MAAS_HTTP$1" --data-binary @"$2" || echo 000
}

# ---- measurements ---------------------------------------------------------------------------------------------------
# Results are rows of results.tsv: scenario, label, tool, concurrency, throughput, p50 µs, p99 µs, errors, note, and
# the share of the machine's CPU that other processes (other people's builds: the machine is shared) used during the
# row: all busy time in /proc/stat minus the server's and the load generator's own. Before each row the script waits
# (QUIET_WAIT=120 s at most) until the rest of the machine uses less than QUIET_PCT=30 % of it.
QUIET_PCT=${QUIET_PCT:-30}
QUIET_WAIT=${QUIET_WAIT:-120}
BACKGROUND=""
machine_cpu() { awk '/^cpu / { print $2 + $3 + $4 + $5 + $6 + $7 + $8, $2 + $3 + $4 + $7 + $8 }' /proc/stat; }
ours_cpu() { # jiffies of this script's waited children plus the running server
  local server=0
  if [ -n "$SERVER_PID" ] && [ -r "/proc/$SERVER_PID/stat" ]; then
    server=$(sed 's/.*) //' "/proc/$SERVER_PID/stat" | awk '{ print $12 + $13 }')
  fi
  echo $(($(sed 's/.*) //' /proc/$$/stat | awk '{ print $14 + $15 }') + server))
}
usage_begin() { read -r U_TOTAL U_BUSY <<<"$(machine_cpu)"; U_OURS=$(ours_cpu); }
usage_end() {
  local total busy ours
  read -r total busy <<<"$(machine_cpu)"
  ours=$(ours_cpu)
  BACKGROUND=$(awk -v t=$((total - U_TOTAL)) -v o=$((busy - U_BUSY - ours + U_OURS)) \
    'BEGIN { o = o < 0 ? 0 : o; printf "%.0f%%", (t > 0 ? 100 * o / t : 0) }')
}
wait_for_quiet() {
  local deadline=$((SECONDS + QUIET_WAIT))
  while :; do
    usage_begin; sleep 1; usage_end
    [ "${BACKGROUND%\%}" -ge "$QUIET_PCT" ] && [ $SECONDS -lt $deadline ] || break
    log "other processes use $BACKGROUND of the CPU; waiting for a quieter machine"
    sleep 4
  done
}
field() { sed -n "s/.*\b$1=\([0-9.]*\).*/\1/p" <<<"$2" | head -n 1; }

record() { # SCENARIO LABEL TOOL CONCURRENCY RESULT_LINE
  local line=$5
  if [ -z "$line" ]; then
    printf '%s\t%s\t%s\t%s\t\t\t\t\tno result (see %s)\t%s\n' "$1" "$2" "$3" "$4" "$WORK" "$BACKGROUND" >>"$RESULTS"
    log "$1 / $2: no result"
    return
  fi
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" "$(field rps "$line")" "$(field p50_us "$line")" \
    "$(field p99_us "$line")" "$(field errors "$line")" "${ROW_STATS:--}" "$BACKGROUND" >>"$RESULTS"
  ROW_STATS=""
  log "$1 / $2: $(field rps "$line") req/s, p50 $(field p50_us "$line") µs, p99 $(field p99_us "$line") µs, errors $(field errors "$line")"
}

pending() { # SCENARIO LABEL TOOL CONCURRENCY REASON
  local answer
  answer=$(head -c 160 "$WORK/infer.out" 2>/dev/null | tr -d '\n\t' || true)
  printf '%s\t%s\t%s\t%s\t\t\t\t\tpending: %s\t\n' "$@" >>"$RESULTS"
  log "$1 / $2: pending ($5)${answer:+; last answer: $answer}"
  rm -f "$WORK/infer.out"
}

slug() { tr -c 'a-zA-Z0-9\n' '-' <<<"$1-$2"; }

# wrk_run SCENARIO LABEL BASE_URL MANIFEST CONNECTIONS [cycle|random]
wrk_run() {
  local threads=$WRK_THREADS out
  [ "$5" -ge "$threads" ] || threads=$5
  out=$WORK/$(slug "$1" "$2-c$5").wrk
  wait_for_quiet
  wrk -t"$threads" -c"$5" -d"${WARMUP}s" --timeout 30s -s "$BENCH/serving/oip.lua" "$3" -- "$4" "${6:-cycle}" >"$out.warmup" 2>&1 || true
  for i in $(seq 1 "$REPEAT"); do
    [ "$i" -eq 1 ] || wait_for_quiet
    stats_snap "$out.$i.before"
    usage_begin
    wrk -t"$threads" -c"$5" -d"${DURATION}s" --timeout 30s -s "$BENCH/serving/oip.lua" "$3" -- "$4" "${6:-cycle}" >"$out.$i" 2>&1 || true
    usage_end
    stats_snap "$out.$i.after"
    stats_row "$out" "$i"
    keep_best "$out" "$i" rps
  done
  record "$1" "$2" "wrk -t$threads" "$5" "$(grep '^RESULT' "$out" || true)"
}

# keep_best OUT I KEY: after measurement I (in OUT.I), makes OUT the one with the highest KEY so far, and
# BEST_BACKGROUND its other-process CPU. Interference only ever slows a row down, so the best of REPEAT is the
# least disturbed one.
keep_best() {
  local new old
  new=$(field "$3" "$(grep -E '^(RESULT|LIMIT)' "$1.$2" || true)")
  old=$(field "$3" "$(grep -E '^(RESULT|LIMIT)' "$1" 2>/dev/null || true)")
  if [ "$2" -eq 1 ] || awk -v n="${new:-0}" -v o="${old:-0}" 'BEGIN { exit !(n > o) }'; then
    cp "$1.$2" "$1"
    BEST_BACKGROUND=$BACKGROUND
    BEST_STATS=$(cat "$1.$2.stats" 2>/dev/null || true)
  fi
  BACKGROUND=$BEST_BACKGROUND
  ROW_STATS=$BEST_STATS
}

# While STATS_URL is set (Maas rows), each measurement is bracketed by two snapshots of Maas's statistics, and the
# row notes what the batcher did in between (rows per execution, mean queue and compute time per request).
STATS_URL=""
ROW_STATS=""
stats_snap() { [ -z "$STATS_URL" ] || curl -s "${auth[@]}" -o "$1" "$STATS_URL" || true; }
stats_row() { # OUT I: summarise OUT.I.before/after into OUT.I.stats
  [ -n "$STATS_URL" ] || return 0
  $PY "$BENCH/serving/stats_delta.py" "$1.$2.before" "$1.$2.after" >"$1.$2.stats" 2>/dev/null || echo - >"$1.$2.stats"
}

# load_run SCENARIO LABEL CONCURRENCY grpc|http ARGS…: the C# load generator (warm-up included).
load_run() {
  local out
  out=$WORK/$(slug "$1" "$2-c$3").load
  for i in $(seq 1 "$REPEAT"); do
    wait_for_quiet
    stats_snap "$out.$i.before"
    usage_begin
    dotnet "$LOAD_DLL" "$4" --concurrency "$3" --duration "$DURATION" --warmup "$WARMUP" "${@:5}" >"$out.$i" 2>&1 || true
    usage_end
    stats_snap "$out.$i.after"
    stats_row "$out" "$i"
    keep_best "$out" "$i" rps
  done
  record "$1" "$2" "grpc-load $4" "$3" "$(grep '^RESULT' "$out" || true)"
}

# limit_run SCENARIO MODEL [limit options…]: adds rows "in-process batch 1" and "in-process best batch N" (rows/s).
limit_run() {
  local out line
  out=$WORK/$1-limit.out
  for i in $(seq 1 "$REPEAT"); do
    wait_for_quiet
    usage_begin
    dotnet "$LIMIT_DLL" --model "$MODELS/$2.onnx" --seconds "$LIMIT_SECONDS" "${@:3}" >"$out.$i" 2>&1 || true
    usage_end
    keep_best "$out" "$i" best_rows_per_s
  done
  line=$(grep '^LIMIT' "$out" || true)
  record "$1" "limit: ORT in-process, batch 1" "limit" "1 caller" \
    "rps=$(field batch1_rows_per_s "$line") p50_us=$(field batch1_p50_us "$line") p99_us=$(field batch1_p99_us "$line") errors=0"
  record "$1" "limit: ORT in-process, best batch ($(field best_batch "$line"))" "limit" "1 caller" \
    "rps=$(field best_rows_per_s "$line") p50_us=$(field best_p50_us "$line") p99_us=$(field best_p99_us "$line") errors=0"
  LIMIT_BEST_LABEL="limit: ORT in-process, best batch ($(field best_batch "$line"))"
}

manifest() { # FILE PATH BODY [HEADER_LENGTH]  (appends one line)
  echo "$2 $3 ${4:-}" >>"$1"
}

# table SCENARIO BASELINE_LABEL: the scenario's rows as Markdown, with each throughput divided by the baseline's
# (the baseline row at the same concurrency when there are several).
table() {
  awk -F'\t' -v s="$1" -v base="$2" '
    $1 == s { n++; label[n] = $2; tool[n] = $3; conc[n] = $4; rps[n] = $5; p50[n] = $6; p99[n] = $7; err[n] = $8; note[n] = $9
              bg[n] = $10; if ($2 == base) { if (b == "") b = $5; bc[$4] = $5 } }
    function ms(us) { return us == "" ? "-" : sprintf(us < 1000 ? "%.3f" : "%.2f", us / 1000) }
    END {
      print "| server / variant | load generator | concurrency | throughput (req/s; rows/s for limit) | p50 ms | p99 ms | errors | ratio to baseline | CPU used by other processes | Maas batcher during the row |"
      print "|---|---|---|---|---|---|---|---|---|---|"
      for (i = 1; i <= n; i++) {
        if (rps[i] == "") { printf "| %s | %s | %s | %s | - | - | - | - | %s | - |\n", label[i], tool[i], conc[i], note[i], bg[i]; continue }
        d = (conc[i] in bc) ? bc[conc[i]] : b  # the baseline at the same concurrency, when there is one
        ratio = (d > 0) ? sprintf("%.2f", rps[i] / d) : "-"
        printf "| %s%s | %s | %s | %.0f | %s | %s | %s | %s | %s | %s |\n", label[i], (label[i] == base ? " **(baseline)**" : ""),
          tool[i], conc[i], rps[i], ms(p50[i]), ms(p99[i]), err[i], ratio, bg[i], (note[i] == "" ? "-" : note[i])
      }
    }' "$RESULTS"
}

# ---- scenarios ------------------------------------------------------------------------------------------------------
scenario_tiny() {
  local s=tiny m=$MODELS/breast_cancer_mlp.onnx port url hlen
  hlen=$(cat "$B/tiny.hlen")
  manifest "$WORK/tiny.peer" /v2/models/breast_cancer_mlp/infer "$B/tiny.json"
  if [ -z "${SKIP_PEERS:-}" ]; then
    port=$(free_port); url=http://127.0.0.1:$port
    if want hello && start kestrel-hello "$url/" dotnet "$HELLO_DLL" --urls "$url"; then
      wrk_run $s "Kestrel hello-world (HTTP ceiling)" "$url" "$WORK/tiny.peer" 64; stop_server
    fi
    port=$(free_port); url=http://127.0.0.1:$port
    if want naive && start naive-aspnet "$url/" dotnet "$NAIVE_DLL" --model "$m" --urls "$url"; then
      wrk_run $s "naive ASP.NET Core, REST JSON" "$url" "$WORK/tiny.peer" 64; stop_server
    fi
    port=$(free_port); url=http://127.0.0.1:$port
    if want fastapi && start fastapi-torch "$url/" $PY "$BENCH/peers/fastapi-torch/server.py" --model "$m" --port "$port"; then
      wrk_run $s "FastAPI + uvicorn + PyTorch, REST JSON" "$url" "$WORK/tiny.peer" 64; stop_server
    fi
    port=$(free_port); url=http://127.0.0.1:$port
    if want node && start node-ort "$url/" node "$BENCH/peers/node-ort/server.js" --model "$m" --port "$port"; then
      wrk_run $s "Node.js + onnxruntime-node, REST JSON" "$url" "$WORK/tiny.peer" 64; stop_server
    fi
  fi
  limit_run $s breast_cancer_mlp
  if maas_start && maas_register breast_cancer_mlp "$m" && [ "$(maas_infer_status /v2/models/breast_cancer_mlp/infer "$B/tiny.json")" = 200 ]; then
    STATS_URL=$MAAS_HTTP/v2/models/breast_cancer_mlp/stats
    manifest "$WORK/tiny.maas" /v2/models/breast_cancer_mlp/infer "$B/tiny.json"
    manifest "$WORK/tiny.maas-bin" /v2/models/breast_cancer_mlp/infer "$B/tiny.bin" "$hlen"
    wrk_run $s "Maas, REST JSON" "$MAAS_HTTP" "$WORK/tiny.maas" 64
    wrk_run $s "Maas, REST binary extension" "$MAAS_HTTP" "$WORK/tiny.maas-bin" 64
    load_run $s "Maas, REST JSON (same generator as gRPC)" 64 http --base "$MAAS_HTTP" --manifest "$WORK/tiny.maas"
    if [ -n "$MAAS_GRPC" ]; then
      load_run $s "Maas, gRPC ModelInfer raw_input_contents" 64 grpc --target "$MAAS_GRPC" --model breast_cancer_mlp \
        --input features --datatype FP32 --shape 1,30 --raw "$B/tiny.raw"
    else
      pending $s "Maas, gRPC ModelInfer raw_input_contents" "grpc-load grpc" 64 "no gRPC listener"
    fi
  else
    pending $s "Maas, REST JSON" "wrk" 64 "Maas does not answer POST /v2/models/{name}/infer yet"
  fi
  stop_server
  echo; echo "### tiny: breast_cancer_mlp, 1 row per request"; echo; table $s "naive ASP.NET Core, REST JSON"
}

scenario_resnet18() {
  local s=resnet18 m=$MODELS/resnet18.onnx port url hlen
  hlen=$(cat "$B/resnet18.hlen")
  limit_run $s resnet18
  if [ -z "${SKIP_PEERS:-}" ]; then
    manifest "$WORK/resnet18.peer" /v2/models/resnet18/infer "$B/resnet18.json"
    port=$(free_port); url=http://127.0.0.1:$port
    if want naive && start naive-aspnet "$url/" dotnet "$NAIVE_DLL" --model "$m" --urls "$url"; then
      wrk_run $s "naive ASP.NET Core, REST JSON" "$url" "$WORK/resnet18.peer" 16; stop_server
    fi
  fi
  if maas_start && MODEL_CONFIG=$MAAS_CONFIG_RESNET18 maas_register resnet18 "$m" && [ "$(maas_infer_status /v2/models/resnet18/infer "$B/resnet18.bin" "$hlen")" = 200 ]; then
    STATS_URL=$MAAS_HTTP/v2/models/resnet18/stats
    manifest "$WORK/resnet18.maas" /v2/models/resnet18/infer "$B/resnet18.bin" "$hlen"
    wrk_run $s "Maas, REST binary extension" "$MAAS_HTTP" "$WORK/resnet18.maas" 1
    wrk_run $s "Maas, REST binary extension" "$MAAS_HTTP" "$WORK/resnet18.maas" 16
    if [ -n "$MAAS_GRPC" ]; then
      load_run $s "Maas, gRPC ModelInfer raw_input_contents" 16 grpc --target "$MAAS_GRPC" --model resnet18 \
        --input image --datatype FP32 --shape 1,3,224,224 --raw "$B/resnet18.raw"
    fi
  else
    pending $s "Maas, REST binary extension" "wrk" 16 "Maas does not answer POST /v2/models/{name}/infer yet"
  fi
  stop_server
  echo; echo "### compute-bound: resnet18, 1 image per request"; echo; table $s "$LIMIT_BEST_LABEL"
}

scenario_sequence() {
  local s=sequence m=$MODELS/text_encoder.onnx port url n
  limit_run $s text_encoder --sequence 16-64
  for n in $(seq 16 64); do
    manifest "$WORK/seq.peer" /v2/models/text_encoder/infer "$B/seq-$n.json"
  done
  if [ -z "${SKIP_PEERS:-}" ]; then
    port=$(free_port); url=http://127.0.0.1:$port
    if want naive && start naive-aspnet "$url/" dotnet "$NAIVE_DLL" --model "$m" --urls "$url"; then
      wrk_run $s "naive ASP.NET Core, REST JSON" "$url" "$WORK/seq.peer" 16 random; stop_server
    fi
  fi
  if maas_start && maas_register text_encoder "$m" && [ "$(maas_infer_status /v2/models/text_encoder/infer "$B/seq-16.json")" = 200 ]; then
    STATS_URL=$MAAS_HTTP/v2/models/text_encoder/stats
    wrk_run $s "Maas, REST JSON" "$MAAS_HTTP" "$WORK/seq.peer" 16 random
  else
    pending $s "Maas, REST JSON" "wrk" 16 "Maas does not answer POST /v2/models/{name}/infer yet"
  fi
  stop_server
  echo; echo "### sequence: text_encoder, batch 1, 16-64 tokens (uniform), 16 concurrent"; echo; table $s "$LIMIT_BEST_LABEL"
}

scenario_many() {
  local s=many v size estimate budget copies=() cold
  # 20 distinct artefacts (the doc string differs) so that no two versions share a blob or a session.
  mkdir -p "$WORK/digits"
  $PY - "$MODELS/digits_cnn.onnx" "$WORK/digits" <<'EOF'
import sys, onnx
model = onnx.load(sys.argv[1])
for i in range(1, 21):
    model.doc_string = f"digits_cnn copy {i} (many-models benchmark)"
    onnx.save(model, f"{sys.argv[2]}/digits-{i:02d}.onnx")
EOF
  for v in $(seq -w 1 20); do copies+=("$WORK/digits/digits-$v.onnx"); done
  for v in $(seq 1 20); do manifest "$WORK/many.maas" "/v2/models/digits/versions/$v/infer" "$B/digits.json"; done
  # Maas's estimate per loaded version is 2 × artefact + 8 MiB + 8 MiB per instance (MemoryEstimator); room for 5.5.
  size=$(stat -c %s "${copies[0]}")
  estimate=$((2 * size + 16 * 1024 * 1024))
  budget=$((estimate * 11 / 2))
  # The flag was planned as --memory-budget-bytes and shipped as --memory-budget; take whichever this build has.
  local flag="" budget_all=() budget_five=()
  if maas_supports --memory-budget-bytes; then flag=--memory-budget-bytes; elif maas_supports --memory-budget; then flag=--memory-budget; fi
  if [ -n "$flag" ]; then budget_all=("$flag" $((estimate * 40))); budget_five=("$flag" "$budget"); fi
  for variant in all five; do
    local label args=()
    if [ $variant = all ]; then label="Maas, budget for all 20 (no eviction)"; args=("${budget_all[@]}")
    else label="Maas, budget for 5 of 20 (LRU eviction)"; args=("${budget_five[@]}"); fi
    if [ $variant = five ] && [ ${#args[@]} -eq 0 ]; then
      pending $s "$label" wrk 16 "maas serve has no memory budget option yet"; continue
    fi
    if maas_start "${args[@]}" && maas_register digits "${copies[@]}" \
        && [ "$(maas_infer_status /v2/models/digits/versions/1/infer "$B/digits.json")" = 200 ]; then
      # Cold start: the first request to each of versions 2..20 loads it (sequential, curl's total time).
      cold=$(for v in $(seq 2 20); do
        curl -s "${auth[@]}" -o /dev/null -w '%{time_total}\n' -X POST "$MAAS_HTTP/v2/models/digits/versions/$v/infer" \
          -H 'Content-Type: application/json' --data-binary @"$B/digits.json"; done | sort -n | awk '{a[NR]=$1} END {printf "%.1f", a[int((NR+1)/2)]*1000}')
      log "many / $label: first request to a version (load), median of 19: $cold ms"
      COLD[$variant]=$cold
      STATS_URL=$MAAS_HTTP/v2/models/digits/stats
      for c in $MANY_CONCURRENCY; do
        wrk_run $s "$label" "$MAAS_HTTP" "$WORK/many.maas" "$c" cycle
      done
    else
      pending $s "$label" wrk 16 "Maas does not answer POST /v2/models/{name}/versions/{v}/infer yet"
    fi
    stop_server
  done
  echo; echo "### many models: 20 versions of digits_cnn, round-robin over the versions (budget $budget bytes for the LRU run)"; echo
  table $s "Maas, budget for all 20 (no eviction)"
  echo; echo "First request to a freshly registered version (load + warm-up + inference), median over versions 2-20: ${COLD[all]:-n/a} ms (budget for all), ${COLD[five]:-n/a} ms (budget for 5)."
}

# ---- main -----------------------------------------------------------------------------------------------------------
declare -A COLD=()
LIMIT_BEST_LABEL=""
log "work folder $WORK; ${DURATION} s per row after ${WARMUP} s warm-up; $(nproc) cores shared by server and load generator"
{
  echo "Measured $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores ($(lscpu | sed -n 's/^Model name: *//p')), $(free -g | awk '/Mem:/ {print $2}') GiB;"
  echo "server and load generator share the cores; ${DURATION} s per row after ${WARMUP} s of warm-up load; wrk $(wrk -v 2>&1 | head -n 1 | awk '{print $2}'), $WRK_THREADS threads."
  echo "Maas commit $(git -C "$ROOT" rev-parse --short HEAD)$(git -C "$ROOT" diff --quiet HEAD -- src 2>/dev/null || echo ' + uncommitted changes in src/');"
  echo "per-model config \`$MAAS_CONFIG\` (resnet18: \`$MAAS_CONFIG_RESNET18\`)${MAAS_ENV:+, environment \`$MAAS_ENV\`}."
} >"$WORK/header.md"
for scenario in "${scenarios[@]}"; do
  "scenario_$scenario" >>"$WORK/tables.md"
done
echo
cat "$WORK/header.md" "$WORK/tables.md"
