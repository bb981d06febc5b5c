-- Applies the new events of one or more key bases (customers, or a tenant's customer-less data)
-- atomically, idempotent by event id. Several bases per call only where they may share a call
-- (not on Redis Cluster).
-- KEYS: the hash-tagged bases. ARGV[1]: one MessagePack array of strings, A below, read by position
-- (see encode.ts): cap, histCap, horizon, now, then per base its item count and items: id, ts,
-- json, hasCmd (1/0), span (entries of its ops), ops. One packed argument instead of thousands:
-- Redis parses one bulk string, and the client builds one (half the worker's CPU per event).
-- An event id already in the base's `seen` set is skipped whole: applying twice changes nothing.
-- Returns one flag per item, in order over all bases: 1 applied, 0 duplicate, -1 refused
-- (aggregate update older than the retention horizon).
local A = cmsgpack.unpack(ARGV[1])
local cap, histCap = tonumber(A[1]), tonumber(A[2])
local horizonS, nowS = A[3], A[4]
local horizon = tonumber(horizonS)
local out = {}
local base, seen, newest, wrote

-- Records are assembled as text so the value's JSON (vj) passes through untouched.
local function setAttr(p, id, ts)
  local name, vj = A[p], A[p + 1]
  local cur = redis.call('HGET', base .. ':attr', name)
  local tail = ',"s":' .. cjson.encode(A[p + 2]) .. ',"t":' .. string.format('%d', ts)
    .. ',"e":' .. cjson.encode(id) .. '}'
  redis.call('ZADD', base .. ':attrlog', ts, '{"n":' .. cjson.encode(name) .. ',"v":' .. vj .. tail)
  if cur then
    local c = cjson.decode(cur)
    if c.t > ts or (c.t == ts and c.e > id) then return end
  end
  redis.call('HSET', base .. ':attr', name, '{"v":' .. vj .. tail)
end

-- Sets the expiries at A[p..] (count, then key suffix, time, ...); returns the index after them.
local function expire(p, apply)
  local n = tonumber(A[p])
  if apply then
    for i = p + 1, p + n, 2 do redis.call('PEXPIREAT', base .. ':' .. A[i], A[i + 1]) end
  end
  return p + n + 1
end

-- A raw command: arg count, command, key suffix, rest, then its expiries (set when it returned > 0).
local function cmd(p)
  local n = tonumber(A[p])
  local r = redis.call(A[p + 1], base .. ':' .. A[p + 2], unpack(A, p + 3, p + n))
  return expire(p + n + 1, type(r) == 'number' and r > 0)
end

-- Keeps the `head` lowest and `tail` highest scored members in [min, max]; the range stays small
-- because every insert is capped at once. Expiries are set when the range held one member.
local function zkeep(p)
  local k = base .. ':' .. A[p]
  local head, tail = tonumber(A[p + 3]), tonumber(A[p + 4])
  local m = redis.call('ZRANGE', k, A[p + 1], A[p + 2], 'BYSCORE')
  local drop = #m - head - tail
  if drop > 0 then redis.call('ZREM', k, unpack(m, head + 1, head + drop)) end
  return expire(p + 5, #m == 1)
end

local function run(p, stop, id, ts, tsS, json)
  while p < stop do
    local op = A[p]
    if op == 'c' then
      p = cmd(p + 1)
    elseif op == 'k' then
      p = zkeep(p + 1)
    elseif op == 'e' then
      redis.call('ZADD', base .. ':events', tsS, json)
      wrote.event = true
      p = p + 1
    elseif op == 'a' then
      setAttr(p + 1, id, ts)
      wrote.attr = true
      p = p + 4
    else
      error('unknown apply op ' .. tostring(op))
    end
  end
  if newest == nil or ts > newest then newest = ts end
end

-- Bookkeeping once per base, and only what this call can have changed: every command here is paid
-- per customer and batch, which under a wide key space is per event.
local function finish()
  if newest == nil then return end
  local meta = base .. ':meta'
  local m = redis.call('HMGET', meta, 'firstSeenAt', 'lastEventAt')
  local set = {}
  if not m[1] then set[#set + 1] = 'firstSeenAt'; set[#set + 1] = nowS end
  if newest > tonumber(m[2] or '0') then set[#set + 1] = 'lastEventAt'; set[#set + 1] = newest end
  if #set > 0 then redis.call('HSET', meta, unpack(set)) end
  if wrote.event then redis.call('ZREMRANGEBYRANK', base .. ':events', 0, -(cap + 1)) end
  if wrote.attr then redis.call('ZREMRANGEBYRANK', base .. ':attrlog', 0, -(histCap + 1)) end
  if wrote.seen then redis.call('ZREMRANGEBYSCORE', seen, '-inf', horizonS) end
end

local p = 5
for k = 1, #KEYS do
  base = KEYS[k]
  seen = base .. ':seen'
  newest = nil
  -- Which capped sets this base's items added to, so only those are trimmed.
  wrote = { event = false, attr = false, seen = false }
  local count = tonumber(A[p])
  p = p + 1
  for _ = 1, count do
    local id, tsS, json, hasCmd = A[p], A[p + 1], A[p + 2], A[p + 3] == '1'
    local ts = tonumber(tsS)
    local start = p + 5
    local stop = start + tonumber(A[p + 4])
    -- Beyond the horizon the seen set no longer remembers ids, so only ops that are idempotent by
    -- nature (attribute last-writer-wins, timeline insert) may run; aggregate updates are refused.
    if ts <= horizon then
      if hasCmd then out[#out + 1] = -1 else run(start, stop, id, ts, tsS, json); out[#out + 1] = 1 end
    elseif redis.call('ZADD', seen, 'NX', tsS, id) == 0 then
      out[#out + 1] = 0
    else
      wrote.seen = true
      run(start, stop, id, ts, tsS, json)
      out[#out + 1] = 1
    end
    p = stop
  end
  finish()
end
return out
