-- Applies a batch of one customer's (or one tenant's customer-less) events atomically.
-- KEYS[1]: the hash-tagged base. ARGV[1]: JSON {items:[{id,ts,json,ops}], cap, histCap, horizon, now}.
-- An event id already in the `seen` set is skipped whole: applying twice changes nothing.
-- Returns one flag per item: 1 applied, 0 duplicate, -1 refused (aggregate update older than the
-- retention horizon).
local base = KEYS[1]
local req = cjson.decode(ARGV[1])
local seen = base .. ':seen'
local out = {}
local newest = nil
-- Which capped sets this call added to, so only those are trimmed.
local wrote = { event = false, attr = false, seen = false }

-- Records are assembled as text so the value's JSON (op.vj) passes through untouched:
-- cjson would turn [] into {} and round big numbers.
local function setAttr(op, item)
  local cur = redis.call('HGET', base .. ':attr', op.name)
  local tail = ',"s":' .. cjson.encode(op.source) .. ',"t":' .. string.format('%d', item.ts)
    .. ',"e":' .. cjson.encode(item.id) .. '}'
  redis.call('ZADD', base .. ':attrlog', item.ts,
    '{"n":' .. cjson.encode(op.name) .. ',"v":' .. op.vj .. tail)
  if cur then
    local c = cjson.decode(cur)
    if c.t > item.ts or (c.t == item.ts and c.e > item.id) then return end
  end
  redis.call('HSET', base .. ':attr', op.name, '{"v":' .. op.vj .. tail)
end

-- Sets the expiries an op carries (`ex`: key suffix, time, ...) once the op has created something.
local function expire(ex)
  for i = 1, #ex, 2 do redis.call('PEXPIREAT', base .. ':' .. ex[i], ex[i + 1]) end
end

-- Keeps the `head` lowest and `tail` highest scored members in [min, max]; the range stays small
-- because every insert is capped at once.
local function zkeep(op)
  local k = base .. ':' .. op.key
  local m = redis.call('ZRANGE', k, op.min, op.max, 'BYSCORE')
  local drop = #m - op.head - op.tail
  if drop > 0 then redis.call('ZREM', k, unpack(m, op.head + 1, op.head + drop)) end
  if op.ex and #m == 1 then expire(op.ex) end
end

local function hasCmd(item)
  for _, op in ipairs(item.ops) do
    if op.op == 'cmd' or op.op == 'zkeep' then return true end
  end
  return false
end

local function run(item)
  for _, op in ipairs(item.ops) do
    if op.op == 'attr' then
      setAttr(op, item)
      wrote.attr = true
    elseif op.op == 'event' then
      redis.call('ZADD', base .. ':events', item.ts, item.json)
      wrote.event = true
    elseif op.op == 'cmd' then
      local args = op.args
      args[2] = base .. ':' .. args[2]
      local r = redis.call(unpack(args))
      if op.ex and type(r) == 'number' and r > 0 then expire(op.ex) end
    elseif op.op == 'zkeep' then
      zkeep(op)
    end
  end
  if newest == nil or item.ts > newest then newest = item.ts end
end

-- Beyond the horizon the seen set no longer remembers ids, so only ops that are idempotent by
-- nature (attribute last-writer-wins, timeline insert) may run; aggregate updates are refused.
for i, item in ipairs(req.items) do
  if item.ts <= req.horizon then
    if hasCmd(item) then out[i] = -1 else run(item); out[i] = 1 end
  elseif redis.call('ZADD', seen, 'NX', item.ts, item.id) == 0 then
    out[i] = 0
  else
    wrote.seen = true
    run(item)
    out[i] = 1
  end
end

-- Bookkeeping once per call, and only what this call can have changed: every command here is paid
-- per customer and batch, which under a wide key space is per event.
if newest ~= nil then
  local meta = base .. ':meta'
  local m = redis.call('HMGET', meta, 'firstSeenAt', 'lastEventAt')
  local set = {}
  if not m[1] then set[#set + 1] = 'firstSeenAt'; set[#set + 1] = req.now end
  if newest > tonumber(m[2] or '0') then set[#set + 1] = 'lastEventAt'; set[#set + 1] = newest end
  if #set > 0 then redis.call('HSET', meta, unpack(set)) end
  if wrote.event then redis.call('ZREMRANGEBYRANK', base .. ':events', 0, -(req.cap + 1)) end
  if wrote.attr then redis.call('ZREMRANGEBYRANK', base .. ':attrlog', 0, -(req.histCap + 1)) end
  if wrote.seen then redis.call('ZREMRANGEBYSCORE', seen, '-inf', req.horizon) end
end
return out
