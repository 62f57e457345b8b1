-- Claims due SENDING records: moves each one's due time to the lease end and returns it whole,
-- so the caller needs no second round trip: per record its id, the number of hash entries that
-- follow (fields and values), then those entries.
-- The caller read the candidates just before; a record another caller claimed meanwhile is no
-- longer due and is skipped. Redis runs a script alone, so two callers never claim the same record.
-- KEYS[1] sending index, KEYS[2..] the candidates' record hashes
-- ARGV[1] now (epoch ms), ARGV[2] lease end (epoch ms), ARGV[3..] the candidates' ids, in KEYS order
local claimed = {}
for i = 2, #KEYS do
  local key = KEYS[i]
  local id = ARGV[i + 1]
  local due = redis.call('ZSCORE', KEYS[1], id)
  if due and tonumber(due) <= tonumber(ARGV[1]) then
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
end
return claimed
