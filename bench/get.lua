-- wrk script for plain GETs (baseline /healthz and the form page): counts statuses, prints p50/p95/p99.
-- Optional env BENCH_COOKIE is sent as the Cookie header (the portal's antiforgery cookie).
local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(dir .. "report.lua")

local cookie = os.getenv("BENCH_COOKIE")
if cookie and #cookie > 0 then
   wrk.headers["Cookie"] = cookie
end

function response(status, headers, body)
   count_status(status)
end
