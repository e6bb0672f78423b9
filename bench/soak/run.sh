#!/usr/bin/env bash
# Soak (method: ../shared/docs/BENCHMARKS.md): the tiny model (breast_cancer_mlp, 1 row, REST JSON) at about 80% of
# the peak measured a moment before on the same machine, for a bounded time, sampling every SAMPLE seconds the
# throughput, the errors (wrk's, and the server's own failure counter) and the server's resident memory (VmRSS in
# /proc/PID/status). Passes when no request failed and the RSS at the end is within RSS_TOLERANCE_PCT of the RSS
# after warm-up. Prints a Markdown section for bench/RESULTS.md (also left in the work folder as soak.md).
#
# Usage: bench/soak/run.sh
# Env:   SOAK_SECONDS=600   length of the paced run (bounded to 1-7200)   WARMUP_SECONDS=60  first part of it, whose
#                                                                          last sample is the RSS baseline
#        LOAD_PCT=80        share of the measured peak to send            PEAK_SECONDS=15    length of the peak measurement
#        SAMPLE=10          seconds per sample                            CONNECTIONS=64     wrk connections while paced
#        PEAK_CONNECTIONS=64  wrk connections for the peak                WRK_THREADS=2
#        RSS_TOLERANCE_PCT=5  SKIP_BUILD=1 (use the existing Release build)  KEEP=1 (keep the work folder)
#        MAAS_ARGS="..."    extra `maas serve` options (the per-key rate limit is off: --rate-limit 0)                   APPEND_RESULTS=1 (append soak.md to bench/RESULTS.md)
#        MAAS_DLL=path      the maas.dll to run (default: the Release build, which the script makes unless SKIP_BUILD=1)
#        TRAINING=1         with a training job in its worker process (digits, MLP 256-256, 1000 epochs; a new one is
#                           submitted whenever one ends): the peak is measured ROUNDS times alternately without and
#                           with a job running, and reported as a ratio; the soak then runs with a job throughout,
#                           samples the worker's RSS too, and fails if a job fails.   ROUNDS=3
# Needs: wrk (bench/setup.sh), curl, /usr/bin/python3. The load generator shares the cores with the server.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
MODELS=$(cd "${MAAS_FIXTURES:-$ROOT/../shared/fixtures}/models" && pwd)
SOAK_SECONDS=${SOAK_SECONDS:-600}
WARMUP_SECONDS=${WARMUP_SECONDS:-60}
LOAD_PCT=${LOAD_PCT:-80}
PEAK_SECONDS=${PEAK_SECONDS:-15}
SAMPLE=${SAMPLE:-10}
CONNECTIONS=${CONNECTIONS:-64}
PEAK_CONNECTIONS=${PEAK_CONNECTIONS:-64}
WRK_THREADS=${WRK_THREADS:-2}
RSS_TOLERANCE_PCT=${RSS_TOLERANCE_PCT:-5}
MAAS_DLL=${MAAS_DLL:-$ROOT/src/Maas.Cli/bin/Release/net10.0/maas.dll}
DATASETS=$(cd "${MAAS_FIXTURES:-$ROOT/../shared/fixtures}/datasets" && pwd)
TRAINING=${TRAINING:-}
ROUNDS=${ROUNDS:-3}
MODEL=tiny
if [ "$SOAK_SECONDS" -lt 1 ] || [ "$SOAK_SECONDS" -gt 7200 ]; then
  echo "SOAK_SECONDS must be 1-7200 (the soak is bounded on purpose)" >&2
  exit 2
fi
if [ "$WARMUP_SECONDS" -ge "$SOAK_SECONDS" ]; then
  echo "WARMUP_SECONDS ($WARMUP_SECONDS) must be shorter than SOAK_SECONDS ($SOAK_SECONDS)" >&2
  exit 2
fi
for tool in wrk curl; do
  command -v "$tool" >/dev/null || { echo "$tool is missing: run bench/setup.sh" >&2; exit 1; }
done

