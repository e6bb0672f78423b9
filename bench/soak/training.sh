# shellcheck shell=bash
# Sourced by bench/soak/run.sh: keeps one training job running in the server's worker process when TRAINING=1.
# Uses URL, auth, DATASETS, WORK and log() from run.sh; sets JOB_ID, WORKER_PID, JOBS_SUBMITTED and JOB_FAILURES.
JOB_ID="" WORKER_PID="" JOBS_SUBMITTED=0 JOB_FAILURES=0

job_json() { curl -s "${auth[@]}" "$URL/api/v1/jobs/$1"; }
json_get() { /usr/bin/python3 -c 'import json, sys; v = json.load(sys.stdin); print(eval(sys.argv[1], {}, {"j": v}))' "$1"; }

if [ -n "$TRAINING" ]; then
  curl -sf "${auth[@]}" -X POST "$URL/api/v1/datasets/digits/versions" -H 'Content-Type: text/csv' \
    --data-binary @"$DATASETS/digits.csv" -o /dev/null
fi

# Submits a long job and waits until its worker process is named in the job's log.
start_job() {
  JOBS_SUBMITTED=$((JOBS_SUBMITTED + 1))
  local spec="{\"dataset\":\"digits\",\"target\":\"digit\",\"task\":\"multiclass\",\"model\":{\"kind\":\"mlp\",\"hidden\":[256,256]},\"epochs\":1000,\"batchSize\":32,\"seed\":$JOBS_SUBMITTED,\"register\":\"soak-job-$JOBS_SUBMITTED\"}"
  JOB_ID=$(curl -sf "${auth[@]}" -X POST "$URL/api/v1/jobs" -H 'Content-Type: application/json' -d "$spec" | json_get 'j["id"]')
  WORKER_PID=""
  for _ in $(seq 1 600); do
    WORKER_PID=$(curl -s "${auth[@]}" "$URL/api/v1/jobs/$JOB_ID/logs" \
      | json_get '" ".join(l["message"].split()[-1].rstrip(".") for l in j["lines"] if l["message"].startswith("Training in worker process "))')
    [ -n "$WORKER_PID" ] && break
    sleep 0.1
  done
  [ -n "$WORKER_PID" ] || { log "job $JOB_ID named no worker process: is the server running jobs in-process?"; exit 1; }
  log "training job $JOB_ID runs in worker process $WORKER_PID"
}

# Starts a job unless one is running; counts a job that ended failed.
ensure_job() {
  if [ -n "$JOB_ID" ]; then
    local state
    state=$(job_json "$JOB_ID" | json_get 'j["state"]')
    case "$state" in
      running|queued) return ;;
      failed) JOB_FAILURES=$((JOB_FAILURES + 1)); log "job $JOB_ID failed: $(job_json "$JOB_ID" | json_get 'j["error"]')" ;;
      *) log "job $JOB_ID ended $state" ;;
    esac
  fi
  start_job
}

# Cancels the running job and waits until it has ended (its worker is killed).
stop_job() {
  [ -n "$JOB_ID" ] || return 0
  curl -s "${auth[@]}" -X POST "$URL/api/v1/jobs/$JOB_ID/cancel" -o /dev/null
  for _ in $(seq 1 300); do
    case "$(job_json "$JOB_ID" | json_get 'j["state"]')" in running|queued) sleep 0.1 ;; *) break ;; esac
  done
  JOB_ID="" WORKER_PID=""
}

worker_rss_kib() {
  if [ -n "$WORKER_PID" ] && [ -r "/proc/$WORKER_PID/status" ]; then awk '/^VmRSS:/ { print $2 }' "/proc/$WORKER_PID/status"; else echo 0; fi
}

job_epoch() {
  if [ -n "$JOB_ID" ]; then job_json "$JOB_ID" | json_get '(j.get("progress") or {}).get("epoch", "")'; else echo ""; fi
}
