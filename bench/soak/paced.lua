-- wrk script: POSTs one Open Inference Protocol body at a fixed rate, for the soak (bench/soak/run.sh).
--   wrk -t2 -c16 -d10s -s paced.lua http://127.0.0.1:PORT -- PATH BODYFILE RATE_PER_THREAD
-- Each wrk thread hands out send times RATE_PER_THREAD per second to its connections (delay() is called before every
-- request), so the total rate is threads x RATE_PER_THREAD while the server keeps up; a backlog of more than one
-- second is dropped rather than sent as a burst. MAAS_API_KEY, when set, is sent as "Authorization: Bearer ...".
-- done() prints: RESULT requests=... rps=... p50_us=... p99_us=... errors=... (requests and rps count 2xx answers only).
local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_nsec; } maas_timespec;
  int clock_gettime(int clock, maas_timespec *ts);
]]
local CLOCK_MONOTONIC = 1
local ts = ffi.new("maas_timespec")
local function now_ms()
  ffi.C.clock_gettime(CLOCK_MONOTONIC, ts)
  return tonumber(ts.tv_sec) * 1000 + tonumber(ts.tv_nsec) / 1e6
end

local prepared
local interval_ms
local next_at

function init(args)
  local path, file, rate = args[1], args[2], tonumber(args[3])
  assert(path and file and rate and rate > 0, "usage: -- PATH BODYFILE RATE_PER_THREAD")
  local f = assert(io.open(file, "rb"))
  local body = f:read("*a")
  f:close()
  local headers = { ["Content-Type"] = "application/json" }
  local key = os.getenv("MAAS_API_KEY")
  if key and key ~= "" then headers["Authorization"] = "Bearer " .. key end
  prepared = wrk.format("POST", path, headers, body)
  interval_ms = 1000 / rate
  next_at = now_ms()
end

-- wrk's timers count whole milliseconds and cost a turn of its event loop, so a wait under 1 ms is sent at once: the
-- schedule (next_at) stays exact, so the average rate holds while single requests go out up to 1 ms early.
function delay()
  local now = now_ms()
  next_at = math.max(next_at + interval_ms, now - 1000)
  local wait = next_at - now
  return wait >= 1 and math.floor(wait) or 0
end

function request()
  return prepared
end

function done(summary, latency, requests)
  local e = summary.errors
  local errors = e.connect + e.read + e.write + e.status + e.timeout
  io.write(string.format(
    "RESULT requests=%d duration_us=%d rps=%.1f p50_us=%d p99_us=%d max_us=%d errors=%d (connect %d, read %d, write %d, status %d, timeout %d)\n",
    summary.requests - e.status, summary.duration, (summary.requests - e.status) / (summary.duration / 1e6),
    latency:percentile(50), latency:percentile(99), latency.max, errors,
    e.connect, e.read, e.write, e.status, e.timeout))
end
