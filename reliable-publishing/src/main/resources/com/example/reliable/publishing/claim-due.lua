-- Claims due SENDING records: moves each one's due time to the lease end and returns it whole,
-- so the caller needs no second round trip: per record its id, the number of hash entries that
-- follow (fields and values), then those entries.
-- Redis runs a script alone, so two callers can never claim the same record at the same moment.
-- KEYS[1] sending index
-- ARGV[1] now (epoch ms), ARGV[2] lease end (epoch ms), ARGV[3] how many at most,
-- ARGV[4] key prefix of the record hashes (single-node Redis: the keys are derived here, not passed)
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[3]))
local claimed = {}
for _, id in ipairs(ids) do
  local key = ARGV[4] .. id
  if redis.call('EXISTS', key) == 1 then
    redis.call('ZADD', KEYS[1], ARGV[2], id)
    redis.call('HSET', key, 'nextAttemptAt', ARGV[2])
    local hash = redis.call('HGETALL', key)
    table.insert(claimed, id)
    table.insert(claimed, tostring(#hash))
    for _, entry in ipairs(hash) do
      table.insert(claimed, entry)
    end
  else
    redis.call('ZREM', KEYS[1], id) -- an index entry without its record: nothing to send
  end
end
return claimed