WORK=$(mktemp -d /tmp/maas-soak.XXXXXX)
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  if [ -z "${KEEP:-}" ]; then rm -rf "$WORK"; else echo "work folder kept: $WORK" >&2; fi
}
trap cleanup EXIT
log() { echo "[$(date +%H:%M:%S)] $*" >&2; }

if [ -z "${SKIP_BUILD:-}" ] && [ "$MAAS_DLL" = "$ROOT/src/Maas.Cli/bin/Release/net10.0/maas.dll" ]; then
  log "building src/Maas.Cli (Release)"
  dotnet build "$ROOT/src/Maas.Cli" -c Release -v q -nologo >"$WORK/build.log" 2>&1 || { cat "$WORK/build.log" >&2; exit 1; }
fi
/usr/bin/python3 "$ROOT/bench/serving/make_bodies.py" "$MODELS" "$WORK/bodies" >/dev/null
BODY=$WORK/bodies/tiny.json
MANIFEST=$WORK/manifest.txt
echo "/v2/models/$MODEL/infer $BODY" >"$MANIFEST"

# A key of our own for this run: the server makes it its admin key, and wrk sends it.
MAAS_API_KEY="maas_soak_$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')"
export MAAS_API_KEY
auth=(-H "Authorization: Bearer $MAAS_API_KEY")

# ---- server ---------------------------------------------------------------------------------------------------------
# One key sends every request, so the per-key rate limit would cap the peak; it is not what the soak measures.
limit_args=()
if dotnet "$MAAS_DLL" serve --help 2>/dev/null | grep -q -- '--rate-limit'; then limit_args=(--rate-limit 0); fi
# shellcheck disable=SC2086 # MAAS_ARGS is a list of words on purpose
MAAS_ADMIN_KEY=$MAAS_API_KEY dotnet "$MAAS_DLL" serve --data-dir "$WORK/data" --http 127.0.0.1:0 --grpc none "${limit_args[@]}" ${MAAS_ARGS:-} \
  >"$WORK/maas.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 600); do
  grep -q '^maas: ready' "$WORK/maas.log" && break
  kill -0 "$SERVER_PID" 2>/dev/null || { log "maas exited: $(tail -n 5 "$WORK/maas.log")"; SERVER_PID=""; exit 1; }
  sleep 0.1
done
URL=$(sed -n 's/^maas: http listening on //p' "$WORK/maas.log")
[ -n "$URL" ] || { log "maas did not report ready"; exit 1; }
curl -sf "${auth[@]}" -X POST "$URL/api/v1/models" -H 'Content-Type: application/json' -d "{\"name\":\"$MODEL\"}" -o /dev/null
curl -sf "${auth[@]}" -X POST "$URL/api/v1/models/$MODEL/versions" -H 'Content-Type: application/octet-stream' \
  --data-binary @"$MODELS/breast_cancer_mlp.onnx" -o /dev/null
status=$(curl -s "${auth[@]}" -o "$WORK/first.out" -w '%{http_code}' -X POST "$URL/v2/models/$MODEL/infer" \
  -H 'Content-Type: application/json' --data-binary @"$BODY")
[ "$status" = 200 ] || { log "the first inference answered $status: $(head -c 300 "$WORK/first.out")"; exit 1; }
log "maas on $URL (pid $SERVER_PID), model $MODEL registered"

field() { sed -n "s/.*\b$1=\([0-9.]*\).*/\1/p" <<<"$2" | head -n 1; }
rss_kib() { awk '/^VmRSS:/ { print $2 }' "/proc/$SERVER_PID/status"; }
server_failures() {
  curl -s "${auth[@]}" "$URL/metrics" | awk '/^maas_inference_requests_total\{.*outcome="failure"/ { n += $NF } END { printf "%d", n }'
}

# ---- training job (TRAINING=1) --------------------------------------------------------------------------------------
# shellcheck source=bench/soak/training.sh
. "$ROOT/bench/soak/training.sh"

