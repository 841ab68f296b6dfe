-- wrk script for the baseline: GET /hello, reporting the same figures as submit_proposal.lua.
done = function(summary, latency, requests)
  io.write(string.format("RESULT requests=%d duration_us=%d errors_status=%d " ..
                         "errors_connect=%d errors_timeout=%d p50_us=%d p99_us=%d\n",
                         summary.requests, summary.duration, summary.errors.status,
                         summary.errors.connect, summary.errors.timeout,
                         latency:percentile(50), latency:percentile(99)))
end
