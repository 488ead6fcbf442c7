-- wrk script: submits applications through POST /api/v1/procedures/{slug}/applications.
-- Env: BENCH_API_KEY (mdg_...), BENCH_SLUG (default bench-text250), BENCH_FIELDS (default 250, ids t001..),
--      BENCH_RUN (a nonce unique to this run, part of every Idempotency-Key),
--      BENCH_IDS (optional path prefix: each thread writes the ids of its 201 responses to <prefix>.<thread>).
local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(dir .. "report.lua")

local slug = os.getenv("BENCH_SLUG") or "bench-text250"
local fields = tonumber(os.getenv("BENCH_FIELDS") or "250")
local run = os.getenv("BENCH_RUN") or tostring(os.time())
local ids_prefix = os.getenv("BENCH_IDS")

wrk.method = "POST"
wrk.path = "/api/v1/procedures/" .. slug .. "/applications"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. (os.getenv("BENCH_API_KEY") or "")

-- 250 answers of realistic length (about 20 characters of Japanese each, ~15 KB of JSON).
local parts = {}
for i = 1, fields do
   parts[#parts + 1] = string.format('"t%03d":"東京都千代田区霞が関一丁目%d番%d号 ベンチ"', i, i % 9 + 1, i)
end
local body = '{"answers":{' .. table.concat(parts, ",") .. '}}'

-- BENCH_BODY: a file holding the whole request body instead (e.g. bench/bodies/rules300.json).
local body_file = os.getenv("BENCH_BODY")
if body_file and #body_file > 0 then
   local f = assert(io.open(body_file, "r"))
   body = f:read("*a")
   f:close()
end

local headers = {}
for k, v in pairs(wrk.headers) do headers[k] = v end

local counter = 0
local salt = ""
local ids_file = nil

function init(args)
   -- tid is set by setup() before init runs; the salt keeps keys unique even if two runs share BENCH_RUN.
   math.randomseed(os.time() * 1000 + (tid or 0))
   salt = string.format("%08x", math.random(0, 0x7fffffff))
   if ids_prefix and #ids_prefix > 0 then
      ids_file = assert(io.open(ids_prefix .. "." .. tostring(tid or 0), "w"))
   end
end

function request()
   counter = counter + 1
   local key = string.format("%s-%s-%d-%d", run, salt, tid or 0, counter)
   -- wrk.format replaces (not merges) wrk.headers when given a table, so pass all of them.
   headers["Idempotency-Key"] = key
   return wrk.format(nil, nil, headers, body)
end

function response(status, headers, body)
   count_status(status)
   if status == 201 and ids_file then
      local id = body:match('"id"%s*:%s*"([0-9a-fA-F%-]+)"')
      ids_file:write(id or "?", "\n")
      ids_file:flush()
   end
end
