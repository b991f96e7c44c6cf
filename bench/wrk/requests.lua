-- wrk script for bench/run: prebuilt POSTs in FeatureApi's contract, the X-API-Key header on every request, answers
-- that are not 200 or that say "degraded":true counted per thread and summed in done() (one line the runner parses).
--   WRK_PATH      request path (default /api/features/extract)
--   WRK_USERS     user ids drawn from 1..N (default 100000)
--   WRK_BATCH     0 for a single extract, N for a batch of N users (default 0)
--   WRK_FEATURES  comma-separated feature names to ask for (default: the default set)
--   WRK_SHAPE     seed ({"userId":…,"currentValue":…}, the default), entities ({"entities":{"user":…},"request":{"current_value":…}})
--                 or candidates (a ranking call: {"entities":{"user":…},"request":{…},"candidates":{"entity":"item","keys":[…]}})
--   WRK_ITEMS     with WRK_SHAPE=entities, each request also names an item sku-1..N (BenchRepositories' keys); 0 (default): the user only;
--                 with WRK_SHAPE=candidates, the item space the candidates are drawn from
--   WRK_CANDIDATES  with WRK_SHAPE=candidates, distinct items per call, drawn by Zipf's law (s = 1) over sku-1..WRK_ITEMS
--   WRK_VARIANTS  different requests each thread builds and cycles through (default 64 for batches of 100 or more, else 512)
--   WRK_USER_DIST uniform (default) or zipf: users of the seed shape drawn by Zipf's law (s = 1) over 1..WRK_USERS
--   WRK_KEY       the API key
-- Zipf draws search the cumulative distribution, as the bench's own generator does (Load/Zipf.cs): building it takes
-- LuaJIT a few milliseconds per million ranks in init(), before the run; requests are prebuilt there too.
local path = os.getenv("WRK_PATH") or "/api/features/extract"
local users = tonumber(os.getenv("WRK_USERS") or "100000")
local batch = tonumber(os.getenv("WRK_BATCH") or "0")
local features = os.getenv("WRK_FEATURES")
local shape = os.getenv("WRK_SHAPE") or "seed"
local items = tonumber(os.getenv("WRK_ITEMS") or "0")
local key = os.getenv("WRK_KEY")
local candidates = tonumber(os.getenv("WRK_CANDIDATES") or "0")
local userDist = os.getenv("WRK_USER_DIST") or "uniform"
local variants = tonumber(os.getenv("WRK_VARIANTS") or "") or ((batch >= 100 or candidates >= 100) and 64 or 512)

local threads = {}
function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

local requests = {}
local cursor = 0

-- A sampler of ranks 1..n by Zipf's law with s = 1: P(k) proportional to 1/k.
local function zipf(n)
  local cdf, sum = {}, 0
  for k = 1, n do sum = sum + 1 / k; cdf[k] = sum end
  for k = 1, n do cdf[k] = cdf[k] / sum end
  return function()
    local u, lo, hi = math.random(), 1, n
    while lo < hi do
      local mid = math.floor((lo + hi) / 2)
      if cdf[mid] < u then lo = mid + 1 else hi = mid end
    end
    return lo
  end
end

local user = function() return math.random(1, users) end
local itemRank

local function ranking()
  local seen, keys = {}, {}
  while #keys < candidates do
    local rank = itemRank()
    if not seen[rank] then
      seen[rank] = true
      keys[#keys + 1] = string.format('"sku-%d"', rank)
    end
  end
  return string.format('{"entities":{"user":%d},"request":{"current_value":%.2f},"candidates":{"entity":"item","keys":[%s]}}',
    math.random(1, users), math.random(1, 50000) / 100, table.concat(keys, ","))
end

local function item()
  if shape == "candidates" then
    return ranking()
  end
  if shape == "entities" then
    local sku = items > 0 and string.format(',"item":"sku-%d"', math.random(1, items)) or ""
    return string.format('{"entities":{"user":%d%s},"request":{"current_value":%.2f}}', math.random(1, users), sku, math.random(1, 50000) / 100)
  end
  return string.format('{"userId":%d,"currentValue":%.2f}', user(), math.random(1, 50000) / 100)
end

local function body()
  local asked = ""
  if features and features ~= "" then
    asked = ',"features":["' .. features:gsub(",", '","') .. '"]'
  end
  if batch > 0 then
    local items = {}
    for i = 1, batch do items[i] = item() end
    return '{"requests":[' .. table.concat(items, ",") .. ']' .. asked .. '}'
  end
  return item():sub(1, -2) .. asked .. "}"
end

function init(args)
  math.randomseed(7 * (id or 1))
  if shape == "candidates" then itemRank = zipf(items) end
  if userDist == "zipf" then user = zipf(users) end
  degraded = 0
  failed = 0
  local headers = { ["Content-Type"] = "application/json" }
  if key then headers["X-API-Key"] = key end
  for i = 1, variants do requests[i] = wrk.format("POST", path, headers, body()) end
end

function request()
  cursor = cursor % variants + 1
  return requests[cursor]
end

function response(status, headers, body)
  if status ~= 200 then
    failed = failed + 1
  elseif body:find('"degraded":true', 1, true) then
    degraded = degraded + 1
  end
end

function done(summary, latency, requests)
  local d, f = 0, 0
  for _, thread in ipairs(threads) do
    d = d + (thread:get("degraded") or 0)
    f = f + (thread:get("failed") or 0)
  end
  local e = summary.errors
  io.write(string.format(
    "WRK_RESULT requests=%d duration_us=%d p50_us=%d p90_us=%d p99_us=%d p999_us=%d max_us=%d socket_errors=%d not_ok=%d degraded=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency:percentile(99.9), latency.max, e.connect + e.read + e.write + e.timeout, f, d))
end
