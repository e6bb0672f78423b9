-- wrk script: POSTs Open Inference Protocol bodies listed in a manifest.
--   wrk -t1 -c64 -d15s -s oip.lua http://127.0.0.1:PORT -- MANIFEST [cycle|random]
-- MANIFEST lines: PATH BODYFILE [INFERENCE-HEADER-CONTENT-LENGTH]; a length > 0 sends a binary-extension body
-- (application/octet-stream + Inference-Header-Content-Length), otherwise application/json.
-- MAAS_API_KEY, when set, is sent as "Authorization: Bearer ...".
-- done() prints one machine-readable line: RESULT requests=... rps=... p50_us=... p99_us=... errors=...
-- (requests and rps count successful answers only).
local requests = {}
local order = "cycle"
local next_index = 0

function init(args)
  local key = os.getenv("MAAS_API_KEY")
  for line in io.lines(args[1]) do
    local path, file, hlen = line:match("^(%S+)%s+(%S+)%s*(%d*)")
    if path then
      local f = assert(io.open(file, "rb"))
      local body = f:read("*a")
      f:close()
      local headers = { ["Content-Type"] = "application/json" }
      if hlen ~= "" and tonumber(hlen) > 0 then
        headers["Content-Type"] = "application/octet-stream"
        headers["Inference-Header-Content-Length"] = hlen
      end
      if key and key ~= "" then headers["Authorization"] = "Bearer " .. key end
      requests[#requests + 1] = wrk.format("POST", path, headers, body)
    end
  end
  assert(#requests > 0, "empty manifest " .. args[1])
  order = args[2] or "cycle"
  math.randomseed(os.time() + #requests)
  next_index = math.random(#requests) - 1
end

function request()
  if order == "random" then
    return requests[math.random(#requests)]
  end
  next_index = next_index % #requests + 1
  return requests[next_index]
end

function done(summary, latency, requests)
  local e = summary.errors
  local errors = e.connect + e.read + e.write + e.status + e.timeout
  -- wrk counts answers with status >= 400 as requests too; the throughput here is of successful answers only
  -- (the latency percentiles still include the failed ones: wrk does not separate them).
  io.write(string.format(
    "RESULT requests=%d duration_us=%d rps=%.1f p50_us=%d p90_us=%d p99_us=%d max_us=%d errors=%d (connect %d, read %d, write %d, status %d, timeout %d)\n",
    summary.requests - e.status, summary.duration, (summary.requests - e.status) / (summary.duration / 1e6),
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, errors,
    e.connect, e.read, e.write, e.status, e.timeout))
end