# ---- peak -----------------------------------------------------------------------------------------------------------
measure_peak() {
  local line
  line=$(wrk -t"$WRK_THREADS" -c"$PEAK_CONNECTIONS" -d"${PEAK_SECONDS}s" -s "$ROOT/bench/serving/oip.lua" "$URL" \
    -- "$MANIFEST" | grep '^RESULT' || true)
  [ "$(field errors "$line")" = 0 ] || log "a peak measurement had errors: $line"
  field rps "$line"
}
log "warming up (10 s), then measuring the peak for $PEAK_SECONDS s at $PEAK_CONNECTIONS connections"
wrk -t"$WRK_THREADS" -c"$PEAK_CONNECTIONS" -d10s -s "$ROOT/bench/serving/oip.lua" "$URL" -- "$MANIFEST" >/dev/null
if [ -z "$TRAINING" ]; then
  PEAK=$(measure_peak)
else
  # Alternating rounds, so drift of the machine (other load, thermal) falls on both sides alike.
  idle_sum=0 busy_sum=0
  for round in $(seq 1 "$ROUNDS"); do
    stop_job
    idle=$(measure_peak)
    ensure_job
    busy=$(measure_peak)
    log "round $round: $idle req/s without a job, $busy req/s with job $JOB_ID in worker $WORKER_PID"
    idle_sum=$(awk -v a="$idle_sum" -v b="${idle:-0}" 'BEGIN { print a + b }')
    busy_sum=$(awk -v a="$busy_sum" -v b="${busy:-0}" 'BEGIN { print a + b }')
  done
  PEAK=$(awk -v s="$idle_sum" -v n="$ROUNDS" 'BEGIN { printf "%.0f", s / n }')
  PEAK_BUSY=$(awk -v s="$busy_sum" -v n="$ROUNDS" 'BEGIN { printf "%.0f", s / n }')
  RATIO=$(awk -v b="$PEAK_BUSY" -v i="$PEAK" 'BEGIN { printf "%.2f", (i > 0) ? b / i : 0 }')
  log "throughput with a training job / without: $RATIO ($PEAK_BUSY / $PEAK req/s, mean of $ROUNDS rounds)"
fi
[ -n "$PEAK" ] && [ "$PEAK" != 0 ] || { log "no peak measured"; exit 1; }
TARGET=$(awk -v p="$PEAK" -v pct="$LOAD_PCT" 'BEGIN { printf "%.0f", p * pct / 100 }')
PER_THREAD=$(awk -v t="$TARGET" -v n="$WRK_THREADS" 'BEGIN { printf "%.1f", t / n }')
log "peak $PEAK req/s; soaking at $TARGET req/s ($LOAD_PCT%) for $SOAK_SECONDS s, $CONNECTIONS connections"

# ---- soak -----------------------------------------------------------------------------------------------------------
# One wrk run per sample, so errors and RSS line up in time; the reconnect between runs costs a few milliseconds.
SAMPLES=$WORK/samples.tsv
printf 'elapsed_s\treq_per_s\terrors\tp99_ms\trss_mib\tworker_rss_mib\tepoch\n' >"$SAMPLES"
failures_before=$(server_failures)
elapsed=0 total=0 errors=0 rss_warm="" rss_end=""
while [ "$elapsed" -lt "$SOAK_SECONDS" ]; do
  [ -z "$TRAINING" ] || ensure_job
  seconds=$((SOAK_SECONDS - elapsed < SAMPLE ? SOAK_SECONDS - elapsed : SAMPLE))
  line=$(wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"${seconds}s" -s "$ROOT/bench/soak/paced.lua" "$URL" \
    -- "/v2/models/$MODEL/infer" "$BODY" "$PER_THREAD" | grep '^RESULT' || true)
  elapsed=$((elapsed + seconds))
  kill -0 "$SERVER_PID" 2>/dev/null || { log "the server died at ${elapsed} s: $(tail -n 5 "$WORK/maas.log")"; exit 1; }
  rss=$(rss_kib)
  requests=$(field requests "$line"); sample_errors=$(field errors "$line")
  total=$((total + ${requests:-0})); errors=$((errors + ${sample_errors:-1}))
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$elapsed" "$(field rps "$line")" "${sample_errors:-no result}" \
    "$(awk -v us="$(field p99_us "$line")" 'BEGIN { printf "%.2f", us / 1000 }')" "$((rss / 1024))" \
    "$(($(worker_rss_kib) / 1024))" "$(job_epoch)" >>"$SAMPLES"
  if [ -z "$rss_warm" ] || [ "$elapsed" -le "$WARMUP_SECONDS" ]; then rss_warm=$rss; fi
  rss_end=$rss
  log "$elapsed s: $(field rps "$line") req/s, errors ${sample_errors:-?}, RSS $((rss / 1024)) MiB"
