-- wrk script: every request submits a new proposal to an open round.
-- The round path and token come from the environment (set by benchmarks/service_load.py).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BEAMTIME_BENCH_TOKEN")
wrk.body = os.getenv("BEAMTIME_BENCH_BODY")

done = function(summary, latency, requests)
  io.write(string.format("RESULT requests=%d duration_us=%d errors_status=%d " ..
                         "errors_connect=%d errors_timeout=%d p50_us=%d p99_us=%d\n",
                         summary.requests, summary.duration, summary.errors.status,
                         summary.errors.connect, summary.errors.timeout,
                         latency:percentile(50), latency:percentile(99)))
end
