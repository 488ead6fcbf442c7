-- Shared by get.lua and submit.lua: per-thread status counts, and one summary in done().
-- Loaded with dofile() from the directory of the calling script.

local threads = {}

function setup(thread)
   thread:set("tid", #threads + 1)
   table.insert(threads, thread)
end

-- Per-thread state (each wrk thread has its own Lua state).
statuses = {}

function count_status(status)
   statuses[status] = (statuses[status] or 0) + 1
end

-- Prints a human summary and one machine-readable "BENCH" line that run.sh parses.
function done(summary, latency, requests)
   local totals = {}
   for _, t in ipairs(threads) do
      local s = t:get("statuses") or {}
      for code, n in pairs(s) do
         totals[code] = (totals[code] or 0) + n
      end
   end
   local n2xx, nother, n201 = 0, 0, 0
   local codes = {}
   for code, n in pairs(totals) do
      if code >= 200 and code < 300 then n2xx = n2xx + n else nother = nother + n end
      if code == 201 then n201 = n end
      table.insert(codes, code .. ":" .. n)
   end
   table.sort(codes)
   local e = summary.errors
   local socket_errors = e.connect + e.read + e.write + e.timeout
   local secs = summary.duration / 1e6
   local rps = summary.requests / secs
   local ms = function(p) return latency:percentile(p) / 1000 end
   io.write(string.format("  requests %d in %.1fs = %.1f req/s; latency p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, max %.2f ms\n",
      summary.requests, secs, rps, ms(50), ms(95), ms(99), latency.max / 1000))
   io.write(string.format("  status %s; 2xx %d, non-2xx %d; socket errors connect %d read %d write %d timeout %d\n",
      table.concat(codes, " "), n2xx, nother, e.connect, e.read, e.write, e.timeout))
   io.write(string.format("BENCH rps=%.1f p50=%.2f p95=%.2f p99=%.2f max=%.2f requests=%d n2xx=%d n201=%d nother=%d sockerr=%d\n",
      rps, ms(50), ms(95), ms(99), latency.max / 1000, summary.requests, n2xx, n201, nother, socket_errors))
end