done
server_errors=$(($(server_failures) - failures_before))
[ -z "$TRAINING" ] || ensure_job

# ---- report ---------------------------------------------------------------------------------------------------------
drift=$(awk -v w="$rss_warm" -v e="$rss_end" 'BEGIN { printf "%+.1f", 100 * (e - w) / w }')
flat=$(awk -v d="$drift" -v tol="$RSS_TOLERANCE_PCT" 'BEGIN { print (d <= tol && d >= -tol) ? "yes" : "no" }')
verdict=$([ "$errors" -eq 0 ] && [ "$server_errors" -eq 0 ] && [ "$flat" = yes ] && [ "$JOB_FAILURES" -eq 0 ] && echo PASS || echo FAIL)
with_job=$([ -z "$TRAINING" ] || echo ", a training job in its worker process")
{
  echo "### Soak: tiny model, REST JSON, ${LOAD_PCT}% of peak for $((SOAK_SECONDS / 60)) min $((SOAK_SECONDS % 60)) s$with_job — $verdict"
  echo
  echo "Command: \`${TRAINING:+TRAINING=1 ROUNDS=$ROUNDS }SOAK_SECONDS=$SOAK_SECONDS WARMUP_SECONDS=$WARMUP_SECONDS LOAD_PCT=$LOAD_PCT bench/soak/run.sh\` on $(date -u +%Y-%m-%d), $(nproc) cores, load generator wrk ($WRK_THREADS threads) on the same machine."
  echo
  echo "| measure | value |"
  echo "|---|---|"
  if [ -z "$TRAINING" ]; then
    echo "| peak (wrk, $PEAK_CONNECTIONS connections, ${PEAK_SECONDS} s) | $PEAK req/s |"
  else
    echo "| peak without a training job (wrk, $PEAK_CONNECTIONS connections, ${PEAK_SECONDS} s, mean of $ROUNDS alternating rounds) | $PEAK req/s |"
    echo "| peak with a training job in its worker process (same rounds) | $PEAK_BUSY req/s |"
    echo "| **ratio with / without** | **$RATIO** |"
    echo "| training jobs during the soak (submitted / failed) | $JOBS_SUBMITTED / $JOB_FAILURES |"
  fi
  echo "| target ($LOAD_PCT%), $CONNECTIONS connections | $TARGET req/s |"
  echo "| achieved | $(awk -v n="$total" -v s="$SOAK_SECONDS" 'BEGIN { printf "%.0f", n / s }') req/s ($total requests) |"
  echo "| errors (wrk: socket errors and non-2xx) | $errors |"
  echo "| server-side inference failures (/metrics) | $server_errors |"
  echo "| RSS after warm-up (${WARMUP_SECONDS} s) | $((rss_warm / 1024)) MiB |"
  echo "| RSS at the end | $((rss_end / 1024)) MiB |"
  echo "| drift (limit ±${RSS_TOLERANCE_PCT}%) | ${drift}% |"
  echo
  echo "<details><summary>Samples every $SAMPLE s</summary>"
  echo
  echo "| elapsed (s) | req/s | errors | p99 (ms) | RSS (MiB) | worker RSS (MiB) | job epoch |"
  echo "|---|---|---|---|---|---|---|"
  tail -n +2 "$SAMPLES" | awk -F'\t' '{ printf "| %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6, $7 }'
  echo
  echo "</details>"
} | tee "$WORK/soak.md"
if [ -n "${APPEND_RESULTS:-}" ]; then
  { echo; cat "$WORK/soak.md"; } >>"$ROOT/bench/RESULTS.md"
  log "appended to bench/RESULTS.md"
fi
[ "$verdict" = PASS ]
