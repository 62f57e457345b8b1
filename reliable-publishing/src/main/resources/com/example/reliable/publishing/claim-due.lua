-- Claims due SENDING records: returns their ids and moves each one's due time to the lease end.
-- Redis runs a script alone, so two callers can never claim the same record at the same moment.
-- KEYS[1] sending index
-- ARGV[1] now (epoch ms), ARGV[2] lease end (epoch ms), ARGV[3] how many at most,
-- ARGV[4] key prefix of the record hashes (single-node Redis: the keys are derived here, not passed)
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[3]))
for _, id in ipairs(ids) do
  redis.call('ZADD', KEYS[1], ARGV[2], id)
  redis.call('HSET', ARGV[4] .. id, 'nextAttemptAt', ARGV[2])
end
return ids
